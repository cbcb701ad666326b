import {setTimeout as delay} from 'node:timers/promises';
import {userLine} from '../../domain/errors.js';
import {refusedError} from '../../domain/refusal.js';
import {drainWindowMs, type LagSample, type LagTimes, lagTimes} from '../../domain/lag-time.js';
import {type Logger} from '../logger.js';
import type {ControlState, PipelineControl, PipelineEvent, ProducerOptions} from '../ports.js';
import {withDeadline} from '../retry.js';
import {type TypedEmitter} from '../typed-emitter.js';
import {type ProducerEvents, type RunState, type SinkEvents} from './events.js';
import {groupLag, type LagAdmin, type PartitionLag} from './group-lag.js';
import {type ProduceSettings, type ProduceSummary} from './produce-run.js';
import {type SinkSettings} from './pipeline-factory.js';
import {type SinkStats} from './hbase-sink.js';

/**
 * The one orchestration of the pipeline: the console and the `produce`, `consume` and `run`
 * commands all drive this. It owns the stop order (producer, then sink, then the lag poller),
 * the lag reads, and the one stream of progress events (subscribe()).
 *
 * It sees the real ProduceRun and HbaseSink only through PipelinePorts, so a test hands it
 * fakes; createServices builds the real ports. A ProduceRun runs once, so each start builds a
 * new one; usePorts() swaps the ports under a running console after a settings change.
 */

export type ProducerStats = Pick<ProduceSummary, 'fetched' | 'sent' | 'failed' | 'invalid' | 'pages' | 'pageErrors' | 'rateLimited'>;

/** What the controller needs of a ProduceRun. */
export interface ProduceRunPort {
	readonly events: TypedEmitter<ProducerEvents>;
	readonly state: RunState;
	readonly stats: ProducerStats;
	run(signal?: AbortSignal): Promise<ProduceSummary>;
	pause(): void;
	resume(): void;
	stop(): void;
	reconfigure(change: {rate?: number; pageSize?: number}): void;
}

/** What the controller needs of an HbaseSink. */
export interface SinkPort {
	readonly events: TypedEmitter<SinkEvents>;
	readonly stats: SinkStats;
	start(): Promise<void>;
	/** Abandons the batch in flight (not committed) and leaves the group. */
	stop(): Promise<void>;
	markActive(): void;
}

export interface PipelinePorts {
	readonly logger: Logger;
	/** The consumer group the lag is read for when none is given. */
	readonly group: string;
	readonly topic: string;
	readonly apiVersion: string;
	produce(
		settings: ProduceSettings,
		options: {compression?: 'gzip' | 'none'},
	): {
		readonly run: ProduceRunPort;
		readonly producer: {connect(): Promise<void>; disconnect(): Promise<void>};
	};
	sink(settings: SinkSettings): {readonly sink: SinkPort; readonly pool: {close(): Promise<void>}};
	/** An admin client; `failFast`: no retries of its own (a poller reads again soon anyway). */
	admin(options?: {readonly failFast?: boolean}): LagAdmin;
}

export interface PipelineControllerOptions {
	/** How often the group lag is read from Kafka (also while the sink is stopped: the backlog). */
	readonly lagIntervalMs?: number;
	/** How long a stop waits for a sink still connecting before it stops it anyway. */
	readonly startWaitMs?: number;
	/** How often a bounded consume checks its stop conditions. */
	readonly checkIntervalMs?: number;
}

/** When a `consume` stops on its own (besides the signal). */
export interface ConsumeLimits {
	readonly signal: AbortSignal;
	/** Stop after this many records (rows written + DLQ). */
	readonly max?: number;
	/**
	 * Stop after this long with nothing in flight and nothing left in the topic; or fail (a
	 * ConfigError naming the cause and the next step) after this long with nothing written
	 * because HBase refuses the writes permanently.
	 */
	readonly idleMs?: number;
	/** Idle, but records still wait in the topic: the consume goes on. */
	readonly onStillWaiting?: (waiting: number) => void;
}

export interface ProduceRequest {
	readonly compression?: 'gzip' | 'none';
	readonly signal?: AbortSignal;
}

type Stop = () => void;

interface ProducerRun {
	readonly run: ProduceRunPort;
	/** Settles when the run ended and its producer disconnected; rejects when it failed. */
	readonly done: Promise<ProduceSummary>;
}

interface SinkRun {
	readonly sink: SinkPort;
	readonly pool: {close(): Promise<void>};
	/** Resolves when the sink is up (undefined) or could not start (the error; already cleaned up). */
	readonly started: Promise<unknown>;
	readonly off: Stop[];
	/** The consumer group it reads as (its lag is this group's). */
	readonly group: string;
	/** Set once start() resolved. */
	readonly progress: {up: boolean};
}

export function totalLag(partitions: readonly PartitionLag[] | ReadonlyMap<number, number>): number {
	let sum = 0;
	for (const value of partitions.values()) sum += typeof value === 'number' ? value : value.lag;
	return sum;
}

export class PipelineController implements PipelineControl {
	private readonly listeners = new Set<(event: PipelineEvent) => void>();
	private options: ProducerOptions = {rate: 0, pageSize: 1000};
	private producer: ProducerRun | undefined;
	private sink: SinkRun | undefined;
	// The last runs, kept for their final counters (a bounded `run` prints them after the producer ended).
	private lastProducer: ProduceRunPort | undefined;
	private lastSink: SinkPort | undefined;
	private lagTimer: ReturnType<typeof setTimeout> | undefined;
	private admin: LagAdmin | undefined;
	private polling = false;
	private lagGeneration = 0;
	/** Lag reads of the drain-rate window, oldest first (bounded by time, a read every few seconds). */
	private lagHistory: LagSample[] = [];
	private lastLagTimes: LagTimes | undefined;
	private readonly lagIntervalMs: number;
	private readonly startWaitMs: number;
	private readonly checkIntervalMs: number;

	constructor(
		private ports: PipelinePorts,
		options: PipelineControllerOptions = {},
	) {
		this.lagIntervalMs = options.lagIntervalMs ?? 3000;
		this.startWaitMs = options.startWaitMs ?? 5000;
		this.checkIntervalMs = options.checkIntervalMs ?? 200;
	}

	/** New ports (after a settings change) for the next start; stop what runs first. */
	usePorts(ports: PipelinePorts): void {
		this.ports = ports;
	}

	get producerOptions(): ProducerOptions {
		return this.options;
	}

	/** What runs now, to restart it (paused if it was) after the services change. */
	get running(): {readonly producer: 'off' | 'running' | 'paused'; readonly sink: boolean} {
		const producer = this.producer === undefined ? 'off' : this.producer.run.state === 'paused' ? 'paused' : 'running';
		return {producer, sink: this.sink !== undefined};
	}

	/** Totals of the producer running now, or of the last one (zeros before any). */
	get producerStats(): ProducerStats {
		return this.lastProducer?.stats ?? {fetched: 0, sent: 0, failed: 0, invalid: 0, pages: 0, pageErrors: 0, rateLimited: 0};
	}

	/** Counters of the sink running now, or of the last one (undefined before any). */
	get sinkStats(): SinkStats | undefined {
		return this.lastSink?.stats;
	}

	subscribe(listener: (event: PipelineEvent) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	private emit(event: PipelineEvent): void {
		for (const listener of this.listeners) {
			try {
				listener(event);
			} catch (error) {
				this.ports.logger.warn({err: userLine(error)}, 'pipeline listener failed');
			}
		}
	}

	private producerState(state: ControlState, reason?: string): void {
		this.emit({type: 'producer.state', state, reason});
	}

	private sinkState(state: ControlState, reason?: string): void {
		this.emit({type: 'sink.state', state, reason});
	}

	// ------------------------------------------------------------ producer

	/** The console's start: the options set with configureProducer; `paused` restarts a paused one paused. */
	startProducer(paused = false): void {
		if (this.producer) {
			if (this.producer.run.state === 'paused') this.resumeProducer();
			return;
		}
		const settings = {rate: this.options.rate, pageSize: this.options.pageSize, apiVersion: this.ports.apiVersion};
		void this.launchProducer(settings, {}, paused, true).done.catch(error => this.producerState('failed', userLine(error)));
	}

	/**
	 * One bounded or open-ended produce run (the `produce` and `run` commands): resolves with the
	 * summary once the producer is disconnected; rejects when Kafka cannot be reached.
	 */
	async produce(settings: ProduceSettings, request: ProduceRequest = {}): Promise<ProduceSummary> {
		if (this.producer) throw new Error('a producer is already running');
		return this.launchProducer(settings, request, false, false).done;
	}

	/** `reportConnectError`: a failed connect is also an event (the console); a command reports the rejection itself. */
	private launchProducer(settings: ProduceSettings, request: ProduceRequest, paused: boolean, reportConnectError: boolean): ProducerRun {
		const {logger} = this.ports;
		const {run, producer} = this.ports.produce(settings, {compression: request.compression});
		const off: Stop[] = [
			run.events.on('progress', progress => this.emit({type: 'producer.progress', progress})),
			run.events.on('error', error => this.emit({type: 'producer.error', error})),
			run.events.on('waiting', waiting => this.emit({type: 'producer.waiting', waiting})),
			run.events.on('state', ({state, reason}) => this.producerState(state, reason)),
		];
		this.producerState('starting');
		const done = (async () => {
			try {
				await producer.connect();
			} catch (error) {
				if (reportConnectError) this.emit({type: 'producer.error', error: {at: Date.now(), source: 'kafka', message: userLine(error), retrying: false}});
				throw error;
			}
			const running = run.run(request.signal);
			// run() builds its source synchronously, so the pause lands at once (a page already asked for still arrives).
			if (paused) run.pause();
			const summary = await running;
			logger.info({...summary}, 'produce run ended');
			return summary;
		})().finally(async () => {
			await producer.disconnect().catch(() => {});
			for (const stop of off) stop();
			if (this.producer?.run === run) this.producer = undefined;
		});
		const entry = {run, done};
		this.producer = entry;
		this.lastProducer = run;
		return entry;
	}

	pauseProducer(): void {
		if (this.producer?.run.state === 'running') this.producer.run.pause();
	}

	resumeProducer(): void {
		if (this.producer?.run.state === 'paused') this.producer.run.resume();
	}

	/** Stops after the page in flight is sent; resolves when the producer is disconnected. */
	async stopProducer(): Promise<void> {
		const current = this.producer;
		if (!current) return;
		current.run.stop();
		await current.done.catch(() => {});
	}

	configureProducer(change: Partial<ProducerOptions>): void {
		this.options = {...this.options, ...change};
		this.producer?.run.reconfigure(change);
		this.emit({type: 'producer.options', options: this.options});
	}

	// ------------------------------------------------------------ sink

	/** The console's start (the settings' group and defaults); failures arrive as events. */
	startSink(): void {
		this.launchSink({});
	}

	/** Starts the sink and resolves once it consumes; rejects (cleaned up) when it cannot start. */
	async startConsuming(settings: SinkSettings = {}): Promise<void> {
		const entry = this.sink ?? this.launchSink(settings);
		const error = await entry.started;
		// eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows sink.start()'s rejection as it came
		if (error !== undefined) throw error;
	}

	private launchSink(settings: SinkSettings): SinkRun {
		if (this.sink) return this.sink;
		const {logger} = this.ports;
		const {sink, pool} = this.ports.sink(settings);
		const progress = {up: false};
		const off: Stop[] = [
			sink.events.on('batch', batch => this.emit({type: 'sink.batch', batch})),
			sink.events.on('dlq', dlq => this.emit({type: 'sink.dlq', dlq})),
			sink.events.on('error', error => this.emit({type: 'sink.error', error})),
			sink.events.on('state', ({state, reason}) => this.sinkState(state, reason)),
			sink.events.on('stalled', stalled => this.emit({type: 'sink.stalled', stalled})),
			sink.events.on('resumed', ({at, afterMs}) => this.emit({type: 'sink.resumed', at, afterMs})),
			sink.events.on('refused', refused => this.emit({type: 'sink.refused', refused})),
		];
		this.sinkState('starting');
		const entry: SinkRun = {
			sink,
			pool,
			off,
			group: settings.group ?? this.ports.group,
			progress,
			started: sink.start().then(
				() => {
					progress.up = true;
					return undefined;
				},
				async (error: unknown) => {
					const message = userLine(error);
					logger.error({err: message}, 'sink did not start');
					this.emit({type: 'sink.error', error: {at: Date.now(), source: 'kafka', message, retrying: false}});
					if (this.sink === entry) {
						this.sink = undefined;
						await sink.stop().catch(() => {});
						await pool.close().catch(() => {});
						for (const stop of off) stop();
					}
					this.sinkState('failed', message);
					return error ?? new Error('the sink did not start');
				},
			),
		};
		this.sink = entry;
		this.lastSink = sink;
		return entry;
	}

	/**
	 * Consumes until the signal, `max` records or `idleMs` of idleness with nothing left in the
	 * topic (the `consume` command). Stop conditions are checked between batches.
	 */
	async consumeUntil(limits: ConsumeLimits): Promise<void> {
		const current = this.sink;
		if (!current) throw new Error('the sink is not running');
		const {signal, max, idleMs} = limits;
		while (!signal.aborted) {
			const s = current.sink.stats;
			if (max !== undefined && s.written + s.dlq >= max) return;
			// Refused (a missing family, say) and nothing written meanwhile: waiting will not help.
			// (With `dlq` the refused rows go to the DLQ: that is progress, and idle means done.)
			if (idleMs !== undefined && s.refused?.onRefused === 'wait') {
				const since = Math.max(s.refused.since, s.lastActivityAt);
				if (Date.now() - since >= idleMs) throw refusedError(s.refused.refusal, Date.now() - since);
			}
			if (idleMs !== undefined && s.inFlight === 0 && Date.now() - s.lastActivityAt >= idleMs) {
				// Idle means nothing left to write, not "stuck": with records still waiting, go on.
				const lag = await this.readLag(current.group);
				const waiting = lag === undefined ? 0 : totalLag(lag);
				if (waiting === 0) return;
				limits.onStillWaiting?.(waiting);
				current.sink.markActive();
			}
			await delay(this.checkIntervalMs, undefined, {signal}).catch(() => {});
		}
	}

	/** Graceful: the batch in flight is abandoned uncommitted and the group is left (sinkStats keeps the final counters). */
	async stopSink(): Promise<void> {
		const current = this.sink;
		if (!current) return;
		this.sink = undefined;
		this.sinkState('stopping');
		// A sink still connecting would come up after a stop: wait for it a little, stop it, and
		// stop it again if it comes up later.
		await withDeadline(
			this.startWaitMs,
			async () => current.started,
			() => new Error('sink start did not settle'),
		).catch(() => {});
		const upBeforeStop = current.progress.up;
		await current.sink.stop().catch(() => {});
		if (!upBeforeStop) void current.started.then(async () => current.sink.stop().catch(() => {}));
		await current.pool.close().catch(() => {});
		for (const stop of current.off) stop();
		this.sinkState('stopped');
	}

	// ------------------------------------------------------------ lag

	/** One read of the group lag with a short-lived admin; undefined (logged) when Kafka does not answer. */
	async readLag(group: string = this.ports.group): Promise<PartitionLag[] | undefined> {
		const admin = this.ports.admin();
		try {
			await admin.connect();
			return await groupLag(admin, group, this.ports.topic);
		} catch (error) {
			this.ports.logger.warn({err: userLine(error)}, 'could not read the group lag');
			return undefined;
		} finally {
			await admin.disconnect().catch(() => {});
		}
	}

	/** Lag in time of the last read: ages of the oldest unwritten records and the drain ETA. */
	get lagTimes(): LagTimes | undefined {
		return this.lastLagTimes;
	}

	/**
	 * Lag in time from a new read: the drain rate from the committed offsets over the window, the
	 * ages from the running sink's oldest unwritten records (unknown without a sink in this process).
	 */
	private lagInTime(at: number, partitions: readonly PartitionLag[]): LagTimes | undefined {
		this.lagHistory.push({at, partitions});
		while (this.lagHistory.length > 2 && at - this.lagHistory[0]!.at > drainWindowMs) this.lagHistory.shift();
		this.lastLagTimes = lagTimes(this.lagHistory, this.sink?.sink.stats.pendingSince ?? new Map<number, number>(), at);
		return this.lastLagTimes;
	}

	/**
	 * Reads the group lag now and then as `lag` events; a failed read is skipped (the health bar
	 * tells why). `group`: another group than the settings' (a `consume --group`).
	 */
	startLagPolling(group: string = this.ports.group): void {
		if (this.polling) return;
		this.polling = true;
		this.lagHistory = [];
		const generation = ++this.lagGeneration;
		const current = () => this.polling && generation === this.lagGeneration;
		const tick = async () => {
			if (!current()) return;
			const admin = (this.admin ??= this.ports.admin({failFast: true}));
			try {
				await admin.connect();
				const partitions = await groupLag(admin, group, this.ports.topic);
				const at = Date.now();
				if (current()) this.emit({type: 'lag', at, partitions, times: this.lagInTime(at, partitions)});
				// Stopped while this read was under way: stopLagPolling closed the admin, but kafkajs
				// reconnects a closed admin for a request still retrying (a broker just died, say), and
				// those sockets would keep the process alive until the brokers drop idle connections.
				else await admin.disconnect().catch(() => {});
			} catch (error) {
				this.ports.logger.debug({err: userLine(error)}, 'lag not read');
				if (this.admin === admin) this.admin = undefined;
				await admin.disconnect().catch(() => {});
			}
			if (current()) {
				this.lagTimer = setTimeout(() => void tick(), this.lagIntervalMs);
				this.lagTimer.unref?.();
			}
		};
		void tick();
	}

	async stopLagPolling(): Promise<void> {
		this.polling = false;
		clearTimeout(this.lagTimer);
		const admin = this.admin;
		this.admin = undefined;
		await admin?.disconnect().catch(() => {});
	}

	/**
	 * The one stop order: the producer first (its page in flight is sent, nothing new is asked
	 * for), then the sink (so what was just sent can still be consumed up to the stop), then the
	 * lag poller.
	 */
	async shutdown(): Promise<void> {
		await this.stopProducer();
		await this.stopSink();
		await this.stopLagPolling();
	}
}
