import {createRequire} from 'node:module';
import {KafkaJSError} from 'kafkajs';
import {describe, expect, it} from 'vitest';
import {batchFailure} from '../../../source/services/pipeline/hbase-sink.js';

// kafkajs's own retrier and error predicates, as its consumer runner uses them.
const require = createRequire(import.meta.url);
const createRetry = require('kafkajs/src/retry/index.js') as (options: object) => <T>(fn: (bail: (e: Error) => void, count: number) => Promise<T>) => Promise<T>;
const {isKafkaJSError} = require('kafkajs/src/errors.js') as {isKafkaJSError: (e: unknown) => boolean};

describe('batchFailure: what eachBatch throws when HBase did not take a batch', () => {
	it("is kafkajs's own retriable KafkaJSError, so its runner recognises it (and does not log it again)", () => {
		const cause = new TypeError('cannot read properties of undefined');
		const error = batchFailure(cause);
		expect(error).toBeInstanceOf(KafkaJSError);
		expect(isKafkaJSError(error)).toBe(true);
		expect(error.retriable).toBe(true);
		expect(error.message).toBe('batch failed: cannot read properties of undefined');
		expect(error.cause).toBe(cause);
		// The plain Error it replaces was named so, but no instanceof check saw it.
		expect(isKafkaJSError(Object.assign(new Error('x'), {name: 'KafkaJSError', retriable: true}))).toBe(false);
	});

	it("makes kafkajs's retrier try again (the batch is fetched again), even when the cause was a TypeError", async () => {
		const retrier = createRetry({retries: 3, initialRetryTime: 1, maxRetryTime: 2});
		let attempts = 0;
		const result = await retrier(async () => {
			attempts++;
			if (attempts < 3) throw batchFailure(new TypeError('bad row'));
			return 'written';
		});
		expect(result).toBe('written');
		expect(attempts).toBe(3);
		// A TypeError escaping as itself is not retried: the consumer would stop for good.
		let typeErrorAttempts = 0;
		await expect(
			retrier(async () => {
				typeErrorAttempts++;
				throw new TypeError('bad row');
			}),
		).rejects.toThrow('bad row');
		expect(typeErrorAttempts).toBe(1);
	});
});
