import {ValidationError} from './errors.js';
import {decodeMessage, type MessageHeaders} from './message.js';
import {type UserRecord} from './user-record.js';
import {userLine} from './errors.js';

/**
 * A topic record as `tail` shows it: where it is (partition, offset, timestamp) and, decoded,
 * whose it is (row key and name). A record that does not decode is still shown, with why.
 * Pure: the reading is services/tail's.
 */
export interface TailRecord {
	readonly partition: number;
	readonly offset: string;
	/** Kafka record timestamp (ms). */
	readonly timestamp: number;
	/** The Kafka key as text (null: none). */
	readonly key: string | null;
	/** Decoded: the user. */
	readonly record?: UserRecord;
	/** Not decodable: why (one line). */
	readonly problem?: string;
}

export function tailRecord(
	partition: number,
	message: {readonly offset: string; readonly timestamp: string; readonly key: Buffer | null; readonly value: Buffer | null; readonly headers?: unknown},
): TailRecord {
	const base = {partition, offset: message.offset, timestamp: Number(message.timestamp), key: message.key === null ? null : message.key.toString('utf8')};
	try {
		return {...base, record: decodeMessage(message.key, message.value, message.headers as MessageHeaders | undefined)};
	} catch (error) {
		return {...base, problem: userLine(error)};
	}
}

/** "Ola Nordmann", from the decoded record. */
export function displayName(record: UserRecord | undefined): string {
	if (!record) return '';
	return [record.info.first_name, record.info.last_name].filter(Boolean).join(' ');
}

/** What `tail` keeps: a row key, and a column's value containing (~, any case) or equal to (=) a text. */
export interface TailFilter {
	readonly key?: string;
	readonly where?: {readonly column: string; readonly match: 'contains' | 'equals'; readonly text: string};
}

export function tailMatches(record: TailRecord, filter: TailFilter): boolean {
	if (filter.key !== undefined && record.record?.id !== filter.key && record.key !== filter.key) return false;
	if (filter.where) {
		if (!record.record) return false;
		const [family, qualifier] = filter.where.column.split(':') as [keyof UserRecord, string];
		const cells = record.record[family];
		const value = typeof cells === 'object' ? (cells as Readonly<Record<string, string | undefined>>)[qualifier] : undefined;
		if (value === undefined) return false;
		return filter.where.match === 'equals' ? value === filter.where.text : value.toLowerCase().includes(filter.where.text.toLowerCase());
	}
	return true;
}

const units: Record<string, number> = {s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000};

/**
 * `--since`: an ISO 8601 time ("2025-01-31T14:03:07Z"), ms since the epoch, or a span back from
 * now ("90s", "15m", "2h", "1d"). Throws a ValidationError naming `field`.
 */
export function parseSince(text: string, now: number, field = 'since'): number {
	const trimmed = text.trim();
	const span = /^(\d+)\s*([smhd])$/u.exec(trimmed);
	if (span) return now - Number(span[1]) * units[span[2]!]!;
	if (/^\d{10,}$/u.test(trimmed)) return Number(trimmed);
	const parsed = Date.parse(trimmed);
	if (/^\d{4}-\d{2}-\d{2}/u.test(trimmed) && Number.isFinite(parsed)) return parsed;
	throw new ValidationError(`{${field}} "${text}": expected a time (2025-01-31T14:03:07Z), ms since the epoch, or a span back from now (15m, 2h)`, {field});
}
