import {Box, Text} from 'ink';
import {useEffect, useMemo, useState, useSyncExternalStore} from 'react';
import {parsePosition, positionText} from '../domain/dlq.js';
import {count, timestamp} from '../domain/display.js';
import {displayName, parseSince} from '../domain/tail.js';
import type {TailPort} from '../services/ports.js';
import {TailStore} from '../state/tail-store.js';
import {type ScreenProps, usePorts, useTheme} from './console-context.js';
import {KeyHints} from './components/KeyHints.js';
import {Table} from './components/Table.js';
import {TextInput} from './components/TextInput.js';
import {useKeymap} from './hooks/use-keymap.js';
import {usePrompt} from './hooks/use-prompt.js';
import {promptHintsExcept} from './keymap.js';
import {errorLine} from './error-line.js';

const noTail: TailPort = {
	async tail() {
		throw new Error('the tail is not available in this console');
	},
};

/** Shown when the screen opens: the last records of each partition, then new ones as they come. */
const firstCount = 10;

/** The topic as it arrives, decoded: a ring buffer with pause, scroll and seek (by offset or time). */
export function TailScreen(props: ScreenProps) {
	const {tail} = usePorts();
	const theme = useTheme();
	const store = useMemo(() => new TailStore(tail ?? noTail), [tail]);
	useEffect(() => () => store.dispose(), [store]);
	const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
	const [back, setBack] = useState(0);
	const [message, setMessage] = useState<string | undefined>(undefined);

	// Starts following when first shown (not while hidden at start-up: it reads Kafka).
	useEffect(() => {
		if (props.active && snapshot.state === 'idle' && snapshot.from === '') store.seek({kind: 'last', count: firstCount}, `the last ${firstCount} of each partition`);
	}, [props.active]); // eslint-disable-line react-hooks/exhaustive-deps -- start once, on being shown

	const prompt = usePrompt<'offset' | 'time'>('tail.prompt', props.active, (kind, value) => {
		if (value === '') return;
		try {
			if (kind === 'offset') {
				const position = parsePosition(value, 'offset');
				store.seek({kind: 'offsets', offsets: new Map([[position.partition, position.offset]])}, `partition ${position.partition} from offset ${position.offset}`);
			} else {
				const ms = parseSince(value, Date.now(), 'time');
				store.seek({kind: 'time', ms}, `${timestamp(ms)} on`);
			}
			setBack(0);
			setMessage(undefined);
		} catch (error) {
			setMessage(errorLine(error));
		}
	});

	const header = 3;
	const rowsShown = Math.max(1, props.height - (header + 1 + 1 + 1));
	const records = snapshot.records;
	const maxBack = Math.max(0, records.length - rowsShown);
	const offset = Math.min(back, maxBack);

	useKeymap(
		['tail'],
		{
			'tail.pause': () => (snapshot.state === 'paused' ? store.resume() : store.pause()),
			'log.up': () => setBack(Math.min(maxBack, offset + 1)),
			'log.down': () => setBack(Math.max(0, offset - 1)),
			'log.follow': () => setBack(0),
			'tail.beginning': () => {
				store.seek({kind: 'beginning'}, 'the beginning');
				setBack(0);
			},
			'tail.offset': () => prompt.open('offset'),
			'tail.time': () => prompt.open('time'),
		},
		props.active,
		() => !prompt.isOpen(),
	);

	const end = records.length - offset;
	const lines = records.slice(Math.max(0, end - rowsShown), end);
	const keyWidth = props.width >= 96 ? 36 : Math.max(13, props.width - 57);
	const stateText = {idle: '○ ended', reading: '▶ following', paused: '❚❚ paused', failed: '✕ failed'}[snapshot.state];
	return (
		<Box flexDirection="column" width={props.width} height={props.height}>
			<Text wrap="truncate-end">
				<Text bold>Tail </Text>
				<Text color={snapshot.state === 'failed' ? theme.error : snapshot.state === 'paused' ? theme.warn : theme.ok}>{stateText}</Text>
				<Text color={theme.muted}>{snapshot.from ? `  from ${snapshot.from}` : ''}</Text>
			</Text>
			<Text wrap="truncate-end" color={theme.muted}>
				{`${count(snapshot.seen)} record(s) read, the newest ${count(Math.min(snapshot.seen, snapshot.capacity))} kept${offset > 0 ? ` · ${offset} back (f: follow)` : ''}`}
			</Text>
			{prompt.kind ? (
				<Box>
					<Text bold>{prompt.kind === 'offset' ? 'Seek to partition:offset: ' : 'Seek to a time (2025-01-31T14:03:07Z, or 15m back): '}</Text>
					<TextInput state={prompt.draft!} width={Math.max(10, props.width - 55)} focus />
				</Box>
			) : (
				<Text wrap="truncate-end" color={snapshot.error || message ? theme.error : theme.muted}>
					{snapshot.error ?? message ?? ' '}
				</Text>
			)}
			<Table
				width={props.width}
				columns={[
					{title: 'time', width: timestamp(0).length},
					{title: 'p:offset', width: 12},
					{title: 'row key', width: keyWidth},
					{title: 'name', grow: 1},
				]}
				rows={lines.map(record => [
					timestamp(record.timestamp),
					positionText({partition: record.partition, offset: record.offset}),
					record.record?.id ?? record.key ?? '(no key)',
					record.record ? displayName(record.record) : `(not a user: ${record.problem ?? ''})`,
				])}
				empty={snapshot.state === 'reading' ? 'waiting for records…' : 'no records'}
			/>
			<Box flexGrow={1} />
			<KeyHints scopes={[prompt.kind ? 'editing' : 'tail']} except={promptHintsExcept} />
		</Box>
	);
}
