import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {decodeMessage} from '../../../source/domain/message.js';
import {uniqueName} from '../../helpers/ids.js';
import {RandomUserStub} from '../../helpers/randomuser-stub.js';
import {runCli} from '../../helpers/run-cli.js';
import {readTopic} from '../../helpers/topic-read.js';

describe('produce: topic check and compression, against the real broker', () => {
	const stub = new RandomUserStub();
	let apiUrl = '';

	beforeAll(async () => {
		apiUrl = await stub.start();
	});

	afterAll(async () => {
		await stub.close();
	});

	it('names a topic that does not exist at once and points to init, instead of retrying for minutes', async () => {
		const topic = uniqueName('missing');
		const result = await runCli(['produce', '--topic', topic, '--api-url', apiUrl, '--count', '10']);
		expect(result.code).toBe(1);
		expect(result.io.stderr.join('\n')).toContain(`Kafka topic ${topic} does not exist`);
		expect(result.io.stderr.join('\n')).toContain('userdata-tui init');
		// Nothing was asked of the API either.
		expect(stub.requests).toHaveLength(0);
	});

	it('--compression none delivers every user, each message decoding as with GZIP', async () => {
		const topic = uniqueName('plain');
		const init = await runCli(['init', '--topic', topic]);
		expect(init.code, init.io.text()).toBe(0);
		const result = await runCli(['produce', '--topic', topic, '--api-url', apiUrl, '--count', '300', '--batch-size', '100', '--compression', 'none', '--seed', 'plain']);
		expect(result.code, result.io.text()).toBe(0);
		const messages = await readTopic(topic);
		expect(messages).toHaveLength(300);
		const ids = new Set(messages.map(message => decodeMessage(message.key, message.value).id));
		expect(ids.size).toBe(300);
	});

	it('refuses an unknown codec before connecting to anything', async () => {
		const result = await runCli(['produce', '--api-url', apiUrl, '--count', '10', '--compression', 'lz4']);
		expect(result.code).toBe(2);
		expect(result.io.text()).toContain('--compression must be gzip or none (got lz4)');
	});
});
