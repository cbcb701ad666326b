import {createRequire} from 'node:module';
import {type MutateRowsCall, type RowWrite} from '../../source/services/hbase/mutate-rows-call.js';
import {loadHbaseBindings, loadThrift} from '../../source/services/hbase/thrift-runtime.js';

/**
 * The mutateRows path as it was before the one-Buffer encoder: Mutation and BatchMutation objects
 * of UTF-8 Buffers, written by the generated client through the npm runtime's TBinaryProtocol and
 * TBufferedTransport. It is the reference the encoder's bytes are compared with, and the "old"
 * side of bench/micro/thrift-encode.ts.
 */
const require = createRequire(import.meta.url);

const utf8 = (value: string | Uint8Array): Buffer => (typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value));

/** The BatchMutations HbaseClient.mutateRows used to build. */
export function generatedBatches(rows: readonly RowWrite[]): unknown[] {
	const {Mutation, BatchMutation} = loadHbaseBindings().types;
	return rows.map(
		r =>
			new BatchMutation({
				row: utf8(r.row),
				mutations: r.cells.map(c =>
					c.value === undefined ? new Mutation({isDelete: true, column: utf8(c.column)}) : new Mutation({column: utf8(c.column), value: utf8(c.value)}),
				),
			}),
	);
}

/** The arguments of the generated `mutateRows` / `mutateRowsTs` for `call`, without the callback. */
export function generatedArgs(call: MutateRowsCall): unknown[] {
	const batches = generatedBatches(call.rows);
	if (call.timestamp === undefined) return [utf8(call.table), batches, null];
	const Int64 = require('node-int64') as new (n: number) => unknown;
	return [utf8(call.table), batches, new Int64(call.timestamp), null];
}

interface GeneratedClient {
	_seqid: number;
	mutateRows(...args: unknown[]): void;
	mutateRowsTs(...args: unknown[]): void;
}

/**
 * The bytes the generated client flushes for `call` when it is given sequence id `seqid`,
 * captured from a TBufferedTransport whose flush goes nowhere but here.
 */
export function runtimeEncodeMutateRows(call: MutateRowsCall, seqid: number): Buffer {
	const thrift = loadThrift() as unknown as {
		TBufferedTransport: new (buffer: undefined, onFlush: (message: Buffer) => void) => unknown;
		TBinaryProtocol: unknown;
	};
	let flushed: Buffer | undefined;
	const transport = new thrift.TBufferedTransport(undefined, message => {
		flushed = message;
	});
	const {Client} = loadHbaseBindings();
	const client = new Client(transport, thrift.TBinaryProtocol) as GeneratedClient;
	client._seqid = seqid - 1; // the client numbers a call with ++_seqid
	const callback = (): void => {};
	if (call.timestamp === undefined) client.mutateRows(...generatedArgs(call), callback);
	else client.mutateRowsTs(...generatedArgs(call), callback);
	if (!flushed) throw new Error('the generated client flushed nothing');
	return flushed;
}
