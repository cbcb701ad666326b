import {COLUMNS} from './user-record.js';
import {findControlCharacter, MAX_ROW_KEY_LENGTH, type RowKey} from './row-key.js';

/**
 * The one model of a stored row, from the Thrift decoding (services/hbase/hbase-client.ts) through
 * the CRUD service to the commands and the screens: strings and numbers, no Thrift types.
 * Timestamps are HBase cell timestamps, ms since the epoch.
 *
 * Another writer may store bytes that are not UTF-8 in a key or a value. Then the row carries
 * those bytes too (`key`, `bytes`: set only then, so text rows cost nothing more), the text is
 * their lossy decoding, for nothing but a glance, and everything that writes or shows them uses
 * the bytes: a binary row round-trips byte for byte.
 *
 * Cells being *written* are another idea (CellWrite/CellPut in ./cells.ts): they have no timestamp
 * (HBase stamps them), a write may be a delete, and the sink makes millions of them, so they stay
 * the smallest objects that say what to write.
 */

export interface CellVersion {
	/** The value as text; when `bytes` is set, only their lossy decoding (never written back). */
	readonly value: string;
	/** The stored bytes, only when they are not UTF-8. */
	readonly bytes?: Uint8Array;
	/** HBase cell timestamp, ms since the epoch. */
	readonly timestamp: number;
}

export interface Cell extends CellVersion {
	/** 'family:qualifier'. Usually a contract column; a row someone else wrote to may hold others. */
	readonly column: string;
	/** Kept versions, newest first (the first is this cell itself); only when asked for. */
	readonly versions?: readonly CellVersion[];
}

export interface Row {
	/** The row key as text; when `key` is set, only its lossy decoding. */
	readonly id: string;
	/** The key's bytes, only when they are not UTF-8. */
	readonly key?: Uint8Array;
	/** Contract columns in contract order, then any others sorted by name. */
	readonly cells: readonly Cell[];
	/**
	 * Newest timestamp among the cells read: the value to pass as `ifUnchangedSince`.
	 * For a scan narrowed to some columns, it covers those columns only.
	 */
	readonly updatedAt: number;
}

const contractOrder = new Map<string, number>(COLUMNS.map((column, index) => [column, index]));

/** Sort key: contract columns first, in contract order; the rest by name. */
export function compareColumns(a: string, b: string): number {
	const ia = contractOrder.get(a);
	const ib = contractOrder.get(b);
	if (ia !== undefined && ib !== undefined) return ia - ib;
	if (ia !== undefined) return -1;
	if (ib !== undefined) return 1;
	return a < b ? -1 : a > b ? 1 : 0;
}

export function newestTimestamp(cells: Iterable<CellVersion>): number {
	let newest = 0;
	for (const cell of cells) if (cell.timestamp > newest) newest = cell.timestamp;
	return newest;
}

/**
 * A row of these cells, updatedAt their newest timestamp. Sorts `cells` in place into column
 * order (the caller hands over an array it made): the Thrift decoding runs this per row read,
 * 5000 rows per round-trip when counting, so no copy.
 */
export function rowOf(id: string, cells: Cell[], key?: Uint8Array): Row {
	cells.sort((a, b) => compareColumns(a.column, b.column));
	return key === undefined ? {id, cells, updatedAt: newestTimestamp(cells)} : {id, key, cells, updatedAt: newestTimestamp(cells)};
}

/** The row with only the cells `keep` accepts (updatedAt recomputed over them). */
export function filterCells(row: Row, keep: (cell: Cell) => boolean): Row {
	return rowOf(row.id, row.cells.filter(keep), row.key);
}

/**
 * The key to send back for a row that was read: its text when that is a key one could type,
 * else its exact bytes (a key that is not UTF-8, or that holds a control character).
 */
export function rowKeyOf(row: Pick<Row, 'id' | 'key'>): RowKey {
	if (row.key !== undefined) return row.key;
	const typable = findControlCharacter(row.id) === undefined && [...row.id].length <= MAX_ROW_KEY_LENGTH && row.id !== '';
	return typable ? row.id : Buffer.from(row.id, 'utf8');
}

/** The value to send back as a cell's current one (a checkAndPut's expected value). */
export function storedValue(version: CellVersion): string | Uint8Array {
	return version.bytes ?? version.value;
}

export function findCell(row: Row, column: string): Cell | undefined {
	return row.cells.find(cell => cell.column === column);
}
