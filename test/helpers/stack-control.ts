import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {defaultDataDir} from '../../source/config.js';
import {isOurProcess} from '../../source/services/stack/processes.js';
import {runCli} from './run-cli.js';

/** Kills one service of the shared local stack (as an outage would), by its pid file. */
export function killService(service: 'kafka' | 'hbase' | 'thrift', signal: NodeJS.Signals = 'SIGKILL'): number {
	const pid = Number(readFileSync(join(defaultDataDir(), 'run', `${service}.pid`), 'utf8').trim());
	if (!isOurProcess(pid, service)) throw new Error(`${service} (pid ${pid}) is not running`);
	process.kill(pid, signal);
	return pid;
}

export async function waitGone(pid: number, service: string): Promise<void> {
	while (isOurProcess(pid, service)) await new Promise(resolve => setTimeout(resolve, 100));
}

/** Brings the shared stack back (starts whatever is not running) and waits until it answers. */
export async function stackUp(): Promise<void> {
	const result = await runCli(['stack', 'up']);
	if (result.code !== 0) throw new Error(`stack up failed: ${result.io.text()}`);
}
