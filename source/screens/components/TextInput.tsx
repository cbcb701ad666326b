import {Text} from 'ink';
import {useTheme} from '../console-context.js';
import {type TextState, visibleWindow} from './text-edit.js';

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
		return <Text wrap="truncate-end">{props.state.value}</Text>;
	}
	const {before, at, after} = visibleWindow(props.state, props.width);
	return (
		<Text wrap="truncate-end">
			{before}
			<Text inverse>{at}</Text>
			{after}
		</Text>
	);
}
