import {execFile} from 'node:child_process';
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {basename, join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {defaultDataDir} from '../../../source/config.js';
import {STACK_HOST, portOffsetFromEnv, portsWithOffset} from '../../../source/domain/stack-ports.js';
import {HbaseClient} from '../../../source/services/hbase/hbase-client.js';
import {ThriftConnection} from '../../../source/services/hbase/thrift-connection.js';
import {META_TABLE, unreachableServer} from '../../../source/services/init/fix-route.js';
import {tableToolArgs} from '../../../source/services/init/table-tool.js';
import {wantedFamilies} from '../../../source/domain/table-schema.js';
import {hbaseJvmFlags} from '../../../source/services/stack/configs.js';
import {uniqueTable} from '../../helpers/ids.js';
import {thriftHost, thriftPort} from '../../helpers/stack-env.js';
import {resolveClasspath} from '../../../source/services/stack/classpath.js';
import {stackLayout, stackSourceDir} from '../../../source/services/stack/layout.js';
import {findJava, type Java} from '../../../source/services/stack/toolchain.js';
import {composeClusterText, environment, kafkaNonProperties, kafkaPropertyName, properties, readCompose, repoRoot} from '../../helpers/compose-file.js';

/*
 * What of the compose stack runs without a Docker engine, run on the host from the same jars:
 * the apache/kafka image's own config wrapper (kafka.docker.KafkaDockerWrapper, in the Kafka
 * jar of stack/kafka/pom.xml) fed each broker's environment of both compose files, the HBase
 * Dockerfile's build stage (its Maven goals and its javac of the init --fix tool), and the
 * image's cluster conf read by HBase's and Hadoop's own parsers. The compiled tool then
 * alters a table of this run's local stack (on its port offset), as fix-families does in the
 * container; nothing else uses a stack or a port.
 */

interface Run {
	readonly code: number;
	readonly output: string;
}

function run(command: string, args: readonly string[], options: {cwd?: string; env: NodeJS.ProcessEnv; timeoutMs: number}): Promise<Run> {
	return new Promise(resolve => {
		execFile(command, args, {cwd: options.cwd, env: options.env, timeout: options.timeoutMs, maxBuffer: 16 * 1024 * 1024}, (error, stdout, stderr) => {
			resolve({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}`});
		});
	});
}

const work = mkdtempSync(join(tmpdir(), 'docker-offline-'));
afterAll(() => rmSync(work, {recursive: true, force: true}));

async function classpath(component: 'kafka' | 'hbase', java: Java): Promise<string[]> {
	return resolveClasspath({component, stackDir: stackSourceDir(), classpathDir: stackLayout(defaultDataDir()).classpathDir, java, progress: () => {}});
}

// Every broker of both files: the single node's, and the cluster's three (one quorum, one cluster id).
const brokers = [
	...['kafka'].map(service => ({file: 'docker-compose.yml', service, compose: readCompose()})),
	...['kafka', 'kafka-2', 'kafka-3'].map(service => ({file: 'docker-compose.cluster.yml', service, compose: readCompose(composeClusterText)})),
];

describe("the apache/kafka image's config wrapper, with the compose environment", () => {
	it.each(brokers)(
		'$file $service: writes exactly the properties the compose tests read from the file, formats the storage, and a second start is the "already formatted" the image accepts',
		async ({file, service, compose}) => {
			const java = await findJava();
			const jars = await classpath('kafka', java);
			const dirs = Object.fromEntries(['default', 'mounted', 'final', 'data'].map(name => [name, join(work, 'kafka', file, service, name)]));
			for (const dir of Object.values(dirs)) mkdirSync(dir, {recursive: true});
			// The compose environment, and nothing of this machine's: only the log folder moves off the volume's path.
			const composeEnv: Record<string, string> = {...environment(compose.services[service]!), KAFKA_LOG_DIRS: dirs.data!};
			const env = {PATH: process.env.PATH, ...composeEnv};
			// The image's launch script runs this same class with these three folders.
			const setup = () =>
				run(
					java.bin,
					[
						'-cp',
						jars.join(':'),
						'kafka.docker.KafkaDockerWrapper',
						'setup',
						'--default-configs-dir',
						dirs.default!,
						'--mounted-configs-dir',
						dirs.mounted!,
						'--final-configs-dir',
						dirs.final!,
					],
					{env, timeoutMs: 120_000},
				);

			const first = await setup();
			expect(first.code, first.output).toBe(0);
			expect(first.output).toMatch(/Formatting metadata directory/);
			const expected = Object.fromEntries(
				Object.entries(composeEnv)
					.filter(([name]) => name.startsWith('KAFKA_') && !kafkaNonProperties.has(name))
					.map(([name, value]) => [kafkaPropertyName(name), value]),
			);
			expect(Object.fromEntries(properties(readFileSync(join(dirs.final!, 'server.properties'), 'utf8')))).toEqual(expected);
			// The heap goes to the start script, never into server.properties.
			expect(readFileSync(join(dirs.final!, 'server.properties'), 'utf8')).not.toMatch(/heap/i);
			const meta = properties(readFileSync(join(dirs.data!, 'meta.properties'), 'utf8'));
			expect(meta.get('cluster.id')).toBe(composeEnv.CLUSTER_ID);
			expect(meta.get('node.id')).toBe(composeEnv.KAFKA_NODE_ID);

			// A restarted container runs setup again on the formatted volume: the wrapper fails with
			// "already formatted", which the image's launch script greps for and goes on.
			const second = await setup();
			expect(second.output).toMatch(/already formatted/i);
			expect(properties(readFileSync(join(dirs.data!, 'meta.properties'), 'utf8'))).toEqual(meta);
		},
		300_000,
	);
});

describe("the HBase Dockerfile's build stage, run on the host", () => {
	it('resolves with its Maven goals the classpath of the local stack, and compiles the init --fix tool against it', async () => {
		const java = await findJava();
		const dockerfile = readFileSync(join(repoRoot, 'stack/docker/hbase/Dockerfile'), 'utf8');
		const buildStage = dockerfile.slice(0, dockerfile.indexOf('\nFROM ', dockerfile.indexOf('FROM ') + 1));
		const runs = buildStage
			.replace(/\\\r?\n/g, ' ')
			.split('\n')
			.filter(line => line.startsWith('RUN '))
			.map(line => line.slice(4));
		expect(runs.map(command => command.split(/\s+/)[0])).toEqual(['mvn', 'javac']);
		// /build (WORKDIR) and /opt/hbase become folders here; the build context is stack/.
		const build = join(work, 'hbase', 'build');
		const opt = join(work, 'hbase', 'opt');
		mkdirSync(join(build, 'tools'), {recursive: true});
		copyFileSync(join(stackSourceDir(), 'hbase', 'pom.xml'), join(build, 'pom.xml'));
		copyFileSync(join(stackSourceDir(), 'tools', 'FixFamilies.java'), join(build, 'tools', 'FixFamilies.java'));
		const env = {...process.env, ...(java.home ? {JAVA_HOME: java.home, PATH: `${join(java.home, 'bin')}:${process.env.PATH ?? ''}`} : {})};
		for (const command of runs) {
			const result = await run('bash', ['-euo', 'pipefail', '-c', command.replaceAll('/opt/hbase', opt)], {cwd: build, env, timeoutMs: 600_000});
			expect(result.code, `${command}\n${result.output}`).toBe(0);
		}

		const image = readFileSync(join(opt, 'classpath.txt'), 'utf8').trim().split(':');
		const local = await classpath('hbase', java);
		// The same jars, in the same order (the entrypoint keeps Maven's order).
		expect(image.map(jar => basename(jar))).toEqual(local.map(jar => basename(jar)));
		expect(existsSync(join(opt, 'tools', 'FixFamilies.class'))).toBe(true);

		// The compiled tool alters a drifted table as fix-families runs it in the container: the
		// image's JVM flags and tool heap, classes first; here on this run's stack and its ZooKeeper.
		const connection = new ThriftConnection({host: thriftHost, port: thriftPort});
		const hbase = new HbaseClient(connection);
		const table = uniqueTable();
		try {
			await hbase.createTable(table, [{name: 'info', maxVersions: 1}]);
			const heap = /-Xmx\S+/.exec(/HBASE_TOOL_HEAP="([^"]*)"/.exec(dockerfile)?.[1] ?? '')?.[0];
			expect(heap).toBeDefined();
			const fixed = await run(
				java.bin,
				[
					...hbaseJvmFlags,
					heap!,
					// The local conf's log4j2 writes to this file (in the image: stdout).
					`-Dhbase.log.file=${join(work, 'fix-families.log')}`,
					'-cp',
					[join(opt, 'tools'), stackLayout(defaultDataDir()).hbaseConfDir, ...local].join(':'),
					'FixFamilies',
					STACK_HOST,
					String(portsWithOffset(portOffsetFromEnv(process.env)).zookeeper),
					...tableToolArgs(table, wantedFamilies(), {}),
				],
				{cwd: work, env, timeoutMs: 180_000},
			);
			expect(fixed.code, fixed.output).toBe(0);
			expect(await hbase.families(table)).toEqual([
				{name: 'address', maxVersions: 3, compression: 'GZ'},
				{name: 'contact', maxVersions: 3, compression: 'GZ'},
				{name: 'info', maxVersions: 3, compression: 'GZ'},
			]);
		} finally {
			await hbase.disableTable(table).catch(() => {});
			await hbase.deleteTable(table).catch(() => {});
			await connection.close();
		}
	}, 900_000);
});

describe("the HBase image's cluster conf (docker-compose.cluster.yml), read by HBase's and Hadoop's own parsers", () => {
	it('HBase sees its root on the compose HDFS in distributed mode, and HDFS its NameNode and folders', async () => {
		const java = await findJava();
		const jars = await classpath('hbase', java);
		// The conf folder as the Dockerfile lays it out (/opt/hbase/conf-cluster), first on the classpath as in the entrypoint.
		const conf = join(work, 'conf-cluster');
		mkdirSync(conf, {recursive: true});
		for (const file of ['hbase-site.xml', 'core-site.xml', 'hdfs-site.xml']) copyFileSync(join(repoRoot, 'stack/docker/hbase/cluster', file), join(conf, file));
		copyFileSync(join(repoRoot, 'stack/docker/hbase/log4j2.properties'), join(conf, 'log4j2.properties'));
		const ask = async (...args: string[]) => {
			const result = await run(java.bin, ['-Dhbase.process=conf', '-cp', [conf, ...jars].join(':'), ...args], {env: {PATH: process.env.PATH}, timeoutMs: 60_000});
			expect(result.code, result.output).toBe(0);
			// The answer is a line of its own, among whatever the JVM logs.
			return result.output.split('\n').map(line => line.trim());
		};
		const hbase = (name: string) => ask('org.apache.hadoop.hbase.util.HBaseConfTool', name);
		expect(await hbase('hbase.cluster.distributed')).toContain('true');
		expect(await hbase('hbase.rootdir')).toContain('hdfs://namenode:8020/hbase');
		expect(await hbase('fs.defaultFS')).toContain('hdfs://namenode:8020');
		expect(await hbase('hbase.zookeeper.quorum')).toContain('zookeeper');
		expect(await ask('org.apache.hadoop.hdfs.tools.GetConf', '-namenodes')).toContain('namenode');
		expect(await ask('org.apache.hadoop.hdfs.tools.GetConf', '-confKey', 'dfs.namenode.name.dir')).toContain('/data/hbase/hdfs/name');
	}, 300_000);
});

describe('where init --fix runs, on the local stack', () => {
	it('HBase names the region server of hbase:meta 127.0.0.1 on the stack port, which answers: the Java tool runs here', async () => {
		const connection = new ThriftConnection({host: thriftHost, port: thriftPort});
		try {
			const servers = await new HbaseClient(connection).regionServers(META_TABLE);
			expect(servers).toEqual([{host: STACK_HOST, port: portsWithOffset(portOffsetFromEnv(process.env)).hbaseRegionServer}]);
			expect(await unreachableServer(servers)).toBeUndefined();
		} finally {
			await connection.close();
		}
	});
});
