import {describe, expect, it} from 'vitest';
import {compareFamilies, describeDifference} from '../../source/domain/table-schema.js';

describe('compareFamilies', () => {
	it('finds nothing to change in the product layout', () => {
		expect(
			compareFamilies([
				{name: 'info', maxVersions: 3},
				{name: 'contact', maxVersions: 3},
				{name: 'address', maxVersions: 3},
			]),
		).toEqual([]);
	});

	it('names missing and extra families and wrong VERSIONS', () => {
		const differences = compareFamilies([
			{name: 'info', maxVersions: 1},
			{name: 'other', maxVersions: 3},
		]);
		expect(differences.map(describeDifference)).toEqual([
			'family address is missing',
			'family contact is missing',
			'family info keeps 1 version(s), wanted 3',
			'family other is not part of the layout',
		]);
	});

	it('names a family with another codec, and has no opinion where a side does not say', () => {
		const differences = compareFamilies([
			{name: 'info', maxVersions: 3, compression: 'NONE'},
			{name: 'contact', maxVersions: 3, compression: 'gz'},
			{name: 'address', maxVersions: 3},
		]);
		expect(differences.map(describeDifference)).toEqual(['family info is compressed with NONE, wanted GZ']);
		expect(compareFamilies([{name: 'info', maxVersions: 3, compression: 'SNAPPY'}], [{name: 'info', maxVersions: 3}])).toEqual([]);
	});
});
