import {HbaseClient, type RowResult} from '../../source/services/hbase/hbase-client.js';
import {ThriftConnection} from '../../source/services/hbase/thrift-connection.js';

/** Every row of a table (newest cells), read through our Thrift client. */
export async function readAllRows(table: string, host = '127.0.0.1', port = 9090): Promise<Map<string, Record<string, string>>> {
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
	const connection = new ThriftConnection({host: '127.0.0.1', port: 9090});
	const hbase = new HbaseClient(connection);
	await hbase.disableTable(table).catch(() => {});
	await hbase.deleteTable(table).catch(() => {});
	await connection.close();
}
