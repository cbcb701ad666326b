import {describe, expect, it} from 'vitest';
import {errorChainText, isJavaExceptionText, javaCauseInWords} from '../../source/domain/java-errors.js';

describe('javaCauseInWords', () => {
	it.each([
		[
			'org.apache.hadoop.hbase.TableNotFoundException: userdata2\n\tat org.apache.hadoop.hbase.client.ConnectionImplementation.locateRegion(…)',
			'the table userdata2 does not exist',
		],
		[
			'org.apache.hadoop.hbase.DoNotRetryIOException: org.apache.hadoop.hbase.regionserver.NoSuchColumnFamilyException: Column family nope does not exist in region userdata,,1',
			'the table has no such column family (was it created by `init`?)',
		],
		[
			'org.apache.hadoop.hbase.NotServingRegionException: userdata,,1700000000000.abc. is not online on localhost,16020',
			'a region of the table is moving or busy; try again in a moment',
		],
		['org.apache.hadoop.hbase.TableNotEnabledException: userdata is disabled.', 'the table is disabled (enable it in the HBase shell)'],
		['java.net.ConnectException: Connection refused', 'a region server cannot be reached (is HBase running?)'],
		['org.apache.hadoop.hbase.ipc.ServerNotRunningYetException: Server is not running yet', 'HBase is still starting; try again in a moment'],
		['java.lang.UnsupportedOperationException: nope\n\tat x.y.Z.m(Z.java:1)', 'UnsupportedOperationException: nope'],
	])('%s', (text, words) => {
		expect(javaCauseInWords(text)).toBe(words);
	});

	it('leaves other text as it was', () => {
		expect(isJavaExceptionText('connect ECONNREFUSED 127.0.0.1:9090')).toBe(false);
		expect(javaCauseInWords('connect ECONNREFUSED 127.0.0.1:9090')).toBe('connect ECONNREFUSED 127.0.0.1:9090');
	});
});

describe('errorChainText', () => {
	it('keeps the Java class names of the causes for code that recognises them', () => {
		const java = new Error('org.apache.hadoop.hbase.TableNotFoundException: t');
		const mapped = new Error(`HBase getRows failed: ${javaCauseInWords(java.message)}`, {cause: java});
		expect(mapped.message).not.toContain('TableNotFoundException');
		expect(errorChainText(mapped)).toContain('TableNotFoundException');
	});
});
