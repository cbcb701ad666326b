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
import {type BinaryFormat, clock, inert, keyText, rowKeyText, storedText, timestamp, timestampWithMs} from '../domain/display.js';
import {verifyLines} from '../domain/verify-report.js';
import {useCapture} from './hooks/use-capture.js';
import {useKeymap} from './hooks/use-keymap.js';
import {promptHintsExcept} from './keymap.js';
import {usePrompt} from './hooks/use-prompt.js';
import {whereOf} from './row-search.js';
import {useFilter} from './hooks/use-filter.js';
import {FilterLine} from './components/FilterLine.js';
import {listHandlers, matchesFilter} from './list-keys.js';
import {count as countText} from '../domain/display.js';

interface Query {
	readonly prefix?: RowKey;
	readonly where?: string;
}

type Message = {readonly tone: 'info' | 'ok' | 'error'; readonly text: string};

type Confirm =
	| {readonly kind: 'row'; readonly id: RowKey; readonly name: string}
	| {readonly kind: 'cell'; readonly id: RowKey; readonly column: string}
	| {readonly kind: 'restore'; readonly id: RowKey; readonly column: string; readonly timestamp: number; readonly value: string; readonly newest: string};

interface Detail {
	readonly id: RowKey;
	readonly row?: Row;
	readonly selected: number;
	/** The selected cell's versions pane has the keys; the index of the chosen version. */
	readonly version?: number;
	/** The times stepped back to, latest step last; empty: the row as it is now. */
	readonly past: readonly number[];
}

/** The file an export of the current search is offered under: the table and the time, ndjson. */
function exportName(table: string): string {
	return `${table}-${new Date().toISOString().replaceAll(':', '-')}.ndjson`;
}

/** The list's columns for a width: more of the user at 160 columns and wider. */
export function browserColumns(width: number): {readonly title: string; readonly column?: string; readonly width?: number; readonly grow?: number}[] {
	const wide = width >= 160;
	return [
		{title: 'row key', width: width >= 100 ? 36 : 18},
		{title: 'name', grow: 2},
		{title: 'email', column: 'contact:email', grow: 3},
		...(wide
			? [
					{title: 'phone', column: 'contact:phone', grow: 2},
					{title: 'city', column: 'address:city', grow: 2},
					{title: 'country', column: 'address:country', grow: 2},
				]
			: []),
		// randomuser.me's nat codes are 2 letters, but "LEGO" is one of them too.
		{title: 'nat', column: 'info:nat', width: 4},
	];
}

/** The first cell whose column holds `text` (ignoring case), from `from` on; -1 if none. */
export function cellMatching(columns: readonly string[], text: string): number {
	const wanted = text.toLowerCase();
	return wanted === '' ? -1 : columns.findIndex(column => column.toLowerCase().includes(wanted));
}

function cellValue(row: Row, column: string, format: BinaryFormat): string {
	const cell = row.cells.find(item => item.column === column);
	return cell ? storedText(cell.value, cell.bytes, format) : '';
}

/** The rows of the table page by page, searches, and one row with its cells' versions. */
export function BrowserScreen(props: ScreenProps) {
	const {rows: store, clipboard} = usePorts();
	const {navigate} = useNavigation();
	const theme = useTheme();
	const format = useBinaryFormat();
	const snapshot = useSnapshot(props.active);
	const [query, setQuery] = useState<Query>({});
	const [starts, setStarts] = useState<ReadonlyArray<RowKey | undefined>>([undefined]);
	const [pageIndex, setPageIndex] = useState(0);
	// Each page remembers the table it was read from: rows are never drawn under another table's name.
	const [read, setPage] = useState<(RowPage & {readonly table: string}) | undefined>(undefined);
	const [selected, setSelected] = useState(0);
	const [loading, setLoading] = useState(false);
	const [failed, setFailed] = useState(false);
	const [message, setMessage] = useState<Message | undefined>(undefined);
	const [detail, setDetail] = useState<Detail | undefined>(undefined);
	const [confirm, setConfirm] = useState<Confirm | undefined>(undefined);
	const [report, setReport] = useState<readonly string[] | undefined>(undefined);
	const request = useRef(0);
	const [kept, setKept] = useState('');
	const [total, setTotal] = useState<{readonly key: string; readonly rows?: number}>({key: ''});
	const [cellJump, setCellJump] = useState<number | undefined>(undefined);
	const filter = useFilter('browser.filter', props.active && !confirm && !detail, kept, setKept);
	const filterLines = filter.draft || filter.text ? 1 : 0;
	const limit = Math.max(3, props.height - 5 - filterLines);
	const table = snapshot.settings.table;
	const page = read?.table === table ? read : undefined;

	// A new table is another table: rows read from the old one are never shown under its name.
	const shownTable = useRef(table);
	useEffect(() => {
		if (shownTable.current === table) return;
		shownTable.current = table;
		request.current++; // an answer from the old table that is still on its way is dropped
		setPage(undefined);
		setDetail(undefined);
		setStarts([undefined]);
		setPageIndex(0);
		setMessage(undefined);
		if (props.active) load(undefined, 0);
	}, [table]); // eslint-disable-line react-hooks/exhaustive-deps -- only when the table changes

	const load = (start: RowKey | undefined, index: number, q: Query = query) => {
		const id = ++request.current;
		const from = table;
		setLoading(true);
		store.scan({prefix: q.prefix, where: q.where, start, limit}).then(
			result => {
				if (id !== request.current) return;
				setLoading(false);
				setFailed(false);
				setPage({...result, table: from});
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

	const openRow = (id: RowKey, keepSelection = false, column?: string, past: readonly number[] = []) => {
		const same = (previous: Detail | undefined): previous is Detail => previous !== undefined && sameKey(previous.id, id);
		setDetail(previous => ({
			id,
			row: same(previous) ? previous.row : undefined,
			selected: keepSelection && same(previous) ? previous.selected : 0,
			past: same(previous) ? previous.past : [],
		}));
		const asOf = past.at(-1);
		store.get(id, {versions: 3, asOf}).then(
			row =>
				setDetail(previous => {
					if (!same(previous)) return previous;
					const at = column === undefined ? -1 : orderedCells(row).findIndex(cell => cell.column === column);
					const selected = at >= 0 ? at : Math.min(previous.selected, Math.max(0, row.cells.length - 1));
					return {id, row, selected, version: previous.version === undefined ? undefined : 0, past};
				}),
			(error: unknown) => {
				if (asOf !== undefined && error instanceof NotFoundError) {
					setMessage({tone: 'info', text: `No older version: the row was written after ${timestampWithMs(asOf)}`});
				} else if (error instanceof NotFoundError) {
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
		const intent = props.intent;
		if (intent?.screen !== 'browser') return;
		if ('open' in intent) openRow(intent.open, false, intent.column);
		else {
			setDetail(undefined);
			setQuery(intent.query);
			setSelected(0);
			load(undefined, 0, intent.query);
		}
	}, [props.intent?.seq]); // eslint-disable-line react-hooks/exhaustive-deps -- a new seq is a new navigation: open its row once

	// The table's row count, read once per table and key prefix (a key-only scan: seconds for 100k rows).
	const countKey = `${table}\u0000${query.prefix === undefined ? '' : keyText(query.prefix, 'hex')}`;
	useEffect(() => {
		if (!props.active || total.key === countKey) return;
		setTotal({key: countKey});
		store.count({prefix: query.prefix}).then(
			rows => setTotal(previous => (previous.key === countKey ? {key: countKey, rows} : previous)),
			() => {},
		);
	}, [props.active, countKey]); // eslint-disable-line react-hooks/exhaustive-deps -- once per table and prefix

	const exportSearch = (file: string) => {
		if (file === '') return;
		setMessage({tone: 'info', text: `Exporting to ${file}…`});
		store.exportRows({prefix: query.prefix, where: query.where}, file).then(
			result => setMessage({tone: 'ok', text: `Exported ${result.rows} row${result.rows === 1 ? '' : 's'} to ${inert(result.file)}`}),
			(error: unknown) => setMessage({tone: 'error', text: errorLine(error)}),
		);
	};

	const verify = () => {
		setMessage({tone: 'info', text: 'Verifying the topic against the table…'});
		store
			.verify((records, total) => setMessage({tone: 'info', text: `Verifying… ${total > 0 ? Math.floor((records * 100) / total) : 100}%`}))
			.then(
				result => {
					setReport(verifyLines(result));
					setMessage({
						tone: result.agree ? 'ok' : 'error',
						text: result.agree ? 'Verify: the table agrees with the topic' : `Verify: ${result.missing.count} missing, ${result.different.count} different`,
					});
				},
				(error: unknown) => setMessage({tone: 'error', text: errorLine(error)}),
			);
	};

	const prompt = usePrompt<'prefix' | 'filter' | 'export'>('browser.prompt', props.active && !confirm && !detail, (kind, value) => {
		if (kind === 'export') {
			exportSearch(value.trim());
			return;
		}
		setReport(undefined);
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

	const allRows = page?.rows ?? [];
	const rows = filter.text === '' ? allRows : allRows.filter(row => matchesFilter(filter.text, [row.id, displayName(row), ...row.cells.map(cell => cell.value)]));
	const current = rows[selected];
	// A banner ("Deleted row …", "Copied …") speaks of the row it was shown for: gone once the
	// user moves to another row, cell or page, or the row it named is read again.
	const dropBanner = () => setMessage(previous => (previous?.tone === 'error' ? previous : undefined));
	const moveSelection = (next: (index: number) => number) => {
		setSelected(next);
		dropBanner();
	};
	const copy = (id: string) => {
		const sent = clipboard?.copy(id) ?? false;
		setMessage({tone: sent ? 'ok' : 'info', text: sent ? `Copied row key ${id} to the clipboard` : `Row key (select to copy): ${id}`});
	};
	const listActive = props.active && !detail && !confirm;
	const detailActive = props.active && detail !== undefined && detail.version === undefined && !confirm;
	const versionsActive = props.active && detail?.version !== undefined && !confirm;
	const confirmActive = props.active && confirm !== undefined;
	useCapture('browser.confirm', confirmActive);

	const rowCount = useRef(rows.length);
	rowCount.current = rows.length;
	useKeymap(
		['browser', 'list'],
		{
			...listHandlers(moveSelection, () => rowCount.current, limit),
			'list.filter': () => filter.open(),
			'browser.copy': () => current && copy(rowKeyText(current, format)),
			'browser.open': () => current && openRow(rowKeyOf(current)),
			'browser.nextPage': () => {
				dropBanner();
				if (page?.next !== undefined) {
					setSelected(0);
					load(page.next, pageIndex + 1);
				}
			},
			'browser.previousPage': () => {
				dropBanner();
				if (pageIndex > 0) {
					setSelected(0);
					load(starts[pageIndex - 1], pageIndex - 1);
				}
			},
			'browser.prefix': () => prompt.open('prefix', query.prefix === undefined ? '' : keyText(query.prefix, format)),
			'browser.filter': () => prompt.open('filter', query.where ?? ''),
			'browser.clear': () => {
				setReport(undefined);
				setQuery({});
				setSelected(0);
				load(undefined, 0, {});
			},
			'browser.reload': () => {
				setReport(undefined);
				reload();
			},
			'browser.export': () => prompt.open('export', exportName(snapshot.settings.table)),
			'browser.verify': verify,
			'browser.new': () => navigate({screen: 'forms', mode: 'create'}),
			'browser.edit': () => current && navigate({screen: 'forms', mode: 'edit', id: rowKeyOf(current)}),
			'browser.delete': () => current && setConfirm({kind: 'row', id: rowKeyOf(current), name: displayName(current, format)}),
		},
		listActive,
		() => !prompt.isOpen() && !filter.isOpen(),
	);

	const cells = detail?.row ? orderedCells(detail.row) : [];
	const cellCount = useRef(cells.length);
	cellCount.current = cells.length;
	// `/` in a row jumps to a cell by typing its name; Esc goes back to where it was.
	const jump = usePrompt<'cell'>(
		'browser.jump',
		detailActive,
		() => setCellJump(undefined),
		() => {
			setDetail(d => (d && cellJump !== undefined ? {...d, selected: cellJump} : d));
			setCellJump(undefined);
		},
	);
	const jumpText = jump.draft?.value ?? '';
	useEffect(() => {
		if (!jump.kind) return;
		const at = cellMatching(
			cells.map(cell => cell.column),
			jumpText,
		);
		if (at >= 0) setDetail(d => d && {...d, selected: at});
	}, [jumpText]); // eslint-disable-line react-hooks/exhaustive-deps -- follows the typed text only
	const selectedCell = cells[detail?.selected ?? -1];
	const versions = selectedCell?.versions ?? (selectedCell ? [selectedCell] : []);
	const versionCount = useRef(versions.length);
	versionCount.current = versions.length;
	useKeymap(
		['detail', 'list'],
		{
			...listHandlers(
				next => {
					setDetail(d => d && {...d, selected: next(d.selected)});
					dropBanner();
				},
				() => cellCount.current,
				10,
			),
			'list.filter': () => {
				setCellJump(detail?.selected);
				jump.open('cell');
			},
			'detail.versions': () => setDetail(d => (d?.row ? {...d, version: 0} : d)),
			'detail.copy': () => detail && copy(keyText(detail.id, format)),
			'detail.back': () => {
				setDetail(undefined);
				reload();
			},
			'detail.edit': () => detail && navigate({screen: 'forms', mode: 'edit', id: detail.id, ...(selectedCell ? {column: selectedCell.column} : {})}),
			'detail.deleteRow': () => detail?.row && setConfirm({kind: 'row', id: detail.id, name: displayName(detail.row, format)}),
			'detail.deleteCell': () => {
				const cell = cells[detail?.selected ?? -1];
				if (detail && cell) setConfirm({kind: 'cell', id: detail.id, column: cell.column});
			},
			'detail.reload': () => detail && openRow(detail.id, true, undefined, detail.past),
			'detail.older': () => {
				// The newest change of what is shown, minus one ms: the row just before it.
				if (detail?.row) openRow(detail.id, true, undefined, [...detail.past, detail.row.updatedAt - 1]);
			},
			'detail.newer': () => detail && detail.past.length > 0 && openRow(detail.id, true, undefined, detail.past.slice(0, -1)),
		},
		detailActive,
		() => !jump.isOpen(),
	);
	useKeymap(
		['versions', 'list'],
		{
			...listHandlers(
				next => setDetail(d => d && {...d, version: next(d.version ?? 0)}),
				() => versionCount.current,
				3,
			),
			'versions.back': () => setDetail(d => d && {...d, version: undefined}),
			'versions.restore': () => {
				const chosen = versions[detail?.version ?? -1];
				if (!detail || !selectedCell || !chosen) return;
				if ((detail.version ?? 0) === 0) {
					setMessage({tone: 'info', text: 'That version already is the newest: pick an older one (↓) to restore'});
					return;
				}
				setConfirm({kind: 'restore', id: detail.id, column: selectedCell.column, timestamp: chosen.timestamp, value: chosen.value, newest: versions[0]!.value});
			},
		},
		versionsActive,
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
				} else if (asked.kind === 'restore') {
					store.restore(asked.id, asked.column, asked.timestamp).then(
						() => {
							setMessage({tone: 'ok', text: `Restored ${inert(asked.column)} of row ${keyText(asked.id, format)} to the version of ${timestamp(asked.timestamp)}`});
							openRow(asked.id, true);
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
					: confirm.kind === 'restore'
						? `Restore ${inert(confirm.column)} of row ${keyText(confirm.id, format)} to the version of ${timestamp(confirm.timestamp)}?`
						: `Delete cell ${inert(confirm.column)} of row ${keyText(confirm.id, format)}?`
			}
			lines={[
				confirm.kind === 'row'
					? 'Every cell and every kept version goes; this cannot be undone.'
					: confirm.kind === 'restore'
						? `It is written again as the newest version: ${inert(JSON.stringify(confirm.newest))} becomes ${inert(JSON.stringify(confirm.value))}.`
						: 'All its kept versions go; this cannot be undone.',
			]}
		/>
	) : null;
	const questionHeight = confirm ? 5 : 0;

	const status = jump.kind ? (
		<Box>
			<Text bold>{'Jump to cell: '}</Text>
			<TextInput state={jump.draft!} width={Math.max(10, props.width - 40)} focus />
			<Text>{selectedCell ? `  → ${selectedCell.column}` : ''}</Text>
		</Box>
	) : prompt.kind ? (
		<Box>
			<Text bold>
				{prompt.kind === 'prefix' ? 'Row key prefix: ' : prompt.kind === 'export' ? 'Export this search to file: ' : 'Find (last name, or column~text / column=text): '}
			</Text>
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
						{detail.past.length > 0 ? ` · as of ${timestampWithMs(detail.past.at(-1)!)} (] newer)` : ''}
					</Text>
				</Text>
				{status}
				{question}
				{detail.row ? (
					<RowDetail row={detail.row} selected={detail.selected} version={detail.version} width={props.width} height={props.height - 3 - questionHeight} />
				) : null}
				<Box flexGrow={1} />
				<KeyHints
					scopes={[confirm ? 'confirm' : jump.kind ? 'editing' : detail.version === undefined ? 'detail' : 'versions']}
					except={jump.kind ? promptHintsExcept : undefined}
				/>
			</Box>
		);
	}

	const columns = browserColumns(props.width);
	const search = [query.prefix ? `key ${keyText(query.prefix, format)}…` : '', query.where ? `where ${query.where}` : ''].filter(Boolean).join(' · ');
	return (
		<Box flexDirection="column" width={props.width} height={props.height}>
			<Text wrap="truncate-end">
				<Text bold>{`Rows of ${inert(table)}`}</Text>
				<Text color={theme.muted}>
					{`  ${total.rows === undefined ? '' : `${countText(total.rows)} row${total.rows === 1 ? '' : 's'}${query.prefix === undefined ? '' : ` under ${keyText(query.prefix, format)}`} · `}page ${pageIndex + 1}${page?.next === undefined ? '' : ' · more: n'}${search ? ` · ${search}` : ''}${loading ? ' · loading…' : ''}`}
				</Text>
			</Text>
			{status}
			<FilterLine filter={filter} shown={rows.length} total={allRows.length} width={props.width} what="rows on this page" />
			{question}
			{report ? (
				<Box flexDirection="column" height={Math.max(1, limit - questionHeight)} overflow="hidden">
					{report.slice(0, Math.max(1, limit - questionHeight)).map((line, index) => (
						<Text key={index} wrap="truncate-end">
							{line}
						</Text>
					))}
				</Box>
			) : (
				<Table
					width={props.width}
					selected={(listActive && !prompt.kind) || confirm ? selected : undefined}
					columns={columns}
					rows={rows
						.slice(0, Math.max(0, limit - questionHeight))
						.map(row => [rowKeyText(row, format), displayName(row, format), ...columns.slice(2).map(column => cellValue(row, column.column ?? '', format))])}
					empty={
						loading
							? 'loading…'
							: failed
								? 'HBase did not answer; this page loads again once it does.'
								: filter.text
									? 'no row on this page matches the filter (K: key prefix or f: value, to search the whole table)'
									: search
										? 'no row matches'
										: 'no rows yet'
					}
				/>
			)}
			<Box flexGrow={1} />
			<KeyHints
				scopes={[confirm ? 'confirm' : prompt.kind || filter.draft ? 'editing' : 'browser']}
				except={prompt.kind || filter.draft ? promptHintsExcept : ['browser.open']}
			/>
		</Box>
	);
}
