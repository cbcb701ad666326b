import {execFile} from 'node:child_process';
import {createServer, type Server, type Socket} from 'node:net';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {loadHbaseBindings} from '../../source/services/hbase/thrift-runtime.js';
import {FakeGateway} from '../helpers/fake-gateway.js';

/*
 * The HBase image's healthcheck (plain bash, one Thrift call by hand) against a Thrift1 server
 * made of the generated HBase processor and the npm runtime (FakeGateway): healthy only when
 * getTableNames is answered with a list of tables, as `stack up` waits for.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const healthcheck = join(root, 'stack/docker/hbase/hbase-healthcheck.sh');

function check(port: number): Promise<{code: number; stdout: string; stderr: string}> {
	return new Promise(done => {
		execFile('bash', [healthcheck, '127.0.0.1', String(port)], {timeout: 15_000}, (error, stdout, stderr) => {
			done({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr});
		});
	});
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function gateway(): Promise<{gateway: FakeGateway; port: number}> {
	const fake = new FakeGateway();
	const port = await fake.start();
	cleanups.push(async () => fake.stop());
	return {gateway: fake, port};
}

async function rawServer(onConnection: (socket: Socket) => void): Promise<number> {
	const sockets = new Set<Socket>();
	const server: Server = createServer(socket => {
		sockets.add(socket);
		onConnection(socket);
	});
	await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
	cleanups.push(async () => {
		for (const socket of sockets) socket.destroy();
		await new Promise(done => server.close(done));
	});
	return (server.address() as {port: number}).port;
}

describe('the HBase image healthcheck', () => {
	it('is healthy when the gateway answers getTableNames', async () => {
		const {port} = await gateway();
		const result = await check(port);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		expect(result.stdout).toBe(`Thrift on 127.0.0.1:${port} answers getTableNames\n`);
	});

	it('also with no tables yet (an empty list is an answer)', async () => {
		const {gateway: fake, port} = await gateway();
		fake.answerTableNames = reply => reply(null, []);
		expect((await check(port)).code).toBe(0);
	});

	it('is unhealthy when the gateway answers with an IOError (the master still initializing)', async () => {
		const {gateway: fake, port} = await gateway();
		const {IOError} = loadHbaseBindings().types as unknown as {IOError: new (args: {message: string}) => Error};
		fake.answerTableNames = reply => reply(new IOError({message: 'Server is not running yet'}));
		const result = await check(port);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/did not answer getTableNames/);
	});

	it('is unhealthy when nothing listens, or the server never answers', async () => {
		const closed = await rawServer(() => {});
		await cleanups.pop()!(); // closed now: nothing listens on that port any more
		const refused = await check(closed);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toMatch(/nothing answers/);
		const silent = await rawServer(() => {});
		const result = await check(silent);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/reply: none/);
	});
});
