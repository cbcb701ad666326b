import {type Key, useInput} from 'ink';
import {useRef} from 'react';
import {type Command, commandFor, type Scope} from '../keymap.js';
import {splitKeys} from '../components/text-edit.js';
import {useReadOnly} from '../console-context.js';
import {WRITE_COMMANDS} from '../read-only.js';

export type Handlers = Partial<Record<Command, () => void>>;

export interface Press {
	readonly input: string;
	readonly key: Key;
}

const PRINTABLE = /^[^\u0000-\u001f\u007f-\u009f]+$/u;

interface InFlight {
	readonly presses: readonly Press[];
	index: number;
	handedOver: boolean;
}

/** The key presses of the input event being dispatched now (outermost first), one entry per nested loop. */
const inFlight: InFlight[] = [];

/**
 * Runs `run` on each press in order; `when` is checked before each one. Keys typed fast arrive
 * as one input ("/abc", "o0a1b\r"): when a press opens a prompt, the prompt takes the presses
 * after it (takeRestOfInput) and they are not run here as commands.
 */
export function eachPress(presses: readonly Press[], run: (press: Press) => void, when?: (press: Press) => boolean): void {
	const state: InFlight = {presses, index: 0, handedOver: false};
	inFlight.push(state);
	try {
		for (; state.index < presses.length; state.index++) {
			const press = presses[state.index]!;
			if (when && !when(press)) return;
			run(press);
			if (state.handedOver) return;
		}
	} finally {
		inFlight.pop();
	}
}

/** For a prompt opening during a key press: the presses of the same input after it, now its own. */
export function takeRestOfInput(): Press[] {
	const rest: Press[] = [];
	for (let level = inFlight.length - 1; level >= 0; level--) {
		const state = inFlight[level]!;
		rest.push(...state.presses.slice(state.index + 1));
		state.handedOver = true;
	}
	return rest;
}

/**
 * Runs the command a key press means in `scopes`, if a handler takes it. Keys that arrive in
 * one chunk ("jjj" from key repeat under load, "\r" with text) are dispatched one by one.
 */
export function dispatchKeys(scopes: readonly Scope[], handlers: Handlers, input: string, key: Key, when?: () => boolean): void {
	const handlerOf = (text: string, pressed: Key) => {
		const command = commandFor(scopes, text, pressed);
		return command ? handlers[command] : undefined;
	};
	// A screen's loop stops at a key it has no use for that is a global one (`:`, `?`, a screen
	// number): the console's own handler runs it and what follows (a palette takes the rest).
	const local = !scopes.includes('global');
	const go = (press: Press) => (when ? when() : true) && !(local && !handlerOf(press.input, press.key) && commandFor(['global'], press.input, press.key));
	const whole = handlerOf(input, key);
	if (whole || input.length <= 1) {
		eachPress([{input, key}], () => whole?.(), go);
		return;
	}
	const presses = splitKeys(input, key).flatMap(press =>
		!handlerOf(press.input, press.key) && press.input.length > 1 && !press.key.ctrl && PRINTABLE.test(press.input)
			? [...press.input].map(char => ({input: char, key: {...press.key, shift: /[A-Z]/u.test(char)}}))
			: [press],
	);
	eachPress(presses, press => handlerOf(press.input, press.key)?.(), go);
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
			// Read-only mode: the keys that write do nothing (and are not shown).
			dispatchKeys(active, readOnly() ? withoutWrites(table) : table, input, key, guard);
		},
		{isActive},
	);
}

function withoutWrites(handlers: Handlers): Handlers {
	return Object.fromEntries(Object.entries(handlers).filter(([command]) => !WRITE_COMMANDS.has(command)));
}
