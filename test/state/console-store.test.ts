import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {PipelineEvent} from '../../source/services/ports.js';
import {ConsoleStore} from '../../source/state/console-store.js';
import {batch} from '../fakes/fake-pipeline.js';
import {defaultSettings} from '../fakes/fake-settings.js';

function store(options: Partial<ConstructorParameters<typeof ConsoleStore>[0]> = {}): ConsoleStore {
	return new ConsoleStore({settings: defaultSettings, producerOptions: {rate: 0, pageSize: 1000}, ...options});
}

function progress(at: number, users = 10): PipelineEvent {
	return {type: 'producer.progress', progress: {at, fetched: users, sent: users, failed: 0, bytes: 100, fetchMs: 1, sendMs: 1, page: 1}};
}

describe('ConsoleStore', () => {
	beforeEach(() => {
		vi.useFakeTimers();
		vi.setSystemTime(new Date('2025-01-31T12:00:00Z'));
	});
	afterEach(() => vi.useRealTimers());

	it('batches many events into at most one redraw per flush interval', () => {
		const console = store({flushMs: 100});
		const redraws = vi.fn();
		console.subscribe(redraws);
		// 10,000 events over one second: a Kafka-speed burst.
		for (let ms = 0; ms < 1000; ms++) {
			for (let index = 0; index < 10; index++) console.ingest(progress(Date.now()));
			vi.advanceTimersByTime(1);
		}
		vi.advanceTimersByTime(100);
		expect(console.stats.events).toBe(10_000);
		expect(redraws.mock.calls.length).toBeGreaterThanOrEqual(9);
		expect(redraws.mock.calls.length).toBeLessThanOrEqual(11);
		expect(console.getSnapshot().producer.sent).toBe(100_000);
	});

	it('does not redraw until the flush interval has passed, and not at all without events', () => {
		const console = store({flushMs: 100});
		const redraws = vi.fn();
		console.subscribe(redraws);
		vi.advanceTimersByTime(5000);
		expect(redraws).not.toHaveBeenCalled();
		console.ingest(progress(Date.now()));
		const before = console.getSnapshot();
		vi.advanceTimersByTime(99);
		expect(redraws).not.toHaveBeenCalled();
		expect(console.getSnapshot()).toBe(before);
		vi.advanceTimersByTime(1);
		expect(redraws).toHaveBeenCalledTimes(1);
		expect(console.getSnapshot()).not.toBe(before);
		expect(console.getSnapshot().producer.pages).toBe(1);
	});

	it('keeps its logs and chart windows at a fixed size however long it runs', () => {
		const console = store({logCapacity: 100, errorCapacity: 10, windowSeconds: 60});
		for (let index = 0; index < 5000; index++) {
			const at = Date.now();
			console.ingest({type: 'sink.batch', batch: batch({at, sample: Array.from({length: 5}, (_, row) => ({rowKey: `k-${index}-${row}`, name: 'x'}))})});
			console.ingest({type: 'sink.error', error: {at, source: 'hbase', message: `e${index}`, retrying: true}});
			console.ingest({type: 'sink.dlq', dlq: {at, partition: 0, offset: String(index), reason: 'bad'}});
			console.ingest(progress(at));
			vi.advanceTimersByTime(37);
		}
		console.flush();
		const {sink, producer} = console.getSnapshot();
		expect(sink.inserts).toHaveLength(100);
		expect(sink.inserts.at(-1)?.rowKey).toBe('k-4999-4');
		expect(sink.errors).toHaveLength(10);
		// 5,000 DLQ events into a buffer of min(errorCapacity, 20): exactly the last 10 are kept
		// (an upper bound alone would also pass with none).
		expect(sink.dlqEvents).toHaveLength(10);
		expect(sink.dlqEvents.at(-1)?.offset).toBe('4999');
		expect(sink.writtenSeries).toHaveLength(60);
		expect(producer.sentSeries).toHaveLength(60);
		expect(sink.written).toBe(50_000);
	});

	it('turns events into per-second rates and a chart series', () => {
		const console = store({windowSeconds: 10});
		const start = Date.now();
		for (let second = 0; second < 5; second++) {
			console.ingest(progress(start + second * 1000, 100));
			console.ingest(progress(start + second * 1000 + 500, 100));
		}
		vi.setSystemTime(start + 5000);
		console.flush();
		const {producer} = console.getSnapshot();
		expect(producer.sentSeries.slice(-5)).toEqual([200, 200, 200, 200, 200]);
		expect(producer.sentSeries.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
		expect(producer.sentPerSecond).toBe(200);
	});

	it('merges lag from batches and from the group offsets', () => {
		const console = store();
		console.ingest({
			type: 'lag',
			at: Date.now(),
			partitions: [
				{partition: 0, committed: 0, high: 10, lag: 10},
				{partition: 1, committed: 0, high: 4, lag: 4},
			],
		});
		console.ingest({type: 'sink.batch', batch: batch({partition: 0, lag: 2})});
		console.flush();
		const {sink} = console.getSnapshot();
		expect(sink.lag).toEqual([
			{partition: 0, lag: 2},
			{partition: 1, lag: 4},
		]);
		expect(sink.totalLag).toBe(6);
	});

	it('ticks while started so charts scroll without events, and stops when disposed', () => {
		const console = store({tickMs: 1000});
		const redraws = vi.fn();
		console.subscribe(redraws);
		console.start();
		console.ingest(progress(Date.now(), 500));
		vi.advanceTimersByTime(250);
		expect(redraws).toHaveBeenCalledTimes(1);
		// No event since, but that second's bar moves left across the chart: a redraw each second.
		vi.advanceTimersByTime(3000);
		expect(redraws).toHaveBeenCalledTimes(4);
		console.dispose();
		vi.advanceTimersByTime(3000);
		expect(redraws).toHaveBeenCalledTimes(4);
	});

	it('does not redraw an idle console: a tick that changes nothing tells no one', () => {
		const console = store({tickMs: 1000});
		const redraws = vi.fn();
		console.subscribe(redraws);
		console.start();
		const before = console.getSnapshot();
		vi.advanceTimersByTime(60_000);
		expect(redraws).not.toHaveBeenCalled();
		expect(console.getSnapshot()).toBe(before);
		// An event that changes nothing shown (the same state again) does not redraw either.
		console.ingest({type: 'sink.state', state: 'idle'});
		vi.advanceTimersByTime(1000);
		expect(redraws).not.toHaveBeenCalled();
		console.dispose();
	});

	it('publishes at most once per 250 ms while the pipeline runs flat out, ticks included, and drops no event', () => {
		const console = store();
		const at: number[] = [];
		console.subscribe(() => at.push(Date.now()));
		console.start();
		// Events start between two ticks, so a tick falls between two event flushes.
		vi.advanceTimersByTime(100);
		const start = Date.now();
		// 10 s of a busy pipeline: a sink batch of 100 rows and a producer page every 2 ms.
		for (let ms = 0; ms < 10_000; ms += 2) {
			console.ingest({type: 'sink.batch', batch: batch({at: Date.now(), rows: 100, partition: ms % 3})});
			console.ingest(progress(Date.now(), 1000));
			vi.advanceTimersByTime(2);
		}
		vi.advanceTimersByTime(1000);
		expect(at.length).toBeGreaterThanOrEqual(30);
		expect(at.length).toBeLessThanOrEqual(10_000 / 250 + 1);
		const gaps = at.slice(1).map((time, index) => time - at[index]!);
		expect(Math.min(...gaps)).toBeGreaterThanOrEqual(250);
		expect(at[0]! - start).toBeLessThanOrEqual(250);
		const {sink, producer} = console.getSnapshot();
		expect(console.stats.events).toBe(10_000);
		expect(sink.written).toBe(500_000);
		expect(sink.batches).toBe(5000);
		expect(producer.sent).toBe(5_000_000);
		expect(producer.pages).toBe(5000);
		console.dispose();
	});

	it('keeps the parts of the snapshot that did not change, so their memoised views skip the redraw', () => {
		const console = store();
		console.ingest({type: 'sink.batch', batch: batch({at: Date.now(), sample: [{rowKey: 'k1', name: 'Ann'}]})});
		console.ingest({type: 'sink.error', error: {at: Date.now(), source: 'hbase', message: 'slow', retrying: true}});
		console.flush();
		const first = console.getSnapshot();
		console.ingest({type: 'producer.state', state: 'running'});
		console.flush();
		const second = console.getSnapshot();
		expect(second).not.toBe(first);
		expect(second.version).toBe(first.version + 1);
		expect(second.producer.state).toBe('running');
		expect(second.sink).toBe(first.sink);
		expect(second.health).toBe(first.health);
		expect(second.producer.errors).toBe(first.producer.errors);
	});

	it('counts 429 waits apart from errors and shows the latest until a page arrives or the run ends', () => {
		const console = store();
		const waiting = (delayMs: number): PipelineEvent => ({
			type: 'producer.waiting',
			waiting: {at: Date.now(), page: 2, delayMs, message: `rate limited by the API, waiting ${delayMs / 1000}s`},
		});
		console.ingest(waiting(5000));
		console.ingest(waiting(10_000));
		console.flush();
		expect(console.getSnapshot().producer).toMatchObject({rateLimited: 2, waiting: 'rate limited by the API, waiting 10s', errors: []});
		console.ingest(progress(Date.now()));
		console.flush();
		expect(console.getSnapshot().producer).toMatchObject({rateLimited: 2, waiting: undefined, pages: 1});
		console.ingest(waiting(1000));
		console.ingest({type: 'producer.state', state: 'stopped'});
		console.flush();
		expect(console.getSnapshot().producer).toMatchObject({rateLimited: 3, waiting: undefined});
	});
});
