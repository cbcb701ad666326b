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

/**
 * A row key as the services take it: text (sent as UTF-8, validated as above), or the exact
 * bytes of a key another writer stored that is not such text (not UTF-8, or holding a control
 * character): those can only be sent back as the bytes they are.
 */
export type RowKey = string | Uint8Array;

/** HBase's own limit on a row key (Short.MAX_VALUE bytes). */
export const MAX_ROW_KEY_BYTES = 32_767;

/** Throws a ValidationError unless `key` is a valid text key or 1..32767 bytes; returns it. */
export function validateKey(key: RowKey, field = 'id'): RowKey {
	if (typeof key === 'string') return validateRowKey(key, field);
	if (key.byteLength === 0) throw new ValidationError(`${field}: empty row key`, {field});
	if (key.byteLength > MAX_ROW_KEY_BYTES) throw new ValidationError(`${field}: row key too long (${key.byteLength} bytes > ${MAX_ROW_KEY_BYTES})`, {field});
	return key;
}

/** The bytes HBase holds for `key`. */
export function keyBytes(key: RowKey): Buffer {
	return typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key.buffer, key.byteOffset, key.byteLength);
}

export function sameKey(a: RowKey, b: RowKey): boolean {
	return typeof a === 'string' && typeof b === 'string' ? a === b : keyBytes(a).equals(keyBytes(b));
}

/**
 * What a user types for a key or a key prefix: `hex:00ff1b` or `base64:AP8b` for bytes (how
 * binary keys are shown), anything else as text. So a binary row is found by a hex prefix.
 */
export function parseKeyInput(text: string, field = 'id'): RowKey {
	const match = /^(hex|base64):(.*)$/su.exec(text);
	if (!match) return text;
	const [, format, digits] = match as unknown as [string, 'hex' | 'base64', string];
	const valid = format === 'hex' ? /^(?:[0-9a-fA-F]{2})*$/u.test(digits) : /^[A-Za-z0-9+/]*={0,2}$/u.test(digits) && digits.length % 4 === 0;
	if (!valid) {
		throw new ValidationError(`${field}: ${format}: expected ${format === 'hex' ? 'pairs of hex digits' : 'base64'} after "${format}:"`, {field});
	}
	return Buffer.from(digits, format);
}

/** Bytes from hex digits (the CLI's --key-hex); a ValidationError naming `field` otherwise. */
export function keyFromHex(digits: string, field: string): Uint8Array {
	return parseKeyInput(`hex:${digits.replace(/^0x/u, '')}`, field) as Uint8Array;
}
