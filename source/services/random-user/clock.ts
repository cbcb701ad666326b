import {sleep} from '../retry.js';

/**
 * Time as the rate limiter sees it. Injected so tests can run the pacing math on a fake clock
 * instead of waiting on wall-clock time.
 */
export interface Clock {
	/** Milliseconds from any fixed origin; only differences are used. */
	now(): number;
	/** Resolves after `ms`, rejects with the signal's reason when it aborts. */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
	now: () => performance.now(),
	sleep,
};
