import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {wantedFamilies} from '../../../source/domain/table-schema.js';
import {rowKeyOf} from '../../../source/domain/row.js';
import {CrudService} from '../../../source/services/crud/crud-service.js';
import {HbaseClient} from '../../../source/services/hbase/hbase-client.js';
import {ThriftConnection} from '../../../source/services/hbase/thrift-connection.js';
import {changesOf, editFields, withValue} from '../../../source/state/user-form.js';
import {foreignDump, foreignPut, type ForeignRow} from '../../helpers/foreign-writer.js';
import {happybaseImportable, python, requireIndependentCheck} from '../../helpers/independent-check.js';
import {uniqueTable} from '../../helpers/ids.js';
import {runCli} from '../../helpers/run-cli.js';
import {thriftHost, thriftPort} from '../../helpers/stack-env.js';

const hex = (text: string) => Buffer.from(text, 'hex');
const utf8 = (text: string) => Buffer.from(text, 'utf8');

// A key that is not UTF-8 (NUL, 0xff, ESC), and values another writer stored as bytes.
const BINARY_KEY = hex('00ff1b41c328');
const BINARY_NAME = hex('c328ff00fe');
const binaryRow: ForeignRow = {
	key: BINARY_KEY,
	cells: {
		'info:first_name': BINARY_NAME,
		'info:last_name': utf8('Lind'),
		'contact:email': utf8('ava@example.com'),
		'address:city': utf8('Oslo\u001b]0;owned\u0007'),
		'info:nat': hex('80'),
	},
};
// A key that is UTF-8 but holds an escape sequence: text no one can type, so sent back as bytes.
const ESCAPE_KEY = utf8('k\u001b]0;title\u0007\u202e');
const escapeRow: ForeignRow = {key: ESCAPE_KEY, cells: {'info:first_name': utf8('Esc'), 'info:last_name': utf8('Key'), 'contact:email': utf8('e@example.com')}};
const neighbour: ForeignRow = {
	key: utf8('plain-neighbour'),
	cells: {'info:first_name': utf8('Nils'), 'info:last_name': utf8('Nabo'), 'contact:email': utf8('n@example.com')},
};

/**
 * Rows another client wrote with arbitrary bytes: shown as hex, found by a hex prefix, opened,
 * edited and deleted through the CLI (--key-hex, --set-hex) and the forms' path, with happybase
 * reading every byte back.
 */
describe('binary-safe rows written by another client', () => {
	const connection = new ThriftConnection({host: thriftHost, port: thriftPort});
	const hbase = new HbaseClient(connection);
	const crud = new CrudService(hbase, uniqueTable());
	const table = crud.table;
	const dir = mkdtempSync(join(tmpdir(), 'binary-rows-'));
	const env = {...process.env, USERDATA_CONFIG_DIR: dir, USERDATA_LOG_FILE: join(dir, 'test.log')};
	const cli = (...args: string[]) => runCli(['--table', table, ...args], env);

	beforeAll(async () => {
		await hbase.createTable(table, wantedFamilies());
	});

	beforeEach(async ({skip}) => {
		requireIndependentCheck(happybaseImportable, `Python happybase (${python})`, skip);
		await foreignPut(table, [binaryRow, escapeRow, neighbour]);
	});

	afterAll(async () => {
		await hbase.disableTable(table).catch(() => {});
		await hbase.deleteTable(table).catch(() => {});
		await connection.close();
	});

	it('lists a binary key and value as hex (or base64), found by a hex prefix, and opens it', async () => {
		const scan = await cli('scan');
		expect(scan.code).toBe(0);
		const lines = scan.io.stdout.join('\n');
		expect(lines).toContain('hex:00ff1b41c328');
		expect(lines).toContain('hex:c328ff00fe');
		expect(lines).toContain('k\\x1b]0;title\\x07\\u202e');

		const found = await cli('scan', '--prefix', '00ff', '--key-hex');
		expect(found.io.stdout.slice(1).map(line => line.split(' ')[0])).toEqual(['hex:00ff1b41c328']);
		const page = await cli('scan', '--limit', '1');
		expect(page.io.stderr.join('\n')).toMatch(/next page: --start 00ff1b41c328 --key-hex|next page: --start 6b/);

		const got = await cli('get', '00ff1b41c328', '--key-hex');
		expect(got.code).toBe(0);
		expect(got.io.stdout[0]).toBe('row hex:00ff1b41c328');
		expect(got.io.stdout).toContain('  first_name  hex:c328ff00fe');
		expect(got.io.stdout).toContain('  nat         hex:80');
		expect(got.io.stdout).toContain('  city        Oslo\\x1b]0;owned\\x07');

		const base64 = await cli('--binary-format', 'base64', 'get', '00ff1b41c328', '--key-hex');
		expect(base64.io.stdout[0]).toBe(`row base64:${BINARY_KEY.toString('base64')}`);
		expect(base64.io.stdout).toContain(`  first_name  base64:${BINARY_NAME.toString('base64')}`);

		const json = await cli('--json', 'get', '00ff1b41c328', '--key-hex');
		const row = JSON.parse(json.io.stdout.join('\n')) as {key: string; cells: Array<{column: string; bytes?: string}>};
		expect(row.key).toBe('00ff1b41c328');
		expect(row.cells.find(cell => cell.column === 'info:first_name')?.bytes).toBe('c328ff00fe');
	});

	it('updates a text cell of a binary row through the CLI, leaving every other byte as it was', async () => {
		const before = await foreignDump(table);
		const updated = await cli('update', '00ff1b41c328', '--key-hex', '--set', 'address:city=Bergen', '--set-hex', 'info:nat=fe01');
		expect(updated.io.stderr).toEqual([]);
		expect(updated.code).toBe(0);
		expect(updated.io.stdout[0]).toBe('updated row hex:00ff1b41c328: set address:city, info:nat');
		const after = await foreignDump(table);
		const key = BINARY_KEY.toString('hex');
		expect(after[key]).toEqual({...before[key], 'address:city': utf8('Bergen').toString('hex'), 'info:nat': 'fe01'});
		expect({...after, [key]: undefined}).toEqual({...before, [key]: undefined});
	});

	it('round-trips through the forms: an edit of another cell, then of the binary value itself, writes exactly those bytes', async () => {
		const row = (await crud.scan({prefix: BINARY_KEY.subarray(0, 2)})).rows[0]!;
		expect(rowKeyOf(row)).toEqual(BINARY_KEY);
		let fields = editFields(row);
		const name = fields.findIndex(field => field.column === 'info:first_name');
		expect(fields[name]).toMatchObject({value: 'hex:c328ff00fe', binary: true});
		// Change the last name only: the binary first name is not sent at all.
		fields = withValue(
			fields,
			fields.findIndex(field => field.column === 'info:last_name'),
			'Lindqvist',
			'edit',
		);
		await crud.update(rowKeyOf(row), changesOf(fields), {ifUnchangedSince: row.updatedAt});
		let theirs = (await foreignDump(table))[BINARY_KEY.toString('hex')]!;
		expect(theirs['info:first_name']).toBe('c328ff00fe');
		expect(theirs['info:last_name']).toBe(utf8('Lindqvist').toString('hex'));

		// Now the binary value itself, typed as hex: guarded by checkAndPut against its bytes.
		const again = await crud.get(rowKeyOf(row));
		fields = withValue(editFields(again), name, 'hex:00010203ff', 'edit');
		expect(fields[name]!.error).toBeUndefined();
		await crud.update(rowKeyOf(again), changesOf(fields), {ifUnchangedSince: again.updatedAt});
		theirs = (await foreignDump(table))[BINARY_KEY.toString('hex')]!;
		expect(theirs['info:first_name']).toBe('00010203ff');
	});

	it('opens and deletes a key holding an escape sequence as the bytes it is, and deletes a binary row with --key-hex', async () => {
		const listed = (await crud.scan({prefix: ESCAPE_KEY.subarray(0, 1)})).rows[0]!;
		expect(rowKeyOf(listed)).toEqual(ESCAPE_KEY);
		expect((await crud.get(rowKeyOf(listed))).cells).toHaveLength(3);

		const before = await foreignDump(table);
		const deleted = await cli('delete', ESCAPE_KEY.toString('hex'), '--key-hex');
		expect(deleted.code).toBe(0);
		expect(deleted.io.stdout).toEqual(['deleted row k\\x1b]0;title\\x07\\u202e (3 cells)']);
		expect((await cli('delete', BINARY_KEY.toString('hex'), '--key-hex')).code).toBe(0);
		const after = await foreignDump(table);
		expect(Object.keys(after)).toEqual([neighbour.key.toString('hex')]);
		expect(after[neighbour.key.toString('hex')]).toEqual(before[neighbour.key.toString('hex')]);
	});

	it('refuses hex that is not hex before sending anything', async () => {
		const bad = await cli('get', '0g', '--key-hex');
		expect(bad.code).toBe(2);
		expect(bad.io.stderr.join('\n')).toContain('expected pairs of hex digits');
	});
});
