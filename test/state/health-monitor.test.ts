import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {HealthProbe} from '../../source/services/ports.js';
import type {HealthState} from '../../source/state/console-store.js';
import {HealthMonitor} from '../../source/state/health-monitor.js';

class SwitchProbe implements HealthProbe {
	readonly service = 'HBase' as const;
	up = false;
	checks = 0;
	address = () => '127.0.0.1:9090';
	async check(): Promise<void> {
		this.checks++;
		if (!this.up) throw new Error('connect ECONNREFUSED 127.0.0.1:9090');
	}
}

describe('HealthMonitor', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('reports down at start, then connected by itself once the service is up', async () => {
		const probe = new SwitchProbe();
		const reports: HealthState[] = [];
		const monitor = new HealthMonitor([probe], state => reports.push(state), {retryIntervalMs: 2000, connectedIntervalMs: 5000});
		expect(monitor.states[0]?.status).toBe('checking');
		monitor.start();
		await vi.advanceTimersByTimeAsync(0);
		expect(reports.at(-1)).toMatchObject({status: 'down', address: '127.0.0.1:9090', message: 'connect ECONNREFUSED 127.0.0.1:9090'});
		probe.up = true;
		await vi.advanceTimersByTimeAsync(2000);
		expect(reports.at(-1)?.status).toBe('connected');
		monitor.stop();
	});

	it('goes through reconnecting before down when a connected service stops answering', async () => {
		const probe = new SwitchProbe();
		probe.up = true;
		const reports: HealthState[] = [];
		const monitor = new HealthMonitor([probe], state => reports.push(state), {retryIntervalMs: 1000, connectedIntervalMs: 1000, downAfter: 2});
		monitor.start();
		await vi.advanceTimersByTimeAsync(0);
		probe.up = false;
		await vi.advanceTimersByTimeAsync(1000);
		expect(reports.at(-1)?.status).toBe('reconnecting');
		await vi.advanceTimersByTimeAsync(1000);
		expect(reports.at(-1)?.status).toBe('down');
		expect(reports.map(report => report.status)).toEqual(['connected', 'reconnecting', 'down']);
		monitor.stop();
		const checks = probe.checks;
		await vi.advanceTimersByTimeAsync(10_000);
		expect(probe.checks).toBe(checks);
	});

	it('counts a probe that never answers as failed after its deadline', async () => {
		const probe: HealthProbe = {service: 'Kafka', address: () => '127.0.0.1:9092', check: () => new Promise(() => {})};
		const reports: HealthState[] = [];
		const monitor = new HealthMonitor([probe], state => reports.push(state), {deadlineMs: 3000});
		monitor.start();
		await vi.advanceTimersByTimeAsync(3000);
		expect(reports.at(-1)).toMatchObject({status: 'down', message: 'no answer within 3 s'});
		monitor.stop();
	});
});
