import {describe, expect, it} from 'vitest';
import {ValidationError} from '../../source/domain/errors.js';
import {
	EnvelopeError,
	type RandomUser,
	type RandomUserInfo,
	parseRandomUser,
	parseRandomUserResponse,
	randomUserSchema,
	readEnvelope,
	refusalInBody,
	refusalOf,
} from '../../source/domain/randomuser.js';
import {VERSIONS, allJsonFiles, natFiles, sampleFiles, sampleJson, sampleText, NULL_ID_VALUE_NATS} from './samples.js';

/** A recorded body through both steps, as the producer takes it: the envelope, then each user. */
function users(file: string): {results: RandomUser[]; info: RandomUserInfo | undefined} {
	const envelope = readEnvelope(sampleText(file), 'application/json');
	return {results: envelope.users.map((user, index) => parseRandomUser(user, `results.${index}`)), info: envelope.info};
}

function envelopeError(body: string, contentType?: string): EnvelopeError {
	try {
		readEnvelope(body, contentType);
	} catch (error) {
		if (error instanceof EnvelopeError) return error;
		throw error;
	}
	throw new Error('expected an EnvelopeError');
}

function catchError(fn: () => unknown): ValidationError {
	try {
		fn();
	} catch (error) {
		if (error instanceof ValidationError) return error;
		throw error;
	}
	throw new Error('expected a ValidationError');
}

describe('readEnvelope and parseRandomUser over every recorded .json response', () => {
	it.each(allJsonFiles())('%s', file => {
		const response = users(file);
		const raw = sampleJson(file) as {results: unknown[]; info?: {results: number}};
		expect(response.results).toHaveLength(raw.results.length);
		if (raw.info) expect(response.info?.results).toBe(raw.info.results);
		else expect(response.info).toBeUndefined();
	});
});

describe('bad_results_*: any invalid results still answers users', () => {
	it.each(sampleFiles('v1.4', /^bad_results_/))('%s', file => {
		const expected = file.includes('1e1') ? 10 : 1;
		expect(users(file).results).toHaveLength(expected);
	});
});

describe('bodies that are not JSON', () => {
	const files = [
		...VERSIONS.flatMap(version => sampleFiles(version, /^bad_format_(csv|xml|yaml)/)),
		...sampleFiles('v1.4', /^bad_version_/),
		'v1.4/opt_callback_jsonp_2.txt',
	];
	it.each(files)('%s is an EnvelopeError saying what it is instead', file => {
		const error = envelopeError(sampleText(file));
		expect(error).toBeInstanceOf(ValidationError);
		expect(error.message).toMatch(/^Random User API sent (a non-JSON body|JSONP instead of JSON)/);
		expect(error.reason).toBe(file.includes('jsonp') ? 'jsonp' : 'not-json');
		expect(error.field).toBe('body');
		expect(error.retriable).toBe(false);
	});

	it('names JSONP for callback=, and a cut-off body as retriable', () => {
		expect(envelopeError(sampleText('v1.4/opt_callback_jsonp_2.txt')).message).toBe('Random User API sent JSONP instead of JSON');
		const cut = envelopeError(sampleText('v1.4/results_0001_seed-alpha.json').slice(0, 50));
		expect(cut.reason).toBe('truncated-json');
	});

	it('tells HTML and XML apart, and the wrong shapes', () => {
		expect(envelopeError('<!DOCTYPE html><p>x').message).toBe('Random User API sent a non-JSON body (HTML)');
		expect(envelopeError('<?xml version="1.0"?><user/>').message).toBe('Random User API sent a non-JSON body (XML)');
		expect(envelopeError('a,b\n1,2', 'text/csv').message).toBe('Random User API sent a non-JSON body (text/csv)');
		expect(envelopeError('[1]').message).toMatch(/the body is not a JSON object/);
		expect(envelopeError('{"results": {}}').message).toMatch(/"results" is not an array/);
		expect(envelopeError('{"results": [{}, 3]}').message).toMatch(/results\[1\] is not an object/);
		expect(envelopeError('{"results": [], "info": 3}').message).toMatch(/"info" is not an object/);
	});
});

describe('error bodies', () => {
	it("the 429 rate limit body is the server's refusal, in its words", () => {
		const body = sampleText('v1.4/bad_rate_limit_429.txt');
		expect(refusalInBody(body)).toMatch(/^Whoa, ease up there cowboy/);
		const error = envelopeError(body);
		expect(error.reason).toBe('server-error');
		expect(error.message).toMatch(/^Random User API reported an error: Whoa, ease up there cowboy/);
	});

	it('a users body is no refusal, even with an error key', () => {
		expect(refusalOf(sampleJson('v1.4/results_0001_seed-alpha.json'))).toBeUndefined();
		expect(refusalOf({error: 'x'})).toBe('x');
		expect(refusalOf({results: [], error: 'x'})).toBeUndefined();
		expect(readEnvelope('{"results": [], "error": "x"}').users).toEqual([]);
		expect(refusalInBody('not json')).toBeUndefined();
	});
});

describe('field types that vary by nationality', () => {
	it.each(VERSIONS)('%s: CA, GB, NO postcodes are strings, AU numbers', version => {
		for (const [file, nat] of natFiles(version)) {
			const postcodes = users(file).results.map(user => user.location?.postcode);
			const expected = ['CA', 'GB', 'NO'].includes(nat) || (version === 'v1.3' && nat === 'NL') ? 'string' : 'number';
			expect(
				postcodes.map(postcode => typeof postcode),
				`${file}`,
			).toEqual(postcodes.map(() => expected));
		}
	});

	it.each(NULL_ID_VALUE_NATS)('%s %s: id.value is null', (version, nat) => {
		for (const user of users(`${version}/nat_${nat}_20_seed-nat${nat}.json`).results) expect(user.id?.value).toBeNull();
	});

	it('LEGO users have no country', () => {
		const results = users('v1.4/nat_LEGO_20_seed-natLEGO.json').results;
		expect(results).toHaveLength(20);
		for (const user of results) expect(user.location?.country).toBeUndefined();
	});

	it('IR names are kept in Perso-Arabic script, byte for byte', () => {
		const raw = sampleJson('v1.4/nat_IR_20_seed-natIR.json') as {results: Array<{name: {first: string}}>};
		const parsed = users('v1.4/nat_IR_20_seed-natIR.json').results;
		expect(parsed.map(user => user.name?.first)).toEqual(raw.results.map(user => user.name.first));
		expect(parsed[0]?.name?.first).toMatch(/^[\u0600-\u06FF\u200C ]+$/u);
	});

	it('users with every section left out (inc=foo, exc=all) parse as empty users', () => {
		expect(users('v1.4/opt_inc_unknownfield_2.json').results).toEqual([{}, {}]);
		expect(users('v1.4/opt_exc_all_fields_2.json').results).toEqual([{}, {}]);
	});

	it('noinfo responses have no info', () => {
		expect(users('v1.4/opt_noinfo_5.json').info).toBeUndefined();
	});
});

describe('credentials are dropped while parsing', () => {
	it('login keeps uuid and username only', () => {
		const [user] = users('v1.4/results_0001_seed-alpha.json').results;
		expect(user?.login).toEqual({uuid: '213fc6a6-7f17-4bba-b2f7-22cfd225c0ca', username: 'whitekoala215'});
	});
});

describe('malformed payloads name the field', () => {
	const alpha = () => structuredClone(sampleJson('v1.4/results_0001_seed-alpha.json')) as {results: Array<Record<string, any>>};
	const cases: Array<[string, () => unknown, string, RegExp]> = [
		['results missing', () => ({info: {}}), 'results', /results: missing \(expected array\)/],
		['results not an array', () => ({results: {}}), 'results', /results: expected array, got object/],
		['a user is null', () => ({results: [null]}), 'results.0', /results\.0: expected object, got null/],
		['a user is a string', () => ({results: ['x']}), 'results.0', /expected object, got string/],
		[
			'first name is a number',
			() => {
				const body = alpha();
				body.results[0]!['name'].first = 42;
				return body;
			},
			'results.0.name.first',
			/results\.0\.name\.first: expected string, got number/,
		],
		[
			'postcode is a boolean',
			() => {
				const body = alpha();
				body.results[0]!['location'].postcode = true;
				return body;
			},
			'results.0.location.postcode',
			/postcode: expected string or number, got boolean/,
		],
		[
			'dob.age is a string',
			() => {
				const body = alpha();
				body.results[0]!['dob'].age = '74';
				return body;
			},
			'results.0.dob.age',
			/dob\.age: expected number, got string/,
		],
		['info.page is a string', () => ({results: [], info: {page: 'x'}}), 'info.page', /info\.page: expected number, got string/],
	];

	it.each(cases)('%s', (_name, body, field, message) => {
		const error = catchError(() => parseRandomUserResponse(body()));
		expect(error.field).toBe(field);
		expect(error.message).toMatch(message);
		expect(error.retriable).toBe(false);
	});

	it('parseRandomUser prefixes the field it was given', () => {
		const error = catchError(() => parseRandomUser({email: 5}, 'results.7'));
		expect(error.field).toBe('results.7.email');
	});

	it('reports how many more problems there are', () => {
		const error = catchError(() => parseRandomUser({email: 5, phone: 6, cell: 7}));
		expect(error.message).toMatch(/^Random User API response: email: expected string, got number \(and 2 more\)$/);
	});
});

describe('parseRandomUser: the plain-user fast path agrees with the schema', () => {
	it.each(allJsonFiles())('%s: every user parses exactly as zod parses it', file => {
		const raw = sampleJson(file) as {results?: unknown[]};
		// Every recording has users, and zod accepts every recorded user: a user it refused would
		// otherwise be skipped here, and the comparison would check nothing.
		expect(raw.results?.length).toBeGreaterThan(0);
		for (const user of raw.results ?? []) {
			const schema = randomUserSchema.safeParse(user);
			expect(schema.success).toBe(true);
			expect(parseRandomUser(user)).toStrictEqual(schema.data);
		}
	});

	/** Every path to a leaf of a real user (login.password included: it must still be dropped). */
	function leafPaths(value: unknown, prefix: string[] = []): string[][] {
		if (typeof value !== 'object' || value === null) return [prefix];
		return Object.entries(value).flatMap(([key, child]) => leafPaths(child, [...prefix, key]));
	}

	const user = () => structuredClone((sampleJson('v1.4/results_0001_seed-alpha.json') as {results: Array<Record<string, unknown>>}).results[0]!);
	const declared = leafPaths(user()).filter(path => !['password', 'salt', 'md5', 'sha1', 'sha256'].includes(path.at(-1)!));

	it.each(declared.map(path => [path.join('.')]))('%s of a wrong type is refused and named', dotted => {
		const path = dotted.split('.');
		for (const wrong of [true, {}, [], Number.NaN]) {
			const body = user();
			let at: Record<string, unknown> = body;
			for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
			at[path.at(-1)!] = wrong;
			const error = catchError(() => parseRandomUser(body, 'results.0'));
			expect(error.field).toBe(`results.0.${dotted}`);
		}
	});

	it('keeps null as null, leaves absent fields absent and never copies credentials', () => {
		const body = user();
		(body['id'] as Record<string, unknown>)['value'] = null;
		delete body['cell'];
		const parsed = parseRandomUser(body) as Record<string, any>;
		expect(parsed['id']).toEqual({name: expect.any(String), value: null});
		expect('cell' in parsed).toBe(false);
		expect(Object.keys(parsed['login'])).toEqual(['uuid', 'username']);
	});
});
