import {Box, Text} from 'ink';
import type {PipelineError} from '../../services/ports.js';
import {useTheme} from '../console-context.js';
import {clock, inert, padEnd} from '../../domain/display.js';

/** The newest errors first, with their time and where they came from. */
export function ErrorList(props: {readonly title: string; readonly errors: readonly PipelineError[]; readonly height: number; readonly width: number}) {
	const theme = useTheme();
	if (props.height <= 0) return null;
	const shown = props.errors.slice(-Math.max(0, props.height - 1)).reverse();
	return (
		<Box flexDirection="column" width={props.width}>
			<Text bold>
				{props.title}
				<Text color={theme.muted}>{props.errors.length === 0 ? '  none' : `  ${props.errors.length} kept, newest first`}</Text>
			</Text>
			{shown.map((error, index) => (
				<Text key={index} wrap="truncate-end">
					<Text color={theme.muted}>{clock(error.at)}</Text>
					<Text color={error.retrying ? theme.warn : theme.error}>{` ${padEnd(error.source, 6)}`}</Text>
					{inert(error.message)}
					{error.retrying ? <Text color={theme.muted}> (retrying)</Text> : null}
				</Text>
			))}
		</Box>
	);
}
