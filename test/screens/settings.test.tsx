import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {keys, renderApp} from './render-app.js';

afterEach(() => cleanup());

describe('Settings screen', () => {
	it('refuses a bad port next to the field, then saves and applies the settings', async () => {
		const app = renderApp({screen: 'settings'});
		await app.waitFor('Kafka brokers');
		await app.press(keys.down, keys.down, keys.enter);
		await app.waitFor('Esc cancel');
		await app.press(keys.ctrlU, 'ninety', keys.enter);
		await app.waitFor('1 unsaved change');
		await app.press('s');
		let frame = await app.waitFor('↳ expected a whole number');
		expect(frame).toMatch(/HBase Thrift port\s+ninety\n\s+↳ expected a whole number/u);
		expect(app.settings.saved).toEqual([]);
		await app.press(keys.enter);
		await app.waitFor('Esc cancel');
		await app.press(keys.ctrlU, '9091', keys.tab, keys.ctrlU, 'https://api.local/', keys.enter);
		await app.waitFor('2 unsaved changes');
		await app.press('s');
		frame = await app.waitFor('Saved to /tmp/userdata-tui/settings.json and applied');
		expect(app.settings.saved.at(-1)).toMatchObject({thriftPort: '9091', apiUrl: 'https://api.local/'});
		// The status bar follows.
		await app.waitFor('api api.local');
	});

	it('Tab on the last field ends the edit without switching screens', async () => {
		const app = renderApp({screen: 'settings'});
		await app.waitFor('Kafka brokers');
		await app.press(keys.down, keys.down, keys.down, keys.down, keys.down, keys.enter);
		await app.waitFor(/› HBase table\s+userdata/u);
		await app.waitFor('Esc cancel');
		await app.press(keys.tab);
		await app.waitFor('Enter edit');
		expect(app.frame()).toContain('Kafka brokers');
		await app.press(keys.tab);
		await app.waitFor('DLQ userdata.dlq');
	});
});
