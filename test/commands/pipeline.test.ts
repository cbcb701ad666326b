import {describe, expect, it} from 'vitest';
import {consumeCommand, produceCommand, runCommand} from '../../source/commands/pipeline.js';
import {type CommandContext} from '../../source/commands/program.js';
import {resolveSettings} from '../../source/config.js';
import {type Services} from '../../source/services/create-services.js';
import {silentLogger} from '../../source/services/logger.js';
import {PipelineController} from '../../source/services/pipeline/pipeline-controller.js';
import {FakePipelinePorts} from '../fakes/fake-pipeline-ports.js';
import {captureIo} from '../helpers/capture-io.js';
import {waitFor} from '../helpers/wait-for.js';

/** A command context whose services are the real controller over fake ports. */
function context(signal = new AbortController().signal, env: Record<string, string> = {}) {
	const ports = new FakePipelinePorts();
	const pipeline = new PipelineController(ports, {checkIntervalMs: 5});
	const settings = resolveSettings({env: {USERDATA_HOME: '/nonexistent-userdata-home', ...env}, flags: {}});
	const services = {settings, logger: silentLogger, pipeline} as unknown as Services;
	const io = captureIo();
	const status: string[] = [];
	let ended = 0;
	const ioWithStatus = {...io, status: {write: (line: string) => void status.push(line), end: () => void ended++}};
	const c: CommandContext = {settings, services, io: ioWithStatus, signal, json: false};
	return {c, io, ports, status, ended: () => ended};
}

describe('pipeline commands over the controller', () => {
	it('produce prints the summary from the controller and fails a short bounded run', async () => {
		const {c, io, ports} = context();
		const done = produceCommand(c, {count: '10', compression: 'none'});
		const run = await waitFor(() => (ports.runs[0]?.state === 'running' ? ports.runs[0] : undefined), 'the run');
		expect(run.settings).toMatchObject({count: 10});
		run.page(4);
		run.finish();
		expect(await done).toBe(1);
		expect(io.stdout[0]).toBe('fetched 4, sent 4, failed 0, invalid 0');
		expect(io.stderr.at(-1)).toBe('error: sent 4 of 10 users (0 unusable)');
		expect(ports.log).toContain('produce none');
	});

	it('produce says how it paces the public API, and shows a 429 as a wait, not an error', async () => {
		const {c, io, ports} = context(undefined, {USERDATA_API_URL: 'https://randomuser.me/api/'});
		const done = produceCommand(c, {count: '3'});
		const run = await waitFor(() => (ports.runs[0]?.state === 'running' ? ports.runs[0] : undefined), 'the run');
		expect(io.stderr).toContain('produce: paced for randomuser.me: 60 users/s');
		run.events.emit('waiting', {at: Date.now(), page: 2, delayMs: 60_000, message: 'rate limited by the API, waiting 60 s'});
		run.page(3);
		run.finish();
		expect(await done).toBe(0);
		expect(io.stderr).toContain('api: rate limited by the API, waiting 60 s');
		expect(io.stderr.filter(line => line.startsWith('error'))).toEqual([]);
	});

	it("produce against a self-hosted API prints no pace: it is the user's own server", async () => {
		const {c, io, ports} = context(undefined, {USERDATA_API_URL: 'http://127.0.0.1:3000/api/'});
		const done = produceCommand(c, {count: '1'});
		const run = await waitFor(() => (ports.runs[0]?.state === 'running' ? ports.runs[0] : undefined), 'the run');
		run.page(1);
		run.finish();
		expect(await done).toBe(0);
		expect(io.stderr.filter(line => line.includes('paced'))).toEqual([]);
	});

	it('consume --max stops after that many records, then prints rows, batches and the lag', async () => {
		const {c, io, ports} = context();
		ports.lagAdmin.high.set(0, 6);
		ports.lagAdmin.committed.set(0, 6);
		const done = consumeCommand(c, {max: '6', group: 'g', batchRows: '3'});
		const sink = await waitFor(() => ports.sinks[0], 'the sink');
		expect(sink.settings).toMatchObject({group: 'g', batchRows: 3});
		await waitFor(() => ports.log.includes('sink.start'), 'started');
		sink.batch(3);
		sink.batch(3);
		expect(await done).toBe(0);
		expect(io.stdout[0]).toMatch(/^written 6 rows, dlq 0, 2 batches in (\d+ ms|\d+\.\d s)$/);
		expect(io.stdout[1]).toBe('lag 0 (p0=0)');
		expect(ports.log.slice(-2)).toEqual(['sink.stop', 'pool.close']);
	});

	it('run draws its live line through io.status (never process.stderr) and stops in order on Ctrl-C', async () => {
		const abort = new AbortController();
		const {c, io, ports, status, ended} = context(abort.signal);
		const done = runCommand(c, {count: '2'});
		const run = await waitFor(() => (ports.runs[0]?.state === 'running' ? ports.runs[0] : undefined), 'the run');
		run.page(2);
		run.finish();
		ports.sinks[0]!.batch(2);
		await waitFor(() => status.some(line => line.includes('sent 2') && line.includes('written 2')), 'the live line');
		abort.abort();
		expect(await done).toBe(0);
		expect(ended()).toBe(1);
		expect(io.stdout).toContain('written 2 rows, dlq 0');
		const order = ports.log.filter(line => ['sink.start', 'producer.connect', 'producer.disconnect', 'sink.stop', 'pool.close'].includes(line));
		expect(order).toEqual(['sink.start', 'producer.connect', 'producer.disconnect', 'sink.stop', 'pool.close']);
	});
});
