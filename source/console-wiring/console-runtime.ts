import type {Settings} from '../config.js';
import {userLine} from '../domain/errors.js';
import {createServices, type Services} from '../services/create-services.js';
import {followingProbes} from '../services/health/health-probes.js';
import type {Logger} from '../services/logger.js';
import type {PipelineController} from '../services/pipeline/pipeline-controller.js';
import type {DlqPort, HealthProbe, SettingsPort, TailPort} from '../services/ports.js';
import {dlqService} from '../services/dlq/dlq-service.js';
import {tailService} from '../services/tail/tail-service.js';
import {withDeadline} from '../services/retry.js';
import type {SettingsStore} from '../services/settings-store.js';
import {CrudRowStore} from './crud-row-store.js';
import type {ConsoleSession} from '../screens/console-session.js';
import {settingsPort} from './settings-port.js';

/**
 * The console's composition root: owns the services (the process's one set, from the CLI)
 * and hands the screens stable ports over them. A settings change builds new services and
 * swaps them beneath the ports (stopping and restarting what ran), so nothing has to be
 * re-subscribed.
 */
export class ConsoleRuntime implements ConsoleSession {
	readonly pipeline: PipelineController;
	readonly rows: CrudRowStore;
	readonly probes: readonly HealthProbe[];
	readonly settings: SettingsPort;
	/** Dead letters and the tail of the settings in force (built per call: no I/O until used). */
	readonly dlq: DlqPort = {
		list: async request => dlqService(this.services).list(request),
		replay: async (request, onProgress, signal) => dlqService(this.services).replay(request, onProgress, signal),
		replayFixed: async (position, fixed, signal) => dlqService(this.services).replayFixed(position, fixed, signal),
	};

	readonly tail: TailPort = {tail: async request => tailService(this.services).tail(request)};
	/** Called after new settings are applied (the health monitor re-checks at once). */
	onApplied: (() => void) | undefined;
	private services: Services;

	constructor(services: Services, store: SettingsStore) {
		this.services = services;
		this.pipeline = services.pipeline;
		this.rows = new CrudRowStore(services);
		this.probes = followingProbes(() => this.services.probes);
		this.settings = settingsPort({current: () => this.services.settings, store, apply: async next => this.apply(next)});
	}

	get logger(): Logger {
		return this.services.logger;
	}

	get logFile(): string {
		return this.services.settings.logFile;
	}

	start(): void {
		this.pipeline.startLagPolling();
	}

	async apply(settings: Settings): Promise<void> {
		const was = this.pipeline.running;
		this.logger.info({was}, 'applying new settings');
		await this.pipeline.shutdown();
		const old = this.services;
		// Logs go to the file only: a line on stderr would scribble over the screen.
		this.services = createServices(settings, {stderrLogs: false});
		this.pipeline.usePorts(this.services.pipelinePorts);
		await this.rows.rebuild(this.services);
		old.logger.flush?.();
		this.pipeline.startLagPolling();
		if (was.producer !== 'off') this.pipeline.startProducer(was.producer === 'paused');
		if (was.sink) this.pipeline.startSink();
		this.onApplied?.();
	}

	/** Stops the producer and the sink gracefully; gives up waiting after `deadlineMs`. */
	async shutdown(deadlineMs = 30_000): Promise<void> {
		const late = new Error(`the pipeline did not stop within ${deadlineMs} ms`);
		try {
			await withDeadline(
				deadlineMs,
				async () => this.pipeline.shutdown(),
				() => late,
			);
		} catch (error) {
			if (error === late) this.logger.warn({deadlineMs}, 'pipeline did not stop in time; quitting anyway');
			else this.logger.error({err: userLine(error)}, 'pipeline stop failed');
		} finally {
			await this.rows.close();
			this.logger.flush?.();
		}
	}
}
