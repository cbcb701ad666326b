import {type Command} from 'commander';
import {apiPace, paceText} from '../domain/api-etiquette.js';
import {duration, perSecond, inert} from '../domain/display.js';
import {UsageError} from '../domain/errors.js';
import {ageText, etaText, type LagTimes, lagTimeLine} from '../domain/lag-time.js';
import {refusalLine} from '../domain/refusal.js';
import {totalLag} from '../services/pipeline/pipeline-controller.js';
import {type ProduceSettings, type ProduceSummary} from '../services/pipeline/produce-run.js';
import type {PipelineEvent} from '../services/ports.js';
import {type CommandContext} from './program.js';
import {exitCodes, printJson} from './io.js';

export interface ProduceFlags {
	count?: string;
	rate?: string;
	batchSize?: string;
	seed?: string;
	nat?: string;
	gender?: string;
	inc?: string;
	exc?: string;
	compression?: string;
}

export interface ConsumeFlags {
	group?: string;
	max?: string;
	untilIdle?: string;
	batchRows?: string;
	connections?: string;
	sessionTimeout?: string;
}

function positiveInt(name: string, raw: string | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined {
	if (raw === undefined) return undefined;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1 || value > max) throw new UsageError(`--${name} must be a whole number from 1 to ${max} (got ${raw})`);
	return value;
}

function positiveNumber(name: string, raw: string | undefined): number | undefined {
	if (raw === undefined) return undefined;
	const value = Number(raw);
	if (!Number.isFinite(value) || value <= 0) throw new UsageError(`--${name} must be a number above 0 (got ${raw})`);
	return value;
}

function list(raw: string | undefined): string[] | undefined {
	return raw === undefined
		? undefined
		: raw
				.split(',')
				.map(s => s.trim())
				.filter(Boolean);
}

export function produceSettings(flags: ProduceFlags, apiVersion: string): ProduceSettings {
	if (flags.gender !== undefined && flags.gender !== 'male' && flags.gender !== 'female') {
		throw new UsageError(`--gender must be male or female (got ${flags.gender})`);
	}
	return {
		count: positiveInt('count', flags.count),
		rate: positiveNumber('rate', flags.rate),
		pageSize: positiveInt('batch-size', flags.batchSize, 5000),
		seed: flags.seed,
		nat: list(flags.nat)?.map(n => n.toUpperCase()),
		gender: flags.gender,
		inc: list(flags.inc),
		exc: list(flags.exc),
		apiVersion,
	};
}

/** --compression: GZIP by default (a batch of user JSON shrinks to about a fifth); none costs less CPU. */
export function produceCompression(flags: ProduceFlags): 'gzip' | 'none' {
	const value = flags.compression ?? 'gzip';
	if (value !== 'gzip' && value !== 'none') throw new UsageError(`--compression must be gzip or none (got ${value})`);
	return value;
}

export function addProduceOptions(command: Command): Command {
	return command
		.option('--count <n>', 'users to produce, then stop (default: until Ctrl-C)')
		.option('--rate <users/s>', 'at most this many users per second')
		.option('--batch-size <n>', 'users per API page and Kafka send, 1..5000 (default 1000)')
		.option('--seed <s>', 'API seed: the same seed gives the same users')
		.option('--nat <list>', 'nationalities, e.g. us,gb,fr')
		.option('--gender <g>', 'male or female')
		.option('--inc <fields>', 'API fields to include')
		.option('--exc <fields>', 'API fields to exclude')
		.option('--compression <codec>', 'Kafka compression: gzip (default; about a fifth of the bytes) or none (less CPU)');
}

export function addConsumeOptions(command: Command): Command {
	return command
		.option('--group <id>', 'consumer group (USERDATA_GROUP, default userdata-hbase-sink)')
		.option('--batch-rows <n>', 'rows decoded and committed together (default 1000; HBase calls carry at most 500 rows each)')
		.option('--connections <n>', 'Thrift connections, and partitions written at once (default 3)')
		.option('--session-timeout <seconds>', 'how long a crashed consumer keeps its partitions (default 30)')
		.option(
			'--on-refused <wait|dlq>',
			'rows HBase refuses for a cause waiting will not fix (a missing family or table): wait (default, nothing lost) or dlq (send them to the DLQ with the reason and go on) (USERDATA_ON_REFUSED)',
		);
}

function sessionTimeout(flags: ConsumeFlags): number | undefined {
	const seconds = positiveNumber('session-timeout', flags.sessionTimeout);
	if (seconds !== undefined && (seconds < 6 || seconds > 300)) throw new UsageError(`--session-timeout must be from 6 to 300 seconds (got ${flags.sessionTimeout})`);
	return seconds === undefined ? undefined : seconds * 1000;
}

function rate(count: number, ms: number): string {
	return ms > 0 ? perSecond((count * 1000) / ms) : '-';
}

/** Calls `print` at most once a second: progress lines for a person, not one per page or batch. */
function everySecond(print: () => void): () => void {
	let last = 0;
	return () => {
		const now = Date.now();
		if (now - last < 1000) return;
		last = now;
		print();
	};
}

/** Resolves when the signal fires (Ctrl-C): the end of an open-ended command. */
async function untilAborted(signal: AbortSignal): Promise<void> {
	if (signal.aborted) return;
	await new Promise(resolve => {
		signal.addEventListener('abort', resolve, {once: true});
	});
}

/** Subscribes for the length of `task`: the command's lines come from the controller's one event stream. */
async function watching<T>(c: CommandContext, listener: (event: PipelineEvent) => void, task: () => Promise<T>): Promise<T> {
	const off = c.services.pipeline.subscribe(listener);
	try {
		return await task();
	} finally {
		off();
	}
}

function printProduceSummary(c: CommandContext, summary: ProduceSummary): void {
	if (c.json) {
		printJson(c.io, summary);
		return;
	}
	c.io.out(`fetched ${summary.fetched}, sent ${summary.sent}, failed ${summary.failed}, invalid ${summary.invalid}`);
	c.io.out(`pages ${summary.pages} (${summary.pageErrors} skipped) in ${duration(summary.elapsedMs)}: ${rate(summary.sent, summary.elapsedMs)}`);
}

function sinkSettings(flags: ConsumeFlags, group: string | undefined) {
	return {
		group,
		batchRows: positiveInt('batch-rows', flags.batchRows, 20_000),
		connections: positiveInt('connections', flags.connections, 32),
		sessionTimeoutMs: sessionTimeout(flags),
	};
}

export async function produceCommand(c: CommandContext, flags: ProduceFlags): Promise<number> {
	const settings = produceSettings(flags, c.settings.apiVersion);
	const compression = produceCompression(flags);
	const {pipeline} = c.services;
	const progress = everySecond(() => {
		const s = pipeline.producerStats;
		c.io.err(`produce: fetched ${s.fetched}, sent ${s.sent}, failed ${s.failed}${s.rateLimited ? `, rate limited ${s.rateLimited}×` : ''}`);
	});
	// The rule the run applies (domain/api-etiquette.ts): say up front how hard the API is asked.
	const pace = paceText(apiPace(c.settings.apiUrl, settings));
	if (pace) c.io.err(`produce: ${pace}`);
	const summary = await watching(
		c,
		event => {
			if (event.type === 'producer.progress') progress();
			else if (event.type === 'producer.error') c.io.err(`${event.error.source}: ${event.error.message}`);
			else if (event.type === 'producer.waiting') c.io.err(`api: ${event.waiting.message}`);
		},
		async () => pipeline.produce(settings, {compression, signal: c.signal}),
	);
	printProduceSummary(c, summary);
	if (summary.state === 'failed' || summary.failed > 0) {
		c.io.err(`error: ${summary.reason ?? 'the run failed'}`);
		return exitCodes.failure;
	}
	if (settings.count !== undefined && summary.sent < settings.count && !c.signal.aborted) {
		c.io.err(`error: sent ${summary.sent} of ${settings.count} users (${summary.invalid} unusable)`);
		return exitCodes.failure;
	}
	return exitCodes.ok;
}

/** Per partition: "p0 3 (oldest 3.1 s, drains in 1.0 s at 3.0/s)". */
function partitionTimes(times: LagTimes): string {
	return times.partitions
		.filter(p => p.lag > 0)
		.map(p => `p${p.partition} ${p.lag} (oldest ${ageText(p.oldestAgeMs)}, ${etaText(p.lag, p.etaMs, p.drainPerSecond)})`)
		.join('  ');
}

/** The sink's lines on stderr: stalls, DLQ records, a progress line a second, and the lag in time at each lag read. */
function sinkLines(c: CommandContext): (event: PipelineEvent) => void {
	let drained = true;
	const progress = everySecond(() => {
		const s = c.services.pipeline.sinkStats;
		if (s) c.io.err(`consume: written ${s.written}, dlq ${s.dlq}, lag ${totalLag(s.lag)}`);
	});
	return event => {
		if (event.type === 'sink.stalled') {
			const e = event.stalled;
			c.io.err(`hbase: not taking writes (${e.message}); retry ${e.attempt} in ${e.delayMs} ms, nothing committed`);
		} else if (event.type === 'sink.resumed') c.io.err(`hbase: writing again after ${duration(event.afterMs)}`);
		else if (event.type === 'sink.dlq') c.io.err(`dlq: partition ${event.dlq.partition} offset ${event.dlq.offset}: ${inert(event.dlq.reason)}`);
		else if (event.type === 'sink.refused') {
			const {line, onRefused} = event.refused;
			if (line) c.io.err(`hbase: refuses writes: ${line}${onRefused === 'dlq' ? ' (such rows go to the DLQ)' : ' (waiting, nothing committed)'}`);
			else c.io.err('hbase: takes writes again');
		} else if (event.type === 'sink.batch') progress();
		else if (event.type === 'lag' && event.times) {
			// Only while there is a backlog (and once when it is gone): an idle sink stays quiet.
			if (event.times.lag === 0 && drained) return;
			drained = event.times.lag === 0;
			c.io.err(`consume: ${lagTimeLine(event.times)}${drained ? '' : `  |  ${partitionTimes(event.times)}`}`);
		}
	};
}

export async function consumeCommand(c: CommandContext, flags: ConsumeFlags & {max?: string; untilIdle?: string}): Promise<number> {
	const max = positiveInt('max', flags.max);
	const idleSeconds = positiveNumber('until-idle', flags.untilIdle);
	const group = flags.group ?? c.settings.group;
	const settings = sinkSettings(flags, group);
	const {pipeline} = c.services;
	const started = Date.now();
	await watching(c, sinkLines(c), async () => {
		try {
			await pipeline.startConsuming(settings);
			pipeline.startLagPolling(group);
			// Stop conditions, checked between batches: the signal, --max, or --until-idle.
			await pipeline.consumeUntil({
				signal: c.signal,
				max,
				idleMs: idleSeconds === undefined ? undefined : idleSeconds * 1000,
				onStillWaiting: waiting => c.io.err(`consume: idle for ${idleSeconds} s but ${waiting} record(s) still wait; going on`),
			});
		} finally {
			await pipeline.stopSink();
			await pipeline.stopLagPolling();
		}
	});
	const s = pipeline.sinkStats ?? {written: 0, dlq: 0, batches: 0};
	const lag = await pipeline.readLag(group);
	const elapsed = Date.now() - started;
	const times = pipeline.lagTimes;
	if (c.json) {
		printJson(c.io, {written: s.written, dlq: s.dlq, batches: s.batches, elapsedMs: elapsed, lag, lagTimes: times});
	} else {
		c.io.out(`written ${s.written} rows, dlq ${s.dlq}, ${s.batches} batches in ${duration(elapsed)}`);
		if (lag) c.io.out(`lag ${totalLag(lag)} (${lag.map(p => `p${p.partition}=${p.lag}`).join(' ')})`);
	}
	return exitCodes.ok;
}

/** Producer and sink in one process until Ctrl-C, with a one-line live progress on stderr. */
export async function runCommand(c: CommandContext, flags: ProduceFlags & ConsumeFlags): Promise<number> {
	const settings = produceSettings(flags, c.settings.apiVersion);
	const compression = produceCompression(flags);
	const sink = sinkSettings(flags, flags.group);
	const {pipeline} = c.services;
	const started = Date.now();
	const ticker = setInterval(() => {
		const p = pipeline.producerStats;
		const s = pipeline.sinkStats;
		const elapsed = Date.now() - started;
		const times = pipeline.lagTimes;
		const lagText = times ? `${lagTimeLine(times)}` : `lag ${s ? totalLag(s.lag) : 0}`;
		const refused = s?.refused ? ` | hbase refuses writes: ${refusalLine(s.refused.refusal)}` : '';
		const line = `run ${(elapsed / 1000).toFixed(0)}s | sent ${p.sent} (${rate(p.sent, elapsed)}) failed ${p.failed} | written ${s?.written ?? 0} (${rate(s?.written ?? 0, elapsed)}) dlq ${s?.dlq ?? 0} | ${lagText}${refused}`;
		if (c.io.status) c.io.status.write(line);
		else c.io.err(line);
	}, 1000);
	let summary: ProduceSummary | undefined;
	try {
		await pipeline.startConsuming(sink);
		pipeline.startLagPolling(sink.group ?? c.settings.group);
		summary = await pipeline.produce(settings, {compression, signal: c.signal});
		// A bounded run keeps the sink going until Ctrl-C, so what was sent gets written.
		await untilAborted(c.signal);
	} finally {
		clearInterval(ticker);
		c.io.status?.end();
		await pipeline.shutdown();
	}
	printProduceSummary(c, summary);
	const s = pipeline.sinkStats;
	c.io.out(`written ${s?.written ?? 0} rows, dlq ${s?.dlq ?? 0}`);
	const times = pipeline.lagTimes;
	if (times) c.io.out(lagTimeLine(times));
	return summary.state === 'failed' ? exitCodes.failure : exitCodes.ok;
}
