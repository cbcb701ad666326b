import {type Logger, silentLogger} from './logger.js';

/**
 * A small typed event emitter. A listener that throws is logged and skipped: a broken screen
 * must never stop the pipeline that feeds it.
 */
export class TypedEmitter<Events extends object> {
	private readonly listeners = new Map<keyof Events, Set<(event: never) => void>>();

	constructor(private readonly logger: Logger = silentLogger) {}

	on<K extends keyof Events>(name: K, listener: (event: Events[K]) => void): () => void {
		let set = this.listeners.get(name);
		if (!set) {
			set = new Set();
			this.listeners.set(name, set);
		}
		set.add(listener);
		return () => set.delete(listener);
	}

	emit<K extends keyof Events>(name: K, event: Events[K]): void {
		const set = this.listeners.get(name);
		if (!set) return;
		for (const listener of set) {
			try {
				(listener as (event: Events[K]) => void)(event);
			} catch (error) {
				this.logger.warn({event: String(name), err: (error as Error).message}, 'event listener failed');
			}
		}
	}
}
