import {spawn} from 'node:child_process';
import {createHash} from 'node:crypto';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {ConfigError, UnavailableError} from '../../domain/errors.js';
import {type Java} from './toolchain.js';

export type Component = 'kafka' | 'hbase';

export interface ClasspathOptions {
	readonly component: Component;
	readonly stackDir: string; // holds <component>/pom.xml
	readonly classpathDir: string; // cache of resolved classpaths
	readonly java: Java;
	/** Progress lines for the user; a first run downloads a few hundred MB. */
	readonly progress: (line: string) => void;
}

/**
 * Resolves the jars of one component through Maven and returns its classpath. The result is
 * cached next to a hash of the pom, and re-resolved when the pom changes or a jar went missing
 * (a cleaned ~/.m2), so a normal `stack up` costs no Maven run at all.
 */
export async function resolveClasspath(options: ClasspathOptions): Promise<string[]> {
	const pom = join(options.stackDir, options.component, 'pom.xml');
	if (!existsSync(pom)) throw new ConfigError(`Missing ${pom}: the package is incomplete`);
	const hash = createHash('sha256').update(readFileSync(pom)).digest('hex').slice(0, 16);
	mkdirSync(options.classpathDir, {recursive: true});
	const cacheFile = join(options.classpathDir, `${options.component}-${hash}.txt`);
	if (existsSync(cacheFile)) {
		const jars = readFileSync(cacheFile, 'utf8').trim().split(':').filter(Boolean);
		if (jars.length > 0 && jars.every(jar => existsSync(jar))) return jars;
	}
	options.progress(`resolving ${options.component} jars from Maven Central (first run downloads them)…`);
	const outFile = `${cacheFile}.tmp`;
	await runMaven(['-B', '-f', pom, 'dependency:build-classpath', `-Dmdep.outputFile=${outFile}`], options);
	const jars = readFileSync(outFile, 'utf8').trim().split(':').filter(Boolean);
	if (jars.length === 0) throw new ConfigError(`Maven resolved no jars for ${options.component}`);
	writeFileSync(cacheFile, jars.join(':'));
	return jars;
}

function runMaven(args: string[], options: ClasspathOptions): Promise<void> {
	return new Promise((resolve, reject) => {
		const env = {...process.env};
		if (options.java.home) env.JAVA_HOME = options.java.home;
		const child = spawn('mvn', args, {env, stdio: ['ignore', 'pipe', 'pipe']});
		let downloaded = 0;
		let lastReport = 0;
		const tail: string[] = [];
		const onLine = (line: string) => {
			tail.push(line);
			if (tail.length > 30) tail.shift();
			if (/^Downloaded from /.test(line.replace(/\u001b\[[0-9;]*m/g, '').replace(/^\[INFO\] /, ''))) {
				downloaded++;
				const now = Date.now();
				if (now - lastReport > 2000) {
					lastReport = now;
					options.progress(`  ${options.component}: ${downloaded} files downloaded…`);
				}
			}
		};
		let buffer = '';
		const feed = (chunk: Buffer) => {
			buffer += chunk.toString('utf8');
			let index;
			while ((index = buffer.indexOf('\n')) >= 0) {
				onLine(buffer.slice(0, index));
				buffer = buffer.slice(index + 1);
			}
		};
		child.stdout.on('data', feed);
		child.stderr.on('data', feed);
		child.on('error', error => reject(new ConfigError(`Could not run Maven: ${error.message}`, {cause: error})));
		child.on('close', code => {
			if (code === 0) {
				if (downloaded > 0) options.progress(`  ${options.component}: ${downloaded} files downloaded`);
				resolve();
				return;
			}
			const reason =
				tail
					.filter(line => /ERROR/.test(line))
					.slice(0, 3)
					.join(' | ') || tail.slice(-3).join(' | ');
			reject(
				new UnavailableError(`Maven could not resolve the ${options.component} jars: ${reason}`, {
					hint: 'Check that Maven Central is reachable, then run `userdata-tui stack up` again',
				}),
			);
		});
	});
}
