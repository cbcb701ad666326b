import {randomBytes} from 'node:crypto';
import {join} from 'node:path';
import {type Admin} from 'kafkajs';
import {dlqTopic, resolveSettings, type Settings} from '../../source/config.js';
import {wantedFamilies} from '../../source/domain/table-schema.js';
import {createServices, type Services} from '../../source/services/create-services.js';
import {HbaseClient} from '../../source/services/hbase/hbase-client.js';
import {ThriftConnection} from '../../source/services/hbase/thrift-connection.js';
import {defaultDataDir} from '../../source/config.js';

/**
 * Topics and tables of one bench run: unique names (so a run never sees another run's data, nor
 * the tests running beside it), created on demand and all removed at the end, even on failure.
 */
export const benchLogFile = join(defaultDataDir(), 'logs', 'bench.log');

export function uniqueName(kind: string): string {
	return `bench_${kind}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

export function benchSettings(overrides: {topic?: string; table?: string; apiUrl?: string} = {}): Settings {
	return resolveSettings({flags: {...overrides, logFile: benchLogFile}, env: process.env, file: {}});
}

export function benchServices(overrides: {topic?: string; table?: string; apiUrl?: string} = {}): Services {
	return createServices(benchSettings(overrides));
}

export class BenchResources {
	readonly services: Services;
	private readonly topics = new Set<string>();
	private readonly tables = new Set<string>();
	private admin: Admin | undefined;
	private hbase: HbaseClient | undefined;
	private connection: ThriftConnection | undefined;

	constructor(readonly partitions = 3) {
		this.services = benchServices();
	}

	private async kafkaAdmin(): Promise<Admin> {
		if (!this.admin) {
			const admin = this.services.kafka().admin();
			await admin.connect();
			this.admin = admin;
		}
		return this.admin;
	}

	private client(): HbaseClient {
		if (!this.hbase) {
			this.connection = new ThriftConnection({host: this.services.settings.thriftHost, port: this.services.settings.thriftPort, callTimeoutMs: 120_000});
			this.hbase = new HbaseClient(this.connection);
		}
		return this.hbase;
	}

	/** A new topic and its DLQ, as `init` makes them. */
	async topic(kind: string): Promise<string> {
		const topic = uniqueName(kind);
		const admin = await this.kafkaAdmin();
		this.topics.add(topic);
		this.topics.add(dlqTopic(topic));
		await admin.createTopics({
			waitForLeaders: true,
			topics: [topic, dlqTopic(topic)].map(name => ({topic: name, numPartitions: this.partitions, replicationFactor: -1})),
		});
		return topic;
	}

	/**
	 * A new table with the product's families and settings, as `init` makes it through Thrift;
	 * or made by `create` (given the Thrift client), for a table with other settings.
	 */
	async table(kind: string, create?: (table: string, hbase: HbaseClient) => Promise<void>): Promise<string> {
		const table = uniqueName(kind);
		this.tables.add(table);
		await (create ? create(table, this.client()) : this.client().createTable(table, wantedFamilies()));
		return table;
	}

	async dropTable(table: string): Promise<void> {
		const hbase = this.client();
		await hbase.disableTable(table).catch(() => {});
		await hbase.deleteTable(table).catch(() => {});
		this.tables.delete(table);
	}

	async deleteTopic(topic: string): Promise<void> {
		const admin = await this.kafkaAdmin();
		const names = [topic, dlqTopic(topic)];
		await admin.deleteTopics({topics: names, timeout: 30_000}).catch(() => {});
		for (const name of names) this.topics.delete(name);
	}

	/**
	 * Deletes the groups, waiting up to `waitMs` for those that still have a member: a process
	 * killed without leaving its group keeps it until the session times out.
	 */
	async deleteGroups(groups: readonly string[], waitMs = 60_000): Promise<void> {
		const admin = await this.kafkaAdmin();
		const existing = new Set((await admin.listGroups()).groups.map(group => group.groupId));
		let left = groups.filter(group => existing.has(group));
		const deadline = Date.now() + waitMs;
		while (left.length > 0) {
			const results = await admin.deleteGroups(left).catch((error: {groups?: Array<{groupId: string; errorCode: number}>}) => error.groups ?? []);
			left = results.filter(result => result.errorCode !== 0).map(result => result.groupId);
			if (left.length === 0 || Date.now() > deadline) return;
			await new Promise(resolve => setTimeout(resolve, 5000));
		}
	}

	/** Everything still left, then the connections. Errors are reported, never thrown. */
	async cleanup(report: (line: string) => void = () => {}): Promise<void> {
		for (const table of [...this.tables]) {
			await this.dropTable(table).catch(error => report(`could not drop table ${table}: ${(error as Error).message}`));
		}
		if (this.topics.size > 0) {
			const admin = await this.kafkaAdmin().catch(() => undefined);
			const existing = new Set((await admin?.listTopics().catch(() => [] as string[])) ?? []);
			const names = [...this.topics].filter(name => existing.has(name));
			if (admin && names.length > 0) {
				await admin.deleteTopics({topics: names, timeout: 30_000}).catch(error => report(`could not delete topics: ${(error as Error).message}`));
			}
			this.topics.clear();
		}
		await this.admin?.disconnect().catch(() => {});
		this.admin = undefined;
		await this.connection?.close().catch(() => {});
		this.connection = undefined;
		this.hbase = undefined;
	}
}
