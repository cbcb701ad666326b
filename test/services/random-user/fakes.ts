import type {PageFetcher, RandomUserPage, RandomUserQuery} from '../../../source/services/random-user/client.js';
import type {Clock} from '../../../source/services/random-user/clock.js';

/** A clock that only moves when slept on (or told to), so pacing is checked as arithmetic. */
export class FakeClock implements Clock {
	time = 0;
	readonly sleeps: number[] = [];

	now(): number {
		return this.time;
	}

	async sleep(ms: number, signal?: AbortSignal): Promise<void> {
		if (signal?.aborted) throw signal.reason;
		this.sleeps.push(ms);
		this.time += ms;
	}
}

/** Answers every query in full, `fetchMs` of fake time later. */
export class FakeFetcher implements PageFetcher {
	readonly calls: Array<{readonly query: RandomUserQuery; readonly at: number}> = [];

	constructor(
		private readonly clock: FakeClock,
		private readonly fetchMs = 0,
	) {}

	async fetchPage(query: RandomUserQuery): Promise<RandomUserPage> {
		this.calls.push({query, at: this.clock.now()});
		this.clock.time += this.fetchMs;
		const users = Array.from({length: query.results}, (_, index) => ({index}));
		return {users, info: undefined, bytes: query.results, status: 200, durationMs: this.fetchMs, requested: query.results, short: false};
	}
}

/** Lets every pending promise and I/O callback run, without waiting on a timer. */
export async function settle(turns = 5): Promise<void> {
	for (let turn = 0; turn < turns; turn++) await new Promise(resolve => setImmediate(resolve));
}
