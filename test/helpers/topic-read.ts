import {type KafkaMessage} from 'kafkajs';
import {createKafka} from '../../source/services/kafka/kafka-client.js';
import {silentLogger} from '../../source/services/logger.js';
import {uniqueName} from './ids.js';
import {kafkaBroker} from './stack-env.js';

/** Every record of a topic, read to its current end by a throw-away consumer group. */
export async function readTopic(topic: string, brokers: readonly string[] = [kafkaBroker]): Promise<KafkaMessage[]> {
	const kafka = createKafka({brokers, clientId: uniqueName('reader')}, silentLogger);
	const admin = kafka.admin();
	await admin.connect();
	const ends = await admin.fetchTopicOffsets(topic);
	await admin.disconnect();
	const remaining = new Map(ends.filter(e => Number(e.high) > 0).map(e => [e.partition, Number(e.high)]));
	const messages: KafkaMessage[] = [];
	if (remaining.size === 0) return messages;
	const consumer = kafka.consumer({groupId: uniqueName('reader'), maxBytesPerPartition: 8 * 1024 * 1024});
	await consumer.connect();
	await consumer.subscribe({topic, fromBeginning: true});
	await new Promise<void>((resolve, reject) => {
		consumer.on(consumer.events.CRASH, event => reject(event.payload.error));
		void consumer.run({
			eachMessage: async ({partition, message}) => {
				messages.push(message);
				if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) remaining.delete(partition);
				if (remaining.size === 0) resolve();
			},
		});
	});
	await consumer.disconnect();
	return messages;
}
