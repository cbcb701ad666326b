import {execFileSync} from 'node:child_process';
import {readdirSync, readFileSync} from 'node:fs';
import {cpus, loadavg, release, totalmem} from 'node:os';
import {join} from 'node:path';
import {defaultDataDir} from '../../source/config.js';
import {stackLayout} from '../../source/services/stack/layout.js';
import {findJava} from '../../source/services/stack/toolchain.js';
import {repoRoot} from './cli.js';

/** What the figures were measured on: they mean nothing without it. */
export interface MachineFacts {
	readonly cores: number;
	readonly cpuModel: string;
	readonly memoryGb: number;
	readonly kernel: string;
	readonly node: string;
	readonly java: string;
	readonly javaBin: string;
	readonly kafka: string;
	readonly hbase: string;
	readonly commit: string;
	readonly loadAtStart: readonly number[];
}

/** The stack's resolved classpath (the cache `stack up` writes), or undefined. */
export function stackClasspath(component: 'kafka' | 'hbase'): string[] | undefined {
	const dir = stackLayout(defaultDataDir()).classpathDir;
	try {
		const file = readdirSync(dir).find(name => new RegExp(`^${component}-[0-9a-f]+\\.txt$`).test(name));
		return file ? readFileSync(join(dir, file), 'utf8').trim().split(':').filter(Boolean) : undefined;
	} catch {
		return undefined;
	}
}

function versionIn(classpath: string[] | undefined, pattern: RegExp): string {
	for (const jar of classpath ?? []) {
		const match = pattern.exec(jar);
		if (match) return match[1]!;
	}
	return 'unknown';
}

function git(args: string[]): string {
	try {
		return execFileSync('git', args, {cwd: repoRoot, encoding: 'utf8'}).trim();
	} catch {
		return '';
	}
}

export async function machineFacts(): Promise<MachineFacts> {
	const java = await findJava().catch(() => undefined);
	const changed = git(['status', '--porcelain', '--', 'source']).split('\n').filter(Boolean).length;
	return {
		cores: cpus().length,
		cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
		memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
		kernel: `Linux ${release()}`,
		node: process.version,
		java: java?.version ?? 'not found',
		javaBin: java?.bin ?? 'java',
		kafka: versionIn(stackClasspath('kafka'), /kafka-clients-([\d.]+)\.jar$/),
		hbase: versionIn(stackClasspath('hbase'), /hbase-thrift-([\w.-]+?)\.jar$/),
		commit: `${git(['rev-parse', '--short', 'HEAD']) || 'unknown'}${changed > 0 ? ` + ${changed} changed file(s) under source/` : ''}`,
		loadAtStart: loadavg().map(n => Math.round(n * 100) / 100),
	};
}
