import type {Logger} from '../logger.js';

/** A page arrived (after any retries). `users` < `requested` means the server sent a short page. */
export interface SourcePageEvent {
	readonly page: number;
	readonly users: number;
	readonly requested: number;
	readonly bytes: number;
	readonly durationMs: number;
}

/** A request failed and will be tried again after `delayMs`. */
export interface SourceRetryEvent {
	readonly page: number;
	readonly reason: string;
	readonly attempt: number;
	readonly delayMs: number;
	readonly rateLimited: boolean;
	readonly error: unknown;
}

/** A page failed for good. `fatal`: the run ends with this error; otherwise the page is skipped. */
export interface SourceErrorEvent {
	readonly page: number;
	readonly reason: string;
	/** Wall-clock time (epoch ms) for display. */
	readonly at: number;
	readonly attempts: number;
	readonly fatal: boolean;
	readonly error: unknown;
}

export interface SourceEvents {
	page: SourcePageEvent;
	retry: SourceRetryEvent;
	error: SourceErrorEvent;
}

export type SourceListener<K extends keyof SourceEvents> = (event: SourceEvents[K]) => void;

/**
 * A minimal typed emitter. A listener that throws is logged and the others still run: a bug in
 * a screen's handler must not stop the data flowing.
 */
export class SourceEmitter {
	private readonly listeners: {[K in keyof SourceEvents]: Set<SourceListener<K>>} = {
		page: new Set(),
		retry: new Set(),
		error: new Set(),
	};

	constructor(private readonly logger: Logger) {}

	/** Returns the function that removes the listener. */
	on<K extends keyof SourceEvents>(type: K, listener: SourceListener<K>): () => void {
		const set = this.listeners[type] as Set<SourceListener<K>>;
		set.add(listener);
		return () => set.delete(listener);
	}

	emit<K extends keyof SourceEvents>(type: K, event: SourceEvents[K]): void {
		for (const listener of this.listeners[type] as Set<SourceListener<K>>) {
			try {
				listener(event);
			} catch (error) {
				this.logger.error({err: error, event: type}, 'random-user source listener threw');
			}
		}
	}
}
