import {mkdir, rm} from 'node:fs/promises';
import {loadavg, tmpdir} from 'node:os';
import {join} from 'node:path';
import {type Admin} from 'kafkajs';
import {portOffsetFromEnv, portsWithOffset} from '../source/domain/stack-ports.js';
import {writeLimitDefaults} from '../source/services/pipeline/hbase-writer.js';
import {type SinkSettings} from '../source/services/pipeline/pipeline-factory.js';
import {type CliBuild, buildCli, repoRoot, runProcess} from './lib/cli.js';
import {type CpuUse, cpuSince, cpuSnapshot, trackStubPid} from './lib/cpu.js';
import {type ProfileSummary} from './lib/cpu-profile.js';
import {machineFacts, type MachineFacts, stackClasspath} from './lib/machine.js';
import {BenchResources, benchLogFile, benchServices, uniqueName} from './lib/stack.js';
import {figure, type Figure} from './lib/stats.js';
import {startStub, type StubProcess} from './lib/stub.js';
import {loadUserPool, rowWrites, userKeys} from './lib/users.js';
import {type Mode, type ModeSettings, modes} from './modes.js';
import {type ConsoleFigures, consoleRounds, hasTmux} from './steps/console.js';
import {decodeFigures, type DecodeFigures} from './steps/decode.js';
import {fillTopic} from './steps/fill.js';
import {gatewayRun, type GatewayShape} from './steps/gateway.js';
import {latencyRun, type LatencyResult, type LatencySettings} from './steps/latency.js';
import {consumeRss, runRss, type RssResult} from './steps/memory.js';
import {naiveRun} from './steps/naive.js';
import {averageRecordBytes, kafkaProducerPerformance, producerRun, stubServingRate, writePayloadFile} from './steps/producer.js';
import {ensurePeerVenv} from './lib/peer-venv.js';
import {ourConsumeProcess, ourProduceProcess, pythonProducerProcess, pythonSinkProcess, type SinkTarget} from './steps/peers.js';
import {nativeRun} from './steps/native.js';
import {profileCli} from './steps/profile.js';
import {sinkRun} from './steps/sink.js';
import {localTableSettingsTarget, tableSettingsRounds, type TableSettingsFigures, tableVariants} from './steps/table-settings.js';

/**
 * The benchmark: every figure beside its baseline, measured in the same run, interleaved
 * (baseline, figure, baseline, figure...) so a noisy neighbour hits both alike. A step that
 * fails is recorded as failed and the others still run: RESULTS.md always has every row.
 */
export type Outcome<T> = {readonly ok: true; readonly value: T} | {readonly ok: false; readonly reason: string; readonly failed: boolean};

export interface SweepPoint {
	readonly shape: GatewayShape;
	readonly usersPerSecond: number;
}

export interface ChangeFigure {
	readonly name: string;
	readonly settings: SinkSettings;
	readonly usersPerSecond: Figure;
	/** CPU ms of the sink's own process per 1,000 users: steadier than users/s on a shared machine. */
	readonly cpuPerThousand: Figure;
	readonly otherShare: Figure;
}

export interface RssChange {
	readonly name: string;
	readonly peakRss: number;
	readonly usersPerSecond: number;
}

export interface ProducerChange {
	readonly compression: 'gzip' | 'none';
	/** Where kafkajs ran: its own worker thread (the default) or the main thread (before). */
	readonly thread: 'worker' | 'main';
	readonly usersPerSecond: Figure;
}

export interface BenchReport {
	readonly mode: Mode;
	readonly settings: ModeSettings;
	readonly startedAt: string;
	readonly elapsedMs: number;
	readonly machine: MachineFacts;
	readonly loadAtEnd: readonly number[];
	readonly cliWarnings: string;
	readonly recordBytes: number;
	readonly sweep: Outcome<readonly SweepPoint[]>;
	readonly best: GatewayShape | undefined;
	readonly throughput: {
		readonly sink: Outcome<Figure>;
		readonly gateway: Outcome<Figure>;
		readonly naive: Outcome<Figure>;
		/** HBase's Java client (BufferedMutator, 4 threads) writing the same rows: the physical limit. Absent in older reports. */
		readonly native?: Outcome<Figure>;
		readonly producer: Outcome<Figure>;
		readonly producerNone: Outcome<Figure>;
		readonly kafkaPerf: Outcome<Figure>;
		readonly kafkaPerfJson: Outcome<Figure>;
		readonly stub: Outcome<Figure>;
	};
	readonly cpu: Readonly<Record<'gateway' | 'sink' | 'naive' | 'producer', readonly CpuUse[]>>;
	readonly latency: ReadonlyArray<{readonly label: string; readonly settings: LatencySettings; readonly result: Outcome<LatencyResult>}>;
	readonly memory: {readonly consume: Outcome<RssResult>; readonly run: Outcome<RssResult>};
	/** Paired by round: console.samples[i] and headless.samples[i] ran back to back. */
	readonly console: Outcome<ConsoleFigures>;
	readonly profile: Outcome<ProfileSummary>;
	readonly profileFile: string;
	readonly producerProfile: Outcome<ProfileSummary & {readonly workers?: readonly ProfileSummary[]}>;
	readonly producerProfileFile: string;
	readonly decode: Outcome<DecodeFigures>;
	readonly changes: Outcome<readonly ChangeFigure[]>;
	readonly rssChanges: Outcome<readonly RssChange[]>;
	readonly producerChanges: Outcome<readonly ProducerChange[]>;
	/** Absent in reports written before the peers were measured. */
	readonly peers?: Outcome<PeerFigures>;
	/** Absent in reports written before table settings were measured. */
	readonly tableSettings?: Outcome<TableSettingsFigures>;
	readonly failures: readonly string[];
}

/** Whole processes, start to exit, against the programs a user would write instead (bench/peers). */
export interface PeerFigures {
	readonly users: number;
	readonly naiveUsers: number;
	readonly consume: Figure;
	readonly batchedSink: Figure;
	readonly perMessageSink: Figure;
	readonly produce: Figure;
	readonly batchedProducer: Figure;
	/** `consume --max`: process start to group joined, and last commit to exit (ms). */
	readonly startToJoinMs: Figure;
	readonly lastCommitToExitMs: Figure;
}

export interface BenchOptions {
	readonly mode: Mode;
	/** Where the consume .cpuprofile is kept. */
	readonly profileDir?: string;
	readonly log?: (line: string) => void;
}

const MiB = 1024 * 1024;

/** The sink as it was in the last full run before the changes measured here: calls of 25 rows, one at a time. */
export const beforeSettings: SinkSettings = {writeLimits: {rowsPerCall: 25, bytesPerCall: 64 * 1024, callsInFlight: 1}};

export const changeVariants: ReadonlyArray<{readonly name: string; readonly settings: SinkSettings}> = [
	{name: 'before: calls of ≤ 25 rows / 64 KiB, one at a time', settings: beforeSettings},
	{name: `+ calls of ≤ ${writeLimitDefaults.rowsPerCall} rows / ${writeLimitDefaults.bytesPerCall / MiB} MiB (= now, 3 connections)`, settings: {}},
	{name: 'tried: 2 calls of a batch in flight', settings: {writeLimits: {callsInFlight: 2}}},
	{name: 'now, 1 connection (1 partition at a time)', settings: {connections: 1}},
	{name: 'now, 2 connections', settings: {connections: 2}},
	{name: 'now, 4 connections', settings: {connections: 4}},
];

export async function runBench(options: BenchOptions): Promise<BenchReport> {
	const log = options.log ?? (() => {});
	const settings = modes[options.mode];
	const started = Date.now();
	const failures: string[] = [];
	const step = async <T>(name: string, task: () => Promise<T>): Promise<Outcome<T>> => {
		const began = performance.now();
		log(`${name}…`);
		try {
			const value = await task();
			log(`${name}: done in ${((performance.now() - began) / 1000).toFixed(1)} s`);
			return {ok: true, value};
		} catch (error) {
			const reason = (error as Error).message?.split('\n')[0] ?? String(error);
			failures.push(`${name}: ${reason}`);
			log(`${name}: FAILED: ${(error as Error).stack ?? reason}`);
			return {ok: false, reason, failed: true};
		}
	};
	const skipped = <T>(reason: string): Outcome<T> => ({ok: false, reason, failed: false});
	const notRun = <T>(): Outcome<T> => skipped('not measured: an earlier step failed');

	const machine = await machineFacts();
	log(
		`machine: ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, Java ${machine.java}, Kafka ${machine.kafka}, HBase ${machine.hbase}; load ${machine.loadAtStart.join(' ')}`,
	);
	const resources = new BenchResources();
	const users = await loadUserPool();
	const recordBytes = averageRecordBytes(users);
	const profileDir = options.profileDir ?? join(repoRoot, 'bench', 'profiles');
	const profileFile = join(profileDir, `consume-${options.mode}.cpuprofile`);
	const producerProfileFile = join(profileDir, `produce-${options.mode}.cpuprofile`);
	const cpu = {gateway: [] as CpuUse[], sink: [] as CpuUse[], naive: [] as CpuUse[], producer: [] as CpuUse[]};
	let cli: CliBuild | undefined;
	let stub: StubProcess | undefined;
	let admin: Admin | undefined;
	const after: Array<() => Promise<unknown>> = [];
	const groups: string[] = [];
	try {
		const build = await step('build the CLI from the current sources', buildCli);
		cli = build.ok ? build.value : undefined;
		const decode = await step('decode: µs per message', async () => decodeFigures(users, settings.decodeMessages, Math.max(3, settings.runs)));

		// The sink's topic, filled once; every sink figure replays it with a fresh group into a fresh table.
		const seed = uniqueName('users');
		const filled = await step(`fill a topic with ${settings.users} users`, async () => {
			const topic = await resources.topic('sink');
			await fillTopic(resources.services, topic, users, seed, settings.users);
			return topic;
		});
		const topic = filled.ok ? filled.value : undefined;
		const rows = rowWrites(users, userKeys(seed, settings.users));
		const thrift = {host: resources.services.settings.thriftHost, port: resources.services.settings.thriftPort};
		const group = (kind: string) => {
			const name = uniqueName(kind);
			groups.push(name);
			return name;
		};

		const sweep = await step('gateway ceiling: best batch size and connections', async () => {
			const points: SweepPoint[] = [];
			for (const connections of settings.sweepConnections) {
				for (const batchRows of settings.sweepBatches) {
					const table = await resources.table('sweep');
					const usersPerSecond = await gatewayRun(rows.slice(0, settings.sweepRows), table, {batchRows, connections}, {...thrift, timestamp: Date.now()});
					await resources.dropTable(table);
					points.push({shape: {batchRows, connections}, usersPerSecond});
					log(`  ${batchRows} rows × ${connections} connection(s): ${Math.round(usersPerSecond)} users/s`);
				}
			}
			return points;
		});
		const best = sweep.ok ? [...sweep.value].sort((a, b) => b.usersPerSecond - a.usersPerSecond)[0]?.shape : undefined;

		// Ceiling, sink and naive path, interleaved round by round.
		const samples = {gateway: [] as number[], sink: [] as number[], naive: [] as number[], native: [] as number[]};
		const hbaseClasspath = stackClasspath('hbase');
		const zookeeperPort = portsWithOffset(portOffsetFromEnv(process.env)).zookeeper;
		const rounds = await step(`sink, ceilings (Thrift and native) and naive path, ${settings.runs} round(s)`, async () => {
			if (!topic || !best) throw new Error('no filled topic or no ceiling shape');
			for (let round = 0; round < settings.runs; round++) {
				// The native ceiling needs the stack's HBase jars; without them the other figures still run.
				let table: string;
				if (hbaseClasspath) {
					table = await resources.table('native');
					samples.native.push(await nativeRun(rows, {java: machine.javaBin, classpath: hbaseClasspath, zookeeperPort, table}));
					await resources.dropTable(table);
				}

				table = await resources.table('ceiling');
				let before = cpuSnapshot();
				samples.gateway.push(await gatewayRun(rows, table, best, {...thrift, timestamp: Date.now()}));
				cpu.gateway.push(cpuSince(before));
				await resources.dropTable(table);

				table = await resources.table('sink');
				before = cpuSnapshot();
				const sink = await sinkRun(benchServices({topic, table}), settings.users, {group: group('sink')});
				cpu.sink.push(cpuSince(before));
				samples.sink.push(sink.usersPerSecond);
				await resources.dropTable(table);

				table = await resources.table('naive');
				before = cpuSnapshot();
				samples.naive.push(await naiveRun(benchServices({topic, table}), table, settings.naiveUsers, group('naive')));
				cpu.naive.push(cpuSince(before));
				await resources.dropTable(table);
				log(
					`  round ${round + 1}: native ${Math.round(samples.native.at(-1) ?? Number.NaN)}, ceiling ${Math.round(samples.gateway.at(-1)!)}, sink ${Math.round(samples.sink.at(-1)!)}, naive ${Math.round(samples.naive.at(-1)!)} users/s`,
				);
			}
		});
		const fromRounds = (values: number[]): Outcome<Figure> => (rounds.ok ? {ok: true, value: figure(values)} : notRun());

		const changes = await step('what each sink change bought (before/after, same topic)', async () => {
			if (!topic) throw new Error('no filled topic');
			const count = Math.min(settings.changeUsers, settings.users);
			const results = changeVariants.map(() => ({rates: [] as number[], cpu: [] as number[], other: [] as number[]}));
			for (let round = 0; round < settings.changeRuns; round++) {
				for (const [index, variant] of changeVariants.entries()) {
					const table = await resources.table('change');
					const before = cpuSnapshot();
					const run = await sinkRun(benchServices({topic, table}), count, {group: group('change'), ...variant.settings});
					const use = cpuSince(before);
					await resources.dropTable(table);
					results[index]!.rates.push(run.usersPerSecond);
					results[index]!.cpu.push((use.ms['bench (node)'] * 1000) / count);
					results[index]!.other.push(use.ms['other processes'] / (use.wallMs * use.cores));
				}
			}
			return changeVariants.map((variant, index) => ({
				name: variant.name,
				settings: variant.settings,
				usersPerSecond: figure(results[index]!.rates),
				cpuPerThousand: figure(results[index]!.cpu),
				otherShare: figure(results[index]!.other),
			}));
		});

		const rssChanges = await step('sink RSS before/after (a process per variant)', async () => {
			if (!topic) throw new Error('no filled topic');
			const count = Math.min(settings.changeUsers, settings.users);
			const out: RssChange[] = [];
			for (const variant of [changeVariants[0]!, changeVariants[1]!]) {
				const table = await resources.table('rss');
				const input = JSON.stringify({topic, table, group: group('rss'), count, settings: variant.settings});
				const result = await runProcess(process.execPath, ['--import', 'tsx', join(repoRoot, 'bench', 'sink-child.ts'), input]);
				await resources.dropTable(table);
				if (result.code !== 0) throw new Error(`sink child exited with ${result.code}: ${result.stderr.slice(-500)}`);
				const parsed = JSON.parse(result.stdout) as {usersPerSecond: number};
				out.push({name: variant.name, peakRss: result.memory.peakRss, usersPerSecond: parsed.usersPerSecond});
			}
			return out;
		});

		const tableSettings = await step(`table settings: sink, disk bytes and get latency per setting, ${settings.tableRuns} round(s)`, async () => {
			if (!topic) throw new Error('no filled topic');
			if (!hbaseClasspath) throw new Error('not measured: no HBase classpath cached (run `userdata-tui stack up` once)');
			const count = Math.min(settings.tableUsers, settings.users);
			return tableSettingsRounds({
				resources,
				target: localTableSettingsTarget(machine.javaBin, hbaseClasspath),
				topic,
				users: count,
				runs: settings.tableRuns,
				keys: userKeys(seed, count),
				sampleKeys: settings.tableGetKeys,
				// The smoke test proves the path of each kind of table (Thrift, and the Java tool) only.
				variants: options.mode === 'tiny' ? [tableVariants[0]!, tableVariants.at(-1)!] : tableVariants,
				group,
				log,
			});
		});

		// Producer side: the stub in its own process, Kafka's own benchmark from kafka-tools.
		const stubStarted = await step('start the API stub', startStub);
		stub = stubStarted.ok ? stubStarted.value : undefined;
		trackStubPid(stub?.pid);
		const producerSamples = {
			producer: [] as number[],
			none: [] as number[],
			noneMain: [] as number[],
			kafka: [] as number[],
			kafkaJson: [] as number[],
			stub: [] as number[],
		};
		const payloadFile = join(tmpdir(), `${uniqueName('payload')}.txt`);
		const producerRounds = await step(`producer and its ceilings, ${settings.runs} round(s)`, async () => {
			if (!stub) throw new Error('no API stub');
			const classpath = stackClasspath('kafka');
			if (!classpath) throw new Error('no Kafka classpath cached: run `userdata-tui stack up` once');
			await writePayloadFile(payloadFile, users);
			const brokers = resources.services.settings.brokers.join(',');
			after.push(() => rm(payloadFile, {force: true}));
			for (let round = 0; round < settings.runs; round++) {
				producerSamples.stub.push(await stubServingRate(stub.baseUrl, settings.producerUsers));
				const variants = [
					{samples: producerSamples.producer, variant: {compression: 'gzip'}},
					{samples: producerSamples.none, variant: {compression: 'none'}},
					{samples: producerSamples.noneMain, variant: {compression: 'none', producerThread: false}},
				] as const;
				for (const {samples: into, variant} of variants) {
					const produceTopic = await resources.topic('produce');
					const before = cpuSnapshot();
					const rate = await producerRun(benchServices({topic: produceTopic, apiUrl: stub.baseUrl}), settings.producerUsers, variant);
					if (into === producerSamples.producer) cpu.producer.push(cpuSince(before));
					into.push(rate);
					await resources.deleteTopic(produceTopic);
				}
				let perfTopic = await resources.topic('kafkaperf');
				producerSamples.kafka.push(
					await kafkaProducerPerformance({java: machine.javaBin, classpath, brokers, topic: perfTopic, count: settings.producerUsers, recordBytes}),
				);
				await resources.deleteTopic(perfTopic);
				perfTopic = await resources.topic('kafkaperf');
				producerSamples.kafkaJson.push(
					await kafkaProducerPerformance({java: machine.javaBin, classpath, brokers, topic: perfTopic, count: settings.producerUsers, payloadFile, compression: 'gzip'}),
				);
				await resources.deleteTopic(perfTopic);
				log(
					`  round ${round + 1}: producer ${Math.round(producerSamples.producer.at(-1)!)} (no compression ${Math.round(producerSamples.none.at(-1)!)}, kafkajs in the main thread ${Math.round(producerSamples.noneMain.at(-1)!)}), Kafka ${Math.round(producerSamples.kafka.at(-1)!)} (JSON+gzip ${Math.round(producerSamples.kafkaJson.at(-1)!)}), stub ${Math.round(producerSamples.stub.at(-1)!)} users/s`,
				);
			}
		});
		const fromProducer = (values: number[]): Outcome<Figure> => (producerRounds.ok ? {ok: true, value: figure(values)} : notRun());

		const peers = await step(`whole processes against the Python peers, ${settings.peerRuns} round(s)`, async (): Promise<PeerFigures> => {
			if (!cli || !stub || !topic) throw new Error('no CLI build, API stub or filled topic');
			const python = await ensurePeerVenv(log);
			const brokers = resources.services.settings.brokers.join(',');
			const sinkTarget = async (kind: string, count: number): Promise<SinkTarget> => ({
				brokers,
				thriftHost: thrift.host,
				thriftPort: thrift.port,
				topic,
				table: await resources.table(kind),
				group: group(kind),
				count: Math.min(count, settings.users),
			});
			const rates = {consume: [] as number[], batched: [] as number[], perMessage: [] as number[], produce: [] as number[], pyProduce: [] as number[]};
			const join: number[] = [];
			const stop: number[] = [];
			for (let round = 0; round < settings.peerRuns; round++) {
				let target = await sinkTarget('peer_ours', settings.peerUsers);
				const ours = await ourConsumeProcess(cli, target);
				await resources.dropTable(target.table);
				rates.consume.push(ours.usersPerSecond);
				join.push(ours.fixed.startToJoinMs);
				stop.push(ours.fixed.lastCommitToExitMs);
				target = await sinkTarget('peer_batched', settings.peerUsers);
				rates.batched.push((await pythonSinkProcess(python, 'batched_sink.py', target)).usersPerSecond);
				await resources.dropTable(target.table);
				for (const [into, run] of [
					[rates.produce, async (t: string) => ourProduceProcess(cli!, {brokers, topic: t, apiUrl: stub!.baseUrl, count: settings.peerUsers})],
					[rates.pyProduce, async (t: string) => pythonProducerProcess(python, {brokers, topic: t, apiUrl: stub!.baseUrl, count: settings.peerUsers})],
				] as const) {
					const produceTopic = await resources.topic('peer_produce');
					into.push((await run(produceTopic)).usersPerSecond);
					await resources.deleteTopic(produceTopic);
				}
				log(
					`  round ${round + 1}: consume ${Math.round(rates.consume.at(-1)!)} (join ${Math.round(join.at(-1)!)} ms, stop ${Math.round(stop.at(-1)!)} ms), batched Python sink ${Math.round(rates.batched.at(-1)!)}; produce ${Math.round(rates.produce.at(-1)!)}, Python producer ${Math.round(rates.pyProduce.at(-1)!)} users/s`,
				);
			}
			const target = await sinkTarget('peer_per_message', settings.peerNaiveUsers);
			rates.perMessage.push((await pythonSinkProcess(python, 'per_message_sink.py', target)).usersPerSecond);
			await resources.dropTable(target.table);
			log(`  per-message Python sink ${Math.round(rates.perMessage[0]!)} users/s`);
			return {
				users: Math.min(settings.peerUsers, settings.users),
				naiveUsers: Math.min(settings.peerNaiveUsers, settings.users),
				consume: figure(rates.consume),
				batchedSink: figure(rates.batched),
				perMessageSink: figure(rates.perMessage),
				produce: figure(rates.produce),
				batchedProducer: figure(rates.pyProduce),
				startToJoinMs: figure(join),
				lastCommitToExitMs: figure(stop),
			};
		});

		const latency: Array<BenchReport['latency'][number]> = [];
		for (const pageSize of [100, 1000]) {
			const latencySettings: LatencySettings = {rate: settings.latencyRate, pageSize, seconds: settings.latencySeconds};
			const label = `${settings.latencyRate.toLocaleString('en')} users/s, pages of ${pageSize.toLocaleString('en')}`;
			const result = await step(`latency at ${label}`, async () => {
				if (!stub) throw new Error('no API stub');
				const latencyTopic = await resources.topic('latency');
				const table = await resources.table('latency');
				const value = await latencyRun(benchServices({topic: latencyTopic, table, apiUrl: stub.baseUrl}), group('latency'), latencySettings);
				await resources.dropTable(table);
				await resources.deleteTopic(latencyTopic);
				log(`  p50 ${Math.round(value.p50)} ms, p95 ${Math.round(value.p95)} ms, p99 ${Math.round(value.p99)} ms over ${value.samples} users (${value.missing} missing)`);
				return value;
			});
			latency.push({label, settings: latencySettings, result});
		}

		const consume = await step(`consume peak RSS over ${settings.users} users`, async () => {
			if (!cli || !topic) throw new Error('no CLI build or no filled topic');
			const table = await resources.table('rss');
			const value = await consumeRss(cli, topic, table, group('rss'), settings.users);
			await resources.dropTable(table);
			return value;
		});
		const run = await step(`run peak RSS over ${settings.runSeconds} s at ${settings.runRate} users/s`, async () => {
			if (!cli || !stub) throw new Error('no CLI build or no API stub');
			const runTopic = await resources.topic('run');
			const table = await resources.table('run');
			const value = await runRss(cli, {topic: runTopic, table, group: group('run'), apiUrl: stub.baseUrl, rate: settings.runRate, seconds: settings.runSeconds});
			await resources.dropTable(table);
			await resources.deleteTopic(runTopic);
			return value;
		});

		const profile = await step(`CPU profile of consume over ${settings.profileUsers} users`, async () => {
			if (!cli || !topic) throw new Error('no CLI build or no filled topic');
			await mkdir(profileDir, {recursive: true});
			const table = await resources.table('profile');
			const count = String(Math.min(settings.profileUsers, settings.users));
			const value = await profileCli(
				cli,
				['--topic', topic, '--table', table, '--log-file', benchLogFile, '--json', 'consume', '--group', group('profile'), '--max', count],
				profileFile,
			);
			await resources.dropTable(table);
			return value;
		});
		const producerProfile = await step(`CPU profile of produce over ${settings.profileUsers} users`, async () => {
			if (!cli || !stub) throw new Error('no CLI build or no API stub');
			await mkdir(profileDir, {recursive: true});
			const produceTopic = await resources.topic('profile');
			const value = await profileCli(
				cli,
				['--topic', produceTopic, '--api-url', stub.baseUrl, '--log-file', benchLogFile, '--json', 'produce', '--count', String(settings.profileUsers)],
				producerProfileFile,
			);
			await resources.deleteTopic(produceTopic);
			return value;
		});

		let consoleOutcome: BenchReport['console'];
		if (settings.consoleRuns === 0) consoleOutcome = skipped(`not measured in ${options.mode} mode`);
		else if (!hasTmux()) consoleOutcome = skipped('not measured: tmux is not installed (the console needs a terminal)');
		else {
			consoleOutcome = await step(`console against headless, ${settings.consoleRuns} round(s)`, async () => {
				if (!cli || !stub) throw new Error('no CLI build or no API stub');
				return consoleRounds({cli, resources, apiUrl: stub.baseUrl, rounds: settings.consoleRuns, windowMs: settings.consoleWindowMs, group, log});
			});
		}

		return {
			mode: options.mode,
			settings,
			startedAt: new Date(started).toISOString(),
			elapsedMs: Date.now() - started,
			machine,
			loadAtEnd: loadavg().map(n => Math.round(n * 100) / 100),
			cliWarnings: cli?.warnings ?? '',
			recordBytes,
			sweep,
			best,
			throughput: {
				sink: fromRounds(samples.sink),
				gateway: fromRounds(samples.gateway),
				naive: fromRounds(samples.naive),
				native: hbaseClasspath ? fromRounds(samples.native) : skipped('not measured: no HBase classpath cached (run `userdata-tui stack up` once)'),
				producer: fromProducer(producerSamples.producer),
				producerNone: fromProducer(producerSamples.none),
				kafkaPerf: fromProducer(producerSamples.kafka),
				kafkaPerfJson: fromProducer(producerSamples.kafkaJson),
				stub: fromProducer(producerSamples.stub),
			},
			cpu,
			latency,
			memory: {consume, run},
			console: consoleOutcome,
			profile,
			profileFile,
			producerProfile,
			producerProfileFile,
			decode,
			changes,
			rssChanges,
			producerChanges: producerRounds.ok
				? {
						ok: true,
						value: [
							{compression: 'gzip', thread: 'worker', usersPerSecond: figure(producerSamples.producer)},
							{compression: 'none', thread: 'worker', usersPerSecond: figure(producerSamples.none)},
							{compression: 'none', thread: 'main', usersPerSecond: figure(producerSamples.noneMain)},
						],
					}
				: notRun(),
			peers,
			tableSettings,
			failures,
		};
	} finally {
		trackStubPid(undefined);
		for (const task of after) await task().catch(() => {});
		await resources.deleteGroups(groups).catch(() => {});
		await admin?.disconnect().catch(() => {});
		await stub?.close();
		await cli?.dispose();
		await resources.cleanup(line => log(`cleanup: ${line}`));
	}
}
