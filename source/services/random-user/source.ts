import {userLine, ValidationError} from '../../domain/errors.js';
import {silentLogger, type Logger} from '../logger.js';
import {retry, type RetryOptions} from '../retry.js';
import {maxPage, maxResults, type PageFetcher, type RandomUserPage, type RandomUserQuery} from './client.js';
import {systemClock, type Clock} from './clock.js';
import type {RandomUserInfo} from '../../domain/randomuser.js';
import {PageFailedError, RateLimitedError} from './errors.js';
import {SourceEmitter, type SourceEvents, type SourceListener} from './source-events.js';
import {TokenBucket} from './token-bucket.js';

export interface RandomUserSourceOptions {
	readonly client: PageFetcher;
	/** Users in the run. Unset: unbounded, runs until stopped. */
	readonly count?: number;
	/** Users per request, 1..5000. */
	readonly pageSize?: number;
	/** Users per second; 0 or unset: as fast as the server answers. */
	readonly rate?: number;
	/** Least wait after a 429 that names no Retry-After (the public API's window is minutes long). */
	readonly rateLimitWaitMs?: number;
	/** With a seed, pages 1, 2, 3... are asked for: deterministic and distinct. */
	readonly seed?: string;
	readonly nat?: readonly string[];
	readonly gender?: 'male' | 'female';
	readonly inc?: readonly string[];
	readonly exc?: readonly string[];
	/** Backoff for one page; `retries` is attempts after the first. */
	readonly retry?: Pick<RetryOptions, 'retries' | 'initialMs' | 'factor' | 'maxMs' | 'jitter'>;
	/**
	 * Unbounded runs skip a failed page, but a failure that repeats on every page (wrong version,
	 * server gone) would otherwise loop for ever: after this many failed pages in a row, the run ends.
	 */
	readonly maxConsecutiveErrors?: number;
	readonly signal?: AbortSignal;
	readonly clock?: Clock;
	readonly logger?: Logger;
}

export const sourceDefaults = {
	// About 1 MB per page: progress shows often, and a failed page loses little.
	pageSize: 1000,
	maxConsecutiveErrors: 10,
} as const;

export interface SourcePage {
	/** 1-based page of this run; with a seed it is also the API page asked for. */
	readonly page: number;
	readonly users: unknown[];
	readonly requested: number;
	readonly info: RandomUserInfo | undefined;
	readonly bytes: number;
	readonly durationMs: number;
	/** When the response arrived (ms since the epoch): the users' fetched_at and Kafka timestamp. */
	readonly receivedAt: number;
}

export interface SourceStats {
	readonly fetched: number;
	readonly pages: number;
	/** Pages that failed for good (skipped in an unbounded run). */
	readonly errors: number;
	readonly retries: number;
	/** 429 answers, retried or not. */
	readonly rateLimited: number;
	readonly shortPages: number;
	readonly bytes: number;
}

type MutableStats = {-readonly [K in keyof SourceStats]: SourceStats[K]};

function checkInteger(field: string, value: number, min: number, max: number): void {
	if (!Number.isInteger(value) || value < min || value > max) {
		throw new ValidationError(`${field} must be an integer from ${min} to ${max}, got ${value}`, {field});
	}
}

/**
 * Pages of users for one run, pulled one at a time (`for await`, or `next()`): nothing is
 * fetched until the consumer asks, so a slow consumer slows the requests, and at most one
 * request is in flight.
 *
 * Each page is retried with backoff; a 429 waits its Retry-After when the server gives one.
 * A page that still fails ends a bounded run (the iterator throws PageFailedError) and is
 * counted, logged and skipped in an unbounded one. Stopping (stop() or the signal) aborts the
 * request in flight and ends the iteration without an error.
 */
export class RandomUserSource implements AsyncIterableIterator<SourcePage> {
	private readonly options: RandomUserSourceOptions;
	private readonly pageSize: number;
	private readonly clock: Clock;
	private readonly logger: Logger;
	private readonly emitter: SourceEmitter;
	private readonly controller = new AbortController();
	private readonly counters: MutableStats = {fetched: 0, pages: 0, errors: 0, retries: 0, rateLimited: 0, shortPages: 0, bytes: 0};
	private readonly pages: AsyncGenerator<SourcePage, void, undefined>;
	private gate: {readonly opened: Promise<void>; readonly open: () => void} | undefined;

	constructor(options: RandomUserSourceOptions) {
		this.options = options;
		this.pageSize = options.pageSize ?? sourceDefaults.pageSize;
		checkInteger('pageSize', this.pageSize, 1, maxResults);
		if (options.count !== undefined) {
			checkInteger('count', options.count, 1, Number.MAX_SAFE_INTEGER);
			// Past page 10000 the server silently serves page 1 again: duplicates, so refuse up front.
			if (options.seed !== undefined && Math.ceil(options.count / this.pageSize) > maxPage) {
				throw new ValidationError(`a seeded run can ask for at most ${maxPage} pages; raise pageSize or lower count`, {
					field: 'count',
				});
			}
		}
		const rate = options.rate ?? 0;
		if (!Number.isFinite(rate) || rate < 0) throw new ValidationError(`rate must be 0 or more, got ${rate}`, {field: 'rate'});
		this.clock = options.clock ?? systemClock;
		this.logger = options.logger ?? silentLogger;
		this.emitter = new SourceEmitter(this.logger);
		// The generator body runs only on the first next(): no I/O here.
		this.pages = this.run(rate > 0 ? new TokenBucket(rate, this.clock) : undefined);
	}

	get stats(): SourceStats {
		return {...this.counters};
	}

	get paused(): boolean {
		return this.gate !== undefined;
	}

	get stopped(): boolean {
		return this.controller.signal.aborted;
	}

	on<K extends keyof SourceEvents>(type: K, listener: SourceListener<K>): () => void {
		return this.emitter.on(type, listener);
	}

	/** Holds the next request; one already in flight completes and its page is still delivered. */
	pause(): void {
		if (this.gate) return;
		let open!: () => void;
		const opened = new Promise<void>(resolve => {
			open = resolve;
		});
		this.gate = {opened, open};
	}

	resume(): void {
		this.gate?.open();
		this.gate = undefined;
	}

	/** Aborts the request in flight; the iteration then ends without an error. */
	stop(reason?: unknown): void {
		this.controller.abort(reason);
	}

	next(): Promise<IteratorResult<SourcePage, void>> {
		return this.pages.next();
	}

	async return(): Promise<IteratorResult<SourcePage, void>> {
		// Abort first: a return() queued behind a pending next() would otherwise wait for that request.
		this.stop();
		return this.pages.return(undefined);
	}

	[Symbol.asyncIterator](): this {
		return this;
	}

	private async *run(bucket: TokenBucket | undefined): AsyncGenerator<SourcePage, void, undefined> {
		const {count, seed, signal: external} = this.options;
		const signal = this.controller.signal;
		const onExternal = () => this.stop(external?.reason);
		external?.addEventListener('abort', onExternal, {once: true});
		if (external?.aborted) onExternal();
		if (seed !== undefined && this.options.gender !== undefined) {
			this.logger.warn({seed, gender: this.options.gender}, 'the Random User API ignores gender when a seed is given');
		}
		const maxErrors = this.options.maxConsecutiveErrors ?? sourceDefaults.maxConsecutiveErrors;
		let consecutiveErrors = 0;
		try {
			for (let page = 1; !signal.aborted; page++) {
				const wanted = count === undefined ? this.pageSize : Math.min(this.pageSize, count - this.counters.fetched);
				if (wanted <= 0) return;
				if (seed !== undefined && page > maxPage) {
					// Only reachable by short pages in a bounded run, or by an unbounded one.
					if (count !== undefined) {
						throw new PageFailedError(page, 0, new ValidationError(`page ${page} is past the API's last page ${maxPage}`));
					}
					this.logger.warn({seed, page}, 'seeded run reached the API last page; stopping');
					return;
				}
				const wasPaused = this.paused;
				if (!(await this.waitWhilePaused(signal))) return;
				if (wasPaused) bucket?.reset();
				if (bucket) {
					try {
						await bucket.take(wanted, signal);
					} catch (error) {
						if (signal.aborted) return;
						throw error;
					}
				}
				const outcome = await this.fetchWithRetry(page, wanted, signal);
				if (signal.aborted) return;
				if ('error' in outcome) {
					this.counters.errors++;
					consecutiveErrors++;
					const fatal = count !== undefined || outcome.error instanceof ValidationError || consecutiveErrors >= maxErrors;
					const reason = userLine(outcome.error);
					this.emitter.emit('error', {page, reason, at: Date.now(), attempts: outcome.attempts, fatal, error: outcome.error});
					this.logger.error({err: outcome.error, page, attempts: outcome.attempts, fatal}, 'Random User API page failed');
					if (fatal) throw new PageFailedError(page, outcome.attempts, outcome.error);
					continue;
				}
				consecutiveErrors = 0;
				const result = outcome.page;
				// Never hand a bounded run more than it asked for, whatever the server sent.
				const users = result.users.length > wanted ? result.users.slice(0, wanted) : result.users;
				this.counters.fetched += users.length;
				this.counters.pages++;
				this.counters.bytes += result.bytes;
				if (users.length < wanted) this.counters.shortPages++;
				this.emitter.emit('page', {page, users: users.length, requested: wanted, bytes: result.bytes, durationMs: result.durationMs});
				yield {page, users, requested: wanted, info: result.info, bytes: result.bytes, durationMs: result.durationMs, receivedAt: Date.now()};
			}
		} finally {
			external?.removeEventListener('abort', onExternal);
		}
	}

	private async fetchWithRetry(
		page: number,
		wanted: number,
		signal: AbortSignal,
	): Promise<{readonly page: RandomUserPage} | {readonly error: unknown; readonly attempts: number}> {
		const {seed, nat, gender, inc, exc} = this.options;
		const query: RandomUserQuery = {
			results: wanted,
			...(seed === undefined ? {} : {seed, page}),
			...(nat === undefined ? {} : {nat}),
			...(gender === undefined ? {} : {gender}),
			...(inc === undefined ? {} : {inc}),
			...(exc === undefined ? {} : {exc}),
		};
		let attempts = 0;
		try {
			const result = await retry(
				async attempt => {
					attempts = attempt;
					try {
						return await this.options.client.fetchPage(query, signal);
					} catch (error) {
						if (error instanceof RateLimitedError) this.counters.rateLimited++;
						throw error;
					}
				},
				{
					...this.options.retry,
					signal,
					delayFor: (error, computed) => (error instanceof RateLimitedError ? (error.retryAfterMs ?? Math.max(computed, this.options.rateLimitWaitMs ?? 0)) : computed),
					onRetry: (error, attempt, delayMs) => {
						this.counters.retries++;
						const reason = userLine(error);
						const rateLimited = error instanceof RateLimitedError;
						this.emitter.emit('retry', {page, reason, attempt, delayMs, rateLimited, error});
						this.logger.warn({err: error, page, attempt, delayMs}, 'Random User API request failed; retrying');
					},
				},
			);
			return {page: result};
		} catch (error) {
			return {error, attempts};
		}
	}

	/** False when stopped while paused. */
	private async waitWhilePaused(signal: AbortSignal): Promise<boolean> {
		while (this.gate && !signal.aborted) {
			let onAbort!: () => void;
			const stopped = new Promise<void>(resolve => {
				onAbort = resolve;
				signal.addEventListener('abort', onAbort, {once: true});
			});
			await Promise.race([this.gate.opened, stopped]);
			signal.removeEventListener('abort', onAbort);
		}
		return !signal.aborted;
	}
}
