import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {batch} from '../fakes/fake-pipeline.js';
import {FakeRowStore, userCells} from '../fakes/fake-row-store.js';
import {remapKeys} from '../../source/screens/keymap.js';
import {paletteChoice, paletteMatches} from '../../source/screens/palette.js';
import {keys, renderApp} from './render-app.js';

afterEach(() => {
	cleanup();
	remapKeys(undefined);
});

const pageDown = '\u001B[6~';
const pageUp = '\u001B[5~';

function table(count: number): FakeRowStore {
	return new FakeRowStore(Array.from({length: count}, (_, index) => ({id: `row-${String(index).padStart(3, '0')}`, cells: userCells(`First${index}`, `Last${index}`)})));
}

describe('keyboard conventions: / filters every list', () => {
	it('filters the rows of the page as each key is typed; Enter keeps it, Esc clears it', async () => {
		const rows = table(12);
		rows.put('row-zed', userCells('Zed', 'Quist'));
		const app = renderApp({rows, screen: 'browser'});
		await app.waitFor('row-000');
		await app.press('/', 'q');
		await app.waitFor(frame => frame.includes('row-zed') && !frame.includes('row-000') && frame.includes('1 of 13 rows on this page'));
		await app.press('x');
		await app.waitFor('no row on this page matches the filter');
		await app.press(keys.backspace, keys.enter);
		let frame = await app.waitFor('filter "q"');
		expect(frame).not.toContain('row-001');
		// The filter is a list like any other: Enter still opens the selected row.
		await app.press(keys.enter);
		await app.waitFor('Row row-zed');
		await app.press(keys.escape, '/', keys.escape);
		frame = await app.waitFor('row-000');
		expect(frame).not.toContain('filter "');
	});

	it('filters the insert log, and pages it with PgUp/PgDn, g and G, every repeated key counted', async () => {
		const app = renderApp({screen: 'consumer'});
		for (let index = 0; index < 80; index++) {
			app.pipeline.emit({type: 'sink.batch', batch: batch({sample: [{rowKey: `key-${index}`, name: `Person ${index}`}]})});
		}
		await app.waitFor('Person 79');
		// Three presses in one chunk (a held key under load) are three lines.
		app.instance.stdin.write('kkk');
		await app.waitFor('3 back');
		await app.press(pageUp);
		let frame = await app.waitFor(/\d+ back/u);
		const back = Number(/(\d+) back/u.exec(frame)![1]);
		expect(back).toBeGreaterThan(3);
		await app.press('g');
		frame = await app.waitFor('Person 0 ');
		expect(frame).toContain('lines 1-');
		await app.press('G');
		await app.waitFor('Person 79');
		await app.press(pageUp, pageDown);
		await app.waitFor(frame => frame.includes('Person 79') && frame.includes('newest last'));
		await app.press('/', 'key-7');
		frame = await app.waitFor('11 of 80 inserts');
		expect(frame).not.toContain('Person 69');
		await app.press(keys.escape);
		await app.waitFor(frame => !frame.includes('of 80 inserts'));
	});

	it("filters and scrolls the producer's errors", async () => {
		const app = renderApp();
		await app.waitFor('Producer ○ idle');
		for (let page = 1; page <= 6; page++) {
			app.pipeline.emit({type: 'producer.error', error: {at: Date.now(), source: page % 2 ? 'api' : 'kafka', message: `page ${page}: failure ${page}`, retrying: true}});
		}
		await app.waitFor('page 6: failure 6');
		await app.press('/', 'kafka');
		let frame = await app.waitFor('3 of 6 errors');
		expect(frame).not.toContain('page 5: failure 5');
		await app.press(keys.enter, 'j');
		frame = await app.waitFor('1 skipped');
		expect(frame).not.toContain('page 6: failure 6');
		expect(frame).toContain('page 4: failure 4');
		await app.press('g');
		await app.waitFor('page 6: failure 6');
	});

	it('jumps to a cell of a row by typing its name', async () => {
		const rows = new FakeRowStore([{id: 'row-a', cells: userCells('Ava', 'Berg', {'contact:phone': '555', 'address:city': 'Oslo'})}]);
		const app = renderApp({rows, screen: 'browser'});
		await app.waitFor('row-a');
		await app.press(keys.enter);
		await app.waitFor('Row row-a');
		await app.press('/', 'emai');
		await app.waitFor('contact:email  1 kept version');
		await app.press(keys.enter);
		await app.waitFor(frame => !frame.includes('Jump to cell') && frame.includes('contact:email  1 kept version'));
		await app.press('/', 'cit', keys.escape);
		await app.waitFor(frame => !frame.includes('Jump to cell') && frame.includes('contact:email  1 kept version'));
	});
});

describe('keyboard conventions: help, palette, remapping', () => {
	it('? help is searched with / as you type, and scrolls with PgDn', async () => {
		const app = renderApp({screen: 'browser'});
		await app.waitFor('Rows of userdata');
		await app.press('?');
		let frame = await app.waitFor('Keys (lines 1-');
		// PgDn, and every other key of a binding, is in the help.
		expect(frame).toMatch(/n\/PgDn\/→\s+next page/u);
		await app.press(pageDown);
		frame = await app.waitFor(next => next !== frame && /Keys \(lines \d{2,}-/u.test(next));
		await app.press('/', 'restore');
		frame = await app.waitFor('restore this version');
		expect(frame).toContain("Browser: a cell's versions:");
		expect(frame).not.toContain('previous screen');
		await app.press(keys.escape, keys.escape);
		await app.waitFor(next => !next.includes('Keys ('));
	});

	it(': opens a screen by name and goes to a row key', async () => {
		const rows = new FakeRowStore([{id: 'row-a', cells: userCells('Ava', 'Berg')}]);
		const app = renderApp({rows, screen: 'producer'});
		await app.waitFor('Producer ○ idle');
		await app.press(':', 'cons');
		await app.waitFor(/consumer\s+the Consumer screen/u);
		await app.press(keys.enter);
		await app.waitFor('Consumer ○ idle');
		await app.press(':', 'go row-a', keys.enter);
		await app.waitFor('Row row-a');
		expect(app.frame()).toContain('Opening row row-a');
		await app.press(':', 'scan row- contact:email~ava', keys.enter);
		const frame = await app.waitFor('where contact:email~ava');
		expect(frame).toContain('key row-…');
		expect(app.rows.calls.filter(call => call.method === 'scan').at(-1)!.args[0]).toMatchObject({prefix: 'row-', where: 'contact:email~ava'});
	});

	it(': switches the table, topic and group through the settings, and says what it could not do', async () => {
		const app = renderApp({screen: 'producer'});
		await app.waitFor('Producer ○ idle');
		await app.press(':', 'group other-sink', keys.enter);
		await app.waitFor('Now on consumer group other-sink');
		expect(app.settings.saved.at(-1)).toMatchObject({group: 'other-sink', table: 'userdata'});
		await app.press(':', 'nosuch', keys.enter);
		await app.waitFor('No command "nosuch"');
	});

	it('remaps keys from the settings file, and the help and hints follow', async () => {
		expect(remapKeys({'app.quit': ['Q'], 'list.filter': ['ctrl+f'], 'no.such': ['x'], 'list.top': ['ctrl+nope']})).toEqual([
			'keymap: no command "no.such"',
			'keymap: list.top: keys must be a list like ["x", "ctrl+s", "pgdn"] (got ["ctrl+nope"])',
		]);
		const app = renderApp({screen: 'browser'});
		await app.waitFor('row');
		await app.press('q');
		expect(app.quits).toEqual([]);
		await app.press('?');
		const frame = await app.waitFor('Keys (lines');
		expect(frame).toMatch(/Q\s+quit: stops the producer/u);
		await app.press(keys.escape);
		await app.press('Q');
		await app.waitFor('Stopping the producer and the sink');
		expect(app.quits).toEqual([{force: false}]);
	});

	it('reads what a typed palette line means', () => {
		expect(paletteMatches('ta').map(entry => entry.name)).toEqual(['tail', 'table']);
		expect(paletteMatches('tab').map(entry => entry.name)).toEqual(['table']);
		expect(paletteChoice('tab other')).toMatchObject({entry: {name: 'table'}, argument: 'other'});
		expect(paletteChoice('s')).toBeUndefined();
		expect(paletteChoice('settings')?.entry.name).toBe('settings');
	});
});

describe('keys typed faster than redraws (one input) after a key that opens a prompt', () => {
	it('go into the prompt, never run as commands', async () => {
		const rows = new FakeRowStore([
			{id: 'row-a', cells: userCells('Ava', 'Berg')},
			{id: 'row-b', cells: userCells('Bo', 'Dahl')},
		]);
		const app = renderApp({rows, screen: 'browser'});
		await app.waitFor('row-b');
		// "a" would add a user and "D" delete a row, were they read as commands.
		app.instance.stdin.write('/aDah');
		await app.waitFor('0 of 2 rows on this page');
		app.instance.stdin.write('\u007F\u007F\u007F\u007F');
		await app.waitFor('2 of 2 rows on this page');
		expect(app.frame()).not.toContain('Delete row');
		await app.press(keys.escape);
		await app.waitFor(frame => !frame.includes('rows on this page'));
		await app.press(':go row-b\r');
		await app.waitFor('Row row-b');
		await app.press('4');
		await app.waitFor('New user');
		app.instance.stdin.write('orow-a\r');
		await app.waitFor('Edit row row-a');
		expect(rows.has('row-b')).toBe(true);
	});
});
