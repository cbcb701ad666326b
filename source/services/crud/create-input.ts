import {ValidationError} from '../../domain/errors.js';
import {fieldsFromRandomUserJson} from '../../domain/validation.js';

/**
 * What `create` takes: fields by column, and the row key when the input carries one (a
 * randomuser JSON's login.uuid, the same key the pipeline would use). Without one, the service
 * generates a UUID v4.
 */
export interface CreateInput {
	readonly fields: Readonly<Record<string, string>>;
	readonly id?: string;
}

/** JSON text from a file, or a ValidationError naming the source and where the JSON breaks. */
export function parseJsonText(text: string, source: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		throw new ValidationError(`${source}: not JSON (${reason})`, {
			field: source,
			hint: 'Give a randomuser-shaped user ({"name": {...}, "email": ...}, or a response with one result) or a flat map {"info:first_name": "Ava", ...}',
		});
	}
}

/**
 * Either a flat map ({"info:first_name": "Ava", ...}: any key with a ':') or a randomuser-shaped
 * user (one user, or a response holding exactly one). Numbers in a flat map become decimal
 * strings, as the pipeline writes them; anything else that is not a string is refused.
 * Values are validated later, by the service (validateCreate).
 */
export function createInputFromJson(value: unknown): CreateInput {
	if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).some(key => key.includes(':'))) {
		const fields: Record<string, string> = {};
		for (const [column, raw] of Object.entries(value)) {
			if (typeof raw === 'string') fields[column] = raw;
			else if (typeof raw === 'number' && Number.isFinite(raw)) fields[column] = String(raw);
			else throw new ValidationError(`${column}: expected a string value, got ${raw === null ? 'null' : typeof raw}`, {field: column});
		}
		return {fields};
	}
	const {rowKey, fields} = fieldsFromRandomUserJson(value);
	return rowKey === undefined ? {fields} : {fields, id: rowKey};
}
