import {z} from 'zod';
import {ValidationError} from './errors.js';
import {validateRowKey} from './row-key.js';
import {type Family, type RecordSource, type UserRecord, FAMILIES, QUALIFIERS} from './user-record.js';
import {type Path, validationErrorFrom} from './zod-issues.js';

export {validateRowKey} from './row-key.js';

/**
 * The Kafka message codec for topic `userdata`.
 *
 *   key     = row key (the user's lowercase login.uuid), UTF-8
 *   value   = JSON {schema: 1, id, info: {...}, contact: {...}, address: {...}, source: {...}}
 *   headers = {'userdata-schema': '1'}
 *
 * decodeMessage runs on the sink's hot path for every message: it fails fast with a
 * ValidationError naming the field, so the sink can park the message and move on.
 */

export const MESSAGE_SCHEMA_VERSION = 1;
export const SCHEMA_HEADER = 'userdata-schema';
/** Kafka's default max.message.bytes is about 1 MiB; a larger value would be refused by the broker anyway. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** One cell value, in UTF-8 bytes (what HBase stores); real values are under 200 bytes. */
export const MAX_CELL_VALUE_BYTES = 64 * 1024;

/** The headers of every message the producer writes. */
export const MESSAGE_HEADERS: EncodedMessage['headers'] = Object.freeze({[SCHEMA_HEADER]: String(MESSAGE_SCHEMA_VERSION)});

export interface EncodedMessage {
	readonly key: string;
	readonly value: string;
	readonly headers: {readonly [SCHEMA_HEADER]: string};
}

/** kafkajs IHeaders. */
export type MessageHeaders = Readonly<Record<string, Buffer | string | ReadonlyArray<Buffer | string> | undefined>>;

function tooLarge(bytes: number, limit: number): string {
	return `value too large (${bytes} bytes > ${limit})`;
}

const cellValue = z.string().superRefine((value, context) => {
	// Cheap bound first: a string of n UTF-16 units is at most 3n UTF-8 bytes.
	if (value.length * 3 <= MAX_CELL_VALUE_BYTES) return;
	const bytes = Buffer.byteLength(value, 'utf8');
	if (bytes > MAX_CELL_VALUE_BYTES) context.addIssue({code: 'custom', message: tooLarge(bytes, MAX_CELL_VALUE_BYTES)});
});

function familySchema(family: Family) {
	return z.strictObject(Object.fromEntries(QUALIFIERS[family].map(qualifier => [qualifier, cellValue.optional()])));
}

const sourceSchema = z.strictObject({
	api_version: z.string(),
	seed: z.string().nullable(),
	page: z.int().nullable(),
	fetched_at: z.iso.datetime({offset: true}),
});

// Families may be left out of a message (no values in them); source is absent on CRUD-made records.
const messageSchema = z.strictObject({
	schema: z.literal(MESSAGE_SCHEMA_VERSION),
	id: z.string(),
	info: familySchema('info').optional(),
	contact: familySchema('contact').optional(),
	address: familySchema('address').optional(),
	source: sourceSchema.optional(),
});

type MessageBody = z.infer<typeof messageSchema>;

/** The zod schema of a message body: the one authority on what is valid (and on the errors). */
export const messageBodySchema = messageSchema;

const isoDateTime = z.iso.datetime({offset: true});
const topKeys: ReadonlySet<string> = new Set(['schema', 'id', ...FAMILIES, 'source']);
const sourceKeys: ReadonlySet<string> = new Set(['api_version', 'seed', 'page', 'fetched_at']);
const familyKeys: Record<Family, ReadonlySet<string>> = {
	info: new Set(QUALIFIERS.info),
	contact: new Set(QUALIFIERS.contact),
	address: new Set(QUALIFIERS.address),
};
// A page's records share one fetch time: the last one that passed is not checked again.
let lastFetchedAt: string | undefined;

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function plainFamily(value: unknown, family: Family): boolean {
	if (value === undefined) return true;
	if (!isPlainObject(value)) return false;
	const known = familyKeys[family];
	for (const key in value) {
		const cell = value[key];
		// The byte bound is left to the schema: only a value that cannot be too large passes here.
		if (!known.has(key) || typeof cell !== 'string' || cell.length * 3 > MAX_CELL_VALUE_BYTES) return false;
	}
	return true;
}

function plainSource(value: unknown): boolean {
	if (value === undefined) return true;
	if (!isPlainObject(value)) return false;
	for (const key in value) if (!sourceKeys.has(key)) return false;
	const {api_version, seed, page, fetched_at} = value;
	if (typeof api_version !== 'string' || (seed !== null && typeof seed !== 'string')) return false;
	if (page !== null && !Number.isSafeInteger(page)) return false;
	if (typeof fetched_at !== 'string') return false;
	if (fetched_at !== lastFetchedAt) {
		if (!isoDateTime.safeParse(fetched_at).success) return false;
		lastFetchedAt = fetched_at;
	}
	return true;
}

/**
 * The common case without zod: a body that is plainly valid (known keys only, strings where
 * strings go) is returned as parsed. Anything else, valid or not, goes through the schema,
 * which stays the authority and names the field at fault. Accepts a subset of what the schema
 * accepts, and returns the same values; the sink decodes every message, and zod's generic walk
 * costs about as much as JSON.parse itself (bench/RESULTS.md, "decode").
 */
function plainBody(json: Record<string, unknown>): MessageBody | undefined {
	for (const key in json) if (!topKeys.has(key)) return undefined;
	if (json['schema'] !== MESSAGE_SCHEMA_VERSION || typeof json['id'] !== 'string') return undefined;
	for (const family of FAMILIES) if (!plainFamily(json[family], family)) return undefined;
	if (!plainSource(json['source'])) return undefined;
	return json as MessageBody;
}

function unknownKey(parent: Path, key: string): string {
	if (parent.length === 0) return `unknown family '${key}' (known: ${FAMILIES.join(', ')})`;
	const family = parent[0];
	if (parent.length === 1 && typeof family === 'string' && (FAMILIES as readonly string[]).includes(family)) {
		return `unknown qualifier '${key}' in family ${family}`;
	}
	return 'unknown field';
}

function fail(field: string, reason: string): never {
	throw new ValidationError(`${field}: ${reason}`, {field});
}

/** Record -> message. Throws ValidationError for a bad row key or an oversized value. */
export function encodeMessage(record: UserRecord): EncodedMessage {
	const id = validateRowKey(record.id, 'id');
	const body: Record<string, unknown> = {schema: MESSAGE_SCHEMA_VERSION, id};
	for (const family of FAMILIES) {
		const from = record[family] as Readonly<Record<string, string | undefined>>;
		const cells: Record<string, string> = {};
		// Only contract qualifiers, in contract order: stray properties never reach the topic.
		for (const qualifier of QUALIFIERS[family]) {
			const value = from[qualifier];
			if (value === undefined) continue;
			// Cheap bound first (n UTF-16 units are at most 3n UTF-8 bytes): the producer encodes every user.
			if (value.length * 3 > MAX_CELL_VALUE_BYTES) {
				const bytes = Buffer.byteLength(value, 'utf8');
				if (bytes > MAX_CELL_VALUE_BYTES) fail(`${family}.${qualifier}`, tooLarge(bytes, MAX_CELL_VALUE_BYTES));
			}
			cells[qualifier] = value;
		}
		body[family] = cells;
	}
	if (record.source) {
		const {api_version, seed, page, fetched_at} = record.source;
		body['source'] = {api_version, seed, page, fetched_at} satisfies RecordSource;
	}
	const value = JSON.stringify(body);
	if (value.length * 3 > MAX_MESSAGE_BYTES) {
		const bytes = Buffer.byteLength(value, 'utf8');
		if (bytes > MAX_MESSAGE_BYTES) fail('value', `message too large (${bytes} bytes > ${MAX_MESSAGE_BYTES})`);
	}
	return {key: id, value, headers: MESSAGE_HEADERS};
}

const utf8 = new TextDecoder('utf-8', {fatal: true});

function decodeUtf8(bytes: Buffer | string, field: string): string {
	if (typeof bytes === 'string') return bytes;
	try {
		return utf8.decode(bytes);
	} catch (error) {
		throw new ValidationError(`${field}: not valid UTF-8`, {field, cause: error});
	}
}

/** True when JSON text stops inside a string or with brackets still open (a cut-off message). */
function endsEarly(text: string): boolean {
	let depth = 0;
	let inString = false;
	let escaped = false;
	for (const char of text) {
		if (inString) {
			if (escaped) escaped = false;
			else if (char === '\\') escaped = true;
			else if (char === '"') inString = false;
		} else if (char === '"') inString = true;
		else if (char === '{' || char === '[') depth++;
		else if (char === '}' || char === ']') depth--;
	}
	return inString || depth > 0;
}

function checkSchemaHeader(headers: MessageHeaders | undefined): void {
	const raw = headers?.[SCHEMA_HEADER];
	if (raw === undefined) return; // the body's `schema` field is authoritative; the header is for tools
	const first = typeof raw === 'string' || Buffer.isBuffer(raw) ? raw : raw[0];
	const text = first === undefined ? '' : Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
	if (text !== String(MESSAGE_SCHEMA_VERSION)) {
		fail(`headers.${SCHEMA_HEADER}`, `unsupported schema ${JSON.stringify(text)} (this build reads ${MESSAGE_SCHEMA_VERSION})`);
	}
}

/**
 * Kafka message -> record. Throws a ValidationError whose message starts with the field at fault:
 * empty value, oversized, not UTF-8, not JSON, truncated JSON, wrong shape, unknown family or
 * qualifier, missing id, id not a valid row key or not equal to the key.
 */
export function decodeMessage(key: Buffer | string | null, value: Buffer | string | null, headers?: MessageHeaders): UserRecord {
	checkSchemaHeader(headers);
	if (value === null) fail('value', 'empty (null value: a tombstone or a producer bug)');
	if (value.length === 0) fail('value', 'empty (0 bytes)');
	const size = typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.length;
	if (size > MAX_MESSAGE_BYTES) fail('value', `message too large (${size} bytes > ${MAX_MESSAGE_BYTES})`);

	const text = decodeUtf8(value, 'value');
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error) {
		const reason = endsEarly(text) ? `truncated JSON (${size} bytes, ends early)` : `not JSON (${(error as Error).message})`;
		throw new ValidationError(`value: ${reason}`, {field: 'value', cause: error});
	}
	if (json === null || typeof json !== 'object' || Array.isArray(json)) {
		fail('value', `expected a JSON object, got ${json === null ? 'null' : Array.isArray(json) ? 'array' : typeof json}`);
	}
	const version = (json as Record<string, unknown>)['schema'];
	if (version !== undefined && version !== MESSAGE_SCHEMA_VERSION) {
		fail('schema', `unsupported version ${JSON.stringify(version)} (this build reads ${MESSAGE_SCHEMA_VERSION})`);
	}

	let message = plainBody(json as Record<string, unknown>);
	if (!message) {
		const parsed = messageSchema.safeParse(json);
		if (!parsed.success) throw validationErrorFrom(parsed.error, json, {unknownKey});
		message = parsed.data;
	}

	const id = validateRowKey(message.id, 'id');
	if (key === null) fail('key', 'missing (expected the row key)');
	const keyText = decodeUtf8(key, 'key');
	if (keyText !== id) fail('id', `does not match the message key (id ${JSON.stringify(id)}, key ${JSON.stringify(keyText)})`);

	const record = {
		id,
		info: message.info ?? {},
		contact: message.contact ?? {},
		address: message.address ?? {},
	};
	return message.source ? {...record, source: message.source} : record;
}
