import {execFile} from 'node:child_process';
import {writeFile} from 'node:fs/promises';
import {promisify} from 'node:util';
import {encodeMessage} from '../../source/domain/message.js';
import {type Services} from '../../source/services/create-services.js';
import {createProducePipeline} from '../../source/services/pipeline/pipeline-factory.js';
import {perSecond} from '../lib/stats.js';
import {pageRecords, PAGE_SIZE, type UserPool} from '../lib/users.js';

const run = promisify(execFile);

/**
 * The producer as `produce` runs it (ProduceRun: API page → parse → transform → encode → Kafka,
 * idempotent, acks=all, GZIP unless told otherwise, kafkajs in its own thread unless told otherwise),
 * from the stub, timed from the first request to the last ack.
 */
export interface ProducerVariant {
	readonly compression?: 'gzip' | 'none';
	/** false: kafkajs in the main thread, as before the producer thread. */
	readonly producerThread?: boolean;
}

export async function producerRun(services: Services, count: number, variant: ProducerVariant = {}, pageSize = PAGE_SIZE): Promise<number> {
	const {run: produce, producer} = createProducePipeline(services, {count, pageSize, apiVersion: '1.4'}, variant);
	await producer.connect();
	try {
		const summary = await produce.run();
		if (summary.sent !== count) throw new Error(`the producer sent ${summary.sent} of ${count} users (${summary.reason ?? summary.state})`);
		return perSecond(summary.sent, summary.elapsedMs);
	} finally {
		await producer.disconnect();
	}
}

/**
 * The source's ceiling: the stub's own serving rate, pages of the same size fetched back to back
 * and read whole (no parsing), one request at a time as the producer asks.
 */
export async function stubServingRate(baseUrl: string, count: number, pageSize = PAGE_SIZE): Promise<number> {
	const started = performance.now();
	let users = 0;
	for (let page = 1; users < count; page++) {
		const results = Math.min(pageSize, count - users);
		const response = await fetch(`${baseUrl}1.4/?results=${results}&page=${page}`);
		await response.arrayBuffer();
		if (!response.ok) throw new Error(`the stub answered HTTP ${response.status}`);
		users += results;
	}
	return perSecond(users, performance.now() - started);
}

/** The average size of an encoded message value (the JSON the producer writes), in bytes. */
export function averageRecordBytes(users: UserPool): number {
	const sample = pageRecords(users, 'size', 0, PAGE_SIZE, new Date());
	const total = sample.reduce((sum, record) => sum + Buffer.byteLength(encodeMessage(record).value, 'utf8'), 0);
	return Math.round(total / sample.length);
}

/** Real message values, one per line, for ProducerPerformance --payload-file. */
export async function writePayloadFile(file: string, users: UserPool, lines = 2000): Promise<void> {
	const records = pageRecords(users, 'payload', 0, Math.min(lines, PAGE_SIZE), new Date());
	await writeFile(file, `${records.map(record => encodeMessage(record).value).join('\n')}\n`);
}

export interface KafkaPerfOptions {
	readonly java: string;
	readonly classpath: readonly string[];
	readonly brokers: string;
	readonly topic: string;
	readonly count: number;
	/** Random payloads of this size, or real lines from a file. */
	readonly recordBytes?: number;
	readonly payloadFile?: string;
	readonly compression?: 'none' | 'gzip';
}

/**
 * Kafka's own producer benchmark (org.apache.kafka.tools.ProducerPerformance, kafka-tools),
 * unthrottled, acks=all: the broker's ceiling on this machine. The figure is the tool's own
 * records/sec (JVM start-up excluded).
 */
export async function kafkaProducerPerformance(options: KafkaPerfOptions): Promise<number> {
	const args = [
		'-cp',
		options.classpath.join(':'),
		'org.apache.kafka.tools.ProducerPerformance',
		'--topic',
		options.topic,
		'--num-records',
		String(options.count),
		'--throughput',
		'-1',
		...(options.payloadFile ? ['--payload-file', options.payloadFile] : ['--record-size', String(options.recordBytes ?? 1000)]),
		'--producer-props',
		`bootstrap.servers=${options.brokers}`,
		'acks=all',
		`compression.type=${options.compression ?? 'none'}`,
	];
	const {stdout} = await run(options.java, args, {maxBuffer: 16 * 1024 * 1024, timeout: 15 * 60_000});
	// Last line: "200000 records sent, 81234.5 records/sec (77.47 MB/sec), 12.3 ms avg latency, ..."
	const match = /(\d+) records sent, ([\d.]+) records\/sec/.exec(stdout.trim().split('\n').at(-1) ?? '');
	if (!match) throw new Error(`ProducerPerformance printed no summary:\n${stdout.slice(-500)}`);
	return Number(match[2]);
}
