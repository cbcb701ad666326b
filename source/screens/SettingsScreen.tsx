import {Box, Text} from 'ink';
import {useRef, useState} from 'react';
import {ValidationError} from '../domain/errors.js';
import {STACK_HOST, stackPorts} from '../domain/stack-ports.js';
import {errorLine} from './error-line.js';
import {EDITABLE_SETTINGS, type EditableSetting, type SettingsValues} from '../services/ports.js';
import {errorText} from '../state/user-form.js';
import {type ScreenProps, usePorts, useTheme} from './console-context.js';
import {FieldList} from './components/FieldList.js';
import {KeyHints} from './components/KeyHints.js';
import {type PendingValue, useFieldEditor} from './hooks/use-field-editor.js';
import {inert} from '../domain/display.js';

export const settingLabels: Record<EditableSetting, string> = {
	brokers: 'Kafka brokers',
	thriftHost: 'HBase Thrift host',
	thriftPort: 'HBase Thrift port',
	apiUrl: 'Random User API URL',
	topic: 'Kafka topic',
	table: 'HBase table',
};

const placeholders: Record<EditableSetting, string> = {
	brokers: 'host:port, comma-separated',
	thriftHost: STACK_HOST,
	thriftPort: String(stackPorts.thrift),
	apiUrl: 'https://randomuser.me/api/',
	topic: 'userdata',
	table: 'userdata',
};

type Status = {readonly tone: 'info' | 'ok' | 'error'; readonly text: string};

/** Connection settings: edited here, saved to the settings file, applied without a restart. */
export function SettingsScreen(props: ScreenProps) {
	const {settings: port, store} = usePorts();
	const theme = useTheme();
	const [saved, setSaved] = useState<SettingsValues>(() => port.current());
	const [values, setValuesState] = useState<SettingsValues>(saved);
	const [errors, setErrors] = useState<Partial<Record<EditableSetting, string>>>({});
	const [status, setStatus] = useState<Status | undefined>(undefined);
	const [busy, setBusy] = useState(false);
	const valuesRef = useRef(values);
	const setValues = (next: SettingsValues) => {
		valuesRef.current = next;
		setValuesState(next);
	};
	const keyAt = (index: number) => EDITABLE_SETTINGS[index]!;

	const save = (pending?: PendingValue) => {
		if (busy) return;
		let next = valuesRef.current;
		if (pending) next = {...next, [keyAt(pending.index)]: pending.value};
		setValues(next);
		setErrors({});
		setBusy(true);
		setStatus({tone: 'info', text: 'Saving and applying…'});
		port.save(next).then(
			result => {
				setBusy(false);
				store.setSettings(result.settings);
				setSaved(result.settings);
				setValues(result.settings);
				setStatus({tone: 'ok', text: `Saved to ${result.path} and applied: what was running restarted with them`});
			},
			(error: unknown) => {
				setBusy(false);
				const field = error instanceof ValidationError ? EDITABLE_SETTINGS.find(key => key === error.field) : undefined;
				if (field) {
					setErrors({[field]: errorText(error, field)});
					editor.select(EDITABLE_SETTINGS.indexOf(field));
				}
				setStatus({tone: 'error', text: `Not saved: ${errorLine(error)}`});
			},
		);
	};

	const editor = useFieldEditor({
		owner: 'settings.fields',
		count: EDITABLE_SETTINGS.length,
		active: props.active && !busy,
		valueOf: index => valuesRef.current[keyAt(index)],
		commit: (index, value) => {
			setValues({...valuesRef.current, [keyAt(index)]: value});
			setErrors(previous => ({...previous, [keyAt(index)]: undefined}));
		},
		save,
		handlers: {
			'form.revert': () => {
				const key = keyAt(editor.selected);
				setValues({...valuesRef.current, [key]: saved[key]});
			},
		},
	});

	const changed = EDITABLE_SETTINGS.filter(key => values[key] !== saved[key]).length;
	return (
		<Box flexDirection="column" width={props.width} height={props.height}>
			<Text wrap="truncate-end">
				<Text bold>Settings</Text>
				<Text
					color={theme.muted}
				>{`  ${changed > 0 ? `${changed} unsaved change${changed === 1 ? '' : 's'} · s: save and apply` : 'saved with the settings file; flags and USERDATA_* variables win at the next start'}`}</Text>
			</Text>
			<Text wrap="truncate-end" color={status?.tone === 'error' ? theme.error : status?.tone === 'ok' ? theme.ok : theme.muted}>
				{status?.text ?? ' '}
			</Text>
			<FieldList
				width={props.width}
				height={Math.max(1, props.height - 4)}
				selected={editor.selected}
				editing={editor.draft}
				fields={EDITABLE_SETTINGS.map(key => ({
					label: settingLabels[key],
					value: values[key],
					error: errors[key],
					changed: values[key] !== saved[key],
					placeholder: placeholders[key],
				}))}
			/>
			<Box flexGrow={1} />
			<Text wrap="truncate-end" color={theme.muted}>
				{`Consumer group ${inert(store.getSnapshot().settings.group)} (--group, USERDATA_GROUP) · the producer's rate and page size are on screen 1`}
			</Text>
			<KeyHints scopes={[editor.draft ? 'editing' : 'fields']} />
		</Box>
	);
}
