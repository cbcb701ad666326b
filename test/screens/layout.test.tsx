import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {batch} from '../fakes/fake-pipeline.js';
import {FakeRowStore, userCells} from '../fakes/fake-row-store.js';
import {fits, renderApp, resize} from './render-app.js';

afterEach(() => cleanup());

describe('layout', () => {
	it('fits every screen in 80x24 after a resize, status bar included', async () => {
		const rows = new FakeRowStore(Array.from({length: 30}, (_, index) => ({id: `row-${index}`, cells: userCells(`First${index}`, `Last${index}`)})));
		const app = renderApp({rows});
		for (let index = 0; index < 50; index++) app.pipeline.emit({type: 'sink.batch', batch: batch({sample: [{rowKey: `k-${index}`, name: `Person ${index}`}]})});
		await app.waitFor('Producer');
		resize(app.instance.stdout, 80, 24);
		for (const key of ['1', '2', '3', '4', '5']) {
			await app.press(key);
			const frame = await app.waitFor(text => text.includes('topic userdata → table userdata') && fits(text, 80, 24));
			expect(frame.split('\n').at(-2)).toContain('Kafka connected');
		}
		await app.press('?');
		await app.waitFor(text => text.includes('Everywhere') && fits(text, 80, 24));
	});

	it('grows with a larger terminal', async () => {
		const app = renderApp({screen: 'consumer'});
		await app.waitFor('Consumer');
		resize(app.instance.stdout, 120, 40);
		app.pipeline.emit({type: 'sink.batch', batch: batch({sample: [{rowKey: 'aaaaaaaa-0000-4000-8000-000000000001', name: 'Ava Berg'}]})});
		// At 120 columns the full row key fits.
		await app.waitFor('aaaaaaaa-0000-4000-8000-000000000001');
	});
});
