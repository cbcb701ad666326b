import {describe, expect, it} from 'vitest';
import {ValidationError} from '../../source/domain/errors.js';
import {MAX_CELL_VALUE_BYTES, MAX_MESSAGE_BYTES, SCHEMA_HEADER, type MessageHeaders, decodeMessage, encodeMessage} from '../../source/domain/message.js';
import {parseRandomUserResponse} from '../../source/domain/randomuser.js';
import {toUserRecord} from '../../source/domain/transform.js';
import type {RecordSource, UserRecord} from '../../source/domain/user-record.js';
import {VERSIONS, allJsonFiles, natFiles, rawUsers, sampleJson} from './samples.js';

const SOURCE: RecordSource = {api_version: '1.4', seed: 'natIR', page: 1, fetched_at: '2026-11-27T10:00:00.000Z'};
const HEADERS: MessageHeaders = {[SCHEMA_HEADER]: Buffer.from('1')};

function records(file: string): UserRecord[] {
	let n = 0;
	return parseRandomUserResponse(sampleJson(file)).results.map(user => toUserRecord(user, SOURCE, () => `generated-${++n}`));
}

const alpha = records('v1.4/results_0001_seed-alpha.json')[0]!;
const persian = records('v1.4/nat_IR_20_seed-natIR.json')[0]!;

function catchError(fn: () => unknown): ValidationError {
	try {
		fn();
	} catch (error) {
		if (error instanceof ValidationError) return error;
		throw error;
	}
	throw new Error('expected a ValidationError');
}

/** A valid message body for alpha, as an object to break in one place. */
function alphaBody(): Record<string, any> {
	return JSON.parse(encodeMessage(alpha).value);
}

function decodeBody(body: unknown, key: string | null = alpha.id): UserRecord {
	return decodeMessage(key === null ? null : Buffer.from(key), Buffer.from(JSON.stringify(body)), HEADERS);
}

describe('encodeMessage', () => {
	it('key is the row key, the schema header is 1, the value is the JSON contract', () => {
		const message = encodeMessage(alpha);
		expect(message.key).toBe('213fc6a6-7f17-4bba-b2f7-22cfd225c0ca');
		expect(message.headers).toEqual({'userdata-schema': '1'});
		const body = JSON.parse(message.value);
		expect(Object.keys(body)).toEqual(['schema', 'id', 'info', 'contact', 'address', 'source']);
		expect(body.schema).toBe(1);
		expect(body.id).toBe(message.key);
		expect(body.info.first_name).toBe('Benjamin');
		expect(body.source).toEqual(SOURCE);
	});

	it('leaves out source for a record that has none, and stray properties', () => {
		const record = {id: 'k', info: {first_name: 'A', password: 'secret'}, contact: {}, address: {}} as unknown as UserRecord;
		expect(JSON.parse(encodeMessage(record).value)).toEqual({schema: 1, id: 'k', info: {first_name: 'A'}, contact: {}, address: {}});
	});

	it('refuses a bad row key and an oversized cell, naming the field', () => {
		expect(catchError(() => encodeMessage({...alpha, id: ''})).field).toBe('id');
		const big = {...alpha, contact: {email: 'x'.repeat(MAX_CELL_VALUE_BYTES + 1)}};
		expect(catchError(() => encodeMessage(big)).message).toBe(`contact.email: value too large (${MAX_CELL_VALUE_BYTES + 1} bytes > 65536)`);
	});

	it('refuses a message over the limit even when every cell fits', () => {
		const cell = 'x'.repeat(MAX_CELL_VALUE_BYTES);
		const info = Object.fromEntries(Object.keys(alpha.info).map(q => [q, cell]));
		const address = Object.fromEntries(Object.keys(alpha.address).map(q => [q, cell]));
		expect(catchError(() => encodeMessage({...alpha, info, address})).message).toMatch(/^value: message too large \(\d+ bytes > 1048576\)$/);
	});
});

/** Every string and number in a JSON value, keys left out (a password may be "phone" or "country"). */
function leafValues(value: unknown): string[] {
	if (value === null || typeof value !== 'object') return [String(value)];
	return Object.values(value).flatMap(leafValues);
}

function allKeys(value: unknown): string[] {
	if (value === null || typeof value !== 'object') return [];
	return Object.entries(value).flatMap(([key, inner]) => [key, ...allKeys(inner)]);
}

describe('credentials never reach the topic', () => {
	it.each(allJsonFiles().filter(file => rawUsers(file).some(user => user.login?.['password'] !== undefined)))('%s', file => {
		const raw = rawUsers(file);
		const encoded = records(file).map(record => encodeMessage(record).value);
		raw.forEach((user, index) => {
			const value = encoded[index]!;
			const body: unknown = JSON.parse(value);
			expect(allKeys(body).filter(key => /password|salt|md5|sha1|sha256/.test(key))).toEqual([]);
			const leaves = leafValues(body);
			const {password, ...hashes} = user.login as Record<string, string>;
			// Salt and hashes are random: they must not appear anywhere in the message.
			for (const key of ['salt', 'md5', 'sha1', 'sha256']) {
				// A missing hash would make includes() look for "undefined" and pass whatever the message holds.
				expect(hashes[key], `${file} #${index} ${key}`).toMatch(/^[\w.-]{8,}$/);
				expect(value.includes(hashes[key]!), `${file} #${index} ${key}`).toBe(false);
			}
			// Dictionary passwords are real words ("rich", "1960", "j") that also occur inside names
			// and dates: a short one must never be a whole value, a long one never appear at all.
			if (password) {
				const found = password.length >= 8 ? leaves.filter(leaf => leaf.includes(password)) : leaves.filter(leaf => leaf === password);
				expect(found, `${file} #${index} password ${password}`).toEqual([]);
			}
		});
	});
});

describe.each(VERSIONS)('round trip over every nationality of %s', version => {
	it.each(natFiles(version))('%s', file => {
		for (const record of records(file)) {
			const message = encodeMessage(record);
			expect(decodeMessage(Buffer.from(message.key), Buffer.from(message.value), message.headers)).toEqual(record);
		}
	});
});

describe('decodeMessage accepts', () => {
	it('string key and value, headers as kafkajs gives them (Buffer, array) or none', () => {
		const {key, value} = encodeMessage(persian);
		expect(decodeMessage(key, value)).toEqual(persian);
		expect(decodeMessage(key, value, {[SCHEMA_HEADER]: [Buffer.from('1')]})).toEqual(persian);
		expect(decodeMessage(key, value, {other: undefined})).toEqual(persian);
	});

	it('families left out, and a cell of exactly the limit', () => {
		const record = decodeBody({schema: 1, id: alpha.id, contact: {email: 'é'.repeat(MAX_CELL_VALUE_BYTES / 2)}});
		expect(record).toEqual({id: alpha.id, info: {}, contact: {email: 'é'.repeat(MAX_CELL_VALUE_BYTES / 2)}, address: {}});
	});

	it('empty string values', () => {
		expect(decodeBody({schema: 1, id: alpha.id, info: {id_name: ''}}).info).toEqual({id_name: ''});
	});
});

describe('decodeMessage rejects, naming the problem', () => {
	const key = Buffer.from(alpha.id);
	const valid = Buffer.from(encodeMessage(alpha).value);
	const withBody = (change: (body: Record<string, any>) => void): Buffer => {
		const body = alphaBody();
		change(body);
		return Buffer.from(JSON.stringify(body));
	};

	const cases: Array<[string, Buffer | string | null, Buffer | string | null, MessageHeaders | undefined, string, RegExp]> = [
		['null value', key, null, HEADERS, 'value', /^value: empty \(null value/],
		['empty value', key, Buffer.alloc(0), HEADERS, 'value', /^value: empty \(0 bytes\)$/],
		['value over 1 MiB', key, Buffer.alloc(MAX_MESSAGE_BYTES + 1, 0x20), HEADERS, 'value', /^value: message too large \(1048577 bytes > 1048576\)$/],
		['not UTF-8', key, Buffer.from([0x7b, 0xff, 0x7d]), HEADERS, 'value', /^value: not valid UTF-8$/],
		['not JSON', key, Buffer.from('hello'), HEADERS, 'value', /^value: not JSON \(/],
		['not JSON: trailing garbage', key, Buffer.from('{"schema":1}}'), HEADERS, 'value', /^value: not JSON/],
		['truncated JSON', key, valid.subarray(0, valid.length - 30), HEADERS, 'value', /^value: truncated JSON \(\d+ bytes, ends early\)$/],
		['truncated inside a string', key, Buffer.from('{"schema":1,"id":"21'), HEADERS, 'value', /truncated JSON/],
		['JSON array', key, Buffer.from('[1]'), HEADERS, 'value', /^value: expected a JSON object, got array$/],
		['JSON null', key, Buffer.from('null'), HEADERS, 'value', /^value: expected a JSON object, got null$/],
		['JSON string', key, Buffer.from('"x"'), HEADERS, 'value', /got string$/],
		['missing schema', key, withBody(b => delete b['schema']), HEADERS, 'schema', /^schema: expected 1, got nothing$/],
		['schema 2', key, withBody(b => (b['schema'] = 2)), HEADERS, 'schema', /^schema: unsupported version 2 \(this build reads 1\)$/],
		['header schema 2', key, valid, {[SCHEMA_HEADER]: '2'}, 'headers.userdata-schema', /unsupported schema "2"/],
		['missing id', key, withBody(b => delete b['id']), HEADERS, 'id', /^id: missing \(expected string\)$/],
		['id a number', key, withBody(b => (b['id'] = 5)), HEADERS, 'id', /^id: expected string, got number$/],
		['id empty', key, withBody(b => (b['id'] = '')), HEADERS, 'id', /^id: empty row key$/],
		['id with a control character', key, withBody(b => (b['id'] = 'ab\u001bc')), HEADERS, 'id', /^id: row key contains a control character \(U\+001B at 2\)$/],
		['id too long', key, withBody(b => (b['id'] = 'a'.repeat(129))), HEADERS, 'id', /^id: row key too long \(129 characters > 128\)$/],
		['id not matching key', Buffer.from('other'), valid, HEADERS, 'id', /^id: does not match the message key \(id "213fc6a6-.*", key "other"\)$/],
		['missing key', null, valid, HEADERS, 'key', /^key: missing/],
		['unknown family', key, withBody(b => (b['login'] = {password: 'x'})), HEADERS, 'login', /^login: unknown family 'login' \(known: info, contact, address\)$/],
		['unknown qualifier', key, withBody(b => (b['info']['password'] = 'x')), HEADERS, 'info.password', /^info\.password: unknown qualifier 'password' in family info$/],
		['unknown source field', key, withBody(b => (b['source']['host'] = 'x')), HEADERS, 'source.host', /^source\.host: unknown field$/],
		['family not an object', key, withBody(b => (b['contact'] = 'x')), HEADERS, 'contact', /^contact: expected object, got string$/],
		['cell a number', key, withBody(b => (b['info']['first_name'] = 5)), HEADERS, 'info.first_name', /^info\.first_name: expected string, got number$/],
		['cell null', key, withBody(b => (b['address']['country'] = null)), HEADERS, 'address.country', /^address\.country: expected string, got null$/],
		[
			'cell over 64 KiB',
			key,
			withBody(b => (b['info']['last_name'] = 'ب'.repeat(32_769))),
			HEADERS,
			'info.last_name',
			/^info\.last_name: value too large \(65538 bytes > 65536\)$/,
		],
		['source page a string', key, withBody(b => (b['source']['page'] = '1')), HEADERS, 'source.page', /^source\.page: expected number, got string$/],
		['source fetched_at not ISO', key, withBody(b => (b['source']['fetched_at'] = 'yesterday')), HEADERS, 'source.fetched_at', /^source\.fetched_at: /],
	];

	it.each(cases)('%s', (_name, messageKey, value, headers, field, message) => {
		const error = catchError(() => decodeMessage(messageKey, value, headers));
		expect(error.message).toMatch(message);
		expect(error.field).toBe(field);
		expect(error.retriable).toBe(false);
	});
});
