import {type Command} from 'commander';
import {count, duration, inert} from '../domain/display.js';
import {UsageError} from '../domain/errors.js';
import {type VerifyReport, verifyLines} from '../domain/verify-report.js';
import {ConnectionPool} from '../services/hbase/connection-pool.js';
import {HbaseRowWriter} from '../services/pipeline/hbase-writer.js';
import {UserProducer} from '../services/pipeline/user-producer.js';
import {exportTable, parseFormat, type ExportSummary, type TextSink} from '../services/transfer/export-service.js';
import {existingRows, hbaseTarget, importFile, type ImportReport, type ImportTarget, kafkaTarget} from '../services/transfer/import-service.js';
import {streamSink, writeFileAtomically} from '../services/transfer/text-output.js';
import {verifyTopic} from '../services/verify/verify-service.js';
import {type Context, plural, type Run, usageAwareAction, wholeNumber} from './crud.js';
import {exitCodes, printJson} from './io.js';
import {everySecond} from './pipeline.js';
import {writes} from './read-only.js';
import type {CommandContext} from './program.js';

/**
 * export, import and verify: moving rows in and out of the table as files, and proving the table
 * holds what the topic says. Flags and printing only; the work is in services/transfer and
 * services/verify.
 */

/** Progress on stderr: rewritten in place on a terminal, else one line a second at most. */
function progress(c: CommandContext): {update(line: string): void; end(): void} {
	let latest = '';
	const print = everySecond(() => {
		if (c.io.status) c.io.status.write(latest);
		else c.io.err(latest);
	});
	let shown = false;
	return {
		update(line) {
			latest = line;
			shown = true;
			print();
		},
		end() {
			if (shown) c.io.status?.end();
		},
	};
}

/** `--out -`: data to stdout, through the stream when there is one (back-pressure), else line by line. */
function stdoutSink(c: CommandContext): TextSink {
	if (c.io.dataStream) return streamSink(c.io.dataStream);
	return {
		async write(text) {
			for (const line of (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n')) c.io.out(line);
		},
	};
}

export function registerTransferCommands(program: Command, run: Run, context: Context): void {
	const action = usageAwareAction(run, context);

	program
		.command('export')
		.description('write rows to a file: ndjson (every kept version, with timestamps) or csv (newest values)')
		.requiredOption('--out <file>', 'the file to write, or - for stdout (a file appears only when the export is complete)')
		.option('--format <format>', 'ndjson or csv', 'ndjson')
		.option('--prefix <p>', 'only row keys starting with p')
		.option('--where <filter>', 'family:qualifier~text (contains, any case) or family:qualifier=text (equals), run in HBase')
		.option('--columns <list>', 'families and/or family:qualifier, comma-separated (default: all)')
		.option('--versions <n>', 'ndjson: versions per cell, 1-3 (default 3: every kept version)')
		.addHelpText(
			'after',
			[
				'',
				'ndjson, one row per line, versions newest first:',
				'  {"row":"<key>","cells":{"info:first_name":[{"value":"Ava","timestamp":1767225600000}, ...], ...}}',
				'Bytes that are not UTF-8 are written as base64: "row_base64", "value_base64", and a column key "base64:<...>".',
				'csv (RFC 4180, CRLF): a header "row,<family:qualifier>,..." (the contract columns, or those of --columns),',
				'then one line per row with the newest values; a cell the row lacks is empty; non-UTF-8 bytes as "base64:<...>".',
				'',
				'Examples:\n  userdata-tui export --out users.ndjson\n  userdata-tui export --format csv --columns info,contact:email --where address:country~norway --out - | head',
				'',
				'Exit codes: 0 done, 1 HBase unreachable / table not found / cannot write the file, 2 bad flags.',
			].join('\n'),
		)
		.action(
			action(async (c, command) => {
				const options = command.opts<{out: string; format: string; prefix?: string; where?: string; columns?: string; versions?: string}>();
				const format = parseFormat(options.format);
				if (format === 'csv' && options.versions !== undefined) throw new UsageError('--versions: csv holds the newest value of each cell only; use --format ndjson');
				const versions = options.versions === undefined ? undefined : wholeNumber(options.versions, '--versions');
				const toStdout = options.out === '-';
				const shown = progress(c);
				const started = performance.now();
				const connection = c.services.thriftConnection();
				let summary: ExportSummary;
				try {
					const hbase = c.services.hbase(connection);
					const task = (sink: TextSink) =>
						exportTable(
							hbase,
							c.settings.table,
							{
								format,
								prefix: options.prefix,
								where: options.where,
								columns: options.columns,
								versions,
								signal: c.signal,
								onProgress: p => shown.update(`export: ${plural(p.rows, 'row')}, ${plural(p.cells, 'cell')}`),
							},
							sink,
						);
					summary = toStdout ? await task(stdoutSink(c)) : await writeFileAtomically(options.out, task);
				} finally {
					shown.end();
					await connection.close();
				}
				const elapsedMs = Math.round(performance.now() - started);
				const result = {table: c.settings.table, out: options.out, ...summary, elapsedMs};
				// With --out -, stdout is the data: the summary goes to stderr.
				const say = toStdout ? (line: string) => c.io.err(line) : (line: string) => c.io.out(line);
				if (c.json) say(JSON.stringify(result, null, 2));
				else
					say(
						`exported ${plural(summary.rows, 'row')} (${plural(summary.versions, 'cell version')}) from ${c.settings.table} to ${toStdout ? 'stdout' : options.out} as ${format} in ${duration(elapsedMs)}`,
					);
				return exitCodes.ok;
			}),
		);

	// A write: refused in read-only mode before anything connects (read-only.ts).
	writes(program.command('import'))
		.description('load rows from an ndjson or csv file, checked as `create` checks a new row')
		.requiredOption('--file <file>', 'an `export` file (ndjson) or a csv with a "row,family:qualifier,..." header')
		.option('--format <format>', 'ndjson or csv (default: from the extension, .csv is csv)')
		.option('--via <path>', 'hbase (write straight to the table, in batches) or kafka (publish to the topic; the sink writes it)', 'hbase')
		.option('--strict', 'check the whole file first and write nothing if any line is bad')
		.addHelpText(
			'after',
			[
				'',
				'Each row is checked as `create` checks one: a valid row key, known columns, valid values, first name, last name',
				'and email present; a row that already exists in the table, or a key given twice, is refused. (An empty value is',
				'accepted: the pipeline writes one where the API sent "".) Bad lines are reported by line number and skipped;',
				'with --strict, any bad line refuses the whole file before anything is written.',
				'ndjson keeps every version and timestamp: importing an export into an empty table reproduces it cell for cell.',
				'csv has no timestamps: its cells get the time of the import.',
				'',
				'Examples:\n  userdata-tui import --file users.ndjson --table userdata_copy\n  userdata-tui import --file people.csv --via kafka --strict',
				'',
				'Exit codes: 0 every line imported, 1 some lines skipped (or HBase/Kafka unreachable), 2 bad flags, or --strict',
				'found bad lines (nothing written).',
			].join('\n'),
		)
		.action(
			action(async (c, command) => {
				const options = command.opts<{file: string; format?: string; via: string; strict?: boolean}>();
				const format = options.format === undefined ? undefined : parseFormat(options.format);
				if (options.via !== 'hbase' && options.via !== 'kafka') throw new UsageError(`--via: expected hbase or kafka (got ${JSON.stringify(options.via)})`);
				const shown = progress(c);
				const badShown = {count: 0};
				const started = performance.now();
				const pool = new ConnectionPool(() => c.services.thriftConnection(), 1);
				const reader = c.services.thriftConnection();
				const producer =
					options.via === 'kafka' ? new UserProducer({kafka: c.services.kafka(), topic: c.settings.topic, logger: c.services.logger.child('import')}) : undefined;
				let report: ImportReport;
				try {
					const existing = existingRows(c.services.hbase(reader), c.settings.table);
					let target: ImportTarget;
					if (producer) {
						await producer.connect();
						target = kafkaTarget(producer, existing);
					} else {
						target = hbaseTarget(new HbaseRowWriter(pool, c.settings.table), existing);
					}
					report = await importFile(target, {
						file: options.file,
						format,
						strict: options.strict,
						signal: c.signal,
						onProgress: p =>
							shown.update(`import${p.checking ? ' (checking)' : ''}: ${count(p.lines)} lines, ${count(p.rows)} rows, ${count(p.cells)} cells, ${count(p.bad)} bad`),
						onBadLine: bad => {
							if (c.json) return;
							if (badShown.count++ < MAX_BAD_PRINTED) c.io.err(`line ${bad.line}: ${inert(bad.reason)}`);
						},
					});
				} finally {
					shown.end();
					await producer?.disconnect().catch(() => {});
					await pool.close();
					await reader.close();
				}
				const elapsedMs = Math.round(performance.now() - started);
				const where = options.via === 'kafka' ? `topic ${c.settings.topic} (for the sink to write to ${c.settings.table})` : `table ${c.settings.table}`;
				if (c.json) {
					printJson(c.io, {...report, via: options.via, table: c.settings.table, topic: options.via === 'kafka' ? c.settings.topic : undefined, elapsedMs});
				} else if (report.refused) {
					c.io.err(`import refused (--strict): ${plural(report.bad.count, 'bad line')}; nothing written`);
				} else {
					if (badShown.count > MAX_BAD_PRINTED) c.io.err(`... and ${count(badShown.count - MAX_BAD_PRINTED)} more bad lines`);
					c.io.out(
						`imported ${plural(report.rows, 'row')} (${plural(report.cells, 'cell version')}) from ${options.file} into ${where} in ${duration(elapsedMs)}` +
							(report.bad.count > 0 ? `; skipped ${plural(report.bad.count, 'bad line')}` : ''),
					);
				}
				if (report.refused) return exitCodes.usage;
				return report.bad.count > 0 ? exitCodes.failure : exitCodes.ok;
			}),
		);

	program
		.command('verify')
		.description("prove the table holds what the topic says: each row key's newest record against HBase's newest cells")
		.option('--sample <n>', 'sample rows listed per kind (missing, different), 0-1000', '20')
		.addHelpText(
			'after',
			[
				'',
				"For each row key, the cells of its newest record (greatest Kafka timestamp, then offset) are compared with HBase's",
				'newest versions, value and timestamp (the sink writes the Kafka timestamp as the version). Cells HBase has that the',
				'record lacks are not compared. The topic is read from its first kept offset to its end when verify starts, twice',
				"(to find each key's newest record in bounded memory, then to compare), by a consumer group that commits nothing.",
				'',
				'--json fields: agree; missing {count, samples [{row, partition, offset, timestamp}]}; different {count, samples',
				'[{row, partition, offset, timestamp, cells [{column, expected {value, timestamp}, actual {value, timestamp} | null}]}]};',
				'records, rows, checked, invalid (newest record not decodable: in the DLQ, not compared);',
				'offsets [{partition, from, to, records}] (from and to inclusive; null when the partition is empty); elapsedMs.',
				'',
				'Exit codes: 0 the table agrees with the topic, 1 rows missing or different (or Kafka/HBase unreachable), 2 bad flags.',
			].join('\n'),
		)
		.action(
			action(async (c, command) => {
				const samples = wholeNumber(command.opts<{sample: string}>().sample, '--sample');
				if (samples > 1000) throw new UsageError(`--sample: at most 1000 (got ${samples})`);
				const shown = progress(c);
				const connection = c.services.thriftConnection();
				let report: VerifyReport;
				try {
					report = await verifyTopic(
						{kafka: c.services.kafka(), hbase: c.services.hbase(connection), topic: c.settings.topic, table: c.settings.table},
						{
							samples,
							signal: c.signal,
							onProgress: p => shown.update(`verify: ${p.phase === 'index' ? 'indexing' : 'comparing'} ${count(p.records)} of ${count(p.total)} records`),
						},
					);
				} finally {
					shown.end();
					await connection.close();
				}
				if (c.json) printJson(c.io, report);
				else printVerify(c, report);
				return report.agree ? exitCodes.ok : exitCodes.failure;
			}),
		);
}

const MAX_BAD_PRINTED = 100;

function printVerify(c: CommandContext, report: VerifyReport): void {
	for (const line of verifyLines(report)) c.io.out(line);
}
