import {createServer, type Server} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {initCommand} from '../../../source/commands/init.js';
import {cliOptions, reportFailure} from '../../../source/commands/io.js';
import {type Services} from '../../../source/services/create-services.js';
import {COMPOSE_CLUSTER_FILE, composeFileOf, composeFixCommand, unreachableHbaseError, unreachableServer} from '../../../source/services/init/fix-route.js';
import {tableToolArgs} from '../../../source/services/init/table-tool.js';
import {wantedFamilies} from '../../../source/domain/table-schema.js';
import {captureIo} from '../../helpers/capture-io.js';
import {userLine} from '../../../source/domain/errors.js';

/*
 * `init --fix` runs HBase's Java Admin tool, which connects to the region servers by the names
 * HBase registered. The docker compose stack registers its container's name (`hbase:16020`),
 * which the host cannot resolve: init must refuse at once with the command that runs the tool
 * inside the container, never start a JVM that retries for minutes.
 */

// Never resolves: the .invalid top-level domain is reserved (RFC 2606), as `hbase` is on a host.
const composeServer = {host: 'hbase.invalid', port: 16020};
// A region server of docker-compose.cluster.yml, which registers as regionserver-N.
const clusterServer = {host: 'regionserver-2.invalid', port: 16020};

describe('where init --fix can run', () => {
	let server: Server;
	let port = 0;
	let closedPort = 0;

	beforeAll(async () => {
		server = createServer(socket => socket.destroy());
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		port = (server.address() as {port: number}).port;
		const probe = createServer();
		await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve));
		closedPort = (probe.address() as {port: number}).port;
		await new Promise(resolve => probe.close(resolve));
	});

	afterAll(async () => {
		await new Promise(resolve => server.close(resolve));
	});

	it('goes on when every region server answers (the local stack registers 127.0.0.1)', async () => {
		expect(await unreachableServer([{host: '127.0.0.1', port}])).toBeUndefined();
	});

	it('names the region server whose name does not resolve, or whose port nobody answers', async () => {
		expect(await unreachableServer([{host: '127.0.0.1', port}, composeServer])).toEqual(composeServer);
		expect(await unreachableServer([{host: '127.0.0.1', port: closedPort}])).toEqual({host: '127.0.0.1', port: closedPort});
	});

	it('gives the one command that runs the tool in the compose stack, with the same arguments as on the host', () => {
		expect(composeFixCommand('userdata', wantedFamilies(), {})).toBe('docker compose exec hbase fix-families userdata address:3:GZ: contact:3:GZ: info:3:GZ:');
		expect(composeFixCommand('people', wantedFamilies(), {dropExtra: true, splitKeys: ['8']})).toBe(
			`docker compose exec hbase fix-families ${tableToolArgs('people', wantedFamilies(), {dropExtra: true, splitKeys: ['8']}).join(' ')}`,
		);
		expect(composeFixCommand('people', wantedFamilies(), {create: true, splitKeys: ['8']})).toBe(
			'docker compose exec hbase fix-families people address:3:GZ: contact:3:GZ: info:3:GZ: --create --split 8',
		);
	});

	it('names the cluster file when the region server is one of docker-compose.cluster.yml', () => {
		expect(composeFixCommand('userdata', wantedFamilies(), {}, COMPOSE_CLUSTER_FILE)).toBe(
			'docker compose -f docker-compose.cluster.yml exec hbase fix-families userdata address:3:GZ: contact:3:GZ: info:3:GZ:',
		);
		for (const host of ['regionserver-1', 'regionserver-2', 'userdata-tui-cluster-regionserver-1-1.userdata-tui-cluster_default']) {
			expect(composeFileOf({host, port: 16020}), host).toBe(COMPOSE_CLUSTER_FILE);
		}
		for (const host of ['hbase', 'userdata-tui-hbase-1.userdata-tui_default', '127.0.0.1', 'myregionserver-1x']) {
			expect(composeFileOf({host, port: 16020}), host).toBeUndefined();
		}
	});

	it('says it in one line: what cannot be reached, and the command', () => {
		const line = userLine(unreachableHbaseError({host: 'hbase', port: 16020}, 'userdata', composeFixCommand('userdata', wantedFamilies(), {})), cliOptions);
		expect(line).not.toContain('\n');
		expect(line).toContain('hbase:16020');
		expect(line).toContain('`docker compose exec hbase fix-families userdata address:3:GZ: contact:3:GZ: info:3:GZ:`');
	});
});

describe('init --fix against a stack whose region servers this machine cannot reach', () => {
	/** Just enough of the services for init: topics exist, the table lacks a family, HBase names its server `hbase.invalid`. */
	function composeLikeServices(server = composeServer, tables = ['userdata']): {services: Services; calls: string[]} {
		const calls: string[] = [];
		const admin = {
			connect: async () => {},
			disconnect: async () => {},
			describeCluster: async () => ({brokers: [{nodeId: 1}]}),
			listTopics: async () => ['userdata', 'userdata.dlq'],
			createTopics: async () => true,
			fetchTopicMetadata: async () => ({
				topics: ['userdata', 'userdata.dlq'].map(name => ({name, partitions: [0, 1, 2].map(partition => ({partitionId: partition, replicas: [1]}))})),
			}),
		};
		const hbase = {
			tableNames: async () => tables,
			families: async () => [
				{name: 'contact', maxVersions: 3, compression: 'GZ'},
				{name: 'info', maxVersions: 3, compression: 'GZ'},
			],
			regions: async () => [{name: 'userdata,,1.abc.', startKey: '', endKey: '', serverName: 'hbase.invalid', port: 16020}],
			regionServers: async (table: string) => {
				calls.push(`regionServers ${table}`);
				return [server];
			},
		};
		const services = {
			settings: {topic: 'userdata', table: 'userdata', dataDir: '/nonexistent'},
			kafka: () => ({admin: () => admin}),
			thriftConnection: () => ({close: async () => {}}),
			hbase: () => hbase,
		} as unknown as Services;
		return {services, calls};
	}

	it('refuses at once with the docker compose command, exit 1, and runs no Java tool', async () => {
		const {services, calls} = composeLikeServices();
		const io = captureIo();
		const failure = await initCommand(services, {partitions: 3, fix: true, zookeeper: '127.0.0.1:2181'}, io).then(
			() => undefined,
			(error: unknown) => error,
		);
		expect(failure).toBeDefined();
		expect(calls).toEqual(['regionServers hbase:meta']);
		expect(reportFailure(failure, io, undefined)).toBe(1);
		expect(io.stderr).toEqual([
			expect.stringMatching(
				/^error: init cannot change table userdata from this machine: .*hbase\.invalid:16020.*`docker compose exec hbase fix-families userdata address:3:GZ: contact:3:GZ: info:3:GZ:`$/,
			),
		]);
	});

	it('against docker-compose.cluster.yml, the command names that file', async () => {
		const {services} = composeLikeServices(clusterServer);
		const io = captureIo();
		const failure = await initCommand(services, {partitions: 3, fix: true, zookeeper: '127.0.0.1:2181'}, io).then(
			() => undefined,
			(error: unknown) => error,
		);
		expect(reportFailure(failure, io, undefined)).toBe(1);
		expect(io.stderr).toEqual([
			expect.stringMatching(
				/^error: init cannot change table userdata from this machine: .*regionserver-2\.invalid:16020.*`docker compose -f docker-compose\.cluster\.yml exec hbase fix-families userdata address:3:GZ: contact:3:GZ: info:3:GZ:`$/,
			),
		]);
	});

	it("a new table split over the cluster file's region servers: the topics are made, then the command that creates it in the container", async () => {
		const {services, calls} = composeLikeServices(clusterServer, []);
		const io = captureIo();
		const failure = await initCommand(services, {partitions: 3, regions: 4, zookeeper: '127.0.0.1:2181'}, io).then(
			() => undefined,
			(error: unknown) => error,
		);
		expect(calls).toEqual(['regionServers hbase:meta']);
		expect(reportFailure(failure, io, undefined)).toBe(1);
		expect(io.stderr).toEqual([
			expect.stringMatching(
				/`docker compose -f docker-compose\.cluster\.yml exec hbase fix-families userdata address:3:GZ: contact:3:GZ: info:3:GZ: --create --split 4 --split 8 --split c`$/,
			),
		]);
	});

	it('without --fix only reports the difference, and asks HBase for nothing more', async () => {
		const {services, calls} = composeLikeServices();
		await expect(initCommand(services, {partitions: 3, zookeeper: '127.0.0.1:2181'}, captureIo())).rejects.toThrow(/exists with another layout/);
		expect(calls).toEqual([]);
	});
});
