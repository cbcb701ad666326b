/**
 * Sink call shapes against the gateway ceiling, for trying a change quickly:
 * `npx tsx bench/micro/sink-shapes.ts [users] [rounds]` (stack running). Fills one topic, then
 * per round runs the bare loop at a few shapes and the sink at a few write limits, back to back.
 */
import {randomUUID} from 'node:crypto';
import {type SinkSettings} from '../../source/services/pipeline/pipeline-factory.js';
import {cpuSince, cpuSnapshot} from '../lib/cpu.js';
import {BenchResources, benchServices} from '../lib/stack.js';
import {loadUserPool, rowWrites, userKeys} from '../lib/users.js';
import {fillTopic} from '../steps/fill.js';
import {gatewayRun} from '../steps/gateway.js';
import {sinkRun} from '../steps/sink.js';

const users = Number(process.argv[2] ?? 50_000);
const rounds = Number(process.argv[3] ?? 2);
const resources = new BenchResources();
try {
	const pool = await loadUserPool();
	const seed = `shapes-${randomUUID().slice(0, 8)}`;
	const topic = await resources.topic('shapes');
	await fillTopic(benchServices({topic}), topic, pool, seed, users);
	const rows = rowWrites(pool, userKeys(seed, users));
	const thrift = {host: resources.services.settings.thriftHost, port: resources.services.settings.thriftPort};
	const ceilings = [{batchRows: 1000, connections: 4}];
	const MiB = 1024 * 1024;
	const sinks: Array<{name: string; settings: SinkSettings}> = [
		{name: 'now (500 rows x2, 1 MiB fetches)', settings: {}},
		{name: '1 in flight, 2 MiB fetches', settings: {writeLimits: {callsInFlight: 1}, fetchBytesPerPartition: 2 * MiB}},
		{name: '2 in flight, 2 MiB fetches', settings: {fetchBytesPerPartition: 2 * MiB}},
		{name: '1000 rows x1, 2 MiB fetches, 4 conn', settings: {writeLimits: {rowsPerCall: 1000, callsInFlight: 1}, fetchBytesPerPartition: 2 * MiB, connections: 4}},
	];
	for (let round = 0; round < rounds; round++) {
		for (const shape of ceilings) {
			const table = await resources.table('shape');
			const before = cpuSnapshot();
			const rate = await gatewayRun(rows, table, shape, {...thrift, timestamp: Date.now()});
			const use = cpuSince(before);
			await resources.dropTable(table);
			console.log(
				`ceiling ${shape.batchRows}x${shape.connections}: ${Math.round(rate)} users/s, node ${Math.round((use.ms['bench (node)'] * 1000) / users)} hbase ${Math.round((use.ms.hbase * 1000) / users)} thrift ${Math.round((use.ms.thrift * 1000) / users)} ms/1000`,
			);
		}
		for (const variant of sinks) {
			const table = await resources.table('shape');
			const before = cpuSnapshot();
			const run = await sinkRun(benchServices({topic, table}), users, {group: `bench_shapes_${randomUUID().slice(0, 8)}`, ...variant.settings});
			const use = cpuSince(before);
			await resources.dropTable(table);
			console.log(
				`sink ${variant.name}: ${Math.round(run.usersPerSecond)} users/s, node ${Math.round((use.ms['bench (node)'] * 1000) / users)} hbase ${Math.round((use.ms.hbase * 1000) / users)} thrift ${Math.round((use.ms.thrift * 1000) / users)} kafka ${Math.round((use.ms.kafka * 1000) / users)} ms/1000`,
			);
		}
	}
} finally {
	await resources.cleanup();
}
