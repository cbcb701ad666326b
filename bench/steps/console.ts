import {execFileSync} from 'node:child_process';
import {readdirSync, readFileSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {type Admin} from 'kafkajs';
import {sleep} from '../../source/services/retry.js';
import {TmuxSession} from '../../test/helpers/tmux.js';
import {waitFor} from '../../test/helpers/wait-for.js';
import {type CliBuild, runCli} from '../lib/cli.js';
import {processCpuMs} from '../lib/cpu.js';
import {type BenchResources, benchLogFile, uniqueName} from '../lib/stack.js';
import {figure, type Figure} from '../lib/stats.js';

/**
 * Console overhead: rows committed per second by the sink while the console runs the pipeline
 * in a real terminal (tmux, as a person would: keys 2 s, 1 s), against `run` headless with the
 * same settings (no rate limit, pages of 1,000, 3 connections). Both are timed the same way:
 * the group's committed offsets over a window after a warm-up, read with the Kafka admin.
 *
 * Beside the rate, the CPU the process used over the same window (all its threads, from /proc)
 * per 1,000 rows committed: both processes do the same pipeline work per row, so the difference
 * is what the console itself costs, a figure the other loads of a shared machine move far less
 * than a rate.
 */
export interface PipelineTarget {
	readonly topic: string;
	readonly table: string;
	readonly group: string;
	readonly apiUrl: string;
}

export function hasTmux(): boolean {
	try {
		execFileSync('tmux', ['-V'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
}

async function committed(admin: Admin, group: string, topic: string): Promise<number> {
	const [offsets] = await admin.fetchOffsets({groupId: group, topics: [topic]});
	return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
}

export interface PipelineRate {
	readonly rowsPerSecond: number;
	/** CPU ms of the whole process (every thread) per 1,000 rows committed in the window; NaN when its pid is unknown. */
	readonly cpuPerThousand: number;
}

/**
 * Rows per second committed over `windowMs`, once the group has committed something and
 * `warmupMs` passed, and the CPU process `pid` used meanwhile per 1,000 of them.
 */
async function committedRate(admin: Admin, target: PipelineTarget, warmupMs: number, windowMs: number, pid: () => number | undefined): Promise<PipelineRate> {
	await waitFor(async () => (await committed(admin, target.group, target.topic)) > 0, 'the sink to commit its first rows', 120_000, 250);
	await sleep(warmupMs);
	const first = await committed(admin, target.group, target.topic);
	const cpuFirst = processCpuMs(pid());
	const from = performance.now();
	await sleep(windowMs);
	const last = await committed(admin, target.group, target.topic);
	const cpuLast = processCpuMs(pid());
	const rows = last - first;
	return {
		rowsPerSecond: (rows * 1000) / (performance.now() - from),
		cpuPerThousand: pid() === undefined || cpuLast === 0 || rows <= 0 ? Number.NaN : ((cpuLast - cpuFirst) * 1000) / rows,
	};
}

/** The child of `parent` (the console node under the pane's shell), from /proc. */
function childOf(parent: number): number | undefined {
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (ppid === parent && /node/.test(readFileSync(`/proc/${entry}/cmdline`, 'utf8'))) return Number(entry);
		} catch {}
	}
	return undefined;
}

/** `nodeArgs`: flags for the console's node (e.g. --cpu-prof to see where its CPU goes). */
export async function consoleRate(
	cli: CliBuild,
	admin: Admin,
	target: PipelineTarget,
	warmupMs: number,
	windowMs: number,
	nodeArgs: readonly string[] = [],
): Promise<PipelineRate> {
	const configDir = join(tmpdir(), uniqueName('console-config'));
	// tmux starts the command in its server's environment, which may belong to another shell: the
	// bench's own USERDATA_* (a shifted stack's port offset, its data folder) are passed on by name
	// (not a password: it would show in the process list).
	const ours = Object.fromEntries(
		Object.entries(process.env).filter(
			(entry): entry is [string, string] => entry[0].startsWith('USERDATA_') && entry[0] !== 'USERDATA_SASL_PASSWORD' && entry[1] !== undefined,
		),
	);
	const session = TmuxSession.start(uniqueName('console'), [process.execPath, ...nodeArgs, cli.entry].join(' '), {
		...ours,
		USERDATA_TOPIC: target.topic,
		USERDATA_TABLE: target.table,
		USERDATA_GROUP: target.group,
		USERDATA_API_URL: target.apiUrl,
		USERDATA_LOG_FILE: benchLogFile,
		// An empty config folder: no saved settings from the developer's own console.
		USERDATA_CONFIG_DIR: configDir,
	});
	try {
		const screen = () => session.screen();
		await waitFor(() => /Producer/.test(screen()) && /Kafka/.test(screen()), 'the console to draw', 60_000);
		// Each key waits for the screen it leads to: keys typed in one burst arrive as one input.
		session.keys('2');
		await waitFor(() => /^Consumer /m.test(screen()), 'the consumer screen', 10_000);
		session.keys('s');
		await waitFor(() => /^Consumer ▶/m.test(screen()), 'the sink to run', 30_000);
		session.keys('1');
		await waitFor(() => /^Producer /m.test(screen()), 'the producer screen', 10_000);
		session.keys('s');
		await waitFor(() => /^Producer ▶/m.test(screen()), 'the producer to run', 30_000);
		const node = childOf(session.panePid());
		const rate = await committedRate(admin, target, warmupMs, windowMs, () => node);
		session.keys('x');
		session.keys('q');
		await waitFor(() => /exited with/.test(screen()), 'the console to quit', 60_000, 250).catch(() => {});
		return rate;
	} catch (error) {
		throw new Error(`${(error as Error).message}\n--- screen ---\n${session.alive() ? session.screen() : '(gone)'}`);
	} finally {
		session.kill();
		await rm(configDir, {recursive: true, force: true});
	}
}

export async function headlessRate(cli: CliBuild, admin: Admin, target: PipelineTarget, warmupMs: number, windowMs: number): Promise<PipelineRate> {
	const controller = new AbortController();
	let pid: number | undefined;
	const child = runCli(cli, ['--topic', target.topic, '--table', target.table, '--api-url', target.apiUrl, '--log-file', benchLogFile, 'run', '--group', target.group], {
		stopAfterMs: 30 * 60_000,
		timeoutMs: 31 * 60_000,
		signal: controller.signal,
		onSpawn: spawned => {
			pid = spawned;
		},
	});
	try {
		return await committedRate(admin, target, warmupMs, windowMs, () => pid);
	} finally {
		controller.abort();
		await child;
	}
}

/** Per round: `console[i]` and `headless[i]` were measured back to back, in round i. */
export interface ConsoleFigures {
	/** Rows per second committed. */
	readonly console: Figure;
	readonly headless: Figure;
	/** CPU ms of the process per 1,000 rows committed (absent in reports written before it was measured). */
	readonly consoleCpu?: Figure;
	readonly headlessCpu?: Figure;
}

export interface ConsoleRoundsOptions {
	readonly cli: CliBuild;
	readonly resources: BenchResources;
	readonly apiUrl: string;
	readonly rounds: number;
	readonly windowMs: number;
	/** A consumer group name, registered for deletion at the end. */
	readonly group: (kind: string) => string;
	readonly log: (line: string) => void;
	/** Extra flags for the console's node (profiling). */
	readonly consoleNodeArgs?: readonly string[];
}

/**
 * The console and `run` headless, interleaved round by round (console, headless, console, ...),
 * each on a fresh topic and table, so a noisy neighbour hits both alike and round i of one is
 * paired with round i of the other.
 */
export async function consoleRounds(options: ConsoleRoundsOptions): Promise<ConsoleFigures> {
	const {cli, resources, log} = options;
	const rates = {console: [] as number[], headless: [] as number[]};
	const cpu = {console: [] as number[], headless: [] as number[]};
	for (let round = 0; round < options.rounds; round++) {
		for (const mode of ['console', 'headless'] as const) {
			const target = {topic: await resources.topic(mode), table: await resources.table(mode), group: options.group(mode), apiUrl: options.apiUrl};
			// An admin per target: kafkajs keeps refreshing the metadata of every topic an admin
			// has seen, and fails once one of them is deleted.
			const admin = resources.services.kafka().admin();
			await admin.connect();
			try {
				const rate =
					mode === 'console'
						? await consoleRate(cli, admin, target, 5000, options.windowMs, options.consoleNodeArgs)
						: await headlessRate(cli, admin, target, 5000, options.windowMs);
				rates[mode].push(rate.rowsPerSecond);
				cpu[mode].push(rate.cpuPerThousand);
			} finally {
				await admin.disconnect().catch(() => {});
			}
			await resources.dropTable(target.table);
			await resources.deleteTopic(target.topic);
			log(`  round ${round + 1} ${mode}: ${Math.round(rates[mode].at(-1)!)} rows/s committed, ${Math.round(cpu[mode].at(-1)!)} CPU ms per 1,000 rows`);
		}
		const figures = {console: figure(rates.console), headless: figure(rates.headless), consoleCpu: figure(cpu.console), headlessCpu: figure(cpu.headless)};
		const percent = (n: number | undefined) => `${((n ?? Number.NaN) * 100).toFixed(1)}%`;
		log(`  round ${round + 1}: console cost ${percent(roundCosts(figures).at(-1))} of the rate, ${percent(cpuCosts(figures).at(-1))} more CPU per row`);
	}
	return {console: figure(rates.console), headless: figure(rates.headless), consoleCpu: figure(cpu.console), headlessCpu: figure(cpu.headless)};
}

/** The console's cost in each round: 1 − console ÷ headless of that round's pair. */
export function roundCosts(figures: ConsoleFigures): number[] {
	const n = Math.min(figures.console.samples.length, figures.headless.samples.length);
	const costs: number[] = [];
	for (let i = 0; i < n; i++) costs.push(1 - figures.console.samples[i]! / figures.headless.samples[i]!);
	return costs;
}

/** The CPU the console adds per row in each round: console CPU per row ÷ headless CPU per row − 1. */
export function cpuCosts(figures: ConsoleFigures): number[] {
	if (!figures.consoleCpu || !figures.headlessCpu) return [];
	const n = Math.min(figures.consoleCpu.samples.length, figures.headlessCpu.samples.length);
	const costs: number[] = [];
	for (let i = 0; i < n; i++) costs.push(figures.consoleCpu.samples[i]! / figures.headlessCpu.samples[i]! - 1);
	return costs;
}

/**
 * The target holds only when every round is under the limit, not the median: one slow round
 * is a user who saw the pipeline slow down while watching it.
 */
export function consoleVerdict(figures: ConsoleFigures, limit = 0.1): {readonly costs: readonly number[]; readonly worst: number; readonly met: boolean} {
	const costs = roundCosts(figures);
	const worst = costs.length === 0 ? Number.NaN : Math.max(...costs);
	return {costs, worst, met: costs.length > 0 && costs.every(cost => Number.isFinite(cost) && cost < limit)};
}
