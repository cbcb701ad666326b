import {userLine, ValidationError} from './errors.js';
import {decodeMessage} from './message.js';
import {type UserRecord} from './user-record.js';

/**
 * Dead-letter records: the headers that say why and where a record came from, and the
 * scrubbing that keeps credentials out of the DLQ even when a raw API payload was produced to
 * the topic by hand.
 */
export const dlqHeaders = {
	reason: 'dlq-reason',
	topic: 'dlq-original-topic',
	partition: 'dlq-original-partition',
	offset: 'dlq-original-offset',
	timestamp: 'dlq-original-timestamp',
	failedAt: 'dlq-failed-at',
} as const;

export interface DlqOrigin {
	readonly topic: string;
	readonly partition: number;
	readonly offset: string;
	readonly timestamp: string;
}

const credentialKeys = new Set(['password', 'salt', 'md5', 'sha1', 'sha256']);
/** Values up to this size are kept whole in the DLQ; larger ones are cut (the reason says so). */
export const maxDlqValueBytes = 1024 * 1024;

export function dlqHeadersFor(reason: string, origin: DlqOrigin, failedAt: Date): Record<string, string> {
	return {
		[dlqHeaders.reason]: reason.length > 1000 ? `${reason.slice(0, 1000)}…` : reason,
		[dlqHeaders.topic]: origin.topic,
		[dlqHeaders.partition]: String(origin.partition),
		[dlqHeaders.offset]: origin.offset,
		[dlqHeaders.timestamp]: origin.timestamp,
		[dlqHeaders.failedAt]: failedAt.toISOString(),
	};
}

function scrub(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(scrub);
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [key, inner] of Object.entries(value)) {
			if (credentialKeys.has(key.toLowerCase())) continue;
			out[key] = scrub(inner);
		}
		return out;
	}
	return value;
}

/**
 * The value as it goes to the DLQ: JSON with every credential key removed (anywhere in the
 * tree); anything else unchanged, but cut to maxDlqValueBytes.
 */
export function dlqValue(value: Buffer | null): {value: Buffer | null; truncated: boolean} {
	if (value === null) return {value: null, truncated: false};
	try {
		const parsed = JSON.parse(value.toString('utf8')) as unknown;
		if (parsed && typeof parsed === 'object') {
			const cleaned = Buffer.from(JSON.stringify(scrub(parsed)), 'utf8');
			if (cleaned.length <= maxDlqValueBytes) return {value: cleaned, truncated: false};
			return {value: cleaned.subarray(0, maxDlqValueBytes), truncated: true};
		}
	} catch {
		// Not JSON: kept as it came, the reason says why.
	}
	if (value.length <= maxDlqValueBytes) return {value, truncated: false};
	return {value: value.subarray(0, maxDlqValueBytes), truncated: true};
}

// ---------------------------------------------------------------- reading dead letters back

/** Marks a record sent back to its topic from the DLQ: `<dlq topic>/<partition>/<offset>` of the dead letter. */
export const replayHeaders = {
	of: 'dlq-replay-of',
	at: 'dlq-replayed-at',
} as const;

/** A dead letter's place in the DLQ topic, as users name it: `partition:offset`. */
export interface DlqPosition {
	readonly partition: number;
	readonly offset: string;
}

export function positionText(position: DlqPosition): string {
	return `${position.partition}:${position.offset}`;
}

/** Parses `p:o` (both whole numbers); throws a ValidationError naming `field`. */
export function parsePosition(text: string, field = 'position'): DlqPosition {
	const match = /^\s*(\d{1,6}):(\d{1,19})\s*$/u.exec(text);
	if (!match) throw new ValidationError(`${field} "${text}" is not partition:offset (e.g. 0:42)`, {field});
	return {partition: Number(match[1]), offset: BigInt(match[2]!).toString()};
}

/** A comma-separated list of positions, without repeats, in the order given. */
export function parsePositions(text: string, field = 'select'): DlqPosition[] {
	const seen = new Set<string>();
	const positions: DlqPosition[] = [];
	for (const part of text.split(',')) {
		if (part.trim() === '') continue;
		const position = parsePosition(part, field);
		if (seen.has(positionText(position))) continue;
		seen.add(positionText(position));
		positions.push(position);
	}
	if (positions.length === 0) throw new ValidationError(`${field} names no dead letter (expected p:o[,p:o...])`, {field});
	return positions;
}

/** A record of the DLQ topic as Kafka hands it over (a KafkaMessage with its partition). */
export interface DlqRecord {
	readonly partition: number;
	readonly offset: string;
	readonly timestamp: string;
	readonly key: Buffer | null;
	readonly value: Buffer | null;
	readonly headers?: Readonly<Record<string, Buffer | string | ReadonlyArray<Buffer | string> | undefined>>;
}

/** What a dead letter says about itself, read from its headers. Texts are as they came: render them through display.ts. */
export interface DeadLetterInfo {
	readonly position: DlqPosition;
	readonly reason: string;
	/** Where it came from; undefined when its headers do not say (not written by our sink). */
	readonly origin: DlqOrigin | undefined;
	/** When the sink gave up on it (ISO), if said. */
	readonly failedAt: string | undefined;
	/** The dead letter it was itself replayed from, if any. */
	readonly replayOf: string | undefined;
	readonly key: Buffer | null;
	readonly value: Buffer | null;
}

export function headerText(headers: DlqRecord['headers'], name: string): string | undefined {
	const raw = headers?.[name];
	const first: Buffer | string | undefined = Array.isArray(raw) ? (raw as ReadonlyArray<Buffer | string>)[0] : (raw as Buffer | string | undefined);
	if (first === undefined) return undefined;
	return Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
}

export function readDeadLetter(record: DlqRecord): DeadLetterInfo {
	const h = (name: string) => headerText(record.headers, name);
	const topic = h(dlqHeaders.topic);
	const partition = h(dlqHeaders.partition);
	const offset = h(dlqHeaders.offset);
	const origin =
		topic !== undefined && partition !== undefined && /^\d+$/u.test(partition) && offset !== undefined && /^\d+$/u.test(offset)
			? {topic, partition: Number(partition), offset, timestamp: h(dlqHeaders.timestamp) ?? record.timestamp}
			: undefined;
	return {
		position: {partition: record.partition, offset: record.offset},
		reason: h(dlqHeaders.reason) ?? '(no reason given)',
		origin,
		failedAt: h(dlqHeaders.failedAt),
		replayOf: h(replayHeaders.of),
		key: record.key,
		value: record.value,
	};
}

/**
 * The kind of a reason, for counting: the text before its first colon ("table userdata has no
 * family address", "value", "HBase refused the row"), which names the cause without the details.
 */
export function reasonKind(reason: string): string {
	const cut = reason.indexOf(':');
	const kind = (cut > 0 ? reason.slice(0, cut) : reason).trim();
	return kind.length > 80 ? `${kind.slice(0, 79)}…` : kind;
}

/** Whether a reason matches a filter: case-insensitive text anywhere in it. */
export function reasonMatches(reason: string, filter: string | undefined): boolean {
	return filter === undefined || filter === '' || reason.toLowerCase().includes(filter.toLowerCase());
}

/**
 * The record a dead letter goes back to its topic as: its original key, value and timestamp (so
 * the cells written are the versions a first write would have made), to its original partition,
 * with its original headers (the dlq-* ones dropped) and a header marking the replay.
 */
export function replayRecord(
	letter: DeadLetterInfo,
	dlqTopic: string,
	headers: DlqRecord['headers'],
	at: Date,
): {topic: string; partition: number; key: Buffer | null; value: Buffer | null; timestamp: string; headers: Record<string, Buffer | string>} | undefined {
	if (!letter.origin) return undefined;
	const kept: Record<string, Buffer | string> = {};
	const ours = new Set<string>([...Object.values(dlqHeaders), ...Object.values(replayHeaders)]);
	for (const [name, value] of Object.entries(headers ?? {})) {
		if (ours.has(name) || value === undefined) continue;
		const first = Array.isArray(value) ? (value as Array<Buffer | string>)[0] : (value as Buffer | string);
		if (first !== undefined) kept[name] = first;
	}
	kept[replayHeaders.of] = `${dlqTopic}/${positionText(letter.position)}`;
	kept[replayHeaders.at] = at.toISOString();
	return {topic: letter.origin.topic, partition: letter.origin.partition, key: letter.key, value: letter.value, timestamp: letter.origin.timestamp, headers: kept};
}

/** The user a dead letter holds, when its value decodes as one (to fix it in a form); else why not. */
export function deadLetterUser(letter: Pick<DeadLetterInfo, 'key' | 'value'>, headers?: DlqRecord['headers']): {record?: UserRecord; problem?: string} {
	try {
		return {record: decodeMessage(letter.key, letter.value, headers)};
	} catch (error) {
		return {problem: userLine(error)};
	}
}
