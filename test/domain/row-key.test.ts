import {describe, expect, it} from 'vitest';
import {ValidationError} from '../../source/domain/errors.js';
import {validateRowKey as fromMessage} from '../../source/domain/message.js';
import {MAX_ROW_KEY_LENGTH, canonicalRowKey, validateRowKey} from '../../source/domain/row-key.js';

describe('validateRowKey', () => {
	it('is the one message.ts exports', () => {
		expect(fromMessage).toBe(validateRowKey);
	});

	it.each([
		'213fc6a6-7f17-4bba-b2f7-22cfd225c0ca',
		'a',
		'x'.repeat(MAX_ROW_KEY_LENGTH),
		'ب'.repeat(MAX_ROW_KEY_LENGTH),
		'😀'.repeat(MAX_ROW_KEY_LENGTH), // 128 code points, 256 UTF-16 units
		'with space',
	])('accepts %j', key => {
		expect(validateRowKey(key)).toBe(key);
	});

	it.each([
		['', /^id: empty row key$/],
		['x'.repeat(MAX_ROW_KEY_LENGTH + 1), /^id: row key too long \(129 characters > 128\)$/],
		['a\u0000', /control character \(U\+0000 at 1\)/],
		['a\nb', /U\+000A at 1/],
		['\u007f', /U\+007F at 0/],
		['a\u009bb', /U\+009B at 1/],
		[null, /^id: expected a string row key, got null$/],
		[42, /got number/],
	])('rejects %j', (key, message) => {
		expect(() => validateRowKey(key)).toThrow(ValidationError);
		expect(() => validateRowKey(key)).toThrow(message);
	});

	it('names the field it was given', () => {
		try {
			validateRowKey('', 'login.uuid');
		} catch (error) {
			expect((error as ValidationError).field).toBe('login.uuid');
		}
		expect.assertions(1);
	});
});

describe('canonicalRowKey', () => {
	it('lowercases and trims', () => {
		expect(canonicalRowKey(' 213FC6A6-7F17-4BBA-B2F7-22CFD225C0CA ')).toBe('213fc6a6-7f17-4bba-b2f7-22cfd225c0ca');
	});

	it('still refuses what validateRowKey refuses', () => {
		expect(() => canonicalRowKey('   ')).toThrow(/empty row key/);
	});
});

describe('row key length counts code points, not UTF-16 units', () => {
	it('takes 128 astral characters (256 UTF-16 units) and refuses 129', () => {
		expect(validateRowKey('😀'.repeat(MAX_ROW_KEY_LENGTH))).toBe('😀'.repeat(MAX_ROW_KEY_LENGTH));
		expect(() => validateRowKey('😀'.repeat(MAX_ROW_KEY_LENGTH + 1))).toThrow(/row key too long \(129 characters > 128\)/);
	});
});
