import {type Kafka} from 'kafkajs';
import {type Settings} from '../config.js';
import {healthProbes} from './health/health-probes.js';
import {HbaseClient} from './hbase/hbase-client.js';
import {ThriftConnection} from './hbase/thrift-connection.js';
import {createKafka, kafkaConnectionSettings, type KafkaFactory} from './kafka/kafka-client.js';
import {createLogger, type Logger} from './logger.js';
import {PipelineController, type PipelinePorts} from './pipeline/pipeline-controller.js';
import {pipelinePorts} from './pipeline/pipeline-factory.js';
import type {HealthProbe} from './ports.js';

/**
 * The one place real adapters are built from settings, once per process (per settings, in
 * the console). Nothing connects here: each caller connects what it uses and closes it
 * explicitly.
 */
export interface Services {
	readonly settings: Settings;
	readonly logger: Logger;
	/** The one pipeline orchestration, driven by the commands and by the console. */
	readonly pipeline: PipelineController;
	/** Kafka and HBase health checks, through the same client settings as the pipeline. */
	readonly probes: readonly HealthProbe[];
	/** The real ports under `pipeline` (the console hands them to its controller after a settings change). */
	readonly pipelinePorts: PipelinePorts;
	kafka(): Kafka;
	thriftConnection(options?: {callTimeoutMs?: number}): ThriftConnection;
	hbase(connection?: ThriftConnection): HbaseClient;
}

export interface ServicesOptions {
	readonly stderrLogs?: boolean;
	readonly logLevel?: string;
	/** How Kafka clients are made (the pipeline's and the probes'); a test passes a recorder. */
	readonly kafkaFactory?: KafkaFactory;
}

export function createServices(settings: Settings, options: ServicesOptions = {}): Services {
	const logger = createLogger({file: settings.logFile, stderr: options.stderrLogs, level: options.logLevel});
	const kafkaFactory = options.kafkaFactory ?? createKafka;
	let kafka: Kafka | undefined;
	const base = {
		settings,
		logger,
		kafka() {
			kafka ??= kafkaFactory(kafkaConnectionSettings(settings), logger);
			return kafka;
		},
		thriftConnection(connectionOptions: {callTimeoutMs?: number} = {}) {
			return new ThriftConnection({
				host: settings.thriftHost,
				port: settings.thriftPort,
				logger: logger.child('hbase'),
				callTimeoutMs: connectionOptions.callTimeoutMs,
			});
		},
		hbase(connection?: ThriftConnection) {
			return new HbaseClient(connection ?? base.thriftConnection());
		},
	};
	const ports = pipelinePorts(base);
	return {...base, pipelinePorts: ports, pipeline: new PipelineController(ports), probes: healthProbes(settings, logger, kafkaFactory)};
}
