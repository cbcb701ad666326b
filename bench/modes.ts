/**
 * How big each figure is in each mode. `full` is what the issue asks for (200,000 users);
 * `quick` proves the harness in a few minutes; `tiny` is for the smoke test only.
 */
export interface ModeSettings {
	/** Users in the pre-filled topic: sink, gateway ceiling, `consume` RSS. */
	readonly users: number;
	/** Runs per figure (median and min–max over them). */
	readonly runs: number;
	/** Messages the naive path handles per run (its rate is steady: a sample is enough). */
	readonly naiveUsers: number;
	/** Rows per shape when looking for the gateway's best batch size and connections. */
	readonly sweepRows: number;
	readonly sweepBatches: readonly number[];
	readonly sweepConnections: readonly number[];
	readonly producerUsers: number;
	readonly latencySeconds: number;
	/** Users per second for the latency figure (the issue asks for 1,000). */
	readonly latencyRate: number;
	/** `run` over a long stream: how long, and at what rate. */
	readonly runSeconds: number;
	readonly runRate: number;
	/** Users per run when comparing sink settings before and after a change. */
	readonly changeUsers: number;
	readonly changeRuns: number;
	readonly profileUsers: number;
	readonly decodeMessages: number;
	/** Console against headless: window per round (0: not measured) and rounds (the target is met only if every round is). */
	readonly consoleWindowMs: number;
	readonly consoleRuns: number;
	/** Whole processes against the Python peers: users per run (from the pre-filled topic, and from the stub) and rounds. */
	readonly peerUsers: number;
	readonly peerRuns: number;
	/** The per-message Python sink is slow (one Thrift call a user): its one run per bench. */
	readonly peerNaiveUsers: number;
	/** Table settings: users per table (from the pre-filled topic), rounds, and row keys read back with `get`. */
	readonly tableUsers: number;
	readonly tableRuns: number;
	readonly tableGetKeys: number;
}

export type Mode = 'full' | 'quick' | 'tiny';

export const modes: Record<Mode, ModeSettings> = {
	full: {
		users: 200_000,
		runs: 3,
		naiveUsers: 2000,
		sweepRows: 20_000,
		sweepBatches: [10, 25, 50, 100, 200, 1000],
		sweepConnections: [1, 2, 3, 4],
		producerUsers: 200_000,
		latencySeconds: 60,
		runSeconds: 180,
		runRate: 1000,
		changeUsers: 50_000,
		changeRuns: 3,
		profileUsers: 50_000,
		decodeMessages: 20_000,
		latencyRate: 1000,
		consoleWindowMs: 60_000,
		consoleRuns: 3,
		peerUsers: 100_000,
		peerRuns: 3,
		peerNaiveUsers: 100_000,
		tableUsers: 50_000,
		tableRuns: 3,
		tableGetKeys: 2000,
	},
	quick: {
		users: 20_000,
		runs: 3,
		naiveUsers: 500,
		sweepRows: 5000,
		sweepBatches: [25, 50, 200, 1000],
		sweepConnections: [1, 2, 4],
		producerUsers: 20_000,
		latencySeconds: 15,
		runSeconds: 30,
		runRate: 1000,
		changeUsers: 10_000,
		changeRuns: 2,
		profileUsers: 20_000,
		decodeMessages: 5000,
		latencyRate: 1000,
		// Three rounds as in full mode (the target is every round, not one), shorter ones.
		consoleWindowMs: 15_000,
		consoleRuns: 3,
		peerUsers: 20_000,
		peerRuns: 2,
		peerNaiveUsers: 5000,
		tableUsers: 20_000,
		tableRuns: 2,
		tableGetKeys: 1000,
	},
	tiny: {
		users: 500,
		runs: 1,
		naiveUsers: 50,
		sweepRows: 500,
		sweepBatches: [25],
		sweepConnections: [1, 2],
		producerUsers: 500,
		latencySeconds: 3,
		runSeconds: 8,
		runRate: 200,
		changeUsers: 500,
		changeRuns: 1,
		profileUsers: 500,
		decodeMessages: 500,
		latencyRate: 200,
		consoleWindowMs: 0,
		consoleRuns: 0,
		peerUsers: 500,
		peerRuns: 1,
		peerNaiveUsers: 200,
		tableUsers: 500,
		tableRuns: 1,
		tableGetKeys: 50,
	},
};
