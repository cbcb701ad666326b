import {type Outcome} from './bench.js';
import {type Figure, ratio} from './lib/stats.js';
import {type TableSettingsFigures} from './steps/table-settings.js';

/**
 * The table-settings section of bench/RESULTS.md: each setting beside the table init made before, measured in the
 * same run, as ratios (the median of the figure over the baseline's; runs paired round by round).
 */
export function tableSettingsSection(outcome: Outcome<TableSettingsFigures> | undefined): string[] {
	const lines = ['## Table settings', ''];
	if (!outcome) return [...lines, 'not measured in this run', ''];
	if (!outcome.ok) return [...lines, `${outcome.failed ? 'FAILED: ' : ''}${outcome.reason.split('\n')[0] ?? ''}`, ''];
	const {users, sampleKeys, runs, variants} = outcome.value;
	const base = variants[0];
	if (!base) return [...lines, 'no variant measured', ''];
	const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en') : '–');
	const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');
	const times = (a: Figure, b: Figure) => {
		const r = ratio(a, b);
		const range = runs > 1 && Number.isFinite(r.min) && r.min !== r.max ? ` (${r.min.toFixed(2)}–${r.max.toFixed(2)})` : '';
		return `× ${Number.isFinite(r.value) ? r.value.toFixed(2) : '–'}${range}`;
	};
	lines.push(
		`The sink wrote the same ${int(users)} users from the pre-filled topic into a table made with each setting (${runs} round(s), every setting once per round, the table as init made it before first), then HBase flushed and major-compacted it (stack/tools/CompactTable.java) and the region server's per-region JMX metrics (storeFileSize: the HFiles a region serves) gave the disk bytes; then \`get\` (CrudService, one getRow through Thrift) read ${int(sampleKeys)} of the rows: first after the compaction, and again from the block cache. Ratios are to that table in the same round (× < 1 is smaller or faster for bytes and latency, × > 1 faster for users/s).`,
		'',
		'| Table | sink users/s | × before | bytes / 1,000 users | × before | get p50 / p99 ms, first read | × before (p50, p99) | get p50 / p99 ms, again | × before (p50, p99) |',
		'|---|---|---|---|---|---|---|---|---|',
	);
	for (const v of variants) {
		lines.push(
			`| ${v.variant.name} | ${int(v.usersPerSecond.median)} | ${times(v.usersPerSecond, base.usersPerSecond)} | ${int(v.bytesPerThousand.median)} | ${times(v.bytesPerThousand, base.bytesPerThousand)} | ${ms(v.getColdP50.median)} / ${ms(v.getColdP99.median)} | ${times(v.getColdP50, base.getColdP50)}, ${times(v.getColdP99, base.getColdP99)} | ${ms(v.getWarmP50.median)} / ${ms(v.getWarmP99.median)} | ${times(v.getWarmP50, base.getWarmP50)}, ${times(v.getWarmP99, base.getWarmP99)} |`,
		);
	}
	lines.push('');
	return lines;
}
