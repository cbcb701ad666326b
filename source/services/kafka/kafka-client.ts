import {Kafka, logLevel, type KafkaConfig, type logCreator, type SASLOptions} from 'kafkajs';
import {readFileSync} from 'node:fs';
import {type Settings} from '../../config.js';
import {ConfigError, UnavailableError, UserdataError} from '../../domain/errors.js';
import {type Logger} from '../logger.js';

export interface KafkaConnectionSettings {
	readonly brokers: readonly string[];
	readonly clientId: string;
	readonly ssl?: boolean;
	/** PEM file of the CA to trust instead of the system's (implies TLS). */
	readonly caFile?: string;
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
		caFile: settings.kafkaCaFile,

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

function readCaFile(file: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch (error) {
		throw new ConfigError(`Cannot read the Kafka CA file ${file}: ${(error as Error).message}`, {
			cause: error,
			hint: 'Fix USERDATA_KAFKA_CA_FILE (for the local stack, `userdata-tui stack env` prints it)',
		});
	}
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
	if (settings.caFile) config.ssl = {ca: [readCaFile(settings.caFile)]};
	else if (settings.ssl) config.ssl = true;
	if (settings.sasl) config.sasl = {...settings.sasl} as SASLOptions;
	return new Kafka(config);
}

/**
 * kafkajs's refusals that only the user can fix, as one line with the next step: a wrong SCRAM
 * login, a broker certificate we do not trust, a connection a secured listener closed. Looks through kafkajs's wrappers (cause,
 * originalError). The password is never part of the message: kafkajs does not put it there, and
 * nor do we. Anything else is returned as it is.
 */
export function explainKafkaError(error: unknown): unknown {
	let current: unknown = error;
	let ownWords = false;
	for (let depth = 0; current instanceof Error && depth < 5; depth++) {
		if (current.name === 'KafkaJSSASLAuthenticationError') {
			return new ConfigError(`Kafka refused the login (authentication failed): ${current.message}`, {
				cause: error,
				hint: 'Check USERDATA_SASL_USERNAME and USERDATA_SASL_PASSWORD (for the local stack, `userdata-tui stack env` prints them)',
			});
		}
		if (current.name === 'KafkaJSConnectionError' && /certificate/i.test(current.message)) {
			return new ConfigError(`TLS to Kafka failed: ${current.message}`, {
				cause: error,
				hint: "Set USERDATA_KAFKA_CA_FILE to the PEM file of the CA that signed the brokers' certificates (for the local stack, `userdata-tui stack env` prints it)",
			});
		}
		// Our own errors already say what failed (e.g. how many users went undelivered); only a
		// bare kafkajs failure is worth the guess below.
		if (current instanceof UserdataError) ownWords = true;
		if (current.name === 'KafkaJSConnectionClosedError' && !ownWords) {
			// What a TLS or SASL listener does to a plaintext client, after kafkajs's retries; a
			// broker going down mid-request looks the same, so the line names both.
			return new UnavailableError('Kafka closed the connection before it answered', {
				cause: error,
				hint: 'If its listeners take TLS or SASL, set USERDATA_KAFKA_SSL and the USERDATA_SASL_* settings (for the local stack, eval "$(userdata-tui stack env)"); otherwise check that the brokers are up with `userdata-tui stack status`',
			});
		}
		const wrapped = current as Error & {originalError?: unknown};
		current = wrapped.cause ?? wrapped.originalError;
	}
	return error;
}
