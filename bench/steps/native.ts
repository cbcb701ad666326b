import {open, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parseColumn} from '../../source/domain/cells.js';
import {type CellWrite, type RowWrite} from '../../source/services/hbase/hbase-client.js';
import {repoRoot, runProcess} from '../lib/cli.js';

/**
 * HBase's own ceiling: stack/tools/NativeWrite.java writes the same rows with HBase's Java client
 * (BufferedMutator), on the stack's HBase classpath, into a table made like the sink's. What the
 * Thrift hop costs is the gap between it and the gateway loop.
 */
export async function writeRowsFile(file: string, rows: readonly RowWrite[]): Promise<void> {
	const handle = await open(file, 'w');
	const chunks: Buffer[] = [];
	let size = 0;
	const flush = async () => {
		await handle.write(Buffer.concat(chunks, size));
		chunks.length = 0;
		size = 0;
	};
	const int = (n: number) => {
		const b = Buffer.allocUnsafe(4);
		b.writeInt32BE(n);
		chunks.push(b);
		size += 4;
	};
	const bytes = (value: string | Uint8Array) => {
		const b = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
		int(b.length);
		chunks.push(b);
		size += b.length;
	};
	try {
		int(rows.length);
		for (const row of rows) {
			bytes(row.row);
			const puts = row.cells.filter((cell): cell is CellWrite & {value: string | Uint8Array} => cell.value !== undefined);
			int(puts.length);
			for (const cell of puts) {
				const {family, qualifier} = parseColumn(cell.column);
				bytes(family);
				bytes(qualifier);
				bytes(cell.value);
			}
			if (size > 1 << 20) await flush();
		}
		await flush();
	} finally {
		await handle.close();
	}
}

export interface NativeTarget {
	readonly java: string;
	readonly classpath: readonly string[];
	readonly zookeeperPort: number;
	readonly table: string;
}

export async function nativeRun(rows: readonly RowWrite[], target: NativeTarget): Promise<number> {
	const file = join(tmpdir(), `userdata-native-${process.pid}-${Date.now()}.bin`);
	try {
		await writeRowsFile(file, rows);
		const result = await runProcess(
			target.java,
			[
				'-Xmx1g',
				'-cp',
				target.classpath.join(':'),
				join(repoRoot, 'stack', 'tools', 'NativeWrite.java'),
				'127.0.0.1',
				String(target.zookeeperPort),
				target.table,
				file,
				String(Date.now()),
			],
			{timeoutMs: 30 * 60_000},
		);
		const rate = Number(result.stdout.trim().split('\n').at(-1));
		if (result.code !== 0 || !Number.isFinite(rate)) throw new Error(`NativeWrite exited with ${result.code}: ${result.stderr.trim().split('\n').slice(-3).join(' ')}`);
		return rate;
	} finally {
		await rm(file, {force: true});
	}
}
