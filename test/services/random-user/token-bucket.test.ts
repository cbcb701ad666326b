import {describe, expect, it} from 'vitest';
import {TokenBucket} from '../../../source/services/random-user/token-bucket.js';
import {FakeClock} from './fakes.js';

describe('TokenBucket', () => {
	it('lets the first take through and makes the next wait for the debt', async () => {
		const clock = new FakeClock();
		const bucket = new TokenBucket(100, clock);
		expect(await bucket.take(50)).toBe(0);
		expect(await bucket.take(50)).toBe(500);
		expect(await bucket.take(50)).toBe(500);
		expect(clock.time).toBe(1000);
	});

	it('counts time spent elsewhere (a slow fetch) towards the debt', async () => {
		const clock = new FakeClock();
		const bucket = new TokenBucket(100, clock);
		await bucket.take(50);
		clock.time += 300;
		expect(await bucket.take(50)).toBe(200);
	});

	it('lets a take larger than one second of budget through, then waits it off', async () => {
		const clock = new FakeClock();
		const bucket = new TokenBucket(1000, clock);
		expect(await bucket.take(5000)).toBe(0);
		expect(await bucket.take(5000)).toBe(5000);
		expect(await bucket.take(5000)).toBe(5000);
	});

	it('earns at most `burst` tokens while idle', async () => {
		const clock = new FakeClock();
		const bucket = new TokenBucket(100, clock);
		clock.time += 60_000;
		// 100 tokens saved (not 6000): 150 users leave a debt of 50 = 500 ms.
		await bucket.take(150);
		expect(await bucket.take(1)).toBe(500);
	});

	it('reset forgets saved tokens and debt', async () => {
		const clock = new FakeClock();
		const bucket = new TokenBucket(100, clock);
		clock.time += 60_000;
		bucket.reset();
		await bucket.take(100);
		expect(await bucket.take(1)).toBe(1000);
	});

	it('rejects a rate that is not positive', () => {
		expect(() => new TokenBucket(0, new FakeClock())).toThrow(RangeError);
	});
});
