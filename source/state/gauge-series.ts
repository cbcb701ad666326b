/**
 * A level over a fixed window (e.g. the total lag over the last 5 minutes), one value per second
 * for a chart: the last value set in each second, carried forward through seconds without a
 * reading (the lag is read every few seconds). Memory: at most one reading per second of the
 * window.
 */
export class GaugeSeries {
	private readings: Array<{second: number; value: number}> = [];

	constructor(readonly windowSeconds: number) {
		if (!Number.isInteger(windowSeconds) || windowSeconds < 2) throw new RangeError(`window must be at least 2 s, got ${windowSeconds}`);
	}

	set(atMs: number, value: number): void {
		const second = Math.floor(atMs / 1000);
		const last = this.readings.at(-1);
		if (last && last.second === second) last.value = value;
		else if (!last || last.second < second) this.readings.push({second, value});
		// One reading before the window stays: it carries into the window's first seconds.
		while (this.readings.length > 1 && this.readings[1]!.second <= second - this.windowSeconds) this.readings.shift();
	}

	/** The level at each of the last `count` complete seconds before `nowMs`, oldest first (0 before the first reading). */
	values(nowMs: number, count = this.windowSeconds - 1): number[] {
		const last = Math.floor(nowMs / 1000) - 1;
		const length = Math.min(count, this.windowSeconds - 1);
		const out = new Array<number>(length);
		let index = 0;
		let level = 0;
		for (let slot = 0; slot < length; slot++) {
			const second = last - length + 1 + slot;
			while (index < this.readings.length && this.readings[index]!.second <= second) level = this.readings[index++]!.value;
			out[slot] = level;
		}
		return out;
	}

	/** The newest reading, if any. */
	latest(): number | undefined {
		return this.readings.at(-1)?.value;
	}

	clear(): void {
		this.readings = [];
	}
}
