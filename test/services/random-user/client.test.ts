import {readFileSync} from 'node:fs';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {TimeoutError, UnavailableError, ValidationError} from '../../../source/domain/errors.js';
import {RandomUserClient} from '../../../source/services/random-user/client.js';
import {BadResponseError, RateLimitedError, RequestRejectedError, ServerError} from '../../../source/services/random-user/errors.js';
import {RandomUserStub, type StubFault} from '../../helpers/randomuser-stub.js';

let stub: RandomUserStub;

beforeEach(async () => {
	stub = new RandomUserStub();
	await stub.start();
});

afterEach(async () => {
	await stub.close();
});

function client(options: ConstructorParameters<typeof RandomUserClient>[0] = {}): RandomUserClient {
	return new RandomUserClient({baseUrl: stub.baseUrl, timeoutMs: 2000, ...options});
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
	try {
		await promise;
	} catch (error) {
		return error;
	}
	throw new Error('expected a rejection');
}

describe('RandomUserClient: pages', () => {
	it('makes no request in the constructor', () => {
		client();
		expect(stub.requests).toHaveLength(0);
	});

	it('fetches a page of users with its info, size, status and duration', async () => {
		const page = await client().fetchPage({results: 25, seed: 'one', page: 2});
		expect(page.users).toHaveLength(25);
		expect(page.requested).toBe(25);
		expect(page.short).toBe(false);
		expect(page.status).toBe(200);
		expect(page.info).toEqual({seed: 'one', results: 25, page: 2, version: '1.4'});
		expect(page.bytes).toBeGreaterThan(25 * 500);
		expect(page.durationMs).toBeGreaterThanOrEqual(0);
		expect(stub.requests[0]?.path).toBe('/api/1.4/');
	});

	it('introduces itself: User-Agent userdata-tui/<version> from package.json, or the one given', async () => {
		const {version} = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {version: string};
		await client().fetchPage({results: 1});
		await client({userAgent: 'probe/1'}).fetchPage({results: 1});
		expect(stub.requests.map(request => request.headers['user-agent'])).toEqual([`userdata-tui/${version} (+https://www.npmjs.com/package/userdata-tui)`, 'probe/1']);
	});

	it('puts the API version in the path', async () => {
		await client({apiVersion: '1.3'}).fetchPage({results: 1});
		await client({apiVersion: ''}).fetchPage({results: 1});
		expect(stub.requests.map(request => request.path)).toEqual(['/api/1.3/', '/api/']);
	});

	it('passes every query field that is set, and nothing else', async () => {
		await client().fetchPage({
			results: 3,
			seed: 's',
			page: 4,
			nat: ['US', 'GB'],
			gender: 'female',
			inc: ['name', 'login', 'nat'],
			exc: ['picture'],
		});
		await client().fetchPage({results: 3});
		expect(stub.requests[0]?.query).toEqual({
			results: '3',
			seed: 's',
			page: '4',
			nat: 'US,GB',
			gender: 'female',
			inc: 'name,login,nat',
			exc: 'picture',
		});
		expect(stub.requests[1]?.query).toEqual({results: '3'});
	});

	it('caps results at 5000, since the server answers 1 user to anything larger', async () => {
		const page = await client().fetchPage({results: 12_000, seed: 'cap'});
		expect(stub.requests[0]?.query['results']).toBe('5000');
		expect(page.requested).toBe(5000);
		expect(page.users).toHaveLength(5000);
	});

	it.each([0, -1, 1.5, Number.NaN])('rejects results=%s without a request', async results => {
		const error = await failure(client().fetchPage({results}));
		expect(error).toBeInstanceOf(ValidationError);
		expect((error as ValidationError).field).toBe('results');
		expect(stub.requests).toHaveLength(0);
	});

	it('rejects a page the server would silently turn into page 1', async () => {
		await expect(client().fetchPage({results: 1, seed: 's', page: 10_001})).rejects.toBeInstanceOf(ValidationError);
		expect(stub.requests).toHaveLength(0);
	});

	it('keeps a short page and reports it', async () => {
		stub.script({kind: 'short', results: 7});
		const page = await client().fetchPage({results: 10, seed: 'short'});
		expect(page.users).toHaveLength(7);
		expect(page.requested).toBe(10);
		expect(page.short).toBe(true);
	});
});

describe('RandomUserClient: failures', () => {
	it('times out a request the server never answers, as a retriable TimeoutError', async () => {
		stub.script({kind: 'hang'});
		const error = await failure(client({timeoutMs: 200}).fetchPage({results: 1}));
		expect(error).toBeInstanceOf(TimeoutError);
		expect((error as TimeoutError).retriable).toBe(true);
		expect((error as TimeoutError).message).toContain('200 ms');
	});

	it('reads a 429 with Retry-After in seconds', async () => {
		stub.script({kind: 'rate-limit', retryAfter: '2'});
		const error = await failure(client().fetchPage({results: 1}));
		expect(error).toBeInstanceOf(RateLimitedError);
		expect((error as RateLimitedError).retriable).toBe(true);
		expect((error as RateLimitedError).retryAfterMs).toBe(2000);
		expect((error as RateLimitedError).message).toContain('ease up there cowboy');
	});

	it('reads a 429 with Retry-After as an HTTP date', async () => {
		const now = Date.parse('2026-11-27T10:00:00Z');
		stub.script({kind: 'rate-limit', retryAfter: 'Fri, 27 Nov 2026 10:00:30 GMT'});
		const error = await failure(client({now: () => now}).fetchPage({results: 1}));
		expect((error as RateLimitedError).retryAfterMs).toBe(30_000);
	});

	it('leaves retryAfterMs unset on a 429 without Retry-After, and caps a huge one', async () => {
		stub.script({kind: 'rate-limit'}, {kind: 'rate-limit', retryAfter: '86400'});
		const first = await failure(client().fetchPage({results: 1}));
		expect(first).toBeInstanceOf(RateLimitedError);
		expect((first as RateLimitedError).retryAfterMs).toBeUndefined();
		const second = await failure(client({maxRetryAfterMs: 60_000}).fetchPage({results: 1}));
		expect((second as RateLimitedError).retryAfterMs).toBe(60_000);
	});

	it.each([500, 502, 503])('turns HTTP %s into a retriable ServerError', async status => {
		stub.script({kind: 'status', status});
		const error = await failure(client().fetchPage({results: 1}));
		expect(error).toBeInstanceOf(ServerError);
		expect(error).toBeInstanceOf(UnavailableError);
		expect((error as ServerError).retriable).toBe(true);
		expect((error as ServerError).status).toBe(status);
		expect((error as ServerError).bodySnippet).toContain('something has gone wrong');
	});

	it('turns a 404 text/plain into a non-retriable error with status and body', async () => {
		stub.script({kind: 'not-found'});
		const error = await failure(client().fetchPage({results: 1}));
		expect(error).toBeInstanceOf(RequestRejectedError);
		expect((error as RequestRejectedError).retriable).toBe(false);
		expect((error as RequestRejectedError).status).toBe(404);
		expect((error as RequestRejectedError).bodySnippet).toBe('Not Found');
	});

	it('answers an unknown version with 404 like the real server', async () => {
		const error = await failure(client({apiVersion: '9.9'}).fetchPage({results: 1}));
		expect((error as RequestRejectedError).status).toBe(404);
	});

	const badBodies: ReadonlyArray<readonly [string, StubFault, string, RegExp]> = [
		['HTML', {kind: 'html'}, 'not-json', /HTML/],
		['XML', {kind: 'recorded', file: 'v1.4/bad_format_xml.txt', contentType: 'text/xml; charset=utf-8'}, 'not-json', /XML/],
		['CSV', {kind: 'recorded', file: 'v1.4/bad_format_csv.txt', contentType: 'text/csv; charset=utf-8'}, 'not-json', /text\/csv/],
		['YAML', {kind: 'recorded', file: 'v1.4/bad_format_yaml.txt', contentType: 'text/x-yaml; charset=utf-8'}, 'not-json', /yaml/],
		['JSONP', {kind: 'recorded', file: 'v1.4/opt_callback_jsonp_2.txt', contentType: 'application/json; charset=utf-8'}, 'jsonp', /JSONP/],
		['truncated JSON', {kind: 'truncated'}, 'truncated-json', /truncated/],
		['an empty body', {kind: 'status', status: 200, body: ''}, 'truncated-json', /empty/],
		['results not an array', {kind: 'status', status: 200, body: '{"results":{}}'}, 'wrong-shape', /"results" is not an array/],
		['a user that is not an object', {kind: 'status', status: 200, body: '{"results":[{},1]}'}, 'wrong-shape', /results\[1\]/],
		['info not an object', {kind: 'status', status: 200, body: '{"results":[{}],"info":"x"}'}, 'wrong-shape', /"info"/],
		['a JSON array', {kind: 'status', status: 200, body: '[]'}, 'wrong-shape', /not a JSON object/],
		['an {"error"} body', {kind: 'status', status: 200, body: '{"error":"Uh oh"}'}, 'server-error', /Uh oh/],
		['no users', {kind: 'status', status: 200, body: '{"results":[]}'}, 'empty', /no users/],
	];

	it.each(badBodies)('turns %s into a BadResponseError, retriable only when cut off', async (_, fault, reason, message) => {
		stub.script(fault);
		const error = await failure(client().fetchPage({results: 2}));
		expect(error).toBeInstanceOf(BadResponseError);
		// A cut-off body is what a dropped connection looks like: worth another try. The rest repeat.
		expect((error as BadResponseError).retriable).toBe(reason === 'truncated-json');
		expect((error as BadResponseError).reason).toBe(reason);
		expect((error as BadResponseError).message).toMatch(message);
	});

	it('accepts a page without info', async () => {
		stub.script({kind: 'status', status: 200, body: '{"results":[{"nat":"US"}]}'});
		const page = await client().fetchPage({results: 1});
		expect(page.info).toBeUndefined();
		expect(page.users).toEqual([{nat: 'US'}]);
	});

	it('turns a connection reset mid-body into a retriable UnavailableError', async () => {
		stub.script({kind: 'reset'});
		const error = await failure(client().fetchPage({results: 50}));
		expect(error).toBeInstanceOf(UnavailableError);
		expect(error).not.toBeInstanceOf(TimeoutError);
		expect((error as UnavailableError).retriable).toBe(true);
	});

	it('turns a refused connection into a retriable UnavailableError', async () => {
		const baseUrl = stub.baseUrl;
		await stub.close();
		const error = await failure(new RandomUserClient({baseUrl, timeoutMs: 2000}).fetchPage({results: 1}));
		expect(error).toBeInstanceOf(UnavailableError);
		expect((error as UnavailableError).message).toMatch(/unreachable/);
	});

	it('rejects with the caller’s abort reason, not a timeout', async () => {
		stub.script({kind: 'hang'});
		const controller = new AbortController();
		const pending = failure(client({timeoutMs: 10_000}).fetchPage({results: 1}, controller.signal));
		await stub.waitForRequests(1);
		const reason = new Error('user stopped');
		controller.abort(reason);
		expect(await pending).toBe(reason);
	});
});
