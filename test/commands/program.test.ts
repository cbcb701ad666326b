import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {runProgram} from '../../source/commands/program.js';
import {createServices, type ServicesOptions} from '../../source/services/create-services.js';
import {captureIo} from '../helpers/capture-io.js';
import {runCli} from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'program-cli-'));
const env = {...process.env, USERDATA_CONFIG_DIR: dir, USERDATA_HOME: dir, USERDATA_LOG_FILE: join(dir, 'test.log')};

describe('the port offset on the command line', () => {
	it("refuses a bad --port-offset as a usage error, with the parser's words", async () => {
		const {code, io} = await runCli(['stack', 'status', '--port-offset', 'abc'], env);
		expect(code).toBe(2);
		expect(io.stderr.join('\n')).toContain('error: --port-offset must be a whole number from 0 to 40000 (got "abc")');
	});

	it('refuses a bad USERDATA_STACK_PORT_OFFSET the same way config does, for any command', async () => {
		for (const args of [['stack', 'status'], ['count']]) {
			const {code, io} = await runCli(args, {...env, USERDATA_STACK_PORT_OFFSET: '-5'});
			expect(code).toBe(1);
			expect(io.stderr.join('\n')).toContain('error: USERDATA_STACK_PORT_OFFSET must be a whole number from 0 to 40000 (got "-5")');
		}
	});
});

describe('help', () => {
	it('says the timestamp convention', async () => {
		const {io} = await runCli(['--help'], env);
		expect(io.stdout.join('\n')).toContain('ISO 8601 UTC with milliseconds (2025-01-31T14:03:07.123Z)');
	});
});

describe('version', () => {
	it("prints package.json's version for --version and -V, exit 0, and builds no services", async () => {
		const {version} = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string};
		for (const flag of ['--version', '-V']) {
			const {code, io} = await runCli([flag], env);
			expect(code, flag).toBe(0);
			expect(io.stdout.join('\n'), flag).toBe(version);
		}
		// Only on its own: after a command it is an unknown option like any other.
		const after = await runCli(['get', 'abc', '--version'], env);
		expect(after.code).toBe(2);
		expect(after.io.stderr.join('\n')).toContain("unknown option '--version'");
	});
});

describe('services per process', () => {
	/** Runs the program with a recorder in front of createServices; the console hook returns at once. */
	async function recordServices(args: readonly string[]) {
		const built: ServicesOptions[] = [];
		const io = captureIo();
		const code = await runProgram(args, {
			io,
			env,
			signal: new AbortController().signal,
			isTty: true,
			openConsole: async () => 0,
			createServices: (settings, options = {}) => {
				built.push(options);
				return createServices(settings, options);
			},
		});
		return {code, built, io};
	}

	it('builds the services once for a command', async () => {
		const {code, built} = await recordServices(['stack', 'status', '--port-offset', '39000']);
		expect(code).toBe(1); // nothing runs on that offset
		expect(built).toHaveLength(1);
	});

	it('builds them once for the console, whose logs never go to stderr, even with --verbose', async () => {
		const {code, built} = await recordServices(['--verbose']);
		expect(code).toBe(0);
		expect(built).toEqual([{stderrLogs: false, logLevel: 'debug'}]);
	});

	it('logs to stderr with --verbose in a headless command', async () => {
		const {built} = await recordServices(['--verbose', 'stack', 'status', '--port-offset', '39000']);
		expect(built).toEqual([{stderrLogs: true, logLevel: 'debug'}]);
	});
});
