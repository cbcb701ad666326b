import {createRequire} from 'node:module';
import {KafkaJSError} from 'kafkajs';
import {describe, expect, it} from 'vitest';
import kafkajs, {type Consumer} from 'kafkajs';
import {batchFailure, commitTo} from '../../../source/services/pipeline/hbase-sink.js';

// kafkajs's own retrier and error predicates, as its consumer runner uses them.
const require = createRequire(import.meta.url);
const createRetry = require('kafkajs/src/retry/index.js') as (options: object) => <T>(fn: (bail: (e: Error) => void, count: number) => Promise<T>) => Promise<T>;
const {isKafkaJSError, isRebalancing} = require('kafkajs/src/errors.js') as {isKafkaJSError: (e: unknown) => boolean; isRebalancing: (e: unknown) => boolean};

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

	it("a commit whose group coordinator died makes kafkajs's runner re-join the group (which finds the new coordinator)", async () => {
		const failing = (error: Error) => ({commitOffsets: async () => Promise.reject(error)}) as unknown as Consumer;
		const gone = Object.assign(new Error('Broker 3 not found in the cached metadata'), {name: 'KafkaJSBrokerNotFound'});
		const lost = await commitTo(failing(gone), []).catch((error: unknown) => error);
		expect(isRebalancing(batchFailure(lost))).toBe(true);
		expect(batchFailure(lost).retriable).toBe(true);
		// As kafkajs's runner hands it over: its commit retrier wraps the last failure.
		const wrapped = new kafkajs.KafkaJSNumberOfRetriesExceeded(gone, {retryCount: 5, retryTime: 3000});
		expect(isRebalancing(batchFailure(await commitTo(failing(wrapped), []).catch((error: unknown) => error)))).toBe(true);
		// Any other failure is retried as before, without a re-join.
		const refused = Object.assign(new Error('The group member needs to have a valid member id'), {name: 'KafkaJSProtocolError'});
		const other = await commitTo(failing(refused), []).catch((error: unknown) => error);
		expect(other).toBe(refused);
		expect(isRebalancing(batchFailure(other))).toBe(false);
		expect(isRebalancing(batchFailure(new Error('HBase is down')))).toBe(false);
	});

	it("a heartbeat or commit that finds the group rebalancing makes kafkajs's runner re-join at once", () => {
		// As kafkajs raises it when another sink joins the group (found by the scaling bench: without
		// the type, the first sink kept its partitions for 26 s while the second waited).
		const rebalancing = new kafkajs.KafkaJSProtocolError(
			Object.assign(new Error('The group is rebalancing, so a rejoin is needed'), {type: 'REBALANCE_IN_PROGRESS', code: 27}),
		);
		expect(isRebalancing(rebalancing)).toBe(true);
		expect(isRebalancing(batchFailure(rebalancing))).toBe(true);
		expect(batchFailure(rebalancing).retriable).toBe(true);
		// Also when kafkajs wrapped it in its retry error.
		const wrapped = new kafkajs.KafkaJSNumberOfRetriesExceeded(rebalancing, {retryCount: 5, retryTime: 3000});
		expect(isRebalancing(batchFailure(wrapped))).toBe(true);
		// An expired member re-joins under a new id (kafkajs's runner checks this type apart).
		const expired = new kafkajs.KafkaJSProtocolError(Object.assign(new Error('The coordinator is not aware of this member'), {type: 'UNKNOWN_MEMBER_ID', code: 25}));
		expect((batchFailure(expired) as unknown as {type: string}).type).toBe('UNKNOWN_MEMBER_ID');
	});
});
