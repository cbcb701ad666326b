import {Text} from 'ink';
import {bindingsOf, type Scope} from '../keymap.js';
import {useReadOnly, useTheme} from '../console-context.js';
import {allowedIn} from '../read-only.js';

/** One line of the keys that matter here, drawn from the keymap (bindings with a hint). */
export function KeyHints(props: {readonly scopes: readonly Scope[]; readonly except?: readonly string[]}) {
	const theme = useTheme();
	const readOnly = useReadOnly()();
	const hints = props.scopes.flatMap(scope =>
		bindingsOf(scope).filter(binding => binding.hint && !props.except?.includes(binding.command) && allowedIn(readOnly, binding)),
	);
	return (
		<Text wrap="truncate-end">
			{hints.map((binding, index) => (
				<Text key={`${binding.scope}.${binding.command}`}>
					{index > 0 ? '  ' : ''}
					<Text bold color={theme.accent}>
						{binding.label}
					</Text>
					<Text color={theme.muted}>{` ${binding.hint}`}</Text>
				</Text>
			))}
		</Text>
	);
}
