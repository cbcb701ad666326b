import {describe, expect, it} from 'vitest';
import {recordToCells} from '../../../source/domain/cells.js';
import {ValidationError} from '../../../source/domain/errors.js';
import {parseRandomUserResponse} from '../../../source/domain/randomuser.js';
import {toUserRecord} from '../../../source/domain/transform.js';
import {type MutateRowsCall, type RowWrite, encodeMutateRowsCall, mutateRowsMethod} from '../../../source/services/hbase/mutate-rows-call.js';
import {runtimeEncodeMutateRows} from '../../helpers/runtime-mutate-rows.js';
import {sampleJson} from '../../domain/samples.js';

/** Rows as the sink writes them: the recorded users' cells, each user under its own row key. */
function userRows(file: string, limit = Number.POSITIVE_INFINITY): RowWrite[] {
	const source = {api_version: '1.4', seed: null, page: null, fetched_at: '2026-11-27T10:00:00.000Z'};
	return parseRandomUserResponse(sampleJson(file))
		.results.slice(0, limit)
		.map((user, index) => {
			const record = toUserRecord(user, source, () => `generated-${index}`);
			return {row: record.id, cells: recordToCells(record)};
		});
}

const TS = 1_764_237_600_123;

const cases: Array<[string, MutateRowsCall]> = [
	[
		'a binary row key and value (bytes another writer stored, written back as they are)',
		{
			table: 'userdata',
			rows: [
				{
					row: Buffer.from([0x00, 0xff, 0x1b]),
					cells: [
						{column: 'info:nat', value: Buffer.from([0xc3, 0x28])},
						{column: 'info:title', value: 'Dr'},
					],
				},
			],
		},
	],
	['one put', {table: 'userdata', rows: [{row: 'r1', cells: [{column: 'info:first_name', value: 'Ava'}]}], timestamp: TS}],
	[
		'deletes among puts',
		{
			table: 'userdata',
			rows: [
				{
					row: 'r1',
					cells: [{column: 'info:first_name', value: 'Ava'}, {column: 'info:title'}, {column: 'contact:email', value: 'ava@example.com'}, {column: 'address:city'}],
				},
				{row: 'r2', cells: [{column: 'info:last_name'}]},
			],
			timestamp: TS,
		},
	],
	[
		'empty values',
		{
			table: 'userdata',
			rows: [
				{
					row: 'r1',
					cells: [
						{column: 'info:title', value: ''},
						{column: 'address:postcode', value: ''},
					],
				},
			],
			timestamp: TS,
		},
	],
	[
		'Persian, Serbian Cyrillic, Ukrainian, emoji, a lone surrogate',
		{
			table: 'userdata',
			rows: [
				{
					row: 'row-ش',
					cells: [
						{column: 'info:first_name', value: 'مهدی'},
						{column: 'info:last_name', value: 'Јовановић'},
						{column: 'address:city', value: 'Київ'},
						{column: 'address:street_name', value: 'Straße 😀 👩‍👩‍👧'},
						{column: 'info:title', value: 'broken \uD800 half'},
						{column: 'info:nat', value: 'Ñ é ÿ'}, // latin1 range: differs from UTF-8 in every char
					],
				},
			],
			timestamp: TS,
		},
	],
	['a non-ASCII table name', {table: 'جدول', rows: [{row: 'r', cells: [{column: 'info:gender', value: 'f'}]}], timestamp: TS}],
	[
		'text three times its length in UTF-8 (the buffer grows)',
		{
			table: 'userdata',
			rows: Array.from({length: 30}, (_, i) => ({
				row: `行-${i}`,
				cells: [
					{column: 'info:first_name', value: '漢字かな'.repeat(50 * i)},
					{column: 'address:city', value: '😀'.repeat(i)},
				],
			})),
			timestamp: TS,
		},
	],
	['one value of 300 kB', {table: 'userdata', rows: [{row: 'r', cells: [{column: 'info:title', value: '字'.repeat(100_000)}]}], timestamp: TS}],
	['no rows', {table: 'userdata', rows: [], timestamp: TS}],
	['a row without cells', {table: 'userdata', rows: [{row: 'r1', cells: []}], timestamp: TS}],
	['timestamp 0', {table: 'userdata', rows: [{row: 'r', cells: [{column: 'info:age', value: '1'}]}], timestamp: 0}],
	['a negative timestamp', {table: 'userdata', rows: [{row: 'r', cells: [{column: 'info:age', value: '1'}]}], timestamp: -1_234_567_890_123}],
	['the largest safe timestamp', {table: 'userdata', rows: [{row: 'r', cells: [{column: 'info:age', value: '1'}]}], timestamp: Number.MAX_SAFE_INTEGER}],
	['mutateRows (no timestamp)', {table: 'userdata', rows: [{row: 'r1', cells: [{column: 'info:first_name', value: 'مهدی'}, {column: 'info:title'}]}]}],
	['mutateRows with no rows', {table: 'userdata', rows: []}],
];

describe('encodeMutateRowsCall writes the bytes the generated client writes', () => {
	it.each(cases)('%s', (_name, call) => {
		for (const seqid of [1, 2, 300, 70_000, 2 ** 31 - 1]) {
			expect(encodeMutateRowsCall(call, seqid)).toEqual(runtimeEncodeMutateRows(call, seqid));
		}
	});

	it.each([
		['1,000 users of the 5,000 page', 'v1.4/results_5000_seed-delta.json'],
		['Iranian users', 'v1.4/nat_IR_20_seed-natIR.json'],
		['Serbian users', 'v1.4/nat_RS_20_seed-natRS.json'],
		['Ukrainian users', 'v1.4/nat_UA_20_seed-natUA.json'],
		['mixed nationalities', 'v1.4/nat_mixed_200_seed-mixed.json'],
	])('%s, as mutateRowsTs and mutateRows', (_name, file) => {
		const rows = userRows(file, 1000);
		expect(rows.length).toBeGreaterThan(0);
		for (const call of [
			{table: 'userdata', rows, timestamp: TS},
			{table: 'userdata', rows},
		]) {
			const ours = encodeMutateRowsCall(call, 7);
			const theirs = runtimeEncodeMutateRows(call, 7);
			expect(ours.length).toBe(theirs.length);
			expect(ours.equals(theirs)).toBe(true); // toEqual on 500 kB would print megabytes on failure
		}
	});

	it('sends strings as UTF-8, unlike the runtime given JS strings (latin1)', () => {
		const call = {table: 'userdata', rows: [{row: 'r', cells: [{column: 'info:first_name', value: 'مهدی'}]}], timestamp: TS};
		const encoded = encodeMutateRowsCall(call, 1);
		expect(encoded.includes(Buffer.from('مهدی', 'utf8'))).toBe(true);
		expect(encoded.includes(Buffer.from('مهدی', 'latin1'))).toBe(false);
	});

	it('names the method by the timestamp', () => {
		expect(mutateRowsMethod({table: 't', rows: [], timestamp: 0})).toBe('mutateRowsTs');
		expect(mutateRowsMethod({table: 't', rows: []})).toBe('mutateRows');
	});

	it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses timestamp %s (node-int64 would truncate it)', timestamp => {
		expect(() => encodeMutateRowsCall({table: 't', rows: [], timestamp}, 1)).toThrow(ValidationError);
	});

	it.each([
		['a row key', {row: undefined, cells: []}],
		['a column', {row: 'r', cells: [{column: 7, value: 'x'}]}],
		['a value', {row: 'r', cells: [{column: 'info:age', value: 42}]}],
		['a null value', {row: 'r', cells: [{column: 'info:age', value: null}]}],
	])('refuses %s that is not a string with a TypeError (a bug in the caller, never retried)', (_name, row) => {
		expect(() => encodeMutateRowsCall({table: 't', rows: [row as unknown as RowWrite], timestamp: 1}, 1)).toThrow(TypeError);
	});
});
