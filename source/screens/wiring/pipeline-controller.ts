import {userLine} from '../../domain/errors.js';
import type {Services} from '../../services/create-services.js';
import {groupLag} from '../../services/pipeline/group-lag.js';
import {createProducePipeline, createSink} from '../../services/pipeline/pipeline-factory.js';
import type {ControlState, PipelineControl, PipelineEvent, ProducerOptions} from '../../services/ports.js';

/**
 * The console's PipelineControl over the real ProduceRun and HbaseSink (the composition root
 * builds it; screens only see the port). A ProduceRun runs once, so each start builds a new
 * one from the current services; a settings change swaps the services under it.
 *
 * Everything runs outside React: events are forwarded to listeners as they come, and the
 * store batches them.
 */
export interface PipelineControllerOptions {
	/** How often the group lag is read from Kafka (also while the sink is stopped: the backlog). */
	readonly lagIntervalMs?: number;
	/** How long a stop waits for a sink still connecting before it stops it anyway. */
	readonly startWaitMs?: number;
}

type Stop = () => void;
type Admin = ReturnType<ReturnType<Services['kafka']>['admin']>;

interface ProducerRun {
	readonly run: ReturnType<typeof createProducePipeline>['run'];
	readonly done: Promise<void>;
}

interface SinkRun {
	readonly sink: ReturnType<typeof createSink>['sink'];
	readonly pool: ReturnType<typeof createSink>['pool'];
	readonly started: Promise<void>;
	readonly off: Stop[];
}

function delay(ms: number): Promise<void> {
	return new Promise(resolve => setTimeout(resolve, ms).unref?.());
}

export class PipelineController implements PipelineControl {
	private readonly listeners = new Set<(event: PipelineEvent) => void>();
	private options: ProducerOptions = {rate: 0, pageSize: 1000};
	private producer: ProducerRun | undefined;
	private sink: SinkRun | undefined;
	private lagTimer: ReturnType<typeof setTimeout> | undefined;
	private admin: Admin | undefined;
	private polling = false;
	private lagGeneration = 0;
	private readonly lagIntervalMs: number;
	private readonly startWaitMs: number;

	constructor(
		private readonly services: () => Services,
		options: PipelineControllerOptions = {},
	) {
		this.lagIntervalMs = options.lagIntervalMs ?? 3000;
		this.startWaitMs = options.startWaitMs ?? 5000;
	}

	get producerOptions(): ProducerOptions {
		return this.options;
	}

	/** What runs now, to restart it (paused if it was) after the services change. */
	get running(): {readonly producer: 'off' | 'running' | 'paused'; readonly sink: boolean} {
		const producer = this.producer === undefined ? 'off' : this.producer.run.state === 'paused' ? 'paused' : 'running';
		return {producer, sink: this.sink !== undefined};
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
				this.services().logger.warn({err: userLine(error)}, 'console listener failed');
			}
		}
	}

	private producerState(state: ControlState, reason?: string): void {
		this.emit({type: 'producer.state', state, reason});
	}

	private sinkState(state: ControlState, reason?: string): void {
		this.emit({type: 'sink.state', state, reason});
	}

	/** `paused`: start it paused (restarting a paused producer with new settings). */
	startProducer(paused = false): void {
		if (this.producer) {
			if (this.producer.run.state === 'paused') this.resumeProducer();
			return;
		}
		const services = this.services();
		const {run, producer} = createProducePipeline(services, {
			rate: this.options.rate,
			pageSize: this.options.pageSize,
			apiVersion: services.settings.apiVersion,
		});
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
				const message = userLine(error);
				this.emit({type: 'producer.error', error: {at: Date.now(), source: 'kafka', message, retrying: false}});
				this.producerState('failed', message);
				return;
			}
			const running = run.run();
			// run() builds its source synchronously, so the pause lands at once (a page already asked for still arrives).
			if (paused) run.pause();
			const summary = await running;
			services.logger.info({...summary}, 'console produce run ended');
		})()
			.catch(error => {
				this.producerState('failed', userLine(error));
			})
			.finally(async () => {
				await producer.disconnect().catch(() => {});
				for (const stop of off) stop();
				if (this.producer?.run === run) this.producer = undefined;
			});
		this.producer = {run, done};
	}

	pauseProducer(): void {
		if (this.producer?.run.state === 'running') this.producer.run.pause();
	}

	resumeProducer(): void {
		if (this.producer?.run.state === 'paused') this.producer.run.resume();
	}

	async stopProducer(): Promise<void> {
		const current = this.producer;
		if (!current) return;
		current.run.stop();
		await current.done;
	}

	configureProducer(change: Partial<ProducerOptions>): void {
		this.options = {...this.options, ...change};
		this.producer?.run.reconfigure(change);
		this.emit({type: 'producer.options', options: this.options});
	}

	startSink(): void {
		if (this.sink) return;
		const services = this.services();
		const {sink, pool} = createSink(services, {});
		const off: Stop[] = [
			sink.events.on('batch', batch => this.emit({type: 'sink.batch', batch})),
			sink.events.on('dlq', dlq => this.emit({type: 'sink.dlq', dlq})),
			sink.events.on('error', error => this.emit({type: 'sink.error', error})),
			sink.events.on('state', ({state, reason}) => this.sinkState(state, reason)),
			sink.events.on('stalled', stalled => this.emit({type: 'sink.stalled', stalled})),
			sink.events.on('resumed', ({at, afterMs}) => this.emit({type: 'sink.resumed', at, afterMs})),
		];
		this.sinkState('starting');
		const entry: SinkRun = {
			sink,
			pool,
			off,
			started: sink.start().catch(async error => {
				const message = userLine(error);
				services.logger.error({err: message}, 'sink did not start');
				this.emit({type: 'sink.error', error: {at: Date.now(), source: 'kafka', message, retrying: false}});
				if (this.sink === entry) {
					this.sink = undefined;
					await sink.stop().catch(() => {});
					await pool.close().catch(() => {});
					for (const stop of off) stop();
				}
				this.sinkState('failed', message);
			}),
		};
		this.sink = entry;
	}

	async stopSink(): Promise<void> {
		const current = this.sink;
		if (!current) return;
		this.sink = undefined;
		this.sinkState('stopping');
		// A sink still connecting would come up after a stop: wait for it a little, stop it, and
		// stop it again if it comes up later.
		await Promise.race([current.started, delay(this.startWaitMs)]);
		await current.sink.stop().catch(() => {});
		void current.started.then(() => current.sink.stop().catch(() => {}));
		await current.pool.close().catch(() => {});
		for (const stop of current.off) stop();
		this.sinkState('stopped');
	}

	/** Reads the group lag now and then; a failed read is skipped (the health bar tells why). */
	startLagPolling(): void {
		if (this.polling) return;
		this.polling = true;
		const generation = ++this.lagGeneration;
		const current = () => this.polling && generation === this.lagGeneration;
		const tick = async () => {
			if (!current()) return;
			try {
				const services = this.services();
				this.admin ??= services.kafka().admin({retry: {retries: 0}});
				await this.admin.connect();
				const partitions = await groupLag(this.admin, services.settings.group, services.settings.topic);
				if (current()) this.emit({type: 'lag', at: Date.now(), partitions});
			} catch (error) {
				this.services().logger.debug({err: userLine(error)}, 'lag not read');
				const admin = this.admin;
				this.admin = undefined;
				await admin?.disconnect().catch(() => {});
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

	async shutdown(): Promise<void> {
		await Promise.all([this.stopProducer(), this.stopSink(), this.stopLagPolling()]);
	}
}
