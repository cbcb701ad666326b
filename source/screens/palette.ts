import {type IntentRequest, type ScreenId, screenIds, screenTitles} from './console-context.js';
import type {ActiveSettings, SettingsPort} from '../services/ports.js';
import {whereOf} from './row-search.js';

/**
 * The `:` command palette, as k9s has it: a screen by name, or a verb and its argument. Screens
 * come from the screen list (a screen added to screenIds is reachable here by its name); verbs
 * from the table below (a new verb is one entry). Pure but for the context it acts through.
 */

export interface PaletteContext {
	navigate(request: IntentRequest | {readonly screen: ScreenId}): void;
	openHelp(): void;
	quit(): void;
	readonly settings: SettingsPort;
	/** New settings are in force (the status bar and the screens follow). */
	applied(settings: ActiveSettings): void;
}

export interface PaletteEntry {
	readonly name: string;
	/** What the argument is, when the entry takes one. */
	readonly argument?: string;
	readonly description: string;
	/** Runs it; resolves with the line to show afterwards. */
	run(argument: string, context: PaletteContext): Promise<string> | string;
}

const switchSetting = (key: 'table' | 'topic' | 'group', words: string): PaletteEntry => ({
	name: key,
	argument: `<${key} name>`,
	description: `switch to another ${key === 'group' ? 'consumer group' : key === 'topic' ? 'Kafka topic' : 'HBase table'} (saved like Settings)`,
	async run(argument, context) {
		if (argument === '') return `Which ${words}? (e.g. :${key} userdata)`;
		const current = context.settings.current();
		const result = await context.settings.save({...current, [key]: argument});
		context.applied(result.settings);
		return `Now on ${words} ${result.settings[key]} (saved to ${result.path})`;
	},
});

function scanQuery(argument: string): {prefix?: string; where?: string} {
	const words = argument.split(/\s+/u).filter(Boolean);
	const filter = words.find(word => /^[a-z]+:[A-Za-z0-9_]+[~=]/u.test(word));
	const prefix = words.find(word => word !== filter);
	return {...(prefix ? {prefix} : {}), ...(filter ? {where: filter} : {})};
}

export const paletteVerbs: readonly PaletteEntry[] = [
	{
		name: 'go',
		argument: '<row key>',
		description: 'open a row in the Browser',
		run(argument, context) {
			if (argument === '') return 'Which row? (e.g. :go 0a1b…)';
			context.navigate({screen: 'browser', open: argument});
			return `Opening row ${argument}`;
		},
	},
	{
		name: 'edit',
		argument: '<row key>',
		description: 'open a row in Forms to edit it',
		run(argument, context) {
			if (argument === '') return 'Which row? (e.g. :edit 0a1b…)';
			context.navigate({screen: 'forms', mode: 'edit', id: argument});
			return `Editing row ${argument}`;
		},
	},
	{
		name: 'scan',
		argument: '[key prefix] [column~text | column=text]',
		description: 'list the rows under a key prefix and/or matching a value',
		run(argument, context) {
			const query = scanQuery(argument);
			context.navigate({screen: 'browser', query});
			return argument === ''
				? 'Scanning the whole table'
				: `Scanning ${[query.prefix && `key ${query.prefix}…`, query.where && `where ${query.where}`].filter(Boolean).join(' ')}`;
		},
	},
	{
		name: 'find',
		argument: '<last name | column~text | column=text>',
		description: 'rows matching a value',
		run(argument, context) {
			const where = whereOf(argument);
			context.navigate({screen: 'browser', query: where ? {where} : {}});
			return where ? `Finding ${where}` : 'Scanning the whole table';
		},
	},
	switchSetting('table', 'table'),
	switchSetting('topic', 'topic'),
	switchSetting('group', 'consumer group'),
	{
		name: 'help',
		description: 'every key (searchable with /)',
		run(_, context) {
			context.openHelp();
			return '';
		},
	},
	{
		name: 'quit',
		description: 'stop the producer and the sink cleanly, then leave',
		run(_, context) {
			context.quit();
			return '';
		},
	},
];

/** Every entry: the screens by name, then the verbs. */
export function paletteEntries(): PaletteEntry[] {
	const screens = screenIds.map((id): PaletteEntry => ({
		name: id,
		description: `the ${screenTitles[id]} screen`,
		run(_, context) {
			context.navigate({screen: id});
			return '';
		},
	}));
	return [...screens, ...paletteVerbs];
}

/** The entries a typed line may mean: names starting with its first word first, then those holding it. */
export function paletteMatches(line: string, entries: readonly PaletteEntry[] = paletteEntries()): PaletteEntry[] {
	const word = (line.trimStart().split(/\s+/u)[0] ?? '').toLowerCase();
	if (word === '') return [...entries];
	const starting = entries.filter(entry => entry.name.startsWith(word));
	const holding = entries.filter(entry => !entry.name.startsWith(word) && entry.name.includes(word));
	return [...starting, ...holding];
}

/** What Enter runs: the exact name, else the only entry the first word starts. */
export function paletteChoice(line: string, entries: readonly PaletteEntry[] = paletteEntries()): {entry: PaletteEntry; argument: string} | undefined {
	const trimmed = line.trim();
	const [word = '', ...rest] = trimmed.split(/\s+/u);
	const argument = rest.join(' ');
	const exact = entries.find(entry => entry.name === word.toLowerCase());
	if (exact) return {entry: exact, argument};
	const starting = entries.filter(entry => entry.name.startsWith(word.toLowerCase()));
	return word !== '' && starting.length === 1 ? {entry: starting[0]!, argument} : undefined;
}
