import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {encodeMessage} from '../../source/domain/message.js';
import {tailRecord} from '../../source/domain/tail.js';
import type {DeadLetterInfo, DlqList, DlqPort, ReadStart, TailPort, TailRecord} from '../../source/services/ports.js';
import {keys, renderApp} from './render-app.js';

afterEach(() => cleanup());

const letter = (partition: number, offset: string, reason: string, key: string): DeadLetterInfo => ({
	position: {partition, offset},
	reason,
	origin: {topic: 'userdata', partition: 1, offset: String(100 + Number(offset)), timestamp: '1767323045678'},
	failedAt: '2026-12-05T18:00:00.000Z',
	replayOf: undefined,
	key: Buffer.from(key),
	value: Buffer.from(`{"id":"${key}"}`),
});

class FakeDlq implements DlqPort {
	readonly lists: Array<{reason?: string}> = [];
	readonly replays: unknown[] = [];
	readonly fixed: Array<{position: unknown; key: string; value: string}> = [];
	letters = [
		{
			...letter(0, '0', 'table userdata has no family address: run `userdata-tui init --fix`', 'id-fix'),
			value: Buffer.from(encodeMessage({id: 'id-fix', info: {first_name: 'Brokn', last_name: 'Name'}, contact: {email: 'b@example.com'}, address: {city: 'Oslo'}}).value),
		},
		letter(0, '1', 'table userdata has no family address: run `userdata-tui init --fix`', 'key-b'),
		letter(2, '0', 'value: not JSON (Unexpected token)', 'key-\u001b[31mred'),
	];

	async list(request: {reason?: string} = {}): Promise<DlqList> {
		this.lists.push(request);
		const letters = this.letters.filter(l => request.reason === undefined || l.reason.toLowerCase().includes(request.reason.toLowerCase()));
		return {
			letters,
			matching: letters.length,
			total: this.letters.length,
			byReason: [
				{reason: 'table userdata has no family address', count: 2},
				{reason: 'value', count: 1},
			],
			replayedUpTo: undefined,
		};
	}

	async replayFixed(position: Parameters<DlqPort['replayFixed']>[0], fixed: {key: string; value: string}) {
		this.fixed.push({position, ...fixed});
		return {replayed: 1, skipped: []};
	}

	async replay(request: Parameters<DlqPort['replay']>[0], onProgress?: Parameters<DlqPort['replay']>[1]) {
		this.replays.push(request);
		const n = 'all' in request ? 3 : request.select.length;
		onProgress?.({sent: n, total: n});
		return {replayed: n, skipped: []};
	}
}

describe('DLQ screen', () => {
	it('counts per reason, lists dead letters with origin and key made inert, filters by reason, and replays a selection and all', async () => {
		const dlq = new FakeDlq();
		const app = renderApp({screen: 'dlq', dlq});
		const frame = await app.waitFor('key-b');
		expect(frame).toContain('"first_name":"Brokn"');
		expect(frame).toContain('DLQ userdata.dlq 3 dead letter(s)');
		expect(frame).toMatch(/2 {2}table userdata has no family address/u);
		expect(frame).toContain('userdata 1:100');
		expect(frame).toContain('key-\\x1b');
		expect(frame).not.toContain('\u001b[31mred');

		// Select the first two, replay them.
		await app.press(' ', ' ');
		await app.waitFor('2 selected');
		await app.press('r');
		await app.waitFor('2 replayed');
		expect(dlq.replays).toEqual([
			{
				select: [
					{partition: 0, offset: '0'},
					{partition: 0, offset: '1'},
				],
			},
		]);

		// Filter by reason.
		await app.press('f', 'n', 'o', 't', ' ', 'j', 's', 'o', 'n', keys.enter);
		await app.waitFor('1 with reason ~ "not json"');
		expect(dlq.lists.at(-1)).toEqual({limit: 500, reason: 'not json'});

		// Replay all, after a question.
		await app.press('R');
		await app.waitFor('Replay every dead letter after the last replay?');
		await app.press('y');
		await app.waitFor('3 replayed');
		expect(dlq.replays.at(-1)).toEqual({all: true});
	});
});

describe('fixing a dead letter in the form', () => {
	it('opens a decodable dead letter in the form, and a save replays the fixed record (not an HBase write)', async () => {
		const dlq = new FakeDlq();
		const app = renderApp({screen: 'dlq', dlq});
		await app.waitFor('id-fix');
		await app.press('e');
		await app.waitFor('Fix dead letter 0:0 (row id-fix)');
		expect(app.frame()).toContain('Brokn');
		await app.press(keys.enter, keys.ctrlU, 'B', 'r', 'o', 'k', 'e', 'n', keys.enter);
		await app.waitFor('Broken');
		await app.press('s');
		await app.waitFor('Replayed the fixed dead letter 0:0');
		expect(dlq.fixed).toHaveLength(1);
		expect(dlq.fixed[0]!.position).toEqual({partition: 0, offset: '0'});
		expect(dlq.fixed[0]!.key).toBe('id-fix');
		expect(JSON.parse(dlq.fixed[0]!.value)).toMatchObject({id: 'id-fix', info: {first_name: 'Broken', last_name: 'Name'}, address: {city: 'Oslo'}});
		expect(app.rows.calls.filter(call => call.method === 'create' || call.method === 'update')).toEqual([]);
	});

	it('says why a dead letter that is not a user cannot be opened', async () => {
		const app = renderApp({screen: 'dlq', dlq: new FakeDlq()});
		await app.waitFor('id-fix');
		await app.press(keys.down, keys.down, 'e');
		await app.waitFor('Not a user the form can open');
	});
});

/** A tail that hands over the records given for each start, then follows until stopped. */
class FakeTail implements TailPort {
	readonly starts: ReadStart[] = [];
	recordsFor: (start: ReadStart) => TailRecord[] = () => [];

	async tail(request: Parameters<TailPort['tail']>[0]) {
		this.starts.push(request.start);
		request.onPlan?.([{partition: 0, from: '0', end: '0'}]);
		for (const record of this.recordsFor(request.start)) request.onRecord(record);
		await new Promise<void>(resolve => request.signal?.addEventListener('abort', () => resolve(), {once: true}));
		return [];
	}
}

const record = (offset: number, first: string): TailRecord => {
	const encoded = encodeMessage({id: `id-${offset}`, info: {first_name: first, last_name: 'Tail'}, contact: {}, address: {}});
	return tailRecord(0, {offset: String(offset), timestamp: '1767323045678', key: Buffer.from(encoded.key), value: Buffer.from(encoded.value), headers: encoded.headers});
};

describe('Tail screen', () => {
	it('follows the last records when shown, pauses and resumes where it stopped, and seeks by offset and by time', async () => {
		const tail = new FakeTail();
		tail.recordsFor = start =>
			start.kind === 'last' ? [record(7, 'Seven'), record(8, 'Eight')] : start.kind === 'offsets' && start.offsets.get(0) === '2' ? [record(2, 'Two')] : [];
		const app = renderApp({screen: 'tail', tail});
		const frame = await app.waitFor('Eight Tail');
		expect(frame).toContain('▶ following  from the last 10 of each partition');
		expect(frame).toMatch(/2026-01-02T03:04:05\.678Z 0:8 +id-8 +Eight Tail/u);

		await app.press('p');
		await app.waitFor('❚❚ paused');
		await app.press('p');
		await app.waitFor('▶ following');
		// Resumed after the last record shown, not from the start.
		expect(tail.starts[1]).toEqual({kind: 'offsets', offsets: new Map([[0, '9']])});

		await app.press('o', '0', ':', '2', keys.enter);
		const seeked = await app.waitFor('Two Tail');
		expect(seeked).toContain('from partition 0 from offset 2');
		expect(seeked).not.toContain('Eight Tail');

		await app.press('t', '2', '0', '2', '6', '-', '0', '1', '-', '0', '1', 'T', '0', '0', ':', '0', '0', 'Z', keys.enter);
		await app.waitFor('from 2026-01-01T00:00:00.000Z on');
		expect(tail.starts.at(-1)).toEqual({kind: 'time', ms: Date.parse('2026-01-01T00:00:00Z')});

		await app.press('o', 'x', keys.enter);
		await app.waitFor('is not partition:offset');
	});
});
