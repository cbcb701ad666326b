import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {mkdtemp, readFile, rm, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

/**
 * The real CLI, spawned as users run it, for the figures only a separate process gives (peak
 * RSS, a CPU profile). It is compiled from the current sources into a private folder, so other
 * developers rebuilding dist/ at the same time change nothing under the bench, and the figures
 * belong to the sources of this run.
 */
export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface CliBuild {
	readonly entry: string;
	/** tsc complaints (the emit happens anyway); empty when the build was clean. */
	readonly warnings: string;
	dispose(): Promise<void>;
}

export async function buildCli(): Promise<CliBuild> {
	const dir = await mkdtemp(join(tmpdir(), 'userdata-bench-cli-'));
	// dist/ finds the Thrift bindings, the stack poms and node_modules by relative paths.
	await writeFile(join(dir, 'package.json'), JSON.stringify({type: 'module'}));
	for (const name of ['node_modules', 'source', 'stack']) await symlink(join(repoRoot, name), join(dir, name));
	const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
	const result = await runProcess(process.execPath, [tsc, '-p', join(repoRoot, 'tsconfig.build.json'), '--outDir', join(dir, 'dist')], {cwd: repoRoot});
	const entry = join(dir, 'dist', 'cli.js');
	if (!existsSync(entry)) throw new Error(`could not build the CLI:\n${result.stdout}${result.stderr}`);
	return {entry, warnings: result.code === 0 ? '' : result.stdout.trim(), dispose: () => rm(dir, {recursive: true, force: true})};
}

export interface ProcessResult {
	readonly code: number | null;
	readonly signal: NodeJS.Signals | null;
	readonly stdout: string;
	readonly stderr: string;
	readonly elapsedMs: number;
}

export interface MemoryTrace {
	/** VmHWM: the kernel's own peak resident set size, in bytes. */
	readonly peakRss: number;
	/** [ms since start, VmRSS bytes], sampled. */
	readonly samples: ReadonlyArray<readonly [number, number]>;
}

export interface SpawnOptions {
	readonly cwd?: string;
	readonly env?: NodeJS.ProcessEnv;
	/** Sends SIGINT after this many ms (for `run`, which stops on Ctrl-C only). */
	readonly stopAfterMs?: number;
	/** Sends SIGINT when aborted (the CLI's clean shutdown path). */
	readonly signal?: AbortSignal;
	/** Kills the process (SIGKILL) after this many ms: a benchmark must never hang. */
	readonly timeoutMs?: number;
	readonly sampleMs?: number;
	readonly onStderr?: (line: string) => void;
	/** Told the child's pid once it is spawned (to read its CPU from /proc). */
	readonly onSpawn?: (pid: number) => void;
}

function readStatus(pid: number): Promise<{rss: number; hwm: number} | undefined> {
	return readFile(`/proc/${pid}/status`, 'utf8').then(
		text => {
			const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN) * 1024;
			return {rss: kb('VmRSS'), hwm: kb('VmHWM')};
		},
		() => undefined,
	);
}

/** Runs a process to its end, sampling /proc/<pid>/status (VmRSS, VmHWM) while it runs. */
export function runProcess(command: string, args: readonly string[], options: SpawnOptions = {}): Promise<ProcessResult & {memory: MemoryTrace}> {
	return new Promise((resolvePromise, reject) => {
		const started = performance.now();
		const child = spawn(command, [...args], {cwd: options.cwd ?? repoRoot, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe']});
		if (child.pid !== undefined) options.onSpawn?.(child.pid);
		const stdout: Buffer[] = [];
		const stderr: Buffer[] = [];
		let partial = '';
		child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
		child.stderr.on('data', (chunk: Buffer) => {
			stderr.push(chunk);
			if (!options.onStderr) return;
			const lines = (partial + chunk.toString('utf8')).split('\n');
			partial = lines.pop() ?? '';
			for (const line of lines) options.onStderr(line);
		});
		const samples: Array<[number, number]> = [];
		let peak = 0;
		const sample = async () => {
			if (child.pid === undefined || child.exitCode !== null) return;
			const status = await readStatus(child.pid);
			if (!status) return;
			samples.push([Math.round(performance.now() - started), status.rss]);
			if (Number.isFinite(status.hwm)) peak = Math.max(peak, status.hwm);
		};
		const sampler = setInterval(() => void sample(), options.sampleMs ?? 250);
		const stopper = options.stopAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGINT'), options.stopAfterMs);
		const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30 * 60_000);
		const onAbort = () => child.kill('SIGINT');
		options.signal?.addEventListener('abort', onAbort, {once: true});
		if (options.signal?.aborted) onAbort();
		child.on('error', reject);
		child.on('exit', () => {
			// The last VmHWM before the process is reaped is read by the sampler; one more try here.
			void sample();
		});
		child.on('close', (code, signal) => {
			clearInterval(sampler);
			clearTimeout(stopper);
			clearTimeout(killer);
			options.signal?.removeEventListener('abort', onAbort);
			resolvePromise({
				code,
				signal,
				stdout: Buffer.concat(stdout).toString('utf8'),
				stderr: Buffer.concat(stderr).toString('utf8'),
				elapsedMs: performance.now() - started,
				memory: {peakRss: peak, samples},
			});
		});
	});
}

/** The CLI of `build`, with the bench's log file and settings from flags only. */
export function runCli(build: CliBuild, args: readonly string[], options: SpawnOptions & {nodeArgs?: readonly string[]} = {}) {
	return runProcess(process.execPath, [...(options.nodeArgs ?? []), build.entry, ...args], options);
}
