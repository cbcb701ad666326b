import {decodeMessage} from '../../source/domain/message.js';
import {recordToCells} from '../../source/domain/cells.js';
import {type Services} from '../../source/services/create-services.js';
import {HbaseClient} from '../../source/services/hbase/hbase-client.js';
import {perSecond} from '../lib/stats.js';

/**
 * The naive path the tutorials show: eachMessage, decode it, put its one row, commit its offset,
 * then the next message. Same topic, same decoding and the same Thrift client as the sink; only
 * the batching differs. Timed from the group join to the `count`-th commit.
 */
export async function naiveRun(services: Services, table: string, count: number, group: string): Promise<number> {
	const consumer = services.kafka().consumer({groupId: group, allowAutoTopicCreation: false});
	const connection = services.thriftConnection({callTimeoutMs: 60_000});
	const hbase = new HbaseClient(connection);
	let seen = 0;
	let started = 0;
	let finished = 0;
	try {
		await connection.connect();
		await consumer.connect();
		await consumer.subscribe({topic: services.settings.topic, fromBeginning: true});
		const done = new Promise<void>((resolve, reject) => {
			consumer.on(consumer.events.CRASH, event => reject(event.payload.error));
			void consumer
				.run({
					autoCommit: false,
					eachMessage: async ({topic, partition, message}) => {
						if (finished) return;
						const record = decodeMessage(message.key, message.value, message.headers);
						await hbase.mutateRows(table, [{row: record.id, cells: recordToCells(record)}], Number(message.timestamp));
						await consumer.commitOffsets([{topic, partition, offset: (BigInt(message.offset) + 1n).toString()}]);
						if (++seen >= count) {
							finished = performance.now();
							resolve();
						}
					},
				})
				.then(() => {
					started = performance.now();
				}, reject);
		});
		await done;
	} finally {
		await consumer.disconnect().catch(() => {});
		await connection.close();
	}
	return perSecond(seen, finished - started);
}
