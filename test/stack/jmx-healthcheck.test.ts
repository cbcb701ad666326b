import {execFile} from 'node:child_process';
import {createServer, type Server} from 'node:http';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';

/*
 * The cluster file's healthcheck of the NameNode and the HBase master (plain bash, one HTTP GET
 * to a daemon's /jmx servlet) against a stand-in servlet that answers as Hadoop's does: the bean
 * the query names, pretty-printed by Jackson. Healthy only when every pattern matches.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const script = join(root, 'stack/docker/hbase/jmx-healthcheck.sh');

function check(...args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
	return new Promise(done => {
		execFile('bash', [script, ...args], {timeout: 15_000}, (error, stdout, stderr) => {
			done({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr});
		});
	});
}

const servers: Server[] = [];
afterEach(async () => {
	for (const server of servers.splice(0)) await new Promise(done => server.close(done));
});

/** A /jmx servlet holding `beans` (name → attributes); records the queries it was asked. */
async function servlet(beans: Record<string, Record<string, unknown>>, queries: string[] = []): Promise<number> {
	const server = createServer((request, response) => {
		const query = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('qry') ?? '';
		queries.push(query);
		const found = beans[query];
		response.writeHead(200, {'content-type': 'application/json; charset=utf8'});
		response.end(JSON.stringify({beans: found ? [{name: query, ...found}] : []}, null, 2).replaceAll('": ', '" : '));
	});
	servers.push(server);
	await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
	return (server.address() as {port: number}).port;
}

const nameNode = 'Hadoop:service=NameNode,name=FSNamesystemState';
const healthy = ['"FSState" *: *"Operational"', '"NumLiveDataNodes" *: *[1-9]'];

describe('the JMX healthcheck', () => {
	it('is healthy when the bean the query names matches every pattern', async () => {
		const queries: string[] = [];
		const port = await servlet({[nameNode]: {FSState: 'Operational', NumLiveDataNodes: 1}}, queries);
		const result = await check(String(port), nameNode, ...healthy);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		// The bean name arrives whole, although it holds '=' and ','.
		expect(queries).toEqual([nameNode]);
	});

	it('is unhealthy when one pattern does not match: safe mode, or no live DataNode', async () => {
		for (const state of [
			{FSState: 'safeMode', NumLiveDataNodes: 1},
			{FSState: 'Operational', NumLiveDataNodes: 0},
		]) {
			const port = await servlet({[nameNode]: state});
			const result = await check(String(port), nameNode, ...healthy);
			expect(result.code, JSON.stringify(state)).toBe(1);
			expect(result.stderr).toMatch(/no match for/);
		}
	});

	it('is unhealthy when the bean is not published yet, and when nothing answers', async () => {
		const port = await servlet({});
		expect((await check(String(port), nameNode, ...healthy)).code).toBe(1);
		const closed = await servlet({});
		await new Promise(done => servers.pop()!.close(done));
		const result = await check(String(closed), nameNode, ...healthy);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/nothing answers/);
	});

	it('refuses to call a daemon healthy without a pattern to check', async () => {
		const port = await servlet({[nameNode]: {FSState: 'Operational'}});
		expect((await check(String(port), nameNode)).code).toBe(2);
	});
});
