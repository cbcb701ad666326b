import {type ICustomPartitioner, type Kafka, type Message, Partitioners, type Producer, type ProducerConfig, type RecordMetadata, type TopicMessages} from 'kafkajs';
import {type Logger, silentLogger} from '../logger.js';

/** A send whose records were not all acknowledged: `pending` of them may not be in Kafka. */
export class UnacknowledgedSendError extends Error {
	constructor(
		readonly pending: number,
		message: string,
		options?: {cause?: unknown},
	) {
		super(message, options);
		this.name = 'UnacknowledgedSendError';
	}
}

export interface AcknowledgedBatch {
	readonly topicMessages: readonly TopicMessages[];
	readonly acks?: number;
	readonly compression?: number;
}

/** Sends of the same records after a send's result left their partition out. */
const maxResends = 5;

/**
 * A kafkajs producer whose sends resolve only when every record's partition is in the result.
 *
 * kafkajs 2.2.4 can resolve a send without some of its records: when a partition's leader dies
 * mid-send and the partition moves to a broker that already answered for its own partitions, the
 * retry skips that broker (src/producer/sendMessages.js keeps one response per broker), so the
 * moved partition's records are neither written nor reported as failed. On the cluster, a broker
 * killed during `produce` lost 161 of 20,000 acknowledged users that way (RELIABILITY.md). Here
 * the partitioner remembers where each record went, and the records whose partition is missing
 * from the result are sent again: with idempotence, that is safe.
 */
export class AcknowledgedProducer {
	readonly producer: Producer;
	private readonly placed = new WeakMap<Message, string>();

	constructor(
		kafka: Kafka,
		config: ProducerConfig,
		private readonly logger: Logger = silentLogger,
	) {
		const base = config.createPartitioner ?? Partitioners.DefaultPartitioner;
		const recording: ICustomPartitioner = () => {
			const choose = base();
			return args => {
				const partition = choose(args);
				this.placed.set(args.message, `${args.topic}:${partition}`);
				return partition;
			};
		};
		this.producer = kafka.producer({...config, createPartitioner: recording});
	}

	async connect(): Promise<void> {
		await this.producer.connect();
	}

	async disconnect(): Promise<void> {
		await this.producer.disconnect();
	}

	/**
	 * Resolves when every record is acknowledged. Throws UnacknowledgedSendError with the number
	 * of records not known to be written: kafkajs's own failure as its cause, or a partition that
	 * stayed missing from the results.
	 */
	async send(batch: AcknowledgedBatch): Promise<void> {
		let pending = batch.topicMessages.filter(entry => entry.messages.length > 0);
		for (let attempt = 1; pending.length > 0; attempt++) {
			const count = pending.reduce((sum, entry) => sum + entry.messages.length, 0);
			let acknowledged: RecordMetadata[];
			try {
				acknowledged = await this.producer.sendBatch({acks: batch.acks, compression: batch.compression, topicMessages: pending});
			} catch (error) {
				throw new UnacknowledgedSendError(count, (error as Error).message, {cause: error});
			}
			const done = new Set(acknowledged.filter(meta => meta.errorCode === 0).map(meta => `${meta.topicName}:${meta.partition}`));
			const left = pending
				.map(entry => ({...entry, messages: entry.messages.filter(message => !done.has(this.placed.get(message) ?? ''))}))
				.filter(entry => entry.messages.length > 0);
			if (left.length > 0) {
				const records = left.reduce((sum, entry) => sum + entry.messages.length, 0);
				const partitions = [...new Set(left.flatMap(entry => entry.messages.map(message => this.placed.get(message) ?? `${entry.topic}:?`)))].join(', ');
				if (attempt >= maxResends) throw new UnacknowledgedSendError(records, `partition(s) ${partitions} never acknowledged`);
				this.logger.warn({partitions, records, attempt}, 'a send succeeded without these partitions (kafkajs after a leader change); sending them again');
			}
			pending = left;
		}
	}
}
