/**
 * A page of encoded messages as one buffer, to hand to the producer thread: one transferable
 * ArrayBuffer (moved, not copied) instead of a thousand strings cloned one by one.
 * Layout: keys and values as UTF-8, back to back; `ends[i]` is where item i ends (item 2n is
 * message n's key, 2n + 1 its value).
 */
export interface PackedMessages {
	readonly bytes: ArrayBuffer;
	readonly ends: Uint32Array;
}

/** A key or value: text, or UTF-8 bytes already. */
type Bytes = string | Buffer;

function put(view: Buffer, offset: number, bytes: Bytes): number {
	return typeof bytes === 'string' ? view.write(bytes, offset, 'utf8') : bytes.copy(view, offset);
}

export function packMessages(messages: ReadonlyArray<{readonly key: Bytes; readonly value: Bytes}>): PackedMessages {
	let total = 0;
	for (const message of messages) total += Buffer.byteLength(message.key, 'utf8') + Buffer.byteLength(message.value, 'utf8');
	// A fresh ArrayBuffer of its own (not a slice of Node's shared pool), so it can be transferred.
	const bytes = new ArrayBuffer(total);
	const view = Buffer.from(bytes);
	const ends = new Uint32Array(messages.length * 2);
	let offset = 0;
	for (const [index, message] of messages.entries()) {
		offset += put(view, offset, message.key);
		ends[index * 2] = offset;
		offset += put(view, offset, message.value);
		ends[index * 2 + 1] = offset;
	}
	return {bytes, ends};
}

/** Keys and values as Buffers viewing the packed bytes (no copies). */
export function unpackMessages(packed: PackedMessages): Array<{key: Buffer; value: Buffer}> {
	const view = Buffer.from(packed.bytes);
	const messages: Array<{key: Buffer; value: Buffer}> = [];
	let start = 0;
	for (let index = 0; index < packed.ends.length; index += 2) {
		const keyEnd = packed.ends[index]!;
		const valueEnd = packed.ends[index + 1]!;
		messages.push({key: view.subarray(start, keyEnd), value: view.subarray(keyEnd, valueEnd)});
		start = valueEnd;
	}
	return messages;
}
