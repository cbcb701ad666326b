import {type Key, useInput} from 'ink';
import {useRef} from 'react';
import {type Command, commandFor, type Scope} from '../keymap.js';
import {splitKeys} from '../components/text-edit.js';
import {useReadOnly} from '../console-context.js';
import {WRITE_COMMANDS} from '../read-only.js';

export type Handlers = Partial<Record<Command, () => void>>;

const PRINTABLE = /^[^\u0000-\u001f\u007f-\u009f]+$/u;

/**
 * Runs the command a key press means in `scopes`, if a handler takes it. Keys that arrive in
 * one chunk ("jjj" from key repeat under load, "\r" with text) are dispatched one by one.
 */
export function dispatchKeys(scopes: readonly Scope[], handlers: Handlers, input: string, key: Key): void {
	const dispatch = (text: string, pressed: Key): boolean => {
		const command = commandFor(scopes, text, pressed);
		const handler = command ? handlers[command] : undefined;
		handler?.();
		return Boolean(handler);
	};
	if (dispatch(input, key) || input.length <= 1) return;
	for (const press of splitKeys(input, key)) {
		if (dispatch(press.input, press.key)) continue;
		if (press.input.length > 1 && !press.key.ctrl && PRINTABLE.test(press.input)) {
			for (const char of press.input) dispatch(char, {...press.key, shift: /[A-Z]/u.test(char)});
		}
	}
}

/**
 * Dispatches key presses through the keymap: only commands of `scopes` (the first scope wins
 * a clash), only while active. Handlers are read from a ref, so passing a new object each
 * render does not re-subscribe. `when` is checked at the key press itself: a mode that changed
 * since the last render (a prompt just opened) counts before React catches up.
 */
export function useKeymap(scopes: readonly Scope[], handlers: Handlers, isActive: boolean, when?: () => boolean): void {
	const current = useRef({scopes, handlers, when});
	current.current = {scopes, handlers, when};
	const readOnly = useReadOnly();
	useInput(
		(input, key) => {
			const {scopes: active, handlers: table, when: guard} = current.current;
			if (guard && !guard()) return;
			// Read-only mode: the keys that write do nothing (and are not shown).
			dispatchKeys(active, readOnly() ? withoutWrites(table) : table, input, key);
		},
		{isActive},
	);
}

function withoutWrites(handlers: Handlers): Handlers {
	return Object.fromEntries(Object.entries(handlers).filter(([command]) => !WRITE_COMMANDS.has(command)));
}
