import {execFile} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

interface Run {
	readonly code: number;
	readonly stdout: string;
	readonly stderr: string;
}

/** Runs a command to its end; a non-zero exit is a result to look at, not an exception. */
function run(command: string, args: readonly string[], options: {cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number}): Promise<Run> {
	return new Promise(resolve => {
		execFile(command, args, {cwd: options.cwd, env: options.env ?? process.env, timeout: options.timeoutMs, maxBuffer: 64 * 1024 * 1024}, (error, stdout, stderr) => {
			const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
			resolve({code, stdout, stderr});
		});
	});
}

/**
 * The package as a user gets it: `npm pack`, the tarball installed into an empty folder, and the
 * binary run through npx from there. Nothing of the checkout is on the path, so this proves the
 * `files` list holds what the CLI and the stack need (dist/, bin/, the Maven poms, the tools).
 * `stack up` starts a throw-away stack on its own ports and data folder, resolving its poms from
 * node_modules/userdata-tui/stack, then stops it.
 */
describe('the packed package, installed into an empty folder', () => {
	const work = mkdtempSync(join(tmpdir(), 'userdata-packed-'));
	const app = join(work, 'app');
	const dataDir = join(work, 'data');
	// A shift no other test or stack uses (the lifecycle test takes 5000, the cluster test 10000).
	// Below 16,768: every port stays under Linux's ephemeral range (32768+), where an outgoing
	// connection of another process could hold one of them.
	const offset = 6000;
	// Only what a user's shell would have: no USERDATA_* of the test run leaks in.
	const env: NodeJS.ProcessEnv = {
		...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('USERDATA_'))),
		USERDATA_HOME: dataDir,
		USERDATA_STACK_PORT_OFFSET: String(offset),
		USERDATA_LOG_FILE: join(work, 'userdata-tui.log'),
	};
	const npx = (args: readonly string[], timeoutMs = 60_000) => run('npx', ['--no-install', 'userdata-tui', ...args], {cwd: app, env, timeoutMs});

	beforeAll(async () => {
		// dist/ was built by `npm test`'s pretest; --ignore-scripts packs it as it is.
		const pack = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', work], {cwd: repo, timeoutMs: 120_000});
		expect(pack.code, pack.stderr).toBe(0);
		const tarball = readdirSync(work).find(name => name.endsWith('.tgz'));
		expect(tarball).toBeDefined();
		rmSync(app, {recursive: true, force: true});
		mkdirSync(app);
		writeFileSync(join(app, 'package.json'), JSON.stringify({name: 'packed-check', private: true}));
		const install = await run('npm', ['install', '--no-audit', '--no-fund', join(work, tarball!)], {cwd: app, timeoutMs: 300_000});
		expect(install.code, install.stderr).toBe(0);
	}, 420_000);

	afterAll(async () => {
		if (existsSync(join(app, 'node_modules', '.bin', 'userdata-tui'))) await npx(['stack', 'down'], 120_000);
		rmSync(work, {recursive: true, force: true});
	}, 180_000);

	it('answers --help with every command', async () => {
		const help = await npx(['--help']);
		expect(help.code, help.stderr).toBe(0);
		for (const command of ['stack', 'init', 'produce', 'consume', 'run', 'get', 'scan']) expect(help.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
	});

	it('reports a stack that is not running as down, with exit 1', async () => {
		const status = await npx(['stack', 'status']);
		expect(status.code).toBe(1);
		expect(status.stdout).toMatch(new RegExp(`Kafka broker\\s+127\\.0\\.0\\.1:${9092 + offset}\\s+down`));
		expect(status.stdout).toMatch(new RegExp(`HBase Thrift\\s+127\\.0\\.0\\.1:${9090 + offset}\\s+down`));
	});

	it('starts the stack from the poms and configs inside the installed package', async () => {
		const up = await npx(['stack', 'up'], 540_000);
		expect(up.code, `${up.stdout}\n${up.stderr}`).toBe(0);
		expect(up.stdout).toMatch(new RegExp(`Kafka broker\\s+127\\.0\\.0\\.1:${9092 + offset}\\s+up`));
		expect(up.stdout).toMatch(new RegExp(`HBase Thrift\\s+127\\.0\\.0\\.1:${9090 + offset}\\s+up`));
		// A fresh data folder has no cached classpath: both were resolved by Maven from the poms
		// that the installed package's dist/ finds beside it (node_modules/userdata-tui/stack).
		expect(up.stderr).toMatch(/resolving kafka jars/);
		expect(up.stderr).toMatch(/resolving hbase jars/);
		const installedStack = join(app, 'node_modules', 'userdata-tui', 'stack');
		for (const file of ['kafka/pom.xml', 'hbase/pom.xml', 'tools/FixFamilies.java', 'docker/hbase/Dockerfile', 'docker/hbase/fix-families.sh', '../docker-compose.yml'])
			expect(existsSync(join(installedStack, file)), file).toBe(true);
		const status = await npx(['stack', 'status', '--json']);
		expect(status.code).toBe(0);
		const services = JSON.parse(status.stdout) as Array<{service: string; pid?: number; endpoints: Array<{up: boolean}>}>;
		expect(services.map(service => [service.service, typeof service.pid, service.endpoints.every(endpoint => endpoint.up)])).toEqual([
			['kafka', 'number', true],
			['hbase', 'number', true],
			['thrift', 'number', true],
		]);
	}, 600_000);
});
