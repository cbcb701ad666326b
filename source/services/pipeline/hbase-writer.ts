import {userLine} from '../../domain/errors.js';
import {recordToCells} from '../../domain/cells.js';
import {type UserRecord} from '../../domain/user-record.js';
import {HbaseClient, type RowWrite} from '../hbase/hbase-client.js';
import {type ConnectionPool} from '../hbase/connection-pool.js';
import {backoffDelay, sleep} from '../retry.js';

export interface SinkRow {
	readonly record: UserRecord;
	/** The Kafka record timestamp (ms): the HBase cell version, so a replay rewrites the same version. */
	readonly timestamp: number;
	readonly offset: string;
}

export interface WriteOutcome {
	readonly written: number;
	/** Rows HBase refused on their own (not an outage): they go to the DLQ. */
	readonly rejected: ReadonlyArray<{readonly row: SinkRow; readonly reason: string}>;
}

export interface WriteHooks {
	readonly signal: AbortSignal;
	/** Called while HBase is not taking writes, before each wait. */
	onStall?(attempt: number, delayMs: number, message: string): void;
	onResume?(afterMs: number): void;
	/** Keeps the consumer in its group during long waits. */
	heartbeat?(): Promise<void>;
}

/**
 * Errors that mean "the table is not usable" rather than "this row is bad": the writer waits for
 * them like an outage (someone may run `init`), instead of sending every record to the DLQ.
 */
const systemic = /TableNotFound|NoSuchColumnFamily|TableDisabled|NotServingRegion|RegionTooBusy|PleaseHold|ServerNotRunning|MasterNotRunning/;

/**
 * Limits of one mutateRowsTs call. They were measured when the thrift runtime encoded a call as
 * one small Buffer per field (some 400 per user row) plus our Mutation objects and UTF-8 Buffers:
 * a call of a page (1,000 rows) made tens of MB at once, which outlived V8's young generation, and
 * calls of 25 rows gave about half the CPU per row, 1.4 times the rows per second and less peak
 * RSS (bench/RESULTS.md). HbaseClient.mutateRows now encodes a call into one Buffer of about its
 * wire size (about 1.4 KB per user row), so that reason is gone; the limits stay, as a bound on
 * one call's bytes and on the rows a refused call must retry one by one, until a bench run says
 * whether larger calls now pay.
 */
export interface WriteLimits {
	/** Rows per call at most. */
	readonly rowsPerCall?: number;
	/** Cell bytes (row key + column + value, UTF-16 units as an estimate) per call at most. */
	readonly bytesPerCall?: number;
}

export const writeLimitDefaults = {rowsPerCall: 25, bytesPerCall: 64 * 1024} as const;

interface PreparedRow {
	readonly row: SinkRow;
	readonly write: RowWrite;
	readonly bytes: number;
}

/**
 * Writes decoded records to HBase in as few round-trips as the limits allow: one mutateRowsTs per
 * distinct Kafka timestamp in the batch (the producer stamps a whole page with one timestamp),
 * split into calls of at most `rowsPerCall` rows and `bytesPerCall` bytes, sent one after the
 * other (rows keep their order: a key twice in a batch ends with its last value). Outages are
 * waited out with backoff, for as long as it takes, until the signal aborts: nothing is skipped,
 * so the caller may commit afterwards.
 */
export class HbaseRowWriter {
	private readonly rowsPerCall: number;
	private readonly bytesPerCall: number;

	constructor(
		private readonly pool: ConnectionPool,
		private readonly table: string,
		limits: WriteLimits = {},
	) {
		this.rowsPerCall = limits.rowsPerCall ?? writeLimitDefaults.rowsPerCall;
		this.bytesPerCall = limits.bytesPerCall ?? writeLimitDefaults.bytesPerCall;
		if (!(this.rowsPerCall >= 1) || !(this.bytesPerCall >= 1)) throw new RangeError('rowsPerCall and bytesPerCall must be at least 1');
	}

	async write(rows: readonly SinkRow[], hooks: WriteHooks): Promise<WriteOutcome> {
		const groups = new Map<number, SinkRow[]>();
		for (const row of rows) {
			const group = groups.get(row.timestamp);
			if (group) group.push(row);
			else groups.set(row.timestamp, [row]);
		}
		let written = 0;
		const rejected: Array<{row: SinkRow; reason: string}> = [];
		for (const [timestamp, group] of groups) {
			for (const call of this.calls(group)) {
				try {
					await this.untilWritten(() => this.put(call, timestamp), hooks);
					written += call.length;
				} catch (error) {
					if (hooks.signal.aborted) throw error;
					// A non-retriable answer for the whole call: find the rows at fault one by one.
					for (const row of call) {
						try {
							await this.untilWritten(() => this.put([row], timestamp), hooks);
							written++;
						} catch (rowError) {
							if (hooks.signal.aborted) throw rowError;
							rejected.push({row: row.row, reason: `HBase refused the row: ${userLine(rowError)}`});
						}
					}
				}
			}
		}
		return {written, rejected};
	}

	/**
	 * Consecutive slices of the group within the per-call limits (a row over the byte limit goes
	 * alone). Cells are made call by call, so only one call's worth is alive at a time.
	 */
	private *calls(group: readonly SinkRow[]): Iterable<PreparedRow[]> {
		let call: PreparedRow[] = [];
		let bytes = 0;
		for (const sinkRow of group) {
			const row = prepare(sinkRow);
			if (call.length > 0 && (call.length >= this.rowsPerCall || bytes + row.bytes > this.bytesPerCall)) {
				yield call;
				call = [];
				bytes = 0;
			}
			call.push(row);
			bytes += row.bytes;
		}
		if (call.length > 0) yield call;
	}

	/** One round-trip on a pooled connection. */
	private put(rows: readonly PreparedRow[], timestamp: number): Promise<void> {
		const writes = rows.map(r => r.write);
		return this.pool.use(connection => new HbaseClient(connection).mutateRows(this.table, writes, timestamp));
	}

	/** Retries retriable and systemic failures for ever (until aborted); throws row-specific ones. */
	private async untilWritten(task: () => Promise<void>, hooks: WriteHooks): Promise<void> {
		let stalledSince: number | undefined;
		for (let attempt = 1; ; attempt++) {
			try {
				await task();
				if (stalledSince !== undefined) hooks.onResume?.(Date.now() - stalledSince);
				return;
			} catch (error) {
				if (hooks.signal.aborted) throw error;
				const message = userLine(error);
				const retriable = (error as {retriable?: boolean}).retriable !== false || systemic.test(message);
				if (!retriable || error instanceof TypeError) throw error;
				stalledSince ??= Date.now();
				const delay = backoffDelay(attempt, {initialMs: 300, maxMs: 10_000});
				hooks.onStall?.(attempt, delay, message);
				await waitWithHeartbeats(delay, hooks);
			}
		}
	}
}

function prepare(row: SinkRow): PreparedRow {
	const cells = recordToCells(row.record);
	let bytes = row.record.id.length;
	for (const cell of cells) bytes += cell.column.length + cell.value.length;
	return {row, write: {row: row.record.id, cells}, bytes};
}

/** Sleeps in slices so the consumer's heartbeats keep its partitions while HBase is away. */
async function waitWithHeartbeats(ms: number, hooks: WriteHooks): Promise<void> {
	const end = Date.now() + ms;
	while (Date.now() < end) {
		await sleep(Math.min(1000, end - Date.now()), hooks.signal);
		await hooks.heartbeat?.().catch(() => {});
	}
}
