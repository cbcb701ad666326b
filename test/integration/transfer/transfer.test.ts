import {execFile} from 'node:child_process';
import {readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {dropTable} from '../../helpers/hbase-read.js';
import {uniqueName, uniqueTable} from '../../helpers/ids.js';
import {happybaseImportable, python, requireIndependentCheck} from '../../helpers/independent-check.js';
import {RandomUserStub} from '../../helpers/randomuser-stub.js';
import {runCli} from '../../helpers/run-cli.js';
import {tableCli} from '../../helpers/table-cli.js';
import {thriftHost, thriftPort} from '../../helpers/stack-env.js';

const execute = promisify(execFile);

type Dump = Record<string, Record<string, Array<[string, number]>>>;

/**
 * Every row, every cell, every kept version with its timestamp, read by an independent client
 * (Python happybase over Thrift1): the proof that an import reproduced an export cell for cell.
 */
async function happybaseDump(table: string): Promise<Dump> {
	const script = `
import json, sys, happybase
connection = happybase.Connection(sys.argv[2], int(sys.argv[3]))
t = connection.table(sys.argv[1])
out = {}
for key, data in t.scan():
	row = {}
	for column in data:
		row[column.decode('utf-8')] = [[v.decode('utf-8'), ts] for v, ts in t.cells(key, column, versions=3, include_timestamp=True)]
	out[key.decode('utf-8')] = row
print(json.dumps(out))
connection.close()
`;
	const {stdout} = await execute(python, ['-c', script, table, thriftHost, String(thriftPort)], {timeout: 120_000, maxBuffer: 64 * 1024 * 1024});
	return JSON.parse(stdout) as Dump;
}

type JsonRow = {id: string; cells: Array<{column: string; value: string; timestamp: number}>};

/** Export, import, verify and as-of reads on rows the pipeline wrote (producer → Kafka → sink). */
describe('export, import, verify and as-of on the real stack', () => {
	const stub = new RandomUserStub();
	const topic = uniqueName('transfer');
	const table = uniqueTable();
	const copies: string[] = [];
	const {dir, env, cli, json} = tableCli(table, topic, 'transfer');
	const newTable = async () => {
		const name = uniqueTable();
		copies.push(name);
		const made = await runCli(['--table', name, '--topic', topic, 'init'], env);
		expect(made.code, made.io.text()).toBe(0);
		return name;
	};
	let ids: string[] = [];

	beforeAll(async () => {
		const apiUrl = await stub.start();
		stub.script(
			...['v1.4/nat_IR_20_seed-natIR.json', 'v1.4/nat_UA_20_seed-natUA.json'].map(file => ({
				kind: 'recorded' as const,
				file,
				contentType: 'application/json; charset=utf-8',
			})),
		);
		const init = await cli('init');
		expect(init.code, init.io.text()).toBe(0);
		const produced = await cli('produce', '--api-url', apiUrl, '--count', '40', '--batch-size', '20');
		expect(produced.code, produced.io.text()).toBe(0);
		const consumed = await cli('consume', '--group', uniqueName('transfer-sink'), '--max', '40');
		expect(consumed.code, consumed.io.text()).toBe(0);
		ids = (await json<{rows: JsonRow[]}>('scan', '--limit', '100')).rows.map(row => row.id);
		expect(ids).toHaveLength(40);
	});

	afterAll(async () => {
		await stub.close();
		for (const name of [table, ...copies]) await dropTable(name);
	});

	it('verify agrees with an untouched pipeline, and says which offsets it covered', async () => {
		const report = await json<{
			agree: boolean;
			records: number;
			rows: number;
			checked: number;
			offsets: Array<{partition: number; from: string | null; to: string | null; records: number}>;
		}>('verify');
		expect(report).toMatchObject({agree: true, records: 40, rows: 40, checked: 40, missing: {count: 0, samples: []}, different: {count: 0, samples: []}});
		expect(report.offsets.reduce((sum, r) => sum + r.records, 0)).toBe(40);
		for (const range of report.offsets) if (range.records > 0) expect(Number(range.to) - Number(range.from) + 1).toBe(range.records);
	});

	it('get and scan --as-of read the older values', async () => {
		const id = ids[0]!;
		const before = await json<JsonRow & {updatedAt: number}>('get', id);
		const oldCity = before.cells.find(cell => cell.column === 'address:city')!;
		expect((await cli('update', id, '--set', 'address:city=As-of-ville')).code).toBe(0);
		expect((await json<JsonRow>('get', id)).cells.find(cell => cell.column === 'address:city')!.value).toBe('As-of-ville');

		// Inclusive: a version stamped exactly at the time asked for is read.
		const asOf = await json<JsonRow>('get', id, '--as-of', String(before.updatedAt));
		expect(asOf.cells.find(cell => cell.column === 'address:city')).toEqual(oldCity);
		expect(asOf.cells).toEqual(before.cells);
		const iso = await json<JsonRow>('get', id, '--as-of', new Date(before.updatedAt).toISOString());
		expect(iso.cells).toEqual(before.cells);
		const page = await json<{rows: JsonRow[]}>('scan', '--prefix', id, '--columns', 'address:city', '--as-of', String(before.updatedAt));
		expect(page.rows[0]!.cells).toEqual([oldCity]);
		const earlier = await cli('get', id, '--as-of', String(before.updatedAt - 1));
		expect(earlier.code).toBe(1);
		expect(earlier.io.stderr.join('\n')).toMatch(/has no cell as of .*: it was written later/);
	});

	it('export → import into a new table reproduces every cell, version and timestamp (read back by happybase)', async ({skip}) => {
		// A second version of some cells, so the round trip must carry more than the newest.
		for (const id of ids.slice(1, 4)) expect((await cli('update', id, '--set', 'contact:email=changed@example.com')).code).toBe(0);
		const file = join(dir, 'users.ndjson');
		const exported = await json<{rows: number; versions: number}>('export', '--out', file);
		expect(exported.rows).toBe(40);
		const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
		expect(lines).toHaveLength(40);
		expect(readdirSync(dir).filter(name => name.endsWith('.partial'))).toEqual([]);
		const copy = await newTable();
		const imported = await runCli(['--table', copy, '--json', 'import', '--file', file], env);
		expect(imported.code, imported.io.text()).toBe(0);
		expect(JSON.parse(imported.io.stdout.join('\n'))).toMatchObject({rows: 40, cells: exported.versions, bad: {count: 0}});

		// Our own export of the copy is byte for byte the original's.
		const again = await runCli(['--table', copy, 'export', '--out', '-'], env);
		expect(again.io.stdout.join('\n') === lines.join('\n'), 'the copy exports differently').toBe(true);

		requireIndependentCheck(happybaseImportable, `Python happybase (${python})`, skip);
		const [original, reproduced] = await Promise.all([happybaseDump(table), happybaseDump(copy)]);
		expect(Object.keys(original)).toHaveLength(40);
		expect(Object.values(original).some(row => row['contact:email']!.length === 2)).toBe(true);
		expect(reproduced).toEqual(original);
	});

	it('import --via kafka: the sink writes the file with its versions and timestamps', async () => {
		const file = join(dir, 'users.ndjson');
		const copy = await newTable();
		const viaTopic = uniqueName('transfer-via');
		const run = (...args: string[]) => runCli(['--table', copy, '--topic', viaTopic, ...args], env);
		expect((await run('init')).code).toBe(0);
		const imported = await run('--json', 'import', '--file', file, '--via', 'kafka');
		expect(imported.code, imported.io.text()).toBe(0);
		const {rows} = JSON.parse(imported.io.stdout.join('\n')) as {rows: number};
		expect(rows).toBe(40);
		const records = 43; // 40 rows, three of them with a second version of contact:email
		const consumed = await run('consume', '--group', uniqueName('via-sink'), '--max', String(records));
		expect(consumed.code, consumed.io.text()).toBe(0);
		const original = await runCli(['--table', table, 'export', '--out', '-'], env);
		const reproduced = await run('export', '--out', '-');
		expect(reproduced.io.stdout).toHaveLength(40);
		expect(reproduced.io.stdout.join('\n') === original.io.stdout.join('\n'), 'the sink wrote other cells than the export holds').toBe(true);
	});

	it('csv export quotes as RFC 4180; import --strict refuses a file with one bad line and writes nothing', async () => {
		const csv = join(dir, 'users.csv');
		expect((await cli('export', '--format', 'csv', '--columns', 'info:first_name,info:last_name,contact:email,address:city', '--out', csv)).code).toBe(0);
		const text = readFileSync(csv, 'utf8');
		expect(text.split('\r\n')[0]).toBe('row,info:first_name,info:last_name,contact:email,address:city');
		expect(text.split('\r\n')).toHaveLength(42); // header, 40 rows, the empty string after the last CRLF

		const copy = await newTable();
		const broken = join(dir, 'broken.csv');
		const {writeFileSync} = await import('node:fs');
		writeFileSync(broken, `${text}bad-row,Ava,Lind,not-an-email,"Oslo, Norway"\r\n`);
		const refused = await runCli(['--table', copy, 'import', '--file', broken, '--strict'], env);
		expect(refused.code).toBe(2);
		expect(refused.io.stderr.join('\n')).toMatch(/line 42: contact:email: not an email address/);
		expect((await runCli(['--table', copy, '--json', 'scan'], env)).io.stdout.join('\n')).toMatch(/"rows": \[\]/);

		const skipped = await runCli(['--table', copy, '--json', 'import', '--file', broken], env);
		expect(skipped.code).toBe(1);
		expect(JSON.parse(skipped.io.stdout.join('\n'))).toMatchObject({rows: 40, bad: {count: 1, lines: [{line: 42}]}});
	});

	it("verify reports exactly the rows deleted and the cells changed behind the sink's back", async () => {
		const deleted = ids.slice(10, 12);
		for (const id of deleted) expect((await cli('delete', id)).code).toBe(0);
		const changed = ids[20]!;
		expect((await cli('update', changed, '--set', 'info:first_name=Mallory')).code).toBe(0);

		const {code, io} = await cli('--json', 'verify');
		expect(code, io.text()).toBe(1);
		const report = JSON.parse(io.stdout.join('\n')) as {
			agree: boolean;
			missing: {count: number; samples: Array<{row: string}>};
			different: {count: number; samples: Array<{row: string; cells: Array<{column: string; expected: {value: string}; actual: {value: string} | null}>}>};
		};
		expect(report.agree).toBe(false);
		expect(report.missing.count).toBe(2);
		expect(report.missing.samples.map(s => s.row)).toEqual([...deleted].sort());
		// Every change made without the sink: this test's, and the `update`s of the tests before it.
		const expected = new Map([[ids[0]!, ['address:city']], ...ids.slice(1, 4).map(id => [id, ['contact:email']] as [string, string[]]), [changed, ['info:first_name']]]);
		expect(report.different.count).toBe(expected.size);
		expect(new Map(report.different.samples.map(s => [s.row, s.cells.map(c => c.column)]))).toEqual(expected);
		const mallory = report.different.samples.find(s => s.row === changed)!;
		expect(mallory.cells[0]!.actual!.value).toBe('Mallory');

		const human = await cli('verify');
		expect(human.code).toBe(1);
		expect(human.io.stdout.join('\n')).toMatch(/DIFFER[\s\S]*missing: 2[\s\S]*info:first_name: expected .* HBase has "Mallory"/);
	});
});
