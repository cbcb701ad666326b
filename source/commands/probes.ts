import {logLevel, Kafka} from 'kafkajs';
import {ThriftConnection} from '../services/hbase/thrift-connection.js';
import {HbaseClient} from '../services/hbase/hbase-client.js';
import {kafkaLogCreator} from '../services/kafka/kafka-client.js';
import {type Logger} from '../services/logger.js';

/** One metadata request to the broker, with short deadlines and no retries of its own. */
export async function probeKafka(brokers: readonly string[], logger: Logger): Promise<void> {
	const kafka = new Kafka({
		clientId: 'userdata-tui-probe',
		brokers: [...brokers],
		connectionTimeout: 2000,
		requestTimeout: 5000,
		retry: {retries: 0},
		logLevel: logLevel.NOTHING,
		logCreator: kafkaLogCreator(logger),
	});
	const admin = kafka.admin();
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
