import {join} from 'node:path';
import {type CliBuild, repoRoot, runCli, runProcess} from '../lib/cli.js';
import {benchLogFile} from '../lib/stack.js';
import {perSecond} from '../lib/stats.js';

/**
 * Whole processes, as a user times them (start to exit, start-up and group join included): our
 * CLI beside the Python programs a user would write instead (bench/peers/*.py), on the same
 * pre-filled topic or the same API stand-in. The figures a user compares are these, not the
 * in-process rates of the other steps.
 */
export interface SinkTarget {
	readonly brokers: string;
	readonly thriftHost: string;
	readonly thriftPort: number;
	readonly topic: string;
	readonly table: string;
	readonly group: string;
	readonly count: number;
}

export interface ProcessRate {
	readonly usersPerSecond: number;
	readonly elapsedMs: number;
}

/** Where the time of one `consume --max` went, from its own log lines (epoch ms) and the exit. */
export interface FixedCosts {
	/** Process start to "Consumer has joined the group": Node start-up, connect, join. */
	readonly startToJoinMs: number;
	/** The last batch committed to the process's exit: the stop. */
	readonly lastCommitToExitMs: number;
}

export interface OurSinkRun extends ProcessRate {
	readonly fixed: FixedCosts;
}

interface LogLine {
	readonly time?: number;
	readonly msg?: string;
}

function logLines(stderr: string): LogLine[] {
	const lines: LogLine[] = [];
	for (const text of stderr.split('\n')) {
		if (!text.startsWith('{')) continue;
		try {
			lines.push(JSON.parse(text) as LogLine);
		} catch {
			// a partial line: not ours to read
		}
	}
	return lines;
}

/** The fixed costs of one run, from the verbose log on stderr and the wall times around the process. */
export function fixedCosts(stderr: string, startedAt: number, exitedAt: number): FixedCosts {
	const lines = logLines(stderr);
	const joined = lines.find(line => line.msg === 'Consumer has joined the group')?.time;
	const commits = lines.filter(line => line.msg === 'batch written to hbase and committed');
	const lastCommit = commits.at(-1)?.time;
	if (joined === undefined || lastCommit === undefined) throw new Error('the consume log has no group join or no commit: was --verbose given?');
	return {startToJoinMs: joined - startedAt, lastCommitToExitMs: exitedAt - lastCommit};
}

export async function ourConsumeProcess(cli: CliBuild, target: SinkTarget): Promise<OurSinkRun> {
	const startedAt = Date.now();
	const result = await runCli(cli, [
		'--topic',
		target.topic,
		'--table',
		target.table,
		'--log-file',
		benchLogFile,
		'--verbose',
		'consume',
		'--group',
		target.group,
		'--max',
		String(target.count),
	]);
	const exitedAt = Date.now();
	if (result.code !== 0) throw new Error(`consume exited with ${result.code}: ${result.stderr.slice(-400)}`);
	return {usersPerSecond: perSecond(target.count, result.elapsedMs), elapsedMs: result.elapsedMs, fixed: fixedCosts(result.stderr, startedAt, exitedAt)};
}

export type PythonSink = 'batched_sink.py' | 'per_message_sink.py';

export async function pythonSinkProcess(python: string, script: PythonSink, target: SinkTarget): Promise<ProcessRate> {
	const result = await runProcess(python, [
		join(repoRoot, 'bench', 'peers', script),
		target.brokers,
		target.topic,
		target.group,
		target.thriftHost,
		String(target.thriftPort),
		target.table,
		String(target.count),
	]);
	if (result.code !== 0) throw new Error(`${script} exited with ${result.code}: ${result.stderr.slice(-400)}`);
	const written = Number(result.stdout.trim());
	if (written < target.count) throw new Error(`${script} wrote ${written} of ${target.count} users`);
	return {usersPerSecond: perSecond(target.count, result.elapsedMs), elapsedMs: result.elapsedMs};
}

export interface ProduceTarget {
	readonly brokers: string;
	readonly topic: string;
	readonly apiUrl: string;
	readonly count: number;
}

export async function ourProduceProcess(cli: CliBuild, target: ProduceTarget): Promise<ProcessRate> {
	const result = await runCli(cli, ['--topic', target.topic, '--api-url', target.apiUrl, '--log-file', benchLogFile, 'produce', '--count', String(target.count)]);
	if (result.code !== 0) throw new Error(`produce exited with ${result.code}: ${result.stderr.slice(-400)}`);
	return {usersPerSecond: perSecond(target.count, result.elapsedMs), elapsedMs: result.elapsedMs};
}

export async function pythonProducerProcess(python: string, target: ProduceTarget): Promise<ProcessRate> {
	const result = await runProcess(python, [join(repoRoot, 'bench', 'peers', 'batched_producer.py'), target.brokers, target.topic, target.apiUrl, String(target.count)]);
	if (result.code !== 0) throw new Error(`batched_producer.py exited with ${result.code}: ${result.stderr.slice(-400)}`);
	return {usersPerSecond: perSecond(target.count, result.elapsedMs), elapsedMs: result.elapsedMs};
}
