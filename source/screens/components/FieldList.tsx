import {Box, Text} from 'ink';
import {useTheme} from '../console-context.js';
import {displayWidth, fit, inert} from '../../domain/display.js';
import {TextInput} from './TextInput.js';
import {type TextState, textState} from './text-edit.js';

export interface FieldRow {
	readonly label: string;
	readonly value: string;
	readonly error?: string;
	readonly required?: boolean;
	readonly changed?: boolean;
	readonly readOnly?: boolean;
	readonly placeholder?: string;
}

export interface FieldListProps {
	readonly fields: readonly FieldRow[];
	readonly selected: number;
	/** The draft of the selected field while it is edited. */
	readonly editing?: TextState;
	readonly width: number;
	/** Lines available: the list scrolls to keep the selected field in view. */
	readonly height: number;
}

/** Which fields fit in `height` lines (an error takes a second line), the selected one in view. */
export function visibleFields(fields: readonly FieldRow[], selected: number, height: number): {start: number; end: number} {
	const lines = (index: number) => (fields[index]?.error ? 2 : 1);
	let start = Math.max(0, Math.min(selected, selected - Math.floor(height / 2) + 1));
	let used = 0;
	let end = start;
	while (end < fields.length && used + lines(end) <= height) used += lines(end++);
	// Fill from above when the end of the list leaves room.
	while (start > 0 && used + lines(start - 1) <= height) used += lines(--start);
	while (selected >= end && start < selected) {
		used -= lines(start++);
		while (end < fields.length && used + lines(end) <= height) used += lines(end++);
	}
	return {start, end};
}

/**
 * A form's fields: label, value, and the validation error on the line below the field it
 * belongs to. `›` marks the selected field, `•` a changed one, `*` a required one.
 */
export function FieldList(props: FieldListProps) {
	const theme = useTheme();
	const longest = Math.max(...props.fields.map(field => displayWidth(inert(field.label)) + 1), 8);
	const labelWidth = Math.min(longest, Math.floor(props.width * 0.36));
	const valueWidth = Math.max(8, props.width - labelWidth - 4);
	const {start, end} = visibleFields(props.fields, props.selected, props.height);
	return (
		<Box flexDirection="column" width={props.width}>
			{props.fields.slice(start, end).map((field, offset) => {
				const index = start + offset;
				const selected = index === props.selected;
				const label = fit(`${inert(field.label)}${field.required ? '*' : ''}`, labelWidth, true);
				return (
					<Box key={field.label} flexDirection="column">
						<Box>
							<Text color={selected ? theme.accent : undefined} bold={selected}>
								{selected ? '›' : ' '}
							</Text>
							<Text color={theme.warn}>{field.changed ? '•' : ' '}</Text>
							<Text bold={selected} color={field.readOnly ? theme.muted : undefined}>{`${label} `}</Text>
							<Box width={valueWidth}>
								{selected && props.editing ? (
									<TextInput state={props.editing} width={valueWidth} focus />
								) : (
									<TextInput state={textState(field.value)} width={valueWidth} focus={false} placeholder={field.placeholder} />
								)}
							</Box>
						</Box>
						{field.error ? (
							<Text color={theme.error} wrap="truncate-end">
								{`   ${' '.repeat(labelWidth)}↳ ${inert(field.error)}`}
							</Text>
						) : null}
					</Box>
				);
			})}
		</Box>
	);
}
