import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {ReadOnlyError} from '../../../source/domain/errors.js';
import {wantedFamilies} from '../../../source/domain/table-schema.js';
import {CrudService} from '../../../source/services/crud/crud-service.js';
import {HbaseClient} from '../../../source/services/hbase/hbase-client.js';
import {ThriftConnection} from '../../../source/services/hbase/thrift-connection.js';
import {tableChecksum} from '../../helpers/hbase-read.js';
import {uniqueName, uniqueTable} from '../../helpers/ids.js';
import {runCli} from '../../helpers/run-cli.js';
import {thriftHost, thriftPort} from '../../helpers/stack-env.js';

/**
 * Read-only mode on the real stack: every write command is refused with exit 2 and one line,
 * by the flag, the variable and the settings file alike, and the table is byte-for-byte what it
 * was (a checksum over every cell, timestamps included). The console's path (CrudService with
 * readOnly) refuses before any call too.
 */
describe('read-only mode refuses every write and writes nothing', () => {
	const connection = new ThriftConnection({host: thriftHost, port: thriftPort});
	const hbase = new HbaseClient(connection);
	const table = uniqueTable();
	const topic = uniqueName('read-only');
	const writer = new CrudService(hbase, table);
	let id = '';
	let timestamp = 0;

	const dirOf = (settings?: Record<string, unknown>) => {
		const dir = mkdtempSync(join(tmpdir(), 'read-only-'));
		if (settings) writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings));
		return dir;
	};
	const modes: Array<[string, string[], NodeJS.ProcessEnv]> = [
		['--read-only', ['--read-only'], {USERDATA_CONFIG_DIR: dirOf()}],
		['USERDATA_READ_ONLY', [], {USERDATA_READ_ONLY: '1', USERDATA_CONFIG_DIR: dirOf()}],
		['the settings file', [], {USERDATA_CONFIG_DIR: dirOf({readOnly: true})}],
	];

	beforeAll(async () => {
		await hbase.createTable(table, wantedFamilies());
		const row = await writer.create({fields: {'info:first_name': 'Ava', 'info:last_name': 'Lind', 'contact:email': 'ava@example.com', 'address:city': 'Oslo'}});
		await writer.update(row.id, {set: {'address:city': 'Bergen'}});
		id = row.id;
		timestamp = (await writer.history(id, 'address:city'))[1]!.timestamp;
	});

	afterAll(async () => {
		await hbase.disableTable(table).catch(() => {});
		await hbase.deleteTable(table).catch(() => {});
		await connection.close();
	});

	const writes = (): Array<[string, string[]]> => [
		['create', ['create', '--set', 'info:first_name=Bo', '--set', 'info:last_name=Ek', '--set', 'contact:email=bo@example.com']],
		['update', ['update', id, '--set', 'address:city=Tromsø']],
		['delete', ['delete', id]],
		['delete', ['delete', id, '--column', 'address:city']],
		['restore', ['restore', id, 'address:city', String(timestamp)]],
		['init', ['init']],
		['init', ['init', '--fix']],
		['produce', ['produce', '--count', '1']],
		['consume', ['consume', '--until-idle', '1']],
		['run', ['run']],
	];

	it.each(modes)('with %s', async (_, flags, modeEnv) => {
		const before = await tableChecksum(table);
		expect(before.rows).toBe(1);
		for (const [what, args] of writes()) {
			const env = {...process.env, USERDATA_LOG_FILE: join(tmpdir(), `${topic}.log`), ...modeEnv};
			const {code, io} = await runCli([...flags, '--table', table, '--topic', topic, ...args], env);
			expect(io.stdout, args.join(' ')).toEqual([]);
			expect(io.stderr, args.join(' ')).toHaveLength(1);
			expect(io.stderr[0]).toMatch(new RegExp(`^error: read-only mode: ${what}\\b.* would write, so nothing was sent\\. To write, turn off --read-only`));
			expect(code, args.join(' ')).toBe(2);
		}
		expect(await tableChecksum(table)).toEqual(before);
		// Reads still work.
		expect((await runCli([...flags, '--table', table, 'get', id], {...process.env, ...modeEnv})).code).toBe(0);
	});

	it('the console path: every write of a read-only CrudService throws before a call', async () => {
		const before = await tableChecksum(table);
		const readOnly = new CrudService(hbase, table, {readOnly: true});
		await expect(readOnly.create({fields: {'info:first_name': 'Bo', 'info:last_name': 'Ek', 'contact:email': 'bo@example.com'}})).rejects.toBeInstanceOf(ReadOnlyError);
		await expect(readOnly.update(id, {set: {'address:city': 'x'}})).rejects.toBeInstanceOf(ReadOnlyError);
		await expect(readOnly.deleteRow(id)).rejects.toBeInstanceOf(ReadOnlyError);
		await expect(readOnly.deleteCells(id, ['address:city'])).rejects.toBeInstanceOf(ReadOnlyError);
		await expect(readOnly.restore(id, 'address:city', timestamp)).rejects.toBeInstanceOf(ReadOnlyError);
		expect((await readOnly.get(id)).id).toBe(id);
		expect(await tableChecksum(table)).toEqual(before);
	});
});
