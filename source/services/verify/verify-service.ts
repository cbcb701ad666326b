import {type Kafka, type KafkaMessage} from 'kafkajs';
import {recordToCells} from '../../domain/cells.js';
import {ValidationError} from '../../domain/errors.js';
import {decodeMessage} from '../../domain/message.js';
import {compareRow, DEFAULT_SAMPLES, NewestIndex, type OffsetRange, type RecordPosition, type VerifyReport, VerifyTally} from '../../domain/verify-report.js';
import {type CellPut} from '../../domain/cells.js';
import {type HbaseClient} from '../hbase/hbase-client.js';
import {tableCall} from '../hbase/table-call.js';
import {readRanges, topicRanges} from './topic-range.js';

export interface VerifyOptions {
	/** Samples kept per kind (missing, different); default 20. */
	readonly samples?: number;
	/** Rows per HBase read (one getRows round-trip). */
	readonly batchRows?: number;
	readonly onProgress?: (progress: VerifyProgress) => void;
	readonly signal?: AbortSignal;
}

export interface VerifyProgress {
	/** `index`: finding each key's newest record; `compare`: reading HBase for them. */
	readonly phase: 'index' | 'compare';
	readonly records: number;
	readonly total: number;
}

export interface VerifyDeps {
	readonly kafka: Kafka;
	readonly hbase: HbaseClient;
	readonly topic: string;
	readonly table: string;
}

const DEFAULT_BATCH = 500;

interface Pending {
	readonly position: RecordPosition;
	readonly cells: readonly CellPut[];
}

/**
 * Reconciles the topic with the table: for each row key, its newest record (greatest Kafka
 * timestamp, then offset) against HBase's newest cells (domain/verify-report.ts says what counts
 * as missing or different).
 *
 * Two passes over a snapshot of the topic (first kept offset to the end when verify started),
 * so memory does not grow with the records: the first keeps only each key's newest position
 * (NewestIndex, about 150 bytes a key); the second decodes just those records and compares them
 * with one getRows round-trip per 500 rows. Kafka is read by a throw-away consumer group that
 * commits nothing. Costs: the topic is read twice; HBase once per row key.
 */
export async function verifyTopic(deps: VerifyDeps, options: VerifyOptions = {}): Promise<VerifyReport> {
	const started = performance.now();
	const batchRows = options.batchRows ?? DEFAULT_BATCH;
	const ranges = await topicRanges(deps.kafka, deps.topic);
	const total = ranges.reduce((sum, r) => sum + (r.high - r.low), 0);
	/** One read of the snapshot; `visit` sees each keyed record (a record without a key goes to the DLQ). */
	const pass = async (phase: VerifyProgress['phase'], visit: (key: Buffer, partition: number, message: KafkaMessage) => void | Promise<void>) => {
		let read = 0;
		await readRanges(
			deps.kafka,
			deps.topic,
			ranges,
			async (partition, messages) => {
				for (const message of messages) {
					if (!message.key) continue;
					const visited = visit(message.key, partition, message);
					if (visited) await visited;
				}
				read += messages.length;
				options.onProgress?.({phase, records: read, total});
			},
			options.signal,
		);
		return read;
	};

	const index = new NewestIndex();
	const records = await pass('index', (key, partition, message) => index.see(key, partition, Number(message.offset), Number(message.timestamp)));

	const tally = new VerifyTally(options.samples ?? DEFAULT_SAMPLES);
	let pending: Pending[] = [];
	const flush = async () => {
		if (pending.length === 0) return;
		const batch = pending;
		pending = [];
		const rows = await readRows(
			deps.hbase,
			deps.table,
			batch.map(p => p.position.row),
		);
		for (const {position, cells} of batch) tally.add(position, compareRow(cells, position.timestamp, rows.get(position.row)));
	};
	// Not async: only a full batch costs an await, not every record of the topic.
	await pass('compare', (key, partition, message) => {
		if (!index.isNewest(key, partition, Number(message.offset))) return;
		const cells = decodeCells(message);
		if (!cells) {
			tally.invalid++;
			return;
		}
		pending.push({position: {row: key.toString('utf8'), partition, offset: message.offset, timestamp: Number(message.timestamp)}, cells});
		return pending.length >= batchRows ? flush() : undefined;
	});
	await flush();

	const offsets: OffsetRange[] = ranges.map(r =>
		r.high > r.low
			? {partition: r.partition, from: String(r.low), to: String(r.high - 1), records: r.high - r.low}
			: {partition: r.partition, from: null, to: null, records: 0},
	);
	return tally.report({topic: deps.topic, table: deps.table, records, rows: index.size, offsets, elapsedMs: Math.round(performance.now() - started)});
}

/** The record's cells as the sink would write them, or undefined when the sink could not (DLQ). */
function decodeCells(message: KafkaMessage): CellPut[] | undefined {
	try {
		return recordToCells(decodeMessage(message.key, message.value, message.headers));
	} catch (error) {
		if (error instanceof ValidationError) return undefined;
		throw error;
	}
}

async function readRows(hbase: HbaseClient, table: string, keys: readonly string[]) {
	const rows = await tableCall(table, async () => hbase.getRows(table, keys));
	return new Map(rows.map(row => [row.id, row]));
}
