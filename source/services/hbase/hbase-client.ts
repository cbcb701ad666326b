import {type CellWrite, type RowWrite, encodeMutateRowsCall, mutateRowsMethod} from './mutate-rows-call.js';
import {isUtf8} from 'node:buffer';
import {type Cell, type CellVersion, type Row, rowOf} from '../../domain/row.js';
import {keyBytes, type RowKey} from '../../domain/row-key.js';
import {type ThriftConnection} from './thrift-connection.js';
import {int64ToNumber, loadHbaseBindings} from './thrift-runtime.js';

export type {CellWrite, RowWrite} from './mutate-rows-call.js';

/**
 * A thin typed facade over the Thrift1 calls we use. Every row key, column and value crosses
 * the wire as UTF-8: the thrift runtime writes a JavaScript string as latin1, which would corrupt
 * Persian, Serbian or Ukrainian names, so the generic calls pass UTF-8 Buffers, and mutateRows
 * (the sink's hot path) encodes its strings as UTF-8 itself. Each method is one round-trip.
 */
export interface FamilyDescriptor {
	readonly name: string;
	readonly maxVersions: number;
	/** HBase's name of the codec (NONE, GZ, SNAPPY...): Thrift1 reads and sets it (not the data block encoding). */
	readonly compression?: string;
}

/** A region of a table as the gateway's getTableRegions reports it (keys as UTF-8 text; UUID prefixes are ASCII). */
export interface RegionDescriptor {
	/** HBase's region name, `table,startKey,id.encodedName.`: the encoded name keys its metrics. */
	readonly name: string;
	readonly startKey: string;
	readonly endKey: string;
	readonly serverName: string;
}

export interface ScanSpec {
	readonly startRow?: RowKey;
	readonly stopRow?: RowKey;
	readonly columns?: readonly string[];
	readonly filterString?: string;
	readonly caching?: number;
	/**
	 * Read as of a time: only versions with a timestamp strictly before this (ms). The gateway
	 * sets the scan's time range to [0, timestamp), exclusive, as for getRowTs and getVerTs.
	 */
	readonly before?: number;
}

/** A cell as the gateway sent it, bytes untouched: for `export`, which must not lose a byte. */
export interface CellBytes {
	readonly column: Buffer;
	readonly value: Buffer;
	readonly timestamp: number;
}

export interface RowBytes {
	readonly row: Buffer;
	readonly cells: readonly CellBytes[];
}

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');
const bytesOf = (value: string | Uint8Array): Buffer => (typeof value === 'string' ? utf8(value) : keyBytes(value));
const text = (buffer: unknown): string => (Buffer.isBuffer(buffer) ? buffer.toString('utf8') : String(buffer));

export class HbaseClient {
	constructor(private readonly connection: ThriftConnection) {}

	get address(): string {
		return this.connection.address;
	}

	async tableNames(): Promise<string[]> {
		const names = await this.connection.call<Buffer[]>('getTableNames');
		return names.map(text);
	}

	async families(table: string): Promise<FamilyDescriptor[]> {
		const descriptors = await this.connection.call<Record<string, {name: Buffer; maxVersions: number; compression: string}>>('getColumnDescriptors', utf8(table));
		return Object.values(descriptors)
			.map(d => ({name: text(d.name).replace(/:$/, ''), maxVersions: d.maxVersions, compression: d.compression}))
			.sort((a, b) => a.name.localeCompare(b.name));
	}

	async createTable(table: string, families: readonly FamilyDescriptor[]): Promise<void> {
		const {ColumnDescriptor} = loadHbaseBindings().types;
		// Thrift1's ColumnDescriptor defaults turn the block cache off; keep HBase's own default (on).
		const descriptors = families.map(
			f => new ColumnDescriptor({name: utf8(`${f.name}:`), maxVersions: f.maxVersions, blockCacheEnabled: true, compression: f.compression ?? 'NONE'}),
		);
		await this.connection.call('createTable', utf8(table), descriptors);
	}

	/** The table's regions in key order: one round-trip (the gateway reads hbase:meta). */
	async regions(table: string): Promise<RegionDescriptor[]> {
		const regions = await this.connection.call<Array<{name: Buffer; startKey: Buffer; endKey: Buffer; serverName: Buffer}>>('getTableRegions', utf8(table));
		return regions
			.map(r => ({name: text(r.name), startKey: text(r.startKey), endKey: text(r.endKey), serverName: text(r.serverName)}))
			.sort((a, b) => Buffer.compare(utf8(a.startKey), utf8(b.startKey)));
	}

	async isTableEnabled(table: string): Promise<boolean> {
		return this.connection.call<boolean>('isTableEnabled', utf8(table));
	}

	async disableTable(table: string): Promise<void> {
		await this.connection.call('disableTable', utf8(table));
	}

	async deleteTable(table: string): Promise<void> {
		await this.connection.call('deleteTable', utf8(table));
	}

	/**
	 * One round-trip for all rows (mutateRowsTs when `timestamp` is given: every cell gets that
	 * version, in ms; mutateRows otherwise). The sink's hot path: the call is encoded from the
	 * strings into one Buffer, with no Mutation objects and no Buffer per cell (mutate-rows-call.ts).
	 * Its size is about the rows' UTF-8 bytes plus 25 bytes per cell.
	 */
	async mutateRows(table: string, rows: readonly RowWrite[], timestamp?: number): Promise<void> {
		const call = {table, rows, timestamp};
		await this.connection.callEncoded(mutateRowsMethod(call), seqid => encodeMutateRowsCall(call, seqid));
	}

	/** Newest cell of each column; `columns` narrows to families or family:qualifier. */
	async getRows(table: string, rows: readonly RowKey[], columns?: readonly string[]): Promise<Row[]> {
		const results =
			columns && columns.length > 0
				? await this.connection.call<RawRowResult[]>('getRowsWithColumns', utf8(table), rows.map(bytesOf), columns.map(utf8), null)
				: await this.connection.call<RawRowResult[]>('getRows', utf8(table), rows.map(bytesOf), null);
		return results.map(toRow);
	}

	async getRow(table: string, row: RowKey, columns?: readonly string[]): Promise<Row | undefined> {
		const [result] = await this.getRows(table, [row], columns);
		return result && result.cells.length > 0 ? result : undefined;
	}

	/** Up to `versions` kept versions of one cell, newest first. */
	async getVersions(table: string, row: RowKey, column: string, versions: number): Promise<CellVersion[]> {
		const cells = await this.connection.call<RawCell[]>('getVer', utf8(table), bytesOf(row), utf8(column), versions, null);
		return cells.map(c => version(c.value, int64ToNumber(c.timestamp)));
	}

	/**
	 * The row as it was before `before` (ms, exclusive: HBase's getRowTs reads the time range
	 * [0, before)): the newest version of each cell older than that. 1 round-trip.
	 */
	async getRowBefore(table: string, row: RowKey, before: number): Promise<Row | undefined> {
		const [result] = await this.connection.call<RawRowResult[]>('getRowTs', utf8(table), bytesOf(row), before, null);
		const decoded = result ? toRow(result) : undefined;
		return decoded && decoded.cells.length > 0 ? decoded : undefined;
	}

	/** Up to `versions` versions of one cell older than `before` (ms, exclusive), newest first. 1 round-trip. */
	async getVersionsBefore(table: string, row: RowKey, column: string, versions: number, before: number): Promise<CellVersion[]> {
		const cells = await this.connection.call<RawCell[]>('getVerTs', utf8(table), bytesOf(row), utf8(column), before, versions, null);
		return cells.map(c => version(c.value, int64ToNumber(c.timestamp)));
	}

	/** Like scannerNext, but the bytes as they are (no UTF-8 decoding). */
	async scannerNextBytes(scannerId: number, count: number): Promise<RowBytes[]> {
		const rows = await this.connection.call<RawRowResult[]>('scannerGetList', scannerId, count);
		return rows.map(raw => ({
			row: raw.row,
			// Map keys arrive as object keys (the runtime's Buffer#toString, UTF-8); sortedColumns
			// would keep bytes, but only a scan asking for sorted columns gets it. Column names of
			// our table are ASCII, so this is lossless for them.
			cells: Object.entries(raw.columns ?? {}).map(([column, cell]) => ({column: utf8(column), value: cell.value, timestamp: int64ToNumber(cell.timestamp)})),
		}));
	}

	/** Up to `versions` versions of one cell, newest first, as bytes. 1 round-trip. */
	async getVersionBytes(table: string, row: Buffer, column: Buffer, versions: number, before?: number): Promise<Array<{value: Buffer; timestamp: number}>> {
		const cells =
			before === undefined
				? await this.connection.call<RawCell[]>('getVer', utf8(table), row, column, versions, null)
				: await this.connection.call<RawCell[]>('getVerTs', utf8(table), row, column, before, versions, null);
		return cells.map(c => ({value: c.value, timestamp: int64ToNumber(c.timestamp)}));
	}

	async deleteRow(table: string, row: RowKey): Promise<void> {
		await this.connection.call('deleteAllRow', utf8(table), bytesOf(row), null);
	}

	async deleteCell(table: string, row: RowKey, column: string): Promise<void> {
		await this.connection.call('deleteAll', utf8(table), bytesOf(row), utf8(column), null);
	}

	/**
	 * Atomically writes `write` only if `column` currently holds `expected` (undefined = the cell
	 * must be absent). Returns false when the check failed. Thrift1's checkAndPut can only put:
	 * the gateway ignores a delete flag and would write an empty cell, so a delete is refused.
	 */
	async checkAndPut(
		table: string,
		row: RowKey,
		column: string,
		expected: string | Uint8Array | undefined,
		write: CellWrite & {value: string | Uint8Array},
	): Promise<boolean> {
		if (write.value === undefined) throw new TypeError('checkAndPut cannot delete through Thrift1');
		const {Mutation} = loadHbaseBindings().types;
		const mutation = new Mutation({column: utf8(write.column), value: bytesOf(write.value)});
		return this.connection.call<boolean>('checkAndPut', utf8(table), bytesOf(row), utf8(column), expected === undefined ? null : bytesOf(expected), mutation, null);
	}

	async openScanner(table: string, spec: ScanSpec): Promise<number> {
		const {TScan} = loadHbaseBindings().types;
		const scan = new TScan({
			startRow: spec.startRow === undefined ? undefined : bytesOf(spec.startRow),
			stopRow: spec.stopRow === undefined ? undefined : bytesOf(spec.stopRow),
			columns: spec.columns?.map(utf8),
			filterString: spec.filterString === undefined ? undefined : utf8(spec.filterString),
			caching: spec.caching,
			timestamp: spec.before,
		});
		return this.connection.call<number>('scannerOpenWithScan', utf8(table), scan, null);
	}

	async scannerNext(scannerId: number, count: number): Promise<Row[]> {
		const rows = await this.connection.call<RawRowResult[]>('scannerGetList', scannerId, count);
		return rows.map(toRow);
	}

	async closeScanner(scannerId: number): Promise<void> {
		await this.connection.call('scannerClose', scannerId);
	}
}

interface RawCell {
	value: Buffer;
	timestamp: unknown;
}

interface RawRowResult {
	row: Buffer;
	columns: Record<string, RawCell> | null;
}

/**
 * A stored value: its text, and its bytes too when they are not UTF-8 (another writer's binary),
 * so it is shown and written back exactly. node:buffer's isUtf8 is native (simdutf): a glance per
 * cell, and the Buffer the runtime read is kept, not copied.
 */
function version(value: Buffer, timestamp: number): CellVersion {
	return isUtf8(value) ? {value: value.toString('utf8'), timestamp} : {value: value.toString('utf8'), bytes: value, timestamp};
}

/** Thrift's TRowResult decoded straight into the domain's Row (newest version of each cell). */
function toRow(raw: RawRowResult): Row {
	const cells: Cell[] = [];
	// The runtime reads map keys as Buffers and uses them as object keys: Buffer#toString is UTF-8.
	for (const [column, cell] of Object.entries(raw.columns ?? {})) {
		cells.push({column, ...version(cell.value, int64ToNumber(cell.timestamp))});
	}
	const key = Buffer.isBuffer(raw.row) && !isUtf8(raw.row) ? raw.row : undefined;
	return rowOf(text(raw.row), cells, key);
}
