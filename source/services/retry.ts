import {setTimeout as delay} from 'node:timers/promises';
import {isRetriable} from '../domain/errors.js';

/**
 * The one retry helper (after kafkajs src/retry/index.js): exponential backoff with jitter,
 * and no retry for errors that cannot get better (non-retriable, or programming errors).
 */
export interface RetryOptions {
	readonly retries?: number; // attempts after the first; Infinity keeps going until aborted
	readonly initialMs?: number;
	readonly factor?: number;
	readonly maxMs?: number;
	readonly jitter?: number; // ±fraction of the delay
	readonly signal?: AbortSignal;
	/** Called before each wait: the error, the attempt that failed (1-based) and the wait. */
	readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
	/** Overrides the computed delay for one error (e.g. a 429 with Retry-After). */
	readonly delayFor?: (error: unknown, computedMs: number) => number;
	readonly shouldRetry?: (error: unknown) => boolean;
	/** How a wait between attempts is spent (default: a plain wait); e.g. in slices with heartbeats. */
	readonly wait?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

/** Given to each attempt, as kafkajs's retrier does: give up at once with this error, no more attempts. */
export type Bail = (error: unknown) => never;

// An Error, so a bail that escapes its retry() still carries a stack.
class Bailed extends Error {
	constructor(readonly error: unknown) {
		super('retry bailed');
	}
}

export const retryDefaults = {retries: 5, initialMs: 300, factor: 2, maxMs: 30_000, jitter: 0.2} as const;

export function backoffDelay(attempt: number, options: RetryOptions = {}, random: () => number = Math.random): number {
	const initial = options.initialMs ?? retryDefaults.initialMs;
	const factor = options.factor ?? retryDefaults.factor;
	const max = options.maxMs ?? retryDefaults.maxMs;
	const jitter = options.jitter ?? retryDefaults.jitter;
	const base = Math.min(max, initial * factor ** Math.max(0, attempt - 1));
	const spread = base * jitter * (random() * 2 - 1);
	return Math.max(0, Math.min(max, Math.round(base + spread)));
}

/** Waits `ms`; rejects with the signal's reason (not a generic AbortError) when it aborts. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	try {
		await delay(ms, undefined, {signal});
	} catch (error) {
		throw signal?.aborted ? (signal.reason ?? error) : error;
	}
}

/**
 * Runs `task` until it succeeds, retries run out, or an error is not worth another try. The
 * task gets the attempt (1-based) and a `bail` to stop retrying from inside.
 */
export async function retry<T>(task: (attempt: number, bail: Bail) => Promise<T>, options: RetryOptions = {}): Promise<T> {
	const retries = options.retries ?? retryDefaults.retries;
	const shouldRetry = options.shouldRetry ?? isRetriable;
	const wait = options.wait ?? sleep;
	const bail: Bail = error => {
		throw new Bailed(error);
	};
	for (let attempt = 1; ; attempt++) {
		try {
			return await task(attempt, bail);
		} catch (error) {
			if (error instanceof Bailed) throw error.error;
			if (options.signal?.aborted || attempt > retries || !shouldRetry(error)) throw error;
			const computed = backoffDelay(attempt, options);
			const ms = options.delayFor ? options.delayFor(error, computed) : computed;
			options.onRetry?.(error, attempt, ms);
			await wait(ms, options.signal);
		}
	}
}

/** Runs `task` with a deadline; the task gets a signal it should pass to its I/O. */
export async function withDeadline<T>(ms: number, task: (signal: AbortSignal) => Promise<T>, onTimeout: () => Error): Promise<T> {
	const controller = new AbortController();
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => {
			const error = onTimeout();
			controller.abort(error);
			reject(error);
		}, ms);
	});
	try {
		return await Promise.race([task(controller.signal), timeout]);
	} finally {
		clearTimeout(timer);
	}
}
