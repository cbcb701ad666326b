import {execFile} from 'node:child_process';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {regionSplitKeys} from '../../source/domain/region-splits.js';
import {portOffsetFromEnv, portsWithOffset, stackAddress} from '../../source/domain/stack-ports.js';
import {type FamilyLayout, wantedFamilies} from '../../source/domain/table-schema.js';
import {CrudService} from '../../source/services/crud/crud-service.js';
import {HbaseClient} from '../../source/services/hbase/hbase-client.js';
import {ThriftConnection} from '../../source/services/hbase/thrift-connection.js';
import {runTableTool, type TableToolTarget} from '../../source/services/init/table-tool.js';
import {jmx} from '../../source/services/stack/jmx.js';
import {repoRoot} from '../lib/cli.js';
import {waitFor} from '../../test/helpers/wait-for.js';
import {type BenchResources, benchServices} from '../lib/stack.js';
import {figure, type Figure, percentiles} from '../lib/stats.js';
import {sinkRun} from './sink.js';

/**
 * The table settings `init` could make, each measured the same way: the sink writes the
 * pre-filled topic into a table made with them; then HBase flushes and major-compacts it and the
 * region server reports its store files' bytes; then `get` (CrudService, the `get` command's path:
 * one getRow round-trip through Thrift) reads a sample of the rows, twice: the first read of
 * each row after the compaction (its blocks come from the file: decompression and decoding
 * show) and again (from the block cache).
 */
export interface TableVariant {
	readonly name: string;
	readonly regions: number;
	readonly compression: string;
	readonly encoding?: string;
}

export interface TableSettingsSample {
	readonly usersPerSecond: number;
	/** Store file bytes after flush and major compaction, per 1,000 users written. */
	readonly bytesPerThousand: number;
	readonly getColdMs: {readonly p50: number; readonly p99: number};
	readonly getWarmMs: {readonly p50: number; readonly p99: number};
}

/**
 * What is compared, baseline first: the table init made before these settings were measured.
 * Only codecs that run without native code: GZ is Java's own zlib. SNAPPY works here only through
 * snappy-java's bundled JNI library (native code), ZSTD needs libhadoop built with zstd and LZ4
 * lz4-java (not on HBase's classpath): HBase 2.6.1 refuses those two at table creation here.
 */
export const tableVariants: readonly TableVariant[] = [
	{name: 'before: 1 region, no encoding, no compression', regions: 1, compression: 'NONE'},
	{name: 'pre-split: 4 regions', regions: 4, compression: 'NONE'},
	{name: 'DATA_BLOCK_ENCODING FAST_DIFF', regions: 1, compression: 'NONE', encoding: 'FAST_DIFF'},
	{name: 'COMPRESSION GZ (init now)', regions: 1, compression: 'GZ'},
	{name: 'FAST_DIFF + GZ', regions: 1, compression: 'GZ', encoding: 'FAST_DIFF'},
];

export interface TableSettingsFigure {
	readonly variant: TableVariant;
	readonly usersPerSecond: Figure;
	readonly bytesPerThousand: Figure;
	readonly getColdP50: Figure;
	readonly getColdP99: Figure;
	readonly getWarmP50: Figure;
	readonly getWarmP99: Figure;
}

export interface TableSettingsFigures {
	readonly users: number;
	readonly sampleKeys: number;
	readonly runs: number;
	readonly variants: readonly TableSettingsFigure[];
}

export interface TableSettingsRounds {
	readonly resources: BenchResources;
	readonly target: TableSettingsTarget;
	readonly topic: string;
	readonly users: number;
	readonly runs: number;
	/** Row keys written, of which `sampleKeys` evenly spaced ones are read back. */
	readonly keys: readonly string[];
	readonly sampleKeys: number;
	readonly group: (kind: string) => string;
	readonly log: (line: string) => void;
	readonly variants?: readonly TableVariant[];
}

/**
 * Every variant once per round, the baseline first in each round, so a ratio pairs a variant
 * with the baseline of its own round (a noisy neighbour hits both alike).
 */
export async function tableSettingsRounds(options: TableSettingsRounds): Promise<TableSettingsFigures> {
	const variants = options.variants ?? tableVariants;
	const step = Math.max(1, Math.floor(options.users / options.sampleKeys));
	const sample = options.keys
		.slice(0, options.users)
		.filter((_, i) => i % step === 0)
		.slice(0, options.sampleKeys);
	const samples = variants.map(() => [] as TableSettingsSample[]);
	for (let round = 0; round < options.runs; round++) {
		for (const [index, variant] of variants.entries()) {
			const table = await options.resources.table('settings', async (name, hbase) => createVariantTable(options.target, name, variant, hbase));
			try {
				const sink = await sinkRun(benchServices({topic: options.topic, table}), options.users, {group: options.group('settings')});
				const bytes = await compactedBytes(options.target, table);
				const latency = await getLatency(options.target, table, sample);
				samples[index]!.push({usersPerSecond: sink.usersPerSecond, bytesPerThousand: (bytes * 1000) / options.users, ...latency});
				options.log(
					`  round ${round + 1}, ${variant.name}: ${Math.round(sink.usersPerSecond)} users/s, ${Math.round((bytes * 1000) / options.users / 1024)} KiB per 1,000 users, get p50/p99 ${latency.getColdMs.p50.toFixed(2)}/${latency.getColdMs.p99.toFixed(2)} ms first, ${latency.getWarmMs.p50.toFixed(2)}/${latency.getWarmMs.p99.toFixed(2)} ms again`,
				);
			} finally {
				await options.resources.dropTable(table);
			}
		}
	}
	return {
		users: options.users,
		sampleKeys: sample.length,
		runs: options.runs,
		variants: variants.map((variant, index) => {
			const of = (pick: (s: TableSettingsSample) => number): Figure => figure(samples[index]!.map(pick));
			return {
				variant,
				usersPerSecond: of(s => s.usersPerSecond),
				bytesPerThousand: of(s => s.bytesPerThousand),
				getColdP50: of(s => s.getColdMs.p50),
				getColdP99: of(s => s.getColdMs.p99),
				getWarmP50: of(s => s.getWarmMs.p50),
				getWarmP99: of(s => s.getWarmMs.p99),
			};
		}),
	};
}

export interface TableSettingsTarget {
	readonly tool: Omit<TableToolTarget, 'table'>;
	readonly thrift: {readonly host: string; readonly port: number};
	/** The region server's info port, whose /jmx has each region's store file bytes. */
	readonly regionServerUiPort: number;
	readonly java: string;
	readonly classpath: string;
}

/** The local stack (USERDATA_HOME, USERDATA_STACK_PORT_OFFSET) as this step reaches it. */
export function localTableSettingsTarget(java: string, classpath: readonly string[]): TableSettingsTarget {
	const settings = benchServices().settings;
	const ports = portsWithOffset(portOffsetFromEnv(process.env));
	return {
		tool: {dataDir: settings.dataDir, zookeeper: stackAddress(ports.zookeeper)},
		thrift: {host: settings.thriftHost, port: settings.thriftPort},
		regionServerUiPort: ports.hbaseRegionServerUi,
		java,
		classpath: classpath.join(':'),
	};
}

/** Makes the table as init would: through Thrift when Thrift can (one region, no encoding), else HBase's Java client. */
export async function createVariantTable(target: TableSettingsTarget, table: string, variant: TableVariant, hbase: HbaseClient): Promise<void> {
	const families: FamilyLayout[] = wantedFamilies().map(f => ({...f, compression: variant.compression, encoding: variant.encoding}));
	if (variant.regions === 1 && variant.encoding === undefined) await hbase.createTable(table, families);
	else await runTableTool({...target.tool, table}, families, {create: true, splitKeys: regionSplitKeys(variant.regions)});
}

/** Flush, major compaction, then the bytes of the store files the region server serves for the table. */
export async function compactedBytes(target: TableSettingsTarget, table: string): Promise<number> {
	const [host, port] = target.tool.zookeeper.split(':');
	await promisify(execFile)(target.java, ['-cp', target.classpath, join(repoRoot, 'stack', 'tools', 'CompactTable.java'), host!, port!, table], {timeout: 900_000});
	// The per-region JMX metrics are refreshed every few seconds (the Admin API reports whole MB
	// only): wait until no region shows more files than families, nothing in a memstore, twice alike.
	const families = wantedFamilies().length;
	let last = Number.NaN;
	return waitFor(
		async () => {
			const bean = await jmx(target.regionServerUiPort, 'Hadoop:service=HBase,name=RegionServer,sub=Regions');
			const prefix = `Namespace_default_table_${table}_region_`;
			let bytes = 0;
			let settled = true;
			for (const [name, value] of Object.entries(bean)) {
				if (!name.startsWith(prefix)) continue;
				if (name.endsWith('_metric_storeFileSize')) bytes += Number(value);
				if (name.endsWith('_metric_storeFileCount') && Number(value) > families) settled = false;
				if (name.endsWith('_metric_memStoreSize') && Number(value) > 0) settled = false;
			}
			const stable = settled && bytes > 0 && bytes === last;
			last = bytes;
			return stable ? bytes : undefined;
		},
		`the region server to report the compacted store files of ${table}`,
		120_000,
		2000,
	);
}

/** `get` latency in ms over the sample of row keys, first read after the compaction and again. */
export async function getLatency(target: TableSettingsTarget, table: string, keys: readonly string[]): Promise<Pick<TableSettingsSample, 'getColdMs' | 'getWarmMs'>> {
	const connection = new ThriftConnection({host: target.thrift.host, port: target.thrift.port});
	const crud = new CrudService(new HbaseClient(connection), table);
	try {
		const pass = async (): Promise<{p50: number; p99: number}> => {
			const times: number[] = [];
			for (const key of keys) {
				const began = performance.now();
				const row = await crud.get(key);
				times.push(performance.now() - began);
				if (row.cells.length === 0) throw new Error(`get ${key} found no cells in ${table}`);
			}
			const [p50, p99] = percentiles(times, [0.5, 0.99]);
			return {p50: p50!, p99: p99!};
		};
		// Warm the read path (JIT, connection) untimed on rows that do not exist: they sort after
		// every UUID, so they touch only the last block of each file, not the sample's blocks.
		for (let i = 0; i < 200; i++) await crud.get(`zz-warm-${i}`).catch(() => {});
		const getColdMs = await pass();
		const getWarmMs = await pass();
		return {getColdMs, getWarmMs};
	} finally {
		await connection.close();
	}
}
