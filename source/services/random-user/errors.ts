import {UnavailableError, UserdataError, type UserdataErrorOptions} from '../../domain/errors.js';

/**
 * Errors of the Random User API client. They extend the product's error tree (domain/errors.ts)
 * so the retry helper reads `retriable` and the command prints `userLine()` without knowing them.
 */

/** The API answered 429. Retriable: the per-IP window (about 20,000 users per 5 min) passes. */
export class RateLimitedError extends UnavailableError {
	/** From Retry-After when the server sent one; otherwise the caller backs off on its own. */
	readonly retryAfterMs: number | undefined;
	readonly status = 429;

	constructor(message: string, options: UserdataErrorOptions & {readonly retryAfterMs?: number} = {}) {
		super(message, {hint: 'Lower {rate} or wait a few minutes before the next run', ...options});
		this.retryAfterMs = options.retryAfterMs;
	}
}

/** A 5xx answer: the server is up but failing, so another try may work. */
export class ServerError extends UnavailableError {
	readonly status: number;
	readonly bodySnippet: string;

	constructor(message: string, options: UserdataErrorOptions & {readonly status: number; readonly bodySnippet: string}) {
		super(message, options);
		this.status = options.status;
		this.bodySnippet = options.bodySnippet;
	}
}

/** A 4xx answer other than 429: the request itself is wrong (bad version, bad path); retrying repeats it. */
export class RequestRejectedError extends UserdataError {
	readonly status: number;
	readonly bodySnippet: string;

	constructor(message: string, options: UserdataErrorOptions & {readonly status: number; readonly bodySnippet: string}) {
		super(message, {hint: 'Check the Random User API URL and version', ...options, retriable: false});
		this.status = options.status;
		this.bodySnippet = options.bodySnippet;
	}
}

/** What was wrong with a 2xx body; one word per case so logs and tests can match on it. */
export type BadResponseReason = 'not-json' | 'jsonp' | 'truncated-json' | 'server-error' | 'wrong-shape' | 'empty';

/**
 * A 2xx answer whose body is not the JSON envelope we asked for (HTML, XML, CSV, YAML, JSONP,
 * cut-off JSON, or JSON of another shape). Not retriable: the same request gets the same body;
 * except a cut-off body, which is what a connection dropped mid-body looks like, so it is retried.
 */
export class BadResponseError extends UserdataError {
	readonly reason: BadResponseReason;
	readonly contentType: string | undefined;
	readonly bodySnippet: string;

	constructor(
		message: string,
		options: UserdataErrorOptions & {
			readonly reason: BadResponseReason;
			readonly contentType?: string;
			readonly bodySnippet: string;
		},
	) {
		super(message, {...options, retriable: options.reason === 'truncated-json'});
		this.reason = options.reason;
		this.contentType = options.contentType;
		this.bodySnippet = options.bodySnippet;
	}
}

/** Enough of a body to recognise it in a log line, on one line. */
export function snippet(body: string, max = 120): string {
	const flat = body.replaceAll(/\s+/g, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** A page that still failed after its retries; ends a bounded run with the reason. */
export class PageFailedError extends UserdataError {
	readonly page: number;
	readonly attempts: number;

	constructor(page: number, attempts: number, cause: unknown) {
		const reason = cause instanceof Error ? cause.message : String(cause);
		super(`Random User API page ${page} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${reason}`, {
			cause,
			retriable: false,
			...(cause instanceof UserdataError && cause.hint ? {hint: cause.hint} : {}),
		});
		this.page = page;
		this.attempts = attempts;
	}
}
