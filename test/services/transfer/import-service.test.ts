import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {type ImportRow} from '../../../source/domain/import-check.js';
import {type BadLine, importFile, type ImportTarget, kafkaTarget, rowWrites} from '../../../source/services/transfer/import-service.js';
import {type OutgoingMessage, type RecordProducer} from '../../../source/services/pipeline/user-producer.js';

const dir = mkdtempSync(join(tmpdir(), 'import-'));
function file(name: string, text: string): string {
	const path = join(dir, name);
	writeFileSync(path, text);
	return path;
}

const required = (email = 'ava@example.com', ts = 10) =>
	`"info:first_name":[{"value":"Ava","timestamp":${ts}}],"info:last_name":[{"value":"Lind","timestamp":${ts}}],"contact:email":[{"value":"${email}","timestamp":${ts}}]`;
const line = (row: string, extra = '') => `{"row":"${row}","cells":{${required()}${extra}}}`;

/** A target over memory: rows already "in the table", and every write kept. */
function memoryTarget(existing: string[] = []) {
	const written: ImportRow[][] = [];
	const target: ImportTarget = {
		existing: async rows => new Set(rows.filter(row => existing.includes(row))),
		write: async rows => {
			written.push([...rows]);
			return [];
		},
	};
	return {target, written};
}

describe('importFile', () => {
	it('writes good lines in batches, reports bad ones by line number and skips them', async () => {
		const path = file('mixed.ndjson', [line('a'), '', line('b', ',"info:shoe":[{"value":"x","timestamp":1}]'), 'not json', line('c'), line('a'), line('old')].join('\n'));
		const {target, written} = memoryTarget(['old']);
		const bad: BadLine[] = [];
		const report = await importFile(target, {file: path, batchRows: 2, onBadLine: b => bad.push(b)});
		expect(written.map(batch => batch.map(r => r.row))).toEqual([['a', 'c'], []].filter(b => b.length > 0));
		expect(report).toMatchObject({format: 'ndjson', rows: 2, cells: 6, refused: false});
		expect(bad.map(b => b.line)).toEqual([3, 4, 6, 7]);
		expect(bad.map(b => b.reason)).toEqual([
			expect.stringMatching(/unknown qualifier 'shoe'/),
			expect.stringMatching(/not JSON/),
			'row a was already given on line 1',
			expect.stringMatching(/row old already exists in the table/),
		]);
		expect(report.bad.count).toBe(4);
	});

	it('--strict: one bad line refuses the whole file before anything is written', async () => {
		const path = file('strict.ndjson', [line('a'), line('b'), `{"row":"c","cells":{${required('nope')}}}`].join('\n'));
		const {target, written} = memoryTarget();
		const report = await importFile(target, {file: path, strict: true, batchRows: 1});
		expect(written).toEqual([]);
		expect(report).toMatchObject({refused: true, rows: 0, bad: {count: 1, lines: [{line: 3, reason: expect.stringMatching(/not an email/)}]}});
		const clean = await importFile(target, {file: file('clean.ndjson', [line('a'), line('b')].join('\n')), strict: true});
		expect(clean).toMatchObject({refused: false, rows: 2});
		expect(written.flat().map(r => r.row)).toEqual(['a', 'b']);
	});

	it('csv by extension: a header, then rows HBase stamps', async () => {
		const path = file('people.csv', 'row,info:first_name,info:last_name,contact:email\r\nk1,Ava,Lind,ava@example.com\r\nk2,"Lind, Jr",Ava,"a@b.co"\r\n');
		const {target, written} = memoryTarget();
		const report = await importFile(target, {file: path});
		expect(report).toMatchObject({format: 'csv', rows: 2, cells: 6});
		expect(rowWrites(written.flat())).toEqual([
			{write: {row: 'k1', cells: expect.any(Array)}, timestamp: undefined},
			{write: {row: 'k2', cells: expect.arrayContaining([{column: 'info:first_name', value: 'Lind, Jr'}])}, timestamp: undefined},
		]);
	});

	it('a file that cannot be read is a usage error naming it', async () => {
		await expect(importFile(memoryTarget().target, {file: join(dir, 'absent.ndjson')})).rejects.toThrow(/absent.ndjson: cannot read it \(ENOENT\)/);
	});
});

describe('kafkaTarget', () => {
	it('one record per row and version, sent oldest timestamp first; a csv row gets the import time', async () => {
		const sends: Array<[number, string[]]> = [];
		const producer: RecordProducer = {
			connect: async () => {},
			disconnect: async () => {},
			send: async (messages: readonly OutgoingMessage[], timestamp: number) => {
				sends.push([timestamp, messages.map(m => String(m.key))]);
				return messages.length;
			},
		};
		const target = kafkaTarget(
			producer,
			async () => new Set(),
			() => 99,
		);
		await target.write(
			[
				{
					row: 'a',
					versions: [
						{timestamp: 20, cells: [{column: 'info:first_name', value: 'new'}]},
						{timestamp: 10, cells: [{column: 'info:first_name', value: 'old'}]},
					],
					cellCount: 2,
				},
				{row: 'b', versions: [{cells: [{column: 'info:first_name', value: 'x'}]}], cellCount: 1},
			],
			new AbortController().signal,
		);
		expect(sends).toEqual([
			[10, ['a']],
			[20, ['a']],
			[99, ['b']],
		]);
	});
});
