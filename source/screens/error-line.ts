import {type OptionNamer, requestInputWords, userLine} from '../domain/errors.js';
import {inert} from '../domain/display.js';
import {type Command, keymap} from './keymap.js';

function keyOf(command: Command): string {
	return keymap.find(binding => binding.command === command)?.label ?? '?';
}

/**
 * How the console names an option a hint refers to: where it is changed here, by its key,
 * not the CLI flag the command line would take (`{table}` -> "the table (5: Settings)").
 */
export const consoleOptions: OptionNamer = name => {
	const words = requestInputWords(name);
	if (words !== undefined) return words;
	if (name === 'rate') return `the rate (${keyOf('producer.faster')}/${keyOf('producer.slower')} on the Producer screen)`;
	return `the ${name} (${keyOf('screen.settings')}: Settings)`;
};

/** The one line the console shows for an error: inert, as a gateway's or broker's message may quote anything. */
export function errorLine(error: unknown): string {
	return inert(userLine(error, consoleOptions));
}
