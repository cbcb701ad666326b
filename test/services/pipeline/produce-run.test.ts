import {describe, expect, it} from 'vitest';
import {type ProducerWaiting} from '../../../source/services/pipeline/events.js';
import {ProduceRun} from '../../../source/services/pipeline/produce-run.js';
import {type OutgoingMessage, type RecordProducer, UndeliveredError} from '../../../source/services/pipeline/user-producer.js';
import {type PageFetcher, type RandomUserPage, type RandomUserQuery} from '../../../source/services/random-user/client.js';
import {RateLimitedError} from '../../../source/services/random-user/errors.js';
import {stubUuid} from '../../helpers/randomuser-stub.js';
import {waitFor} from '../../helpers/wait-for.js';
import {deferred} from '../../helpers/deferred.js';

/** Pages of `results` users with deterministic uuids; page n's users are named after n. */
class FakeFetcher implements PageFetcher {
	readonly queries: RandomUserQuery[] = [];
	/** Changes a user before it is served (page, index). */
	alter: (user: Record<string, unknown>, page: number, index: number) => void = () => {};

	async fetchPage(query: RandomUserQuery): Promise<RandomUserPage> {
		this.queries.push(query);
		const page = this.queries.length;
		const users = Array.from({length: query.results ?? 1}, (_, index) => ({
			gender: 'female',
			name: {title: 'Ms', first: `page${page}`, last: `user${index}`},
			login: {uuid: stubUuid('fake', page, index), username: `u${page}_${index}`},
		}));
		for (const [index, user] of users.entries()) this.alter(user, page, index);
		return {users, info: {page, version: '1.4'}, bytes: 100, status: 200, durationMs: 1, requested: users.length, short: false};
	}
}

/** Each send waits until the test releases it (or fails it). */
class FakeProducer implements RecordProducer {
	readonly sends: {readonly records: readonly OutgoingMessage[]; readonly done: ReturnType<typeof deferred<number>>}[] = [];
	inFlight = 0;
	maxInFlight = 0;

	async connect(): Promise<void> {}

	async disconnect(): Promise<void> {}

	async send(records: readonly OutgoingMessage[]): Promise<number> {
		const done = deferred<number>();
		this.sends.push({records, done});
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		try {
			return await done.promise;
		} finally {
			this.inFlight--;
		}
	}

	release(index: number): void {
		const send = this.sends[index]!;
		send.done.resolve(send.records.length);
	}
}

function setup(count: number, pageSize: number) {
	const fetcher = new FakeFetcher();
	const producer = new FakeProducer();
	const run = new ProduceRun(fetcher, producer, {count, pageSize, apiVersion: '1.4'});
	return {fetcher, producer, run};
}

describe('ProduceRun', () => {
	it('fetches and prepares the next pages while one is sent, one send at a time, at most three pages held', async () => {
		const {fetcher, producer, run} = setup(30, 10);
		const summary = run.run();
		await waitFor(() => producer.sends.length === 1, 'the first send');
		// Pages 2 and 3 are asked for while page 1 is still on its way to Kafka...
		await waitFor(() => fetcher.queries.length === 3, 'the next fetches during the first send', 5000);
		// ...no further (one page sending, one prepared, one fetched), and page 2 is not sent until
		// page 1 is acknowledged.
		await new Promise(resolve => setTimeout(resolve, 50));
		expect(fetcher.queries).toHaveLength(3);
		expect(producer.sends).toHaveLength(1);
		producer.release(0);
		await waitFor(() => producer.sends.length === 2, 'the second send');
		producer.release(1);
		await waitFor(() => producer.sends.length === 3, 'the third send');
		producer.release(2);
		const result = await summary;
		expect(result).toMatchObject({fetched: 30, sent: 30, failed: 0, pages: 3, state: 'stopped'});
		expect(producer.maxInFlight).toBe(1);
		// Pages reach the producer in order.
		expect(producer.sends.map(send => (JSON.parse(String(send.records[0]!.value)) as {info: {first_name: string}}).info.first_name)).toEqual(['page1', 'page2', 'page3']);
	});

	it('stops a bounded run at the first undelivered page and reports it', async () => {
		const {producer, run} = setup(50, 10);
		const summary = run.run();
		await waitFor(() => producer.sends.length === 1, 'the first send');
		producer.release(0);
		await waitFor(() => producer.sends.length === 2, 'the second send');
		producer.sends[1]!.done.reject(new UndeliveredError(10, new Error('broker gone')));
		const result = await summary;
		expect(result).toMatchObject({sent: 10, failed: 10, state: 'failed'});
		expect(result.reason).toMatch(/10 user\(s\) were not delivered/);
		expect(producer.sends).toHaveLength(2);
	});

	it('on stop, finishes and counts the send in flight, then sends nothing more', async () => {
		const {producer, run} = setup(100, 10);
		const summary = run.run();
		await waitFor(() => producer.sends.length === 1, 'the first send');
		run.stop();
		producer.release(0);
		const result = await summary;
		expect(result.sent).toBe(10);
		expect(result.state).toBe('stopped');
		expect(producer.sends).toHaveLength(1);
	});

	it('counts a user whose value is too large for a cell as invalid, and sends the rest of its page', async () => {
		const {fetcher, producer, run} = setup(20, 10);
		fetcher.alter = (user, page, index) => {
			if (page === 1 && index === 3) (user['name'] as Record<string, string>)['first'] = 'x'.repeat(70 * 1024);
		};
		const errors: string[] = [];
		run.events.on('error', event => errors.push(event.message));
		const summary = run.run();
		await waitFor(() => producer.sends.length === 1, 'the first send');
		producer.release(0);
		await waitFor(() => producer.sends.length === 2, 'the second send');
		producer.release(1);
		const result = await summary;
		expect(producer.sends[0]!.records).toHaveLength(9);
		expect(result).toMatchObject({sent: 19, invalid: 1, failed: 0});
		expect(errors).toEqual([expect.stringMatching(/^page 1: info\.first_name: .*too large/)]);
	});
});

describe('ProduceRun: etiquette towards the public API', () => {
	it('paces randomuser.me by default: pages of 300 at 60 users/s', async () => {
		const fetcher = new FakeFetcher();
		const producer = new FakeProducer();
		const run = new ProduceRun(fetcher, producer, {count: 900, apiVersion: '1.4', apiUrl: 'https://randomuser.me/api/'});
		expect(run.pace).toMatchObject({rate: 60, pageSize: 300, by: 'public'});
		const summary = run.run();
		await waitFor(() => producer.sends.length === 1, 'the first send');
		producer.release(0);
		// The second page waits for the bucket (300 users at 60/s = 5 s); the first was not held.
		expect(fetcher.queries.map(query => query.results)).toEqual([300]);
		run.stop();
		await summary;
	});

	it('leaves a self-hosted API unpaced, and a user-set rate and page size win on randomuser.me', () => {
		const producer = new FakeProducer();
		const local = new ProduceRun(new FakeFetcher(), producer, {apiVersion: '1.4', apiUrl: 'http://127.0.0.1:3000/api/'});
		expect(local.pace).toMatchObject({rate: 0, pageSize: undefined, by: 'none'});
		const chosen = new ProduceRun(new FakeFetcher(), producer, {rate: 500, pageSize: 2000, apiVersion: '1.4', apiUrl: 'https://randomuser.me/api/'});
		expect(chosen.pace).toEqual({rate: 500, pageSize: 2000, by: 'user', overPublicLimit: true, rateLimitWaitMs: 60_000});
	});

	it('reports a 429 as a wait, counted, not as an error, and goes on', async () => {
		const fetcher = new FakeFetcher();
		let limited = 0;
		const fetchPage = fetcher.fetchPage.bind(fetcher);
		fetcher.fetchPage = async query => {
			if (limited++ === 0) throw new RateLimitedError('Random User API rate limit hit (HTTP 429)', {retryAfterMs: 20});
			return fetchPage(query);
		};
		const producer = new FakeProducer();
		const run = new ProduceRun(fetcher, producer, {count: 10, pageSize: 10, apiVersion: '1.4'});
		const waits: ProducerWaiting[] = [];
		const errors: string[] = [];
		run.events.on('waiting', event => waits.push(event));
		run.events.on('error', event => errors.push(event.message));
		const summary = run.run();
		await waitFor(() => producer.sends.length === 1, 'the send after the wait');
		producer.release(0);
		const result = await summary;
		expect(waits).toEqual([expect.objectContaining({page: 1, delayMs: 20, message: 'rate limited by the API, waiting 1s'})]);
		expect(errors).toEqual([]);
		expect(result).toMatchObject({sent: 10, rateLimited: 1, state: 'stopped'});
	});
});
