import {describe, expect, it} from 'vitest';
import {packMessages, unpackMessages} from '../../../source/services/pipeline/packed-messages.js';

describe('packMessages / unpackMessages', () => {
	it('round-trips keys and values byte for byte, text or Buffer, any script, empty ones included', () => {
		const messages = [
			{key: '213fc6a6-7f17-4bba-b2f7-22cfd225c0ca', value: '{"info":{"first_name":"Zoe"}}'},
			{key: 'کاربر', value: '{"info":{"first_name":"مهدی"}}'},
			{key: Buffer.from('Љубомир'), value: Buffer.from('{"city":"Ниш"} 😀')},
			{key: 'empty-value', value: ''},
		];
		const packed = packMessages(messages);
		const unpacked = unpackMessages(packed);
		expect(unpacked).toHaveLength(messages.length);
		for (const [index, message] of messages.entries()) {
			expect(unpacked[index]!.key.toString('utf8')).toBe(message.key.toString());
			expect(unpacked[index]!.value.toString('utf8')).toBe(message.value.toString());
		}
	});

	it('packs into an ArrayBuffer of its own, exactly as long as the bytes, so it can be transferred', () => {
		const packed = packMessages([{key: 'k', value: 'é'}]);
		expect(packed.bytes.byteLength).toBe(1 + 2);
		const {port1} = new MessageChannel();
		port1.postMessage(packed, [packed.bytes]);
		expect(packed.bytes.byteLength).toBe(0); // moved, not copied
		port1.close();
	});

	it('packs an empty page', () => {
		expect(unpackMessages(packMessages([]))).toEqual([]);
	});
});
