import {Box, Text} from 'ink';
import {useState} from 'react';
import {type ScreenId, useReadOnly, useTheme} from './console-context.js';
import {allowedIn} from './read-only.js';
import {type Binding, bindingsOf, helpOrder, type Scope, scopeTitles} from './keymap.js';
import {fit} from '../domain/display.js';
import {KeyHints} from './components/KeyHints.js';
import {useKeymap} from './hooks/use-keymap.js';

const screenScopes: Record<ScreenId, readonly Scope[]> = {
	producer: ['producer'],
	consumer: ['consumer'],
	browser: ['browser', 'detail'],
	forms: ['forms', 'fields', 'editing'],
	settings: ['fields', 'editing'],
	dlq: ['dlq', 'editing'],
	tail: ['tail', 'editing'],
};

type Line = {readonly kind: 'title'; readonly text: string} | {readonly kind: 'key'; readonly binding: Binding};

/** Every key, from the keymap: global keys first, then this screen's, then the rest. */
export function helpLines(screen: ScreenId, readOnly = false): Line[] {
	const first: Scope[] = ['global', ...screenScopes[screen]];
	const order = [...first, ...helpOrder.filter(scope => !first.includes(scope))];
	const lines: Line[] = [];
	for (const scope of order) {
		const bindings = bindingsOf(scope).filter(binding => allowedIn(readOnly, binding));
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

export function HelpScreen(props: HelpScreenProps) {
	const theme = useTheme();
	const lines = helpLines(props.screen, useReadOnly()());
	const room = Math.max(1, props.height - 2);
	const [top, setTop] = useState(0);
	const maxTop = Math.max(0, lines.length - room);
	useKeymap(
		['help'],
		{
			'help.close': props.onClose,
			'help.up': () => setTop(value => Math.max(0, value - 1)),
			'help.down': () => setTop(value => Math.min(maxTop, value + 1)),
		},
		props.active,
	);
	const labelWidth = 14;
	const start = Math.min(top, maxTop);
	return (
		<Box flexDirection="column" width={props.width}>
			<Text bold>
				{'Keys '}
				<Text color={theme.muted}>{`(${start + 1}-${Math.min(lines.length, start + room)} of ${lines.length})`}</Text>
			</Text>
			{lines.slice(start, start + room).map((line, index) =>
				line.kind === 'title' ? (
					<Text key={index} bold color={theme.accent} wrap="truncate-end">
						{line.text}
					</Text>
				) : (
					<Text key={index} wrap="truncate-end">
						{'  '}
						<Text bold>{fit(line.binding.label, labelWidth, true)}</Text>
						{` ${line.binding.description}`}
					</Text>
				),
			)}
			<KeyHints scopes={['help']} />
		</Box>
	);
}
