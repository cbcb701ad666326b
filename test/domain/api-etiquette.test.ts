import {describe, expect, it} from 'vitest';
import {
	apiPace,
	isPublicApi,
	paceText,
	publicApiLimit,
	publicApiLimitRate,
	publicApiPace,
	publicApiRateLimitWaitMs,
	rateLimitedText,
} from '../../source/domain/api-etiquette.js';

describe('isPublicApi: randomuser.me and its subdomains only', () => {
	it.each([
		['https://randomuser.me/api/', true],
		['https://randomuser.me/api/1.4/', true],
		['http://RandomUser.ME/api/', true],
		['https://www.randomuser.me/api/', true],
		['https://randomuser.me./api/', true],
		['http://127.0.0.1:3000/api/', false],
		['http://localhost/api/', false],
		['https://api.example.com/randomuser.me/', false],
		['https://notrandomuser.me/api/', false],
		['https://randomuser.me.example.com/api/', false],
		['not a url', false],
		['', false],
	])('%s → %s', (url, expected) => {
		expect(isPublicApi(url)).toBe(expected);
	});
});

describe('apiPace: the host decides the default, the user decides the rest', () => {
	it('paces randomuser.me at 60 users/s in pages of 300 when nothing is set', () => {
		expect(apiPace('https://randomuser.me/api/', {})).toEqual({rate: 60, pageSize: 300, by: 'public', overPublicLimit: false, rateLimitWaitMs: 60_000});
		// The console's "unlimited" (rate 0) is its default, not a choice: still paced.
		expect(apiPace('https://randomuser.me/api/', {rate: 0, pageSize: 1000})).toEqual({
			rate: 60,
			pageSize: 1000,
			by: 'public',
			overPublicLimit: false,
			rateLimitWaitMs: 60_000,
		});
	});

	it('keeps any other host unpaced, with the source default page size', () => {
		expect(apiPace('http://127.0.0.1:3000/api/', {})).toEqual({rate: 0, pageSize: undefined, by: 'none', overPublicLimit: false, rateLimitWaitMs: undefined});
		expect(apiPace('http://127.0.0.1:3000/api/', {pageSize: 5000})).toMatchObject({rate: 0, pageSize: 5000});
	});

	it('lets a user-set rate win, and flags one above the public limit', () => {
		expect(apiPace('https://randomuser.me/api/', {rate: 50})).toEqual({rate: 50, pageSize: undefined, by: 'user', overPublicLimit: false, rateLimitWaitMs: 60_000});
		expect(apiPace('https://randomuser.me/api/', {rate: 67, pageSize: 100})).toEqual({
			rate: 67,
			pageSize: 100,
			by: 'user',
			overPublicLimit: true,
			rateLimitWaitMs: 60_000,
		});
		expect(apiPace('http://127.0.0.1:3000/api/', {rate: 5000})).toEqual({
			rate: 5000,
			pageSize: undefined,
			by: 'user',
			overPublicLimit: false,
			rateLimitWaitMs: undefined,
		});
	});

	it('the default pace stays under 20,000 users in any 5 minutes, even with pages of 1,000', () => {
		// The token bucket's bound: burst (one second) + one page + rate × window.
		const window = publicApiLimit.windowSeconds;
		for (const page of [publicApiPace.pageSize, 1000]) {
			expect(publicApiPace.rate + page + publicApiPace.rate * window).toBeLessThan(publicApiLimit.users);
		}
		expect(publicApiPace.rate).toBeLessThan(publicApiLimitRate);
	});

	it('against randomuser.me a 429 without Retry-After waits a minute, so 5 retries span its 5-minute window', () => {
		expect(publicApiRateLimitWaitMs * 5).toBeGreaterThanOrEqual(publicApiLimit.windowSeconds * 1000);
	});
});

describe('texts', () => {
	it('says how the run is paced, and warns only about a rate above the public limit', () => {
		expect(paceText(apiPace('https://randomuser.me/api/', {}))).toBe('paced for randomuser.me: 60 users/s');
		expect(paceText(apiPace('https://randomuser.me/api/', {rate: 1000}))).toBe(
			"rate 1,000 users/s is above randomuser.me's limit (about 20,000 users per 5 minutes): expect to be rate limited",
		);
		expect(paceText(apiPace('https://randomuser.me/api/', {rate: 10}))).toBeUndefined();
		expect(paceText(apiPace('http://127.0.0.1:3000/api/', {rate: 1000}))).toBeUndefined();
		expect(paceText(apiPace('http://127.0.0.1:3000/api/', {}))).toBeUndefined();
	});

	it('shows a 429 wait in whole seconds, at least 1', () => {
		expect(rateLimitedText(0)).toBe('rate limited by the API, waiting 1s');
		expect(rateLimitedText(200)).toBe('rate limited by the API, waiting 1s');
		expect(rateLimitedText(30_000)).toBe('rate limited by the API, waiting 30s');
		expect(rateLimitedText(30_001)).toBe('rate limited by the API, waiting 31s');
	});
});
