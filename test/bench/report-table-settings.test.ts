import {describe, expect, it} from 'vitest';
import {figure} from '../../bench/lib/stats.js';
import {tableSettingsSection} from '../../bench/report-table-settings.js';
import {type TableSettingsFigure, tableVariants} from '../../bench/steps/table-settings.js';

const variant = (index: number, rates: number[], bytes: number[], p50: number[]): TableSettingsFigure => ({
	variant: tableVariants[index]!,
	usersPerSecond: figure(rates),
	bytesPerThousand: figure(bytes),
	getColdP50: figure(p50),
	getColdP99: figure(p50.map(v => v * 10)),
	getWarmP50: figure(p50),
	getWarmP99: figure(p50.map(v => v * 10)),
});

describe('tableSettingsSection: each table setting against the table init made before', () => {
	it('gives each figure as a ratio to the baseline of the same round, with the spread of the paired rounds', () => {
		const lines = tableSettingsSection({
			ok: true,
			value: {
				users: 20_000,
				sampleKeys: 1000,
				runs: 2,
				variants: [variant(0, [1000, 2000], [2_000_000, 2_000_000], [2, 2]), variant(3, [900, 2200], [400_000, 400_000], [3, 2])],
			},
		});
		const rows = lines.filter(line => line.startsWith('| '));
		expect(rows[1]).toBe(
			'| before: 1 region, no encoding, no compression | 1,500 | × 1.00 | 2,000,000 | × 1.00 | 2.00 / 20.00 | × 1.00, × 1.00 | 2.00 / 20.00 | × 1.00, × 1.00 |',
		);
		// Rates 900/1000 and 2200/2000 paired by round: 0.90 and 1.10; the medians' ratio 1550/1500.
		expect(rows[2]).toBe(
			'| COMPRESSION GZ (init now) | 1,550 | × 1.03 (0.90–1.10) | 400,000 | × 0.20 | 2.50 / 25.00 | × 1.25 (1.00–1.50), × 1.25 (1.00–1.50) | 2.50 / 25.00 | × 1.25 (1.00–1.50), × 1.25 (1.00–1.50) |',
		);
	});

	it('says why instead of a table when the step failed or did not run', () => {
		expect(tableSettingsSection({ok: false, reason: 'no filled topic', failed: true})).toContain('FAILED: no filled topic');
		expect(tableSettingsSection(undefined)).toContain('not measured in this run');
	});
});
