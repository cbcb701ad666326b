import {type Kafka} from 'kafkajs';
import {type Settings} from '../config.js';
import {HbaseClient} from './hbase/hbase-client.js';
import {ThriftConnection} from './hbase/thrift-connection.js';
import {createKafka, type KafkaConnectionSettings} from './kafka/kafka-client.js';
import {createLogger, type Logger} from './logger.js';

/**
 * The one place real adapters are built from settings. Nothing connects here: each caller
 * connects what it uses and closes it explicitly.
 */
export interface Services {
	readonly settings: Settings;
	readonly logger: Logger;
	kafka(): Kafka;
	thriftConnection(options?: {callTimeoutMs?: number}): ThriftConnection;
	hbase(connection?: ThriftConnection): HbaseClient;
}

/** The Kafka part of the settings (also handed to the producer thread, which builds its own client). */
export function kafkaConnectionSettings(settings: Settings): KafkaConnectionSettings {
	return {
		brokers: settings.brokers,
		clientId: settings.clientId,
		ssl: settings.kafkaSsl,
		sasl:
			settings.saslMechanism && settings.saslUsername && settings.saslPassword
				? {mechanism: settings.saslMechanism, username: settings.saslUsername, password: settings.saslPassword}
				: undefined,
	};
}

export function createServices(settings: Settings, options: {stderrLogs?: boolean; logLevel?: string} = {}): Services {
	const logger = createLogger({file: settings.logFile, stderr: options.stderrLogs, level: options.logLevel});
	let kafka: Kafka | undefined;
	return {
		settings,
		logger,
		kafka() {
			kafka ??= createKafka(kafkaConnectionSettings(settings), logger);
			return kafka;
		},
		thriftConnection(connectionOptions = {}) {
			return new ThriftConnection({
				host: settings.thriftHost,
				port: settings.thriftPort,
				logger: logger.child('hbase'),
				callTimeoutMs: connectionOptions.callTimeoutMs,
			});
		},
		hbase(connection) {
			return new HbaseClient(connection ?? this.thriftConnection());
		},
	};
}
