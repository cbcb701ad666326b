import {Text} from 'ink';
import {inert} from '../../domain/display.js';

/** One line of state under a screen's header (a wait, a stall, a failure), or nothing. */
export function Notice(props: {readonly text: string | undefined; readonly color: string | undefined}) {
	return props.text ? (
		<Text color={props.color} wrap="truncate-end">
			{inert(props.text)}
		</Text>
	) : null;
}
