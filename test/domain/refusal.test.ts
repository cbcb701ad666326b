import {describe, expect, it} from 'vitest';
import {classifyRefusal, refusalFromTableState, refusalLine, refusedError, sameRefusal} from '../../source/domain/refusal.js';
import {userLine} from '../../source/domain/errors.js';

/** The texts HBase 2.6's Thrift1 gateway carried in its IOError on the local stack (mutateRowsTs). */
const missingFamily =
	"HBase mutateRowsTs failed: org.apache.hadoop.hbase.client.RetriesExhaustedWithDetailsException: Failed 1 action: org.apache.hadoop.hbase.regionserver.NoSuchColumnFamilyException: Column family address does not exist in region userdata,,1796494871361.bc6f4fe35d7aa93a4969cf80afc3d334. in table 'userdata', {TABLE_ATTRIBUTES => {}}";
const missingTable =
	'HBase mutateRowsTs failed: org.apache.hadoop.hbase.client.RetriesExhaustedWithDetailsException: Failed 1 action: userdata: 1 time, servers with issues: null';

describe('classifyRefusal', () => {
	it.each([
		[missingFamily, {kind: 'missing-family', table: 'userdata', family: 'address'}],
		[missingTable, {kind: 'missing-table', table: 'userdata'}],
		['org.apache.hadoop.hbase.TableNotFoundException: userdata', {kind: 'missing-table', table: 'userdata'}],
		['org.apache.hadoop.hbase.TableNotEnabledException: userdata is disabled.', {kind: 'disabled-table', table: 'userdata'}],
	])('%s', (text, refusal) => {
		expect(classifyRefusal(text, 'userdata')).toEqual(refusal);
	});

	it.each([
		'HBase Thrift at 127.0.0.1:9090 did not accept a connection within 10000 ms',
		'org.apache.hadoop.hbase.NotServingRegionException: region is not online',
		'connect ECONNREFUSED 127.0.0.1:9090',
		// Another table's name in the batch error is not ours.
		'Failed 1 action: other: 1 time, servers with issues: null',
		// A region server that is away names itself: an outage, not a missing table.
		'Failed 3 actions: userdata: 3 times, servers with issues: host1,16020,1700000000000',
	])('no refusal in: %s', text => {
		expect(classifyRefusal(text, 'userdata')).toBeUndefined();
	});

	it('reads the table state when the text names nothing (a disabled table only times out)', () => {
		expect(refusalFromTableState('t', {exists: false, enabled: false})).toEqual({kind: 'missing-table', table: 't'});
		expect(refusalFromTableState('t', {exists: true, enabled: false})).toEqual({kind: 'disabled-table', table: 't'});
		expect(refusalFromTableState('t', {exists: true, enabled: true})).toBeUndefined();
	});
});

describe('the one line and its next step', () => {
	it('names the cause and what to run', () => {
		expect(refusalLine({kind: 'missing-family', table: 'userdata', family: 'address'})).toBe('table userdata has no family address: run `userdata-tui init --fix`');
		expect(refusalLine({kind: 'missing-table', table: 'userdata'})).toBe('table userdata does not exist: run `userdata-tui init`');
		expect(refusalLine({kind: 'disabled-table', table: 'u'})).toBe("table u is disabled: enable it (hbase shell: enable 'u')");
	});

	it('tells two refusals apart by what they say', () => {
		const a = {kind: 'missing-family', table: 'u', family: 'address'} as const;
		expect(sameRefusal(a, {...a})).toBe(true);
		expect(sameRefusal(a, {...a, family: 'info'})).toBe(false);
		expect(sameRefusal(undefined, a)).toBe(false);
	});

	it('ends a bounded consume with the cause, the next step and the other choice', () => {
		const error = refusedError({kind: 'missing-family', table: 'userdata', family: 'address'}, 10_400);
		expect(userLine(error, name => `--${name}`)).toBe(
			'nothing could be written for 10 s: table userdata has no family address. Run `userdata-tui init --fix`, or send such rows to the DLQ with --on-refused dlq',
		);
	});
});
