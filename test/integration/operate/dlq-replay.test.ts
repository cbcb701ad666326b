import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {deadLetterUser} from '../../../source/domain/dlq.js';
import {encodeMessage} from '../../../source/domain/message.js';
import {dlqService} from '../../../source/services/dlq/dlq-service.js';
import {type UserRecord} from '../../../source/domain/user-record.js';
import {HbaseClient} from '../../../source/services/hbase/hbase-client.js';
import {ThriftConnection} from '../../../source/services/hbase/thrift-connection.js';
import {createKafka} from '../../../source/services/kafka/kafka-client.js';
import {silentLogger} from '../../../source/services/logger.js';
import {dropTable} from '../../helpers/hbase-read.js';
import {uniqueName, uniqueTable} from '../../helpers/ids.js';
import {runCli} from '../../helpers/run-cli.js';
import {kafkaBroker, thriftHost, thriftPort} from '../../helpers/stack-env.js';

/**
 * The typical case of issue 12 on the real stack: another admin altered the table and it lacks
 * the family `address`. The sink names the refusal and (with --until-idle) ends with exit 1;
 * with --on-refused dlq it sends those rows to the DLQ and goes on; after `init --fix`,
 * `dlq replay --all` sends them back with their timestamps, the sink writes every one of them
 * (the same cell versions a first write makes), and a second replay replays nothing.
 */
const withAddress = (n: number): UserRecord => ({
	id: `0000000a-0000-4000-8000-${String(n).padStart(12, '0')}`,
	info: {first_name: `Addr${n}`, last_name: 'Row'},
	contact: {email: `a${n}@example.com`},
	address: {city: `City ${n}`, country: 'Norway'},
});
const withoutAddress = (n: number): UserRecord => ({
	id: `0000000b-0000-4000-8000-${String(n).padStart(12, '0')}`,
	info: {first_name: `Plain${n}`},
	contact: {},
	address: {},
});

describe('dead letters of a refused family: list, init --fix, replay, and a replay that replays nothing', () => {
	const topic = uniqueName('refused');
	const table = uniqueTable();
	const group = uniqueName('sink');
	const base = ['--topic', topic, '--table', table];
	const refusedRecords = Array.from({length: 6}, (_, n) => withAddress(n));
	const plainRecords = Array.from({length: 2}, (_, n) => withoutAddress(n));
	// Two pages, two timestamps in the past: the cells must carry these, not the replay's time.
	const stamps = [Date.parse('2026-01-02T03:04:05.678Z'), Date.parse('2026-01-02T03:04:06.789Z')];
	const stampOf = new Map<string, number>();
	const connection = new ThriftConnection({host: thriftHost, port: thriftPort});
	const hbase = new HbaseClient(connection);

	beforeAll(async () => {
		expect((await runCli(['init', ...base, '--partitions', '2'])).code).toBe(0);
		// Another admin dropped the family: the table has info and contact only.
		await dropTable(table);
		await hbase.createTable(table, [
			{name: 'info', maxVersions: 3},
			{name: 'contact', maxVersions: 3},
		]);
		const kafka = createKafka({brokers: [kafkaBroker], clientId: uniqueName('refused-test')}, silentLogger);
		const producer = kafka.producer();
		await producer.connect();
		const records = [...refusedRecords, ...plainRecords];
		await producer.send({
			topic,
			acks: -1,
			messages: records.map((record, index) => {
				const {key, value, headers} = encodeMessage(record);
				const ts = stamps[index % 2]!;
				stampOf.set(record.id, ts);
				return {key, value, headers, timestamp: String(ts)};
			}),
		});
		await producer.disconnect();
	});

	afterAll(async () => {
		await dropTable(table);
		await connection.close();
	});

	it('with the default (wait): names the refusal with the next step, and --until-idle ends with exit 1', async () => {
		const result = await runCli(['consume', ...base, '--group', group, '--until-idle', '3']);
		expect(result.code, result.io.text()).toBe(1);
		const line = `table ${table} has no family address`;
		expect(result.io.stderr.join('\n')).toContain(`hbase: refuses writes: ${line}: run \`userdata-tui init --fix\` (waiting, nothing committed)`);
		expect(result.io.stderr.at(-1)).toBe(
			`error: nothing could be written for 3 s: ${line}. Run \`userdata-tui init --fix\`, or send such rows to the DLQ with --on-refused dlq`,
		);
	}, 60_000);

	it('with --on-refused dlq: the refused rows go to the DLQ with their reason, the others are written', async () => {
		const result = await runCli(['consume', ...base, '--group', group, '--on-refused', 'dlq', '--until-idle', '3']);
		expect(result.code, result.io.text()).toBe(0);
		expect(result.io.stdout[0]).toMatch(/^written 2 rows, dlq 6,/u);
		expect(result.io.stderr.join('\n')).toContain('(such rows go to the DLQ)');

		const listed = await runCli(['dlq', 'list', ...base, '--json']);
		expect(listed.code, listed.io.text()).toBe(0);
		const list = JSON.parse(listed.io.stdout.join('\n')) as {
			total: number;
			byReason: Array<{reason: string; count: number}>;
			letters: Array<{position: string; reason: string; key: string; origin: {topic: string; timestamp: string}}>;
		};
		expect(list.total).toBe(6);
		expect(list.byReason).toEqual([{reason: `table ${table} has no family address`, count: 6}]);
		expect(list.letters.map(l => l.key).sort()).toEqual(refusedRecords.map(r => r.id).sort());
		for (const letter of list.letters) {
			expect(letter.reason).toBe(`table ${table} has no family address: run \`userdata-tui init --fix\``);
			expect(letter.origin.topic).toBe(topic);
			expect(Number(letter.origin.timestamp)).toBe(stampOf.get(letter.key));
		}
		const filtered = await runCli(['dlq', 'list', ...base, '--reason', 'NOT JSON', '--json']);
		expect(JSON.parse(filtered.io.stdout.join('\n'))).toMatchObject({total: 6, matching: 0, letters: []});

		const shown = await runCli(['dlq', 'show', ...base, list.letters[0]!.position]);
		expect(shown.code, shown.io.text()).toBe(0);
		expect(shown.io.stdout.join('\n')).toContain(`reason:    table ${table} has no family address`);
		expect(shown.io.stdout.join('\n')).toContain(`"first_name":"Addr`);
	}, 90_000);

	it('after init --fix, dlq replay --all writes every refused row with its own timestamp; a second replay replays nothing', async () => {
		const fixed = await runCli(['init', ...base, '--fix']);
		expect(fixed.code, fixed.io.text()).toBe(0);

		const replayed = await runCli(['dlq', 'replay', ...base, '--all']);
		expect(replayed.code, replayed.io.text()).toBe(0);
		expect(replayed.io.stdout).toEqual(['6 replayed']);
		expect(replayed.io.stderr.join('\n')).toMatch(/replay: \d+ of 6 sent back/u);

		const consumed = await runCli(['consume', ...base, '--group', group, '--until-idle', '3']);
		expect(consumed.code, consumed.io.text()).toBe(0);
		expect(consumed.io.stdout[0]).toMatch(/^written 6 rows, dlq 0,/u);

		const rows = await hbase.getRows(
			table,
			refusedRecords.map(r => r.id),
		);
		expect(rows).toHaveLength(6);
		for (const row of rows) {
			const record = refusedRecords.find(r => r.id === row.id)!;
			const city = row.cells.find(c => c.column === 'address:city');
			expect(city?.value).toBe(record.address.city);
			// The version a first write would have made: the original record's timestamp.
			for (const cell of row.cells) expect(cell.timestamp, `${row.id} ${cell.column}`).toBe(stampOf.get(row.id));
		}

		const again = await runCli(['dlq', 'replay', ...base, '--all', '--json']);
		expect(again.code, again.io.text()).toBe(0);
		expect(JSON.parse(again.io.stdout.join('\n'))).toMatchObject({replayed: 0});
		const againText = await runCli(['dlq', 'replay', ...base, '--all']);
		expect(againText.io.stdout).toEqual(['0 replayed']);
	}, 120_000);

	it('replays a selected dead letter again on request, without moving the position', async () => {
		const listed = await runCli(['dlq', 'list', ...base, '--limit', '1', '--json']);
		const [first] = (JSON.parse(listed.io.stdout.join('\n')) as {letters: Array<{position: string}>}).letters;
		const selected = await runCli(['dlq', 'replay', ...base, '--select', `${first!.position},${first!.position}`]);
		expect(selected.io.stdout, selected.io.text()).toEqual(['1 replayed']);
		const missing = await runCli(['dlq', 'replay', ...base, '--select', '0:99999']);
		expect(missing.code).toBe(1);
		expect(missing.io.stderr.join('\n')).toContain('no dead letter at 0:99999');
		expect((await runCli(['dlq', 'replay', ...base, '--all'])).io.stdout).toEqual(['0 replayed']);
		const bad = await runCli(['dlq', 'replay', ...base, '--select', 'zero']);
		expect(bad.code).toBe(2);
	}, 90_000);

	it('replays a dead letter fixed in the form: the fixed values are written, at the original timestamp', async () => {
		const kafka = createKafka({brokers: [kafkaBroker], clientId: uniqueName('fix-test')}, silentLogger);
		const service = dlqService({settings: {topic, group}, logger: silentLogger, kafka: () => kafka});
		const {letters} = await service.list({limit: 1});
		const [first] = letters;
		const {record} = deadLetterUser(first!);
		expect(record).toBeDefined();
		const fixed = encodeMessage({...record!, address: {...record!.address, city: 'Fixed City'}});
		expect(await service.replayFixed(first!.position, {key: fixed.key, value: fixed.value})).toMatchObject({replayed: 1});
		const consumed = await runCli(['consume', ...base, '--group', group, '--until-idle', '3']);
		// The record the --select above sent back, then the fixed one (the later write of the same version wins).
		expect(consumed.io.stdout[0], consumed.io.text()).toMatch(/^written 2 rows, dlq 0,/u);
		const row = await hbase.getRow(table, record!.id);
		const city = row?.cells.find(c => c.column === 'address:city');
		expect(city?.value).toBe('Fixed City');
		expect(city?.timestamp).toBe(stampOf.get(record!.id));
	}, 90_000);
});
