/**
 * `verify` memory over a large topic: peak RSS (VmHWM) of the real CLI reconciling N records
 * (default 1,000,000) with the table the sink wrote from them. The issue asks for under 500 MB.
 *
 *   npx tsx bench/verify-memory.ts [--records 1000000] [--no-sink]
 *   npx tsx bench/verify-memory.ts --topic T --table U [--drop]   # verify a topic and table filled before
 *
 * Steps: fill a fresh topic with N users (the producer's own UserProducer, pages of 1,000),
 * `consume` them into a fresh table, then run `verify --json` and read its peak RSS. With
 * --no-sink the table stays empty: every row is "missing", which measures the two topic passes
 * and the key index without the HBase reads (faster, for a quick look).
 * Topics, tables and groups it made are removed afterwards; a --topic and --table given are kept
 * (for another run of verify) unless --drop. Not part of the tests: it takes minutes.
 */
import {parseArgs} from 'node:util';
import {buildCli, runCli} from './lib/cli.js';
import {BenchResources, benchLogFile, uniqueName} from './lib/stack.js';
import {loadUserPool} from './lib/users.js';
import {fillTopic} from './steps/fill.js';

const {values} = parseArgs({
	options: {
		records: {type: 'string', default: '1000000'},
		'no-sink': {type: 'boolean', default: false},
		topic: {type: 'string'},
		table: {type: 'string'},
		drop: {type: 'boolean', default: false},
	},
});
const reuse = values.topic !== undefined && values.table !== undefined;
const records = Number(values.records);
if (!Number.isSafeInteger(records) || records < 1) throw new Error(`--records: expected a whole number (got ${values.records})`);

const log = (line: string) => process.stderr.write(`[verify-memory] ${new Date().toISOString()} ${line}\n`);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

const resources = new BenchResources();
const cli = await buildCli();
try {
	const topic = reuse ? values.topic! : await resources.topic('verify');
	const table = reuse ? values.table! : await resources.table('verify');
	let started = Date.now();
	if (!reuse) {
		await fillTopic(resources.services, topic, await loadUserPool(), uniqueName('users'), records);
		log(`filled ${topic} with ${records} records in ${Date.now() - started} ms`);
	}
	const base = ['--topic', topic, '--table', table, '--log-file', benchLogFile];
	if (!reuse && !values['no-sink']) {
		started = Date.now();
		const group = uniqueName('verify-sink');
		const consumed = await runCli(cli, [...base, '--json', 'consume', '--group', group, '--max', String(records)], {timeoutMs: 60 * 60_000});
		await resources.deleteGroups([group]).catch(() => {});
		if (consumed.code !== 0) throw new Error(`consume exited with ${consumed.code}: ${consumed.stderr.slice(-800)}`);
		log(`consumed into ${table} in ${Date.now() - started} ms (consume peak RSS ${mb(consumed.memory.peakRss)} MB)`);
	}
	started = Date.now();
	const verified = await runCli(cli, [...base, '--json', 'verify'], {timeoutMs: 2 * 60 * 60_000});
	log(`verify exited with ${verified.code} after ${Date.now() - started} ms`);
	const report = JSON.parse(verified.stdout) as {
		agree: boolean;
		records: number;
		rows: number;
		checked: number;
		missing: {count: number};
		different: {count: number};
		elapsedMs: number;
	};
	const result = {
		records: report.records,
		sink: reuse || !values['no-sink'],
		exitCode: verified.code,
		agree: report.agree,
		rows: report.rows,
		checked: report.checked,
		missing: report.missing.count,
		different: report.different.count,
		elapsedMs: report.elapsedMs,
		peakRssMb: mb(verified.memory.peakRss),
		rssAtQuarterHalfEndMb: [0.25, 0.5, 0.98].map(share => mb(verified.memory.samples[Math.floor(verified.memory.samples.length * share)]?.[1] ?? 0)),
	};
	process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
	if (reuse && values.drop) {
		await resources.dropTable(values.table!).catch(() => {});
		await resources.deleteTopic(values.topic!).catch(() => {});
	}
	await resources.cleanup(log);
	await cli.dispose();
}
