import {render} from 'ink';
import {format} from 'node:util';
import {App} from '../app.js';
import type {Logger} from '../services/logger.js';
import type {DlqPort, HealthProbe, PipelineControl, RowStore, SettingsPort, TailPort} from '../services/ports.js';
import {ConsoleStore} from '../state/console-store.js';
import {HealthMonitor} from '../state/health-monitor.js';
import {count} from '../domain/display.js';
import {createTheme} from './theme.js';
import {terminalClipboard} from './clipboard.js';
import {type KeymapOverrides, remapKeys} from './keymap.js';

/** The ports a console session runs on; the composition root (cli.tsx) builds the real ones. */
export interface ConsoleSession {
	readonly pipeline: PipelineControl;
	readonly rows: RowStore;
	readonly probes: readonly HealthProbe[];
	readonly settings: SettingsPort;
	readonly dlq?: DlqPort;
	readonly tail?: TailPort;
	readonly logger: Logger;
	readonly logFile: string;
	/** The settings file's `keymap`: commands' new keys. */
	readonly keymap?: KeymapOverrides;
	/** Called after new settings are applied (the health monitor re-checks at once). */
	onApplied: (() => void) | undefined;
	start(): void;
	/** Stops the producer and the sink gracefully. */
	shutdown(): Promise<void>;
}

/** What the process gives the console: the shutdown signal and where the goodbye line goes. */
export interface ConsoleHost {
	readonly signal: AbortSignal;
	readonly err: (line: string) => void;
}

const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/** Console output from any library goes to the log file while the screen is ours. */
function routeConsoleToLog(logger: Logger): () => void {
	const saved = methods.map(method => [method, console[method]] as const);
	for (const method of methods) {
		console[method] = (...args: unknown[]) => logger[method === 'error' || method === 'warn' ? method : 'info']({console: method}, format(...args));
	}
	return () => {
		for (const [method, original] of saved) console[method] = original;
	};
}

// The alternate screen, as full-screen terminal tools use: the shell's scrollback is left as it was.
const enterAltScreen = '\u001B[?1049h\u001B[H';
const leaveAltScreen = '\u001B[?1049l';

/**
 * One console session: builds the real adapters behind the ports, renders <App/>, and on `q`
 * or Ctrl-C (or SIGTERM) stops the producer and the sink gracefully, then unmounts.
 * Returns the exit code: 0 after a clean stop, 130 when the user insisted on quitting at once.
 */
export async function runConsole(runtime: ConsoleSession, context: ConsoleHost): Promise<number> {
	const logger = runtime.logger.child('console');
	const store = new ConsoleStore({
		settings: runtime.settings.current(),
		producerOptions: runtime.pipeline.producerOptions,
	});
	const monitor = new HealthMonitor(runtime.probes, state => store.setHealth(state));
	for (const state of monitor.states) store.setHealth(state);
	runtime.onApplied = () => monitor.checkNow();
	const unsubscribe = runtime.pipeline.subscribe(store.ingest);
	const restoreConsole = routeConsoleToLog(logger);

	let code = 0;
	let stopping: Promise<void> | undefined;
	const stdout = process.stdout;
	const problems = remapKeys(runtime.keymap);
	for (const problem of problems) logger.warn({}, problem);
	stdout.write(enterAltScreen);
	// Frames Ink drew and the time it took them (wall ms): what the console cost its process.
	const drawn = {
		frames: 0,
		ms: 0,
		add(ms: number) {
			this.frames++;
			this.ms += ms;
		},
	};
	const instance = render(
		<App
			store={store}
			pipeline={runtime.pipeline}
			rows={runtime.rows}
			settings={runtime.settings}
			dlq={runtime.dlq}
			tail={runtime.tail}
			theme={createTheme(process.env)}
			clipboard={terminalClipboard(process.env, data => stdout.write(data))}
			notice={problems.length > 0 ? `Settings file: ${problems.join('; ')}` : undefined}
			onQuit={({force}) => quit(force)}
		/>,
		{exitOnCtrlC: false, patchConsole: false, onRender: ({renderTime}) => drawn.add(renderTime)},
	);
	function quit(force: boolean): void {
		if (force) {
			code = 130;
			logger.warn({}, 'quit at once: the pipeline was not stopped cleanly');
			instance.unmount();
			return;
		}
		stopping ??= runtime.shutdown().then(() => instance.unmount());
	}
	const onAbort = () => quit(false);
	context.signal.addEventListener('abort', onAbort, {once: true});

	store.start();
	monitor.start();
	runtime.start();
	logger.info({settings: runtime.settings.current()}, 'console opened');
	try {
		await instance.waitUntilExit();
	} finally {
		context.signal.removeEventListener('abort', onAbort);
		monitor.stop();
		unsubscribe();
		store.flush();
		store.dispose();
		restoreConsole();
		stdout.write(leaveAltScreen);
	}
	const {producer, sink} = store.getSnapshot();
	context.err(`userdata-tui: this session sent ${count(producer.sent)} users to Kafka and wrote ${count(sink.written)} rows to HBase (log: ${runtime.logFile})`);
	if (code !== 0) {
		// Connections left open would keep the process alive after a forced quit.
		setTimeout(() => process.exit(code), 2000).unref();
	} else {
		// Events taken and frames published: the console's redraw rate, for the benchmark's profile.
		logger.info({...store.stats, frames: drawn.frames, drawMs: Math.round(drawn.ms)}, 'console closed');
	}
	runtime.logger.flush?.();
	return code;
}
