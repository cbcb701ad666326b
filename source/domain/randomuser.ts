import {z} from 'zod';
import {ValidationError, type UserdataErrorOptions} from './errors.js';
import {validationErrorFrom} from './zod-issues.js';

/**
 * The one parser of a Random User API answer, in two steps:
 *
 * 1. readEnvelope(body): the transport-level check the client runs on every page: JSON (else
 *    which non-JSON it is: JSONP, HTML, XML, cut-off), `results` an array of objects, `info` an
 *    object, or the server's own `{"error": ...}`. Users stay `unknown`: their types vary by
 *    nationality and are step 2's job. A failure is an EnvelopeError with a `reason`, which the
 *    client turns into its BadResponseError (with the content type and a snippet of the body).
 * 2. parseRandomUser(user): each user, by a fast field-by-field copy when every field has a type
 *    the schema takes, and by the zod schema (the judge, naming the field at fault) otherwise.
 *
 * The payload as the real server sends it (API 1.4 and 1.3).
 *
 * Lenient on purpose (see test/fixtures/randomuser/README.md and schema_v1.4.txt):
 * - every section may be missing (inc=/exc= options; inc=foo even gives `{}` users);
 * - location.postcode is a number for most nationalities, a string for CA, GB, NO (and NL in 1.3);
 * - id.value is null for IR, NZ, TR, UA (and BR, CA, DE in 1.3);
 * - LEGO users have no location.country;
 * - strings may be "" or carry trailing spaces, and are kept exactly as sent.
 * null is accepted wherever a value is, and means "absent".
 *
 * login.password, salt, md5, sha1 and sha256 are deliberately NOT declared: zod drops undeclared
 * keys while parsing, so credentials never get past this module.
 */

const text = z.string().nullish();
const whole = z.number().nullish();
// Numbers the API sends sometimes as a JSON number, sometimes as a string.
const textOrNumber = z.union([z.string(), z.number()]).nullish();

const nameSchema = z.object({title: text, first: text, last: text});
const streetSchema = z.object({number: textOrNumber, name: text});
const coordinatesSchema = z.object({latitude: textOrNumber, longitude: textOrNumber});
const timezoneSchema = z.object({offset: text, description: text});
const locationSchema = z.object({
	street: streetSchema.nullish(),
	city: text,
	state: text,
	country: text,
	postcode: textOrNumber,
	coordinates: coordinatesSchema.nullish(),
	timezone: timezoneSchema.nullish(),
});
const loginSchema = z.object({uuid: text, username: text});
const datedSchema = z.object({date: text, age: whole});
const idSchema = z.object({name: text, value: text});
const pictureSchema = z.object({large: text, medium: text, thumbnail: text});

export const randomUserSchema = z.object({
	gender: text,
	name: nameSchema.nullish(),
	location: locationSchema.nullish(),
	email: text,
	login: loginSchema.nullish(),
	dob: datedSchema.nullish(),
	registered: datedSchema.nullish(),
	phone: text,
	cell: text,
	id: idSchema.nullish(),
	picture: pictureSchema.nullish(),
	nat: text,
});

// `info` is missing with the noinfo option; the server fills seed, results, page and version otherwise.
export const randomUserInfoSchema = z.object({seed: text, results: whole, page: whole, version: text});

export const randomUserResponseSchema = z.object({
	results: z.array(randomUserSchema),
	info: randomUserInfoSchema.nullish(),
});

export type RandomUser = z.infer<typeof randomUserSchema>;
export type RandomUserInfo = z.infer<typeof randomUserInfoSchema>;
export type RandomUserResponse = z.infer<typeof randomUserResponseSchema>;

const CONTEXT = 'Random User API response';

/**
 * The schema above, restated as a table for the fast path below: 'text' is string or null,
 * 'number' number or null, 'either' string, number or null; an object is a nested section.
 */
type Shape = {readonly [key: string]: 'text' | 'number' | 'either' | Shape};
const userShape: Shape = {
	gender: 'text',
	name: {title: 'text', first: 'text', last: 'text'},
	location: {
		street: {number: 'either', name: 'text'},
		city: 'text',
		state: 'text',
		country: 'text',
		postcode: 'either',
		coordinates: {latitude: 'either', longitude: 'either'},
		timezone: {offset: 'text', description: 'text'},
	},
	email: 'text',
	login: {uuid: 'text', username: 'text'},
	dob: {date: 'text', age: 'number'},
	registered: {date: 'text', age: 'number'},
	phone: 'text',
	cell: 'text',
	id: {name: 'text', value: 'text'},
	picture: {large: 'text', medium: 'text', thumbnail: 'text'},
	nat: 'text',
};

const NOT_PLAIN = Symbol('not plain');

/**
 * The common case without zod: a user whose every declared field has a type the schema takes is
 * copied field by field (undeclared keys, credentials among them, are left behind exactly as zod
 * leaves them). Anything doubtful returns NOT_PLAIN and goes through the schema, which stays the
 * authority and names the field at fault. The producer validates every user, and zod's generic
 * walk cost more than the rest of the transform (bench/micro/produce-path.ts).
 */
function copyPlain(value: unknown, shape: Shape): Record<string, unknown> | typeof NOT_PLAIN {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return NOT_PLAIN;
	const from = value as Record<string, unknown>;
	const copy: Record<string, unknown> = {};
	for (const key in shape) {
		const field = from[key];
		if (field === undefined) continue;
		const kind = shape[key]!;
		if (field === null) copy[key] = null;
		else if (typeof kind === 'object') {
			const nested = copyPlain(field, kind);
			if (nested === NOT_PLAIN) return NOT_PLAIN;
			copy[key] = nested;
		} else if (typeof field === 'string' ? kind !== 'number' : Number.isFinite(field) && kind !== 'text') copy[key] = field;
		else return NOT_PLAIN;
	}
	return copy;
}

/**
 * One user; `field` is where it sits (e.g. "results.3") and `context` what it is,
 * for the error message.
 */
export function parseRandomUser(value: unknown, field?: string, context = CONTEXT): RandomUser {
	const plain = copyPlain(value, userShape);
	if (plain !== NOT_PLAIN) return plain;
	const result = randomUserSchema.safeParse(value);
	if (result.success) return result.data;
	throw validationErrorFrom(result.error, value, {prefix: field === undefined ? [] : field.split('.'), context});
}

/** The `{results, info}` envelope; throws a ValidationError naming e.g. "results.3.name.first". */
export function parseRandomUserResponse(value: unknown): RandomUserResponse {
	const result = randomUserResponseSchema.safeParse(value);
	if (result.success) return result.data;
	throw validationErrorFrom(result.error, value, {context: CONTEXT});
}

/** What was wrong with a body; one word per case so logs and tests can match on it. */
export type EnvelopeProblem = 'not-json' | 'jsonp' | 'truncated-json' | 'server-error' | 'wrong-shape';

/** A body that is not the `{results, info}` envelope. Retrying can help only for a cut-off body. */
export class EnvelopeError extends ValidationError {
	readonly reason: EnvelopeProblem;

	constructor(message: string, options: UserdataErrorOptions & {readonly reason: EnvelopeProblem}) {
		super(message, {...options, field: 'body'});
		this.reason = options.reason;
	}
}

/** The envelope, users unchecked (see parseRandomUser); `info` with only its known, well-typed fields. */
export interface RandomUserEnvelope {
	readonly users: unknown[];
	readonly info: RandomUserInfo | undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// The API answers JSONP (`cb({...})`) when given `callback=`, still labelled application/json.
const jsonpPattern = /^[A-Za-z_$][\w$.]*\s*\(/u;

function notJson(body: string, contentType: string | undefined, cause: unknown): EnvelopeError {
	const text = body.trimStart();
	if (text.length === 0) return new EnvelopeError('Random User API sent an empty body', {reason: 'truncated-json', cause});
	if (jsonpPattern.test(text)) return new EnvelopeError('Random User API sent JSONP instead of JSON', {reason: 'jsonp', cause});
	if (text.startsWith('{') || text.startsWith('[')) {
		return new EnvelopeError('Random User API sent truncated or malformed JSON', {reason: 'truncated-json', cause});
	}
	let kind = contentType?.split(';')[0]?.trim() || 'unknown content type';
	if (/^<!doctype html|^<html/iu.test(text)) kind = 'HTML';
	else if (text.startsWith('<')) kind = 'XML';
	return new EnvelopeError(`Random User API sent a non-JSON body (${kind})`, {reason: 'not-json', cause});
}

function readInfo(info: Record<string, unknown>): RandomUserInfo {
	// Copy only the fields we know, with their types checked, so nothing odd leaks downstream.
	return {
		...(typeof info['seed'] === 'string' ? {seed: info['seed']} : {}),
		...(typeof info['results'] === 'number' ? {results: info['results']} : {}),
		...(typeof info['page'] === 'number' ? {page: info['page']} : {}),
		...(typeof info['version'] === 'string' ? {version: info['version']} : {}),
	};
}

/** The server's own words in a refusal body (`{"error": "Whoa, ease up there cowboy..."}`), if it is one. */
export function refusalOf(value: unknown): string | undefined {
	return isObject(value) && !('results' in value) && typeof value['error'] === 'string' ? value['error'] : undefined;
}

/** The refusal message of a raw body (a 429's), if it is one; undefined for anything else. */
export function refusalInBody(body: string): string | undefined {
	try {
		return refusalOf(JSON.parse(body));
	} catch {
		return undefined;
	}
}

/** Step 1: the envelope of a response body; EnvelopeError says what else it is. */
export function readEnvelope(body: string, contentType?: string): RandomUserEnvelope {
	let parsed: unknown;
	try {
		parsed = JSON.parse(body);
	} catch (error) {
		throw notJson(body, contentType, error);
	}
	const wrongShape = (what: string) => new EnvelopeError(`Random User API answer has the wrong shape: ${what}`, {reason: 'wrong-shape'});
	if (!isObject(parsed)) throw wrongShape('the body is not a JSON object');
	const refusal = refusalOf(parsed);
	// The server reports its own failures as {"error": "..."}; show its words.
	if (refusal !== undefined) throw new EnvelopeError(`Random User API reported an error: ${refusal}`, {reason: 'server-error'});
	const results = parsed['results'];
	if (!Array.isArray(results)) throw wrongShape('"results" is not an array');
	const index = results.findIndex(user => !isObject(user));
	if (index !== -1) throw wrongShape(`results[${index}] is not an object`);
	const info = parsed['info'];
	if (info !== undefined && info !== null && !isObject(info)) throw wrongShape('"info" is not an object');
	return {users: results, info: isObject(info) ? readInfo(info) : undefined};
}
