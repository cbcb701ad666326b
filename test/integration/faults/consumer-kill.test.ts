import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {dropTable, expectedChecksum, tableChecksum} from '../../helpers/hbase-read.js';
import {uniqueName, uniqueTable} from '../../helpers/ids.js';
import {RandomUserStub} from '../../helpers/randomuser-stub.js';
import {runCli} from '../../helpers/run-cli.js';
import {spawnCli} from '../../helpers/spawn-cli.js';
import {readTopic} from '../../helpers/topic-read.js';
import {waitFor} from '../../helpers/wait-for.js';

const users = 50_000;
const kills = 5;

describe('kill -9 the consumer again and again while it drains 50,000 users', () => {
	const stub = new RandomUserStub();
	const topic = uniqueName('crash');
	const table = uniqueTable();
	const group = uniqueName('sink');

	beforeAll(async () => {
		const url = await stub.start();
		expect((await runCli(['init', '--topic', topic, '--table', table])).code).toBe(0);
		const produced = await runCli(['produce', '--topic', topic, '--api-url', url, '--count', String(users), '--batch-size', '5000', '--seed', 'crash']);
		expect(produced.code, produced.io.text()).toBe(0);
	}, 600_000);

	afterAll(async () => {
		await stub.close();
		await dropTable(table);
	});

	it('ends with exactly the produced rows and cells in HBase: none missing, none extra', async () => {
		// A short session timeout: each kill leaves a dead member the group must time out first.
		const args = ['consume', '--topic', topic, '--table', table, '--group', group, '--batch-rows', '500', '--session-timeout', '8'];
		const killedAt: number[] = [];
		let exitedByItself = false;
		for (let round = 0; round < kills && !exitedByItself; round++) {
			const consumer = spawnCli([...args, '--until-idle', '30']);
			let exited = false;
			void consumer.exited.then(() => (exited = true));
			// Wait until it is writing (a progress line), then kill it at a random moment. The sink
			// drains thousands of rows a second, so the moment is short, and a life that finds the
			// topic drained already (it exits by itself) ends the kills.
			await waitFor(() => exited || consumer.stderr.some(line => line.startsWith('consume: written')), `consumer ${round + 1} to write`, 300_000);
			await new Promise(resolve => setTimeout(resolve, 50 + Math.floor(Math.random() * 400)));
			exitedByItself = exited;
			if (!exited) {
				consumer.child.kill('SIGKILL');
				expect(await consumer.exited).toBeNull();
			}
			const last = consumer.stderr.filter(line => line.startsWith('consume: written')).at(-1) ?? '';
			killedAt.push(Number(/written (\d+)/.exec(last)?.[1] ?? 0));
		}
		// Most lives must have died mid-stream for the test to mean anything.
		expect(killedAt.filter(written => written > 0).length).toBeGreaterThanOrEqual(3);
		const final = spawnCli([...args, '--until-idle', '15']);
		expect(await final.exited, final.stderr.join('\n')).toBe(0);

		const [actual, expected] = await Promise.all([tableChecksum(table), readTopic(topic).then(expectedChecksum)]);
		process.stderr.write(`[faults] consumer kills after ${killedAt.join(', ')} rows written in each life; final: ${JSON.stringify(actual)}\n`);
		expect(expected.rows).toBe(users);
		expect(actual).toEqual(expected);
	});
});
