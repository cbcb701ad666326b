import {dlqTopic} from '../config.js';
import {defaultRegionCount, splitsToAdd} from '../domain/region-splits.js';
import {keptVersions, tableCompression, tableFamilies, wantedFamilies} from '../domain/table-schema.js';
import {
	defaultReplicationFactor,
	ensureTable,
	ensureTopics,
	regionMismatchError,
	replicationMismatchError,
	schemaMismatchError,
	type WantedTable,
} from '../services/init/ensure-schema.js';
import {runTableTool, type TableToolTarget} from '../services/init/table-tool.js';
import {type Services} from '../services/create-services.js';
import {liveRegionServers} from '../services/stack/jmx.js';
import {type CommandIo, exitCodes, printJson} from './io.js';

export interface InitOptions {
	readonly partitions: number;
	/** Replicas per partition for new topics; unset: 3 with 3 brokers or more, else 1. */
	readonly replicationFactor?: number;
	readonly fix?: boolean;
	readonly json?: boolean;
	/** Regions of a new table, split on hex prefixes; also checked on an existing one. Unset: see defaultRegionCount. */
	readonly regions?: number;
	/** The local stack master's info port, to count live region servers for the default regions; unset: 1 region. */
	readonly masterUiPort?: number;
	readonly zookeeper: string; // host:port of HBase's ZooKeeper, for the Java client (pre-split creation, --fix)
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
		const target: TableToolTarget = {dataDir: settings.dataDir, zookeeper: options.zookeeper, table: settings.table};
		const wanted: WantedTable = {
			table: settings.table,
			regions: async () => options.regions ?? defaultRegions(options.masterUiPort),
			createSplit: async splitKeys => {
				await runTableTool(target, wantedFamilies(), {create: true, splitKeys});
			},
		};
		let table = await ensureTable(hbase, wanted);
		// Regions are checked only when asked for: HBase splits a region by itself as it grows, so
		// a table made with the default may rightly have more by now.
		const regionsDrift = (): boolean => options.regions !== undefined && table.regions !== options.regions;
		let fixed: string[] = [];
		if (options.fix && (table.differences.length > 0 || regionsDrift())) {
			const splitKeys = regionsDrift() ? (splitsToAdd(table.startKeys, options.regions!) ?? []) : [];
			if (table.differences.length > 0 || splitKeys.length > 0) {
				fixed = await runTableTool(target, wantedFamilies(), {splitKeys, dropExtra: Boolean(options.dropExtra)});
				table = await ensureTable(hbase, wanted);
			}
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
					: `table ${table.table}: ${table.created ? 'created' : 'exists'} (families ${tableFamilies.join(', ')}, VERSIONS ${keptVersions}, COMPRESSION ${tableCompression}, ${regionCount(table.regions)})`,
			);
			for (const line of fixed) io.out(`fixed: ${line}`);
			if (!changed && table.differences.length === 0 && !regionsDrift()) io.out('nothing to change');
		}
		const drifted = topics.find(t => t.replicationFactor !== replicationFactor);
		if (drifted) throw replicationMismatchError(drifted, replicationFactor);
		if (table.differences.length > 0) throw schemaMismatchError(table);
		if (regionsDrift()) throw regionMismatchError(table, options.regions!);
		return exitCodes.ok;
	} finally {
		await admin.disconnect().catch(() => {});
		await connection.close();
	}
}

const regionCount = (regions: number): string => (regions === 1 ? '1 region' : `${regions} regions`);

/**
 * The regions of a new table when --regions is not given: from the live region servers the local
 * stack's master reports (1 when it cannot be asked: another cluster, or no local stack).
 */
async function defaultRegions(masterUiPort: number | undefined): Promise<number> {
	if (masterUiPort === undefined) return 1;
	return defaultRegionCount(await liveRegionServers(masterUiPort).catch(() => 1));
}
