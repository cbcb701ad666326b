import {existsSync} from 'node:fs';
import {readFile, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {repoRoot, runProcess} from './cli.js';

/**
 * The Python peers' virtual environment (bench/.venv, git-ignored), made by the bench itself so a
 * fresh clone needs only python3 with venv. Versions are pinned: a peer that changes under us
 * would move the ratios. Rebuilt when the pins change.
 */
export const peerRequirements = ['confluent-kafka==2.16.1', 'kafka-python==3.0.12', 'happybase==1.3.0', 'requests==2.34.2'] as const;

const venv = join(repoRoot, 'bench', '.venv');
const marker = join(venv, 'userdata-peers.txt');

export async function ensurePeerVenv(log: (line: string) => void = () => {}): Promise<string> {
	const python = join(venv, 'bin', 'python');
	const wanted = peerRequirements.join('\n');
	if (existsSync(python) && (await readFile(marker, 'utf8').catch(() => '')) === wanted) return python;
	log(`  creating ${venv} with ${peerRequirements.join(', ')}`);
	await rm(venv, {recursive: true, force: true});
	const made = await runProcess('python3', ['-m', 'venv', venv], {timeoutMs: 120_000});
	if (made.code !== 0) throw new Error(`python3 -m venv failed: ${made.stderr.trim().split('\n').at(-1)} (Debian: apt-get install python3-venv)`);
	const installed = await runProcess(join(venv, 'bin', 'pip'), ['install', '--quiet', ...peerRequirements], {timeoutMs: 10 * 60_000});
	if (installed.code !== 0) throw new Error(`pip install of the Python peers failed: ${installed.stderr.trim().split('\n').at(-1)}`);
	await writeFile(marker, wanted);
	return python;
}
