import {type Admin} from 'kafkajs';
import {ConfigError} from '../../domain/errors.js';
import {regionSplitKeys, splitsToAdd} from '../../domain/region-splits.js';
import {compareFamilies, describeDifference, keptVersions, type SchemaDifference, tableCompression, wantedFamilies} from '../../domain/table-schema.js';
import {type HbaseClient} from '../hbase/hbase-client.js';

export interface TopicOutcome {
	readonly topic: string;
	readonly created: boolean;
	readonly partitions: number;
	/** Replicas of each partition, as the brokers report them (the fewest, if they differ). */
	readonly replicationFactor: number;
}

export interface WantedTopic {
	readonly topic: string;
	readonly partitions: number;
	readonly replicationFactor: number;
}

/**
 * The replication factor init asks for unless told: 3 where there are 3 brokers or more (a
 * write survives one broker's loss with min.insync.replicas 2), else 1.
 */
export async function defaultReplicationFactor(admin: Admin): Promise<number> {
	const {brokers} = await admin.describeCluster();
	return brokers.length >= 3 ? 3 : 1;
}

/** Creates each topic that is missing; an existing topic is left as it is (and reported). */
export async function ensureTopics(admin: Admin, topics: readonly WantedTopic[]): Promise<TopicOutcome[]> {
	const existing = new Set(await admin.listTopics());
	const missing = topics.filter(t => !existing.has(t.topic));
	if (missing.length > 0) {
		await admin.createTopics({
			waitForLeaders: true,
			topics: missing.map(t => ({topic: t.topic, numPartitions: t.partitions, replicationFactor: t.replicationFactor})),
		});
	}
	const metadata = await admin.fetchTopicMetadata({topics: topics.map(t => t.topic)});
	return topics.map(t => {
		const partitions = metadata.topics.find(m => m.name === t.topic)?.partitions ?? [];
		return {
			topic: t.topic,
			created: missing.some(m => m.topic === t.topic),
			partitions: partitions.length,
			replicationFactor: partitions.length === 0 ? 0 : Math.min(...partitions.map(p => p.replicas.length)),
		};
	});
}

/** An existing topic with another replication factor than asked: Kafka keeps it until its partitions are reassigned. */
export function replicationMismatchError(outcome: TopicOutcome, wanted: number): ConfigError {
	return new ConfigError(`Topic ${outcome.topic} exists with replication factor ${outcome.replicationFactor}, not ${wanted}`, {
		hint: `Reassign its partitions with Kafka's kafka-reassign-partitions tool, or ask for {replication-factor} ${outcome.replicationFactor}, or change {topic}`,
	});
}

export interface TableOutcome {
	readonly table: string;
	readonly created: boolean;
	readonly differences: readonly SchemaDifference[];
	readonly regions: number;
	/** Each region's start key in key order, as the gateway reports them (the first is ''). */
	readonly startKeys: readonly string[];
}

export interface WantedTable {
	readonly table: string;
	/** Regions to create a missing table with; asked only then (the default needs a round-trip). */
	readonly regions: () => Promise<number>;
	/** Creates the table split at these keys: Thrift1's createTable takes no split keys. */
	readonly createSplit: (splitKeys: readonly string[]) => Promise<void>;
}

/**
 * Creates the table with the product's families if absent (through Thrift when it has one
 * region, else through createSplit); reports the families' differences if present, and the
 * regions either way.
 */
export async function ensureTable(hbase: HbaseClient, wanted: WantedTable): Promise<TableOutcome> {
	const {table} = wanted;
	const tables = await hbase.tableNames();
	const created = !tables.includes(table);
	if (created) {
		const splitKeys = regionSplitKeys(await wanted.regions());
		if (splitKeys.length === 0) await hbase.createTable(table, wantedFamilies());
		else await wanted.createSplit(splitKeys);
	}
	const differences = created ? [] : compareFamilies(await hbase.families(table));
	const startKeys = (await hbase.regions(table)).map(r => r.startKey);
	return {table, created, differences, regions: startKeys.length, startKeys};
}

/**
 * An existing table with another number of regions than asked. Splitting can add the missing
 * boundaries (--fix does); init never merges regions, since HBase also splits a region on its own
 * when it grows past its size limit and merging that back would undo its work.
 */
export function regionMismatchError(outcome: TableOutcome, wanted: number): ConfigError {
	const canSplit = splitsToAdd(outcome.startKeys, wanted) !== undefined;
	return new ConfigError(`Table ${outcome.table} has ${outcome.regions} region(s), not ${wanted}`, {
		hint: canSplit
			? `Run \`userdata-tui init --fix --regions ${wanted}\` to split it at the missing boundaries, or ask for {regions} ${outcome.regions}`
			: `init splits but never merges: ask for {regions} ${outcome.regions} (HBase may have split it as it grew), or merge regions with the HBase shell's merge_region`,
	});
}

export function schemaMismatchError(outcome: TableOutcome): ConfigError {
	return new ConfigError(`Table ${outcome.table} exists with another layout: ${outcome.differences.map(describeDifference).join('; ')}`, {
		hint: outcome.differences.some(d => d.kind === 'extra-family')
			? 'Run `userdata-tui init --fix --drop-extra` to alter it in place (drops the extra families and their data), or change {table}'
			: `Run \`userdata-tui init --fix\` to alter it in place (adds families, sets VERSIONS ${keptVersions} and COMPRESSION ${tableCompression}: files written before keep theirs until compacted), or change {table}`,
	});
}
