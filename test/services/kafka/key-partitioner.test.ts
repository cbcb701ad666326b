import {createRequire} from 'node:module';
import {randomUUID} from 'node:crypto';
import {Partitioners, type PartitionMetadata} from 'kafkajs';
import {describe, expect, it} from 'vitest';
import {keyPartitioner, murmur2} from '../../../source/services/kafka/key-partitioner.js';

// kafkajs's own murmur2, the reference (it follows the Java client's Utils.murmur2).
const reference = createRequire(import.meta.url)('kafkajs/src/producer/partitioners/default/murmur2.js') as (key: string | Buffer) => number;

const keys = [
	'',
	'a',
	'ab',
	'abc',
	'abcd',
	'abcde',
	'213fc6a6-7f17-4bba-b2f7-22cfd225c0ca',
	'کاربر-۱۲۳',
	'Љубомир',
	'😀 emoji key',
	'x'.repeat(300), // longer than the scratch buffer
	...Array.from({length: 2000}, () => randomUUID()),
];

function metadata(partitions: number): PartitionMetadata[] {
	return Array.from({length: partitions}, (_, partitionId) => ({partitionId, leader: 1, replicas: [1], isr: [1], partitionErrorCode: 0, offlineReplicas: []}));
}

describe('murmur2', () => {
	it('hashes every key exactly as kafkajs (and the Java client) does, strings and Buffers', () => {
		for (const key of keys) {
			expect(murmur2(key), key).toBe(reference(key));
			expect(murmur2(Buffer.from(key, 'utf8')), key).toBe(reference(Buffer.from(key, 'utf8')));
		}
	});

	it('matches known values of the Java client', () => {
		// From Kafka's UtilsTest.testMurmur2 (clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java).
		const cases: Array<[string, number]> = [
			['21', -973932308],
			['foobar', -790332482],
			['a-little-bit-long-string', -985981536],
			['a-little-bit-longer-string', -1486304829],
			['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
		];
		for (const [key, hash] of cases) expect(murmur2(key), key).toBe(hash);
	});
});

describe('keyPartitioner', () => {
	it("puts every keyed record on the partition kafkajs's default partitioner picks", () => {
		const ours = keyPartitioner();
		const theirs = Partitioners.DefaultPartitioner();
		for (const partitions of [1, 3, 7, 12]) {
			const partitionMetadata = metadata(partitions);
			for (const key of keys) {
				const args = {topic: 't', partitionMetadata, message: {key, value: 'v'}};
				expect(ours(args), `${key} over ${partitions}`).toBe(theirs(args));
			}
		}
	});

	it('honours an explicit partition and still places records without a key', () => {
		const ours = keyPartitioner();
		const partitionMetadata = metadata(3);
		expect(ours({topic: 't', partitionMetadata, message: {key: 'k', value: 'v', partition: 2}})).toBe(2);
		expect([0, 1, 2]).toContain(ours({topic: 't', partitionMetadata, message: {key: null, value: 'v'}}));
	});
});
