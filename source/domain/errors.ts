/**
 * One error tree for the whole product (after kafkajs src/errors.js).
 *
 * - `retriable` tells the retry helper whether trying again can help.
 * - `hint` is the next step a user can take; it is shown on the one line users see.
 * - `cause` keeps the underlying error for the log file.
 *
 * Services and the domain run under both the CLI and the console, so their messages and hints
 * name no CLI flag: a hint names an option as a token, `{table}`, which each surface renders its
 * own way (the CLI as `--table`, the console as where it is set there): see renderHint.
 */
export interface UserdataErrorOptions {
	readonly cause?: unknown;
	readonly retriable?: boolean;
	readonly hint?: string;
}

export class UserdataError extends Error {
	readonly retriable: boolean;
	readonly hint: string | undefined;

	constructor(message: string, options: UserdataErrorOptions = {}) {
		super(message, options.cause === undefined ? undefined : {cause: options.cause});
		this.name = new.target.name;
		this.retriable = options.retriable ?? false;
		this.hint = options.hint;
	}
}

/** A remote service (Kafka, HBase Thrift, the Random User API) cannot be reached or timed out. */
export class UnavailableError extends UserdataError {
	constructor(message: string, options: UserdataErrorOptions = {}) {
		super(message, {retriable: true, ...options});
	}
}

/** A call did not answer within its deadline. */
export class TimeoutError extends UnavailableError {}

/** Input that can never be accepted: names the field at fault. */
export class ValidationError extends UserdataError {
	readonly field: string | undefined;

	constructor(message: string, options: UserdataErrorOptions & {readonly field?: string} = {}) {
		super(message, {...options, retriable: false});
		this.field = options.field;
	}
}

export class NotFoundError extends UserdataError {
	constructor(message: string, options: UserdataErrorOptions = {}) {
		super(message, {...options, retriable: false});
	}
}

export class AlreadyExistsError extends UserdataError {
	constructor(message: string, options: UserdataErrorOptions = {}) {
		super(message, {...options, retriable: false});
	}
}

/** Someone else changed the row since the caller read it (optimistic check failed). */
export class ConflictError extends UserdataError {
	constructor(message: string, options: UserdataErrorOptions = {}) {
		super(message, {...options, retriable: false});
	}
}

/** The command line is wrong (a flag or argument that can never be accepted): exit code 2. `field` names the flag. */
export class UsageError extends ValidationError {}

/**
 * A write asked for in read-only mode: refused before anything is sent (exit 2 in the CLI, like
 * any input that can never work while the mode is on).
 */
export class ReadOnlyError extends UsageError {
	constructor(what: string) {
		super(`read-only mode: ${what} would write, so nothing was sent`, {
			field: 'read-only',
			hint: 'To write, turn off {read-only} (USERDATA_READ_ONLY, readOnly in the settings file)',
		});
	}
}

/** The local configuration or environment is wrong (missing Java, port taken, bad setting). */
export class ConfigError extends UserdataError {
	constructor(message: string, options: UserdataErrorOptions = {}) {
		super(message, {...options, retriable: false});
	}
}

/** Errors that are bugs in our code, never worth a retry. */
export function isProgrammingError(error: unknown): boolean {
	return error instanceof TypeError || error instanceof ReferenceError || error instanceof SyntaxError || error instanceof RangeError;
}

export function isRetriable(error: unknown): boolean {
	if (error instanceof UserdataError) return error.retriable;
	if (isProgrammingError(error)) return false;
	// Unknown errors from I/O libraries (socket resets and the like) are worth another try.
	return true;
}

/** How a surface names an option a hint refers to as `{name}`. */
export type OptionNamer = (name: string) => string;

/**
 * The inputs of one request (a scan's filter, a read's versions), as opposed to settings: the
 * console takes them where the request is made, so it names them in words, as logs do.
 */
const requestInputs: Readonly<Record<string, string>> = {
	where: 'the value filter',
	columns: 'the column list',
	prefix: 'the row key prefix',
	start: 'the start row key',
	limit: 'the row limit',
	versions: 'the version count',
	column: 'the column',
	set: 'set',
	unset: 'clear',
	'if-unchanged-since': 'the time the row was read',
};

/** The words for a request input, or undefined for a setting. */
export function requestInputWords(name: string): string | undefined {
	return Object.hasOwn(requestInputs, name) ? requestInputs[name] : undefined;
}

/** Neutral wording, for logs and for surfaces without a rendering of their own. */
export const neutralOptions: OptionNamer = name => requestInputWords(name) ?? `the ${name} setting`;

/** A hint with its `{option}` tokens rendered by `name`. */
export function renderHint(hint: string, name: OptionNamer = neutralOptions): string {
	return hint.replace(/\{([a-z][a-z-]*)\}/gu, (_, option: string) => name(option));
}

/** The one line a user sees: message plus the next step. Details belong in the log file. */
export function userLine(error: unknown, name: OptionNamer = neutralOptions): string {
	if (error instanceof UserdataError) {
		// Messages name options as tokens too (`{where} "x": expected ...`): each surface its own way.
		const message = renderHint(error.message, name);
		return error.hint ? `${message}. ${renderHint(error.hint, name)}` : message;
	}
	if (error instanceof Error) return error.message;
	return String(error);
}
