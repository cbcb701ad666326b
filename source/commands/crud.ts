import {readFile} from 'node:fs/promises';
import {type Command} from 'commander';
import {userLine, ValidationError} from '../domain/errors.js';
import {keyFromHex, type RowKey} from '../domain/row-key.js';
import {fieldsFromSetArgs} from '../domain/validation.js';
import {type CreateInput, createInputFromJson, parseJsonText} from '../services/crud/create-input.js';
import {CrudService} from '../services/crud/crud-service.js';
import {
	type BinaryFormat,
	displayWidth,
	duration,
	inert,
	keyText,
	padEnd,
	rowKeyText,
	storedText,
	timestamp as showTimestamp,
	timestampWithMs,
	truncate,
} from '../domain/display.js';
import {type CellVersion, compareColumns, findCell, type Row} from '../domain/row.js';
import {DEFAULT_SCAN_LIMIT, MAX_SCAN_LIMIT} from '../services/crud/scan-options.js';
import {cliOptions, type CommandIo, exitCodes, printJson} from './io.js';
import type {CommandContext} from './program.js';
import {writes} from './read-only.js';

/**
 * The headless CRUD commands: get, scan, count, create, update, delete, history, restore.
 * All of them go through CrudService; this file parses flags and prints.
 *
 * Exit codes: 0 done; 1 HBase said no (not found, already exists, conflict) or could not be
 * reached; 2 bad input (flags, ids, columns, values, --file): nothing was sent to HBase.
 */

type Run = (task: (command: Command) => Promise<number>) => (...args: unknown[]) => Promise<void>;
type Context = (command: Command) => CommandContext;

const EXIT_CODES = 'Exit codes: 0 done, 1 not found / conflict / HBase unreachable, 2 bad input (nothing written).';

/** Text after a command's help: notes and examples, then the exit codes. */
function helpAfter(...paragraphs: string[]): string {
	return ['', ...paragraphs, EXIT_CODES].join('\n\n').replace(/^\n/, '');
}

export function registerCrudCommands(program: Command, run: Run, context: Context): void {
	/**
	 * Our own validation errors are usage errors: the input can never work, and nothing was
	 * written. One with a cause is HBase refusing an argument (IllegalArgument): a failure, 1.
	 */
	const action = (task: (c: CommandContext, command: Command) => Promise<number>) =>
		run(async command => {
			const c = context(command);
			try {
				return await task(c, command);
			} catch (error) {
				if (!(error instanceof ValidationError) || error.cause !== undefined) throw error;
				c.io.err(`error: ${userLine(error, cliOptions)}`);
				return exitCodes.usage;
			}
		});

	program
		.command('get')
		.description('show one row: every cell, grouped by family')
		.argument('<id>', "row key (the user's login.uuid)")
		.option('--versions <n>', 'kept versions per cell, with timestamps (1-3)')
		.option('--key-hex', KEY_HEX)
		.addHelpText('after', helpAfter('Example:\n  userdata-tui get 213fc6a6-7f17-4bba-b2f7-22cfd225c0ca --versions 3'))
		.action(
			action(async (c, command) => {
				const id = keyArgument(command);
				const options = command.opts<{versions?: string}>();
				const versions = options.versions === undefined ? undefined : wholeNumber(options.versions, '--versions');
				const row = await withCrud(c, crud => crud.get(id, {versions}));
				if (c.json) printJson(c.io, row);
				else printRow(c.io, row, versions !== undefined && versions > 1, c.settings.binaryFormat);
				return exitCodes.ok;
			}),
		);

	program
		.command('scan')
		.description('list rows in key order, a page at a time')
		.option('--prefix <p>', 'only row keys starting with p')
		.option('--start <row>', 'first row key of the page (the "next" of the previous page)')
		.option('--limit <n>', `rows per page (1-${MAX_SCAN_LIMIT}, default ${DEFAULT_SCAN_LIMIT})`)
		.option('--columns <list>', 'families and/or family:qualifier, comma-separated (default: all)')
		.option('--where <filter>', 'family:qualifier~text (contains, any case) or family:qualifier=text (equals), run in HBase')
		.option('--key-hex', '--prefix and --start are hex digits (for keys that are not text)')
		.addHelpText(
			'after',
			helpAfter(
				'Examples:\n  userdata-tui scan --prefix 21 --limit 10\n  userdata-tui scan --columns info:first_name,contact --where contact:email~example.com\n  userdata-tui scan --start <next from the previous page>',
			),
		)
		.action(
			action(async (c, command) => {
				const options = command.opts<{prefix?: string; start?: string; limit?: string; columns?: string; where?: string; keyHex?: boolean}>();
				const limit = options.limit === undefined ? undefined : wholeNumber(options.limit, '--limit');
				const key = (text: string | undefined, flag: string) => (text === undefined || !options.keyHex ? text : keyFromHex(text, flag));
				const [prefix, start] = [key(options.prefix, '--prefix'), key(options.start, '--start')];
				const page = await withCrud(c, crud => crud.scan({prefix, start, limit, columns: options.columns, where: options.where}));
				if (c.json) {
					printJson(c.io, page);
				} else {
					printTable(c.io, page.rows, options.columns !== undefined, c.settings.binaryFormat);
					c.io.err(page.next === undefined ? `${plural(page.rows.length, 'row')}, last page` : `${plural(page.rows.length, 'row')}; next page: ${startFlag(page.next)}`);
				}
				return exitCodes.ok;
			}),
		);

	program
		.command('count')
		.description('count rows (a key-only scan: row keys only cross the wire)')
		.option('--prefix <p>', 'only row keys starting with p')
		.addHelpText('after', helpAfter())
		.action(
			action(async (c, command) => {
				const options = command.opts<{prefix?: string}>();
				const started = performance.now();
				const rows = await withCrud(c, crud => crud.count({prefix: options.prefix, signal: c.signal}));
				const elapsedMs = Math.round(performance.now() - started);
				if (c.json) printJson(c.io, {table: c.settings.table, rows, elapsedMs});
				else c.io.out(`${plural(rows, 'row')} in ${c.settings.table} (counted in ${duration(elapsedMs)})`);
				return exitCodes.ok;
			}),
		);

	writes(program.command('create'))
		.description('add a user; prints the new row key')
		.option('--file <file>', 'a randomuser-shaped JSON user (its login.uuid becomes the key) or a flat {"family:qualifier": "value"} map')
		.option('--set <family:qualifier=value>', 'a cell (repeat for more); info:first_name, info:last_name and contact:email are required', collect)
		.addHelpText(
			'after',
			helpAfter(
				"The row key is the JSON's login.uuid, or a new UUID v4. An existing row is never overwritten.",
				'Examples:\n  userdata-tui create --set info:first_name=Ava --set info:last_name=Lind --set contact:email=ava@example.com\n  userdata-tui create --file user.json',
			),
		)
		.action(
			action(async (c, command) => {
				const options = command.opts<{file?: string; set?: string[]}>();
				const input = await createInput(options.file, options.set ?? []);
				const row = await withCrud(c, crud => crud.create(input));
				if (c.json) {
					printJson(c.io, row);
				} else {
					c.io.out(rowKeyText(row));
					c.io.err(`created row ${rowKeyText(row)} (${plural(row.cells.length, 'cell')}, timestamp ${row.updatedAt})`);
				}
				return exitCodes.ok;
			}),
		);

	writes(program.command('update'))
		.description('set or clear cells of a row; each change is a new version')
		.argument('<id>', 'row key')
		.option('--set <family:qualifier=value>', 'a new value (repeat for more)', collect)
		.option('--set-hex <family:qualifier=hex>', 'a new value given as hex digits, for bytes that are not text (repeat for more)', collect)
		.option('--unset <family:qualifier>', 'clear a cell, all its versions (repeat for more)', collect)
		.option('--key-hex', KEY_HEX)
		.option('--if-unchanged-since <ts>', 'fail (exit 1, "conflict") if any cell of the row is newer than this timestamp (ms, or ISO 8601)')
		.addHelpText(
			'after',
			helpAfter(
				'Take the timestamp from `get` ("updated ...") so two editors cannot silently overwrite each other.',
				'Example:\n  userdata-tui update <id> --set address:city=Oslo --unset contact:cell --if-unchanged-since 1767225600000',
			),
		)
		.action(
			action(async (c, command) => {
				const id = keyArgument(command);
				const options = command.opts<{set?: string[]; setHex?: string[]; unset?: string[]; ifUnchangedSince?: string}>();
				const set: Record<string, string | Uint8Array> = {...fieldsFromSetArgs(options.set ?? []), ...bytesFromSetHexArgs(options.setHex ?? [])};
				const unset = options.unset ?? [];
				const since = options.ifUnchangedSince === undefined ? undefined : timestamp(options.ifUnchangedSince, '--if-unchanged-since');
				const row = await withCrud(c, crud => crud.update(id, {set, unset}, {ifUnchangedSince: since}));
				if (c.json) {
					printJson(c.io, row);
				} else {
					const what = [Object.keys(set).length > 0 ? `set ${Object.keys(set).join(', ')}` : '', unset.length > 0 ? `cleared ${unset.join(', ')}` : ''].filter(Boolean);
					c.io.out(`updated row ${rowKeyText(row, c.settings.binaryFormat)}: ${what.join('; ')}`);
					c.io.out(`updated ${timestampWithMs(row.updatedAt)}`);
				}
				return exitCodes.ok;
			}),
		);

	writes(program.command('delete'))
		.description('delete a row, or single cells of it (all versions)')
		.argument('<id>', 'row key')
		.option('--column <family:qualifier>', 'delete only this cell (repeat for more)', collect)
		.option('--key-hex', KEY_HEX)
		.addHelpText('after', helpAfter('Examples:\n  userdata-tui delete <id>\n  userdata-tui delete <id> --column info:title --column contact:cell'))
		.action(
			action(async (c, command) => {
				const id = keyArgument(command);
				const columns = command.opts<{column?: string[]}>().column ?? [];
				const whole = columns.length === 0;
				const removed = await withCrud(c, crud => (whole ? crud.deleteRow(id) : crud.deleteCells(id, columns)));
				if (c.json) {
					printJson(c.io, {id: removed.id, deleted: whole ? 'row' : removed.cells.map(cell => cell.column), cells: removed.cells});
				} else if (whole) {
					c.io.out(`deleted row ${rowKeyText(removed, c.settings.binaryFormat)} (${plural(removed.cells.length, 'cell')})`);
				} else {
					c.io.out(`deleted ${removed.cells.map(cell => cell.column).join(', ')} from row ${rowKeyText(removed, c.settings.binaryFormat)}`);
				}
				return exitCodes.ok;
			}),
		);

	program
		.command('history')
		.description('the kept versions of one cell, newest first, with timestamps')
		.argument('<id>', 'row key')
		.argument('<family:qualifier>', 'the cell, e.g. contact:email')
		.option('--key-hex', KEY_HEX)
		.addHelpText('after', helpAfter('Restore one of them with `userdata-tui restore <id> <family:qualifier> <timestamp>`.'))
		.action(
			action(async (c, command) => {
				const [, column] = command.processedArgs as [string, string];
				const id = keyArgument(command);
				const versions = await withCrud(c, crud => crud.history(id, column));
				if (c.json) {
					printJson(c.io, {id, column, versions});
				} else {
					c.io.out(`${inert(column)} of row ${keyText(id, c.settings.binaryFormat)}, newest first`);
					for (const line of versionLines(versions, c.settings.binaryFormat)) c.io.out(`  ${line}`);
				}
				return exitCodes.ok;
			}),
		);

	writes(program.command('restore'))
		.description('put an older version of a cell back as the newest')
		.argument('<id>', 'row key')
		.argument('<family:qualifier>', 'the cell')
		.argument('<timestamp>', 'the version to restore (from `history`: ms, or ISO 8601)')
		.option('--key-hex', KEY_HEX)
		.addHelpText('after', helpAfter())
		.action(
			action(async (c, command) => {
				const [, column, at] = command.processedArgs as [string, string, string];
				const id = keyArgument(command);
				const result = await withCrud(c, crud => crud.restore(id, column, timestamp(at, 'timestamp')));
				if (c.json) {
					printJson(c.io, result);
				} else if (result.changed) {
					c.io.out(
						`restored ${result.column} of row ${keyText(result.id, c.settings.binaryFormat)} to the version of ${result.restoredFrom}: ${shown(result, c.settings.binaryFormat)}`,
					);
					c.io.out(`newest version now ${timestampWithMs(result.timestamp)}`);
				} else {
					c.io.out(
						`${result.column} of row ${keyText(result.id, c.settings.binaryFormat)}: the version of ${result.restoredFrom} already is the newest; nothing written`,
					);
				}
				return exitCodes.ok;
			}),
		);
}

/** One connection per command, closed on every path. No I/O happens before the first call. */
async function withCrud<T>(c: CommandContext, task: (crud: CrudService) => Promise<T>): Promise<T> {
	const connection = c.services.thriftConnection();
	try {
		return await task(new CrudService(c.services.hbase(connection), c.settings.table, {readOnly: c.settings.readOnly}));
	} finally {
		await connection.close();
	}
}

/** A repeatable flag; no default, so help shows none. */
function collect(value: string, previous: string[] | undefined): string[] {
	return [...(previous ?? []), value];
}

async function createInput(file: string | undefined, sets: readonly string[]): Promise<CreateInput> {
	if (file !== undefined && sets.length > 0) {
		throw new ValidationError('create: give either --file or --set, not both', {field: '--file'});
	}
	if (file === undefined) {
		if (sets.length === 0) {
			throw new ValidationError('create: nothing to create', {
				field: '--set',
				hint: 'Give --file user.json, or --set info:first_name=Ava --set info:last_name=Lind --set contact:email=ava@example.com',
			});
		}
		return {fields: fieldsFromSetArgs(sets)};
	}
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		const code = (error as {code?: string}).code;
		throw new ValidationError(`--file ${file}: cannot read it (${code ?? (error instanceof Error ? error.message : String(error))})`, {field: '--file'});
	}
	return createInputFromJson(parseJsonText(text, `--file ${file}`));
}

function wholeNumber(text: string, flag: string): number {
	if (!/^\d{1,9}$/u.test(text.trim())) throw new ValidationError(`${flag}: expected a whole number (got ${JSON.stringify(text)})`, {field: flag});
	return Number(text.trim());
}

/** A cell timestamp: milliseconds since the epoch, or an ISO 8601 instant. */
function timestamp(text: string, field: string): number {
	const trimmed = text.trim();
	if (/^\d{1,16}$/u.test(trimmed)) return Number(trimmed);
	const parsed = /^\d{4}-\d\d-\d\dT/u.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
	if (Number.isNaN(parsed)) {
		throw new ValidationError(`${field}: expected a timestamp in ms (as \`get\` and \`history\` print it) or an ISO 8601 instant (got ${JSON.stringify(text)})`, {field});
	}
	return parsed;
}

// --- human output -------------------------------------------------------------------------

/**
 * A cell's value in a listing: inert text (values come from anyone who writes to the table), the
 * bytes in the chosen format when they are not UTF-8, and "" for an empty cell (the API sent "").
 */
function shown(version: {readonly value: string; readonly bytes?: Uint8Array}, format: BinaryFormat): string {
	return version.value === '' && !version.bytes ? '""' : storedText(version.value, version.bytes, format);
}

const KEY_HEX = 'the row key argument is hex digits: for a key that is not text (shown as hex:…)';

/** The <id> argument: text, or with --key-hex the bytes its hex digits spell. */
function keyArgument(command: Command): RowKey {
	const [id] = command.processedArgs as [string];
	return command.opts<{keyHex?: boolean}>().keyHex ? keyFromHex(id, '<id>') : id;
}

/** How to ask for the next page: `--start <key>`, or its hex with --key-hex for a key that is not text. */
function startFlag(next: RowKey): string {
	return typeof next === 'string' ? `--start ${next}` : `--start ${Buffer.from(next).toString('hex')} --key-hex`;
}

/** `--set-hex family:qualifier=00ff…` values as bytes. */
function bytesFromSetHexArgs(args: readonly string[]): Record<string, Uint8Array> {
	const values: Record<string, Uint8Array> = {};
	for (const arg of args) {
		const at = arg.indexOf('=');
		if (at < 1) throw new ValidationError(`--set-hex ${JSON.stringify(arg)}: expected family:qualifier=hexdigits`, {field: '--set-hex'});
		values[arg.slice(0, at)] = keyFromHex(arg.slice(at + 1), '--set-hex');
	}
	return values;
}

function plural(n: number, word: string): string {
	return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function versionLines(versions: readonly CellVersion[], format: BinaryFormat): string[] {
	return versions.map(v => `${v.timestamp}  ${showTimestamp(v.timestamp)}  ${shown(v, format)}`);
}

function splitColumn(column: string): [string, string] {
	const colon = column.indexOf(':');
	return colon < 0 ? [column, ''] : [column.slice(0, colon), column.slice(colon + 1)];
}

/** A row grouped by family, qualifiers aligned; with versions, one line per version. */
function printRow(io: CommandIo, row: Row, withVersions: boolean, format: BinaryFormat): void {
	io.out(`row ${rowKeyText(row, format)}`);
	io.out(`updated ${timestampWithMs(row.updatedAt)}`);
	const width = Math.max(...row.cells.map(cell => displayWidth(inert(splitColumn(cell.column)[1]))));
	let family: string | undefined;
	for (const cell of row.cells) {
		const [cellFamily, qualifier] = splitColumn(cell.column).map(inert) as [string, string];
		if (cellFamily !== family) {
			family = cellFamily;
			io.out('');
			io.out(family);
		}
		if (!withVersions) {
			io.out(`  ${padEnd(qualifier, width)}  ${shown(cell, format)}`);
			continue;
		}
		versionLines(cell.versions ?? [cell], format).forEach((line, index) => {
			io.out(`  ${padEnd(index === 0 ? qualifier : '', width)}  ${line}`);
		});
	}
}

const SUMMARY_COLUMNS = ['info:first_name', 'info:last_name', 'contact:email', 'address:country'];
const MAX_CELL_WIDTH = 32;

/** Rows as an aligned table: the id, then a few summary columns (or the columns asked for). */
function printTable(io: CommandIo, rows: readonly Row[], asked: boolean, format: BinaryFormat): void {
	if (rows.length === 0) return;
	const present = new Set(rows.flatMap(row => row.cells.map(cell => cell.column)));
	const columns = (asked ? [...present] : SUMMARY_COLUMNS.filter(column => present.has(column))).sort(compareColumns);
	const qualifiers = columns.map(column => inert(splitColumn(column)[1]));
	const headers = columns.map((column, index) => (qualifiers.indexOf(qualifiers[index]!) === qualifiers.lastIndexOf(qualifiers[index]!) ? qualifiers[index]! : column));
	const cellText = (row: Row, column: string): string => {
		const cell = findCell(row, column);
		return truncate(cell ? storedText(cell.value, cell.bytes, format) : '', MAX_CELL_WIDTH);
	};
	const table = [['id', ...headers], ...rows.map(row => [rowKeyText(row, format), ...columns.map(column => cellText(row, column))])];
	const widths = table[0]!.map((_, index) => Math.max(...table.map(line => displayWidth(line[index]!))));
	for (const line of table) {
		io.out(
			line
				.map((text, index) => (index === line.length - 1 ? text : padEnd(text, widths[index]!)))
				.join('  ')
				.trimEnd(),
		);
	}
}
