import {type CellWrite} from '../../domain/cells.js';
import {ValidationError} from '../../domain/errors.js';
import {ThriftBinaryWriter, ThriftType} from './thrift-binary-writer.js';

const {BOOL, I64, STRING, STRUCT, LIST} = ThriftType;

/**
 * The Thrift1 `mutateRows` / `mutateRowsTs` call message (TBinaryProtocol, strict), encoded from
 * our strings straight into one Buffer.
 *
 * Why not the generated client: for every byte, i16 and i32 the npm `thrift` 0.17 runtime
 * allocates a small Buffer, keeps it in a list and copies it again on flush, and the generated
 * args constructors copy every BatchMutation and Mutation once more; with a UTF-8 Buffer per row
 * key, column and value on top, a user row of 27 cells cost some 400 allocations, and encoding was
 * most of the sink's CPU. Here a call is written into one Buffer, sized from the strings' lengths
 * (exact for ASCII) and grown once in the rare call whose text needs more.
 *
 * The bytes are those the generated client writes for the same call (a unit test compares them
 * byte for byte): `isDelete` and `writeToWAL` always written (their IDL defaults, false and true),
 * `value` only for a put, `attributes` omitted (we pass null). Strings go out as UTF-8, which the
 * runtime would only do for Buffers (it writes a JS string for a `binary` field as latin1).
 */

export type {CellWrite} from '../../domain/cells.js';

export interface RowWrite {
	/** Text (sent as UTF-8), or the exact bytes of a key that is not text. */
	readonly row: string | Uint8Array;
	readonly cells: readonly CellWrite[];
}

export interface MutateRowsCall {
	readonly table: string;
	readonly rows: readonly RowWrite[];
	/** The version (ms) of every cell: mutateRowsTs. Absent: mutateRows, the region server's clock. */
	readonly timestamp?: number;
}

export type MutateRowsMethod = 'mutateRows' | 'mutateRowsTs';

// Bytes around the strings (field headers, string lengths, list headers, bools, stops), so the
// first guess at a message's size is exact for ASCII text.
const FIELD = 3; // type + id
const STRING_FIELD = FIELD + 4; // + length
const LIST_FIELD = FIELD + 5; // + element type + size
const BOOL_FIELD = FIELD + 1;
const PUT_FIXED = BOOL_FIELD + STRING_FIELD + STRING_FIELD + BOOL_FIELD + 1; // isDelete, column, value, writeToWAL, stop
const DELETE_FIXED = BOOL_FIELD + STRING_FIELD + BOOL_FIELD + 1;
const ROW_FIXED = STRING_FIELD + LIST_FIELD + 1; // row, mutations, stop
const CALL_FIXED = 4 + 4 + 'mutateRowsTs'.length + 4 + STRING_FIELD + LIST_FIELD + FIELD + 8 + 1;

export function mutateRowsMethod(call: MutateRowsCall): MutateRowsMethod {
	return call.timestamp === undefined ? 'mutateRows' : 'mutateRowsTs';
}

/**
 * The whole message for `call` with sequence id `seqid`, ready for the socket. Throws a
 * ValidationError for a timestamp that is not a safe integer (node-int64 would silently truncate
 * it) and a TypeError for a row key, column or value that is not a string.
 */
export function encodeMutateRowsCall(call: MutateRowsCall, seqid: number): Buffer {
	const {table, rows, timestamp} = call;
	if (timestamp !== undefined && !Number.isSafeInteger(timestamp)) {
		throw new ValidationError(`timestamp: expected whole milliseconds, got ${timestamp}`, {field: 'timestamp'});
	}
	const out = new ThriftBinaryWriter(sizeGuess(call));
	out.messageBeginCall(mutateRowsMethod(call), seqid);
	// Hbase_mutateRows(Ts)_args.write, BatchMutation.write and Mutation.write, field by field.
	out.fieldBegin(STRING, 1);
	out.string(table);
	out.fieldBegin(LIST, 2);
	out.listBegin(STRUCT, rows.length);
	for (const row of rows) {
		out.fieldBegin(STRING, 1);
		out.stringOrBinary(row.row);
		out.fieldBegin(LIST, 2);
		out.listBegin(STRUCT, row.cells.length);
		for (const cell of row.cells) {
			const {column, value} = cell;
			out.fieldBegin(BOOL, 1);
			out.bool(value === undefined); // isDelete
			out.fieldBegin(STRING, 2);
			out.string(column);
			if (value !== undefined) {
				out.fieldBegin(STRING, 3);
				out.stringOrBinary(value);
			}
			out.fieldBegin(BOOL, 4);
			out.bool(true); // writeToWAL
			out.fieldStop();
		}
		out.fieldStop();
	}
	if (timestamp !== undefined) {
		out.fieldBegin(I64, 3);
		out.i64(timestamp);
	}
	out.fieldStop(); // attributes (null) are not written
	return out.finish();
}

/** The size for ASCII text (one byte per UTF-16 unit), plus an eighth for other scripts. */
function sizeGuess({table, rows}: MutateRowsCall): number {
	let size = CALL_FIXED + table.length;
	for (const row of rows) {
		size += ROW_FIXED + row.row.length;
		for (const {column, value} of row.cells) {
			size += value === undefined ? DELETE_FIXED + column.length : PUT_FIXED + column.length + value.length;
		}
	}
	return size + (size >> 3);
}
