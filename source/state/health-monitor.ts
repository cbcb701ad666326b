import {userLine} from '../domain/errors.js';
import type {HealthProbe} from '../services/ports.js';
import {withDeadline} from '../services/retry.js';
import type {HealthState, HealthStatus} from './console-store.js';

export interface HealthMonitorOptions {
	/** Between checks of a service that answers. */
	readonly connectedIntervalMs?: number;
	/** Between checks of a service that does not: it is picked up soon after it comes up. */
	readonly retryIntervalMs?: number;
	/** Failed checks in a row before a connected service counts as down (before: reconnecting). */
	readonly downAfter?: number;
	/** A probe that has not answered by then counts as failed. */
	readonly deadlineMs?: number;
	readonly now?: () => number;
}

interface Watch {
	readonly probe: HealthProbe;
	state: HealthState;
	failures: number;
	timer?: ReturnType<typeof setTimeout>;
	busy: boolean;
	again: boolean;
}

/**
 * Polls each service with its probe and reports connected / reconnecting / down (with the
 * address) to `report`. A service that was down is polled more often, so the console notices
 * by itself when the stack comes up. One check per service at a time, each with a deadline.
 */
export class HealthMonitor {
	private readonly watches: Watch[];
	private readonly connectedIntervalMs: number;
	private readonly retryIntervalMs: number;
	private readonly downAfter: number;
	private readonly deadlineMs: number;
	private readonly now: () => number;
	private running = false;

	constructor(
		probes: readonly HealthProbe[],
		private readonly report: (state: HealthState) => void,
		options: HealthMonitorOptions = {},
	) {
		this.connectedIntervalMs = options.connectedIntervalMs ?? 5000;
		this.retryIntervalMs = options.retryIntervalMs ?? 2000;
		this.downAfter = options.downAfter ?? 2;
		this.deadlineMs = options.deadlineMs ?? 15_000;
		this.now = options.now ?? Date.now;
		this.watches = probes.map(probe => ({
			probe,
			state: {service: probe.service, address: probe.address(), status: 'checking', since: this.now()},
			failures: 0,
			busy: false,
			again: false,
		}));
	}

	/** What is known before the first check: every service 'checking'. */
	get states(): HealthState[] {
		return this.watches.map(watch => watch.state);
	}

	start(): void {
		if (this.running) return;
		this.running = true;
		for (const watch of this.watches) void this.check(watch);
	}

	stop(): void {
		this.running = false;
		for (const watch of this.watches) clearTimeout(watch.timer);
	}

	/** Checks every service now (after the settings changed): back to 'checking' first. */
	checkNow(): void {
		for (const watch of this.watches) {
			clearTimeout(watch.timer);
			watch.failures = 0;
			this.set(watch, 'checking', undefined);
			if (watch.busy) watch.again = true;
			else void this.check(watch);
		}
	}

	private async check(watch: Watch): Promise<void> {
		if (!this.running) return;
		watch.busy = true;
		try {
			await withDeadline(
				this.deadlineMs,
				async () => watch.probe.check(),
				() => new Error(`no answer within ${this.deadlineMs / 1000} s`),
			);
			watch.failures = 0;
			this.set(watch, 'connected', undefined);
		} catch (error) {
			watch.failures++;
			const was = watch.state.status;
			const status: HealthStatus = was === 'connected' || (was === 'reconnecting' && watch.failures < this.downAfter) ? 'reconnecting' : 'down';
			this.set(watch, status, userLine(error));
		} finally {
			watch.busy = false;
		}
		if (!this.running) return;
		if (watch.again) {
			watch.again = false;
			void this.check(watch);
			return;
		}
		const interval = watch.state.status === 'connected' ? this.connectedIntervalMs : this.retryIntervalMs;
		watch.timer = setTimeout(() => void this.check(watch), interval);
		watch.timer.unref?.();
	}

	private set(watch: Watch, status: HealthStatus, message: string | undefined): void {
		const address = watch.probe.address();
		const previous = watch.state;
		if (previous.status === status && previous.address === address && previous.message === message) return;
		watch.state = {
			service: watch.probe.service,
			address,
			status,
			message,
			since: previous.status === status ? previous.since : this.now(),
		};
		this.report(watch.state);
	}
}
