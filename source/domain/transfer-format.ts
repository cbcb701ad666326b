import {ValidationError} from './errors.js';
import {compareColumns} from './row.js';

/**
 * The line formats of `export` and `import` (pure: no I/O).
 *
 * NDJSON, one row per line, every kept version of every cell with its timestamp, newest first:
 *
 *   {"row":"<key>","cells":{"info:first_name":[{"value":"Ava","timestamp":1767225600000},...],...}}
 *
 * Lossless for bytes: HBase keys, columns and values are bytes, and a JSON string can only hold
 * text. Bytes that are valid UTF-8 are written as text (`row`, `value`); anything else is written
 * as base64 under another name (`row_base64`, `value_base64`), and a column name that is not
 * UTF-8 as the key `"base64:<base64>"`. A reader never has to guess: the field name says which.
 *
 * CSV (RFC 4180): a header `row,<family:qualifier>,...` and one line per row with the newest value
 * of each column; a cell the row lacks is an empty field. Fields holding a comma, a quote, CR or
 * LF are quoted, a quote inside doubled; lines end in CRLF. CSV carries no timestamps: an import
 * of it writes new versions stamped by HBase.
 */

/** One version of a cell, as bytes: what an export reads. */
export interface ByteVersion {
	readonly value: Buffer;
	readonly timestamp: number;
}

export interface ByteCell {
	readonly column: Buffer;
	/** Newest first. */
	readonly versions: readonly ByteVersion[];
}

export interface ByteRow {
	readonly row: Buffer;
	readonly cells: readonly ByteCell[];
}

/** One version of a cell as text: what an import writes (create's validation takes text only). */
export interface TextVersion {
	readonly value: string;
	readonly timestamp: number;
}

/** A row read back from an NDJSON line: column → versions, newest first. */
export interface TransferRow {
	readonly row: string;
	readonly cells: ReadonlyMap<string, readonly TextVersion[]>;
}

const strictUtf8 = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true});

/** The bytes as text when they are valid UTF-8 (and survive the round trip), else undefined. */
export function utf8Text(bytes: Buffer): string | undefined {
	try {
		return strictUtf8.decode(bytes);
	} catch {
		return undefined;
	}
}

const COLUMN_BASE64 = 'base64:';

/** One NDJSON line (without the newline) for a row. Columns in the table's column order. */
export function ndjsonLine(row: ByteRow): string {
	const key = utf8Text(row.row);
	const cells: Record<string, unknown[]> = {};
	const named = row.cells.map(cell => {
		const text = utf8Text(cell.column);
		return {name: text ?? `${COLUMN_BASE64}${cell.column.toString('base64')}`, cell};
	});
	named.sort((a, b) => compareColumns(a.name, b.name));
	for (const {name, cell} of named) {
		cells[name] = cell.versions.map(version => {
			const text = utf8Text(version.value);
			return text === undefined ? {value_base64: version.value.toString('base64'), timestamp: version.timestamp} : {value: text, timestamp: version.timestamp};
		});
	}
	const head = key === undefined ? {row_base64: row.row.toString('base64')} : {row: key};
	return JSON.stringify({...head, cells});
}

/** Why a line cannot be imported; the caller adds the line number. */
function lineError(message: string): ValidationError {
	return new ValidationError(message, {field: 'line'});
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Parses one NDJSON line into text. Bytes that are not UTF-8 (`row_base64`, `value_base64`, a
 * `base64:` column) are refused: an import goes through create's validation, which takes text.
 */
export function parseNdjsonLine(line: string): TransferRow {
	let parsed: unknown;
	try {
		parsed = JSON.parse(line);
	} catch (error) {
		throw lineError(`not JSON (${error instanceof Error ? error.message : String(error)})`);
	}
	if (!isRecord(parsed)) throw lineError('expected an object {"row": ..., "cells": {...}}');
	if ('row_base64' in parsed) throw lineError('row key is not UTF-8 text (row_base64): only text rows can be imported');
	const {row, cells} = parsed;
	if (typeof row !== 'string') throw lineError('"row": expected a string');
	if (!isRecord(cells)) throw lineError('"cells": expected an object of family:qualifier → versions');
	const out = new Map<string, TextVersion[]>();
	for (const [column, versions] of Object.entries(cells)) {
		if (column.startsWith(COLUMN_BASE64)) throw lineError(`column ${column}: not UTF-8 text, cannot be imported`);
		if (!Array.isArray(versions) || versions.length === 0) throw lineError(`${column}: expected a non-empty array of {"value", "timestamp"}`);
		const list: TextVersion[] = [];
		for (const version of versions as unknown[]) {
			if (!isRecord(version)) throw lineError(`${column}: expected {"value", "timestamp"}`);
			if ('value_base64' in version) throw lineError(`${column}: value is not UTF-8 text (value_base64), cannot be imported`);
			const {value, timestamp} = version;
			if (typeof value !== 'string') throw lineError(`${column}: "value" must be a string`);
			if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp < 0) {
				throw lineError(`${column}: "timestamp" must be whole milliseconds since the epoch`);
			}
			if (list.some(v => v.timestamp === timestamp)) throw lineError(`${column}: two versions at timestamp ${timestamp}`);
			list.push({value, timestamp});
		}
		list.sort((a, b) => b.timestamp - a.timestamp);
		out.set(column, list);
	}
	return {row, cells: out};
}

// --- CSV --------------------------------------------------------------------------------------

const NEEDS_QUOTES = /[",\r\n]/u;

/** One RFC 4180 field. */
export function csvField(text: string): string {
	return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record (a header or a row) with its CRLF. */
export function csvRecord(fields: readonly string[]): string {
	return `${fields.map(csvField).join(',')}\r\n`;
}

/**
 * An incremental RFC 4180 reader: push text as it arrives, get whole records back with the line
 * their first field started on (a quoted field may span lines). Accepts LF or CRLF line ends.
 */
export class CsvReader {
	private field = '';
	private record: string[] = [];
	private quoted = false;
	/** Inside a quoted field; a quote seen there may be the end or the first of a doubled pair. */
	private inQuotes = false;
	private quoteSeen = false;
	private line = 1;
	private recordLine = 1;
	private pendingCr = false;

	push(text: string): Array<{readonly line: number; readonly fields: string[]}> {
		const out: Array<{line: number; fields: string[]}> = [];
		for (const char of text) {
			if (this.pendingCr) {
				this.pendingCr = false;
				if (char === '\n') continue;
			}
			if (this.inQuotes) {
				if (this.quoteSeen) {
					this.quoteSeen = false;
					if (char === '"') {
						this.field += '"';
						continue;
					}
					this.inQuotes = false; // that quote closed the field; handle this char below
				} else if (char === '"') {
					this.quoteSeen = true;
					continue;
				} else {
					if (char === '\n') this.line++;
					this.field += char;
					continue;
				}
			}
			if (char === '"' && this.field === '' && !this.quoted) {
				this.inQuotes = true;
				this.quoted = true;
			} else if (char === ',') {
				this.endField();
			} else if (char === '\n' || char === '\r') {
				this.pendingCr = char === '\r';
				this.endField();
				out.push({line: this.recordLine, fields: this.record});
				this.record = [];
				this.line++;
				this.recordLine = this.line;
			} else {
				if (this.quoted) throw new ValidationError(`line ${this.recordLine}: text after a closing quote`, {field: 'line'});
				this.field += char;
			}
		}
		return out;
	}

	/** The last record when the text did not end with a line break. Throws on an open quote. */
	end(): Array<{readonly line: number; readonly fields: string[]}> {
		if (this.inQuotes && !this.quoteSeen) throw new ValidationError(`line ${this.recordLine}: quoted field never closed`, {field: 'line'});
		if (this.field === '' && this.record.length === 0 && !this.quoted) return [];
		this.inQuotes = false;
		this.endField();
		return [{line: this.recordLine, fields: this.record}];
	}

	private endField(): void {
		this.record.push(this.field);
		this.field = '';
		this.quoted = false;
	}
}

/**
 * The CSV header's columns (after `row`). Validated later, as every value is; here only the shape.
 */
export function csvColumns(header: readonly string[]): string[] {
	if (header[0] !== 'row') throw new ValidationError('line 1: the header must start with "row", then family:qualifier columns', {field: 'line'});
	const columns = header.slice(1);
	const seen = new Set<string>();
	for (const column of columns) {
		if (seen.has(column)) throw new ValidationError(`line 1: column ${column} appears twice`, {field: 'line'});
		seen.add(column);
	}
	return columns;
}
