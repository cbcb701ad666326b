import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {FakeRowStore, userCells} from '../fakes/fake-row-store.js';
import {keys, renderApp} from './render-app.js';

afterEach(() => cleanup());

describe('Forms screen', () => {
	it('creates a user: a validation error shown at the field, then fixed', async () => {
		const rows = new FakeRowStore();
		const app = renderApp({rows, screen: 'forms'});
		await app.waitFor('New user');
		await app.press(keys.enter);
		await app.waitFor('Esc cancel');
		// Tab keeps the value and goes on to the next field.
		await app.press('Ava', keys.tab, 'Berg', keys.tab, 'ava-at-example', keys.enter);
		let frame = await app.waitFor('↳ not an email address');
		expect(frame).toMatch(/contact:email\*\s+ava-at-example\n\s+↳ not an email address \("ava-at-example"\)/u);
		await app.press('s');
		frame = await app.waitFor('Not saved: 1 field needs a fix');
		expect(rows.calls.filter(call => call.method === 'create')).toEqual([]);
		// Fix it: edit the field again, clear it, type a good address, save with Ctrl-S.
		await app.press(keys.enter);
		await app.waitFor('Esc cancel');
		await app.press(keys.ctrlU, 'ava@example.com', keys.ctrlS);
		frame = await app.waitFor('Created row');
		expect(frame).not.toContain('↳');
		expect(frame).toContain('Edit row 00000000-0000-4000-8000-000000000001');
		const created = rows.calls.find(call => call.method === 'create');
		expect(created?.args[0]).toEqual({'info:first_name': 'Ava', 'info:last_name': 'Berg', 'contact:email': 'ava@example.com'});
	});

	it('keeps keys typed right after Enter, before any redraw, in the field', async () => {
		const app = renderApp({screen: 'forms'});
		await app.waitFor('New user');
		// One chunk: what a fast typist (or a loaded event loop) delivers.
		await app.press(`${keys.enter}Ava${keys.tab}Berg${keys.enter}`);
		const frame = await app.waitFor(/info:last_name\*\s+Berg/u);
		expect(frame).toMatch(/info:first_name\*\s+Ava/u);
		expect(frame).toContain('Enter edit');
	});

	it('says which required fields are missing', async () => {
		const app = renderApp({screen: 'forms'});
		await app.waitFor('New user');
		await app.press('s');
		const frame = await app.waitFor('3 fields need a fix');
		expect(frame.match(/↳ required for a new user/gu)).toHaveLength(3);
	});

	it('edits a row from the browser: only the changed cells are sent, with the read timestamp', async () => {
		const rows = new FakeRowStore([{id: 'row-a', cells: userCells('Ava', 'Berg')}]);
		const app = renderApp({rows, screen: 'browser'});
		await app.waitFor('row-a');
		await app.press('e');
		await app.waitFor('Edit row row-a');
		const {updatedAt} = await rows.get('row-a');
		await app.press(keys.down, keys.enter);
		await app.waitFor('Esc cancel');
		// One chunk, as fast typing or tmux send-keys delivers it: clear, text, Enter.
		await app.press(`${keys.ctrlU}Bergersen${keys.enter}`);
		await app.waitFor('changed (1)');
		await app.press('s');
		await app.waitFor('Saved 1 change');
		const update = rows.calls.find(call => call.method === 'update');
		expect(update?.args).toEqual(['row-a', {set: {'info:last_name': 'Bergersen'}, unset: []}, {ifUnchangedSince: updatedAt}]);
		expect(rows.versions('row-a', 'info:last_name').map(v => v.value)).toEqual(['Bergersen', 'Berg']);
	});

	it('shows a conflict when someone else changed the row, and reloads it', async () => {
		const rows = new FakeRowStore([{id: 'row-a', cells: userCells('Ava', 'Berg')}]);
		const app = renderApp({rows, screen: 'browser'});
		await app.waitFor('row-a');
		await app.press('e');
		await app.waitFor('Edit row row-a');
		await app.press(keys.enter);
		await app.waitFor('Esc cancel');
		await app.press(keys.ctrlU, 'Eva', keys.enter);
		await app.waitFor('changed (1)');
		rows.put('row-a', {'info:first_name': 'Anna'});
		await app.press('s');
		let frame = await app.waitFor('Someone else changed a cell you changed, at 20');
		// Side by side, with ISO times: the cell, as you opened it, theirs and when, yours.
		expect(frame).toMatch(/info:first_name\s+Ava\s+Anna\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\s+Eva/u);
		expect(frame).toContain('r reload');
		expect(frame).toContain('o overwrite');
		await app.press('r');
		frame = await app.waitFor('your changes were dropped');
		expect(frame).toMatch(/info:first_name\*\s+Anna/u);
		expect(rows.versions('row-a', 'info:first_name')[0]?.value).toBe('Anna');
	});

	it('deletes the row being edited after confirmation', async () => {
		const rows = new FakeRowStore([{id: 'row-a', cells: userCells('Ava', 'Berg')}]);
		const app = renderApp({rows, screen: 'browser'});
		await app.waitFor('row-a');
		await app.press('e');
		await app.waitFor('Edit row row-a');
		await app.press('D');
		await app.waitFor('Delete row row-a (Ava Berg)?');
		await app.press(keys.escape);
		await app.waitFor(frame => !frame.includes('Delete row row-a'));
		expect(rows.has('row-a')).toBe(true);
		await app.press('D');
		await app.waitFor('Delete row row-a');
		await app.press('y');
		await app.waitFor('Deleted row row-a (Ava Berg)');
		expect(rows.has('row-a')).toBe(false);
		expect(app.frame()).toContain('New user');
	});

	it('saves over a change to another cell: only the cells you changed are compared', async () => {
		const rows = new FakeRowStore([{id: 'row-a', cells: userCells('Ava', 'Berg')}]);
		const app = renderApp({rows, screen: 'browser'});
		await app.waitFor('row-a');
		await app.press('e');
		await app.waitFor('Edit row row-a');
		await app.press(keys.enter, keys.ctrlU, 'Eva', keys.enter);
		await app.waitFor('changed (1)');
		rows.put('row-a', {'contact:email': 'theirs@example.com'});
		await app.press('s');
		await app.waitFor('theirs are kept');
		expect(rows.versions('row-a', 'info:first_name')[0]?.value).toBe('Eva');
		expect(rows.versions('row-a', 'contact:email')[0]?.value).toBe('theirs@example.com');
	});

	it('asks before n, o, an edit from elsewhere or q drop unsaved changes', async () => {
		const rows = new FakeRowStore([{id: 'row-a', cells: userCells('Ava', 'Berg')}]);
		const app = renderApp({rows, screen: 'forms'});
		await app.waitFor('New user');
		await app.press(keys.enter, 'Kari', keys.enter);
		await app.press('n');
		await app.waitFor('New user: drop 1 unsaved change?');
		await app.press('n');
		await app.waitFor(frame => !frame.includes('drop 1 unsaved') && /info:first_name\*\s+Kari/u.test(frame));
		await app.press('o');
		await app.waitFor('Open another row: drop 1 unsaved change?');
		await app.press(keys.escape);
		await app.press('q');
		await app.waitFor('Quit and drop unsaved work? Forms has 1 unsaved change.');
		await app.press('n');
		expect(app.quits).toEqual([]);
		await app.press('o');
		await app.waitFor('Open another row: drop');
		await app.press('y');
		// The o that opened the prompt is not typed into it.
		let frame = await app.waitFor('Row key to edit:');
		expect(frame).toMatch(/Row key to edit:\s*$/mu);
		await app.press('row-a', keys.enter);
		frame = await app.waitFor('Edit row row-a');
		expect(frame).toMatch(/info:first_name\*\s+Ava/u);
		await app.press('q');
		await app.waitFor('Stopping the producer');
		expect(app.quits).toEqual([{force: false}]);
	});

	it('jumps to a field by typing its name after /', async () => {
		const app = renderApp({screen: 'forms'});
		await app.waitFor('New user');
		await app.press('/', 'city');
		await app.waitFor(/› address:city/u);
		await app.press(keys.enter, keys.enter, 'Oslo', keys.enter);
		await app.waitFor(/› address:city\s+Oslo/u);
	});

	it('does not type the o that opens the row prompt into it', async () => {
		const app = renderApp({screen: 'forms'});
		await app.waitFor('New user');
		await app.press('o');
		const frame = await app.waitFor('Row key to edit:');
		expect(frame).toMatch(/Row key to edit:\s*$/mu);
	});

	it('opens the edit form on the cell selected in the Browser, and goes back to it', async () => {
		const rows = new FakeRowStore([{id: 'row-a', cells: userCells('Ava', 'Berg', {'address:city': 'Oslo'})}]);
		const app = renderApp({rows, screen: 'browser'});
		await app.waitFor('row-a');
		await app.press(keys.enter);
		await app.waitFor('Row row-a');
		await app.press('/', 'city', keys.enter);
		await app.waitFor('address:city  1 kept version');
		await app.press('e');
		let frame = await app.waitFor('Edit row row-a');
		expect(frame).toMatch(/› address:city\s+Oslo/u);
		await app.press('v');
		frame = await app.waitFor('Row row-a');
		await app.waitFor('address:city  1 kept version');
	});

	it('clears the "Not saved" banner once the fields are fixed', async () => {
		const app = renderApp({screen: 'forms'});
		await app.waitFor('New user');
		await app.press(keys.enter, 'Ava', keys.tab, 'Berg', keys.tab, 'ava@example.com', keys.tab, 'man', keys.enter);
		await app.press('s');
		await app.waitFor('Not saved: 1 field needs a fix');
		expect(app.frame()).toContain('↳ expected male or female');
		await app.press(keys.enter, keys.ctrlU, 'male', keys.enter);
		await app.waitFor(frame => !frame.includes('Not saved') && !frame.includes('↳'));
	});
});
