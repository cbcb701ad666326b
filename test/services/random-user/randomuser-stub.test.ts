import fetch from 'node-fetch';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {sampleJson} from '../../domain/samples.js';
import {RandomUserStub, stubUuid} from '../../helpers/randomuser-stub.js';

// The stub stands in for the real server in every random-user test, so its own claims are checked here.

type User = Record<string, unknown> & {login?: {uuid: string}};
type Envelope = {results: User[]; info?: Record<string, unknown>};

let stub: RandomUserStub;

beforeEach(async () => {
	stub = new RandomUserStub();
	await stub.start();
});

afterEach(async () => {
	await stub.close();
});

async function get(query: string, path = '1.4/'): Promise<Envelope> {
	const response = await fetch(`${stub.baseUrl}${path}?${query}`);
	return (await response.json()) as Envelope;
}

function withoutUuid(user: User): unknown {
	return {...user, login: {...user.login, uuid: undefined}};
}

describe('RandomUserStub', () => {
	it('serves the same users for the same seed and page, and new uuids for another page', async () => {
		const first = await get('results=50&seed=s&page=1');
		const again = await get('results=50&seed=s&page=1');
		const second = await get('results=50&seed=s&page=2');
		expect(again).toEqual(first);
		expect(first.info).toEqual({seed: 's', results: 50, page: 1, version: '1.4'});
		const ids = [...first.results, ...second.results].map(user => user.login?.uuid);
		expect(new Set(ids).size).toBe(100);
		expect(first.results[3]?.login?.uuid).toBe(stubUuid('s', 1, 3));
		expect(stubUuid('s', 1, 3)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
	});

	it('keeps every other field as recorded, nationality quirks included', async () => {
		const known = new Set<string>();
		for (const file of ['v1.4/nat_CA_20_seed-natCA.json', 'v1.4/results_5000_seed-delta.json']) {
			const recorded = sampleJson(file) as Envelope;
			for (const user of recorded.results) known.add(JSON.stringify(withoutUuid(user)));
		}
		const served = await get('results=40&nat=CA&seed=quirks');
		expect(served.results).toHaveLength(40);
		for (const user of served.results) {
			expect(user['nat']).toBe('CA');
			expect(known.has(JSON.stringify(withoutUuid(user)))).toBe(true);
			expect(typeof (user['location'] as {postcode: unknown}).postcode).toBe('string');
		}
	});

	it('answers an invalid results with 1 user, like the real server', async () => {
		for (const results of ['0', '5001', 'abc', '1.5']) {
			expect((await get(`results=${results}`)).results).toHaveLength(1);
		}
	});

	it('honours inc, exc and noinfo', async () => {
		const body = await get('results=2&inc=name,login&exc=login&noinfo');
		expect(body.info).toBeUndefined();
		expect(body.results.map(user => Object.keys(user))).toEqual([['name'], ['name']]);
	});

	it('records each request and plays the script in order', async () => {
		stub.script({kind: 'status', status: 503}, {kind: 'not-found'});
		const statuses = [];
		for (let index = 0; index < 3; index++) statuses.push((await fetch(`${stub.baseUrl}?results=1`)).status);
		expect(statuses).toEqual([503, 404, 200]);
		expect(stub.requests.map(request => [request.path, request.query['results'], request.fault])).toEqual([
			['/api/', '1', 'status'],
			['/api/', '1', 'not-found'],
			['/api/', '1', 'ok'],
		]);
	});

	it('destroys hanging sockets on close', async () => {
		stub.script({kind: 'hang'});
		const pending = fetch(`${stub.baseUrl}?results=1`).then(
			() => 'answered',
			() => 'failed',
		);
		await stub.waitForRequests(1);
		await stub.close();
		expect(await pending).toBe('failed');
	});
});
