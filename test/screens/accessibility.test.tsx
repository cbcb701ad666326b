import {cleanup} from 'ink-testing-library';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {batch} from '../fakes/fake-pipeline.js';
import {FakeRowStore, userCells} from '../fakes/fake-row-store.js';
import {createTheme, plainTheme} from '../../source/screens/theme.js';
import {fits, keys, renderApp, resize} from './render-app.js';

afterEach(() => cleanup());

const BLOCKS = /[▁▂▃▄▅▆▇█]/u;

describe("Ink's screen-reader mode (INK_SCREEN_READER=true)", () => {
	beforeEach(() => {
		process.env.INK_SCREEN_READER = 'true';
		return () => {
			delete process.env.INK_SCREEN_READER;
		};
	});

	it('reads each screen linearly: the current screen named, rows as title and value, the selection said in words, no bars', async () => {
		const rows = new FakeRowStore([
			{id: 'row-a', cells: userCells('Ava', 'Berg')},
			{id: 'row-b', cells: userCells('Bo', 'Dahl')},
		]);
		const app = renderApp({rows, screen: 'producer'});
		app.pipeline.emit({type: 'producer.progress', progress: {at: Date.now() - 2000, fetched: 500, sent: 500, failed: 0, bytes: 1, fetchMs: 1, sendMs: 1, page: 1}});
		let frame = await app.waitFor('1 Producer (current screen)');
		await app.waitFor(next => next.includes('fetched users/s') && /max \d/u.test(next));
		expect(app.frame()).not.toMatch(BLOCKS);
		await app.press('3');
		frame = await app.waitFor('selected: row key row-a, name Ava Berg, email ava.berg@example.com, nat NO');
		expect(frame).toContain('row key row-b, name Bo Dahl');
		expect(frame).not.toContain('selected: row key row-b');
		await app.press(keys.enter);
		frame = await app.waitFor('selected: info:first_name Ava');
		expect(frame).toContain('info:last_name Berg');
		await app.press('2');
		app.pipeline.emit({type: 'sink.batch', batch: batch({sample: [{rowKey: 'key-1', name: 'Person 1'}]})});
		frame = await app.waitFor('row key key-1, name Person 1');
		await app.press('4');
		await app.waitFor('New user');
		await app.press('5');
		await app.waitFor('Kafka brokers');
	});
});

describe('colour carries no meaning alone', () => {
	it('goes plain with NO_COLOR, TERM=dumb or FORCE_COLOR=0', () => {
		expect(createTheme({NO_COLOR: '1'})).toBe(plainTheme);
		expect(createTheme({TERM: 'dumb'})).toBe(plainTheme);
		expect(createTheme({FORCE_COLOR: '0'})).toBe(plainTheme);
		expect(createTheme({TERM: 'xterm-256color'}).colors).toBe(true);
	});

	it('says each state in words and symbols (the tests render without colour)', async () => {
		const app = renderApp({
			screen: 'consumer',
			health: [
				{service: 'Kafka', address: '127.0.0.1:9092', status: 'connected', since: 0},
				{service: 'HBase', address: '127.0.0.1:9090', status: 'down', since: 0, message: 'refused'},
			],
		});
		app.pipeline.emit({type: 'sink.error', error: {at: Date.now(), source: 'hbase', message: 'HBase is not taking writes', retrying: true}});
		const frame = await app.waitFor('(retrying)');
		expect(frame).toContain('● Kafka connected');
		expect(frame).toContain('✕ HBase down');
		expect(frame).toContain('○ idle');
	});
});

describe('layout', () => {
	it('holds at 200x60 on every screen, help and palette included', async () => {
		const rows = new FakeRowStore(Array.from({length: 80}, (_, index) => ({id: `row-${index}`, cells: userCells(`First${index}`, `Last${index}`)})));
		const app = renderApp({rows});
		resize(app.instance.stdout, 200, 60);
		for (const key of ['1', '2', '3', '4', '5']) {
			await app.press(key);
			const frame = await app.waitFor(text => text.includes('topic userdata → table userdata') && fits(text, 200, 60));
			expect(frame.split('\n').at(-2)).toContain('Kafka connected');
		}
		await app.press(':');
		await app.waitFor(text => text.includes('the Producer screen') && fits(text, 200, 60));
		await app.press(keys.escape, '?');
		await app.waitFor(text => text.includes('Everywhere') && fits(text, 200, 60));
		// And back down to 80x24, live.
		resize(app.instance.stdout, 80, 24);
		await app.waitFor(text => text.includes('Everywhere') && fits(text, 80, 24));
	});
});
