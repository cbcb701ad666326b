import {describe, expect, it, vi} from 'vitest';
import {ValidationError} from '../../source/domain/errors.js';
import {type RandomUser, parseRandomUserResponse} from '../../source/domain/randomuser.js';
import {recordSource, toUserRecord, userColumns} from '../../source/domain/transform.js';
import {type RecordSource, type UserRecord, columnValues} from '../../source/domain/user-record.js';
import {VERSIONS, allJsonFiles, natFiles, rawUsers, sampleJson, NULL_ID_VALUE_NATS} from './samples.js';

const SOURCE: RecordSource = {api_version: '1.4', seed: 'alpha', page: 1, fetched_at: '2026-11-27T10:00:00.000Z'};

function noId(): string {
	throw new Error('assignId must not be called for a user with login.uuid');
}

function parsed(file: string): RandomUser[] {
	return parseRandomUserResponse(sampleJson(file)).results;
}

function records(file: string, assignId: () => string = noId): UserRecord[] {
	return parsed(file).map(user => toUserRecord(user, SOURCE, assignId));
}

describe('toUserRecord: the alpha user, field by field', () => {
	it('maps every field to its family and qualifier', () => {
		const [record] = records('v1.4/results_0001_seed-alpha.json');
		expect(record).toEqual({
			id: '213fc6a6-7f17-4bba-b2f7-22cfd225c0ca',
			info: {
				gender: 'male',
				title: 'Mr',
				first_name: 'Benjamin',
				last_name: 'Christensen',
				username: 'whitekoala215',
				dob: '1952-08-26T12:12:38.043Z',
				age: '74',
				registered: '2018-05-05T19:55:54.726Z',
				nat: 'DK',
				id_name: 'CPR',
				id_value: '260852-5297',
				picture_large: 'https://randomuser.me/api/portraits/men/98.jpg',
				picture_medium: 'https://randomuser.me/api/portraits/med/men/98.jpg',
				picture_thumbnail: 'https://randomuser.me/api/portraits/thumb/men/98.jpg',
			},
			contact: {email: 'benjamin.christensen@example.com', phone: '81137086', cell: '06732323'},
			address: {
				street_number: '9550',
				street_name: 'Strandgade',
				city: 'Kvistgaard',
				state: 'Nordjylland',
				country: 'Denmark',
				postcode: '47492',
				latitude: '-40.6289',
				longitude: '-136.7354',
				timezone_offset: '-6:00',
				timezone_description: 'Central Time (US & Canada), Mexico City',
			},
			source: SOURCE,
		});
	});
});

describe.each(VERSIONS)('every nationality file of %s', version => {
	it.each(natFiles(version))('%s transforms with the uuid as row key and only string values', file => {
		const raw = rawUsers(file);
		const result = records(file);
		expect(result).toHaveLength(raw.length);
		result.forEach((record, index) => {
			expect(record.id).toBe(String(raw[index]?.login?.['uuid']).toLowerCase());
			for (const value of Object.values(columnValues(record))) {
				expect(typeof value).toBe('string');
				expect(value).not.toMatch(/^(null|undefined)$/);
			}
		});
	});
});

describe('values that vary by nationality', () => {
	it.each([
		['v1.4', 'CA'],
		['v1.4', 'GB'],
		['v1.4', 'NO'],
		['v1.3', 'NL'],
	])('%s %s: a string postcode is kept exactly', (version, nat) => {
		const file = `${version}/nat_${nat}_20_seed-nat${nat}.json`;
		const raw = rawUsers(file);
		records(file).forEach((record, index) => {
			const postcode = (raw[index]?.['location'] as {postcode: unknown}).postcode;
			expect(typeof postcode).toBe('string');
			expect(record.address.postcode).toBe(postcode);
		});
	});

	it('a number postcode becomes its decimal string (AU 4-digit, 3-digit)', () => {
		const file = 'v1.4/nat_AU_20_seed-natAU.json';
		const raw = rawUsers(file);
		records(file).forEach((record, index) => {
			const postcode = (raw[index]?.['location'] as {postcode: number}).postcode;
			expect(record.address.postcode).toBe(String(postcode));
			expect(record.address.postcode).toMatch(/^\d{3,4}$/);
		});
	});

	it.each(NULL_ID_VALUE_NATS)('%s %s: null id.value gives no id_value cell; the empty id_name is kept', (version, nat) => {
		for (const record of records(`${version}/nat_${nat}_20_seed-nat${nat}.json`)) {
			expect('id_value' in record.info).toBe(false);
			expect(record.info.id_name).toBe('');
		}
	});

	it('LEGO users have no country cell', () => {
		for (const record of records('v1.4/nat_LEGO_20_seed-natLEGO.json')) {
			expect('country' in record.address).toBe(false);
			expect(record.address.city).toBeTruthy();
		}
	});

	it.each(VERSIONS)('%s IR: Perso-Arabic names and cities are kept exactly', version => {
		const file = `${version}/nat_IR_20_seed-natIR.json`;
		const raw = rawUsers(file) as Array<{name: {first: string; last: string}; location: {city: string}}>;
		records(file).forEach((record, index) => {
			expect(record.info.first_name).toBe(raw[index]?.name.first);
			expect(record.info.last_name).toBe(raw[index]?.name.last);
			expect(record.address.city).toBe(raw[index]?.location.city);
			expect(record.info.first_name).toMatch(/[\u0600-\u06FF]/u);
		});
	});

	it('Cyrillic inside a Serbian street name is kept (delta #72)', () => {
		const record = records('v1.4/results_5000_seed-delta.json')[72];
		expect(record?.address.street_name).toBe('BosilЈke Janić');
	});

	it('trailing spaces in BR street names are kept', () => {
		const names = records('v1.4/nat_BR_20_seed-natBR.json').map(record => record.address.street_name);
		expect(names.some(name => name?.endsWith(' '))).toBe(true);
		expect(names).toContain('Rua Treze ');
	});

	it('an empty street name is kept as an empty cell, not dropped', () => {
		const record = toUserRecord({location: {street: {number: 1, name: ''}}, login: {uuid: 'u1'}}, SOURCE, noId);
		expect(record.address).toEqual({street_number: '1', street_name: ''});
	});

	it('null anywhere means no cell', () => {
		const record = toUserRecord({gender: null, name: null, location: {street: null, country: null, postcode: null}, login: {uuid: 'u1', username: null}}, SOURCE, noId);
		expect(record).toEqual({id: 'u1', info: {}, contact: {}, address: {}, source: SOURCE});
	});
});

describe('row key', () => {
	it('inc=name,email (login excluded): assignId is called once per user', () => {
		let next = 0;
		const assignId = vi.fn(() => `assigned-${++next}`);
		const file = 'v1.4/opt_inc_name-email-login_exc_login_5.json';
		const result = parsed(file).map(user => {
			const before = assignId.mock.calls.length;
			const record = toUserRecord(user, SOURCE, assignId);
			expect(assignId.mock.calls.length - before).toBe(1);
			return record;
		});
		expect(result.map(record => record.id)).toEqual(['assigned-1', 'assigned-2', 'assigned-3', 'assigned-4', 'assigned-5']);
		expect(result[0]?.info.first_name).toBe('Yuvraj');
		expect(result[0]?.contact.email).toBe('yuvraj.pai@example.com');
	});

	it('inc=name,email,login: the uuid is used and assignId never called', () => {
		const assignId = vi.fn(() => 'x');
		const users = parsed('v1.4/opt_inc_name-email-login_5.json');
		expect(users).toHaveLength(5);
		const ids = users.map(user => toUserRecord(user, SOURCE, assignId).id);
		expect(assignId).not.toHaveBeenCalled();
		expect(ids).toEqual(users.map(user => user.login?.uuid?.toLowerCase()));
	});

	it('an uppercase uuid is lowercased; an empty uuid counts as none', () => {
		expect(toUserRecord({login: {uuid: 'ABCDEF-01'}}, SOURCE, noId).id).toBe('abcdef-01');
		expect(toUserRecord({login: {uuid: ''}}, SOURCE, () => 'NEW-ID').id).toBe('new-id');
	});

	it('an unusable id is a ValidationError naming where it came from', () => {
		expect(() => toUserRecord({login: {uuid: 'a\u0000b'}}, SOURCE, noId)).toThrow(/^login\.uuid: row key contains a control character/);
		expect(() => toUserRecord({}, SOURCE, () => '')).toThrow(ValidationError);
		expect(() => toUserRecord({login: {uuid: 'x'.repeat(129)}}, SOURCE, noId)).toThrow(/too long/);
	});

	it.each(VERSIONS)('%s results_5000: all 5000 ids are unique', version => {
		const ids = records(`${version}/results_5000_seed-delta.json`).map(record => record.id);
		expect(ids).toHaveLength(5000);
		expect(new Set(ids).size).toBe(5000);
	});
});

describe('purity', () => {
	it('does not touch its input and gives the same record twice', () => {
		const user = Object.freeze(structuredClone(parsed('v1.4/nat_IR_20_seed-natIR.json')[0]!));
		const first = toUserRecord(user, SOURCE, noId);
		expect(toUserRecord(user, SOURCE, noId)).toEqual(first);
	});

	it('userColumns of an empty user is empty', () => {
		expect(userColumns({})).toEqual({});
	});

	it('every sample file transforms without error', () => {
		let count = 0;
		for (const file of allJsonFiles()) {
			count += records(file, () => 'generated').length;
		}
		expect(count).toBeGreaterThan(10_000);
	});
});

describe('recordSource', () => {
	const fetchedAt = new Date('2026-11-27T10:00:00Z');

	it('takes what the server reports', () => {
		expect(recordSource({seed: 'alpha', results: 1, page: 2, version: '1.3'}, {apiVersion: '1.4'}, fetchedAt)).toEqual({
			api_version: '1.3',
			seed: 'alpha',
			page: 2,
			fetched_at: '2026-11-27T10:00:00.000Z',
		});
	});

	it('falls back to what was asked for (noinfo)', () => {
		expect(recordSource(undefined, {apiVersion: '1.4', seed: 's'}, fetchedAt)).toEqual({
			api_version: '1.4',
			seed: 's',
			page: null,
			fetched_at: '2026-11-27T10:00:00.000Z',
		});
	});
});
