import {encodeMessage} from '../../source/domain/message.js';
import {type Services} from '../../source/services/create-services.js';
import {UserProducer} from '../../source/services/pipeline/user-producer.js';
import {PAGE_SIZE, pageRecords, type UserPool} from '../lib/users.js';

/**
 * Fills a topic with `count` users exactly as the producer writes them (the same UserProducer:
 * idempotent, acks=all, GZIP, one Kafka timestamp per page of 1,000), without the HTTP side, so
 * the sink figures start from a topic that is already full.
 */
export async function fillTopic(services: Services, topic: string, users: UserPool, seed: string, count: number): Promise<void> {
	const producer = new UserProducer({kafka: services.kafka(), topic});
	await producer.connect();
	try {
		const base = Date.now() - 60_000;
		for (let page = 0; page * PAGE_SIZE < count; page++) {
			const size = Math.min(PAGE_SIZE, count - page * PAGE_SIZE);
			const fetchedAt = new Date(base + page);
			await producer.send(pageRecords(users, seed, page, size, fetchedAt).map(encodeMessage), fetchedAt.getTime());
		}
	} finally {
		await producer.disconnect();
	}
}
