import {homedir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

/**
 * Where the local stack keeps its data, logs, configs, pid files and resolved classpaths:
 * one folder, so `stack down` keeps everything and a wipe is one `rm -rf`.
 * Order: --data-dir > USERDATA_HOME > $XDG_DATA_HOME/userdata-tui > ~/.local/share/userdata-tui.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
	if (env.USERDATA_HOME) return resolve(env.USERDATA_HOME);
	const base = env.XDG_DATA_HOME ? resolve(env.XDG_DATA_HOME) : join(homedir(), '.local', 'share');
	return join(base, 'userdata-tui');
}

/** The package's stack/ folder (Maven poms), the same depth from source/ and dist/. */
export function stackSourceDir(): string {
	return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'stack');
}

export interface StackLayout {
	readonly dataDir: string;
	readonly logsDir: string;
	readonly runDir: string;
	readonly classpathDir: string;
	readonly kafkaDir: string;
	readonly kafkaDataDir: string;
	readonly hbaseDir: string;
	readonly hbaseConfDir: string;
}

export function stackLayout(dataDir: string): StackLayout {
	return {
		dataDir,
		logsDir: join(dataDir, 'logs'),
		runDir: join(dataDir, 'run'),
		classpathDir: join(dataDir, 'classpath'),
		kafkaDir: join(dataDir, 'kafka'),
		kafkaDataDir: join(dataDir, 'kafka', 'data'),
		hbaseDir: join(dataDir, 'hbase'),
		hbaseConfDir: join(dataDir, 'hbase', 'conf'),
	};
}
