/**
 * The console figure of the full bench alone: `npx tsx bench/micro/console-cost.ts [--quick]
 * [--rounds N] [--window S] [--profile DIR]` (stack and tmux needed). Runs the bench's own
 * rounds (the console in tmux, then `run` headless) and prints each round's rates, cost and CPU
 * per row, and the worst round; `--profile` keeps a CPU profile of each console process (node
 * --cpu-prof, main thread and worker threads) in DIR.
 */
import {mkdir} from 'node:fs/promises';
import {resolve} from 'node:path';
import {parseArgs} from 'node:util';
import {buildCli} from '../lib/cli.js';
import {BenchResources, uniqueName} from '../lib/stack.js';
import {startStub} from '../lib/stub.js';
import {modes} from '../modes.js';
import {consoleRounds, consoleVerdict, cpuCosts, hasTmux} from '../steps/console.js';

const {values} = parseArgs({
	options: {quick: {type: 'boolean'}, rounds: {type: 'string'}, window: {type: 'string'}, profile: {type: 'string'}},
});
const mode = modes[values.quick ? 'quick' : 'full'];
const rounds = values.rounds ? Number(values.rounds) : mode.consoleRuns;
const windowMs = values.window ? Number(values.window) * 1000 : mode.consoleWindowMs;
const started = Date.now();
const log = (line: string) => process.stderr.write(`[console ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${line}\n`);
if (!hasTmux()) {
	log('tmux is not installed: the console needs a terminal');
	process.exit(2);
}

const profileDir = values.profile ? resolve(values.profile) : undefined;
if (profileDir) await mkdir(profileDir, {recursive: true});
const resources = new BenchResources();
const groups: string[] = [];
const cli = await buildCli();
log('CLI built from the current sources');
const stub = await startStub();
let code = 0;
try {
	const figures = await consoleRounds({
		cli,
		resources,
		apiUrl: stub.baseUrl,
		rounds,
		windowMs,
		group: kind => {
			const name = uniqueName(kind);
			groups.push(name);
			return name;
		},
		log,
		consoleNodeArgs: profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
	});
	const {costs, worst, met} = consoleVerdict(figures);
	const cpu = cpuCosts(figures);
	const pct = (n: number | undefined) => `${((n ?? Number.NaN) * 100).toFixed(1)}%`;
	for (const [index, cost] of costs.entries()) {
		const rates = `console ${Math.round(figures.console.samples[index]!)} rows/s, headless ${Math.round(figures.headless.samples[index]!)} rows/s`;
		log(`round ${index + 1}: ${rates}, cost ${pct(cost)}; CPU per row ${pct(cpu[index])} more`);
	}
	log(`worst round ${pct(worst)}: target < 10% in every round ${met ? 'met' : 'NOT met'}`);
	process.stdout.write(`${JSON.stringify({windowMs, ...figures, costs, worst, met, cpuCosts: cpu})}\n`);
} catch (error) {
	log(`FAILED: ${(error as Error).stack ?? String(error)}`);
	code = 1;
} finally {
	await resources.deleteGroups(groups).catch(() => {});
	await stub.close();
	await cli.dispose();
	await resources.cleanup(line => log(`cleanup: ${line}`));
}

process.exit(code);
