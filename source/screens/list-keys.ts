import type {Handlers} from './hooks/use-keymap.js';

/**
 * The same moves on every list (rows, cells, versions, insert log, errors, fields, help): ↑/k,
 * ↓/j, PgUp/PgDn, g/Home, G/End. Updates are functional, so keys arriving faster than redraws
 * (a held key, a paste) each count.
 */
export function listHandlers(move: (next: (index: number) => number) => void, count: () => number, page: number): Handlers {
	const last = () => Math.max(0, count() - 1);
	const clamp = (index: number) => Math.max(0, Math.min(last(), index));
	const step = Math.max(1, page);
	return {
		'list.up': () => move(index => clamp(index - 1)),
		'list.down': () => move(index => clamp(index + 1)),
		'list.pageUp': () => move(index => clamp(index - step)),
		'list.pageDown': () => move(index => clamp(index + step)),
		'list.top': () => move(() => 0),
		'list.bottom': () => move(() => last()),
	};
}

/**
 * Does a line match the filter typed after `/`? Every word of the filter must appear in one of
 * the line's texts, ignoring case (k9s and lazygit filter the same way).
 */
export function matchesFilter(filter: string, texts: readonly string[]): boolean {
	const words = filter.toLowerCase().split(/\s+/u).filter(Boolean);
	if (words.length === 0) return true;
	const haystack = texts.map(text => text.toLowerCase());
	return words.every(word => haystack.some(text => text.includes(word)));
}

/** The first index at or after the selection's window so `selected` stays in a view of `height` lines. */
export function windowStart(selected: number, count: number, height: number): number {
	const room = Math.max(1, height);
	const start = Math.max(0, selected - Math.floor(room / 2));
	return Math.max(0, Math.min(start, count - room));
}
