import {type Admin} from 'kafkajs';
import {ConfigError} from '../../domain/errors.js';
import {compareFamilies, describeDifference, type SchemaDifference, wantedFamilies} from '../../domain/table-schema.js';
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
}

/** Creates the table with the product's families if absent; reports differences if present. */
export async function ensureTable(hbase: HbaseClient, table: string): Promise<TableOutcome> {
	const tables = await hbase.tableNames();
	if (!tables.includes(table)) {
		await hbase.createTable(table, wantedFamilies());
		return {table, created: true, differences: []};
	}
	const differences = compareFamilies(await hbase.families(table));
	return {table, created: false, differences};
}

export function schemaMismatchError(outcome: TableOutcome): ConfigError {
	return new ConfigError(`Table ${outcome.table} exists with another layout: ${outcome.differences.map(describeDifference).join('; ')}`, {
		hint: outcome.differences.some(d => d.kind === 'extra-family')
			? 'Run `userdata-tui init --fix --drop-extra` to alter it in place (drops the extra families and their data), or change {table}'
			: 'Run `userdata-tui init --fix` to alter it in place (adds families, sets VERSIONS 3), or change {table}',
	});
}
