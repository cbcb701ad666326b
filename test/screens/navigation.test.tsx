import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {bindingsOf} from '../../source/screens/keymap.js';
import {keys, renderApp} from './render-app.js';

afterEach(() => cleanup());

describe('the console: screens and global keys', () => {
	it('opens on the producer with the health and settings in the status bar', async () => {
		const app = renderApp();
		const frame = await app.waitFor('Producer ○ idle');
		expect(frame).toContain('Kafka connected 127.0.0.1:9092');
		expect(frame).toContain('HBase connected 127.0.0.1:9090');
		expect(frame).toContain('topic userdata → table userdata');
	});

	it('switches screens with the number keys', async () => {
		const app = renderApp();
		await app.waitFor('Producer ○ idle');
		await app.press('2');
		await app.waitFor('Consumer ○ idle');
		await app.press('3');
		await app.waitFor('Rows of userdata');
		await app.press('4');
		await app.waitFor('New user');
		await app.press('5');
		await app.waitFor('Kafka brokers');
		await app.press('1');
		await app.waitFor('Producer ○ idle');
	});

	it('steps through the screens with Tab and Shift-Tab, wrapping around', async () => {
		const app = renderApp();
		await app.waitFor('Producer ○ idle');
		await app.press(keys.tab);
		await app.waitFor('Consumer ○ idle');
		await app.press(keys.shiftTab, keys.shiftTab);
		await app.waitFor('Tail ');
		await app.press(keys.shiftTab);
		await app.waitFor('DLQ userdata.dlq');
		await app.press(keys.tab, keys.tab);
		await app.waitFor('Producer ○ idle');
	});

	it('? lists the keys from the keymap, and closes again', async () => {
		const app = renderApp();
		await app.waitFor('Producer ○ idle');
		await app.press('?');
		const frame = await app.waitFor('Everywhere');
		for (const binding of bindingsOf('global')) {
			expect(frame).toContain(binding.label);
			expect(frame).toContain(binding.description);
		}
		// The current screen's keys come next.
		expect(frame).toContain(bindingsOf('producer')[0]!.description);
		await app.press(keys.escape);
		await app.waitFor(frame => frame.includes('Producer ○ idle') && !frame.includes('Everywhere'));
	});

	it('q asks to quit, and shows that the pipeline is being stopped', async () => {
		const app = renderApp();
		await app.waitFor('Producer ○ idle');
		await app.press('q');
		await app.waitFor('Stopping the producer and the sink');
		expect(app.quits).toEqual([{force: false}]);
		await app.press(keys.ctrlC);
		await app.waitFor(() => app.quits.length === 2);
		expect(app.quits[1]).toEqual({force: true});
	});

	it('Ctrl-C quits even while a text field has the keys', async () => {
		const app = renderApp({screen: 'forms'});
		await app.waitFor('New user');
		await app.press(keys.enter);
		await app.waitFor('Esc cancel');
		await app.press('q');
		await app.waitFor(/info:first_name\*\s+q/u);
		expect(app.quits).toEqual([]);
		await app.press(keys.ctrlC);
		await app.waitFor(() => app.quits.length === 1);
	});

	it('says what is missing when a service is down, with how to start it', async () => {
		const app = renderApp({
			health: [
				{service: 'Kafka', address: '127.0.0.1:9092', status: 'down', since: 0, message: 'Connection refused'},
				{service: 'HBase', address: '127.0.0.1:9090', status: 'connected', since: 0},
			],
		});
		const frame = await app.waitFor('Not reachable');
		expect(frame).toContain('Kafka at 127.0.0.1:9092');
		expect(frame).toContain('userdata-tui stack up');
		expect(frame).toContain('docker compose up -d');
		expect(frame).toContain('reconnects by itself');
		expect(frame).toContain('Kafka down 127.0.0.1:9092');
		app.store.setHealth({service: 'Kafka', address: '127.0.0.1:9092', status: 'connected', since: 1});
		await app.waitFor(frame => frame.includes('Kafka connected') && !frame.includes('Not reachable'));
	});
});
