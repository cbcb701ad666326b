import {z} from 'zod';
import {ValidationError} from './errors.js';
import {validationErrorFrom} from './zod-issues.js';

/**
 * The Random User API payload as the real server sends it (API 1.4 and 1.3).
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

/** The body of a refusal, e.g. the 429 rate limit: {"error": "Whoa, ease up there cowboy..."}. */
export const randomUserErrorBodySchema = z.object({error: z.string()});

export type RandomUser = z.infer<typeof randomUserSchema>;
export type RandomUserInfo = z.infer<typeof randomUserInfoSchema>;
export type RandomUserResponse = z.infer<typeof randomUserResponseSchema>;

/** A response body is either users or a refusal; the caller decides what a refusal means. */
export type RandomUserPayload =
	| {readonly kind: 'users'; readonly response: RandomUserResponse}
	| {readonly kind: 'error'; readonly error: string};

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
	if (plain !== NOT_PLAIN) return plain as RandomUser;
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

/** The message of an `{error}` body, or undefined if the value is not one. */
export function parseRandomUserErrorBody(value: unknown): string | undefined {
	const result = randomUserErrorBodySchema.safeParse(value);
	return result.success ? result.data.error : undefined;
}

/** Parsed JSON of a response body: users, or the server's refusal. */
export function parseRandomUserPayload(value: unknown): RandomUserPayload {
	const error = parseRandomUserErrorBody(value);
	if (error !== undefined && !(value !== null && typeof value === 'object' && 'results' in value)) {
		return {kind: 'error', error};
	}
	return {kind: 'users', response: parseRandomUserResponse(value)};
}

/**
 * The raw text of a response body. The server answers non-JSON for unknown versions ("Not Found"),
 * format=xml|csv|yaml and callback= (JSONP): each is a ValidationError that quotes the start.
 */
export function parseRandomUserJson(body: string): RandomUserPayload {
	let value: unknown;
	try {
		value = JSON.parse(body);
	} catch (error) {
		const start = JSON.stringify(body.trimStart().slice(0, 40));
		const jsonp = /^\s*[A-Za-z_$][\w$.]*\(/u.test(body) ? ', looks like JSONP (callback=)' : '';
		throw new ValidationError(`${CONTEXT}: body is not JSON${jsonp} (starts with ${start})`, {field: 'body', cause: error});
	}
	return parseRandomUserPayload(value);
}
