import {describe, expect, it} from 'vitest';
import {checkCsvRow, checkNdjsonRow} from '../../source/domain/import-check.js';
import {type TextVersion} from '../../source/domain/transfer-format.js';

const REQUIRED: Array<[string, TextVersion[]]> = [
	['info:first_name', [{value: 'Ava', timestamp: 10}]],
	['info:last_name', [{value: 'Lind', timestamp: 10}]],
	['contact:email', [{value: 'ava@example.com', timestamp: 10}]],
];

describe("checkNdjsonRow: create's checks, every version kept", () => {
	it('groups the cell versions by timestamp, newest first', () => {
		const row = checkNdjsonRow({
			row: 'k1',
			cells: new Map([
				...REQUIRED,
				[
					'address:city',
					[
						{value: 'Bergen', timestamp: 30},
						{value: 'Oslo', timestamp: 10},
					],
				],
			]),
		});
		expect(row.cellCount).toBe(5);
		expect(row.versions.map(v => [v.timestamp, v.cells.map(c => `${c.column}=${c.value}`)])).toEqual([
			[30, ['address:city=Bergen']],
			[10, ['info:first_name=Ava', 'info:last_name=Lind', 'contact:email=ava@example.com', 'address:city=Oslo']],
		]);
	});

	it('accepts an empty value (the pipeline writes one for an API ""), refuses what create refuses', () => {
		expect(checkNdjsonRow({row: 'k', cells: new Map([...REQUIRED, ['info:id_value', [{value: '', timestamp: 10}]]])}).cellCount).toBe(4);
		const without = (column: string) => new Map(REQUIRED.filter(([c]) => c !== column));
		expect(() => checkNdjsonRow({row: 'k', cells: without('contact:email')})).toThrow(/contact:email: required/);
		expect(() => checkNdjsonRow({row: 'k', cells: new Map([...REQUIRED, ['info:shoe', [{value: 'x', timestamp: 1}]]])})).toThrow(/unknown qualifier/);
		expect(() => checkNdjsonRow({row: 'k', cells: new Map([...REQUIRED, ['info:title', [{value: 'a\u001b[2J', timestamp: 1}]]])})).toThrow(/control character/);
		expect(() => checkNdjsonRow({row: '', cells: new Map(REQUIRED)})).toThrow(/empty row key/);
		// The row as it stands (newest versions) must be a valid new user: an older email does not count.
		const emailCleared = new Map([
			...REQUIRED.slice(0, 2),
			[
				'contact:email',
				[
					{value: 'not an email', timestamp: 20},
					{value: 'ava@example.com', timestamp: 10},
				],
			],
		] as Array<[string, TextVersion[]]>);
		expect(() => checkNdjsonRow({row: 'k', cells: emailCleared})).toThrow(/not an email/);
	});
});

describe('checkCsvRow', () => {
	const columns = ['info:first_name', 'info:last_name', 'contact:email', 'address:city'];
	it('one version HBase stamps; an empty field is no cell', () => {
		expect(checkCsvRow(['k', 'Ava', 'Lind', 'ava@example.com', ''], columns)).toEqual({
			row: 'k',
			versions: [
				{
					cells: [
						{column: 'info:first_name', value: 'Ava'},
						{column: 'info:last_name', value: 'Lind'},
						{column: 'contact:email', value: 'ava@example.com'},
					],
				},
			],
			cellCount: 3,
		});
	});
	it('refuses a line with another number of fields than the header, and missing required values', () => {
		expect(() => checkCsvRow(['k', 'Ava'], columns)).toThrow(/expected 5 fields as in the header, got 2/);
		expect(() => checkCsvRow(['k', 'Ava', '', 'ava@example.com', ''], columns)).toThrow(/info:last_name: required/);
	});
});
