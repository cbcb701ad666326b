import {describe, expect, it} from 'vitest';
import {RateSeries} from '../../source/state/rate-series.js';
import {RingBuffer} from '../../source/state/ring-buffer.js';

describe('RingBuffer', () => {
	it('keeps the newest items, oldest first', () => {
		const buffer = new RingBuffer<number>(3);
		for (let index = 1; index <= 7; index++) buffer.push(index);
		expect(buffer.toArray()).toEqual([5, 6, 7]);
		expect(buffer.size).toBe(3);
		buffer.clear();
		expect(buffer.toArray()).toEqual([]);
	});
});

describe('RateSeries', () => {
	it('counts per second over its window and forgets what fell out of it', () => {
		const series = new RateSeries(5);
		series.add(1000, 3);
		series.add(1999, 2);
		series.add(2000, 7);
		expect(series.values(3000, 4)).toEqual([0, 0, 5, 7]);
		// Ten seconds later the same slots hold other seconds: the old counts are gone.
		series.add(11_000, 1);
		expect(series.values(12_000, 4)).toEqual([0, 0, 0, 1]);
		expect(series.rate(12_000, 2)).toBe(0.5);
	});
});
