import {render} from 'ink-testing-library';
import {App} from '../../source/app.js';
import type {ScreenId} from '../../source/screens/console-context.js';
import {plainTheme} from '../../source/screens/theme.js';
import type {ActiveSettings, DlqPort, TailPort} from '../../source/services/ports.js';
import {ConsoleStore, type HealthState} from '../../source/state/console-store.js';
import {FakePipeline} from '../fakes/fake-pipeline.js';
import {FakeRowStore} from '../fakes/fake-row-store.js';
import {defaultSettings, FakeSettingsPort} from '../fakes/fake-settings.js';

export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	enter: '\r',
	escape: '\u001B',
	tab: '\t',
	shiftTab: '\u001B[Z',
	backspace: '\u007F',
	ctrlC: '\u0003',
	ctrlS: '\u0013',
	ctrlU: '\u0015',
} as const;

/** Makes the fake terminal `columns` x `rows` and tells the app, as a real resize would. */
export function resize(stdout: NodeJS.EventEmitter, columns: number, rows: number): void {
	Object.defineProperty(stdout, 'columns', {value: columns, configurable: true});
	Object.defineProperty(stdout, 'rows', {value: rows, configurable: true});
	stdout.emit('resize');
}

/** Every line of the frame fits `columns`, and the frame fits `rows`. */
export function fits(frame: string, columns: number, rows: number): boolean {
	const lines = frame.split('\n');
	return lines.length <= rows && lines.every(line => [...line].length <= columns);
}

const connected = (service: 'Kafka' | 'HBase', address: string): HealthState => ({service, address, status: 'connected', since: 0});

export interface RenderOptions {
	readonly rows?: FakeRowStore;
	readonly screen?: ScreenId;
	readonly settings?: ActiveSettings;
	readonly health?: readonly HealthState[];
	readonly dlq?: DlqPort;
	readonly tail?: TailPort;
	/** The store's flush interval (10 ms here by default, so screens answer at once; the console's own is longer). */
	readonly flushMs?: number;
}

/** Lets pending promises, effects and Ink's input handling run (no timer is waited on). */
export async function settle(turns = 3): Promise<void> {
	for (let turn = 0; turn < turns; turn++) await new Promise(resolve => setImmediate(resolve));
}

/**
 * Renders the whole console over fakes (as ink-testing-library does: 100 columns) and gives
 * the test keys to press and content to wait for.
 */
export function renderApp(options: RenderOptions = {}) {
	const pipeline = new FakePipeline();
	const rows = options.rows ?? new FakeRowStore();
	const settings = new FakeSettingsPort(options.settings ?? defaultSettings);
	const store = new ConsoleStore({
		settings: settings.current(),
		producerOptions: pipeline.producerOptions,
		health: options.health ?? [connected('Kafka', '127.0.0.1:9092'), connected('HBase', '127.0.0.1:9090')],
		flushMs: options.flushMs ?? 10,
	});
	pipeline.subscribe(store.ingest);
	const quits: Array<{force: boolean}> = [];
	const instance = render(
		<App
			store={store}
			pipeline={pipeline}
			rows={rows}
			settings={settings}
			dlq={options.dlq}
			tail={options.tail}
			theme={plainTheme}
			initialScreen={options.screen}
			onQuit={quit => quits.push({...quit})}
		/>,
	);
	const frame = () => instance.lastFrame() ?? '';

	/** Waits until the frame shows `expected` (text, or a test of the frame); fails with the frame. */
	async function waitFor(expected: string | RegExp | ((frame: string) => boolean), timeoutMs = 3000): Promise<string> {
		const test = typeof expected === 'function' ? expected : (text: string) => (typeof expected === 'string' ? text.includes(expected) : expected.test(text));
		const started = Date.now();
		for (;;) {
			const current = frame();
			if (test(current)) return current;
			if (Date.now() - started > timeoutMs) {
				throw new Error(`timed out waiting for ${String(expected)}; the screen shows:\n${current}`);
			}
			await new Promise(resolve => setTimeout(resolve, 5));
		}
	}

	/** Types keys, one write each, letting Ink's input handling run around them. */
	async function press(...input: string[]): Promise<void> {
		for (const key of input) {
			await settle();
			instance.stdin.write(key);
			await settle();
		}
	}

	return {instance, pipeline, rows, settings, store, quits, frame, waitFor, press};
}
