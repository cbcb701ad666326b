import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {decodeMessage} from '../../../source/domain/message.js';
import {uniqueName} from '../../helpers/ids.js';
import {RandomUserStub, stubUuid} from '../../helpers/randomuser-stub.js';
import {runCli} from '../../helpers/run-cli.js';
import {spawnCli} from '../../helpers/spawn-cli.js';
import {readTopic} from '../../helpers/topic-read.js';
import {waitFor} from '../../helpers/wait-for.js';

describe('kill -9 the producer in the middle of a bounded run', () => {
	const stub = new RandomUserStub();
	const topic = uniqueName('pkill');
	let url = '';

	beforeAll(async () => {
		url = await stub.start();
		expect((await runCli(['init', '--topic', topic, '--table', uniqueName('unused').replaceAll('-', '_')])).code).toBe(0);
	});

	afterAll(async () => {
		await stub.close();
	});

	it('everything it reported as sent is in Kafka, valid, and nothing else is', async () => {
		const pageSize = 500;
		// A slow rate so the kill lands mid-run, after a few progress reports.
		const producer = spawnCli(['produce', '--topic', topic, '--api-url', url, '--count', '20000', '--batch-size', String(pageSize), '--rate', '1500', '--seed', 'pkill']);
		await waitFor(() => producer.stderr.filter(line => line.startsWith('produce:')).length >= 3, 'three progress reports', 120_000);
		producer.child.kill('SIGKILL');
		expect(await producer.exited).toBeNull();
		const reported = Math.max(...producer.stderr.filter(l => l.startsWith('produce:')).map(l => Number(/sent (\d+)/.exec(l)?.[1] ?? 0)));
		expect(reported).toBeGreaterThan(0);

		const messages = await readTopic(topic);
		const keys = new Set(messages.map(m => decodeMessage(m.key, m.value, m.headers as never).id));
		// The reported users are the first pages of the seeded run: each must be there.
		for (let index = 0; index < reported; index++) {
			const page = Math.floor(index / pageSize) + 1;
			expect(keys.has(stubUuid('pkill', page, index % pageSize)), `user ${index} (page ${page})`).toBe(true);
		}
		// At most the page in flight beyond what was reported, no duplicates from retries.
		expect(messages.length).toBeGreaterThanOrEqual(reported);
		expect(messages.length).toBeLessThanOrEqual(reported + pageSize);
		expect(keys.size).toBe(messages.length);
		process.stderr.write(`[faults] producer killed after reporting ${reported} sent; topic holds ${messages.length}\n`);
	});
});
