import {describe, expect, it} from 'vitest';
import {ValidationError} from '../../../source/domain/errors.js';
import {
	COUNT_FILTER,
	compareKeys,
	coversColumn,
	keyRange,
	parseColumnList,
	parseWhere,
	prefixStop,
	quoteFilterLiteral,
	validateLimit,
	valueFilterString,
} from '../../../source/services/crud/scan-options.js';

describe('prefixStop', () => {
	it.each([
		['21', '22'],
		['abc', 'abd'],
		['a/', 'a0'],
		['ж', 'з'],
		['a\u{10ffff}', 'b'],
		['\u{d7ff}', '\u{e000}'], // skips the surrogates, so the stop row stays valid UTF-8
	])('%j stops at %j', (prefix, stop) => {
		expect(prefixStop(prefix)).toBe(stop);
	});

	it('has no stop for a prefix of only the last code point', () => {
		expect(prefixStop('\u{10ffff}\u{10ffff}')).toBeUndefined();
	});

	it('is above every key with the prefix and below every key after them, in byte order', () => {
		const prefix = 'b😀';
		const stop = prefixStop(prefix)!;
		for (const key of ['b😀', 'b😀\u{10ffff}', 'b😀zzz']) expect(compareKeys(key, stop)).toBeLessThan(0);
		for (const key of ['b😁', 'c', 'b\u{1f601}a']) expect(compareKeys(key, stop)).toBeGreaterThanOrEqual(0);
	});
});

describe('keyRange', () => {
	it('scans everything without prefix or start', () => {
		expect(keyRange({})).toEqual({startRow: undefined, stopRow: undefined, empty: false});
	});

	it('turns a prefix into a start and stop row', () => {
		expect(keyRange({prefix: '21'})).toEqual({startRow: '21', stopRow: '22', empty: false});
	});

	it('starts at the continuation token inside the prefix', () => {
		expect(keyRange({prefix: '21', start: '21f'})).toEqual({startRow: '21f', stopRow: '22', empty: false});
	});

	it('keeps the prefix when the start lies before it', () => {
		expect(keyRange({prefix: '21', start: '0'})).toMatchObject({startRow: '21'});
	});

	it('is empty when the start lies past the prefix', () => {
		expect(keyRange({prefix: '21', start: '3'}).empty).toBe(true);
	});

	it('refuses control characters in prefix and start', () => {
		expect(() => keyRange({prefix: 'a\u001b'})).toThrow(/\{prefix\}: row key contains a control character/);
		expect(() => keyRange({start: 'a\n'})).toThrow(/\{start\}/);
	});
});

describe('parseWhere and valueFilterString', () => {
	it('reads contains (~) and equals (=)', () => {
		expect(parseWhere('contact:email~gmail')).toEqual({column: 'contact:email', match: 'contains', text: 'gmail'});
		expect(parseWhere('info:nat=NO')).toEqual({column: 'info:nat', match: 'equals', text: 'NO'});
	});

	it('splits at the first operator, so the text may hold ~ and =', () => {
		expect(parseWhere('info:username~a=b~c')).toEqual({column: 'info:username', match: 'contains', text: 'a=b~c'});
	});

	it('writes a SingleColumnValueFilter that skips rows without the column', () => {
		expect(valueFilterString(parseWhere('contact:email~x'))).toBe("SingleColumnValueFilter('contact','email',=,'substring:x',true,true)");
		expect(valueFilterString(parseWhere('info:nat=NO'))).toBe("SingleColumnValueFilter('info','nat',=,'binary:NO',true,true)");
	});

	it('doubles single quotes inside literals', () => {
		expect(quoteFilterLiteral("o'brien")).toBe("'o''brien'");
		expect(valueFilterString(parseWhere("contact:email~o'b"))).toContain("'substring:o''b'");
	});

	it.each([
		['contact:email', /expected family:qualifier~text/],
		['contact:email~', /empty text/],
		['nope:email~x', /unknown family 'nope'/],
		['contact:mail~x', /unknown qualifier 'mail'/],
		['contact:email~a\u0007', /control character/],
	])('refuses %j', (expression, message) => {
		expect(() => parseWhere(expression)).toThrow(ValidationError);
		expect(() => parseWhere(expression)).toThrow(message);
	});

	it('counts with a key-only filter', () => {
		expect(COUNT_FILTER).toBe('FirstKeyOnlyFilter() AND KeyOnlyFilter()');
	});
});

describe('parseColumnList', () => {
	it('takes families and columns, trims, drops duplicates', () => {
		expect(parseColumnList(' info, contact:email ,info')).toEqual(['info', 'contact:email']);
	});

	it.each([
		['', /empty list/],
		['infos', /unknown family 'infos'/],
		['info:', /unknown qualifier ''/],
		['info:x', /unknown qualifier 'x'/],
	])('refuses %j', (list, message) => {
		expect(() => parseColumnList(list)).toThrow(message);
	});

	it('knows when a list already reads a column', () => {
		expect(coversColumn(['contact'], 'contact:email')).toBe(true);
		expect(coversColumn(['contact:email'], 'contact:email')).toBe(true);
		expect(coversColumn(['info', 'contact:phone'], 'contact:email')).toBe(false);
	});
});

describe('validateLimit', () => {
	it('defaults to 25 and accepts 1..1000', () => {
		expect(validateLimit(undefined)).toBe(25);
		expect(validateLimit(1)).toBe(1);
		expect(validateLimit(1000)).toBe(1000);
	});

	it.each([0, 1001, 2.5, Number.NaN])('refuses %s', limit => {
		expect(() => validateLimit(limit)).toThrow(/\{limit\}: expected a whole number from 1 to 1000/);
	});
});
