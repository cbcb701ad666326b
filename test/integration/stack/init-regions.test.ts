import {randomUUID} from 'node:crypto';
import {afterAll, describe, expect, it} from 'vitest';
import {portsWithOffset} from '../../../source/domain/stack-ports.js';
import {HbaseClient} from '../../../source/services/hbase/hbase-client.js';
import {ThriftConnection} from '../../../source/services/hbase/thrift-connection.js';
import {jmx} from '../../../source/services/stack/jmx.js';
import {uniqueTable} from '../../helpers/ids.js';
import {runCli} from '../../helpers/run-cli.js';
import {portOffset, thriftHost, thriftPort} from '../../helpers/stack-env.js';
import {waitFor} from '../../helpers/wait-for.js';

/** `init --regions N` on the real stack: HBase's own view of the regions, read back through Thrift and the region server's metrics. */
describe('userdata-tui init --regions (real stack)', () => {
	const connection = new ThriftConnection({host: thriftHost, port: thriftPort});
	const hbase = new HbaseClient(connection);
	const tables: string[] = [];
	const regionServerUi = portsWithOffset(portOffset).hbaseRegionServerUi;

	afterAll(async () => {
		for (const table of tables) {
			await hbase.disableTable(table).catch(() => {});
			await hbase.deleteTable(table).catch(() => {});
		}
		await connection.close();
	});

	/** Writes requests each region served so far, by its encoded name (the metrics refresh every few seconds). */
	async function writeRequests(table: string): Promise<Map<string, number>> {
		const bean = await jmx(regionServerUi, 'Hadoop:service=HBase,name=RegionServer,sub=Regions');
		const counts = new Map<string, number>();
		const pattern = new RegExp(`^Namespace_default_table_${table}_region_([0-9a-f]{32})_metric_writeRequestCount$`);
		for (const [name, value] of Object.entries(bean)) {
			const encoded = pattern.exec(name)?.[1];
			if (encoded) counts.set(encoded, Number(value));
		}
		return counts;
	}

	it('creates 4 regions at the hex prefixes 4, 8, c; writes land in every one; another count is named, exit 1', async () => {
		const table = uniqueTable('regions');
		tables.push(table);
		const init = await runCli(['init', '--table', table, '--regions', '4']);
		expect(init.code, init.io.text()).toBe(0);
		expect(init.io.stdout).toContain(`table ${table}: created (families address, contact, info, VERSIONS 3, COMPRESSION GZ, 4 regions)`);
		const regions = await hbase.regions(table);
		expect(regions.map(r => [r.startKey, r.endKey])).toEqual([
			['', '4'],
			['4', '8'],
			['8', 'c'],
			['c', ''],
		]);

		// 200 random UUID rows through the sink's write call: each region's key range gets some.
		const rows = Array.from({length: 200}, () => ({row: randomUUID(), cells: [{column: 'info:first_name', value: 'Ada'}]}));
		await hbase.mutateRows(table, rows, Date.now());
		const encodedNames = regions.map(r => /\.([0-9a-f]{32})\.$/.exec(r.name)![1]!);
		const counts = await waitFor(async () => {
			const byRegion = await writeRequests(table);
			const perRegion = encodedNames.map(name => byRegion.get(name) ?? 0);
			return perRegion.every(count => count > 0) && perRegion.reduce((a, b) => a + b, 0) >= 200 ? perRegion : undefined;
		}, 'the region server to count writes in each of the 4 regions');
		process.stderr.write(`[init-regions] writes per region: ${counts.join(', ')}\n`);

		const again = await runCli(['init', '--table', table, '--regions', '4']);
		expect(again.code, again.io.text()).toBe(0);
		expect(again.io.stdout).toContain('nothing to change');

		const drifted = await runCli(['init', '--table', table, '--regions', '2']);
		expect(drifted.code).toBe(1);
		expect(drifted.io.stdout).toContain(`table ${table}: exists (families address, contact, info, VERSIONS 3, COMPRESSION GZ, 4 regions)`);
		expect(drifted.io.stdout).not.toContain('nothing to change');
		expect(drifted.io.stderr.join('\n')).toMatch(new RegExp(`^error: Table ${table} has 4 region\\(s\\), not 2\\. init splits but never merges: ask for --regions 4`));
		// --fix does not merge either: the table is left as it is.
		expect((await runCli(['init', '--table', table, '--regions', '2', '--fix'])).code).toBe(1);
		expect(await hbase.regions(table)).toHaveLength(4);
	});

	it('a table of 1 region asked for 4 is named with the --fix hint; --fix splits it at the same boundaries', async () => {
		const table = uniqueTable('regions_fix');
		tables.push(table);
		const init = await runCli(['init', '--table', table]);
		expect(init.code, init.io.text()).toBe(0);
		// The default on a single region server: 1 region, created through Thrift.
		expect(init.io.stdout).toContain(`table ${table}: created (families address, contact, info, VERSIONS 3, COMPRESSION GZ, 1 region)`);
		const refused = await runCli(['init', '--table', table, '--regions', '4']);
		expect(refused.code).toBe(1);
		expect(refused.io.stderr.join('\n')).toContain(`Table ${table} has 1 region(s), not 4. Run \`userdata-tui init --fix --regions 4\``);
		const fixed = await runCli(['init', '--table', table, '--regions', '4', '--fix']);
		expect(fixed.code, fixed.io.text()).toBe(0);
		expect(fixed.io.stdout).toEqual(expect.arrayContaining(['fixed: split at 4', 'fixed: split at 8', 'fixed: split at c']));
		expect((await hbase.regions(table)).map(r => r.startKey)).toEqual(['', '4', '8', 'c']);
	});

	it('rejects a --regions that is not a whole number from 1 to 256 as a usage error', async () => {
		for (const bad of ['0', '257', 'four']) {
			const result = await runCli(['init', '--regions', bad]);
			expect(result.code).toBe(2);
			expect(result.io.stderr.join('\n')).toContain('--regions must be a whole number from 1 to 256');
		}
	});
});
