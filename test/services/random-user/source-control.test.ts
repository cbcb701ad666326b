import {describe, expect, it} from 'vitest';
import {ValidationError} from '../../../source/domain/errors.js';
import type {Logger} from '../../../source/services/logger.js';
import {RandomUserSource, type RandomUserSourceOptions} from '../../../source/services/random-user/source.js';
import {FakeClock, FakeFetcher, settle} from './fakes.js';

// Rate, pause and validation, on a fake clock and a fake client: arithmetic, not wall-clock time.

function setup(options: Partial<RandomUserSourceOptions> = {}, fetchMs = 0) {
	const clock = new FakeClock();
	const client = new FakeFetcher(clock, fetchMs);
	const run = new RandomUserSource({client, clock, ...options});
	return {clock, client, run};
}

async function drain(run: RandomUserSource): Promise<number> {
	let users = 0;
	for await (const page of run) users += page.users.length;
	return users;
}

describe('RandomUserSource: rate', () => {
	it('spaces pages so users per second stay at the rate', async () => {
		const {clock, client, run} = setup({count: 250, pageSize: 50, rate: 100});
		expect(await drain(run)).toBe(250);
		expect(client.calls.map(call => call.at)).toEqual([0, 500, 1000, 1500, 2000]);
		// (250 users - the first page) / 100 per second
		expect(clock.time).toBe(2000);
	});

	it('counts the time a fetch takes towards the wait', async () => {
		const {clock, client, run} = setup({count: 200, pageSize: 50, rate: 100}, 300);
		await drain(run);
		expect(client.calls.map(call => call.at)).toEqual([0, 500, 1000, 1500]);
		expect(clock.sleeps).toEqual([200, 200, 200]);
	});

	it('paces pages larger than one second of budget', async () => {
		const {client, run} = setup({count: 15_000, pageSize: 5000, rate: 1000});
		await drain(run);
		expect(client.calls.map(call => call.at)).toEqual([0, 5000, 10_000]);
	});

	it('does not wait without a rate', async () => {
		const {clock, run} = setup({count: 10_000, pageSize: 1000, rate: 0});
		await drain(run);
		expect(clock.sleeps).toEqual([]);
	});

	it('asks only for the remaining count on the last page', async () => {
		const {client, run} = setup({count: 2500, pageSize: 1000});
		await drain(run);
		expect(client.calls.map(call => call.query.results)).toEqual([1000, 1000, 500]);
	});

	it('stops while waiting for the rate', async () => {
		const clock = new FakeClock();
		const controller = new AbortController();
		// A sleep that never ends unless aborted, like a long rate wait.
		clock.sleep = (_ms, signal) => new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason), {once: true}));
		const client = new FakeFetcher(clock);
		const run = new RandomUserSource({client, clock, count: 100, pageSize: 10, rate: 1, signal: controller.signal});
		expect((await run.next()).done).toBe(false);
		const pending = run.next();
		await settle();
		controller.abort();
		expect(await pending).toEqual({done: true, value: undefined});
		expect(client.calls).toHaveLength(1);
	});
});

describe('RandomUserSource: pause and resume', () => {
	it('holds the next request while paused', async () => {
		const {client, run} = setup({count: 30, pageSize: 10});
		await run.next();
		run.pause();
		expect(run.paused).toBe(true);
		const pending = run.next();
		await settle();
		expect(client.calls).toHaveLength(1);
		run.resume();
		expect((await pending).value?.users).toHaveLength(10);
		expect(client.calls).toHaveLength(2);
		expect(run.paused).toBe(false);
	});

	it('lets out no burst after a pause: the paused time earns nothing', async () => {
		const {clock, client, run} = setup({pageSize: 100, rate: 1000});
		// Running at the rate: pages at 0, 100, 200, … ms.
		for (let page = 0; page < 5; page++) await run.next();
		run.pause();
		const pending = run.next();
		await settle();
		clock.time += 5000;
		run.resume();
		await pending;
		const resumedAt = clock.time;
		for (let page = 0; page < 20; page++) await run.next();
		// Users asked for in the second after resuming: one page + the rate, not the saved burst too.
		const inFirstSecond = client.calls.filter(call => call.at >= resumedAt && call.at < resumedAt + 1000).length * 100;
		expect(inFirstSecond).toBeLessThanOrEqual(1000 + 100);
	});

	it('ends a paused run when stopped', async () => {
		const {client, run} = setup({count: 30, pageSize: 10});
		run.pause();
		const pending = run.next();
		await settle();
		run.stop();
		expect(await pending).toEqual({done: true, value: undefined});
		expect(client.calls).toHaveLength(0);
	});
});

describe('RandomUserSource: options and events', () => {
	it.each<[string, Partial<RandomUserSourceOptions>]>([
		['pageSize', {pageSize: 5001}],
		['pageSize', {pageSize: 0}],
		['pageSize', {pageSize: 2.5}],
		['count', {count: 0}],
		['count', {count: 1.5}],
		['rate', {rate: -1}],
		['rate', {rate: Number.POSITIVE_INFINITY}],
		['count', {count: 10_001, pageSize: 1, seed: 'x'}],
	])('rejects a bad %s', (field, options) => {
		const error = (() => {
			try {
				setup(options);
			} catch (caught) {
				return caught;
			}
			return undefined;
		})();
		expect(error).toBeInstanceOf(ValidationError);
		expect((error as ValidationError).field).toBe(field);
	});

	it('keeps going when a listener throws, and logs it', async () => {
		const logged: string[] = [];
		const logger: Logger = {
			debug() {},
			info() {},
			warn() {},
			error: (_fields, message) => logged.push(message ?? ''),
			child: () => logger,
		};
		const {run} = setup({count: 20, pageSize: 10, logger});
		run.on('page', () => {
			throw new Error('screen bug');
		});
		const seen: number[] = [];
		const off = run.on('page', event => seen.push(event.page));
		expect(await run.next()).toMatchObject({done: false});
		off();
		expect(await drain(run)).toBe(10);
		expect(seen).toEqual([1]);
		expect(logged).toEqual(['random-user source listener threw', 'random-user source listener threw']);
	});

	it('ends a seeded unbounded run at the API last page instead of repeating page 1', async () => {
		const {client, run} = setup({pageSize: 1, seed: 'end'});
		expect(await drain(run)).toBe(10_000);
		expect(client.calls.at(-1)?.query.page).toBe(10_000);
	});
});
