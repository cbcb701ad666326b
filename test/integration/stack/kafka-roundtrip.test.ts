import {kafkaBroker} from '../../helpers/stack-env.js';
import {afterEach, describe, expect, it} from 'vitest';
import {type Consumer, type Producer, type Admin} from 'kafkajs';
import {createKafka} from '../../../source/services/kafka/kafka-client.js';
import {silentLogger} from '../../../source/services/logger.js';
import {uniqueName} from '../../helpers/ids.js';

describe('Kafka broker of the local stack, through kafkajs', () => {
	const kafka = createKafka({brokers: [kafkaBroker], clientId: uniqueName('test')}, silentLogger);
	const open: Array<Producer | Consumer | Admin> = [];

	afterEach(async () => {
		for (const client of open.splice(0)) await client.disconnect().catch(() => {});
	});

	it('produces one message idempotently and consumes it in a consumer group', async () => {
		const topic = uniqueName('roundtrip');
		const admin = kafka.admin();
		open.push(admin);
		await admin.connect();
		await admin.createTopics({topics: [{topic, numPartitions: 3}], waitForLeaders: true});

		const producer = kafka.producer({idempotent: true, maxInFlightRequests: 1});
		open.push(producer);
		await producer.connect();
		const [sent] = await producer.send({topic, acks: -1, messages: [{key: 'k-1', value: 'héllo مهدی', headers: {h: '1'}}]});
		expect(sent?.errorCode).toBe(0);

		const consumer = kafka.consumer({groupId: uniqueName('group')});
		open.push(consumer);
		await consumer.connect();
		await consumer.subscribe({topic, fromBeginning: true});
		const received = await new Promise<{key: string; value: string; header: string}>((resolve, reject) => {
			consumer.on(consumer.events.CRASH, event => reject(event.payload.error));
			void consumer.run({
				eachMessage: async ({message}) => {
					resolve({key: String(message.key), value: String(message.value), header: String(message.headers?.h)});
				},
			});
		});
		expect(received).toEqual({key: 'k-1', value: 'héllo مهدی', header: '1'});
	});
});
