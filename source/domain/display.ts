import stringWidth from 'string-width';
import {type RowKey} from './row-key.js';
import {type Row} from './row.js';

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
 * THE one way text from outside (cells and row keys anyone can write, Kafka keys, values and
 * headers, DLQ reasons, API and gateway error bodies, settings read from a file) reaches a
 * terminal: inert, so it can neither drive the terminal nor hide what it says. Done before
 * measuring, so widths are those of what is drawn. Pure, and idempotent (its output is plain
 * printable text, so inert(inert(x)) === inert(x): a second pass at the output does no harm).
 *
 * One notation, everywhere (console and CLI):
 * - a byte that is not text: `\xHH`. That is every C0 control and DEL (ESC shows as `\x1b`, a
 *   newline as `\x0a`: a line never breaks) and, given bytes, every byte of invalid UTF-8;
 * - a code point that would act unseen: `\uHHHH` (`\u{HHHHH}` above the BMP): C1 controls,
 *   bidi overrides, embeddings, isolates and marks (U+202E shows as `\u202e`, so it reverses
 *   nothing), zero-width and other default-ignorable characters, line and paragraph
 *   separators, and lone surrogates (which no UTF-8 can carry).
 * A backslash itself is left alone: `\x1b` in the output may also have been typed as text,
 * which is harmless and keeps ordinary text (a Windows path) unchanged.
 *
 * Joiners a script or an emoji needs stay: ZWJ inside an emoji sequence (👩‍👩‍👧), ZWJ and
 * ZWNJ between two letters of a script that uses them (Persian "می‌خواهم"), a variation
 * selector after an emoji, and the tag characters of a subdivision flag. Anywhere else they
 * are shown, so "pay\u200bpal" cannot pass for "paypal".
 */
export function inert(value: string | Uint8Array): string {
	return typeof value === 'string' ? inertText(value) : inertBytes(value);
}

// Candidates: C0, DEL, C1, lone surrogates, line/paragraph separators, bidi controls, and every
// default-ignorable code point (zero-width spaces and joiners, invisible operators, variation
// selectors, tags, soft hyphen, Hangul fillers...). Kept ones are decided by their neighbours.
const SUSPECT = /[\p{Cc}\p{Cs}\p{Zl}\p{Zp}\p{Bidi_Control}\p{Default_Ignorable_Code_Point}]/u;
const SUSPECTS = new RegExp(SUSPECT.source, 'gu');
const SUBDIVISION_FLAG = /\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}/gu;
const JOINED_LETTER = /[\p{L}\p{M}]/u;
const LATIN_OR_COMMON = /[\p{Script=Latin}\p{Script=Common}]/u;
const EMOJI_BEFORE_JOINER = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{FE0F}\u{20E3}]/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const EMOJI = /[\p{Emoji}\p{Extended_Pictographic}]/u;

function codePointBefore(text: string, at: number): string | undefined {
	if (at <= 0) return undefined;
	const low = text.charCodeAt(at - 1);
	const start = low >= 0xdc00 && low <= 0xdfff && at >= 2 ? at - 2 : at - 1;
	return String.fromCodePoint(text.codePointAt(start)!);
}

function codePointAfter(text: string, at: number): string | undefined {
	const code = text.codePointAt(at);
	return code === undefined ? undefined : String.fromCodePoint(code);
}

/** A letter of a script that joins with ZWJ/ZWNJ (Arabic, Persian, Indic...), not Latin, and not itself invisible. */
function scriptLetter(char: string | undefined): boolean {
	return char !== undefined && JOINED_LETTER.test(char) && !LATIN_OR_COMMON.test(char) && !SUSPECT.test(char);
}

function isJoiner(code: number): boolean {
	return code === 0x200c || code === 0x200d || code === 0xfe0e || code === 0xfe0f || (code >= 0xe0020 && code <= 0xe007f);
}

function keptJoiner(code: number, before: string | undefined, after: string | undefined, inFlag: () => boolean): boolean {
	if (code >= 0xe0020) return inFlag();
	if (code === 0x200d && before !== undefined && after !== undefined && EMOJI_BEFORE_JOINER.test(before) && PICTOGRAPH.test(after)) return true;
	if (code === 0x200c || code === 0x200d) return scriptLetter(before) && scriptLetter(after);
	return before !== undefined && EMOJI.test(before);
}

function escapeCodePoint(code: number): string {
	if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
	// A lone surrogate is one UTF-16 unit: codePointAt gives that unit, shown as such.
	return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

function inertText(text: string): string {
	if (!SUSPECT.test(text)) return text;
	let flags: Array<readonly [number, number]> | undefined;
	// Where the last escape ended: a joiner right after one has no character before it in what is
	// drawn, so it is judged as such (and a second pass judges it the same: idempotent).
	let escapedUpTo = -1;
	return text.replace(SUSPECTS, (char: string, at: number) => {
		const code = char.codePointAt(0)!;
		const inFlag = () => {
			flags ??= [...text.matchAll(SUBDIVISION_FLAG)].map(match => [match.index, match.index + match[0].length] as const);
			return flags.some(([start, end]) => at > start && at < end);
		};
		const before = at === escapedUpTo ? undefined : codePointBefore(text, at);
		if (isJoiner(code) && keptJoiner(code, before, codePointAfter(text, at + char.length), inFlag)) return char;
		escapedUpTo = at + char.length;
		return escapeCodePoint(code);
	});
}

/**
 * Bytes that should be UTF-8: each well-formed sequence decoded (then made inert as text), each
 * byte that is not part of one shown as `\xHH`. Well-formed as the Unicode standard defines it
 * (table 3-7): no overlong forms, no surrogates, nothing above U+10FFFF.
 */
function inertBytes(bytes: Uint8Array): string {
	let text = '';
	let start = 0;
	const decoder = new TextDecoder('utf-8');
	for (let at = 0; at < bytes.length;) {
		const length = utf8SequenceLength(bytes, at);
		if (length > 0) {
			at += length;
			continue;
		}
		// Runs of text are escaped whole, so joiners keep their neighbours in view.
		text += `${inertText(decoder.decode(bytes.subarray(start, at)))}\\x${bytes[at]!.toString(16).padStart(2, '0')}`;
		start = ++at;
	}
	return text + inertText(decoder.decode(bytes.subarray(start)));
}

/** Length of the well-formed UTF-8 sequence at `at`, or 0 when the byte there starts none. */
function utf8SequenceLength(bytes: Uint8Array, at: number): number {
	const first = bytes[at]!;
	if (first < 0x80) return 1;
	const next = (i: number, low = 0x80, high = 0xbf) => {
		const byte = bytes[at + i];
		return byte !== undefined && byte >= low && byte <= high;
	};
	if (first >= 0xc2 && first <= 0xdf) return next(1) ? 2 : 0;
	if (first === 0xe0) return next(1, 0xa0) && next(2) ? 3 : 0;
	if (first === 0xed) return next(1, 0x80, 0x9f) && next(2) ? 3 : 0;
	if (first >= 0xe1 && first <= 0xef) return next(1) && next(2) ? 3 : 0;
	if (first === 0xf0) return next(1, 0x90) && next(2) && next(3) ? 4 : 0;
	if (first >= 0xf1 && first <= 0xf3) return next(1) && next(2) && next(3) ? 4 : 0;
	if (first === 0xf4) return next(1, 0x80, 0x8f) && next(2) && next(3) ? 4 : 0;
	return 0;
}

/**
 * JSON text made inert and still the same JSON: JSON.stringify (and pino) escape C0 controls,
 * quotes and lone surrogates, but leave C1 controls, bidi overrides, zero-width characters and
 * U+2028/U+2029 raw inside strings. Those are written as \uXXXX escapes here: the same string to
 * a parser, nothing a terminal acts on. Raw newlines are the layout's (stringify escapes those
 * inside strings), so they stay.
 */
export function inertJson(json: string): string {
	return json.replace(SUSPECTS, char =>
		char === '\n' ? char : Array.from({length: char.length}, (_, i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''),
	);
}

/** True when `bytes` are well-formed UTF-8 (what HBase's text cells hold). */
export function isUtf8(bytes: Uint8Array): boolean {
	for (let at = 0; at < bytes.length;) {
		const length = utf8SequenceLength(bytes, at);
		if (length === 0) return false;
		at += length;
	}
	return true;
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

/** How bytes that are not text (a row key or a value another writer stored) are shown and typed. */
export type BinaryFormat = 'hex' | 'base64';
export const BINARY_FORMATS: readonly BinaryFormat[] = ['hex', 'base64'];

/** Bytes in `format`, marked as such: "hex:00ff1b", "base64:AP8b". */
export function binaryText(bytes: Uint8Array, format: BinaryFormat = 'hex'): string {
	return `${format}:${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(format)}`;
}

/**
 * A stored row key or value as shown: its text made inert, or, when its bytes are not UTF-8
 * (`bytes` is set only then), the bytes in `format`, so they can be read and typed back.
 */
export function storedText(text: string, bytes: Uint8Array | undefined, format: BinaryFormat = 'hex'): string {
	return bytes === undefined ? inert(text) : binaryText(bytes, format);
}

/** A row key as shown: text made inert; bytes as text when they are UTF-8, else in `format`. */
export function keyText(key: RowKey, format: BinaryFormat = 'hex'): string {
	if (typeof key === 'string') return inert(key);
	return isUtf8(key) ? inert(key) : binaryText(key, format);
}

/** A row's key as shown (see storedText). */
export function rowKeyText(row: Pick<Row, 'id' | 'key'>, format: BinaryFormat = 'hex'): string {
	return storedText(row.id, row.key, format);
}
