import {COLUMNS} from './user-record.js';

/**
 * The one model of a stored row, from the Thrift decoding (services/hbase/hbase-client.ts) through
 * the CRUD service to the commands and the screens: plain strings and numbers, no Buffers, no
 * Thrift types. Timestamps are HBase cell timestamps, ms since the epoch.
 *
 * Cells being *written* are another idea (CellWrite/CellPut in ./cells.ts): they have no timestamp
 * (HBase stamps them), a write may be a delete, and the sink makes millions of them, so they stay
 * the smallest objects that say what to write.
 */

export interface CellVersion {
	readonly value: string;
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
	readonly id: string;
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
export function rowOf(id: string, cells: Cell[]): Row {
	cells.sort((a, b) => compareColumns(a.column, b.column));
	return {id, cells, updatedAt: newestTimestamp(cells)};
}

/** The row with only the cells `keep` accepts (updatedAt recomputed over them). */
export function filterCells(row: Row, keep: (cell: Cell) => boolean): Row {
	return rowOf(row.id, row.cells.filter(keep));
}

export function findCell(row: Row, column: string): Cell | undefined {
	return row.cells.find(cell => cell.column === column);
}
