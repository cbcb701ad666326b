import {Kafka, logLevel, type KafkaConfig, type logCreator, type SASLOptions} from 'kafkajs';
import {type Settings} from '../../config.js';
import {type Logger} from '../logger.js';

export interface KafkaConnectionSettings {
	readonly brokers: readonly string[];
	readonly clientId: string;
	readonly ssl?: boolean;
	readonly sasl?: {readonly mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; readonly username: string; readonly password: string};
	readonly connectionTimeoutMs?: number;
	readonly requestTimeoutMs?: number;
	/** Nothing from kafkajs in the log (a health probe failing every few seconds would flood it). */
	readonly quiet?: boolean;
}

/** The Kafka part of the settings: the pipeline, the producer thread and the probes all connect with it. */
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

/** How a Kafka client is made: createKafka, or a fake that records the settings in a test. */
export type KafkaFactory = (settings: KafkaConnectionSettings, logger: Logger) => Kafka;

const levelNames: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
	[logLevel.ERROR]: 'error',
	[logLevel.WARN]: 'warn',
	[logLevel.INFO]: 'info',
	[logLevel.DEBUG]: 'debug',
};

/** Routes kafkajs's own logging into our file logger: its default writes to the console. */
export function kafkaLogCreator(logger: Logger): logCreator {
	return () =>
		({namespace, level, log}) => {
			const {message, ...extra} = log;
			const name = levelNames[level] ?? 'info';
			logger[name]({kafkajs: namespace, ...extra}, message);
		};
}

/** Builds a kafkajs client; no I/O happens until a producer, consumer or admin connects. */
export function createKafka(settings: KafkaConnectionSettings, logger: Logger): Kafka {
	const config: KafkaConfig = {
		clientId: settings.clientId,
		brokers: [...settings.brokers],
		connectionTimeout: settings.connectionTimeoutMs ?? 5000,
		requestTimeout: settings.requestTimeoutMs ?? 30_000,
		logLevel: settings.quiet ? logLevel.NOTHING : logLevel.INFO,
		logCreator: kafkaLogCreator(logger.child('kafkajs')),
		retry: {initialRetryTime: 300, retries: 8, maxRetryTime: 30_000},
	};
	if (settings.ssl) config.ssl = true;
	if (settings.sasl) config.sasl = {...settings.sasl} as SASLOptions;
	return new Kafka(config);
}
