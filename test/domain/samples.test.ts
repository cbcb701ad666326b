import {readdirSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {SAMPLES_DIR, allJsonFiles, natFiles, rawUsers, sampleFiles, sampleText} from './samples.js';

// it.each over an empty list makes no test at all, silently: a fixture dropped from
// test/fixtures/randomuser would shrink the suite and keep it green. These counts are the
// recordings the tests iterate over; changing the fixtures means changing them here, on purpose.
describe('the recorded fixtures the tests iterate over are all there', () => {
	it.each([
		['v1.4', /\.json$/, 57],
		['v1.3', /\.json$/, 23],
		['v1.4', /^bad_results_/, 9],
		['v1.4', /^bad_format_(csv|xml|yaml)/, 4],
		['v1.3', /^bad_format_(csv|xml|yaml)/, 3],
		['v1.4', /^bad_version_/, 3],
	] as const)('%s %s: %i files', (version, pattern, expected) => {
		expect(sampleFiles(version, pattern)).toHaveLength(expected);
	});

	it('22 nationalities in 1.4 and 17 in 1.3, 20 users each', () => {
		expect(natFiles('v1.4')).toHaveLength(22);
		expect(natFiles('v1.3')).toHaveLength(17);
		for (const [file] of [...natFiles('v1.4'), ...natFiles('v1.3')]) expect(rawUsers(file), file).toHaveLength(20);
		expect(allJsonFiles()).toHaveLength(57 + 23);
	});
});

describe('gzipped recordings read as if they were not', () => {
	it.each(['v1.4', 'v1.3'] as const)('%s/results_5000_seed-delta.json: listed and read under its .json name', version => {
		const stored = readdirSync(new URL(`${version}/`, SAMPLES_DIR));
		expect(stored).toContain('results_5000_seed-delta.json.gz');
		expect(stored).not.toContain('results_5000_seed-delta.json');
		const file = `${version}/results_5000_seed-delta.json`;
		expect(sampleFiles(version, /^results_5000/)).toEqual([file]);
		expect(sampleText(file).startsWith('{"results":[')).toBe(true);
		expect(rawUsers(file)).toHaveLength(5000);
	});

	it('a file that exists in neither form is an error, not an empty sample', () => {
		expect(() => sampleText('v1.4/no_such_recording.json')).toThrow(/ENOENT/);
	});
});
