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
 * Writes decoded records to HBase in as few round-trips as possible: one mutateRowsTs per
 * distinct Kafka timestamp in the batch (the producer stamps a whole page with one timestamp,
 * so a batch is usually one or two calls). Outages are waited out with backoff, for as long as
 * it takes, until the signal aborts: nothing is skipped, so the caller may commit afterwards.
 */
export class HbaseRowWriter {
	constructor(
		private readonly pool: ConnectionPool,
		private readonly table: string,
	) {}

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
			try {
				await this.untilWritten(() => this.put(group, timestamp), hooks);
				written += group.length;
			} catch (error) {
				if (hooks.signal.aborted) throw error;
				// A non-retriable answer for the whole group: find the rows at fault one by one.
				for (const row of group) {
					try {
						await this.untilWritten(() => this.put([row], timestamp), hooks);
						written++;
					} catch (rowError) {
						if (hooks.signal.aborted) throw rowError;
						rejected.push({row, reason: `HBase refused the row: ${userLine(rowError)}`});
					}
				}
			}
		}
		return {written, rejected};
	}

	private put(rows: readonly SinkRow[], timestamp: number): Promise<void> {
		const writes: RowWrite[] = rows.map(r => ({row: r.record.id, cells: recordToCells(r.record)}));
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

/** Sleeps in slices so the consumer's heartbeats keep its partitions while HBase is away. */
async function waitWithHeartbeats(ms: number, hooks: WriteHooks): Promise<void> {
	const end = Date.now() + ms;
	while (Date.now() < end) {
		await sleep(Math.min(1000, end - Date.now()), hooks.signal);
		await hooks.heartbeat?.().catch(() => {});
	}
}
