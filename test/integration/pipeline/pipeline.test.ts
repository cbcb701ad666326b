import {thriftHost, thriftPort} from '../../helpers/stack-env.js';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {recordToCells} from '../../../source/domain/cells.js';
import {parseRandomUser} from '../../../source/domain/randomuser.js';
import {recordSource, toUserRecord} from '../../../source/domain/transform.js';
import {HbaseClient} from '../../../source/services/hbase/hbase-client.js';
import {ThriftConnection} from '../../../source/services/hbase/thrift-connection.js';
import {dropTable, readAllRows} from '../../helpers/hbase-read.js';
import {uniqueName, uniqueTable} from '../../helpers/ids.js';
import {RandomUserStub} from '../../helpers/randomuser-stub.js';
import {sampleJson} from '../../domain/samples.js';
import {runCli} from '../../helpers/run-cli.js';

const files = {
	GB: 'v1.4/nat_GB_20_seed-natGB.json', // postcode is a string
	IR: 'v1.4/nat_IR_20_seed-natIR.json', // Perso-Arabic names, null id.value
	NZ: 'v1.4/nat_NZ_20_seed-natNZ.json', // null id.value
	LEGO: 'v1.4/nat_LEGO_20_seed-natLEGO.json', // no location.country
	US: 'v1.4/nat_US_20_seed-natUS.json',
};

type ApiUser = Record<string, unknown> & {login: {uuid: string; password: string; salt: string; md5: string; sha1: string; sha256: string}};

function recorded(file: string): ApiUser[] {
	return (sampleJson(file) as {results: ApiUser[]}).results;
}

/** What the mapping says HBase must hold for one API user: family:qualifier → value. */
function expectedCells(user: ApiUser): Record<string, string> {
	const record = toUserRecord(parseRandomUser(user), recordSource(undefined, {apiVersion: '1.4'}, new Date()), () => 'unused');
	return Object.fromEntries(recordToCells(record).map(cell => [cell.column, cell.value]));
}

describe('produce → Kafka → consume → HBase, against the real stack and a local API stub', () => {
	const stub = new RandomUserStub();
	const topic = uniqueName('pipeline');
	const table = uniqueTable();
	const users = Object.values(files).flatMap(recorded);
	let apiUrl = '';

	beforeAll(async () => {
		apiUrl = await stub.start();
		// Each request gets one recorded nationality file, as the real server answered it.
		stub.script(...Object.values(files).map(file => ({kind: 'recorded' as const, file, contentType: 'application/json; charset=utf-8'})));
		const init = await runCli(['init', '--topic', topic, '--table', table]);
		expect(init.code, init.io.text()).toBe(0);
	});

	afterAll(async () => {
		await stub.close();
		await dropTable(table);
	});

	it('writes every user exactly as mapped, field by field, with no credential anywhere', async () => {
		const produced = await runCli(['produce', '--topic', topic, '--api-url', apiUrl, '--count', String(users.length), '--batch-size', '20']);
		expect(produced.code, produced.io.text()).toBe(0);
		expect(produced.io.stdout[0]).toBe(`fetched ${users.length}, sent ${users.length}, failed 0, invalid 0`);

		const consumed = await runCli(['consume', '--topic', topic, '--table', table, '--group', uniqueName('sink'), '--max', String(users.length)]);
		expect(consumed.code, consumed.io.text()).toBe(0);
		expect(consumed.io.stdout[0]).toMatch(new RegExp(`^written ${users.length} rows, dlq 0`));

		const rows = await readAllRows(table);
		expect(rows.size).toBe(users.length);
		for (const user of users) {
			const key = user.login.uuid.toLowerCase();
			expect(rows.get(key), `row ${key}`).toEqual(expectedCells(user));
		}
		// Independently of the transform: a few fields straight from the recorded JSON.
		for (const user of users) {
			const row = rows.get(user.login.uuid.toLowerCase())!;
			const u = user as unknown as {name: {first: string; last: string}; email: string; location: {city: string; postcode: string | number}; dob: {date: string}};
			expect(row['info:first_name']).toBe(u.name.first);
			expect(row['info:last_name']).toBe(u.name.last);
			expect(row['contact:email']).toBe(u.email);
			expect(row['address:city']).toBe(u.location.city);
			expect(row['address:postcode']).toBe(String(u.location.postcode));
			expect(row['info:dob']).toBe(u.dob.date);
		}
		// The quirks the mapping must survive, checked on the stored rows themselves.
		const stored = (nat: keyof typeof files) => recorded(files[nat]).map(u => rows.get(u.login.uuid.toLowerCase())!);
		expect(stored('GB').every(r => typeof r['address:postcode'] === 'string' && /[A-Z]/.test(r['address:postcode']))).toBe(true);
		expect(stored('IR').every(r => /[\u0600-\u06FF]/.test(r['info:first_name']!))).toBe(true);
		expect(stored('NZ').every(r => !('info:id_value' in r))).toBe(true);
		expect(stored('LEGO').every(r => !('address:country' in r))).toBe(true);
		// Credentials: salt and hashes never appear in any cell; a password is never a whole value.
		const values = [...rows.values()].flatMap(r => Object.values(r));
		const joined = values.join('\n');
		for (const user of users) {
			for (const secret of [user.login.salt, user.login.md5, user.login.sha1, user.login.sha256]) expect(joined.includes(secret)).toBe(false);
			expect(values).not.toContain(user.login.password);
		}
		for (const r of rows.values()) expect(Object.keys(r).some(c => /password|salt|md5|sha1|sha256/.test(c))).toBe(false);
	});

	it('a replay of the topic by a new consumer group rewrites the same versions', async () => {
		const connection = new ThriftConnection({host: thriftHost, port: thriftPort});
		const hbase = new HbaseClient(connection);
		const sampleKeys = users.slice(0, 10).map(u => u.login.uuid.toLowerCase());
		const before = await Promise.all(sampleKeys.map(key => hbase.getVersions(table, key, 'info:first_name', 3)));
		const replay = await runCli(['consume', '--topic', topic, '--table', table, '--group', uniqueName('replay'), '--max', String(users.length)]);
		expect(replay.code, replay.io.text()).toBe(0);
		const after = await Promise.all(sampleKeys.map(key => hbase.getVersions(table, key, 'info:first_name', 3)));
		await connection.close();
		expect(after).toEqual(before);
		expect(after.every(versions => versions.length === 1)).toBe(true);
	});
});
