import {describe, expect, it} from 'vitest';
import {sinkCeilingGoal} from '../../bench/report.js';

describe('the sink ÷ gateway ceiling target (issue 16)', () => {
	it('asks 0.85 of the full run (200,000 users) and 0.75 of the quick one (20,000), where fixed costs weigh more', () => {
		expect(sinkCeilingGoal(200_000)).toBe(0.85);
		expect(sinkCeilingGoal(20_000)).toBe(0.75);
		expect(sinkCeilingGoal(500)).toBe(0.75);
	});
});
