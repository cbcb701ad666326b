import {runProgram} from './commands/program.js';
import {processIo} from './commands/io.js';

/**
 * argv → settings → services → the console (TTY, no subcommand) or a headless command.
 * One shutdown path: the first SIGINT/SIGTERM aborts `shutdown`, which every long-running
 * command watches to stop cleanly; a second one exits at once.
 */
const shutdown = new AbortController();
/** How long a finished command waits for what libraries left open before it exits anyway. */
const lingerMs = 2000;
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

// A reader that stops early (`get … | head`) closes the pipe under us. End quietly with the code
// of a Unix tool killed by SIGPIPE (128 + 13), as kcat or grep do, instead of a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
	if (error.code === 'EPIPE') process.exit(141);
	throw error;
});

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
// Every client has been closed by now, yet kafkajs can still hold connections: a request it was
// retrying when it was closed opens them again (tulios/kafkajs#1147). After a broker died, such
// sockets kept a finished `consume --until-idle` alive for 10 minutes, until the brokers dropped
// them as idle. A finished command ends: the log gets a moment to flush, then the process exits.
// (Unref'd: when nothing is left open, the process ends at once without it.)
setTimeout(() => process.exit(code), lingerMs).unref();
