import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';

/**
 * The CRUD commands' flag parsing, exit codes and messages, without HBase: the Thrift port
 * points where nothing listens, so a command that tried to reach HBase would exit 1 with
 * "unreachable" instead of the usage error (2) these tests expect.
 */
const dir = mkdtempSync(join(tmpdir(), 'crud-cli-'));
const env = {
	...process.env,
	USERDATA_CONFIG_DIR: dir,
	USERDATA_LOG_FILE: join(dir, 'test.log'),
	USERDATA_THRIFT_HOST: '127.0.0.1',
	USERDATA_THRIFT_PORT: '1',
};
const notJson = join(dir, 'not.json');
writeFileSync(notJson, '{"name": {"first": "Ava"');
const twoUsers = join(dir, 'two.json');
writeFileSync(twoUsers, JSON.stringify({results: [{}, {}]}));

// The log file stays: pino opens it asynchronously, possibly after the last test.
afterAll(() => {
	for (const file of [notJson, twoUsers]) rmSync(file, {force: true});
});

const cli = (...args: string[]) => runCli(['--table', 'userdata_cli_test', ...args], env);
const REQUIRED = ['--set', 'info:first_name=Ava', '--set', 'info:last_name=Lind', '--set', 'contact:email=ava@example.com'];

describe('crud commands: help', () => {
	it('lists every CRUD command in the program help', async () => {
		const {code, io} = await cli('--help');
		expect(code).toBe(0);
		for (const name of ['get', 'scan', 'count', 'create', 'update', 'delete', 'history', 'restore']) {
			expect(io.text()).toMatch(new RegExp(`^\\s+${name}\\b`, 'm'));
		}
	});

	it.each([
		['get', ['--versions <n>', 'Exit codes']],
		['scan', ['--prefix <p>', '--start <row>', '--limit <n>', '--columns <list>', '--where <filter>']],
		['count', ['--prefix <p>']],
		['create', ['--file <file>', '--set <family:qualifier=value>', 'login.uuid']],
		['update', ['--set', '--unset <family:qualifier>', '--if-unchanged-since <ts>']],
		['delete', ['--column <family:qualifier>']],
		['history', ['<family:qualifier>', 'newest first']],
		['restore', ['<timestamp>']],
	])('%s --help shows its flags', async (command, expected) => {
		const {code, io} = await cli(command, '--help');
		expect(code).toBe(0);
		for (const text of expected) expect(io.text()).toContain(text);
	});
});

describe('crud commands: bad input exits 2 with a message naming the problem, before any call to HBase', () => {
	it.each([
		['--set without "="', ['create', '--set', 'info:first_name'], /--set "info:first_name": missing '='/],
		['unknown family', ['create', ...REQUIRED, '--set', 'foo:bar=x'], /foo:bar: unknown family 'foo'/],
		['unknown qualifier', ['create', ...REQUIRED, '--set', 'info:nick=x'], /info:nick: unknown qualifier 'nick'/],
		['empty value', ['create', ...REQUIRED, '--set', 'address:city='], /address:city: empty value/],
		['oversized value', ['create', ...REQUIRED, '--set', `address:city=${'x'.repeat(5000)}`], /address:city: value too long \(5000 characters > 4096\)/],
		['same column twice', ['create', ...REQUIRED, '--set', 'info:first_name=Eva'], /info:first_name: set twice/],
		['missing required column', ['create', '--set', 'info:first_name=Ava'], /required for a new user/],
		['bad email', ['create', '--set', 'info:first_name=A', '--set', 'info:last_name=L', '--set', 'contact:email=nope'], /not an email address/],
		['nothing to create', ['create'], /nothing to create/],
		['--file and --set together', ['create', '--file', notJson, ...REQUIRED], /either --file or --set/],
		['file that is not JSON', ['create', '--file', notJson], /--file .*not\.json: not JSON/],
		['file that does not exist', ['create', '--file', join(dir, 'absent.json')], /cannot read it \(ENOENT\)/],
		['file with two users', ['create', '--file', twoUsers], /expected exactly 1 user, got 2 users/],
		['empty id', ['get', ''], /id: empty row key/],
		['id with a control character', ['get', 'abc\u001b[2J'], /id: row key contains a control character \(U\+001B at 3\)/],
		['id too long', ['delete', 'k'.repeat(129)], /row key too long/],
		['--versions out of range', ['get', 'abc', '--versions', '4'], /--versions: expected a whole number from 1 to 3/],
		['--versions not a number', ['get', 'abc', '--versions', 'all'], /--versions: expected a whole number \(got "all"\)/],
		['--limit out of range', ['scan', '--limit', '5000'], /--limit/],
		['--where without an operator', ['scan', '--where', 'contact:email'], /--where "contact:email": expected family:qualifier~text/],
		['--columns with an unknown family', ['scan', '--columns', 'info,extra'], /unknown family 'extra'/],
		['update with nothing to do', ['update', 'abc'], /nothing to update/],
		['update --set without "="', ['update', 'abc', '--set', 'address:city'], /missing '='/],
		['update clearing a required cell', ['update', 'abc', '--unset', 'contact:email'], /required column cannot be cleared/],
		['bad --if-unchanged-since', ['update', 'abc', '--set', 'address:city=Oslo', '--if-unchanged-since', 'yesterday'], /--if-unchanged-since: expected a timestamp/],
		['delete --column with a family only', ['delete', 'abc', '--column', 'info'], /expected family:qualifier/],
		['history of an unknown column', ['history', 'abc', 'info:nick'], /unknown qualifier 'nick'/],
		['restore at a bad timestamp', ['restore', 'abc', 'info:title', 'then'], /timestamp: expected a timestamp/],
		['missing id', ['get'], /missing required argument 'id'/],
		['unknown flag', ['get', 'abc', '--version', '2'], /unknown option '--version'/],
	])('%s', async (_name, args, message) => {
		const {code, io} = await cli(...args);
		expect(io.stderr.join('\n')).toMatch(message);
		expect(io.stderr.join('\n')).not.toMatch(/unreachable/);
		expect(code).toBe(2);
		expect(io.stdout).toEqual([]);
	});
});

describe('crud commands: HBase down', () => {
	it('exits 1 with a clear line instead of hanging', async () => {
		const {code, io} = await cli('get', 'abc');
		expect(code).toBe(1);
		expect(io.stderr.join('\n')).toMatch(/error: HBase Thrift at 127\.0\.0\.1:1 is unreachable/);
	});
});
