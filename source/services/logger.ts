import {mkdirSync} from 'node:fs';
import {dirname} from 'node:path';
import pino from 'pino';
import {inertJson} from '../domain/display.js';

/**
 * A namespaced, levelled logger writing structured JSON lines to a file, and to stderr when
 * headless. Never the console inside the TUI: it would scribble over the screen.
 */
export interface Logger {
	debug(fields: object, message?: string): void;
	info(fields: object, message?: string): void;
	warn(fields: object, message?: string): void;
	error(fields: object, message?: string): void;
	child(namespace: string): Logger;
	flush?(): void;
}

export interface LoggerOptions {
	readonly file?: string;
	readonly stderr?: boolean;
	readonly level?: string;
}

type PinoLike = pino.Logger;

function wrap(logger: PinoLike): Logger {
	return {
		debug: (fields, message) => logger.debug(fields, message),
		info: (fields, message) => logger.info(fields, message),
		warn: (fields, message) => logger.warn(fields, message),
		error: (fields, message) => logger.error(fields, message),
		child: namespace => wrap(logger.child({ns: namespace})),
		flush: () => logger.flush(),
	};
}

export function createLogger(options: LoggerOptions = {}): Logger {
	const streams: pino.StreamEntry[] = [];
	if (options.file) {
		mkdirSync(dirname(options.file), {recursive: true});
		streams.push({stream: pino.destination({dest: options.file, sync: false, mkdir: true})});
	}
	// Log lines quote brokers, gateways and cells: inert on a terminal, and still JSON (pino leaves C1 and bidi controls raw).
	if (options.stderr) streams.push({stream: {write: (line: string) => process.stderr.write(inertJson(line))}});
	if (streams.length === 0) return silentLogger;
	const logger = pino(
		{
			level: options.level ?? 'info',
			// Credentials must never reach a log line, whatever object is passed in.
			redact: {
				paths: ['*.password', '*.salt', '*.md5', '*.sha1', '*.sha256', 'sasl.password', '*.sasl.password'],
				censor: '[redacted]',
			},
		},
		pino.multistream(streams),
	);
	return wrap(logger);
}

export const silentLogger: Logger = {
	debug() {},
	info() {},
	warn() {},
	error() {},
	child: () => silentLogger,
};
