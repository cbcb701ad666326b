import {runProgram} from './commands/program.js';
import {processIo} from './commands/io.js';

/**
 * argv → settings → services → the console (TTY, no subcommand) or a headless command.
 * One shutdown path: the first SIGINT/SIGTERM aborts `shutdown`, which every long-running
 * command watches to stop cleanly; a second one exits at once.
 */
const shutdown = new AbortController();
let firstSignalAt: number | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		// `conf` (through atomically → when-exit) re-sends the signal to this process right after
		// the first one: a repeat within half a second is that echo, not a second Ctrl-C.
		const now = Date.now();
		if (firstSignalAt === undefined) {
			firstSignalAt = now;
			shutdown.abort(new Error(`received ${signal}`));
			return;
		}
		if (now - firstSignalAt > 500) process.exit(130);
	});
}

const code = await runProgram(process.argv.slice(2), {
	io: processIo,
	env: process.env,
	signal: shutdown.signal,
	isTty: Boolean(process.stdout.isTTY && process.stdin.isTTY),
	// The composition root of the console: the command's services (built once for this process)
	// under the screens' ports. Loaded only when a terminal asks for the console.
	openConsole: async context => {
		const [{ConsoleRuntime}, {openSettingsStore}, {openConsole}] = await Promise.all([
			import('./console-wiring/console-runtime.js'),
			import('./services/settings-store.js'),
			import('./screens/open-console.js'),
		]);
		const runtime = new ConsoleRuntime(context.services, openSettingsStore(process.env));
		return openConsole(runtime, {signal: context.signal, err: context.io.err});
	},
});
process.exitCode = code;
