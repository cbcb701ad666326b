import type {Key} from 'ink';
import {describe, expect, it} from 'vitest';
import {editText, splitKeys, textState, visibleWindow} from '../../source/screens/components/text-edit.js';

const none = {} as Key;

describe('text field editing', () => {
	it('inserts at the cursor, moves, deletes and clears', () => {
		let state = textState('ac');
		state = editText(state, '', {...none, leftArrow: true})!;
		state = editText(state, 'b', none)!;
		expect(state).toEqual({value: 'abc', cursor: 2});
		state = editText(state, '', {...none, delete: true})!;
		expect(state).toEqual({value: 'ac', cursor: 1});
		state = editText(state, 'u', {...none, ctrl: true})!;
		expect(state).toEqual({value: '', cursor: 0});
	});

	it('never puts a control character into a value', () => {
		expect(editText(textState(''), 'a\u001B[31mb', none)).toEqual({value: 'a[31mb', cursor: 6});
	});

	it('splits a chunk of fast typing back into key presses', () => {
		const presses = splitKeys('\u0015ava@x.io\r', none);
		expect(presses.map(press => [press.input, press.key.ctrl, press.key.return])).toEqual([
			['u', true, false],
			['ava@x.io', false, false],
			['', false, true],
		]);
		expect(splitKeys('plain', none)).toEqual([{input: 'plain', key: none}]);
	});

	it('scrolls a long value to keep the cursor in view', () => {
		const window = visibleWindow({value: 'abcdefghij', cursor: 10}, 5);
		expect(window).toEqual({before: 'ghij', at: ' ', after: ''});
		expect(visibleWindow({value: 'abcdefghij', cursor: 0}, 5)).toEqual({before: '', at: 'a', after: 'bcde'});
	});

	it('fits the window to display columns: wide characters take two', () => {
		// 5 columns: the cursor cell at the end (1) and two CJK characters (4).
		expect(visibleWindow({value: '中文字符串', cursor: 5}, 5)).toEqual({before: '符串', at: ' ', after: ''});
		expect(visibleWindow({value: '中文字符串', cursor: 0}, 5)).toEqual({before: '', at: '中', after: '文'});
		expect(visibleWindow({value: 'a😀b😀c', cursor: 2}, 4)).toEqual({before: 'a😀', at: 'b', after: ''});
	});
});
