import {type RowResult} from '../hbase/hbase-client.js';
import {COLUMNS} from '../../domain/user-record.js';

/**
 * What the CRUD service hands to commands and screens: plain data, no Buffers, no Thrift types.
 * Timestamps are HBase cell timestamps in milliseconds since the epoch.
 */

export interface CellVersion {
	readonly value: string;
	readonly timestamp: number;
}

export interface CellView extends CellVersion {
	/** 'family:qualifier'. Usually a contract column; a row someone else wrote to may hold others. */
	readonly column: string;
	/** Kept versions, newest first (the first is this cell itself); only when asked for. */
	readonly versions?: readonly CellVersion[];
}

export interface RowView {
	readonly id: string;
	/** Contract columns in contract order, then any others sorted by name. */
	readonly cells: readonly CellView[];
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

/** A Thrift row result as a RowView; `drop` leaves out columns read only for a filter. */
export function toRowView(result: RowResult, drop: ReadonlySet<string> = new Set()): RowView {
	const cells: CellView[] = [];
	for (const [column, cell] of result.columns) {
		if (!drop.has(column)) cells.push({column, value: cell.value, timestamp: cell.timestamp});
	}
	cells.sort((a, b) => compareColumns(a.column, b.column));
	return {id: result.row, cells, updatedAt: newestTimestamp(cells)};
}

export function newestTimestamp(cells: Iterable<CellVersion>): number {
	let newest = 0;
	for (const cell of cells) if (cell.timestamp > newest) newest = cell.timestamp;
	return newest;
}
