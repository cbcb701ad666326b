/**
 * Where `init --regions N` splits the table. Row keys are `login.uuid`: lowercase hex with
 * dashes, uniformly random in their first characters, so N regions of equal share start at
 * evenly spaced hex prefixes. Pure: init, its drift check and the bench all read these.
 */

/** More regions than this on our machines is only overhead (each is a memstore and its files). */
export const maxRegions = 256;

/**
 * The N-1 split keys (each the first row key of a region but the first), as hex prefixes:
 * the fewest hex digits that give every region the same share when 16^digits is a multiple of
 * N (4 regions: 4, 8, c), else one digit more, so no region is more than 1/16 of a share larger
 * than another (3 regions: 55, aa).
 */
export function regionSplitKeys(regions: number): string[] {
	if (!Number.isInteger(regions) || regions < 1 || regions > maxRegions) {
		throw new RangeError(`regions must be a whole number from 1 to ${maxRegions} (got ${regions})`);
	}
	let digits = 1;
	while (16 ** digits < regions) digits++;
	if (16 ** digits % regions !== 0) digits++;
	const space = 16 ** digits;
	const keys: string[] = [];
	for (let i = 1; i < regions; i++)
		keys.push(
			Math.floor((i * space) / regions)
				.toString(16)
				.padStart(digits, '0'),
		);
	return keys;
}

/** Every region's start key, the first one empty as HBase reports it. */
export function regionStartKeys(regions: number): string[] {
	return ['', ...regionSplitKeys(regions)];
}

/**
 * The regions init creates when not told: 1 on a single region server, else 2 per live region
 * server. With one region per server, HBase's default split policy (SteppingSplitPolicy) splits a
 * table's only region on a server as soon as it reaches twice the flush size (256 MB), so the
 * count would drift on its own early on; with two per server it splits only at the region
 * size limit (10 GB), and the balancer still gives each server an equal share of the writes.
 */
export function defaultRegionCount(liveRegionServers: number): number {
	return liveRegionServers <= 1 ? 1 : Math.min(maxRegions, 2 * liveRegionServers);
}

/**
 * The split keys `--fix` adds to a table whose regions start at `actualStartKeys`, to reach
 * `regions`: undefined when splitting alone cannot get there (it has more regions than asked, or
 * a boundary that is not one of ours: only a merge would fix it, and init never merges).
 */
export function splitsToAdd(actualStartKeys: readonly string[], regions: number): string[] | undefined {
	const wanted = regionSplitKeys(regions);
	const actual = actualStartKeys.filter(key => key !== '');
	if (actual.some(key => !wanted.includes(key))) return undefined;
	return wanted.filter(key => !actual.includes(key));
}
