import {describe, expect, it} from 'vitest';
import {PipelineController, totalLag} from '../../../source/services/pipeline/pipeline-controller.js';
import type {PipelineEvent} from '../../../source/services/ports.js';
import {FakePipelinePorts} from '../../fakes/fake-pipeline-ports.js';
import {waitFor} from '../../helpers/wait-for.js';

function setup(options: ConstructorParameters<typeof PipelineController>[1] = {}) {
	const ports = new FakePipelinePorts();
	const controller = new PipelineController(ports, {checkIntervalMs: 5, lagIntervalMs: 10, startWaitMs: 50, ...options});
	const events: PipelineEvent[] = [];
	controller.subscribe(event => events.push(event));
	const types = () => events.map(e => (e.type.endsWith('.state') ? `${e.type}:${(e as {state: string}).state}` : e.type));
	return {ports, controller, events, types};
}

const settings = {count: 10, apiVersion: '1.4'};

describe('PipelineController: producing', () => {
	it('connects, runs, forwards progress into the one event stream, and disconnects at the end', async () => {
		const {ports, controller, types} = setup();
		const done = controller.produce(settings, {compression: 'none'});
		const run = await waitFor(() => ports.runs[0], 'the run');
		await waitFor(() => run.state === 'running', 'running');
		run.page(4);
		run.page(6);
		run.finish();
		const summary = await done;
		expect(summary.sent).toBe(10);
		expect(ports.log).toEqual(['produce none', 'producer.connect', 'run.run', 'producer.disconnect']);
		expect(types()).toEqual(['producer.state:starting', 'producer.state:running', 'producer.progress', 'producer.progress', 'producer.state:stopped']);
		// The totals outlive the run: a bounded `run` prints them after the producer ended.
		expect(controller.producerStats.sent).toBe(10);
		expect(controller.running.producer).toBe('off');
	});

	it('stops the run when the signal fires (one Ctrl-C)', async () => {
		const {ports, controller} = setup();
		const abort = new AbortController();
		const done = controller.produce(settings, {signal: abort.signal});
		await waitFor(() => ports.runs[0]?.state === 'running', 'running');
		abort.abort();
		await done;
		expect(ports.log).toContain('run.stop');
		expect(ports.log.at(-1)).toBe('producer.disconnect');
	});

	it('a command gets the connect failure as a rejection; the console gets it as events', async () => {
		const {ports, controller, types} = setup();
		ports.connectError = new Error('no broker');
		await expect(controller.produce(settings)).rejects.toThrow('no broker');
		expect(types()).not.toContain('producer.error');

		controller.startProducer();
		await waitFor(() => types().includes('producer.state:failed'), 'the failed state');
		expect(types()).toContain('producer.error');
		expect(controller.running.producer).toBe('off');
	});

	it('refuses a second producer while one runs', async () => {
		const {ports, controller} = setup();
		const first = controller.produce(settings);
		await expect(controller.produce(settings)).rejects.toThrow('already running');
		await waitFor(() => ports.runs[0]?.state === 'running', 'running');
		ports.runs[0]!.finish();
		await first;
	});

	it('the console starts with its options, pauses and applies new options to the running producer', async () => {
		const {ports, controller, types} = setup();
		controller.configureProducer({rate: 5});
		controller.startProducer(true);
		const run = await waitFor(() => ports.runs[0], 'the run');
		expect(run.settings).toMatchObject({rate: 5, pageSize: 1000, apiVersion: '1.4'});
		await waitFor(() => run.state === 'paused', 'paused at once');
		controller.resumeProducer();
		controller.configureProducer({pageSize: 50});
		expect(run.reconfigured).toEqual([{pageSize: 50}]);
		expect(types()).toContain('producer.options');
		await controller.stopProducer();
		expect(controller.running.producer).toBe('off');
	});
});

describe('PipelineController: consuming', () => {
	it('consumes until --max records, then leaves the group and closes the pool', async () => {
		const {ports, controller} = setup();
		await controller.startConsuming({group: 'g1', batchRows: 10});
		const sink = ports.sinks[0]!;
		expect(sink.settings).toMatchObject({group: 'g1', batchRows: 10});
		const consuming = controller.consumeUntil({signal: new AbortController().signal, max: 7});
		sink.batch(5);
		sink.batch(5);
		await consuming;
		await controller.stopSink();
		expect(ports.log.slice(-2)).toEqual(['sink.stop', 'pool.close']);
		expect(controller.sinkStats?.written).toBe(10);
	});

	it('idle with records still waiting goes on; idle with none left stops, reading its own group', async () => {
		const {ports, controller} = setup();
		ports.lagAdmin.high.set(0, 5);
		await controller.startConsuming({group: 'g2'});
		const waiting: number[] = [];
		const consuming = controller.consumeUntil({signal: new AbortController().signal, idleMs: 1, onStillWaiting: n => waiting.push(n)});
		await waitFor(() => waiting.length > 0, 'still waiting');
		expect(waiting[0]).toBe(5);
		ports.lagAdmin.committed.set(0, 5);
		await consuming;
		expect(ports.admins.every(a => a.disconnects === 1)).toBe(true);
		await controller.stopSink();
	});

	it('a permanent refusal with nothing written for idleMs ends a bounded consume with the refusal and its next step; with dlq it does not', async () => {
		const {ports, controller} = setup();
		await controller.startConsuming({group: 'g3'});
		const sink = ports.sinks[0]!;
		const refusal = {kind: 'missing-family', table: 'userdata', family: 'address'} as const;
		sink.stats = {...sink.stats, inFlight: 1, lastActivityAt: Date.now() - 60_000, refused: {refusal, since: Date.now() - 20, onRefused: 'wait'}};
		await expect(controller.consumeUntil({signal: new AbortController().signal, idleMs: 10})).rejects.toThrow(
			'nothing could be written for 0 s: table userdata has no family address',
		);
		// With dlq the refused rows went to the DLQ: idle then means done, not refused.
		sink.stats = {...sink.stats, inFlight: 0, refused: {refusal, since: Date.now() - 20, onRefused: 'dlq'}};
		await controller.consumeUntil({signal: new AbortController().signal, idleMs: 10});
		await controller.stopSink();
	});

	it("lag events carry the lag in time: the drain rate from the committed offsets between reads, and the sink's oldest unwritten record", async () => {
		const {ports, controller, events} = setup();
		ports.lagAdmin.high.set(0, 100);
		ports.lagAdmin.committed.set(0, 10);
		await controller.startConsuming({group: 'userdata-hbase-sink'});
		const sink = ports.sinks[0]!;
		sink.stats = {...sink.stats, pendingSince: new Map([[0, Date.now() - 5000]])};
		controller.startLagPolling();
		await waitFor(() => events.some(e => e.type === 'lag'), 'a lag read');
		ports.lagAdmin.committed.set(0, 40);
		const moved = await waitFor(() => events.find(e => e.type === 'lag' && e.partitions[0]!.committed === 40), 'a second read');
		const times = moved.type === 'lag' ? moved.times : undefined;
		expect(times?.lag).toBe(60);
		expect(times?.drainPerSecond).toBeGreaterThan(0);
		expect(times?.etaMs).toBeGreaterThan(0);
		expect(times?.oldestAgeMs).toBeGreaterThanOrEqual(5000);
		expect(controller.lagTimes).toBeDefined();
		await controller.shutdown();
	});

	it('a sink that cannot start rejects startConsuming, cleaned up, with a failed state for the console', async () => {
		const {ports, controller, types} = setup();
		ports.holdSinkStart = true;
		const starting = controller.startConsuming();
		ports.sinks[0]!.starting.reject(new Error('group coordinator not available'));
		await expect(starting).rejects.toThrow('group coordinator');
		expect(ports.log).toEqual(['sink.start', 'sink.stop', 'pool.close']);
		expect(types()).toEqual(['sink.state:starting', 'sink.error', 'sink.state:stopped', 'sink.state:failed']);
		expect(controller.running.sink).toBe(false);
	});

	it('a stop while the sink still connects waits a little, stops it, and stops it again once it is up', async () => {
		const {ports, controller} = setup({startWaitMs: 20});
		ports.holdSinkStart = true;
		controller.startSink();
		await controller.stopSink();
		const sink = ports.sinks[0]!;
		expect(sink.stops).toBe(1);
		sink.starting.resolve();
		await waitFor(() => sink.stops === 2, 'the second stop');
	});
});

describe('PipelineController: stop order and lag', () => {
	it('shutdown stops the producer first (its page sent), then the sink, then the lag poller', async () => {
		const {ports, controller} = setup();
		controller.startLagPolling();
		await controller.startConsuming();
		const producing = controller.produce(settings);
		await waitFor(() => ports.runs[0]?.state === 'running', 'running');
		await controller.shutdown();
		await producing;
		const order = ports.log.filter(line => ['run.stop', 'producer.disconnect', 'sink.stop', 'pool.close'].includes(line));
		expect(order).toEqual(['run.stop', 'producer.disconnect', 'sink.stop', 'pool.close']);
		expect(controller.running).toEqual({producer: 'off', sink: false});
	});

	it('polls the lag with a fail-fast admin, keeps polling past a failed read, and stops polling on request', async () => {
		const {ports, controller, events} = setup();
		ports.lagAdmin.high.set(0, 9);
		ports.lagAdmin.high.set(1, 1);
		controller.startLagPolling();
		const lag = await waitFor(() => events.find(e => e.type === 'lag'), 'a lag event');
		expect(lag.type === 'lag' && totalLag(lag.partitions)).toBe(10);
		expect(ports.admins[0]!.options).toEqual({failFast: true});
		await controller.stopLagPolling();
		const seen = events.length;
		await new Promise(resolve => setTimeout(resolve, 40));
		expect(events.length).toBe(seen);
	});

	it('a lag read still under way when polling stops leaves no connection open behind it', async () => {
		const {ports, controller} = setup();
		let release = () => {};
		ports.lagAdmin.hold = new Promise<void>(resolve => (release = resolve));
		controller.startLagPolling();
		const admin = await waitFor(() => ports.admins[0], 'the lag admin');
		await waitFor(() => admin.connected || undefined, 'the read to start');
		await controller.stopLagPolling();
		release();
		// The read ends after the stop, its admin reconnected by the retry: it must be closed again.
		await waitFor(() => (admin.disconnects >= 2 ? true : undefined), 'the second disconnect');
		expect(admin.connected).toBe(false);
	});

	it('after usePorts, the next start goes through the new ports', async () => {
		const {controller} = setup();
		const next = new FakePipelinePorts();
		controller.usePorts(next);
		controller.startSink();
		await waitFor(() => next.sinks.length === 1, 'the sink on the new ports');
		await controller.shutdown();
		expect(next.log).toContain('pool.close');
	});

	it('a listener that throws does not stop the others', async () => {
		const {ports, controller, events} = setup();
		controller.subscribe(() => {
			throw new Error('broken screen');
		});
		controller.startSink();
		await waitFor(() => events.some(e => e.type === 'sink.state' && e.state === 'running'), 'running');
		await controller.stopSink();
		expect(ports.log).toContain('sink.stop');
	});
});
