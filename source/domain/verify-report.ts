import {type CellPut} from './cells.js';
import {count, duration, printable} from './display.js';
import {type CellVersion, findCell, type Row} from './row.js';

/**
 * `verify`'s comparison of a row key's newest Kafka record with HBase, and the report (pure).
 *
 * A record's cells are compared with HBase's newest version of the same cells: the value, and
 * the timestamp, which must be the record's Kafka timestamp (the sink writes it as the version).
 * Cells HBase holds that the newest record does not have are not compared: older records or
 * `update` may have written them legitimately.
 *
 * JSON fields of the report (`verify --json`):
 * - `agree`: true when nothing is missing or different (the command exits 0, else 1).
 * - `missing`: `{count, samples}`: row keys whose newest record has no row in HBase at all;
 *   each sample `{row, partition, offset, timestamp}` names the record.
 * - `different`: `{count, samples}`: rows present in HBase where at least one cell of the newest
 *   record is absent, holds another value, or has another timestamp; each sample adds `cells`,
 *   `[{column, expected: {value, timestamp}, actual: {value, timestamp} | null}]` (null: no cell).
 * - `records`: records read; `rows`: distinct row keys among them; `checked`: rows compared;
 *   `invalid`: rows whose newest record cannot be decoded (the sink sent it to the DLQ): not compared.
 * - `offsets`: per partition `{partition, from, to, records}`: the first and last offset read
 *   (both inclusive; null for a partition with nothing to read).
 */

export interface RecordPosition {
	readonly row: string;
	readonly partition: number;
	readonly offset: string;
	readonly timestamp: number;
}

export interface CellDifference {
	readonly column: string;
	readonly expected: CellVersion;
	/** null: HBase has no such cell. */
	readonly actual: CellVersion | null;
}

export type RowComparison = {readonly kind: 'agree'} | {readonly kind: 'missing'} | {readonly kind: 'different'; readonly cells: readonly CellDifference[]};

/** The newest record's cells (written at `timestamp`) against what HBase returned for the row. */
export function compareRow(expected: readonly CellPut[], timestamp: number, actual: Row | undefined): RowComparison {
	if (!actual || actual.cells.length === 0) return {kind: 'missing'};
	const cells: CellDifference[] = [];
	for (const cell of expected) {
		const found = findCell(actual, cell.column);
		if (!found) cells.push({column: cell.column, expected: {value: cell.value, timestamp}, actual: null});
		else if (found.value !== cell.value || found.timestamp !== timestamp) {
			cells.push({column: cell.column, expected: {value: cell.value, timestamp}, actual: {value: found.value, timestamp: found.timestamp}});
		}
	}
	return cells.length === 0 ? {kind: 'agree'} : {kind: 'different', cells};
}

export interface OffsetRange {
	readonly partition: number;
	readonly from: string | null;
	readonly to: string | null;
	readonly records: number;
}

export interface VerifyReport {
	readonly topic: string;
	readonly table: string;
	readonly agree: boolean;
	readonly records: number;
	readonly rows: number;
	readonly checked: number;
	readonly invalid: number;
	readonly missing: {readonly count: number; readonly samples: readonly RecordPosition[]};
	readonly different: {readonly count: number; readonly samples: ReadonlyArray<RecordPosition & {readonly cells: readonly CellDifference[]}>};
	readonly offsets: readonly OffsetRange[];
	readonly elapsedMs: number;
}

export const DEFAULT_SAMPLES = 20;

/** Counts every outcome and keeps the first `samples` of each kind: memory bounded by `samples`. */
export class VerifyTally {
	checked = 0;
	invalid = 0;
	private readonly missing = {count: 0, samples: [] as RecordPosition[]};
	private readonly different = {count: 0, samples: [] as Array<RecordPosition & {cells: readonly CellDifference[]}>};

	constructor(private readonly samples: number = DEFAULT_SAMPLES) {}

	add(position: RecordPosition, comparison: RowComparison): void {
		this.checked++;
		if (comparison.kind === 'missing') {
			this.missing.count++;
			if (this.missing.samples.length < this.samples) this.missing.samples.push(position);
		} else if (comparison.kind === 'different') {
			this.different.count++;
			if (this.different.samples.length < this.samples) this.different.samples.push({...position, cells: comparison.cells});
		}
	}

	report(context: Omit<VerifyReport, 'agree' | 'checked' | 'invalid' | 'missing' | 'different'>): VerifyReport {
		const byRow = (a: RecordPosition, b: RecordPosition) => (a.row < b.row ? -1 : a.row > b.row ? 1 : 0);
		return {
			...context,
			agree: this.missing.count === 0 && this.different.count === 0,
			checked: this.checked,
			invalid: this.invalid,
			missing: {count: this.missing.count, samples: [...this.missing.samples].sort(byRow)},
			different: {count: this.different.count, samples: [...this.different.samples].sort(byRow)},
		};
	}
}

/**
 * The newest record of each row key, in bounded memory: a Map from key to a slot in two growing
 * Float64Arrays (timestamp; partition and offset packed as partition * 2^40 + offset), about
 * 150 bytes a key with the key string, instead of an object per key.
 */
export class NewestIndex {
	private readonly slots = new Map<string, number>();
	private timestamps = new Float64Array(1024);
	private positions = new Float64Array(1024);

	get size(): number {
		return this.slots.size;
	}

	/** Records a record; the newest is the one with the greatest timestamp, then the greatest offset. */
	see(row: string, partition: number, offset: number, timestamp: number): void {
		const position = pack(partition, offset);
		const slot = this.slots.get(row);
		if (slot === undefined) {
			const next = this.slots.size;
			if (next === this.timestamps.length) this.grow();
			this.slots.set(row, next);
			this.timestamps[next] = timestamp;
			this.positions[next] = position;
			return;
		}
		const seen = this.timestamps[slot]!;
		if (timestamp > seen || (timestamp === seen && position > this.positions[slot]!)) {
			this.timestamps[slot] = timestamp;
			this.positions[slot] = position;
		}
	}

	/** True when this record is its key's newest. */
	isNewest(row: string, partition: number, offset: number): boolean {
		const slot = this.slots.get(row);
		return slot !== undefined && this.positions[slot] === pack(partition, offset);
	}

	private grow(): void {
		const timestamps = new Float64Array(this.timestamps.length * 2);
		timestamps.set(this.timestamps);
		this.timestamps = timestamps;
		const positions = new Float64Array(this.positions.length * 2);
		positions.set(this.positions);
		this.positions = positions;
	}
}

const OFFSET_SPAN = 2 ** 40;

function pack(partition: number, offset: number): number {
	return partition * OFFSET_SPAN + offset;
}

/** The report as lines of text, for `verify` without --json and the console's Verify action. */
export function verifyLines(report: VerifyReport): string[] {
	const lines = [`topic ${report.topic} → table ${report.table}: ${report.agree ? 'agree' : 'DIFFER'}`];
	for (const range of report.offsets) {
		lines.push(`  partition ${range.partition}: ${range.records === 0 ? 'empty' : `offsets ${range.from}..${range.to} (${count(range.records)} records)`}`);
	}
	lines.push(
		`${count(report.records)} records, ${count(report.rows)} row keys, ${count(report.checked)} compared, ${count(report.invalid)} not decodable (DLQ) in ${duration(report.elapsedMs)}`,
		`missing: ${count(report.missing.count)}`,
	);
	for (const sample of report.missing.samples) lines.push(`  ${printable(sample.row)}  (partition ${sample.partition} offset ${sample.offset})`);
	lines.push(`different: ${count(report.different.count)}`);
	for (const sample of report.different.samples) {
		lines.push(`  ${printable(sample.row)}  (partition ${sample.partition} offset ${sample.offset})`);
		for (const cell of sample.cells) {
			const actual = cell.actual === null ? 'no cell' : `${JSON.stringify(printable(cell.actual.value))} @ ${cell.actual.timestamp}`;
			lines.push(`    ${cell.column}: expected ${JSON.stringify(printable(cell.expected.value))} @ ${cell.expected.timestamp}, HBase has ${actual}`);
		}
	}
	return lines;
}
