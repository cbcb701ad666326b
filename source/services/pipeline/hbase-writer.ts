import {TimeoutError, userLine} from '../../domain/errors.js';
import {recordToCells} from '../../domain/cells.js';
import {classifyRefusal, type OnRefused, type Refusal, refusalFromTableState, refusalLine} from '../../domain/refusal.js';
import {type UserRecord} from '../../domain/user-record.js';
import {HbaseClient, type RowWrite} from '../hbase/hbase-client.js';
import {type ConnectionPool} from '../hbase/connection-pool.js';
import {retry, sleep} from '../retry.js';
import PQueue from 'p-queue';

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
	/**
	 * Rows HBase refuses for a cause waiting will not fix (domain/refusal.ts): `wait` (default)
	 * waits as for an outage, `dlq` rejects them with the refusal as their reason.
	 */
	readonly onRefused?: OnRefused;
	/** Called before each wait with the permanent refusal behind it, if any (undefined: an outage). */
	onRefusal?(refusal: Refusal | undefined): void;
}

/** A write HBase refuses permanently, as found by the writer (the text, or the table's state). */
class RefusedWrite extends Error {
	constructor(
		readonly refusal: Refusal,
		cause: unknown,
	) {
		super(refusalLine(refusal), {cause});
	}
}

/**
 * Errors that mean "the table is not usable" rather than "this row is bad": the writer waits for
 * them like an outage (someone may run `init`), instead of sending every record to the DLQ.
 */
const systemic = /TableNotFound|NoSuchColumnFamily|TableDisabled|TableNotEnabled|NotServingRegion|RegionTooBusy|PleaseHold|ServerNotRunning|MasterNotRunning/;

/**
 * Limits of one mutateRowsTs call, and how many calls of a batch go at once.
 *
 * History (bench/RESULTS.md): while the thrift runtime encoded a call as one small Buffer per
 * field, calls of 25 rows were best (a 1,000-row call made tens of MB of garbage at once). Since
 * HbaseClient.mutateRows encodes a call into one Buffer, the gateway's and HBase's cost per call
 * dominates instead: calls of 200-500 rows cost the JVMs about a third less CPU per row than
 * calls of 25 (bench/micro/sink-shapes.ts; the full run: 1.23 times the users/s). Two calls of a
 * batch in flight bought nothing measurable on this machine (HBase is the bottleneck, and the
 * partitions already overlap), so the default is one; the setting stays for faster clusters.
 * 1 MiB bounds one call's bytes (about 700 user rows).
 */
export interface WriteLimits {
	/** Rows per call at most. */
	readonly rowsPerCall?: number;
	/** Cell bytes (row key + column + value, UTF-16 units as an estimate) per call at most. */
	readonly bytesPerCall?: number;
	/** Calls of one batch sent at once (each on its own pooled connection). */
	readonly callsInFlight?: number;
}

export const writeLimitDefaults = {rowsPerCall: 500, bytesPerCall: 1024 * 1024, callsInFlight: 1} as const;

interface PreparedRow {
	readonly row: SinkRow;
	readonly write: RowWrite;
	readonly bytes: number;
}

/**
 * Writes decoded records to HBase in as few round-trips as the limits allow: one mutateRowsTs per
 * distinct Kafka timestamp in the batch (the producer stamps a whole page with one timestamp),
 * split into calls of at most `rowsPerCall` rows and `bytesPerCall` bytes, `callsInFlight` at a
 * time (one at a time when a key repeats at one timestamp: it must end with its last value). Outages are
 * waited out with backoff, for as long as it takes, until the signal aborts: nothing is skipped,
 * so the caller may commit afterwards.
 */
export class HbaseRowWriter {
	private readonly rowsPerCall: number;
	private readonly bytesPerCall: number;
	private readonly callsInFlight: number;

	constructor(
		private readonly pool: ConnectionPool,
		private readonly table: string,
		limits: WriteLimits = {},
	) {
		this.rowsPerCall = limits.rowsPerCall ?? writeLimitDefaults.rowsPerCall;
		this.bytesPerCall = limits.bytesPerCall ?? writeLimitDefaults.bytesPerCall;
		this.callsInFlight = limits.callsInFlight ?? writeLimitDefaults.callsInFlight;
		if (!(this.rowsPerCall >= 1) || !(this.bytesPerCall >= 1)) throw new RangeError('rowsPerCall and bytesPerCall must be at least 1');
	}

	async write(rows: readonly SinkRow[], hooks: WriteHooks): Promise<WriteOutcome> {
		const groups = new Map<number, SinkRow[]>();
		for (const row of rows) {
			const group = groups.get(row.timestamp);
			if (group) group.push(row);
			else groups.set(row.timestamp, [row]);
		}
		const tally: {written: number; rejected: Array<{row: SinkRow; reason: string}>} = {written: 0, rejected: []};
		for (const [timestamp, group] of groups) {
			// Calls of one group overlap only when no row key repeats in it: two writes of one key at
			// one timestamp must land in order, or the older value could win. (Checked only when
			// overlap is asked for: the default path pays nothing.)
			const inFlight = this.callsInFlight > 1 && !hasRepeatedKey(group) ? this.callsInFlight : 1;
			await eachLimited(this.calls(group), inFlight, call => this.writeCall(call, timestamp, hooks, tally));
		}
		tally.rejected.sort((a, b) => (BigInt(a.row.offset) < BigInt(b.row.offset) ? -1 : 1));
		return tally;
	}

	/**
	 * One call, retried through outages; a call HBase refuses is retried row by row to find the
	 * bad ones. A refusal of the whole table (missing or disabled) rejects the call's rows at once
	 * (only reached with onRefused `dlq`); a missing family still goes row by row, since rows
	 * without cells in that family are written.
	 */
	private async writeCall(
		call: readonly PreparedRow[],
		timestamp: number,
		hooks: WriteHooks,
		tally: {written: number; rejected: Array<{row: SinkRow; reason: string}>},
	): Promise<void> {
		try {
			await this.untilWritten(() => this.put(call, timestamp), hooks);
			tally.written += call.length;
		} catch (error) {
			if (hooks.signal.aborted) throw error;
			const refusal = this.refusalOf(error);
			if (refusal && refusal.kind !== 'missing-family') {
				for (const row of call) tally.rejected.push({row: row.row, reason: refusalLine(refusal)});
				return;
			}
			for (const row of call) {
				try {
					await this.untilWritten(() => this.put([row], timestamp), hooks);
					tally.written++;
				} catch (rowError) {
					if (hooks.signal.aborted) throw rowError;
					const rowRefusal = this.refusalOf(rowError);
					tally.rejected.push({row: row.row, reason: rowRefusal ? refusalLine(rowRefusal) : `HBase refused the row: ${userLine(rowError)}`});
				}
			}
		}
	}

	private refusalOf(error: unknown): Refusal | undefined {
		return error instanceof RefusedWrite ? error.refusal : classifyRefusal(userLine(error), this.table);
	}

	/**
	 * Why writes time out, when their text names no cause: a batch put to a disabled table only
	 * times out at the gateway. Two cheap calls; undefined when HBase does not answer either (an
	 * outage) or the table is fine.
	 */
	private async diagnose(): Promise<Refusal | undefined> {
		try {
			return await this.pool.use(async connection => {
				const hbase = new HbaseClient(connection);
				const exists = (await hbase.tableNames()).includes(this.table);
				const enabled = exists && (await hbase.isTableEnabled(this.table));
				return refusalFromTableState(this.table, {exists, enabled});
			});
		} catch {
			return undefined;
		}
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

	/**
	 * Retries retriable and systemic failures for ever (until aborted); throws row-specific ones.
	 * With onRefused `dlq`, a permanent refusal is thrown too (RefusedWrite when only the table's
	 * state told it), so its rows go to the DLQ.
	 */
	private async untilWritten(task: () => Promise<void>, hooks: WriteHooks): Promise<void> {
		let stalledSince: number | undefined;
		let refusal: Refusal | undefined;
		await retry(
			async () => {
				try {
					await task();
				} catch (error) {
					refusal = this.refusalOf(error);
					// A timeout names no cause: ask the table's state (a disabled table only times out).
					if (!refusal && error instanceof TimeoutError) refusal = await this.diagnose();
					if (refusal && hooks.onRefused === 'dlq') {
						hooks.onRefusal?.(refusal);
						throw new RefusedWrite(refusal, error);
					}
					throw error;
				}
			},
			{
				retries: Number.POSITIVE_INFINITY,
				initialMs: 300,
				maxMs: 10_000,
				signal: hooks.signal,
				// A systemic failure (the region server or the gateway away) gets better by waiting even
				// when its error says it is not retriable; a programming error never does.
				shouldRetry: error =>
					!(error instanceof TypeError) && !(error instanceof RefusedWrite) && ((error as {retriable?: boolean}).retriable !== false || systemic.test(userLine(error))),
				onRetry: (error, attempt, delayMs) => {
					stalledSince ??= Date.now();
					hooks.onRefusal?.(refusal);
					hooks.onStall?.(attempt, delayMs, refusal ? refusalLine(refusal) : userLine(error));
				},
				wait: async ms => waitWithHeartbeats(ms, hooks),
			},
		);
		if (stalledSince !== undefined) hooks.onResume?.(Date.now() - stalledSince);
	}
}

function hasRepeatedKey(group: readonly SinkRow[]): boolean {
	const keys = new Set<string>();
	for (const row of group) {
		if (keys.has(row.record.id)) return true;
		keys.add(row.record.id);
	}
	return false;
}

/**
 * Runs `task` over the items with at most `limit` at once (p-queue), pulling an item only when
 * none waits for a slot: the calls generator builds cells call by call, so at most `limit` + 1
 * calls are alive. The first failure stops new work and is thrown once the running tasks settled.
 */
async function eachLimited<T>(items: Iterable<T>, limit: number, task: (item: T) => Promise<void>): Promise<void> {
	const queue = new PQueue({concurrency: Math.max(1, limit)});
	let failure: {error: unknown} | undefined;
	for (const item of items) {
		await queue.onSizeLessThan(1);
		if (failure) break;
		void queue
			.add(async () => task(item))
			.catch((error: unknown) => {
				failure ??= {error};
			});
	}
	await queue.onIdle();
	if (failure) throw failure.error;
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
