import {Box, Text} from 'ink';
import {useState} from 'react';
import {type ScreenId, useReadOnly, useTheme} from './console-context.js';
import {allowedIn} from './read-only.js';
import {type Binding, bindingsOf, helpOrder, labelOf, promptHintsExcept, type Scope, scopeTitles} from './keymap.js';
import {fit} from '../domain/display.js';
import {FilterLine} from './components/FilterLine.js';
import {KeyHints} from './components/KeyHints.js';
import {useFilter} from './hooks/use-filter.js';
import {useKeymap} from './hooks/use-keymap.js';
import {listHandlers, matchesFilter} from './list-keys.js';

/** The scopes a screen uses, listed first in its help. A screen added to screenIds adds its row here. */
export const screenScopes: Record<ScreenId, readonly Scope[]> = {
	producer: ['producer', 'list'],
	consumer: ['consumer', 'list'],
	browser: ['browser', 'detail', 'versions', 'list'],
	forms: ['forms', 'fields', 'editing'],
	settings: ['fields', 'editing'],
	dlq: ['dlq', 'editing'],
	tail: ['tail', 'editing'],
};

type Line = {readonly kind: 'title'; readonly text: string} | {readonly kind: 'key'; readonly binding: Binding};

/**
 * Every key, from the keymap in force: global keys first, then this screen's, then the rest;
 * in read-only mode none that writes. With a filter, only the keys whose label, description or
 * section match it (under their section).
 */
export function helpLines(screen: ScreenId, readOnly = false, filter = ''): Line[] {
	const first: Scope[] = ['global', ...screenScopes[screen]];
	const order = [...first, ...helpOrder.filter(scope => !first.includes(scope))];
	const lines: Line[] = [];
	for (const scope of order) {
		const bindings = bindingsOf(scope).filter(
			binding => allowedIn(readOnly, binding) && matchesFilter(filter, [labelOf(binding), binding.description, binding.command, scopeTitles[scope]]),
		);
		if (bindings.length === 0) continue;
		lines.push({kind: 'title', text: scopeTitles[scope]});
		for (const binding of bindings) lines.push({kind: 'key', binding});
	}
	return lines;
}

export interface HelpScreenProps {
	readonly active: boolean;
	readonly screen: ScreenId;
	readonly width: number;
	readonly height: number;
	readonly onClose: () => void;
}

/** `?`: every key, scrolled like any list, searched with `/` as you type. */
export function HelpScreen(props: HelpScreenProps) {
	const theme = useTheme();
	const [kept, setKept] = useState('');
	const filter = useFilter('help.filter', props.active, kept, setKept);
	const readOnly = useReadOnly()();
	const lines = helpLines(props.screen, readOnly, filter.text);
	const all = helpLines(props.screen, readOnly).filter(line => line.kind === 'key').length;
	const keys = lines.filter(line => line.kind === 'key').length;
	const filterLines = filter.draft || filter.text ? 1 : 0;
	const room = Math.max(1, props.height - 2 - filterLines);
	const [top, setTop] = useState(0);
	const maxTop = Math.max(0, lines.length - room);
	useKeymap(
		['help', 'list'],
		{
			'help.close': props.onClose,
			...listHandlers(
				next => setTop(value => Math.min(maxTop, next(Math.min(value, maxTop)))),
				() => maxTop + 1,
				room,
			),
			'list.filter': () => filter.open(),
		},
		props.active,
		() => !filter.isOpen(),
	);
	const labelWidth = 16;
	const start = Math.min(top, maxTop);
	return (
		<Box flexDirection="column" width={props.width}>
			<Text bold>
				{'Keys '}
				<Text color={theme.muted}>{lines.length === 0 ? '(none match)' : `(lines ${start + 1}-${Math.min(lines.length, start + room)} of ${lines.length})`}</Text>
			</Text>
			<FilterLine filter={filter} shown={keys} total={all} width={props.width} what="keys" />
			{lines.slice(start, start + room).map((line, index) =>
				line.kind === 'title' ? (
					<Text key={index} bold color={theme.accent} wrap="truncate-end">
						{`${line.text}:`}
					</Text>
				) : (
					<Text key={index} wrap="truncate-end">
						{'  '}
						<Text bold>{fit(labelOf(line.binding), labelWidth, true)}</Text>
						{` ${line.binding.description}`}
					</Text>
				),
			)}
			<KeyHints scopes={filter.draft ? ['editing'] : ['help', 'list']} except={filter.draft ? promptHintsExcept : ['list.up', 'list.down']} />
		</Box>
	);
}
