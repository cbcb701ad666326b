import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createKafka} from '../../../source/services/kafka/kafka-client.js';
import {silentLogger} from '../../../source/services/logger.js';
import {dropTable} from '../../helpers/hbase-read.js';
import {uniqueName, uniqueTable} from '../../helpers/ids.js';
import {RandomUserStub} from '../../helpers/randomuser-stub.js';
import {runCli} from '../../helpers/run-cli.js';
import {spawnCli} from '../../helpers/spawn-cli.js';
import {kafkaBroker} from '../../helpers/stack-env.js';
import {waitFor} from '../../helpers/wait-for.js';

describe('one Ctrl-C stops `run` gracefully', () => {
	const stub = new RandomUserStub();
	const topic = uniqueName('sigint');
	const table = uniqueTable();
	const group = uniqueName('sink');

	beforeAll(async () => {
		await stub.start();
		expect((await runCli(['init', '--topic', topic, '--table', table])).code).toBe(0);
	});

	afterAll(async () => {
		await stub.close();
		await dropTable(table);
	});

	it('exits 0 with its summary and leaves the consumer group', async () => {
		const run = spawnCli(['run', '--topic', topic, '--table', table, '--group', group, '--api-url', stub.baseUrl, '--rate', '500']);
		await waitFor(() => run.stderr.some(line => /written [1-9]/.test(line)), 'rows to be written', 120_000);
		run.child.kill('SIGINT');
		expect(await run.exited, run.stderr.slice(-10).join('\n')).toBe(0);
		expect(run.stdout.join('\n')).toMatch(/^written \d+ rows, dlq 0$/m);
		const admin = createKafka({brokers: [kafkaBroker], clientId: uniqueName('check')}, silentLogger).admin();
		await admin.connect();
		const [description] = (await admin.describeGroups([group])).groups;
		await admin.disconnect();
		expect(description?.members).toEqual([]);
	});
});
