import {dlqTopic} from '../../config.js';
import {type OnRefused} from '../../domain/refusal.js';
import {kafkaConnectionSettings} from '../kafka/kafka-client.js';
import {type Services} from '../create-services.js';
import {type PipelinePorts} from './pipeline-controller.js';
import {ConnectionPool} from '../hbase/connection-pool.js';
import {RandomUserClient} from '../random-user/client.js';
import {DlqPublisher} from './dlq-publisher.js';
import {HbaseSink} from './hbase-sink.js';
import {type WriteLimits, writeLimitDefaults} from './hbase-writer.js';
import {ProduceRun, type ProduceSettings} from './produce-run.js';
import {ProducerThread} from './producer-thread.js';
import {type RecordProducer, UserProducer} from './user-producer.js';

/** What the factories need of the services (createServices hands them in before it is complete). */
type PipelineServices = Pick<Services, 'settings' | 'logger' | 'kafka' | 'thriftConnection'>;

/** Builds the producing side from settings; nothing connects until run/connect. */
export function createProducePipeline(
	services: PipelineServices,
	settings: ProduceSettings,
	options: {timeoutMs?: number; compression?: 'gzip' | 'none'; producerThread?: boolean} = {},
) {
	const logger = services.logger.child('producer');
	const client = new RandomUserClient({
		baseUrl: services.settings.apiUrl,
		apiVersion: settings.apiVersion,
		timeoutMs: options.timeoutMs,
		logger: logger.child('api'),
	});
	const {topic} = services.settings;
	// kafkajs in its own thread by default (producer-thread.ts); in this thread on request.
	const producer: RecordProducer =
		options.producerThread === false
			? new UserProducer({kafka: services.kafka(), topic, logger, compression: options.compression})
			: new ProducerThread({kafka: kafkaConnectionSettings(services.settings), topic, logger, compression: options.compression});
	// The API's host picks the default pace (randomuser.me is paced under its public limit).
	const run = new ProduceRun(client, producer, {apiUrl: services.settings.apiUrl, ...settings}, logger);
	return {client, producer, run};
}

export interface SinkSettings {
	readonly group?: string;
	readonly batchRows?: number;
	readonly connections?: number;
	readonly concurrency?: number;
	readonly sessionTimeoutMs?: number;
	readonly writeLimits?: WriteLimits;
	readonly fetchBytesPerPartition?: number;
	/** Rows HBase refuses permanently: wait (default: the onRefused setting) or send them to the DLQ. */
	readonly onRefused?: OnRefused;
}

/** Builds the sink from settings: its own Thrift connection pool and DLQ producer. */
export function createSink(services: PipelineServices, settings: SinkSettings = {}) {
	const connections = settings.connections ?? 3;
	// A connection for every call that can be in flight: partitions at once × calls per batch.
	const callsInFlight = settings.writeLimits?.callsInFlight ?? writeLimitDefaults.callsInFlight;
	const pool = new ConnectionPool(() => services.thriftConnection({callTimeoutMs: 60_000}), connections * callsInFlight);
	const dlq = new DlqPublisher(services.kafka(), dlqTopic(services.settings.topic));
	const sink = new HbaseSink({
		kafka: services.kafka(),
		topic: services.settings.topic,
		group: settings.group ?? services.settings.group,
		table: services.settings.table,
		pool,
		dlq,
		logger: services.logger.child('sink'),
		batchRows: settings.batchRows,
		concurrency: settings.concurrency ?? connections,
		sessionTimeoutMs: settings.sessionTimeoutMs,
		writeLimits: settings.writeLimits,
		fetchBytesPerPartition: settings.fetchBytesPerPartition,
		onRefused: settings.onRefused ?? services.settings.onRefused,
	});
	return {sink, pool, dlq};
}

/** The real ports of the PipelineController: ProduceRun, HbaseSink and a Kafka admin. */
export function pipelinePorts(services: PipelineServices): PipelinePorts {
	return {
		logger: services.logger,
		group: services.settings.group,
		topic: services.settings.topic,
		apiVersion: services.settings.apiVersion,
		produce: (settings, options) => createProducePipeline(services, settings, options),
		sink: settings => createSink(services, settings),
		admin: options => services.kafka().admin(options?.failFast ? {retry: {retries: 0}} : undefined),
	};
}
