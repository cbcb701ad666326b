import {type Command} from 'commander';
import {paceText} from '../domain/api-etiquette.js';
import {UsageError, userLine} from '../domain/errors.js';
import {groupLag, type PartitionLag} from '../services/pipeline/group-lag.js';
import {createProducePipeline, createSink} from '../services/pipeline/pipeline-factory.js';
import {type ProduceSettings, type ProduceSummary} from '../services/pipeline/produce-run.js';
import {sleep} from '../services/retry.js';
import {type CommandContext} from './program.js';
import {exitCodes, printJson} from './io.js';
import {duration, padEnd, perSecond} from '../domain/display.js';

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
	return raw === undefined ? undefined : raw.split(',').map(s => s.trim()).filter(Boolean);
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
		.option('--session-timeout <seconds>', 'how long a crashed consumer keeps its partitions (default 30)');
}

function sessionTimeout(flags: ConsumeFlags): number | undefined {
	const seconds = positiveNumber('session-timeout', flags.sessionTimeout);
	if (seconds !== undefined && (seconds < 6 || seconds > 300)) throw new UsageError(`--session-timeout must be from 6 to 300 seconds (got ${flags.sessionTimeout})`);
	return seconds === undefined ? undefined : seconds * 1000;
}

function rate(count: number, ms: number): string {
	return ms > 0 ? perSecond((count * 1000) / ms) : '-';
}

function printProduceSummary(c: CommandContext, summary: ProduceSummary): void {
	if (c.json) {
		printJson(c.io, summary);
		return;
	}
	c.io.out(`fetched ${summary.fetched}, sent ${summary.sent}, failed ${summary.failed}, invalid ${summary.invalid}`);
	c.io.out(`pages ${summary.pages} (${summary.pageErrors} skipped) in ${duration(summary.elapsedMs)}: ${rate(summary.sent, summary.elapsedMs)}`);
}

export async function produceCommand(c: CommandContext, flags: ProduceFlags): Promise<number> {
	const settings = produceSettings(flags, c.settings.apiVersion);
	const {run, producer} = createProducePipeline(c.services, settings, {compression: produceCompression(flags)});
	await producer.connect();
	const pace = paceText(run.pace);
	if (pace) c.io.err(`produce: ${pace}`);
	let lastLine = 0;
	run.events.on('progress', () => {
		const now = Date.now();
		if (now - lastLine < 1000) return;
		lastLine = now;
		const s = run.stats;
		c.io.err(`produce: fetched ${s.fetched}, sent ${s.sent}, failed ${s.failed}${s.rateLimited ? `, rate limited ${s.rateLimited}×` : ''}`);
	});
	run.events.on('error', e => c.io.err(`${e.source}: ${e.message}`));
	run.events.on('waiting', e => c.io.err(`api: ${e.message}`));
	let summary: ProduceSummary;
	try {
		summary = await run.run(c.signal);
	} finally {
		await producer.disconnect().catch(() => {});
	}
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

async function lagOf(c: CommandContext, group: string): Promise<PartitionLag[] | undefined> {
	const admin = c.services.kafka().admin();
	try {
		await admin.connect();
		return await groupLag(admin, group, c.settings.topic);
	} catch (error) {
		c.services.logger.warn({err: userLine(error)}, 'could not read the group lag');
		return undefined;
	} finally {
		await admin.disconnect().catch(() => {});
	}
}

export async function consumeCommand(c: CommandContext, flags: ConsumeFlags & {max?: string; untilIdle?: string}): Promise<number> {
	const max = positiveInt('max', flags.max);
	const idleSeconds = positiveNumber('until-idle', flags.untilIdle);
	const connections = positiveInt('connections', flags.connections, 32);
	const group = flags.group ?? c.settings.group;
	const {sink, pool} = createSink(c.services, {group, batchRows: positiveInt('batch-rows', flags.batchRows, 20_000), connections, sessionTimeoutMs: sessionTimeout(flags)});
	const started = Date.now();
	sink.events.on('stalled', e => c.io.err(`hbase: not taking writes (${e.message}); retry ${e.attempt} in ${e.delayMs} ms, nothing committed`));
	sink.events.on('resumed', e => c.io.err(`hbase: writing again after ${duration(e.afterMs)}`));
	sink.events.on('dlq', e => c.io.err(`dlq: partition ${e.partition} offset ${e.offset}: ${e.reason}`));
	let lastLine = 0;
	sink.events.on('batch', () => {
		const now = Date.now();
		if (now - lastLine < 1000) return;
		lastLine = now;
		const s = sink.stats;
		c.io.err(`consume: written ${s.written}, dlq ${s.dlq}, lag ${[...s.lag.values()].reduce((a, b) => a + b, 0)}`);
	});
	try {
		await sink.start();
		// Stop conditions, checked between batches: the signal, --max, or --until-idle.
		for (;;) {
			if (c.signal.aborted) break;
			const s = sink.stats;
			if (max !== undefined && s.written + s.dlq >= max) break;
			if (idleSeconds !== undefined && s.inFlight === 0 && Date.now() - s.lastActivityAt >= idleSeconds * 1000) {
				// Idle means nothing left to write, not "stuck": with records still waiting, go on.
				const lag = await lagOf(c, group);
				const waiting = lag?.reduce((sum, p) => sum + p.lag, 0) ?? 0;
				if (waiting === 0) break;
				c.io.err(`consume: idle for ${idleSeconds} s but ${waiting} record(s) still wait; going on`);
				sink.markActive();
			}
			await sleep(200, c.signal).catch(() => {});
		}
	} finally {
		await sink.stop();
		await pool.close();
	}
	const s = sink.stats;
	const lag = await lagOf(c, group);
	const elapsed = Date.now() - started;
	if (c.json) {
		printJson(c.io, {written: s.written, dlq: s.dlq, batches: s.batches, elapsedMs: elapsed, lag});
	} else {
		c.io.out(`written ${s.written} rows, dlq ${s.dlq}, ${s.batches} batches in ${duration(elapsed)}`);
		if (lag) c.io.out(`lag ${lag.reduce((a, p) => a + p.lag, 0)} (${lag.map(p => `p${p.partition}=${p.lag}`).join(' ')})`);
	}
	return exitCodes.ok;
}

/** Producer and sink in one process until Ctrl-C, with a one-line live progress on stderr. */
export async function runCommand(c: CommandContext, flags: ProduceFlags & ConsumeFlags): Promise<number> {
	const settings = produceSettings(flags, c.settings.apiVersion);
	const connections = positiveInt('connections', flags.connections, 32);
	const {run, producer} = createProducePipeline(c.services, settings, {compression: produceCompression(flags)});
	const {sink, pool} = createSink(c.services, {group: flags.group, batchRows: positiveInt('batch-rows', flags.batchRows, 20_000), connections, sessionTimeoutMs: sessionTimeout(flags)});
	await producer.connect();
	const sinkStarted = sink.start();
	const started = Date.now();
	const tty = Boolean(process.stderr.isTTY);
	const ticker = setInterval(() => {
		const p = run.stats;
		const s = sink.stats;
		const lag = [...s.lag.values()].reduce((a, b) => a + b, 0);
		const secs = (Date.now() - started) / 1000;
		const line = `run ${secs.toFixed(0)}s | sent ${p.sent} (${rate(p.sent, Date.now() - started)}) failed ${p.failed} | written ${s.written} (${rate(s.written, Date.now() - started)}) dlq ${s.dlq} lag ${lag}`;
		if (tty) process.stderr.write(`\r${padEnd(line, 100)}`);
		else c.io.err(line);
	}, 1000);
	let summary: ProduceSummary | undefined;
	try {
		await sinkStarted;
		summary = await run.run(c.signal);
		// A bounded run keeps the sink going until Ctrl-C, so what was sent gets written.
		while (!c.signal.aborted) await sleep(500, c.signal).catch(() => {});
	} finally {
		clearInterval(ticker);
		if (tty) process.stderr.write('\n');
		run.stop();
		await producer.disconnect().catch(() => {});
		await sink.stop();
		await pool.close();
	}
	if (summary) printProduceSummary(c, summary);
	const s = sink.stats;
	c.io.out(`written ${s.written} rows, dlq ${s.dlq}`);
	return summary?.state === 'failed' ? exitCodes.failure : exitCodes.ok;
}
