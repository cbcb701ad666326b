import {join} from 'node:path';
import {STACK_HOST, type StackPorts, stackPorts} from '../../domain/stack-ports.js';
import {type StackLayout} from './layout.js';
import {type StackSecrets} from './security.js';

export function kafkaServerProperties(layout: StackLayout, p: StackPorts = stackPorts, secrets?: StackSecrets): string {
	return `# Written by userdata-tui stack up: a single-node Kafka in KRaft combined mode.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=${STACK_HOST}:${p.kafkaController}
${secrets ? secureListeners(p, secrets) : plaintextListeners(p)}
log.dirs=${layout.kafkaDataDir}
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# Topics are created by \`userdata-tui init\` with the partitions the user asked for.
auto.create.topics.enable=false
# Values up to 4 MB so the sink, not the broker, decides what is oversized (it goes to the DLQ).
message.max.bytes=4194304
`;
}

function plaintextListeners(p: StackPorts): string {
	return `listeners=PLAINTEXT://${STACK_HOST}:${p.kafka},CONTROLLER://${STACK_HOST}:${p.kafkaController}
advertised.listeners=PLAINTEXT://${STACK_HOST}:${p.kafka},CONTROLLER://${STACK_HOST}:${p.kafkaController}
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
function secureListeners(p: StackPorts, s: StackSecrets): string {
	return `listeners=SASL_SSL://${STACK_HOST}:${p.kafka},CONTROLLER://${STACK_HOST}:${p.kafkaController}
advertised.listeners=SASL_SSL://${STACK_HOST}:${p.kafka},CONTROLLER://${STACK_HOST}:${p.kafkaController}
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

export function kafkaLog4j(layout: StackLayout): string {
	return `# Written by userdata-tui stack up.
${rollingFile(join(layout.logsDir, 'kafka.log'), join(layout.logsDir, 'kafka.log.%i'), '[%d] %p %m (%c)%n')}logger.state.name = state.change.logger
logger.state.level = warn
logger.request.name = kafka.request.logger
logger.request.level = warn
`;
}

export function hbaseSite(layout: StackLayout, p: StackPorts = stackPorts): string {
	const props: Array<[string, string]> = [
		['hbase.cluster.distributed', 'false'],
		['hbase.rootdir', `file://${join(layout.hbaseDir, 'root')}`],
		['hbase.tmp.dir', join(layout.hbaseDir, 'tmp')],
		['hbase.zookeeper.property.dataDir', join(layout.hbaseDir, 'zookeeper')],
		['hbase.zookeeper.quorum', STACK_HOST],
		['hbase.zookeeper.property.clientPort', String(p.zookeeper)],
		['hbase.zookeeper.property.clientPortAddress', STACK_HOST],
		// The local file system has no hflush/hsync: without this the WAL refuses to start.
		['hbase.unsafe.stream.capability.enforce', 'false'],
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
	const body = props.map(([name, value]) => `  <property><name>${name}</name><value>${value}</value></property>`).join('\n');
	return `<?xml version="1.0"?>\n<!-- Written by userdata-tui stack up: standalone HBase on the local file system. -->\n<configuration>\n${body}\n</configuration>\n`;
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
