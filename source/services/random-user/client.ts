import fetch from 'node-fetch';
import {TimeoutError, UnavailableError, UserdataError, ValidationError} from '../../domain/errors.js';
import {silentLogger, type Logger} from '../logger.js';
import {withDeadline} from '../retry.js';
import {EnvelopeError, type RandomUserEnvelope, type RandomUserInfo, readEnvelope, refusalInBody} from '../../domain/randomuser.js';
import {BadResponseError, RateLimitedError, RequestRejectedError, ServerError, snippet} from './errors.js';
import {parseRetryAfter} from './retry-after.js';
import {userAgent} from './user-agent.js';

/** The API's own ceiling. Above it the server silently answers 1 user, so we cap before asking. */
export const maxResults = 5000;
/** Pages above this (or below 1) silently become page 1 on the server: duplicates, not an error. */
export const maxPage = 10_000;

export interface RandomUserQuery {
	/** Users to ask for: an integer >= 1; above 5000 it is capped to 5000. */
	readonly results: number;
	readonly seed?: string;
	/** 1..10000; only meaningful with a seed (seed + page picks a distinct deterministic page). */
	readonly page?: number;
	readonly nat?: readonly string[];
	/** Ignored by the server when a seed is given. */
	readonly gender?: 'male' | 'female';
	readonly inc?: readonly string[];
	readonly exc?: readonly string[];
}

export interface RandomUserPage {
	/** Each user as the server sent it; the domain schema validates the fields. */
	readonly users: unknown[];
	readonly info: RandomUserInfo | undefined;
	/** Body size after content decoding. */
	readonly bytes: number;
	readonly status: number;
	readonly durationMs: number;
	/** `results` as sent, after the cap. */
	readonly requested: number;
	/** The server sent fewer users than requested; they are kept, this flag reports it. */
	readonly short: boolean;
}

/** What the source needs from a client: the port tests replace with a fake. */
export interface PageFetcher {
	fetchPage(query: RandomUserQuery, signal?: AbortSignal): Promise<RandomUserPage>;
}

export interface RandomUserClientOptions {
	readonly baseUrl?: string;
	/** '' asks the unversioned /api/, which the server treats as its latest version. */
	readonly apiVersion?: string;
	/** Deadline for one request, headers and body together: some requests are never answered. */
	readonly timeoutMs?: number;
	/** Upper bound on a Retry-After we honour, so a bad header cannot stall a run for hours. */
	readonly maxRetryAfterMs?: number;
	readonly logger?: Logger;
	/** Wall clock for Retry-After dates; injectable for tests. */
	readonly now?: () => number;
	/** The User-Agent header; by default userdata-tui/<version> from package.json (read on the first request). */
	readonly userAgent?: string;
}

export const clientDefaults = {
	baseUrl: 'https://randomuser.me/api/',
	apiVersion: '1.4',
	timeoutMs: 15_000,
	maxRetryAfterMs: 5 * 60_000, // the live service counts users over a 5-minute window
} as const;

/**
 * One GET per page against the Random User API over node-fetch. No I/O until `fetchPage`, and
 * every failure comes back as a typed error whose `retriable` flag the retry helper obeys.
 */
export class RandomUserClient implements PageFetcher {
	readonly endpoint: string;
	readonly timeoutMs: number;
	private readonly maxRetryAfterMs: number;
	private readonly logger: Logger;
	private readonly now: () => number;
	private readonly userAgent: string | undefined;

	constructor(options: RandomUserClientOptions = {}) {
		const base = options.baseUrl ?? clientDefaults.baseUrl;
		const version = options.apiVersion ?? clientDefaults.apiVersion;
		const root = base.endsWith('/') ? base : `${base}/`;
		this.endpoint = version === '' ? root : `${root}${version}/`;
		this.timeoutMs = options.timeoutMs ?? clientDefaults.timeoutMs;
		if (!(this.timeoutMs > 0)) throw new ValidationError('timeoutMs must be above 0', {field: 'timeoutMs'});
		this.maxRetryAfterMs = options.maxRetryAfterMs ?? clientDefaults.maxRetryAfterMs;
		this.logger = options.logger ?? silentLogger;
		this.now = options.now ?? Date.now;
		this.userAgent = options.userAgent;
	}

	/** The URL for a query, with `results` capped; throws ValidationError before any request. */
	url(query: RandomUserQuery): {readonly url: string; readonly requested: number} {
		const {results} = query;
		if (!Number.isInteger(results) || results < 1) {
			throw new ValidationError(`results must be an integer from 1 to ${maxResults}, got ${results}`, {field: 'results'});
		}
		const requested = Math.min(results, maxResults);
		const params = new URLSearchParams({results: String(requested)});
		if (query.seed !== undefined && query.seed !== '') params.set('seed', query.seed);
		if (query.page !== undefined) {
			if (!Number.isInteger(query.page) || query.page < 1 || query.page > maxPage) {
				throw new ValidationError(`page must be an integer from 1 to ${maxPage}, got ${query.page}`, {field: 'page'});
			}
			params.set('page', String(query.page));
		}
		if (query.nat?.length) params.set('nat', query.nat.join(','));
		if (query.gender !== undefined) params.set('gender', query.gender);
		if (query.inc?.length) params.set('inc', query.inc.join(','));
		if (query.exc?.length) params.set('exc', query.exc.join(','));
		return {url: `${this.endpoint}?${params.toString()}`, requested};
	}

	/**
	 * One round-trip; the body is read whole (about 1 KB per user, 5.4 MB at 5000) inside the
	 * deadline. `signal` cancels it; the rejection is then the signal's reason.
	 */
	async fetchPage(query: RandomUserQuery, signal?: AbortSignal): Promise<RandomUserPage> {
		const {url, requested} = this.url(query);
		const started = performance.now();
		return withDeadline(
			this.timeoutMs,
			deadline => this.request(url, requested, started, deadline, signal),
			() =>
				new TimeoutError(`Random User API did not answer within ${this.timeoutMs} ms`, {
					hint: 'The server leaves some requests unanswered; it will be retried',
				}),
		);
	}

	private async request(url: string, requested: number, started: number, deadline: AbortSignal, signal: AbortSignal | undefined): Promise<RandomUserPage> {
		// One signal for fetch that fires on the deadline or the caller's abort, whichever is first;
		// listeners are removed afterwards so a long run's signal does not collect one per page.
		const controller = new AbortController();
		const onDeadline = () => controller.abort(deadline.reason);
		const onCaller = () => controller.abort(signal?.reason);
		deadline.addEventListener('abort', onDeadline, {once: true});
		signal?.addEventListener('abort', onCaller, {once: true});
		if (signal?.aborted) onCaller();
		try {
			const response = await fetch(url, {signal: controller.signal, headers: {accept: 'application/json', 'user-agent': this.userAgent ?? userAgent()}});
			const buffer = Buffer.from(await response.arrayBuffer());
			const body = buffer.toString('utf8');
			const contentType = response.headers.get('content-type') ?? undefined;
			const durationMs = Math.round(performance.now() - started);
			const {status} = response;
			if (status === 429) {
				throw this.rateLimited(body, response.headers.get('retry-after'));
			}
			if (status >= 500) {
				throw new ServerError(`Random User API failed with HTTP ${status}`, {status, bodySnippet: snippet(body)});
			}
			if (!response.ok) {
				throw new RequestRejectedError(`Random User API rejected the request with HTTP ${status}: ${snippet(body, 60)}`, {
					status,
					bodySnippet: snippet(body),
				});
			}
			const {users, info} = envelopeOf(body, contentType);
			if (users.length === 0) {
				throw new BadResponseError('Random User API sent no users', {reason: 'empty', contentType, bodySnippet: snippet(body)});
			}
			const short = users.length < requested;
			if (short) this.logger.warn({url, requested, received: users.length}, 'Random User API sent fewer users than asked');
			this.logger.debug({url, status, users: users.length, bytes: buffer.length, durationMs}, 'page fetched');
			return {users, info, bytes: buffer.length, status, durationMs, requested, short};
		} catch (error) {
			// Whatever fetch threw on abort (its own AbortError), the caller gets the reason we aborted with.
			if (controller.signal.aborted) throw controller.signal.reason;
			if (error instanceof UserdataError) throw error;
			const message = error instanceof Error ? error.message : String(error);
			throw new UnavailableError(`Random User API unreachable: ${message}`, {cause: error});
		} finally {
			deadline.removeEventListener('abort', onDeadline);
			signal?.removeEventListener('abort', onCaller);
		}
	}

	private rateLimited(body: string, retryAfter: string | null): RateLimitedError {
		// A 429 without the usual JSON body is still a 429.
		const said = refusalInBody(body);
		const parsedMs = parseRetryAfter(retryAfter, this.now());
		const retryAfterMs = parsedMs === undefined ? undefined : Math.min(parsedMs, this.maxRetryAfterMs);
		return new RateLimitedError(`Random User API rate limit hit (HTTP 429)${said ? `: ${said}` : ''}`, {
			...(retryAfterMs === undefined ? {} : {retryAfterMs}),
		});
	}
}

/** The domain's envelope check, its refusal as the client's BadResponseError (with what came). */
function envelopeOf(body: string, contentType: string | undefined): RandomUserEnvelope {
	try {
		return readEnvelope(body, contentType);
	} catch (error) {
		if (!(error instanceof EnvelopeError)) throw error;
		throw new BadResponseError(error.message, {reason: error.reason, contentType, bodySnippet: snippet(body), cause: error.cause ?? error});
	}
}
