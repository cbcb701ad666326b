import {describe, expect, it} from 'vitest';
import {ValidationError} from '../../../source/domain/errors.js';
import {validateChanges, validateTimestamp, validateVersions} from '../../../source/services/crud/changes.js';
import {createInputFromJson, parseJsonText} from '../../../source/services/crud/create-input.js';
import {sampleJson} from '../../domain/samples.js';

describe('validateChanges', () => {
	it('returns typed sets and unsets', () => {
		expect(validateChanges({set: {'address:city': 'Oslo'}, unset: ['contact:cell', 'contact:cell']})).toEqual({
			set: [['address:city', 'Oslo']],
			unset: ['contact:cell'],
		});
	});

	it.each([
		[{}, /nothing to update/],
		[{set: {'info:nope': 'x'}}, /unknown qualifier 'nope'/],
		[{set: {'address:city': ''}}, /empty value/],
		[{set: {'address:city': 'x'.repeat(4097)}}, /value too long \(4097 characters > 4096\)/],
		[{set: {'contact:email': 'not-an-email'}}, /not an email address/],
		[{unset: ['info:first_name']}, /required column cannot be cleared/],
		[{unset: ['contact:email']}, /required column cannot be cleared/],
		[{set: {'info:age': '3'}, unset: ['info:age']}, /both set and cleared/],
	])('refuses %j', (input, message) => {
		expect(() => validateChanges(input)).toThrow(ValidationError);
		expect(() => validateChanges(input)).toThrow(message);
	});

	it('names the column at fault', () => {
		try {
			validateChanges({set: {'address:city': ''}});
		} catch (error) {
			expect((error as ValidationError).field).toBe('address:city');
		}
		expect.assertions(1);
	});
});

describe('validateVersions and validateTimestamp', () => {
	it('takes 1..kept versions', () => {
		expect(validateVersions(undefined, 3)).toBe(1);
		expect(validateVersions(3, 3)).toBe(3);
		expect(() => validateVersions(4, 3)).toThrow(/from 1 to 3 \(got 4\)/);
		expect(() => validateVersions(0, 3)).toThrow(ValidationError);
	});

	it('takes whole, non-negative ms', () => {
		expect(validateTimestamp(1_767_225_600_000, 'ts')).toBe(1_767_225_600_000);
		expect(() => validateTimestamp(-1, 'ts')).toThrow(/ts: expected a cell timestamp/);
		expect(() => validateTimestamp(1.5, 'ts')).toThrow(ValidationError);
	});
});

describe('create input from JSON', () => {
	it('reads a randomuser response with one result, keeping its login.uuid as the key', () => {
		const input = createInputFromJson(sampleJson('v1.4/results_0001_seed-alpha.json'));
		expect(input.id).toBe('213fc6a6-7f17-4bba-b2f7-22cfd225c0ca');
		expect(input.fields['info:first_name']).toBe('Benjamin');
		expect(input.fields['address:postcode']).toBe('47492');
	});

	it('reads a flat map, numbers as decimal strings, without a key', () => {
		expect(createInputFromJson({'info:first_name': 'Ива', 'address:postcode': 11000})).toEqual({
			fields: {'info:first_name': 'Ива', 'address:postcode': '11000'},
		});
	});

	it('refuses non-string values in a flat map, naming the column', () => {
		expect(() => createInputFromJson({'info:first_name': null})).toThrow(/info:first_name: expected a string value, got null/);
		expect(() => createInputFromJson({'info:first_name': ['a']})).toThrow(/got object/);
	});

	it('refuses a response with several users', () => {
		expect(() => createInputFromJson(sampleJson('v1.4/results_0010_seed-beta.json'))).toThrow(/expected exactly 1 user, got 10 users/);
	});

	it('says which file is not JSON', () => {
		expect(() => parseJsonText('{not json', '--file user.json')).toThrow(/^--file user\.json: not JSON \(/);
	});
});
