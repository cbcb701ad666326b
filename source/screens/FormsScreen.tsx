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
import {clock, fit, inert, keyText, rowKeyText, timestamp} from '../domain/display.js';
import {type DlqPosition, positionText} from '../domain/dlq.js';
import {encodeMessage} from '../domain/message.js';
import {useCapture} from './hooks/use-capture.js';
import {type PendingValue, useFieldEditor} from './hooks/use-field-editor.js';
import {useKeymap} from './hooks/use-keymap.js';
import {promptHintsExcept} from './keymap.js';
import {usePrompt} from './hooks/use-prompt.js';

const editOnly = ['forms.reload', 'forms.deleteRow', 'forms.deleteCell', 'forms.browse', 'form.revert'];

type Status = {readonly tone: 'info' | 'ok' | 'error'; readonly text: string};

/** A cell you changed that someone else changed too since you opened the row. */
export interface Clash {
	readonly column: string;
	/** Value when you opened the row ('' for none). */
	readonly was: string;
	/** Their value now ('' when they removed the cell) and when they wrote it. */
	readonly theirs: string;
	readonly theirsAt?: number;
	/** Yours ('' when you cleared it). */
	readonly yours: string;
}

type Dialog =
	| {readonly kind: 'delete-row'}
	| {readonly kind: 'delete-cell'; readonly column: string}
	| {readonly kind: 'conflict'; readonly clashes: readonly Clash[]; readonly at: number}
	| {readonly kind: 'discard'; readonly what: string; readonly then: () => void};

/**
 * The cells you changed that were also changed by someone else since `opened` was read: the
 * save may go ahead when there are none (their changes to other cells are kept).
 */
export function clashesOf(opened: Row, now: Row, change: {readonly set: Readonly<Record<string, string | Uint8Array>>; readonly unset: readonly string[]}): Clash[] {
	const cell = (row: Row, column: string) => row.cells.find(item => item.column === column);
	const columns = [...Object.keys(change.set), ...change.unset];
	return columns.flatMap(column => {
		const before = cell(opened, column);
		const after = cell(now, column);
		const touched = before?.timestamp !== after?.timestamp || before?.value !== after?.value;
		if (!touched) return [];
		const yours = change.set[column] ?? '';
		return [{column, was: before?.value ?? '', theirs: after?.value ?? '', theirsAt: after?.timestamp, yours: typeof yours === 'string' ? yours : keyText(yours, 'hex')}];
	});
}

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
	const {setUnsaved} = useNavigation();
	// Keys can arrive faster than renders: the refs are what a save reads.
	const fieldsRef = useRef(fields);
	const modeRef = useRef(mode);
	modeRef.current = mode;
	const unsaved = (list: readonly FormField[] = fieldsRef.current) => (modeRef.current === 'edit' ? changesOf(list).count : Object.keys(createValues(list)).length);
	const unsavedNow = unsaved(fields);
	useEffect(() => {
		setUnsaved('forms', unsavedNow > 0 ? `Forms has ${unsavedNow} unsaved change${unsavedNow === 1 ? '' : 's'}` : undefined);
	}, [unsavedNow, setUnsaved]);
	/** Runs `then` at once, or after the user agrees to drop the unsaved changes (lazygit asks too). */
	const unlessUnsaved = (what: string, then: () => void) => {
		const count = unsaved();
		if (count === 0) then();
		else setDialog({kind: 'discard', what: `${what}: drop ${count} unsaved change${count === 1 ? '' : 's'}?`, then});
	};
	const setFields = (next: FormField[]) => {
		fieldsRef.current = next;
		setFieldsState(next);
	};

	const startCreate = (text?: string) => {
		setLetter(undefined);
		setMode('create');
		modeRef.current = 'create';
		setRow(undefined);
		setFields(createFields());
		editor.select(0);
		setStatus(text ? {tone: 'info', text} : undefined);
	};
	const fill = (loaded: Row, text?: string) => {
		setLetter(undefined);
		setMode('edit');
		modeRef.current = 'edit';
		setRow(loaded);
		setFields(editFields(loaded, format));
		if (text) setStatus({tone: 'ok', text});
	};
	const openRow = (id: RowKey, column?: string) => {
		setStatus({tone: 'info', text: `Reading row ${keyText(id, format)}…`});
		store.get(id).then(
			loaded => {
				fill(loaded);
				// Opened from a selected cell: the form starts on that cell's field.
				const at = column === undefined ? -1 : fieldsRef.current.findIndex(item => item.column === column);
				editor.select(Math.max(0, at));
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
			} else if (error instanceof ConflictError && row) {
				resolveConflict(row, changesOf(checked.fields));
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

	/** Someone else changed the row: compare cell by cell what they and you changed. */
	const resolveConflict = (opened: Row, change: ReturnType<typeof changesOf>) => {
		setBusy(true);
		setStatus({tone: 'info', text: 'The row changed meanwhile: comparing the cells you changed…'});
		store.get(rowKeyOf(opened)).then(
			now => {
				const clashes = clashesOf(opened, now, {set: change.set ?? {}, unset: change.unset ?? []});
				if (clashes.length > 0) {
					setBusy(false);
					setDialog({kind: 'conflict', clashes, at: now.updatedAt});
					setStatus({
						tone: 'error',
						text: `Not saved: ${clashes.length} cell${clashes.length === 1 ? '' : 's'} you changed ${clashes.length === 1 ? 'was' : 'were'} changed by someone else too`,
					});
					return;
				}
				// Only other cells changed: save yours over the row as it is now, still guarded.
				store.update(rowKeyOf(opened), {set: change.set, unset: change.unset}, {ifUnchangedSince: now.updatedAt}).then(
					updated => {
						setBusy(false);
						fill(
							updated,
							`Saved ${change.count} change${change.count === 1 ? '' : 's'} at ${clock(Date.now())}; someone else had changed other cells meanwhile, theirs are kept`,
						);
					},
					(error: unknown) => {
						setBusy(false);
						setStatus({tone: 'error', text: `Not saved: ${errorLine(error)}`});
					},
				);
			},
			(error: unknown) => {
				setBusy(false);
				setStatus({
					tone: 'error',
					text: error instanceof NotFoundError ? `Not saved: row ${rowKeyText(opened, format)} was deleted meanwhile` : `Not saved: ${errorLine(error)}`,
				});
			},
		);
	};

	const editor = useFieldEditor({
		owner: 'forms.fields',
		count: fields.length,
		active: props.active && !dialog && !busy,
		when: () => !prompt.isOpen() && !jump.isOpen(),
		valueOf: index => fieldsRef.current[index]?.value ?? '',
		readOnly: index => fieldsRef.current[index]?.readOnly ?? true,
		commit: (index, value) => {
			const next = withValue(fieldsRef.current, index, value, modeRef.current);
			setFields(next);
			// A banner about the form as it was ("Not saved: 2 fields need a fix", "Deleted row …") goes once it is no longer true.
			setStatus(previous => (previous?.tone === 'error' && next.some(item => item.error) ? previous : undefined));
		},
		save,
		scopes: ['forms'],
		handlers: {
			'form.revert': () => {
				const index = editor.selected;
				const item = fieldsRef.current[index];
				if (item) setFields(withValue(fieldsRef.current, index, item.original, mode));
			},
			'forms.new': () => unlessUnsaved('New user', () => startCreate('New user: fill in at least the fields marked *')),
			'forms.open': () => unlessUnsaved('Open another row', () => prompt.open('open')),
			'forms.reload': () => row && unlessUnsaved('Read the row again', () => openRow(rowKeyOf(row), fieldsRef.current[editor.selected]?.column)),
			'forms.deleteRow': () => row && setDialog({kind: 'delete-row'}),
			'forms.deleteCell': () => {
				const item = fieldsRef.current[editor.selected];
				if (row && item && item.original !== '') setDialog({kind: 'delete-cell', column: item.column});
			},
			'list.filter': () => {
				jumpFrom.current = editor.selected;
				jump.open('field');
			},
			'forms.browse': () => row && navigate({screen: 'browser', open: rowKeyOf(row), column: fieldsRef.current[editor.selected]?.column}),
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
	// `/` jumps to a field by typing its name (27 fields: no walking down with j); Esc goes back.
	const jumpFrom = useRef(0);
	const jump = usePrompt<'field'>(
		'forms.jump',
		props.active && !dialog,
		() => {},
		() => editor.select(jumpFrom.current),
	);
	const jumpText = jump.draft?.value ?? '';
	useEffect(() => {
		if (!jump.kind || jumpText === '') return;
		const at = fieldsRef.current.findIndex(item => item.column.toLowerCase().includes(jumpText.toLowerCase()));
		if (at >= 0) editor.select(at);
	}, [jumpText]); // eslint-disable-line react-hooks/exhaustive-deps -- follows the typed text only

	// Each navigation here (a new seq) fills the form once.
	useEffect(() => {
		const intent = props.intent;
		if (intent?.screen !== 'forms') return;
		if (intent.mode === 'edit') {
			const {id, column} = intent;
			unlessUnsaved(`Edit row ${keyText(id, format)}`, () => openRow(id, column));
		} else if (intent.mode === 'dead-letter') {
			const {position, record} = intent;
			unlessUnsaved(`Fix the dead letter ${positionText(position)}`, () => {
				setMode('create');
				modeRef.current = 'create';
				setRow(undefined);
				setFields(recordFields(record));
				setLetter({position, id: record.id});
				editor.select(0);
				setStatus({tone: 'info', text: `Fix the dead letter ${positionText(position)}, then s replays it to its topic`});
			});
		} else unlessUnsaved('New user', () => startCreate('New user: fill in at least the fields marked *'));
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
				if (dialog?.kind === 'discard') {
					setDialog(undefined);
					dialog.then();
					return;
				}
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
			<Question
				width={props.width}
				scope="conflict"
				title={`Someone else changed ${dialog.clashes.length === 1 ? 'a cell' : 'cells'} you changed, at ${timestamp(dialog.at)}:`}
				lines={clashLines(dialog.clashes, props.width - 4)}
			/>
		) : dialog?.kind === 'discard' ? (
			<Question width={props.width} scope="confirm" title={dialog.what} lines={['Your changes in the form are lost; nothing was written.']} />
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
	const questionHeight = question ? (dialog?.kind === 'conflict' ? 5 + dialog.clashes.length : 5) : 0;
	const changed = mode === 'edit' ? changesOf(fields).count : 0;
	const hints = dialog ? (dialog.kind === 'conflict' ? 'conflict' : 'confirm') : prompt.kind || jump.kind ? 'editing' : editor.draft ? 'editing' : undefined;
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
			) : jump.kind ? (
				<Box>
					<Text bold>{'Jump to field: '}</Text>
					<TextInput state={jump.draft!} width={Math.max(10, props.width - 20)} focus />
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
			<KeyHints scopes={hints ? [hints] : ['fields', 'forms']} except={prompt.kind || jump.kind ? promptHintsExcept : mode === 'create' ? editOnly : undefined} />
		</Box>
	);
}

/** The clashing cells side by side: the cell, its value when you opened the row, theirs with its time, yours. */
export function clashLines(clashes: readonly Clash[], width: number): string[] {
	const column = Math.max(...clashes.map(clash => clash.column.length), 6);
	const value = Math.max(8, Math.floor((width - column - 28) / 3));
	const shown = (text: string) => fit(text === '' ? '(none)' : inert(text), value, true);
	return [
		`${fit('cell', column, true)} ${fit('when you opened', value, true)} ${fit('theirs', value + 26, true)} yours`,
		...clashes.map(
			clash =>
				`${fit(clash.column, column, true)} ${shown(clash.was)} ${shown(clash.theirs)} ${fit(clash.theirsAt === undefined ? '' : timestamp(clash.theirsAt), 25, true)} ${shown(clash.yours)}`,
		),
	];
}
