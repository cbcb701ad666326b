import {ValidationError} from './errors.js';
import {validateRowKey} from './row-key.js';
import {
	type Column,
	type Family,
	type Qualifier,
	type RecordSource,
	type UserRecord,
	FAMILIES,
	QUALIFIERS,
	isKnownColumn,
	isKnownFamily,
	recordFromColumns,
} from './user-record.js';

/**
 * Record <-> HBase cells. Cells hold strings: everything bound for HBase (row key, column, value)
 * must reach the wire as UTF-8, not as the latin1 the Thrift runtime makes of a JS string (see
 * STYLE.md, "Facts that bite"). HbaseClient.mutateRows encodes the strings itself, so the sink
 * makes no Buffer per cell.
 */

/**
 * A cell to write: a put when it has a value, a delete of the cell (all versions) when not. Not
 * the stored Cell of ./row.ts: it has no timestamp (HBase stamps it), and the sink makes some
 * 27 per user, so it stays two fields of plain strings.
 */
export interface CellWrite {
	readonly column: string; // family:qualifier
	/** Text (sent as UTF-8); bytes only for a value that is not text (a binary edit). Absent: a delete. */
	readonly value?: string | Uint8Array;
}

/** A put of one of a record's contract columns: what recordToCells makes. */
export interface CellPut extends CellWrite {
	readonly column: Column;
	readonly value: string;
}

export interface CellBuffers {
	readonly column: Buffer;
	readonly value: Buffer;
}

export interface ParsedColumn {
	readonly family: Family;
	readonly qualifier: Qualifier;
}

/** 'info:first_name' -> {family: 'info', qualifier: 'first_name'}; ValidationError for any other column. */
export function parseColumn(column: string): ParsedColumn {
	const colon = column.indexOf(':');
	if (colon < 0) {
		throw new ValidationError(`${column || '(empty)'}: expected family:qualifier (families: ${FAMILIES.join(', ')})`, {field: column});
	}
	const family = column.slice(0, colon);
	if (!isKnownFamily(family)) {
		throw new ValidationError(`${column}: unknown family '${family}' (known: ${FAMILIES.join(', ')})`, {field: column});
	}
	if (!isKnownColumn(column)) {
		const qualifier = column.slice(colon + 1);
		throw new ValidationError(`${column}: unknown qualifier '${qualifier}' in family ${family} (known: ${QUALIFIERS[family].join(', ')})`, {field: column});
	}
	return {family, qualifier: column.slice(colon + 1) as Qualifier};
}

// Every contract column as [family, qualifier, 'family:qualifier'], in contract order.
const COLUMN_PARTS = FAMILIES.flatMap(family => QUALIFIERS[family].map(qualifier => [family, qualifier, `${family}:${qualifier}` as Column] as const));

/**
 * The record's cells, in contract order; absent values have no cell. Read straight from the
 * families: the sink runs this for every row, and going through a "family:qualifier" object
 * first was 5% of its profile.
 */
export function recordToCells(record: UserRecord): CellPut[] {
	const cells: CellPut[] = [];
	for (const [family, qualifier, column] of COLUMN_PARTS) {
		const value = (record[family] as Readonly<Record<string, string | undefined>>)[qualifier];
		if (value !== undefined) cells.push({column, value});
	}
	return cells;
}

export function toUtf8(value: string): Buffer {
	return Buffer.from(value, 'utf8');
}

/** Cells as UTF-8 Buffers: the form the Thrift client reads them back in. Writes do not need it. */
export function cellsToBuffers(cells: readonly CellPut[]): CellBuffers[] {
	return cells.map(cell => ({column: toUtf8(cell.column), value: toUtf8(cell.value)}));
}

type Bytes = string | Buffer | Uint8Array;

function fromUtf8(value: Bytes): string {
	return typeof value === 'string' ? value : Buffer.from(value).toString('utf8');
}

export type CellsInput = ReadonlyMap<Bytes, Bytes> | Readonly<Record<string, Bytes>> | Iterable<{readonly column: Bytes; readonly value: Bytes}>;

function* entries(cells: CellsInput): Iterable<readonly [Bytes, Bytes]> {
	if (cells instanceof Map) {
		yield* cells;
	} else if (Symbol.iterator in cells) {
		for (const cell of cells as Iterable<{readonly column: Bytes; readonly value: Bytes}>) yield [cell.column, cell.value];
	} else {
		yield* Object.entries(cells);
	}
}

export interface CellsToRecordOptions {
	/** Skip columns outside the contract instead of throwing (a row someone else wrote to). */
	readonly ignoreUnknown?: boolean;
	readonly source?: RecordSource;
}

/** A row read back from HBase (column -> value) as a record. ValidationError names an unknown column. */
export function cellsToRecord(id: Bytes, cells: CellsInput, options: CellsToRecordOptions = {}): UserRecord {
	const rowKey = validateRowKey(fromUtf8(id), 'row key');
	const values: Partial<Record<Column, string>> = {};
	for (const [rawColumn, rawValue] of entries(cells)) {
		const column = fromUtf8(rawColumn);
		if (!isKnownColumn(column)) {
			if (options.ignoreUnknown) continue;
			parseColumn(column); // throws with the precise reason
		}
		values[column as Column] = fromUtf8(rawValue);
	}
	return recordFromColumns(rowKey, values, options.source);
}
