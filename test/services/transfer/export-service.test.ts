import {describe, expect, it} from 'vitest';
import {type HbaseClient, type RowBytes, type ScanSpec} from '../../../source/services/hbase/hbase-client.js';
import {csvHeaderColumns, exportTable} from '../../../source/services/transfer/export-service.js';

const b = (text: string) => Buffer.from(text, 'utf8');

/** Just the calls an export makes, over rows in memory: each cell's versions, newest first. */
function fakeHbase(rows: Array<{row: string; cells: Record<string, Array<[string, number]>>}>) {
	const specs: ScanSpec[] = [];
	let served = 0;
	const client = {
		async openScanner(_table: string, spec: ScanSpec) {
			specs.push(spec);
			return 1;
		},
		async scannerNextBytes(_id: number, count: number): Promise<RowBytes[]> {
			const page = rows.slice(served, served + count);
			served += page.length;
			return page.map(r => ({
				row: b(r.row),
				cells: Object.entries(r.cells)
					.filter(([column]) => !specs[0]?.columns || specs[0].columns.includes(column))
					.map(([column, versions]) => ({column: b(column), value: b(versions[0]![0]), timestamp: versions[0]![1]})),
			}));
		},
		async getVersionBytes(_table: string, row: Buffer, column: Buffer, versions: number) {
			const found = rows.find(r => r.row === row.toString())!.cells[column.toString()]!;
			return found.slice(0, versions).map(([value, timestamp]) => ({value: b(value), timestamp}));
		},
		async closeScanner() {},
	};
	return {client: client as unknown as HbaseClient, specs};
}

const rows: Array<{row: string; cells: Record<string, Array<[string, number]>>}> = [
	{
		row: 'a',
		cells: {
			'info:first_name': [
				['Ava', 2],
				['Av', 1],
			],
			'contact:email': [['a@x.io', 1]],
		},
	},
	{row: 'b', cells: {'info:first_name': [['Bo, "the" one', 3]]}},
	{row: 'c', cells: {'address:city': [['Oslo', 4]]}},
	// Only the filter's column: HBase returns it (the scan reads it), the export drops it.
	{row: 'd', cells: {'contact:email': [['d@x.io', 5]]}},
];

function collect() {
	let text = '';
	return {sink: {write: async (chunk: string) => void (text += chunk)}, text: () => text};
}

describe('exportTable', () => {
	it('ndjson: every row across pages, every kept version, and progress per page', async () => {
		const {client} = fakeHbase(rows);
		const out = collect();
		const progress: number[] = [];
		const summary = await exportTable(client, 't', {format: 'ndjson', pageSize: 2, onProgress: p => progress.push(p.rows)}, out.sink);
		expect(summary).toEqual({format: 'ndjson', rows: 4, cells: 5, versions: 6});
		expect(progress).toEqual([2, 4, 4]);
		const lines = out
			.text()
			.trimEnd()
			.split('\n')
			.map(line => JSON.parse(line) as {row: string; cells: Record<string, unknown[]>});
		expect(lines.map(line => line.row)).toEqual(['a', 'b', 'c', 'd']);
		expect(lines[0]!.cells['info:first_name']).toEqual([
			{value: 'Ava', timestamp: 2},
			{value: 'Av', timestamp: 1},
		]);
	});

	it('csv: a header of the columns asked for, newest values, RFC 4180 quoting; the filter column is read but not written', async () => {
		const {client, specs} = fakeHbase(rows);
		const out = collect();
		await exportTable(client, 't', {format: 'csv', columns: 'info:first_name', where: 'contact:email~x'}, out.sink);
		expect(specs[0]).toMatchObject({columns: ['info:first_name', 'contact:email'], filterString: expect.stringContaining('SingleColumnValueFilter')});
		// Row c has none of the columns read: left out, as `scan` leaves it out.
		expect(out.text()).toBe('row,info:first_name\r\na,Ava\r\nb,"Bo, ""the"" one"\r\n');
	});

	it('csv columns: families expand to their contract columns, in contract order', () => {
		expect(csvHeaderColumns(['contact', 'info:last_name'])).toEqual(['info:last_name', 'contact:email', 'contact:phone', 'contact:cell']);
		expect(csvHeaderColumns(undefined)).toHaveLength(27);
	});
});
