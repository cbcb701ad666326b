import {spawn} from 'node:child_process';
import {existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, closeSync} from 'node:fs';
import {connect} from 'node:net';
import {join} from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';

/**
 * Pid files and liveness for the processes the stack starts. A pid file is trusted only when
 * the live process still carries our marker (-Duserdata.stack=<name>) on its command line, so
 * `stack down` never signals an unrelated process that reused the pid.
 */
export function pidFile(runDir: string, name: string): string {
	return join(runDir, `${name}.pid`);
}

export function marker(name: string): string {
	return `-Duserdata.stack=${name}`;
}

export function readPid(runDir: string, name: string): number | undefined {
	const file = pidFile(runDir, name);
	if (!existsSync(file)) return undefined;
	const pid = Number(readFileSync(file, 'utf8').trim());
	return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function isOurProcess(pid: number, name: string): boolean {
	try {
		process.kill(pid, 0);
	} catch {
		return false;
	}
	try {
		const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
		return cmdline.split('\0').includes(marker(name));
	} catch {
		// No /proc (not Linux): the signal test above is all we have.
		return true;
	}
}

/** The pid of our live process `name`, or undefined (a stale pid file is removed). */
export function livePid(runDir: string, name: string): number | undefined {
	const pid = readPid(runDir, name);
	if (pid === undefined) return undefined;
	if (isOurProcess(pid, name)) return pid;
	rmSync(pidFile(runDir, name), {force: true});
	return undefined;
}

export interface SpawnSpec {
	readonly name: string;
	readonly command: string;
	readonly args: readonly string[];
	readonly runDir: string;
	readonly outFile: string; // stdout+stderr of the JVM (startup failures land here)
	readonly env?: NodeJS.ProcessEnv;
}

/** Starts a detached JVM that outlives this command, and records its pid. */
export function spawnDetached(spec: SpawnSpec): number {
	mkdirSync(spec.runDir, {recursive: true});
	const out = openSync(spec.outFile, 'a');
	try {
		const child = spawn(spec.command, [...spec.args], {
			detached: true,
			stdio: ['ignore', out, out],
			env: spec.env ?? process.env,
		});
		if (child.pid === undefined) throw new Error(`could not start ${spec.name}`);
		child.unref();
		writeFileSync(pidFile(spec.runDir, spec.name), String(child.pid));
		return child.pid;
	} finally {
		closeSync(out);
	}
}

/** SIGTERM, then SIGKILL after `graceMs`. Resolves when the process is gone. */
export async function stopProcess(pid: number, name: string, graceMs: number): Promise<'stopped' | 'killed'> {
	try {
		process.kill(pid, 'SIGTERM');
	} catch {
		return 'stopped';
	}
	const deadline = Date.now() + graceMs;
	while (Date.now() < deadline) {
		if (!isOurProcess(pid, name)) return 'stopped';
		await delay(200);
	}
	try {
		process.kill(pid, 'SIGKILL');
	} catch {}
	while (isOurProcess(pid, name)) await delay(100);
	return 'killed';
}

/** True when something accepts TCP connections on host:port. */
export function portAnswers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
	return new Promise(resolve => {
		const socket = connect({host, port});
		const done = (answer: boolean) => {
			socket.removeAllListeners();
			socket.destroy();
			resolve(answer);
		};
		socket.setTimeout(timeoutMs, () => done(false));
		socket.once('connect', () => done(true));
		socket.once('error', () => done(false));
	});
}
