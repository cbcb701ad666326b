import {Box, Text} from 'ink';
import {useTheme} from '../console-context.js';
import type {Scope} from '../keymap.js';
import {KeyHints} from './KeyHints.js';

/** A framed question (delete? conflict?) with the keys that answer it. */
export function Question(props: {readonly title: string; readonly lines?: readonly string[]; readonly scope: Scope; readonly width: number}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={theme.warn} paddingX={1} width={props.width}>
			<Text bold wrap="wrap">
				{props.title}
			</Text>
			{(props.lines ?? []).map((line, index) => (
				<Text key={index} wrap="truncate-end">
					{line}
				</Text>
			))}
			<KeyHints scopes={[props.scope]} />
		</Box>
	);
}
