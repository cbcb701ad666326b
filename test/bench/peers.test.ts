import {describe, expect, it} from 'vitest';
import {fixedCosts} from '../../bench/steps/peers.js';

const line = (time: number, msg: string) => JSON.stringify({level: 30, time, ns: 'sink', msg});

describe('fixedCosts: where the time of one `consume --max` went', () => {
	it('reads the group join and the last commit from the verbose log, around the wall times of the process', () => {
		const stderr = [
			'not json',
			line(1_000, 'Starting'),
			line(1_850, 'Consumer has joined the group'),
			line(2_500, 'batch written to hbase and committed'),
			line(3_900, 'batch written to hbase and committed'),
			'{"truncated',
		].join('\n');
		expect(fixedCosts(stderr, 400, 4_300)).toEqual({startToJoinMs: 1_450, lastCommitToExitMs: 400});
	});

	it('refuses a log without a join or a commit (no --verbose) instead of reporting zeros', () => {
		expect(() => fixedCosts(line(1, 'Starting'), 0, 10)).toThrow(/--verbose/);
	});
});
