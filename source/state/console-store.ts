import type {ActiveSettings, ControlState, DlqEvent, LagTimes, PipelineError, PipelineEvent, ProducerOptions, ServiceName} from '../services/ports.js';
import {GaugeSeries} from './gauge-series.js';
import {inert} from '../domain/display.js';
import {RateSeries} from './rate-series.js';
import {RingBuffer} from './ring-buffer.js';
import {shareEqual} from './share-equal.js';

/**
 * Bridges pipeline events to React. Events are folded into counters and fixed-size buffers as
 * they come (O(1) each, no React work); a snapshot is built and listeners are told at most
 * once per `flushMs` (plus a slow tick so charts keep scrolling when nothing happens), and only
 * when something shown changed. Screens read it with useSyncExternalStore, so redraws stay
 * bounded however fast Kafka and HBase go.
 *
 * Why so few: a frame costs Ink about 10 ms of the main thread on a 120×36 terminal (it
 * tokenises and measures every character on the screen, changed or not), and the console
 * shares that thread with the sink and the producer. At 4 frames a second it costs the
 * pipeline a few percent; at 10 it cost up to half its throughput on a loaded machine.
 */

export type HealthStatus = 'checking' | 'connected' | 'reconnecting' | 'down';

export interface HealthState {
	readonly service: ServiceName;
	readonly address: string;
	readonly status: HealthStatus;
	/** Why the last check failed. */
	readonly message?: string;
	/** When the status last changed (ms). */
	readonly since: number;
}

/** One line of the insert log: a row HBase acknowledged. */
export interface InsertLine {
	readonly at: number;
	readonly partition: number;
	/** The row's offset when the sink reports it, else the batch's offset range. */
	readonly offset: string;
	readonly rowKey: string;
	readonly name: string;
	readonly latencyMs: number;
}

export interface PartitionLagView {
	readonly partition: number;
	readonly lag: number;
}

export interface ProducerView {
	readonly state: ControlState;
	readonly reason?: string;
	readonly options: ProducerOptions;
	readonly fetched: number;
	readonly sent: number;
	readonly failed: number;
	readonly pages: number;
	/** 429 answers so far: waits the API asked for, not errors. */
	readonly rateLimited: number;
	/** While the producer waits out a 429: "rate limited by the API, waiting Ns". */
	readonly waiting?: string;
	readonly fetchedPerSecond: number;
	readonly sentPerSecond: number;
	/** Users per second, one value per second of the window, oldest first. */
	readonly fetchedSeries: readonly number[];
	readonly sentSeries: readonly number[];
	readonly errors: readonly PipelineError[];
}

export interface SinkView {
	readonly state: ControlState;
	readonly reason?: string;
	readonly written: number;
	readonly dlq: number;
	readonly batches: number;
	readonly writtenPerSecond: number;
	readonly writtenSeries: readonly number[];
	readonly lag: readonly PartitionLagView[];
	readonly totalLag: number | undefined;
	/** Lag in time of the last lag read: ages of the oldest unwritten records, drain rate and ETA. */
	readonly lagTimes?: LagTimes;
	/** Total lag at each second of the window, oldest first (the last read carried forward). */
	readonly lagSeries: readonly number[];
	readonly inserts: readonly InsertLine[];
	readonly dlqEvents: readonly DlqEvent[];
	readonly errors: readonly PipelineError[];
	/** Set while HBase refuses writes and the sink waits. */
	readonly stalled?: string;
	/**
	 * Set while HBase refuses writes for a cause waiting will not fix: the cause and the next
	 * step in one line ("table userdata has no family address: run `userdata-tui init --fix`").
	 */
	readonly refused?: string;
}

export interface ConsoleSnapshot {
	/** Increases with every flush. */
	readonly version: number;
	readonly producer: ProducerView;
	readonly sink: SinkView;
	readonly health: readonly HealthState[];
	readonly settings: ActiveSettings;
	/** Seconds the charts cover. */
	readonly windowSeconds: number;
}

export interface ConsoleStoreOptions {
	readonly settings: ActiveSettings;
	readonly producerOptions: ProducerOptions;
	readonly health?: readonly HealthState[];
	/** Longest wait between an event and the redraw that shows it, and the shortest between two redraws. */
	readonly flushMs?: number;
	/** Redraw at least this often while started (charts scroll, rates decay). */
	readonly tickMs?: number;
	readonly windowSeconds?: number;
	readonly logCapacity?: number;
	readonly errorCapacity?: number;
	readonly now?: () => number;
}

type Listener = () => void;

export class ConsoleStore {
	readonly flushMs: number;
	readonly tickMs: number;
	readonly windowSeconds: number;
	private readonly now: () => number;
	private readonly listeners = new Set<Listener>();
	private timer: ReturnType<typeof setTimeout> | undefined;
	private ticker: ReturnType<typeof setInterval> | undefined;
	private disposed = false;
	private snapshot: ConsoleSnapshot;
	private counters = {events: 0, flushes: 0};
	/** When listeners were last told (ms, this.now()); -Infinity before. */
	private lastFlushAt = Number.NEGATIVE_INFINITY;

	private settings: ActiveSettings;
	private health: HealthState[];
	private producer: {
		state: ControlState;
		reason?: string;
		options: ProducerOptions;
		fetched: number;
		sent: number;
		failed: number;
		pages: number;
		rateLimited: number;
		waiting?: string;
	};
	private sink: {state: ControlState; reason?: string; written: number; dlq: number; batches: number; stalled?: string; refused?: string};
	private readonly fetchedRate: RateSeries;
	private readonly sentRate: RateSeries;
	private readonly writtenRate: RateSeries;
	private readonly lagLevel: GaugeSeries;
	private lagTimes: LagTimes | undefined;
	private readonly producerErrors: RingBuffer<PipelineError>;
	private readonly sinkErrors: RingBuffer<PipelineError>;
	private readonly inserts: RingBuffer<InsertLine>;
	private readonly dlqEvents: RingBuffer<DlqEvent>;
	private readonly lag = new Map<number, number>();

	constructor(options: ConsoleStoreOptions) {
		this.flushMs = options.flushMs ?? 250;
		this.tickMs = options.tickMs ?? 1000;
		this.windowSeconds = options.windowSeconds ?? 300;
		this.now = options.now ?? Date.now;
		const logCapacity = options.logCapacity ?? 500;
		const errorCapacity = options.errorCapacity ?? 50;
		this.settings = options.settings;
		this.health = [...(options.health ?? [])];
		this.producer = {state: 'idle', options: options.producerOptions, fetched: 0, sent: 0, failed: 0, pages: 0, rateLimited: 0};
		this.sink = {state: 'idle', written: 0, dlq: 0, batches: 0};
		this.fetchedRate = new RateSeries(this.windowSeconds + 1);
		this.sentRate = new RateSeries(this.windowSeconds + 1);
		this.writtenRate = new RateSeries(this.windowSeconds + 1);
		this.lagLevel = new GaugeSeries(this.windowSeconds + 1);
		this.producerErrors = new RingBuffer(errorCapacity);
		this.sinkErrors = new RingBuffer(errorCapacity);
		this.inserts = new RingBuffer(logCapacity);
		this.dlqEvents = new RingBuffer(Math.min(errorCapacity, 20));
		this.snapshot = this.build(0);
	}

	/** Events folded and snapshots published so far (for tests and the benchmark). */
	get stats(): {readonly events: number; readonly flushes: number} {
		return {...this.counters};
	}

	// Arrow properties: useSyncExternalStore needs stable functions.
	readonly subscribe = (listener: Listener): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	readonly getSnapshot = (): ConsoleSnapshot => this.snapshot;

	/** Called for every pipeline event: O(1), never renders. */
	readonly ingest = (event: PipelineEvent): void => {
		this.counters.events++;
		switch (event.type) {
			case 'producer.progress': {
				const {progress} = event;
				this.producer.fetched += progress.fetched;
				this.producer.sent += progress.sent;
				this.producer.failed += progress.failed;
				this.producer.pages++;
				// A page arrived: any wait for the API is over.
				this.producer.waiting = undefined;
				this.fetchedRate.add(progress.at, progress.fetched);
				this.sentRate.add(progress.at, progress.sent);
				break;
			}
			case 'producer.error':
				this.producerErrors.push(inertError(event.error));
				break;
			case 'producer.waiting':
				this.producer.rateLimited++;
				this.producer.waiting = inert(event.waiting.message);
				break;
			case 'producer.state':
				this.producer.state = event.state;
				this.producer.reason = event.reason === undefined ? undefined : inert(event.reason);
				if (event.state === 'stopped' || event.state === 'failed') this.producer.waiting = undefined;
				break;
			case 'producer.options':
				this.producer.options = event.options;
				break;
			case 'sink.batch': {
				const {batch} = event;
				this.sink.written += batch.rows;
				this.sink.dlq += batch.dlq;
				this.sink.batches++;
				this.sink.stalled = undefined;
				this.writtenRate.add(batch.at, batch.rows);
				this.lag.set(batch.partition, batch.lag);
				const range = batch.firstOffset === batch.lastOffset ? batch.lastOffset : `${batch.firstOffset}-${batch.lastOffset}`;
				for (const row of batch.sample) {
					const offset = (row as {offset?: string}).offset ?? range;
					this.inserts.push({at: batch.at, partition: batch.partition, offset, rowKey: inert(row.rowKey), name: inert(row.name), latencyMs: batch.latencyMs});
				}
				break;
			}
			case 'sink.dlq':
				this.dlqEvents.push({...event.dlq, reason: inert(event.dlq.reason)});
				break;
			case 'sink.error':
				this.sinkErrors.push(inertError(event.error));
				break;
			case 'sink.state':
				this.sink.state = event.state;
				this.sink.reason = event.reason === undefined ? undefined : inert(event.reason);
				if (event.state !== 'running') {
					this.sink.stalled = undefined;
					this.sink.refused = undefined;
				}
				break;
			case 'sink.refused': {
				const {line, onRefused} = event.refused;
				this.sink.refused = line && `${line}${onRefused === 'dlq' ? ' (such rows go to the DLQ)' : ' (waiting, nothing committed)'}`;
				break;
			}
			case 'sink.stalled':
				this.sink.stalled = `HBase is not taking writes (${inert(event.stalled.message)}); retry ${event.stalled.attempt} in ${Math.round(event.stalled.delayMs / 100) / 10} s, nothing committed`;
				break;
			case 'sink.resumed':
				this.sink.stalled = undefined;
				break;
			case 'lag': {
				for (const partition of event.partitions) this.lag.set(partition.partition, partition.lag);
				this.lagTimes = event.times;
				let total = 0;
				for (const value of this.lag.values()) total += value;
				this.lagLevel.set(event.at, total);
				break;
			}
		}
		this.schedule();
	};

	setHealth(state: HealthState): void {
		const index = this.health.findIndex(h => h.service === state.service);
		if (index < 0) this.health.push(state);
		else this.health[index] = state;
		this.schedule();
	}

	setSettings(settings: ActiveSettings): void {
		this.settings = settings;
		// A new topic or group: the old lag says nothing about it.
		this.lag.clear();
		this.lagLevel.clear();
		this.lagTimes = undefined;
		this.schedule();
	}

	/** Starts the slow tick. Event-driven flushes work without it. */
	start(): void {
		if (this.ticker || this.disposed) return;
		this.ticker = setInterval(() => this.tick(), this.tickMs);
		this.ticker.unref?.();
	}

	/** The charts move with the clock: redraw if they did, unless a flush is due or just happened. */
	private tick(): void {
		if (this.timer !== undefined || this.now() - this.lastFlushAt < this.flushMs) return;
		this.flush();
	}

	dispose(): void {
		this.disposed = true;
		clearTimeout(this.timer);
		clearInterval(this.ticker);
		this.timer = undefined;
		this.ticker = undefined;
		this.listeners.clear();
	}

	/**
	 * Builds the snapshot now and tells the listeners, if anything in it changed (the timer
	 * calls this). Parts that did not change keep their identity, so memoised parts of the
	 * screen are not drawn again.
	 */
	flush(): void {
		clearTimeout(this.timer);
		this.timer = undefined;
		if (this.disposed) return;
		const previous = this.snapshot;
		const next = shareEqual(previous, this.build(previous.version));
		if (next === previous) return;
		this.snapshot = {...next, version: previous.version + 1};
		this.lastFlushAt = this.now();
		this.counters.flushes++;
		for (const listener of this.listeners) listener();
	}

	private schedule(): void {
		if (this.timer !== undefined || this.disposed) return;
		this.timer = setTimeout(() => this.flush(), this.flushMs);
		this.timer.unref?.();
	}

	private build(version: number): ConsoleSnapshot {
		const now = this.now();
		const window = this.windowSeconds;
		const lag = [...this.lag].map(([partition, value]) => ({partition, lag: value})).sort((a, b) => a.partition - b.partition);
		// "now" is what moves now: a paused or stopped producer fetches and sends nothing, even
		// while the last seconds' average still holds what it did before.
		const still = this.producer.state === 'paused' || this.producer.state === 'stopped' || this.producer.state === 'failed';
		return {
			version,
			windowSeconds: window,
			settings: this.settings,
			health: [...this.health],
			producer: {
				...this.producer,
				fetchedPerSecond: still ? 0 : this.fetchedRate.rate(now),
				sentPerSecond: still ? 0 : this.sentRate.rate(now),
				fetchedSeries: this.fetchedRate.values(now, window),
				sentSeries: this.sentRate.values(now, window),
				errors: this.producerErrors.toArray(),
			},
			sink: {
				...this.sink,
				writtenPerSecond: this.writtenRate.rate(now),
				writtenSeries: this.writtenRate.values(now, window),
				lag,
				totalLag: lag.length === 0 ? undefined : lag.reduce((sum, p) => sum + p.lag, 0),
				lagTimes: this.lagTimes,
				lagSeries: this.lagLevel.values(now, window),
				inserts: this.inserts.toArray(),
				dlqEvents: this.dlqEvents.toArray(),
				errors: this.sinkErrors.toArray(),
			},
		};
	}
}

/**
 * Everything the store keeps is only shown, never sent back: text that came from outside (a
 * broker's or gateway's message, a DLQ reason, a Kafka key, an API error body) is made inert
 * once, as it arrives, so no screen can draw it raw.
 */
function inertError(error: PipelineError): PipelineError {
	return {...error, message: inert(error.message)};
}
