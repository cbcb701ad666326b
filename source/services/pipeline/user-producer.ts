import {CompressionTypes, type Kafka} from 'kafkajs';
import {NotFoundError, UnavailableError} from '../../domain/errors.js';
import {MESSAGE_HEADERS} from '../../domain/message.js';
import {AcknowledgedProducer, UnacknowledgedSendError} from '../kafka/acknowledged-producer.js';
import {explainKafkaError} from '../kafka/kafka-client.js';
import {keyPartitioner} from '../kafka/key-partitioner.js';
import {type Logger, silentLogger} from '../logger.js';

/** A message as the producer sends it: key and value as text or as UTF-8 bytes. */
export interface OutgoingMessage {
	readonly key: string | Buffer;
	readonly value: string | Buffer;
}

/** What a producing run needs from a producer; UserProducer here, ProducerThread in a worker. */
export interface RecordProducer {
	connect(): Promise<void>;
	send(messages: readonly OutgoingMessage[], timestamp: number): Promise<number>;
	disconnect(): Promise<void>;
}

export interface UserProducerOptions {
	readonly kafka: Kafka;
	readonly topic: string;
	readonly logger?: Logger;
	/** Records per produce request; a page is split into sends of this size. */
	readonly chunkSize?: number;
	readonly compression?: 'gzip' | 'none';
}

/**
 * Publishes user records to the topic: idempotent (no duplicates from the producer's own
 * retries), acks from all in-sync replicas, GZIP (a batch of user JSON shrinks to about a fifth).
 * One request in flight keeps the idempotent sequence numbers in order. kafkajs would retry an
 * idempotent send for ever by default; here it gives up after a few minutes and the caller
 * reports the records as not delivered.
 */
export class UserProducer implements RecordProducer {
	private producer: AcknowledgedProducer | undefined;
	private readonly logger: Logger;
	private readonly chunkSize: number;

	constructor(private readonly options: UserProducerOptions) {
		this.logger = options.logger ?? silentLogger;
		this.chunkSize = options.chunkSize ?? 1000;
	}

	async connect(): Promise<void> {
		if (this.producer) return;
		const producer = new AcknowledgedProducer(
			this.options.kafka,
			{
				idempotent: true,
				maxInFlightRequests: 1,
				allowAutoTopicCreation: false,
				// The same partitions as kafkajs's default (Java-compatible murmur2), computed cheaper.
				createPartitioner: keyPartitioner,
				retry: {retries: 10, initialRetryTime: 300, maxRetryTime: 30_000},
			},
			this.logger,
		);
		try {
			await producer.connect();
		} catch (error) {
			// A refused login or an untrusted certificate is not an absent Kafka: say which it is.
			const explained = explainKafkaError(error);
			if (explained !== error) throw explained;
			throw new UnavailableError(`Kafka is unreachable: ${(error as Error).message}`, {
				cause: error,
				hint: 'Start it with `userdata-tui stack up` (or docker compose up), or check {brokers}',
			});
		}
		try {
			await this.checkTopic();
		} catch (error) {
			await producer.disconnect().catch(() => {});
			throw error;
		}
		this.producer = producer;
	}

	/**
	 * Topics are never created on the fly (allowAutoTopicCreation is off), and kafkajs retries a
	 * send to a missing topic for minutes before it gives up: say so at once instead.
	 */
	private async checkTopic(): Promise<void> {
		const admin = this.options.kafka.admin();
		let topics: string[];
		try {
			await admin.connect();
			topics = await admin.listTopics();
		} catch (error) {
			throw new UnavailableError(`Kafka did not list its topics: ${(error as Error).message}`, {cause: error, hint: 'Check `userdata-tui stack status`'});
		} finally {
			await admin.disconnect().catch(() => {});
		}
		if (!topics.includes(this.options.topic)) {
			throw new NotFoundError(`Kafka topic ${this.options.topic} does not exist`, {
				hint: 'Create it with `userdata-tui init`, or check {topic}',
			});
		}
	}

	/**
	 * Sends one page's messages with `timestamp` as their Kafka timestamp (the page's fetch time,
	 * which the sink uses as the HBase cell version). Resolves with how many were acknowledged;
	 * throws after kafkajs's retries with the count still undelivered in the error.
	 */
	async send(messages: readonly OutgoingMessage[], timestamp: number): Promise<number> {
		const producer = this.producer;
		if (!producer) throw new Error('UserProducer.send before connect');
		const kafkaTimestamp = String(timestamp);
		let sent = 0;
		for (let start = 0; start < messages.length; start += this.chunkSize) {
			const chunk = messages.slice(start, start + this.chunkSize);
			try {
				await producer.send({
					acks: -1,
					compression: this.options.compression === 'none' ? CompressionTypes.None : CompressionTypes.GZIP,
					topicMessages: [
						{
							topic: this.options.topic,
							messages: chunk.map(message => ({key: message.key, value: message.value, headers: MESSAGE_HEADERS, timestamp: kafkaTimestamp})),
						},
					],
				});
			} catch (error) {
				// The records of this chunk that were acknowledged before the failure are delivered.
				const pending = error instanceof UnacknowledgedSendError ? error.pending : chunk.length;
				throw new UndeliveredError(messages.length - sent - (chunk.length - pending), error);
			}
			sent += chunk.length;
		}
		return sent;
	}

	async disconnect(): Promise<void> {
		const producer = this.producer;
		this.producer = undefined;
		// kafkajs flushes nothing on disconnect: every send was awaited, so nothing is pending.
		await producer?.disconnect();
	}
}

export class UndeliveredError extends UnavailableError {
	constructor(
		readonly undelivered: number,
		cause: unknown,
	) {
		super(`Kafka did not acknowledge ${undelivered} user(s): ${(cause as Error)?.message ?? String(cause)}`, {
			cause,
			hint: 'Check that Kafka is up (`userdata-tui stack status`); nothing was dropped silently',
		});
	}
}
