import {ValidationError} from '../domain/errors.js';
import {COLUMNS, isKnownColumn} from '../domain/user-record.js';
import {REQUIRED_COLUMNS, validateBytesField, validateField} from '../domain/validation.js';
import {type BinaryFormat, binaryText, storedText} from '../domain/display.js';
import {parseKeyInput} from '../domain/row-key.js';
import type {Row, RowChange} from '../services/ports.js';
import {recordToCells} from '../domain/cells.js';
import type {UserRecord} from '../domain/user-record.js';

/**
 * The create/edit form as plain data and pure functions (no React): which fields, their
 * errors, and what a save sends. Errors come from the domain's validation, so the form says
 * exactly what `create` and `update` would refuse, next to the field at fault.
 */

export type FormMode = 'create' | 'edit';

export interface FormField {
	readonly column: string;
	readonly value: string;
	/** Value when the form was filled ('' for none). */
	readonly original: string;
	readonly required: boolean;
	/** Columns outside the contract: shown, not editable (the service refuses them). */
	readonly readOnly: boolean;
	/**
	 * The stored value is bytes that are not text: the field holds them as `hex:…` and a changed
	 * value is read back as bytes (`hex:…` or `base64:…`) or, without the prefix, as text.
	 */
	readonly binary?: boolean;
	readonly error?: string;
}

const required: ReadonlySet<string> = new Set(REQUIRED_COLUMNS);

function field(column: string, value: string): FormField {
	return {column, value, original: value, required: required.has(column), readOnly: !isKnownColumn(column)};
}

/** Form order: the required columns first, then the others in contract order. */
const formColumns: readonly string[] = [...REQUIRED_COLUMNS, ...COLUMNS.filter(column => !required.has(column))];

/** A blank new user. */
export function createFields(): FormField[] {
	return formColumns.map(column => field(column, ''));
}

/** Every contract column of the row (empty when it has no cell), then any other cells. */
export function editFields(row: Row, format: BinaryFormat = 'hex'): FormField[] {
	const cells = new Map(row.cells.map(cell => [cell.column, cell]));
	const of = (column: string): FormField => {
		const cell = cells.get(column);
		return cell?.bytes ? {...field(column, binaryText(cell.bytes, format)), binary: true} : field(column, cell?.value ?? '');
	};
	const fields = formColumns.map(of);
	for (const cell of row.cells) if (!isKnownColumn(cell.column)) fields.push(of(cell.column));
	return fields;
}

/** What a field's value means: text, or for a binary field typed as `hex:…`/`base64:…`, bytes. */
export function storedInput(item: FormField): string | Uint8Array {
	return item.binary ? parseKeyInput(item.value, item.column) : item.value;
}

/** The fields of a user record (a dead letter's, to fix before it is replayed): text cells only. */
export function recordFields(record: UserRecord): FormField[] {
	const values = new Map<string, string>(recordToCells(record).map(cell => [cell.column, cell.value]));
	return formColumns.map(column => field(column, values.get(column) ?? ''));
}

/** The user record the fields make, under `id`: non-empty known fields only. */
export function recordOf(id: string, fields: readonly FormField[]): UserRecord {
	const families: Record<'info' | 'contact' | 'address', Record<string, string>> = {info: {}, contact: {}, address: {}};
	for (const item of fields) {
		if (item.readOnly || item.value === '') continue;
		const [family, qualifier] = item.column.split(':') as ['info' | 'contact' | 'address', string];
		families[family][qualifier] = item.value;
	}
	return {id, ...families};
}

/** A ValidationError's message without the leading "column: " (the form shows the column). */
export function errorText(error: unknown, column: string): string {
	const message = error instanceof Error ? error.message : String(error);
	return message.startsWith(`${column}: `) ? message.slice(column.length + 2) : message;
}

/** What is wrong with one field's value in this mode, or undefined. */
export function fieldError(mode: FormMode, item: FormField): string | undefined {
	if (item.readOnly) return undefined;
	if (mode === 'edit' && item.value === item.original) return undefined;
	if (item.value === '') {
		if (mode === 'create') return item.required ? 'required for a new user' : undefined;
		return item.required ? 'required: it cannot be cleared (delete the row instead)' : undefined;
	}
	try {
		const value = storedInput(item);
		if (typeof value === 'string') validateField(item.column, value);
		else validateBytesField(item.column, value);
		return undefined;
	} catch (error) {
		if (error instanceof ValidationError) return errorText(error, item.column);
		throw error;
	}
}

export function withValue(fields: readonly FormField[], index: number, value: string, mode: FormMode): FormField[] {
	return fields.map((item, i) => {
		if (i !== index) return item;
		const next = {...item, value};
		return {...next, error: fieldError(mode, next)};
	});
}

/** Every field checked; the first with an error is where the cursor goes. */
export function checkFields(fields: readonly FormField[], mode: FormMode): {fields: FormField[]; firstError: number} {
	const checked = fields.map(item => ({...item, error: fieldError(mode, item)}));
	return {fields: checked, firstError: checked.findIndex(item => item.error !== undefined)};
}

/** Fields for `create`: the non-empty ones. */
export function createValues(fields: readonly FormField[]): Record<string, string> {
	const values: Record<string, string> = {};
	for (const item of fields) if (item.value !== '' && !item.readOnly) values[item.column] = item.value;
	return values;
}

/** What `update` gets: changed cells set, emptied cells cleared. */
export function changesOf(fields: readonly FormField[]): RowChange & {readonly count: number} {
	const set: Record<string, string | Uint8Array> = {};
	const unset: string[] = [];
	for (const item of fields) {
		if (item.readOnly || item.value === item.original) continue;
		if (item.value === '') unset.push(item.column);
		else set[item.column] = storedInput(item);
	}
	return {set, unset, count: Object.keys(set).length + unset.length};
}

/** Puts a service's ValidationError next to its field; -1 when it names no field of the form. */
export function withServerError(fields: readonly FormField[], error: ValidationError): {fields: FormField[]; index: number} {
	const index = fields.findIndex(item => item.column === error.field);
	if (index < 0) return {fields: [...fields], index};
	return {fields: fields.map((item, i) => (i === index ? {...item, error: errorText(error, item.column)} : item)), index};
}

/** "Ava Smith", from a row's name cells. */
export function displayName(row: Row, format: BinaryFormat = 'hex'): string {
	const value = (column: string) => {
		const cell = row.cells.find(item => item.column === column);
		return cell ? storedText(cell.value, cell.bytes, format) : '';
	};
	return `${value('info:first_name')} ${value('info:last_name')}`.trim();
}
