import {Box, Text} from 'ink';
import {useTheme} from '../console-context.js';
import {inert, padEnd, padStart, truncate} from '../../domain/display.js';

export interface TableColumn {
	readonly title: string;
	/** Fixed width; columns without one share what is left (by `grow`, default 1). */
	readonly width?: number;
	readonly grow?: number;
	readonly align?: 'left' | 'right';
}

export interface TableProps {
	readonly columns: readonly TableColumn[];
	readonly rows: readonly (readonly string[])[];
	readonly width: number;
	readonly selected?: number;
	readonly empty?: string;
}

/** Column widths for a total width: fixed ones first, the rest shared; one space between. */
export function columnWidths(columns: readonly TableColumn[], width: number): number[] {
	const gaps = Math.max(0, columns.length - 1);
	const fixed = columns.reduce((sum, column) => sum + (column.width ?? 0), 0);
	const growing = columns.filter(column => column.width === undefined);
	const weight = growing.reduce((sum, column) => sum + (column.grow ?? 1), 0);
	const left = Math.max(0, width - gaps - fixed);
	const widths = columns.map(column => {
		if (column.width !== undefined) return column.width;
		const share = Math.floor((left * (column.grow ?? 1)) / Math.max(1, weight));
		return Math.max(3, share);
	});
	// Rounding leftovers go to the last growing column.
	const used = widths.reduce((sum, w) => sum + w, 0) + gaps;
	const last = columns.findLastIndex(column => column.width === undefined);
	if (last >= 0 && used < width) widths[last]! += width - used;
	return widths;
}

function cell(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	// Cells may hold anything someone wrote to the table: inert first, then measured.
	const cut = truncate(inert(text), width);
	return align === 'right' ? padStart(cut, width) : padEnd(cut, width);
}

/** A plain text table; the selected row is drawn inverse (visible with or without colour). */
export function Table(props: TableProps) {
	const theme = useTheme();
	const widths = columnWidths(props.columns, props.width);
	const line = (cells: readonly string[]) => props.columns.map((column, index) => cell(cells[index] ?? '', widths[index]!, column.align)).join(' ');
	return (
		<Box flexDirection="column" width={props.width}>
			<Text bold color={theme.muted}>
				{line(props.columns.map(column => column.title))}
			</Text>
			{props.rows.length === 0 && props.empty ? <Text color={theme.muted}>{props.empty}</Text> : null}
			{props.rows.map((row, index) => (
				<Text key={index} inverse={index === props.selected} wrap="truncate-end">
					{line(row)}
				</Text>
			))}
		</Box>
	);
}
