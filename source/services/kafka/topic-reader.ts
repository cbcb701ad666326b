import {randomUUID} from 'node:crypto';
import {type Admin, type Consumer, type Kafka, type KafkaMessage} from 'kafkajs';
import {UnavailableError, userLine} from '../../domain/errors.js';
import {type Logger, silentLogger} from '../logger.js';
import {withDeadline} from '../retry.js';

/**
 * Reads a range of a topic without joining anyone's consumer group: the DLQ list and replay and
 * the tail all read this way. A throw-away group (never committed to, so Kafka forgets it as soon
 * as it is empty) is the one kafkajs needs to fetch; each partition is sought to where the read
 * starts. A bounded read ends at the end offsets the topic had when it began, so it always ends
 * even while producers go on; a followed read goes on until the signal.
 */
export type ReadStart =
	| {readonly kind: 'beginning'}
	| {readonly kind: 'end'}
	/** The last `count` records of each partition (as `tail` shows the last lines). */
	| {readonly kind: 'last'; readonly count: number}
	/** Offsets per partition; partitions not named are not read. */
	| {readonly kind: 'offsets'; readonly offsets: ReadonlyMap<number, string>}
	/** The first record at or after this time (ms), per partition. */
	| {readonly kind: 'time'; readonly ms: number};

export interface ReadRequest {
	readonly topic: string;
	readonly start: ReadStart;
	/** Keep reading after the current end, until the signal. */
	readonly follow?: boolean;
	/** Only these partitions (all when absent). */
	readonly partitions?: readonly number[];
	readonly signal?: AbortSignal;
	/** How long a bounded read may take before it gives up (ms). */
	readonly timeoutMs?: number;
	/** Told where each partition's read starts and ends, before the first record. */
	readonly onPlan?: (ranges: ReadRange[]) => void;
	/** Each record, in offset order per partition. Return false to end the read. */
	readonly onRecord: (partition: number, message: KafkaMessage) => boolean | void | Promise<boolean | void>;
}

export interface ReadRange {
	readonly partition: number;
	/** Where the read began. */
	readonly from: string;
	/** The end offset when the read began (the high watermark). */
	readonly end: string;
}

/** Where each partition's read starts and ends; reads nothing. */
export async function planRead(admin: Pick<Admin, 'fetchTopicOffsets' | 'fetchTopicOffsetsByTimestamp'>, request: Omit<ReadRequest, 'onRecord'>): Promise<ReadRange[]> {
	const ends = await admin.fetchTopicOffsets(request.topic);
	const times = request.start.kind === 'time' ? await admin.fetchTopicOffsetsByTimestamp(request.topic, request.start.ms) : [];
	const wanted = request.partitions ? new Set(request.partitions) : undefined;
	const ranges: ReadRange[] = [];
	for (const {partition, low, high} of ends) {
		if (wanted && !wanted.has(partition)) continue;
		const start = request.start;
		let from: bigint;
		if (start.kind === 'beginning') from = BigInt(low);
		else if (start.kind === 'end') from = BigInt(high);
		else if (start.kind === 'last') from = BigInt(high) - BigInt(start.count);
		else if (start.kind === 'time') from = BigInt(times.find(t => t.partition === partition)?.offset ?? high);
		else {
			const offset = start.offsets.get(partition);
			if (offset === undefined) continue;
			from = BigInt(offset);
		}
		// Never before the first record kept, never after the end.
		if (from < BigInt(low)) from = BigInt(low);
		if (from > BigInt(high)) from = BigInt(high);
		ranges.push({partition, from: from.toString(), end: high});
	}
	return ranges.sort((a, b) => a.partition - b.partition);
}

/**
 * Reads the planned range, calling onRecord for each record; resolves with the ranges read.
 * Every call has a deadline (a bounded read: `timeoutMs`, 60 s by default).
 */
export async function readTopic(kafka: Kafka, request: ReadRequest, logger: Logger = silentLogger): Promise<ReadRange[]> {
	const admin = kafka.admin();
	await admin.connect();
	let ranges: ReadRange[];
	let all: number[];
	try {
		ranges = await planRead(admin, request);
		all = (await admin.fetchTopicOffsets(request.topic)).map(p => p.partition);
	} finally {
		await admin.disconnect().catch(() => {});
	}
	request.onPlan?.(ranges);
	const pending = new Set(ranges.filter(r => request.follow || BigInt(r.from) < BigInt(r.end)).map(r => r.partition));
	if (pending.size === 0 || request.signal?.aborted) return ranges;
	const consumer = kafka.consumer({groupId: `userdata-tui-reader-${randomUUID()}`, allowAutoTopicCreation: false, maxBytesPerPartition: 4 * 1024 * 1024});
	const read = async (signal: AbortSignal) => {
		await consumer.connect();
		await consumer.subscribe({topic: request.topic, fromBeginning: true});
		const ends = new Map(ranges.map(r => [r.partition, BigInt(r.end)]));
		const chosen = new Set(ranges.map(r => r.partition));
		await new Promise<void>((resolve, reject) => {
			const finish = () => resolve();
			signal.addEventListener('abort', finish, {once: true});
			consumer.on(consumer.events.CRASH, event => {
				const {error} = event.payload as {error: Error};
				reject(new UnavailableError(`could not read ${request.topic}: ${error.message}`, {cause: error}));
			});
			void consumer
				.run({
					autoCommit: false,
					eachBatchAutoResolve: false,
					eachBatch: async ({batch, resolveOffset, isRunning}) => {
						if (!chosen.has(batch.partition)) return;
						for (const message of batch.messages) {
							if (!isRunning() || signal.aborted) return;
							const end = ends.get(batch.partition)!;
							if (!request.follow && BigInt(message.offset) >= end) break;
							const more = await request.onRecord(batch.partition, message);
							resolveOffset(message.offset);
							if (more === false) {
								finish();
								return;
							}
							if (!request.follow && BigInt(message.offset) + 1n >= end) pending.delete(batch.partition);
						}
						if (!request.follow && pending.size === 0) finish();
					},
				})
				.then(() => {
					// Seeks are taken once run() started; partitions outside the read are paused (not fetched).
					for (const range of ranges) consumer.seek({topic: request.topic, partition: range.partition, offset: range.from});
					const others = all.filter(partition => !chosen.has(partition));
					if (others.length > 0) consumer.pause([{topic: request.topic, partitions: others}]);
				}, reject);
		});
	};
	const controller = new AbortController();
	const onAbort = () => controller.abort(request.signal?.reason);
	request.signal?.addEventListener('abort', onAbort, {once: true});
	try {
		if (request.follow) await read(controller.signal);
		else
			await withDeadline(
				request.timeoutMs ?? 60_000,
				async signal => {
					signal.addEventListener('abort', () => controller.abort(signal.reason), {once: true});
					await read(controller.signal);
				},
				() => new UnavailableError(`reading ${request.topic} did not end within ${Math.round((request.timeoutMs ?? 60_000) / 1000)} s`),
			);
	} finally {
		request.signal?.removeEventListener('abort', onAbort);
		await disconnect(consumer, logger);
	}
	return ranges;
}

async function disconnect(consumer: Consumer, logger: Logger): Promise<void> {
	await consumer.disconnect().catch(error => logger.warn({err: userLine(error)}, 'reader disconnect failed'));
}
