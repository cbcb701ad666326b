/**
 * The HBase table layout the product relies on, and a pure comparison against what a cluster
 * has, so `init` can say exactly what differs instead of changing anything silently.
 */
export const tableFamilies = ['address', 'contact', 'info'] as const;
export type Family = (typeof tableFamilies)[number];
export const keptVersions = 3;
/**
 * Every family's codec (HBase's COMPRESSION). GZ, chosen on the bench's table settings
 * (bench/RESULTS.md, "Table settings"): it cut the compacted store files to about a fifth, with
 * the sink's rate and `get` latency within the noise, since HBase compresses when it flushes and
 * compacts, off the write path, and caches blocks uncompressed. SNAPPY saved less and needs
 * snappy-java's JNI library; GZ is Java's own zlib. Thrift1 sets it and reads it back, so init
 * needs no Java for it. (FAST_DIFF data block encoding added little on top of GZ, and Thrift1
 * can neither set nor read it: every init would start a JVM.)
 */
export const tableCompression = 'GZ';

export interface FamilyLayout {
	readonly name: string;
	readonly maxVersions: number;
	/** HBase's name of the codec (NONE, GZ, ...); unset: whatever HBase defaults to. */
	readonly compression?: string;
	/** DATA_BLOCK_ENCODING (NONE, FAST_DIFF, ...); unset: whatever HBase defaults to. */
	readonly encoding?: string;
}

export type SchemaDifference =
	| {readonly kind: 'missing-family'; readonly family: string}
	| {readonly kind: 'extra-family'; readonly family: string}
	| {readonly kind: 'versions'; readonly family: string; readonly actual: number; readonly wanted: number}
	| {readonly kind: 'compression'; readonly family: string; readonly actual: string; readonly wanted: string};

export function wantedFamilies(): FamilyLayout[] {
	return tableFamilies.map(name => ({name, maxVersions: keptVersions, compression: tableCompression}));
}

export function compareFamilies(actual: readonly FamilyLayout[], wanted: readonly FamilyLayout[] = wantedFamilies()): SchemaDifference[] {
	const differences: SchemaDifference[] = [];
	const byName = new Map(actual.map(f => [f.name, f]));
	for (const family of wanted) {
		const found = byName.get(family.name);
		if (!found) {
			differences.push({kind: 'missing-family', family: family.name});
			continue;
		}
		if (found.maxVersions !== family.maxVersions) {
			differences.push({kind: 'versions', family: family.name, actual: found.maxVersions, wanted: family.maxVersions});
		}
		// Compared only where both sides say: a layout or a reader that does not know it has no opinion.
		if (family.compression !== undefined && found.compression !== undefined && found.compression.toUpperCase() !== family.compression.toUpperCase()) {
			differences.push({kind: 'compression', family: family.name, actual: found.compression, wanted: family.compression});
		}
	}
	const wantedNames = new Set(wanted.map(f => f.name));
	for (const family of actual) if (!wantedNames.has(family.name)) differences.push({kind: 'extra-family', family: family.name});
	return differences;
}

export function describeDifference(difference: SchemaDifference): string {
	switch (difference.kind) {
		case 'missing-family':
			return `family ${difference.family} is missing`;
		case 'extra-family':
			return `family ${difference.family} is not part of the layout`;
		case 'versions':
			return `family ${difference.family} keeps ${difference.actual} version(s), wanted ${difference.wanted}`;
		case 'compression':
			return `family ${difference.family} is compressed with ${difference.actual}, wanted ${difference.wanted}`;
	}
}
