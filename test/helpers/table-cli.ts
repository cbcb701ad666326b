import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {expect} from 'vitest';
import {runCli} from './run-cli.js';

/**
 * The CLI pointed at one test table and topic, with a settings folder and log file of its own
 * (a temporary folder `dir`, which tests also use for their files), and a `json` that runs a
 * command with --json, expects exit 0 and parses what it printed.
 */
export function tableCli(table: string, topic: string, prefix: string) {
	const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
	const env = {...process.env, USERDATA_CONFIG_DIR: dir, USERDATA_LOG_FILE: join(dir, 'test.log')};
	const cli = async (...args: string[]) => runCli(['--table', table, '--topic', topic, ...args], env);
	const json = async <T>(...args: string[]): Promise<T> => {
		const {code, io} = await cli('--json', ...args);
		expect(code, io.text()).toBe(0);
		return JSON.parse(io.stdout.join('\n')) as T;
	};
	return {dir, env, cli, json};
}
