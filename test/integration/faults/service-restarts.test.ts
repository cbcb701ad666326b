import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {decodeMessage} from '../../../source/domain/message.js';
import {dropTable, expectedChecksum, tableChecksum} from '../../helpers/hbase-read.js';
import {uniqueName, uniqueTable} from '../../helpers/ids.js';
import {RandomUserStub, stubUuid} from '../../helpers/randomuser-stub.js';
import {runCli} from '../../helpers/run-cli.js';
import {spawnCli} from '../../helpers/spawn-cli.js';
import {killService, stackUp, waitGone} from '../../helpers/stack-control.js';
import {readTopic} from '../../helpers/topic-read.js';
import {waitFor} from '../../helpers/wait-for.js';

/** Stops one service gracefully (a restart, not a crash) and brings it back. */
async function restart(service: 'kafka' | 'hbase'): Promise<void> {
	await waitGone(killService(service, 'SIGTERM'), service);
	await stackUp();
}

describe('restarts of Kafka and HBase while the pipeline runs', () => {
	const stub = new RandomUserStub();
	let url = '';
	const tables: string[] = [];

	beforeAll(async () => {
		url = await stub.start();
	});

	afterAll(async () => {
		await stackUp();
		await stub.close();
		for (const table of tables) await dropTable(table);
	});

	it('a Kafka restart during production: the producer recovers by itself and every user arrives', async () => {
		const topic = uniqueName('krestart-p');
		expect((await runCli(['init', '--topic', topic, '--table', uniqueName('unused').replaceAll('-', '_')])).code).toBe(0);
		const count = 12_000;
		const producer = spawnCli(['produce', '--topic', topic, '--api-url', url, '--count', String(count), '--batch-size', '500', '--rate', '1500', '--seed', 'krp']);
		await waitFor(() => producer.stderr.filter(line => line.startsWith('produce:')).length >= 2, 'production to be under way', 120_000);
		await restart('kafka');
		expect(await producer.exited, producer.stderr.join('\n')).toBe(0);
		expect(producer.stdout[0]).toBe(`fetched ${count}, sent ${count}, failed 0, invalid 0`);
		const messages = await readTopic(topic);
		const keys = new Set(messages.map(m => decodeMessage(m.key, m.value, m.headers as never).id));
		const expected = new Set(Array.from({length: count}, (_, i) => stubUuid('krp', Math.floor(i / 500) + 1, i % 500)));
		expect(keys).toEqual(expected);
		process.stderr.write(`[faults] kafka restarted during production: ${count} sent, ${messages.length} records in the topic, ${keys.size} distinct\n`);
	});

	for (const service of ['kafka', 'hbase'] as const) {
		it(`a ${service === 'kafka' ? 'Kafka broker' : 'HBase master'} restart during consumption: the sink recovers by itself, nothing lost`, async () => {
			const topic = uniqueName(`${service}restart-c`);
			const table = uniqueTable();
			tables.push(table);
			expect((await runCli(['init', '--topic', topic, '--table', table])).code).toBe(0);
			const produced = await runCli(['produce', '--topic', topic, '--api-url', url, '--count', '20000', '--batch-size', '5000', '--seed', `${service}rc`]);
			expect(produced.code, produced.io.text()).toBe(0);
			const consumer = spawnCli(['consume', '--topic', topic, '--table', table, '--group', uniqueName('sink'), '--batch-rows', '500', '--until-idle', '30']);
			await waitFor(() => consumer.stderr.some(line => line.startsWith('consume: written')), 'the sink to write', 120_000);
			await restart(service);
			expect(await consumer.exited, consumer.stderr.slice(-20).join('\n')).toBe(0);
			const [actual, expected] = await Promise.all([tableChecksum(table), readTopic(topic).then(expectedChecksum)]);
			expect(actual).toEqual(expected);
			expect(actual.rows).toBe(20_000);
			const stalls = consumer.stderr.filter(line => line.startsWith('hbase: not taking writes')).length;
			process.stderr.write(
				`[faults] ${service} restarted during consumption: ${actual.rows} rows, ${actual.cells} cells match; ${stalls} stall reports; stdout: ${consumer.stdout.join(' | ')}\n`,
			);
		});
	}
});
