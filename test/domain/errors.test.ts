import {describe, expect, it} from 'vitest';
import {isRetriable, NotFoundError, renderHint, UsageError, UserdataError, userLine, ValidationError} from '../../source/domain/errors.js';
import {cliOptions} from '../../source/commands/io.js';
import {consoleOptions, errorLine} from '../../source/screens/error-line.js';

describe('the error tree', () => {
	it('has UsageError in it: a validation error of the command line, never retried, with its cause', () => {
		const cause = new ValidationError('bad', {field: '--limit'});
		const error = new UsageError('--limit must be a whole number', {field: '--limit', cause});
		expect(error).toBeInstanceOf(ValidationError);
		expect(error).toBeInstanceOf(UserdataError);
		expect(error.name).toBe('UsageError');
		expect(error.field).toBe('--limit');
		expect(error.cause).toBe(cause);
		expect(error.retriable).toBe(false);
		expect(isRetriable(error)).toBe(false);
	});
});

describe('hints name options, each surface in its own words', () => {
	const error = new NotFoundError('table userdata not found', {hint: 'Create it with `userdata-tui init`, or change {table}'});

	it('renders as a flag in the CLI', () => {
		expect(userLine(error, cliOptions)).toBe('table userdata not found. Create it with `userdata-tui init`, or change --table');
	});

	it('renders as a key in the console', () => {
		expect(errorLine(error)).toBe('table userdata not found. Create it with `userdata-tui init`, or change the table (5: Settings)');
		expect(consoleOptions('rate')).toBe('the rate (+/- on the Producer screen)');
	});

	it('names no flag by default', () => {
		expect(userLine(error)).not.toContain('--');
		expect(renderHint('Lower {rate} or wait')).toBe('Lower the rate setting or wait');
	});
});

describe('option tokens in messages', () => {
	it('renders {tokens} in the message as in the hint, each surface its own way', () => {
		const error = new ValidationError('{limit}: expected a whole number', {hint: 'Lower {limit}'});
		expect(userLine(error, name => `--${name}`)).toBe('--limit: expected a whole number. Lower --limit');
		expect(userLine(error)).toBe('the row limit: expected a whole number. Lower the row limit');
	});
});

describe('request inputs in the console', () => {
	it('names a scan filter in words, not as a setting', () => {
		expect(errorLine(new ValidationError('{where} "x": expected family:qualifier~text'))).toBe('the value filter "x": expected family:qualifier~text');
		expect(consoleOptions('table')).toContain('Settings');
	});
});
