import {describe, expect, it} from 'vitest';
import {compareColumns, filterCells, findCell, rowOf} from '../../source/domain/row.js';

describe('row model', () => {
	it('orders contract columns first, in contract order, then the rest by name', () => {
		expect(['zz:b', 'contact:email', 'info:title', 'aa:a', 'info:gender'].sort(compareColumns)).toEqual(['info:gender', 'info:title', 'contact:email', 'aa:a', 'zz:b']);
	});

	it('builds a row in column order with its newest timestamp', () => {
		const row = rowOf('k', [
			{column: 'contact:email', value: 'a@b.co', timestamp: 5},
			{column: 'info:first_name', value: 'A', timestamp: 3},
		]);
		expect(row).toEqual({
			id: 'k',
			cells: [
				{column: 'info:first_name', value: 'A', timestamp: 3},
				{column: 'contact:email', value: 'a@b.co', timestamp: 5},
			],
			updatedAt: 5,
		});
		expect(findCell(row, 'contact:email')?.value).toBe('a@b.co');
		expect(findCell(row, 'info:title')).toBeUndefined();
	});

	it('drops filter-only columns and keeps the newest timestamp of the rest', () => {
		const row = rowOf('k', [
			{column: 'contact:email', value: 'a@b.co', timestamp: 5},
			{column: 'info:first_name', value: 'A', timestamp: 3},
		]);
		expect(filterCells(row, cell => cell.column !== 'contact:email')).toEqual({
			id: 'k',
			cells: [{column: 'info:first_name', value: 'A', timestamp: 3}],
			updatedAt: 3,
		});
	});

	it('has updatedAt 0 without cells', () => {
		expect(rowOf('k', []).updatedAt).toBe(0);
	});
});
