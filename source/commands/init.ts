import {dlqTopic} from '../config.js';
import {defaultRegionCount, splitsToAdd} from '../domain/region-splits.js';
import {describeDifference, type FamilyLayout, keptVersions, tableCompression, tableFamilies, wantedFamilies} from '../domain/table-schema.js';
import {
	defaultReplicationFactor,
	ensureTable,
	ensureTopics,
	regionMismatchError,
	replicationMismatchError,
	schemaMismatchError,
	type WantedTable,
} from '../services/init/ensure-schema.js';
import {runTableTool, type TableToolOptions, type TableToolTarget} from '../services/init/table-tool.js';
import {refuseUnreachableHbase} from '../services/init/fix-route.js';
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
		// The Java tool connects to HBase's servers by the names they registered: refuse at once,
		// with the command that runs it in the container instead, when this machine cannot reach
		// them (the docker compose stack's hbase:16020).
		const tableTool = async (families: readonly FamilyLayout[], toolOptions: TableToolOptions): Promise<string[]> => {
			await refuseUnreachableHbase(hbase, settings.table, families, toolOptions);
			return runTableTool(target, families, toolOptions);
		};
		const wanted: WantedTable = {
			table: settings.table,
			regions: async () => options.regions ?? defaultRegions(options.masterUiPort),
			createSplit: async splitKeys => {
				await tableTool(wantedFamilies(), {create: true, splitKeys});
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
				fixed = await tableTool(wantedFamilies(), {splitKeys, dropExtra: Boolean(options.dropExtra)});
				table = await ensureTable(hbase, wanted);
			}
		}
		// A codec other than ours is a choice (SNAPPY, ZSTD where the cluster has them), not a
		// broken layout: the sink writes the same either way. Said, and left to --fix.
		const layoutDifferences = table.differences.filter(d => d.kind !== 'compression');
		const codecDifferences = table.differences.filter(d => d.kind === 'compression');
		const compression = [...new Set(codecDifferences.map(d => d.actual))].join('/') || tableCompression;
		const notes =
			codecDifferences.length === 0
				? []
				: [
						`${codecDifferences.map(describeDifference).join('; ')}: \`userdata-tui init --fix\` sets ${tableCompression} (about a fifth of the bytes on disk; see init --help)`,
					];
		const changed = topics.some(t => t.created) || table.created || fixed.length > 0;
		if (options.json) {
			printJson(io, {topics, table, fixed, changed, notes});
		} else {
			for (const t of topics) {
				io.out(`topic ${t.topic}: ${t.created ? 'created' : 'exists'} (${t.partitions} partitions, replication factor ${t.replicationFactor})`);
			}
			io.out(
				layoutDifferences.length > 0
					? `table ${table.table}: exists with another layout`
					: `table ${table.table}: ${table.created ? 'created' : 'exists'} (families ${tableFamilies.join(', ')}, VERSIONS ${keptVersions}, COMPRESSION ${compression}, ${regionCount(table.regions)})`,
			);
			for (const line of fixed) io.out(`fixed: ${line}`);
			if (layoutDifferences.length === 0) for (const note of notes) io.out(`note: ${note}`);
			if (!changed && table.differences.length === 0 && !regionsDrift()) io.out('nothing to change');
		}
		const drifted = topics.find(t => t.replicationFactor !== replicationFactor);
		if (drifted) throw replicationMismatchError(drifted, replicationFactor);
		if (layoutDifferences.length > 0) throw schemaMismatchError(table);
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
