import {type Services} from '../../source/services/create-services.js';
import {createSink, type SinkSettings} from '../../source/services/pipeline/pipeline-factory.js';
import {perSecond} from '../lib/stats.js';

export interface SinkRunResult {
	readonly usersPerSecond: number;
	/** Connect and group join, before the first fetch (not in the rate). */
	readonly joinMs: number;
	readonly written: number;
	readonly dlq: number;
}

/**
 * The product's sink (HbaseSink as `consume` builds it) over a topic that is already full, with
 * a fresh consumer group: timed from the group join to the moment HBase acknowledged the last
 * row (the batch event is emitted after the ack and the offset commit).
 */
export async function sinkRun(services: Services, count: number, settings: SinkSettings & {group: string}, deadlineMs = 30 * 60_000): Promise<SinkRunResult> {
	const {sink, pool} = createSink(services, settings);
	const began = performance.now();
	let joined = 0;
	let finished = 0;
	const done = new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`sink wrote ${sink.stats.written} of ${count} users within ${deadlineMs / 1000} s`)), deadlineMs);
		sink.events.on('batch', () => {
			const stats = sink.stats;
			if (stats.written + stats.dlq >= count && finished === 0) {
				finished = performance.now();
				clearTimeout(timer);
				resolve();
			}
		});
	});
	try {
		// start() resolves once the consumer has joined its group, before the first fetch.
		await sink.start();
		joined = performance.now();
		await done;
	} finally {
		await sink.stop();
		await pool.close();
	}
	const stats = sink.stats;
	return {usersPerSecond: perSecond(stats.written + stats.dlq, finished - joined), joinMs: joined - began, written: stats.written, dlq: stats.dlq};
}
