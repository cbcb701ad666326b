import {mkdirSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {dropTable, readAllRows} from '../../helpers/hbase-read.js';
import {uniqueName, uniqueTable} from '../../helpers/ids.js';
import {RandomUserStub} from '../../helpers/randomuser-stub.js';
import {runCli} from '../../helpers/run-cli.js';
import {inCi, tmuxAvailable} from '../../helpers/independent-check.js';
import {TmuxSession} from '../../helpers/tmux.js';
import {waitFor} from '../../helpers/wait-for.js';

const bin = fileURLToPath(new URL('../../../bin/userdata-tui.js', import.meta.url));

describe.skipIf(!tmuxAvailable && !inCi)('the console in a real terminal (tmux), on the real stack', () => {
	const stub = new RandomUserStub();
	const topic = uniqueName('console');
	const table = uniqueTable();
	let session: TmuxSession | undefined;

	beforeAll(async () => {
		// Only reached without tmux in CI, where a skip would hide the missing check.
		if (!tmuxAvailable) throw new Error('tmux is not installed, so the console e2e cannot run; CI installs it in .ci/run');
		const url = await stub.start();
		expect((await runCli(['init', '--topic', topic, '--table', table])).code).toBe(0);
		// The settings file's keymap: quit moves from q to Q (the help must follow).
		const configDir = `/tmp/${uniqueName('console-config')}`;
		mkdirSync(configDir, {recursive: true});
		writeFileSync(`${configDir}/settings.json`, JSON.stringify({keymap: {'app.quit': ['Q']}}));
		session = TmuxSession.start(uniqueName('e2e'), `${process.execPath} ${bin}`, {
			USERDATA_TOPIC: topic,
			USERDATA_TABLE: table,
			USERDATA_GROUP: uniqueName('sink'),
			USERDATA_API_URL: url,
			USERDATA_STACK_PORT_OFFSET: process.env.USERDATA_STACK_PORT_OFFSET ?? '0',
			...(process.env.USERDATA_HOME ? {USERDATA_HOME: process.env.USERDATA_HOME} : {}),
			// A config folder of its own: no saved settings from the developer's own console.
			USERDATA_CONFIG_DIR: configDir,
		});
	});

	afterAll(async () => {
		session?.kill();
		await stub.close();
		await dropTable(table);
	});

	it('starts the pipeline with keys, shows inserts in the consumer log, finds them in the browser, and quits cleanly', async () => {
		const tmux = session!;
		await waitFor(() => /Producer/.test(tmux.screen()) && /Kafka/.test(tmux.screen()), 'the console to draw', 60_000);
		tmux.keys('2');
		// Each key waits for the screen it leads to: keys typed in one burst arrive as one input.
		await waitFor(() => /^Consumer /m.test(tmux.screen()), 'the consumer screen', 10_000);
		tmux.keys('s'); // start the sink
		await waitFor(() => /^Consumer ▶/m.test(tmux.screen()), 'the sink to run', 30_000);
		tmux.keys('1');
		await waitFor(() => /^Producer /m.test(tmux.screen()), 'the producer screen', 10_000);
		tmux.keys('s'); // start fetching
		await waitFor(() => /^Producer ▶/m.test(tmux.screen()), 'the producer to run', 30_000);
		await waitFor(
			async () => {
				const all = await readAllRows(table);
				return all.size >= 50 ? all : undefined;
			},
			'rows in HBase',
			120_000,
			500,
		).catch(error => {
			throw new Error(`${(error as Error).message}\n--- screen ---\n${tmux.screen()}`);
		});
		tmux.keys('x'); // stop the producer
		await waitFor(() => /^Producer ■ stopped/mu.test(tmux.screen()), 'the producer to stop', 30_000, 250);
		// The consumer screen's insert log shows rows that are in HBase.
		tmux.keys('2');
		await waitFor(() => /^Consumer /m.test(tmux.screen()), 'the consumer screen', 10_000);
		// The log shows the latest inserts, which may be past the first 50: the names come from the
		// table as it is when the screen is read.
		await waitFor(
			async () => {
				const screen = tmux.screen();
				const names = [...(await readAllRows(table)).values()].map(r => r['info:last_name']).filter((n): n is string => Boolean(n));
				return names.some(name => screen.includes(name));
			},
			'an inserted user in the insert log',
			30_000,
			1000,
		).catch(error => {
			throw new Error(`${(error as Error).message}\n--- screen ---\n${tmux.screen()}`);
		});
		// Lag in time: the age of the oldest unwritten record and the drain ETA (or drained), and the lag chart.
		await waitFor(() => /oldest unwritten \S+ \S+ · |nothing waits: drained/u.test(tmux.screen()), 'the lag in time on the consumer screen', 30_000, 250);
		expect(tmux.screen()).toContain('lag (records not yet written)');
		// The tail: the topic's records, decoded, with their row keys and names.
		tmux.keys('7');
		await waitFor(() => /^Tail ▶ following/mu.test(tmux.screen()), 'the tail screen', 10_000);
		await waitFor(() => /^\S+Z \d+:\d+ +[0-9a-f]{8}-[0-9a-f-]{27} +\S+/mu.test(tmux.screen()), 'decoded records in the tail', 30_000, 250).catch(error => {
			throw new Error(`${(error as Error).message}\n--- screen ---\n${tmux.screen()}`);
		});
		// Each row key it shows is a row the sink writes (it may still be on its way), with the name shown.
		const shown = [...tmux.screen().matchAll(/ \d+:\d+ +([0-9a-f]{8}-[0-9a-f-]{27}) +(.+?)\s*$/gmu)];
		expect(shown.length).toBeGreaterThan(0);
		const written = await waitFor(
			async () => {
				const all = await readAllRows(table);
				return shown.every(([, key]) => all.has(key!)) ? all : undefined;
			},
			'the tailed rows in HBase',
			60_000,
			500,
		);
		for (const [, key, name] of shown) expect(name, key).toBe(`${written.get(key!)?.['info:first_name']} ${written.get(key!)?.['info:last_name']}`);
		// The DLQ screen reads the (empty) dead-letter topic.
		tmux.keys('6');
		await waitFor(() => tmux.screen().includes(`DLQ ${topic}.dlq 0 dead letter(s)`), 'the DLQ screen', 30_000, 250);
		// The browser's first page starts with the smallest row key of the whole table. Rows the
		// producer sent after the first 50 land until the sink drains, and some sort before those
		// 50, so the table is read again only once the consumer screen says nothing waits.
		tmux.keys('2');
		await waitFor(() => tmux.screen().includes('nothing waits: drained'), 'the sink to drain', 60_000, 250).catch(error => {
			throw new Error(`${(error as Error).message}\n--- screen ---\n${tmux.screen()}`);
		});
		const first = [...(await readAllRows(table)).keys()].sort()[0]!;
		tmux.keys('3');
		await waitFor(() => tmux.screen().includes(first.slice(0, 8)), `row ${first} in the browser`, 30_000, 250).catch(error => {
			throw new Error(`${(error as Error).message}\n--- screen ---\n${tmux.screen()}`);
		});

		/** Waits until the screen passes `test`; on a timeout the error shows the screen. */
		const onScreen = async (test: (screen: string) => boolean, what: string) =>
			waitFor(() => test(tmux.screen()), what, 30_000, 100).catch((error: unknown) => {
				throw new Error(`${(error as Error).message}\n--- screen ---\n${tmux.screen()}`);
			});

		// `/` filters the list as you type: only the first row is left.
		tmux.keys('/');
		// Typed only once the filter line is open: a key that arrives before it goes to the screen's
		// own keys, and the digits of a row key switch screens (5 is Settings).
		await onScreen(screen => /\d+ of \d+ rows on this page/.test(screen), 'the filter line to open');
		tmux.keys(first.slice(0, 13));
		await onScreen(screen => /1 of \d+ rows on this page/.test(screen), 'the filter to narrow the rows');
		tmux.keys('Enter');
		await onScreen(screen => screen.includes(`filter "${first.slice(0, 13)}"`), 'the filter to be kept');
		tmux.keys('/');
		await onScreen(screen => /\d+ of \d+ rows on this page/.test(screen) && !screen.includes('filter "'), 'the filter line to open');
		tmux.keys('Escape');
		await onScreen(screen => !/rows on this page/.test(screen), 'the filter to clear');

		// `:` palette: go to a row key, then a screen by name.
		tmux.keys(':');
		await onScreen(screen => /the Producer screen/.test(screen), 'the palette');
		tmux.keys(`go ${first}`, 'Enter');
		await onScreen(screen => screen.includes(`Row ${first}`), 'the palette to open the row');
		tmux.keys(':');
		await onScreen(screen => /the Producer screen/.test(screen), 'the palette');
		tmux.keys('consumer', 'Enter');
		await onScreen(screen => /^Consumer /m.test(screen), 'the palette to open the consumer');

		// `?` help, searched by typing, drawn from the remapped keymap.
		tmux.keys('?');
		await onScreen(screen => screen.includes('Everywhere:'), 'the help');
		tmux.keys('/');
		tmux.keys('quit');
		await onScreen(screen => /Q\s+quit: stops the producer/.test(screen) && !screen.includes('previous screen'), 'the help to show the remapped key');
		tmux.keys('Escape');
		await onScreen(screen => !/\d+ of \d+ keys/.test(screen), 'the help filter to clear');
		tmux.keys('Escape');
		await onScreen(screen => !screen.includes('Everywhere:'), 'the help to close');

		// q no longer quits: the help opened by the next key shows the console still there; Q quits.
		tmux.keys('q', '?');
		await onScreen(screen => screen.includes('Everywhere:'), 'the help after q');
		expect(tmux.screen()).not.toContain('Stopping the producer');
		tmux.keys('Escape');
		await onScreen(screen => !screen.includes('Everywhere:'), 'the help to close');
		tmux.keys('Q');
		await waitFor(() => tmux.screen().includes('exited with 0'), 'the console to quit with exit code 0', 60_000, 250);
	});
});
