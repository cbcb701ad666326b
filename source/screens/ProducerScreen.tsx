import {Box, Text} from 'ink';
import {useRef, useState} from 'react';
import {FilterLine} from './components/FilterLine.js';
import {useFilter} from './hooks/use-filter.js';
import {matchesFilter} from './list-keys.js';
import {keysOf, promptHintsExcept} from './keymap.js';
import {apiPace, paceText} from '../domain/api-etiquette.js';
import {type ScreenProps, usePorts, useSnapshot, useTheme} from './console-context.js';
import {Chart} from './components/Chart.js';
import {ErrorList} from './components/ErrorList.js';
import {KeyHints} from './components/KeyHints.js';
import {RunStateText} from './components/RunStateText.js';
import {count} from '../domain/display.js';
import {useKeymap} from './hooks/use-keymap.js';
import {rateText, stepPage, stepRate} from './producer-steps.js';
import {Notice} from './components/Notice.js';

/** Fetching from the Random User API into Kafka: control, throughput, totals, last errors. */
export function ProducerScreen(props: ScreenProps) {
	const {pipeline} = usePorts();
	const theme = useTheme();
	const snapshot = useSnapshot(props.active);
	const producer = snapshot.producer;
	const {options} = producer;
	const live = producer.state === 'running' || producer.state === 'paused' || producer.state === 'starting';
	// The same rule the run applies (domain/api-etiquette.ts), so the header shows the pace in force.
	const pace = apiPace(snapshot.settings.apiUrl, options);
	const paceNote = paceText(pace);
	const pacedRate = () => apiPace(snapshot.settings.apiUrl, pipeline.producerOptions).rate;
	const [note, setNote] = useState<string | undefined>(undefined);
	// The error list: `/` filters it, the list keys scroll it (newest first, so "top" is the newest).
	const [kept, setKept] = useState('');
	const filter = useFilter('producer.filter', props.active, kept, setKept);
	const errors = filter.text === '' ? producer.errors : producer.errors.filter(error => matchesFilter(filter.text, [error.source, error.message]));
	const [back, setBack] = useState(0);
	const errorCount = useRef(errors.length);
	errorCount.current = errors.length;
	const scroll = (by: (current: number) => number) => setBack(current => Math.max(0, Math.min(Math.max(0, errorCount.current - 1), by(current))));
	const setRate = (direction: 1 | -1) => {
		const rate = pacedRate();
		if (direction > 0 && rate === 0) {
			setNote(`Already unlimited: as fast as the API answers (${keysOf('producer.slower')}: set a rate)`);
			return;
		}
		setNote(undefined);
		pipeline.configureProducer({rate: stepRate(rate, direction)});
	};

	useKeymap(
		['producer'],
		{
			'producer.start': () => (producer.state === 'paused' ? pipeline.resumeProducer() : pipeline.startProducer()),
			// The pipeline ignores a pause when nothing runs, so a key pressed before the redraw is safe.
			'producer.pause': () => (producer.state === 'paused' ? pipeline.resumeProducer() : pipeline.pauseProducer()),
			'producer.stop': () => void pipeline.stopProducer(),
			// Stepped from the pipeline's own options: keys can come faster than the store redraws.
			// From the pace in force: against randomuser.me "slower" from the default goes below 60/s, not to 10,000.
			'producer.faster': () => setRate(1),
			'producer.slower': () => setRate(-1),
			'producer.biggerPage': () => pipeline.configureProducer({pageSize: stepPage(pipeline.producerOptions.pageSize, 1)}),
			'producer.smallerPage': () => pipeline.configureProducer({pageSize: stepPage(pipeline.producerOptions.pageSize, -1)}),
		},
		props.active,
		() => !filter.isOpen(),
	);
	useKeymap(
		['list'],
		{
			'list.up': () => scroll(current => current - 1),
			'list.down': () => scroll(current => current + 1),
			'list.pageUp': () => scroll(current => current - 5),
			'list.pageDown': () => scroll(current => current + 5),
			'list.top': () => setBack(0),
			'list.bottom': () => scroll(() => Number.POSITIVE_INFINITY),
			'list.filter': () => filter.open(),
		},
		props.active,
		() => !filter.isOpen(),
	);

	const chartHeight = props.height >= 22 ? 4 : props.height >= 17 ? 3 : props.height >= 13 ? 2 : 1;
	const reason = producer.state === 'failed' && producer.reason ? 1 : 0;
	const notes = (paceNote ? 1 : 0) + (producer.waiting ? 1 : 0) + (note ? 1 : 0);
	const filterLines = filter.draft || filter.text ? 1 : 0;
	const used = 2 + reason + notes + 2 * (1 + chartHeight) + 1 + filterLines;
	return (
		<Box flexDirection="column" width={props.width} height={props.height}>
			<Text wrap="truncate-end">
				<Text bold>Producer </Text>
				<RunStateText state={producer.state} />
				<Text>{`  rate ${rateText(pace.rate)} · page ${count(pace.pageSize ?? options.pageSize)} users`}</Text>
				<Text color={theme.muted}>{live ? '' : '  (s to start)'}</Text>
			</Text>
			<Text wrap="truncate-end">
				{`fetched ${count(producer.fetched)}  sent ${count(producer.sent)}  `}
				<Text color={producer.failed > 0 ? theme.error : undefined}>{`failed ${count(producer.failed)}`}</Text>
				{`  pages ${count(producer.pages)}`}
				{producer.rateLimited > 0 ? `  rate limited ${count(producer.rateLimited)}×` : ''}
			</Text>
			<Notice text={paceNote} color={pace.overPublicLimit ? theme.warn : theme.muted} />
			<Notice text={note} color={theme.muted} />
			<Notice text={producer.waiting && `⏳ ${producer.waiting}`} color={theme.muted} />
			<Notice text={reason ? `✕ ${producer.reason}` : undefined} color={theme.error} />
			<Chart
				title="fetched users/s"
				values={producer.fetchedSeries}
				now={producer.fetchedPerSecond}
				width={props.width}
				height={chartHeight}
				windowSeconds={snapshot.windowSeconds}
				color={theme.chartAlt}
			/>
			<Chart
				title="sent users/s"
				values={producer.sentSeries}
				now={producer.sentPerSecond}
				width={props.width}
				height={chartHeight}
				windowSeconds={snapshot.windowSeconds}
				color={theme.chart}
			/>
			<FilterLine filter={filter} shown={errors.length} total={producer.errors.length} width={props.width} what="errors" />
			<ErrorList title="Last errors" errors={errors} back={Math.min(back, Math.max(0, errors.length - 1))} height={props.height - used} width={props.width} />
			<Box flexGrow={1} />
			<KeyHints scopes={filter.draft ? ['editing'] : ['producer']} except={filter.draft ? promptHintsExcept : undefined} />
		</Box>
	);
}
