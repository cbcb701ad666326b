import {thriftHost, thriftPort} from '../../helpers/stack-env.js';
import {afterAll, describe, expect, it} from 'vitest';
import {HbaseClient} from '../../../source/services/hbase/hbase-client.js';
import {ThriftConnection} from '../../../source/services/hbase/thrift-connection.js';
import {uniqueName, uniqueTable} from '../../helpers/ids.js';
import {runCli} from '../../helpers/run-cli.js';

describe('userdata-tui init (real stack)', () => {
	const connection = new ThriftConnection({host: thriftHost, port: thriftPort});
	const hbase = new HbaseClient(connection);
	const tables: string[] = [];

	afterAll(async () => {
		for (const table of tables) {
			await hbase.disableTable(table).catch(() => {});
			await hbase.deleteTable(table).catch(() => {});
		}
		await connection.close();
	});

	it('creates topic, DLQ and table once; a second run changes nothing and says so', async () => {
		const topic = uniqueName('init');
		const table = uniqueTable();
		tables.push(table);
		const first = await runCli(['init', '--topic', topic, '--table', table, '--partitions', '2']);
		expect(first.code, first.io.text()).toBe(0);
		expect(first.io.stdout).toEqual([
			`topic ${topic}: created (2 partitions, replication factor 1)`,
			`topic ${topic}.dlq: created (2 partitions, replication factor 1)`,
			`table ${table}: created (families address, contact, info, VERSIONS 3, COMPRESSION GZ, 1 region)`,
		]);
		const second = await runCli(['init', '--topic', topic, '--table', table, '--json']);
		expect(second.code).toBe(0);
		const report = JSON.parse(second.io.stdout.join('\n')) as {changed: boolean; table: {created: boolean; differences: unknown[]}};
		expect(report.changed).toBe(false);
		expect(report.table).toMatchObject({created: false, differences: []});
		expect(await hbase.families(table)).toEqual([
			{name: 'address', maxVersions: 3, compression: 'GZ'},
			{name: 'contact', maxVersions: 3, compression: 'GZ'},
			{name: 'info', maxVersions: 3, compression: 'GZ'},
		]);
	});

	it('names every difference of a table with another layout, exits 1, and --fix repairs it', async () => {
		const table = uniqueTable();
		tables.push(table);
		await hbase.createTable(table, [
			{name: 'info', maxVersions: 1},
			{name: 'other', maxVersions: 3},
		]);
		const refused = await runCli(['init', '--table', table]);
		expect(refused.code).toBe(1);
		const message = refused.io.stderr.join('\n');
		expect(message).toContain('family address is missing');
		expect(message).toContain('family contact is missing');
		expect(message).toContain('family info keeps 1 version(s), wanted 3');
		expect(message).toContain('family info is compressed with NONE, wanted GZ');
		expect(message).toContain('family other is not part of the layout');
		// Nothing was changed by the refusal.
		expect(await hbase.families(table)).toEqual([
			{name: 'info', maxVersions: 1, compression: 'NONE'},
			{name: 'other', maxVersions: 3, compression: 'NONE'},
		]);

		const fixed = await runCli(['init', '--table', table, '--fix', '--drop-extra']);
		expect(fixed.code, fixed.io.text()).toBe(0);
		expect(await hbase.families(table)).toEqual([
			{name: 'address', maxVersions: 3, compression: 'GZ'},
			{name: 'contact', maxVersions: 3, compression: 'GZ'},
			{name: 'info', maxVersions: 3, compression: 'GZ'},
		]);
	});

	it('an existing topic with another replication factor than asked is named, exit 1, and left as it is', async () => {
		const topic = uniqueName('init-rf');
		const table = uniqueTable();
		tables.push(table);
		expect((await runCli(['init', '--topic', topic, '--table', table])).code).toBe(0);
		const drifted = await runCli(['init', '--topic', topic, '--table', table, '--replication-factor', '3']);
		expect(drifted.code).toBe(1);
		expect(drifted.io.stdout[0]).toBe(`topic ${topic}: exists (3 partitions, replication factor 1)`);
		expect(drifted.io.stderr.join('\n')).toMatch(new RegExp(`^error: Topic ${topic} exists with replication factor 1, not 3\\. .*--replication-factor 1`));
		const bad = await runCli(['init', '--replication-factor', '0']);
		expect(bad.code).toBe(2);
		expect(bad.io.stderr.join('\n')).toContain('--replication-factor must be a whole number');
	});

	it('rejects a bad --partitions as a usage error', async () => {
		const result = await runCli(['init', '--partitions', 'zero']);
		expect(result.code).toBe(2);
		expect(result.io.stderr.join('\n')).toContain('--partitions must be a whole number');
	});
});
