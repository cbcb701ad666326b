import {BadResponseError, snippet} from './errors.js';

/**
 * The minimal check of a Random User API answer: `results` is an array of objects and `info`,
 * when present, is an object. Each user's fields are left as `unknown` on purpose: their types
 * vary by nationality and are the domain schema's job, not the transport's.
 */
export interface RandomUserInfo {
	readonly seed?: string;
	readonly results?: number;
	readonly page?: number;
	readonly version?: string;
}

export interface RandomUserEnvelope {
	readonly users: unknown[];
	readonly info: RandomUserInfo | undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// The API answers JSONP (`cb({...})`) when given `callback=`, still labelled application/json.
const jsonpPattern = /^[\w$.]+\s*\(/;

function notJson(body: string, contentType: string | undefined, cause: unknown): BadResponseError {
	const text = body.trimStart();
	const options = {contentType, bodySnippet: snippet(body), cause};
	if (text.length === 0) {
		return new BadResponseError('Random User API sent an empty body', {...options, reason: 'truncated-json'});
	}
	if (jsonpPattern.test(text)) {
		return new BadResponseError('Random User API sent JSONP instead of JSON', {...options, reason: 'jsonp'});
	}
	if (text.startsWith('{') || text.startsWith('[')) {
		return new BadResponseError('Random User API sent truncated or malformed JSON', {...options, reason: 'truncated-json'});
	}
	let kind = contentType?.split(';')[0]?.trim() || 'unknown content type';
	if (/^<!doctype html|^<html/i.test(text)) kind = 'HTML';
	else if (text.startsWith('<?xml') || text.startsWith('<')) kind = 'XML';
	return new BadResponseError(`Random User API sent a non-JSON body (${kind})`, {...options, reason: 'not-json'});
}

function readInfo(value: unknown): RandomUserInfo {
	const info = value as Record<string, unknown>;
	// Copy only the fields we know, with their types checked, so nothing odd leaks downstream.
	return {
		...(typeof info['seed'] === 'string' ? {seed: info['seed']} : {}),
		...(typeof info['results'] === 'number' ? {results: info['results']} : {}),
		...(typeof info['page'] === 'number' ? {page: info['page']} : {}),
		...(typeof info['version'] === 'string' ? {version: info['version']} : {}),
	};
}

export function parseEnvelope(body: string, contentType: string | undefined): RandomUserEnvelope {
	let parsed: unknown;
	try {
		parsed = JSON.parse(body);
	} catch (error) {
		throw notJson(body, contentType, error);
	}
	const wrongShape = (what: string) =>
		new BadResponseError(`Random User API answer has the wrong shape: ${what}`, {
			reason: 'wrong-shape',
			contentType,
			bodySnippet: snippet(body),
		});
	if (!isObject(parsed)) throw wrongShape('the body is not a JSON object');
	if (!('results' in parsed) && typeof parsed['error'] === 'string') {
		// The server reports its own failures as {"error": "..."}; show its words.
		throw new BadResponseError(`Random User API reported an error: ${parsed['error']}`, {
			reason: 'server-error',
			contentType,
			bodySnippet: snippet(body),
		});
	}
	const results = parsed['results'];
	if (!Array.isArray(results)) throw wrongShape('"results" is not an array');
	const index = results.findIndex(user => !isObject(user));
	if (index !== -1) throw wrongShape(`results[${index}] is not an object`);
	const info = parsed['info'];
	if (info !== undefined && !isObject(info)) throw wrongShape('"info" is not an object');
	return {users: results, info: info === undefined ? undefined : readInfo(info)};
}
