import {describe, expect, it} from 'vitest';
import {ValidationError} from '../../source/domain/errors.js';
import {
	MAX_CRUD_VALUE_LENGTH,
	fieldsFromRandomUserJson,
	fieldsFromSetArgs,
	isEmailShaped,
	parseSetArg,
	validateCreate,
	validateUpdate,
	validateField,
} from '../../source/domain/validation.js';
import {allJsonFiles, rawUsers, sampleJson} from './samples.js';

function catchError(fn: () => unknown): ValidationError {
	try {
		fn();
	} catch (error) {
		if (error instanceof ValidationError) return error;
		throw error;
	}
	throw new Error('expected a ValidationError');
}

const VALID = {'info:first_name': 'Ava', 'info:last_name': 'Lind', 'contact:email': 'ava.lind@example.com'};

describe('parseSetArg', () => {
	it.each([
		['info:first_name=Ava', 'info:first_name', 'Ava'],
		['info:last_name=کامروا', 'info:last_name', 'کامروا'],
		['address:street_name=Rua Treze ', 'address:street_name', 'Rua Treze '],
		['info:picture_large=https://x.test/a?b=c', 'info:picture_large', 'https://x.test/a?b=c'],
		["contact:email=o'neil-x@example.com", 'contact:email', "o'neil-x@example.com"],
	])('%j', (arg, column, value) => {
		expect(parseSetArg(arg)).toEqual({column, value});
	});

	it.each([
		['info:first_name', '--set', /^--set "info:first_name": missing '=' \(expected family:qualifier=value\)$/],
		['info:first_name=', 'info:first_name', /^info:first_name: empty value$/],
		['=Ava', '', /^\(empty\): expected family:qualifier/],
		['first_name=Ava', 'first_name', /^first_name: expected family:qualifier/],
		['login:password=x', 'login:password', /unknown family 'login'/],
		['info:password=x', 'info:password', /unknown qualifier 'password'/],
		['contact:email=not-an-email', 'contact:email', /^contact:email: not an email address \("not-an-email"\)$/],
		['contact:email=a b@example.com', 'contact:email', /not an email address/],
		[`info:first_name=${'x'.repeat(MAX_CRUD_VALUE_LENGTH + 1)}`, 'info:first_name', /^info:first_name: value too long \(4097 characters > 4096\)$/],
		['info:first_name=A\u001b[2Jva', 'info:first_name', /^info:first_name: value contains a control character \(U\+001B at 1\)$/],
	])('rejects %j', (arg, field, message) => {
		const error = catchError(() => parseSetArg(arg));
		expect(error.field).toBe(field);
		expect(error.message).toMatch(message);
	});

	it('tells how to clear a cell instead of setting it empty', () => {
		expect(catchError(() => parseSetArg('contact:cell=')).hint).toMatch(/clear/);
	});

	it('accepts exactly the length limit, counted in characters', () => {
		expect(parseSetArg(`info:first_name=${'ب'.repeat(MAX_CRUD_VALUE_LENGTH)}`).value).toHaveLength(MAX_CRUD_VALUE_LENGTH);
	});
});

describe('fieldsFromSetArgs', () => {
	it('collects several', () => {
		expect(fieldsFromSetArgs(['info:first_name=Ava', 'contact:cell=0123'])).toEqual({'info:first_name': 'Ava', 'contact:cell': '0123'});
	});

	it('refuses the same column twice', () => {
		expect(() => fieldsFromSetArgs(['info:first_name=A', 'info:first_name=B'])).toThrow(/^info:first_name: set twice$/);
	});
});

describe('validateCreate', () => {
	it('accepts the three required fields', () => {
		expect(validateCreate(VALID)).toEqual(VALID);
	});

	it.each(['info:first_name', 'info:last_name', 'contact:email'])('requires %s', column => {
		const {[column as keyof typeof VALID]: _left, ...rest} = VALID;
		const error = catchError(() => validateCreate(rest));
		expect(error.field).toBe(column);
		expect(error.message).toBe(`${column}: required for a new user`);
	});

	it.each([
		[{...VALID, 'contact:email': ''}, 'contact:email', /empty value/],
		[{...VALID, 'contact:email': 'nope'}, 'contact:email', /not an email/],
		[{...VALID, 'info:shoe_size': '42'}, 'info:shoe_size', /unknown qualifier/],
		[{...VALID, 'info:age': 'x'.repeat(5000)}, 'info:age', /too long/],
	])('rejects bad values (%#)', (fields, field, message) => {
		const error = catchError(() => validateCreate(fields));
		expect(error.field).toBe(field);
		expect(error.message).toMatch(message);
	});
});

describe('validateUpdate', () => {
	it('needs at least one field, nothing else required', () => {
		expect(() => validateUpdate({})).toThrow(/^fields: nothing to update$/);
		expect(validateUpdate({'address:city': 'Durham'})).toEqual({'address:city': 'Durham'});
	});

	it('rejects empty values (clearing is a separate operation)', () => {
		expect(() => validateUpdate({'address:city': ''})).toThrow(/^address:city: empty value$/);
	});
});

describe('isEmailShaped', () => {
	it.each(['a@b.co', 'ava.lind@example.com', "o'neil@example.com", 'x-y@sub.example.org'])('%j yes', email => {
		expect(isEmailShaped(email)).toBe(true);
	});

	it.each(['', 'a', 'a@b', '@b.co', 'a@.co', 'a@b.', 'a b@c.de', 'a@b@c.de', 'a@b.co '])('%j no', email => {
		expect(isEmailShaped(email)).toBe(false);
	});

	it('accepts every email in the samples', () => {
		const emails = allJsonFiles().flatMap(file =>
			rawUsers(file)
				.map(user => user['email'])
				.filter(email => typeof email === 'string'),
		);
		expect(emails.length).toBeGreaterThan(10_000);
		expect(emails.filter(email => !isEmailShaped(email))).toEqual([]);
	});
});

describe('fieldsFromRandomUserJson', () => {
	it('takes one user, with its uuid as row key and no credentials', () => {
		const body = sampleJson('v1.4/results_0001_seed-alpha.json') as {results: unknown[]};
		const {rowKey, fields} = fieldsFromRandomUserJson(body.results[0]);
		expect(rowKey).toBe('213fc6a6-7f17-4bba-b2f7-22cfd225c0ca');
		expect(Object.keys(fields)).toHaveLength(27);
		expect(fields['info:first_name']).toBe('Benjamin');
		expect(JSON.stringify(fields)).not.toContain('bing');
		expect(validateCreate(fields)).toEqual(fields);
	});

	it('takes a response with exactly one result', () => {
		expect(fieldsFromRandomUserJson(sampleJson('v1.4/results_0001_seed-alpha.json')).fields['contact:email']).toBe('benjamin.christensen@example.com');
	});

	it('refuses a response with several results', () => {
		expect(() => fieldsFromRandomUserJson(sampleJson('v1.4/results_0010_seed-beta.json'))).toThrow(/^results: expected exactly 1 user, got 10 users$/);
		expect(() => fieldsFromRandomUserJson({results: 'x'})).toThrow(/^results: expected exactly 1 user, got string$/);
	});

	it('leaves out empty and null values (IR: id.name "" and id.value null)', () => {
		const body = sampleJson('v1.4/nat_IR_20_seed-natIR.json') as {results: unknown[]};
		const {fields} = fieldsFromRandomUserJson(body.results[0]);
		expect(fields).not.toHaveProperty('info:id_name');
		expect(fields).not.toHaveProperty('info:id_value');
		expect(validateCreate(fields)['info:first_name']).toMatch(/[\u0600-\u06FF]/u);
	});

	it('a user without a name passes here and fails create on the required field', () => {
		const body = sampleJson('v1.4/opt_inc_dob-registered_5.json') as {results: unknown[]};
		const {rowKey, fields} = fieldsFromRandomUserJson(body.results[0]);
		expect(rowKey).toBeUndefined();
		expect(() => validateCreate(fields)).toThrow(/^info:first_name: required for a new user$/);
	});

	it('names the field of a bad shape', () => {
		const error = catchError(() => fieldsFromRandomUserJson({name: {first: 1}}));
		expect(error.field).toBe('name.first');
		expect(error.message).toBe('randomuser JSON: name.first: expected string, got number');
		expect(catchError(() => fieldsFromRandomUserJson({results: [{email: 2}]})).field).toBe('results.0.email');
		expect(catchError(() => fieldsFromRandomUserJson(null)).message).toMatch(/expected object, got null/);
	});
});

describe('validateField checks each known column by its type', () => {
	it.each([
		['info:age', 'abc', /expected a whole number from 0 to 150/u],
		['info:age', '-3', /whole number/u],
		['info:registered', 'tomorrow', /expected an ISO 8601 date/u],
		['info:registered', '2999-01-01T00:00:00Z', /not in the future/u],
		['info:dob', '1993-13-45', /ISO 8601/u],
		['info:nat', 'XX', /expected a nationality code of the API: AU, BR/u],
		['info:gender', 'x', /male or female/u],
		['address:latitude', '91', /from -90 to 90/u],
		['address:longitude', 'east', /from -180 to 180/u],
		['address:timezone_offset', '5h', /like \+5:30/u],
		['info:picture_large', 'not a url', /http\(s\) URL/u],
	])('%s %j is refused, naming the column', (column, value, message) => {
		const error = catchError(() => validateField(column, value));
		expect(error.field).toBe(column);
		expect(error.message).toMatch(message);
	});

	it.each([
		['info:age', '42'],
		['info:registered', '2015-03-01T10:00:00.000Z'],
		['info:dob', '1993-07-20'],
		['info:nat', 'LEGO'],
		['address:latitude', '-69.8246'],
		['address:timezone_offset', '-3:30'],
		['address:city', 'anything at all'],
	])('%s %j is taken', (column, value) => {
		expect(validateField(column, value)).toBe(column);
	});

	it('takes every user the API served in the recorded samples, field by field', () => {
		let checked = 0;
		const refused: string[] = [];
		for (const file of allJsonFiles()) {
			const body = sampleJson(file) as {results?: unknown[]};
			for (const user of body.results ?? []) {
				let fields: Record<string, string>;
				try {
					({fields} = fieldsFromRandomUserJson(user));
				} catch {
					continue; // shapes the JSON reader refuses are tested above
				}
				for (const [column, value] of Object.entries(fields)) {
					checked++;
					try {
						validateField(column, value);
					} catch (error) {
						refused.push(`${file} ${column}=${value}: ${(error as Error).message}`);
					}
				}
			}
		}
		expect(refused).toEqual([]);
		expect(checked).toBeGreaterThan(1000);
	});
});
