import {ConfigError} from '../../domain/errors.js';
import {type FamilyLayout} from '../../domain/table-schema.js';
import {type TableToolOptions, tableToolArgs} from './table-tool.js';
import {portAnswers} from '../stack/processes.js';

/**
 * Where `init` can run its Java tool. Thrift1 cannot alter a table, so the fix is HBase's Java Admin API
 * (stack/tools/FixFamilies.java), which finds the master through ZooKeeper and then connects to
 * the master and the region servers by the names they registered. The local stack registers
 * 127.0.0.1; the docker compose stack registers its container's host name (`hbase:16000`,
 * `hbase:16020`), which the host cannot resolve, on ports compose does not publish. There the
 * tool would retry for minutes; instead the user gets the one command that runs the same tool
 * inside the container, where it is compiled into the image (stack/docker/hbase/Dockerfile).
 * This goes for every use of the tool: --fix, and creating a pre-split table.
 */

export interface ServerAddress {
	readonly host: string;
	readonly port: number;
}

/** The name the image installs the tool under (on the container's PATH). */
export const COMPOSE_FIX_TOOL = 'fix-families';

/**
 * The compose file of the cluster topology (its master is also the `hbase` service). Its region
 * servers register as regionserver-1 and regionserver-2; the single node's as its container, `hbase`.
 */
export const COMPOSE_CLUSTER_FILE = 'docker-compose.cluster.yml';

/**
 * The compose file a region server's name comes from: the cluster file's for a regionserver-N
 * (also inside a name Docker's reverse lookup makes up, such as
 * userdata-tui-cluster-regionserver-1-1.userdata-tui-cluster_default), otherwise undefined,
 * meaning docker-compose.yml, which `docker compose` reads without -f.
 */
export function composeFileOf(server: ServerAddress): string | undefined {
	return /(?:^|[-.])regionserver-\d+(?:[-.]|$)/.test(server.host) ? COMPOSE_CLUSTER_FILE : undefined;
}

/** The one command that runs the same change inside the docker compose stack's hbase container (the master's, in the cluster file). */
export function composeFixCommand(table: string, families: readonly FamilyLayout[], options: TableToolOptions, composeFile?: string): string {
	const file = composeFile === undefined ? [] : ['-f', composeFile];
	return ['docker', 'compose', ...file, 'exec', 'hbase', COMPOSE_FIX_TOOL, ...tableToolArgs(table, families, options)].join(' ');
}

/**
 * The first server this machine cannot connect to (its name does not resolve, or nothing
 * answers on its port within `deadlineMs`), or undefined when all of them answer.
 */
export async function unreachableServer(
	servers: readonly ServerAddress[],
	answers: (host: string, port: number, deadlineMs: number) => Promise<boolean> = portAnswers,
	deadlineMs = 3000,
): Promise<ServerAddress | undefined> {
	for (const server of servers) {
		if (!(await answers(server.host, server.port, deadlineMs))) return server;
	}
	return undefined;
}

/** Refuses the change at once, with the command that makes it in the container. */
export function unreachableHbaseError(server: ServerAddress, table: string, command: string): ConfigError {
	return new ConfigError(
		`init cannot change table ${table} from this machine: HBase names its region server ${server.host}:${server.port}, which cannot be reached from here (the docker compose stack names it after its container)`,
		{hint: `With the docker compose stack, run it inside the container, from the folder of the compose file: \`${command}\``},
	);
}

/**
 * Before the Java tool runs: the region server holding hbase:meta (every Java client's first
 * stop, even for a table that does not exist yet) must answer here.
 */
export async function refuseUnreachableHbase(
	hbase: {regionServers(table: string): Promise<ServerAddress[]>},
	table: string,
	families: readonly FamilyLayout[],
	options: TableToolOptions,
	answers?: (host: string, port: number, deadlineMs: number) => Promise<boolean>,
): Promise<void> {
	const unreachable = await unreachableServer(await hbase.regionServers(META_TABLE), answers);
	if (unreachable) throw unreachableHbaseError(unreachable, table, composeFixCommand(table, families, options, composeFileOf(unreachable)));
}

/** HBase's catalog table. */
export const META_TABLE = 'hbase:meta';
