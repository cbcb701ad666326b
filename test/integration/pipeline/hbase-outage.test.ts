import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runProgram} from '../../../source/commands/program.js';
import {captureIo} from '../../helpers/capture-io.js';
import {dropTable, readAllRows} from '../../helpers/hbase-read.js';
import {uniqueName, uniqueTable} from '../../helpers/ids.js';
import {RandomUserStub} from '../../helpers/randomuser-stub.js';
import {runCli} from '../../helpers/run-cli.js';
import {killService, stackUp, waitGone} from '../../helpers/stack-control.js';
import {waitFor} from '../../helpers/wait-for.js';

describe('an HBase Thrift outage of 30 s during consumption', () => {
	const stub = new RandomUserStub();
	const topic = uniqueName('outage');
	const table = uniqueTable();
	const count = 3000;

	beforeAll(async () => {
		const url = await stub.start();
		expect((await runCli(['init', '--topic', topic, '--table', table])).code).toBe(0);
		const produced = await runCli(['produce', '--topic', topic, '--api-url', url, '--count', String(count), '--batch-size', '500', '--seed', 'outage']);
		expect(produced.code, produced.io.text()).toBe(0);
	});

	afterAll(async () => {
		await stackUp();
		await stub.close();
		await dropTable(table);
	});

	it('pauses without committing, resumes by itself when Thrift is back, and loses nothing', async () => {
		// Thrift is gone before the sink starts: the first batch cannot be written.
		await waitGone(killService('thrift'), 'thrift');
		const io = captureIo();
		const consuming = runProgram(['consume', '--topic', topic, '--table', table, '--group', uniqueName('sink'), '--max', String(count)], {
			io,
			env: process.env,
			signal: new AbortController().signal,
			isTty: false,
		});
		// The sink says it is waiting (it did not crash, and it did not skip).
		await waitFor(() => io.stderr.some(line => line.startsWith('hbase: not taking writes')), 'the sink to report the outage', 60_000);
		// Keep the gateway down for 30 s (the scenario's length, not an assertion on speed).
		const downSince = Date.now();
		await waitFor(
			() => io.stderr.filter(line => line.startsWith('hbase: not taking writes')).length >= 3 && Date.now() - downSince >= 30_000,
			'30 s of outage with retries',
			120_000,
			500,
		);
		await stackUp();
		const code = await consuming;
		expect(code, io.text()).toBe(0);
		expect(io.stderr.some(line => line.startsWith('hbase: writing again after'))).toBe(true);
		expect(io.stdout[0]).toMatch(new RegExp(`^written ${count} rows, dlq 0`));
		expect(io.stdout[1]).toMatch(/^lag 0 /);
		const rows = await readAllRows(table);
		expect(rows.size).toBe(count);
	});
});
