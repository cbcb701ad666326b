import type {Cell, CellVersion, Row} from '../domain/row.js';
import type {RowKey} from '../domain/row-key.js';
import type {BinaryFormat} from '../domain/display.js';
import type {DlqEvent, PipelineError, ProducerProgress, ProducerWaiting, RunState, SinkBatch, SinkRefused} from './pipeline/events.js';
import type {PartitionLag} from './pipeline/group-lag.js';
import type {LagTimes, PartitionLagTime} from '../domain/lag-time.js';
import type {DlqService} from './dlq/dlq-service.js';
import type {TailService} from './tail/tail-service.js';

/**
 * The small interfaces the console's screens and state depend on. Real adapters are built in
 * console-wiring/console-runtime.ts (over CrudService, the PipelineController and the probes); tests hand
 * the screens fakes of these. Nothing here does I/O.
 */

export type {LagTimes, PartitionLagTime};
export type {DlqEvent, PartitionLag, PipelineError, ProducerProgress, ProducerWaiting, RunState, SinkBatch, SinkRefused};

// The row model is the domain's (domain/row.ts): the CRUD service returns it and the screens render it.
export type {Cell, CellVersion, Row, RowKey};

// ---------------------------------------------------------------- rows (the `userdata` table)

export interface RowQuery {
	/** Row key prefix (a key range, not a filter); bytes for a binary one. */
	readonly prefix?: RowKey;
	/** Continuation: the `next` of the previous page. */
	readonly start?: RowKey;
	readonly limit?: number;
	/** `family:qualifier~text` (contains) or `family:qualifier=text` (equals). */
	readonly where?: string;
}

export interface RowPage {
	readonly rows: readonly Row[];
	readonly next?: RowKey;
}

export interface RowChange {
	/** Text, or bytes for a value that is not text. */
	readonly set?: Readonly<Record<string, string | Uint8Array>>;
	readonly unset?: readonly string[];
}

/**
 * What the browser and the forms call. Errors are the domain's: NotFoundError,
 * ValidationError (with `field`), ConflictError, AlreadyExistsError, UnavailableError.
 */
export interface RowStore {
	scan(query: RowQuery): Promise<RowPage>;
	get(id: RowKey, options?: {readonly versions?: number}): Promise<Row>;
	create(fields: Readonly<Record<string, string>>): Promise<Row>;
	/** ConflictError when a cell of the row is newer than ifUnchangedSince. */
	update(id: RowKey, change: RowChange, options?: {readonly ifUnchangedSince?: number}): Promise<Row>;
	deleteRow(id: RowKey): Promise<void>;
	deleteCells(id: RowKey, columns: readonly string[]): Promise<void>;
}

// ---------------------------------------------------------------- the pipeline

/** What the console can tell about a producer or sink: RunState, plus connecting before it runs. */
export type ControlState = RunState | 'starting';

export interface ProducerOptions {
	/** Users per second; 0: as fast as the API answers. */
	readonly rate: number;
	/** Users per API page and Kafka send. */
	readonly pageSize: number;
}

export interface SinkStalled {
	readonly at: number;
	readonly attempt: number;
	readonly delayMs: number;
	readonly message: string;
}

export type PipelineEvent =
	| {readonly type: 'producer.progress'; readonly progress: ProducerProgress}
	| {readonly type: 'producer.error'; readonly error: PipelineError}
	| {readonly type: 'producer.waiting'; readonly waiting: ProducerWaiting}
	| {readonly type: 'producer.state'; readonly state: ControlState; readonly reason?: string}
	| {readonly type: 'producer.options'; readonly options: ProducerOptions}
	| {readonly type: 'sink.batch'; readonly batch: SinkBatch}
	| {readonly type: 'sink.dlq'; readonly dlq: DlqEvent}
	| {readonly type: 'sink.error'; readonly error: PipelineError}
	| {readonly type: 'sink.state'; readonly state: ControlState; readonly reason?: string}
	| {readonly type: 'sink.stalled'; readonly stalled: SinkStalled}
	| {readonly type: 'sink.resumed'; readonly at: number; readonly afterMs: number}
	| {readonly type: 'sink.refused'; readonly refused: SinkRefused}
	| {readonly type: 'lag'; readonly at: number; readonly partitions: readonly PartitionLag[]; readonly times?: LagTimes};

/**
 * Steers the producer and the sink. Commands return at once (or when stopped, for the stop
 * calls); what happens is reported through events, which run outside React.
 */
export interface PipelineControl {
	readonly producerOptions: ProducerOptions;
	subscribe(listener: (event: PipelineEvent) => void): () => void;
	startProducer(): void;
	pauseProducer(): void;
	resumeProducer(): void;
	stopProducer(): Promise<void>;
	/** Applies from the next page on. */
	configureProducer(change: Partial<ProducerOptions>): void;
	startSink(): void;
	stopSink(): Promise<void>;
	/** Stops both gracefully: the producer after its page, the sink without committing half a batch. */
	shutdown(): Promise<void>;
}

// ---------------------------------------------------------------- health

export type ServiceName = 'Kafka' | 'HBase';

/** One cheap round-trip to a service; rejects when it does not answer. */
export interface HealthProbe {
	readonly service: ServiceName;
	/** Where it is looked for, as shown to the user (follows the settings). */
	address(): string;
	check(): Promise<void>;
}

// ---------------------------------------------------------------- settings

/** The settings the console edits (as typed: text). */
export const EDITABLE_SETTINGS = ['brokers', 'thriftHost', 'thriftPort', 'apiUrl', 'topic', 'table'] as const;
export type EditableSetting = (typeof EDITABLE_SETTINGS)[number];
export type SettingsValues = Readonly<Record<EditableSetting, string>>;

/** What the status bar shows: the editable settings and the consumer group. */
export interface ActiveSettings extends SettingsValues {
	readonly group: string;
	/** Every write refused and its keys hidden; the status bar says READ-ONLY. */
	readonly readOnly?: boolean;
	/** How keys and values that are not UTF-8 are shown and typed (hex by default). */
	readonly binaryFormat?: BinaryFormat;
}

export interface SettingsPort {
	current(): ActiveSettings;
	/**
	 * Validates (ValidationError naming the setting), saves to the settings file and applies
	 * them without a restart. Resolves with the settings now active.
	 */
	save(values: SettingsValues): Promise<{readonly settings: ActiveSettings; readonly path: string}>;
}

// ---------------------------------------------------------------- operating: dead letters and the tail

/**
 * Dead letters of `<topic>.dlq`: list them (filtered by reason, counted per reason) and send
 * them back to their topic. `replay` is the one write (a read-only mode guards it alone).
 */
export type DlqPort = Pick<DlqService, 'list' | 'replay' | 'replayFixed'>;

/** The topic's records, decoded, from a chosen start; followed until the signal. */
export type TailPort = Pick<TailService, 'tail'>;

export type {DeadLetterInfo} from '../domain/dlq.js';
export type {TailRecord} from '../domain/tail.js';
export type {DlqList, ReplayOutcome} from './dlq/dlq-service.js';
export type {ReadStart} from './kafka/topic-reader.js';
