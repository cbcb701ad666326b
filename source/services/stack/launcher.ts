import {execFile} from 'node:child_process';
import {chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {ConfigError, UnavailableError} from '../../domain/errors.js';
import {setTimeout as delay} from 'node:timers/promises';
import {resolveClasspath} from './classpath.js';
import {STACK_HOST, stackPorts, type StackPorts} from '../../domain/stack-ports.js';
import {hbaseJvmFlags, hbaseLog4j, hbaseSite, kafkaLog4j, kafkaServerProperties} from './configs.js';
import {type StackLayout, stackLayout} from './layout.js';
import {livePid, marker, portAnswers, spawnDetached, stopProcess} from './processes.js';
import {findJava, findMaven, type Java} from './toolchain.js';
import {ensureSecrets, readSecrets, scramFormatArgs, type StackSecrets} from './security.js';

export type ServiceName = 'kafka' | 'hbase' | 'thrift';

/** Readiness probes: a real request each (Kafka metadata, Thrift getTableNames). */
export interface StackProbes {
	/** With `secrets`, over SASL_SSL as the stack's client user. */
	kafka(secrets: StackSecrets | undefined): Promise<void>;
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
}

export interface Endpoint {
	readonly name: string;
	readonly address: string;
	readonly up: boolean;
	readonly detail: string;
}

export interface ServiceStatus {
	readonly service: ServiceName;
	readonly pid: number | undefined;
	readonly log: string;
	readonly endpoints: readonly Endpoint[];
}

const serviceTitles: Record<ServiceName, string> = {
	kafka: 'Kafka (KRaft broker+controller)',
	hbase: 'HBase (standalone master+regionserver+ZooKeeper)',
	thrift: 'HBase Thrift1 gateway',
};

function servicePorts(p: StackPorts): Record<ServiceName, readonly number[]> {
	return {
		kafka: [p.kafka, p.kafkaController],
		hbase: [p.zookeeper, p.hbaseMaster, p.hbaseMasterUi, p.hbaseRegionServer, p.hbaseRegionServerUi],
		thrift: [p.thrift, p.thriftUi],
	};
}

const logFiles: Record<ServiceName, string> = {kafka: 'kafka.log', hbase: 'hbase-master.log', thrift: 'hbase-thrift.log'};

/**
 * The local stack: real Apache Kafka and Apache HBase (with its Thrift1 gateway) started from
 * Maven Central jars on JDK 17, for users without Docker and for our tests and CI.
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

	logFile(service: ServiceName): string {
		return join(this.layout.logsDir, logFiles[service]);
	}

	/** Idempotent: starts what is not running, then waits until Kafka and Thrift answer. */
	async up(): Promise<ServiceStatus[]> {
		const java = await findJava();
		this.report(`java: ${java.bin} (${java.version})`);
		const toStart = (['kafka', 'hbase', 'thrift'] as const).filter(s => livePid(this.layout.runDir, s) === undefined);
		const secrets = await this.security(java, toStart.includes('kafka'));
		if (toStart.length > 0) {
			await this.checkPortsFree(toStart);
			this.writeConfigs(secrets);
		}
		const classpaths = new Map<string, string[]>();
		if (toStart.includes('kafka')) classpaths.set('kafka', await this.classpath('kafka', java));
		if (toStart.includes('hbase') || toStart.includes('thrift')) classpaths.set('hbase', await this.classpath('hbase', java));

		if (toStart.includes('kafka')) await this.startKafka(java, classpaths.get('kafka')!, secrets);
		if (toStart.includes('hbase')) this.startHbase(java, classpaths.get('hbase')!, 'hbase');
		if (toStart.includes('thrift')) this.startHbase(java, classpaths.get('hbase')!, 'thrift');
		if (toStart.length === 0) this.report('all services were already running');

		await this.waitReady('kafka', () => this.options.probes.kafka(secrets));
		await this.waitReady('thrift', () => this.options.probes.thrift());
		return this.status();
	}

	async status(): Promise<ServiceStatus[]> {
		const result: ServiceStatus[] = [];
		for (const service of ['kafka', 'hbase', 'thrift'] as const) {
			const pid = livePid(this.layout.runDir, service);
			const endpoints: Endpoint[] = [];
			if (service === 'kafka') {
				const secrets = this.secrets();
				const probe = async () => this.options.probes.kafka(secrets);
				endpoints.push(await this.endpoint(secrets ? 'Kafka (SASL_SSL)' : 'Kafka broker', this.ports.kafka, pid, probe));
			} else if (service === 'hbase') {
				endpoints.push(await this.endpoint('ZooKeeper', this.ports.zookeeper, pid));
				endpoints.push(await this.endpoint('HBase master UI', this.ports.hbaseMasterUi, pid));
			} else {
				endpoints.push(await this.endpoint('HBase Thrift', this.ports.thrift, pid, this.options.probes.thrift));
			}
			result.push({service, pid, log: this.logFile(service), endpoints});
		}
		return result;
	}

	/** Stops only the processes the stack started (pid files with our marker); keeps the data. */
	async down(): Promise<Array<{service: ServiceName; outcome: 'stopped' | 'killed' | 'not running'}>> {
		const outcomes: Array<{service: ServiceName; outcome: 'stopped' | 'killed' | 'not running'}> = [];
		// Thrift first (it is a client of HBase), Kafka last.
		for (const service of ['thrift', 'hbase', 'kafka'] as const) {
			const pid = livePid(this.layout.runDir, service);
			if (pid === undefined) {
				outcomes.push({service, outcome: 'not running'});
				continue;
			}
			this.report(`stopping ${serviceTitles[service]} (pid ${pid})…`);
			const outcome = await stopProcess(pid, service, service === 'hbase' ? 60_000 : 30_000);
			outcomes.push({service, outcome});
		}
		return outcomes;
	}

	private async endpoint(name: string, port: number, pid: number | undefined, probe?: () => Promise<void>): Promise<Endpoint> {
		const address = `${STACK_HOST}:${port}`;
		const listening = await portAnswers(STACK_HOST, port);
		if (!listening) return {name, address, up: false, detail: pid === undefined ? 'down' : 'starting or failed'};
		if (pid === undefined) return {name, address, up: true, detail: 'up (not started by this stack)'};
		if (!probe) return {name, address, up: true, detail: 'up'};
		try {
			await probe();
			return {name, address, up: true, detail: 'up'};
		} catch (error) {
			return {name, address, up: false, detail: `listening but not answering (${(error as Error).message})`};
		}
	}

	private async checkPortsFree(services: readonly ServiceName[]): Promise<void> {
		for (const service of services) {
			for (const port of servicePorts(this.ports)[service]) {
				if (await portAnswers(STACK_HOST, port)) {
					throw new ConfigError(`Port ${port} on ${STACK_HOST} is taken by another process, so ${serviceTitles[service]} cannot start`, {
						hint: `Stop what listens there (\`ss -ltnp 'sport = :${port}'\` shows it), or if it is a docker compose stack, use that one instead`,
					});
				}
			}
		}
	}

	/** The secured stack's client settings, or undefined for a plaintext one. */
	secrets(): StackSecrets | undefined {
		return readSecrets(this.layout);
	}

	/**
	 * The stack's secrets: made at the first `--secure` start, kept after. SCRAM users are
	 * written when Kafka's storage is formatted, so a folder formatted in plaintext cannot turn
	 * secure in place.
	 */
	private async security(java: Java, kafkaStarts: boolean): Promise<StackSecrets | undefined> {
		const existing = readSecrets(this.layout);
		if (existing || !this.options.secure) return existing;
		if (existsSync(join(this.layout.kafkaDataDir, 'meta.properties'))) {
			throw new ConfigError(`The stack in ${this.layout.dataDir} was first started in plaintext, so it cannot be secured in place`, {
				hint: 'Start a secured stack in another data folder (USERDATA_HOME), or run `userdata-tui stack down` and delete this folder first',
			});
		}
		if (!kafkaStarts) throw new ConfigError('Kafka is running in plaintext from this data folder: run `userdata-tui stack down` first');
		this.report('making the CA, the broker certificate and the SCRAM users (first secured start)…');
		return ensureSecrets(this.layout, java);
	}

	private writeConfigs(secrets: StackSecrets | undefined): void {
		const l = this.layout;
		for (const dir of [l.logsDir, l.runDir, l.kafkaDataDir, l.hbaseConfDir]) mkdirSync(dir, {recursive: true});
		// A secured stack's properties hold the key store and broker passwords: owner only.
		writeFileSync(join(l.kafkaDir, 'server.properties'), kafkaServerProperties(l, this.ports, secrets));
		chmodSync(join(l.kafkaDir, 'server.properties'), 0o600);
		writeFileSync(join(l.kafkaDir, 'log4j2.properties'), kafkaLog4j(l));
		writeFileSync(join(l.hbaseConfDir, 'hbase-site.xml'), hbaseSite(l, this.ports));
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

	private async startKafka(java: Java, classpath: string[], secrets: StackSecrets | undefined): Promise<void> {
		const l = this.layout;
		const properties = join(l.kafkaDir, 'server.properties');
		const cp = classpath.join(':');
		const logConfig = `-Dlog4j2.configurationFile=${join(l.kafkaDir, 'log4j2.properties')}`;
		if (!existsSync(join(l.kafkaDataDir, 'meta.properties'))) {
			this.report('formatting Kafka storage (first start)…');
			const clusterIdFile = join(l.kafkaDir, 'cluster-id');
			if (!existsSync(clusterIdFile)) writeFileSync(clusterIdFile, await runJava(java, cp, ['kafka.tools.StorageTool', 'random-uuid']));
			const clusterId = readFileSync(clusterIdFile, 'utf8').trim();
			await runJava(java, cp, [
				logConfig,
				'kafka.tools.StorageTool',
				'format',
				'-t',
				clusterId,
				'-c',
				properties,
				'--standalone',
				'--ignore-formatted',
				...(secrets ? scramFormatArgs(secrets) : []),
			]);
		}
		const pid = spawnDetached({
			name: 'kafka',
			command: java.bin,
			args: [marker('kafka'), '-Xms256m', '-Xmx768m', '-XX:+UseG1GC', logConfig, '-cp', cp, 'kafka.Kafka', properties],
			runDir: l.runDir,
			outFile: join(l.logsDir, 'kafka.out'),
		});
		this.report(`started ${serviceTitles.kafka} (pid ${pid})`);
	}

	private startHbase(java: Java, classpath: string[], service: 'hbase' | 'thrift'): void {
		const l = this.layout;
		// The conf folder goes first so hbase-site.xml wins over any default on the classpath.
		const cp = [l.hbaseConfDir, ...classpath].join(':');
		const common = [
			marker(service),
			...hbaseJvmFlags,
			`-Dlog4j2.configurationFile=${join(l.hbaseConfDir, 'log4j2.properties')}`,
			`-Dhbase.log.file=${this.logFile(service)}`,
			`-Dhbase.log.dir=${l.logsDir}`,
			'-Djava.net.preferIPv4Stack=true',
		];
		const args =
			service === 'hbase'
				? [...common, '-Xms512m', '-Xmx1536m', '-cp', cp, 'org.apache.hadoop.hbase.master.HMaster', 'start']
				: [
						...common,
						'-Xms128m',
						'-Xmx768m',
						'-cp',
						cp,
						'org.apache.hadoop.hbase.thrift.ThriftServer',
						'start',
						'-p',
						String(this.ports.thrift),
						'-b',
						STACK_HOST,
						'--infoport',
						String(this.ports.thriftUi),
						'-threadpool',
					];
		const pid = spawnDetached({
			name: service,
			command: java.bin,
			args,
			runDir: l.runDir,
			outFile: join(l.logsDir, service === 'hbase' ? 'hbase-master.out' : 'hbase-thrift.out'),
		});
		this.report(`started ${serviceTitles[service]} (pid ${pid})`);
	}

	private async waitReady(service: 'kafka' | 'thrift', probe: () => Promise<void>): Promise<void> {
		const timeout = this.options.readyTimeoutMs ?? 180_000;
		const deadline = Date.now() + timeout;
		const owner = service === 'thrift' ? (['hbase', 'thrift'] as const) : (['kafka'] as const);
		let lastError: unknown;
		let reported = false;
		while (Date.now() < deadline) {
			try {
				await probe();
				this.report(`${serviceTitles[service]} answers on ${STACK_HOST}:${service === 'kafka' ? this.ports.kafka : this.ports.thrift}`);
				return;
			} catch (error) {
				lastError = error;
			}
			for (const name of owner) {
				if (livePid(this.layout.runDir, name) === undefined && !(await portAnswers(STACK_HOST, servicePorts(this.ports)[name][0]!))) {
					throw new UnavailableError(`${serviceTitles[name]} exited during start-up: ${lastLogError(this.logFile(name))}`, {
						hint: `See ${this.logFile(name)}`,
					});
				}
			}
			if (!reported) {
				reported = true;
				this.report(`waiting for ${serviceTitles[service]}…`);
			}
			await delay(1000);
		}
		throw new UnavailableError(
			`${serviceTitles[service]} did not answer within ${Math.round(timeout / 1000)} s: ${(lastError as Error | undefined)?.message ?? 'no answer'}`,
			{hint: `See ${this.logFile(service === 'kafka' ? 'kafka' : 'thrift')}`},
		);
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
			if (error) reject(new UnavailableError(`${args.find(a => !a.startsWith('-'))} failed: ${stderr || error.message}`, {cause: error}));
			else resolve(stdout.trim().split('\n').at(-1) ?? '');
		});
	});
}
