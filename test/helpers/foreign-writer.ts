import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {python} from './independent-check.js';
import {thriftHost, thriftPort} from './stack-env.js';

const run = promisify(execFile);

/**
 * "Another writer": Python happybase, an HBase client that is not ours, putting and reading raw
 * bytes. Rows cross the process boundary as hex, so any byte (NUL, ESC, invalid UTF-8) is exact.
 */
export interface ForeignRow {
	readonly key: Buffer;
	readonly cells: Readonly<Record<string, Buffer>>;
}

const script = `
import json, sys, happybase
op, table = sys.argv[1], sys.argv[2]
connection = happybase.Connection(sys.argv[3], int(sys.argv[4]))
t = connection.table(table)
if op == 'put':
    for row in json.loads(sys.stdin.read()):
        t.put(bytes.fromhex(row['key']), {bytes.fromhex(k): bytes.fromhex(v) for k, v in row['cells'].items()})
    print('{}')
else:
    print(json.dumps({k.hex(): {c.hex(): v.hex() for c, v in data.items()} for k, data in t.scan()}))
connection.close()
`;

async function happybase(op: 'put' | 'dump', table: string, input = ''): Promise<string> {
	const child = run(python, ['-c', script, op, table, thriftHost, String(thriftPort)], {timeout: 60_000});
	child.child.stdin?.end(input);
	return (await child).stdout;
}

/** Puts rows through happybase, byte for byte. */
export async function foreignPut(table: string, rows: readonly ForeignRow[]): Promise<void> {
	const hex = rows.map(row => ({
		key: row.key.toString('hex'),
		cells: Object.fromEntries(Object.entries(row.cells).map(([column, value]) => [Buffer.from(column).toString('hex'), value.toString('hex')])),
	}));
	await happybase('put', table, JSON.stringify(hex));
}

/** Every row as happybase reads it (newest cells): key hex → column → value hex. */
export async function foreignDump(table: string): Promise<Record<string, Record<string, string>>> {
	const raw = JSON.parse(await happybase('dump', table)) as Record<string, Record<string, string>>;
	return Object.fromEntries(
		Object.entries(raw).map(([key, cells]) => [
			key,
			Object.fromEntries(Object.entries(cells).map(([column, value]) => [Buffer.from(column, 'hex').toString('utf8'), value])),
		]),
	);
}
