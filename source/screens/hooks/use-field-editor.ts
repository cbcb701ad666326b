import {type Key, useInput} from 'ink';
import {useRef, useState} from 'react';
import {useNavigation} from '../console-context.js';
import {commandFor, type Scope} from '../keymap.js';
import {editText, splitKeys, type TextState, textState} from '../components/text-edit.js';
import {useCapture} from './use-capture.js';
import {dispatchKeys, eachPress, type Handlers} from './use-keymap.js';
import {listHandlers} from '../list-keys.js';

export interface PendingValue {
	readonly index: number;
	readonly value: string;
}

export interface FieldEditorOptions {
	/** Names this editor for key capture. */
	readonly owner: string;
	readonly count: number;
	/** Takes keys (its screen is shown and no question is open). */
	readonly active: boolean;
	/** Checked at each key press: false while something else (a prompt) has the keys. */
	readonly when?: () => boolean;
	readonly valueOf: (index: number) => string;
	readonly readOnly?: (index: number) => boolean;
	/** A field's new value is kept (Enter, Tab, or before a save). */
	readonly commit: (index: number, value: string) => void;
	/** Save asked for; `pending` is a value committed in the same key press, not yet in state. */
	readonly save: (pending?: PendingValue) => void;
	/** More commands while not editing (the screen's own). */
	readonly scopes?: readonly Scope[];
	readonly handlers?: Handlers;
}

export interface FieldEditor {
	readonly selected: number;
	readonly draft: TextState | undefined;
	select(index: number): void;
	/** Starts editing the selected field (or `index`). */
	edit(index?: number): void;
	stop(): void;
}

/**
 * Keys of a list of text fields: ↑/↓ choose, Enter edits, and while editing every key goes
 * to the field (global keys pause) until Enter, Tab or Esc. Shared by Forms and Settings.
 *
 * One input handler decides per key press whether a field is being edited (from a ref, not
 * from the last render): under load, keys typed right after Enter arrive before React has
 * re-rendered, and must still land in the field.
 */
export function useFieldEditor(options: FieldEditorOptions): FieldEditor {
	const {setCapture} = useNavigation();
	const [selected, setSelected] = useState(0);
	const [draft, setDraftState] = useState<TextState | undefined>(undefined);
	const draftRef = useRef(draft);
	const selectedRef = useRef(selected);
	const optionsRef = useRef(options);
	optionsRef.current = options;
	const setDraft = (next: TextState | undefined) => {
		draftRef.current = next;
		setDraftState(next);
		setCapture(options.owner, next !== undefined);
	};
	const select = (index: number) => {
		const clamped = Math.max(0, Math.min(optionsRef.current.count - 1, index));
		selectedRef.current = clamped;
		setSelected(clamped);
	};
	const editable = (index: number) => !(optionsRef.current.readOnly?.(index) ?? false);
	const edit = (index = selectedRef.current) => {
		if (!editable(index)) return;
		select(index);
		setDraft(textState(optionsRef.current.valueOf(index)));
	};
	const neighbour = (from: number, step: 1 | -1): number | undefined => {
		for (let index = from + step; index >= 0 && index < optionsRef.current.count; index += step) if (editable(index)) return index;
		return undefined;
	};
	const commitDraft = (): PendingValue | undefined => {
		const current = draftRef.current;
		if (!current) return undefined;
		const pending = {index: selectedRef.current, value: current.value};
		optionsRef.current.commit(pending.index, pending.value);
		return pending;
	};

	useCapture(options.owner, options.active && draft !== undefined);

	const onEditKey = (input: string, key: Key) => {
		const command = commandFor(['editing'], input, key);
		switch (command) {
			case 'edit.commit':
				commitDraft();
				setDraft(undefined);
				return;
			case 'edit.cancel':
				setDraft(undefined);
				return;
			case 'edit.next':
			case 'edit.previous': {
				commitDraft();
				const next = neighbour(selectedRef.current, command === 'edit.next' ? 1 : -1);
				if (next === undefined) setDraft(undefined);
				else edit(next);
				return;
			}
			case 'edit.save': {
				const pending = commitDraft();
				setDraft(undefined);
				optionsRef.current.save(pending);
				return;
			}
			default: {
				const next = editText(draftRef.current!, input, key);
				if (next) setDraft(next);
			}
		}
	};
	const navigation: Handlers = {
		...listHandlers(
			next => select(next(selectedRef.current)),
			() => optionsRef.current.count,
			10,
		),
		'field.edit': () => edit(),
		'form.save': () => optionsRef.current.save(),
		...options.handlers,
	};
	// A key the fields have no use for that is a global one (`:`, `?`, a screen number) ends this
	// input's run here: the console's handler runs it, and a palette it opens takes the rest.
	const isGlobalOnly = (press: {input: string; key: Key}) =>
		!commandFor(['fields', ...(optionsRef.current.scopes ?? []), 'list'], press.input, press.key) && commandFor(['global'], press.input, press.key) !== undefined;
	useInput(
		(input, key) => {
			eachPress(
				splitKeys(input, key),
				press => {
					if (draftRef.current) onEditKey(press.input, press.key);
					else dispatchKeys(['fields', ...(optionsRef.current.scopes ?? []), 'list'], navigation, press.input, press.key);
				},
				press => (!optionsRef.current.when || optionsRef.current.when()) && (draftRef.current !== undefined || !isGlobalOnly(press)),
			);
		},
		{isActive: options.active},
	);

	return {selected, draft, select, edit, stop: () => setDraft(undefined)};
}
