import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {type UserRecord} from '../../../source/domain/user-record.js';
import {ConnectionPool} from '../../../source/services/hbase/connection-pool.js';
import {loadHbaseBindings} from '../../../source/services/hbase/thrift-runtime.js';
import {ThriftConnection} from '../../../source/services/hbase/thrift-connection.js';
import {HbaseRowWriter, type SinkRow, type WriteLimits} from '../../../source/services/pipeline/hbase-writer.js';
import {FakeGateway} from '../../helpers/fake-gateway.js';

/**
 * The writer's own logic (how rows become calls, how many are in flight, what a refused call
 * does) against an in-process gateway that holds each answer until the test releases it.
 */
let gateway: FakeGateway;
let pool: ConnectionPool;
let port = 0;
let outstanding = 0;
let maxOutstanding = 0;

beforeEach(async () => {
	gateway = new FakeGateway();
	port = await gateway.start();
	outstanding = 0;
	maxOutstanding = 0;
	// Calls are answered a moment later, so overlapping calls really overlap.
	gateway.answer = reply => {
		outstanding++;
		maxOutstanding = Math.max(maxOutstanding, outstanding);
		setTimeout(() => {
			outstanding--;
			reply(null);
		}, 20);
	};
});

afterEach(async () => {
	await pool?.close();
	await gateway.stop();
});

function writer(limits: WriteLimits, connections = 4): HbaseRowWriter {
	pool = new ConnectionPool(() => new ThriftConnection({host: '127.0.0.1', port, callTimeoutMs: 5000}), connections);
	return new HbaseRowWriter(pool, 'userdata', limits);
}

function row(id: string, first: string, timestamp: number, offset: number): SinkRow {
	const record: UserRecord = {id, info: {first_name: first}, contact: {}, address: {}};
	return {record, timestamp, offset: String(offset)};
}

const hooks = () => ({signal: new AbortController().signal});

describe('HbaseRowWriter', () => {
	it('splits a batch into calls within the limits, one timestamp per call, every row written once', async () => {
		const rows = [...Array.from({length: 7}, (_, i) => row(`a${i}`, 'x', 1000, i)), ...Array.from({length: 3}, (_, i) => row(`b${i}`, 'y', 2000, 7 + i))];
		const outcome = await writer({rowsPerCall: 3, callsInFlight: 1}).write(rows, hooks());
		expect(outcome).toEqual({written: 10, rejected: []});
		expect(gateway.received.map(call => [call.timestamp, call.rows.length])).toEqual([
			[1000, 3],
			[1000, 3],
			[1000, 1],
			[2000, 3],
		]);
		expect(gateway.received.flatMap(call => call.rows.map(r => r.row))).toEqual(rows.map(r => r.record.id));
	});

	it('keeps up to callsInFlight calls of a batch going at once', async () => {
		const rows = Array.from({length: 40}, (_, i) => row(`k${i}`, 'x', 1000, i));
		const outcome = await writer({rowsPerCall: 5, callsInFlight: 3}).write(rows, hooks());
		expect(outcome.written).toBe(40);
		expect(maxOutstanding).toBe(3);
		expect(new Set(gateway.received.flatMap(call => call.rows.map(r => r.row))).size).toBe(40);
	});

	it('writes one call at a time when a row key repeats at one timestamp, so the last value wins', async () => {
		const rows = [...Array.from({length: 20}, (_, i) => row(`k${i}`, 'old', 1000, i)), row('k0', 'new', 1000, 20)];
		await writer({rowsPerCall: 5, callsInFlight: 3}).write(rows, hooks());
		expect(maxOutstanding).toBe(1);
		const values = gateway.received.flatMap(call => call.rows.filter(r => r.row === 'k0').map(r => r.cells[0]!.value));
		expect(values).toEqual(['old', 'new']);
	});

	it('retries a refused call row by row: the bad row is rejected, its neighbours written', async () => {
		const {IllegalArgument} = loadHbaseBindings().types;
		gateway.answer = reply => {
			const last = gateway.received.at(-1)!;
			if (last.rows.some(r => r.row === 'bad')) reply(new IllegalArgument({message: 'row bad refused'}));
			else reply(null);
		};
		const rows = [row('ok1', 'x', 1000, 1), row('bad', 'x', 1000, 2), row('ok2', 'x', 1000, 3)];
		const outcome = await writer({rowsPerCall: 10, callsInFlight: 2}).write(rows, hooks());
		expect(outcome.written).toBe(2);
		expect(outcome.rejected.map(r => r.row.record.id)).toEqual(['bad']);
		expect(outcome.rejected[0]!.reason).toMatch(/HBase refused the row: .*row bad refused/);
	});

	describe('a permanent refusal (a family missing from the table)', () => {
		const javaText = (family: string) =>
			`org.apache.hadoop.hbase.client.RetriesExhaustedWithDetailsException: Failed 1 action: org.apache.hadoop.hbase.regionserver.NoSuchColumnFamilyException: Column family ${family} does not exist in region userdata,,1796494871361.bc6f4fe35d7aa93a4969cf80afc3d334. in table 'userdata', {NAME => 'info'}`;
		const refuseAddress = () => {
			const {IOError} = loadHbaseBindings().types;
			gateway.answer = reply => {
				const last = gateway.received.at(-1)!;
				if (last.rows.some(r => r.cells.some(c => c.column.startsWith('address:')))) reply(new IOError({message: javaText('address'), canRetry: true}));
				else reply(null);
			};
		};
		const withAddress = (id: string, offset: number): SinkRow => ({
			record: {id, info: {first_name: 'x'}, contact: {}, address: {city: 'Oslo'}},
			timestamp: 1000,
			offset: String(offset),
		});

		it('with onRefused dlq: rows with cells in the family are rejected with the one line, the others written', async () => {
			refuseAddress();
			const refusals: unknown[] = [];
			const rows = [withAddress('a1', 1), row('plain', 'x', 1000, 2), withAddress('a2', 3)];
			const outcome = await writer({rowsPerCall: 10}).write(rows, {...hooks(), onRefused: 'dlq', onRefusal: r => refusals.push(r)});
			expect(outcome.written).toBe(1);
			expect(outcome.rejected.map(r => [r.row.record.id, r.reason])).toEqual([
				['a1', 'table userdata has no family address: run `userdata-tui init --fix`'],
				['a2', 'table userdata has no family address: run `userdata-tui init --fix`'],
			]);
			expect(refusals[0]).toEqual({kind: 'missing-family', table: 'userdata', family: 'address'});
		});

		it('with onRefused wait (the default): waits, naming the refusal at each stall, and writes once the family exists', async () => {
			refuseAddress();
			const stalls: string[] = [];
			const done = writer({rowsPerCall: 10}).write([withAddress('a1', 1)], {
				...hooks(),
				onStall: (_attempt, _delay, message) => {
					stalls.push(message);
					// `init --fix` added the family: the next try goes through.
					if (stalls.length === 2) gateway.answer = reply => reply(null);
				},
			});
			const outcome = await done;
			expect(outcome).toEqual({written: 1, rejected: []});
			expect(stalls).toEqual(Array.from({length: 2}, () => 'table userdata has no family address: run `userdata-tui init --fix`'));
		});
	});
});
