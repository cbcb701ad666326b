import {describe, expect, it} from 'vitest';
import {drainRates, etaText, lagTimeLine, lagTimes} from '../../source/domain/lag-time.js';

const sample = (at: number, ...points: Array<[partition: number, committed: number, lag: number]>) => ({
	at,
	partitions: points.map(([partition, committed, lag]) => ({partition, committed, lag})),
});

describe('lag in time', () => {
	it('drain rate: committed records per second between the oldest sample in the window and the newest', () => {
		const samples = [sample(0, [0, 100, 50], [1, -1, 10]), sample(10_000, [0, 130, 40], [1, 5, 5]), sample(20_000, [0, 160, 30], [1, 5, 5])];
		expect(drainRates(samples, 20_000)).toEqual(new Map([[0, 3]]));
		// Older than the window: left out (p1 now has two samples that both committed).
		expect(drainRates(samples, 20_000, 10_000)).toEqual(
			new Map([
				[0, 3],
				[1, 0],
			]),
		);
		expect(drainRates(samples.slice(0, 1), 0).size).toBe(0);
	});

	it('age of the oldest unwritten record per partition, and the ETA at the current rate', () => {
		const samples = [sample(0, [0, 100, 60], [1, 10, 0], [2, 0, 9]), sample(10_000, [0, 130, 30], [1, 10, 0], [2, 0, 9])];
		const times = lagTimes(samples, new Map([[0, 4_000]]), 10_000)!;
		expect(times.partitions).toEqual([
			{partition: 0, lag: 30, oldestAgeMs: 6_000, drainPerSecond: 3, etaMs: 10_000},
			{partition: 1, lag: 0, oldestAgeMs: 0, drainPerSecond: 0, etaMs: 0},
			// Not draining, and its oldest record not seen by this process.
			{partition: 2, lag: 9, oldestAgeMs: undefined, drainPerSecond: 0, etaMs: undefined},
		]);
		expect(times).toMatchObject({lag: 39, oldestAgeMs: 6_000, drainPerSecond: 3, etaMs: 13_000});
		expect(lagTimeLine(times)).toBe('lag 39, oldest unwritten 6.0 s, drains in 13.0 s at 3.0/s');
	});

	it('says drained, and not draining when nothing is committed', () => {
		expect(lagTimeLine(lagTimes([sample(0, [0, 5, 0])], new Map(), 0)!)).toBe('lag 0, drained');
		const stuck = lagTimes([sample(0, [0, 5, 7]), sample(3000, [0, 5, 7])], new Map([[0, 0]]), 3000)!;
		expect(lagTimeLine(stuck)).toBe('lag 7, oldest unwritten 3.0 s, not draining');
		expect(etaText(0, 0, 0)).toBe('drained');
		expect(lagTimes([], new Map(), 0)).toBeUndefined();
	});
});
