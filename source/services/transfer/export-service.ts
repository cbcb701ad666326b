import {ValidationError} from '../../domain/errors.js';
import {type RowKey} from '../../domain/row-key.js';
import {keptVersions} from '../../domain/table-schema.js';
import {type ByteCell, type ByteRow, csvRecord, ndjsonLine, utf8Text} from '../../domain/transfer-format.js';
import {COLUMNS, QUALIFIERS, type Family} from '../../domain/user-record.js';
import {validateVersions} from '../crud/changes.js';
import {coversColumn, keyRange, parseColumnList, parseWhere, valueFilterString} from '../crud/scan-options.js';
import {type HbaseClient, type RowBytes} from '../hbase/hbase-client.js';
import {tableCall} from '../hbase/table-call.js';

export type TransferFormat = 'ndjson' | 'csv';

export interface ExportOptions {
	readonly format: TransferFormat;
	/** Text, or bytes for a key that is not text (as `scan --key-hex`). */
	readonly prefix?: RowKey;
	/** `family:qualifier~text` or `family:qualifier=text`, as `scan --where`. */
	readonly where?: string;
	/** Families and/or family:qualifier, as `scan --columns`; all when absent. */
	readonly columns?: string | readonly string[];
	/** Versions per cell for ndjson, 1-3 (default 3: every kept version). CSV holds the newest only. */
	readonly versions?: number;
	/** Rows per scanner round-trip. */
	readonly pageSize?: number;
	readonly onProgress?: (progress: ExportProgress) => void;
	readonly signal?: AbortSignal;
}

export interface ExportProgress {
	readonly rows: number;
	readonly cells: number;
}

export interface ExportSummary extends ExportProgress {
	readonly format: TransferFormat;
	/** Cell versions written (ndjson); equals cells for csv. */
	readonly versions: number;
}

/** Where exported text goes; resolves when the text is accepted (back-pressure). */
export interface TextSink {
	write(text: string): Promise<void>;
}

const DEFAULT_PAGE = 500;
/** Rows whose older versions are read at once: each is one getVer per cell, pipelined. */
const ROWS_IN_FLIGHT = 16;

export function parseFormat(value: string): TransferFormat {
	if (value === 'ndjson' || value === 'csv') return value;
	throw new ValidationError(`{format}: expected ndjson or csv (got ${JSON.stringify(value)})`, {field: 'format'});
}

/** The CSV columns: every contract column of the families / columns asked for, in contract order. */
export function csvHeaderColumns(columns: readonly string[] | undefined): string[] {
	if (!columns) return [...COLUMNS];
	const wanted = new Set<string>();
	for (const column of columns) {
		if (column.includes(':')) wanted.add(column);
		else for (const qualifier of QUALIFIERS[column as Family]) wanted.add(`${column}:${qualifier}`);
	}
	return COLUMNS.filter(column => wanted.has(column));
}

/**
 * Streams a scan of the table into `sink` in bounded memory: one scanner page (500 rows) at a
 * time, each page written before the next is read. Round-trips: one scannerGetList per page,
 * and for ndjson with more than one version, one getVer per cell (pipelined, 16 rows at once):
 * Thrift1's scan returns only the newest version of each cell.
 */
export async function exportTable(hbase: HbaseClient, table: string, options: ExportOptions, sink: TextSink): Promise<ExportSummary> {
	const range = keyRange({prefix: options.prefix});
	const columns = options.columns === undefined ? undefined : parseColumnList(options.columns);
	const where = options.where === undefined ? undefined : parseWhere(options.where);
	const versions = options.format === 'csv' ? 1 : validateVersions(options.versions ?? keptVersions, keptVersions);
	const pageSize = options.pageSize ?? DEFAULT_PAGE;
	const header = options.format === 'csv' ? csvHeaderColumns(columns) : [];
	const tally = {rows: 0, cells: 0, versions: 0};
	if (options.format === 'csv') await sink.write(csvRecord(['row', ...header]));
	if (range.empty) return {format: options.format, ...tally};
	// As `scan`: HBase regards the filter's column as missing unless the scan reads it.
	const extra = where && columns && !coversColumn(columns, where.column) ? where.column : undefined;
	const scanner = await tableCall(table, async () =>
		hbase.openScanner(table, {
			startRow: range.startRow,
			stopRow: range.stopRow,
			columns: extra ? [...columns!, extra] : columns,
			filterString: where ? valueFilterString(where) : undefined,
			caching: pageSize,
		}),
	);
	try {
		for (;;) {
			options.signal?.throwIfAborted();
			const page = await tableCall(table, async () => hbase.scannerNextBytes(scanner, pageSize));
			const rows = page.map(row => (extra ? {...row, cells: row.cells.filter(cell => cell.column.toString('utf8') !== extra)} : row)).filter(row => row.cells.length > 0);
			let text = '';
			if (options.format === 'csv') {
				for (const row of rows) text += csvLine(row, header);
			} else {
				for (let at = 0; at < rows.length; at += ROWS_IN_FLIGHT) {
					const withVersions = await Promise.all(rows.slice(at, at + ROWS_IN_FLIGHT).map(row => readVersions(hbase, table, row, versions)));
					for (const row of withVersions) {
						text += `${ndjsonLine(row)}\n`;
						for (const cell of row.cells) tally.versions += cell.versions.length;
					}
				}
			}
			for (const row of rows) tally.cells += row.cells.length;
			tally.rows += rows.length;
			if (options.format === 'csv') tally.versions = tally.cells;
			if (text !== '') await sink.write(text);
			options.onProgress?.({rows: tally.rows, cells: tally.cells});
			// The gateway's ResultScanner.next(n) returns fewer than n only at the end.
			if (page.length < pageSize) break;
		}
	} finally {
		await hbase.closeScanner(scanner).catch(() => {});
	}
	return {format: options.format, ...tally};
}

async function readVersions(hbase: HbaseClient, table: string, row: RowBytes, versions: number): Promise<ByteRow> {
	if (versions === 1) return {row: row.row, cells: row.cells.map(cell => ({column: cell.column, versions: [{value: cell.value, timestamp: cell.timestamp}]}))};
	const cells = await Promise.all(
		row.cells.map(async (cell): Promise<ByteCell> => {
			const kept = await hbase.getVersionBytes(table, row.row, cell.column, versions);
			// A cell deleted between the scan and this read keeps what the scan saw.
			return {column: cell.column, versions: kept.length > 0 ? kept : [{value: cell.value, timestamp: cell.timestamp}]};
		}),
	);
	return {row: row.row, cells};
}

/** Newest values; bytes that are not UTF-8 go out as base64, marked `base64:` (CSV has no other place to say so). */
function csvLine(row: RowBytes, header: readonly string[]): string {
	const values = new Map(row.cells.map(cell => [cell.column.toString('utf8'), cell.value]));
	const text = (bytes: Buffer | undefined): string => {
		if (bytes === undefined) return '';
		return utf8Text(bytes) ?? `base64:${bytes.toString('base64')}`;
	};
	return csvRecord([text(row.row), ...header.map(column => text(values.get(column)))]);
}
