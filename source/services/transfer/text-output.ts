import {randomBytes} from 'node:crypto';
import {createWriteStream} from 'node:fs';
import {rename, unlink} from 'node:fs/promises';
import {basename, dirname, join} from 'node:path';
import {once} from 'node:events';
import {type Writable} from 'node:stream';
import {ValidationError} from '../../domain/errors.js';
import {type TextSink} from './export-service.js';

/** A sink over a stream that waits for 'drain' when the stream's buffer is full: bounded memory. */
export function streamSink(stream: Writable): TextSink {
	return {
		async write(text: string): Promise<void> {
			if (!stream.write(text)) await Promise.race([once(stream, 'drain'), once(stream, 'error').then(([error]) => Promise.reject(error as Error))]);
		},
	};
}

/**
 * Writes a file all or nothing: into a hidden temporary file beside it, renamed over `path` only
 * when `task` succeeded (rename within one folder is atomic), removed otherwise. A failed or
 * interrupted export never leaves half a file under the name asked for.
 */
export async function writeFileAtomically<T>(path: string, task: (sink: TextSink) => Promise<T>): Promise<T> {
	const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.partial`);
	const stream = createWriteStream(temporary, {flags: 'wx'});
	try {
		await Promise.race([once(stream, 'open'), once(stream, 'error').then(([error]) => Promise.reject(error as Error))]);
	} catch (error) {
		const code = (error as {code?: string}).code;
		throw new ValidationError(`{out} ${path}: cannot write there (${code ?? String(error)})`, {field: 'out', cause: error});
	}
	try {
		const result = await task(streamSink(stream));
		stream.end();
		await once(stream, 'finish');
		await rename(temporary, path);
		return result;
	} catch (error) {
		stream.destroy();
		await unlink(temporary).catch(() => {});
		throw error;
	}
}
