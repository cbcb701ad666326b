import {type Command} from 'commander';
import {parsePosition} from '../domain/dlq.js';
import {inert, timestamp} from '../domain/display.js';
import {UsageError} from '../domain/errors.js';
import {displayName, parseSince, type TailRecord} from '../domain/tail.js';
import {parseWhere} from '../services/crud/scan-options.js';
import {type ReadStart} from '../services/kafka/topic-reader.js';
import {defaultTailCount, tailService} from '../services/tail/tail-service.js';
import {exitCodes, usageOf} from './io.js';
import type {CommandContext} from './program.js';

/**
 * `tail`: the topic's records, decoded, as they arrive (kcat -C, kaskade). Streams: each record
 * is printed when read and nothing is kept, so a long tail holds no memory; --json prints one
 * JSON object per line (NDJSON) for a pipe.
 */
type Run = (task: (command: Command) => Promise<number>) => (...args: unknown[]) => Promise<void>;
type Context = (command: Command) => CommandContext;

interface TailFlags {
	fromBeginning?: boolean;
	offset?: string;
	since?: string;
	follow?: boolean;
	key?: string;
	where?: string;
}

function start(flags: TailFlags): ReadStart {
	const chosen = [flags.fromBeginning, flags.offset !== undefined, flags.since !== undefined].filter(Boolean).length;
	if (chosen > 1) throw new UsageError('give at most one of --from-beginning, --offset and --since');
	if (flags.fromBeginning) return {kind: 'beginning'};
	if (flags.offset !== undefined) {
		const position = usageOf(() => parsePosition(flags.offset!, 'offset'));
		return {kind: 'offsets', offsets: new Map([[position.partition, position.offset]])};
	}
	if (flags.since !== undefined) return {kind: 'time', ms: usageOf(() => parseSince(flags.since!, Date.now()))};
	// Only new records when following without a start; else the last few of each partition.
	return flags.follow ? {kind: 'end'} : {kind: 'last', count: defaultTailCount};
}

function line(record: TailRecord): string {
	const where = `${timestamp(record.timestamp)}  p${record.partition} @${record.offset}`;
	if (record.record) return `${where}  ${inert(record.record.id)}  ${inert(displayName(record.record))}`;
	return `${where}  ${record.key === null ? '(no key)' : inert(record.key)}  (not a user: ${inert(record.problem ?? '')})`;
}

export function registerTailCommand(program: Command, run: Run, context: Context): void {
	program
		.command('tail')
		.description('show the topic records, decoded (row key, name, partition, offset, time); --follow for new ones as they arrive')
		.option('--from-beginning', 'from the first record kept')
		.option('--offset <p:o>', 'partition p only, from offset o')
		.option('--since <time>', 'from this time: 2025-01-31T14:03:07Z, ms since the epoch, or back from now (90s, 15m, 2h, 1d)')
		.option('--follow', 'keep showing new records until Ctrl-C')
		.option('--key <row key>', 'only records of this row key')
		.option('--where <family:qualifier~text>', 'only records whose column contains (~, any case) or equals (=) the text')
		.addHelpText('after', `\nWithout a start, the last ${defaultTailCount} records of each partition (with --follow: only new ones).`)
		.action(
			run(async command => {
				const c = context(command);
				const flags = command.opts<TailFlags>();
				const from = start(flags);
				const where = flags.where === undefined ? undefined : usageOf(() => parseWhere(flags.where!));
				let shown = 0;
				await tailService(c.services).tail({
					start: from,
					follow: flags.follow,
					filter: {key: flags.key, where},
					signal: c.signal,
					onRecord: record => {
						shown++;
						if (!c.json) {
							c.io.out(line(record));
							return;
						}
						// One object per line: a pipe reads records as they come.
						c.io.out(
							JSON.stringify({
								partition: record.partition,
								offset: record.offset,
								timestamp: record.timestamp,
								time: timestamp(record.timestamp),
								key: record.key,
								rowKey: record.record?.id,
								name: record.record ? displayName(record.record) : undefined,
								problem: record.problem,
								record: record.record,
							}),
						);
					},
				});
				if (!c.json) c.io.err(`${shown} record(s)`);
				return exitCodes.ok;
			}),
		);
}
