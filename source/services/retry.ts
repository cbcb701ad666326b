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

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) {
			reject(signal.reason ?? new Error('aborted'));
			return;
		}
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		const onAbort = () => {
			clearTimeout(timer);
			reject(signal?.reason ?? new Error('aborted'));
		};
		signal?.addEventListener('abort', onAbort, {once: true});
	});
}

export async function retry<T>(task: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
	const retries = options.retries ?? retryDefaults.retries;
	const shouldRetry = options.shouldRetry ?? isRetriable;
	for (let attempt = 1; ; attempt++) {
		try {
			return await task(attempt);
		} catch (error) {
			if (options.signal?.aborted || attempt > retries || !shouldRetry(error)) throw error;
			const computed = backoffDelay(attempt, options);
			const delay = options.delayFor ? options.delayFor(error, computed) : computed;
			options.onRetry?.(error, attempt, delay);
			await sleep(delay, options.signal);
		}
	}
}

/** Runs `task` with a deadline; the task gets a signal it should pass to its I/O. */
export async function withDeadline<T>(
	ms: number,
	task: (signal: AbortSignal) => Promise<T>,
	onTimeout: () => Error,
): Promise<T> {
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
