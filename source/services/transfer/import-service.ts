import {createReadStream} from 'node:fs';
import {extname} from 'node:path';
import {createInterface} from 'node:readline';
import {ValidationError} from '../../domain/errors.js';
import {checkCsvRow, checkNdjsonRow, type ImportRow} from '../../domain/import-check.js';
import {encodeMessage} from '../../domain/message.js';
import {CsvReader, csvColumns, parseNdjsonLine} from '../../domain/transfer-format.js';
import {type Column, recordFromColumns} from '../../domain/user-record.js';
import {type HbaseClient} from '../hbase/hbase-client.js';
import {tableCall} from '../hbase/table-call.js';
import {type HbaseRowWriter, type TimedRowWrite} from '../pipeline/hbase-writer.js';
import {type OutgoingMessage, type RecordProducer} from '../pipeline/user-producer.js';
import {type TransferFormat} from './export-service.js';

/**
 * `import`: a file of rows into the table, through the same checks as `create`
 * (domain/import-check.ts), either straight to HBase with the sink's writer (HbaseRowWriter:
 * the same mutateRowsTs batching, outage waits and isolation of refused rows) or through the
 * topic, so the sink writes it. Memory is bounded by one batch of rows plus the set of row keys
 * seen (to refuse a key given twice, as a second `create` of it would be refused).
 */

export type ImportVia = 'hbase' | 'kafka';

export interface ImportOptions {
	readonly file: string;
	/** Default: from the file's extension (.csv is csv, anything else ndjson). */
	readonly format?: TransferFormat;
	readonly strict?: boolean;
	/** Rows per batch (one existence check and one write each). */
	readonly batchRows?: number;
	readonly onProgress?: (progress: ImportProgress) => void;
	/** Each bad line as it is found (skipped; or, with strict, the reason nothing is written). */
	readonly onBadLine?: (bad: BadLine) => void;
	readonly signal?: AbortSignal;
}

export interface ImportProgress {
	readonly lines: number;
	readonly rows: number;
	readonly cells: number;
	readonly bad: number;
	/** True in the checking pass of --strict, before anything is written. */
	readonly checking: boolean;
}

export interface BadLine {
	readonly line: number;
	readonly reason: string;
}

export interface ImportReport {
	readonly file: string;
	readonly format: TransferFormat;
	/** Rows written (or handed to Kafka). */
	readonly rows: number;
	/** Cell versions written. */
	readonly cells: number;
	readonly bad: {readonly count: number; readonly lines: readonly BadLine[]};
	/** True when --strict refused the file: nothing was written. */
	readonly refused: boolean;
}

/** Where checked rows go. */
export interface ImportTarget {
	/** Which of these row keys already hold cells (create never overwrites a row). */
	existing(rows: readonly string[]): Promise<ReadonlySet<string>>;
	/** Writes the rows; returns those refused, with the reason. */
	write(rows: readonly ImportRow[], signal: AbortSignal): Promise<ReadonlyArray<{readonly row: string; readonly reason: string}>>;
}

const DEFAULT_BATCH = 500;
/** Bad lines kept for the report; all of them are counted and passed to onBadLine. */
const MAX_REPORTED = 100;

export function formatOf(file: string, format: TransferFormat | undefined): TransferFormat {
	return format ?? (extname(file).toLowerCase() === '.csv' ? 'csv' : 'ndjson');
}

/** The one entry point of an import (a write: a read-only guard belongs in front of this). */
export async function importFile(target: ImportTarget, options: ImportOptions): Promise<ImportReport> {
	const format = formatOf(options.file, options.format);
	const signal = options.signal ?? new AbortController().signal;
	if (options.strict) {
		const checked = await pass(target, options, format, signal, false);
		if (checked.bad.count > 0) return {...checked, rows: 0, cells: 0, refused: true};
	}
	return pass(target, options, format, signal, true);
}

async function pass(target: ImportTarget, options: ImportOptions, format: TransferFormat, signal: AbortSignal, writing: boolean): Promise<ImportReport> {
	const batchRows = options.batchRows ?? DEFAULT_BATCH;
	const seen = new Map<string, number>();
	const badLines: BadLine[] = [];
	const tally = {lines: 0, rows: 0, cells: 0, bad: 0};
	const bad = (line: number, reason: string) => {
		tally.bad++;
		if (badLines.length < MAX_REPORTED) badLines.push({line, reason});
		options.onBadLine?.({line, reason});
	};
	let batch: Array<{line: number; row: ImportRow}> = [];
	const flush = async () => {
		if (batch.length === 0) return;
		const existing = await target.existing(batch.map(entry => entry.row.row));
		const fresh = batch.filter(entry => {
			if (!existing.has(entry.row.row)) return true;
			bad(entry.line, `row ${entry.row.row} already exists in the table (import, like create, never overwrites a row)`);
			return false;
		});
		batch = [];
		if (!writing || fresh.length === 0) return;
		const refused = new Map(
			(
				await target.write(
					fresh.map(entry => entry.row),
					signal,
				)
			).map(r => [r.row, r.reason]),
		);
		for (const entry of fresh) {
			const reason = refused.get(entry.row.row);
			if (reason === undefined) {
				tally.rows++;
				tally.cells += entry.row.cellCount;
			} else {
				bad(entry.line, reason);
			}
		}
	};
	for await (const record of readRows(options.file, format)) {
		signal.throwIfAborted();
		tally.lines++;
		if ('reason' in record) {
			bad(record.line, record.reason);
			continue;
		}
		const first = seen.get(record.row.row);
		if (first !== undefined) {
			bad(record.line, `row ${record.row.row} was already given on line ${first}`);
			continue;
		}
		seen.set(record.row.row, record.line);
		batch.push(record);
		if (batch.length >= batchRows) {
			await flush();
			options.onProgress?.({...tally, checking: !writing});
		}
	}
	await flush();
	options.onProgress?.({...tally, checking: !writing});
	return {file: options.file, format, rows: tally.rows, cells: tally.cells, bad: {count: tally.bad, lines: badLines}, refused: false};
}

type ReadRecord = {readonly line: number; readonly row: ImportRow} | {readonly line: number; readonly reason: string};

function reasonOf(error: unknown): string {
	if (error instanceof ValidationError) return error.message;
	throw error;
}

/** The file's rows, checked, one at a time; a bad line is a reason, not an exception. */
async function* readRows(file: string, format: TransferFormat): AsyncGenerator<ReadRecord> {
	const stream = createReadStream(file, {encoding: 'utf8'});
	try {
		await new Promise<void>((resolve, reject) => {
			stream.once('readable', () => resolve());
			stream.once('error', reject);
		});
	} catch (error) {
		const code = (error as {code?: string}).code;
		throw new ValidationError(`{file} ${file}: cannot read it (${code ?? String(error)})`, {field: 'file'});
	}
	if (format === 'ndjson') {
		let line = 0;
		for await (const text of createInterface({input: stream, crlfDelay: Number.POSITIVE_INFINITY})) {
			line++;
			if (text.trim() === '') continue;
			try {
				yield {line, row: checkNdjsonRow(parseNdjsonLine(text))};
			} catch (error) {
				yield {line, reason: reasonOf(error)};
			}
		}
		return;
	}
	const reader = new CsvReader();
	let columns: string[] | undefined;
	const records = async function* () {
		for await (const chunk of stream) yield* reader.push(chunk as string);
		yield* reader.end();
	};
	for await (const record of records()) {
		if (columns === undefined) {
			columns = csvColumns(record.fields);
			continue;
		}
		if (record.fields.length === 1 && record.fields[0] === '') continue;
		try {
			yield {line: record.line, row: checkCsvRow(record.fields, columns)};
		} catch (error) {
			yield {line: record.line, reason: reasonOf(error)};
		}
	}
	if (columns === undefined) throw new ValidationError(`{file} ${file}: empty, expected a header line`, {field: 'file'});
}

/** Each version of each row as one TimedRowWrite: the writer groups them by timestamp. */
export function rowWrites(rows: readonly ImportRow[]): TimedRowWrite[] {
	return rows.flatMap(row => row.versions.map(version => ({write: {row: row.row, cells: version.cells}, timestamp: version.timestamp})));
}

/** Straight to HBase through the sink's writer. */
export function hbaseTarget(writer: HbaseRowWriter, existing: ImportTarget['existing']): ImportTarget {
	return {
		existing,
		async write(rows, signal) {
			const outcome = await writer.writeRows(rowWrites(rows), {signal});
			const refused = new Map<string, string>();
			// Import writes text keys only (create's check): the key is the line's row.
			for (const {row, reason} of outcome.rejected) refused.set(String(row.write.row), reason);
			return [...refused].map(([row, reason]) => ({row, reason}));
		},
	};
}

/**
 * Through the topic: one record per row and version, with the version's timestamp as the Kafka
 * timestamp (the sink writes cells at their record's timestamp, so versions land as exported).
 * A CSV row has no timestamp: it gets the time of the import.
 */
export function kafkaTarget(producer: RecordProducer, existing: ImportTarget['existing'], now: () => number = Date.now): ImportTarget {
	return {
		existing,
		async write(rows) {
			const groups = new Map<number, OutgoingMessage[]>();
			const stamp = now();
			for (const row of rows) {
				for (const version of row.versions) {
					const values: Partial<Record<Column, string>> = {};
					for (const cell of version.cells) values[cell.column as Column] = cell.value;
					const message = encodeMessage(recordFromColumns(row.row, values));
					const timestamp = version.timestamp ?? stamp;
					const group = groups.get(timestamp);
					if (group) group.push(message);
					else groups.set(timestamp, [message]);
				}
			}
			// Oldest first, so a row's records reach the topic in the order of their versions.
			for (const [timestamp, messages] of [...groups].sort(([a], [b]) => a - b)) await producer.send(messages, timestamp);
			return [];
		},
	};
}

/**
 * Which row keys already hold cells: one getRows round-trip per batch (a key that is not there
 * costs the gateway one Get and returns nothing). A missing table is said at once, before the
 * writer would wait for it as for an outage.
 */
export function existingRows(hbase: HbaseClient, table: string): ImportTarget['existing'] {
	return async rows => {
		const found = await tableCall(table, async () => hbase.getRows(table, rows));
		return new Set(found.filter(row => row.cells.length > 0).map(row => row.id));
	};
}
