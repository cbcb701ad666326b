import {copyFile, mkdtemp, readdir, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {type CliBuild, runCli} from '../lib/cli.js';
import {type ProfileSummary, summariseProfile} from '../lib/cpu-profile.js';

/**
 * A CPU profile of the real CLI (node --cpu-prof): where `consume` or `produce` spends its own
 * time. The .cpuprofile is kept (Chrome DevTools or speedscope open it).
 */
export async function profileCli(cli: CliBuild, args: readonly string[], keepAs: string): Promise<ProfileSummary> {
	const dir = await mkdtemp(join(tmpdir(), 'userdata-bench-prof-'));
	try {
		const result = await runCli(cli, args, {nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir]});
		if (result.code !== 0) throw new Error(`${args.find(arg => !arg.startsWith('-'))} exited with ${result.code}: ${result.stderr.slice(-800)}`);
		const [file] = (await readdir(dir)).filter(name => name.endsWith('.cpuprofile'));
		if (!file) throw new Error('node wrote no .cpuprofile');
		await copyFile(join(dir, file), keepAs);
		return await summariseProfile(keepAs, 12);
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
}
