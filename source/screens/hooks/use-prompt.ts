import {type Key, useInput} from 'ink';
import {useRef, useState} from 'react';
import {useNavigation} from '../console-context.js';
import {commandFor} from '../keymap.js';
import {editText, splitKeys, type TextState, textState} from '../components/text-edit.js';
import {useCapture} from './use-capture.js';
import {takeRestOfInput} from './use-keymap.js';

export interface Prompt<K extends string> {
	/** Which question is open, if any. */
	readonly kind: K | undefined;
	readonly draft: TextState | undefined;
	/** Open right now (a ref: true from the key press that opened it, before any redraw). */
	isOpen(): boolean;
	open(kind: K, initial?: string): void;
	close(): void;
}

/**
 * A one-line question (a search, a row key): takes every key while open, Enter answers,
 * Esc closes without answering. Its input handler stays registered while the screen is
 * active and looks at a ref, so keys typed right after opening it are not lost.
 */
export function usePrompt<K extends string>(owner: string, active: boolean, answer: (kind: K, value: string) => void, cancelled?: (kind: K) => void): Prompt<K> {
	const {setCapture} = useNavigation();
	const [kind, setKind] = useState<K | undefined>(undefined);
	const [draft, setDraftState] = useState<TextState | undefined>(undefined);
	const state = useRef<{kind: K | undefined; draft: TextState | undefined}>({kind: undefined, draft: undefined});
	// Closed by the key being handled now: other handlers of the same key must still skip it.
	const closing = useRef(false);
	const answerRef = useRef({answer, cancelled});
	answerRef.current = {answer, cancelled};
	// The key that opened the prompt (`o`, `/`, `:`) reaches this handler too when it arrives in
	// the same input event: it must not be typed into the prompt.
	const opening = useRef(false);
	const set = (nextKind: K | undefined, nextDraft: TextState | undefined) => {
		if (state.current.kind === undefined && nextKind !== undefined) {
			opening.current = true;
			queueMicrotask(() => {
				opening.current = false;
			});
		}
		if (state.current.kind !== undefined && nextKind === undefined) {
			closing.current = true;
			queueMicrotask(() => {
				closing.current = false;
			});
		}
		const opened = state.current.kind === undefined && nextKind !== undefined;
		state.current = {kind: nextKind, draft: nextDraft};
		setKind(nextKind);
		setDraftState(nextDraft);
		setCapture(owner, nextKind !== undefined);
		// Typed right after the key that opened it, in the same input: those keys are the prompt's.
		if (opened) for (const press of takeRestOfInput()) onKey(press.input, press.key);
	};
	useCapture(owner, active && kind !== undefined);
	const onKey = (input: string, key: Key) => {
		const {kind: open, draft: current} = state.current;
		if (open === undefined || current === undefined) return;
		const command = commandFor(['editing'], input, key);
		if (command === 'edit.commit') {
			set(undefined, undefined);
			answerRef.current.answer(open, current.value.trim());
			return;
		}
		if (command === 'edit.cancel') {
			set(undefined, undefined);
			answerRef.current.cancelled?.(open);
			return;
		}
		const next = editText(current, input, key);
		if (next) set(open, next);
	};
	useInput(
		(input, key) => {
			if (opening.current) return;
			for (const press of splitKeys(input, key)) onKey(press.input, press.key);
		},
		{isActive: active},
	);
	return {
		kind,
		draft,
		isOpen: () => state.current.kind !== undefined || closing.current,
		open: (next, initial = '') => set(next, textState(initial)),
		close: () => set(undefined, undefined),
	};
}
