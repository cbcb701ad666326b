import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {keymap} from '../../source/screens/keymap.js';
import {WRITE_COMMANDS} from '../../source/screens/read-only.js';
import {FakeRowStore, userCells} from '../fakes/fake-row-store.js';
import {defaultSettings} from '../fakes/fake-settings.js';
import {keys, renderApp} from './render-app.js';

afterEach(() => cleanup());

const writes = (rows: FakeRowStore) => rows.calls.filter(call => ['create', 'update', 'deleteRow', 'deleteCells'].includes(call.method));

describe('read-only mode in the console', () => {
	it('names only commands the keymap has', () => {
		const commands = new Set<string>(keymap.map(binding => binding.command));
		// versions.restore is declared ahead for the versions pane (item 7 of the same issue).
		expect([...WRITE_COMMANDS].filter(command => !commands.has(command) && command !== 'versions.restore')).toEqual([]);
	});

	it('shows READ-ONLY, hides every write key from hints and help, and a write key does nothing', async () => {
		const rows = new FakeRowStore([{id: 'row-a', cells: userCells('Ava', 'Berg')}]);
		const app = renderApp({rows, screen: 'browser', settings: {...defaultSettings, readOnly: true}});
		const list = await app.waitFor('row-a');
		expect(list).toContain('READ-ONLY');
		expect(list).not.toMatch(/\ba add\b|\be edit\b|\bd delete\b/);
		await app.press('d');
		await app.press('y');
		await app.press('e', 'a');
		await app.press(keys.enter);
		const detail = await app.waitFor('first_name');
		expect(detail).not.toMatch(/del cell|del row|\be edit\b/);
		await app.press('x', 'y', 'd', 'y');
		await app.press('?');
		const help = await app.waitFor(/help/i);
		expect(help).not.toMatch(/delete the row|edit the row|start the sink/);
		await app.press(keys.escape, '2', 's');
		await app.press('1', 's');
		expect(app.pipeline.calls.filter(call => call === 'startSink' || call === 'startProducer')).toEqual([]);
		await app.press('4', 's');
		expect(writes(rows)).toEqual([]);
	});

	it('without read-only the same keys write (the test can fail)', async () => {
		const rows = new FakeRowStore([{id: 'row-a', cells: userCells('Ava', 'Berg')}]);
		const app = renderApp({rows, screen: 'browser'});
		const list = await app.waitFor('row-a');
		expect(list).not.toContain('READ-ONLY');
		await app.press('d');
		await app.waitFor('Delete row');
		await app.press('y');
		await app.waitFor('Deleted row');
		expect(writes(rows).map(call => call.method)).toEqual(['deleteRow']);
	});
});
