import {type Command} from 'commander';
import {type DeadLetterInfo, type DlqPosition, parsePosition, parsePositions, positionText} from '../domain/dlq.js';
import {count, fit, inert, timestamp} from '../domain/display.js';
import {UsageError} from '../domain/errors.js';
import {dlqService} from '../services/dlq/dlq-service.js';
import {type CommandIo, exitCodes, printJson, usageOf} from './io.js';
import {writes} from './read-only.js';
import type {CommandContext} from './program.js';

/**
 * `dlq list | show | replay`: triage of `<topic>.dlq` and sending dead letters back to their
 * topic. Every text that came from outside (keys, values, reasons, headers) is printed through
 * display.ts's inert(), so a control character in a record cannot drive the terminal.
 */

type Run = (task: (command: Command) => Promise<number>) => (...args: unknown[]) => Promise<void>;
type Context = (command: Command) => CommandContext;

function text(buffer: Buffer | null): string | null {
	return buffer === null ? null : buffer.toString('utf8');
}

/** What --json says of a dead letter: texts as JSON strings (JSON escapes control characters). */
function letterJson(letter: DeadLetterInfo, valueChars?: number) {
	const value = text(letter.value);
	return {
		position: positionText(letter.position),
		partition: letter.position.partition,
		offset: letter.position.offset,
		reason: letter.reason,
		origin: letter.origin && {...letter.origin, time: timestamp(Number(letter.origin.timestamp))},
		failedAt: letter.failedAt,
		replayOf: letter.replayOf,
		key: text(letter.key),
		valueBytes: letter.value?.length ?? 0,
		value: value === null || valueChars === undefined ? value : value.slice(0, valueChars),
	};
}

function originText(letter: DeadLetterInfo): string {
	const o = letter.origin;
	return o ? `${inert(o.topic)} p${o.partition} @${o.offset} ${timestamp(Number(o.timestamp))}` : '(origin unknown)';
}

function printLetterLine(io: CommandIo, letter: DeadLetterInfo): void {
	const key = letter.key === null ? '(no key)' : fit(inert(letter.key), 36);
	io.out(`${positionText(letter.position).padEnd(8)} ${originText(letter)}  key ${key}`);
	io.out(`         reason: ${fit(inert(letter.reason), 160)}`);
	io.out(`         value:  ${letter.value === null ? '(null)' : fit(inert(letter.value), 100)}`);
}

function wholeNumber(raw: string, flag: string, max = 1_000_000): number {
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1 || value > max) throw new UsageError(`${flag} must be a whole number from 1 to ${max} (got ${raw})`);
	return value;
}

export function registerDlqCommands(program: Command, run: Run, context: Context): void {
	const dlq = program.command('dlq').description('dead letters: records the sink could not write (<topic>.dlq): list, show, replay');

	dlq
		.command('list')
		.description('list dead letters with their reason, origin, key and a preview of the value; counts per reason')
		.option('--limit <n>', 'dead letters shown at most (default 50); the counts cover all', '50')
		.option('--reason <text>', 'only reasons containing this text (case-insensitive)')
		.action(
			run(async command => {
				const c = context(command);
				const options = command.opts<{limit: string; reason?: string}>();
				const limit = wholeNumber(options.limit, '--limit');
				const list = await dlqService(c.services).list({limit, reason: options.reason, signal: c.signal});
				const replayedUpTo = list.replayedUpTo && Object.fromEntries([...list.replayedUpTo].map(([p, o]) => [String(p), o]));
				if (c.json) {
					printJson(c.io, {
						topic: `${c.settings.topic}.dlq`,
						total: list.total,
						matching: list.matching,
						byReason: list.byReason,
						replayedUpTo,
						letters: list.letters.map(letter => letterJson(letter, 2000)),
					});
					return exitCodes.ok;
				}
				const filter = options.reason === undefined ? '' : ` (${count(list.matching)} with reason ~ "${inert(options.reason)}")`;
				c.io.out(`${c.settings.topic}.dlq: ${count(list.total)} dead letter(s)${filter}`);
				for (const {reason, count: n} of list.byReason) c.io.out(`  ${String(n).padStart(6)}  ${inert(reason)}`);
				if (replayedUpTo)
					c.io.out(
						`replayed up to ${Object.entries(replayedUpTo)
							.map(([p, o]) => `${p}:${o}`)
							.join(' ')} (dlq replay --all goes on from there)`,
					);
				if (list.letters.length > 0) c.io.out('');
				for (const letter of list.letters) printLetterLine(c.io, letter);
				if (list.letters.length < list.matching) c.io.out(`(${list.letters.length} of ${list.matching} shown; --limit for more)`);
				return exitCodes.ok;
			}),
		);

	dlq
		.command('show')
		.description('one dead letter: reason, origin, key, headers and the whole value')
		.argument('<partition:offset>', 'its place in the DLQ topic, as `dlq list` shows it (e.g. 0:42)')
		.action(
			run(async command => {
				const c = context(command);
				const [raw] = command.processedArgs as [string];
				const position = usageOf(() => parsePosition(raw, 'partition:offset'));
				const letter = await dlqService(c.services).show(position, c.signal);
				const headers = Object.fromEntries(Object.entries(letter.headers ?? {}).map(([name, value]) => [name, Array.isArray(value) ? value.map(String) : String(value)]));
				if (c.json) {
					printJson(c.io, {...letterJson(letter), headers});
					return exitCodes.ok;
				}
				c.io.out(`dead letter ${positionText(position)} of ${c.settings.topic}.dlq`);
				c.io.out(`reason:    ${inert(letter.reason)}`);
				c.io.out(`origin:    ${originText(letter)}`);
				if (letter.failedAt) c.io.out(`failed at: ${inert(letter.failedAt)}`);
				if (letter.replayOf) c.io.out(`replay of: ${inert(letter.replayOf)}`);
				c.io.out(`key:       ${letter.key === null ? '(no key)' : inert(letter.key)}`);
				c.io.out('headers:');
				for (const [name, value] of Object.entries(headers)) c.io.out(`  ${inert(name)}: ${inert(String(value))}`);
				c.io.out(`value (${count(letter.value?.length ?? 0)} bytes):`);
				c.io.out(letter.value === null ? '(null)' : inert(letter.value));
				return exitCodes.ok;
			}),
		);

	writes(dlq.command('replay'), 'dlq replay')
		.description('send dead letters back to their original topic (key, value and timestamp kept), for the sink to write again')
		.option('--all', 'every dead letter after the last replay; the position is committed, so a second --all replays nothing it sent')
		.option('--select <p:o,...>', 'these dead letters only (the replay position is not moved)')
		.addHelpText(
			'after',
			'\nTypical: the table lacked a family and `consume --on-refused dlq` sent rows to the DLQ:\n  userdata-tui init --fix && userdata-tui dlq replay --all && userdata-tui consume --until-idle 10',
		)
		.action(
			run(async command => {
				const c = context(command);
				const options = command.opts<{all?: boolean; select?: string}>();
				if (Boolean(options.all) === (options.select !== undefined)) throw new UsageError('give either --all or --select p:o[,p:o...]');
				const select: DlqPosition[] | undefined = options.select === undefined ? undefined : usageOf(() => parsePositions(options.select!, 'select'));
				let last = 0;
				const outcome = await dlqService(c.services).replay(
					select ? {select} : {all: true},
					({sent, total}) => {
						const now = Date.now();
						if (now - last < 1000 && sent < total) return;
						last = now;
						const line = `replay: ${count(sent)} of ${count(total)} sent back`;
						if (c.io.status) c.io.status.write(line);
						else c.io.err(line);
					},
					c.signal,
				);
				c.io.status?.end();
				if (c.json) {
					printJson(c.io, {
						replayed: outcome.replayed,
						skipped: outcome.skipped.map(letter => letterJson(letter, 200)),
						committed: outcome.committed,
						missing: outcome.missing?.map(positionText),
					});
				} else {
					c.io.out(`${outcome.replayed} replayed`);
					for (const letter of outcome.skipped) c.io.err(`skipped ${positionText(letter.position)}: its headers do not say where it came from`);
					if (outcome.missing && outcome.missing.length > 0) c.io.err(`no dead letter at ${outcome.missing.map(positionText).join(', ')}`);
				}
				return outcome.missing && outcome.missing.length > 0 ? exitCodes.failure : exitCodes.ok;
			}),
		);
}
