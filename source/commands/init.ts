import {execFile} from 'node:child_process';
import {dlqTopic, type Settings} from '../config.js';
import {STACK_HOST, stackAddress, stackPorts} from '../domain/stack-ports.js';
import {keptVersions, tableFamilies} from '../domain/table-schema.js';
import {defaultReplicationFactor, ensureTable, ensureTopics, replicationMismatchError, schemaMismatchError} from '../services/init/ensure-schema.js';
import {type Services} from '../services/create-services.js';
import {resolveClasspath} from '../services/stack/classpath.js';
import {stackLayout, stackSourceDir} from '../services/stack/layout.js';
import {findJava} from '../services/stack/toolchain.js';
import {fixFamiliesArgs, unreachableHbaseError, unreachableServer} from '../services/init/fix-route.js';
import {type CommandIo, exitCodes, printJson} from './io.js';
import {join} from 'node:path';

export interface InitOptions {
	readonly partitions: number;
	/** Replicas per partition for new topics; unset: 3 with 3 brokers or more, else 1. */
	readonly replicationFactor?: number;
	readonly fix?: boolean;
	readonly json?: boolean;
	readonly zookeeper?: string; // host:port for --fix
	readonly dropExtra?: boolean; // with --fix: also drop families outside the layout (their data goes)
}

/** Creates the topics and the table if missing; idempotent; never changes a table silently. */
export async function initCommand(services: Services, options: InitOptions, io: CommandIo): Promise<number> {
	const {settings} = services;
	const admin = services.kafka().admin();
	const connection = services.thriftConnection();
	try {
		await admin.connect();
		const replicationFactor = options.replicationFactor ?? (await defaultReplicationFactor(admin));
		const topics = await ensureTopics(admin, [
			{topic: settings.topic, partitions: options.partitions, replicationFactor},
			{topic: dlqTopic(settings.topic), partitions: options.partitions, replicationFactor},
		]);
		const hbase = services.hbase(connection);
		let table = await ensureTable(hbase, settings.table);
		let fixed: string[] = [];
		if (table.differences.length > 0 && options.fix) {
			// The Java tool connects to the region servers by the names HBase gives them: refuse at
			// once, with the command to run instead, when this machine cannot reach them (compose).
			const unreachable = await unreachableServer(await hbase.regionServers(settings.table));
			if (unreachable) throw unreachableHbaseError(unreachable, settings.table, Boolean(options.dropExtra));
			fixed = await fixTable(settings, options.zookeeper ?? stackAddress(stackPorts.zookeeper), Boolean(options.dropExtra));
			table = await ensureTable(hbase, settings.table);
		}
		const changed = topics.some(t => t.created) || table.created || fixed.length > 0;
		if (options.json) {
			printJson(io, {topics, table, fixed, changed});
		} else {
			for (const t of topics) {
				io.out(`topic ${t.topic}: ${t.created ? 'created' : 'exists'} (${t.partitions} partitions, replication factor ${t.replicationFactor})`);
			}
			io.out(
				table.differences.length > 0
					? `table ${table.table}: exists with another layout`
					: `table ${table.table}: ${table.created ? 'created' : 'exists'} (families ${tableFamilies.join(', ')}, VERSIONS ${keptVersions})`,
			);
			for (const line of fixed) io.out(`fixed: ${line}`);
			if (!changed && table.differences.length === 0) io.out('nothing to change');
		}
		const drifted = topics.find(t => t.replicationFactor !== replicationFactor);
		if (drifted) throw replicationMismatchError(drifted, replicationFactor);
		if (table.differences.length > 0) throw schemaMismatchError(table);
		return exitCodes.ok;
	} finally {
		await admin.disconnect().catch(() => {});
		await connection.close();
	}
}

/**
 * Thrift1 cannot alter a table, so --fix runs stack/tools/FixFamilies.java (the HBase Java
 * Admin API) on the local stack's HBase classpath. It adds families and sets VERSIONS; it drops a
 * family (and its data) only with --drop-extra.
 */
async function fixTable(settings: Settings, zookeeper: string, dropExtra: boolean): Promise<string[]> {
	const java = await findJava();
	const layout = stackLayout(settings.dataDir);
	const classpath = await resolveClasspath({
		component: 'hbase',
		stackDir: stackSourceDir(),
		classpathDir: layout.classpathDir,
		java,
		progress: () => {},
	});
	const [host, port] = zookeeper.split(':');
	const args = [
		'-cp',
		classpath.join(':'),
		join(stackSourceDir(), 'tools', 'FixFamilies.java'),
		host ?? STACK_HOST,
		port ?? String(stackPorts.zookeeper),
		...fixFamiliesArgs(settings.table, dropExtra),
	];
	return new Promise((resolve, reject) => {
		execFile(java.bin, args, {timeout: 180_000}, (error, stdout, stderr) => {
			if (error) reject(new Error(`init --fix failed: ${stderr.split('\n').find(l => /Exception|ERROR/.test(l)) ?? error.message}`));
			else resolve(stdout.split('\n').filter(Boolean));
		});
	});
}
