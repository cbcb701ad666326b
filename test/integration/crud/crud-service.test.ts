import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it, onTestFinished} from 'vitest';
import {type RowKey} from '../../../source/domain/row-key.js';
import {AlreadyExistsError, ConflictError, NotFoundError, ValidationError} from '../../../source/domain/errors.js';
import {wantedFamilies} from '../../../source/domain/table-schema.js';
import {CrudService} from '../../../source/services/crud/crud-service.js';
import {type Row} from '../../../source/domain/row.js';
import {createInputFromJson} from '../../../source/services/crud/create-input.js';
import {HbaseClient} from '../../../source/services/hbase/hbase-client.js';
import {ThriftConnection} from '../../../source/services/hbase/thrift-connection.js';
import {sampleJson} from '../../domain/samples.js';
import {uniqueTable} from '../../helpers/ids.js';
import {happybaseImportable, python, requireIndependentCheck} from '../../helpers/independent-check.js';
import {thriftHost, thriftPort} from '../../helpers/stack-env.js';

const run = promisify(execFile);

const VALID = {'info:first_name': 'Ava', 'info:last_name': 'Lind', 'contact:email': 'ava.lind@example.com'};

function values(cells: ReadonlyArray<{column: string; value: string}>): Record<string, string> {
	return Object.fromEntries(cells.map(cell => [cell.column, cell.value]));
}

describe('CrudService against the real HBase (Thrift1)', () => {
	const connection = new ThriftConnection({host: thriftHost, port: thriftPort});
	const hbase = new HbaseClient(connection);
	const table = uniqueTable();
	const crud = new CrudService(hbase, table);

	beforeAll(async () => {
		await hbase.createTable(table, wantedFamilies());
	});

	afterAll(async () => {
		await hbase.disableTable(table).catch(() => {});
		await hbase.deleteTable(table).catch(() => {});
		await connection.close();
	});

	it('create → get → update twice → history → restore → delete cell → delete row → not found', async () => {
		const created = await crud.create({fields: {...VALID, 'address:city': 'Tromsø', 'info:title': 'Ms'}});
		expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(values(created.cells)).toEqual({...VALID, 'address:city': 'Tromsø', 'info:title': 'Ms'});

		const read = await crud.get(created.id);
		expect(read).toEqual(created);

		const first = await crud.update(created.id, {set: {'address:city': 'Oslo'}});
		const second = await crud.update(created.id, {set: {'address:city': 'Bergen'}});
		expect(first.updatedAt).toBeGreaterThan(created.updatedAt);
		expect(second.updatedAt).toBeGreaterThan(first.updatedAt);

		const history = await crud.history(created.id, 'address:city');
		expect(history.map(version => version.value)).toEqual(['Bergen', 'Oslo', 'Tromsø']);
		const stamps = history.map(version => version.timestamp);
		expect(stamps).toEqual([...stamps].sort((a, b) => b - a));
		expect(new Set(stamps).size).toBe(3);

		const withVersions = await crud.get(created.id, {versions: 3});
		expect(withVersions.cells.find(cell => cell.column === 'address:city')?.versions).toEqual(history);

		const restored = await crud.restore(created.id, 'address:city', history[2]!.timestamp);
		expect(restored).toMatchObject({value: 'Tromsø', restoredFrom: history[2]!.timestamp, changed: true});
		expect(restored.timestamp).toBeGreaterThan(history[0]!.timestamp);
		const afterRestore = await crud.history(created.id, 'address:city');
		expect(afterRestore.map(version => version.value)).toEqual(['Tromsø', 'Bergen', 'Oslo']);
		await expect(crud.restore(created.id, 'address:city', 42)).rejects.toThrow(/has no version at 42: not found/);

		const removed = await crud.deleteCells(created.id, ['info:title']);
		expect(removed.cells.map(cell => cell.column)).toEqual(['info:title']);
		expect(values((await crud.get(created.id)).cells)).not.toHaveProperty('info:title');
		await expect(crud.history(created.id, 'info:title')).rejects.toThrow(/has no cell info:title: not found/);
		await expect(crud.deleteCells(created.id, ['info:title'])).rejects.toBeInstanceOf(NotFoundError);

		const deleted = await crud.deleteRow(created.id);
		expect(deleted.cells.map(cell => cell.column)).toEqual(['info:first_name', 'info:last_name', 'contact:email', 'address:city']);
		await expect(crud.get(created.id)).rejects.toBeInstanceOf(NotFoundError);
		await expect(crud.get(created.id)).rejects.toThrow(`row ${created.id} not found in table ${table}`);
		await expect(crud.deleteRow(created.id)).rejects.toBeInstanceOf(NotFoundError);
		await expect(crud.update(created.id, {set: {'address:city': 'Oslo'}})).rejects.toBeInstanceOf(NotFoundError);
		await expect(crud.history(created.id, 'address:city')).rejects.toThrow(/not found in table/);
	});

	it('creates from a randomuser JSON under its login.uuid, and refuses to overwrite it', async () => {
		const input = createInputFromJson(sampleJson('v1.4/results_0001_seed-alpha.json'));
		const row = await crud.create(input);
		expect(row.id).toBe('213fc6a6-7f17-4bba-b2f7-22cfd225c0ca');
		expect(row.cells.length).toBe(27);
		await expect(crud.create(input)).rejects.toBeInstanceOf(AlreadyExistsError);
		expect(await crud.get(row.id)).toEqual(row); // untouched
	});

	it('of two concurrent creates of one key, exactly one wins', async () => {
		const id = `race-${Date.now()}`;
		const results = await Promise.allSettled([
			crud.create({id, fields: {...VALID, 'info:first_name': 'One'}}),
			crud.create({id, fields: {...VALID, 'info:first_name': 'Two'}}),
		]);
		expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1);
		const rejected = results.find(r => r.status === 'rejected') as PromiseRejectedResult;
		expect(rejected.reason).toBeInstanceOf(AlreadyExistsError);
		const winner = (results.find(r => r.status === 'fulfilled') as PromiseFulfilledResult<Row>).value;
		expect(values((await crud.get(id)).cells)['info:first_name']).toBe(values(winner.cells)['info:first_name']);
		expect(await crud.history(id, 'info:first_name')).toHaveLength(1);
	});

	it('scans by prefix in pages: every row exactly once, in key order', async () => {
		const inside = Array.from({length: 23}, (_, i) => `scan-a-${String(i).padStart(2, '0')}`);
		const around = ['scan-', 'scan-`', 'scan-b-00', 'scan-a', 'scan-ж-1'];
		for (const id of [...inside, ...around]) await crud.create({id, fields: VALID});

		const seen: string[] = [];
		let start: RowKey | undefined;
		let pages = 0;
		do {
			const page = await crud.scan({prefix: 'scan-a-', start, limit: 5});
			seen.push(...page.rows.map(row => row.id));
			start = page.next;
			pages++;
		} while (start !== undefined && pages < 20);
		expect(pages).toBe(5);
		expect(seen).toEqual(inside);

		const cyrillic = await crud.scan({prefix: 'scan-ж'});
		expect(cyrillic.rows.map(row => row.id)).toEqual(['scan-ж-1']);
		expect(await crud.count({prefix: 'scan-a-'})).toBe(23);
		expect(await crud.count({prefix: 'scan-'})).toBe(28);
	});

	it('narrows a scan to some columns and filters on a value in HBase', async () => {
		await crud.create({id: 'where-1', fields: {...VALID, 'contact:email': "o'brien@Example.org", 'address:city': 'Київ'}});
		await crud.create({id: 'where-2', fields: {...VALID, 'contact:email': 'someone@elsewhere.net', 'address:city': 'Oslo'}});
		await crud.create({id: 'where-3', fields: {...VALID, 'contact:email': 'third@example.org'}});

		const contains = await crud.scan({prefix: 'where-', where: "contact:email~O'BRIEN"});
		expect(contains.rows.map(row => row.id)).toEqual(['where-1']);

		const narrowed = await crud.scan({prefix: 'where-', columns: 'address:city', where: 'contact:email~example.org'});
		// where-3 matches but has no city: like HBase for a narrowed scan, no row without a cell asked for.
		expect(narrowed.rows).toEqual([{id: 'where-1', cells: [expect.objectContaining({column: 'address:city', value: 'Київ'})], updatedAt: expect.any(Number)}]);

		const equals = await crud.scan({prefix: 'where-', columns: ['info'], where: 'address:city=Київ'});
		expect(equals.rows.map(row => row.id)).toEqual(['where-1']);
		expect(equals.rows[0]!.cells.every(cell => cell.column.startsWith('info:'))).toBe(true);
	});

	it('of two updates with the same ifUnchangedSince, one wins and the other gets ConflictError', async () => {
		// Two editors, two connections: the gateway serves each on its own thread, truly at once.
		const other = new ThriftConnection({host: thriftHost, port: thriftPort});
		const editorB = new CrudService(new HbaseClient(other), table);
		onTestFinished(() => other.close());
		for (let round = 0; round < 5; round++) {
			const row = await crud.create({fields: {...VALID, 'address:city': 'Start'}});
			const results = await Promise.allSettled([
				crud.update(row.id, {set: {'address:city': `Editor A ${round}`}}, {ifUnchangedSince: row.updatedAt}),
				editorB.update(row.id, {set: {'address:city': `Editor B ${round}`}}, {ifUnchangedSince: row.updatedAt}),
			]);
			const won = results.filter((r): r is PromiseFulfilledResult<Row> => r.status === 'fulfilled');
			const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
			expect(won).toHaveLength(1);
			expect(lost).toHaveLength(1);
			expect(lost[0]!.reason).toBeInstanceOf(ConflictError);
			const city = values((await crud.get(row.id)).cells)['address:city'];
			expect(city).toBe(values(won[0]!.value.cells)['address:city']);
			expect((await crud.history(row.id, 'address:city')).map(v => v.value)).toEqual([city, 'Start']);
		}
	});

	it('refuses an update based on a stale read, and accepts one based on the current one', async () => {
		const row = await crud.create({fields: VALID});
		const changed = await crud.update(row.id, {set: {'info:title': 'Dr'}});
		await expect(crud.update(row.id, {unset: ['info:title']}, {ifUnchangedSince: row.updatedAt})).rejects.toThrow(
			/was changed by someone else: info:title changed after/,
		);
		const cleared = await crud.update(row.id, {set: {'info:age': '40'}, unset: ['info:title']}, {ifUnchangedSince: changed.updatedAt});
		expect(values(cleared.cells)).toEqual({...VALID, 'info:age': '40'});
	});

	it('writes nothing when validation fails', async () => {
		const row = await crud.create({fields: VALID});
		const before = await crud.get(row.id, {versions: 3});
		const rowsBefore = await crud.count();
		const attempts: Array<() => Promise<unknown>> = [
			() => crud.create({fields: {...VALID, 'foo:bar': 'x'}}),
			() => crud.create({fields: {...VALID, 'info:nick': 'x'}}),
			() => crud.create({fields: {...VALID, 'address:city': ''}}),
			() => crud.create({fields: {...VALID, 'address:city': 'x'.repeat(4097)}}),
			() => crud.create({fields: VALID, id: 'bad\u001bkey'}),
			() => crud.update(row.id, {set: {'address:city': 'Oslo', 'info:nick': 'x'}}),
			() => crud.update(row.id, {set: {'address:city': 'Oslo', 'contact:email': 'not-an-email'}}),
			() => crud.update(row.id, {set: {'address:city': 'Oslo'}, unset: ['info:first_name']}),
			() => crud.deleteCells(row.id, ['info:gender', 'info:nick']),
			() => crud.restore(row.id, 'info:nick', 1),
		];
		for (const attempt of attempts) await expect(attempt()).rejects.toBeInstanceOf(ValidationError);
		expect(await crud.get(row.id, {versions: 3})).toEqual(before);
		expect(await crud.count()).toBe(rowsBefore);
	});

	it('says plainly when the table does not exist', async () => {
		const missing = new CrudService(hbase, `${table}_missing`);
		await expect(missing.get('abc')).rejects.toThrow(`table ${table}_missing not found`);
		await expect(missing.count()).rejects.toBeInstanceOf(NotFoundError);
	});

	it('writes what an independent client (Python happybase) reads back, byte for byte', async ({skip}) => {
		const fields = {
			'info:first_name': 'سوگند',
			'info:last_name': 'Петровић',
			'contact:email': 'sogand@example.com',
			'address:city': 'Київ',
		};
		const row = await crud.create({fields});
		await crud.update(row.id, {set: {'address:city': 'Beograd'}});
		const ours = await crud.get(row.id, {versions: 3});
		requireIndependentCheck(happybaseImportable, `Python happybase (${python})`, skip);
		const script = `
import json, sys, happybase
table, row = sys.argv[1], sys.argv[2].encode('utf-8')
connection = happybase.Connection(sys.argv[3], int(sys.argv[4]))
t = connection.table(table)
cells = t.row(row, include_timestamp=True)
history = t.cells(row, b'address:city', versions=3, include_timestamp=True)
print(json.dumps({
	'cells': {k.decode('utf-8'): [v.decode('utf-8'), ts] for k, (v, ts) in cells.items()},
	'history': [[v.decode('utf-8'), ts] for v, ts in history],
}))
connection.close()
`;
		const {stdout} = await run(python, ['-c', script, table, row.id, thriftHost, String(thriftPort)], {timeout: 60_000});
		const theirs = JSON.parse(stdout) as {cells: Record<string, [string, number]>; history: Array<[string, number]>};
		expect(theirs.cells).toEqual(Object.fromEntries(ours.cells.map(cell => [cell.column, [cell.value, cell.timestamp]])));
		expect(theirs.history).toEqual(await crud.history(row.id, 'address:city').then(h => h.map(v => [v.value, v.timestamp])));
		expect(theirs.history.map(([value]) => value)).toEqual(['Beograd', 'Київ']);
	});
});
