import {execFileSync} from 'node:child_process';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {type Admin} from 'kafkajs';
import {sleep} from '../../source/services/retry.js';
import {TmuxSession} from '../../test/helpers/tmux.js';
import {waitFor} from '../../test/helpers/wait-for.js';
import {type CliBuild, runCli} from '../lib/cli.js';
import {benchLogFile, uniqueName} from '../lib/stack.js';

/**
 * Console overhead: rows committed per second by the sink while the console runs the pipeline
 * in a real terminal (tmux, as a person would: keys 2 s, 1 s), against `run` headless with the
 * same settings (no rate limit, pages of 1,000, 3 connections). Both are timed the same way:
 * the group's committed offsets over a window after a warm-up, read with the Kafka admin.
 */
export interface PipelineTarget {
	readonly topic: string;
	readonly table: string;
	readonly group: string;
	readonly apiUrl: string;
}

export function hasTmux(): boolean {
	try {
		execFileSync('tmux', ['-V'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
}

async function committed(admin: Admin, group: string, topic: string): Promise<number> {
	const [offsets] = await admin.fetchOffsets({groupId: group, topics: [topic]});
	return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
}

/** Rows per second committed over `windowMs`, once the group has committed something and `warmupMs` passed. */
async function committedRate(admin: Admin, target: PipelineTarget, warmupMs: number, windowMs: number): Promise<number> {
	await waitFor(async () => (await committed(admin, target.group, target.topic)) > 0, 'the sink to commit its first rows', 120_000, 250);
	await sleep(warmupMs);
	const first = await committed(admin, target.group, target.topic);
	const from = performance.now();
	await sleep(windowMs);
	const last = await committed(admin, target.group, target.topic);
	return ((last - first) * 1000) / (performance.now() - from);
}

export async function consoleRate(cli: CliBuild, admin: Admin, target: PipelineTarget, warmupMs: number, windowMs: number): Promise<number> {
	const configDir = join(tmpdir(), uniqueName('console-config'));
	const session = TmuxSession.start(uniqueName('console'), `${process.execPath} ${cli.entry}`, {
		USERDATA_TOPIC: target.topic,
		USERDATA_TABLE: target.table,
		USERDATA_GROUP: target.group,
		USERDATA_API_URL: target.apiUrl,
		USERDATA_LOG_FILE: benchLogFile,
		// An empty config folder: no saved settings from the developer's own console.
		USERDATA_CONFIG_DIR: configDir,
	});
	try {
		const screen = () => session.screen();
		await waitFor(() => /Producer/.test(screen()) && /Kafka/.test(screen()), 'the console to draw', 60_000);
		// Each key waits for the screen it leads to: keys typed in one burst arrive as one input.
		session.keys('2');
		await waitFor(() => /^Consumer /m.test(screen()), 'the consumer screen', 10_000);
		session.keys('s');
		await waitFor(() => /^Consumer ▶/m.test(screen()), 'the sink to run', 30_000);
		session.keys('1');
		await waitFor(() => /^Producer /m.test(screen()), 'the producer screen', 10_000);
		session.keys('s');
		await waitFor(() => /^Producer ▶/m.test(screen()), 'the producer to run', 30_000);
		const rate = await committedRate(admin, target, warmupMs, windowMs);
		session.keys('x');
		session.keys('q');
		await waitFor(() => /exited with/.test(screen()), 'the console to quit', 60_000, 250).catch(() => {});
		return rate;
	} catch (error) {
		throw new Error(`${(error as Error).message}\n--- screen ---\n${session.alive() ? session.screen() : '(gone)'}`);
	} finally {
		session.kill();
		await rm(configDir, {recursive: true, force: true});
	}
}

export async function headlessRate(cli: CliBuild, admin: Admin, target: PipelineTarget, warmupMs: number, windowMs: number): Promise<number> {
	const controller = new AbortController();
	const child = runCli(cli, ['--topic', target.topic, '--table', target.table, '--api-url', target.apiUrl, '--log-file', benchLogFile, 'run', '--group', target.group], {
		stopAfterMs: 30 * 60_000,
		timeoutMs: 31 * 60_000,
		signal: controller.signal,
	});
	try {
		return await committedRate(admin, target, warmupMs, windowMs);
	} finally {
		controller.abort();
		await child;
	}
}
