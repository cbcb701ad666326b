import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {type Compose, composeClusterText, composeText, environment, type Service} from '../helpers/compose-file.js';
import {
	dockerfileEnv,
	imageProblems,
	instructions,
	kafkaProblems,
	kafkaProperties,
	maxHeap,
	memoryProblems,
	portProblems,
	restartProblems,
	xmlProperties,
} from '../helpers/compose-checks.js';
import {stackPorts} from '../../source/domain/stack-ports.js';
import {clusterNodes, coreSite, hadoopWebapps, hbaseSite, hdfsSite, kafkaServerProperties} from '../../source/services/stack/configs.js';
import {stackLayout} from '../../source/services/stack/layout.js';
import {COMPOSE_CLUSTER_FILE, composeFileOf, composeFixCommand} from '../../source/services/init/fix-route.js';
import {wantedFamilies} from '../../source/domain/table-schema.js';

/*
 * docker-compose.cluster.yml and `stack up --cluster` must offer the same cluster: the same
 * processes, host ports (offset 0), Kafka version and replication, HBase on HDFS with 2 region
 * servers. As for the single node's file (compose.test.ts), no Docker engine: the file, the
 * image's cluster conf and its Dockerfile are read as text and held to the local cluster's
 * configs (source/services/stack/configs.ts). Each check returns problems, so the last block
 * shows that a broken file is caught.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

const dockerfile = read('stack/docker/hbase/Dockerfile');
const entrypoint = read('stack/docker/hbase/hbase-entrypoint.sh');
const kafkaPom = read('stack/kafka/pom.xml');
const clusterConf = (name: string): string => read(`stack/docker/hbase/cluster/${name}`);
const layout = stackLayout('/data');
const compose = parse(composeClusterText) as Compose;
const single = parse(composeText) as Compose;

/** The brokers, by the names `stack status --json` gives the local cluster's. */
const brokerServices = ['kafka', 'kafka-2', 'kafka-3'] as const;

/** The ports the cluster publishes: those a client or a user on the host needs, each the local cluster's at offset 0. */
const clusterPorts = {
	zookeeper: [stackPorts.zookeeper],
	kafka: [stackPorts.kafka],
	'kafka-2': [stackPorts.kafka2],
	'kafka-3': [stackPorts.kafka3],
	namenode: [stackPorts.hdfsNameNodeUi],
	hbase: [stackPorts.hbaseMasterUi],
	thrift: [stackPorts.thrift],
};

/** The image's role a service runs (the first word of its command), for those built from the HBase image. */
function roles(c: Compose): Record<string, string> {
	return Object.fromEntries(
		Object.entries(c.services)
			.filter(([, service]) => service.build !== undefined)
			.map(([name, service]) => [name, String((Array.isArray(service.command) ? service.command : [service.command])[0] ?? 'all')]),
	);
}

/** The generic options a service's command passes after its role: -D name=value pairs. */
function options(service: Service): Map<string, string> {
	const words = Array.isArray(service.command) ? service.command.slice(1) : [];
	const result = new Map<string, string>();
	for (let i = 0; i < words.length; i += 2) {
		const [name, value] = String(words[i + 1]).split('=');
		if (words[i] === '-D' && name !== undefined && value !== undefined) result.set(name, value);
	}
	return result;
}

/** Same processes as the local cluster: 3 brokers, ZooKeeper, NameNode, DataNode, master, 2 region servers, Thrift. */
function topologyProblems(c: Compose): string[] {
	const problems: string[] = [];
	const wanted = {namenode: 'namenode', datanode: 'datanode', hbase: 'master', 'regionserver-1': 'regionserver', 'regionserver-2': 'regionserver', thrift: 'thrift'};
	const actual = roles(c);
	if (JSON.stringify(Object.entries(actual).sort()) !== JSON.stringify(Object.entries(wanted).sort())) {
		problems.push(`HBase image roles ${JSON.stringify(actual)}, the local cluster runs ${JSON.stringify(wanted)}`);
	}
	for (const broker of brokerServices) if (c.services[broker]?.image?.startsWith('apache/kafka:') !== true) problems.push(`no broker ${broker}`);
	if (c.services.zookeeper?.image !== single.services.zookeeper?.image)
		problems.push(`zookeeper runs ${c.services.zookeeper?.image}, the single node ${single.services.zookeeper?.image}`);
	for (const [name, service] of Object.entries(c.services)) {
		if (service.hostname !== name) problems.push(`${name}: hostname ${service.hostname}, not its service name (the confs name services)`);
		if (service.healthcheck?.test === undefined || service.healthcheck.disable === true) problems.push(`${name}: no healthcheck`);
	}
	// A region server registers under its service name: the name the other containers resolve,
	// and the name init --fix recognises to print the cluster file's command.
	for (const [name, role] of Object.entries(actual)) {
		const option = {master: 'hbase.master.hostname', regionserver: 'hbase.regionserver.hostname'}[role];
		if (option === undefined) continue;
		if (options(c.services[name]!).get(option) !== name)
			problems.push(`${name}: registers as ${options(c.services[name]!).get(option) ?? 'its reverse lookup'}, not ${name}`);
		if (role === 'regionserver' && composeFileOf({host: name, port: stackPorts.hbaseRegionServer}) !== COMPOSE_CLUSTER_FILE) {
			problems.push(`${name}: init --fix would not recognise it as the cluster file's`);
		}
	}
	return problems;
}

/** The quorum: three voters, each a broker's node id at its host name and the controller port it listens on; one cluster id. */
function quorumProblems(c: Compose): string[] {
	const problems: string[] = [];
	const byService = Object.fromEntries(brokerServices.map(name => [name, kafkaProperties(c, name)]));
	const ids = brokerServices.map(name => byService[name]!.get('node.id'));
	if ([...ids].sort().join() !== '1,2,3') problems.push(`node ids ${ids.join(', ')}, not 1, 2, 3`);
	const quorums = new Set(brokerServices.map(name => byService[name]!.get('controller.quorum.voters')));
	if (quorums.size !== 1) problems.push(`the brokers name different quorums: ${[...quorums].join(' | ')}`);
	const clusterIds = new Set(brokerServices.map(name => environment(c.services[name] ?? {}).CLUSTER_ID));
	if (clusterIds.size !== 1) problems.push('the brokers have different CLUSTER_IDs');
	const voters = String([...quorums][0] ?? '')
		.split(',')
		.map(voter => /^(\d+)@([^:]+):(\d+)$/.exec(voter));
	if (voters.length !== 3) problems.push(`${voters.length} voters, not 3`);
	for (const voter of voters) {
		if (!voter) {
			problems.push('a voter is not id@host:port');
			continue;
		}
		const [, id, host, port] = voter;
		const broker = brokerServices.find(name => c.services[name]?.hostname === host);
		if (broker === undefined) {
			problems.push(`voter ${id}@${host}: no broker has that host name`);
			continue;
		}
		const props = byService[broker]!;
		if (props.get('node.id') !== id) problems.push(`voter ${id}@${host}: ${broker} is node ${props.get('node.id')}`);
		if (!(props.get('listeners') ?? '').split(',').includes(`CONTROLLER://:${port}`)) problems.push(`voter ${id}@${host}:${port}: ${broker} has no controller there`);
	}
	// Between brokers, container names (the host's 127.0.0.1 would be each container itself).
	for (const broker of brokerServices) {
		const props = byService[broker]!;
		const interBroker = props.get('inter.broker.listener.name') ?? '';
		const advertised = (props.get('advertised.listeners') ?? '').split(',').find(listener => listener.startsWith(`${interBroker}://`));
		if (advertised === undefined || !advertised.startsWith(`${interBroker}://${c.services[broker]?.hostname}:`)) {
			problems.push(`${broker}: the inter-broker listener is advertised as ${advertised ?? 'nothing'}, not its container name`);
		}
	}
	return problems;
}

/** Every broker against its local cluster broker's server.properties (same node, same host port). */
function brokerProblems(c: Compose): string[] {
	return clusterNodes(stackPorts).flatMap((node, index) =>
		kafkaProblems(c, kafkaPom, brokerServices[index]!, kafkaServerProperties(layout, stackPorts, undefined, node), node.port),
	);
}

// Different on purpose from the local cluster's: host names (compose services), paths, and in-container addresses.
const hbaseDiffers =
	/^hbase\.(rootdir|tmp\.dir|zookeeper\.(quorum|property\.(dataDir|clientPortAddress))|(master|regionserver)\.(hostname|ipc\.address)|.*\.bindAddress)$/;

/** The image's cluster hbase-site.xml against hbaseSite(…, cluster): HBase distributed, its root on the compose HDFS. */
function hbaseConfProblems(hbaseXml: string, coreXml: string): string[] {
	const problems: string[] = [];
	const docker = xmlProperties(hbaseXml);
	const local = xmlProperties(hbaseSite(layout, stackPorts, true));
	for (const [name, value] of local) {
		if (!hbaseDiffers.test(name) && docker.get(name) !== value) problems.push(`hbase-site: ${name} is ${docker.get(name) ?? 'unset'}, the local cluster has ${value}`);
	}
	for (const name of docker.keys()) if (!local.has(name) && !hbaseDiffers.test(name)) problems.push(`hbase-site: ${name} is not in the local cluster's`);
	const defaultFs = xmlProperties(coreXml).get('fs.defaultFS') ?? '';
	if (docker.get('hbase.rootdir') !== `${defaultFs}/hbase` || !defaultFs.startsWith('hdfs://')) {
		problems.push(`hbase.rootdir ${docker.get('hbase.rootdir')} is not /hbase on the HDFS of core-site.xml (${defaultFs})`);
	}
	if (docker.get('hbase.zookeeper.quorum') !== compose.services.zookeeper?.hostname) problems.push('hbase-site: the quorum is not the zookeeper service');
	return problems;
}

/** core-site.xml and hdfs-site.xml against the local cluster's: same settings and ports, compose host names and volume paths. */
function hdfsConfProblems(coreXml: string, hdfsXml: string): string[] {
	const problems: string[] = [];
	const core = xmlProperties(coreXml);
	if (core.get('fs.defaultFS') !== `hdfs://${compose.services.namenode?.hostname}:${stackPorts.hdfsNameNode}`)
		problems.push(`fs.defaultFS is ${core.get('fs.defaultFS')}`);
	if ([...core.keys()].sort().join() !== [...xmlProperties(coreSite(layout, stackPorts)).keys()].sort().join()) problems.push('core-site: not the local settings');
	const docker = xmlProperties(hdfsXml);
	const local = xmlProperties(hdfsSite(layout, stackPorts));
	const port = (address: string | undefined) => address?.split(':').at(-1);
	for (const [name, value] of local) {
		if (/address$/.test(name)) {
			if (port(docker.get(name)) !== port(value)) problems.push(`hdfs-site: ${name} is ${docker.get(name)}, on another port than the local ${value}`);
		} else if (name === 'dfs.datanode.hostname') {
			if (docker.get(name) !== compose.services.datanode?.hostname) problems.push(`hdfs-site: ${name} is not the datanode service`);
		} else if (/\.dir$/.test(name)) {
			if (!docker.get(name)?.startsWith('/data/hbase/')) problems.push(`hdfs-site: ${name} ${docker.get(name)} is not on the service's volume (/data/hbase)`);
		} else if (docker.get(name) !== value) {
			problems.push(`hdfs-site: ${name} is ${docker.get(name) ?? 'unset'}, the local cluster has ${value}`);
		}
	}
	return problems;
}

/** depends_on: storage before HBase, the master before the gateway; never a wait that cannot end. */
function dependencyProblems(c: Compose): string[] {
	const problems: string[] = [];
	const needs = (service: string, on: string, condition: string) => {
		const dependsOn = c.services[service]?.depends_on;
		const actual = Array.isArray(dependsOn)
			? dependsOn.includes(on)
				? 'service_started'
				: undefined
			: (dependsOn as Record<string, {condition?: string}> | undefined)?.[on]?.condition;
		if (actual !== condition) problems.push(`${service} waits for ${on} ${actual ?? 'not at all'}, not ${condition}`);
	};
	for (const hbase of ['hbase', 'regionserver-1', 'regionserver-2']) {
		needs(hbase, 'zookeeper', 'service_healthy');
		needs(hbase, 'namenode', 'service_healthy');
	}
	needs('thrift', 'hbase', 'service_healthy');
	// The NameNode is healthy only with a live DataNode: waiting for it to be healthy would never end.
	needs('datanode', 'namenode', 'service_started');
	return problems;
}

/** Each healthcheck dials what its service listens on: a broker its own listener, a region server and the DataNode their RPC ports. */
function healthcheckPortProblems(c: Compose): string[] {
	const problems: string[] = [];
	const test = (service: string) => ((c.services[service]?.healthcheck?.test ?? []) as string[]).join(' ');
	for (const broker of brokerServices) {
		const plaintext = (kafkaProperties(c, broker).get('advertised.listeners') ?? '').split(',').find(listener => listener.startsWith('PLAINTEXT://'));
		const address = plaintext?.slice('PLAINTEXT://'.length);
		if (address === undefined || !test(broker).includes(`--bootstrap-server ${address} `))
			problems.push(`${broker}: its healthcheck does not ask ${address ?? 'its PLAINTEXT listener'}`);
	}
	const port = (address: string | undefined) => address?.split(':').at(-1);
	const wanted = {
		'regionserver-1': xmlProperties(clusterConf('hbase-site.xml')).get('hbase.regionserver.port'),
		'regionserver-2': xmlProperties(clusterConf('hbase-site.xml')).get('hbase.regionserver.port'),
		datanode: port(xmlProperties(clusterConf('hdfs-site.xml')).get('dfs.datanode.address')),
	};
	for (const [service, listens] of Object.entries(wanted)) {
		if (!test(service).includes(`/dev/tcp/127.0.0.1/${listens}`)) problems.push(`${service}: its healthcheck does not dial 127.0.0.1:${listens}`);
	}
	return problems;
}

/** The heap ceiling of every JVM, from where each is set (the image's ENV unless the service overrides it), and the client tool's. */
function heapCeilings(c: Compose, dockerfileText: string): Record<string, number> {
	const heapOf = {
		master: 'HBASE_MASTER_HEAP',
		regionserver: 'HBASE_REGIONSERVER_HEAP',
		thrift: 'HBASE_THRIFT_HEAP',
		namenode: 'HDFS_NAMENODE_HEAP',
		datanode: 'HDFS_DATANODE_HEAP',
	};
	const result: Record<string, number> = {};
	const zookeeper = environment(c.services.zookeeper ?? {}).ZK_SERVER_HEAP;
	result.zookeeper = zookeeper === undefined ? 1000 : Number(zookeeper);
	for (const broker of brokerServices) {
		const heap = environment(c.services[broker] ?? {}).KAFKA_HEAP_OPTS;
		result[broker] = heap === undefined ? 1024 : maxHeap(heap, `${broker} KAFKA_HEAP_OPTS`);
	}
	for (const [name, role] of Object.entries(roles(c))) {
		const variable = heapOf[role as keyof typeof heapOf];
		const env = {...dockerfileEnv(dockerfileText), ...environment(c.services[name]!)};
		result[name] = maxHeap(env[variable] ?? '', `${name} ${variable}`);
	}
	result['client tool'] = maxHeap(dockerfileEnv(dockerfileText).HBASE_TOOL_HEAP ?? '', 'HBASE_TOOL_HEAP');
	return result;
}

/** An 8 GB Docker VM, less 1 GB for its kernel and dockerd (the single node's file keeps the same margin on 4 GB). */
const clusterBudgetMb = 7168;

const clusterMemoryProblems = (c: Compose, dockerfileText: string): string[] => memoryProblems(heapCeilings(c, dockerfileText), clusterBudgetMb);

describe('docker-compose.cluster.yml', () => {
	it("runs the local cluster's processes, one per service named as `stack status --json` names them, each with a healthcheck", () => {
		expect(Object.keys(compose.services).sort()).toEqual(
			['datanode', 'hbase', 'kafka', 'kafka-2', 'kafka-3', 'namenode', 'regionserver-1', 'regionserver-2', 'thrift', 'zookeeper'].sort(),
		);
		expect(topologyProblems(compose)).toEqual([]);
	});

	it('is a compose project of its own, so its containers and volumes never mix with the single node', () => {
		expect(compose.name).toBe('userdata-tui-cluster');
		expect(single.name).not.toBe(compose.name);
		// No profiles: `docker compose -f docker-compose.cluster.yml up` starts every service.
		for (const service of Object.values(compose.services)) expect(service).not.toHaveProperty('profiles');
	});

	it("publishes the local cluster's ports at offset 0, each on 127.0.0.1 only", () => {
		expect(portProblems(compose, clusterPorts)).toEqual([]);
	});

	it('runs the Kafka of stack/kafka/pom.xml, each broker with its local twin settings: 3 replicas, min.insync.replicas 2', () => {
		expect(brokerProblems(compose)).toEqual([]);
		for (const broker of brokerServices) {
			expect(kafkaProperties(compose, broker).get('default.replication.factor'), broker).toBe('3');
			expect(kafkaProperties(compose, broker).get('min.insync.replicas'), broker).toBe('2');
		}
	});

	it('has one KRaft quorum of the three brokers, which talk to each other by container name', () => {
		expect(quorumProblems(compose)).toEqual([]);
	});

	it('pins every image, and restarts every service after a crash', () => {
		expect(imageProblems(compose, dockerfile)).toEqual([]);
		expect(restartProblems(compose)).toEqual([]);
	});

	it('starts storage before HBase and the master before the gateway, with no wait that cannot end', () => {
		expect(dependencyProblems(compose)).toEqual([]);
	});

	it('gives each JVM the stop time the local stack gives it', () => {
		const seconds = (name: string) => Number(/^(\d+)s$/.exec(String(compose.services[name]?.stop_grace_period))?.[1] ?? 10);
		// The local stack: 60 s for the master and region servers, 30 s for brokers, HDFS and Thrift.
		for (const name of ['hbase', 'regionserver-1', 'regionserver-2']) expect(seconds(name), name).toBeGreaterThanOrEqual(60);
		for (const name of [...brokerServices, 'namenode', 'datanode', 'thrift']) expect(seconds(name), name).toBeGreaterThanOrEqual(30);
	});

	it('needs an 8 GB Docker VM, as its comment says: the heaps, summed, are more than a 4 GB one holds', () => {
		expect(clusterMemoryProblems(compose, dockerfile)).toEqual([]);
		const mb = heapCeilings(compose, dockerfile);
		const total = Object.values(mb).reduce((sum, heap) => sum + heap, 0);
		// Over the single node's 3 GB budget of a 4 GB VM: the comment's "will not hold it" stays true.
		expect(memoryProblems(mb, 3072)).not.toEqual([]);
		expect(composeClusterText).toContain(`heap ceilings add up to ${(total / 1024).toFixed(1)} GB`);
		expect(composeClusterText).toContain(
			`(ZooKeeper ${mb.zookeeper} MB, 3 Kafka brokers ${mb.kafka} MB each,\n# NameNode ${mb.namenode} MB, DataNode ${mb.datanode} MB, HBase master ${mb.hbase} MB, 2 region servers ${mb['regionserver-1']} MB each, Thrift\n# ${mb.thrift} MB, and ${mb['client tool']} MB for the short client JVM`,
		);
		expect(new Set(brokerServices.map(broker => mb[broker])).size).toBe(1);
		expect(mb['regionserver-2']).toBe(mb['regionserver-1']);
		const withOffHeap = total + Object.keys(mb).length * 150;
		expect(composeClusterText).toContain(`${(withOffHeap / 1024).toFixed(1)} GB: Docker Desktop's\n# default 4 GB VM will not hold it; give the VM 8 GB`);
		// The entrypoint's own HDFS heaps are the image's, as for HBase's.
		const env = dockerfileEnv(dockerfile);
		for (const name of ['HDFS_NAMENODE_HEAP', 'HDFS_DATANODE_HEAP']) {
			expect(entrypoint, name).toContain(`\${${name}:--Xmx${/-Xmx(\S+)/.exec(env[name] ?? '')?.[1]}}`);
		}
	});

	it('prints the init --fix command for this file, with -f, in its comment and from init', () => {
		const command = composeFixCommand('userdata', wantedFamilies(), {}, COMPOSE_CLUSTER_FILE);
		expect(command).toMatch(/^docker compose -f docker-compose\.cluster\.yml exec hbase fix-families /);
		expect(composeClusterText).toContain(command);
		// The service it names runs the image (fix-families is on its PATH) and reads the cluster conf.
		expect(compose.services.hbase?.build).toEqual(single.services.hbase?.build);
		expect(environment(compose.services.hbase!).HBASE_CONF_DIR).toBe('/opt/hbase/conf-cluster');
	});

	it('ships in the npm package, and the README tells how to run it and how much memory it needs', () => {
		expect((JSON.parse(read('package.json')) as {files: string[]}).files).toContain('docker-compose.cluster.yml');
		const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {cwd: root, encoding: 'utf8'})) as Array<{
			files: Array<{path: string}>;
		}>;
		const files = new Set(packed[0]!.files.map(file => file.path));
		for (const file of ['docker-compose.cluster.yml', 'stack/docker/hbase/cluster/hbase-site.xml', 'stack/docker/hbase/jmx-healthcheck.sh'])
			expect(files, file).toContain(file);
		const readme = read('README.md');
		const section = readme.slice(readme.indexOf('### With Docker instead'), readme.indexOf('\n## ', readme.indexOf('### With Docker instead')));
		expect(section).toContain('docker compose -f docker-compose.cluster.yml up -d --build --wait');
		expect(section).toMatch(/8 GB/);
	});
});

describe("the HBase image's cluster roles", () => {
	it('every role runs the one image, built as the single node builds it, on the cluster conf', () => {
		for (const name of Object.keys(roles(compose))) {
			expect(compose.services[name]?.build, name).toEqual(single.services.hbase?.build);
			expect(compose.services[name]?.image, name).toBe(single.services.hbase?.image);
			expect(environment(compose.services[name]!).HBASE_CONF_DIR, name).toBe('/opt/hbase/conf-cluster');
		}
		const lines = instructions(dockerfile);
		expect(lines).toContain(
			'COPY docker/hbase/cluster/hbase-site.xml docker/hbase/cluster/core-site.xml docker/hbase/cluster/hdfs-site.xml docker/hbase/log4j2.properties /opt/hbase/conf-cluster/',
		);
		// The empty web app folders the HDFS daemons need, as the local cluster makes them.
		for (const app of hadoopWebapps) expect(dockerfile).toContain(`/opt/hbase/conf-cluster/webapps/${app} `);
	});

	it("has the local cluster's hbase-site.xml: distributed, its root and WAL on the compose HDFS", () => {
		expect(hbaseConfProblems(clusterConf('hbase-site.xml'), clusterConf('core-site.xml'))).toEqual([]);
		const site = xmlProperties(clusterConf('hbase-site.xml'));
		expect(site.get('hbase.cluster.distributed')).toBe('true');
		expect(site.get('hbase.rootdir')).toMatch(/^hdfs:\/\//);
		expect(site.get('hbase.unsafe.stream.capability.enforce')).toBeUndefined();
	});

	it("has the local cluster's HDFS: same settings and ports, its folders on the namenode's and datanode's volumes", () => {
		expect(hdfsConfProblems(clusterConf('core-site.xml'), clusterConf('hdfs-site.xml'))).toEqual([]);
		const hdfs = xmlProperties(clusterConf('hdfs-site.xml'));
		const mount = (service: string) => (compose.services[service]?.volumes ?? []).map(v => (typeof v === 'string' ? v.split(':')[1] : v.target));
		expect(mount('namenode')).toContain('/data/hbase');
		expect(mount('datanode')).toContain('/data/hbase');
		// The folder the entrypoint formats on the NameNode's first start.
		expect(entrypoint).toContain(`\${HDFS_NAME_DIR:-${hdfs.get('dfs.namenode.name.dir')}}`);
	});

	it('XML the Hadoop parser reads: no "--" inside a comment', () => {
		for (const file of ['cluster/hbase-site.xml', 'cluster/core-site.xml', 'cluster/hdfs-site.xml', 'hbase-site.xml']) {
			for (const [, comment] of read(`stack/docker/hbase/${file}`).matchAll(/<!--([\s\S]*?)-->/g)) expect(comment, file).not.toContain('--');
		}
	});

	it('healthchecks wait for what `stack up --cluster` waits for: HDFS out of safe mode with a DataNode, the master with 2 region servers', () => {
		const check = (service: string) => (compose.services[service]?.healthcheck?.test ?? []) as string[];
		const [, script, port, bean, ...patterns] = check('namenode');
		expect([script, port, bean]).toEqual(['/opt/hbase/bin/jmx-healthcheck.sh', String(stackPorts.hdfsNameNodeUi), 'Hadoop:service=NameNode,name=FSNamesystemState']);
		// The patterns against the servlet's JSON (Jackson's pretty printer), as grep -E reads them.
		const matches = (json: string) => patterns.every(pattern => new RegExp(pattern).test(json));
		expect(matches('"FSState" : "Operational",\n"NumLiveDataNodes" : 1,')).toBe(true);
		expect(matches('"FSState" : "safeMode",\n"NumLiveDataNodes" : 1,')).toBe(false);
		expect(matches('"FSState" : "Operational",\n"NumLiveDataNodes" : 0,')).toBe(false);
		const [, masterScript, masterPort, masterBean, ...masterPatterns] = check('hbase');
		expect([masterScript, masterPort, masterBean]).toEqual([
			'/opt/hbase/bin/jmx-healthcheck.sh',
			String(stackPorts.hbaseMasterUi),
			'Hadoop:service=HBase,name=Master,sub=Server',
		]);
		const live = (n: number) => masterPatterns.every(pattern => new RegExp(pattern).test(`"numRegionServers" : ${n},`));
		expect([live(1), live(2), live(12)]).toEqual([false, true, true]);
		expect(check('thrift')).toEqual(single.services.hbase?.healthcheck?.test);
		expect(healthcheckPortProblems(compose)).toEqual([]);
	});
});

describe('the cluster checks catch a broken file', () => {
	const broken = (from: string, to: string): Compose => {
		expect(composeClusterText).toContain(from);
		return parse(composeClusterText.replace(from, to)) as Compose;
	};

	it('a broker on another port, or open on every address', () => {
		expect(portProblems(broken("'127.0.0.1:9192:9192'", "'127.0.0.1:9193:9193'"), clusterPorts)).not.toEqual([]);
		expect(portProblems(broken("'127.0.0.1:9292:9292'", "'9292:9292'"), clusterPorts)).not.toEqual([]);
	});

	it('a broker with one replica, another Kafka, or advertising a name the host cannot reach', () => {
		expect(brokerProblems(broken("KAFKA_MIN_INSYNC_REPLICAS: '2'", "KAFKA_MIN_INSYNC_REPLICAS: '1'"))).not.toEqual([]);
		expect(brokerProblems(broken('image: apache/kafka:4.1.1\n    hostname: kafka-3', 'image: apache/kafka:3.9.1\n    hostname: kafka-3'))).not.toEqual([]);
		expect(brokerProblems(broken('HOST://127.0.0.1:9192', 'HOST://kafka-2:9192'))).not.toEqual([]);
	});

	it('a quorum that leaves a broker out, or two brokers with one node id', () => {
		expect(quorumProblems(broken("KAFKA_NODE_ID: '3'", "KAFKA_NODE_ID: '2'"))).not.toEqual([]);
		const voters = '1@kafka:9093,2@kafka-2:9193,3@kafka-3:9293';
		expect(composeClusterText.split(voters).length - 1).toBe(3);
		expect(quorumProblems(broken(voters, '1@kafka:9093,2@kafka-2:9193'))).not.toEqual([]);
		expect(quorumProblems(broken('PLAINTEXT://kafka-2:19092', 'PLAINTEXT://127.0.0.1:19092'))).not.toEqual([]);
	});

	it('a missing region server, or one registered under a name nobody resolves', () => {
		const text = composeClusterText.replace(/\n {2}regionserver-2:\n[\s\S]*?(?=\n {2}thrift:)/, '');
		expect(text).not.toBe(composeClusterText);
		expect(topologyProblems(parse(text) as Compose)).not.toEqual([]);
		expect(topologyProblems(broken('hbase.regionserver.hostname=regionserver-1', 'hbase.regionserver.hostname=rs1'))).not.toEqual([]);
	});

	it('HBase on the local file system, or a drifted HBase or HDFS setting', () => {
		const hbaseXml = clusterConf('hbase-site.xml');
		expect(hbaseConfProblems(hbaseXml.replace('hdfs://namenode:8020/hbase', 'file:///data/hbase/root'), clusterConf('core-site.xml'))).not.toEqual([]);
		expect(hbaseConfProblems(hbaseXml.replace('<value>filesystem</value>', '<value>asyncfs</value>'), clusterConf('core-site.xml'))).not.toEqual([]);
		expect(hdfsConfProblems(clusterConf('core-site.xml'), clusterConf('hdfs-site.xml').replace('0.0.0.0:9866', '0.0.0.0:50010'))).not.toEqual([]);
		expect(hdfsConfProblems(clusterConf('core-site.xml').replace('hdfs://namenode:8020', 'hdfs://namenode:9000'), clusterConf('hdfs-site.xml'))).not.toEqual([]);
	});

	it('a healthcheck that dials another port or broker', () => {
		expect(healthcheckPortProblems(broken("'exec 3<>/dev/tcp/127.0.0.1/16020'", "'exec 3<>/dev/tcp/127.0.0.1/16120'"))).not.toEqual([]);
		expect(healthcheckPortProblems(broken('--bootstrap-server kafka-2:19092', '--bootstrap-server kafka:19092'))).not.toEqual([]);
	});

	it('a wait that cannot end, or HBase started before HDFS', () => {
		expect(dependencyProblems(broken('      namenode:\n        condition: service_started', '      namenode:\n        condition: service_healthy'))).not.toEqual([]);
		const text = composeClusterText.replace(/(\n {2}hbase:\n[\s\S]*?)\n {6}namenode:\n {8}condition: service_healthy/, '$1');
		expect(text).not.toBe(composeClusterText);
		expect(dependencyProblems(parse(text) as Compose)).not.toEqual([]);
	});

	it('a service without a restart policy, or heaps an 8 GB VM would not hold', () => {
		expect(restartProblems(broken('    hostname: kafka-2\n    restart: unless-stopped\n', '    hostname: kafka-2\n'))).not.toEqual([]);
		expect(clusterMemoryProblems(compose, dockerfile.replace('HBASE_REGIONSERVER_HEAP="-Xms256m -Xmx768m"', 'HBASE_REGIONSERVER_HEAP="-Xms512m -Xmx2g"'))).not.toEqual(
			[],
		);
		expect(
			clusterMemoryProblems(broken("      ZK_SERVER_HEAP: '128'\n", ''), dockerfile.replace('HDFS_NAMENODE_HEAP="-Xms128m -Xmx256m"', 'HDFS_NAMENODE_HEAP="-Xmx1g"')),
		).not.toEqual([]);
	});
});
