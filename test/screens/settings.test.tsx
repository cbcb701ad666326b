import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {FakeRowStore, userCells} from '../fakes/fake-row-store.js';
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
		await app.press('G', keys.enter);
		await app.waitFor(/› Consumer group\s+userdata-hbase-sink/u);
		await app.waitFor('Esc cancel');
		await app.press(keys.tab);
		await app.waitFor('Enter edit');
		expect(app.frame()).toContain('Kafka brokers');
		await app.press(keys.tab);
		await app.waitFor('DLQ userdata.dlq');
	});

	it('refuses a table HBase does not have, drops the error once the value changes, and shows no old rows under a new name', async () => {
		const rows = new FakeRowStore([{id: 'row-old', cells: userCells('Ava', 'Berg')}]);
		const app = renderApp({rows, screen: 'browser'});
		await app.waitFor('row-old');
		await app.press('5');
		await app.waitFor('Kafka brokers');
		await app.press(keys.down, keys.down, keys.down, keys.down, keys.down, keys.enter, keys.ctrlU, 'nosuch', keys.enter, 's');
		let frame = await app.waitFor('↳ HBase has no table "nosuch"');
		expect(frame).toContain('Not saved');
		expect(app.settings.saved).toEqual([]);
		await app.press(keys.enter, keys.ctrlU, 'other', keys.enter);
		frame = await app.waitFor(next => !next.includes('↳') && !next.includes('Not saved'));
		// The next table's first page never comes: what is shown meanwhile must not be the old table's.
		rows.scan = async () => new Promise(() => {});
		await app.press('s');
		await app.waitFor('Saved to');
		await app.press('3');
		frame = await app.waitFor('Rows of other');
		expect(frame).not.toContain('row-old');
	});
});
