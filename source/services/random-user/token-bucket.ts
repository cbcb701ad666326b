import type {Clock} from './clock.js';

/**
 * Paces users per second. Tokens are users; a page pays for all its users before it is
 * requested. A page may borrow (go below zero) so a page larger than one second's budget is
 * never stuck, and the next page waits until that debt is repaid. The bucket starts empty and
 * holds at most `burst` tokens (one second's worth by default), so a pause or a slow server
 * earns at most that much catch-up.
 *
 * Result: the users asked for by time t never exceed burst + firstPage + rate·t.
 */
export class TokenBucket {
	readonly rate: number;
	readonly burst: number;
	private readonly clock: Clock;
	private tokens = 0;
	private last: number;

	constructor(rate: number, clock: Clock, burst: number = rate) {
		if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`rate must be a positive number, got ${rate}`);
		this.rate = rate;
		this.burst = burst;
		this.clock = clock;
		this.last = clock.now();
	}

	/** Waits until the debt is repaid, then spends `count`. Returns the milliseconds waited. */
	async take(count: number, signal?: AbortSignal): Promise<number> {
		this.refill();
		let waited = 0;
		// The tolerance absorbs floating-point dust left after a wait of exactly the debt.
		if (this.tokens < -1e-9) {
			waited = Math.ceil((-this.tokens * 1000) / this.rate);
			await this.clock.sleep(waited, signal);
			this.refill();
		}
		this.tokens -= count;
		return waited;
	}

	/**
	 * Forgets saved tokens and any debt: a pause is not time the run was owed. Without it a
	 * 5-second pause at 1,000/s let about 1,900 users out in the next second (the burst saved
	 * while paused, then the rate); after it, the run restarts as from empty.
	 */
	reset(): void {
		this.tokens = 0;
		this.last = this.clock.now();
	}

	private refill(): void {
		const now = this.clock.now();
		this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.rate) / 1000);
		this.last = now;
	}
}
