import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
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
