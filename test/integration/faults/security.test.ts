import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {defaultDataDir} from '../../../source/config.js';
import {dropTable} from '../../helpers/hbase-read.js';
import {uniqueName, uniqueTable} from '../../helpers/ids.js';
import {RandomUserStub} from '../../helpers/randomuser-stub.js';
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

	it('no credential of the users served in this run reaches our log file', async () => {
		// Our own run with its own log, so the check looks at the users this very run fetched.
		const stub = new RandomUserStub();
		const apiUrl = await stub.start();
		const topic = uniqueName('security');
		const table = uniqueTable();
		const logFile = join(defaultDataDir(), 'logs', `${topic}.log`);
		const env = {...process.env, USERDATA_LOG_FILE: logFile};
		try {
			expect((await runCli(['init', '--topic', topic, '--table', table], env)).code).toBe(0);
			// One page is answered 429 and one is malformed, so the log holds warnings about API answers too.
			stub.script({kind: 'rate-limit', retryAfter: '0'}, {kind: 'truncated'});
			const produced = await runCli(['produce', '--topic', topic, '--api-url', apiUrl, '--count', '100', '--batch-size', '50'], env);
			expect(produced.code, produced.io.text()).toBe(0);
			const consumed = await runCli(['consume', '--topic', topic, '--table', table, '--group', uniqueName('sink'), '--max', '100'], env);
			expect(consumed.code, consumed.io.text()).toBe(0);
			// The file logger writes asynchronously: wait until the sink's lines are in, then read it all.
			const log = await waitFor(
				() => {
					const text = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
					return text.includes('batch written to hbase') ? text : undefined;
				},
				"the sink's lines in the run's log",
				10_000,
			);
			expect(stub.servedLogins.length).toBeGreaterThanOrEqual(100);
			const hashes = stub.servedLogins.flatMap(login => ['salt', 'md5', 'sha1', 'sha256'].map(key => String(login[key])));
			expect(hashes.every(secret => secret.length >= 8)).toBe(true);
			// Passwords are often dictionary words or digit runs ("consumer", "20202020") that our log
			// says in its own right; only the long mixed ones are specific enough to look for. The hashes
			// and the key pattern below catch a leaked login whatever its password.
			const passwords = stub.servedLogins.map(login => String(login['password'])).filter(password => password.length >= 8 && !/^([a-z]+|\d+)$/.test(password));
			expect(passwords.length).toBeGreaterThan(0);
			const secrets = [...hashes, ...passwords];
			for (const secret of secrets) expect(log.includes(secret), secret).toBe(false);
			expect(log).not.toMatch(/"(password|salt|md5|sha1|sha256)":"[^[]/);
		} finally {
			await stub.close();
			await dropTable(table);
			rmSync(logFile, {force: true});
		}
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
		const log = await waitFor(
			() => {
				const text = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
				return text.includes('command failed') ? text : undefined;
			},
			'the log line of the failed init',
			10_000,
		);
		expect(log).not.toContain(secret);
	});
});
