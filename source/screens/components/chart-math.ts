/** Pure pieces of the throughput charts: downsampling and Unicode block bars. */

export const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/**
 * At most `columns` values: groups of consecutive values averaged, grouped from the newest end
 * so the last column is always the latest seconds.
 */
export function downsample(values: readonly number[], columns: number): number[] {
	if (columns <= 0) return [];
	if (values.length <= columns) return [...values];
	const group = Math.ceil(values.length / columns);
	const out: number[] = [];
	for (let end = values.length; end > 0 && out.length < columns; end -= group) {
		const slice = values.slice(Math.max(0, end - group), end);
		out.push(slice.reduce((sum, value) => sum + value, 0) / slice.length);
	}
	return out.reverse();
}

/** Seconds each column stands for, given the window and the columns available. */
export function secondsPerColumn(windowSeconds: number, columns: number): number {
	return columns <= 0 ? windowSeconds : Math.max(1, Math.ceil(windowSeconds / columns));
}

/** One line: a block per value, scaled to max (blank for zero). */
export function sparkline(values: readonly number[], max = Math.max(0, ...values)): string {
	return values
		.map(value => {
			if (value <= 0 || max <= 0) return ' ';
			const level = Math.min(BLOCKS.length - 1, Math.max(0, Math.ceil((value / max) * BLOCKS.length) - 1));
			return BLOCKS[level];
		})
		.join('');
}

/** `height` lines (top first) of vertical bars in eighths of a line. */
export function barRows(values: readonly number[], height: number, max = Math.max(0, ...values)): string[] {
	const rows: string[] = [];
	for (let row = height - 1; row >= 0; row--) {
		let line = '';
		for (const value of values) {
			const eighths = max > 0 ? Math.round((value / max) * height * 8) : 0;
			const here = eighths - row * 8;
			if (here >= 8) line += '█';
			else if (here <= 0) line += row === 0 && value > 0 ? '▁' : ' ';
			else line += BLOCKS[here - 1];
		}
		rows.push(line);
	}
	return rows;
}
