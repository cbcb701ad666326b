import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

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
	/** A secured stack's CA, key stores and passwords (mode 700). */
	readonly secureDir: string;
	/** `stack up --cluster` only: the NameNode's and DataNode's folders, and the external ZooKeeper's. */
	readonly hdfsDir: string;
	readonly zookeeperDir: string;
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
		secureDir: join(dataDir, 'secure'),
		hdfsDir: join(dataDir, 'hdfs'),
		zookeeperDir: join(dataDir, 'zookeeper'),
	};
}
