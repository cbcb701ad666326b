import {spawn} from 'node:child_process';
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {waitFor} from '../helpers/wait-for.js';

/*
 * The HBase image's entrypoint, run on the host with a fake `java` first on PATH (no Docker
 * engine, no JVM). Each fake JVM writes what happens to it to an events file, so the tests read
 * the order in which the entrypoint stopped things: a clean stop goes through the master
 * (`HMaster stop`), and the region server and master leave by themselves; a crash stops the rest
 * and exits non-zero, so compose's restart policy acts.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entrypoint = join(root, 'stack/docker/hbase/hbase-entrypoint.sh');

// A JVM stand-in. Its role is the -Dhbase.process the entrypoint passes. The stop client
// (`HMaster stop`) tells the fake cluster to shut down, through a file, unless told to fail;
// then the region server leaves, and the master once the region server is gone.
const fakeJava = `#!/usr/bin/env bash
dir=$FAKE_DIR
role=unknown
main=''
heap=''
classpath=''
rest=()
previous=''
for arg in "$@"; do
	if [[ -n $main ]]; then rest+=("$arg"); continue; fi
	case $arg in
		-Dhbase.process=*) role=\${arg#-Dhbase.process=} ;;
		-Xmx*) heap=$arg ;;
		org.apache.*) main=\${arg##*.} ;;
	esac
	[[ $previous == -cp ]] && classpath=\${arg%%:*}
	previous=$arg
done
event() { echo "$*" >>"$dir/events"; }
echo "$role $heap $classpath" >>"$dir/commands"
event "$role started: $main \${rest[*]}"
if [[ $role == namenode-format ]]; then
	mkdir -p "$HDFS_NAME_DIR/current" && touch "$HDFS_NAME_DIR/current/VERSION"
	exit 0
fi
if [[ $role == stop-master ]]; then
	[[ -f $dir/stop-fails ]] && { event "stop-master failed"; exit 1; }
	[[ -f $dir/stop-ignored ]] && exit 0
	touch "$dir/shutdown"
	exit 0
fi
echo $$ >"$dir/$role.pid"
trap 'event "$role got SIGTERM"; rm -f "$dir/$role.pid"; exit 143' TERM
while :; do
	if [[ -f $dir/crash-$role ]]; then event "$role crashed"; rm -f "$dir/$role.pid"; exit 3; fi
	if [[ -f $dir/shutdown && $role == regionserver ]]; then event "regionserver closed its regions"; rm -f "$dir/$role.pid"; exit 0; fi
	if [[ -f $dir/shutdown && $role == master && ! -f $dir/regionserver.pid ]]; then event "master shut down"; rm -f "$dir/$role.pid"; exit 0; fi
	sleep 0.05
done
`;

interface Run {
	readonly dir: string;
	readonly events: () => string[];
	readonly exited: Promise<number | null>;
	readonly kill: (signal: NodeJS.Signals) => void;
	readonly output: () => string;
}

const runs: Run[] = [];

function startEntrypoint(setup: (dir: string) => void = () => {}, extraEnv: NodeJS.ProcessEnv = {}, args: readonly string[] = []): Run {
	const dir = mkdtempSync(join(tmpdir(), 'hbase-entrypoint-'));
	mkdirSync(join(dir, 'bin'));
	mkdirSync(join(dir, 'home', 'conf'), {recursive: true});
	writeFileSync(join(dir, 'home', 'classpath.txt'), '/opt/hbase/lib/a.jar:/opt/hbase/lib/b.jar\n');
	writeFileSync(join(dir, 'bin', 'java'), fakeJava);
	chmodSync(join(dir, 'bin', 'java'), 0o755);
	writeFileSync(join(dir, 'events'), '');
	setup(dir);
	const child = spawn('bash', [entrypoint, ...args], {
		env: {
			...process.env,
			PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}`,
			FAKE_DIR: dir,
			HBASE_HOME: join(dir, 'home'),
			HBASE_JVM_FLAGS: '-XX:+UseG1GC',
			HDFS_NAME_DIR: join(dir, 'name'),
			...extraEnv,
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
	const run: Run = {
		dir,
		events: () => readFileSync(join(dir, 'events'), 'utf8').split('\n').filter(Boolean),
		exited,
		kill: signal => child.kill(signal),
		output: () => output,
	};
	runs.push(run);
	return run;
}

const roles = ['master', 'regionserver', 'thrift', 'namenode', 'datanode'] as const;
const started = (run: Run) => waitFor(() => ['master', 'regionserver', 'thrift'].every(role => existsSync(join(run.dir, `${role}.pid`))), 'the three fake JVMs', 10_000);

afterEach(async () => {
	for (const run of runs.splice(0)) {
		// A failed test must not leave fake JVMs looping.
		for (const role of roles) {
			const file = join(run.dir, `${role}.pid`);
			if (existsSync(file)) process.kill(Number(readFileSync(file, 'utf8')), 'SIGKILL');
		}
		run.kill('SIGKILL');
		await run.exited;
		rmSync(run.dir, {recursive: true, force: true});
	}
});

describe('the HBase entrypoint, with a fake java', () => {
	it('starts master, region server and Thrift with the image heaps and the conf first on the classpath', async () => {
		const run = startEntrypoint();
		await started(run);
		// Started side by side, so in any order.
		expect(run.events().sort()).toEqual([
			'master started: HMaster start',
			'regionserver started: HRegionServer start',
			'thrift started: ThriftServer start -p 9090 -b 0.0.0.0 --infoport 9095 -threadpool',
		]);
		// Heaps from the image's environment (unset here: the entrypoint's own defaults, the same
		// numbers as the Dockerfile's); the conf folder first on the classpath, so hbase-site.xml wins.
		const conf = join(run.dir, 'home', 'conf');
		expect(readFileSync(join(run.dir, 'commands'), 'utf8').trim().split('\n').sort()).toEqual([
			`master -Xmx256m ${conf}`,
			`regionserver -Xmx768m ${conf}`,
			`thrift -Xmx256m ${conf}`,
		]);
	});

	it('on SIGTERM stops Thrift, then the cluster through the master: no SIGTERM to the region server or the master, exit 0', async () => {
		const run = startEntrypoint();
		await started(run);
		run.kill('SIGTERM');
		expect(await run.exited).toBe(0);
		expect(run.events().slice(3)).toEqual(['thrift got SIGTERM', 'stop-master started: HMaster stop', 'regionserver closed its regions', 'master shut down']);
		expect(run.output()).toContain('hbase-entrypoint: stopped');
	});

	it('when HMaster stop fails, stops the region server, then the master, with SIGTERM', async () => {
		const run = startEntrypoint(dir => writeFileSync(join(dir, 'stop-fails'), ''));
		await started(run);
		run.kill('SIGTERM');
		expect(await run.exited).toBe(0);
		expect(run.events().slice(3)).toEqual([
			'thrift got SIGTERM',
			'stop-master started: HMaster stop',
			'stop-master failed',
			'regionserver got SIGTERM',
			'master got SIGTERM',
		]);
	});

	it('when the master takes the request but does not stop HBase in time, stops the region server, then the master, with SIGTERM', async () => {
		const run = startEntrypoint(dir => writeFileSync(join(dir, 'stop-ignored'), ''), {HBASE_STOP_TIMEOUT: '1'});
		await started(run);
		run.kill('SIGTERM');
		expect(await run.exited).toBe(0);
		expect(run.events().slice(3)).toEqual(['thrift got SIGTERM', 'stop-master started: HMaster stop', 'regionserver got SIGTERM', 'master got SIGTERM']);
		expect(run.output()).toContain('the master did not stop HBase within 1 s');
	});

	it('when the region server crashes, stops the rest through the master and exits with its status, so restart: acts', async () => {
		const run = startEntrypoint();
		await started(run);
		writeFileSync(join(run.dir, 'crash-regionserver'), '');
		expect(await run.exited).toBe(3);
		expect(run.events().slice(3)).toEqual(['regionserver crashed', 'thrift got SIGTERM', 'stop-master started: HMaster stop', 'master shut down']);
		expect(run.output()).toContain('regionserver exited with status 3');
	});

	it('when the master crashes, stops Thrift and the region server with SIGTERM and exits non-zero', async () => {
		const run = startEntrypoint();
		await started(run);
		writeFileSync(join(run.dir, 'crash-master'), '');
		expect(await run.exited).toBe(3);
		expect(run.events().slice(3)).toEqual(['master crashed', 'thrift got SIGTERM', 'regionserver got SIGTERM']);
	});
});

describe('the HBase entrypoint with a role, one JVM per container (docker-compose.cluster.yml)', () => {
	const one = (run: Run, role: string) => waitFor(() => existsSync(join(run.dir, `${role}.pid`)), `the fake ${role}`, 10_000);
	const commands = (run: Run) => readFileSync(join(run.dir, 'commands'), 'utf8').trim().split('\n');

	it.each([
		['master', ['-D', 'hbase.master.hostname=hbase'], 'HMaster -D hbase.master.hostname=hbase start', '-Xmx256m'],
		['regionserver', ['-D', 'hbase.regionserver.hostname=regionserver-1'], 'HRegionServer -D hbase.regionserver.hostname=regionserver-1 start', '-Xmx768m'],
		['thrift', [], 'ThriftServer start -p 9090 -b 0.0.0.0 --infoport 9095 -threadpool', '-Xmx256m'],
		['datanode', [], 'DataNode ', '-Xmx256m'],
	])('%s starts that JVM alone, its options before its command, with its heap', async (role, options, line, heap) => {
		const run = startEntrypoint(undefined, {}, [role, ...options]);
		await one(run, role);
		// Stopped and gone: everything it started has shown up in the events by then.
		run.kill('SIGTERM');
		expect(await run.exited).toBe(0);
		expect(run.events()).toEqual([`${role} started: ${line}`, `${role} got SIGTERM`]);
		expect(commands(run)).toEqual([`${role} ${heap} ${join(run.dir, 'home', 'conf')}`]);
	});

	it('reads the conf folder HBASE_CONF_DIR names (the cluster file points it at conf-cluster)', async () => {
		const run = startEntrypoint(undefined, {HBASE_CONF_DIR: '/opt/hbase/conf-cluster'}, ['datanode']);
		await one(run, 'datanode');
		expect(commands(run)).toEqual(['datanode -Xmx256m /opt/hbase/conf-cluster']);
	});

	it('namenode formats HDFS on its first start only, then runs the NameNode', async () => {
		let home = '';
		const first = startEntrypoint(
			dir => {
				home = dir;
			},
			{},
			['namenode'],
		);
		await one(first, 'namenode');
		expect(first.events()).toEqual(['namenode-format started: NameNode -format -nonInteractive -force', 'namenode started: NameNode ']);
		expect(first.output()).toContain('formatting HDFS in');
		expect(existsSync(join(home, 'name', 'current', 'VERSION'))).toBe(true);

		const second = startEntrypoint(
			dir => {
				mkdirSync(join(dir, 'name', 'current'), {recursive: true});
				writeFileSync(join(dir, 'name', 'current', 'VERSION'), '');
			},
			{},
			['namenode'],
		);
		await one(second, 'namenode');
		expect(second.events()).toEqual(['namenode started: NameNode ']);
	});

	it('on SIGTERM stops its JVM with SIGTERM (its own shutdown hook), and nothing through the master, exit 0', async () => {
		const run = startEntrypoint(undefined, {}, ['regionserver', '-D', 'hbase.regionserver.hostname=regionserver-2']);
		await one(run, 'regionserver');
		run.kill('SIGTERM');
		expect(await run.exited).toBe(0);
		expect(run.events().slice(1)).toEqual(['regionserver got SIGTERM']);
		expect(run.output()).toContain('hbase-entrypoint: stopped');
	});

	it('exits with the status of its JVM when it crashes, so restart: acts', async () => {
		const run = startEntrypoint(undefined, {}, ['master']);
		await one(run, 'master');
		writeFileSync(join(run.dir, 'crash-master'), '');
		expect(await run.exited).toBe(3);
		expect(run.output()).toContain('master exited with status 3');
	});

	it('exits non-zero even when its JVM ends with 0 (a region server after the cluster shut down)', async () => {
		const run = startEntrypoint(undefined, {}, ['regionserver']);
		await one(run, 'regionserver');
		writeFileSync(join(run.dir, 'shutdown'), '');
		expect(await run.exited).toBe(1);
		expect(run.events().slice(1)).toEqual(['regionserver closed its regions']);
	});

	it('refuses an unknown role, and options for the all-in-one role, with exit 64 and no JVM', async () => {
		const unknown = startEntrypoint(undefined, {}, ['zookeeper']);
		expect(await unknown.exited).toBe(64);
		expect(unknown.output()).toContain("unknown role 'zookeeper'");
		const all = startEntrypoint(undefined, {}, ['all', '-D', 'x=y']);
		expect(await all.exited).toBe(64);
		expect(all.events()).toEqual([]);
	});

	it('`all` is the default: master, region server and Thrift', async () => {
		const run = startEntrypoint(undefined, {}, ['all']);
		await started(run);
		expect(run.events().length).toBe(3);
	});
});
