import {wantedFamilies} from '../../source/domain/table-schema.js';
import {HbaseClient, type RowWrite} from '../../source/services/hbase/hbase-client.js';
import {encodeMutateRowsCall, type MutateRowsCall} from '../../source/services/hbase/mutate-rows-call.js';
import {ThriftConnection} from '../../source/services/hbase/thrift-connection.js';
import {uniqueTable} from '../../test/helpers/ids.js';
import {generatedArgs, runtimeEncodeMutateRows} from '../../test/helpers/runtime-mutate-rows.js';
import {figure, type Figure} from '../lib/stats.js';
import {loadUserPool, rowWrites, userKeys} from '../lib/users.js';

/**
 * The mutateRows encoder, old against new, in one run:
 *
 * 1. CPU µs per call of 1,000 user rows, and of 25 (the sink's calls): the old path (Mutation/BatchMutation objects of UTF-8
 *    Buffers, written by the generated client through the runtime's TBinaryProtocol and
 *    TBufferedTransport into a transport that only captures the flushed bytes) against
 *    encodeMutateRowsCall. The median of several runs, each run alternating old and new.
 * 2. Unless --no-gateway: 20,000 user rows written to the running HBase Thrift gateway in calls of
 *    25 rows over 3 connections (the sink's shape), through the generic call path with the old
 *    encoding, then through HbaseClient.mutateRows, into a scratch table that is dropped after.
 *
 *   npx tsx bench/micro/thrift-encode.ts [--runs 7] [--no-gateway]
 *
 * It shares the machine with whatever else runs: read the figures as a ratio taken in one run.
 */
const argv = process.argv.slice(2);
const runs = Number(argv[argv.indexOf('--runs') + 1]) || 7;
const withGateway = !argv.includes('--no-gateway');
const host = process.env.USERDATA_THRIFT_HOST ?? '127.0.0.1';
const port = Number(process.env.USERDATA_THRIFT_PORT ?? 9090);

const CALL_ROWS = 1000;
const GATEWAY_ROWS = 20_000;
const GATEWAY_CALL_ROWS = 25;
const GATEWAY_CONNECTIONS = 3;
const TIMESTAMP = 1_764_237_600_000;
const table = uniqueTable('bench_encode');

function cpuMicros(): number {
	const {user, system} = process.cpuUsage();
	return user + system;
}

/** CPU µs per call of `encode`, averaged over `calls` calls. */
function perCall(encode: () => Buffer, calls: number): number {
	let bytes = 0;
	const start = cpuMicros();
	for (let i = 0; i < calls; i++) bytes += encode().length;
	const micros = (cpuMicros() - start) / calls;
	if (bytes === 0) throw new Error('nothing encoded');
	return micros;
}

/** `oldCalls` calls of the old path per run (the new one gets ten times as many): ~1 s of CPU. */
function encodeFigures(call: MutateRowsCall, oldCalls: number): {old: Figure; current: Figure; ratio: Figure} {
	const old = (): Buffer => runtimeEncodeMutateRows(call, 1);
	const current = (): Buffer => encodeMutateRowsCall(call, 1);
	if (!old().equals(current())) throw new Error('the encoders disagree: fix that before timing them');
	// Warm both up so the JIT has compiled them before the first measured run.
	perCall(old, oldCalls);
	perCall(current, oldCalls * 10);
	const samples = {old: [] as number[], current: [] as number[], ratio: [] as number[]};
	for (let run = 0; run < runs; run++) {
		const o = perCall(old, oldCalls);
		const c = perCall(current, oldCalls * 10);
		samples.old.push(o);
		samples.current.push(c);
		samples.ratio.push(o / c);
	}
	return {old: figure(samples.old), current: figure(samples.current), ratio: figure(samples.ratio)};
}

type Write = (connection: ThriftConnection, rows: readonly RowWrite[]) => Promise<void>;

const oldWrite: Write = async (connection, rows) => {
	await connection.call('mutateRowsTs', ...generatedArgs({table, rows, timestamp: TIMESTAMP}));
};
const newWrite: Write = (connection, rows) => new HbaseClient(connection).mutateRows(table, rows, TIMESTAMP);

/** Rows/s and CPU ms per 1,000 rows of this process, for `rows` written in the sink's shape. */
async function gatewayFigure(rows: readonly RowWrite[], write: Write): Promise<{rowsPerSecond: number; cpuMsPer1000: number}> {
	const connections = Array.from({length: GATEWAY_CONNECTIONS}, () => new ThriftConnection({host, port, callTimeoutMs: 120_000}));
	try {
		await Promise.all(connections.map(connection => connection.connect()));
		let next = 0;
		const cpuStart = cpuMicros();
		const started = performance.now();
		await Promise.all(
			connections.map(async connection => {
				for (let start = next; start < rows.length; start = next) {
					next += GATEWAY_CALL_ROWS;
					await write(connection, rows.slice(start, start + GATEWAY_CALL_ROWS));
				}
			}),
		);
		const seconds = (performance.now() - started) / 1000;
		return {rowsPerSecond: rows.length / seconds, cpuMsPer1000: (cpuMicros() - cpuStart) / 1000 / (rows.length / 1000)};
	} finally {
		await Promise.all(connections.map(connection => connection.close()));
	}
}

function show(f: Figure, digits = 0): string {
	return `${f.median.toFixed(digits)} (${f.min.toFixed(digits)}–${f.max.toFixed(digits)})`;
}

const users = await loadUserPool();
for (const [rowsPerCall, oldCalls] of [
	[CALL_ROWS, 5],
	[GATEWAY_CALL_ROWS, 200],
] as const) {
	const call = {table: 'userdata', rows: rowWrites(users, userKeys('encode', rowsPerCall)), timestamp: TIMESTAMP};
	const bytes = encodeMutateRowsCall(call, 1).length;
	const figures = encodeFigures(call, oldCalls);
	const per1000 = (f: Figure): string => `${show(f)} µs per call, ${(f.median / rowsPerCall).toFixed(1)} ms per 1,000 rows`;
	console.log(`mutateRowsTs of ${rowsPerCall} user rows (${(bytes / 1024).toFixed(0)} KiB), CPU, median (min–max) of ${runs} runs:`);
	console.log(`  old (generated client + runtime): ${per1000(figures.old)}`);
	console.log(`  new (encodeMutateRowsCall):       ${per1000(figures.current)}`);
	console.log(`  old / new:                        ${show(figures.ratio, 1)}`);
}
if (withGateway) {
	const setup = new ThriftConnection({host, port});
	const admin = new HbaseClient(setup);
	await admin.createTable(table, wantedFamilies());
	try {
		const warm = rowWrites(users, userKeys('encode-warm', 1000));
		await gatewayFigure(warm, oldWrite);
		await gatewayFigure(warm, newWrite);
		const old = await gatewayFigure(rowWrites(users, userKeys('encode-old', GATEWAY_ROWS)), oldWrite);
		const current = await gatewayFigure(rowWrites(users, userKeys('encode-new', GATEWAY_ROWS)), newWrite);
		console.log(`\n${GATEWAY_ROWS} user rows to ${host}:${port}, calls of ${GATEWAY_CALL_ROWS} rows over ${GATEWAY_CONNECTIONS} connections (one run each):`);
		console.log(`  old: ${old.rowsPerSecond.toFixed(0)} rows/s, ${old.cpuMsPer1000.toFixed(1)} ms of this process's CPU per 1,000 rows`);
		console.log(`  new: ${current.rowsPerSecond.toFixed(0)} rows/s, ${current.cpuMsPer1000.toFixed(1)} ms of this process's CPU per 1,000 rows`);
		console.log(`  new / old rows/s: ${(current.rowsPerSecond / old.rowsPerSecond).toFixed(2)}; old / new CPU: ${(old.cpuMsPer1000 / current.cpuMsPer1000).toFixed(1)}`);
	} finally {
		await admin.disableTable(table).catch(() => {});
		await admin.deleteTable(table).catch(() => {});
		await setup.close();
	}
}
