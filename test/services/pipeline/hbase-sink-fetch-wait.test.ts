import {type Kafka} from 'kafkajs';
import {describe, expect, it} from 'vitest';
import {type ConnectionPool} from '../../../source/services/hbase/connection-pool.js';
import {type DlqPublisher} from '../../../source/services/pipeline/dlq-publisher.js';
import {HbaseSink, sinkDefaults} from '../../../source/services/pipeline/hbase-sink.js';

/**
 * kafkajs's disconnect waits for the fetch long-poll in flight: the consumer's maxWaitTimeInMs
 * is how long every stop (and so every `consume --max` / `--until-idle` run) can sit idle after
 * its last commit. kafkajs's default is 5 s.
 */
describe('the sink bounds the fetch long-poll', () => {
	it('creates its consumer with a fetch wait of at most a second', async () => {
		const seen: Array<Record<string, unknown>> = [];
		const consumer = {
			events: {CRASH: 'crash', STOP: 'stop'},
			on: () => () => {},
			connect: async () => {},
			subscribe: async () => {},
			run: async () => {},
			disconnect: async () => {},
		};
		const kafka = {
			consumer: (options: Record<string, unknown>) => {
				seen.push(options);
				return consumer;
			},
		} as unknown as Kafka;
		const dlq = {connect: async () => {}, disconnect: async () => {}, publish: async () => {}} as unknown as DlqPublisher;
		const sink = new HbaseSink({kafka, topic: 't', group: 'g', table: 'userdata', pool: {} as ConnectionPool, dlq});
		await sink.start();
		await sink.stop();
		expect(seen).toHaveLength(1);
		expect(seen[0]!.maxWaitTimeInMs).toBe(sinkDefaults.fetchMaxWaitMs);
		expect(sinkDefaults.fetchMaxWaitMs).toBeLessThanOrEqual(1000);
	});
});
