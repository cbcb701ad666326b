import {isDeepStrictEqual} from 'node:util';
import {decodeMessage, encodeMessage, messageBodySchema, SCHEMA_HEADER} from '../../source/domain/message.js';
import {figure, type Figure} from '../lib/stats.js';
import {PAGE_SIZE, pageRecords, type UserPool} from '../lib/users.js';

/**
 * The sink's per-message decoding, in isolation: µs per message for JSON.parse alone, for the
 * schema path (UTF-8 check + JSON.parse + the zod schema, as decodeMessage did before the fast
 * path) and for decodeMessage as it is. Also checks, on every message and on a set of broken
 * bodies, that decodeMessage and the schema agree: the fast path must never accept more.
 */
export interface DecodeFigures {
	readonly jsonParse: Figure;
	readonly schemaPath: Figure;
	readonly decodeMessage: Figure;
	readonly checked: number;
	readonly disagreements: readonly string[];
}

const headers = {[SCHEMA_HEADER]: Buffer.from('1')};
const utf8 = new TextDecoder('utf-8', {fatal: true});

function schemaPath(key: Buffer, value: Buffer): unknown {
	const json: unknown = JSON.parse(utf8.decode(value));
	const parsed = messageBodySchema.safeParse(json);
	if (!parsed.success) throw new Error('invalid');
	const {info, contact, address, source, id} = parsed.data;
	if (utf8.decode(key) !== id) throw new Error('key');
	const record = {id, info: info ?? {}, contact: contact ?? {}, address: address ?? {}};
	return source ? {...record, source} : record;
}

function outcome(fn: () => unknown): unknown {
	try {
		return {ok: fn()};
	} catch {
		return 'rejected';
	}
}

/** Bodies one step away from valid: each must be rejected (or accepted) by both paths alike. */
function brokenBodies(body: Record<string, unknown>): Array<[string, unknown]> {
	const info = body['info'] as Record<string, unknown>;
	const source = body['source'] as Record<string, unknown>;
	return [
		['unknown qualifier', {...body, info: {...info, password: 'x'}}],
		['number value', {...body, info: {...info, age: 74}}],
		['null value', {...body, contact: {email: null}}],
		['unknown family', {...body, login: {}}],
		['family as array', {...body, address: []}],
		['schema 2', {...body, schema: 2}],
		['schema "1"', {...body, schema: '1'}],
		['id missing', {...body, id: undefined}],
		['page 1.5', {...body, source: {...source, page: 1.5}}],
		['page huge', {...body, source: {...source, page: 2 ** 60}}],
		['page null', {...body, source: {...source, page: null}}],
		['seed missing', {...body, source: {...source, seed: undefined}}],
		['fetched_at not ISO', {...body, source: {...source, fetched_at: 'yesterday'}}],
		['fetched_at no offset', {...body, source: {...source, fetched_at: '2026-11-27T10:00:00'}}],
		['source extra key', {...body, source: {...source, x: 1}}],
		['__proto__ key', JSON.parse(JSON.stringify(body).replace('{"schema"', '{"__proto__":{},"schema"'))],
		['huge value', {...body, info: {...info, first_name: 'é'.repeat(40_000)}}],
		['families absent', {schema: 1, id: body['id']}],
	];
}

export function decodeFigures(users: UserPool, count: number, rounds: number): DecodeFigures {
	const pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
	const messages = Array.from({length: pages}, (_, page) =>
		pageRecords(users, 'decode', page, Math.min(PAGE_SIZE, count - page * PAGE_SIZE), new Date(Date.UTC(2026, 10, 27, 10, 0, page))),
	)
		.flat()
		.map(record => {
			const encoded = encodeMessage(record);
			return {key: Buffer.from(encoded.key), value: Buffer.from(encoded.value)};
		});
	const disagreements: string[] = [];
	for (const message of messages) {
		if (
			!isDeepStrictEqual(
				outcome(() => decodeMessage(message.key, message.value, headers)),
				outcome(() => schemaPath(message.key, message.value)),
			)
		) {
			disagreements.push(`message ${message.key.toString()}`);
		}
	}
	const sample = messages[0]!;
	const body = JSON.parse(sample.value.toString('utf8')) as Record<string, unknown>;
	const broken = brokenBodies(body);
	for (const [name, variant] of broken) {
		const value = Buffer.from(JSON.stringify(variant));
		const fast = outcome(() => decodeMessage(sample.key, value, headers));
		const slow = outcome(() => schemaPath(sample.key, value));
		if (!isDeepStrictEqual(fast, slow)) disagreements.push(name);
	}
	const time = (fn: (key: Buffer, value: Buffer) => unknown) => {
		const started = performance.now();
		for (const message of messages) fn(message.key, message.value);
		return ((performance.now() - started) * 1000) / messages.length;
	};
	const json: number[] = [];
	const schema: number[] = [];
	const decode: number[] = [];
	time((key, value) => decodeMessage(key, value, headers)); // warm-up
	time(schemaPath);
	for (let round = 0; round < rounds; round++) {
		json.push(time((_, value) => JSON.parse(value.toString('utf8'))));
		schema.push(time(schemaPath));
		decode.push(time((key, value) => decodeMessage(key, value, headers)));
	}
	return {jsonParse: figure(json), schemaPath: figure(schema), decodeMessage: figure(decode), checked: messages.length + broken.length, disagreements};
}
