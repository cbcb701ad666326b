import {Box, Text} from 'ink';
import type {Row} from '../../services/ports.js';
import {useBinaryFormat, useTheme} from '../console-context.js';
import {displayWidth, fit, inert, storedText, timestamp} from '../../domain/display.js';
import {lineWindow, orderedCells, rowLines} from './row-lines.js';

export interface RowDetailProps {
	readonly row: Row;
	readonly selected: number;
	readonly width: number;
	readonly height: number;
}

/** One row (`selected` indexes orderedCells): cells grouped by family, and below, the kept versions of the selected cell. */
export function RowDetail(props: RowDetailProps) {
	const theme = useTheme();
	const format = useBinaryFormat();
	const lines = rowLines(props.row);
	const cell = orderedCells(props.row)[props.selected];
	const versions = cell?.versions ?? (cell ? [cell] : []);
	const versionLines = 1 + Math.max(3, versions.length);
	const listHeight = Math.max(1, props.height - versionLines);
	const {start, end} = lineWindow(lines, props.selected, listHeight);
	const qualifierWidth = Math.min(22, Math.max(...props.row.cells.map(c => displayWidth(inert(c.column.slice(c.column.indexOf(':') + 1))) + 1), 8));
	const stampWidth = timestamp(0).length; // fixed: ISO 8601 UTC with ms
	return (
		<Box flexDirection="column" width={props.width}>
			<Box flexDirection="column" height={listHeight}>
				{lines.slice(start, end).map(line => {
					if (line.kind === 'family') {
						return (
							<Text key={`f.${line.family}`} bold color={theme.accent}>
								{inert(line.family)}
							</Text>
						);
					}
					const selected = line.index === props.selected;
					const qualifier = inert(line.cell.column.slice(line.cell.column.indexOf(':') + 1));
					const kept = line.cell.versions?.length ?? 1;
					return (
						<Text key={`c.${line.cell.column}`} inverse={selected} wrap="truncate-end">
							{`  ${fit(qualifier, qualifierWidth, true)} `}
							<Text color={theme.muted}>{kept > 1 ? `${kept}v ` : '   '}</Text>
							{storedText(line.cell.value, line.cell.bytes, format)}
						</Text>
					);
				})}
			</Box>
			<Text wrap="truncate-end">
				<Text bold>{cell ? inert(cell.column) : 'no cells'}</Text>
				<Text color={theme.muted}>{cell ? `  ${versions.length} kept version${versions.length === 1 ? '' : 's'}, newest first` : ''}</Text>
			</Text>
			{versions.map((version, index) => (
				<Text key={index} wrap="truncate-end">
					<Text color={index === 0 ? theme.ok : theme.muted}>{fit(timestamp(version.timestamp), stampWidth, true)}</Text>
					{` ${storedText(version.value, version.bytes, format)}`}
				</Text>
			))}
		</Box>
	);
}
