import {beforeAll, describe, expect, it} from 'vitest';
import {NotFoundError} from '../../../source/domain/errors.js';
import {ProducerThread} from '../../../source/services/pipeline/producer-thread.js';
import {UndeliveredError} from '../../../source/services/pipeline/user-producer.js';
import {uniqueName} from '../../helpers/ids.js';
import {runCli} from '../../helpers/run-cli.js';
import {kafkaBroker} from '../../helpers/stack-env.js';
import {readTopic} from '../../helpers/topic-read.js';

const kafka = {brokers: [kafkaBroker], clientId: 'producer-thread-test'};

describe('ProducerThread: kafkajs in a worker thread, against the real broker', () => {
	const topic = uniqueName('thread');

	beforeAll(async () => {
		const init = await runCli(['init', '--topic', topic]);
		expect(init.code, init.io.text()).toBe(0);
	});

	it('delivers pages with their exact bytes, schema header and page timestamp', async () => {
		const producer = new ProducerThread({kafka, topic, compression: 'none'});
		await producer.connect();
		const pages = [
			{
				timestamp: 1_700_000_000_000,
				messages: [
					{key: 'a-1', value: '{"info":{"first_name":"مهدی"}}'},
					{key: 'a-2', value: '{"city":"Ниш"} 😀'},
				],
			},
			{timestamp: 1_700_000_000_500, messages: Array.from({length: 500}, (_, i) => ({key: `b-${i}`, value: `{"n":${i}}`}))},
		];
		try {
			for (const page of pages) expect(await producer.send(page.messages, page.timestamp)).toBe(page.messages.length);
		} finally {
			await producer.disconnect();
		}
		const read = await readTopic(topic);
		expect(read).toHaveLength(502);
		const byKey = new Map(read.map(message => [message.key!.toString('utf8'), message]));
		for (const page of pages) {
			for (const sent of page.messages) {
				const got = byKey.get(sent.key)!;
				expect(got.value!.toString('utf8')).toBe(sent.value);
				expect(got.timestamp).toBe(String(page.timestamp));
				expect(got.headers?.['userdata-schema']?.toString()).toBe('1');
			}
		}
	});

	it('reports a missing topic as NotFoundError with its hint, and then refuses sends instead of hanging', async () => {
		const producer = new ProducerThread({kafka, topic: uniqueName('absent')});
		const error = await producer.connect().then(
			() => undefined,
			(caught: unknown) => caught,
		);
		expect(error).toBeInstanceOf(NotFoundError);
		expect((error as NotFoundError).hint).toContain('userdata-tui init');
		await expect(producer.send([{key: 'k', value: 'v'}], Date.now())).rejects.toBeInstanceOf(UndeliveredError);
		await producer.disconnect();
	});
});
