import type {ReadStart, TailPort, TailRecord} from '../services/ports.js';
import {RingBuffer} from './ring-buffer.js';
import {userLine} from '../domain/errors.js';

/**
 * The Tail screen's records: a ring buffer (bounded memory however long it follows), redrawn at
 * most once per `flushMs` (records are not a React state each). Pause stops the read and keeps
 * where each partition stood; resume reads on from there, so nothing is skipped or shown twice.
 * A seek drops what is shown and reads from the new start, following.
 */
export type TailState = 'idle' | 'reading' | 'paused' | 'failed';

export interface TailSnapshot {
	readonly version: number;
	readonly state: TailState;
	/** Where the current read started, in words ("the last 10 of each partition", "0:42", a time). */
	readonly from: string;
	/** Records kept, oldest first. */
	readonly records: readonly TailRecord[];
	/** Records seen since the last seek (more than kept when the buffer wrapped). */
	readonly seen: number;
	readonly capacity: number;
	readonly error?: string;
}

export interface TailStoreOptions {
	readonly capacity?: number;
	readonly flushMs?: number;
}

export class TailStore {
	readonly capacity: number;
	private readonly flushMs: number;
	private readonly buffer: RingBuffer<TailRecord>;
	private readonly listeners = new Set<() => void>();
	private snapshot: TailSnapshot;
	private timer: ReturnType<typeof setTimeout> | undefined;
	private controller: AbortController | undefined;
	private state: TailState = 'idle';
	private from = '';
	private seen = 0;
	private error: string | undefined;
	/** Next offset to read per partition: where a resume goes on. */
	private readonly next = new Map<number, string>();
	private disposed = false;

	constructor(
		private readonly port: TailPort,
		options: TailStoreOptions = {},
	) {
		this.capacity = options.capacity ?? 1000;
		this.flushMs = options.flushMs ?? 100;
		this.buffer = new RingBuffer(this.capacity);
		this.snapshot = this.build(0);
	}

	readonly subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	readonly getSnapshot = (): TailSnapshot => this.snapshot;

	/** Drops what is shown and follows the topic from `start`. */
	seek(start: ReadStart, description: string): void {
		this.stopReading();
		this.buffer.clear();
		this.seen = 0;
		this.next.clear();
		this.from = description;
		this.read(start);
	}

	/** Stops reading; keeps the records and where each partition stood. */
	pause(): void {
		if (this.state !== 'reading') return;
		this.stopReading();
		this.state = 'paused';
		this.schedule();
	}

	/** Reads on from where the pause left each partition. */
	resume(): void {
		if (this.state !== 'paused') return;
		this.read({kind: 'offsets', offsets: new Map(this.next)});
	}

	dispose(): void {
		this.disposed = true;
		this.stopReading();
		clearTimeout(this.timer);
		this.listeners.clear();
	}

	private read(start: ReadStart): void {
		const controller = new AbortController();
		this.controller = controller;
		this.state = 'reading';
		this.error = undefined;
		this.schedule();
		this.port
			.tail({
				start,
				follow: true,
				signal: controller.signal,
				onPlan: ranges => {
					for (const range of ranges) if (!this.next.has(range.partition)) this.next.set(range.partition, range.from);
				},
				onRecord: record => {
					if (controller.signal.aborted) return false;
					this.buffer.push(record);
					this.seen++;
					this.next.set(record.partition, (BigInt(record.offset) + 1n).toString());
					this.schedule();
					return undefined;
				},
			})
			.then(
				() => {
					if (this.controller === controller && this.state === 'reading') this.state = 'idle';
				},
				(error: unknown) => {
					if (this.controller !== controller || controller.signal.aborted) return;
					this.state = 'failed';
					this.error = userLine(error);
				},
			)
			.finally(() => this.schedule());
	}

	private stopReading(): void {
		this.controller?.abort(new Error('tail stopped'));
		this.controller = undefined;
	}

	private schedule(): void {
		if (this.timer !== undefined || this.disposed) return;
		this.timer = setTimeout(() => {
			this.timer = undefined;
			this.snapshot = this.build(this.snapshot.version + 1);
			for (const listener of this.listeners) listener();
		}, this.flushMs);
		this.timer.unref?.();
	}

	private build(version: number): TailSnapshot {
		return {version, state: this.state, from: this.from, records: this.buffer.toArray(), seen: this.seen, capacity: this.capacity, error: this.error};
	}
}
