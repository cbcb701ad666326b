import {CrudService} from '../../services/crud/crud-service.js';
import type {RowView} from '../../services/crud/row-view.js';
import type {ThriftConnection} from '../../services/hbase/thrift-connection.js';
import type {Services} from '../../services/create-services.js';
import type {Row, RowStore} from '../../services/ports.js';

/** A row as the port has it (the service's RowView has the same shape; copied so the port owns it). */
function toRow(view: RowView): Row {
	return {
		id: view.id,
		updatedAt: view.updatedAt,
		cells: view.cells.map(cell => ({
			column: cell.column,
			value: cell.value,
			timestamp: cell.timestamp,
			...(cell.versions ? {versions: cell.versions.map(v => ({value: v.value, timestamp: v.timestamp}))} : {}),
		})),
	};
}

/**
 * The console's RowStore over CrudService, on one Thrift connection of its own (the sink's
 * pool is busy with batches). The connection reconnects by itself after HBase comes back;
 * rebuild() swaps it when the settings change.
 */
export class CrudRowStore implements RowStore {
	private connection: ThriftConnection;
	private crud: CrudService;

	constructor(services: Services) {
		this.connection = services.thriftConnection({callTimeoutMs: 15_000});
		this.crud = new CrudService(services.hbase(this.connection), services.settings.table);
	}

	async rebuild(services: Services): Promise<void> {
		const old = this.connection;
		this.connection = services.thriftConnection({callTimeoutMs: 15_000});
		this.crud = new CrudService(services.hbase(this.connection), services.settings.table);
		await old.close().catch(() => {});
	}

	async close(): Promise<void> {
		await this.connection.close().catch(() => {});
	}

	async scan(query: Parameters<RowStore['scan']>[0]) {
		const page = await this.crud.scan({prefix: query.prefix, start: query.start, limit: query.limit, where: query.where});
		return page.next === undefined ? {rows: page.rows.map(toRow)} : {rows: page.rows.map(toRow), next: page.next};
	}

	async get(id: string, options: {readonly versions?: number} = {}) {
		return toRow(await this.crud.get(id, {versions: options.versions}));
	}

	async create(fields: Readonly<Record<string, string>>) {
		return toRow(await this.crud.create({fields}));
	}

	async update(id: string, change: Parameters<RowStore['update']>[1], options: {readonly ifUnchangedSince?: number} = {}) {
		return toRow(await this.crud.update(id, {set: change.set, unset: change.unset}, {ifUnchangedSince: options.ifUnchangedSince}));
	}

	async deleteRow(id: string): Promise<void> {
		await this.crud.deleteRow(id);
	}

	async deleteCells(id: string, columns: readonly string[]): Promise<void> {
		await this.crud.deleteCells(id, columns);
	}
}
