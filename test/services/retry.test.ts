import {describe, expect, it} from 'vitest';
import {UserdataError} from '../../source/domain/errors.js';
import {backoffDelay, retry, sleep, withDeadline} from '../../source/services/retry.js';

const fast = {initialMs: 1, maxMs: 2};

describe('retry', () => {
	it('passes the attempt (1-based) to each try and returns the first success', async () => {
		const seen: number[] = [];
		const result = await retry(async attempt => {
			seen.push(attempt);
			if (attempt < 3) throw new Error('socket reset');
			return 'ok';
		}, fast);
		expect(result).toBe('ok');
		expect(seen).toEqual([1, 2, 3]);
	});

	it('bail stops at once with its error, however many retries are left', async () => {
		let attempts = 0;
		const gone = new Error('table dropped');
		await expect(
			retry(
				async (_attempt, bail) => {
					attempts++;
					if (attempts === 2) bail(gone);
					throw new Error('retriable');
				},
				{...fast, retries: 10},
			),
		).rejects.toBe(gone);
		expect(attempts).toBe(2);
	});

	it('never retries a programming error or a non-retriable one', async () => {
		for (const error of [new TypeError('x is undefined'), new RangeError('bad'), new UserdataError('refused', {retriable: false})]) {
			let attempts = 0;
			await expect(
				retry(async () => {
					attempts++;
					throw error;
				}, fast),
			).rejects.toBe(error);
			expect(attempts).toBe(1);
		}
	});

	it('gives up after `retries` more attempts, and spends each wait through `wait` when given', async () => {
		const waits: number[] = [];
		let attempts = 0;
		await expect(
			retry(
				async () => {
					attempts++;
					throw new Error('down');
				},
				{retries: 2, initialMs: 100, jitter: 0, wait: async ms => void waits.push(ms)},
			),
		).rejects.toThrow('down');
		expect(attempts).toBe(3);
		expect(waits).toEqual([100, 200]);
	});

	it('backs off as kafkajs does: 300 ms, ×2, ±20 %, at most 30 s', () => {
		expect(backoffDelay(1, {}, () => 0.5)).toBe(300);
		expect(backoffDelay(3, {}, () => 0.5)).toBe(1200);
		expect(backoffDelay(1, {}, () => 1)).toBe(360);
		expect(backoffDelay(1, {}, () => 0)).toBe(240);
		expect(backoffDelay(30, {}, () => 1)).toBe(30_000);
	});
});

describe('sleep and withDeadline', () => {
	it("sleep rejects with the signal's reason when it aborts", async () => {
		const controller = new AbortController();
		const reason = new Error('stopping');
		const waiting = sleep(10_000, controller.signal);
		controller.abort(reason);
		await expect(waiting).rejects.toBe(reason);
	});

	it("withDeadline rejects with the timeout error and aborts the task's signal", async () => {
		let aborted: unknown;
		const late = new Error('late');
		await expect(
			withDeadline(
				5,
				async signal => {
					await sleep(10_000, signal).catch(error => {
						aborted = error;
					});
				},
				() => late,
			),
		).rejects.toBe(late);
		expect(aborted).toBe(late);
	});
});
