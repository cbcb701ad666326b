import {parseColumn} from './cells.js';
import {ValidationError} from './errors.js';
import {validateRowKey} from './row-key.js';
import {type TransferRow} from './transfer-format.js';
import {validateCreate, validateField} from './validation.js';

/**
 * What `import` writes for one line, checked as `create` checks a new row (pure).
 *
 * The same rules as create: a valid row key; only the table's columns; every value valid
 * (length, no control characters, an email that looks like one); and the row as it stands (the
 * newest version of each cell) holds first name, last name and email. One difference, so an
 * export of what the pipeline wrote imports back exactly: an empty value is accepted, because
 * the pipeline itself writes one where the API sent "" (create refuses it: a person would rather
 * clear the cell).
 */

export interface ImportCell {
	readonly column: string;
	readonly value: string;
}

/** The cells of one row at one version; no timestamp: HBase stamps them (a CSV line). */
export interface ImportVersion {
	readonly timestamp?: number;
	readonly cells: readonly ImportCell[];
}

export interface ImportRow {
	readonly row: string;
	/** One per distinct timestamp, newest first. */
	readonly versions: readonly ImportVersion[];
	/** Cell versions in the row. */
	readonly cellCount: number;
}

function checkValue(column: string, value: string): void {
	if (value === '') parseColumn(column);
	else validateField(column, value);
}

/** The newest values must make a row `create` would accept. */
function checkNewest(newest: Readonly<Record<string, string>>): void {
	const nonEmpty = Object.fromEntries(Object.entries(newest).filter(([, value]) => value !== ''));
	validateCreate(nonEmpty);
}

/** An NDJSON line's row (every version kept, grouped by timestamp). ValidationError says what is wrong. */
export function checkNdjsonRow(input: TransferRow): ImportRow {
	const row = validateRowKey(input.row, 'row');
	if (input.cells.size === 0) throw new ValidationError('no cells', {field: 'cells'});
	const byTimestamp = new Map<number, ImportCell[]>();
	const newest: Record<string, string> = {};
	let cellCount = 0;
	for (const [column, versions] of input.cells) {
		for (const version of versions) {
			checkValue(column, version.value);
			const cells = byTimestamp.get(version.timestamp);
			if (cells) cells.push({column, value: version.value});
			else byTimestamp.set(version.timestamp, [{column, value: version.value}]);
			cellCount++;
		}
		newest[column] = versions[0]!.value;
	}
	checkNewest(newest);
	const versions = [...byTimestamp].sort(([a], [b]) => b - a).map(([timestamp, cells]) => ({timestamp, cells}));
	return {row, versions, cellCount};
}

/** A CSV line: `row` then one field per header column; an empty field is no cell. */
export function checkCsvRow(fields: readonly string[], columns: readonly string[]): ImportRow {
	if (fields.length !== columns.length + 1) {
		throw new ValidationError(`expected ${columns.length + 1} fields as in the header, got ${fields.length}`, {field: 'line'});
	}
	const row = validateRowKey(fields[0], 'row');
	const values: Record<string, string> = {};
	columns.forEach((column, index) => {
		const value = fields[index + 1]!;
		if (value !== '') values[column] = value;
	});
	const valid = validateCreate(values);
	const cells = Object.entries(valid).map(([column, value]) => ({column, value: value}));
	return {row, versions: [{cells}], cellCount: cells.length};
}
