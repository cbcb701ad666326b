import {setTimeout as delay} from 'node:timers/promises';
import kafkajs, {type Consumer, type EachBatchPayload, type Kafka, type KafkaJSErrorMetadata} from 'kafkajs';
import {userLine} from '../../domain/errors.js';
import {decodeMessage} from '../../domain/message.js';
import {type OnRefused, type Refusal, refusalLine, sameRefusal} from '../../domain/refusal.js';
import {type ConnectionPool} from '../hbase/connection-pool.js';
import {type Logger, silentLogger} from '../logger.js';
import {retry} from '../retry.js';
import {TypedEmitter} from '../typed-emitter.js';
import {type DeadLetter, type DlqPublisher} from './dlq-publisher.js';
import {type RunState, type SinkEvents} from './events.js';
import {HbaseRowWriter, type SinkRow, type WriteLimits} from './hbase-writer.js';

export interface SinkOptions {
	readonly kafka: Kafka;
	readonly topic: string;
	readonly group: string;
	readonly table: string;
	readonly pool: ConnectionPool;
	readonly dlq: DlqPublisher;
	readonly logger?: Logger;
	/** Rows decoded, written and committed together (one offset commit per batch). */
	readonly batchRows?: number;
	/** Rows and bytes per HBase call inside a batch (see WriteLimits in hbase-writer.ts). */
	readonly writeLimits?: WriteLimits;
	/**
	 * Compressed bytes fetched per partition per request. kafkajs decodes a whole fetch before
	 * handing it over and fetches again only once every partition's batch is done, so this bounds
	 * the messages held in memory (about 3 times this size once gunzipped, plus objects).
	 */
	readonly fetchBytesPerPartition?: number;
	/** Partitions handled at once; each needs its own Thrift connection to run in parallel. */
	readonly concurrency?: number;
	/** How long a crashed consumer keeps its partitions before the group moves them (ms). */
	readonly sessionTimeoutMs?: number;
	/** Rows HBase refuses permanently (a missing family or table): wait (default) or send them to the DLQ. */
	readonly onRefused?: OnRefused;
}

/**
 * `fetchMaxWaitMs` bounds the fetch long-poll. kafkajs's disconnect waits for the fetch in
 * flight, so with its default of 5 s every bounded run (`--max`, `--until-idle`) and every stop
 * sat idle up to 5 s after its last commit. A busy topic answers a fetch as soon as it has a
 * byte, so a short wait costs nothing there; an idle one pays about two small fetch requests a
 * second per broker.
 */
export const sinkDefaults = {batchRows: 1000, fetchBytesPerPartition: 1024 * 1024, fetchMaxWaitMs: 500} as const;

export interface SinkStats {
	readonly written: number;
	readonly dlq: number;
	readonly batches: number;
	readonly lag: ReadonlyMap<number, number>;
	readonly lastActivityAt: number;
	readonly inFlight: number;
	/** Set while HBase refuses writes for a cause waiting will not fix, since when (ms). */
	readonly refused?: {readonly refusal: Refusal; readonly since: number; readonly onRefused: OnRefused};
	/**
	 * Per partition, the Kafka timestamp (ms) of the oldest record fetched but not yet committed:
	 * the age of the oldest unwritten record, as far as this sink has seen it.
	 */
	readonly pendingSince: ReadonlyMap<number, number>;
}

/**
 * The HBase sink: consumes `userdata`, writes rows through Thrift, and commits a partition's
 * offset only after HBase acknowledged every row before it (and the DLQ every bad record).
 *
 * kafkajs traps avoided on purpose (see STYLE.md): eachBatchAutoResolve is off, so a batch
 * left half-way is never marked done; autoCommit is off and offsets are committed explicitly
 * (commitOffsetsIfNecessary commits nothing without a threshold); the handler never lets a
 * TypeError escape, which would stop the consumer for good.
 */
/**
 * What eachBatch throws when a batch failed: kafkajs's own retriable KafkaJSError. Its retrier
 * then fetches the uncommitted batch again (a TypeError escaping would stop the consumer for
 * good), and its runner, which recognises the class by instanceof, does not log the failure a
 * second time with a stack: the sink has logged it already. A plain Error merely named
 * 'KafkaJSError' passed neither check. (Through the default export: kafkajs's errors are not
 * named exports Node can see from ESM.)
 */
export function batchFailure(error: unknown): InstanceType<typeof kafkajs.KafkaJSError> {
	// kafkajs 2.2.4 takes a cause (src/errors.js) but its typings leave it out.
	const metadata: KafkaJSErrorMetadata & {cause?: Error} = {retriable: true, cause: error instanceof Error ? error : undefined};
	const failure = new kafkajs.KafkaJSError(`batch failed: ${userLine(error)}`, metadata);
	// A commit that found its group coordinator gone: kafkajs's offset manager asks for the same
	// (dead) broker again on every retry ("Broker 3 not found in the cached metadata", for minutes,
	// kafkajs issues #802 and #1439). Its runner re-joins the group on this type, and the join
	// looks the coordinator up afresh.
	if (error instanceof CoordinatorLost) Object.assign(failure, {type: 'NOT_COORDINATOR_FOR_GROUP'});
	// A rebalance (another sink joined or left) reaches us through a heartbeat or a commit. Its
	// type must survive the wrapping: kafkajs's runner re-joins at once only on these types, and
	// on any other error fetches the same partitions again, so before this the sink kept writing
	// (and failing to commit) for up to 26 s while a second sink waited to get its share.
	const rebalance = rebalanceType(error);
	if (rebalance) Object.assign(failure, {type: rebalance});
	return failure;
}

const rebalanceTypes = new Set(['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'NOT_COORDINATOR_FOR_GROUP']);

/** The kafkajs protocol error type of a group change in the error or its causes, if it is one. */
export function rebalanceType(error: unknown): string | undefined {
	for (let cause: unknown = error, depth = 0; cause instanceof Error && depth < 4; cause = cause.cause, depth++) {
		const type = (cause as {type?: unknown}).type;
		if (typeof type === 'string' && rebalanceTypes.has(type)) return type;
	}
	return undefined;
}

/** The offset commit failed because the group coordinator's broker went away (see batchFailure). */
class CoordinatorLost extends Error {}

const coordinatorLossNames = new Set(['KafkaJSBrokerNotFound', 'KafkaJSConnectionError', 'KafkaJSConnectionClosedError', 'KafkaJSRequestTimeoutError']);

/** Commits through kafkajs, telling a lost coordinator apart from any other failure. */
export async function commitTo(consumer: Consumer | undefined, offsets: Parameters<Consumer['commitOffsets']>[0]): Promise<void> {
	try {
		await consumer?.commitOffsets(offsets);
	} catch (error) {
		// kafkajs's runner retries the commit first and wraps the last failure (KafkaJSNumberOfRetriesExceeded).
		for (let cause: unknown = error, depth = 0; cause instanceof Error && depth < 4; cause = cause.cause, depth++) {
			if (coordinatorLossNames.has(cause.name)) throw new CoordinatorLost(`offset commit: ${cause.message}`, {cause: error});
		}
		throw error;
	}
}

export class HbaseSink {
	readonly events: TypedEmitter<SinkEvents>;
	private readonly logger: Logger;
	private readonly writer: HbaseRowWriter;
	private readonly batchRows: number;
	private consumer: Consumer | undefined;
	private abort = new AbortController();
	private stateValue: RunState = 'idle';
	private restartTimer: NodeJS.Timeout | undefined;
	private counters = {written: 0, dlq: 0, batches: 0, lastActivityAt: Date.now(), inFlight: 0};
	private readonly lag = new Map<number, number>();
	private readonly pendingSince = new Map<number, number>();
	private refused: {refusal: Refusal; since: number; onRefused: OnRefused} | undefined;

	constructor(private readonly options: SinkOptions) {
		this.logger = options.logger ?? silentLogger;
		this.events = new TypedEmitter(this.logger);
		this.writer = new HbaseRowWriter(options.pool, options.table, options.writeLimits);
		this.batchRows = options.batchRows ?? sinkDefaults.batchRows;
	}

	get state(): RunState {
		return this.stateValue;
	}

	get stats(): SinkStats {
		return {...this.counters, lag: new Map(this.lag), refused: this.refused, pendingSince: new Map(this.pendingSince)};
	}

	/** Restarts the idle clock (the caller saw records waiting). */
	markActive(): void {
		this.counters.lastActivityAt = Date.now();
	}

	async start(): Promise<void> {
		if (this.consumer) return;
		this.abort = new AbortController();
		await this.options.dlq.connect();
		const consumer = this.options.kafka.consumer({
			groupId: this.options.group,
			maxBytesPerPartition: this.options.fetchBytesPerPartition ?? sinkDefaults.fetchBytesPerPartition,
			maxBytes: 16 * 1024 * 1024,
			maxWaitTimeInMs: sinkDefaults.fetchMaxWaitMs,
			sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
			heartbeatInterval: Math.min(3000, Math.floor((this.options.sessionTimeoutMs ?? 30_000) / 3)),
			allowAutoTopicCreation: false,
			retry: {retries: 10, initialRetryTime: 300, maxRetryTime: 30_000},
		});
		consumer.on(consumer.events.CRASH, event => {
			const {error, restart} = event.payload as {error: Error; restart: boolean};
			this.logger.error({err: error.message, restart}, 'consumer crashed');
			this.events.emit('error', {at: Date.now(), source: 'kafka', message: `consumer: ${error.message}`, retrying: true});
			// kafkajs restarts by itself on retriable errors; on the others we do, so the sink never stops.
			if (!restart && this.stateValue === 'running') this.scheduleRestart();
		});
		// A consumer that stops while we still run (e.g. its member id expired and kafkajs gave
		// up) would leave the sink silently idle: start a fresh one.
		consumer.on(consumer.events.STOP, () => {
			if (this.stateValue === 'running' && this.consumer === consumer) {
				this.logger.warn({}, 'consumer stopped unexpectedly; restarting it');
				this.scheduleRestart();
			}
		});
		await consumer.connect();
		await consumer.subscribe({topic: this.options.topic, fromBeginning: true});
		this.consumer = consumer;
		this.setState('running');
		await consumer.run({
			autoCommit: false,
			eachBatchAutoResolve: false,
			partitionsConsumedConcurrently: this.options.concurrency ?? 3,
			eachBatch: payload => this.onBatch(payload),
		});
	}

	/** Abandons the batch in flight (not committed), leaves the group, closes the DLQ producer. */
	async stop(): Promise<void> {
		clearTimeout(this.restartTimer);
		this.setState('stopping');
		this.abort.abort(new Error('sink stopping'));
		const consumer = this.consumer;
		this.consumer = undefined;
		await consumer?.disconnect().catch(error => this.logger.warn({err: (error as Error).message}, 'consumer disconnect failed'));
		await this.options.dlq.disconnect().catch(() => {});
		this.setState('stopped');
	}

	private scheduleRestart(): void {
		clearTimeout(this.restartTimer);
		this.restartTimer = setTimeout(() => {
			const consumer = this.consumer;
			this.consumer = undefined;
			void (async () => {
				await consumer?.disconnect().catch(() => {});
				if (this.stateValue !== 'running') return;
				await this.start().catch(error => {
					this.logger.error({err: userLine(error)}, 'sink restart failed; trying again');
					this.scheduleRestart();
				});
			})();
		}, 5000);
	}

	private async onBatch(payload: EachBatchPayload): Promise<void> {
		const {heartbeat} = payload;
		const signal = this.abort.signal;
		// A write can take long (the gateway's own HBase client retries while a region server
		// restarts): keep heartbeating meanwhile, or the group expires our member and the batch's
		// commit is refused.
		const beat = setInterval(() => void heartbeat().catch(() => {}), 3000);
		try {
			await this.writeBatch(payload, signal);
		} finally {
			clearInterval(beat);
		}
	}

	private async writeBatch(payload: EachBatchPayload, signal: AbortSignal): Promise<void> {
		const {batch, resolveOffset, heartbeat, isRunning, isStale} = payload;
		const onRefused = this.options.onRefused ?? 'wait';
		for (let start = 0; start < batch.messages.length; start += this.batchRows) {
			if (!isRunning() || isStale() || signal.aborted) return;
			const chunk = batch.messages.slice(start, start + this.batchRows);
			const began = Date.now();
			this.pendingSince.set(batch.partition, Number(chunk[0]!.timestamp));
			this.counters.inFlight++;
			try {
				const rows: SinkRow[] = [];
				const letters: DeadLetter[] = [];
				for (const message of chunk) {
					const origin = {topic: batch.topic, partition: batch.partition, offset: message.offset, timestamp: message.timestamp};
					try {
						const record = decodeMessage(message.key, message.value, message.headers);
						rows.push({record, timestamp: Number(message.timestamp), offset: message.offset});
					} catch (error) {
						letters.push({key: message.key, value: message.value, headers: message.headers, reason: userLine(error), origin});
					}
				}
				const outcome = await this.writer.write(rows, {
					signal,
					heartbeat,
					onRefused,
					onRefusal: refusal => this.noteRefusal(refusal, onRefused),
					onStall: (attempt, delayMs, message) => {
						this.logger.warn(
							{attempt, delayMs, err: message, partition: batch.partition},
							this.refused
								? `hbase refuses writes: ${refusalLine(this.refused.refusal)}; waiting, nothing committed`
								: 'hbase not taking writes; waiting, nothing committed',
						);
						this.events.emit('stalled', {at: Date.now(), attempt, delayMs, message});
					},
					onResume: afterMs => {
						this.logger.info({afterMs, partition: batch.partition}, 'hbase takes writes again; resuming');
						this.events.emit('resumed', {at: Date.now(), afterMs});
					},
				});
				for (const {row, reason} of outcome.rejected) {
					const message = chunk.find(m => m.offset === row.offset)!;
					letters.push({
						key: message.key,
						value: message.value,
						headers: message.headers,
						reason,
						origin: {topic: batch.topic, partition: batch.partition, offset: message.offset, timestamp: message.timestamp},
					});
				}
				await retry(() => this.options.dlq.publish(letters), {retries: Number.POSITIVE_INFINITY, maxMs: 10_000, signal});
				for (const letter of letters) {
					this.events.emit('dlq', {at: Date.now(), partition: batch.partition, offset: letter.origin.offset, reason: letter.reason});
					this.logger.warn({partition: batch.partition, offset: letter.origin.offset, reason: letter.reason}, 'record sent to the DLQ');
				}
				const last = chunk.at(-1)!.offset;
				const next = (BigInt(last) + 1n).toString();
				// Commit only what HBase (and the DLQ) acknowledged, and only while we still own the partition.
				if (!isRunning() || isStale() || signal.aborted) return;
				resolveOffset(last);
				await commitTo(this.consumer, [{topic: batch.topic, partition: batch.partition, offset: next}]);
				const lag = Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(next)));
				this.lag.set(batch.partition, lag);
				// The next record of the fetch (if any) is now the oldest unwritten one of this partition.
				const following = batch.messages[start + chunk.length];
				if (following) this.pendingSince.set(batch.partition, Number(following.timestamp));
				else this.pendingSince.delete(batch.partition);
				// Written again (and, with `dlq`, nothing of this batch refused for that cause): the refusal is over.
				const current = this.refused && refusalLine(this.refused.refusal);
				if (current && outcome.written > 0 && !outcome.rejected.some(r => r.reason === current)) this.noteRefusal(undefined, onRefused);
				this.counters.written += outcome.written;
				this.counters.dlq += letters.length;
				this.counters.batches++;
				this.counters.lastActivityAt = Date.now();
				const latencyMs = Date.now() - began;
				this.events.emit('batch', {
					at: Date.now(),
					topic: batch.topic,
					partition: batch.partition,
					firstOffset: chunk[0]!.offset,
					lastOffset: last,
					rows: outcome.written,
					dlq: letters.length,
					latencyMs,
					lag,
					sample: rows.slice(-5).map(r => ({rowKey: r.record.id, name: `${r.record.info.first_name ?? ''} ${r.record.info.last_name ?? ''}`.trim()})),
				});
				this.logger.info(
					{partition: batch.partition, firstOffset: chunk[0]!.offset, lastOffset: last, rows: outcome.written, dlq: letters.length, latencyMs, lag},
					'batch written to hbase and committed',
				);
				await heartbeat();
			} catch (error) {
				if (signal.aborted) return; // stopping: the batch is abandoned, not committed
				const rebalance = rebalanceType(error);
				if (rebalance) {
					// Not a failure: what was committed stays, the rest goes to whoever owns it after the re-join.
					this.logger.info({partition: batch.partition, reason: rebalance}, 'the group is rebalancing; re-joining');
					throw batchFailure(error);
				}
				this.logger.error({err: userLine(error), partition: batch.partition}, 'batch failed; it will be fetched again');
				this.events.emit('error', {at: Date.now(), source: 'kafka', message: userLine(error), retrying: true});
				await delay(1000, undefined, {signal}).catch(() => {});
				throw batchFailure(error);
			} finally {
				this.counters.inFlight--;
			}
		}
	}

	/**
	 * One line per cause, not one per retry: the `refused` event fires when a refusal starts or
	 * changes, and once more (undefined) when rows are written again. With `dlq`, rows refused
	 * also reach the DLQ with the refusal as their reason; the event says it once.
	 */
	private noteRefusal(refusal: Refusal | undefined, onRefused: OnRefused): void {
		if (refusal === undefined) {
			if (this.refused === undefined) return;
			this.refused = undefined;
			this.events.emit('refused', {at: Date.now(), onRefused});
			return;
		}
		if (sameRefusal(this.refused?.refusal, refusal)) return;
		this.refused = {refusal, since: Date.now(), onRefused};
		const line = refusalLine(refusal);
		this.logger.error({onRefused}, `hbase refuses writes: ${line}${onRefused === 'dlq' ? '; such rows go to the DLQ' : '; waiting, nothing committed'}`);
		this.events.emit('refused', {at: Date.now(), line, refusal, onRefused});
	}

	private setState(state: RunState): void {
		if (this.stateValue === state) return;
		this.stateValue = state;
		this.events.emit('state', {state});
	}
}
