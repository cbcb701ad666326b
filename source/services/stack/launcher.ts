import {execFile} from 'node:child_process';
import {chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {ConfigError, UnavailableError} from '../../domain/errors.js';
import {setTimeout as delay} from 'node:timers/promises';
import {resolveClasspath} from './classpath.js';
import {STACK_HOST, stackPorts, type StackPorts} from '../../domain/stack-ports.js';
import {
	clusterNodes,
	coreSite,
	hadoopWebapps,
	hbaseJvmFlags,
	hbaseLog4j,
	hbaseSite,
	hdfsSite,
	type KafkaNode,
	kafkaLog4j,
	kafkaServerProperties,
	zooCfg,
} from './configs.js';
import {type StackLayout, stackLayout} from './layout.js';
import {livePid, marker, portAnswers, spawnDetached, stopProcess} from './processes.js';
import {findJava, findMaven, type Java} from './toolchain.js';
import {jmx, liveRegionServers} from './jmx.js';
import {ensureSecrets, readSecrets, scramFormatArgs, type StackSecrets} from './security.js';

/**
 * A process of the stack, by its pid-file name. The single node runs kafka, hbase and thrift;
 * the cluster adds kafka-2, kafka-3, zookeeper, namenode, datanode and two region servers (its
 * `hbase` is the master alone).
 */
export type ServiceName = string;

/** Readiness probes: a real request each (Kafka metadata, Thrift getTableNames). */
export interface StackProbes {
	/** With `secrets`, over SASL_SSL as the stack's client user; `broker` is host:port. */
	kafka(secrets: StackSecrets | undefined, broker: string): Promise<void>;
	thrift(): Promise<void>;
}

export interface StackOptions {
	readonly dataDir: string;
	readonly stackDir: string;
	readonly probes: StackProbes;
	readonly report?: (line: string) => void;
	readonly readyTimeoutMs?: number;
	readonly ports?: StackPorts;
	/** `stack up --secure` on a fresh data folder: Kafka takes SASL/SCRAM over TLS only. A secured folder stays secured. */
	readonly secure?: boolean;
	/** `stack up --cluster` on a fresh data folder: 3 brokers, HDFS, ZooKeeper, master, 2 region servers, Thrift. It stays a cluster. */
	readonly cluster?: boolean;
}

export interface Endpoint {
	readonly name: string;
	readonly address: string;
	readonly up: boolean;
	readonly detail: string;
}

export interface ServiceStatus {
	readonly service: ServiceName;
	readonly title: string;
	readonly pid: number | undefined;
	/** Every endpoint answers. */
	readonly up: boolean;
	readonly log: string;
	readonly endpoints: readonly Endpoint[];
}

interface EndpointSpec {
	readonly name: string;
	readonly port: number;
	/** A real request; a string it resolves to is shown as the detail (the master's live region servers). */
	readonly probe?: () => Promise<string | void>;
}

/** How one JVM of the stack is run and checked. */
interface ServiceSpec {
	readonly name: ServiceName;
	readonly title: string;
	readonly component: 'kafka' | 'hbase';
	/** Bound by this process; the first is the one that tells whether it is still there. */
	readonly ports: readonly number[];
	readonly log: string;
	readonly heap: readonly [string, string];
	readonly main: string;
	readonly mainArgs: readonly string[];
	/** Cluster: 1 = storage and coordination (ZooKeeper, HDFS, brokers), 2 = HBase on top of them. */
	readonly stage: 1 | 2;
	readonly graceMs: number;
	readonly endpoints: readonly EndpointSpec[];
	/** A first-start step (formatting), run before the process starts. */
	readonly prepare?: (java: Java, classpath: string[]) => Promise<void>;
	/** Kafka's own properties file and log4j config, for a broker. */
	readonly kafka?: {readonly properties: string; readonly log4j: string};
}

const CLUSTER_MARKER = 'cluster.json';

/**
 * The local stack: real Apache Kafka and Apache HBase (with its Thrift1 gateway) started from
 * Maven Central jars on JDK 17, for users without Docker and for our tests and CI. A single node
 * by default; `--cluster` runs the distributed topology on one machine.
 */
export class LocalStack {
	readonly layout: StackLayout;
	readonly ports: StackPorts;
	private readonly report: (line: string) => void;

	constructor(private readonly options: StackOptions) {
		this.layout = stackLayout(options.dataDir);
		this.ports = options.ports ?? stackPorts;
		this.report = options.report ?? (() => {});
	}

	/** The log file of a service (`kafka`, `hbase`, `thrift`, and the cluster's other names). */
	logFile(service: ServiceName): string {
		const spec = this.plan(this.isCluster()).find(s => s.name === service);
		return join(this.layout.logsDir, spec?.log ?? `${service}.log`);
	}

	/** True when this data folder holds a cluster (made by `stack up --cluster`). */
	isCluster(): boolean {
		return existsSync(join(this.layout.dataDir, CLUSTER_MARKER));
	}

	/** The Kafka bootstrap addresses of this stack: one broker, or the cluster's three. */
	brokers(): string[] {
		return this.isCluster() ? clusterNodes(this.ports).map(n => `${STACK_HOST}:${n.port}`) : [`${STACK_HOST}:${this.ports.kafka}`];
	}

	/** Idempotent: starts what is not running, then waits until Kafka and Thrift answer. */
	async up(): Promise<ServiceStatus[]> {
		const java = await findJava();
		this.report(`java: ${java.bin} (${java.version})`);
		const cluster = this.clusterMode();
		const plan = this.plan(cluster);
		const toStart = plan.filter(s => livePid(this.layout.runDir, s.name) === undefined);
		const secrets = await this.security(
			java,
			toStart.some(s => s.component === 'kafka'),
		);
		if (toStart.length > 0) {
			await this.checkPortsFree(toStart);
			this.writeConfigs(secrets, cluster);
		}
		const classpaths = new Map<'kafka' | 'hbase', string[]>();
		for (const component of ['kafka', 'hbase'] as const) {
			if (toStart.some(s => s.component === component)) classpaths.set(component, await this.classpath(component, java));
		}
		// Every broker is formatted with the same cluster id: made once, before the formats run side by side.
		if (toStart.some(s => s.component === 'kafka')) await this.clusterId(java, classpaths.get('kafka')!);
		const start = async (services: readonly ServiceSpec[]) => {
			// Formatting runs a JVM each: in parallel, the three brokers' formats take the time of one.
			await Promise.all(services.map(async s => s.prepare?.(java, classpaths.get(s.component)!)));
			for (const s of services) this.start(java, classpaths.get(s.component)!, s, secrets);
		};
		await start(toStart.filter(s => s.stage === 1));
		const second = toStart.filter(s => s.stage === 2);
		if (cluster && second.length > 0) {
			// The master stops at once when HDFS is not there yet (or still in safe mode).
			await this.waitFor('HDFS (out of safe mode, a live DataNode)', ['namenode', 'datanode'], async () => this.hdfsReady());
		}
		await start(second);
		if (toStart.length === 0) this.report('all services were already running');

		for (const broker of this.brokers()) {
			await this.waitFor(
				`Kafka broker ${broker}`,
				plan.filter(s => s.component === 'kafka' && s.ports[0] === Number(broker.split(':')[1])).map(s => s.name),
				async () => this.options.probes.kafka(secrets, broker),
			);
		}
		const hbaseNames = plan.filter(s => s.component === 'hbase').map(s => s.name);
		await this.waitFor(`HBase Thrift1 gateway on ${STACK_HOST}:${this.ports.thrift}`, hbaseNames, async () => this.options.probes.thrift());
		if (cluster) {
			await this.waitFor('the HBase master to report 2 live region servers', hbaseNames, async () => {
				const live = await this.liveRegionServers();
				if (live < 2) throw new UnavailableError(`${live} live region servers`);
			});
		}
		return this.status();
	}

	async status(): Promise<ServiceStatus[]> {
		const result: ServiceStatus[] = [];
		for (const spec of this.plan(this.isCluster())) {
			const pid = livePid(this.layout.runDir, spec.name);
			const endpoints: Endpoint[] = [];
			for (const e of spec.endpoints) endpoints.push(await this.endpoint(e, pid));
			result.push({
				service: spec.name,
				title: spec.title,
				pid,
				up: endpoints.every(e => e.up),
				log: join(this.layout.logsDir, spec.log),
				endpoints,
			});
		}
		return result;
	}

	/** Stops only the processes the stack started (pid files with our marker); keeps the data. */
	async down(): Promise<Array<{service: ServiceName; outcome: 'stopped' | 'killed' | 'not running'}>> {
		const stop = async (spec: ServiceSpec) => {
			const pid = livePid(this.layout.runDir, spec.name);
			if (pid === undefined) return {service: spec.name, outcome: 'not running' as const};
			this.report(`stopping ${spec.title} (pid ${pid})…`);
			return {service: spec.name, outcome: await stopProcess(pid, spec.name, spec.graceMs)};
		};
		const outcomes: Array<{service: ServiceName; outcome: 'stopped' | 'killed' | 'not running'}> = [];
		// Clients first (Thrift, then HBase from its region servers to its master), storage after, Kafka last.
		const reversed = [...this.plan(this.isCluster())].reverse();
		for (const spec of reversed.filter(s => s.component !== 'kafka')) outcomes.push(await stop(spec));
		// The brokers together: one by one, the last would wait in vain for a controller quorum to
		// let it shut down in order, and be killed after its grace time.
		outcomes.push(...(await Promise.all(reversed.filter(s => s.component === 'kafka').map(stop))));
		return outcomes;
	}

	/** The secured stack's client settings, or undefined for a plaintext one. */
	secrets(): StackSecrets | undefined {
		return readSecrets(this.layout);
	}

	/** What the master's JMX bean says: how many region servers it holds live. */
	async liveRegionServers(): Promise<number> {
		return liveRegionServers(this.ports.hbaseMasterUi);
	}

	private async hdfsReady(): Promise<void> {
		const info = await jmx(this.ports.hdfsNameNodeUi, 'Hadoop:service=NameNode,name=NameNodeInfo');
		const live = Object.keys(JSON.parse(typeof info.LiveNodes === 'string' ? info.LiveNodes : '{}') as object).length;
		if (info.Safemode !== '' || live < 1) throw new UnavailableError(`safe mode: ${String(info.Safemode) || 'off'}, live DataNodes: ${live}`);
	}

	/**
	 * The topology of this data folder: made at its first start (`--cluster` or not) and kept
	 * after, since a single node's data cannot become a cluster's in place.
	 */
	private clusterMode(): boolean {
		if (this.isCluster()) {
			if (!this.options.cluster) this.report('this data folder holds a cluster: starting the cluster');
			return true;
		}
		if (!this.options.cluster) return false;
		if (existsSync(join(this.layout.kafkaDataDir, 'meta.properties'))) {
			throw new ConfigError(`The stack in ${this.layout.dataDir} was first started as a single node, so it cannot become a cluster in place`, {
				hint: 'Start the cluster in another data folder (USERDATA_HOME), or run `userdata-tui stack down` and delete this folder first',
			});
		}
		return true;
	}

	private plan(cluster: boolean): ServiceSpec[] {
		const p = this.ports;
		const l = this.layout;
		const kafkaNode = (node: KafkaNode, name: string, log: string, heap: readonly [string, string]): ServiceSpec => {
			const dir = cluster ? join(l.kafkaDir, `node-${node.id}`) : l.kafkaDir;
			const dataDir = cluster ? join(dir, 'data') : l.kafkaDataDir;
			return {
				name,
				title: cluster ? `Kafka broker ${node.id} (KRaft broker+controller)` : 'Kafka (KRaft broker+controller)',
				component: 'kafka',
				ports: [node.port, node.controllerPort],
				log,
				heap,
				main: 'kafka.Kafka',
				mainArgs: [join(dir, 'server.properties')],
				stage: 1,
				graceMs: 30_000,
				endpoints: [
					{
						name: cluster ? `Kafka broker ${node.id}` : this.secrets() ? 'Kafka (SASL_SSL)' : 'Kafka broker',
						port: node.port,
						probe: async () => this.options.probes.kafka(this.secrets(), `${STACK_HOST}:${node.port}`),
					},
				],
				kafka: {properties: join(dir, 'server.properties'), log4j: join(dir, 'log4j2.properties')},
				prepare: async (java, classpath) => this.formatKafka(java, classpath, dir, dataDir, cluster),
			};
		};
		const thrift: ServiceSpec = {
			name: 'thrift',
			title: 'HBase Thrift1 gateway',
			component: 'hbase',
			ports: [p.thrift, p.thriftUi],
			log: 'hbase-thrift.log',
			heap: cluster ? ['128m', '512m'] : ['128m', '768m'],
			main: 'org.apache.hadoop.hbase.thrift.ThriftServer',
			mainArgs: ['start', '-p', String(p.thrift), '-b', STACK_HOST, '--infoport', String(p.thriftUi), '-threadpool'],
			stage: 2,
			graceMs: 30_000,
			endpoints: [{name: 'HBase Thrift', port: p.thrift, probe: async () => this.options.probes.thrift()}],
		};
		if (!cluster) {
			return [
				kafkaNode({id: 1, port: p.kafka, controllerPort: p.kafkaController}, 'kafka', 'kafka.log', ['256m', '768m']),
				{
					name: 'hbase',
					title: 'HBase (standalone master+regionserver+ZooKeeper)',
					component: 'hbase',
					ports: [p.zookeeper, p.hbaseMaster, p.hbaseMasterUi, p.hbaseRegionServer, p.hbaseRegionServerUi],
					log: 'hbase-master.log',
					heap: ['512m', '1536m'],
					main: 'org.apache.hadoop.hbase.master.HMaster',
					mainArgs: ['start'],
					stage: 1,
					graceMs: 60_000,
					endpoints: [
						{name: 'ZooKeeper', port: p.zookeeper},
						{name: 'HBase master UI', port: p.hbaseMasterUi},
					],
				},
				thrift,
			];
		}
		const regionServer = (n: 1 | 2, port: number, uiPort: number): ServiceSpec => ({
			name: `regionserver-${n}`,
			title: `HBase region server ${n}`,
			component: 'hbase',
			ports: [port, uiPort],
			log: `hbase-regionserver-${n}.log`,
			heap: ['256m', '1024m'],
			main: 'org.apache.hadoop.hbase.regionserver.HRegionServer',
			// Generic options before the command, as HBase's own local-regionservers.sh passes them.
			mainArgs: ['-D', `hbase.regionserver.port=${port}`, '-D', `hbase.regionserver.info.port=${uiPort}`, 'start'],
			stage: 2,
			graceMs: 60_000,
			endpoints: [{name: `HBase region server ${n}`, port}],
		});
		const [n1, n2, n3] = clusterNodes(p) as [KafkaNode, KafkaNode, KafkaNode];
		const brokerHeap = ['192m', '512m'] as const;
		return [
			kafkaNode(n1, 'kafka', 'kafka-1.log', brokerHeap),
			kafkaNode(n2, 'kafka-2', 'kafka-2.log', brokerHeap),
			kafkaNode(n3, 'kafka-3', 'kafka-3.log', brokerHeap),
			{
				name: 'zookeeper',
				title: 'ZooKeeper',
				component: 'hbase',
				ports: [p.zookeeper],
				log: 'zookeeper.log',
				heap: ['64m', '256m'],
				main: 'org.apache.zookeeper.server.quorum.QuorumPeerMain',
				mainArgs: [join(l.zookeeperDir, 'zoo.cfg')],
				stage: 1,
				graceMs: 15_000,
				endpoints: [{name: 'ZooKeeper', port: p.zookeeper}],
			},
			{
				name: 'namenode',
				title: 'HDFS NameNode',
				component: 'hbase',
				ports: [p.hdfsNameNode, p.hdfsNameNodeUi],
				log: 'hdfs-namenode.log',
				heap: ['128m', '512m'],
				main: 'org.apache.hadoop.hdfs.server.namenode.NameNode',
				mainArgs: [],
				stage: 1,
				graceMs: 30_000,
				endpoints: [
					{name: 'HDFS NameNode', port: p.hdfsNameNode},
					{name: 'HDFS NameNode UI', port: p.hdfsNameNodeUi},
				],
				prepare: async (java, classpath) => this.formatHdfs(java, classpath),
			},
			{
				name: 'datanode',
				title: 'HDFS DataNode',
				component: 'hbase',
				ports: [p.hdfsDataNode, p.hdfsDataNodeUi, p.hdfsDataNodeIpc],
				log: 'hdfs-datanode.log',
				heap: ['128m', '512m'],
				main: 'org.apache.hadoop.hdfs.server.datanode.DataNode',
				mainArgs: [],
				stage: 1,
				graceMs: 30_000,
				endpoints: [{name: 'HDFS DataNode', port: p.hdfsDataNode}],
			},
			{
				name: 'hbase',
				title: 'HBase master',
				component: 'hbase',
				ports: [p.hbaseMaster, p.hbaseMasterUi],
				log: 'hbase-master.log',
				heap: ['256m', '512m'],
				main: 'org.apache.hadoop.hbase.master.HMaster',
				mainArgs: ['start'],
				stage: 2,
				graceMs: 60_000,
				endpoints: [
					{name: 'HBase master', port: p.hbaseMaster},
					{name: 'HBase master UI', port: p.hbaseMasterUi, probe: async () => `up, ${await this.liveRegionServers()} live region servers`},
				],
			},
			regionServer(1, p.hbaseRegionServer, p.hbaseRegionServerUi),
			regionServer(2, p.hbaseRegionServer2, p.hbaseRegionServerUi2),
			thrift,
		];
	}

	private async endpoint(spec: EndpointSpec, pid: number | undefined): Promise<Endpoint> {
		const address = `${STACK_HOST}:${spec.port}`;
		const name = spec.name;
		const listening = await portAnswers(STACK_HOST, spec.port);
		if (!listening) return {name, address, up: false, detail: pid === undefined ? 'down' : 'starting or failed'};
		if (pid === undefined) return {name, address, up: true, detail: 'up (not started by this stack)'};
		if (!spec.probe) return {name, address, up: true, detail: 'up'};
		try {
			const detail = await spec.probe();
			return {name, address, up: true, detail: detail || 'up'};
		} catch (error) {
			return {name, address, up: false, detail: `listening but not answering (${(error as Error).message})`};
		}
	}

	/**
	 * The stack's secrets: made at the first `--secure` start, kept after. SCRAM users are
	 * written when Kafka's storage is formatted, so a folder formatted in plaintext cannot turn
	 * secure in place.
	 */
	private async security(java: Java, kafkaStarts: boolean): Promise<StackSecrets | undefined> {
		const existing = readSecrets(this.layout);
		if (existing || !this.options.secure) return existing;
		if (existsSync(join(this.layout.kafkaDataDir, 'meta.properties')) || existsSync(join(this.layout.kafkaDir, 'node-1', 'data', 'meta.properties'))) {
			throw new ConfigError(`The stack in ${this.layout.dataDir} was first started in plaintext, so it cannot be secured in place`, {
				hint: 'Start a secured stack in another data folder (USERDATA_HOME), or run `userdata-tui stack down` and delete this folder first',
			});
		}
		if (!kafkaStarts) throw new ConfigError('Kafka is running in plaintext from this data folder: run `userdata-tui stack down` first');
		this.report('making the CA, the broker certificate and the SCRAM users (first secured start)…');
		return ensureSecrets(this.layout, java);
	}

	private async checkPortsFree(services: readonly ServiceSpec[]): Promise<void> {
		for (const service of services) {
			for (const port of service.ports) {
				if (await portAnswers(STACK_HOST, port)) {
					throw new ConfigError(`Port ${port} on ${STACK_HOST} is taken by another process, so ${service.title} cannot start`, {
						hint: `Stop what listens there (\`ss -ltnp 'sport = :${port}'\` shows it), or if it is a docker compose stack, use that one instead`,
					});
				}
			}
		}
	}

	private writeConfigs(secrets: StackSecrets | undefined, cluster: boolean): void {
		const l = this.layout;
		for (const dir of [l.logsDir, l.runDir, l.hbaseConfDir]) mkdirSync(dir, {recursive: true});
		const writePrivate = (file: string, text: string) => {
			// A secured stack's properties hold the key store and broker passwords: owner only.
			writeFileSync(file, text);
			chmodSync(file, 0o600);
		};
		if (cluster) {
			writeFileSync(join(l.dataDir, CLUSTER_MARKER), `${JSON.stringify({cluster: true, brokers: 3, regionServers: 2})}\n`);
			for (const node of clusterNodes(this.ports)) {
				const dir = join(l.kafkaDir, `node-${node.id}`);
				mkdirSync(join(dir, 'data'), {recursive: true});
				writePrivate(join(dir, 'server.properties'), kafkaServerProperties(l, this.ports, secrets, node));
				writeFileSync(join(dir, 'log4j2.properties'), kafkaLog4j(l, `kafka-${node.id}.log`));
			}
			mkdirSync(l.zookeeperDir, {recursive: true});
			mkdirSync(l.hdfsDir, {recursive: true});
			writeFileSync(join(l.zookeeperDir, 'zoo.cfg'), zooCfg(l, this.ports));
			writeFileSync(join(l.hbaseConfDir, 'core-site.xml'), coreSite(l, this.ports));
			writeFileSync(join(l.hbaseConfDir, 'hdfs-site.xml'), hdfsSite(l, this.ports));
			for (const app of hadoopWebapps) mkdirSync(join(l.hbaseConfDir, 'webapps', app), {recursive: true});
		} else {
			mkdirSync(l.kafkaDataDir, {recursive: true});
			writePrivate(join(l.kafkaDir, 'server.properties'), kafkaServerProperties(l, this.ports, secrets));
			writeFileSync(join(l.kafkaDir, 'log4j2.properties'), kafkaLog4j(l));
		}
		writeFileSync(join(l.hbaseConfDir, 'hbase-site.xml'), hbaseSite(l, this.ports, cluster));
		writeFileSync(join(l.hbaseConfDir, 'log4j2.properties'), hbaseLog4j());
	}

	private async classpath(component: 'kafka' | 'hbase', java: Java): Promise<string[]> {
		const cached = () =>
			resolveClasspath({
				component,
				stackDir: this.options.stackDir,
				classpathDir: this.layout.classpathDir,
				java,
				progress: this.report,
			});
		try {
			return await cached();
		} catch (error) {
			// Only a resolution needs Maven; name it when it is the missing piece.
			await findMaven();
			throw error;
		}
	}

	/** Formats a broker's storage once, with the stack's cluster id (and the SCRAM users of a secured stack). */
	private async formatKafka(java: Java, classpath: string[], dir: string, dataDir: string, cluster: boolean): Promise<void> {
		if (existsSync(join(dataDir, 'meta.properties'))) return;
		this.report(`formatting Kafka storage in ${dir} (first start)…`);
		const cp = classpath.join(':');
		const logConfig = `-Dlog4j2.configurationFile=${join(dir, 'log4j2.properties')}`;
		const clusterId = await this.clusterId(java, classpath);
		const secrets = readSecrets(this.layout);
		// --standalone goes with a bootstrap quorum (the single node); the cluster names its voters instead.
		const quorum = cluster ? [] : ['--standalone'];
		await runJava(java, cp, [
			logConfig,
			'kafka.tools.StorageTool',
			'format',
			'-t',
			clusterId,
			'-c',
			join(dir, 'server.properties'),
			...quorum,
			'--ignore-formatted',
			...(secrets ? scramFormatArgs(secrets) : []),
		]);
	}

	private async clusterId(java: Java, classpath: string[]): Promise<string> {
		const file = join(this.layout.kafkaDir, 'cluster-id');
		if (!existsSync(file)) {
			mkdirSync(this.layout.kafkaDir, {recursive: true});
			writeFileSync(file, await runJava(java, classpath.join(':'), ['kafka.tools.StorageTool', 'random-uuid']));
		}
		return readFileSync(file, 'utf8').trim();
	}

	private async formatHdfs(java: Java, classpath: string[]): Promise<void> {
		if (existsSync(join(this.layout.hdfsDir, 'name', 'current', 'VERSION'))) return;
		this.report('formatting HDFS (first start)…');
		const cp = [this.layout.hbaseConfDir, ...classpath].join(':');
		await runJava(java, cp, [
			...hbaseJvmFlags,
			...this.logFlags('hdfs-format.log'),
			'org.apache.hadoop.hdfs.server.namenode.NameNode',
			'-format',
			'-nonInteractive',
			'-force',
		]);
	}

	private logFlags(logName: string): string[] {
		const l = this.layout;
		return [`-Dlog4j2.configurationFile=${join(l.hbaseConfDir, 'log4j2.properties')}`, `-Dhbase.log.file=${join(l.logsDir, logName)}`, `-Dhbase.log.dir=${l.logsDir}`];
	}

	private start(java: Java, classpath: string[], spec: ServiceSpec, secrets: StackSecrets | undefined): void {
		const l = this.layout;
		const heap = [`-Xms${spec.heap[0]}`, `-Xmx${spec.heap[1]}`];
		const args = spec.kafka
			? [marker(spec.name), ...heap, '-XX:+UseG1GC', `-Dlog4j2.configurationFile=${spec.kafka.log4j}`, '-cp', classpath.join(':'), spec.main, ...spec.mainArgs]
			: [
					marker(spec.name),
					...hbaseJvmFlags,
					...this.logFlags(spec.log),
					'-Djava.net.preferIPv4Stack=true',
					...heap,
					// The conf folder goes first so hbase-site.xml (and the HDFS files) win over any default on the classpath.
					'-cp',
					[l.hbaseConfDir, ...classpath].join(':'),
					spec.main,
					...spec.mainArgs,
				];
		const pid = spawnDetached({
			name: spec.name,
			command: java.bin,
			args,
			runDir: l.runDir,
			outFile: join(l.logsDir, spec.log.replace(/\.log$/, '.out')),
		});
		this.report(`started ${spec.title}${spec.kafka && secrets ? ' (SASL_SSL)' : ''} (pid ${pid})`);
	}

	/**
	 * Polls `check` until it passes; fails at once, with the last error of its log, when one of
	 * the `owners` exited, and after readyTimeoutMs otherwise.
	 */
	private async waitFor(what: string, owners: readonly ServiceName[], check: () => Promise<void>): Promise<void> {
		const timeout = this.options.readyTimeoutMs ?? 180_000;
		const deadline = Date.now() + timeout;
		const plan = this.plan(this.isCluster());
		let lastError: unknown;
		let reported = false;
		while (Date.now() < deadline) {
			try {
				await check();
				this.report(`${what}: ready`);
				return;
			} catch (error) {
				lastError = error;
			}
			for (const spec of plan.filter(s => owners.includes(s.name))) {
				if (livePid(this.layout.runDir, spec.name) === undefined && !(await portAnswers(STACK_HOST, spec.ports[0]!))) {
					const log = join(this.layout.logsDir, spec.log);
					throw new UnavailableError(`${spec.title} exited during start-up: ${lastLogError(log)}`, {hint: `See ${log}`});
				}
			}
			if (!reported) {
				reported = true;
				this.report(`waiting for ${what}…`);
			}
			await delay(1000);
		}
		const log = join(this.layout.logsDir, plan.find(s => s.name === owners.at(-1))?.log ?? 'kafka.log');
		throw new UnavailableError(`${what} not ready within ${Math.round(timeout / 1000)} s: ${(lastError as Error | undefined)?.message ?? 'no answer'}`, {
			hint: `See ${log}`,
		});
	}
}

function lastLogError(file: string): string {
	if (!existsSync(file)) return 'no log written';
	const lines = readFileSync(file, 'utf8').split('\n');
	const errors = lines.filter(line => /\b(ERROR|FATAL)\b/.test(line));
	return (errors.at(-1) ?? lines.filter(Boolean).at(-1) ?? 'empty log').slice(0, 400);
}

async function runJava(java: Java, classpath: string, args: string[]): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile(java.bin, ['-cp', classpath, ...args], {timeout: 120_000, maxBuffer: 16 * 1024 * 1024}, (error, stdout, stderr) => {
			if (error) reject(new UnavailableError(`${args.find(a => /^(kafka|org)\./.test(a)) ?? 'java'} failed: ${stderr || error.message}`, {cause: error}));
			else resolve(stdout.trim().split('\n').at(-1) ?? '');
		});
	});
}
