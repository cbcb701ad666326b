import type {OnRefused, Refusal} from '../../domain/refusal.js';

/**
 * What the pipeline tells its watchers (the console, the headless progress line, the logs).
 * Events are emitted outside React; the console batches them on a timer.
 */
export interface ProducerProgress {
	readonly at: number; // epoch ms
	readonly fetched: number; // users in this page
	readonly sent: number; // users acknowledged by Kafka in this step
	readonly failed: number; // users not delivered in this step
	readonly bytes: number;
	readonly fetchMs: number;
	readonly sendMs: number;
	readonly page: number;
}

export interface PipelineError {
	readonly at: number;
	readonly source: 'api' | 'kafka' | 'hbase' | 'record';
	readonly message: string;
	readonly retrying: boolean;
}

/** The API asked us to wait (a 429): counted and shown calmly, the run goes on after the wait. */
export interface ProducerWaiting {
	readonly at: number;
	readonly page: number;
	readonly delayMs: number;
	/** "rate limited by the API, waiting Ns" */
	readonly message: string;
}

export type RunState = 'idle' | 'running' | 'paused' | 'stopping' | 'stopped' | 'failed';

export interface ProducerEvents {
	progress: ProducerProgress;
	error: PipelineError;
	waiting: ProducerWaiting;
	state: {readonly state: RunState; readonly reason?: string};
}

export interface InsertedRow {
	readonly rowKey: string;
	readonly name: string;
}

export interface SinkBatch {
	readonly at: number;
	readonly topic: string;
	readonly partition: number;
	readonly firstOffset: string;
	readonly lastOffset: string;
	readonly rows: number;
	readonly dlq: number;
	readonly latencyMs: number; // from batch start to HBase ack
	readonly lag: number; // high watermark - next offset of this partition after the batch
	readonly sample: readonly InsertedRow[]; // a few rows of the batch, for the insert log
}

export interface DlqEvent {
	readonly at: number;
	readonly partition: number;
	readonly offset: string;
	readonly reason: string;
}

/**
 * HBase refuses writes for a cause waiting will not fix (domain/refusal.ts): `line` says it with
 * the next step. Without `line`: writes go through again.
 */
export interface SinkRefused {
	readonly at: number;
	readonly line?: string;
	readonly refusal?: Refusal;
	readonly onRefused: OnRefused;
}

export interface SinkEvents {
	batch: SinkBatch;
	dlq: DlqEvent;
	error: PipelineError;
	state: {readonly state: RunState; readonly reason?: string};
	/** HBase did not take a batch; the sink waits and retries without committing. */
	stalled: {readonly at: number; readonly attempt: number; readonly delayMs: number; readonly message: string};
	resumed: {readonly at: number; readonly afterMs: number};
	refused: SinkRefused;
}
