import {runProgram} from '../../source/commands/program.js';
import {captureIo, type CapturedIo} from './capture-io.js';

/** Runs the headless program in-process, as the binary would, and captures what it prints. */
export async function runCli(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<{code: number; io: CapturedIo}> {
	const io = captureIo();
	const code = await runProgram(args, {io, env, signal: new AbortController().signal, isTty: false});
	return {code, io};
}
