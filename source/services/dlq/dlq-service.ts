import {dlqTopic} from '../../config.js';
import {type Kafka, type KafkaMessage} from 'kafkajs';
import {type DeadLetterInfo, type DlqPosition, type DlqRecord, positionText, readDeadLetter, reasonKind, reasonMatches, replayRecord} from '../../domain/dlq.js';
import {NotFoundError, ReadOnlyError, UnavailableError, userLine} from '../../domain/errors.js';
import {type Logger, silentLogger} from '../logger.js';
import {AcknowledgedProducer} from '../kafka/acknowledged-producer.js';
import {type ReadRange, readTopic} from '../kafka/topic-reader.js';

/**
 * Triage and replay of `<topic>.dlq`: list (filtered by reason, counted per reason), show one,
 * and send dead letters back to their original topic. Replay is the one write here: a guard (a
 * read-only mode) wraps `replay` alone.
 *
 * The replay position of `replay({all})` is committed under a consumer group of its own
 * (`<group>.dlq-replay`), after every record of the run was acknowledged by Kafka: a second
 * `--all` starts where the first ended and replays nothing it already sent. A crash between the
 * send and the commit replays those records again, which writes the same cell versions (their
 * original timestamps), so nothing is duplicated in HBase.
 */
export interface DlqServiceOptions {
	readonly kafka: Kafka;
	/** The DLQ topic (`<topic>.dlq`). */
	readonly topic: string;
	/** The consumer group the replay position is committed under. */
	readonly replayGroup: string;
	readonly logger?: Logger;
	/** Deadline of one bounded read of the DLQ (ms). */
	readonly readTimeoutMs?: number;
	/** Read-only mode: replays (the writes) are refused before anything is sent. */
	readonly readOnly?: boolean;
}

export interface DlqListRequest {
	/** Dead letters returned at most (oldest first); the counts cover all that match. */
	readonly limit?: number;
	/** Only reasons containing this text (case-insensitive). */
	readonly reason?: string;
	readonly signal?: AbortSignal;
}

export interface DlqList {
	readonly letters: readonly DeadLetterInfo[];
	/** Dead letters that match the filter (all of them, not only those returned). */
	readonly matching: number;
	/** Dead letters in the topic. */
	readonly total: number;
	/** Matching dead letters per reason kind (domain/dlq.ts reasonKind), most first. */
	readonly byReason: ReadonlyArray<{readonly reason: string; readonly count: number}>;
	/** The replay position per partition (undefined: never replayed with `all`). */
	readonly replayedUpTo: ReadonlyMap<number, string> | undefined;
}

export interface ReplayProgress {
	readonly sent: number;
	/** Dead letters this run reads at most. */
	readonly total: number;
}

export type ReplayRequest = {readonly all: true} | {readonly select: readonly DlqPosition[]};

export interface ReplayOutcome {
	readonly replayed: number;
	/** Dead letters whose headers do not say where they came from (left in place). */
	readonly skipped: readonly DeadLetterInfo[];
	/** `all`: the position committed for the next run, per partition. */
	readonly committed?: ReadonlyArray<{readonly partition: number; readonly offset: string}>;
	/** `select`: positions that hold no dead letter. */
	readonly missing?: readonly DlqPosition[];
}

const sendChunk = 500;

function toRecord(partition: number, message: KafkaMessage): DlqRecord {
	return {partition, offset: message.offset, timestamp: message.timestamp, key: message.key, value: message.value, headers: message.headers};
}

export class DlqService {
	private readonly logger: Logger;

	constructor(private readonly options: DlqServiceOptions) {
		this.logger = options.logger ?? silentLogger;
	}

	get topic(): string {
		return this.options.topic;
	}

	async list(request: DlqListRequest = {}): Promise<DlqList> {
		const letters: DeadLetterInfo[] = [];
		const counts = new Map<string, number>();
		let total = 0;
		let matching = 0;
		const limit = request.limit ?? Number.POSITIVE_INFINITY;
		await this.read({kind: 'beginning'}, request.signal, (partition, message) => {
			total++;
			const letter = readDeadLetter(toRecord(partition, message));
			if (!reasonMatches(letter.reason, request.reason)) return;
			matching++;
			const kind = reasonKind(letter.reason);
			counts.set(kind, (counts.get(kind) ?? 0) + 1);
			// Only what is returned is kept: the memory is the limit's, not the topic's.
			if (letters.length < limit) letters.push(letter);
		});
		letters.sort(byPosition);
		const byReason = [...counts].map(([reason, count]) => ({reason, count})).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
		return {letters, matching, total, byReason, replayedUpTo: await this.replayPosition()};
	}

	/** One dead letter with its whole value and headers; NotFoundError when the position holds none. */
	async show(position: DlqPosition, signal?: AbortSignal): Promise<DeadLetterInfo & {readonly headers: DlqRecord['headers']}> {
		const found = await this.readAt([position], signal);
		const record = found.get(positionText(position));
		if (!record) throw new NotFoundError(`no dead letter at ${positionText(position)} in ${this.options.topic}`, {hint: 'List them with `userdata-tui dlq list`'});
		return {...readDeadLetter(record), headers: record.headers};
	}

	/**
	 * Sends dead letters back to their original topic (key, value, timestamp, partition and
	 * headers as they were, plus a replay header). `all`: from the committed replay position to
	 * the DLQ's end, then commits the new position. `select`: those positions only; the position
	 * is left as it is.
	 */
	async replay(request: ReplayRequest, onProgress?: (progress: ReplayProgress) => void, signal?: AbortSignal): Promise<ReplayOutcome> {
		if (this.options.readOnly) throw new ReadOnlyError('dlq replay');
		const producer = new AcknowledgedProducer(
			this.options.kafka,
			{idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, retry: {retries: 10}},
			this.logger,
		);
		await producer.connect();
		const skipped: DeadLetterInfo[] = [];
		let sent = 0;
		let total = 0;
		let queue: Array<NonNullable<ReturnType<typeof replayRecord>>> = [];
		const at = new Date();
		const flush = async () => {
			if (queue.length === 0) return;
			const batch = queue;
			queue = [];
			// One send per original topic; acks from all replicas before the position moves.
			const byTopic = new Map<string, typeof batch>();
			for (const record of batch) byTopic.set(record.topic, [...(byTopic.get(record.topic) ?? []), record]);
			try {
				await producer.send({
					acks: -1,
					topicMessages: [...byTopic].map(([topic, records]) => ({
						topic,
						messages: records.map(r => ({key: r.key, value: r.value, partition: r.partition, timestamp: r.timestamp, headers: r.headers})),
					})),
				});
			} catch (error) {
				throw new UnavailableError(`could not send ${batch.length} dead letter(s) back: ${userLine(error)}`, {cause: error});
			}
			sent += batch.length;
			onProgress?.({sent, total});
		};
		const take = (record: DlqRecord) => {
			const letter = readDeadLetter(record);
			const message = replayRecord(letter, this.options.topic, record.headers, at);
			if (message) queue.push(message);
			else skipped.push(letter);
		};
		try {
			if ('select' in request) {
				const found = await this.readAt(request.select, signal);
				total = found.size;
				for (const position of request.select) {
					const record = found.get(positionText(position));
					if (record) take(record);
				}
				await flush();
				const missing = request.select.filter(position => !found.has(positionText(position)));
				this.logger.info({replayed: sent, skipped: skipped.length, missing: missing.length}, 'dead letters replayed (selected)');
				return {replayed: sent, skipped, missing};
			}
			const from = (await this.replayPosition()) ?? new Map<number, string>();
			const ranges = await this.read(
				{kind: 'offsets', offsets: await this.startOffsets(from)},
				signal,
				async (partition, message) => {
					take(toRecord(partition, message));
					if (queue.length >= sendChunk) await flush();
				},
				planned => {
					total = planned.reduce((sum, r) => sum + Number(BigInt(r.end) - BigInt(r.from)), 0);
					onProgress?.({sent: 0, total});
				},
			);
			await flush();
			if (signal?.aborted) return {replayed: sent, skipped};
			const committed = ranges.map(r => ({partition: r.partition, offset: r.end}));
			await this.commitPosition(committed);
			this.logger.info({replayed: sent, skipped: skipped.length, committed}, 'dead letters replayed');
			return {replayed: sent, skipped, committed};
		} finally {
			await producer.disconnect().catch(() => {});
		}
	}

	/**
	 * Sends one dead letter back with a fixed key and value (from the console's form): its
	 * original partition, timestamp and headers, and the replay header, as replay() does. The
	 * replay position is not moved.
	 */
	async replayFixed(position: DlqPosition, fixed: {readonly key: string; readonly value: string}, signal?: AbortSignal): Promise<ReplayOutcome> {
		if (this.options.readOnly) throw new ReadOnlyError('dlq replay');
		const found = await this.readAt([position], signal);
		const record = found.get(positionText(position));
		if (!record) throw new NotFoundError(`no dead letter at ${positionText(position)} in ${this.options.topic}`);
		const message = replayRecord(readDeadLetter(record), this.options.topic, record.headers, new Date());
		if (!message) return {replayed: 0, skipped: [readDeadLetter(record)]};
		const producer = new AcknowledgedProducer(
			this.options.kafka,
			{idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, retry: {retries: 10}},
			this.logger,
		);
		await producer.connect();
		try {
			await producer.send({
				acks: -1,
				topicMessages: [
					{topic: message.topic, messages: [{key: fixed.key, value: fixed.value, partition: message.partition, timestamp: message.timestamp, headers: message.headers}]},
				],
			});
		} catch (error) {
			throw new UnavailableError(`could not send the fixed dead letter back: ${userLine(error)}`, {cause: error});
		} finally {
			await producer.disconnect().catch(() => {});
		}
		this.logger.info({position: positionText(position)}, 'fixed dead letter replayed');
		return {replayed: 1, skipped: []};
	}

	/** Where the next `replay({all})` starts, per partition; undefined when none was committed. */
	async replayPosition(): Promise<Map<number, string> | undefined> {
		const admin = this.options.kafka.admin();
		await admin.connect();
		try {
			const [topic] = await admin.fetchOffsets({groupId: this.options.replayGroup, topics: [this.options.topic]});
			const committed = (topic?.partitions ?? []).filter(p => Number(p.offset) >= 0);
			return committed.length === 0 ? undefined : new Map(committed.map(p => [p.partition, p.offset]));
		} finally {
			await admin.disconnect().catch(() => {});
		}
	}

	private async commitPosition(positions: ReadonlyArray<{partition: number; offset: string}>): Promise<void> {
		const admin = this.options.kafka.admin();
		await admin.connect();
		try {
			await admin.setOffsets({groupId: this.options.replayGroup, topic: this.options.topic, partitions: positions.map(p => ({...p}))});
		} finally {
			await admin.disconnect().catch(() => {});
		}
	}

	/** Every partition of the DLQ, from the committed position or its beginning. */
	private async startOffsets(from: ReadonlyMap<number, string>): Promise<Map<number, string>> {
		const admin = this.options.kafka.admin();
		await admin.connect();
		try {
			const ends = await admin.fetchTopicOffsets(this.options.topic);
			return new Map(ends.map(end => [end.partition, from.get(end.partition) ?? end.low]));
		} finally {
			await admin.disconnect().catch(() => {});
		}
	}

	/** The records at these positions (fewer when a position holds none). */
	private async readAt(positions: readonly DlqPosition[], signal?: AbortSignal): Promise<Map<string, DlqRecord>> {
		const wanted = new Set(positions.map(positionText));
		const start = new Map<number, string>();
		for (const position of positions) {
			const current = start.get(position.partition);
			if (current === undefined || BigInt(position.offset) < BigInt(current)) start.set(position.partition, position.offset);
		}
		const found = new Map<string, DlqRecord>();
		await this.read({kind: 'offsets', offsets: start}, signal, (partition, message) => {
			const key = `${partition}:${message.offset}`;
			if (wanted.has(key)) found.set(key, toRecord(partition, message));
			return found.size < wanted.size;
		});
		return found;
	}

	private async read(
		start: Parameters<typeof readTopic>[1]['start'],
		signal: AbortSignal | undefined,
		onRecord: (partition: number, message: KafkaMessage) => boolean | void | Promise<boolean | void>,
		onPlan?: (ranges: ReadRange[]) => void,
	): Promise<ReadRange[]> {
		return readTopic(this.options.kafka, {topic: this.options.topic, start, signal, timeoutMs: this.options.readTimeoutMs, onRecord, onPlan}, this.logger);
	}
}

function byPosition(a: DeadLetterInfo, b: DeadLetterInfo): number {
	return a.position.partition - b.position.partition || (BigInt(a.position.offset) < BigInt(b.position.offset) ? -1 : 1);
}

/** The DLQ service of these settings: `<topic>.dlq`, the replay position under `<group>.dlq-replay`. */
export function dlqService(services: {
	readonly settings: {readonly topic: string; readonly group: string; readonly readOnly?: boolean};
	readonly logger: Logger;
	kafka(): Kafka;
}): DlqService {
	return new DlqService({
		kafka: services.kafka(),
		topic: dlqTopic(services.settings.topic),
		replayGroup: `${services.settings.group}.dlq-replay`,
		logger: services.logger.child('dlq'),
		readOnly: services.settings.readOnly,
	});
}
