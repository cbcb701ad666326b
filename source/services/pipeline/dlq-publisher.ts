import {type Kafka} from 'kafkajs';
import {dlqHeadersFor, dlqValue, type DlqOrigin} from '../../domain/dlq.js';
import {UnavailableError} from '../../domain/errors.js';
import {AcknowledgedProducer} from '../kafka/acknowledged-producer.js';

export interface DeadLetter {
	readonly key: Buffer | null;
	readonly value: Buffer | null;
	readonly headers: Record<string, unknown> | undefined;
	readonly reason: string;
	readonly origin: DlqOrigin;
}

/**
 * Publishes records that can never be written to `<topic>.dlq`, with headers giving the reason
 * and the original topic, partition, offset and timestamp. Idempotent and acked by all
 * replicas: the sink commits a bad record's offset only after the DLQ has it.
 */
export class DlqPublisher {
	private producer: AcknowledgedProducer | undefined;

	constructor(
		private readonly kafka: Kafka,
		readonly topic: string,
	) {}

	async connect(): Promise<void> {
		if (this.producer) return;
		const producer = new AcknowledgedProducer(this.kafka, {idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, retry: {retries: 10}});
		await producer.connect();
		this.producer = producer;
	}

	async publish(letters: readonly DeadLetter[]): Promise<void> {
		if (letters.length === 0) return;
		if (!this.producer) throw new Error('DlqPublisher.publish before connect');
		const now = new Date();
		try {
			await this.producer.send({
				acks: -1,
				topicMessages: [
					{
						topic: this.topic,
						messages: letters.map(letter => {
							const {value, truncated} = dlqValue(letter.value);
							const original: Record<string, Buffer | string> = {};
							for (const [name, header] of Object.entries(letter.headers ?? {})) {
								if (Buffer.isBuffer(header) || typeof header === 'string') original[name] = header;
							}
							return {
								key: letter.key,
								value,
								headers: {...original, ...dlqHeadersFor(truncated ? `${letter.reason} (value cut to 1 MiB in the DLQ)` : letter.reason, letter.origin, now)},
							};
						}),
					},
				],
			});
		} catch (error) {
			throw new UnavailableError(`could not write ${letters.length} record(s) to ${this.topic}: ${(error as Error).message}`, {cause: error});
		}
	}

	async disconnect(): Promise<void> {
		const producer = this.producer;
		this.producer = undefined;
		await producer?.disconnect();
	}
}
