import {randomUUID} from 'node:crypto';
import {type Kafka, type KafkaMessage} from 'kafkajs';
import {NotFoundError, TimeoutError, UnavailableError} from '../../domain/errors.js';
import {withDeadline} from '../retry.js';

/** One partition's records to read: offsets `low` (inclusive) to `high` (exclusive). */
export interface PartitionRange {
	readonly partition: number;
	readonly low: number;
	readonly high: number;
}

const ADMIN_DEADLINE_MS = 30_000;

function deadline<T>(call: Promise<T>, what: string): Promise<T> {
	return withDeadline(
		ADMIN_DEADLINE_MS,
		async () => call,
		() => new TimeoutError(`${what} did not answer within ${ADMIN_DEADLINE_MS / 1000} s`),
	);
}

/**
 * The topic's partitions from their first kept offset to their current end: a snapshot, so a
 * pipeline that keeps producing does not make a read endless.
 */
export async function topicRanges(kafka: Kafka, topic: string): Promise<PartitionRange[]> {
	const admin = kafka.admin();
	try {
		await deadline(admin.connect(), 'Kafka admin connect');
		const topics = await deadline(admin.listTopics(), 'Kafka listTopics');
		if (!topics.includes(topic)) throw new NotFoundError(`Kafka topic ${topic} does not exist`, {hint: 'Create it with `userdata-tui init`, or check {topic}'});
		const offsets = await deadline(admin.fetchTopicOffsets(topic), 'Kafka fetchTopicOffsets');
		return offsets.map(o => ({partition: o.partition, low: Number(o.low), high: Number(o.high)})).sort((a, b) => a.partition - b.partition);
	} catch (error) {
		if (error instanceof NotFoundError) throw error;
		throw new UnavailableError(`Kafka did not answer: ${(error as Error).message}`, {cause: error, hint: 'Check `userdata-tui stack status`, or {brokers}'});
	} finally {
		await admin.disconnect().catch(() => {});
	}
}

/**
 * Reads every record of `ranges` once, in offset order per partition, handing each fetched batch
 * to `onBatch` (awaited: the consumer fetches no further until it returns, so memory stays at
 * one fetch per partition). A throw-away consumer group that commits nothing and is deleted
 * afterwards: the pipeline's group and offsets are never touched.
 */
export async function readRanges(
	kafka: Kafka,
	topic: string,
	ranges: readonly PartitionRange[],
	onBatch: (partition: number, messages: readonly KafkaMessage[]) => Promise<void>,
	signal?: AbortSignal,
): Promise<void> {
	const pending = new Map(ranges.filter(r => r.high > r.low).map(r => [r.partition, r]));
	if (pending.size === 0) return;
	const groupId = `userdata-verify-${randomUUID()}`;
	// Small fetches: a GZIP batch of user records grows about five times when decompressed, and
	// every record of a fetch is alive while it is handled; 1 MiB a partition kept verify's peak
	// RSS down (bench/verify-memory.ts) at no measurable cost in speed (HBase reads dominate).
	const consumer = kafka.consumer({groupId, maxBytesPerPartition: 1024 * 1024, maxBytes: 4 * 1024 * 1024, allowAutoTopicCreation: false});
	try {
		await deadline(consumer.connect(), 'Kafka consumer connect');
		await consumer.subscribe({topics: [topic], fromBeginning: true});
		await new Promise<void>((resolve, reject) => {
			const abort = () => reject(signal?.reason as Error);
			signal?.addEventListener('abort', abort, {once: true});
			consumer.on(consumer.events.CRASH, event => reject(event.payload.error));
			consumer
				.run({
					autoCommit: false,
					eachBatch: async ({batch, heartbeat, isRunning}) => {
						const range = pending.get(batch.partition);
						if (!range || !isRunning()) return;
						const messages = batch.messages.filter(m => Number(m.offset) >= range.low && Number(m.offset) < range.high);
						if (messages.length > 0) await onBatch(batch.partition, messages);
						await heartbeat();
						if (Number(batch.lastOffset()) >= range.high - 1) {
							pending.delete(batch.partition);
							if (pending.size === 0) resolve();
						}
					},
				})
				.catch(reject);
		});
	} finally {
		await consumer.disconnect().catch(() => {});
		const admin = kafka.admin();
		await admin
			.connect()
			.then(async () => admin.deleteGroups([groupId]))
			.catch(() => {})
			.finally(() => void admin.disconnect().catch(() => {}));
	}
}
