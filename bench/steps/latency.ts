import {findCell} from '../../source/domain/row.js';
import {type Services} from '../../source/services/create-services.js';
import {HbaseClient} from '../../source/services/hbase/hbase-client.js';
import {createProducePipeline, createSink} from '../../source/services/pipeline/pipeline-factory.js';
import {sleep} from '../../source/services/retry.js';
import {stubUuid} from '../../test/helpers/randomuser-stub.js';
import {percentiles} from '../lib/stats.js';

/**
 * Latency from the API response to the row being readable in HBase, at a steady rate: producer
 * and sink run as `run` wires them, against the stub, with a seed so every row key is known in
 * advance (stubUuid(seed, page, index)). A poller asks HBase for one user in `sampleEvery`; the
 * first time it sees a row, its latency is that moment minus the cell timestamp, which is the
 * Kafka timestamp the producer set to the moment the page's response arrived. The poll period
 * bounds the error (the figure is at most one period late).
 */
export interface LatencySettings {
	readonly rate: number;
	readonly pageSize: number;
	readonly seconds: number;
	readonly sampleEvery?: number;
	readonly pollMs?: number;
	readonly warmupMs?: number;
}

export interface LatencyResult {
	readonly p50: number;
	readonly p95: number;
	readonly p99: number;
	readonly max: number;
	readonly samples: number;
	readonly missing: number;
	readonly achievedRate: number;
	readonly pollMs: number;
}

export async function latencyRun(services: Services, group: string, settings: LatencySettings): Promise<LatencyResult> {
	const sampleEvery = settings.sampleEvery ?? 10;
	const pollMs = settings.pollMs ?? 25;
	// The first seconds include the group's first fetch; a short run keeps everything.
	const warmupMs = settings.warmupMs ?? (settings.seconds >= 10 ? 2000 : 0);
	const count = Math.round(settings.rate * settings.seconds);
	const seed = `lat${Date.now().toString(36)}`;
	const {sink, pool} = createSink(services, {group});
	const {run, producer} = createProducePipeline(services, {count, rate: settings.rate, pageSize: settings.pageSize, seed, apiVersion: '1.4'});
	const reader = services.thriftConnection({callTimeoutMs: 30_000});
	const hbase = new HbaseClient(reader);
	const pending = new Set<string>();
	const latencies: number[] = [];
	let produced = false;
	let stopped = false;
	let started = 0;
	run.events.on('progress', event => {
		for (let index = 0; index < event.fetched; index += sampleEvery) pending.add(stubUuid(seed, event.page, index).toLowerCase());
	});
	const poll = async () => {
		while (!stopped && (!produced || pending.size > 0)) {
			const keys = [...pending].slice(0, 400);
			if (keys.length > 0) {
				const rows = await hbase.getRows(services.settings.table, keys, ['info:nat']);
				const now = Date.now();
				for (const row of rows) {
					const cell = findCell(row, 'info:nat');
					if (!cell || !pending.delete(row.id)) continue;
					if (cell.timestamp >= started + warmupMs) latencies.push(now - cell.timestamp);
				}
			}
			await sleep(pollMs);
		}
	};
	let elapsedMs = 0;
	try {
		await reader.connect();
		await sink.start();
		await producer.connect();
		started = Date.now();
		const polling = poll().catch((error: unknown) => {
			if (!stopped) throw error;
		});
		try {
			const summary = await run.run();
			elapsedMs = summary.elapsedMs;
			if (summary.sent !== count) throw new Error(`the producer sent ${summary.sent} of ${count} users (${summary.reason ?? summary.state})`);
			produced = true;
			// Whatever is still pending after this is reported as missing, not waited for forever.
			await Promise.race([polling, sleep(15_000)]);
		} finally {
			stopped = true;
			await polling;
		}
	} finally {
		produced = true;
		await producer.disconnect().catch(() => {});
		await sink.stop();
		await pool.close();
		await reader.close();
	}
	if (latencies.length === 0) throw new Error(`no user was seen in HBase (${pending.size} pending)`);
	const [p50, p95, p99, max] = percentiles(latencies, [0.5, 0.95, 0.99, 1]);
	return {p50: p50!, p95: p95!, p99: p99!, max: max!, samples: latencies.length, missing: pending.size, achievedRate: (count * 1000) / elapsedMs, pollMs};
}
