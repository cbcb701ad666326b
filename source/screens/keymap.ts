import type {Key} from 'ink';

/**
 * Every key of the console, in one table: the handlers dispatch through it (useKeymap) and the
 * help screen and the hint lines are drawn from it, so what `?` shows is what the keys do.
 * A scope is where a binding applies; only the focused view's scopes take keys. The `keymap`
 * setting of the settings file replaces a command's keys (remapKeys); labels are drawn from
 * the keys in force, so the help follows a remap.
 */

export type Scope =
	| 'global'
	| 'producer'
	| 'consumer'
	| 'browser'
	| 'detail'
	| 'versions'
	| 'fields'
	| 'forms'
	| 'list'
	| 'editing'
	| 'text'
	| 'confirm'
	| 'conflict'
	| 'help'
	| 'dlq'
	| 'tail';

export type SpecialKey =
	'upArrow' | 'downArrow' | 'leftArrow' | 'rightArrow' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'return' | 'escape' | 'tab' | 'backspace' | 'delete';

export interface KeySpec {
	readonly input?: string;
	readonly key?: SpecialKey;
	readonly ctrl?: boolean;
	/** Checked only when given (Tab vs Shift-Tab). */
	readonly shift?: boolean;
}

export interface Binding {
	readonly command: string;
	readonly scope: Scope;
	readonly keys: readonly KeySpec[];
	readonly description: string;
	/** A word or two for the hint line; bindings without one are listed in help only. */
	readonly hint?: string;
}

const up: KeySpec[] = [{key: 'upArrow'}, {input: 'k'}];
const down: KeySpec[] = [{key: 'downArrow'}, {input: 'j'}];

export const keymap = [
	// global
	{command: 'screen.producer', scope: 'global', keys: [{input: '1'}], description: 'Producer: fetch users and publish them to Kafka'},
	{command: 'screen.consumer', scope: 'global', keys: [{input: '2'}], description: 'Consumer: write the topic into HBase, lag and insert log'},
	{command: 'screen.browser', scope: 'global', keys: [{input: '3'}], description: 'Browser: rows of the table, a row with its versions'},
	{command: 'screen.forms', scope: 'global', keys: [{input: '4'}], description: 'Forms: create, edit and delete users'},
	{command: 'screen.settings', scope: 'global', keys: [{input: '5'}], description: 'Settings: brokers, Thrift, API URL, topic, table'},
	{command: 'screen.dlq', scope: 'global', keys: [{input: '6'}], description: 'DLQ: dead letters by reason; replay them to the topic'},
	{command: 'screen.tail', scope: 'global', keys: [{input: '7'}], description: 'Tail: the topic records as they arrive, decoded; pause, scroll, seek'},
	{command: 'screen.next', scope: 'global', keys: [{key: 'tab', shift: false}], description: 'next screen'},
	{command: 'screen.previous', scope: 'global', keys: [{key: 'tab', shift: true}], description: 'previous screen'},
	{
		command: 'palette.open',
		scope: 'global',
		keys: [{input: ':'}],
		description: 'command palette: a screen, a row key, a scan, the table, topic or group',
		hint: 'command',
	},
	{command: 'help.toggle', scope: 'global', keys: [{input: '?'}], description: 'show or hide this help', hint: 'help'},
	{command: 'app.quit', scope: 'global', keys: [{input: 'q'}], description: 'quit: stops the producer and the sink cleanly', hint: 'quit'},
	{command: 'app.interrupt', scope: 'global', keys: [{input: 'c', ctrl: true}], description: 'quit from anywhere (twice: at once)'},

	// producer
	{command: 'producer.start', scope: 'producer', keys: [{input: 's'}], description: 'start fetching (or resume)', hint: 'start'},
	{command: 'producer.pause', scope: 'producer', keys: [{input: 'p'}, {input: ' '}], description: 'pause / resume', hint: 'pause'},
	{command: 'producer.stop', scope: 'producer', keys: [{input: 'x'}], description: 'stop after the page in flight', hint: 'stop'},
	{
		command: 'producer.faster',
		scope: 'producer',
		keys: [{input: '+'}, {input: '='}],
		description: 'raise the rate (users/s; at unlimited there is no higher)',
		hint: 'faster',
	},
	{command: 'producer.slower', scope: 'producer', keys: [{input: '-'}, {input: '_'}], description: 'lower the rate (users/s)', hint: 'slower'},
	{command: 'producer.biggerPage', scope: 'producer', keys: [{input: ']'}], description: 'bigger pages (users per request)', hint: 'bigger page'},
	{command: 'producer.smallerPage', scope: 'producer', keys: [{input: '['}], description: 'smaller pages', hint: 'smaller page'},

	// consumer
	{command: 'sink.start', scope: 'consumer', keys: [{input: 's'}], description: 'start the sink (Kafka to HBase)', hint: 'start'},
	{command: 'sink.stop', scope: 'consumer', keys: [{input: 'x'}], description: 'stop the sink (the batch in flight is not committed)', hint: 'stop'},
	{command: 'log.follow', scope: 'consumer', keys: [{input: 'f'}], description: 'follow the newest inserts', hint: 'follow'},

	// browser: the list
	{command: 'browser.open', scope: 'browser', keys: [{key: 'return'}], description: "open the row: cells by family, each cell's versions", hint: 'open'},
	{command: 'browser.nextPage', scope: 'browser', keys: [{input: 'n'}, {key: 'pageDown'}, {key: 'rightArrow'}], description: 'next page', hint: 'next'},
	{
		command: 'browser.previousPage',
		scope: 'browser',
		keys: [{input: 'b'}, {key: 'pageUp'}, {key: 'leftArrow'}],
		description: 'previous page',
		hint: 'back',
	},
	{command: 'browser.prefix', scope: 'browser', keys: [{input: 'K'}], description: 'search the table by row key prefix (also :key)', hint: 'key'},
	{
		command: 'browser.filter',
		scope: 'browser',
		keys: [{input: 'f'}],
		description: 'search the table by value: a last name, column~text or column=text (also :find)',
		hint: 'find',
	},
	{command: 'browser.clear', scope: 'browser', keys: [{input: 'c'}], description: 'clear the searches', hint: 'clear'},
	{command: 'browser.reload', scope: 'browser', keys: [{input: 'r'}], description: 'reload this page'},
	{command: 'browser.new', scope: 'browser', keys: [{input: 'a'}], description: 'add a user (opens Forms)', hint: 'add'},
	{command: 'browser.edit', scope: 'browser', keys: [{input: 'e'}], description: 'edit the row (opens Forms)', hint: 'edit'},
	{
		command: 'browser.copy',
		scope: 'browser',
		keys: [{input: 'y'}],
		description: 'copy the row key (to the clipboard where the terminal allows, else shown in full)',
		hint: 'copy key',
	},
	{command: 'browser.delete', scope: 'browser', keys: [{input: 'D'}], description: 'delete the row (asks first)', hint: 'delete'},
	{
		command: 'browser.export',
		scope: 'browser',
		keys: [{input: 'w'}],
		description: 'write the rows of this search to a file (ndjson with every version; csv for a name ending .csv)',
		hint: 'export',
	},
	{command: 'browser.verify', scope: 'browser', keys: [{input: 'V'}], description: 'verify: compare the topic with the table, as `verify` does', hint: 'verify'},

	// browser: one row
	{
		command: 'detail.versions',
		scope: 'detail',
		keys: [{key: 'return'}, {input: 'l'}],
		description: "the selected cell's versions: pick one, diff it against the newest, restore it",
		hint: 'versions',
	},
	{
		command: 'detail.back',
		scope: 'detail',
		keys: [{key: 'escape'}, {key: 'leftArrow'}, {key: 'backspace'}, {key: 'delete'}],
		description: 'back to the list',
		hint: 'back',
	},
	{command: 'detail.edit', scope: 'detail', keys: [{input: 'e'}], description: 'edit the row (opens Forms)', hint: 'edit'},
	{command: 'detail.copy', scope: 'detail', keys: [{input: 'y'}], description: 'copy the row key (to the clipboard where the terminal allows, else shown in full)'},
	{command: 'detail.deleteCell', scope: 'detail', keys: [{input: 'X'}], description: 'delete the cell (all its versions; asks first)', hint: 'del cell'},
	{command: 'detail.deleteRow', scope: 'detail', keys: [{input: 'D'}], description: 'delete the row (asks first)', hint: 'del row'},

	// browser: the versions of one cell
	{command: 'versions.back', scope: 'versions', keys: [{key: 'escape'}, {key: 'leftArrow'}, {input: 'h'}], description: 'back to the cells', hint: 'back'},
	{command: 'versions.restore', scope: 'versions', keys: [{input: 'R'}], description: 'restore this version: written again as the newest (asks first)', hint: 'restore'},
	{command: 'detail.reload', scope: 'detail', keys: [{input: 'r'}], description: 'read the row again', hint: 'reload'},
	{command: 'detail.older', scope: 'detail', keys: [{input: '['}], description: 'step back in time: the row as it was before its newest change', hint: 'older'},
	{command: 'detail.newer', scope: 'detail', keys: [{input: ']'}], description: 'step forward in time again, up to now', hint: 'newer'},

	// form fields (Forms and Settings)
	{command: 'field.edit', scope: 'fields', keys: [{key: 'return'}, {input: 'i'}], description: 'edit the field', hint: 'edit'},
	{command: 'form.save', scope: 'fields', keys: [{input: 's'}, {input: 's', ctrl: true}], description: 'save', hint: 'save'},
	{command: 'form.revert', scope: 'fields', keys: [{input: 'u'}], description: 'undo the changes to this field', hint: 'undo'},

	// forms
	{command: 'forms.new', scope: 'forms', keys: [{input: 'n'}], description: 'new user (empty form; asks before dropping unsaved changes)', hint: 'new'},
	{command: 'forms.open', scope: 'forms', keys: [{input: 'o'}], description: 'open a row by its key to edit it (asks before dropping unsaved changes)', hint: 'open'},
	{command: 'forms.reload', scope: 'forms', keys: [{input: 'r'}], description: 'read the row again (drops your changes)'},
	{command: 'forms.deleteCell', scope: 'forms', keys: [{input: 'X'}], description: 'delete the selected cell (asks first)', hint: 'del cell'},
	{command: 'forms.deleteRow', scope: 'forms', keys: [{input: 'D'}], description: 'delete the row (asks first)', hint: 'del row'},
	{command: 'forms.browse', scope: 'forms', keys: [{input: 'v'}], description: 'view the row in the Browser', hint: 'view'},

	// editing a text field (forms, settings, searches)
	{command: 'edit.commit', scope: 'editing', keys: [{key: 'return'}], description: 'keep the value', hint: 'ok'},
	{command: 'edit.cancel', scope: 'editing', keys: [{key: 'escape'}], description: 'drop the change', hint: 'cancel'},
	{
		command: 'edit.next',
		scope: 'editing',
		keys: [{key: 'tab', shift: false}, {key: 'downArrow'}],
		description: 'keep the value, edit the next field',
		hint: 'next',
	},
	{
		command: 'edit.previous',
		scope: 'editing',
		keys: [{key: 'tab', shift: true}, {key: 'upArrow'}],
		description: 'keep the value, edit the previous field',
	},
	{command: 'edit.save', scope: 'editing', keys: [{input: 's', ctrl: true}], description: 'keep the value and save the form', hint: 'save'},

	// text keys inside a field
	{command: 'text.left', scope: 'text', keys: [{key: 'leftArrow'}], description: 'cursor left'},
	{command: 'text.right', scope: 'text', keys: [{key: 'rightArrow'}], description: 'cursor right'},
	{command: 'text.home', scope: 'text', keys: [{key: 'home'}, {input: 'a', ctrl: true}], description: 'start of the text'},
	{command: 'text.end', scope: 'text', keys: [{key: 'end'}, {input: 'e', ctrl: true}], description: 'end of the text'},
	{command: 'text.backspace', scope: 'text', keys: [{key: 'backspace'}, {key: 'delete'}], description: 'delete the character before the cursor'},
	{command: 'text.clear', scope: 'text', keys: [{input: 'u', ctrl: true}], description: 'clear the field'},

	// dialogs
	{command: 'confirm.yes', scope: 'confirm', keys: [{input: 'y'}, {input: 'Y'}], description: 'yes, do it', hint: 'yes'},
	{command: 'confirm.no', scope: 'confirm', keys: [{input: 'n'}, {input: 'N'}, {key: 'escape'}], description: 'no, keep it', hint: 'no'},
	{command: 'conflict.reload', scope: 'conflict', keys: [{input: 'r'}], description: 'reload the row (your changes are dropped)', hint: 'reload'},
	{command: 'conflict.overwrite', scope: 'conflict', keys: [{input: 'o'}], description: 'save yours anyway (over the other change)', hint: 'overwrite'},
	{command: 'conflict.cancel', scope: 'conflict', keys: [{key: 'escape'}], description: 'back to the form', hint: 'back'},

	// dead letters
	{command: 'list.up', scope: 'dlq', keys: up, description: 'previous dead letter'},
	{command: 'list.down', scope: 'dlq', keys: down, description: 'next dead letter'},
	{command: 'dlq.mark', scope: 'dlq', keys: [{input: ' '}], description: 'select or unselect the dead letter for a replay', hint: 'select'},
	{
		command: 'dlq.replay',
		scope: 'dlq',
		keys: [{input: 'r'}],
		description: 'replay the selected dead letters (or the one under the cursor) to the topic',
		hint: 'replay',
	},
	{
		command: 'dlq.replayAll',
		scope: 'dlq',
		keys: [{input: 'R'}],
		description: 'replay every dead letter after the last replay (asks first)',
		hint: 'replay all',
	},
	{command: 'dlq.edit', scope: 'dlq', keys: [{input: 'e'}], description: 'fix the dead letter in the form (a decodable user), then replay it', hint: 'fix'},
	{command: 'dlq.filter', scope: 'dlq', keys: [{input: 'f'}, {input: '/'}], description: 'show only reasons containing a text', hint: 'filter'},
	{command: 'dlq.reload', scope: 'dlq', keys: [{input: 'l'}], description: 'read the DLQ again', hint: 'reload'},

	// the topic tail
	{command: 'tail.pause', scope: 'tail', keys: [{input: 'p'}, {input: ' '}], description: 'pause / resume reading (resumes where it stopped)', hint: 'pause'},
	{command: 'log.up', scope: 'tail', keys: up, description: 'scroll back', hint: 'scroll'},
	{command: 'log.down', scope: 'tail', keys: down, description: 'scroll forward'},
	{command: 'log.follow', scope: 'tail', keys: [{input: 'f'}, {key: 'end'}], description: 'follow the newest records', hint: 'follow'},
	{command: 'tail.beginning', scope: 'tail', keys: [{input: 'g'}], description: 'seek to the beginning of the topic', hint: 'start'},
	{command: 'tail.offset', scope: 'tail', keys: [{input: 'o'}], description: 'seek to an offset of a partition (p:o)', hint: 'offset'},
	{command: 'tail.time', scope: 'tail', keys: [{input: 't'}], description: 'seek to a time (2025-01-31T14:03:07Z, or 15m back)', hint: 'time'},

	// help
	{command: 'help.close', scope: 'help', keys: [{key: 'escape'}, {input: '?'}], description: 'close the help', hint: 'close'},

	// every list (rows, cells, versions, insert log, errors, fields, help)
	{command: 'list.up', scope: 'list', keys: up, description: 'previous line'},
	{command: 'list.down', scope: 'list', keys: down, description: 'next line'},
	{command: 'list.pageUp', scope: 'list', keys: [{key: 'pageUp'}, {input: 'b', ctrl: true}], description: 'a page up'},
	{command: 'list.pageDown', scope: 'list', keys: [{key: 'pageDown'}, {input: 'f', ctrl: true}], description: 'a page down'},
	{command: 'list.top', scope: 'list', keys: [{input: 'g'}, {key: 'home'}], description: 'first line'},
	{command: 'list.bottom', scope: 'list', keys: [{input: 'G'}, {key: 'end'}], description: 'last line'},
	{command: 'list.filter', scope: 'list', keys: [{input: '/'}], description: 'filter the list as you type (Enter keeps it, Esc clears it)', hint: 'filter'},
] as const satisfies readonly Binding[];

export type Command = (typeof keymap)[number]['command'];

/** The bindings in force: the table above with the settings file's remaps applied. */
let active: readonly Binding[] = keymap;

/** Every binding in force, in table order. */
export function bindings(): readonly Binding[] {
	return active;
}

export const scopeTitles: Record<Scope, string> = {
	global: 'Everywhere',
	producer: 'Producer',
	consumer: 'Consumer',
	browser: 'Browser: rows',
	detail: 'Browser: one row',
	versions: "Browser: a cell's versions",
	fields: 'Forms and Settings: fields',
	forms: 'Forms',
	list: 'Every list (rows, cells, versions, insert log, errors, fields, help)',
	editing: 'Editing a field, a filter or a command',
	text: 'Text in a field',
	confirm: 'Questions',
	conflict: 'Conflict (the row changed meanwhile)',
	help: 'Help',
	dlq: 'DLQ',
	tail: 'Tail',
};

/** A one-line prompt (a search, a row key) answers with Enter or drops with Esc: hints leave out the rest. */
export const promptHintsExcept: readonly string[] = ['edit.next', 'edit.previous', 'edit.save'];

const specialNames: Record<SpecialKey, string> = {
	upArrow: '↑',
	downArrow: '↓',
	leftArrow: '←',
	rightArrow: '→',
	pageUp: 'PgUp',
	pageDown: 'PgDn',
	home: 'Home',
	end: 'End',
	return: 'Enter',
	escape: 'Esc',
	tab: 'Tab',
	backspace: 'Backspace',
	delete: 'Delete',
};

/** How one key is written: `k`, `Ctrl-S`, `Shift-Tab`, `PgDn`, `Space`. */
export function keyName(spec: KeySpec): string {
	const input = spec.ctrl ? spec.input?.toUpperCase() : spec.input;
	const base = spec.key ? specialNames[spec.key] : input === ' ' ? 'Space' : (input ?? '');
	return `${spec.ctrl ? 'Ctrl-' : ''}${spec.shift ? 'Shift-' : ''}${base}`;
}

/**
 * How a binding's keys are written: all of them in help (`↑/k`, `n/PgDn/→`), the first one in
 * the hint line. Capital letters that only repeat a small one are left out.
 */
export function labelOf(binding: Binding, short = false): string {
	const names = binding.keys.filter(
		spec => !(spec.input && spec.input !== spec.input.toLowerCase() && binding.keys.some(other => other.input === spec.input!.toLowerCase() && !other.ctrl)),
	);
	return (short ? names.slice(0, 1) : names).map(keyName).join('/');
}

/** Reads one key as written in the settings file: `x`, `ctrl+s`, `shift+tab`, `pgdn`, `space`, `enter`. */
export function parseKeyName(text: string): KeySpec | undefined {
	const parts = text.split(/[+-](?=.)/u);
	let ctrl = false;
	let shift: boolean | undefined;
	for (const modifier of parts.slice(0, -1)) {
		if (modifier.toLowerCase() === 'ctrl') ctrl = true;
		else if (modifier.toLowerCase() === 'shift') shift = true;
		else return undefined;
	}
	const last = parts.at(-1) ?? '';
	const lower = last.toLowerCase();
	const special = (Object.keys(specialNames) as SpecialKey[]).find(
		name =>
			name.toLowerCase() === lower ||
			specialNames[name].toLowerCase() === lower ||
			(lower === 'up' && name === 'upArrow') ||
			(lower === 'down' && name === 'downArrow') ||
			(lower === 'left' && name === 'leftArrow') ||
			(lower === 'right' && name === 'rightArrow') ||
			(lower === 'esc' && name === 'escape'),
	);
	if (special) return {key: special, ...(ctrl ? {ctrl} : {}), ...(shift === undefined ? {} : {shift})};
	const input = lower === 'space' ? ' ' : last;
	if ([...input].length !== 1) return undefined;
	return ctrl ? {input: input.toLowerCase(), ctrl} : {input};
}

/** The `keymap` setting: a command's new keys, e.g. {"app.quit": ["Q"], "list.filter": ["/", "ctrl+f"]}. */
export type KeymapOverrides = Readonly<Record<string, readonly string[]>>;

/**
 * Puts the settings file's keymap in force (every scope of a command takes the new keys).
 * Returns what could not be used, in words; those entries are left as they were.
 */
export function remapKeys(overrides: KeymapOverrides | undefined): string[] {
	const problems: string[] = [];
	const replaced = new Map<string, KeySpec[]>();
	for (const [command, names] of Object.entries(overrides ?? {})) {
		if (!keymap.some(binding => binding.command === command)) {
			problems.push(`keymap: no command ${JSON.stringify(command)}`);
			continue;
		}
		const list = Array.isArray(names) ? names : [];
		const specs = list.map(name => (typeof name === 'string' ? parseKeyName(name) : undefined));
		if (list.length === 0 || specs.some(spec => spec === undefined)) {
			problems.push(`keymap: ${command}: keys must be a list like ["x", "ctrl+s", "pgdn"] (got ${JSON.stringify(names)})`);
			continue;
		}
		replaced.set(command, specs as KeySpec[]);
	}
	active = keymap.map(binding => (replaced.has(binding.command) ? {...binding, keys: replaced.get(binding.command)!} : binding));
	return problems;
}

export function matches(spec: KeySpec, input: string, key: Key): boolean {
	if (spec.key !== undefined) {
		if (!key[spec.key]) return false;
		if (spec.shift !== undefined && Boolean(key.shift) !== spec.shift) return false;
		return spec.ctrl === undefined || Boolean(key.ctrl) === spec.ctrl;
	}
	if (spec.input === undefined || input !== spec.input) return false;
	if (Boolean(spec.ctrl) !== Boolean(key.ctrl)) return false;
	return !key.meta;
}

/** The command a key press means in these scopes (first scope first), if any. */
export function commandFor(scopes: readonly Scope[], input: string, key: Key): Command | undefined {
	for (const scope of scopes) {
		for (const binding of active) {
			if (binding.scope === scope && binding.keys.some(spec => matches(spec, input, key))) return binding.command as Command;
		}
	}
	return undefined;
}

export function bindingsOf(scope: Scope): Binding[] {
	return active.filter(binding => binding.scope === scope);
}

/** The label of a command's keys in force (the first scope it is bound in). */
export function keysOf(command: Command): string {
	const binding = active.find(item => item.command === command);
	return binding ? labelOf(binding, true) : '?';
}

/** Scopes in the order help lists them. */
export const helpOrder: readonly Scope[] = [
	'global',
	'list',
	'producer',
	'consumer',
	'browser',
	'detail',
	'versions',
	'fields',
	'forms',
	'dlq',
	'tail',
	'editing',
	'text',
	'confirm',
	'conflict',
	'help',
];
