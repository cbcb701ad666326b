import {ValidationError} from '../../domain/errors.js';
import {parseColumn} from '../../domain/cells.js';
import {type Column} from '../../domain/user-record.js';
import {REQUIRED_COLUMNS, validateBytesField, validateField} from '../../domain/validation.js';

/** What `update` takes: cells to set (each write a new version) and cells to clear. */
export interface UpdateInput {
	/** Text values; bytes for a value that is not text (a binary value edited as hex or base64). */
	readonly set?: Readonly<Record<string, string | Uint8Array>>;
	readonly unset?: readonly string[];
}

export interface Changes {
	readonly set: ReadonlyArray<readonly [Column, string | Uint8Array]>;
	readonly unset: readonly Column[];
}

const required: ReadonlySet<string> = new Set(REQUIRED_COLUMNS);

/**
 * Columns a user may clear: any but the required ones. A row without first name, last name or
 * email is what `create` refuses, and info:first_name is the cell `create` claims a row with.
 */
export function clearableColumn(column: string, flag = '{unset}'): Column {
	const {family, qualifier} = parseColumn(column);
	const known = `${family}:${qualifier}` as Column;
	if (required.has(known)) {
		throw new ValidationError(`${flag} ${known}: a required column cannot be cleared`, {
			field: known,
			hint: 'Set a new value instead, or delete the whole row',
		});
	}
	return known;
}

/** Validates every change before anything is written; ValidationError names the column. */
export function validateChanges(input: UpdateInput): Changes {
	const set = Object.entries(input.set ?? {}).map(
		([column, value]) => [typeof value === 'string' ? validateField(column, value) : validateBytesField(column, value), value] as const,
	);
	const unset: Column[] = [];
	for (const column of input.unset ?? []) {
		const known = clearableColumn(column);
		if (!unset.includes(known)) unset.push(known);
	}
	if (set.length === 0 && unset.length === 0) {
		throw new ValidationError('nothing to update: give at least one value to {set} or column to {unset}', {field: 'fields'});
	}
	for (const [column] of set) {
		// One mutation cannot both put and delete a cell: HBase applies the delete last and it would hide the put.
		if (unset.includes(column)) throw new ValidationError(`${column}: both set and cleared`, {field: column});
	}
	return {set, unset};
}

/** Versions a read may ask for: 1 up to what the table keeps. */
export function validateVersions(versions: number | undefined, kept: number): number {
	if (versions === undefined) return 1;
	if (!Number.isInteger(versions) || versions < 1 || versions > kept) {
		throw new ValidationError(`{versions}: expected a whole number from 1 to ${kept} (got ${versions})`, {field: 'versions'});
	}
	return versions;
}

/** A cell timestamp (ms since the epoch), for an unchanged-since check and restore. */
export function validateTimestamp(timestamp: number, field: string): number {
	if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
		throw new ValidationError(`${field}: expected a cell timestamp in milliseconds (got ${timestamp})`, {field});
	}
	return timestamp;
}
