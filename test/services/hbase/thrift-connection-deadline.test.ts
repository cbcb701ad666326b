import {createServer, type Server, type Socket} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {HbaseClient} from '../../../source/services/hbase/hbase-client.js';
import {ThriftConnection} from '../../../source/services/hbase/thrift-connection.js';

/** A gateway that accepts connections and never answers a call. */
async function silentGateway(): Promise<{server: Server; port: number; sockets: Socket[]}> {
	const sockets: Socket[] = [];
	const server = createServer(socket => {
		sockets.push(socket);
		socket.on('data', () => {});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	if (address === null || typeof address === 'string') throw new Error('no port');
	return {server, port: address.port, sockets};
}

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const step of cleanup.reverse()) await step();
	cleanup = [];
});

describe('ThriftConnection call deadline', () => {
	it('fails a call that gets no answer within callTimeoutMs, and replaces the socket for the next call', async () => {
		const gateway = await silentGateway();
		cleanup.push(async () => {
			for (const socket of gateway.sockets) socket.destroy();
			await new Promise<void>(resolve => gateway.server.close(() => resolve()));
		});
		const connection = new ThriftConnection({host: '127.0.0.1', port: gateway.port, callTimeoutMs: 100, connectTimeoutMs: 2000});
		cleanup.push(async () => connection.close());
		const client = new HbaseClient(connection);
		await expect(client.tableNames()).rejects.toThrow(/did not answer within 100 ms/);
		await expect(client.tableNames()).rejects.toThrow(/did not answer within 100 ms/);
		// The first socket was dropped after its timeout: the second call came on a new one.
		expect(gateway.sockets).toHaveLength(2);
	});
});
