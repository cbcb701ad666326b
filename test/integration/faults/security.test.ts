import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {defaultDataDir} from '../../../source/services/stack/layout.js';
import {samplesDir} from '../../helpers/randomuser-stub.js';
import {runCli} from '../../helpers/run-cli.js';
import {waitFor} from '../../helpers/wait-for.js';

describe('security checks on the running stack and our own output', () => {
	it('every port of the local stack binds 127.0.0.1 only', () => {
		const runDir = join(defaultDataDir(), 'run');
		const pids = ['kafka', 'hbase', 'thrift'].map(name => readFileSync(join(runDir, `${name}.pid`), 'utf8').trim());
		const listening = execFileSync('ss', ['-Hltnp'], {encoding: 'utf8'})
			.split('\n')
			.filter(line => pids.some(pid => line.includes(`pid=${pid},`)));
		expect(listening.length).toBeGreaterThanOrEqual(8);
		for (const line of listening) {
			const local = line.trim().split(/\s+/)[3] ?? '';
			expect(local, line).toMatch(/^(127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]):\d+$/);
		}
	});

	it('no credential from the API samples reaches our log file', () => {
		const log = readFileSync(join(defaultDataDir(), 'logs', 'userdata-tui.log'), 'utf8');
		const users = (JSON.parse(readFileSync(new URL('v1.4/results_0100_seed-gamma.json', samplesDir), 'utf8')) as {
			results: Array<{login: {salt: string; md5: string; sha1: string; sha256: string}}>;
		}).results;
		for (const user of users) for (const secret of [user.login.salt, user.login.sha1, user.login.sha256]) expect(log.includes(secret)).toBe(false);
		expect(log).not.toMatch(/"(password|salt|md5|sha1|sha256)":"[^[]/);
	});

	it('a SASL password never shows in --help, status, errors or the log', async () => {
		const secret = 'sup3r-s3cret-sasl-pw';
		const logFile = join(defaultDataDir(), 'logs', 'sasl-test.log');
		const env = {
			...process.env,
			USERDATA_SASL_MECHANISM: 'plain',
			USERDATA_SASL_USERNAME: 'alice',
			USERDATA_SASL_PASSWORD: secret,
			USERDATA_LOG_FILE: logFile,
			// A broker that does not speak SASL: the command fails, and its error must not echo the secret.
			USERDATA_BROKERS: '127.0.0.1:1',
		};
		const outputs = [await runCli(['--help'], env), await runCli(['stack', 'status'], env), await runCli(['produce', '--help'], env), await runCli(['init'], env)];
		expect(outputs[3]!.code).toBe(1);
		for (const output of outputs) expect(output.io.text()).not.toContain(secret);
		// The file logger writes asynchronously: wait for the failure's own line, then read it all.
		const log = await waitFor(() => {
			const text = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
			return text.includes('command failed') ? text : undefined;
		}, 'the log line of the failed init', 10_000);
		expect(log).not.toContain(secret);
	});
});
