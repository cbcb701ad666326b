import {describe, expect, it} from 'vitest';
import {type CellPut} from '../../source/domain/cells.js';
import {rowOf} from '../../source/domain/row.js';
import {compareRow, NewestIndex, VerifyTally} from '../../source/domain/verify-report.js';

const expected: CellPut[] = [
	{column: 'info:first_name', value: 'Ava'},
	{column: 'contact:email', value: 'ava@example.com'},
];

describe('compareRow', () => {
	it("agrees when every cell of the record is HBase's newest, value and timestamp", () => {
		const row = rowOf('k', [
			{column: 'info:first_name', value: 'Ava', timestamp: 7},
			{column: 'contact:email', value: 'ava@example.com', timestamp: 7},
			{column: 'address:city', value: 'Oslo', timestamp: 3}, // an older record's cell: not compared
		]);
		expect(compareRow(expected, 7, row)).toEqual({kind: 'agree'});
	});

	it('a row with no cells is missing; a changed value, a newer version or an absent cell is different', () => {
		expect(compareRow(expected, 7, undefined)).toEqual({kind: 'missing'});
		expect(compareRow(expected, 7, rowOf('k', []))).toEqual({kind: 'missing'});
		const row = rowOf('k', [{column: 'info:first_name', value: 'Eve', timestamp: 9}]);
		expect(compareRow(expected, 7, row)).toEqual({
			kind: 'different',
			cells: [
				{column: 'info:first_name', expected: {value: 'Ava', timestamp: 7}, actual: {value: 'Eve', timestamp: 9}},
				{column: 'contact:email', expected: {value: 'ava@example.com', timestamp: 7}, actual: null},
			],
		});
		const rewritten = rowOf('k', [
			{column: 'info:first_name', value: 'Ava', timestamp: 8},
			{column: 'contact:email', value: 'ava@example.com', timestamp: 7},
		]);
		expect(compareRow(expected, 7, rewritten)).toMatchObject({kind: 'different', cells: [{column: 'info:first_name'}]});
	});
});

describe('VerifyTally', () => {
	it('counts every outcome, keeps the first n samples of each kind, sorted by row', () => {
		const tally = new VerifyTally(2);
		for (const row of ['c', 'a', 'b']) tally.add({row, partition: 0, offset: '1', timestamp: 1}, {kind: 'missing'});
		tally.add({row: 'd', partition: 1, offset: '2', timestamp: 1}, {kind: 'agree'});
		const report = tally.report({topic: 't', table: 'u', records: 4, rows: 4, offsets: [], elapsedMs: 1});
		expect(report.agree).toBe(false);
		expect(report.checked).toBe(4);
		expect(report.missing.count).toBe(3);
		expect(report.missing.samples.map(s => s.row)).toEqual(['a', 'c']);
		expect(report.different).toEqual({count: 0, samples: []});
	});
});

const k = (text: string) => Buffer.from(text, 'utf8');

describe('NewestIndex', () => {
	it('keeps the greatest timestamp per key, then the greatest offset, and grows past its first arrays', () => {
		const index = new NewestIndex();
		index.see(k('k'), 0, 1, 100);
		index.see(k('k'), 0, 2, 90); // later offset, older timestamp: not the newest
		index.see(k('j'), 1, 5, 50);
		index.see(k('j'), 1, 6, 50); // same timestamp: the later offset wins
		expect(index.isNewest(k('k'), 0, 1)).toBe(true);
		expect(index.isNewest(k('k'), 0, 2)).toBe(false);
		expect(index.isNewest(k('j'), 1, 6)).toBe(true);
		expect(index.isNewest(k('j'), 1, 5)).toBe(false);
		expect(index.isNewest(k('x'), 0, 1)).toBe(false);
		for (let i = 0; i < 5000; i++) index.see(k(`n${i}`), 2, i, i);
		expect(index.size).toBe(5002);
		expect(index.isNewest(k('n4999'), 2, 4999)).toBe(true);
		expect(index.isNewest(k('k'), 0, 1)).toBe(true);
		// Keys compared byte for byte: a prefix, or the same bytes in another order, is another key.
		index.see(k('n1'), 3, 1, 0); // older than what n1 has: not the newest
		index.see(k('n12'), 3, 2, 0);
		index.see(k('1n'), 3, 3, 1);
		expect(index.size).toBe(5003);
		expect(index.isNewest(k('n1'), 2, 1)).toBe(true);
		expect(index.isNewest(k('1n'), 3, 3)).toBe(true);
		expect(index.isNewest(k('n12'), 2, 12)).toBe(true);
	});
});
