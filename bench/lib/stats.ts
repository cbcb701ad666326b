/**
 * Small statistics for benchmark figures: every figure is the median of several runs with its
 * spread (min–max), and every ratio is taken between figures measured in the same bench run.
 */
export interface Figure {
	readonly median: number;
	readonly min: number;
	readonly max: number;
	readonly samples: readonly number[];
}

export function figure(samples: readonly number[]): Figure {
	const finite = samples.filter(Number.isFinite);
	if (finite.length === 0) return {median: Number.NaN, min: Number.NaN, max: Number.NaN, samples};
	const sorted = [...finite].sort((a, b) => a - b);
	return {median: quantile(sorted, 0.5), min: sorted[0]!, max: sorted.at(-1)!, samples};
}

/** Linear interpolation between the closest ranks, on an already sorted array. */
export function quantile(sorted: readonly number[], q: number): number {
	if (sorted.length === 0) return Number.NaN;
	const position = (sorted.length - 1) * q;
	const low = Math.floor(position);
	const high = Math.ceil(position);
	return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

export function percentiles(values: readonly number[], qs: readonly number[]): number[] {
	const sorted = [...values].sort((a, b) => a - b);
	return qs.map(q => quantile(sorted, q));
}

/**
 * A ratio of two figures from the same run: the ratio of the medians, with the spread of the
 * ratios of paired runs (run i of one against run i of the other, measured back to back).
 */
export interface Ratio {
	readonly value: number;
	readonly min: number;
	readonly max: number;
}

export function ratio(numerator: Figure, denominator: Figure): Ratio {
	const pairs: number[] = [];
	const n = Math.min(numerator.samples.length, denominator.samples.length);
	for (let i = 0; i < n; i++) pairs.push(numerator.samples[i]! / denominator.samples[i]!);
	const spread = figure(pairs);
	return {value: numerator.median / denominator.median, min: spread.min, max: spread.max};
}

/** (max - min) / median, in percent: how noisy a figure was. */
export function spreadPercent(value: Figure): number {
	return value.median === 0 ? Number.NaN : ((value.max - value.min) / value.median) * 100;
}

export function perSecond(count: number, ms: number): number {
	return ms > 0 ? (count * 1000) / ms : Number.NaN;
}
