import {Box, Text} from 'ink';
import {useEffect, useRef, useState} from 'react';
import {NotFoundError} from '../domain/errors.js';
import {errorLine} from './error-line.js';
import type {Row, RowKey, RowPage} from '../services/ports.js';
import {parseKeyInput, sameKey} from '../domain/row-key.js';
import {rowKeyOf} from '../domain/row.js';
import {displayName} from '../state/user-form.js';
import {type ScreenProps, useBinaryFormat, useNavigation, usePorts, useSnapshot, useTheme} from './console-context.js';
import {KeyHints} from './components/KeyHints.js';
import {Question} from './components/Question.js';
import {RowDetail} from './components/RowDetail.js';
import {orderedCells} from './components/row-lines.js';
import {Table} from './components/Table.js';
import {TextInput} from './components/TextInput.js';
import {type BinaryFormat, clock, inert, keyText, rowKeyText, storedText, timestamp} from '../domain/display.js';
import {useCapture} from './hooks/use-capture.js';
import {useKeymap} from './hooks/use-keymap.js';
import {promptHintsExcept} from './keymap.js';
import {usePrompt} from './hooks/use-prompt.js';

interface Query {
	readonly prefix?: RowKey;
	readonly where?: string;
}

type Message = {readonly tone: 'info' | 'ok' | 'error'; readonly text: string};

type Confirm = {readonly kind: 'row'; readonly id: RowKey; readonly name: string} | {readonly kind: 'cell'; readonly id: RowKey; readonly column: string};

interface Detail {
	readonly id: RowKey;
	readonly row?: Row;
	readonly selected: number;
}

/** What the value search sends: `column~text` / `column=text` as typed, or a last name. */
export function whereOf(text: string): string | undefined {
	if (text === '') return undefined;
	return /^[a-z]+:[A-Za-z0-9_]+[~=]/u.test(text) ? text : `info:last_name~${text}`;
}

function cellValue(row: Row, column: string, format: BinaryFormat): string {
	const cell = row.cells.find(item => item.column === column);
	return cell ? storedText(cell.value, cell.bytes, format) : '';
}

/** The rows of the table page by page, searches, and one row with its cells' versions. */
export function BrowserScreen(props: ScreenProps) {
	const {rows: store} = usePorts();
	const {navigate} = useNavigation();
	const theme = useTheme();
	const format = useBinaryFormat();
	const snapshot = useSnapshot(props.active);
	const [query, setQuery] = useState<Query>({});
	const [starts, setStarts] = useState<ReadonlyArray<RowKey | undefined>>([undefined]);
	const [pageIndex, setPageIndex] = useState(0);
	const [page, setPage] = useState<RowPage | undefined>(undefined);
	const [selected, setSelected] = useState(0);
	const [loading, setLoading] = useState(false);
	const [failed, setFailed] = useState(false);
	const [message, setMessage] = useState<Message | undefined>(undefined);
	const [detail, setDetail] = useState<Detail | undefined>(undefined);
	const [confirm, setConfirm] = useState<Confirm | undefined>(undefined);
	const request = useRef(0);
	const limit = Math.max(3, props.height - 5);

	const load = (start: RowKey | undefined, index: number, q: Query = query) => {
		const id = ++request.current;
		setLoading(true);
		store.scan({prefix: q.prefix, where: q.where, start, limit}).then(
			result => {
				if (id !== request.current) return;
				setLoading(false);
				setFailed(false);
				setPage(result);
				setPageIndex(index);
				setStarts(previous => {
					const next = previous.slice(0, index + 1);
					next[index] = start;
					if (result.next !== undefined) next[index + 1] = result.next;
					return next;
				});
				setSelected(current => Math.max(0, Math.min(current, result.rows.length - 1)));
				setMessage(previous => (previous?.tone === 'error' ? undefined : previous));
			},
			(error: unknown) => {
				if (id !== request.current) return;
				setLoading(false);
				setFailed(true);
				setMessage({tone: 'error', text: errorLine(error)});
			},
		);
	};
	const reload = () => load(starts[pageIndex], pageIndex);

	const openRow = (id: RowKey, keepSelection = false) => {
		const same = (previous: Detail | undefined): previous is Detail => previous !== undefined && sameKey(previous.id, id);
		setDetail(previous => ({id, row: same(previous) ? previous.row : undefined, selected: keepSelection && same(previous) ? previous.selected : 0}));
		store.get(id, {versions: 3}).then(
			row => setDetail(previous => (same(previous) ? {id, row, selected: Math.min(previous.selected, Math.max(0, row.cells.length - 1))} : previous)),
			(error: unknown) => {
				if (error instanceof NotFoundError) {
					setDetail(undefined);
					setMessage({tone: 'error', text: `Row ${keyText(id, format)} is not there (deleted?)`});
					reload();
				} else setMessage({tone: 'error', text: errorLine(error)});
			},
		);
	};

	// Load when shown (the sink may have written meanwhile), and again once HBase answers after a
	// failure. These effects run on those changes only, on purpose: not on every new `load`.
	const hbase = snapshot.health.find(item => item.service === 'HBase')?.status;
	useEffect(() => {
		if (props.active && !detail) reload();
	}, [props.active]); // eslint-disable-line react-hooks/exhaustive-deps -- load on being shown only, not on each new reload/detail
	useEffect(() => {
		if (hbase === 'connected' && failed && props.active) reload();
	}, [hbase]); // eslint-disable-line react-hooks/exhaustive-deps -- retry when HBase's status changes only, not on each render after a failure
	useEffect(() => {
		if (props.intent?.screen === 'browser') openRow(props.intent.open);
	}, [props.intent?.seq]); // eslint-disable-line react-hooks/exhaustive-deps -- a new seq is a new navigation: open its row once

	const prompt = usePrompt<'prefix' | 'filter'>('browser.prompt', props.active && !confirm, (kind, value) => {
		let next: Query;
		try {
			next = kind === 'prefix' ? {...query, prefix: value === '' ? undefined : parseKeyInput(value, 'prefix')} : {...query, where: whereOf(value)};
		} catch (error) {
			setMessage({tone: 'error', text: errorLine(error)});
			return;
		}
		setQuery(next);
		setSelected(0);
		load(undefined, 0, next);
	});

	const rows = page?.rows ?? [];
	const current = rows[selected];
	const listActive = props.active && !detail && !confirm;
	const detailActive = props.active && detail !== undefined && !confirm;
	const confirmActive = props.active && confirm !== undefined;
	useCapture('browser.confirm', confirmActive);

	useKeymap(
		['browser'],
		{
			'list.up': () => setSelected(index => Math.max(0, index - 1)),
			'list.down': () => setSelected(index => Math.min(rows.length - 1, index + 1)),
			'browser.open': () => current && openRow(rowKeyOf(current)),
			'browser.nextPage': () => {
				if (page?.next !== undefined) {
					setSelected(0);
					load(page.next, pageIndex + 1);
				}
			},
			'browser.previousPage': () => {
				if (pageIndex > 0) {
					setSelected(0);
					load(starts[pageIndex - 1], pageIndex - 1);
				}
			},
			'browser.prefix': () => prompt.open('prefix', query.prefix === undefined ? '' : keyText(query.prefix, format)),
			'browser.filter': () => prompt.open('filter', query.where ?? ''),
			'browser.clear': () => {
				setQuery({});
				setSelected(0);
				load(undefined, 0, {});
			},
			'browser.reload': reload,
			'browser.new': () => navigate({screen: 'forms', mode: 'create'}),
			'browser.edit': () => current && navigate({screen: 'forms', mode: 'edit', id: rowKeyOf(current)}),
			'browser.delete': () => current && setConfirm({kind: 'row', id: rowKeyOf(current), name: displayName(current, format)}),
		},
		listActive,
		() => !prompt.isOpen(),
	);

	const cells = detail?.row ? orderedCells(detail.row) : [];
	useKeymap(
		['detail'],
		{
			'list.up': () => setDetail(d => d && {...d, selected: Math.max(0, d.selected - 1)}),
			'list.down': () => setDetail(d => d && {...d, selected: Math.min(cells.length - 1, d.selected + 1)}),
			'detail.back': () => {
				setDetail(undefined);
				reload();
			},
			'detail.edit': () => detail && navigate({screen: 'forms', mode: 'edit', id: detail.id}),
			'detail.deleteRow': () => detail?.row && setConfirm({kind: 'row', id: detail.id, name: displayName(detail.row, format)}),
			'detail.deleteCell': () => {
				const cell = cells[detail?.selected ?? -1];
				if (detail && cell) setConfirm({kind: 'cell', id: detail.id, column: cell.column});
			},
			'detail.reload': () => detail && openRow(detail.id, true),
		},
		detailActive,
	);

	useKeymap(
		['confirm'],
		{
			'confirm.yes': () => {
				const asked = confirm;
				setConfirm(undefined);
				if (!asked) return;
				if (asked.kind === 'row') {
					store.deleteRow(asked.id).then(
						() => {
							setMessage({tone: 'ok', text: `Deleted row ${keyText(asked.id, format)}${asked.name ? ` (${asked.name})` : ''} at ${clock(Date.now())}`});
							setDetail(undefined);
							reload();
						},
						(error: unknown) => setMessage({tone: 'error', text: errorLine(error)}),
					);
				} else {
					store.deleteCells(asked.id, [asked.column]).then(
						() => {
							setMessage({tone: 'ok', text: `Deleted cell ${inert(asked.column)} of row ${keyText(asked.id, format)}`});
							openRow(asked.id, true);
						},
						(error: unknown) => setMessage({tone: 'error', text: errorLine(error)}),
					);
				}
			},
			'confirm.no': () => setConfirm(undefined),
		},
		confirmActive,
	);

	const question = confirm ? (
		<Question
			width={props.width}
			scope="confirm"
			title={
				confirm.kind === 'row'
					? `Delete row ${keyText(confirm.id, format)}${confirm.name ? ` (${confirm.name})` : ''}?`
					: `Delete cell ${inert(confirm.column)} of row ${keyText(confirm.id, format)}?`
			}
			lines={[confirm.kind === 'row' ? 'Every cell and every kept version goes; this cannot be undone.' : 'All its kept versions go; this cannot be undone.']}
		/>
	) : null;
	const questionHeight = confirm ? 5 : 0;

	const status = prompt.kind ? (
		<Box>
			<Text bold>{prompt.kind === 'prefix' ? 'Row key prefix: ' : 'Find (last name, or column~text / column=text): '}</Text>
			<TextInput state={prompt.draft!} width={Math.max(10, props.width - 50)} focus />
		</Box>
	) : message ? (
		<Text wrap="truncate-end" color={message.tone === 'error' ? theme.error : message.tone === 'ok' ? theme.ok : undefined}>
			{message.text}
		</Text>
	) : (
		<Text color={theme.muted}> </Text>
	);

	if (detail) {
		return (
			<Box flexDirection="column" width={props.width} height={props.height}>
				<Text wrap="truncate-end">
					<Text bold>{`Row ${keyText(detail.id, format)}`}</Text>
					<Text color={theme.muted}>
						{detail.row ? `  ${displayName(detail.row, format)} · ${detail.row.cells.length} cells · updated ${timestamp(detail.row.updatedAt)}` : '  loading…'}
					</Text>
				</Text>
				{status}
				{question}
				{detail.row ? <RowDetail row={detail.row} selected={detail.selected} width={props.width} height={props.height - 3 - questionHeight} /> : null}
				<Box flexGrow={1} />
				<KeyHints scopes={[confirm ? 'confirm' : 'detail']} />
			</Box>
		);
	}

	const keyWidth = props.width >= 100 ? 36 : 18;
	const search = [query.prefix ? `key ${keyText(query.prefix, format)}…` : '', query.where ? `where ${query.where}` : ''].filter(Boolean).join(' · ');
	return (
		<Box flexDirection="column" width={props.width} height={props.height}>
			<Text wrap="truncate-end">
				<Text bold>{`Rows of ${inert(snapshot.settings.table)}`}</Text>
				<Text color={theme.muted}>
					{`  page ${pageIndex + 1}${page?.next === undefined ? '' : ' · more: n'}${search ? ` · ${search}` : ''}${loading ? ' · loading…' : ''}`}
				</Text>
			</Text>
			{status}
			{question}
			<Table
				width={props.width}
				selected={(listActive && !prompt.kind) || confirm ? selected : undefined}
				columns={[
					{title: 'row key', width: keyWidth},
					{title: 'name', grow: 2},
					{title: 'email', grow: 3},
					{title: 'nat', width: 3},
				]}
				rows={rows
					.slice(0, Math.max(0, limit - questionHeight))
					.map(row => [rowKeyText(row, format), displayName(row, format), cellValue(row, 'contact:email', format), cellValue(row, 'info:nat', format)])}
				empty={loading ? 'loading…' : failed ? 'HBase did not answer; this page loads again once it does.' : search ? 'no row matches' : 'no rows yet'}
			/>
			<Box flexGrow={1} />
			<KeyHints scopes={[confirm ? 'confirm' : prompt.kind ? 'editing' : 'browser']} except={promptHintsExcept} />
		</Box>
	);
}
