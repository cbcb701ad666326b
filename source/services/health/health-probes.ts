import {type Settings} from '../../config.js';
import {HbaseClient} from '../hbase/hbase-client.js';
import {ThriftConnection} from '../hbase/thrift-connection.js';
import {createKafka, kafkaConnectionSettings, type KafkaConnectionSettings, type KafkaFactory} from '../kafka/kafka-client.js';
import {type Logger} from '../logger.js';
import type {HealthProbe} from '../ports.js';

/**
 * One metadata request to the broker, with short deadlines and no retries of its own. The
 * client is made like the pipeline's (same factory, same SSL and SASL), so a secured cluster
 * the pipeline reaches is never shown as down.
 */
export async function probeKafka(settings: KafkaConnectionSettings, logger: Logger, factory: KafkaFactory = createKafka): Promise<void> {
	const kafka = factory({...settings, connectionTimeoutMs: 2000, requestTimeoutMs: 5000, quiet: true}, logger);
	const admin = kafka.admin({retry: {retries: 0}});
	try {
		await admin.connect();
		await admin.describeCluster();
	} finally {
		await admin.disconnect().catch(() => {});
	}
}

/** One getTableNames through the Thrift gateway, which also proves the HBase master answers. */
export async function probeThrift(host: string, port: number, logger: Logger): Promise<void> {
	const connection = new ThriftConnection({host, port, connectTimeoutMs: 2000, callTimeoutMs: 10_000, logger});
	try {
		await new HbaseClient(connection).tableNames();
	} finally {
		await connection.close();
	}
}

/** The status bar's Kafka and HBase probes, over the same connection settings as the pipeline. */
export function healthProbes(settings: Settings, logger: Logger, kafkaFactory: KafkaFactory = createKafka): HealthProbe[] {
	const probeLogger = logger.child('probe');
	return [
		{
			service: 'Kafka',
			address: () => settings.brokers.join(','),
			check: async () => probeKafka({...kafkaConnectionSettings(settings), clientId: `${settings.clientId}-probe`}, probeLogger, kafkaFactory),
		},
		{
			service: 'HBase',
			address: () => `${settings.thriftHost}:${settings.thriftPort}`,
			check: async () => probeThrift(settings.thriftHost, settings.thriftPort, probeLogger),
		},
	];
}

/** Probes that follow whatever `current` gives at each check (the console swaps services on a settings change). */
export function followingProbes(current: () => readonly HealthProbe[]): HealthProbe[] {
	return current().map((probe, index) => ({
		service: probe.service,
		address: () => current()[index]?.address() ?? probe.address(),
		check: async () => (current()[index] ?? probe).check(),
	}));
}
