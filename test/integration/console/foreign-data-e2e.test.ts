import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {displayWidth} from '../../../source/domain/display.js';
import {dropTable} from '../../helpers/hbase-read.js';
import {foreignPut, type ForeignRow} from '../../helpers/foreign-writer.js';
import {happybaseImportable, inCi, python, tmuxAvailable} from '../../helpers/independent-check.js';
import {uniqueName, uniqueTable} from '../../helpers/ids.js';
import {runCli} from '../../helpers/run-cli.js';
import {TmuxSession} from '../../helpers/tmux.js';
import {waitFor} from '../../helpers/wait-for.js';

const bin = fileURLToPath(new URL('../../../bin/userdata-tui.js', import.meta.url));

// A tmux server of this file's own (TMUX_TMPDIR picks its socket), so turning OSC 52 on
// (set-clipboard, a server option) to catch a clipboard write touches no other session.
process.env.TMUX_TMPDIR = mkdtempSync(join(tmpdir(), 'foreign-e2e-tmux-'));
const tmux = (...args: string[]) => execFileSync('tmux', args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const OSC_TITLE = '\u001b]0;PWNED-TITLE\u0007';
const OSC_52 = '\u001b]52;c;cHduZWQ=\u0007'; // "pwned" to the clipboard
const HOSTILE_KEY = utf8(`evil-${OSC_TITLE}${OSC_52}`);
const BINARY_KEY = Buffer.from([0xff, 0xfe, 0x1b, 0x5b, 0x32, 0x4a, 0x00]); // not UTF-8, with ESC [2J and NUL

const hostile: ForeignRow = {
	key: HOSTILE_KEY,
	cells: {
		'info:first_name': utf8(`Mal${OSC_TITLE}ory`),
		'info:last_name': utf8('\u202Egnp.exe'),
		'contact:email': utf8('mallory@example.com\r\nInjected line'),
		'address:city': utf8('東京😀👩‍👩‍👧'),
		'address:state': utf8('\u001b[2J\u001b[H\u001b[31mred'),
		'contact:phone': utf8(OSC_52),
		'info:nat': Buffer.from([0xff, 0xfe]),
	},
};
const binary: ForeignRow = {
	key: BINARY_KEY,
	cells: {'info:first_name': utf8('Bin'), 'info:last_name': utf8('Ary'), 'contact:email': Buffer.from([0x61, 0x40, 0xc3, 0x28])},
};
const plain: ForeignRow = {
	key: utf8('plain-row'),
	cells: {'info:first_name': utf8('Ava'), 'info:last_name': utf8('Lind'), 'contact:email': utf8('ava@example.com'), 'info:nat': utf8('NO')},
};

/** The display column each grapheme of `line` starts at, as the terminal lays it out. */
function columnStarts(line: string): Set<number> {
	const starts = new Set<number>();
	let column = 0;
	for (const {segment} of new Intl.Segmenter(undefined, {granularity: 'grapheme'}).segment(line)) {
		starts.add(column);
		column += displayWidth(segment);
	}
	return starts;
}

describe.skipIf((!tmuxAvailable || !happybaseImportable) && !inCi)('foreign data in the console and the CLI (tmux, real stack, another writer)', () => {
	const table = uniqueTable();
	let session: TmuxSession | undefined;
	const title = () => tmux('display-message', '-p', '-t', session!.name, '#{pane_title}').trim();
	const buffers = () => tmux('list-buffers', '-F', '#{buffer_sample}').trim();

	beforeAll(async () => {
		if (!tmuxAvailable) throw new Error('tmux is not installed, so the console e2e cannot run; CI installs it in .ci/run');
		if (!happybaseImportable) throw new Error(`Python happybase (${python}) is not available; CI installs it in .ci/run`);
		expect((await runCli(['init', '--topic', uniqueName('foreign'), '--table', table])).code).toBe(0);
		await foreignPut(table, [hostile, binary, plain]);
	});

	afterAll(async () => {
		session?.kill();
		try {
			tmux('kill-server');
		} catch {}
		await dropTable(table);
	});

	it('catches a title change and a clipboard write when one does reach the terminal (the check can fail)', async () => {
		const octal = (text: string) => text.replaceAll('\u001b', '\\033').replaceAll('\u0007', '\\007');
		const probe = TmuxSession.start(uniqueName('probe'), `sleep 1; printf '${octal(OSC_TITLE + OSC_52)}'`, {});
		tmux('set-option', '-s', 'set-clipboard', 'on');
		try {
			await waitFor(() => tmux('display-message', '-p', '-t', probe.name, '#{pane_title}').includes('PWNED'), 'a raw OSC 0 to change the pane title', 10_000);
			await waitFor(() => buffers().includes('pwned'), 'a raw OSC 52 to fill a tmux buffer', 10_000);
		} finally {
			probe.kill();
		}
	});

	it('draws every foreign text inert and aligned in the list and the detail; the title and clipboard stay untouched', async () => {
		session = TmuxSession.start(uniqueName('foreign'), `${process.execPath} ${bin}`, {
			USERDATA_TABLE: table,
			USERDATA_STACK_PORT_OFFSET: process.env.USERDATA_STACK_PORT_OFFSET ?? '0',
			...(process.env.USERDATA_HOME ? {USERDATA_HOME: process.env.USERDATA_HOME} : {}),
			USERDATA_CONFIG_DIR: join(tmpdir(), uniqueName('foreign-config')),
		});
		const screen = () => session!.screen();
		tmux('set-option', '-s', 'set-clipboard', 'on');
		for (const buffer of tmux('list-buffers', '-F', '#{buffer_name}').split('\n').filter(Boolean)) tmux('delete-buffer', '-b', buffer);
		tmux('select-pane', '-t', session.name, '-T', 'original-title');
		await waitFor(() => /Producer/.test(screen()), 'the console to draw', 60_000);
		session.keys('3');
		await waitFor(() => screen().includes('plain-row') && screen().includes('evil-'), 'the rows in the browser', 30_000);

		// The list, line by line.
		const list = screen().split('\n');
		const header = list.findIndex(line => /^row key\s+name\s+email\s+nat/.test(line));
		expect(header, screen()).toBeGreaterThanOrEqual(0);
		const [emailAt, natAt] = [list[header]!.indexOf('email'), list[header]!.indexOf('nat')];
		const rows = list.slice(header + 1, header + 4);
		expect(rows[0]).toMatch(/^evil-\\x1b\]0;PWNED-TITLE\\x07\\x1b\]52;… Mal\\x1b\]0;PWNED-TITLE\\x07ory \\… mallory@example\.com\\x0d\\x0aInjected line\s+he…$/);
		expect(rows[1]).toMatch(/^plain-row\s+Ava Lind\s+ava@example\.com\s+NO$/);
		expect(rows[2]).toMatch(/^hex:fffe1b5b324a00\s+Bin Ary\s+hex:6140c328\s*$/);
		for (const row of rows) {
			// Aligned: every column starts where the header's does, whatever the script.
			const starts = columnStarts(row);
			// (capture-pane drops trailing blanks: a column past the end is an empty one)
			const at = (column: number) => starts.has(column) || column >= displayWidth(row);
			expect(at(emailAt) && at(natAt), row).toBe(true);
			expect(displayWidth(row)).toBeLessThanOrEqual(120);
		}
		expect(list.some(line => line.startsWith('Injected line'))).toBe(false);

		// Found by a hex prefix and opened.
		session.keys('/');
		await waitFor(() => screen().includes('Row key prefix:'), 'the prefix prompt', 10_000);
		session.keys('hex:fffe', 'Enter');
		await waitFor(() => !screen().includes('plain-row') && screen().includes('hex:fffe1b5b324a00'), 'only the binary row', 10_000);
		session.keys('Enter');
		await waitFor(() => screen().includes('Row hex:fffe1b5b324a00') && /^ {2}email/m.test(screen()), 'the binary row open', 10_000);
		expect(screen()).toMatch(/^ {2}email\s+hex:6140c328$/m);
		session.keys('Escape');
		await waitFor(() => screen().includes('Row key prefix') || screen().includes('Rows of'), 'the list again', 10_000);
		session.keys('c');
		await waitFor(() => screen().includes('plain-row'), 'every row again', 10_000);

		// The hostile row's detail, line by line (first in key order: 'e' < 'p' < 0xff).
		session.keys('Enter');
		await waitFor(() => screen().includes('Row evil-') && /^ {2}first_name/m.test(screen()), 'the hostile row open', 10_000);
		const detail = screen();
		expect(detail).toContain('Row evil-\\x1b]0;PWNED-TITLE\\x07\\x1b]52;c;cHduZWQ=\\x07');
		const lines = detail.split('\n');
		const cell = (name: string) => {
			const line = lines.find(item => new RegExp(`^ {2}${name}\\s`).test(item));
			if (line === undefined) throw new Error(`no ${name} line in:\n${detail}`);
			return line;
		};
		expect(cell('first_name')).toMatch(/^ {2}first_name\s+Mal\\x1b\]0;PWNED-TITLE\\x07ory$/);
		expect(cell('last_name')).toMatch(/^ {2}last_name\s+\\u202egnp\.exe$/);
		expect(cell('email')).toMatch(/^ {2}email\s+mallory@example\.com\\x0d\\x0aInjected line$/);
		expect(cell('phone')).toMatch(/^ {2}phone\s+\\x1b\]52;c;cHduZWQ=\\x07$/);
		expect(cell('city')).toMatch(/^ {2}city\s+東京😀👩‍👩‍👧$/);
		expect(cell('state')).toMatch(/^ {2}state\s+\\x1b\[2J\\x1b\[H\\x1b\[31mred$/);
		expect(cell('nat')).toMatch(/^ {2}nat\s+hex:fffe$/);
		// Values start in one column whatever precedes them.
		expect(new Set(['first_name', 'last_name', 'email', 'phone', 'city', 'state', 'nat'].map(name => /^( {2}\S+\s+)/.exec(cell(name))![1]!.length)).size).toBe(1);
		expect(lines.some(line => line.startsWith('Injected line'))).toBe(false);

		// Nothing reached the terminal as a command.
		expect(title()).toBe('original-title');
		expect(buffers()).toBe('');
		session.keys('q');
		await waitFor(() => screen().includes('exited with 0'), 'the console to quit with exit code 0', 60_000, 250);
	});

	it('the CLI prints no raw control byte (the bytes of stdout and stderr)', () => {
		const env = {...process.env, USERDATA_TABLE: table, USERDATA_CONFIG_DIR: join(tmpdir(), uniqueName('foreign-cli'))};
		const runs = [
			['scan'],
			['get', HOSTILE_KEY.toString('hex'), '--key-hex', '--versions', '3'],
			['get', BINARY_KEY.toString('hex'), '--key-hex'],
			['--json', 'get', HOSTILE_KEY.toString('hex'), '--key-hex'],
			['--json', 'scan'],
			['get', `evil-${OSC_TITLE}`], // refused: the error line quotes the key
			['scan', '--verbose'], // log lines on stderr
		];
		// A settings file holding escapes: refused, and the error line quotes it.
		const hostileSettings = mkdtempSync(join(tmpdir(), 'foreign-settings-'));
		writeFileSync(join(hostileSettings, 'settings.json'), JSON.stringify({table: `t${OSC_TITLE}\u202e\u009b2J`}));
		const withSettings = {...env, USERDATA_TABLE: '', USERDATA_CONFIG_DIR: hostileSettings};
		for (const args of [...runs, ['settings-file', 'scan']]) {
			const fromFile = args[0] === 'settings-file';
			const result = spawnSync(process.execPath, [bin, ...(fromFile ? args.slice(1) : args)], {env: fromFile ? withSettings : env});
			if (fromFile) expect(result.stderr.toString('utf8')).toContain('Setting table is invalid');
			for (const [name, bytes] of [
				['stdout', result.stdout],
				['stderr', result.stderr],
			] as const) {
				const raw = [...bytes].filter(byte => (byte < 0x20 && byte !== 0x0a) || byte === 0x7f);
				expect(raw, `${args.join(' ')} ${name}: ${bytes.toString('utf8')}`).toEqual([]);
				expect(/[\u0080-\u009f\p{Bidi_Control}\u2028\u2029]/u.test(bytes.toString('utf8')), `${args.join(' ')} ${name}`).toBe(false);
			}
			if (args[0] === '--json') expect(() => JSON.parse(result.stdout.toString('utf8'))).not.toThrow();
		}
		const json = JSON.parse(spawnSync(process.execPath, [bin, '--json', 'get', HOSTILE_KEY.toString('hex'), '--key-hex'], {env}).stdout.toString('utf8')) as {
			id: string;
			cells: Array<{column: string; value: string}>;
		};
		// JSON stays JSON: the same strings, escaped.
		expect(json.id).toBe(HOSTILE_KEY.toString('utf8'));
		expect(json.cells.find(c => c.column === 'info:last_name')?.value).toBe('\u202Egnp.exe');
	});
});
