import {type ProducerEvents, type RunState, type SinkEvents} from '../../source/services/pipeline/events.js';
import {type LagAdmin} from '../../source/services/pipeline/group-lag.js';
import {type SinkStats} from '../../source/services/pipeline/hbase-sink.js';
import {type SinkSettings} from '../../source/services/pipeline/pipeline-factory.js';
import {type PipelinePorts, type ProduceRunPort, type ProducerStats, type SinkPort} from '../../source/services/pipeline/pipeline-controller.js';
import {type ProduceSettings, type ProduceSummary} from '../../source/services/pipeline/produce-run.js';
import {silentLogger} from '../../source/services/logger.js';
import {TypedEmitter} from '../../source/services/typed-emitter.js';
import {deferred} from '../helpers/deferred.js';

/** A ProduceRun that runs until stop() or the signal, or until the test calls finish(). */
export class FakeRun implements ProduceRunPort {
	readonly events = new TypedEmitter<ProducerEvents>();
	state: RunState = 'idle';
	stats: ProducerStats = {fetched: 0, sent: 0, failed: 0, invalid: 0, pages: 0, pageErrors: 0, rateLimited: 0};
	readonly reconfigured: Array<{rate?: number; pageSize?: number}> = [];
	private readonly ended = deferred<void>();

	constructor(
		readonly settings: ProduceSettings,
		private readonly log: string[],
	) {}

	async run(signal?: AbortSignal): Promise<ProduceSummary> {
		this.log.push('run.run');
		this.setState('running');
		signal?.addEventListener('abort', () => this.stop(), {once: true});
		await this.ended.promise;
		this.setState('stopped');
		return {...this.stats, elapsedMs: 1, state: this.state};
	}

	/** One page: counts it and emits progress, as the real run does per page. */
	page(users: number): void {
		this.stats = {...this.stats, fetched: this.stats.fetched + users, sent: this.stats.sent + users, pages: this.stats.pages + 1};
		this.events.emit('progress', {at: Date.now(), fetched: users, sent: users, failed: 0, bytes: 0, fetchMs: 1, sendMs: 1, page: this.stats.pages});
	}

	finish(): void {
		this.ended.resolve();
	}

	pause(): void {
		this.setState('paused');
	}

	resume(): void {
		this.setState('running');
	}

	stop(): void {
		this.log.push('run.stop');
		this.ended.resolve();
	}

	reconfigure(change: {rate?: number; pageSize?: number}): void {
		this.reconfigured.push(change);
	}

	private setState(state: RunState): void {
		this.state = state;
		this.events.emit('state', {state});
	}
}

export class FakeSink implements SinkPort {
	readonly events = new TypedEmitter<SinkEvents>();
	stats: SinkStats = {written: 0, dlq: 0, batches: 0, lag: new Map(), lastActivityAt: Date.now(), inFlight: 0, pendingSince: new Map()};
	/** Settles start(); resolved at once unless a test holds it. */
	readonly starting = deferred<void>();
	stops = 0;

	constructor(
		readonly settings: SinkSettings,
		private readonly log: string[],
	) {}

	async start(): Promise<void> {
		this.log.push('sink.start');
		await this.starting.promise;
		this.events.emit('state', {state: 'running'});
	}

	async stop(): Promise<void> {
		this.stops++;
		this.log.push('sink.stop');
		this.events.emit('state', {state: 'stopped'});
	}

	markActive(): void {
		this.stats = {...this.stats, lastActivityAt: Date.now()};
	}

	/** One written batch of `rows` (counted, and emitted as the real sink does). */
	batch(rows: number, partition = 0): void {
		this.stats = {...this.stats, written: this.stats.written + rows, batches: this.stats.batches + 1, lastActivityAt: Date.now()};
		this.events.emit('batch', {at: Date.now(), topic: 't', partition, firstOffset: '0', lastOffset: String(rows - 1), rows, dlq: 0, latencyMs: 1, lag: 0, sample: []});
	}
}

/** An admin whose topic ends and committed offsets the test sets. */
export class FakeAdmin implements LagAdmin {
	high = new Map<number, number>([[0, 0]]);
	committed = new Map<number, number>();
	failing = false;
	connects = 0;
	disconnects = 0;
	connected = false;
	/** While set, reads wait for it: a read still retrying against a dead broker. */
	hold: Promise<void> | undefined;

	constructor(readonly options: {readonly failFast?: boolean} | undefined) {}

	async connect(): Promise<void> {
		this.connects++;
		if (this.failing) throw new Error('broker down');
		this.connected = true;
	}

	async disconnect(): Promise<void> {
		this.disconnects++;
		this.connected = false;
	}

	async fetchTopicOffsets(): Promise<Array<{partition: number; offset: string; high: string; low: string}>> {
		if (this.hold) {
			await this.hold;
			// As kafkajs does: a request still retrying opens its connections again, even after disconnect().
			this.connected = true;
		}
		return [...this.high].map(([partition, high]) => ({partition, offset: String(high), high: String(high), low: '0'}));
	}

	async fetchOffsets(): Promise<Array<{topic: string; partitions: Array<{partition: number; offset: string; metadata: null}>}>> {
		return [{topic: 't', partitions: [...this.committed].map(([partition, offset]) => ({partition, offset: String(offset), metadata: null}))}];
	}
}

/** PipelinePorts over the fakes above; `log` records the calls in order (connect, start, stop...). */
export class FakePipelinePorts implements PipelinePorts {
	readonly logger = silentLogger;
	readonly group = 'default-group';
	readonly topic = 't';
	readonly apiVersion = '1.4';
	readonly log: string[] = [];
	readonly runs: FakeRun[] = [];
	readonly sinks: FakeSink[] = [];
	readonly admins: FakeAdmin[] = [];
	readonly lagAdmin = new FakeAdmin(undefined);
	connectError: Error | undefined;
	holdSinkStart = false;

	produce(settings: ProduceSettings, options: {compression?: 'gzip' | 'none'}) {
		const run = new FakeRun(settings, this.log);
		this.runs.push(run);
		this.log.push(`produce ${options.compression ?? 'default'}`);
		const producer = {
			connect: async () => {
				this.log.push('producer.connect');
				if (this.connectError) throw this.connectError;
			},
			disconnect: async () => {
				this.log.push('producer.disconnect');
			},
		};
		return {run, producer};
	}

	sink(settings: SinkSettings) {
		const sink = new FakeSink(settings, this.log);
		if (!this.holdSinkStart) sink.starting.resolve();
		this.sinks.push(sink);
		const pool = {close: async () => void this.log.push('pool.close')};
		return {sink, pool};
	}

	admin(options?: {readonly failFast?: boolean}): LagAdmin {
		const admin = new FakeAdmin(options);
		// Every admin sees the same offsets: the one the test sets up.
		admin.high = this.lagAdmin.high;
		admin.committed = this.lagAdmin.committed;
		admin.failing = this.lagAdmin.failing;
		admin.hold = this.lagAdmin.hold;
		this.admins.push(admin);
		return admin;
	}
}
