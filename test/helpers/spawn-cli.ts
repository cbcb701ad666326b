import {spawn, type ChildProcess} from 'node:child_process';
import {fileURLToPath} from 'node:url';

const bin = fileURLToPath(new URL('../../bin/userdata-tui.js', import.meta.url));

export interface CliProcess {
	readonly child: ChildProcess;
	readonly stdout: string[];
	readonly stderr: string[];
	/** Resolves with the exit code (null when killed by a signal). */
	readonly exited: Promise<number | null>;
}

/** Runs the built binary as its own process (it can be killed with -9, as a crash would). */
export function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv = process.env): CliProcess {
	const child = spawn(process.execPath, [bin, ...args], {env, stdio: ['ignore', 'pipe', 'pipe']});
	const stdout: string[] = [];
	const stderr: string[] = [];
	const collect = (into: string[]) => {
		let rest = '';
		return (chunk: Buffer) => {
			rest += chunk.toString('utf8');
			const lines = rest.split('\n');
			rest = lines.pop() ?? '';
			into.push(...lines);
		};
	};
	child.stdout.on('data', collect(stdout));
	child.stderr.on('data', collect(stderr));
	const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
	return {child, stdout, stderr, exited};
}
