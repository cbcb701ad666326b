import {Box, Text} from 'ink';
import {useTheme} from '../console-context.js';
import type {Filter} from '../hooks/use-filter.js';
import {TextInput} from './TextInput.js';

/** The `/` line of a list: the filter being typed, or the one in force with what it kept. */
export function FilterLine(props: {readonly filter: Filter; readonly shown: number; readonly total: number; readonly width: number; readonly what: string}) {
	const theme = useTheme();
	const {filter} = props;
	if (filter.draft) {
		return (
			<Box>
				<Text bold>{'/'}</Text>
				<TextInput state={filter.draft} width={Math.max(10, props.width - 30)} focus />
				<Text color={theme.muted}>{`  ${props.shown} of ${props.total} ${props.what}`}</Text>
			</Box>
		);
	}
	if (filter.text === '') return null;
	return (
		<Text wrap="truncate-end">
			<Text bold>{`filter "${filter.text}"`}</Text>
			<Text color={theme.muted}>{`  ${props.shown} of ${props.total} ${props.what} · /: change · Esc in the filter: clear`}</Text>
		</Text>
	);
}
