import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {TimeoutError} from '../../../source/domain/errors.js';
import {RandomUserClient} from '../../../source/services/random-user/client.js';
import {BadResponseError, PageFailedError, ServerError} from '../../../source/services/random-user/errors.js';
import {RandomUserSource, type RandomUserSourceOptions, type SourcePage} from '../../../source/services/random-user/source.js';
import type {SourceErrorEvent, SourcePageEvent, SourceRetryEvent} from '../../../source/services/random-user/source-events.js';
import {RandomUserStub} from '../../helpers/randomuser-stub.js';

let stub: RandomUserStub;

beforeEach(async () => {
	stub = new RandomUserStub();
	await stub.start();
});

afterEach(async () => {
	await stub.close();
});

// Retries in these tests wait a few milliseconds, without jitter, so delays are exact.
const quickRetry = {retries: 3, initialMs: 2, factor: 2, jitter: 0};

function source(options: Partial<RandomUserSourceOptions> = {}, timeoutMs = 2000): RandomUserSource {
	const client = new RandomUserClient({baseUrl: stub.baseUrl, timeoutMs});
	return new RandomUserSource({client, retry: quickRetry, ...options});
}

function record(run: RandomUserSource) {
	const pages: SourcePageEvent[] = [];
	const retries: SourceRetryEvent[] = [];
	const errors: SourceErrorEvent[] = [];
	run.on('page', event => pages.push(event));
	run.on('retry', event => retries.push(event));
	run.on('error', event => errors.push(event));
	return {pages, retries, errors};
}

async function drain(run: AsyncIterable<SourcePage>, limit = Number.POSITIVE_INFINITY): Promise<SourcePage[]> {
	const pages: SourcePage[] = [];
	for await (const page of run) {
		pages.push(page);
		if (pages.length >= limit) break;
	}
	return pages;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
	try {
		await promise;
	} catch (error) {
		return error;
	}
	throw new Error('expected a rejection');
}

function uuids(pages: SourcePage[]): string[] {
	return pages.flatMap(page => page.users.map(user => (user as {login: {uuid: string}}).login.uuid));
}

describe('RandomUserSource: paging', () => {
	it('asks 5000, 5000, 2345 for a bounded run of 12,345 with seeded pages 1, 2, 3', async () => {
		const run = source({count: 12_345, pageSize: 5000, seed: 'big'});
		const events = record(run);
		const pages = await drain(run);
		expect(stub.requests.map(request => request.query)).toEqual([
			{results: '5000', seed: 'big', page: '1'},
			{results: '5000', seed: 'big', page: '2'},
			{results: '2345', seed: 'big', page: '3'},
		]);
		expect(pages.map(page => page.users.length)).toEqual([5000, 5000, 2345]);
		expect(new Set(uuids(pages)).size).toBe(12_345);
		expect(run.stats).toMatchObject({fetched: 12_345, pages: 3, errors: 0, retries: 0, rateLimited: 0, shortPages: 0});
		expect(events.pages.map(event => event.users)).toEqual([5000, 5000, 2345]);
		expect(events.pages.every(event => event.bytes > 1_000_000 || event.users < 5000)).toBe(true);
	});

	it('sends no page number without a seed, and passes nat, inc and exc through', async () => {
		const run = source({count: 25, pageSize: 10, nat: ['CA', 'GB'], inc: ['name', 'login', 'nat', 'location'], exc: ['location']});
		const pages = await drain(run);
		expect(stub.requests.map(request => request.query)).toEqual(
			[10, 10, 5].map(results => ({results: String(results), nat: 'CA,GB', inc: 'name,login,nat,location', exc: 'location'})),
		);
		const users = pages.flatMap(page => page.users) as Array<Record<string, unknown>>;
		expect(users).toHaveLength(25);
		expect(new Set(users.map(user => user['nat']))).toEqual(new Set(['CA', 'GB']));
		expect(Object.keys(users[0] ?? {}).sort()).toEqual(['login', 'name', 'nat']);
	});

	it('asks for the rest after a short page', async () => {
		stub.script({kind: 'short', results: 7});
		const run = source({count: 20, pageSize: 10, seed: 'short'});
		const pages = await drain(run);
		expect(stub.requests.map(request => request.query['results'])).toEqual(['10', '10', '3']);
		expect(pages.map(page => [page.users.length, page.requested])).toEqual([
			[7, 10],
			[10, 10],
			[3, 3],
		]);
		expect(run.stats).toMatchObject({fetched: 20, shortPages: 1});
	});

	it('makes no request until the first page is pulled', () => {
		source({count: 10});
		expect(stub.requests).toHaveLength(0);
	});
});

describe('RandomUserSource: retries', () => {
	it('times out a hanging request and succeeds on the retry', async () => {
		stub.script({kind: 'hang'});
		const run = source({count: 5, pageSize: 5}, 200);
		const events = record(run);
		const pages = await drain(run);
		expect(pages.map(page => page.users.length)).toEqual([5]);
		expect(stub.requests).toHaveLength(2);
		expect(events.retries).toHaveLength(1);
		expect(events.retries[0]?.error).toBeInstanceOf(TimeoutError);
		expect(events.retries[0]?.reason).toMatch(/did not answer within 200 ms/);
		expect(run.stats).toMatchObject({fetched: 5, retries: 1, errors: 0});
	});

	it('waits the Retry-After of a 429', async () => {
		stub.script({kind: 'rate-limit', retryAfter: '0.15'});
		const run = source({count: 3, pageSize: 3});
		const events = record(run);
		const started = performance.now();
		await drain(run);
		expect(performance.now() - started).toBeGreaterThanOrEqual(140);
		expect(events.retries.map(({delayMs, rateLimited, attempt}) => ({delayMs, rateLimited, attempt}))).toEqual([{delayMs: 150, rateLimited: true, attempt: 1}]);
		expect(run.stats).toMatchObject({fetched: 3, retries: 1, rateLimited: 1});
	});

	it('backs off on a 429 without Retry-After', async () => {
		stub.script({kind: 'rate-limit'}, {kind: 'rate-limit'});
		const run = source({count: 3, pageSize: 3});
		const events = record(run);
		await drain(run);
		expect(events.retries.map(event => event.delayMs)).toEqual([2, 4]);
		expect(run.stats).toMatchObject({rateLimited: 2, retries: 2});
	});

	it('waits at least rateLimitWaitMs on a 429 without Retry-After, and a given Retry-After as said', async () => {
		stub.script({kind: 'rate-limit'}, {kind: 'rate-limit', retryAfter: '0.01'});
		const run = source({count: 3, pageSize: 3, rateLimitWaitMs: 60});
		const events = record(run);
		await drain(run);
		expect(events.retries.map(event => event.delayMs)).toEqual([60, 10]);
		expect(run.stats).toMatchObject({fetched: 3, rateLimited: 2});
	});

	it('retries 500 and 503', async () => {
		stub.script({kind: 'status', status: 500}, {kind: 'status', status: 503});
		const run = source({count: 4, pageSize: 4});
		const events = record(run);
		const pages = await drain(run);
		expect(pages[0]?.users).toHaveLength(4);
		expect(events.retries.map(event => (event.error as ServerError).status)).toEqual([500, 503]);
		expect(stub.requests).toHaveLength(3);
	});

	it('retries a connection reset mid-body', async () => {
		stub.script({kind: 'reset'});
		const pages = await drain(source({count: 100, pageSize: 100}));
		expect(pages[0]?.users).toHaveLength(100);
		expect(stub.requests).toHaveLength(2);
	});

	it('does not retry a non-JSON body and ends a bounded run with it', async () => {
		stub.script({kind: 'html'});
		const run = source({count: 3, pageSize: 3});
		const events = record(run);
		const error = await failure(drain(run));
		expect(error).toBeInstanceOf(PageFailedError);
		expect((error as PageFailedError).cause).toBeInstanceOf(BadResponseError);
		expect((error as PageFailedError).message).toMatch(/page 1 failed after 1 attempt: .*non-JSON body \(HTML\)/);
		expect(stub.requests).toHaveLength(1);
		expect(events.retries).toHaveLength(0);
		expect(events.errors.map(event => event.fatal)).toEqual([true]);
	});

	it('rejects a bounded run with the reason once a page exhausts its retries', async () => {
		stub.rule(request => (request.query['page'] === '2' ? {kind: 'status', status: 503} : undefined));
		const run = source({count: 30, pageSize: 10, seed: 'exhaust', retry: {...quickRetry, retries: 2}});
		const events = record(run);
		const seen: SourcePage[] = [];
		const error = await failure(
			(async () => {
				for await (const page of run) seen.push(page);
			})(),
		);
		expect(seen.map(page => page.page)).toEqual([1]);
		expect(error).toBeInstanceOf(PageFailedError);
		expect((error as PageFailedError).message).toBe('Random User API page 2 failed after 3 attempts: Random User API failed with HTTP 503');
		expect((error as PageFailedError).page).toBe(2);
		expect(stub.requests.map(request => request.query['page'])).toEqual(['1', '2', '2', '2']);
		expect(events.errors).toHaveLength(1);
		expect(events.errors[0]).toMatchObject({page: 2, attempts: 3, fatal: true});
		expect(events.errors[0]?.at).toBeGreaterThan(0);
		expect(run.stats).toMatchObject({fetched: 10, pages: 1, errors: 1, retries: 2});
	});

	it('skips a bad page in an unbounded run and goes on', async () => {
		stub.rule(request => (request.query['page'] === '2' ? {kind: 'status', status: 500} : undefined));
		const run = source({pageSize: 5, seed: 'skip', retry: {...quickRetry, retries: 1}});
		const events = record(run);
		const pages = await drain(run, 3);
		expect(pages.map(page => page.page)).toEqual([1, 3, 4]);
		expect(events.errors).toHaveLength(1);
		expect(events.errors[0]).toMatchObject({page: 2, attempts: 2, fatal: false});
		expect(events.errors[0]?.reason).toMatch(/HTTP 500/);
		expect(run.stats).toMatchObject({fetched: 15, pages: 3, errors: 1, retries: 1});
		expect(run.stopped).toBe(true); // break in for-await stops the source
	});

	it('ends an unbounded run when every page fails', async () => {
		stub.rule(() => ({kind: 'not-found'}));
		const run = source({pageSize: 5, maxConsecutiveErrors: 3});
		const events = record(run);
		const error = await failure(drain(run));
		expect(error).toBeInstanceOf(PageFailedError);
		expect((error as PageFailedError).page).toBe(3);
		expect(events.errors.map(event => event.fatal)).toEqual([false, false, true]);
		expect(stub.requests).toHaveLength(3); // a 404 is not retried
	});
});

describe('RandomUserSource: stopping', () => {
	it('stops promptly on abort while a request hangs, without an error', async () => {
		stub.script({kind: 'hang'});
		const controller = new AbortController();
		const run = source({count: 10, signal: controller.signal}, 30_000);
		const pending = run.next();
		await stub.waitForRequests(1);
		controller.abort();
		expect(await pending).toEqual({done: true, value: undefined});
		expect(run.stopped).toBe(true);
		expect(run.stats).toMatchObject({fetched: 0, errors: 0, retries: 0});
		expect(await run.next()).toEqual({done: true, value: undefined});
	});

	it('stops during a retry wait', async () => {
		stub.script({kind: 'rate-limit', retryAfter: '60'});
		const run = source({count: 10});
		run.on('retry', () => run.stop());
		expect(await run.next()).toEqual({done: true, value: undefined});
		expect(stub.requests).toHaveLength(1);
	});

	it('ends at once when the signal is already aborted', async () => {
		const run = source({count: 10, signal: AbortSignal.abort()});
		expect(await run.next()).toEqual({done: true, value: undefined});
		expect(stub.requests).toHaveLength(0);
	});
});
