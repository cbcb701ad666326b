import {kafkaBroker, portOffset} from '../../helpers/stack-env.js';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {runCli} from '../../helpers/run-cli.js';

/**
 * A second, throw-away stack beside the shared one (every port shifted), so `stack down` can be
 * tested for real without stopping the stack the other integration tests use.
 */
describe('userdata-tui stack up / status / down (a second stack on shifted ports)', () => {
	const dataDir = mkdtempSync(join(tmpdir(), 'userdata-stack-'));
	// The log file lives outside dataDir, so removing dataDir cannot race the logger's writes.
	const logFile = join(tmpdir(), `userdata-stack-test-${process.pid}.log`);
	const env = {...process.env, USERDATA_HOME: dataDir, USERDATA_STACK_PORT_OFFSET: '5000', USERDATA_LOG_FILE: logFile};

	afterAll(async () => {
		await runCli(['stack', 'down'], env);
		rmSync(dataDir, {recursive: true, force: true});
	});

	it('starts every service, reports each truthfully, and reports them down after `down`', async () => {
		const up = await runCli(['stack', 'up'], env);
		expect(up.code, up.io.text()).toBe(0);
		expect(up.io.stdout.join('\n')).toMatch(/Kafka broker\s+127\.0\.0\.1:14092\s+up/);

		const status = await runCli(['stack', 'status', '--json'], env);
		expect(status.code).toBe(0);
		const endpoints = (JSON.parse(status.io.stdout.join('\n')) as Array<{endpoints: Array<{name: string; address: string; up: boolean}>}>).flatMap(s => s.endpoints);
		expect(endpoints.map(e => [e.name, e.address, e.up])).toEqual([
			['Kafka broker', '127.0.0.1:14092', true],
			['ZooKeeper', '127.0.0.1:7181', true],
			['HBase master UI', '127.0.0.1:21010', true],
			['HBase Thrift', '127.0.0.1:14090', true],
		]);

		const again = await runCli(['stack', 'up'], env);
		expect(again.code).toBe(0);
		expect(again.io.stderr.join('\n')).toContain('all services were already running');

		const down = await runCli(['stack', 'down'], env);
		expect(down.code).toBe(0);
		expect(down.io.stdout.join('\n')).toMatch(/kafka\s+(stopped|killed)/);

		const after = await runCli(['stack', 'status', '--json'], env);
		expect(after.code).toBe(1);
		const afterEndpoints = (JSON.parse(after.io.stdout.join('\n')) as Array<{endpoints: Array<{up: boolean}>}>).flatMap(s => s.endpoints);
		expect(afterEndpoints.map(e => e.up)).toEqual([false, false, false, false]);
		// Data is kept: the formatted Kafka storage and the HBase root are still there.
		expect(existsSync(join(dataDir, 'kafka', 'data', 'meta.properties'))).toBe(true);
		expect(existsSync(join(dataDir, 'hbase', 'root'))).toBe(true);
	});

	it('refuses to start on a port another process holds, naming the port', async () => {
		// The shared stack holds its broker port: a stack on the same ports in a fresh data dir must refuse.
		const otherDir = mkdtempSync(join(tmpdir(), 'userdata-stack-'));
		try {
			const result = await runCli(['stack', 'up'], {...env, USERDATA_HOME: otherDir, USERDATA_STACK_PORT_OFFSET: String(portOffset)});
			expect(result.code).toBe(1);
			expect(result.io.stderr.join('\n')).toContain(`Port ${kafkaBroker.split(':')[1]} on 127.0.0.1 is taken by another process`);
		} finally {
			rmSync(otherDir, {recursive: true, force: true});
		}
	});
});
