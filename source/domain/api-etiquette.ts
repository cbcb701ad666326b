/**
 * How hard we may ask the Random User API. Pure: host in, pace out.
 *
 * The public service (randomuser.me) is free and limits each address to about 20,000 users per
 * 5 minutes, then answers 429 (test/fixtures/randomuser/v1.4/bad_rate_limit_429.txt). A newcomer's
 * first run goes there, so unless told otherwise we stay under that limit. A local or self-hosted
 * server (any other host) is the user's own: it keeps the unpaced default.
 */

/** The public service's limit per client address, as its operators state it. */
export const publicApiLimit = {users: 20_000, windowSeconds: 5 * 60} as const;

/** The public limit as a steady rate: 20,000 / 300 s ≈ 66.7 users/s. */
export const publicApiLimitRate = publicApiLimit.users / publicApiLimit.windowSeconds;

/**
 * The default pace against randomuser.me. The token bucket that paces the source
 * (services/random-user/token-bucket.ts) asks for at most burst + one page + rate·t users in any
 * t seconds, its burst being one second's worth. At 60 users/s with pages of 300 that is
 * 60 + 300 + 60 × 300 = 18,360 users in any 5 minutes, under 20,000 with room for a retried page;
 * even pages of 1,000 (the console's default) give 19,060. A page of 300 is one request every 5 s,
 * about 300 KB: progress still shows often.
 */
export const publicApiPace = {rate: 60, pageSize: 300} as const;

export const publicApiHost = 'randomuser.me';

/**
 * How long a 429 without Retry-After waits against randomuser.me. The usual backoff (0.3 s doubling,
 * 5 retries) gives up within 10 s, long before a 5-minute window frees any quota; a minute per try
 * makes the 5 retries span the whole window, so the run waits the limit out instead of failing.
 */
export const publicApiRateLimitWaitMs = 60_000;

/** True for randomuser.me and its subdomains (www.randomuser.me...); false for anything unparsable. */
export function isPublicApi(apiUrl: string): boolean {
	let host: string;
	try {
		host = new URL(apiUrl).hostname.toLowerCase().replace(/\.$/, '');
	} catch {
		return false;
	}
	return host === publicApiHost || host.endsWith(`.${publicApiHost}`);
}

export interface ApiPace {
	/** Users per second; 0: as fast as the server answers. */
	readonly rate: number;
	/** Users per page; undefined: the source's own default. */
	readonly pageSize: number | undefined;
	/** 'public': our default pace for randomuser.me; 'user': the user's rate; 'none': unpaced. */
	readonly by: 'public' | 'user' | 'none';
	/** The user's rate is above what the public service allows over 5 minutes: 429s will come. */
	readonly overPublicLimit: boolean;
	/** Least wait after a 429 without Retry-After; undefined: the usual backoff. */
	readonly rateLimitWaitMs: number | undefined;
}

/**
 * The pace of a run. `requested` holds what the user set: a rate of 0 or undefined means "not
 * set" (the console's "unlimited" is its default), a page size undefined means "not set".
 * The user's choice always wins; only the defaults depend on the host.
 */
export function apiPace(apiUrl: string, requested: {readonly rate?: number; readonly pageSize?: number}): ApiPace {
	const isPublic = isPublicApi(apiUrl);
	const rateLimitWaitMs = isPublic ? publicApiRateLimitWaitMs : undefined;
	const rate = requested.rate ?? 0;
	if (rate > 0) {
		return {rate, pageSize: requested.pageSize, by: 'user', overPublicLimit: isPublic && rate > publicApiLimitRate, rateLimitWaitMs};
	}
	if (!isPublic) return {rate: 0, pageSize: requested.pageSize, by: 'none', overPublicLimit: false, rateLimitWaitMs};
	return {rate: publicApiPace.rate, pageSize: requested.pageSize ?? publicApiPace.pageSize, by: 'public', overPublicLimit: false, rateLimitWaitMs};
}

/** One line for the output and the console, or undefined when there is nothing to say. */
export function paceText(pace: ApiPace): string | undefined {
	const perSecond = `${pace.rate.toLocaleString('en-US')} users/s`;
	if (pace.by === 'public') return `paced for ${publicApiHost}: ${perSecond}`;
	if (pace.overPublicLimit) {
		return `rate ${perSecond} is above ${publicApiHost}'s limit (about ${publicApiLimit.users.toLocaleString('en-US')} users per 5 minutes): expect to be rate limited`;
	}
	return undefined;
}

/** How a wait the API asked for (a 429) is shown: calm, it is not an error. */
export function rateLimitedText(delayMs: number): string {
	return `rate limited by the API, waiting ${Math.max(1, Math.ceil(delayMs / 1000))}s`;
}
