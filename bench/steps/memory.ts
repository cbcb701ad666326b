import {type CliBuild, type MemoryTrace, runCli} from '../lib/cli.js';
import {benchLogFile} from '../lib/stack.js';

/**
 * Peak RSS of the real CLI (VmHWM, the kernel's own high-water mark, read from /proc while the
 * process runs): `consume` over a full topic, and `run` over a long stream at a steady rate.
 */
export interface RssResult {
	readonly peakRss: number;
	/** RSS at a quarter, half and the end of the run: a leak shows as a rising line. */
	readonly rssAt: readonly [number, number, number];
	readonly users: number;
	readonly elapsedMs: number;
}

function rssAt(trace: MemoryTrace): [number, number, number] {
	const at = (share: number) => trace.samples[Math.min(trace.samples.length - 1, Math.floor(trace.samples.length * share))]?.[1] ?? Number.NaN;
	return [at(0.25), at(0.5), at(0.98)];
}

export async function consumeRss(cli: CliBuild, topic: string, table: string, group: string, count: number): Promise<RssResult> {
	const result = await runCli(cli, ['--topic', topic, '--table', table, '--log-file', benchLogFile, '--json', 'consume', '--group', group, '--max', String(count)]);
	if (result.code !== 0) throw new Error(`consume exited with ${result.code}: ${result.stderr.slice(-800)}`);
	const summary = JSON.parse(result.stdout) as {written: number; dlq: number; elapsedMs: number};
	if (summary.written + summary.dlq < count) throw new Error(`consume wrote ${summary.written} of ${count} users`);
	return {peakRss: result.memory.peakRss, rssAt: rssAt(result.memory), users: summary.written, elapsedMs: summary.elapsedMs};
}

export async function runRss(cli: CliBuild, options: {topic: string; table: string; group: string; apiUrl: string; rate: number; seconds: number}): Promise<RssResult> {
	const result = await runCli(
		cli,
		[
			'--topic',
			options.topic,
			'--table',
			options.table,
			'--api-url',
			options.apiUrl,
			'--log-file',
			benchLogFile,
			'run',
			'--group',
			options.group,
			'--rate',
			String(options.rate),
		],
		{stopAfterMs: options.seconds * 1000, timeoutMs: options.seconds * 1000 + 120_000},
	);
	// The summary on stdout is not relied on: a single Ctrl-C currently ends `run` with code 130
	// before it prints one (see bench/FINDINGS.md); the last progress line has the count.
	const progress = [...`${result.stdout}\n${result.stderr}`.matchAll(/written (\d+)/g)].at(-1);
	if (!progress) throw new Error(`run exited with ${result.code ?? result.signal} having written nothing: ${result.stderr.slice(-800)}`);
	return {peakRss: result.memory.peakRss, rssAt: rssAt(result.memory), users: Number(progress[1]), elapsedMs: result.elapsedMs};
}
