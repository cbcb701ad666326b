import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {defaultSettings} from '../fakes/fake-settings.js';
import {fits, renderApp, resize} from './render-app.js';

/** A self-hosted API: no default pacing, so the rate keys alone decide. */
const selfHosted = {...defaultSettings, apiUrl: 'http://127.0.0.1:3000/api/'};

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
		const app = renderApp({settings: selfHosted});
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
		// At the top, + says so instead of doing nothing; every rate and page key is in the footer.
		await app.press('+');
		const frame = await app.waitFor('Already unlimited');
		expect(frame).toMatch(/\+ faster {2}- slower {2}\] bigger page {2}\[ smaller page/u);
	});

	it('shows "now" as zero while paused, and "max" from the data whatever the width', async () => {
		const app = renderApp();
		await app.press('s');
		await app.waitFor('running');
		const at = Date.now() - 2000;
		// One busy second (3,000 users) among quiet ones: columns averaging seconds would hide it.
		app.pipeline.emit({type: 'producer.progress', progress: {at, fetched: 3000, sent: 3000, failed: 0, bytes: 1000, fetchMs: 50, sendMs: 10, page: 1}});
		app.pipeline.emit({type: 'producer.progress', progress: {at: at - 1000, fetched: 10, sent: 10, failed: 0, bytes: 1000, fetchMs: 50, sendMs: 10, page: 2}});
		let frame = await app.waitFor(/fetched users\/s {2}now [1-9]/u);
		expect(frame).toContain('max 3.0k/s');
		resize(app.instance.stdout, 60, 30);
		frame = await app.waitFor(next => fits(next, 60, 30));
		expect(frame).toContain('max 3.0k/s');
		await app.press('p');
		frame = await app.waitFor(/fetched users\/s {2}now 0\/s/u);
	});

	it('shows totals, live rates and the last errors with their time', async () => {
		const app = renderApp();
		await app.press('s');
		await app.waitFor('running');
		const at = Date.now() - 2000;
		for (let page = 1; page <= 20; page++) {
			app.pipeline.emit({type: 'producer.progress', progress: {at, fetched: 100, sent: 99, failed: 1, bytes: 1000, fetchMs: 50, sendMs: 10, page}});
		}
		app.pipeline.emit({
			type: 'producer.error',
			error: {at: Date.UTC(2025, 0, 31, 14, 3, 7), source: 'api', message: 'page 21: HTTP 429 Too Many Requests', retrying: true},
		});
		const frame = await app.waitFor('fetched 2,000  sent 1,980  failed 20  pages 20');
		expect(frame).toMatch(/fetched users\/s {2}now \d[\d,.k]*\/s/u);
		await app.waitFor('14:03:07Z api   page 21: HTTP 429 Too Many Requests (retrying)');
	});

	it('shows the pace for randomuser.me, and for a self-hosted API none', async () => {
		const paced = renderApp();
		const frame = await paced.waitFor('rate 60/s · page 1,000 users');
		expect(frame).toContain('paced for randomuser.me: 60 users/s');
		cleanup();
		const local = renderApp({settings: selfHosted});
		expect(await local.waitFor('rate unlimited · page 1,000 users')).not.toContain('paced for');
	});

	it('warns, without alarm, when the chosen rate is above the public limit', async () => {
		const app = renderApp();
		await app.waitFor('rate 60/s');
		// The keys step from the pace in force: slower is 50/s, faster 100/s then 200/s.
		await app.press('-');
		await app.waitFor('rate 50/s · page 1,000 users');
		expect(app.frame()).not.toContain('paced for');
		await app.press('+', '+');
		await app.waitFor("rate 200 users/s is above randomuser.me's limit (about 20,000 users per 5 minutes)");
		expect(app.pipeline.calls.slice(0, 2)).toEqual(['configureProducer {"rate":50}', 'configureProducer {"rate":100}']);
	});

	it('shows a 429 as a wait and a count, not as an error, until the next page arrives', async () => {
		const app = renderApp();
		await app.press('s');
		await app.waitFor('running');
		app.pipeline.emit({type: 'producer.waiting', waiting: {at: Date.now(), page: 3, delayMs: 30_000, message: 'rate limited by the API, waiting 30s'}});
		const frame = await app.waitFor('⏳ rate limited by the API, waiting 30s');
		expect(frame).toContain('pages 0  rate limited 1×');
		expect(frame).not.toMatch(/api {3}.*429|rate limited by the API.*\(retrying\)/);
		app.pipeline.emit({type: 'producer.progress', progress: {at: Date.now(), fetched: 300, sent: 300, failed: 0, bytes: 1000, fetchMs: 50, sendMs: 10, page: 3}});
		const after = await app.waitFor('fetched 300  sent 300  failed 0  pages 1  rate limited 1×');
		expect(after).not.toContain('⏳');
	});
});
