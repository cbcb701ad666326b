import {spawn} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';

const bin = fileURLToPath(new URL('../bin/userdata-tui.js', import.meta.url));

describe('the userdata-tui process', () => {
	it('exits with the command’s code when a library leaves a connection open after the command ended', async () => {
		// What kafkajs does after a broker died (tulios/kafkajs#1147): a socket left open and
		// referenced, which alone would keep Node running until the peer drops it.
		const folder = mkdtempSync(join(tmpdir(), 'userdata-exit-'));
		const preload = join(folder, 'leftover-socket.cjs');
		writeFileSync(
			preload,
			"const net = require('node:net'); const server = net.createServer().listen(0, '127.0.0.1', () => { net.connect(server.address().port, '127.0.0.1'); });\n",
		);
		const child = spawn(process.execPath, ['-r', preload, bin, 'consume', '--max', 'abc'], {
			env: {...process.env, USERDATA_HOME: folder},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		const code = await new Promise<number | null>(resolve => child.on('exit', resolve));
		// The command's own answer (a bad --max is a usage error), not a kill by the test's timeout.
		expect(stderr).toContain('--max must be a whole number');
		expect(code).toBe(2);
	}, 20_000);

	it('ends quietly with 141, as a tool killed by SIGPIPE, when its reader closes the pipe early (`| head`)', async () => {
		const child = spawn(process.execPath, [bin, '--help'], {
			env: {...process.env, USERDATA_HOME: mkdtempSync(join(tmpdir(), 'userdata-pipe-'))},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		// Closed before the process has written a byte: its first write meets a closed pipe.
		child.stdout.destroy();
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		const code = await new Promise<number | null>(resolve => child.on('exit', resolve));
		expect(stderr).toBe('');
		expect(code).toBe(141);
	}, 20_000);
});
