import {type Kafka, type Message, type ProducerBatch, type ProducerConfig, type RecordMetadata} from 'kafkajs';
import {describe, expect, it} from 'vitest';
import {UndeliveredError, UserProducer} from '../../../source/services/pipeline/user-producer.js';

/**
 * A kafkajs stand-in that partitions with the producer's own partitioner, as kafkajs does, and
 * answers for the partitions it is told to, like kafkajs 2.2.4 after a leader change: the send
 * resolves, and the moved partition is simply absent from the result.
 */
function fakeKafka(dropPartitionOnSends: readonly number[], dropped: number) {
	const sends: Array<{partitions: string[]; records: number}> = [];
	const written = new Map<string, Message[]>();
	const kafka = {
		producer(config: ProducerConfig) {
			const partitioner = config.createPartitioner!();
			const partitionMetadata = [0, 1, 2].map(partitionId => ({partitionId, leader: 1, replicas: [1], isr: [1], offlineReplicas: [], partitionErrorCode: 0}));
			return {
				connect: async () => {},
				disconnect: async () => {},
				sendBatch: async (batch: ProducerBatch): Promise<RecordMetadata[]> => {
					const perPartition = new Map<string, Message[]>();
					for (const {topic, messages} of batch.topicMessages ?? []) {
						for (const message of messages) {
							const where = `${topic}:${partitioner({topic, partitionMetadata, message})}`;
							perPartition.set(where, [...(perPartition.get(where) ?? []), message]);
						}
					}
					const lose = dropPartitionOnSends.includes(sends.length + 1);
					sends.push({partitions: [...perPartition.keys()].sort(), records: [...perPartition.values()].flat().length});
					const answered: RecordMetadata[] = [];
					for (const [where, messages] of perPartition) {
						const [topicName, partition] = [where.split(':')[0]!, Number(where.split(':')[1])];
						if (lose && partition === dropped) continue;
						written.set(where, [...(written.get(where) ?? []), ...messages]);
						answered.push({topicName, partition, errorCode: 0, baseOffset: '0'});
					}
					return answered;
				},
			};
		},
		admin: () => ({connect: async () => {}, disconnect: async () => {}, listTopics: async () => ['userdata']}),
	};
	return {kafka: kafka as unknown as Kafka, sends, written};
}

const page = Array.from({length: 300}, (_, index) => ({key: `user-${index}`, value: `{"n":${index}}`}));

describe('UserProducer', () => {
	it('sends again the records of a partition that a send left out of its result, and counts them only then', async () => {
		const {kafka, sends, written} = fakeKafka([1], 2);
		const producer = new UserProducer({kafka, topic: 'userdata'});
		await producer.connect();
		expect(await producer.send(page, 1_767_225_600_000)).toBe(300);
		expect(sends).toHaveLength(2);
		expect(sends[1]!.partitions).toEqual(['userdata:2']);
		const keys = [...written.values()].flat().map(message => String(message.key));
		expect(new Set(keys).size).toBe(300);
		expect(keys).toHaveLength(300);
	});

	it('gives up with the undelivered count when a partition never comes back in the result', async () => {
		const {kafka} = fakeKafka([1, 2, 3, 4, 5, 6, 7, 8], 0);
		const producer = new UserProducer({kafka, topic: 'userdata'});
		await producer.connect();
		const failure = await producer.send(page, 1_767_225_600_000).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(UndeliveredError);
		const undelivered = (failure as UndeliveredError).undelivered;
		expect(undelivered).toBeGreaterThan(0);
		expect(undelivered).toBeLessThan(300);
		expect((failure as Error).message).toContain('partition(s) userdata:0 never acknowledged');
	});
});
