import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {batch} from '../fakes/fake-pipeline.js';
import {keys, renderApp} from './render-app.js';

afterEach(() => cleanup());

describe('Consumer screen', () => {
	it('starts and stops the sink, and tails the insert log with lag per partition', async () => {
		const app = renderApp({screen: 'consumer'});
		await app.waitFor('Consumer ○ idle');
		await app.press('s');
		await app.waitFor('Consumer ▶ running');
		app.pipeline.emit({
			type: 'sink.batch',
			batch: batch({
				partition: 2,
				firstOffset: '40',
				lastOffset: '49',
				latencyMs: 17,
				lag: 5,
				sample: [{rowKey: 'b1d0c0de-0000-4000-8000-000000000042', name: 'Ola Nordmann'}],
			}),
		});
		app.pipeline.emit({
			type: 'lag',
			at: Date.now(),
			partitions: [
				{partition: 0, committed: 10, high: 13, lag: 3},
				{partition: 1, committed: 5, high: 5, lag: 0},
			],
		});
		const frame = await app.waitFor('Ola Nordmann');
		expect(frame).toContain('b1d0c0de-0000-4000-8000-000000000042');
		expect(frame).toMatch(/p2\s+40-49/u);
		expect(frame).toContain('17 ms');
		expect(frame).toContain('lag 8  p0 3  p1 0  p2 5');
		await app.press('x');
		await app.waitFor('Consumer ■ stopped');
		expect(app.pipeline.calls).toEqual(['startSink', 'stopSink']);
	});

	it('shows the DLQ count and the last reasons, and a stalled HBase', async () => {
		const app = renderApp({screen: 'consumer'});
		app.pipeline.emit({type: 'sink.batch', batch: batch({rows: 8, dlq: 2})});
		app.pipeline.emit({type: 'sink.dlq', dlq: {at: Date.now(), partition: 1, offset: '77', reason: 'value is not JSON'}});
		app.pipeline.emit({type: 'sink.stalled', stalled: {at: Date.now(), attempt: 2, delayMs: 1200, message: 'connect ECONNREFUSED'}});
		const frame = await app.waitFor('DLQ 2');
		expect(frame).toContain('p1 @77: value is not JSON');
		expect(frame).toContain('HBase is not taking writes (connect ECONNREFUSED)');
	});

	it('names a permanent refusal with its next step, and the status bar does not call HBase connected meanwhile', async () => {
		const app = renderApp({screen: 'consumer'});
		await app.waitFor('HBase connected');
		const line = 'table userdata has no family address: run `userdata-tui init --fix`';
		app.pipeline.emit({type: 'sink.stalled', stalled: {at: Date.now(), attempt: 3, delayMs: 2400, message: line}});
		app.pipeline.emit({type: 'sink.refused', refused: {at: Date.now(), line, onRefused: 'wait'}});
		const frame = await app.waitFor('HBase refuses writes');
		expect(frame).toContain('✕ HBase refuses writes: table userdata has no family address: run `userdata-tui init --fix`');
		expect(frame).toContain('HBase refusing writes');
		expect(frame).not.toContain('HBase connected');
		// Written again: the line goes, and HBase is connected again.
		app.pipeline.emit({type: 'sink.refused', refused: {at: Date.now(), onRefused: 'wait'}});
		app.pipeline.emit({type: 'sink.resumed', at: Date.now(), afterMs: 5000});
		const after = await app.waitFor('HBase connected');
		expect(after).not.toContain('refuses writes');
	});

	it('shows the lag in time: the oldest unwritten record per partition and the drain ETA, and charts the total lag', async () => {
		const app = renderApp({screen: 'consumer'});
		app.pipeline.emit({
			type: 'lag',
			at: Date.now(),
			partitions: [
				{partition: 0, committed: 10, high: 40, lag: 30},
				{partition: 1, committed: 5, high: 5, lag: 0},
			],
			times: {
				lag: 30,
				oldestAgeMs: 12_300,
				drainPerSecond: 3,
				etaMs: 10_000,
				partitions: [
					{partition: 0, lag: 30, oldestAgeMs: 12_300, drainPerSecond: 3, etaMs: 10_000},
					{partition: 1, lag: 0, oldestAgeMs: 0, drainPerSecond: 0, etaMs: 0},
				],
			},
		});
		const frame = await app.waitFor('oldest unwritten');
		expect(frame).toContain('oldest unwritten 12.3 s · drains in 10.0 s at 3.0/s · p0 12.3 s');
		expect(frame).toContain('lag (records not yet written)  now 30');
	});

	it('says "not taking writes" for HBase in the status bar while the sink stalls', async () => {
		const app = renderApp({screen: 'consumer'});
		app.pipeline.emit({type: 'sink.stalled', stalled: {at: Date.now(), attempt: 1, delayMs: 300, message: 'connect ECONNREFUSED'}});
		const frame = await app.waitFor('HBase not taking writes');
		expect(frame).not.toContain('HBase connected');
	});

	it('scrolls back through the insert log and follows the tail again', async () => {
		const app = renderApp({screen: 'consumer'});
		for (let index = 0; index < 60; index++) {
			app.pipeline.emit({type: 'sink.batch', batch: batch({sample: [{rowKey: `key-${index}`, name: `Person ${index}`}]})});
		}
		await app.waitFor('Person 59');
		await app.press(keys.up, keys.up, keys.up);
		const frame = await app.waitFor('3 back');
		expect(frame).not.toContain('Person 59');
		expect(frame).toContain('Person 56');
		await app.press('f');
		await app.waitFor('Person 59');
	});
});
