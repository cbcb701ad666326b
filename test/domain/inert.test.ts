import {isUtf8 as nodeIsUtf8} from 'node:buffer';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {binaryText, displayWidth, inert, inertJson, isUtf8, keyText, rowKeyText, storedText} from '../../source/domain/display.js';
import {parseKeyInput} from '../../source/domain/row-key.js';
import {prefixStop} from '../../source/services/crud/scan-options.js';

// What must never reach a terminal from outside: C0/C1 controls and DEL (\p{Cc}), bidi
// controls (overrides, embeddings, isolates, marks), line/paragraph separators, lone surrogates.
const FORBIDDEN = /[\p{Cc}\p{Bidi_Control}\p{Zl}\p{Zp}]/u;
const LONE_SURROGATE = /\p{Cs}/u;
// Invisible characters, allowed only as the joiners a script or an emoji needs.
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;
const JOINERS = new Set([0x200c, 0x200d, 0xfe0e, 0xfe0f]);
const isJoiner = (char: string) => JOINERS.has(char.codePointAt(0)!) || (char.codePointAt(0)! >= 0xe0020 && char.codePointAt(0)! <= 0xe007f);

function holdsNothingActive(text: string): void {
	expect(FORBIDDEN.test(text), JSON.stringify(text)).toBe(false);
	expect(LONE_SURROGATE.test(text), JSON.stringify(text)).toBe(false);
	expect(
		[...text.matchAll(INVISIBLE)].filter(match => !isJoiner(match[0])),
		JSON.stringify(text),
	).toEqual([]);
}

// Text from every corner: any code point (lone surrogates included), weighted towards the ones that bite.
const nasty = fc.constantFrom(
	'\u001b',
	'\u009b',
	'\u0007',
	'\r',
	'\n',
	'\u202e',
	'\u2066',
	'\u200b',
	'\u200d',
	'\u200c',
	'\u2028',
	'\ufeff',
	'\ud800',
	'\u{e0041}',
	'\ufe0f',
	'\u00ad',
);
const anyText = fc
	.array(fc.oneof(fc.string({unit: 'binary'}), fc.string({unit: 'grapheme'}), nasty, fc.string({unit: fc.constantFrom('a', '👩', '中', 'ی', ' ')})), {maxLength: 12})
	.map(parts => parts.join(''));

describe('inert: one function for every text from outside', () => {
	it('leaves no control character, bidi control, separator or lone surrogate in any Unicode text (property)', () => {
		fc.assert(
			fc.property(anyText, text => {
				holdsNothingActive(inert(text));
			}),
			{numRuns: 3000},
		);
	});

	it('leaves none in any bytes, valid UTF-8 or not (property)', () => {
		fc.assert(
			fc.property(fc.uint8Array({maxLength: 64}), bytes => {
				holdsNothingActive(inert(bytes));
			}),
			{numRuns: 3000},
		);
	});

	it('is idempotent and leaves ordinary text alone (property)', () => {
		fc.assert(
			fc.property(anyText, text => {
				const once = inert(text);
				expect(inert(once)).toBe(once);
			}),
			{numRuns: 1000},
		);
		fc.assert(
			fc.property(fc.string({unit: fc.constantFrom('a', 'Z', ' ', '中', 'é', 'ی', '😀', '\\', '@', '.')}), text => {
				expect(inert(text)).toBe(text);
			}),
		);
	});

	it('decodes valid UTF-8 bytes as the text they are (property)', () => {
		fc.assert(
			fc.property(fc.string({unit: fc.constantFrom('a', '中', 'é', 'ی', '😀', ' ')}), text => {
				expect(inert(new TextEncoder().encode(text))).toBe(text);
			}),
		);
	});

	it.each([
		['ESC and CSI', 'a\u001b[2Jb', 'a\\x1b[2Jb'],
		['OSC title change', '\u001b]0;owned\u0007', '\\x1b]0;owned\\x07'],
		['OSC 52 clipboard write', '\u001b]52;c;ZXZpbA==\u0007', '\\x1b]52;c;ZXZpbA==\\x07'],
		['CR/LF', 'a@b.c\r\nx', 'a@b.c\\x0d\\x0ax'],
		['C1 CSI', 'x\u009b2J', 'x\\u009b2J'],
		['right-to-left override', 'abc\u202Efdp.exe', 'abc\\u202efdp.exe'],
		['isolates', '\u2067x\u2069', '\\u2067x\\u2069'],
		['zero-width space', 'pay\u200bpal', 'pay\\u200bpal'],
		['ZWJ between Latin letters', 'pay\u200dpal', 'pay\\u200dpal'],
		['BOM', '\ufeffkey', '\\ufeffkey'],
		['line separator', 'a\u2028b', 'a\\u2028b'],
		['lone surrogate', 'a\ud800b', 'a\\ud800b'],
		['tag characters outside a flag', 'a\u{e0041}', 'a\\u{e0041}'],
	])('shows %s visibly', (_, raw, shown) => {
		expect(inert(raw)).toBe(shown);
	});

	it.each([
		['emoji ZWJ sequence', '👩‍👩‍👧'],
		['emoji with variation selector', '❤️'],
		['keycap', '1️⃣'],
		['Persian with ZWNJ', 'می‌خواهم'],
		['Devanagari with ZWJ', 'क्‍ष'],
		['subdivision flag', '🏴󠁧󠁢󠁳󠁣󠁴󠁿'],
		['CJK', '中文字'],
		['a backslash', 'C:\\Users'],
	])('keeps %s as it is', (_, text) => {
		expect(inert(text)).toBe(text);
	});

	it('shows bytes that are not UTF-8 as \\xHH, keeping the text around them', () => {
		expect(inert(Buffer.from([0x61, 0xff, 0xfe, 0x62]))).toBe('a\\xff\\xfeb');
		expect(inert(Buffer.from([0xe4, 0xb8]))).toBe('\\xe4\\xb8'); // a cut 3-byte sequence
		expect(inert(Buffer.from([0xc0, 0x80]))).toBe('\\xc0\\x80'); // overlong NUL
		expect(inert(Buffer.from([0xed, 0xa0, 0x80]))).toBe('\\xed\\xa0\\x80'); // an encoded surrogate
		expect(inert(Buffer.from('中\u001b', 'utf8'))).toBe('中\\x1b');
	});

	it('measures what is drawn: one column per visible character of an escape', () => {
		expect(displayWidth(inert('\u001b'))).toBe(4);
		expect(displayWidth(inert('\u202e'))).toBe(6);
	});
});

describe('binary keys and values', () => {
	const bytes = Buffer.from([0x00, 0xff, 0x1b, 0x41]);

	it('knows well-formed UTF-8', () => {
		expect(isUtf8(Buffer.from('中文 😀', 'utf8'))).toBe(true);
		expect(isUtf8(bytes)).toBe(false);
		// Node's native check (simdutf) is the reference.
		fc.assert(fc.property(fc.uint8Array({maxLength: 32}), b => isUtf8(b) === nodeIsUtf8(b)));
		fc.assert(fc.property(fc.string({unit: 'binary'}), text => isUtf8(Buffer.from(text, 'utf8'))));
	});

	it('shows bytes as hex or base64, marked', () => {
		expect(binaryText(bytes)).toBe('hex:00ff1b41');
		expect(binaryText(bytes, 'base64')).toBe('base64:AP8bQQ==');
		expect(storedText('x', bytes, 'hex')).toBe('hex:00ff1b41');
		expect(storedText('a\u001bb', undefined)).toBe('a\\x1bb');
	});

	it('shows a row key by its bytes only when they are not text', () => {
		expect(rowKeyText({id: '\ufffd\ufffd', key: bytes})).toBe('hex:00ff1b41');
		expect(rowKeyText({id: 'k\u001b'})).toBe('k\\x1b');
		expect(keyText(Buffer.from('abc'))).toBe('abc');
		expect(keyText(bytes, 'base64')).toBe('base64:AP8bQQ==');
	});
});

describe('inertJson: JSON that stays JSON', () => {
	it('parses back to the same value and holds nothing a terminal acts on (property)', () => {
		fc.assert(
			fc.property(fc.dictionary(anyText, anyText, {maxKeys: 4}), value => {
				const text = inertJson(JSON.stringify(value, null, 2));
				expect(JSON.parse(text)).toEqual(value);
				holdsNothingActive(text.replaceAll('\n', ' '));
			}),
			{numRuns: 1000},
		);
	});
});

describe('typing a binary key', () => {
	it('reads hex: and base64: as bytes, anything else as text', () => {
		expect(parseKeyInput('hex:00ff')).toEqual(Buffer.from([0, 255]));
		expect(parseKeyInput('base64:AP8=')).toEqual(Buffer.from([0, 255]));
		expect(parseKeyInput('abc')).toBe('abc');
		expect(() => parseKeyInput('hex:0')).toThrow('pairs of hex digits');
	});

	it('ends a byte prefix range after every key that starts with it', () => {
		expect(prefixStop(Buffer.from([0x00, 0xff]))).toEqual(Buffer.from([0x01]));
		expect(prefixStop(Buffer.from([0xff, 0xff]))).toBeUndefined();
		expect(prefixStop(Buffer.from([0x61, 0x62]))).toEqual(Buffer.from([0x61, 0x63]));
	});
});
