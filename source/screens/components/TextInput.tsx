import {Text} from 'ink';
import {useTheme} from '../console-context.js';
import {type TextState, visibleWindow} from './text-edit.js';
import {inert} from '../../domain/display.js';

export interface TextInputProps {
	readonly state: TextState;
	readonly width: number;
	/** Shows the cursor (the field is being edited). */
	readonly focus: boolean;
	readonly placeholder?: string;
}

/**
 * A one-line text field, drawn only: keys are handled by whoever owns the state (editText),
 * so a form can decide what Enter, Tab and Esc mean. Long values scroll to keep the cursor in view.
 */
export function TextInput(props: TextInputProps) {
	const theme = useTheme();
	if (!props.focus) {
		if (props.state.value === '' && props.placeholder)
			return (
				<Text color={theme.muted} dimColor={!theme.colors}>
					{props.placeholder}
				</Text>
			);
		// A value read from the table may hold anything: drawn inert, edited as it is.
		return <Text wrap="truncate-end">{inert(props.state.value)}</Text>;
	}
	const {before, at, after} = visibleWindow(props.state, props.width);
	return (
		<Text wrap="truncate-end">
			{inert(before)}
			<Text inverse>{inert(at)}</Text>
			{inert(after)}
		</Text>
	);
}
