import {runProgram} from './commands/program.js';
import {processIo} from './commands/io.js';

/**
 * argv → settings → services → the console (TTY, no subcommand) or a headless command.
 * One shutdown path: the first SIGINT/SIGTERM aborts `shutdown`, which every long-running
 * command watches to stop cleanly; a second one exits at once.
 */
const shutdown = new AbortController();
let signals = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		signals++;
		if (signals > 1) process.exit(130);
		shutdown.abort(new Error(`received ${signal}`));
	});
}

const code = await runProgram(process.argv.slice(2), {
	io: processIo,
	env: process.env,
	signal: shutdown.signal,
	isTty: Boolean(process.stdout.isTTY && process.stdin.isTTY),
	openConsole: async context => {
		const {openConsole} = await import('./screens/open-console.js');
		return openConsole(context);
	},
});
process.exitCode = code;
