import {describe, expect, it} from 'vitest';
import {defaultRegionCount, maxRegions, regionSplitKeys, regionStartKeys, splitsToAdd} from '../../source/domain/region-splits.js';

describe('regionSplitKeys', () => {
	it.each([
		[1, []],
		[2, ['8']],
		[3, ['55', 'aa']],
		[4, ['4', '8', 'c']],
		[5, ['33', '66', '99', 'cc']],
		[8, ['2', '4', '6', '8', 'a', 'c', 'e']],
		[16, ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f']],
	])('%i regions split at %j', (regions, keys) => {
		expect(regionSplitKeys(regions)).toEqual(keys);
	});

	it('gives every region an equal share of the UUID space, within 1/16 of a share', () => {
		for (const regions of [3, 6, 7, 12, 32, 100, maxRegions]) {
			const keys = regionSplitKeys(regions);
			expect(keys).toHaveLength(regions - 1);
			const digits = keys[0]!.length;
			expect(keys.every(k => k.length === digits && /^[0-9a-f]+$/.test(k))).toBe(true);
			const bounds = [0, ...keys.map(k => Number.parseInt(k, 16)), 16 ** digits];
			const shares = bounds.slice(1).map((b, i) => b - bounds[i]!);
			const ideal = 16 ** digits / regions;
			for (const share of shares) expect(Math.abs(share - ideal) / ideal).toBeLessThanOrEqual(1 / 16);
			expect([...keys].sort()).toEqual(keys); // in key order, as HBase wants them
		}
	});

	it('sends every UUID to one region: lowercase hex sorts between the boundaries', () => {
		const keys = regionStartKeys(4);
		const regionOf = (row: string): number => keys.findLastIndex(k => row >= k);
		expect(regionOf('0f47a8e2-0000-4000-8000-000000000000')).toBe(0);
		expect(regionOf('4a000000-0000-4000-8000-000000000000')).toBe(1);
		expect(regionOf('8fffffff-ffff-4fff-bfff-ffffffffffff')).toBe(2);
		expect(regionOf('ffffffff-ffff-4fff-bfff-ffffffffffff')).toBe(3);
	});

	it.each([0, -1, 1.5, maxRegions + 1, Number.NaN])('refuses %s regions', regions => {
		expect(() => regionSplitKeys(regions)).toThrow(RangeError);
	});
});

describe('defaultRegionCount', () => {
	it('is 1 on a single region server and 2 per server on a cluster', () => {
		expect(defaultRegionCount(0)).toBe(1);
		expect(defaultRegionCount(1)).toBe(1);
		expect(defaultRegionCount(2)).toBe(4);
		expect(defaultRegionCount(500)).toBe(maxRegions);
	});
});

describe('splitsToAdd', () => {
	it('adds the missing boundaries when splitting alone gets there', () => {
		expect(splitsToAdd([''], 4)).toEqual(['4', '8', 'c']);
		expect(splitsToAdd(['', '8'], 4)).toEqual(['4', 'c']);
		expect(splitsToAdd(['', '4', '8', 'c'], 4)).toEqual([]);
	});

	it('gives up when only a merge would do: more regions, or a boundary of another layout', () => {
		expect(splitsToAdd(['', '4', '8', 'c'], 2)).toBeUndefined();
		expect(splitsToAdd(['', '55', 'aa'], 4)).toBeUndefined();
	});
});
