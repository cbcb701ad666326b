import stringWidth from 'string-width';

/**
 * How the CLI and the console show things: numbers, durations, timestamps, and text cut and
 * padded to the columns a terminal gives it. Pure (string-width only measures).
 *
 * Timestamps: ISO 8601 in UTC with milliseconds and a 'Z', "2025-01-31T14:03:07.123Z", in both
 * the CLI and the console (and said in `--help`). HBase stamps cells in UTC ms; showing them in
 * one zone means a time read in the console can be pasted into a command on any machine, and
 * the text sorts as the time does. The console's clocks show the time part of the same.
 *
 * Width: what the terminal draws, not code points: East Asian wide characters and most emoji
 * take two columns, combining marks and zero-width joiners none (string-width, as Ink measures).
 */

const integer = new Intl.NumberFormat('en-US', {maximumFractionDigits: 0});

export function count(value: number): string {
	return integer.format(value);
}

/** 1234 -> "1.2k", for tight columns. */
export function compact(value: number): string {
	if (value < 1000) return String(Math.round(value));
	if (value < 1_000_000) return `${(value / 1000).toFixed(value < 10_000 ? 1 : 0)}k`;
	return `${(value / 1_000_000).toFixed(1)}M`;
}

export function perSecond(value: number): string {
	return `${value < 10 && value > 0 ? value.toFixed(1) : count(value)}/s`;
}

/** "340 ms", "2.5 s", "3 min 12 s". */
export function duration(ms: number): string {
	if (ms < 1000) return `${Math.round(ms)} ms`;
	if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
	const seconds = Math.round((ms % 60_000) / 1000);
	return seconds === 0 ? `${Math.floor(ms / 60_000)} min` : `${Math.floor(ms / 60_000)} min ${seconds} s`;
}

/** A cell timestamp (ms since the epoch): "2025-01-31T14:03:07.123Z". */
export function timestamp(ms: number): string {
	return new Date(ms).toISOString();
}

/** The time of day of the same convention, for event logs: "14:03:07Z". */
export function clock(ms: number): string {
	return `${timestamp(ms).slice(11, 19)}Z`;
}

/** What the CLI prints for a timestamp a command may be given back: "1738332187123 (2025-01-31T14:03:07.123Z)". */
export function timestampWithMs(ms: number): string {
	return `${ms} (${timestamp(ms)})`;
}

/** The host of a URL, or the text itself. */
export function host(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}

/**
 * Text from outside (a table anyone can write to, an API) made inert: C0/C1 control characters,
 * which could move the cursor or recolour the terminal, become visible \uXXXX escapes. Done
 * before measuring, so widths are those of what is drawn.
 */
export function printable(value: string): string {
	return value.replace(/[\u0000-\u001f\u007f-\u009f]/gu, c => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

/** Columns the terminal draws `text` in. */
export function displayWidth(text: string): number {
	return stringWidth(text);
}

const graphemes = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

/**
 * Cut to at most `width` columns, ending with '…' when cut. Cut between graphemes, so a ZWJ
 * sequence, a flag or a letter with its combining marks stays whole, and a wide character that
 * would straddle the last column goes entirely. (cli-truncate leaves such a character in and
 * overflows by one column: '中文字' at 4 gives '中文…'.)
 */
export function truncate(text: string, width: number): string {
	if (width <= 0) return '';
	if (stringWidth(text) <= width) return text;
	let cut = '';
	let used = 0;
	for (const {segment} of graphemes.segment(text)) {
		const next = stringWidth(segment);
		if (used + next > width - 1) break;
		cut += segment;
		used += next;
	}
	return `${cut}…`;
}

/** Spaces after `text` up to `width` columns (none when it is already as wide). */
export function padEnd(text: string, width: number): string {
	return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

/** Spaces before `text` up to `width` columns. */
export function padStart(text: string, width: number): string {
	return ' '.repeat(Math.max(0, width - stringWidth(text))) + text;
}

/** Cut to `width` columns with an ellipsis; also padded to exactly `width` when `padTo` is set. */
export function fit(text: string, width: number, padTo = false): string {
	const cut = truncate(text, width);
	return padTo ? padEnd(cut, width) : cut;
}
