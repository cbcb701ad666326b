import {thriftHost, thriftPort} from './stack-env.js';
import {HbaseClient, type RowResult} from '../../source/services/hbase/hbase-client.js';
import {ThriftConnection} from '../../source/services/hbase/thrift-connection.js';

/** Every row of a table (newest cells), read through our Thrift client. */
export async function readAllRows(table: string, host = thriftHost, port = thriftPort): Promise<Map<string, Record<string, string>>> {
	const connection = new ThriftConnection({host, port});
	const hbase = new HbaseClient(connection);
	const rows = new Map<string, Record<string, string>>();
	try {
		const scanner = await hbase.openScanner(table, {caching: 1000});
		try {
			for (;;) {
				const batch: RowResult[] = await hbase.scannerNext(scanner, 1000);
				if (batch.length === 0) break;
				for (const row of batch) rows.set(row.row, Object.fromEntries([...row.columns].map(([column, cell]) => [column, cell.value])));
			}
		} finally {
			await hbase.closeScanner(scanner);
		}
	} finally {
		await connection.close();
	}
	return rows;
}

export async function dropTable(table: string): Promise<void> {
	const connection = new ThriftConnection({host: thriftHost, port: thriftPort});
	const hbase = new HbaseClient(connection);
	await hbase.disableTable(table).catch(() => {});
	await hbase.deleteTable(table).catch(() => {});
	await connection.close();
}
