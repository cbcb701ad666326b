import {ValidationError} from './errors.js';

/**
 * The HBase row key of a user (also the Kafka message key): the user's login.uuid.
 * Rules: 1..128 characters (code points), no control characters. Control characters are refused
 * because a key is shown in the terminal and typed back on the command line.
 */
export const MAX_ROW_KEY_LENGTH = 128;

// C0 controls, DEL and C1 controls.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

/** The first control character in a string, as "U+001B at 3", or undefined. */
export function findControlCharacter(value: string): string | undefined {
	const match = CONTROL.exec(value);
	if (!match) return undefined;
	const code = match[0].codePointAt(0) ?? 0;
	return `U+${code.toString(16).toUpperCase().padStart(4, '0')} at ${match.index}`;
}

/** Throws a ValidationError naming `field` unless `value` is a valid row key; returns it unchanged. */
export function validateRowKey(value: unknown, field = 'id'): string {
	if (typeof value !== 'string') {
		throw new ValidationError(`${field}: expected a string row key, got ${value === null ? 'null' : typeof value}`, {field});
	}
	// Code points never outnumber UTF-16 units: count them only when the limit could be passed
	// (spreading every key into an array was a measurable share of the producer's work).
	const length = value.length <= MAX_ROW_KEY_LENGTH ? value.length : [...value].length;
	if (length === 0) throw new ValidationError(`${field}: empty row key`, {field});
	if (length > MAX_ROW_KEY_LENGTH) {
		throw new ValidationError(`${field}: row key too long (${length} characters > ${MAX_ROW_KEY_LENGTH})`, {field});
	}
	const control = findControlCharacter(value);
	if (control) throw new ValidationError(`${field}: row key contains a control character (${control})`, {field});
	return value;
}

/**
 * The canonical form of a key taken from the API: trimmed and lowercased, so the same uuid
 * written in another case lands on the same row.
 */
export function canonicalRowKey(value: string, field = 'id'): string {
	return validateRowKey(value.trim().toLowerCase(), field);
}
