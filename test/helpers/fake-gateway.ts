import {createRequire} from 'node:module';
import {type AddressInfo, type Server, type Socket} from 'node:net';
import {expect} from 'vitest';
import {type RowWrite} from '../../source/services/hbase/hbase-client.js';
import {int64ToNumber, loadThrift} from '../../source/services/hbase/thrift-runtime.js';

/**
 * An HBase Thrift1 gateway made of the generated Processor and the npm runtime's server, in this
 * process, for unit tests of the client and writer logic (what is sent, in which order, how
 * answers and failures come back). Integration tests use the real gateway.
 */

// The generated service module: its Processor serves a handler object (createServer finds it).
const hbaseService = createRequire(import.meta.url)('../../source/hbase-thrift/Hbase.js') as unknown;

export interface Received {
	readonly method: string;
	readonly table: string;
	readonly rows: RowWrite[];
	readonly timestamp?: number;
}

export type Answer = (reply: (error: unknown) => void, sockets: ReadonlySet<Socket>) => void;

interface RawBatch {
	row: Buffer;
	mutations: Array<{isDelete: boolean; column: Buffer; value: Buffer | null; writeToWAL: boolean}>;
}

function decodeRows(batches: RawBatch[]): RowWrite[] {
	return batches.map(batch => ({
		row: batch.row.toString('utf8'),
		cells: batch.mutations.map(m => {
			expect(m.writeToWAL).toBe(true);
			return m.isDelete ? {column: m.column.toString('utf8')} : {column: m.column.toString('utf8'), value: m.value!.toString('utf8')};
		}),
	}));
}

export class FakeGateway {
	readonly received: Received[] = [];
	readonly sockets = new Set<Socket>();
	connections = 0;
	/** How the next mutate call is answered; by default at once, with success. */
	answer: Answer = reply => reply(null);
	/** How getTableNames is answered (the probe of `stack up` and of the HBase image's healthcheck). */
	answerTableNames: (reply: (error: unknown, result?: Buffer[]) => void) => void = reply => reply(null, [Buffer.from('userdata')]);
	private server: Server | undefined;

	async start(): Promise<number> {
		const handler = {
			getTableNames: (reply: (error: unknown, result?: Buffer[]) => void) => this.answerTableNames(reply),
			mutateRows: (table: Buffer, batches: RawBatch[], _attributes: unknown, reply: (error: unknown) => void) => {
				this.received.push({method: 'mutateRows', table: table.toString('utf8'), rows: decodeRows(batches)});
				this.answer(reply, this.sockets);
			},
			mutateRowsTs: (table: Buffer, batches: RawBatch[], timestamp: unknown, _attributes: unknown, reply: (error: unknown) => void) => {
				this.received.push({method: 'mutateRowsTs', table: table.toString('utf8'), rows: decodeRows(batches), timestamp: int64ToNumber(timestamp)});
				this.answer(reply, this.sockets);
			},
		};
		const thrift = loadThrift() as unknown as {createServer(processor: unknown, handler: unknown): Server};
		const server = thrift.createServer(hbaseService, handler);
		server.on('connection', (socket: Socket) => {
			this.connections++;
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		this.server = server;
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, '127.0.0.1', resolve);
		});
		// The runtime re-emits a connection's errors on the server: a client that hangs up
		// mid-reply (the image's healthcheck reads only the header) is no failure of the server.
		server.on('error', error => {
			if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET' && (error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
		});
		return (server.address() as AddressInfo).port;
	}

	async stop(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise(resolve => this.server?.close(resolve));
	}
}
