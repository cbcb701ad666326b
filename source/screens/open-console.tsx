import {type CommandContext} from '../commands/program.js';

/** Placeholder until the console lands: says so plainly instead of pretending. */
export async function openConsole(context: CommandContext): Promise<number> {
	context.io.err('The console is not built yet; use the headless commands (userdata-tui --help).');
	return 1;
}
