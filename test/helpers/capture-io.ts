import {type CommandIo} from '../../source/commands/io.js';

export interface CapturedIo extends CommandIo {
	readonly stdout: string[];
	readonly stderr: string[];
	text(): string;
}

export function captureIo(): CapturedIo {
	const stdout: string[] = [];
	const stderr: string[] = [];
	return {
		stdout,
		stderr,
		out: line => stdout.push(line),
		err: line => stderr.push(line),
		text: () => [...stdout, ...stderr].join('\n'),
	};
}
