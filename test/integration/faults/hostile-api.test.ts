import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {decodeMessage} from '../../../source/domain/message.js';
import {uniqueName} from '../../helpers/ids.js';
import {RandomUserStub, type StubFault} from '../../helpers/randomuser-stub.js';
import {runCli} from '../../helpers/run-cli.js';
import {readTopic} from '../../helpers/topic-read.js';

/**
 * A hostile or broken API in front of the real producer and broker: it backs off, reports,
 * never sends a malformed message, and a bounded run ends with a clear exit status.
 */
describe('produce against a hostile API (local stub, real Kafka)', () => {
	const stub = new RandomUserStub();
	let url = '';
	const topic = uniqueName('hostile');

	beforeAll(async () => {
		url = await stub.start();
		expect((await runCli(['init', '--topic', topic, '--table', uniqueName('unused').replaceAll('-', '_')])).code).toBe(0);
	});

	afterAll(async () => {
		await stub.close();
	});

	it('rides out a 429, 500, 503, a reset and truncated JSON on one page, and delivers every user', async () => {
		const faults: StubFault[] = [
			{kind: 'rate-limit', retryAfter: '0.2'},
			{kind: 'status', status: 500},
			{kind: 'status', status: 503},
			{kind: 'reset'},
			{kind: 'truncated'},
		];
		stub.script(...faults);
		// Five failures in a row on page 1: the sixth attempt (the default 5 retries) gets it.
		const result = await runCli(['produce', '--topic', topic, '--api-url', url, '--count', '3000', '--batch-size', '1000', '--seed', 'hostile']);
		expect(result.code, result.io.text()).toBe(0);
		expect(result.io.stdout[0]).toBe('fetched 3000, sent 3000, failed 0, invalid 0');
		const reasons = result.io.stderr.join('\n');
		expect(reasons).toMatch(/api: rate limited by the API, waiting 1s/);
		expect(reasons).toMatch(/500|503/);
		const messages = await readTopic(topic);
		expect(messages).toHaveLength(3000);
		for (const message of messages) expect(() => decodeMessage(message.key, message.value, message.headers as never)).not.toThrow();
	});

	it('a bounded run whose page keeps failing ends with exit 1 and the reason', async () => {
		stub.rule(request => (request.query.page === '2' ? {kind: 'html'} : undefined));
		const result = await runCli(['produce', '--topic', topic, '--api-url', url, '--count', '3000', '--batch-size', '1000', '--seed', 'broken']);
		expect(result.code).toBe(1);
		expect(result.io.stderr.join('\n')).toMatch(/page 2/);
		expect(result.io.stderr.join('\n')).toMatch(/HTML|not JSON|html/i);
		expect(result.io.stdout[0]).toMatch(/^fetched 1000, sent 1000, failed 0/);
	});
});
