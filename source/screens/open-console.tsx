import {type ConsoleSession, type ConsoleHost} from './console-session.js';

/**
 * Entry of the console (cli.tsx imports this module only when a terminal asks for it).
 *
 * React picks its build when first imported: without NODE_ENV it loads the development
 * build, whose checks cost about a tenth of a core at our redraw rate, taken from the
 * pipeline it shares the process with. So the mode is set before React is loaded, and the
 * session (which imports React and Ink) is loaded after.
 */
export async function openConsole(session: ConsoleSession, host: ConsoleHost): Promise<number> {
	process.env.NODE_ENV ??= 'production';
	const {runConsole} = await import('./console-session.js');
	return runConsole(session, host);
}
