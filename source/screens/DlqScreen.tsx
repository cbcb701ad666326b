import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import {deadLetterUser, positionText} from '../domain/dlq.js';
import {count, inert, timestamp} from '../domain/display.js';
import type {DeadLetterInfo, DlqList} from '../services/ports.js';
import {type ScreenProps, useNavigation, usePorts, useSnapshot, useTheme} from './console-context.js';
import {KeyHints} from './components/KeyHints.js';
import {Question} from './components/Question.js';
import {Table} from './components/Table.js';
import {TextInput} from './components/TextInput.js';
import {useCapture} from './hooks/use-capture.js';
import {useKeymap} from './hooks/use-keymap.js';
import {usePrompt} from './hooks/use-prompt.js';
import {promptHintsExcept} from './keymap.js';
import {errorLine} from './error-line.js';

/** Dead letters read at most for the list (the counts per reason cover them all). */
const listLimit = 500;

interface Message {
	readonly tone: 'ok' | 'error' | 'info';
	readonly text: string;
}

/**
 * Dead letters: counted per reason, listed with their origin, key and reason; filter by reason,
 * select, replay (then watch the sink write them: its written count is on this screen too).
 */
export function DlqScreen(props: ScreenProps) {
	const {dlq} = usePorts();
	const {navigate} = useNavigation();
	const theme = useTheme();
	const snapshot = useSnapshot(props.active);
	const [list, setList] = useState<DlqList | undefined>(undefined);
	const [reason, setReason] = useState<string | undefined>(undefined);
	const [selected, setSelected] = useState(0);
	const [marked, setMarked] = useState<ReadonlySet<string>>(new Set());
	const [busy, setBusy] = useState<string | undefined>(undefined);
	const [message, setMessage] = useState<Message | undefined>(undefined);
	const [askAll, setAskAll] = useState(false);
	// The sink's written count when a replay ended: the rows written since are on their way.
	const [writtenAtReplay, setWrittenAtReplay] = useState<number | undefined>(undefined);

	const load = (filter = reason) => {
		if (!dlq) {
			setMessage({tone: 'error', text: 'the DLQ is not available in this console'});
			return;
		}
		setBusy('reading the DLQ…');
		dlq.list({limit: listLimit, reason: filter}).then(
			next => {
				setList(next);
				setSelected(index => Math.min(index, Math.max(0, next.letters.length - 1)));
				setBusy(undefined);
			},
			(error: unknown) => {
				setBusy(undefined);
				setMessage({tone: 'error', text: errorLine(error)});
			},
		);
	};
	useEffect(() => {
		if (props.active) load();
	}, [props.active]); // eslint-disable-line react-hooks/exhaustive-deps -- read when shown only

	const replay = (request: {all: true} | {select: DeadLetterInfo['position'][]}) => {
		if (!dlq || busy) return;
		setBusy('replaying…');
		dlq
			.replay(request, ({sent, total}) => setBusy(`replaying: ${count(sent)} of ${count(total)} sent back`))
			.then(
				outcome => {
					setBusy(undefined);
					setMarked(new Set());
					setWrittenAtReplay(snapshot.sink.written);
					const skipped = outcome.skipped.length > 0 ? `, ${outcome.skipped.length} skipped (origin unknown)` : '';
					setMessage({tone: 'ok', text: `${outcome.replayed} replayed${skipped}: the sink writes them (Consumer screen, s: start)`});
				},
				(error: unknown) => {
					setBusy(undefined);
					setMessage({tone: 'error', text: errorLine(error)});
				},
			);
	};

	const prompt = usePrompt<'reason'>('dlq.prompt', props.active && !askAll, (_kind, value) => {
		const next = value === '' ? undefined : value;
		setReason(next);
		setSelected(0);
		load(next);
	});
	useCapture('dlq.confirm', props.active && askAll);

	const letters = list?.letters ?? [];
	const current = letters[selected];
	useKeymap(
		['dlq'],
		{
			'list.up': () => setSelected(index => Math.max(0, index - 1)),
			'list.down': () => setSelected(index => Math.min(letters.length - 1, index + 1)),
			'dlq.mark': () => {
				if (!current) return;
				const id = positionText(current.position);
				const next = new Set(marked);
				if (next.has(id)) next.delete(id);
				else next.add(id);
				setMarked(next);
				setSelected(index => Math.min(letters.length - 1, index + 1));
			},
			'dlq.replay': () => {
				const chosen = marked.size > 0 ? letters.filter(l => marked.has(positionText(l.position))) : current ? [current] : [];
				if (chosen.length > 0) replay({select: chosen.map(l => l.position)});
			},
			'dlq.replayAll': () => setAskAll(true),
			'dlq.edit': () => {
				if (!current) return;
				const {record, problem} = deadLetterUser(current);
				if (record) navigate({screen: 'forms', mode: 'dead-letter', position: current.position, record});
				else setMessage({tone: 'error', text: `Not a user the form can open: ${problem ?? ''}`});
			},
			'dlq.filter': () => prompt.open('reason', reason ?? ''),
			'dlq.reload': () => load(),
		},
		props.active && !askAll,
		() => !prompt.isOpen(),
	);
	useKeymap(
		['confirm'],
		{
			'confirm.yes': () => {
				setAskAll(false);
				replay({all: true});
			},
			'confirm.no': () => setAskAll(false),
		},
		props.active && askAll,
	);

	const reasons = (list?.byReason ?? []).slice(0, 3);
	const questionHeight = askAll ? 5 : 0;
	const rowsShown = Math.max(1, props.height - (2 + reasons.length + 1 + 1 + 3 + questionHeight + 1 + 1));
	const first = Math.max(0, Math.min(selected - Math.floor(rowsShown / 2), letters.length - rowsShown));
	const shown = letters.slice(first, first + rowsShown);
	const written = writtenAtReplay === undefined ? undefined : snapshot.sink.written - writtenAtReplay;
	const status = prompt.kind ? (
		<Box>
			<Text bold>Reason contains: </Text>
			<TextInput state={prompt.draft!} width={Math.max(10, props.width - 20)} focus />
		</Box>
	) : (
		<Text wrap="truncate-end" color={message?.tone === 'error' ? theme.error : message?.tone === 'ok' ? theme.ok : theme.muted}>
			{busy ?? message?.text ?? ' '}
		</Text>
	);
	return (
		<Box flexDirection="column" width={props.width} height={props.height}>
			<Text wrap="truncate-end">
				<Text bold>{`DLQ ${snapshot.settings.topic}.dlq `}</Text>
				<Text color={theme.muted}>
					{list
						? `${count(list.total)} dead letter(s)${reason === undefined ? '' : ` · ${count(list.matching)} with reason ~ "${inert(reason)}"`}${marked.size > 0 ? ` · ${marked.size} selected` : ''}`
						: 'not read yet'}
				</Text>
			</Text>
			<Text wrap="truncate-end" color={theme.muted}>
				{`sink ${snapshot.sink.state}, written ${count(snapshot.sink.written)}${written === undefined ? '' : ` (${count(written)} since the replay)`}${snapshot.sink.refused ? ` · ✕ ${inert(snapshot.sink.refused)}` : ''}`}
			</Text>
			{reasons.map(item => (
				<Text key={item.reason} wrap="truncate-end">
					{`${String(item.count).padStart(7)}  ${inert(item.reason)}`}
				</Text>
			))}
			{status}
			<Table
				width={props.width}
				columns={[
					{title: ' ', width: 1},
					{title: 'dlq p:o', width: 9},
					{title: 'origin', width: 18},
					{title: 'original time', width: timestamp(0).length},
					{title: 'key', width: props.width >= 120 ? 36 : 14},
					{title: 'reason', grow: 1},
				]}
				rows={shown.map(letter => [
					marked.has(positionText(letter.position)) ? '●' : ' ',
					positionText(letter.position),
					letter.origin ? `${letter.origin.topic} ${letter.origin.partition}:${letter.origin.offset}` : '?',
					letter.origin ? timestamp(Number(letter.origin.timestamp)) : '',
					letter.key === null ? '(no key)' : letter.key.toString('utf8'),
					letter.reason,
				])}
				selected={props.active && !prompt.kind && !askAll ? selected - first : undefined}
				empty={list ? 'no dead letters' : 'reading…'}
			/>
			<Text wrap="truncate-end" color={theme.muted}>
				{current?.value ? `value: ${inert(current.value)}` : ' '}
			</Text>
			<Box flexGrow={1} />
			{askAll ? (
				<Question
					width={props.width}
					scope="confirm"
					title="Replay every dead letter after the last replay?"
					lines={['They go back to their topic with their key, value and timestamp; the replay position moves past them.']}
				/>
			) : null}
			<KeyHints scopes={[askAll ? 'confirm' : prompt.kind ? 'editing' : 'dlq']} except={promptHintsExcept} />
		</Box>
	);
}
