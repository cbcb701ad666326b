import {type Kafka} from 'kafkajs';
import {type TailFilter, tailMatches, type TailRecord, tailRecord} from '../../domain/tail.js';
import {type Logger, silentLogger} from '../logger.js';
import {type ReadRange, type ReadStart, readTopic} from '../kafka/topic-reader.js';

/**
 * The topic's records as they arrive, decoded (row key, name, partition, offset, timestamp),
 * from a chosen start: the beginning, an offset of a partition, a time, or the last few of
 * each partition. Reads without joining the sink's group (services/kafka/topic-reader.ts), so
 * tailing never moves the sink's offsets. Records are handed over one by one: the caller keeps
 * what it shows (a ring buffer on screen, nothing headless).
 */
export interface TailRequest {
	readonly start: ReadStart;
	/** Keep reading new records until the signal. */
	readonly follow?: boolean;
	readonly filter?: TailFilter;
	readonly signal?: AbortSignal;
	/** Told the planned range per partition before the first record. */
	readonly onPlan?: (ranges: ReadRange[]) => void;
	/** Each matching record; return false to end the tail. */
	readonly onRecord: (record: TailRecord) => boolean | void;
}

/** Records shown when no start is given: the last ones of each partition, as `tail` shows the last lines. */
export const defaultTailCount = 10;

export class TailService {
	constructor(
		private readonly kafka: Kafka,
		readonly topic: string,
		private readonly logger: Logger = silentLogger,
	) {}

	async tail(request: TailRequest): Promise<ReadRange[]> {
		const filter = request.filter ?? {};
		return readTopic(
			this.kafka,
			{
				topic: this.topic,
				start: request.start,
				follow: request.follow,
				signal: request.signal,
				// A bounded tail of a long topic takes a while; a followed one has no deadline at all.
				timeoutMs: 10 * 60_000,
				onPlan: request.onPlan,
				onRecord: (partition, message) => {
					const record = tailRecord(partition, message);
					if (!tailMatches(record, filter)) return undefined;
					return request.onRecord(record);
				},
			},
			this.logger,
		);
	}
}

/** The tail of the settings' topic. */
export function tailService(services: {readonly settings: {readonly topic: string}; readonly logger: Logger; kafka(): Kafka}): TailService {
	return new TailService(services.kafka(), services.settings.topic, services.logger.child('tail'));
}
