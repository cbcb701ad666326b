import type {z} from 'zod';
import {ValidationError} from './errors.js';

/**
 * Turns zod issues into one ValidationError whose message starts with the field path
 * ("info.first_name: expected string, got number"): users and logs see the field at fault,
 * not zod's generic "Invalid input".
 */

type Issue = z.ZodError['issues'][number];
export type Path = readonly PropertyKey[];

/** "results.3.name.first"; the empty path is the whole value. */
export function pathText(path: Path): string {
	return path.length === 0 ? '(value)' : path.map(String).join('.');
}

/** A short name for the JSON type of a value, for "expected X, got Y". */
export function typeName(value: unknown): string {
	if (value === null) return 'null';
	if (value === undefined) return 'nothing';
	if (Array.isArray(value)) return 'array';
	return typeof value;
}

function valueAt(input: unknown, path: Path): unknown {
	let current: unknown = input;
	for (const key of path) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<PropertyKey, unknown>)[key];
	}
	return current;
}

export interface IssueWording {
	/** How to name a key the schema does not know (a strict object); default "unknown field". */
	readonly unknownKey?: (parent: Path, key: string) => string;
}

function expectedTypes(issue: Issue): string[] {
	if (issue.code === 'invalid_type') return [issue.expected];
	if (issue.code === 'invalid_union') {
		// Only the branches that failed on the type itself say what was expected here.
		return issue.errors.flatMap(branch => branch.filter(inner => inner.path.length === 0).flatMap(inner => expectedTypes(inner)));
	}
	return [];
}

function describe(issue: Issue, input: unknown, wording: IssueWording): {path: Path; reason: string} {
	const actual = valueAt(input, issue.path);
	switch (issue.code) {
		case 'invalid_type':
		case 'invalid_union': {
			const expected = [...new Set(expectedTypes(issue))].join(' or ') || 'another shape';
			const reason = actual === undefined ? `missing (expected ${expected})` : `expected ${expected}, got ${typeName(actual)}`;
			return {path: issue.path, reason};
		}
		case 'unrecognized_keys': {
			const key = issue.keys[0] ?? '';
			const reason = wording.unknownKey?.(issue.path, key) ?? 'unknown field';
			return {path: [...issue.path, key], reason};
		}
		case 'invalid_value':
			return {path: issue.path, reason: `expected ${issue.values.map(v => JSON.stringify(v)).join(' or ')}, got ${JSON.stringify(actual) ?? 'nothing'}`};
		default:
			return {path: issue.path, reason: issue.message};
	}
}

/**
 * One ValidationError for a failed parse. `prefix` is prepended to every path (the caller knows
 * where the value sits, e.g. ['results', 3]); `context` names the whole value for the message.
 */
export function validationErrorFrom(
	error: z.ZodError,
	input: unknown,
	options: IssueWording & {readonly prefix?: Path; readonly context?: string} = {},
): ValidationError {
	const first = error.issues[0];
	const {path, reason} = first ? describe(first, input, options) : {path: [], reason: 'invalid'};
	const field = pathText([...(options.prefix ?? []), ...path]);
	const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
	const context = options.context ? `${options.context}: ` : '';
	return new ValidationError(`${context}${field}: ${reason}${more}`, {field, cause: error});
}
