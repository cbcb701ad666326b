import {kafkaBroker} from '../../helpers/stack-env.js';
import {type Consumer, type KafkaMessage} from 'kafkajs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {dlqHeaders} from '../../../source/domain/dlq.js';
import {encodeMessage} from '../../../source/domain/message.js';
import {createKafka} from '../../../source/services/kafka/kafka-client.js';
import {silentLogger} from '../../../source/services/logger.js';
import {dropTable, readAllRows} from '../../helpers/hbase-read.js';
import {uniqueName, uniqueTable} from '../../helpers/ids.js';
import {runCli} from '../../helpers/run-cli.js';
import {waitFor} from '../../helpers/wait-for.js';

const good = (n: number) =>
	encodeMessage({
		id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
		info: {first_name: `Good${n}`, last_name: 'Row'},
		contact: {email: `good${n}@example.com`},
		address: {},
	});

/** Records produced raw (not through our producer), each with what makes it unwritable. */
const bad: Array<{name: string; key: string | null; value: Buffer | string | null}> = [
	{name: 'not JSON', key: 'k-notjson', value: 'this is not json'},
	{name: 'truncated JSON', key: 'k-trunc', value: good(900).value.slice(0, 40)},
	{name: 'wrong shape', key: 'k-shape', value: JSON.stringify({hello: 'world'})},
	{name: 'missing id', key: 'k-noid', value: JSON.stringify({schema: 1, info: {}, contact: {}, address: {}})},
	{name: 'id with control characters', key: 'bad\u0007id', value: JSON.stringify({schema: 1, id: 'bad\u0007id', info: {}, contact: {}, address: {}})},
	{name: 'wrong types', key: 'k-types', value: JSON.stringify({schema: 1, id: 'k-types', info: {age: 42}, contact: {}, address: {}})},
	{name: '2 MB value', key: 'k-big', value: JSON.stringify({schema: 1, id: 'k-big', info: {first_name: 'x'.repeat(2 * 1024 * 1024)}, contact: {}, address: {}})},
	{name: 'empty value', key: 'k-empty', value: ''},
	{name: 'null key', key: null, value: good(901).value},
	{name: 'binary garbage', key: 'k-bin', value: Buffer.from([0xff, 0x00, 0xfe, 0x13, 0x37, 0x80, 0x81])},
	{
		name: 'a raw API user with credentials',
		key: 'k-raw',
		value: JSON.stringify({login: {uuid: 'k-raw', password: 'hunter2secret', salt: 'SALTSALT', sha256: 'abc123sha'}, name: {first: 'Raw'}}),
	},
];

describe('bad records on the topic go to the DLQ; the good ones around them are all written', () => {
	const kafka = createKafka({brokers: [kafkaBroker], clientId: uniqueName('dlq-test')}, silentLogger);
	const topic = uniqueName('dlq');
	const table = uniqueTable();
	let consumer: Consumer | undefined;

	beforeAll(async () => {
		expect((await runCli(['init', '--topic', topic, '--table', table, '--partitions', '1'])).code).toBe(0);
	});

	afterAll(async () => {
		await consumer?.disconnect().catch(() => {});
		await dropTable(table);
	});

	it('routes each bad record with its reason, original partition and offset; never stops', async () => {
		const producer = kafka.producer();
		await producer.connect();
		const messages: Array<{key: string | null; value: Buffer | string | null}> = [];
		for (const [index, record] of bad.entries()) {
			const g = good(index);
			messages.push({key: g.key, value: g.value});
			messages.push({key: record.key, value: record.value});
		}
		const g = good(bad.length);
		messages.push({key: g.key, value: g.value});
		await producer.send({topic, acks: -1, messages});
		await producer.disconnect();

		const consumed = await runCli(['consume', '--topic', topic, '--table', table, '--group', uniqueName('sink'), '--max', String(messages.length)]);
		expect(consumed.code, consumed.io.text()).toBe(0);
		expect(consumed.io.stdout[0]).toMatch(new RegExp(`^written ${bad.length + 1} rows, dlq ${bad.length}`));

		const rows = await readAllRows(table);
		expect([...rows.keys()].sort()).toEqual(Array.from({length: bad.length + 1}, (_, n) => good(n).key).sort());

		const letters: KafkaMessage[] = [];
		consumer = kafka.consumer({groupId: uniqueName('dlq-reader')});
		await consumer.connect();
		await consumer.subscribe({topic: `${topic}.dlq`, fromBeginning: true});
		void consumer.run({eachMessage: async ({message}) => void letters.push(message)});
		await waitFor(() => letters.length >= bad.length, `${bad.length} DLQ records`, 60_000);
		expect(letters).toHaveLength(bad.length);
		const header = (m: KafkaMessage, name: string) => String(m.headers?.[name] ?? '');
		// Offsets of the bad records: every second message, starting at 1, in partition 0.
		expect(letters.map(m => header(m, dlqHeaders.offset))).toEqual(bad.map((_, index) => String(index * 2 + 1)));
		for (const letter of letters) {
			expect(header(letter, dlqHeaders.topic)).toBe(topic);
			expect(header(letter, dlqHeaders.partition)).toBe('0');
			expect(header(letter, dlqHeaders.reason).length).toBeGreaterThan(5);
		}
		const reasons = letters.map(m => header(m, dlqHeaders.reason)).join('\n');
		expect(reasons).toMatch(/JSON/i);
		expect(reasons).toMatch(/id/);
		// No credential reaches the DLQ, even from a raw API payload.
		const everything = letters.map(m => `${m.value?.toString('utf8') ?? ''} ${JSON.stringify(m.headers)}`).join('\n');
		for (const secret of ['hunter2secret', 'SALTSALT', 'abc123sha']) expect(everything).not.toContain(secret);
	});
});
