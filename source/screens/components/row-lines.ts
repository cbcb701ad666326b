import type {Cell, Row} from '../../services/ports.js';

export type RowLine = {readonly kind: 'family'; readonly family: string} | {readonly kind: 'cell'; readonly cell: Cell; readonly index: number};

function familyOf(cell: Cell): string {
	return cell.column.slice(0, cell.column.indexOf(':'));
}

/** The cells grouped by family (families in order of first appearance, cells in row order). */
export function orderedCells(row: Row): Cell[] {
	const families = [...new Set(row.cells.map(familyOf))];
	return families.flatMap(family => row.cells.filter(cell => familyOf(cell) === family));
}

/** A row's cells grouped by family, with a heading line per family; `index` is into orderedCells. */
export function rowLines(row: Row): RowLine[] {
	const lines: RowLine[] = [];
	let family: string | undefined;
	orderedCells(row).forEach((cell, index) => {
		const next = familyOf(cell);
		if (next !== family) {
			family = next;
			lines.push({kind: 'family', family});
		}
		lines.push({kind: 'cell', cell, index});
	});
	return lines;
}

/** The window of lines to show (`height` of them) with the selected cell in view. */
export function lineWindow(lines: readonly RowLine[], selectedCell: number, height: number): {start: number; end: number} {
	const at = Math.max(
		0,
		lines.findIndex(line => line.kind === 'cell' && line.index === selectedCell),
	);
	const room = Math.max(1, height);
	let start = Math.max(0, at - Math.floor(room / 2));
	start = Math.min(start, Math.max(0, lines.length - room));
	// Keep the family heading above the first cell shown when it fits.
	if (start > 0 && lines[start]?.kind === 'cell' && lines[start - 1]?.kind === 'family' && at - start + 1 < room) start--;
	return {start, end: Math.min(lines.length, start + room)};
}

/**
 * How an older value differs from the newest, readable without colour: the common start and
 * end kept, the newest's middle in [-…-] and the older one's in {+…+}.
 */
export function valueDiff(newest: string, older: string): string {
	if (newest === older) return 'the same as the newest';
	const a = [...newest];
	const b = [...older];
	let start = 0;
	while (start < a.length && start < b.length && a[start] === b[start]) start++;
	let end = 0;
	while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
	const removed = a.slice(start, a.length - end).join('');
	const added = b.slice(start, b.length - end).join('');
	return `${a.slice(0, start).join('')}${removed ? `[-${removed}-]` : ''}${added ? `{+${added}+}` : ''}${a.slice(a.length - end).join('')}`;
}
