import {CrudService} from '../services/crud/crud-service.js';
import type {ThriftConnection} from '../services/hbase/thrift-connection.js';
import type {Services} from '../services/create-services.js';
import type {RowKey, RowStore} from '../services/ports.js';

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
		this.crud = new CrudService(services.hbase(this.connection), services.settings.table, {readOnly: services.settings.readOnly});
	}

	async rebuild(services: Services): Promise<void> {
		const old = this.connection;
		this.connection = services.thriftConnection({callTimeoutMs: 15_000});
		this.crud = new CrudService(services.hbase(this.connection), services.settings.table, {readOnly: services.settings.readOnly});
		await old.close().catch(() => {});
	}

	async close(): Promise<void> {
		await this.connection.close().catch(() => {});
	}

	async scan(query: Parameters<RowStore['scan']>[0]) {
		const page = await this.crud.scan({prefix: query.prefix, start: query.start, limit: query.limit, where: query.where});
		return page.next === undefined ? {rows: page.rows} : {rows: page.rows, next: page.next};
	}

	async get(id: RowKey, options: {readonly versions?: number} = {}) {
		return this.crud.get(id, {versions: options.versions});
	}

	async create(fields: Readonly<Record<string, string>>) {
		return this.crud.create({fields});
	}

	async update(id: RowKey, change: Parameters<RowStore['update']>[1], options: {readonly ifUnchangedSince?: number} = {}) {
		return this.crud.update(id, {set: change.set, unset: change.unset}, {ifUnchangedSince: options.ifUnchangedSince});
	}

	async deleteRow(id: RowKey): Promise<void> {
		await this.crud.deleteRow(id);
	}

	async deleteCells(id: RowKey, columns: readonly string[]): Promise<void> {
		await this.crud.deleteCells(id, columns);
	}
}
