import type {Key} from 'ink';

/**
 * Every key of the console, in one table: the handlers dispatch through it (useKeymap) and the
 * help screen and the hint lines are drawn from it, so what `?` shows is what the keys do.
 * A scope is where a binding applies; only the focused view's scopes take keys.
 */

export type Scope =
	'global' | 'producer' | 'consumer' | 'browser' | 'detail' | 'fields' | 'forms' | 'editing' | 'text' | 'confirm' | 'conflict' | 'help' | 'dlq' | 'tail';

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
	/** How the keys are written in help and hints. */
	readonly label: string;
	readonly description: string;
	/** A word or two for the hint line; bindings without one are listed in help only. */
	readonly hint?: string;
}

const up: KeySpec[] = [{key: 'upArrow'}, {input: 'k'}];
const down: KeySpec[] = [{key: 'downArrow'}, {input: 'j'}];

export const keymap = [
	// global
	{command: 'screen.producer', scope: 'global', keys: [{input: '1'}], label: '1', description: 'Producer: fetch users and publish them to Kafka'},
	{command: 'screen.consumer', scope: 'global', keys: [{input: '2'}], label: '2', description: 'Consumer: write the topic into HBase, lag and insert log'},
	{command: 'screen.browser', scope: 'global', keys: [{input: '3'}], label: '3', description: 'Browser: rows of the table, a row with its versions'},
	{command: 'screen.forms', scope: 'global', keys: [{input: '4'}], label: '4', description: 'Forms: create, edit and delete users'},
	{command: 'screen.settings', scope: 'global', keys: [{input: '5'}], label: '5', description: 'Settings: brokers, Thrift, API URL, topic, table'},
	{command: 'screen.dlq', scope: 'global', keys: [{input: '6'}], label: '6', description: 'DLQ: dead letters by reason; replay them to the topic'},
	{command: 'screen.tail', scope: 'global', keys: [{input: '7'}], label: '7', description: 'Tail: the topic records as they arrive, decoded; pause, scroll, seek'},
	{command: 'screen.next', scope: 'global', keys: [{key: 'tab', shift: false}], label: 'Tab', description: 'next screen'},
	{command: 'screen.previous', scope: 'global', keys: [{key: 'tab', shift: true}], label: 'Shift-Tab', description: 'previous screen'},
	{command: 'help.toggle', scope: 'global', keys: [{input: '?'}], label: '?', description: 'show or hide this help', hint: 'help'},
	{command: 'app.quit', scope: 'global', keys: [{input: 'q'}], label: 'q', description: 'quit: stops the producer and the sink cleanly', hint: 'quit'},
	{command: 'app.interrupt', scope: 'global', keys: [{input: 'c', ctrl: true}], label: 'Ctrl-C', description: 'quit from anywhere (twice: at once)'},

	// producer
	{command: 'producer.start', scope: 'producer', keys: [{input: 's'}], label: 's', description: 'start fetching (or resume)', hint: 'start'},
	{command: 'producer.pause', scope: 'producer', keys: [{input: 'p'}, {input: ' '}], label: 'p', description: 'pause / resume', hint: 'pause'},
	{command: 'producer.stop', scope: 'producer', keys: [{input: 'x'}], label: 'x', description: 'stop after the page in flight', hint: 'stop'},
	{command: 'producer.faster', scope: 'producer', keys: [{input: '+'}, {input: '='}], label: '+', description: 'raise the rate (users/s)', hint: 'rate'},
	{command: 'producer.slower', scope: 'producer', keys: [{input: '-'}, {input: '_'}], label: '-', description: 'lower the rate (users/s)'},
	{command: 'producer.biggerPage', scope: 'producer', keys: [{input: ']'}], label: ']', description: 'bigger pages (users per request)', hint: 'page'},
	{command: 'producer.smallerPage', scope: 'producer', keys: [{input: '['}], label: '[', description: 'smaller pages'},

	// consumer
	{command: 'sink.start', scope: 'consumer', keys: [{input: 's'}], label: 's', description: 'start the sink (Kafka to HBase)', hint: 'start'},
	{command: 'sink.stop', scope: 'consumer', keys: [{input: 'x'}], label: 'x', description: 'stop the sink (the batch in flight is not committed)', hint: 'stop'},
	{command: 'log.up', scope: 'consumer', keys: up, label: '↑/k', description: 'scroll the insert log back', hint: 'scroll'},
	{command: 'log.down', scope: 'consumer', keys: down, label: '↓/j', description: 'scroll the insert log forward'},
	{command: 'log.follow', scope: 'consumer', keys: [{input: 'f'}, {key: 'end'}], label: 'f', description: 'follow the newest inserts', hint: 'follow'},

	// browser: the list
	{command: 'list.up', scope: 'browser', keys: up, label: '↑/k', description: 'previous row'},
	{command: 'list.down', scope: 'browser', keys: down, label: '↓/j', description: 'next row'},
	{command: 'browser.open', scope: 'browser', keys: [{key: 'return'}], label: 'Enter', description: "open the row: cells by family, each cell's versions", hint: 'open'},
	{command: 'browser.nextPage', scope: 'browser', keys: [{input: 'n'}, {key: 'pageDown'}, {key: 'rightArrow'}], label: 'n/→', description: 'next page', hint: 'next'},
	{
		command: 'browser.previousPage',
		scope: 'browser',
		keys: [{input: 'b'}, {key: 'pageUp'}, {key: 'leftArrow'}],
		label: 'b/←',
		description: 'previous page',
		hint: 'back',
	},
	{command: 'browser.prefix', scope: 'browser', keys: [{input: '/'}], label: '/', description: 'search by row key prefix', hint: 'key'},
	{command: 'browser.filter', scope: 'browser', keys: [{input: 'f'}], label: 'f', description: 'search by value: a last name, column~text or column=text', hint: 'find'},
	{command: 'browser.clear', scope: 'browser', keys: [{input: 'c'}], label: 'c', description: 'clear the searches', hint: 'clear'},
	{command: 'browser.reload', scope: 'browser', keys: [{input: 'r'}], label: 'r', description: 'reload this page'},
	{command: 'browser.new', scope: 'browser', keys: [{input: 'a'}], label: 'a', description: 'add a user (opens Forms)', hint: 'add'},
	{command: 'browser.edit', scope: 'browser', keys: [{input: 'e'}], label: 'e', description: 'edit the row (opens Forms)', hint: 'edit'},
	{command: 'browser.delete', scope: 'browser', keys: [{input: 'd'}], label: 'd', description: 'delete the row (asks first)', hint: 'delete'},

	// browser: one row
	{command: 'list.up', scope: 'detail', keys: up, label: '↑/k', description: 'previous cell'},
	{command: 'list.down', scope: 'detail', keys: down, label: '↓/j', description: 'next cell'},
	{
		command: 'detail.back',
		scope: 'detail',
		keys: [{key: 'escape'}, {key: 'leftArrow'}, {key: 'backspace'}, {key: 'delete'}],
		label: 'Esc/←',
		description: 'back to the list',
		hint: 'back',
	},
	{command: 'detail.edit', scope: 'detail', keys: [{input: 'e'}], label: 'e', description: 'edit the row (opens Forms)', hint: 'edit'},
	{command: 'detail.deleteCell', scope: 'detail', keys: [{input: 'x'}], label: 'x', description: 'delete the cell (all its versions; asks first)', hint: 'del cell'},
	{command: 'detail.deleteRow', scope: 'detail', keys: [{input: 'd'}], label: 'd', description: 'delete the row (asks first)', hint: 'del row'},
	{command: 'detail.reload', scope: 'detail', keys: [{input: 'r'}], label: 'r', description: 'read the row again', hint: 'reload'},

	// form fields (Forms and Settings)
	{command: 'field.up', scope: 'fields', keys: up, label: '↑/k', description: 'previous field'},
	{command: 'field.down', scope: 'fields', keys: down, label: '↓/j', description: 'next field'},
	{command: 'field.edit', scope: 'fields', keys: [{key: 'return'}, {input: 'i'}], label: 'Enter', description: 'edit the field', hint: 'edit'},
	{command: 'form.save', scope: 'fields', keys: [{input: 's'}, {input: 's', ctrl: true}], label: 's', description: 'save', hint: 'save'},
	{command: 'form.revert', scope: 'fields', keys: [{input: 'u'}], label: 'u', description: 'undo the changes to this field', hint: 'undo'},

	// forms
	{command: 'forms.new', scope: 'forms', keys: [{input: 'n'}], label: 'n', description: 'new user (empty form)', hint: 'new'},
	{command: 'forms.open', scope: 'forms', keys: [{input: 'o'}], label: 'o', description: 'open a row by its key to edit it', hint: 'open'},
	{command: 'forms.reload', scope: 'forms', keys: [{input: 'r'}], label: 'r', description: 'read the row again (drops your changes)'},
	{command: 'forms.deleteCell', scope: 'forms', keys: [{input: 'X'}], label: 'X', description: 'delete the selected cell (asks first)', hint: 'del cell'},
	{command: 'forms.deleteRow', scope: 'forms', keys: [{input: 'D'}], label: 'D', description: 'delete the row (asks first)', hint: 'del row'},
	{command: 'forms.browse', scope: 'forms', keys: [{input: 'v'}], label: 'v', description: 'view the row in the Browser', hint: 'view'},

	// editing a text field (forms, settings, searches)
	{command: 'edit.commit', scope: 'editing', keys: [{key: 'return'}], label: 'Enter', description: 'keep the value', hint: 'ok'},
	{command: 'edit.cancel', scope: 'editing', keys: [{key: 'escape'}], label: 'Esc', description: 'drop the change', hint: 'cancel'},
	{
		command: 'edit.next',
		scope: 'editing',
		keys: [{key: 'tab', shift: false}, {key: 'downArrow'}],
		label: 'Tab/↓',
		description: 'keep the value, edit the next field',
		hint: 'next',
	},
	{
		command: 'edit.previous',
		scope: 'editing',
		keys: [{key: 'tab', shift: true}, {key: 'upArrow'}],
		label: 'Shift-Tab/↑',
		description: 'keep the value, edit the previous field',
	},
	{command: 'edit.save', scope: 'editing', keys: [{input: 's', ctrl: true}], label: 'Ctrl-S', description: 'keep the value and save the form', hint: 'save'},

	// text keys inside a field
	{command: 'text.left', scope: 'text', keys: [{key: 'leftArrow'}], label: '←', description: 'cursor left'},
	{command: 'text.right', scope: 'text', keys: [{key: 'rightArrow'}], label: '→', description: 'cursor right'},
	{command: 'text.home', scope: 'text', keys: [{key: 'home'}, {input: 'a', ctrl: true}], label: 'Home/Ctrl-A', description: 'start of the text'},
	{command: 'text.end', scope: 'text', keys: [{key: 'end'}, {input: 'e', ctrl: true}], label: 'End/Ctrl-E', description: 'end of the text'},
	{command: 'text.backspace', scope: 'text', keys: [{key: 'backspace'}, {key: 'delete'}], label: 'Backspace', description: 'delete the character before the cursor'},
	{command: 'text.clear', scope: 'text', keys: [{input: 'u', ctrl: true}], label: 'Ctrl-U', description: 'clear the field'},

	// dialogs
	{command: 'confirm.yes', scope: 'confirm', keys: [{input: 'y'}, {input: 'Y'}], label: 'y', description: 'yes, do it', hint: 'yes'},
	{command: 'confirm.no', scope: 'confirm', keys: [{input: 'n'}, {input: 'N'}, {key: 'escape'}], label: 'n/Esc', description: 'no, keep it', hint: 'no'},
	{command: 'conflict.reload', scope: 'conflict', keys: [{input: 'r'}], label: 'r', description: 'reload the row (your changes are dropped)', hint: 'reload'},
	{command: 'conflict.overwrite', scope: 'conflict', keys: [{input: 'o'}], label: 'o', description: 'save yours anyway (over the other change)', hint: 'overwrite'},
	{command: 'conflict.cancel', scope: 'conflict', keys: [{key: 'escape'}], label: 'Esc', description: 'back to the form', hint: 'back'},

	// dead letters
	{command: 'list.up', scope: 'dlq', keys: up, label: '↑/k', description: 'previous dead letter'},
	{command: 'list.down', scope: 'dlq', keys: down, label: '↓/j', description: 'next dead letter'},
	{command: 'dlq.mark', scope: 'dlq', keys: [{input: ' '}], label: 'Space', description: 'select or unselect the dead letter for a replay', hint: 'select'},
	{
		command: 'dlq.replay',
		scope: 'dlq',
		keys: [{input: 'r'}],
		label: 'r',
		description: 'replay the selected dead letters (or the one under the cursor) to the topic',
		hint: 'replay',
	},
	{
		command: 'dlq.replayAll',
		scope: 'dlq',
		keys: [{input: 'R'}],
		label: 'R',
		description: 'replay every dead letter after the last replay (asks first)',
		hint: 'replay all',
	},
	{command: 'dlq.edit', scope: 'dlq', keys: [{input: 'e'}], label: 'e', description: 'fix the dead letter in the form (a decodable user), then replay it', hint: 'fix'},
	{command: 'dlq.filter', scope: 'dlq', keys: [{input: 'f'}, {input: '/'}], label: 'f', description: 'show only reasons containing a text', hint: 'filter'},
	{command: 'dlq.reload', scope: 'dlq', keys: [{input: 'l'}], label: 'l', description: 'read the DLQ again', hint: 'reload'},

	// the topic tail
	{command: 'tail.pause', scope: 'tail', keys: [{input: 'p'}, {input: ' '}], label: 'p', description: 'pause / resume reading (resumes where it stopped)', hint: 'pause'},
	{command: 'log.up', scope: 'tail', keys: up, label: '↑/k', description: 'scroll back', hint: 'scroll'},
	{command: 'log.down', scope: 'tail', keys: down, label: '↓/j', description: 'scroll forward'},
	{command: 'log.follow', scope: 'tail', keys: [{input: 'f'}, {key: 'end'}], label: 'f', description: 'follow the newest records', hint: 'follow'},
	{command: 'tail.beginning', scope: 'tail', keys: [{input: 'g'}], label: 'g', description: 'seek to the beginning of the topic', hint: 'start'},
	{command: 'tail.offset', scope: 'tail', keys: [{input: 'o'}], label: 'o', description: 'seek to an offset of a partition (p:o)', hint: 'offset'},
	{command: 'tail.time', scope: 'tail', keys: [{input: 't'}], label: 't', description: 'seek to a time (2025-01-31T14:03:07Z, or 15m back)', hint: 'time'},

	// help
	{command: 'help.close', scope: 'help', keys: [{key: 'escape'}, {input: '?'}], label: 'Esc/?', description: 'close the help', hint: 'close'},
	{command: 'help.up', scope: 'help', keys: up, label: '↑/k', description: 'scroll up', hint: 'scroll'},
	{command: 'help.down', scope: 'help', keys: down, label: '↓/j', description: 'scroll down'},
] as const satisfies readonly Binding[];

export type Command = (typeof keymap)[number]['command'];

export const scopeTitles: Record<Scope, string> = {
	global: 'Everywhere',
	producer: 'Producer',
	consumer: 'Consumer',
	browser: 'Browser: rows',
	detail: 'Browser: one row',
	fields: 'Forms and Settings: fields',
	forms: 'Forms',
	editing: 'Editing a field or a search',
	text: 'Text in a field',
	confirm: 'Questions',
	conflict: 'Conflict (the row changed meanwhile)',
	help: 'Help',
	dlq: 'DLQ',
	tail: 'Tail',
};

/** A one-line prompt (a search, a row key) answers with Enter or drops with Esc: hints leave out the rest. */
export const promptHintsExcept: readonly string[] = ['edit.next', 'edit.previous', 'edit.save'];

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
		for (const binding of keymap as readonly Binding[]) {
			if (binding.scope === scope && binding.keys.some(spec => matches(spec, input, key))) return binding.command as Command;
		}
	}
	return undefined;
}

export function bindingsOf(scope: Scope): Binding[] {
	return (keymap as readonly Binding[]).filter(binding => binding.scope === scope);
}

/** Scopes in the order help lists them. */
export const helpOrder: readonly Scope[] = [
	'global',
	'producer',
	'consumer',
	'browser',
	'detail',
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
