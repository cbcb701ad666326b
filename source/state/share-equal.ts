/**
 * Structural sharing: `next` with every part that equals the same part of `previous` replaced
 * by the previous one, so an unchanged snapshot is the previous object itself and an unchanged
 * array inside a changed snapshot keeps its identity (memoised components skip it). The same
 * idea as TanStack Query's replaceEqualDeep. Only plain objects and arrays are walked; anything
 * else is compared with Object.is. Cost: one pass over `next`, items that are the same object
 * cost a comparison each.
 */
export function shareEqual<T>(previous: T, next: T): T {
	if (Object.is(previous, next)) return previous;
	if (Array.isArray(previous) && Array.isArray(next)) {
		let same = previous.length === next.length;
		const out = next.map((item: unknown, index) => {
			const kept = index < previous.length ? shareEqual(previous[index] as unknown, item) : item;
			if (!Object.is(kept, previous[index])) same = false;
			return kept;
		});
		return (same ? previous : out) as T;
	}
	if (isPlain(previous) && isPlain(next)) {
		// A key set to undefined counts as absent: `{reason: undefined}` shows what `{}` shows.
		let same = definedKeys(previous) === definedKeys(next);
		const out: Record<string, unknown> = {};
		for (const key of Object.keys(next)) {
			const kept = shareEqual(previous[key], next[key]);
			if (!Object.is(kept, previous[key])) same = false;
			out[key] = kept;
		}
		return (same ? previous : out) as T;
	}
	return next;
}

function definedKeys(value: Record<string, unknown>): number {
	let count = 0;
	for (const key in value) if (Object.hasOwn(value, key) && value[key] !== undefined) count++;
	return count;
}

function isPlain(value: unknown): value is Record<string, unknown> {
	if (typeof value !== 'object' || value === null) return false;
	const prototype = Object.getPrototypeOf(value) as unknown;
	return prototype === Object.prototype || prototype === null;
}
