import {ValidationError} from './errors.js';
import {parseColumn} from './cells.js';
import {parseRandomUser} from './randomuser.js';
import {findControlCharacter} from './row-key.js';
import {userColumns, userRowKey} from './transform.js';
import type {Column, ColumnValues} from './user-record.js';

/**
 * Checks for rows people create or change by hand (CRUD `create` / `update`, `--set`).
 * Stricter than what the producer writes: a person can fix their input, an API response cannot be.
 */

/** Longest value a person may set, in characters; API values stay far below. */
export const MAX_CRUD_VALUE_LENGTH = 4096;

/** A new row must have these: a user without a name or an email is not worth a row. */
export const REQUIRED_COLUMNS = ['info:first_name', 'info:last_name', 'contact:email'] as const satisfies readonly Column[];

// Deliberately loose (one @, a dot in the domain, no spaces): the API's own addresses contain - and '.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/u;

export function isEmailShaped(value: string): boolean {
	return EMAIL_SHAPE.test(value);
}

/** Checks one column=value pair; returns the typed column. ValidationError names the column. */
export function validateField(column: string, value: string): Column {
	const {family, qualifier} = parseColumn(column);
	const known = `${family}:${qualifier}` as Column;
	if (value === '') {
		throw new ValidationError(`${known}: empty value`, {
			field: known,
			hint: 'To remove a value, clear the cell instead of setting it to empty',
		});
	}
	const length = [...value].length;
	if (length > MAX_CRUD_VALUE_LENGTH) {
		throw new ValidationError(`${known}: value too long (${length} characters > ${MAX_CRUD_VALUE_LENGTH})`, {field: known});
	}
	// Values are drawn in the terminal: an escape sequence in a cell would rewrite the screen.
	const control = findControlCharacter(value);
	if (control) throw new ValidationError(`${known}: value contains a control character (${control})`, {field: known});
	if (known === 'contact:email' && !isEmailShaped(value)) {
		throw new ValidationError(`${known}: not an email address (${JSON.stringify(value)})`, {field: known});
	}
	return known;
}

/**
 * Checks a column set to bytes that are not text (a binary value another writer stored, edited
 * as hex or base64): a known column and a length limit; no text rules apply to bytes.
 */
export function validateBytesField(column: string, value: Uint8Array): Column {
	const {family, qualifier} = parseColumn(column);
	const known = `${family}:${qualifier}` as Column;
	if (value.byteLength === 0) throw new ValidationError(`${known}: empty value`, {field: known});
	if (value.byteLength > MAX_CRUD_VALUE_LENGTH) {
		throw new ValidationError(`${known}: value too long (${value.byteLength} bytes > ${MAX_CRUD_VALUE_LENGTH})`, {field: known});
	}
	return known;
}

function validateAll(fields: Readonly<Record<string, string>>): ColumnValues {
	const values: Partial<Record<Column, string>> = {};
	for (const [column, value] of Object.entries(fields)) values[validateField(column, value)] = value;
	return values;
}

/** Fields for a new row: every value valid, and first name, last name and email present. */
export function validateCreate(fields: Readonly<Record<string, string>>): ColumnValues {
	const values = validateAll(fields);
	for (const column of REQUIRED_COLUMNS) {
		if (values[column] === undefined) throw new ValidationError(`${column}: required for a new user`, {field: column});
	}
	return values;
}

/** Fields to change on an existing row: at least one, every value valid. */
export function validateUpdate(fields: Readonly<Record<string, string>>): ColumnValues {
	if (Object.keys(fields).length === 0) throw new ValidationError('fields: nothing to update', {field: 'fields'});
	return validateAll(fields);
}

export interface SetArg {
	readonly column: Column;
	readonly value: string;
}

/** `--set info:first_name=Ava` -> {column: 'info:first_name', value: 'Ava'}; the value may contain '='. */
export function parseSetArg(arg: string): SetArg {
	const equals = arg.indexOf('=');
	if (equals < 0) {
		throw new ValidationError(`--set ${JSON.stringify(arg)}: missing '=' (expected family:qualifier=value)`, {
			field: '--set',
			hint: 'Write it as family:qualifier=value, for example info:first_name=Ava',
		});
	}
	const column = arg.slice(0, equals);
	const value = arg.slice(equals + 1);
	return {column: validateField(column, value), value};
}

/** Several --set arguments as fields; the same column twice is an error, not a silent overwrite. */
export function fieldsFromSetArgs(args: readonly string[]): Record<string, string> {
	const fields: Record<string, string> = {};
	for (const arg of args) {
		const {column, value} = parseSetArg(arg);
		if (column in fields) throw new ValidationError(`${column}: set twice`, {field: column});
		fields[column] = value;
	}
	return fields;
}

export interface RandomUserFields {
	/** login.uuid in canonical form, when the JSON has one. */
	readonly rowKey: string | undefined;
	readonly fields: Record<string, string>;
}

/**
 * A randomuser-shaped JSON (one user, or a response with exactly one result) as CRUD fields.
 * Empty strings are left out: for a row made by hand, an empty value and no value are the same,
 * and --set refuses empty values. The result still goes through validateCreate.
 */
export function fieldsFromRandomUserJson(value: unknown): RandomUserFields {
	let user: unknown = value;
	let field: string | undefined;
	if (value !== null && typeof value === 'object' && 'results' in value) {
		const results = value.results;
		if (!Array.isArray(results) || results.length !== 1) {
			const got = Array.isArray(results) ? `${results.length} users` : typeof results;
			throw new ValidationError(`results: expected exactly 1 user, got ${got}`, {field: 'results'});
		}
		user = results[0];
		field = 'results.0';
	}
	const parsed = parseRandomUser(user, field, 'randomuser JSON');
	const fields: Record<string, string> = {};
	for (const [column, text] of Object.entries(userColumns(parsed))) {
		if (text !== '') fields[column] = text;
	}
	return {rowKey: userRowKey(parsed), fields};
}
