import {execFileSync} from 'node:child_process';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {dirname, join, normalize, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {type Compose, composeText, environment} from '../helpers/compose-file.js';
import {
	dockerfileEnv,
	imageProblems,
	instructions,
	kafkaProblems,
	maxHeap,
	memoryProblems,
	portProblems,
	publishedPorts,
	restartProblems,
	xmlProperties,
} from '../helpers/compose-checks.js';
import {stackPorts} from '../../source/domain/stack-ports.js';
import {hbaseJvmFlags, hbaseSite, kafkaServerProperties} from '../../source/services/stack/configs.js';
import {stackLayout} from '../../source/services/stack/layout.js';
import {COMPOSE_FIX_TOOL, composeFixCommand} from '../../source/services/init/fix-route.js';
import {wantedFamilies} from '../../source/domain/table-schema.js';

/*
 * docker-compose.yml and the local stack must offer the same services: same ports, versions
 * and settings. No Docker engine is needed: the file and the HBase image's sources are read as
 * text. Each check is a function returning problems, so the last block can show that a broken
 * file is caught (a changed port, an open bind address, another Kafka tag).
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

const dockerfilePath = 'stack/docker/hbase/Dockerfile';
const dockerfile = read(dockerfilePath);

/** The single node's published ports: those a client or a user on the host needs. */
const singlePorts = {
	zookeeper: [stackPorts.zookeeper],
	kafka: [stackPorts.kafka],
	hbase: [stackPorts.hbaseMasterUi, stackPorts.thrift],
};
const singlePortProblems = (compose: Compose): string[] => portProblems(compose, singlePorts);
const localBroker = kafkaServerProperties(stackLayout('/data'));
const singleKafkaProblems = (compose: Compose, pom: string): string[] => kafkaProblems(compose, pom, 'kafka', localBroker, stackPorts.kafka);

/** What the stack may take of Docker Desktop's default 4 GB VM, which also holds the VM's own kernel and dockerd. */
const composeBudgetMb = 3072;

/**
 * The heap ceiling of every JVM the default stack runs, from where each is set: ZooKeeper's
 * ZK_SERVER_HEAP (MB, the image's zkEnv.sh), KAFKA_HEAP_OPTS, and the HBase image's ENV (a
 * compose `environment:` entry would override it). The short-lived client JVM (`HMaster stop`
 * at shutdown, fix-families) counts too: it runs beside the others.
 */
function heapCeilings(compose: Compose, dockerfileText: string): Record<string, number> {
	const hbaseEnv = {...dockerfileEnv(dockerfileText), ...environment(compose.services.hbase ?? {})};
	const zookeeper = environment(compose.services.zookeeper ?? {}).ZK_SERVER_HEAP;
	const kafka = environment(compose.services.kafka ?? {}).KAFKA_HEAP_OPTS;
	const hbase = (name: string) => maxHeap(hbaseEnv[name] ?? '', name);
	return {
		// The image's default is 1000 MB when unset.
		zookeeper: zookeeper === undefined ? 1000 : Number(zookeeper),
		kafka: kafka === undefined ? 1024 : maxHeap(kafka, 'KAFKA_HEAP_OPTS'),
		'hbase master': hbase('HBASE_MASTER_HEAP'),
		'hbase region server': hbase('HBASE_REGIONSERVER_HEAP'),
		'hbase thrift': hbase('HBASE_THRIFT_HEAP'),
		'hbase client tool': hbase('HBASE_TOOL_HEAP'),
	};
}

function singleMemoryProblems(compose: Compose, dockerfileText: string): string[] {
	return memoryProblems(heapCeilings(compose, dockerfileText), composeBudgetMb);
}

const compose = parse(composeText) as Compose;
const kafkaPom = read('stack/kafka/pom.xml');
const kafkaVersion = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(kafkaPom)?.[1];

describe('docker-compose.yml', () => {
	it('parses and has the three services, each with a healthcheck', () => {
		expect(Object.keys(compose.services).sort()).toEqual(['hbase', 'kafka', 'zookeeper']);
		for (const [name, service] of Object.entries(compose.services)) {
			expect(service.healthcheck?.test, `${name} healthcheck`).toBeDefined();
			expect(service.healthcheck?.disable, `${name} healthcheck`).not.toBe(true);
		}
	});

	it('publishes exactly the local stack ports, each on 127.0.0.1 only', () => {
		expect(
			publishedPorts(compose)
				.map(p => `${p.hostIp}:${p.published}:${p.target}`)
				.sort(),
		).toEqual([stackPorts.kafka, stackPorts.zookeeper, stackPorts.hbaseMasterUi, stackPorts.thrift].map(p => `127.0.0.1:${p}:${p}`).sort());
		expect(singlePortProblems(compose)).toEqual([]);
	});

	it('runs the Kafka of stack/kafka/pom.xml with the local broker settings', () => {
		expect(singleKafkaProblems(compose, kafkaPom)).toEqual([]);
	});

	it('pins every image, the official zookeeper on 3.9.x', () => {
		expect(imageProblems(compose, dockerfile)).toEqual([]);
		expect(compose.services.zookeeper?.image).toMatch(/^zookeeper:3\.9\.\d+/);
	});
	it("gives the hbase container time for the entrypoint's clean stop and its fallback", () => {
		const entrypoint = read('stack/docker/hbase/hbase-entrypoint.sh');
		const seconds = (name: string) => Number(new RegExp(`\\$\\{${name}:-(\\d+)\\}`).exec(entrypoint)?.[1]);
		const grace = /^(\d+)s$/.exec(String((compose.services.hbase as {stop_grace_period?: string}).stop_grace_period))?.[1];
		// The request, the stop, and at least 20 s for the SIGTERM fallback.
		expect(Number(grace)).toBeGreaterThanOrEqual(seconds('HBASE_STOP_REQUEST_TIMEOUT') + seconds('HBASE_STOP_TIMEOUT') + 20);
	});

	it('restarts every service after a crash', () => {
		expect(restartProblems(compose)).toEqual([]);
	});

	it('fits a 4 GB Docker Desktop VM: heap ceilings plus memory outside the heap stay within 3 GB, as its comment says', () => {
		expect(singleMemoryProblems(compose, dockerfile)).toEqual([]);
		const mb = heapCeilings(compose, dockerfile);
		expect(composeText).toContain(
			`ZooKeeper ${mb.zookeeper} MB, Kafka ${mb.kafka} MB, HBase master\n# ${mb['hbase master']} MB, region server ${mb['hbase region server']} MB, Thrift ${mb['hbase thrift']} MB, and ${mb['hbase client tool']} MB for the short client JVM`,
		);
		// The entrypoint's own defaults are the image's, so an image without the ENV runs the same heaps.
		const entrypoint = read('stack/docker/hbase/hbase-entrypoint.sh');
		const env = dockerfileEnv(dockerfile);
		for (const name of ['HBASE_MASTER_HEAP', 'HBASE_REGIONSERVER_HEAP', 'HBASE_THRIFT_HEAP', 'HBASE_TOOL_HEAP']) {
			expect(entrypoint, name).toContain(`\${${name}:--Xmx${/-Xmx(\S+)/.exec(env[name] ?? '')?.[1]}}`);
		}
	});

	it("README's Docker section installs the package before npx runs it, and says Compose v2", () => {
		const readme = read('README.md');
		const section = readme.slice(readme.indexOf('### With Docker instead'), readme.indexOf('\n## ', readme.indexOf('### With Docker instead')));
		expect(section).toMatch(/Compose v2/);
		expect(section).toMatch(/^\s+npm (install|ci)\b/m);
		// Without it, npx fetches whatever the registry calls userdata-tui.
		expect(section.search(/^\s+npm (install|ci)\b/m)).toBeLessThan(section.search(/^\s+npx userdata-tui/m));
	});

	it('says it needs Compose v2, and never that docker-compose 1.x reads it', () => {
		expect(composeText).toMatch(/Compose v2/);
		expect(composeText).not.toMatch(/1\.29[^\n]*reads|reads this file too/);
	});
});

describe('the HBase image', () => {
	const build = compose.services.hbase?.build;
	const context = typeof build === 'string' ? build : (build?.context ?? '.');
	const dockerfileName = typeof build === 'object' ? (build.dockerfile ?? 'Dockerfile') : 'Dockerfile';

	it('is built from stack/docker/hbase/Dockerfile', () => {
		expect(normalize(join(context, dockerfileName))).toBe(normalize(dockerfilePath));
	});

	it('resolves its jars from stack/hbase/pom.xml, so the versions are the local stack versions', () => {
		const copies = instructions(dockerfile)
			.filter(line => /^COPY\s/.test(line) && !line.includes('--from='))
			.flatMap(line => line.split(/\s+/).slice(1, -1))
			.map(source => normalize(join(context, source)));
		expect(copies).toContain(normalize('stack/hbase/pom.xml'));
		expect(existsSync(join(root, 'stack/hbase/pom.xml'))).toBe(true);
		expect(dockerfile).toMatch(/maven-dependency-plugin:[\d.]+:copy-dependencies/);
		// No HBase version written down twice.
		expect(dockerfile).not.toMatch(/2\.\d+\.\d+-hadoop3/);
		for (const source of copies) expect(existsSync(join(root, source)), source).toBe(true);
	});

	it('starts the JVMs with the local stack flags', () => {
		const env = instructions(dockerfile).find(line => line.startsWith('ENV ') && line.includes('HBASE_JVM_FLAGS='));
		const flags = /HBASE_JVM_FLAGS="([^"]*)"/.exec(env ?? '')?.[1];
		expect(flags?.split(/\s+/)).toEqual(hbaseJvmFlags);
	});

	it('starts master, region server and the Thrift1 gateway as the local launcher does', () => {
		const entrypoint = read('stack/docker/hbase/hbase-entrypoint.sh').replace(/\\\n\s*/g, '');
		// Options a role's service passes ("$@", none in the all-in-one container) go before the command.
		expect(entrypoint).toContain('org.apache.hadoop.hbase.master.HMaster "$@" start');
		expect(entrypoint).toContain('org.apache.hadoop.hbase.regionserver.HRegionServer "$@" start');
		expect(entrypoint).toContain(
			`org.apache.hadoop.hbase.thrift.ThriftServer "$@" start -p ${stackPorts.thrift} -b 0.0.0.0 --infoport ${stackPorts.thriftUi} -threadpool`,
		);
		expect(entrypoint).toMatch(/^start_role master\nstart_role regionserver\nstart_role thrift$/m);
		expect(read('stack/docker/hbase/hbase-healthcheck.sh')).toContain(`port=\${2:-${stackPorts.thrift}}`);
	});

	it('has the local hbase-site.xml settings, in distributed mode on the zookeeper service', () => {
		const docker = xmlProperties(read('stack/docker/hbase/hbase-site.xml'));
		const local = xmlProperties(hbaseSite(stackLayout('/data')));
		// Different on purpose: the mode, the ZooKeeper it uses, paths, and in-container addresses.
		const differs =
			/^hbase\.(cluster\.distributed|rootdir|tmp\.dir|zookeeper\.(quorum|property\.(dataDir|clientPortAddress))|(master|regionserver)\.(hostname|ipc\.address)|.*\.bindAddress)$/;
		for (const [name, value] of local) {
			if (!differs.test(name)) expect(docker.get(name), name).toBe(value);
		}
		expect(docker.get('hbase.cluster.distributed')).toBe('true');
		expect(docker.get('hbase.zookeeper.quorum')).toBe('zookeeper');
		expect(docker.get('hbase.zookeeper.property.clientPort')).toBe(String(stackPorts.zookeeper));
		expect(docker.get('hbase.unsafe.stream.capability.enforce')).toBe('false');
		// The rootdir lives on the volume compose mounts.
		const mounts = (compose.services.hbase?.volumes ?? []).map(v => (typeof v === 'string' ? v.split(':')[1] : v.target));
		const rootdir = docker.get('hbase.rootdir') ?? '';
		expect(rootdir).toMatch(/^file:\/\//);
		expect(mounts.some(target => target !== undefined && rootdir.startsWith(`file://${target}/`))).toBe(true);
	});
	it('compiles the init --fix tool into the image and runs it as fix-families, on the quorum of hbase-site.xml', () => {
		const lines = instructions(dockerfile);
		expect(lines).toContain('COPY tools/FixFamilies.java tools/FixFamilies.java');
		expect(lines).toContain('RUN javac -d /opt/hbase/tools -cp "$(cat /opt/hbase/classpath.txt)" tools/FixFamilies.java');
		expect(lines).toContain('COPY --from=jars /opt/hbase/tools /opt/hbase/tools');
		expect(lines).toContain(`COPY docker/hbase/fix-families.sh /opt/hbase/bin/${COMPOSE_FIX_TOOL}`);
		expect(dockerfileEnv(dockerfile).PATH).toMatch(/^\/opt\/hbase\/bin:/);
		const wrapper = read('stack/docker/hbase/fix-families.sh').replace(/\\\n\s*/g, '');
		const site = xmlProperties(read('stack/docker/hbase/hbase-site.xml'));
		expect(wrapper).toContain(
			`"$home/tools:$conf:$(<"$home/classpath.txt")" FixFamilies ${site.get('hbase.zookeeper.quorum')} ${site.get('hbase.zookeeper.property.clientPort')} "$@"`,
		);
		// The command init prints names a compose service that runs this image.
		const [service] = /^docker compose exec (\S+) /.exec(composeFixCommand('userdata', wantedFamilies(), {}))?.slice(1) ?? [];
		expect(compose.services[service ?? '']?.build).toBeDefined();
		// And the file's own comment shows the same command.
		expect(composeText).toContain(composeFixCommand('userdata', wantedFamilies(), {}));
	});

	it('keeps every shell script LF on any checkout (.gitattributes), or the container dies at start', () => {
		const scripts = readdirSync(join(root, 'stack/docker/hbase'))
			.filter(name => name.endsWith('.sh'))
			.map(name => `stack/docker/hbase/${name}`);
		expect(scripts).toEqual(
			expect.arrayContaining(['stack/docker/hbase/hbase-entrypoint.sh', 'stack/docker/hbase/hbase-healthcheck.sh', 'stack/docker/hbase/fix-families.sh']),
		);
		expect(read('.gitattributes').split('\n')).toContain('*.sh text eol=lf');
		const attributes = execFileSync('git', ['check-attr', 'text', 'eol', '--', ...scripts], {cwd: root, encoding: 'utf8'});
		for (const script of scripts) {
			expect(attributes, script).toContain(`${script}: text: set`);
			expect(attributes, script).toContain(`${script}: eol: lf`);
		}
	});

	it('ships in the npm package: the compose file and every file the image build copies', () => {
		const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {cwd: root, encoding: 'utf8'})) as Array<{
			files: Array<{path: string}>;
		}>;
		const files = new Set(packed[0]!.files.map(file => file.path));
		const copied = instructions(dockerfile)
			.filter(line => /^COPY\s/.test(line) && !line.includes('--from='))
			.flatMap(line => line.split(/\s+/).slice(1, -1))
			.map(source => normalize(join(context, source)));
		for (const file of ['docker-compose.yml', ...copied]) expect(files, file).toContain(file);
	});
});

describe('the checks catch a broken compose file', () => {
	const broken = (from: string, to: string): Compose => {
		expect(composeText).toContain(from);
		return parse(composeText.replace(from, to)) as Compose;
	};

	it('a changed port', () => {
		expect(singlePortProblems(broken("'127.0.0.1:9090:9090'", "'127.0.0.1:9091:9091'"))).not.toEqual([]);
	});

	it('a port open on every address', () => {
		expect(singlePortProblems(broken("'127.0.0.1:2181:2181'", "'2181:2181'"))).not.toEqual([]);
		expect(singlePortProblems(broken("'127.0.0.1:2181:2181'", "'0.0.0.0:2181:2181'"))).not.toEqual([]);
	});

	it('another Kafka version or a drifted broker setting', () => {
		expect(singleKafkaProblems(broken(`apache/kafka:${kafkaVersion}`, 'apache/kafka:3.9.1'), kafkaPom)).not.toEqual([]);
		expect(singleKafkaProblems(broken("KAFKA_NUM_PARTITIONS: '3'", "KAFKA_NUM_PARTITIONS: '1'"), kafkaPom)).not.toEqual([]);
	});

	it('an unpinned image', () => {
		expect(imageProblems(broken(`image: ${compose.services.zookeeper?.image}`, 'image: zookeeper:latest'), dockerfile)).not.toEqual([]);
		expect(imageProblems(broken(`image: ${compose.services.zookeeper?.image}`, 'image: zookeeper'), dockerfile)).not.toEqual([]);
		expect(imageProblems(compose, dockerfile.replace(/^FROM eclipse-temurin:\S+/m, 'FROM eclipse-temurin:17-jre'))).not.toEqual([]);
	});

	it('a service without a restart policy', () => {
		expect(restartProblems(broken('    hostname: kafka\n    restart: unless-stopped\n', '    hostname: kafka\n'))).toEqual([
			'kafka: restart is unset: nothing brings it back after a crash',
		]);
		expect(restartProblems(broken('    hostname: kafka\n    restart: unless-stopped\n', '    hostname: kafka\n    restart: "no"\n'))).not.toEqual([]);
	});

	it('heaps that would not fit the 4 GB VM', () => {
		expect(singleMemoryProblems(compose, dockerfile.replace('HBASE_REGIONSERVER_HEAP="-Xms256m -Xmx768m"', 'HBASE_REGIONSERVER_HEAP="-Xms512m -Xmx1536m"'))).not.toEqual(
			[],
		);
		expect(singleMemoryProblems(broken("      ZK_SERVER_HEAP: '128'\n", ''), dockerfile)).not.toEqual([]);
	});
});
