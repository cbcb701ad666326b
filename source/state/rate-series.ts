/**
 * Counts per second over a fixed window (e.g. the last 5 minutes), for throughput charts.
 * One slot per second in a ring, so memory is `windowSeconds` numbers whatever the event rate;
 * add() is O(1).
 */
export class RateSeries {
	private readonly counts: Float64Array;
	private readonly seconds: Float64Array;

	constructor(readonly windowSeconds: number) {
		if (!Number.isInteger(windowSeconds) || windowSeconds < 2) throw new RangeError(`window must be at least 2 s, got ${windowSeconds}`);
		this.counts = new Float64Array(windowSeconds);
		this.seconds = new Float64Array(windowSeconds).fill(-1);
	}

	add(atMs: number, amount: number): void {
		const second = Math.floor(atMs / 1000);
		const slot = second % this.windowSeconds;
		if (this.seconds[slot] !== second) {
			this.seconds[slot] = second;
			this.counts[slot] = 0;
		}
		this.counts[slot] = (this.counts[slot] ?? 0) + amount;
	}

	private at(second: number): number {
		const slot = second % this.windowSeconds;
		return this.seconds[slot] === second ? this.counts[slot]! : 0;
	}

	/**
	 * Per-second counts of the complete seconds before `nowMs`, oldest first (the current
	 * second is still filling and would show as a dip).
	 */
	values(nowMs: number, count = this.windowSeconds - 1): number[] {
		const last = Math.floor(nowMs / 1000) - 1;
		const length = Math.min(count, this.windowSeconds - 1);
		const out = new Array<number>(length);
		for (let index = 0; index < length; index++) out[index] = this.at(last - length + 1 + index);
		return out;
	}

	/** Average per second over the last `seconds` complete seconds. */
	rate(nowMs: number, seconds = 3): number {
		const values = this.values(nowMs, seconds);
		return values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
	}

	clear(): void {
		this.counts.fill(0);
		this.seconds.fill(-1);
	}
}
