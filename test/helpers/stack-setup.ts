import {localStack} from '../../source/commands/stack.js';
import {portOffsetFromEnv} from '../../source/domain/stack-ports.js';
import {runProgram} from '../../source/commands/program.js';
import {defaultDataDir} from '../../source/config.js';
import {createLogger} from '../../source/services/logger.js';
import {join} from 'node:path';

/**
 * Global setup of the integration project: makes sure the local stack answers (starting it
 * if needed: the first run on a fresh machine also downloads the jars) and that the default
 * topic and table exist. The stack is left running afterwards: the next run starts in seconds,
 * and `userdata-tui stack down` stops it.
 */
export default async function setup(): Promise<void> {
	const dataDir = defaultDataDir();
	const logger = createLogger({file: join(dataDir, 'logs', 'test-setup.log')});
	const io = {out: (line: string) => process.stderr.write(`[stack] ${line}\n`), err: (line: string) => process.stderr.write(`[stack] ${line}\n`)};
	await localStack(dataDir, logger, io, portOffsetFromEnv(process.env)).up();
	// --fix: a stack left running by an older checkout keeps the table that checkout made (say,
	// before families were compressed); the tests need today's layout, and --fix never drops data.
	const code = await runProgram(['init', '--fix'], {io, env: process.env, signal: new AbortController().signal, isTty: false});
	if (code !== 0) throw new Error(`userdata-tui init failed with exit code ${code}`);
}
