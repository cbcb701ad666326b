import {describe, expect, it} from 'vitest';
import {runProgram} from '../../source/commands/program.js';
import {captureIo} from '../helpers/capture-io.js';

/** The dlq and tail commands' flags, refused before anything connects (nothing listens on these ports). */
async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
	const io = captureIo();
	const code = await runProgram(args, {
		io,
		env: {USERDATA_HOME: '/nonexistent-userdata-home', USERDATA_BROKERS: '127.0.0.1:1', ...env},
		signal: new AbortController().signal,
		isTty: false,
	});
	return {code, io};
}

describe('dlq and tail flags', () => {
	it('dlq replay is a write: refused in read-only mode before anything is sent', async () => {
		const {code, io} = await run(['dlq', 'replay', '--all'], {USERDATA_READ_ONLY: '1'});
		expect(code).toBe(2);
		expect(io.stderr.join('\n')).toContain('read-only mode: dlq replay would write, so nothing was sent');
	});

	it.each([
		[['dlq', 'replay'], 'give either --all or --select'],
		[['dlq', 'replay', '--all', '--select', '0:1'], 'give either --all or --select'],
		[['dlq', 'replay', '--select', '0:x'], 'is not partition:offset'],
		[['dlq', 'show', 'x'], 'is not partition:offset'],
		[['dlq', 'list', '--limit', '0'], '--limit must be a whole number'],
		[['tail', '--since', 'yesterday'], 'expected a time'],
		[['tail', '--from-beginning', '--offset', '0:1'], 'give at most one of'],
		[['tail', '--where', 'nofamily'], 'expected family:qualifier~text'],
		[['consume', '--on-refused', 'skip'], 'onRefused'],
	])('%j is refused: %s', async (args, text) => {
		const {code, io} = await run(args);
		expect(code).not.toBe(0);
		expect(io.stderr.join('\n')).toContain(text);
	});
});
