import type {Key} from 'ink';
import {commandFor} from '../keymap.js';
import {displayWidth} from '../../domain/display.js';

/** A one-line text field's value and cursor (in code points). Pure: tested without Ink. */
export interface TextState {
	readonly value: string;
	readonly cursor: number;
}

// C0 and C1 controls: never typed into a value (a pasted newline or escape would end up in HBase).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/gu;

export function textState(value: string): TextState {
	return {value, cursor: [...value].length};
}

/** The new state after a key press, or undefined when the key is not a text key. */
export function editText(state: TextState, input: string, key: Key): TextState | undefined {
	const chars = [...state.value];
	const cursor = Math.min(state.cursor, chars.length);
	switch (commandFor(['text'], input, key)) {
		case 'text.left':
			return {...state, cursor: Math.max(0, cursor - 1)};
		case 'text.right':
			return {...state, cursor: Math.min(chars.length, cursor + 1)};
		case 'text.home':
			return {...state, cursor: 0};
		case 'text.end':
			return {...state, cursor: chars.length};
		case 'text.backspace':
			if (cursor === 0) return state;
			return {value: [...chars.slice(0, cursor - 1), ...chars.slice(cursor)].join(''), cursor: cursor - 1};
		case 'text.clear':
			return {value: '', cursor: 0};
		default:
			break;
	}
	if (key.ctrl || key.meta || key.escape || key.return || key.tab || key.upArrow || key.downArrow) return undefined;
	const typed = [...input.replace(CONTROL, '')];
	if (typed.length === 0) return undefined;
	return {value: [...chars.slice(0, cursor), ...typed, ...chars.slice(cursor)].join(''), cursor: cursor + typed.length};
}

/** The part of the value shown in `width` columns (the cursor's cell included), keeping the cursor in view. */
export function visibleWindow(state: TextState, width: number): {before: string; at: string; after: string} {
	const chars = [...state.value];
	const cursor = Math.min(state.cursor, chars.length);
	const room = Math.max(1, width);
	// Columns as the terminal draws them: a CJK character or an emoji takes two.
	const at = chars[cursor] ?? ' ';
	let used = Math.max(1, displayWidth(at));
	let from = cursor;
	while (from > 0 && used + displayWidth(chars[from - 1]!) <= room) used += displayWidth(chars[--from]!);
	let end = cursor + 1;
	while (end < chars.length && used + displayWidth(chars[end]!) <= room) used += displayWidth(chars[end++]!);
	return {before: chars.slice(from, cursor).join(''), at, after: chars.slice(cursor + 1, end).join('')};
}

const noKey: Key = {
	upArrow: false,
	downArrow: false,
	leftArrow: false,
	rightArrow: false,
	pageDown: false,
	pageUp: false,
	home: false,
	end: false,
	return: false,
	escape: false,
	ctrl: false,
	shift: false,
	tab: false,
	backspace: false,
	delete: false,
	meta: false,
	super: false,
	hyper: false,
	capsLock: false,
	numLock: false,
};

/**
 * Ink hands over a chunk of plain input as one event: keys typed fast, a paste, or tmux
 * send-keys can bring text and control keys together ("\u0015ava@x.io\r"). This splits such a
 * chunk back into key presses: runs of text, and one press per control key (Enter, Tab,
 * Backspace, Ctrl-letter). Escape sequences never get here: Ink's parser splits them out.
 */
export function splitKeys(input: string, key: Key): Array<{readonly input: string; readonly key: Key}> {
	if (input.length <= 1 || key.ctrl || key.meta || !/[\u0000-\u001f\u007f]/u.test(input)) return [{input, key}];
	const out: Array<{input: string; key: Key}> = [];
	let text = '';
	for (const char of input) {
		const code = char.codePointAt(0)!;
		if (code >= 0x20 && code !== 0x7f) {
			text += char;
			continue;
		}
		if (text) out.push({input: text, key: noKey});
		text = '';
		if (char === '\r' || char === '\n') out.push({input: '', key: {...noKey, return: true}});
		else if (char === '\t') out.push({input: '', key: {...noKey, tab: true}});
		else if (code === 0x7f || code === 0x08) out.push({input: '', key: {...noKey, delete: true}});
		else if (code >= 0x01 && code <= 0x1a) out.push({input: String.fromCharCode(code + 96), key: {...noKey, ctrl: true}});
	}
	if (text) out.push({input: text, key: noKey});
	return out;
}
