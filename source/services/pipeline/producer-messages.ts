import {ConfigError, NotFoundError, UnavailableError, UserdataError} from '../../domain/errors.js';
import {explainKafkaError, type KafkaConnectionSettings} from '../kafka/kafka-client.js';
import {type PackedMessages} from './packed-messages.js';
import {UndeliveredError} from './user-producer.js';

/** What the producer thread is started with. */
export interface ProducerWorkerData {
	readonly kafka: KafkaConnectionSettings;
	readonly topic: string;
	readonly compression?: 'gzip' | 'none';
}

export type ProducerRequest =
	| {readonly id: number; readonly type: 'connect'}
	| {readonly id: number; readonly type: 'send'; readonly packed: PackedMessages; readonly timestamp: number}
	| {readonly id: number; readonly type: 'disconnect'};

export type ProducerReply =
	| {readonly type: 'reply'; readonly id: number; readonly sent?: number; readonly error?: SerializedError}
	| {readonly type: 'log'; readonly level: 'debug' | 'info' | 'warn' | 'error'; readonly ns: readonly string[]; readonly fields: object; readonly message?: string};

/** An error as it crosses the thread boundary: class, words and hint, rebuilt on the other side. */
export interface SerializedError {
	readonly kind: 'undelivered' | 'not-found' | 'unavailable' | 'config' | 'other';
	readonly message: string;
	readonly hint?: string;
	readonly retriable?: boolean;
	readonly undelivered?: number;
	readonly causeMessage?: string;
}

export function serializeError(thrown: unknown): SerializedError {
	// kafkajs's own error classes do not survive the crossing: a refused login or an untrusted
	// certificate is explained here, in the thread that still has them, or the main thread could
	// only say "unreachable" and send the user to start a stack that is running.
	const error = explainKafkaError(thrown);
	if (error instanceof UndeliveredError) {
		const cause = error.cause as Error | undefined;
		return {kind: 'undelivered', message: error.message, undelivered: error.undelivered, causeMessage: cause?.message ?? String(cause)};
	}
	if (error instanceof UserdataError) {
		const kind = error instanceof NotFoundError ? 'not-found' : error instanceof UnavailableError ? 'unavailable' : error instanceof ConfigError ? 'config' : 'other';
		return {kind, message: error.message, hint: error.hint, retriable: error.retriable};
	}
	return {kind: 'other', message: error instanceof Error ? error.message : String(error)};
}

export function deserializeError(error: SerializedError): Error {
	switch (error.kind) {
		case 'undelivered':
			return new UndeliveredError(error.undelivered ?? 0, new Error(error.causeMessage ?? error.message));
		case 'not-found':
			return new NotFoundError(error.message, {hint: error.hint});
		case 'unavailable':
			return new UnavailableError(error.message, {hint: error.hint, retriable: error.retriable});
		case 'config':
			return new ConfigError(error.message, {hint: error.hint});
		default:
			return new UserdataError(error.message, {hint: error.hint, retriable: error.retriable});
	}
}
