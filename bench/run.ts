/**
 * `npm run bench` (full: the 200,000 users) or `npm run bench -- --quick` (a few minutes,
 * to prove the harness). Needs the local stack (`userdata-tui stack up`). Writes bench/RESULTS.md
 * (or --out <file>) and the raw figures beside it as JSON; progress goes to stderr. Exit code 1
 * if a step failed.
 *
 *   --quick | --tiny     smaller counts
 *   --out <file>         where to write the results (default bench/RESULTS.md)
 *   --render             only re-render the results from the JSON of the last run (after
 *                        editing bench/FINDINGS.md), measuring nothing
 */
import {readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {type BenchReport, runBench} from './bench.js';
import {repoRoot} from './lib/cli.js';
import {type Mode} from './modes.js';
import {renderResults} from './report.js';

const flags = ['--quick', '--tiny', '--render', '--out'];
const args = process.argv.slice(2);
const mode: Mode = args.includes('--tiny') ? 'tiny' : args.includes('--quick') ? 'quick' : 'full';
const outIndex = args.indexOf('--out');
const out = outIndex >= 0 && args[outIndex + 1] ? args[outIndex + 1]! : join(repoRoot, 'bench', 'RESULTS.md');
const json = out.replace(/\.md$/, '') + '.json';
const unknown = args.filter((arg, index) => !flags.includes(arg) && args[index - 1] !== '--out');
if (unknown.length > 0) {
	process.stderr.write(`bench: unknown argument(s) ${unknown.join(' ')}\nusage: npm run bench [-- --quick | --tiny] [--out <file>] [--render]\n`);
	process.exit(2);
}

const started = Date.now();
const log = (line: string) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${line}\n`);
async function lastReport(): Promise<BenchReport> {
	try {
		return JSON.parse(await readFile(json, 'utf8')) as BenchReport;
	} catch {
		process.stderr.write(`bench: no figures at ${json} to render; run the bench first\n`);
		process.exit(2);
	}
}

const report: BenchReport = args.includes('--render') ? await lastReport() : await runBench({mode, log});
if (!args.includes('--render')) await writeFile(json, `${JSON.stringify(report, null, '\t')}\n`);
const findings = await readFile(join(repoRoot, 'bench', 'FINDINGS.md'), 'utf8').catch(() => '');
await writeFile(out, renderResults(report, findings));
log(`wrote ${out}`);
process.exit(report.failures.length > 0 ? 1 : 0);
