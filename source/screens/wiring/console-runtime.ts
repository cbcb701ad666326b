import type {Settings} from '../../config.js';
import {userLine} from '../../domain/errors.js';
import {createServices, type Services} from '../../services/create-services.js';
import type {Logger} from '../../services/logger.js';
import type {HealthProbe, SettingsPort} from '../../services/ports.js';
import type {SettingsStore} from '../../services/settings-store.js';
import {CrudRowStore} from './crud-row-store.js';
import {healthProbes} from './health-probes.js';
import {PipelineController} from './pipeline-controller.js';
import {settingsPort} from './settings-port.js';

/**
 * Owns the console's real adapters and the services under them. Ports handed to the screens
 * are stable objects; a settings change swaps the services beneath them (stopping and
 * restarting what ran), so nothing has to be re-subscribed.
 */
export class ConsoleRuntime {
	readonly pipeline: PipelineController;
	readonly rows: CrudRowStore;
	readonly probes: readonly HealthProbe[];
	readonly settings: SettingsPort;
	/** Called after new settings are applied (the health monitor re-checks at once). */
	onApplied: (() => void) | undefined;
	private services: Services;

	constructor(settings: Settings, store: SettingsStore) {
		// Logs go to the file only: a line on stderr would scribble over the screen.
		this.services = createServices(settings, {stderrLogs: false});
		this.pipeline = new PipelineController(() => this.services);
		this.rows = new CrudRowStore(this.services);
		this.probes = healthProbes(() => this.services);
		this.settings = settingsPort({current: () => this.services.settings, store, apply: next => this.apply(next)});
	}

	get logger(): Logger {
		return this.services.logger;
	}

	start(): void {
		this.pipeline.startLagPolling();
	}

	async apply(settings: Settings): Promise<void> {
		const was = this.pipeline.running;
		this.logger.info({was}, 'applying new settings');
		await this.pipeline.shutdown();
		const old = this.services;
		this.services = createServices(settings, {stderrLogs: false});
		await this.rows.rebuild(this.services);
		old.logger.flush?.();
		this.pipeline.startLagPolling();
		if (was.producer !== 'off') this.pipeline.startProducer(was.producer === 'paused');
		if (was.sink) this.pipeline.startSink();
		this.onApplied?.();
	}

	/** Stops the producer and the sink gracefully; gives up waiting after `deadlineMs`. */
	async shutdown(deadlineMs = 30_000): Promise<void> {
		let timer: ReturnType<typeof setTimeout> | undefined;
		const late = new Promise<'late'>(resolve => {
			timer = setTimeout(() => resolve('late'), deadlineMs);
		});
		try {
			const outcome = await Promise.race([this.pipeline.shutdown().then(() => 'done' as const), late]);
			if (outcome === 'late') this.logger.warn({deadlineMs}, 'pipeline did not stop in time; quitting anyway');
		} catch (error) {
			this.logger.error({err: userLine(error)}, 'pipeline stop failed');
		} finally {
			clearTimeout(timer);
			await this.rows.close();
			this.logger.flush?.();
		}
	}
}
