import {spawn, type ChildProcess} from 'node:child_process';
import {join} from 'node:path';
import {repoRoot} from './cli.js';

/**
 * The Random User API stub (test/helpers/serve-stub.ts) in its own process, as a real API would
 * be: its JSON.stringify and hashing do not share the producer's event loop or its CPU profile.
 */
export interface StubProcess {
	readonly baseUrl: string;
	readonly pid: number;
	close(): Promise<void>;
}

export async function startStub(): Promise<StubProcess> {
	// tsx as a loader, not its CLI: the CLI would run the stub in a grandchild, whose CPU we want.
	const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test', 'helpers', 'serve-stub.ts')], {
		cwd: repoRoot,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const baseUrl = await new Promise<string>((resolve, reject) => {
		let out = '';
		let err = '';
		const timer = setTimeout(() => reject(new Error(`the API stub did not start within 60 s: ${err}`)), 60_000);
		child.stdout!.on('data', (chunk: Buffer) => {
			out += chunk.toString('utf8');
			const line = out.split('\n').find(l => l.startsWith('http'));
			if (line) {
				clearTimeout(timer);
				resolve(line.trim());
			}
		});
		child.stderr!.on('data', (chunk: Buffer) => {
			err += chunk.toString('utf8');
		});
		child.on('exit', code => {
			clearTimeout(timer);
			reject(new Error(`the API stub exited with code ${code}: ${err}`));
		});
	});
	return {
		baseUrl,
		pid: child.pid!,
		close: () =>
			new Promise<void>(resolve => {
				if (child.exitCode !== null || child.signalCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			}),
	};
}
