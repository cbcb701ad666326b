import {execFile} from 'node:child_process';
import {join} from 'node:path';
import {ConfigError} from '../../domain/errors.js';
import {STACK_HOST} from '../../domain/stack-ports.js';
import {type FamilyLayout} from '../../domain/table-schema.js';
import {resolveClasspath} from '../stack/classpath.js';
import {stackLayout, stackSourceDir} from '../stack/layout.js';
import {findJava} from '../stack/toolchain.js';

export interface TableToolTarget {
	/** The data folder whose classpath cache holds the HBase jars (resolved through Maven once). */
	readonly dataDir: string;
	/** host:port of HBase's ZooKeeper: the Java client finds the master through it. */
	readonly zookeeper: string;
	readonly table: string;
}

/**
 * What Thrift1 cannot do to a table, done by stack/tools/FixFamilies.java through HBase's Java
 * Admin API on the local stack's HBase classpath: create it pre-split or with a data block
 * encoding, alter its families, split it. One JVM start (a few seconds) per call, so init uses
 * it only when Thrift cannot do the job. Prints what it changed, one line each.
 */
export async function runTableTool(
	target: TableToolTarget,
	families: readonly FamilyLayout[],
	options: {readonly create?: boolean; readonly splitKeys?: readonly string[]; readonly dropExtra?: boolean},
): Promise<string[]> {
	const java = await findJava();
	const classpath = await resolveClasspath({
		component: 'hbase',
		stackDir: stackSourceDir(),
		classpathDir: stackLayout(target.dataDir).classpathDir,
		java,
		progress: () => {},
	});
	const [host, port] = target.zookeeper.split(':');
	const args = [
		'-cp',
		classpath.join(':'),
		join(stackSourceDir(), 'tools', 'FixFamilies.java'),
		host || STACK_HOST,
		port ?? '2181',
		target.table,
		...families.map(familySpec),
		...(options.create ? ['--create'] : []),
		...(options.splitKeys ?? []).flatMap(key => ['--split', key]),
		...(options.dropExtra ? ['--drop-extra'] : []),
	];
	return new Promise((resolve, reject) => {
		// Deadline: a JVM start, the master's procedures, and a split waited for (the tool gives up on one after 120 s).
		execFile(java.bin, args, {timeout: 300_000}, (error, stdout, stderr) => {
			if (error) {
				const cause = stderr.split('\n').find(l => /Exception|ERROR/.test(l)) ?? error.message;
				reject(new ConfigError(`HBase's Java client could not change table ${target.table}: ${cause}`, {cause: error, hint: 'Check that HBase answers on {zookeeper}'}));
			} else resolve(stdout.split('\n').filter(Boolean));
		});
	});
}

/** name:versions[:compression:encoding], as FixFamilies.java reads a family. */
function familySpec(family: FamilyLayout): string {
	const parts = [family.name, String(family.maxVersions)];
	// An empty part leaves that setting as it is.
	if (family.compression !== undefined || family.encoding !== undefined) parts.push(family.compression ?? '', family.encoding ?? '');
	return parts.join(':');
}
