import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {defaultDataDir} from '../../source/config.js';

/**
 * Where the CPU went while a figure was measured: this process, each JVM of the local stack
 * (from the pid files `stack up` writes), and everything else on the machine (the other
 * developers' tests). On a shared two-core machine that last share is the noise.
 */
const TICK_MS = 10; // USER_HZ is 100 on Linux

export type CpuOwner = 'bench (node)' | 'api stub' | 'kafka' | 'hbase' | 'thrift' | 'other processes';

export interface CpuSnapshot {
	readonly at: number;
	readonly machineBusyMs: number;
	readonly machineTotalMs: number;
	readonly owners: Readonly<Record<Exclude<CpuOwner, 'other processes'>, number>>;
}

export interface CpuUse {
	readonly wallMs: number;
	readonly cores: number;
	/** CPU ms used by each owner during the interval. */
	readonly ms: Readonly<Record<CpuOwner, number>>;
	/** Share of the machine's capacity (all cores) that was busy. */
	readonly machineBusy: number;
}

let stubPid: number | undefined;

/** The API stub runs in its own process while the producer figures are taken. */
export function trackStubPid(pid: number | undefined): void {
	stubPid = pid;
}

function readPid(name: string): number | undefined {
	try {
		const pid = Number(readFileSync(join(defaultDataDir(), 'run', `${name}.pid`), 'utf8').trim());
		return Number.isInteger(pid) && pid > 0 ? pid : undefined;
	} catch {
		return undefined;
	}
}

/** utime + stime (+ children's) of a process, in ms; 0 when it is gone. */
export function processCpuMs(pid: number | undefined, withChildren = false): number {
	if (pid === undefined) return 0;
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// fields[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
		const ticks = Number(fields[11]) + Number(fields[12]) + (withChildren ? Number(fields[13]) + Number(fields[14]) : 0);
		return ticks * TICK_MS;
	} catch {
		return 0;
	}
}

/** Busy and total CPU ms of the whole machine since boot (all cores), from /proc/stat. */
export function machineMs(): {busy: number; total: number} {
	const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
	const values = line.trim().split(/\s+/).slice(1).map(Number);
	const idle = (values[3] ?? 0) + (values[4] ?? 0);
	const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
	return {busy: (total - idle) * TICK_MS, total: total * TICK_MS};
}

export function cpuSnapshot(extraPid?: number): CpuSnapshot {
	const machine = machineMs();
	const self = process.cpuUsage();
	return {
		at: performance.now(),
		machineBusyMs: machine.busy,
		machineTotalMs: machine.total,
		owners: {
			'bench (node)': (self.user + self.system) / 1000 + processCpuMs(extraPid, true),
			'api stub': processCpuMs(stubPid),
			kafka: processCpuMs(readPid('kafka')),
			hbase: processCpuMs(readPid('hbase')),
			thrift: processCpuMs(readPid('thrift')),
		},
	};
}

export function cpuSince(before: CpuSnapshot, after: CpuSnapshot = cpuSnapshot()): CpuUse {
	const ms = {} as Record<CpuOwner, number>;
	let ours = 0;
	for (const owner of Object.keys(before.owners) as Array<keyof CpuSnapshot['owners']>) {
		// A JVM restarted by someone else mid-run shows a negative delta: count it as unknown (0).
		ms[owner] = Math.max(0, after.owners[owner] - before.owners[owner]);
		ours += ms[owner];
	}
	const busy = after.machineBusyMs - before.machineBusyMs;
	ms['other processes'] = Math.max(0, busy - ours);
	const total = after.machineTotalMs - before.machineTotalMs;
	const wallMs = after.at - before.at;
	return {wallMs, cores: wallMs > 0 ? total / wallMs : 0, ms, machineBusy: total > 0 ? busy / total : 0};
}
