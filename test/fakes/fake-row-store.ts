import {AlreadyExistsError, ConflictError, NotFoundError, ValidationError} from '../../source/domain/errors.js';
import {COLUMNS} from '../../source/domain/user-record.js';
import {validateCreate, validateField} from '../../source/domain/validation.js';
import type {CellVersion, Row, RowChange, RowPage, RowQuery, RowStore} from '../../source/services/ports.js';

/**
 * An in-memory `userdata` table with the CRUD service's contract: domain validation, 3 kept
 * versions per cell, ConflictError on a stale ifUnchangedSince, NotFoundError for a missing row.
 * Timestamps come from a counter, so versions are ordered without a clock.
 */
export class FakeRowStore implements RowStore {
	readonly calls: Array<{readonly method: string; readonly args: readonly unknown[]}> = [];
	private readonly table = new Map<string, Map<string, CellVersion[]>>();
	private clock = 1_700_000_000_000;
	private ids = 0;
	/** Make the next call fail with this error. */
	failNext: Error | undefined;

	constructor(rows: ReadonlyArray<{readonly id: string; readonly cells: Readonly<Record<string, string>>}> = []) {
		for (const row of rows) this.put(row.id, row.cells);
	}

	/** Writes cells as someone else would (a new version each), e.g. to cause a conflict. */
	put(id: string, cells: Readonly<Record<string, string>>): void {
		const row = this.table.get(id) ?? new Map<string, CellVersion[]>();
		const timestamp = ++this.clock;
		for (const [column, value] of Object.entries(cells)) {
			row.set(column, [{value, timestamp}, ...(row.get(column) ?? [])].slice(0, 3));
		}
		this.table.set(id, row);
	}

	has(id: string): boolean {
		return this.table.has(id);
	}

	versions(id: string, column: string): readonly CellVersion[] {
		return this.table.get(id)?.get(column) ?? [];
	}

	private record(method: string, ...args: unknown[]): void {
		this.calls.push({method, args});
		const error = this.failNext;
		if (error) {
			this.failNext = undefined;
			throw error;
		}
	}

	private view(id: string, versions = 1): Row {
		const row = this.table.get(id);
		if (!row) throw new NotFoundError(`row ${id} not found in table userdata`);
		// Contract order, as the service returns them.
		const order = (column: string) => (COLUMNS as readonly string[]).indexOf(column) >>> 0;
		const cells = [...row]
			.sort(([a], [b]) => order(a) - order(b))
			.map(([column, kept]) => ({
				column,
				value: kept[0]!.value,
				timestamp: kept[0]!.timestamp,
				...(versions > 1 ? {versions: kept.slice(0, versions)} : {}),
			}));
		return {id, cells, updatedAt: Math.max(0, ...cells.map(cell => cell.timestamp))};
	}

	async scan(query: RowQuery): Promise<RowPage> {
		this.record('scan', query);
		const limit = query.limit ?? 25;
		let keys = [...this.table.keys()].sort();
		// The fake holds text keys only.
		const prefix = query.prefix === undefined ? undefined : String(query.prefix);
		const start = query.start === undefined ? undefined : String(query.start);
		if (prefix) keys = keys.filter(key => key.startsWith(prefix));
		if (start) keys = keys.filter(key => key >= start);
		if (query.where) {
			const match = /^([a-z]+:[a-z_]+)([~=])(.*)$/u.exec(query.where);
			if (!match) throw new ValidationError(`{where} ${query.where}: expected family:qualifier~text`, {field: 'where'});
			const [, column, op, text] = match as unknown as [string, string, string, string];
			keys = keys.filter(key => {
				const value = this.table.get(key)?.get(column)?.[0]?.value;
				if (value === undefined) return false;
				return op === '=' ? value === text : value.toLowerCase().includes(text.toLowerCase());
			});
		}
		const rows = keys.slice(0, limit).map(key => this.view(key));
		const next = keys[limit];
		return next === undefined ? {rows} : {rows, next};
	}

	async get(id: string, options: {readonly versions?: number} = {}): Promise<Row> {
		this.record('get', id, options);
		return this.view(id, options.versions ?? 1);
	}

	async create(fields: Readonly<Record<string, string>>): Promise<Row> {
		this.record('create', fields);
		const values = validateCreate(fields);
		const id = `00000000-0000-4000-8000-${String(++this.ids).padStart(12, '0')}`;
		if (this.table.has(id)) throw new AlreadyExistsError(`row ${id} already exists`);
		this.put(id, values);
		return this.view(id);
	}

	async update(id: string, change: RowChange, options: {readonly ifUnchangedSince?: number} = {}): Promise<Row> {
		this.record('update', id, change, options);
		const current = this.view(id);
		if (options.ifUnchangedSince !== undefined && current.updatedAt > options.ifUnchangedSince) {
			throw new ConflictError(`row ${id} was changed by someone else: cells changed after ${options.ifUnchangedSince}`);
		}
		const set = Object.fromEntries(Object.entries(change.set ?? {}).map(([column, value]) => [column, String(value)]));
		for (const [column, value] of Object.entries(set)) validateField(column, value);
		this.put(id, set);
		for (const column of change.unset ?? []) this.table.get(id)!.delete(column);
		return this.view(id);
	}

	async deleteRow(id: string): Promise<void> {
		this.record('deleteRow', id);
		if (!this.table.delete(id)) throw new NotFoundError(`row ${id} not found in table userdata`);
	}

	async deleteCells(id: string, columns: readonly string[]): Promise<void> {
		this.record('deleteCells', id, columns);
		const row = this.table.get(id);
		if (!row) throw new NotFoundError(`row ${id} not found`);
		for (const column of columns) row.delete(column);
	}
}

/** A user's cells as the pipeline writes them. */
export function userCells(first: string, last: string, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
	return {
		'info:first_name': first,
		'info:last_name': last,
		'contact:email': `${first}.${last}@example.com`.toLowerCase(),
		'info:nat': 'NO',
		...extra,
	};
}
