import {type Command} from 'commander';
import {ReadOnlyError} from '../domain/errors.js';

/**
 * The CLI's read-only guard, in one place: a command that writes (to HBase, Kafka or the
 * schema) is declared here once, where it is registered, and every declared command is refused
 * in read-only mode before its action has built a client, so nothing is sent. A new write
 * command is covered by declaring it: `writes(program.command('import'), 'import')`.
 */
const writers = new WeakMap<Command, string>();

/** Declares `command` a write; `what` names it in the refusal ("delete"). Returns the command. */
export function writes<T extends Command>(command: T, what = command.name()): T {
	writers.set(command, what);
	return command;
}

/** Throws ReadOnlyError when `command` was declared a write and read-only mode is on. */
export function refuseWriteWhenReadOnly(command: Command, readOnly: boolean): void {
	const what = writers.get(command);
	if (readOnly && what !== undefined) throw new ReadOnlyError(what);
}
