import {HbaseClient, type RowWrite} from '../../source/services/hbase/hbase-client.js';
import {ThriftConnection} from '../../source/services/hbase/thrift-connection.js';
import {perSecond} from '../lib/stats.js';

/**
 * The gateway's ceiling: a bare loop of Thrift mutateRowsTs with the rows the sink writes, over
 * `connections` sockets (the threadpool gateway runs one call per connection at a time), no
 * Kafka, no JSON. Each worker takes the next batch until none is left.
 */
export interface GatewayShape {
	readonly batchRows: number;
	readonly connections: number;
}

export async function gatewayRun(
	rows: readonly RowWrite[],
	table: string,
	shape: GatewayShape,
	options: {host: string; port: number; timestamp: number},
): Promise<number> {
	const clients = Array.from({length: shape.connections}, () => new ThriftConnection({host: options.host, port: options.port, callTimeoutMs: 120_000}));
	try {
		await Promise.all(clients.map(connection => connection.connect()));
		let next = 0;
		const started = performance.now();
		await Promise.all(
			clients.map(async connection => {
				const hbase = new HbaseClient(connection);
				for (;;) {
					const start = next;
					if (start >= rows.length) return;
					next += shape.batchRows;
					await hbase.mutateRows(table, rows.slice(start, start + shape.batchRows), options.timestamp);
				}
			}),
		);
		return perSecond(rows.length, performance.now() - started);
	} finally {
		await Promise.all(clients.map(connection => connection.close()));
	}
}
