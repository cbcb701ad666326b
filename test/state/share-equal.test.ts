import {describe, expect, it} from 'vitest';
import {shareEqual} from '../../source/state/share-equal.js';

describe('shareEqual: the previous value wherever the next one equals it', () => {
	it('returns the previous object itself when nothing changed, however deep', () => {
		const previous = {a: 1, list: [1, 2, {x: 'y'}], nested: {deep: [[1], [2]]}, gone: undefined};
		const next = {a: 1, list: [1, 2, {x: 'y'}], nested: {deep: [[1], [2]]}, gone: undefined};
		expect(shareEqual(previous, next)).toBe(previous);
	});

	it('keeps the unchanged parts of a changed value and takes the changed ones', () => {
		const previous = {same: [1, 2, 3], changed: [1, 2], text: 'a', object: {k: 1}};
		const next = {same: [1, 2, 3], changed: [1, 2, 3], text: 'b', object: {k: 1}};
		const out = shareEqual(previous, next);
		expect(out).not.toBe(previous);
		expect(out).toEqual(next);
		expect(out.same).toBe(previous.same);
		expect(out.object).toBe(previous.object);
		expect(out.changed).toEqual([1, 2, 3]);
	});

	it('sees added, removed and replaced keys and items, and NaN as equal to NaN', () => {
		expect(shareEqual<Record<string, number>>({a: 1}, {a: 1, b: 2})).toEqual({a: 1, b: 2});
		expect(shareEqual<Record<string, number>>({a: 1, b: 2}, {a: 1})).toEqual({a: 1});
		const shorter = [1, 2];
		expect(shareEqual([1, 2, 3], shorter)).toEqual([1, 2]);
		const blank = {a: undefined};
		expect(shareEqual<Record<string, unknown>>(blank, {})).toBe(blank);
		expect(shareEqual<Record<string, unknown>>({a: undefined}, {a: 1})).toEqual({a: 1});
		const nan = {rate: Number.NaN};
		expect(shareEqual(nan, {rate: Number.NaN})).toBe(nan);
	});

	it('does not walk into class instances: a Map or a Date is compared by identity', () => {
		const map = new Map([[1, 2]]);
		const other = new Map([[1, 2]]);
		expect(shareEqual({map}, {map: other}).map).toBe(other);
	});
});
