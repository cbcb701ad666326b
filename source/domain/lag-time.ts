import {duration, perSecond} from './display.js';

/**
 * Lag in time, not only in records (as kafkatop and streamshub's console show it): per partition,
 * the age of the oldest record not yet written, and how long the backlog takes to drain at the
 * rate the group's committed offsets move now. Pure: the samples come from the lag poller.
 */
export interface LagPoint {
	readonly partition: number;
	/** -1: nothing committed yet. */
	readonly committed: number;
	readonly lag: number;
}

export interface LagSample {
	readonly at: number;
	readonly partitions: readonly LagPoint[];
}

export interface PartitionLagTime {
	readonly partition: number;
	readonly lag: number;
	/** Age of the oldest unwritten record (ms); 0 with no lag; undefined when not known. */
	readonly oldestAgeMs: number | undefined;
	/** Records committed per second over the rate window. */
	readonly drainPerSecond: number;
	/** Time to drain the lag at that rate (ms); 0 with no lag; undefined when it does not drain. */
	readonly etaMs: number | undefined;
}

export interface LagTimes {
	readonly partitions: readonly PartitionLagTime[];
	readonly lag: number;
	/** The oldest of the partitions' ages (undefined when a lagging partition's age is not known and none is). */
	readonly oldestAgeMs: number | undefined;
	readonly drainPerSecond: number;
	/** Total lag over the total drain rate. */
	readonly etaMs: number | undefined;
}

/** How far back the drain rate looks. */
export const drainWindowMs = 30_000;

/** Committed records per second per partition, between the oldest sample in the window and the newest. */
export function drainRates(samples: readonly LagSample[], now: number, windowMs = drainWindowMs): Map<number, number> {
	const inWindow = samples.filter(s => now - s.at <= windowMs);
	const rates = new Map<number, number>();
	if (inWindow.length < 2) return rates;
	const first = inWindow[0]!;
	const last = inWindow.at(-1)!;
	const seconds = (last.at - first.at) / 1000;
	if (seconds <= 0) return rates;
	for (const point of last.partitions) {
		const before = first.partitions.find(p => p.partition === point.partition);
		if (!before || before.committed < 0 || point.committed < 0) continue;
		rates.set(point.partition, Math.max(0, point.committed - before.committed) / seconds);
	}
	return rates;
}

/**
 * Ages and ETAs of the newest sample. `oldestPending`: per partition, the timestamp (ms) of the
 * oldest record fetched but not yet written, as the sink knows it.
 */
export function lagTimes(samples: readonly LagSample[], oldestPending: ReadonlyMap<number, number>, now: number, windowMs = drainWindowMs): LagTimes | undefined {
	const latest = samples.at(-1);
	if (!latest) return undefined;
	const rates = drainRates(samples, now, windowMs);
	const partitions = latest.partitions.map(point => {
		const rate = rates.get(point.partition) ?? 0;
		const pending = oldestPending.get(point.partition);
		return {
			partition: point.partition,
			lag: point.lag,
			oldestAgeMs: point.lag === 0 ? 0 : pending === undefined ? undefined : Math.max(0, now - pending),
			drainPerSecond: rate,
			etaMs: point.lag === 0 ? 0 : rate > 0 ? (point.lag / rate) * 1000 : undefined,
		};
	});
	const lag = partitions.reduce((sum, p) => sum + p.lag, 0);
	const drainPerSecond = partitions.reduce((sum, p) => sum + p.drainPerSecond, 0);
	const ages = partitions.filter(p => p.lag > 0).map(p => p.oldestAgeMs);
	const known = ages.filter((age): age is number => age !== undefined);
	return {
		partitions,
		lag,
		oldestAgeMs: lag === 0 ? 0 : known.length === 0 ? undefined : Math.max(...known),
		drainPerSecond,
		etaMs: lag === 0 ? 0 : drainPerSecond > 0 ? (lag / drainPerSecond) * 1000 : undefined,
	};
}

/** "12.3 s", or "–" when not known. */
export function ageText(ms: number | undefined): string {
	return ms === undefined ? '–' : duration(ms);
}

/** "drains in 4.0 s at 1,234/s", "not draining", or "drained". */
export function etaText(lag: number, etaMs: number | undefined, drainPerSecond: number): string {
	if (lag === 0) return 'drained';
	if (etaMs === undefined) return 'not draining';
	return `drains in ${duration(etaMs)} at ${perSecond(drainPerSecond)}`;
}

/** One line for a person: "lag 1,234, oldest unwritten 12.3 s, drains in 4.0 s at 300/s". */
export function lagTimeLine(times: LagTimes): string {
	if (times.lag === 0) return 'lag 0, drained';
	return `lag ${times.lag}, oldest unwritten ${ageText(times.oldestAgeMs)}, ${etaText(times.lag, times.etaMs, times.drainPerSecond)}`;
}
