import {Box, Text} from 'ink';
import {useEffect, useRef, useState} from 'react';
import {ConflictError, NotFoundError, ValidationError} from '../domain/errors.js';
import {errorLine} from './error-line.js';
import type {Row, RowKey} from '../services/ports.js';
import {parseKeyInput} from '../domain/row-key.js';
import {rowKeyOf} from '../domain/row.js';
import {
	changesOf,
	checkFields,
	createFields,
	createValues,
	displayName,
	editFields,
	type FormField,
	type FormMode,
	withServerError,
	withValue,
	recordFields,
	recordOf,
} from '../state/user-form.js';
import {type ScreenProps, useBinaryFormat, useNavigation, usePorts, useTheme} from './console-context.js';
import {FieldList} from './components/FieldList.js';
import {KeyHints} from './components/KeyHints.js';
import {Question} from './components/Question.js';
import {TextInput} from './components/TextInput.js';
import {clock, inert, keyText, rowKeyText} from '../domain/display.js';
import {type DlqPosition, positionText} from '../domain/dlq.js';
import {encodeMessage} from '../domain/message.js';
import {useCapture} from './hooks/use-capture.js';
import {type PendingValue, useFieldEditor} from './hooks/use-field-editor.js';
import {useKeymap} from './hooks/use-keymap.js';
import {promptHintsExcept} from './keymap.js';
import {usePrompt} from './hooks/use-prompt.js';

const editOnly = ['forms.reload', 'forms.deleteRow', 'forms.deleteCell', 'forms.browse', 'form.revert'];

type Status = {readonly tone: 'info' | 'ok' | 'error'; readonly text: string};

type Dialog = {readonly kind: 'delete-row'} | {readonly kind: 'delete-cell'; readonly column: string} | {readonly kind: 'conflict'; readonly message: string};

/**
 * Create a user, edit a row's cells, delete a row or a cell. Validation runs as fields are
 * left and again on save, with the error under the field at fault; a save refused because
 * someone else changed the row meanwhile offers to reload it.
 */
export function FormsScreen(props: ScreenProps) {
	const {rows: store, dlq} = usePorts();
	const {navigate} = useNavigation();
	const theme = useTheme();
	const format = useBinaryFormat();
	const [mode, setMode] = useState<FormMode>('create');
	const [row, setRow] = useState<Row | undefined>(undefined);
	const [fields, setFieldsState] = useState<FormField[]>(createFields);
	const [status, setStatus] = useState<Status | undefined>(undefined);
	const [dialog, setDialog] = useState<Dialog | undefined>(undefined);
	const [busy, setBusy] = useState(false);
	// Fixing a dead letter: a save replays the fixed record to its topic instead of writing HBase.
	const [letter, setLetter] = useState<{readonly position: DlqPosition; readonly id: string} | undefined>(undefined);
	// Keys can arrive faster than renders: the refs are what a save reads.
	const fieldsRef = useRef(fields);
	const setFields = (next: FormField[]) => {
		fieldsRef.current = next;
		setFieldsState(next);
	};

	const startCreate = (text?: string) => {
		setLetter(undefined);
		setMode('create');
		setRow(undefined);
		setFields(createFields());
		editor.select(0);
		setStatus(text ? {tone: 'info', text} : undefined);
	};
	const fill = (loaded: Row, text?: string) => {
		setLetter(undefined);
		setMode('edit');
		setRow(loaded);
		setFields(editFields(loaded, format));
		if (text) setStatus({tone: 'ok', text});
	};
	const openRow = (id: RowKey) => {
		setStatus({tone: 'info', text: `Reading row ${keyText(id, format)}…`});
		store.get(id).then(
			loaded => {
				fill(loaded);
				editor.select(0);
				setStatus({tone: 'info', text: `Editing row ${keyText(id, format)} as read at ${clock(Date.now())}`});
			},
			(error: unknown) => setStatus({tone: 'error', text: errorLine(error)}),
		);
	};

	const save = (pending?: PendingValue, force = false) => {
		if (busy) return;
		let current = fieldsRef.current;
		if (pending) current = withValue(current, pending.index, pending.value, mode);
		const checked = checkFields(current, mode);
		setFields(checked.fields);
		if (checked.firstError >= 0) {
			const wrong = checked.fields.filter(item => item.error).length;
			editor.select(checked.firstError);
			setStatus({tone: 'error', text: `Not saved: ${wrong} field${wrong === 1 ? ' needs' : 's need'} a fix (see below the field)`});
			return;
		}
		const onError = (error: unknown) => {
			setBusy(false);
			if (error instanceof ValidationError) {
				const placed = withServerError(fieldsRef.current, error);
				setFields(placed.fields);
				if (placed.index >= 0) editor.select(placed.index);
				setStatus({tone: 'error', text: `Not saved: ${errorLine(error)}`});
			} else if (error instanceof ConflictError) {
				setDialog({kind: 'conflict', message: error.message});
				setStatus({tone: 'error', text: 'Not saved: the row changed meanwhile'});
			} else {
				setStatus({tone: 'error', text: `Not saved: ${errorLine(error)}`});
			}
		};
		if (letter) {
			if (!dlq) return;
			const encoded = encodeMessage(recordOf(letter.id, checked.fields));
			setBusy(true);
			setStatus({tone: 'info', text: 'Replaying the fixed record…'});
			dlq.replayFixed(letter.position, {key: encoded.key, value: encoded.value}).then(outcome => {
				setBusy(false);
				setStatus({
					tone: outcome.replayed === 1 ? 'ok' : 'error',
					text:
						outcome.replayed === 1
							? `Replayed the fixed dead letter ${positionText(letter.position)} at ${clock(Date.now())}: the sink writes it (Consumer screen)`
							: 'Not replayed: the dead letter does not say where it came from',
				});
			}, onError);
			return;
		}
		if (mode === 'create') {
			setBusy(true);
			setStatus({tone: 'info', text: 'Creating…'});
			store.create(createValues(checked.fields)).then(created => {
				setBusy(false);
				fill(
					created,
					`Created row ${rowKeyText(created, format)} (${displayName(created, format)}) at ${clock(Date.now())}; you are now editing it (v: view in Browser)`,
				);
			}, onError);
			return;
		}
		if (!row) return;
		const change = changesOf(checked.fields);
		if (change.count === 0) {
			setStatus({tone: 'info', text: 'Nothing to save: no field changed'});
			return;
		}
		setBusy(true);
		setStatus({tone: 'info', text: 'Saving…'});
		store.update(rowKeyOf(row), {set: change.set, unset: change.unset}, force ? {} : {ifUnchangedSince: row.updatedAt}).then(updated => {
			setBusy(false);
			setDialog(undefined);
			fill(updated, `Saved ${change.count} change${change.count === 1 ? '' : 's'} at ${clock(Date.now())}: each is a new version (v: view in Browser)`);
		}, onError);
	};

	const editor = useFieldEditor({
		owner: 'forms.fields',
		count: fields.length,
		active: props.active && !dialog && !busy,
		when: () => !prompt.isOpen(),
		valueOf: index => fieldsRef.current[index]?.value ?? '',
		readOnly: index => fieldsRef.current[index]?.readOnly ?? true,
		commit: (index, value) => setFields(withValue(fieldsRef.current, index, value, mode)),
		save,
		scopes: ['forms'],
		handlers: {
			'form.revert': () => {
				const index = editor.selected;
				const item = fieldsRef.current[index];
				if (item) setFields(withValue(fieldsRef.current, index, item.original, mode));
			},
			'forms.new': () => startCreate('New user: fill in at least the fields marked *'),
			'forms.open': () => prompt.open('open'),
			'forms.reload': () => row && openRow(rowKeyOf(row)),
			'forms.deleteRow': () => row && setDialog({kind: 'delete-row'}),
			'forms.deleteCell': () => {
				const item = fieldsRef.current[editor.selected];
				if (row && item && item.original !== '') setDialog({kind: 'delete-cell', column: item.column});
			},
			'forms.browse': () => row && navigate({screen: 'browser', open: rowKeyOf(row)}),
		},
	});

	const prompt = usePrompt<'open'>('forms.prompt', props.active && !dialog, (_, id) => {
		if (!id) return;
		try {
			openRow(parseKeyInput(id));
		} catch (error) {
			setStatus({tone: 'error', text: errorLine(error)});
		}
	});

	// Each navigation here (a new seq) fills the form once.
	useEffect(() => {
		const intent = props.intent;
		if (intent?.screen !== 'forms') return;
		if (intent.mode === 'edit') openRow(intent.id);
		else if (intent.mode === 'dead-letter') {
			setMode('create');
			setRow(undefined);
			setFields(recordFields(intent.record));
			setLetter({position: intent.position, id: intent.record.id});
			editor.select(0);
			setStatus({tone: 'info', text: `Fix the dead letter ${positionText(intent.position)}, then s replays it to its topic`});
		} else startCreate('New user: fill in at least the fields marked *');
	}, [props.intent?.seq]); // eslint-disable-line react-hooks/exhaustive-deps -- a new seq is a new navigation: fill the form once

	const dialogActive = props.active && dialog !== undefined && !busy;
	useCapture('forms.dialog', dialogActive);
	const afterDelete = (next: Status | undefined) => {
		setBusy(false);
		setDialog(undefined);
		setStatus(next);
	};
	useKeymap(
		['confirm'],
		{
			'confirm.yes': () => {
				if (!row || !dialog || dialog.kind === 'conflict') return;
				setBusy(true);
				if (dialog.kind === 'delete-row') {
					store.deleteRow(rowKeyOf(row)).then(
						() => {
							afterDelete(undefined);
							startCreate(`Deleted row ${rowKeyText(row, format)} (${displayName(row, format)}) at ${clock(Date.now())}`);
						},
						(error: unknown) => afterDelete({tone: 'error', text: errorLine(error)}),
					);
				} else {
					const {column} = dialog;
					store.deleteCells(rowKeyOf(row), [column]).then(
						() => {
							afterDelete({tone: 'ok', text: `Deleted cell ${inert(column)} (all its versions)`});
							store.get(rowKeyOf(row)).then(
								loaded => fill(loaded),
								(error: unknown) => setStatus({tone: 'error', text: errorLine(error)}),
							);
						},
						(error: unknown) => afterDelete({tone: 'error', text: errorLine(error)}),
					);
				}
			},
			'confirm.no': () => setDialog(undefined),
		},
		dialogActive && dialog?.kind !== 'conflict',
	);
	useKeymap(
		['conflict'],
		{
			'conflict.reload': () => {
				if (!row) return;
				setDialog(undefined);
				store.get(rowKeyOf(row)).then(
					loaded => fill(loaded, `Reloaded row ${rowKeyText(row, format)} at ${clock(Date.now())}: your changes were dropped`),
					(error: unknown) =>
						setStatus({tone: 'error', text: error instanceof NotFoundError ? `Row ${rowKeyText(row, format)} was deleted meanwhile` : errorLine(error)}),
				);
			},
			'conflict.overwrite': () => save(undefined, true),
			'conflict.cancel': () => setDialog(undefined),
		},
		dialogActive && dialog?.kind === 'conflict',
	);

	const title = letter ? (
		<Text bold>{`Fix dead letter ${positionText(letter.position)} (row ${inert(letter.id)})`}</Text>
	) : mode === 'create' ? (
		<Text bold>New user</Text>
	) : (
		<Text>
			<Text bold>{`Edit row ${row ? rowKeyText(row, format) : ''}`}</Text>
			<Text color={theme.muted}>{row ? `  ${displayName(row, format)}` : ''}</Text>
		</Text>
	);
	const question =
		dialog?.kind === 'conflict' ? (
			<Question width={props.width} scope="conflict" title="Someone else changed this row since you opened it." lines={[inert(dialog.message)]} />
		) : dialog?.kind === 'delete-row' && row ? (
			<Question
				width={props.width}
				scope="confirm"
				title={`Delete row ${rowKeyText(row, format)} (${displayName(row, format)})?`}
				lines={['Every cell and every kept version goes; this cannot be undone.']}
			/>
		) : dialog?.kind === 'delete-cell' && row ? (
			<Question
				width={props.width}
				scope="confirm"
				title={`Delete cell ${inert(dialog.column)} of row ${rowKeyText(row, format)}?`}
				lines={['All its kept versions go; this cannot be undone.']}
			/>
		) : null;
	const questionHeight = question ? 5 : 0;
	const changed = mode === 'edit' ? changesOf(fields).count : 0;
	const hints = dialog ? (dialog.kind === 'conflict' ? 'conflict' : 'confirm') : prompt.kind ? 'editing' : editor.draft ? 'editing' : undefined;
	return (
		<Box flexDirection="column" width={props.width} height={props.height}>
			<Text wrap="truncate-end">
				{title}
				<Text color={theme.muted}>{`  * required${mode === 'edit' ? ` · • changed (${changed})` : ''}`}</Text>
			</Text>
			{prompt.kind ? (
				<Box>
					<Text bold>{'Row key to edit: '}</Text>
					<TextInput state={prompt.draft!} width={Math.max(10, props.width - 20)} focus />
				</Box>
			) : (
				<Text wrap="truncate-end" color={status?.tone === 'error' ? theme.error : status?.tone === 'ok' ? theme.ok : theme.muted}>
					{status?.text || ' '}
				</Text>
			)}
			{question}
			<FieldList
				width={props.width}
				height={Math.max(1, props.height - 3 - questionHeight)}
				selected={editor.selected}
				editing={editor.draft}
				fields={fields.map(item => ({
					label: item.column,
					value: item.value,
					error: item.error,
					required: item.required,
					readOnly: item.readOnly,
					changed: mode === 'edit' && item.value !== item.original,
					placeholder: item.readOnly ? '(not a contract column: read-only)' : undefined,
				}))}
			/>
			<Box flexGrow={1} />
			<KeyHints scopes={hints ? [hints] : ['fields', 'forms']} except={prompt.kind ? promptHintsExcept : mode === 'create' ? editOnly : undefined} />
		</Box>
	);
}
