/** The rates and page sizes the producer keys step through. Pure. */

/** Users per second; 0 is "as fast as the API answers" and sits above the largest. */
export const RATE_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 0] as const;
export const PAGE_STEPS = [1, 10, 50, 100, 250, 500, 1000, 2000, 5000] as const;

function rank(rate: number): number {
	return rate === 0 ? Number.POSITIVE_INFINITY : rate;
}

/** The next rate up (+1) or down (-1) from any rate, even one not on the ladder. */
export function stepRate(rate: number, direction: 1 | -1): number {
	const ladder = [...RATE_STEPS];
	if (direction > 0) return ladder.find(step => rank(step) > rank(rate)) ?? 0;
	return [...ladder].reverse().find(step => rank(step) < rank(rate)) ?? ladder[0]!;
}

export function stepPage(size: number, direction: 1 | -1): number {
	const ladder = [...PAGE_STEPS];
	if (direction > 0) return ladder.find(step => step > size) ?? ladder.at(-1)!;
	return [...ladder].reverse().find(step => step < size) ?? ladder[0]!;
}

export function rateText(rate: number): string {
	return rate === 0 ? 'unlimited' : `${rate.toLocaleString('en-US')}/s`;
}
