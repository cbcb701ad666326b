import {Box, Text} from 'ink';
import {fit} from '../../domain/display.js';
import {useTheme} from '../console-context.js';
import type {Prompt} from '../hooks/use-prompt.js';
import {paletteMatches} from '../palette.js';
import {TextInput} from './TextInput.js';

/** Lines the palette takes while open: the command line and its suggestions. */
export const PALETTE_SUGGESTIONS = 5;

/** The `:` line and what the typed word may mean (names, their argument, what they do). */
export function CommandPalette(props: {readonly prompt: Prompt<'command'>; readonly note: string | undefined; readonly width: number}) {
	const theme = useTheme();
	const {prompt} = props;
	if (!prompt.draft) {
		return props.note ? (
			<Text wrap="truncate-end" color={theme.muted}>
				{props.note}
			</Text>
		) : null;
	}
	const matches = paletteMatches(prompt.draft.value).slice(0, PALETTE_SUGGESTIONS);
	return (
		<Box flexDirection="column" width={props.width}>
			<Box>
				<Text bold>{':'}</Text>
				<TextInput state={prompt.draft} width={Math.max(10, props.width - 2)} focus />
			</Box>
			{matches.length === 0 ? <Text color={theme.muted}>{'  no such command (Esc: close)'}</Text> : null}
			{matches.map(entry => (
				<Text key={entry.name} wrap="truncate-end">
					{'  '}
					<Text bold>{fit(`${entry.name}${entry.argument ? ` ${entry.argument}` : ''}`, 34, true)}</Text>
					<Text color={theme.muted}>{` ${entry.description}`}</Text>
				</Text>
			))}
		</Box>
	);
}
