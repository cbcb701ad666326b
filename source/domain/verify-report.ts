import {type CellPut} from './cells.js';
import {count, duration, inert} from './display.js';
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
 * The newest record of each row key, in bounded memory: an open-addressing hash table over
 * typed arrays, keyed by the key's bytes (kept in one growing byte arena), with each key's newest
 * timestamp and position (partition * 2^40 + offset). About 60 bytes a key of 36 bytes, outside
 * the JavaScript heap, and no string or object per key: a Map of 1,000,000 key strings held some
 * 130 MB of heap, and the garbage collector let the process grow to about twice its live heap.
 * Exact: keys are compared byte for byte, never by hash alone.
 */
export class NewestIndex {
	private arena = new Uint8Array(1 << 20);
	private arenaUsed = 0;
	/** Hash table: entry number + 1, 0 for an empty slot. Kept at most half full. */
	private table = new Int32Array(1 << 12);
	private starts = new Float64Array(1 << 10);
	private lengths = new Uint32Array(1 << 10);
	private hashes = new Uint32Array(1 << 10);
	private timestamps = new Float64Array(1 << 10);
	private positions = new Float64Array(1 << 10);
	private count = 0;

	get size(): number {
		return this.count;
	}

	/** Records a record; the newest is the one with the greatest timestamp, then the greatest position. */
	see(key: Uint8Array, partition: number, offset: number, timestamp: number): void {
		const position = pack(partition, offset);
		const hash = hashBytes(key);
		const slot = this.find(key, hash);
		const entry = this.table[slot]! - 1;
		if (entry < 0) {
			this.add(slot, key, hash, timestamp, position);
			return;
		}
		const seen = this.timestamps[entry]!;
		if (timestamp > seen || (timestamp === seen && position > this.positions[entry]!)) {
			this.timestamps[entry] = timestamp;
			this.positions[entry] = position;
		}
	}

	/** True when this record is its key's newest. */
	isNewest(key: Uint8Array, partition: number, offset: number): boolean {
		const entry = this.table[this.find(key, hashBytes(key))]! - 1;
		return entry >= 0 && this.positions[entry] === pack(partition, offset);
	}

	/** The slot holding `key`, or the empty slot where it would go. */
	private find(key: Uint8Array, hash: number): number {
		const mask = this.table.length - 1;
		for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
			const entry = this.table[slot]! - 1;
			if (entry < 0 || (this.hashes[entry] === hash && this.equals(entry, key))) return slot;
		}
	}

	private equals(entry: number, key: Uint8Array): boolean {
		if (this.lengths[entry] !== key.length) return false;
		const start = this.starts[entry]!;
		for (let i = 0; i < key.length; i++) if (this.arena[start + i] !== key[i]) return false;
		return true;
	}

	private add(slot: number, key: Uint8Array, hash: number, timestamp: number, position: number): void {
		const entry = this.count;
		if (entry === this.hashes.length) this.growEntries();
		if (this.arenaUsed + key.length > this.arena.length) this.arena = grown(this.arena, Math.max(this.arena.length * 2, this.arenaUsed + key.length));
		this.arena.set(key, this.arenaUsed);
		this.starts[entry] = this.arenaUsed;
		this.lengths[entry] = key.length;
		this.arenaUsed += key.length;
		this.hashes[entry] = hash;
		this.timestamps[entry] = timestamp;
		this.positions[entry] = position;
		this.table[slot] = entry + 1;
		this.count++;
		if (this.count * 2 > this.table.length) this.rehash();
	}

	private growEntries(): void {
		const size = this.hashes.length * 2;
		this.starts = grown(this.starts, size);
		this.lengths = grown(this.lengths, size);
		this.hashes = grown(this.hashes, size);
		this.timestamps = grown(this.timestamps, size);
		this.positions = grown(this.positions, size);
	}

	private rehash(): void {
		this.table = new Int32Array(this.table.length * 2);
		const mask = this.table.length - 1;
		for (let entry = 0; entry < this.count; entry++) {
			let slot = this.hashes[entry]! & mask;
			while (this.table[slot] !== 0) slot = (slot + 1) & mask;
			this.table[slot] = entry + 1;
		}
	}
}

type TypedArray = Uint8Array | Uint32Array | Int32Array | Float64Array;

function grown<T extends TypedArray>(array: T, size: number): T {
	const next = new (array.constructor as new (size: number) => T)(size);
	next.set(array);
	return next;
}

/** FNV-1a, 32 bits: spreads UUID-like keys well enough for linear probing. */
function hashBytes(bytes: Uint8Array): number {
	let hash = 0x811c9dc5;
	for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193);
	return hash >>> 0;
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
	for (const sample of report.missing.samples) lines.push(`  ${inert(sample.row)}  (partition ${sample.partition} offset ${sample.offset})`);
	lines.push(`different: ${count(report.different.count)}`);
	for (const sample of report.different.samples) {
		lines.push(`  ${inert(sample.row)}  (partition ${sample.partition} offset ${sample.offset})`);
		for (const cell of sample.cells) {
			const actual = cell.actual === null ? 'no cell' : `${JSON.stringify(inert(cell.actual.value))} @ ${cell.actual.timestamp}`;
			lines.push(`    ${cell.column}: expected ${JSON.stringify(inert(cell.expected.value))} @ ${cell.expected.timestamp}, HBase has ${actual}`);
		}
	}
	return lines;
}
