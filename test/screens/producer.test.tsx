import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {renderApp} from './render-app.js';

afterEach(() => cleanup());

describe('Producer screen', () => {
	it('starts, pauses, resumes and stops the producer from the keyboard', async () => {
		const app = renderApp();
		await app.waitFor('Producer ○ idle');
		await app.press('s');
		await app.waitFor('Producer ▶ running');
		await app.press('p');
		await app.waitFor('Producer ⏸ paused');
		expect(app.pipeline.calls).toEqual(['startProducer', 'pauseProducer']);
		await app.press('p');
		await app.waitFor('Producer ▶ running');
		await app.press('x');
		await app.waitFor('Producer ■ stopped');
		expect(app.pipeline.calls).toEqual(['startProducer', 'pauseProducer', 'resumeProducer', 'stopProducer']);
	});

	it('steps the rate and the page size', async () => {
		const app = renderApp();
		await app.waitFor('rate unlimited · page 1,000 users');
		await app.press('-');
		await app.waitFor('rate 10,000/s');
		await app.press('-', '-');
		await app.waitFor('rate 2,000/s');
		await app.press(']');
		await app.waitFor('page 2,000 users');
		await app.press('[', '[');
		await app.waitFor('page 500 users');
		await app.press('+', '+', '+', '+');
		await app.waitFor('rate unlimited');
		expect(app.pipeline.calls[0]).toBe('configureProducer {"rate":10000}');
	});

	it('shows totals, live rates and the last errors with their time', async () => {
		const app = renderApp();
		await app.press('s');
		await app.waitFor('running');
		const at = Date.now() - 2000;
		for (let page = 1; page <= 20; page++) {
			app.pipeline.emit({type: 'producer.progress', progress: {at, fetched: 100, sent: 99, failed: 1, bytes: 1000, fetchMs: 50, sendMs: 10, page}});
		}
		app.pipeline.emit({type: 'producer.error', error: {at: Date.UTC(2025, 0, 31, 14, 3, 7), source: 'api', message: 'page 21: HTTP 429 Too Many Requests', retrying: true}});
		const frame = await app.waitFor('fetched 2,000  sent 1,980  failed 20  pages 20');
		expect(frame).toMatch(/fetched users\/s {2}now \d[\d,.k]*\/s/u);
		await app.waitFor('14:03:07Z api   page 21: HTTP 429 Too Many Requests (retrying)');
	});
});
