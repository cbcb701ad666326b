/**
 * `npm run bench:scaling`: sink throughput with 1, 2 and 3 `consume` processes in one group on
 * the local cluster (`stack up --cluster`: 3 brokers, HDFS, 2 region servers, one Thrift
 * gateway), and what each process of the stack spends per 1,000 rows. SCALING.md is written from
 * these figures. It starts its own cluster on a private data folder and port offset, and stops
 * it at the end (unless --keep).
 *
 *   --users <n>     users in the pre-filled topic (default 60,000)
 *   --rounds <n>    rounds of 1, 2, 3 sinks, interleaved (default 2)
 *   --offset <n>    port offset of the cluster (default 14000)
 *   --regions <n>   regions of each table, when `init` knows --regions (default 2: one per server)
 *   --keep          leave the cluster running
 *
 * Writes bench/SCALING.json and prints a Markdown table.
 */
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parseArgs} from 'node:util';
import kafkajs from 'kafkajs';
import {buildCli, type CliBuild, repoRoot, runCli} from './lib/cli.js';
import {machineMs, processCpuMs} from './lib/cpu.js';
import {figure} from './lib/stats.js';
import {startStub} from './lib/stub.js';

const median = (samples: readonly number[]) => figure(samples).median;

const {values} = parseArgs({
	options: {
		users: {type: 'string', default: '60000'},
		rounds: {type: 'string', default: '2'},
		offset: {type: 'string', default: '14000'},
		regions: {type: 'string', default: '2'},
		keep: {type: 'boolean', default: false},
	},
});
const users = Number(values.users);
const rounds = Number(values.rounds);
const sinkCounts = [1, 2, 3] as const;
const partitions = 6; // divisible by 1, 2 and 3 sinks: each gets an equal share
const started = Date.now();
const log = (line: string) => process.stderr.write(`[scaling ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${line}\n`);

interface ServiceJson {
	readonly service: string;
	readonly pid: number | null;
	readonly up: boolean;
}

interface Round {
	readonly sinks: number;
	readonly round: number;
	/** From the spawn of the sinks to the group's committed offsets reaching the topic's end. */
	readonly drainMs: number;
	/** From the spawn to the last sink's exit (start-up, join, drain, `--until-idle 2`, stop). */
	readonly wholeMs: number;
	readonly usersPerSecond: number;
	/** CPU ms per 1,000 rows, per process of the stack and for the sinks together. */
	readonly cpuPer1000: Record<string, number>;
	readonly machineBusy: number;
}

async function cli(build: CliBuild, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 15 * 60_000) {
	const result = await runCli(build, args, {env, timeoutMs});
	if (result.code !== 0) throw new Error(`userdata-tui ${args.join(' ')} exited ${result.code}: ${result.stderr.slice(-2000)}${result.stdout.slice(-500)}`);
	return result;
}

async function groupDone(admin: kafkajs.Admin, group: string, topic: string): Promise<boolean> {
	const [ends, committed] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({groupId: group, topics: [topic]})]);
	const done = new Map(committed[0]?.partitions.map(p => [p.partition, Number(p.offset)]) ?? []);
	return ends.every(end => (done.get(end.partition) ?? -1) >= Number(end.high));
}

const dataDir = await mkdtemp(join(tmpdir(), 'userdata-scaling-'));
const stackEnv: NodeJS.ProcessEnv = {
	...process.env,
	USERDATA_HOME: dataDir,
	USERDATA_STACK_PORT_OFFSET: String(values.offset),
	USERDATA_LOG_FILE: join(dataDir, 'bench.log'),
};
const build = await buildCli();
const stub = await startStub();
const results: Round[] = [];
try {
	log(`starting the cluster in ${dataDir} (port offset ${values.offset})`);
	await cli(build, ['stack', 'up', '--cluster'], stackEnv);
	const exported = await cli(build, ['stack', 'env'], stackEnv);
	const env: NodeJS.ProcessEnv = {...stackEnv, USERDATA_API_URL: stub.baseUrl};
	for (const line of exported.stdout.split('\n')) {
		const match = /^export (\w+)='(.*)'$/.exec(line);
		if (match) env[match[1]!] = match[2]!;
	}
	const services = (JSON.parse((await cli(build, ['stack', 'status', '--json'], stackEnv)).stdout) as ServiceJson[]).filter(s => s.pid !== null);
	log(`services: ${services.map(s => `${s.service} (${s.pid})`).join(', ')}`);
	const initHelp = (await cli(build, ['init', '--help'], env)).stdout;
	const regionArgs = initHelp.includes('--regions') ? ['--regions', String(values.regions)] : [];
	if (regionArgs.length === 0) log('this init has no --regions: each table is one region on one server');

	const topic = 'scaling';
	await cli(build, ['init', '--topic', topic, '--table', 'scaling_fill', '--partitions', String(partitions)], env);
	log(`producing ${users} users into ${topic} (${partitions} partitions)`);
	await cli(build, ['produce', '--topic', topic, '--count', String(users), '--batch-size', '1000'], env);

	const kafka = new kafkajs.Kafka({brokers: env.USERDATA_BROKERS!.split(','), logLevel: kafkajs.logLevel.NOTHING});
	const admin = kafka.admin();
	await admin.connect();
	try {
		for (let round = 1; round <= rounds; round++) {
			for (const sinks of sinkCounts) {
				const table = `scaling_${sinks}_${round}`;
				const group = `scaling-${sinks}-${round}`;
				await cli(build, ['init', '--topic', topic, '--table', table, ...regionArgs], env);
				const cpuBefore = new Map(services.map(s => [s.service, processCpuMs(s.pid!)]));
				const childrenBefore = processCpuMs(process.pid, true) - processCpuMs(process.pid);
				const machineBefore = machineMs();
				const t0 = performance.now();
				const running = Array.from({length: sinks}, () =>
					runCli(build, ['consume', '--topic', topic, '--table', table, '--group', group, '--until-idle', '2'], {env, timeoutMs: 20 * 60_000}),
				);
				let drainMs = 0;
				while (drainMs === 0) {
					await new Promise(resolve => setTimeout(resolve, 200));
					if (await groupDone(admin, group, topic).catch(() => false)) drainMs = performance.now() - t0;
				}
				const machineAfter = machineMs();
				const cpuAfter = new Map(services.map(s => [s.service, processCpuMs(s.pid!)]));
				const exits = await Promise.all(running);
				const wholeMs = performance.now() - t0;
				for (const exit of exits) if (exit.code !== 0) throw new Error(`a sink exited ${exit.code}: ${exit.stderr.slice(-1000)}`);
				// The sinks' CPU is known once they are reaped (the children's share of this process).
				const sinksMs = processCpuMs(process.pid, true) - processCpuMs(process.pid) - childrenBefore;
				const per1000 = (ms: number) => Math.round((ms / users) * 1000);
				const cpuPer1000: Record<string, number> = {'sinks (node)': per1000(sinksMs)};
				for (const s of services) cpuPer1000[s.service] = per1000((cpuAfter.get(s.service) ?? 0) - (cpuBefore.get(s.service) ?? 0));
				const busy = machineAfter.busy - machineBefore.busy;
				const total = machineAfter.total - machineBefore.total;
				const result: Round = {
					sinks,
					round,
					drainMs,
					wholeMs,
					usersPerSecond: Math.round(users / (drainMs / 1000)),
					cpuPer1000,
					machineBusy: total > 0 ? busy / total : 0,
				};
				results.push(result);
				log(
					`${sinks} sink(s), round ${round}: ${result.usersPerSecond} users/s (drain ${(drainMs / 1000).toFixed(1)} s, whole ${(wholeMs / 1000).toFixed(1)} s), machine busy ${Math.round(result.machineBusy * 100)}%`,
				);
			}
		}
	} finally {
		await admin.disconnect();
	}
} finally {
	await stub.close();
	if (!values.keep) await cli(build, ['stack', 'down'], stackEnv).catch(error => log(`stack down: ${(error as Error).message}`));
	await build.dispose();
	if (!values.keep) await rm(dataDir, {recursive: true, force: true});
}

const one = median(results.filter(r => r.sinks === 1).map(r => r.usersPerSecond));
const rows = sinkCounts.map(sinks => {
	const mine = results.filter(r => r.sinks === sinks);
	const rate = median(mine.map(r => r.usersPerSecond));
	const owners = Object.keys(mine[0]?.cpuPer1000 ?? {});
	const cpu = Object.fromEntries(owners.map(owner => [owner, median(mine.map(r => r.cpuPer1000[owner] ?? 0))]));
	return {
		sinks,
		usersPerSecond: rate,
		spread: [Math.min(...mine.map(r => r.usersPerSecond)), Math.max(...mine.map(r => r.usersPerSecond))],
		speedup: rate / one,
		cpuPer1000: cpu,
		machineBusy: median(mine.map(r => r.machineBusy)),
	};
});
await writeFile(join(repoRoot, 'bench', 'SCALING.json'), `${JSON.stringify({at: new Date().toISOString(), users, rounds, partitions, rows, results}, null, '\t')}\n`);
const owners = Object.keys(rows[0]?.cpuPer1000 ?? {});
const lines = [
	`| sinks | users/s (median, min–max) | × one sink | machine busy | ${owners.map(o => `${o} CPU ms / 1,000 rows`).join(' | ')} |`,
	`|---|---|---|---|${owners.map(() => '---').join('|')}|`,
	...rows.map(
		r =>
			`| ${r.sinks} | **${r.usersPerSecond.toLocaleString('en')}** (${r.spread.map(v => v.toLocaleString('en')).join('–')}) | ${r.speedup.toFixed(2)} | ${Math.round(r.machineBusy * 100)}% | ${owners.map(o => r.cpuPer1000[o]).join(' | ')} |`,
	),
];
process.stdout.write(`${lines.join('\n')}\n`);
