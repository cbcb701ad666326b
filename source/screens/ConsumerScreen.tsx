import {Box, Text} from 'ink';
import {useState} from 'react';
import {type ScreenProps, usePorts, useSnapshot, useTheme} from './console-context.js';
import {Chart} from './components/Chart.js';
import {KeyHints} from './components/KeyHints.js';
import {RunStateText} from './components/RunStateText.js';
import {Table} from './components/Table.js';
import {clock, count, inert, perSecond} from '../domain/display.js';
import {useKeymap} from './hooks/use-keymap.js';
import {ageText, etaText} from '../domain/lag-time.js';
import type {LagTimes} from '../services/ports.js';
import {Notice} from './components/Notice.js';

/** "oldest unwritten 12.3 s · drains in 4.0 s at 300/s · p0 12.3 s  p2 1.0 s", or how it is known. */
function lagTimeText(times: LagTimes | undefined): string {
	if (!times) return 'lag in time: after two lag reads';
	if (times.lag === 0) return 'nothing waits: drained';
	const ages = times.partitions
		.filter(p => p.lag > 0)
		.map(p => `p${p.partition} ${ageText(p.oldestAgeMs)}`)
		.join('  ');
	return `oldest unwritten ${ageText(times.oldestAgeMs)} · ${etaText(times.lag, times.etaMs, times.drainPerSecond)} · ${ages}`;
}

/** The HBase sink: control, lag per partition, rows/s, the insert log and the DLQ. */
export function ConsumerScreen(props: ScreenProps) {
	const {pipeline} = usePorts();
	const theme = useTheme();
	const snapshot = useSnapshot(props.active);
	const sink = snapshot.sink;
	// Lines scrolled back from the newest insert; 0 follows the tail.
	const [back, setBack] = useState(0);

	const chartHeight = props.height >= 22 ? 4 : props.height >= 17 ? 3 : props.height >= 13 ? 2 : 1;
	// The total lag over the window: a second chart, smaller (a sparkline on short terminals).
	const lagChartHeight = props.height >= 24 ? 2 : 1;
	const reasons = sink.dlqEvents.slice(-(props.height >= 20 ? 2 : 1)).reverse();
	const dlqLines = 1 + reasons.length;
	const errorLine = sink.errors.length > 0 ? 1 : 0;
	const stalled = sink.stalled && !sink.refused ? 1 : 0;
	const refused = sink.refused ? 1 : 0;
	const reason = sink.state === 'failed' && sink.reason ? 1 : 0;
	// title, totals, lag, lag in time, chart, lag chart, log title + header, dlq, last error, hints
	const logRows = Math.max(1, props.height - (4 + stalled + refused + reason + 1 + chartHeight + 1 + lagChartHeight + 2 + dlqLines + errorLine + 1));
	const maxBack = Math.max(0, sink.inserts.length - logRows);
	const offset = Math.min(back, maxBack);

	useKeymap(
		['consumer'],
		{
			'sink.start': () => pipeline.startSink(),
			'sink.stop': () => void pipeline.stopSink(),
			'log.up': () => setBack(Math.min(maxBack, offset + 1)),
			'log.down': () => setBack(Math.max(0, offset - 1)),
			'log.follow': () => setBack(0),
		},
		props.active,
	);

	const end = sink.inserts.length - offset;
	const lines = sink.inserts.slice(Math.max(0, end - logRows), end);
	// Full UUIDs when there is room; else enough of the key to find it with a prefix search.
	const keyWidth = props.width >= 96 ? 36 : Math.max(13, props.width - 57);
	const lag = sink.lag.map(p => `p${p.partition} ${count(p.lag)}`).join('  ');
	const lastError = sink.errors.at(-1);
	return (
		<Box flexDirection="column" width={props.width} height={props.height}>
			<Text wrap="truncate-end">
				<Text bold>Consumer </Text>
				<RunStateText state={sink.state} />
				<Text color={theme.muted}>{inert(`  group ${snapshot.settings.group} · ${snapshot.settings.topic} → ${snapshot.settings.table}`)}</Text>
			</Text>
			<Text wrap="truncate-end">
				{`written ${count(sink.written)}  batches ${count(sink.batches)}  `}
				<Text color={sink.dlq > 0 ? theme.warn : undefined}>{`dlq ${count(sink.dlq)}`}</Text>
				<Text color={theme.muted}>{`  · now ${perSecond(sink.writtenPerSecond)} written`}</Text>
			</Text>
			<Text wrap="truncate-end">
				<Text bold>{`lag ${sink.totalLag === undefined ? '–' : count(sink.totalLag)}`}</Text>
				<Text color={theme.muted}>{lag ? `  ${lag}` : '  (read from Kafka every few seconds)'}</Text>
			</Text>
			<Text wrap="truncate-end" color={theme.muted}>
				{lagTimeText(sink.lagTimes)}
			</Text>
			<Notice text={sink.refused && `✕ HBase refuses writes: ${inert(sink.refused)}`} color={theme.error} />
			<Notice text={stalled ? `◐ ${sink.stalled}` : undefined} color={theme.warn} />
			<Notice text={reason ? `✕ ${sink.reason}` : undefined} color={theme.error} />
			<Chart
				title="rows/s written to HBase"
				values={sink.writtenSeries}
				now={sink.writtenPerSecond}
				width={props.width}
				height={chartHeight}
				windowSeconds={snapshot.windowSeconds}
				color={theme.chart}
			/>
			<Chart
				title="lag (records not yet written)"
				values={sink.lagSeries}
				now={sink.totalLag ?? 0}
				unit=""
				width={props.width}
				height={lagChartHeight}
				windowSeconds={snapshot.windowSeconds}
				color={theme.warn}
			/>
			<Text wrap="truncate-end">
				<Text bold>Insert log</Text>
				<Text color={theme.muted}>{offset > 0 ? `  ${offset} back (f: follow)` : `  newest last, ${count(sink.inserts.length)} kept`}</Text>
			</Text>
			<Table
				width={props.width}
				columns={[
					{title: 'time', width: clock(0).length},
					{title: 'part', width: 4},
					{title: 'offset', width: 13, align: 'right'},
					{title: 'row key', width: keyWidth},
					{title: 'name', grow: 1},
					{title: 'batch', width: 7, align: 'right'},
				]}
				rows={lines.map(line => [clock(line.at), `p${line.partition}`, line.offset, line.rowKey, line.name, `${line.latencyMs} ms`])}
				empty={sink.state === 'running' ? 'waiting for records…' : 'nothing written yet (s: start the sink)'}
			/>
			<Box flexGrow={1} />
			<Text wrap="truncate-end">
				<Text bold color={sink.dlq > 0 ? theme.warn : undefined}>{`DLQ ${count(sink.dlq)}`}</Text>
				<Text color={theme.muted}>{sink.dlq > 0 ? `  to ${inert(snapshot.settings.topic)}.dlq` : '  no dead letters'}</Text>
			</Text>
			{reasons.map((dlq, index) => (
				<Text key={index} wrap="truncate-end" color={theme.muted}>
					{`${clock(dlq.at)} p${dlq.partition} @${dlq.offset}: ${dlq.reason}`}
				</Text>
			))}
			{lastError ? (
				<Text wrap="truncate-end" color={lastError.retrying ? theme.warn : theme.error}>
					{`${clock(lastError.at)} ${lastError.source}: ${lastError.message}`}
				</Text>
			) : null}
			<KeyHints scopes={['consumer']} />
		</Box>
	);
}
