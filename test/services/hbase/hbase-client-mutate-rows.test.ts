import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {TimeoutError, UnavailableError, UserdataError, ValidationError} from '../../../source/domain/errors.js';
import {HbaseClient, type RowWrite} from '../../../source/services/hbase/hbase-client.js';
import {ThriftConnection} from '../../../source/services/hbase/thrift-connection.js';
import {loadHbaseBindings} from '../../../source/services/hbase/thrift-runtime.js';
import {FakeGateway} from '../../helpers/fake-gateway.js';

/**
 * HbaseClient.mutateRows sends its own prebuilt message on the runtime's connection. Here it runs
 * against a gateway made of the generated Processor and the npm runtime's server, in this process:
 * the gateway must decode the message, and the answer must reach the caller through the runtime's
 * receive path, with every guarantee of ThriftConnection (deadline, failure on close, reconnect,
 * error mapping) and without upsetting the sequence ids of generic calls around it.
 */

const rows: RowWrite[] = [
	{
		row: 'row-ش',
		cells: [
			{column: 'info:first_name', value: 'مهدی'},
			{column: 'info:last_name', value: 'Јовановић'},
			{column: 'address:city', value: 'Київ 😀'},
			{column: 'info:title', value: ''},
			{column: 'contact:phone'},
		],
	},
	{row: 'row-2', cells: [{column: 'contact:email', value: 'a@b.co'}]},
];

describe('HbaseClient.mutateRows on a Thrift connection', () => {
	let gateway: FakeGateway;
	let connection: ThriftConnection;
	let hbase: HbaseClient;

	beforeEach(async () => {
		gateway = new FakeGateway();
		const port = await gateway.start();
		connection = new ThriftConnection({host: '127.0.0.1', port, callTimeoutMs: 500, connectTimeoutMs: 2000});
		hbase = new HbaseClient(connection);
	});

	afterEach(async () => {
		await connection.close();
		await gateway.stop();
	});

	it('is decoded by the generated server, strings intact, between generic calls', async () => {
		expect(await hbase.tableNames()).toEqual(['userdata']);
		await hbase.mutateRows('userdata', rows, 1_764_237_600_123);
		expect(await hbase.tableNames()).toEqual(['userdata']);
		await hbase.mutateRows('userdata', rows);
		await Promise.all([hbase.mutateRows('userdata', rows, 5), hbase.tableNames(), hbase.mutateRows('userdata', rows, 6)]);
		expect(gateway.received).toEqual([
			{method: 'mutateRowsTs', table: 'userdata', rows, timestamp: 1_764_237_600_123},
			{method: 'mutateRows', table: 'userdata', rows},
			{method: 'mutateRowsTs', table: 'userdata', rows, timestamp: 5},
			{method: 'mutateRowsTs', table: 'userdata', rows, timestamp: 6},
		]);
		expect(gateway.connections).toBe(1);
	});

	it('maps IOError onto a UserdataError that keeps canRetry, and IllegalArgument onto a ValidationError', async () => {
		const {IOError, IllegalArgument} = loadHbaseBindings().types;
		gateway.answer = reply => reply(new IOError({message: 'org.apache.hadoop.hbase.RegionTooBusyException: busy\n\tat ...', canRetry: true}));
		const busy = await hbase.mutateRows('userdata', rows, 1).catch((error: unknown) => error);
		expect(busy).toBeInstanceOf(UserdataError);
		expect(busy).toMatchObject({retriable: true, message: 'HBase mutateRowsTs failed: a region of the table is moving or busy; try again in a moment'});
		// The Java text stays whole in the cause, for the log.
		expect((busy as Error).cause).toMatchObject({message: expect.stringContaining('RegionTooBusyException: busy')});

		gateway.answer = reply => reply(new IOError({message: 'NoSuchColumnFamilyException: nope', canRetry: false}));
		await expect(hbase.mutateRows('userdata', rows)).rejects.toMatchObject({retriable: false, message: expect.stringMatching(/^HBase mutateRows failed/)});

		gateway.answer = reply => reply(new IllegalArgument({message: 'bad row'}));
		await expect(hbase.mutateRows('userdata', rows, 1)).rejects.toBeInstanceOf(ValidationError);

		// The connection survived all three answers.
		gateway.answer = reply => reply(null);
		await hbase.mutateRows('userdata', rows, 1);
		expect(gateway.connections).toBe(1);
	});

	it('fails at its deadline when the gateway does not answer, and the next call reconnects', async () => {
		gateway.answer = () => {};
		const started = Date.now();
		await expect(hbase.mutateRows('userdata', rows, 1)).rejects.toBeInstanceOf(TimeoutError);
		expect(Date.now() - started).toBeLessThan(2000);

		gateway.answer = reply => reply(null);
		await hbase.mutateRows('userdata', rows, 2);
		expect(gateway.connections).toBe(2);
		expect(gateway.received.at(-1)?.timestamp).toBe(2);
	});

	it('fails at once when the socket closes under a pending call, and the next call reconnects', async () => {
		gateway.answer = (_reply, sockets) => {
			for (const socket of sockets) socket.destroy();
		};
		const started = Date.now();
		await expect(hbase.mutateRows('userdata', rows, 1)).rejects.toBeInstanceOf(UnavailableError);
		expect(Date.now() - started).toBeLessThan(400); // before the 500 ms deadline

		gateway.answer = reply => reply(null);
		await hbase.mutateRows('userdata', rows, 2);
		expect(gateway.connections).toBe(2);
	});

	it('refuses a fractional timestamp before anything is sent', async () => {
		await expect(hbase.mutateRows('userdata', rows, 1.5)).rejects.toBeInstanceOf(ValidationError);
		expect(gateway.received).toEqual([]);
		await hbase.mutateRows('userdata', rows, 2); // the sequence ids are still in step
		expect(gateway.received).toHaveLength(1);
	});
});
