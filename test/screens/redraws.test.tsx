import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import type {PipelineEvent} from '../../source/services/ports.js';
import {batch} from '../fakes/fake-pipeline.js';
import {renderApp, settle} from './render-app.js';

afterEach(() => cleanup());

function page(users: number): PipelineEvent {
	return {type: 'producer.progress', progress: {at: Date.now(), fetched: users, sent: users, failed: 0, bytes: 1, fetchMs: 1, sendMs: 1, page: 1}};
}

/**
 * The console shares its thread with the pipeline, and every frame costs Ink a pass over the
 * whole screen: however many events arrive, the screen is drawn once per store interval, and
 * what it shows is still exact.
 */
describe('redraws while the pipeline runs', () => {
	it('draws a burst of thousands of events within one interval as one frame, with every event counted', async () => {
		const app = renderApp({flushMs: 250});
		app.pipeline.startProducer();
		app.pipeline.startSink();
		await app.waitFor('Producer ▶ running');
		const before = app.instance.frames.length;
		// 20 bursts, with the event loop (and Ink) free to run between them, as Kafka delivers.
		for (let burst = 0; burst < 20; burst++) {
			for (let index = 0; index < 100; index++) {
				app.pipeline.emit(page(1000));
				app.pipeline.emit({type: 'sink.batch', batch: batch({rows: 500, partition: index % 3})});
			}
			await settle();
		}
		const frame = await app.waitFor('sent 2,000,000');
		expect(frame).toContain('fetched 2,000,000');
		expect(frame).toContain('pages 2,000');
		// One frame; two if a slow machine ran the bursts across the interval (one per event would be hundreds).
		expect(app.instance.frames.length - before).toBeLessThanOrEqual(2);
		await app.press('2');
		await app.waitFor('written 1,000,000  batches 2,000');
	});

	it('does not draw again when an event changes nothing on the screen', async () => {
		const app = renderApp();
		app.pipeline.startProducer();
		await app.waitFor('Producer ▶ running');
		app.store.flush();
		await settle();
		const frames = app.instance.frames.length;
		const flushes = app.store.stats.flushes;
		// The same state again (as a resumed producer that was not paused says): nothing to show.
		for (let index = 0; index < 50; index++) app.pipeline.emit({type: 'producer.state', state: 'running'});
		app.store.flush();
		await settle();
		expect(app.store.stats.flushes).toBe(flushes);
		expect(app.instance.frames.length).toBe(frames);
		// And a change is still drawn.
		app.pipeline.emit(page(7));
		await app.waitFor('sent 7 ');
	});
});
