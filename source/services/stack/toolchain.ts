import {execFile} from 'node:child_process';
import {existsSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {ConfigError} from '../../domain/errors.js';

const run = promisify(execFile);

export interface Java {
	readonly bin: string;
	readonly home: string | undefined;
	readonly major: number;
	readonly version: string;
}

async function javaVersion(bin: string): Promise<{major: number; version: string} | undefined> {
	try {
		const {stderr, stdout} = await run(bin, ['-version'], {timeout: 15_000});
		const match = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(stderr + stdout);
		if (!match) return undefined;
		let major = Number(match[1]);
		if (major === 1 && match[2]) major = Number(match[2]);
		return {major, version: match[0].replace(/^version /, '').replaceAll('"', '')};
	} catch {
		return undefined;
	}
}

/**
 * Finds a JDK that HBase 2.6 runs on: 17 to 23. Java 24+ drops the SecurityManager that
 * Hadoop's security code needs, so a newer default `java` is passed over for a JDK 17.
 * Looks at USERDATA_JAVA_HOME, JAVA_HOME, /usr/lib/jvm (Debian/Ubuntu), Homebrew's keg-only
 * openjdk@17 (not linked onto PATH by `brew install`), macOS's JavaVirtualMachines, then `java` on PATH.
 */
export async function findJava(env: NodeJS.ProcessEnv = process.env): Promise<Java> {
	const homes: string[] = [];
	for (const home of [env.USERDATA_JAVA_HOME, env.JAVA_HOME]) if (home) homes.push(home);
	if (existsSync('/usr/lib/jvm')) {
		const found = readdirSync('/usr/lib/jvm')
			.filter(name => /17/.test(name))
			.sort()
			.map(name => join('/usr/lib/jvm', name));
		homes.push(...found);
	}
	for (const prefix of ['/opt/homebrew', '/usr/local']) homes.push(join(prefix, 'opt', 'openjdk@17', 'libexec', 'openjdk.jdk', 'Contents', 'Home'));
	const macJvms = '/Library/Java/JavaVirtualMachines';
	if (existsSync(macJvms)) {
		homes.push(
			...readdirSync(macJvms)
				.filter(name => /17/.test(name))
				.sort()
				.map(name => join(macJvms, name, 'Contents', 'Home')),
		);
	}
	const seen: string[] = [];
	for (const home of homes) {
		const bin = join(home, 'bin', 'java');
		if (!existsSync(bin)) continue;
		const version = await javaVersion(bin);
		if (version) seen.push(`${bin} (${version.major})`);
		if (version && version.major >= 17 && version.major < 24) return {bin, home, ...version};
	}
	const onPath = await javaVersion('java');
	if (onPath && onPath.major >= 17 && onPath.major < 24) return {bin: 'java', home: undefined, ...onPath};
	if (onPath) seen.push(`java on PATH (${onPath.major})`);
	throw new ConfigError(seen.length === 0 ? 'Java 17 is missing' : `No Java 17 found (found: ${seen.join(', ')}; HBase 2.6 needs 17 to 23)`, {
		hint: 'Install it (`apt-get install openjdk-17-jdk-headless`, or `brew install openjdk@17`), or set USERDATA_JAVA_HOME to a JDK 17',
	});
}

export async function findMaven(): Promise<string> {
	try {
		await run('mvn', ['-v'], {timeout: 30_000});
		return 'mvn';
	} catch {
		throw new ConfigError('Maven is missing; it fetches the Kafka and HBase jars from Maven Central', {
			hint: 'Install it with `apt-get install maven`',
		});
	}
}
