import {type Writable} from 'node:stream';
import {type Logger} from '../services/logger.js';
import {type OptionNamer, UsageError, userLine, UserdataError, ValidationError} from '../domain/errors.js';
import {inert, inertJson, padEnd} from '../domain/display.js';
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
	/** Where bulk data goes (`export --out -`), with back-pressure; without it, data goes through out(). */
	readonly dataStream?: Writable;
}

export interface LiveLine {
	write(line: string): void;
	/** Ends the line, so what follows starts on a fresh one. */
	end(): void;
}

/**
 * Every line the CLI prints passes here, so no text from outside (a cell, a key, a broker's or
 * gateway's message, a setting from the file) reaches the terminal raw, whatever printed it:
 * each line made inert (domain/display.ts). The formatters already made what they measure inert;
 * inert is idempotent, so this second pass changes nothing of theirs.
 */
export function inertLines(text: string): string {
	return text.split('\n').map(inert).join('\n');
}

const stderrLine: LiveLine = {
	write: line => process.stderr.write(`\r${padEnd(inert(line), 100)}`),
	end: () => process.stderr.write('\n'),
};

export const processIo: CommandIo = {
	out: line => process.stdout.write(`${inertLines(line)}\n`),
	err: line => process.stderr.write(`${inertLines(line)}\n`),
	get status() {
		return process.stderr.isTTY ? stderrLine : undefined;
	},
	dataStream: process.stdout,
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

/**
 * Data as JSON, still JSON and inert (inertJson). Bytes that are not text (a binary row key or
 * value) appear as hex.
 */
export function jsonText(value: unknown): string {
	const text = JSON.stringify(
		value,
		function (this: Record<string, unknown>, key: string, shown: unknown) {
			const raw = this[key];
			return raw instanceof Uint8Array ? Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('hex') : shown;
		},
		2,
	);
	return inertJson(text);
}

export function printJson(io: CommandIo, value: unknown): void {
	io.out(jsonText(value));
}

/** A domain parser's refusal of a flag's value, as the usage error it is on the command line. */
export function usageOf<T>(parse: () => T): T {
	try {
		return parse();
	} catch (error) {
		if (error instanceof ValidationError) throw new UsageError(error.message, {field: error.field, cause: error});
		throw error;
	}
}
