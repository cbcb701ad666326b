import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parsePortOffset, portsWithOffset, stackAddress} from '../../../source/domain/stack-ports.js';
import {createKafka} from '../../../source/services/kafka/kafka-client.js';
import {silentLogger} from '../../../source/services/logger.js';
import {isOurProcess} from '../../../source/services/stack/processes.js';
import {expectedChecksum, tableChecksum} from '../../helpers/hbase-read.js';
import {uniqueName} from '../../helpers/ids.js';
import {RandomUserStub} from '../../helpers/randomuser-stub.js';
import {runCli} from '../../helpers/run-cli.js';
import {type CliProcess, spawnCli} from '../../helpers/spawn-cli.js';
import {readTopic} from '../../helpers/topic-read.js';
import {waitFor} from '../../helpers/wait-for.js';

interface ServiceJson {
	service: string;
	pid: number | null;
	up: boolean;
	endpoints: Array<{name: string; address: string; up: boolean; detail: string}>;
}

/** The last `consume: written N` a sink printed. */
function written(sink: CliProcess): number {
	const last = sink.stderr.filter(line => line.startsWith('consume: written')).at(-1) ?? '';
	return Number(/written (\d+)/.exec(last)?.[1] ?? 0);
}

/**
 * `stack up --cluster` on its own data folder and ports: 3 KRaft brokers, ZooKeeper, HDFS
 * (NameNode + DataNode), an HBase master, 2 region servers and Thrift, and the pipeline proven
 * on it while its processes are killed with -9: a sink, a broker, a region server.
 */
// Each test produces 20,000 users and waits out a kill: minutes on a busy 2-core machine.
describe('the local cluster (stack up --cluster), and the pipeline surviving kill -9 on it', {timeout: 600_000}, () => {
	const offset = parsePortOffset(process.env.USERDATA_CLUSTER_TEST_OFFSET ?? '10000', 'USERDATA_CLUSTER_TEST_OFFSET');
	const ports = portsWithOffset(offset);
	const brokers = [ports.kafka, ports.kafka2, ports.kafka3].map(stackAddress);
	const dataDir = mkdtempSync(join(tmpdir(), 'userdata-cluster-'));
	const logFile = join(tmpdir(), `userdata-cluster-test-${process.pid}.log`);
	const stub = new RandomUserStub();
	let env: NodeJS.ProcessEnv = {};
	const stackEnv = {...process.env, USERDATA_HOME: dataDir, USERDATA_STACK_PORT_OFFSET: String(offset), USERDATA_LOG_FILE: logFile};
	const started: CliProcess[] = [];
	const spawned = (args: readonly string[]) => {
		const cli = spawnCli(args, env);
		started.push(cli);
		return cli;
	};
	const pidOf = (service: string) => Number(readFileSync(join(dataDir, 'run', `${service}.pid`), 'utf8').trim());
	const killService = (service: string) => {
		const pid = pidOf(service);
		expect(isOurProcess(pid, service)).toBe(true);
		process.kill(pid, 'SIGKILL');
		return pid;
	};
	/** Brings a killed service back, as a user would: `stack up` starts only what is missing. */
	const stackUp = async () => {
		const up = await runCli(['stack', 'up'], stackEnv);
		expect(up.code, up.io.text()).toBe(0);
	};
	const produce = async (topic: string, count: number, seed: string) => {
		const produced = await runCli(['produce', '--topic', topic, '--count', String(count), '--batch-size', '1000', '--seed', seed], env);
		expect(produced.code, produced.io.text()).toBe(0);
	};
	const expectTableHoldsTopic = async (topic: string, table: string, rows: number) => {
		const [actual, expected] = await Promise.all([tableChecksum(table, '127.0.0.1', ports.thrift), readTopic(topic, brokers).then(expectedChecksum)]);
		expect(expected.rows).toBe(rows);
		expect(actual).toEqual(expected);
	};

	beforeAll(async () => {
		const apiUrl = await stub.start();
		const began = Date.now();
		const up = await runCli(['stack', 'up', '--cluster'], stackEnv);
		expect(up.code, up.io.text()).toBe(0);
		process.stderr.write(`[cluster] cold start took ${Math.round((Date.now() - began) / 1000)} s\n`);
		const exported = await runCli(['stack', 'env'], stackEnv);
		const variables: Record<string, string> = {};
		for (const line of exported.io.stdout) {
			const match = /^export (\w+)='(.*)'$/.exec(line);
			if (match) variables[match[1]!] = match[2]!;
		}
		env = {...stackEnv, ...variables, USERDATA_API_URL: apiUrl};
	});

	afterAll(async () => {
		for (const cli of started) cli.child.kill('SIGKILL');
		await stub.close();
		const down = await runCli(['stack', 'down'], stackEnv);
		expect(down.code, down.io.text()).toBe(0);
		rmSync(dataDir, {recursive: true, force: true});
		rmSync(logFile, {force: true});
	});

	it('`stack status --json` lists every service up, and the master holds 2 live region servers', async () => {
		expect(env.USERDATA_BROKERS).toBe(brokers.join(','));
		const status = await runCli(['stack', 'status', '--json'], stackEnv);
		expect(status.code, status.io.text()).toBe(0);
		const services = JSON.parse(status.io.stdout.join('\n')) as ServiceJson[];
		expect(services.map(s => s.service)).toEqual([
			'kafka',
			'kafka-2',
			'kafka-3',
			'zookeeper',
			'namenode',
			'datanode',
			'hbase',
			'regionserver-1',
			'regionserver-2',
			'thrift',
		]);
		for (const service of services) {
			expect(service.up, JSON.stringify(service)).toBe(true);
			expect(service.pid).toBeGreaterThan(0);
			for (const endpoint of service.endpoints) expect(endpoint.address).toMatch(/^127\.0\.0\.1:\d+$/);
		}
		const master = services.find(s => s.service === 'hbase')!;
		expect(master.endpoints.find(e => e.name === 'HBase master UI')?.detail).toBe('up, 2 live region servers');
		expect(services.find(s => s.service === 'namenode')!.endpoints[0]!.address).toBe(stackAddress(ports.hdfsNameNode));
	});

	it('topics default to 3 replicas with min.insync.replicas 2', async () => {
		const topic = uniqueName('replicas');
		const table = uniqueName('t_replicas');
		const init = await runCli(['init', '--topic', topic, '--table', table], env);
		expect(init.code, init.io.text()).toBe(0);
		expect(init.io.stdout[0]).toBe(`topic ${topic}: created (3 partitions, replication factor 3)`);
		// And the table 2 regions per region server, pre-split through HBase's Java client.
		expect(init.io.stdout[2]).toBe(`table ${table}: created (families address, contact, info, VERSIONS 3, COMPRESSION GZ, 4 regions)`);
		const admin = createKafka({brokers, clientId: 'cluster-test'}, silentLogger).admin();
		await admin.connect();
		try {
			const metadata = await admin.fetchTopicMetadata({topics: [topic]});
			expect(metadata.topics[0]!.partitions.map(p => p.replicas.length)).toEqual([3, 3, 3]);
			const configs = await admin.describeConfigs({resources: [{type: 2, name: topic, configNames: ['min.insync.replicas']}], includeSynonyms: false});
			expect(configs.resources[0]!.configEntries.find(e => e.configName === 'min.insync.replicas')?.configValue).toBe('2');
		} finally {
			await admin.disconnect();
		}
	});

	it('three sinks in one group, one killed -9 mid-drain: every row exactly once, and the survivors finish', async () => {
		const topic = uniqueName('three-sinks');
		const table = uniqueName('t_three_sinks');
		expect((await runCli(['init', '--topic', topic, '--table', table], env)).code).toBe(0);
		await produce(topic, 20_000, 'three-sinks');
		const group = uniqueName('sink');
		const args = ['consume', '--topic', topic, '--table', table, '--group', group, '--batch-rows', '500', '--session-timeout', '8', '--until-idle', '20'];
		const sinks = [spawned(args), spawned(args), spawned(args)];
		await waitFor(() => written(sinks[0]!) > 0, 'the first sink to write', 120_000);
		sinks[0]!.child.kill('SIGKILL');
		expect(await sinks[0]!.exited).toBeNull();
		const codes = await Promise.all(sinks.slice(1).map(async sink => sink.exited));
		expect(codes).toEqual([0, 0]);
		process.stderr.write(`[cluster] three sinks: killed one after ${written(sinks[0]!)} rows; survivors wrote ${sinks.slice(1).map(written).join(' and ')}\n`);
		await expectTableHoldsTopic(topic, table, 20_000);
	});

	// Once lost 161 of 20,000 acknowledged users: kafkajs resolved a send without the partition
	// that moved (RELIABILITY.md); the producer now sends such records again.
	it('a broker killed -9 during produce: every user reported sent is in the topic', async () => {
		const topic = uniqueName('broker-kill-produce');
		expect((await runCli(['init', '--topic', topic, '--table', uniqueName('t_broker_kill_produce')], env)).code).toBe(0);
		const producer = spawned(['produce', '--topic', topic, '--count', '20000', '--batch-size', '500', '--rate', '2500', '--seed', 'broker-kill']);
		await waitFor(() => producer.stderr.some(line => /^produce: fetched \d+, sent [1-9]/.test(line)), 'the producer to send', 120_000);
		killService('kafka-2');
		expect(await producer.exited, producer.stderr.join('\n')).toBe(0);
		expect(producer.stdout[0]).toBe('fetched 20000, sent 20000, failed 0, invalid 0');
		await stackUp();
		const ids = new Set((await readTopic(topic, brokers)).map(message => String(message.key)));
		expect(ids.size).toBe(20_000);
	});

	// Once 609 s to exit after the kill (kafkajs's leftover sockets, RELIABILITY.md); the
	// describe's 600 s deadline is ample now.
	it('a broker killed -9 during consume: the sink finishes, nothing lost', async () => {
		const topic = uniqueName('broker-kill');
		const table = uniqueName('t_broker_kill');
		expect((await runCli(['init', '--topic', topic, '--table', table], env)).code).toBe(0);
		await produce(topic, 20_000, 'broker-kill');
		const sink = spawned([
			'consume',
			'--topic',
			topic,
			'--table',
			table,
			'--group',
			uniqueName('sink'),
			'--batch-rows',
			'200',
			'--session-timeout',
			'8',
			'--until-idle',
			'20',
		]);
		await waitFor(() => written(sink) > 0, 'the sink to write', 120_000);
		const killedAt = Date.now();
		killService('kafka-3');
		expect(await sink.exited, sink.stderr.join('\n')).toBe(0);
		process.stderr.write(
			`[cluster] broker killed during consume: the sink finished ${Math.round((Date.now() - killedAt) / 1000)} s after the kill (20 s of it --until-idle)\n`,
		);
		await stackUp();
		await expectTableHoldsTopic(topic, table, 20_000);
	});

	it('a region server killed -9 during consume: its regions move, the sink resumes, nothing is lost', async () => {
		const topic = uniqueName('rs-kill');
		const table = uniqueName('t_rs_kill');
		expect((await runCli(['init', '--topic', topic, '--table', table], env)).code).toBe(0);
		await produce(topic, 20_000, 'rs-kill');
		// The server that holds the table's region: its JMX lists the region's metrics by table name.
		const holder = await waitFor(async () => {
			for (const [service, port] of [
				['regionserver-1', ports.hbaseRegionServerUi],
				['regionserver-2', ports.hbaseRegionServerUi2],
			] as const) {
				const text = await (await fetch(`http://127.0.0.1:${port}/jmx?qry=Hadoop:service=HBase,name=RegionServer,sub=Regions`)).text();
				if (text.includes(`_table_${table}_region_`)) return service;
			}
			return undefined;
		}, `a region server to hold ${table}`);
		const sink = spawned(['consume', '--topic', topic, '--table', table, '--group', uniqueName('sink'), '--batch-rows', '200', '--until-idle', '30']);
		await waitFor(() => written(sink) > 0, 'the sink to write', 120_000);
		const before = written(sink);
		const killedAt = Date.now();
		killService(holder);
		// Recovered: the sink writes more rows than it had when the server died.
		await waitFor(() => written(sink) > before + 1000, 'the sink to write again after the region moved', 300_000, 200);
		const recoveredS = Math.round((Date.now() - killedAt) / 1000);
		expect(await sink.exited, sink.stderr.join('\n')).toBe(0);
		process.stderr.write(`[cluster] region server ${holder} killed after ${before} rows: the sink wrote again ${recoveredS} s later\n`);
		await expectTableHoldsTopic(topic, table, 20_000);
		await stackUp();
	});
});
