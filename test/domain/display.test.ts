import {describe, expect, it} from 'vitest';
import {clock, displayWidth, duration, fit, inert, padEnd, padStart, timestamp, timestampWithMs, truncate} from '../../source/domain/display.js';

const family = '👩‍👩‍👧'; // ZWJ sequence: one glyph, two columns
const flag = '🇮🇷'; // regional indicator pair: one glyph, two columns
const combining = 'e\u0301'; // é as e + combining acute: one column

describe('display width', () => {
	it.each([
		['ascii', 'abc', 3],
		['CJK', '中文字', 6],
		['emoji', '😀', 2],
		['ZWJ sequence', family, 2],
		['flag', flag, 2],
		['combining mark', `caf${combining}`, 4],
		['Persian', 'مهدی', 4],
		['Persian with ZWNJ', 'می‌خواهم', 7],
	])('measures %s as the terminal draws it', (_, text, width) => {
		expect(displayWidth(text)).toBe(width);
	});
});

describe('truncate and pad by display width', () => {
	it('keeps text that fits', () => {
		expect(truncate('中文', 4)).toBe('中文');
		expect(truncate('', 3)).toBe('');
	});

	it('cuts with an ellipsis and never splits a wide character', () => {
		expect(truncate('中文字符串', 5)).toBe('中文…');
		// 4 columns: '中文' + '…' would be 5, so one wide character goes.
		expect(truncate('中文字符串', 4)).toBe('中…');
		expect(displayWidth(truncate('中文字符串', 4))).toBeLessThanOrEqual(4);
	});

	it('keeps ZWJ sequences, flags and combining marks whole', () => {
		expect(truncate(`${family}${family}x`, 3)).toBe(`${family}…`);
		expect(truncate(`${flag}${flag}${flag}`, 4)).toBe(`${flag}…`);
		expect(truncate(combining.repeat(4), 3)).toBe(`${combining.repeat(2)}…`);
	});

	it('cuts Persian text at display width', () => {
		const cut = truncate('مهدی رضایی', 6);
		expect(cut.endsWith('…')).toBe(true);
		expect(displayWidth(cut)).toBe(6);
	});

	it('gives nothing for no room', () => {
		expect(truncate('abc', 0)).toBe('');
		expect(fit('abc', -1, true)).toBe('');
	});

	it('pads to the same columns whatever the script', () => {
		const cells = ['Ava', '中文', family, flag, `caf${combining}`, 'مهدی'];
		for (const cell of cells) {
			expect(displayWidth(padEnd(cell, 8))).toBe(8);
			expect(displayWidth(padStart(cell, 8))).toBe(8);
			expect(displayWidth(fit(cell, 3, true))).toBe(3);
		}
		expect(padEnd('中文', 6)).toBe('中文  ');
		expect(padStart('中文', 6)).toBe('  中文');
		expect(padEnd('toolong', 3)).toBe('toolong');
	});
});

describe('timestamps', () => {
	const ms = Date.UTC(2025, 0, 31, 14, 3, 7, 123);

	it('are ISO 8601 UTC with milliseconds, whatever the local zone', () => {
		expect(timestamp(ms)).toBe('2025-01-31T14:03:07.123Z');
		expect(clock(ms)).toBe('14:03:07Z');
		expect(timestampWithMs(ms)).toBe(`${ms} (2025-01-31T14:03:07.123Z)`);
	});
});

describe('other formatters', () => {
	it('formats durations', () => {
		expect(duration(340)).toBe('340 ms');
		expect(duration(2500)).toBe('2.5 s');
		expect(duration(192_000)).toBe('3 min 12 s');
	});

	it('makes control characters inert before measuring', () => {
		expect(inert('a\u001b[2Jb\n')).toBe('a\\x1b[2Jb\\x0a');
		expect(displayWidth(inert('\u0007'))).toBe(4);
	});
});
