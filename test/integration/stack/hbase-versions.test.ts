import {thriftHost, thriftPort} from '../../helpers/stack-env.js';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {HbaseClient} from '../../../source/services/hbase/hbase-client.js';
import {ThriftConnection} from '../../../source/services/hbase/thrift-connection.js';
import {wantedFamilies} from '../../../source/domain/table-schema.js';
import {uniqueTable} from '../../helpers/ids.js';

describe('HBase through the Thrift1 gateway (real stack)', () => {
	const connection = new ThriftConnection({host: thriftHost, port: thriftPort});
	const hbase = new HbaseClient(connection);
	const table = uniqueTable();

	beforeAll(async () => {
		await hbase.createTable(table, wantedFamilies());
	});

	afterAll(async () => {
		await hbase.disableTable(table).catch(() => {});
		await hbase.deleteTable(table).catch(() => {});
		await connection.close();
	});

	it('creates the table with three families at 3 versions, GZ-compressed', async () => {
		expect(await hbase.families(table)).toEqual([
			{name: 'address', maxVersions: 3, compression: 'GZ'},
			{name: 'contact', maxVersions: 3, compression: 'GZ'},
			{name: 'info', maxVersions: 3, compression: 'GZ'},
		]);
	});

	it('keeps exactly the 3 newest versions of a cell, with their timestamps', async () => {
		const values = ['first', 'second', 'third', 'fourth'];
		for (const [index, value] of values.entries()) {
			await hbase.mutateRows(table, [{row: 'row-1', cells: [{column: 'info:first_name', value}]}], 1_700_000_000_000 + index);
		}
		const versions = await hbase.getVersions(table, 'row-1', 'info:first_name', 10);
		expect(versions).toEqual([
			{value: 'fourth', timestamp: 1_700_000_000_003},
			{value: 'third', timestamp: 1_700_000_000_002},
			{value: 'second', timestamp: 1_700_000_000_001},
		]);
	});

	it('round-trips non-Latin text byte for byte as UTF-8', async () => {
		const names = {'info:first_name': 'مهدی', 'info:last_name': 'Јовановић', 'address:city': 'Київ'};
		await hbase.mutateRows(table, [{row: 'row-ش', cells: Object.entries(names).map(([column, value]) => ({column, value}))}]);
		const row = await hbase.getRow(table, 'row-ش');
		expect(row?.id).toBe('row-ش');
		expect(Object.fromEntries(row!.cells.map(cell => [cell.column, cell.value]))).toEqual(names);
	});

	it('round-trips a mutateRowsTs of several rows: non-Latin text, emoji, an empty value, then a delete', async () => {
		const rows = [
			{
				row: 'row-مهدی',
				cells: [
					{column: 'info:first_name', value: 'مهدی'},
					{column: 'address:city', value: 'تهران'},
				],
			},
			{
				row: 'row-Ђорђе',
				cells: [
					{column: 'info:first_name', value: 'Ђорђе'},
					{column: 'info:title', value: ''},
				],
			},
			{
				row: 'row-Київ',
				cells: [
					{column: 'address:city', value: 'Київ'},
					{column: 'address:street_name', value: 'вулиця 😀 👩‍👩‍👧'},
				],
			},
		];
		await hbase.mutateRows(table, rows, 1_700_000_100_000);
		const back = await hbase.getRows(
			table,
			rows.map(r => r.row),
		);
		const byColumn = (a: {column: string}, b: {column: string}) => a.column.localeCompare(b.column);
		expect(back.map(r => ({row: r.id, cells: r.cells.map(cell => ({column: cell.column, value: cell.value, ts: cell.timestamp})).sort(byColumn)}))).toEqual(
			rows.map(r => ({
				row: r.row,
				cells: r.cells.map(c => ({...c, ts: 1_700_000_100_000})).sort(byColumn),
			})),
		);

		await hbase.mutateRows(table, [{row: 'row-Київ', cells: [{column: 'address:street_name'}]}], 1_700_000_200_000);
		const after = await hbase.getRow(table, 'row-Київ');
		expect(after!.cells.map(cell => cell.column)).toEqual(['address:city']);
	});

	it('reconnects by itself after the socket is dropped', async () => {
		await hbase.tableNames();
		// Simulate the gateway dropping us: destroy the live socket under the wrapper.
		(connection as unknown as {live?: {connection: {destroy(): void}}}).live?.connection.destroy();
		await expect(hbase.tableNames()).resolves.toContain(table);
	});

	it('fails a call with a clear error instead of hanging when nothing listens', async () => {
		const dead = new ThriftConnection({host: '127.0.0.1', port: 1, connectTimeoutMs: 1000});
		await expect(new HbaseClient(dead).tableNames()).rejects.toThrow(/unreachable|did not accept/);
		await dead.close();
	});
});
