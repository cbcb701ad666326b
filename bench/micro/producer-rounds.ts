/**
 * The producer figures of the full bench alone, for trying a change quickly:
 * `npx tsx bench/micro/producer-rounds.ts [users] [rounds]` (stack running). Each round runs,
 * back to back, the producer with GZIP and without compression, then Kafka's
 * ProducerPerformance with random records of the same average size, and prints the ratios.
 */
import {machineFacts, stackClasspath} from '../lib/machine.js';
import {BenchResources, benchServices} from '../lib/stack.js';
import {figure} from '../lib/stats.js';
import {startStub} from '../lib/stub.js';
import {loadUserPool} from '../lib/users.js';
import {averageRecordBytes, kafkaProducerPerformance, producerRun} from '../steps/producer.js';

const users = Number(process.argv[2] ?? 100_000);
const rounds = Number(process.argv[3] ?? 3);
const resources = new BenchResources();
const stub = await startStub();
try {
	const machine = await machineFacts();
	const classpath = stackClasspath('kafka');
	if (!classpath) throw new Error('no Kafka classpath cached: run `userdata-tui stack up` once');
	const recordBytes = averageRecordBytes(await loadUserPool());
	const brokers = resources.services.settings.brokers.join(',');
	const ratios: Record<string, number[]> = {gzip: [], none: []};
	for (let round = 0; round < rounds; round++) {
		const rates: Record<string, number> = {};
		for (const compression of ['gzip', 'none'] as const) {
			const topic = await resources.topic('produce');
			rates[compression] = await producerRun(benchServices({topic, apiUrl: stub.baseUrl}), users, {compression});
			await resources.deleteTopic(topic);
		}
		const topic = await resources.topic('kafkaperf');
		const kafka = await kafkaProducerPerformance({java: machine.javaBin, classpath, brokers, topic, count: users, recordBytes});
		await resources.deleteTopic(topic);
		ratios['gzip']!.push(rates['gzip']! / kafka);
		ratios['none']!.push(rates['none']! / kafka);
		console.log(
			`round ${round + 1}: gzip ${Math.round(rates['gzip']!)}, none ${Math.round(rates['none']!)}, ProducerPerformance ${Math.round(kafka)} users/s; ratios ${(rates['gzip']! / kafka).toFixed(2)} / ${(rates['none']! / kafka).toFixed(2)}`,
		);
	}
	console.log(`median ratio: gzip ${figure(ratios['gzip']!).median.toFixed(2)}, none ${figure(ratios['none']!).median.toFixed(2)}`);
} finally {
	await resources.cleanup();
	await stub.close();
}
