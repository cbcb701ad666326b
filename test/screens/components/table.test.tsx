import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {Table} from '../../../source/screens/components/Table.js';
import {displayWidth} from '../../../source/domain/display.js';

describe('Table', () => {
	it('lines columns up by display width for CJK, emoji, combining marks and Persian', () => {
		const names = ['Ava Lind', '王小明', '👩‍👩‍👧 family', 'Jose\u0301', 'مهدی رضایی', '🇮🇷 Tehran'];
		const {lastFrame, unmount} = render(
			<Table
				width={40}
				columns={[
					{title: 'name', width: 12},
					{title: 'nat', width: 3},
				]}
				rows={names.map(name => [name, 'IR'])}
			/>,
		);
		const lines = (lastFrame() ?? '').split('\n').slice(1);
		expect(lines).toHaveLength(names.length);
		for (const line of lines) {
			// The nat column starts at the same display column on every line.
			const at = line.indexOf('IR');
			expect(displayWidth(line.slice(0, at))).toBe(13);
		}
		unmount();
	});

	it('cuts a long cell with an ellipsis at its width, and makes control characters inert', () => {
		const {lastFrame, unmount} = render(
			<Table
				width={20}
				columns={[
					{title: 'name', width: 6},
					{title: 'x', width: 1},
				]}
				rows={[
					['中文字符串', 'y'],
					['a\u001b[2J', 'z'],
				]}
			/>,
		);
		const [, first, second] = (lastFrame() ?? '').split('\n');
		expect(first).toBe('中文…  y'); // 5 columns, padded to 6
		expect(second).toBe('a\\x1b… z');
		unmount();
	});
});
