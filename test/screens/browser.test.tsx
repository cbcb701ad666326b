import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {FakeRowStore, userCells} from '../fakes/fake-row-store.js';
import {keys, renderApp, resize} from './render-app.js';

afterEach(() => cleanup());

function table(count: number): FakeRowStore {
	return new FakeRowStore(Array.from({length: count}, (_, index) => ({id: `row-${String(index).padStart(3, '0')}`, cells: userCells(`First${index}`, `Last${index}`)})));
}

describe('Browser screen', () => {
	it('pages through the rows with continuation', async () => {
		const app = renderApp({rows: table(40), screen: 'browser'});
		await app.waitFor('row-000');
		const first = app.frame();
		expect(first).toContain('more: n');
		await app.press('n');
		const second = await app.waitFor('page 2');
		expect(second).not.toContain('row-000');
		const scans = app.rows.calls.filter(call => call.method === 'scan');
		expect(scans.at(-1)!.args[0]).toMatchObject({start: expect.stringMatching(/^row-0\d\d$/u)});
		await app.press('b');
		await app.waitFor(frame => frame.includes('page 1') && frame.includes('row-000'));
	});

	it('searches by key prefix and by value', async () => {
		const rows = table(30);
		rows.put('zz-special', userCells('Kari', 'Nordmann'));
		const app = renderApp({rows, screen: 'browser'});
		await app.waitFor('row-000');
		await app.press('K');
		await app.waitFor('Row key prefix:');
		await app.press('row-02', keys.enter);
		await app.waitFor(frame => frame.includes('key row-02…') && frame.includes('row-020') && !frame.includes('row-000'));
		await app.press('c');
		await app.waitFor('row-000');
		await app.press('f');
		await app.waitFor('Find (last name');
		await app.press('nordm', keys.enter);
		const frame = await app.waitFor('zz-special');
		expect(frame).toContain('where info:last_name~nordm');
		expect(frame).not.toContain('row-000');
	});

	it("opens a row grouped by family, with a cell's kept versions", async () => {
		const rows = new FakeRowStore([{id: 'row-a', cells: userCells('Ava', 'Berg')}]);
		rows.put('row-a', {'contact:email': 'ava@two.example'});
		rows.put('row-a', {'contact:email': 'ava@three.example'});
		const app = renderApp({rows, screen: 'browser'});
		await app.waitFor('row-a');
		await app.press(keys.enter);
		await app.waitFor('Row row-a');
		// Cells in family order: info:first_name, last_name, nat, then contact:email.
		await app.press(keys.down, keys.down, keys.down);
		const frame = await app.waitFor('contact:email  3 kept versions, newest first');
		expect(frame).toMatch(/info\n\s+first_name/u);
		const versions = frame.split('\n').filter(line => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /u.test(line));
		expect(versions.map(line => line.slice(25))).toEqual(['(newest) ava@three.example', 'ava@two.example', 'ava.berg@example.com']);
		await app.press(keys.escape);
		await app.waitFor('Rows of userdata');
	});

	it('deletes a row only after confirmation', async () => {
		const rows = new FakeRowStore([
			{id: 'row-a', cells: userCells('Ava', 'Berg')},
			{id: 'row-b', cells: userCells('Bo', 'Dahl')},
		]);
		const app = renderApp({rows, screen: 'browser'});
		await app.waitFor('row-b');
		await app.press(keys.down, 'D');
		await app.waitFor('Delete row row-b (Bo Dahl)?');
		// Global keys wait while the question is open.
		await app.press('1', 'n');
		await app.waitFor(frame => !frame.includes('Delete row') && frame.includes('Rows of userdata'));
		expect(rows.has('row-b')).toBe(true);
		await app.press('D');
		await app.waitFor('Delete row row-b');
		await app.press('y');
		await app.waitFor('Deleted row row-b (Bo Dahl)');
		await app.waitFor(frame => !/^row-b\s/mu.test(frame));
		expect(rows.has('row-b')).toBe(false);
		expect(rows.has('row-a')).toBe(true);
	});

	it('deletes a single cell from the row view after confirmation', async () => {
		const rows = new FakeRowStore([{id: 'row-a', cells: userCells('Ava', 'Berg', {'contact:phone': '555-0101'})}]);
		const app = renderApp({rows, screen: 'browser'});
		await app.waitFor('row-a');
		await app.press(keys.enter);
		await app.waitFor('Row row-a');
		await app.press(keys.down, keys.down, keys.down, keys.down);
		await app.waitFor('contact:phone  1 kept version');
		await app.press('X');
		await app.waitFor('Delete cell contact:phone of row row-a?');
		await app.press('y');
		await app.waitFor('Deleted cell contact:phone');
		expect(rows.versions('row-a', 'contact:phone')).toEqual([]);
	});

	it('says when HBase does not answer', async () => {
		const rows = table(3);
		rows.failNext = new Error('HBase Thrift at 127.0.0.1:9090 is unreachable');
		const app = renderApp({rows, screen: 'browser'});
		await app.waitFor('HBase Thrift at 127.0.0.1:9090 is unreachable');
		await app.press('r');
		await app.waitFor('row-000');
	});

	it('chooses a version of a cell, shows its diff against the newest, and restores it after confirmation', async () => {
		const rows = new FakeRowStore([{id: 'row-a', cells: userCells('Ava', 'Berg')}]);
		rows.put('row-a', {'contact:email': 'ava@two.example'});
		const app = renderApp({rows, screen: 'browser'});
		await app.waitFor('row-a');
		await app.press(keys.enter);
		await app.waitFor('Row row-a');
		await app.press('/', 'email', keys.enter);
		await app.waitFor('contact:email  2 kept versions');
		await app.press(keys.enter);
		await app.waitFor('choosing a version');
		await app.press('j');
		let frame = await app.waitFor('diff against the newest:');
		expect(frame).toContain('ava[-@two.example-]{+.berg@example.com+}');
		expect(frame).toMatch(/› \d{4}-\d\d-\d\dT[\d:.]+Z ava\.berg@example\.com/u);
		await app.press('R');
		await app.waitFor('Restore contact:email of row row-a to the version of');
		await app.press('n');
		expect(rows.versions('row-a', 'contact:email')[0]?.value).toBe('ava@two.example');
		await app.press('R', 'y');
		frame = await app.waitFor('Restored contact:email of row row-a');
		expect(rows.versions('row-a', 'contact:email')[0]?.value).toBe('ava.berg@example.com');
		await app.press(keys.escape);
		await app.waitFor(next => !next.includes('choosing a version'));
	});

	it('copies the row key with y: shown in full where the terminal takes no clipboard', async () => {
		const id = 'b1d0c0de-0000-4000-8000-000000000042';
		const app = renderApp({rows: new FakeRowStore([{id, cells: userCells('Ava', 'Berg')}]), screen: 'browser'});
		resize(app.instance.stdout, 80, 24);
		await app.waitFor('b1d0c0de-0000-400…');
		await app.press('y');
		await app.waitFor(`Row key (select to copy): ${id}`);
		// The banner goes with the next move.
		await app.press('j');
		await app.waitFor(frame => !frame.includes('select to copy'));
	});

	it('uses the width: phone, city and country at 200 columns, and a nat of 4 letters whole', async () => {
		const rows = new FakeRowStore([
			{id: 'row-a', cells: userCells('Ava', 'Berg', {'info:nat': 'LEGO', 'contact:phone': '555-0101', 'address:city': 'Billund', 'address:country': 'Denmark'})},
		]);
		const app = renderApp({rows, screen: 'browser'});
		resize(app.instance.stdout, 200, 60);
		const frame = await app.waitFor('Billund');
		expect(frame).toMatch(/row key.*name.*email.*phone.*city.*country.*nat/u);
		expect(frame).toMatch(/555-0101.*Billund.*Denmark.*LEGO/u);
		expect(frame).toContain('1 row · page 1');
	});

	it('steps back through time in the row view, and forward again', async () => {
		const rows = new FakeRowStore([{id: 'row-a', cells: userCells('Ava', 'Berg')}]);
		rows.put('row-a', {'contact:email': 'ava@two.example'});
		const app = renderApp({rows, screen: 'browser'});
		await app.waitFor('row-a');
		await app.press(keys.enter);
		await app.waitFor('ava@two.example');
		await app.press('[');
		const past = await app.waitFor('as of ');
		expect(past).toContain('ava.berg@example.com');
		expect(past).not.toContain('ava@two.example');
		expect(rows.calls.filter(call => call.method === 'get').at(-1)!.args[1]).toMatchObject({asOf: expect.any(Number)});
		await app.press('[');
		await app.waitFor('No older version');
		await app.press(']');
		await app.waitFor(frame => frame.includes('ava@two.example') && !frame.includes('as of '));
	});

	it('exports the current search to a file, and verifies the topic against the table', async () => {
		const rows = table(5);
		const app = renderApp({rows, screen: 'browser'});
		await app.waitFor('row-000');
		await app.press('K');
		await app.waitFor('Row key prefix:');
		await app.press('row-00', keys.enter);
		await app.waitFor('key row-00…');
		await app.press('w');
		await app.waitFor('Export this search to file: userdata-');
		await app.press(keys.ctrlU, 'out.csv', keys.enter);
		await app.waitFor('Exported 5 rows to /abs/out.csv');
		expect(rows.calls.find(call => call.method === 'exportRows')!.args).toEqual([{prefix: 'row-00', where: undefined}, 'out.csv']);

		rows.verifyReport = {
			...rows.verifyReport,
			agree: false,
			records: 7,
			rows: 5,
			checked: 5,
			missing: {count: 1, samples: [{row: 'row-004', partition: 2, offset: '9', timestamp: 1}]},
			offsets: [{partition: 2, from: '0', to: '9', records: 10}],
		};
		await app.press('V');
		const frame = await app.waitFor('Verify: 1 missing, 0 different');
		expect(frame).toContain('topic userdata → table userdata: DIFFER');
		expect(frame).toContain('partition 2: offsets 0..9 (10 records)');
		expect(frame).toContain('row-004  (partition 2 offset 9)');
		await app.press('r');
		await app.waitFor(f => f.includes('row-000') && !f.includes('DIFFER'));
	});
});
