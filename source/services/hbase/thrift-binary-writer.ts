/**
 * Writes Thrift's binary protocol (strict) into one growing Buffer: what the npm runtime's
 * TBinaryProtocol + TBufferedTransport write, without their Buffer per byte, i16 and i32 and
 * the copy of each on flush. Only what call messages need; fields are written as they come, so the
 * caller mirrors the generated `write()` it replaces.
 */

/** TType codes (node_modules/thrift/lib/nodejs/lib/thrift/thrift.js). */
export const ThriftType = {STOP: 0, BOOL: 2, I32: 8, I64: 10, STRING: 11, STRUCT: 12, MAP: 13, LIST: 15} as const;

/** MessageType.CALL with the strict header's VERSION_1 (an int32). */
const VERSION_1_CALL = 0x80010000 | 1;
const TWO_TO_32 = 2 ** 32;

/** Node's native UTF-8 write (behind buffer.write(text, offset, 'utf8'), minus its argument parsing). */
type Utf8Buffer = Buffer & {utf8Write(text: string, offset: number): number};

export class ThriftBinaryWriter {
	private buffer: Utf8Buffer;
	private at = 0;

	/** `capacity`: the expected size; the buffer grows (one copy) when a write does not fit. */
	constructor(capacity: number) {
		// A NaN guess (a caller passed a non-string) must not hide the TypeError the write will throw.
		this.buffer = Buffer.allocUnsafe(capacity >= 64 ? capacity : 64) as Utf8Buffer;
	}

	/** The bytes written so far (a view, not a copy). */
	finish(): Buffer {
		return this.buffer.subarray(0, this.at);
	}

	messageBeginCall(name: string, seqid: number): void {
		this.i32(VERSION_1_CALL);
		this.string(name);
		this.i32(seqid);
	}

	fieldBegin(type: number, id: number): void {
		this.reserve(3);
		const {buffer, at} = this;
		buffer[at] = type;
		buffer[at + 1] = id >> 8;
		buffer[at + 2] = id & 0xff;
		this.at = at + 3;
	}

	fieldStop(): void {
		this.byte(ThriftType.STOP);
	}

	listBegin(elementType: number, size: number): void {
		this.byte(elementType);
		this.i32(size);
	}

	bool(value: boolean): void {
		this.byte(value ? 1 : 0);
	}

	byte(value: number): void {
		this.reserve(1);
		this.buffer[this.at++] = value;
	}

	i32(value: number): void {
		this.reserve(4);
		this.at = this.buffer.writeInt32BE(value, this.at);
	}

	/** Big-endian two's complement, as node-int64 lays it out; `value` must be a safe integer. */
	i64(value: number): void {
		this.reserve(8);
		const high = Math.floor(value / TWO_TO_32);
		this.buffer.writeInt32BE(high, this.at);
		this.at = this.buffer.writeUInt32BE(value - high * TWO_TO_32, this.at + 4);
	}

	/**
	 * i32 byte length, then the UTF-8 bytes. For `binary` fields too: the runtime would write a JS
	 * string there as latin1, so UTF-8 is what it writes for the Buffer of the same text.
	 */
	string(text: string): void {
		// UTF-8 takes at most 3 bytes per UTF-16 unit; only when that might not fit, measure exactly.
		const room = this.buffer.length - this.at - 4;
		if (room < text.length * 3) this.reserve(4 + Buffer.byteLength(text));
		const length = this.buffer.utf8Write(text, this.at + 4);
		this.buffer.writeInt32BE(length, this.at);
		this.at += 4 + length;
	}

	/** i32 length, then the bytes as they are: a row key or value another writer stored as non-text. */
	binary(bytes: Uint8Array): void {
		this.reserve(4 + bytes.byteLength);
		this.at = this.buffer.writeInt32BE(bytes.byteLength, this.at);
		this.buffer.set(bytes, this.at);
		this.at += bytes.byteLength;
	}

	/** Text as UTF-8, bytes as they are. */
	stringOrBinary(value: string | Uint8Array): void {
		if (typeof value === 'string') this.string(value);
		else if (value instanceof Uint8Array) this.binary(value);
		else throw new TypeError(`expected a string or bytes, got ${typeof value}`);
	}

	private reserve(bytes: number): void {
		if (this.at + bytes <= this.buffer.length) return;
		const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + bytes)) as Utf8Buffer;
		this.buffer.copy(grown, 0, 0, this.at);
		this.buffer = grown;
	}
}
