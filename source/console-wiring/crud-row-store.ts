import {resolve} from 'node:path';
import {CrudService} from '../services/crud/crud-service.js';
import {exportTable} from '../services/transfer/export-service.js';
import {formatOf} from '../services/transfer/import-service.js';
import {writeFileAtomically} from '../services/transfer/text-output.js';
import {verifyTopic} from '../services/verify/verify-service.js';
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
	private services: Services;

	constructor(services: Services) {
		this.services = services;
		this.connection = services.thriftConnection({callTimeoutMs: 15_000});
		this.crud = new CrudService(services.hbase(this.connection), services.settings.table, {readOnly: services.settings.readOnly});
	}

	async rebuild(services: Services): Promise<void> {
		const old = this.connection;
		this.services = services;
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

	async get(id: RowKey, options: {readonly versions?: number; readonly asOf?: number} = {}) {
		return this.crud.get(id, {versions: options.versions, asOf: options.asOf});
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

	async restore(id: string, column: string, timestamp: number): Promise<void> {
		await this.crud.restore(id, column, timestamp);
	}

	async count(query: {readonly prefix?: string}): Promise<number> {
		return this.crud.count({prefix: query.prefix});
	}

	/** On a connection of its own: a long export must not hold up the browser's reads. */
	async exportRows(query: {readonly prefix?: RowKey; readonly where?: string}, file: string) {
		const path = resolve(file);
		const connection = this.services.thriftConnection();
		try {
			const hbase = this.services.hbase(connection);
			const format = formatOf(path, undefined);
			const summary = await writeFileAtomically(path, async sink =>
				exportTable(hbase, this.services.settings.table, {format, prefix: query.prefix, where: query.where}, sink),
			);
			return {rows: summary.rows, file: path};
		} finally {
			await connection.close().catch(() => {});
		}
	}

	async verify(onProgress?: (records: number, total: number) => void) {
		const connection = this.services.thriftConnection();
		try {
			const {settings} = this.services;
			return await verifyTopic(
				{kafka: this.services.kafka(), hbase: this.services.hbase(connection), topic: settings.topic, table: settings.table},
				{onProgress: p => onProgress?.(p.phase === 'index' ? p.records : p.total + p.records, 2 * p.total)},
			);
		} finally {
			await connection.close().catch(() => {});
		}
	}
}
