import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {dropTable, readAllRows} from '../../helpers/hbase-read.js';
import {uniqueName, uniqueTable} from '../../helpers/ids.js';
import {RandomUserStub} from '../../helpers/randomuser-stub.js';
import {tableCli} from '../../helpers/table-cli.js';

type JsonRow = {id: string; cells: Array<{column: string; value: string; timestamp: number}>; updatedAt: number};

/** The CRUD commands on rows the pipeline wrote (producer → Kafka → sink), not on rows they made. */
describe('crud commands on rows written by the pipeline', () => {
	const stub = new RandomUserStub();
	const topic = uniqueName('crud-pipeline');
	const table = uniqueTable();
	const {cli, json} = tableCli(table, topic, 'crud-pipeline');
	const files = ['v1.4/nat_IR_20_seed-natIR.json', 'v1.4/nat_UA_20_seed-natUA.json'];

	beforeAll(async () => {
		const apiUrl = await stub.start();
		stub.script(...files.map(file => ({kind: 'recorded' as const, file, contentType: 'application/json; charset=utf-8'})));
		const init = await cli('init');
		expect(init.code, init.io.text()).toBe(0);
		const produced = await cli('produce', '--api-url', apiUrl, '--count', '40', '--batch-size', '20');
		expect(produced.code, produced.io.text()).toBe(0);
		const consumed = await cli('consume', '--group', uniqueName('crud-sink'), '--max', '40');
		expect(consumed.code, consumed.io.text()).toBe(0);
	});

	afterAll(async () => {
		await stub.close();
		await dropTable(table);
	});

	it('count, scan and get see exactly what the sink wrote', async () => {
		const written = await readAllRows(table);
		expect(written.size).toBe(40);
		expect(await json<{rows: number}>('count')).toMatchObject({rows: 40});

		const page = await json<{rows: JsonRow[]; next?: string}>('scan', '--limit', '1000');
		expect(page.next).toBeUndefined();
		expect(page.rows.map(row => row.id)).toEqual([...written.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
		for (const row of page.rows) {
			expect(Object.fromEntries(row.cells.map(cell => [cell.column, cell.value]))).toEqual(written.get(row.id));
		}

		const [id, cells] = [...written][0]!;
		const got = await json<JsonRow>('get', id);
		expect(Object.fromEntries(got.cells.map(cell => [cell.column, cell.value]))).toEqual(cells);
	});

	it('filters Persian and Cyrillic values in HBase', async () => {
		const written = await readAllRows(table);
		const [persianId, persian] = [...written].find(([, cells]) => cells['info:nat'] === 'IR')!;
		const lastName = persian['info:last_name']!;
		const page = await json<{rows: JsonRow[]}>('scan', '--where', `info:last_name=${lastName}`, '--columns', 'info:last_name');
		const expected = [...written].filter(([, cells]) => cells['info:last_name'] === lastName).map(([id]) => id);
		expect(page.rows.map(row => row.id).sort()).toEqual(expected.sort());
		expect(expected).toContain(persianId);

		const ukrainians = [...written].filter(([, cells]) => cells['info:nat'] === 'UA').length;
		const byNat = await json<{rows: JsonRow[]}>('scan', '--where', 'info:nat=UA', '--limit', '1000');
		expect(byNat.rows).toHaveLength(ukrainians);
	});

	it('edits a pipeline row with the optimistic check, keeps the pipeline version in the history, restores it', async () => {
		const [id, cells] = [...(await readAllRows(table))][5]!;
		const before = await json<JsonRow>('get', id);
		const city = cells['address:city']!;

		const edited = await cli('update', id, '--set', 'address:city=Edited', '--if-unchanged-since', String(before.updatedAt));
		expect(edited.code, edited.io.text()).toBe(0);
		const history = await json<{versions: Array<{value: string; timestamp: number}>}>('history', id, 'address:city');
		expect(history.versions.map(version => version.value)).toEqual(['Edited', city]);

		const stale = await cli('update', id, '--set', 'address:city=Again', '--if-unchanged-since', String(before.updatedAt));
		expect(stale.code).toBe(1);
		expect(stale.io.stderr.join('\n')).toContain('changed by someone else');

		expect((await cli('restore', id, 'address:city', String(history.versions[1]!.timestamp))).code).toBe(0);
		expect((await readAllRows(table)).get(id)).toEqual(cells);

		expect((await cli('delete', id)).code).toBe(0);
		expect((await readAllRows(table)).has(id)).toBe(false);
		expect(await json<{rows: number}>('count')).toMatchObject({rows: 39});
	});
});
