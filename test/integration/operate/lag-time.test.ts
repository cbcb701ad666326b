import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {encodeMessage} from '../../../source/domain/message.js';
import {HbaseClient} from '../../../source/services/hbase/hbase-client.js';
import {ThriftConnection} from '../../../source/services/hbase/thrift-connection.js';
import {createKafka} from '../../../source/services/kafka/kafka-client.js';
import {silentLogger} from '../../../source/services/logger.js';
import {dropTable} from '../../helpers/hbase-read.js';
import {uniqueName, uniqueTable} from '../../helpers/ids.js';
import {runCli} from '../../helpers/run-cli.js';
import {kafkaBroker, thriftHost, thriftPort} from '../../helpers/stack-env.js';

/**
 * Lag in time on the real stack: a sink that cannot write (the table lacks a family, so HBase
 * refuses and the sink waits, committing nothing) is a paused sink. Its lag in records stays the
 * same, but the age of the oldest unwritten record grows with the clock, and nothing drains.
 */
describe('lag in time under a paused sink', () => {
	const topic = uniqueName('lagtime');
	const table = uniqueTable();
	const base = ['--topic', topic, '--table', table];
	const connection = new ThriftConnection({host: thriftHost, port: thriftPort});

	beforeAll(async () => {
		expect((await runCli(['init', ...base, '--partitions', '1'])).code).toBe(0);
		await dropTable(table);
		await new HbaseClient(connection).createTable(table, [{name: 'info', maxVersions: 3}]);
		const kafka = createKafka({brokers: [kafkaBroker], clientId: uniqueName('lagtime-test')}, silentLogger);
		const producer = kafka.producer();
		await producer.connect();
		await producer.send({
			topic,
			acks: -1,
			messages: Array.from({length: 5}, (_, n) =>
				encodeMessage({id: `0000000c-0000-4000-8000-${String(n).padStart(12, '0')}`, info: {first_name: 'Lag'}, contact: {email: `l${n}@example.com`}, address: {}}),
			),
		});
		await producer.disconnect();
	});

	afterAll(async () => {
		await dropTable(table);
		await connection.close();
	});

	it('consume prints the age of the oldest unwritten record growing, and no drain', async () => {
		const result = await runCli(['consume', ...base, '--group', uniqueName('sink'), '--until-idle', '11', '--json']);
		expect(result.code, result.io.text()).toBe(1);
		const lines = result.io.stderr.filter(line => line.startsWith('consume: lag 5, oldest unwritten'));
		expect(lines.length, result.io.text()).toBeGreaterThanOrEqual(2);
		const ages = lines.map(line => {
			const [, value, unit] = /oldest unwritten ([\d.]+) (ms|s)\b/u.exec(line) ?? [];
			return Number(value) * (unit === 'ms' ? 0.001 : 1);
		});
		for (let index = 1; index < ages.length; index++) expect(ages[index]).toBeGreaterThan(ages[index - 1]!);
		expect(ages.at(-1)).toBeGreaterThanOrEqual(5);
		expect(lines.at(-1)).toContain('not draining');
		expect(lines.at(-1)).toMatch(/\| {2}p0 5 \(oldest [\d.]+ s, not draining\)/u);
	}, 60_000);
});
