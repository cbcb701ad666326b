/**
 * The HBase table layout the product relies on, and a pure comparison against what a cluster
 * has, so `init` can say exactly what differs instead of changing anything silently.
 */
export const tableFamilies = ['address', 'contact', 'info'] as const;
export type Family = (typeof tableFamilies)[number];
export const keptVersions = 3;

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
	| {readonly kind: 'versions'; readonly family: string; readonly actual: number; readonly wanted: number};

export function wantedFamilies(): FamilyLayout[] {
	return tableFamilies.map(name => ({name, maxVersions: keptVersions}));
}

export function compareFamilies(actual: readonly FamilyLayout[], wanted: readonly FamilyLayout[] = wantedFamilies()): SchemaDifference[] {
	const differences: SchemaDifference[] = [];
	const byName = new Map(actual.map(f => [f.name, f]));
	for (const family of wanted) {
		const found = byName.get(family.name);
		if (!found) differences.push({kind: 'missing-family', family: family.name});
		else if (found.maxVersions !== family.maxVersions) {
			differences.push({kind: 'versions', family: family.name, actual: found.maxVersions, wanted: family.maxVersions});
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
	}
}
