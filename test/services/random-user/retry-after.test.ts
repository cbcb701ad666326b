import {describe, expect, it} from 'vitest';
import {parseRetryAfter} from '../../../source/services/random-user/retry-after.js';

describe('parseRetryAfter', () => {
	const now = Date.parse('2026-11-27T10:00:00Z');

	it.each([
		['120', 120_000],
		[' 3 ', 3000],
		['0', 0],
		['0.25', 250],
		['Fri, 27 Nov 2026 10:00:05 GMT', 5000],
		['Fri, 27 Nov 2026 09:00:00 GMT', 0], // a date in the past means now
	])('reads %j as %i ms', (value, ms) => {
		expect(parseRetryAfter(value, now)).toBe(ms);
	});

	it.each([null, undefined, '', 'soon', '-5', '1e3'])('gives undefined for %j', value => {
		expect(parseRetryAfter(value, now)).toBeUndefined();
	});
});
