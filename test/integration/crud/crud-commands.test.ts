import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {wantedFamilies} from '../../../source/domain/table-schema.js';
import {HbaseClient} from '../../../source/services/hbase/hbase-client.js';
import {ThriftConnection} from '../../../source/services/hbase/thrift-connection.js';
import {uniqueTable} from '../../helpers/ids.js';
import {runCli} from '../../helpers/run-cli.js';
import {thriftHost, thriftPort} from '../../helpers/stack-env.js';

/** The headless CRUD commands through runProgram(), on a table of their own in the real HBase. */
describe('crud commands against the real HBase', () => {
	const connection = new ThriftConnection({host: thriftHost, port: thriftPort});
	const hbase = new HbaseClient(connection);
	const table = uniqueTable();
	const dir = mkdtempSync(join(tmpdir(), 'crud-commands-'));
	const env = {...process.env, USERDATA_CONFIG_DIR: dir, USERDATA_LOG_FILE: join(dir, 'test.log')};
	const cli = (...args: string[]) => runCli(['--table', table, ...args], env);
	const json = async (...args: string[]) => {
		const {code, io} = await cli('--json', ...args);
		expect(io.stderr).toEqual([]);
		expect(code).toBe(0);
		return JSON.parse(io.stdout.join('\n')) as Record<string, unknown>;
	};
	const REQUIRED = ['--set', 'info:first_name=Ava', '--set', 'info:last_name=Lind', '--set', 'contact:email=ava@example.com'];

	beforeAll(async () => {
		await hbase.createTable(table, wantedFamilies());
	});

	afterAll(async () => {
		await hbase.disableTable(table).catch(() => {});
		await hbase.deleteTable(table).catch(() => {});
		await connection.close();
	});

	it('create prints the new id; get shows it grouped by family; update, history, restore, delete', async () => {
		const created = await cli('create', ...REQUIRED, '--set', 'address:city=Tromsø');
		expect(created.code).toBe(0);
		expect(created.io.stdout).toHaveLength(1);
		const id = created.io.stdout[0]!;
		expect(id).toMatch(/^[0-9a-f-]{36}$/);

		const shown = await cli('get', id);
		expect(shown.code).toBe(0);
		expect(shown.io.stdout.join('\n')).toMatch(
			new RegExp(
				`^row ${id}\\nupdated \\d{13} \\(.+Z\\)\\n\\ninfo\\n  first_name  Ava\\n  last_name   Lind\\n\\ncontact\\n  email       ava@example.com\\n\\naddress\\n  city        Tromsø$`,
			),
		);

		const read = await json('get', id);
		expect(await cli('update', id, '--set', 'address:city=Oslo')).toMatchObject({code: 0});
		const stale = await cli('update', id, '--set', 'address:city=Bergen', '--if-unchanged-since', String(read.updatedAt));
		expect(stale.code).toBe(1);
		expect(stale.io.stderr.join('\n')).toMatch(/error: row .* was changed by someone else: address:city changed after/);
		const fresh = await json('get', id);
		expect((await cli('update', id, '--set', 'address:city=Bergen', '--if-unchanged-since', String(fresh.updatedAt))).code).toBe(0);

		const history = await cli('history', id, 'address:city');
		expect(history.code).toBe(0);
		expect(history.io.stdout[0]).toBe(`address:city of row ${id}, newest first`);
		expect(history.io.stdout.slice(1).map(line => line.split('  ').at(-1))).toEqual(['Bergen', 'Oslo', 'Tromsø']);
		const versions = (await json('history', id, 'address:city')).versions as Array<{value: string; timestamp: number}>;

		const restored = await cli('restore', id, 'address:city', new Date(versions[2]!.timestamp).toISOString());
		expect(restored.code).toBe(0);
		expect(restored.io.stdout[0]).toBe(`restored address:city of row ${id} to the version of ${versions[2]!.timestamp}: Tromsø`);

		const withVersions = await cli('get', id, '--versions', '3');
		expect(withVersions.io.stdout.filter(line => /^\s+\d{13}\s/.test(line) || /^\s+city\s/.test(line))).toHaveLength(3);

		expect((await cli('delete', id, '--column', 'address:city')).io.stdout).toEqual([`deleted address:city from row ${id}`]);
		expect((await cli('delete', id)).io.stdout).toEqual([`deleted row ${id} (3 cells)`]);

		const gone = await cli('get', id);
		expect(gone.code).toBe(1);
		expect(gone.io.stderr.join('\n')).toContain('not found');
		expect((await cli('delete', id)).code).toBe(1);
		expect((await cli('history', id, 'address:city')).io.stderr.join('\n')).toContain('not found');
	});

	it('scan pages with --start until the last page; count agrees', async () => {
		const ids: string[] = [];
		for (let i = 0; i < 7; i++) {
			const file = join(dir, `user-${i}.json`);
			writeFileSync(file, JSON.stringify({'info:first_name': `P${i}`, 'info:last_name': 'Page', 'contact:email': `p${i}@example.com`}));
			const {code, io} = await cli('create', '--file', file);
			expect(code).toBe(0);
			ids.push(io.stdout[0]!);
		}
		const seen: string[] = [];
		let start: string | undefined;
		do {
			const page = (await json('scan', '--limit', '3', '--where', 'info:last_name=Page', ...(start ? ['--start', start] : []))) as {
				rows: Array<{id: string}>;
				next?: string;
			};
			seen.push(...page.rows.map(row => row.id));
			start = page.next;
		} while (start);
		expect(seen).toEqual([...ids].sort());

		const human = await cli('scan', '--limit', '3', '--where', 'info:last_name=Page');
		expect(human.io.stdout[0]).toMatch(/^id\s+first_name\s+last_name\s+email$/);
		expect(human.io.stdout).toHaveLength(4);
		expect(human.io.stderr.join('\n')).toMatch(/^3 rows; next page: --start \S+$/);

		const counted = await json('count');
		expect(counted).toMatchObject({table, rows: seen.length});
		expect((await cli('count')).io.stdout[0]).toMatch(new RegExp(`^${seen.length} rows in ${table} \\(counted in .+\\)$`));
	});

	it('bad input exits 2 and writes nothing', async () => {
		const before = (await json('count')).rows;
		const notJson = join(dir, 'broken.json');
		writeFileSync(notJson, 'name: Ava');
		const cases: Array<[string[], RegExp]> = [
			[['create', '--set', 'info:first_name'], /--set "info:first_name": missing '='/],
			[['create', ...REQUIRED, '--set', 'info:nick=x'], /unknown qualifier 'nick'/],
			[['create', ...REQUIRED, '--set', 'address:city='], /empty value/],
			[['create', '--file', notJson], /not JSON/],
			[['update', 'abc\u0007', '--set', 'address:city=Oslo'], /control character/],
		];
		for (const [args, message] of cases) {
			const {code, io} = await cli(...args);
			expect(io.stderr.join('\n')).toMatch(message);
			expect(code).toBe(2);
		}
		expect((await json('count')).rows).toBe(before);
	});

	it('create from the same randomuser file twice: the second exits 1, "already exists"', async () => {
		const file = join(dir, 'user.json');
		writeFileSync(
			file,
			JSON.stringify({
				results: [{name: {first: 'Ива', last: 'Петровић'}, email: 'iva@example.rs', login: {uuid: 'A1B2C3D4-0000-4000-8000-000000000001'}}],
			}),
		);
		const first = await cli('create', '--file', file);
		expect(first.io.stdout).toEqual(['a1b2c3d4-0000-4000-8000-000000000001']);
		const second = await cli('create', '--file', file);
		expect(second.code).toBe(1);
		expect(second.io.stderr.join('\n')).toMatch(/row a1b2c3d4-0000-4000-8000-000000000001 already exists/);
	});
});
