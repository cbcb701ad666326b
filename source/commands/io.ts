import {type Logger} from '../services/logger.js';
import {type OptionNamer, userLine, UserdataError} from '../domain/errors.js';
import {padEnd} from '../domain/display.js';
import {explainKafkaError} from '../services/kafka/kafka-client.js';

/** Where a headless command writes: data to stdout, progress and errors to stderr. */
export interface CommandIo {
	out(line: string): void;
	err(line: string): void;
	/**
	 * A progress line rewritten in place, when stderr is a terminal; without it, progress goes
	 * to err() one line at a time (a log or a pipe keeps every line).
	 */
	readonly status?: LiveLine;
}

export interface LiveLine {
	write(line: string): void;
	/** Ends the line, so what follows starts on a fresh one. */
	end(): void;
}

const stderrLine: LiveLine = {
	write: line => process.stderr.write(`\r${padEnd(line, 100)}`),
	end: () => process.stderr.write('\n'),
};

export const processIo: CommandIo = {
	out: line => process.stdout.write(`${line}\n`),
	err: line => process.stderr.write(`${line}\n`),
	get status() {
		return process.stderr.isTTY ? stderrLine : undefined;
	},
};

export const exitCodes = {ok: 0, failure: 1, usage: 2} as const;

/** One clear line for the user; the details (stack, cause) go to the log file. */
/** The CLI names an option a hint refers to (`{table}`) by its flag. */
export const cliOptions: OptionNamer = name => `--${name}`;

export function reportFailure(failure: unknown, io: CommandIo, logger: Logger | undefined): number {
	const error = explainKafkaError(failure);
	logger?.error({err: serializeError(error)}, 'command failed');
	io.err(`error: ${userLine(error, cliOptions)}`);
	// Our own errors say all there is in one line; anything else has a stack in the log.
	if (!(error instanceof UserdataError) && !(error instanceof Error && 'code' in error)) {
		io.err('(details are in the log file)');
	}
	return exitCodes.failure;
}

export function serializeError(error: unknown): unknown {
	if (!(error instanceof Error)) return error;
	return {
		name: error.name,
		message: error.message,
		stack: error.stack,
		cause: error.cause === undefined ? undefined : serializeError(error.cause),
	};
}

export function printJson(io: CommandIo, value: unknown): void {
	io.out(JSON.stringify(value, null, 2));
}
