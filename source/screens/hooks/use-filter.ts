import {usePrompt} from './use-prompt.js';
import type {TextState} from '../components/text-edit.js';

export interface Filter {
	/** The filter in force: the draft while typing (incremental), else the one kept with Enter. */
	readonly text: string;
	/** The text being typed, while the filter line is open. */
	readonly draft: TextState | undefined;
	isOpen(): boolean;
	open(): void;
	clear(): void;
}

/**
 * The `/` filter of a list: narrows the list as each key is typed, Enter keeps it, Esc clears
 * it. One per list, named by `owner` (global keys pause while it is open).
 */
export function useFilter(owner: string, active: boolean, kept: string, keep: (text: string) => void): Filter {
	const prompt = usePrompt<'filter'>(
		owner,
		active,
		(_, value) => keep(value),
		() => keep(''),
	);
	return {
		text: prompt.draft ? prompt.draft.value.trim() : kept,
		draft: prompt.draft,
		isOpen: prompt.isOpen,
		open: () => prompt.open('filter', kept),
		clear: () => {
			prompt.close();
			keep('');
		},
	};
}
