import {join} from 'node:path';
import {STACK_HOST, type StackPorts, stackPorts} from '../../domain/stack-ports.js';
import {type StackLayout} from './layout.js';
import {type StackSecrets} from './security.js';

/** One broker of `stack up --cluster`: its id and its two ports. */
export interface KafkaNode {
	readonly id: 1 | 2 | 3;
	readonly port: number;
	readonly controllerPort: number;
}

/** The three brokers of `stack up --cluster`, each a broker and a controller (KRaft combined mode). */
export function clusterNodes(p: StackPorts): KafkaNode[] {
	return [
		{id: 1, port: p.kafka, controllerPort: p.kafkaController},
		{id: 2, port: p.kafka2, controllerPort: p.kafkaController2},
		{id: 3, port: p.kafka3, controllerPort: p.kafkaController3},
	];
}

/**
 * A broker's server.properties. Without `cluster`, the single node of `stack up`; with it, one of
 * three voters with a static quorum, and topics that default to 3 replicas of which 2 must
 * acknowledge (acks=all), so one broker can die without losing a write.
 */
export function kafkaServerProperties(layout: StackLayout, p: StackPorts = stackPorts, secrets?: StackSecrets, cluster?: KafkaNode): string {
	const node = cluster ?? {id: 1, port: p.kafka, controllerPort: p.kafkaController};
	const replicas = cluster ? 3 : 1;
	const minIsr = cluster ? 2 : 1;
	const quorum = cluster
		? `controller.quorum.voters=${clusterNodes(p)
				.map(n => `${n.id}@${STACK_HOST}:${n.controllerPort}`)
				.join(',')}`
		: `controller.quorum.bootstrap.servers=${STACK_HOST}:${p.kafkaController}`;
	return `# Written by userdata-tui stack up: ${cluster ? `broker ${node.id} of 3` : 'a single node'} in KRaft combined mode.
process.roles=broker,controller
node.id=${node.id}
${quorum}
${secrets ? secureListeners(node, secrets) : plaintextListeners(node)}
log.dirs=${cluster ? join(layout.kafkaDir, `node-${node.id}`, 'data') : layout.kafkaDataDir}
num.partitions=3
${cluster ? `default.replication.factor=${replicas}\nmin.insync.replicas=${minIsr}\n` : ''}offsets.topic.replication.factor=${replicas}
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=${replicas}
transaction.state.log.min.isr=${minIsr}
share.coordinator.state.topic.replication.factor=${replicas}
share.coordinator.state.topic.min.isr=${minIsr}
group.initial.rebalance.delay.ms=0
# Topics are created by \`userdata-tui init\` with the partitions the user asked for.
auto.create.topics.enable=false
# Values up to 4 MB so the sink, not the broker, decides what is oversized (it goes to the DLQ).
message.max.bytes=4194304
`;
}

function plaintextListeners(n: KafkaNode): string {
	return `listeners=PLAINTEXT://${STACK_HOST}:${n.port},CONTROLLER://${STACK_HOST}:${n.controllerPort}
advertised.listeners=PLAINTEXT://${STACK_HOST}:${n.port},CONTROLLER://${STACK_HOST}:${n.controllerPort}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT`;
}

/**
 * `stack up --secure`: no plaintext port at all. Clients (and the broker's own inter-broker
 * connections) log in with SCRAM-SHA-512 over TLS; the controller listener takes TLS with a
 * client certificate signed by the stack's CA, because SCRAM users live in the metadata log the
 * controller serves, so they cannot guard it. Without an authorizer every logged-in user may do
 * everything: this guards the wire, not one user from another.
 */
function secureListeners(n: KafkaNode, s: StackSecrets): string {
	return `listeners=SASL_SSL://${STACK_HOST}:${n.port},CONTROLLER://${STACK_HOST}:${n.controllerPort}
advertised.listeners=SASL_SSL://${STACK_HOST}:${n.port},CONTROLLER://${STACK_HOST}:${n.controllerPort}
controller.listener.names=CONTROLLER
inter.broker.listener.name=SASL_SSL
listener.security.protocol.map=CONTROLLER:SSL,SASL_SSL:SASL_SSL
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${s.brokerUser}" password="${s.brokerPassword}";
listener.name.controller.ssl.client.auth=required
ssl.keystore.type=PKCS12
ssl.keystore.location=${s.keystore}
ssl.keystore.password=${s.storePassword}
ssl.key.password=${s.storePassword}
ssl.truststore.type=PKCS12
ssl.truststore.location=${s.truststore}
ssl.truststore.password=${s.storePassword}`;
}

/** A size-rolled log4j2 file appender (3 files of 50 MB): the local stack never fills a disk. */
function rollingFile(fileName: string, filePattern: string, pattern: string): string {
	return `status = warn
appender.file.type = RollingFile
appender.file.name = file
appender.file.fileName = ${fileName}
appender.file.filePattern = ${filePattern}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = ${pattern}
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 50MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 3
rootLogger.level = info
rootLogger.appenderRef.file.ref = file
`;
}

export function kafkaLog4j(layout: StackLayout, logName = 'kafka.log'): string {
	return `# Written by userdata-tui stack up.
${rollingFile(join(layout.logsDir, logName), join(layout.logsDir, `${logName}.%i`), '[%d] %p %m (%c)%n')}logger.state.name = state.change.logger
logger.state.level = warn
logger.request.name = kafka.request.logger
logger.request.level = warn
`;
}

function xmlConfiguration(comment: string, props: ReadonlyArray<[string, string]>): string {
	const body = props.map(([name, value]) => `  <property><name>${name}</name><value>${value}</value></property>`).join('\n');
	return `<?xml version="1.0"?>\n<!-- Written by userdata-tui stack up: ${comment}. -->\n<configuration>\n${body}\n</configuration>\n`;
}

/** hdfs://host:port of the cluster's NameNode. */
export function hdfsUri(p: StackPorts): string {
	return `hdfs://${STACK_HOST}:${p.hdfsNameNode}`;
}

/**
 * hbase-site.xml. Standalone: master, region server and ZooKeeper in one JVM on the local file
 * system. Cluster: distributed mode on the external ZooKeeper, with the root (and so the WAL) on
 * HDFS, whose hflush makes a hard kill of a region server lose nothing acknowledged.
 */
export function hbaseSite(layout: StackLayout, p: StackPorts = stackPorts, cluster = false): string {
	const storage: Array<[string, string]> = cluster
		? [
				['hbase.cluster.distributed', 'true'],
				['hbase.rootdir', `${hdfsUri(p)}/hbase`],
				// The classic WAL writer: the async one reaches into Hadoop internals that vary by version.
				['hbase.wal.provider', 'filesystem'],
				// A killed region server's regions move after its ZooKeeper session ends: 20 s, not 90.
				['zookeeper.session.timeout', '20000'],
			]
		: [
				['hbase.cluster.distributed', 'false'],
				['hbase.rootdir', `file://${join(layout.hbaseDir, 'root')}`],
				['hbase.zookeeper.property.dataDir', join(layout.hbaseDir, 'zookeeper')],
				// The local file system has no hflush/hsync: without this the WAL refuses to start.
				['hbase.unsafe.stream.capability.enforce', 'false'],
			];
	const props: Array<[string, string]> = [
		...storage,
		['hbase.tmp.dir', join(layout.hbaseDir, 'tmp')],
		['hbase.zookeeper.quorum', STACK_HOST],
		['hbase.zookeeper.property.clientPort', String(p.zookeeper)],
		['hbase.zookeeper.property.clientPortAddress', STACK_HOST],
		['hbase.master.hostname', STACK_HOST],
		['hbase.regionserver.hostname', STACK_HOST],
		['hbase.master.ipc.address', STACK_HOST],
		['hbase.regionserver.ipc.address', STACK_HOST],
		['hbase.master.port', String(p.hbaseMaster)],
		['hbase.master.info.port', String(p.hbaseMasterUi)],
		['hbase.master.info.bindAddress', STACK_HOST],
		['hbase.regionserver.port', String(p.hbaseRegionServer)],
		['hbase.regionserver.info.port', String(p.hbaseRegionServerUi)],
		['hbase.regionserver.info.bindAddress', STACK_HOST],
		['hbase.thrift.info.bindAddress', STACK_HOST],
		['hbase.thrift.info.port', String(p.thriftUi)],
		// The gateway drops idle clients after 60 s by default; a console left open must not be.
		['hbase.thrift.server.socket.read.timeout', '86400000'],
		// The gateway serves many small batches from the sink: more workers than the default 16.
		['hbase.thrift.minWorkerThreads', '32'],
	];
	return xmlConfiguration(cluster ? 'distributed HBase on the local HDFS and ZooKeeper' : 'standalone HBase on the local file system', props);
}

/** core-site.xml of the cluster: HBase and both HDFS daemons read it from the conf folder. */
export function coreSite(layout: StackLayout, p: StackPorts): string {
	return xmlConfiguration('the local HDFS', [
		['fs.defaultFS', hdfsUri(p)],
		['hadoop.tmp.dir', join(layout.hdfsDir, 'tmp')],
	]);
}

/** hdfs-site.xml: one NameNode and one DataNode, every address on 127.0.0.1, one replica. */
export function hdfsSite(layout: StackLayout, p: StackPorts): string {
	return xmlConfiguration('the local HDFS', [
		['dfs.namenode.name.dir', join(layout.hdfsDir, 'name')],
		['dfs.datanode.data.dir', join(layout.hdfsDir, 'data')],
		['dfs.replication', '1'],
		['dfs.namenode.rpc-address', `${STACK_HOST}:${p.hdfsNameNode}`],
		['dfs.namenode.http-address', `${STACK_HOST}:${p.hdfsNameNodeUi}`],
		['dfs.datanode.address', `${STACK_HOST}:${p.hdfsDataNode}`],
		['dfs.datanode.http.address', `${STACK_HOST}:${p.hdfsDataNodeUi}`],
		['dfs.datanode.ipc.address', `${STACK_HOST}:${p.hdfsDataNodeIpc}`],
		['dfs.datanode.hostname', STACK_HOST],
		// One DataNode: leave safe mode as soon as it reported, not 30 s later.
		['dfs.namenode.safemode.extension', '0'],
		['dfs.permissions.enabled', 'false'],
		['dfs.namenode.datanode.registration.ip-hostname-check', 'false'],
	]);
}

/**
 * Hadoop's HTTP servers look their web apps up on the classpath, and the published hadoop-hdfs
 * jar carries none: an empty folder of each name under webapps/ in the conf folder lets the
 * NameNode and DataNode start (/jmx works). The HBase image makes the same folders.
 */
export const hadoopWebapps: readonly string[] = ['hdfs', 'datanode', 'static', 'secondary'];

/** zoo.cfg of the cluster's external ZooKeeper (standalone: one server). */
export function zooCfg(layout: StackLayout, p: StackPorts): string {
	return `# Written by userdata-tui stack up --cluster.
dataDir=${layout.zookeeperDir}
clientPort=${p.zookeeper}
clientPortAddress=${STACK_HOST}
tickTime=2000
maxSessionTimeout=60000
admin.enableServer=false
4lw.commands.whitelist=ruok,srvr,stat
`;
}

export function hbaseLog4j(): string {
	return `# Written by userdata-tui stack up. The file name comes from -Dhbase.log.file per JVM.
${rollingFile('${sys:hbase.log.file}', '${sys:hbase.log.file}.%i', '%d{ISO8601} %-5p [%t] %c{2}: %.1000m%n')}logger.zookeeper.name = org.apache.zookeeper
logger.zookeeper.level = warn
logger.hadoop.name = org.apache.hadoop
logger.hadoop.level = warn
logger.hbase.name = org.apache.hadoop.hbase
logger.hbase.level = info
`;
}

/** The JDK 17 flags HBase's own bin/hbase adds, plus G1. */
export const hbaseJvmFlags: readonly string[] = [
	'-XX:+UseG1GC',
	'-Dorg.apache.hbase.thirdparty.io.netty.tryReflectionSetAccessible=true',
	'--add-modules',
	'jdk.unsupported',
	'--add-opens',
	'java.base/java.io=ALL-UNNAMED',
	'--add-opens',
	'java.base/java.nio=ALL-UNNAMED',
	'--add-opens',
	'java.base/sun.nio.ch=ALL-UNNAMED',
	'--add-opens',
	'java.base/java.lang=ALL-UNNAMED',
	'--add-opens',
	'java.base/jdk.internal.ref=ALL-UNNAMED',
	'--add-opens',
	'java.base/java.lang.reflect=ALL-UNNAMED',
	'--add-opens',
	'java.base/java.util=ALL-UNNAMED',
	'--add-opens',
	'java.base/java.util.concurrent=ALL-UNNAMED',
	'--add-exports',
	'java.base/jdk.internal.misc=ALL-UNNAMED',
	'--add-exports',
	'java.security.jgss/sun.security.krb5=ALL-UNNAMED',
	'--add-exports',
	'java.base/sun.net.dns=ALL-UNNAMED',
	'--add-exports',
	'java.base/sun.net.util=ALL-UNNAMED',
];
