import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {runBench} from '../../../bench/bench.js';
import {renderResults} from '../../../bench/report.js';

/**
 * The benchmark harness on tiny counts (500 users, one run), against the real stack: proves
 * that every step runs and that the results have every row. No figure is asserted: timings on
 * a shared machine are not a test.
 */
describe('bench harness, tiny mode', () => {
	let dir = '';

	afterAll(async () => {
		if (dir) await rm(dir, {recursive: true, force: true});
	});

	it('runs every step and writes a results page with every row', async () => {
		dir = await mkdtemp(join(tmpdir(), 'bench-smoke-'));
		const report = await runBench({mode: 'tiny', profileDir: dir});
		expect(report.failures).toEqual([]);
		const markdown = renderResults(report);
		for (const row of [
			'| CPU | ',
			'| Node | ',
			'| Java | ',
			'| Kafka | ',
			'| HBase | ',
			'| Sink: users/s from a pre-filled topic into HBase | **',
			'| (a) Gateway ceiling: bare Thrift mutateRows loop | **',
			'| (b) Naive path: one message, one put, one commit | **',
			'| (c) Native ceiling: HBase Java client, no Thrift | **',
			'| sink ÷ native HBase client | **',
			'| gateway ceiling ÷ native HBase client | **',
			'| Producer: users/s from the API stub into Kafka | **',
			'| … the same with `--compression none` | **',
			"| Kafka's own producer benchmark (ProducerPerformance) | **",
			"| The stub's own serving rate | **",
			'| Latency API response → row readable, 200 users/s, pages of 100 | p50 **',
			'| Latency API response → row readable, 200 users/s, pages of 1,000 | p50 **',
			'| Peak RSS of `consume` | **',
			'| Peak RSS of `run` over a long stream | **',
			'| Console overhead | not measured in tiny mode',
			'| sink ÷ gateway ceiling, 500 users | **',
			'| sink ÷ naive path | **',
			"| producer ÷ Kafka's ProducerPerformance, both uncompressed | **",
			'| producer (GZIP) ÷ ProducerPerformance (our JSON, gzip) | **',
			'| latency p99, 200 users/s, pages of 100 | **',
			'| `consume` peak RSS, 500 users | **',
			'| `consume` ÷ batched Python sink (whole processes) | **',
			'| `consume` ÷ per-message Python sink (whole processes) | **',
			'| `produce` ÷ batched Python producer (whole processes) | **',
			'| `consume --max`: last commit to exit | **',
			'## Whole processes against the tools users would write instead',
			'## Where the CPU went',
			'## What each change bought',
			'## Table settings',
			'| before: 1 region, no encoding, no compression | ',
			'| FAST_DIFF + GZ | ',
			'## Profile of `consume`',
			'### Worker thread 1 (the producer thread: kafkajs)',
			'Producer thread: kafkajs in a worker thread',
		]) {
			expect(markdown).toContain(row);
		}
		expect(markdown).not.toContain('FAILED');
	}, 600_000);
});
