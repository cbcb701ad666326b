import {type Producer} from 'kafkajs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runProgram} from '../../../source/commands/program.js';
import {encodeMessage} from '../../../source/domain/message.js';
import {type UserRecord} from '../../../source/domain/user-record.js';
import {createKafka} from '../../../source/services/kafka/kafka-client.js';
import {silentLogger} from '../../../source/services/logger.js';
import {captureIo} from '../../helpers/capture-io.js';
import {dropTable} from '../../helpers/hbase-read.js';
import {uniqueName, uniqueTable} from '../../helpers/ids.js';
import {runCli} from '../../helpers/run-cli.js';
import {kafkaBroker} from '../../helpers/stack-env.js';
import {waitFor} from '../../helpers/wait-for.js';

/**
 * `tail` on the real stack: seek by offset (one partition, from an offset) and by time (the first
 * record at or after it, in every partition), filters, NDJSON, and --follow seeing a record
 * produced after it started.
 */
const user = (n: number, city: string): UserRecord => ({
	id: `0000000d-0000-4000-8000-${String(n).padStart(12, '0')}`,
	info: {first_name: `Tail${n}`, last_name: 'Person'},
	contact: {email: `t${n}@example.com`},
	address: {city},
});

interface Line {
	partition: number;
	offset: string;
	timestamp: number;
	rowKey?: string;
	name?: string;
	problem?: string;
}

describe('tail: decoded records, seek by offset and by time, follow', () => {
	const topic = uniqueName('tail');
	const table = uniqueTable();
	const base = ['--topic', topic, '--table', table];
	const t1 = Date.parse('2026-03-01T10:00:00.000Z');
	const t2 = Date.parse('2026-03-01T11:00:00.000Z');
	const kafka = createKafka({brokers: [kafkaBroker], clientId: uniqueName('tail-test')}, silentLogger);
	let producer: Producer;

	const send = async (partition: number, timestamp: number, users: UserRecord[]) => {
		await producer.send({topic, acks: -1, messages: users.map(u => ({...encodeMessage(u), partition, timestamp: String(timestamp)}))});
	};
	const lines = (stdout: string[]) => stdout.map(text => JSON.parse(text) as Line);

	beforeAll(async () => {
		expect((await runCli(['init', ...base, '--partitions', '2'])).code).toBe(0);
		producer = kafka.producer();
		await producer.connect();
		// Partition 0: offsets 0-2 at t1, 3-4 at t2. Partition 1: offset 0 at t1, 1 at t2, and a record that is not a user.
		await send(0, t1, [user(0, 'Oslo'), user(1, 'Bergen'), user(2, 'Oslo')]);
		await send(0, t2, [user(3, 'Tromsø'), user(4, 'Oslo')]);
		await send(1, t1, [user(5, 'Bergen')]);
		await send(1, t2, [user(6, 'Oslo')]);
		await producer.send({topic, acks: -1, messages: [{key: 'k-garbage', value: 'not json', partition: 1, timestamp: String(t2)}]});
	});

	afterAll(async () => {
		await producer.disconnect();
		await dropTable(table);
	});

	it('seeks by offset: partition 0 from offset 3, decoded', async () => {
		const result = await runCli(['tail', ...base, '--offset', '0:3', '--json']);
		expect(result.code, result.io.text()).toBe(0);
		expect(lines(result.io.stdout).map(l => [l.partition, l.offset, l.rowKey, l.name, l.timestamp])).toEqual([
			[0, '3', user(3, '').id, 'Tail3 Person', t2],
			[0, '4', user(4, '').id, 'Tail4 Person', t2],
		]);
		const text = await runCli(['tail', ...base, '--offset', '0:4']);
		expect(text.io.stdout).toEqual([`2026-03-01T11:00:00.000Z  p0 @4  ${user(4, '').id}  Tail4 Person`]);
	}, 60_000);

	it('seeks by time: every partition from its first record at or after the time, the undecodable one shown with why', async () => {
		const result = await runCli(['tail', ...base, '--since', '2026-03-01T10:30:00Z', '--json']);
		expect(result.code, result.io.text()).toBe(0);
		const got = lines(result.io.stdout).map(l => `${l.partition}:${l.offset}`);
		expect(got.sort()).toEqual(['0:3', '0:4', '1:1', '1:2']);
		const garbage = lines(result.io.stdout).find(l => l.offset === '2' && l.partition === 1)!;
		expect(garbage.rowKey).toBeUndefined();
		expect(garbage.problem).toMatch(/not JSON/u);
	}, 60_000);

	it('filters by row key and by a column value; reads from the beginning', async () => {
		const byWhere = await runCli(['tail', ...base, '--from-beginning', '--where', 'address:city~OSLO', '--json']);
		expect(
			lines(byWhere.io.stdout)
				.map(l => l.name)
				.sort(),
		).toEqual(['Tail0 Person', 'Tail2 Person', 'Tail4 Person', 'Tail6 Person']);
		const byKey = await runCli(['tail', ...base, '--from-beginning', '--key', user(5, '').id, '--json']);
		expect(lines(byKey.io.stdout).map(l => l.offset)).toEqual(['0']);
		const bad = await runCli(['tail', ...base, '--offset', '0:3', '--since', '1h']);
		expect(bad.code).toBe(2);
	}, 60_000);

	it('--follow shows a record produced after it started, until Ctrl-C', async () => {
		const io = captureIo();
		const controller = new AbortController();
		const running = runProgram(['tail', ...base, '--follow', '--json'], {io, env: process.env, signal: controller.signal, isTty: false});
		// Only new records: started at the end. Produce until the tail has seen one (it may join after the first send).
		let n = 100;
		await waitFor(
			async () => {
				await send(1, Date.now(), [user(n++, 'Live')]);
				return io.stdout.length > 0;
			},
			'a followed record',
			30_000,
			1000,
		);
		controller.abort();
		expect(await running).toBe(0);
		const [first] = lines(io.stdout);
		expect(first!.name).toMatch(/^Tail1\d\d Person$/u);
		expect(Number(first!.offset)).toBeGreaterThanOrEqual(3);
	}, 60_000);
});
