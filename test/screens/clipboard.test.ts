import {describe, expect, it} from 'vitest';
import {osc52, osc52Allowed, terminalClipboard} from '../../source/screens/clipboard.js';

describe('y through OSC 52', () => {
	it('sends the key base64-encoded in one OSC 52 sequence', () => {
		expect(osc52('0a1b-ü')).toBe(`\u001B]52;c;${Buffer.from('0a1b-ü').toString('base64')}\u0007`);
	});

	it('only where the terminal is known to take it, or the user says so', () => {
		expect(osc52Allowed({TERM: 'xterm-kitty'})).toBe(true);
		expect(osc52Allowed({TERM_PROGRAM: 'WezTerm'})).toBe(true);
		expect(osc52Allowed({TERM: 'xterm-256color'})).toBe(false);
		expect(osc52Allowed({TERM: 'xterm-kitty', TMUX: '/tmp/tmux-0/default,1,0'})).toBe(false);
		expect(osc52Allowed({TMUX: '/tmp/tmux', USERDATA_CLIPBOARD: 'osc52'})).toBe(true);
		expect(osc52Allowed({TERM: 'xterm-kitty', USERDATA_CLIPBOARD: 'off'})).toBe(false);
	});

	it('writes nothing and says so where it is not allowed', () => {
		const written: string[] = [];
		expect(terminalClipboard({TERM: 'xterm'}, data => written.push(data)).copy('k')).toBe(false);
		expect(terminalClipboard({TERM: 'xterm-kitty'}, data => written.push(data)).copy('k')).toBe(true);
		expect(written).toEqual([osc52('k')]);
	});
});
