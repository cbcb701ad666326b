import {thriftHost, thriftPort} from './stack-env.js';
import {type Row} from '../../source/domain/row.js';
import {HbaseClient} from '../../source/services/hbase/hbase-client.js';
import {ThriftConnection} from '../../source/services/hbase/thrift-connection.js';

/** Calls `onRow` for every row of a table (newest cells), read through our Thrift client. */
async function scanTable(table: string, onRow: (row: Row) => void, host = thriftHost, port = thriftPort): Promise<void> {
	const connection = new ThriftConnection({host, port});
	const hbase = new HbaseClient(connection);
	try {
		const scanner = await hbase.openScanner(table, {caching: 1000});
		try {
			for (;;) {
				const batch = await hbase.scannerNext(scanner, 1000);
				if (batch.length === 0) break;
				for (const row of batch) onRow(row);
			}
		} finally {
			await hbase.closeScanner(scanner);
		}
	} finally {
		await connection.close();
	}
}

/** Every row of a table (newest cells): row key → family:qualifier → value. */
export async function readAllRows(table: string, host = thriftHost, port = thriftPort): Promise<Map<string, Record<string, string>>> {
	const rows = new Map<string, Record<string, string>>();
	await scanTable(table, row => rows.set(row.id, Object.fromEntries(row.cells.map(cell => [cell.column, cell.value]))), host, port);
	return rows;
}

export async function dropTable(table: string): Promise<void> {
	const connection = new ThriftConnection({host: thriftHost, port: thriftPort});
	const hbase = new HbaseClient(connection);
	await hbase.disableTable(table).catch(() => {});
	await hbase.deleteTable(table).catch(() => {});
	await connection.close();
}

/**
 * A checksum over every cell of a table: row, column, value and timestamp, in sorted order.
 * Two tables (or a table and what a topic says it should hold) agree iff the checksums do.
 */
export async function tableChecksum(table: string, host = thriftHost, port = thriftPort): Promise<{rows: number; cells: number; sha256: string}> {
	const {createHash} = await import('node:crypto');
	const lines: string[] = [];
	let rows = 0;
	await scanTable(
		table,
		row => {
			rows++;
			for (const cell of row.cells) lines.push(`${row.id}\u0000${cell.column}\u0000${cell.value}\u0000${cell.timestamp}`);
		},
		host,
		port,
	);
	return {rows, cells: lines.length, sha256: createHash('sha256').update(lines.sort().join('\n')).digest('hex')};
}

/** The same checksum computed from what the topic's records say HBase must hold. */
export async function expectedChecksum(
	messages: ReadonlyArray<{key: Buffer | null; value: Buffer | null; headers?: unknown; timestamp: string}>,
): Promise<{rows: number; cells: number; sha256: string}> {
	const {createHash} = await import('node:crypto');
	const {decodeMessage} = await import('../../source/domain/message.js');
	const {recordToCells} = await import('../../source/domain/cells.js');
	// The newest record of a row wins, as HBase keeps the newest version of each cell.
	const cells = new Map<string, {value: string; ts: number}>();
	const rows = new Set<string>();
	for (const message of messages) {
		const record = decodeMessage(message.key, message.value, message.headers as never);
		const ts = Number(message.timestamp);
		rows.add(record.id);
		for (const cell of recordToCells(record)) {
			const key = `${record.id}\u0000${cell.column}`;
			const previous = cells.get(key);
			if (!previous || previous.ts <= ts) cells.set(key, {value: cell.value, ts});
		}
	}
	const lines = [...cells].map(([key, cell]) => `${key}\u0000${cell.value}\u0000${cell.ts}`);
	return {rows: rows.size, cells: lines.length, sha256: createHash('sha256').update(lines.sort().join('\n')).digest('hex')};
}
