import {describe, expect, it} from 'vitest';
import {GaugeSeries} from '../../source/state/gauge-series.js';

describe('GaugeSeries', () => {
	it('carries each reading forward through the seconds without one, within a bounded window', () => {
		const series = new GaugeSeries(6);
		series.set(1_000, 10);
		series.set(1_500, 12); // the same second: the last reading wins
		series.set(3_200, 4);
		expect(series.values(5_000, 5)).toEqual([0, 12, 12, 4, 4]);
		expect(series.latest()).toBe(4);
		// Long after: the last level holds; old readings are dropped but one carries in.
		series.set(20_000, 7);
		expect(series.values(22_000, 3)).toEqual([4, 7, 7]);
		expect((series as unknown as {readings: unknown[]}).readings.length).toBe(2);
		series.clear();
		expect(series.values(22_000, 2)).toEqual([0, 0]);
	});
});
