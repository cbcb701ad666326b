import {type ICustomPartitioner, Partitioners} from 'kafkajs';

/**
 * Kafka's murmur2 (org.apache.kafka.common.utils.Utils.murmur2) in 32-bit integer arithmetic:
 * the same partition for a key as the Java client and kafkajs's default partitioner, so records
 * of one user keep landing on one partition whoever produces them.
 *
 * Why not kafkajs's own: it emulates the 32-bit multiplications with a 64-bit Long object per
 * step and filters the partition list for every message; with a thousand records per send that
 * was a visible share of the producer's profile. Math.imul is Java's int multiplication.
 */
const SEED = 0x9747b28c;
const M = 0x5bd1e995;

export function murmur2(key: string | Buffer): number {
	const {data, length} = typeof key === 'string' ? utf8Bytes(key) : {data: key, length: key.length};
	let h = SEED ^ length;
	const length4 = length >>> 2;
	for (let i = 0; i < length4; i++) {
		const i4 = i * 4;
		let k = data[i4]! | (data[i4 + 1]! << 8) | (data[i4 + 2]! << 16) | (data[i4 + 3]! << 24);
		k = Math.imul(k, M);
		k ^= k >>> 24;
		k = Math.imul(k, M);
		h = Math.imul(h, M) ^ k;
	}
	const tail = length & ~3;
	switch (length & 3) {
		case 3:
			h ^= data[tail + 2]! << 16;
		// falls through
		case 2:
			h ^= data[tail + 1]! << 8;
		// falls through
		case 1:
			h ^= data[tail]!;
			h = Math.imul(h, M);
	}
	h ^= h >>> 13;
	h = Math.imul(h, M);
	h ^= h >>> 15;
	return h | 0;
}

// Keys are hashed from a reused scratch buffer: no Buffer per record for the usual short key.
let scratch = Buffer.allocUnsafe(256);

function utf8Bytes(key: string): {readonly data: Uint8Array; readonly length: number} {
	const length = Buffer.byteLength(key, 'utf8');
	if (length > scratch.length) scratch = Buffer.allocUnsafe(length * 2);
	scratch.write(key, 0, length, 'utf8');
	return {data: scratch, length};
}

/**
 * kafkajs's DefaultPartitioner for keyed records (toPositive(murmur2(key)) % partitions), with
 * the fast murmur2 above; records without a key go to kafkajs's own partitioner.
 */
export const keyPartitioner: ICustomPartitioner = () => {
	const fallback = Partitioners.DefaultPartitioner();
	return args => {
		const {message, partitionMetadata} = args;
		if (message.partition !== null && message.partition !== undefined) return message.partition;
		if (message.key === null || message.key === undefined) return fallback(args);
		return (murmur2(message.key) & 0x7fffffff) % partitionMetadata.length;
	};
};
