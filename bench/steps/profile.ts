import {copyFile, mkdtemp, readdir, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {type CliBuild, runCli} from '../lib/cli.js';
import {type ProfileSummary, summariseProfile} from '../lib/cpu-profile.js';

/**
 * A CPU profile of the real CLI (node --cpu-prof): where `consume` or `produce` spends its own
 * time, the main thread's and each worker thread's (the producer thread). The .cpuprofile files are
 * kept (Chrome DevTools or speedscope open them).
 */
export async function profileCli(cli: CliBuild, args: readonly string[], keepAs: string): Promise<ProfileSummary & {readonly workers: readonly ProfileSummary[]}> {
	const dir = await mkdtemp(join(tmpdir(), 'userdata-bench-prof-'));
	try {
		const result = await runCli(cli, args, {nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir]});
		if (result.code !== 0) throw new Error(`${args.find(arg => !arg.startsWith('-'))} exited with ${result.code}: ${result.stderr.slice(-800)}`);
		// One file per thread: CPU.<date>.<time>.<pid>.<thread id>.<n>.cpuprofile, the main thread is 0.
		const files = (await readdir(dir)).filter(name => name.endsWith('.cpuprofile'));
		const threadOf = (name: string) => Number(name.split('.')[4]);
		const main = files.find(name => threadOf(name) === 0);
		if (!main) throw new Error('node wrote no .cpuprofile for the main thread');
		await copyFile(join(dir, main), keepAs);
		const workers: ProfileSummary[] = [];
		for (const [index, name] of files.filter(file => threadOf(file) !== 0).entries()) {
			const workerFile = keepAs.replace(/\.cpuprofile$/, `-thread${index + 1}.cpuprofile`);
			await copyFile(join(dir, name), workerFile);
			workers.push(await summariseProfile(workerFile, 12));
		}
		return {...(await summariseProfile(keepAs, 12)), workers};
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
}
