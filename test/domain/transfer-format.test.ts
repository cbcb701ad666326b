import {describe, expect, it} from 'vitest';
import {CsvReader, csvColumns, csvRecord, ndjsonLine, parseNdjsonLine, utf8Text} from '../../source/domain/transfer-format.js';

const text = (s: string) => Buffer.from(s, 'utf8');

describe('ndjson lines', () => {
	it('writes one row with every version, newest first, columns in contract order', () => {
		const line = ndjsonLine({
			row: text('k1'),
			cells: [
				{
					column: text('address:city'),
					versions: [
						{value: text('Bergen'), timestamp: 3},
						{value: text('Oslo'), timestamp: 2},
					],
				},
				{column: text('info:first_name'), versions: [{value: text('سوگند'), timestamp: 1}]},
			],
		});
		expect(line).toBe(
			'{"row":"k1","cells":{"info:first_name":[{"value":"سوگند","timestamp":1}],"address:city":[{"value":"Bergen","timestamp":3},{"value":"Oslo","timestamp":2}]}}',
		);
		const parsed = parseNdjsonLine(line);
		expect(parsed.row).toBe('k1');
		expect([...parsed.cells]).toEqual([
			['info:first_name', [{value: 'سوگند', timestamp: 1}]],
			[
				'address:city',
				[
					{value: 'Bergen', timestamp: 3},
					{value: 'Oslo', timestamp: 2},
				],
			],
		]);
	});

	it('writes bytes that are not UTF-8 as base64, under names that say so', () => {
		const bad = Buffer.from([0xff, 0xfe, 0x41]);
		const line = ndjsonLine({row: bad, cells: [{column: bad, versions: [{value: bad, timestamp: 5}]}]});
		expect(JSON.parse(line)).toEqual({row_base64: '//5B', cells: {'base64://5B': [{value_base64: '//5B', timestamp: 5}]}});
		expect(utf8Text(bad)).toBeUndefined();
		expect(utf8Text(text('ok ✓'))).toBe('ok ✓');
	});

	it('refuses lines an import cannot write, saying why', () => {
		expect(() => parseNdjsonLine('{"row":')).toThrow(/not JSON/);
		expect(() => parseNdjsonLine('[]')).toThrow(/expected an object/);
		expect(() => parseNdjsonLine('{"row_base64":"//5B","cells":{}}')).toThrow(/not UTF-8/);
		expect(() => parseNdjsonLine('{"row":"k","cells":{"info:first_name":[{"value_base64":"//5B","timestamp":1}]}}')).toThrow(/not UTF-8/);
		expect(() => parseNdjsonLine('{"row":"k","cells":{"info:first_name":[{"value":"a","timestamp":1.5}]}}')).toThrow(/whole milliseconds/);
		expect(() => parseNdjsonLine('{"row":"k","cells":{"info:first_name":[]}}')).toThrow(/non-empty array/);
		expect(() => parseNdjsonLine('{"row":"k","cells":{"info:first_name":[{"value":"a","timestamp":1},{"value":"b","timestamp":1}]}}')).toThrow(/two versions/);
	});
});

describe('csv', () => {
	it('quotes fields as RFC 4180 says, lines end in CRLF', () => {
		expect(csvRecord(['a', 'b,c', 'say "hi"', 'two\nlines', ''])).toBe('a,"b,c","say ""hi""","two\nlines",\r\n');
	});

	it('reads back what it writes, across chunk boundaries, quoted line breaks and LF or CRLF ends', () => {
		const written = csvRecord(['row', 'info:first_name']) + csvRecord(['k1', 'a,"b"\r\nc']) + 'k2,plain\nk3,"last"';
		for (const size of [1, 2, 3, 7, written.length]) {
			const reader = new CsvReader();
			const records = [];
			for (let at = 0; at < written.length; at += size) records.push(...reader.push(written.slice(at, at + size)));
			records.push(...reader.end());
			expect(records).toEqual([
				{line: 1, fields: ['row', 'info:first_name']},
				{line: 2, fields: ['k1', 'a,"b"\r\nc']},
				{line: 4, fields: ['k2', 'plain']},
				{line: 5, fields: ['k3', 'last']},
			]);
		}
	});

	it('refuses text after a closing quote and a quote never closed', () => {
		expect(() => new CsvReader().push('"a"b,c\n')).toThrow(/line 1: text after a closing quote/);
		const reader = new CsvReader();
		reader.push('k,"open\n');
		expect(() => reader.end()).toThrow(/line 1: quoted field never closed/);
	});

	it('takes a header that starts with row and names each column once', () => {
		expect(csvColumns(['row', 'info:first_name', 'contact:email'])).toEqual(['info:first_name', 'contact:email']);
		expect(() => csvColumns(['id', 'info:first_name'])).toThrow(/must start with "row"/);
		expect(() => csvColumns(['row', 'info:first_name', 'info:first_name'])).toThrow(/appears twice/);
	});
});
