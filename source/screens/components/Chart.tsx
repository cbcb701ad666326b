import {Box, Text} from 'ink';
import {useTheme} from '../console-context.js';
import {compact, duration} from '../../domain/display.js';
import {barRows, downsample, secondsPerColumn} from './chart-math.js';

export interface ChartProps {
	readonly title: string;
	/** One value per second, oldest first. */
	readonly values: readonly number[];
	readonly width: number;
	/** Lines of bars (1: a sparkline). */
	readonly height: number;
	readonly windowSeconds: number;
	readonly now: number;
	readonly unit?: string;
	readonly color?: string;
}

/**
 * Throughput over the chart window in Unicode blocks: each column averages a few seconds, so
 * the chart fits any width. The title line says the scale (max) and the span.
 */
export function Chart(props: ChartProps) {
	const theme = useTheme();
	const unit = props.unit ?? '/s';
	const columns = Math.max(4, props.width);
	const step = secondsPerColumn(props.windowSeconds, columns);
	const shown = downsample(props.values, Math.floor(props.windowSeconds / step));
	// The figure is the busiest second of the window, from the data: the columns average a few
	// seconds each (more at a narrow width), so their peak would change with the terminal's width.
	const max = Math.max(0, ...props.values);
	const rows = barRows(shown, Math.max(1, props.height));
	const pad = ' '.repeat(Math.max(0, columns - shown.length));
	return (
		<Box flexDirection="column" width={props.width}>
			<Text wrap="truncate-end">
				<Text bold>{props.title}</Text>
				<Text color={theme.muted} dimColor={!theme.colors}>
					{`  now ${compact(props.now)}${unit} · max ${compact(max)}${unit} · last ${duration(props.windowSeconds * 1000)}`}
				</Text>
			</Text>
			{rows.map((line, index) => (
				// Bars are pictures: a screen reader has the figures of the title line instead.
				<Text key={index} color={props.color} aria-hidden>
					{pad}
					{line}
				</Text>
			))}
		</Box>
	);
}
