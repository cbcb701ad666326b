import {ValidationError} from '../../domain/errors.js';
import {parseColumn} from '../../domain/cells.js';
import {findControlCharacter, keyBytes, type RowKey, validateKey} from '../../domain/row-key.js';
import {type Column, FAMILIES, isKnownFamily} from '../../domain/user-record.js';
import {MAX_CRUD_VALUE_LENGTH} from '../../domain/validation.js';

/**
 * Pure pieces of a scan: key ranges, column lists and the server-side value filter, written in
 * HBase's filter language (the only filter Thrift1 takes: TScan.filterString, parsed by the
 * gateway's ParseFilter).
 */

/** 'contains' is case-insensitive (HBase's SubstringComparator lowercases both sides); 'equals' is byte-exact. */
export type ValueMatch = 'contains' | 'equals';

export interface ValueFilter {
	readonly column: Column;
	readonly match: ValueMatch;
	readonly text: string;
}

export const DEFAULT_SCAN_LIMIT = 25;
export const MAX_SCAN_LIMIT = 1000;

/**
 * `contact:email~gmail` (contains) or `info:nat=NO` (equals). The column ends at the first '~'
 * or '=', so the text may contain either.
 */
export function parseWhere(expression: string): ValueFilter {
	const at = expression.search(/[~=]/u);
	if (at < 0) {
		throw new ValidationError(`{where} ${JSON.stringify(expression)}: expected family:qualifier~text (contains) or family:qualifier=text (equals)`, {
			field: 'where',
			hint: 'For example contact:email~example.com',
		});
	}
	const match: ValueMatch = expression[at] === '~' ? 'contains' : 'equals';
	return valueFilter(expression.slice(0, at), match, expression.slice(at + 1));
}

export function valueFilter(column: string, match: ValueMatch, text: string): ValueFilter {
	const {family, qualifier} = parseColumn(column);
	const known = `${family}:${qualifier}` as Column;
	if (text === '') throw new ValidationError(`{where} ${known}: empty text to match`, {field: 'where'});
	const length = [...text].length;
	if (length > MAX_CRUD_VALUE_LENGTH) {
		throw new ValidationError(`{where} ${known}: text too long (${length} characters > ${MAX_CRUD_VALUE_LENGTH})`, {field: 'where'});
	}
	const control = findControlCharacter(text);
	if (control) throw new ValidationError(`{where} ${known}: text contains a control character (${control})`, {field: 'where'});
	return {column: known, match, text};
}

/** A string literal of the filter language: single-quoted, a quote inside doubled. */
export function quoteFilterLiteral(text: string): string {
	return `'${text.replaceAll("'", "''")}'`;
}

/**
 * SingleColumnValueFilter(family, qualifier, =, comparator, filterIfMissing=true, latestVersionOnly=true):
 * rows without the column are left out, and only the newest version is compared. HBase regards
 * the column as missing unless the scan reads it, so the service adds it to a narrowed scan.
 */
export function valueFilterString(filter: ValueFilter): string {
	const [family, qualifier] = filter.column.split(':') as [string, string];
	const comparator = `${filter.match === 'contains' ? 'substring' : 'binary'}:${filter.text}`;
	return `SingleColumnValueFilter(${quoteFilterLiteral(family)},${quoteFilterLiteral(qualifier)},=,${quoteFilterLiteral(comparator)},true,true)`;
}

/**
 * The cheapest row count Thrift1 offers: a scan that returns one cell per row (FirstKeyOnlyFilter)
 * without its value (KeyOnlyFilter), so only row keys cross the wire. There is no server-side
 * count over Thrift1 (the AggregationClient coprocessor is Java-only).
 */
export const COUNT_FILTER = 'FirstKeyOnlyFilter() AND KeyOnlyFilter()';

/** Families or family:qualifier columns, from `info,contact:email` or a list. Duplicates go. */
export function parseColumnList(list: string | readonly string[]): string[] {
	const items = (typeof list === 'string' ? list.split(',') : list).map(item => item.trim()).filter(item => item !== '');
	if (items.length === 0) {
		throw new ValidationError(`{columns}: empty list (families: ${FAMILIES.join(', ')}, or family:qualifier)`, {field: 'columns'});
	}
	const columns: string[] = [];
	for (const item of items) {
		let column: string;
		if (!item.includes(':')) {
			if (!isKnownFamily(item)) {
				throw new ValidationError(`{columns}: unknown family '${item}' (known: ${FAMILIES.join(', ')})`, {field: item});
			}
			column = item;
		} else {
			const {family, qualifier} = parseColumn(item);
			column = `${family}:${qualifier}`;
		}
		if (!columns.includes(column)) columns.push(column);
	}
	return columns;
}

/** True when `columns` (families or family:qualifier) already reads `column`. */
export function coversColumn(columns: readonly string[], column: string): boolean {
	const family = column.slice(0, column.indexOf(':'));
	return columns.includes(column) || columns.includes(family);
}

/** HBase orders row keys by their bytes; JS string order (UTF-16) differs above U+FFFF. */
export function compareKeys(a: RowKey, b: RowKey): number {
	return Buffer.compare(keyBytes(a), keyBytes(b));
}

/**
 * The smallest key after every key that starts with `prefix`, or undefined when there is none.
 * UTF-8 keeps code point order, so raising the last code point (past the surrogates) is enough
 * and keeps the stop row valid UTF-8, which the client must send as text.
 */
export function prefixStop(prefix: RowKey): RowKey | undefined {
	if (typeof prefix !== 'string') return bytesPrefixStop(prefix);
	const points = [...prefix].map(c => c.codePointAt(0)!);
	while (points.length > 0) {
		let last = points.pop()! + 1;
		if (last === 0xd800) last = 0xe000;
		if (last <= 0x10ffff) return String.fromCodePoint(...points, last);
	}
	return undefined;
}

/** The same for a prefix of bytes: the last byte below 0xff raised, the 0xff bytes after it dropped. */
function bytesPrefixStop(prefix: Uint8Array): Uint8Array | undefined {
	const stop = Buffer.from(prefix);
	for (let last = stop.length - 1; last >= 0; last--) {
		if (stop[last]! < 0xff) {
			stop[last]!++;
			return stop.subarray(0, last + 1);
		}
	}
	return undefined;
}

export interface KeyRange {
	readonly startRow?: RowKey;
	readonly stopRow?: RowKey;
	/** True when start lies past the prefix: nothing to scan. */
	readonly empty: boolean;
}

/** Start and stop rows for a prefix and/or a start row (the continuation token). */
export function keyRange(options: {readonly prefix?: RowKey; readonly start?: RowKey}): KeyRange {
	const prefix = options.prefix === undefined || options.prefix.length === 0 ? undefined : validateKey(options.prefix, '{prefix}');
	const start = options.start === undefined ? undefined : validateKey(options.start, '{start}');
	const stopRow = prefix === undefined ? undefined : prefixStop(prefix);
	let startRow = prefix;
	if (start !== undefined && (startRow === undefined || compareKeys(start, startRow) > 0)) startRow = start;
	const empty = startRow !== undefined && stopRow !== undefined && compareKeys(startRow, stopRow) >= 0;
	return {startRow, stopRow, empty};
}

export function validateLimit(limit: number | undefined): number {
	if (limit === undefined) return DEFAULT_SCAN_LIMIT;
	if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SCAN_LIMIT) {
		throw new ValidationError(`{limit}: expected a whole number from 1 to ${MAX_SCAN_LIMIT} (got ${limit})`, {field: 'limit'});
	}
	return limit;
}
