import {relative} from 'node:path';
import {type BenchReport, type Outcome} from './bench.js';
import {type ProfileSummary} from './lib/cpu-profile.js';
import {repoRoot} from './lib/cli.js';
import {tableSettingsSection} from './report-table-settings.js';
import {type CpuOwner, type CpuUse} from './lib/cpu.js';
import {type Figure, figure, ratio, type Ratio, spreadPercent} from './lib/stats.js';
import {consoleVerdict, cpuCosts} from './steps/console.js';

/**
 * bench/RESULTS.md from a report: the machine, a table of figures (median and min–max), the
 * ratios to their baselines, the issue's targets with met / not met, where the CPU went, what
 * each change bought, and the profile. Every row is always there; a figure that could not be
 * taken says why instead of a number.
 */
const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en') : '–');
const dec = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const mb = (bytes: number) => (Number.isFinite(bytes) && bytes > 0 ? `${Math.round(bytes / 1e6)} MB` : '–');
const pct = (share: number) => (Number.isFinite(share) ? `${Math.round(share * 100)}%` : '–');

/** Text safe inside a table cell: one line, no pipes. */
function cell(text: string): string {
	return (text.split('\n')[0] ?? '').replaceAll('|', '\\|').slice(0, 300);
}

function reasonOf(outcome: Outcome<unknown>): string {
	return outcome.ok ? '' : cell(outcome.failed ? `FAILED: ${outcome.reason}` : outcome.reason);
}

function spread(f: Figure, format: (n: number) => string = int): string {
	return f.samples.length > 1 ? `${format(f.min)}–${format(f.max)}` : '1 run';
}

function figureRow(label: string, outcome: Outcome<Figure>, unit: string, note = ''): string {
	if (!outcome.ok) return `| ${label} | ${reasonOf(outcome)} | | | ${note} |`;
	const f = outcome.value;
	return `| ${label} | **${int(f.median)}** ${unit} | ${spread(f)} | ${f.samples.length} | ${note} |`;
}

function ratioText(r: Ratio, digits = 2): string {
	const range = Number.isFinite(r.min) && r.min !== r.max ? ` (runs ${dec(r.min, digits)}–${dec(r.max, digits)})` : '';
	return `**${dec(r.value, digits)}**${range}`;
}

function both<T, U>(a: Outcome<T>, b: Outcome<U>): {ok: true; a: T; b: U} | {ok: false; reason: string} {
	if (!a.ok) return {ok: false, reason: reasonOf(a)};
	if (!b.ok) return {ok: false, reason: reasonOf(b)};
	return {ok: true, a: a.value, b: b.value};
}

type Verdict = 'met' | 'NOT met' | '–';

/**
 * Issue 16's target for sink ÷ gateway ceiling: 0.85 over 200,000 users (the full mode), 0.75 over
 * 20,000 (the quick mode), where the sink's fixed costs (group join, the last fetch) weigh ten
 * times more. A count between takes the nearer of the two.
 */
export function sinkCeilingGoal(users: number): number {
	return users >= 110_000 ? 0.85 : 0.75;
}

function targetRow(target: string, measured: string, goal: string, verdict: Verdict, note = ''): string {
	return `| ${target} | ${measured} | ${goal} | ${verdict === 'met' ? '✅ met' : verdict === 'NOT met' ? '❌ not met' : '– not measured'} | ${note} |`;
}

const owners: readonly CpuOwner[] = ['bench (node)', 'api stub', 'kafka', 'hbase', 'thrift', 'other processes'];

function cpuRow(label: string, uses: readonly CpuUse[], usersPerRun: number): string {
	if (uses.length === 0) return `| ${label} | ${owners.map(() => '–').join(' | ')} | – |`;
	const perThousand = (owner: CpuOwner) => figure(uses.map(use => (use.ms[owner] * 1000) / usersPerRun)).median;
	const busy = figure(uses.map(use => use.machineBusy)).median;
	return `| ${label} | ${owners.map(owner => int(perThousand(owner))).join(' | ')} | ${pct(busy)} |`;
}

function otherShare(uses: readonly CpuUse[]): Figure {
	return figure(uses.map(use => use.ms['other processes'] / Math.max(1, use.wallMs * use.cores)));
}

/** `findings`: hand-written notes (bench/FINDINGS.md) placed after the tables. */
export function renderResults(report: BenchReport, findings = ''): string {
	const {machine, settings, throughput: t} = report;
	const lines: string[] = [];
	const push = (...more: string[]) => lines.push(...more);
	const full = report.mode === 'full';
	const modeNote = full ? '' : ` — **${report.mode} mode**: smaller counts than the issue asks for; run \`npm run bench\` for the real figures`;

	push(
		'# Benchmark results',
		'',
		`Written by \`npm run bench${report.mode === 'full' ? '' : ` -- --${report.mode}`}\` on ${report.startedAt.replace('T', ' ').slice(0, 16)} UTC in ${int(report.elapsedMs / 60_000)} min${modeNote}.`,
		'Every figure is the median of several runs with its spread (min–max); every ratio is between figures of this same run, taken',
		'back to back (baseline, figure, baseline, figure…), because the machine is shared and absolute figures drift from hour to hour.',
		'',
		'## Machine',
		'',
		'| | |',
		'|---|---|',
		`| CPU | ${machine.cores} cores (${machine.cpuModel}) |`,
		`| Memory | ${machine.memoryGb} GB |`,
		`| OS | ${machine.kernel} |`,
		`| Node | ${machine.node} |`,
		`| Java | ${machine.java} |`,
		`| Kafka | ${machine.kafka} (local stack, one broker, KRaft) |`,
		`| HBase | ${machine.hbase} (standalone, Thrift1 gateway, threadpool server) |`,
		`| Sources | ${machine.commit} |`,
		`| Load average (1, 5, 15 min) | at start ${machine.loadAtStart.join(', ')}; at end ${report.loadAtEnd.join(', ')} |`,
		'',
		`Users: the recorded API responses in test/fixtures/randomuser (the 5,000-user page and 20 users of each of 22 nationalities, cycled), each copy with its own uuid; a message value is ${int(report.recordBytes)} bytes of JSON on average.`,
		'',
	);

	// Figures.
	const best = report.best;
	push(
		'## Figures',
		'',
		'| Figure | Median | Spread (min–max) | Runs | How |',
		'|---|---|---|---|---|',
		figureRow(
			'Sink: users/s from a pre-filled topic into HBase',
			t.sink,
			'users/s',
			`${int(settings.users)} users per run; HbaseSink as \`consume\` builds it; from the group join to the last row acknowledged`,
		),
		figureRow(
			'(a) Gateway ceiling: bare Thrift mutateRows loop',
			t.gateway,
			'users/s',
			best
				? `the same ${int(settings.users)} rows, best shape of the sweep: ${best.batchRows} rows per call × ${best.connections} connection(s); no Kafka, no JSON`
				: 'no shape',
		),
		...(t.native
			? [
					figureRow(
						'(c) Native ceiling: HBase Java client, no Thrift',
						t.native,
						'users/s',
						`the same ${int(settings.users)} rows; BufferedMutator, 4 threads on one Connection, warmed on the first tenth (stack/tools/NativeWrite.java)`,
					),
				]
			: []),
		figureRow(
			'(b) Naive path: one message, one put, one commit',
			t.naive,
			'users/s',
			`${int(settings.naiveUsers)} messages per run (its rate is steady); eachMessage → decode → mutateRows of 1 row → commitOffsets`,
		),
		figureRow(
			'Producer: users/s from the API stub into Kafka',
			t.producer,
			'users/s',
			`${int(settings.producerUsers)} users per run, pages of 1,000; ProduceRun as \`produce\` runs it (idempotent, acks=all, GZIP, the default)`,
		),
		figureRow('… the same with `--compression none`', t.producerNone, 'users/s', 'as above, uncompressed (as ProducerPerformance runs by default)'),
		figureRow(
			"Kafka's own producer benchmark (ProducerPerformance)",
			t.kafkaPerf,
			'records/s',
			`kafka-tools ${machine.kafka}, same count, random ${int(report.recordBytes)}-byte records, acks=all, unthrottled`,
		),
		figureRow('… the same with our JSON values and gzip', t.kafkaPerfJson, 'records/s', 'payload-file of real message values, compression.type=gzip (for reference)'),
		figureRow("The stub's own serving rate", t.stub, 'users/s', 'pages of 1,000 fetched back to back and read whole, not parsed'),
	);
	for (const {label, result} of report.latency) {
		if (!result.ok) push(`| Latency API response → row readable, ${label} | ${reasonOf(result)} | | | |`);
		else {
			const r = result.value;
			push(
				`| Latency API response → row readable, ${label} | p50 **${int(r.p50)}** ms, p95 **${int(r.p95)}** ms, p99 **${int(r.p99)}** ms | max ${int(r.max)} ms | 1 | ${int(r.samples)} users sampled (1 in 10) over ${settings.latencySeconds} s at ${int(r.achievedRate)} users/s achieved; HBase polled every ${r.pollMs} ms; ${r.missing} not seen |`,
			);
		}
	}
	const rss = (label: string, outcome: Outcome<{peakRss: number; rssAt: readonly number[]; users: number; elapsedMs: number}>, how: string) => {
		if (!outcome.ok) return `| ${label} | ${reasonOf(outcome)} | | | ${how} |`;
		const r = outcome.value;
		return `| ${label} | **${mb(r.peakRss)}** | RSS at ¼, ½, end: ${r.rssAt.map(mb).join(', ')} | 1 | ${how}; ${int(r.users)} users in ${int(r.elapsedMs / 1000)} s |`;
	};
	push(
		rss('Peak RSS of `consume`', report.memory.consume, `the CLI over the ${int(settings.users)}-user topic, VmHWM from /proc`),
		rss('Peak RSS of `run` over a long stream', report.memory.run, `the CLI for ${settings.runSeconds} s at --rate ${settings.runRate}, VmHWM from /proc`),
	);
	if (report.console.ok) {
		const c = report.console.value;
		push(
			`| Console: rows/s committed with the TUI open | **${int(c.console.median)}** rows/s | ${spread(c.console)} | ${c.console.samples.length} | the console in tmux, keys 2 s 1 s; committed offsets over ${settings.consoleWindowMs / 1000} s after 5 s |`,
			`| … the same pipeline headless (\`run\`) | **${int(c.headless.median)}** rows/s | ${spread(c.headless)} | ${c.headless.samples.length} | same settings (no rate limit, pages of 1,000, 3 connections) |`,
		);
		if (c.consoleCpu && c.headlessCpu) {
			push(
				`| … CPU of the console's process per 1,000 rows | **${int(c.consoleCpu.median)}** ms | ${spread(c.consoleCpu)} | ${c.consoleCpu.samples.length} | all its threads, from /proc, over the same window |`,
				`| … CPU of \`run\` headless per 1,000 rows | **${int(c.headlessCpu.median)}** ms | ${spread(c.headlessCpu)} | ${c.headlessCpu.samples.length} | the same pipeline work per row: the difference is the console |`,
			);
		}
	} else push(`| Console overhead | ${reasonOf(report.console)} | | | |`);
	push('');

	// Targets.
	push('## Ratios and targets', '', '| Ratio | Measured | Target | | Note |', '|---|---|---|---|---|');
	const sinkCeiling = both(t.sink, t.gateway);
	const ceilingGoal = sinkCeilingGoal(report.settings.users);
	const ceilingLabel = `sink ÷ gateway ceiling, ${int(report.settings.users)} users`;
	if (sinkCeiling.ok) {
		const r = ratio(sinkCeiling.a, sinkCeiling.b);
		push(targetRow(ceilingLabel, ratioText(r), `≥ ${ceilingGoal}`, r.value >= ceilingGoal ? 'met' : 'NOT met'));
	} else push(targetRow(ceilingLabel, sinkCeiling.reason, `≥ ${ceilingGoal}`, '–'));
	if (t.native) {
		// No target: these say what the Thrift hop costs and how much headroom HBase itself leaves.
		const note = 'HBase Java client, BufferedMutator, 4 threads, same rows and table settings (stack/tools/NativeWrite.java)';
		for (const [label, numerator] of [
			['sink ÷ native HBase client', t.sink],
			['gateway ceiling ÷ native HBase client', t.gateway],
		] as const) {
			const pair = both(numerator, t.native);
			push(targetRow(label, pair.ok ? ratioText(ratio(pair.a, pair.b)) : pair.reason, '(the physical limit)', '–', note).replace('– not measured', ''));
		}
	}
	const sinkNaive = both(t.sink, t.naive);
	if (sinkNaive.ok) {
		const r = ratio(sinkNaive.a, sinkNaive.b);
		push(targetRow('sink ÷ naive path', ratioText(r, 1), '≥ 20', r.value >= 20 ? 'met' : 'NOT met'));
	} else push(targetRow('sink ÷ naive path', sinkNaive.reason, '≥ 20', '–'));
	// Like for like: the same record count and size, acks=all, and the same compression on both sides.
	const producerKafka = both(t.producerNone, t.kafkaPerf);
	if (producerKafka.ok) {
		const r = ratio(producerKafka.a, producerKafka.b);
		push(
			targetRow(
				"producer ÷ Kafka's ProducerPerformance, both uncompressed",
				ratioText(r),
				'≥ 0.5',
				r.value >= 0.5 ? 'met' : 'NOT met',
				'same record count and size, acks=all, compression none on both sides',
			),
		);
	} else push(targetRow("producer ÷ Kafka's ProducerPerformance, both uncompressed", producerKafka.reason, '≥ 0.5', '–'));
	// Ratios without a target, shown for reference when both figures were measured.
	const referenceRow = (label: string, a: Outcome<Figure>, b: Outcome<Figure>, goal: string, note: string) => {
		const pair = both(a, b);
		if (pair.ok) push(targetRow(label, ratioText(ratio(pair.a, pair.b)), goal, '–', note).replace('– not measured', ''));
	};
	referenceRow('producer (GZIP) ÷ ProducerPerformance (our JSON, gzip)', t.producer, t.kafkaPerfJson, '(for reference)', 'both compress the same JSON values');
	referenceRow(
		'producer (GZIP) ÷ ProducerPerformance (uncompressed)',
		t.producer,
		t.kafkaPerf,
		'(for reference)',
		"the pairing of the first runs: our default against the tool's default",
	);
	referenceRow("producer ÷ the stub's serving rate", t.producer, t.stub, "(the source's ceiling)", 'for reference, no target');
	for (const {label, result} of report.latency) {
		const goal = '< 500 ms';
		if (!result.ok) push(targetRow(`latency p99, ${label}`, reasonOf(result), goal, '–'));
		else {
			const rateNote = report.settings.latencyRate === 1000 ? '' : `measured at ${report.settings.latencyRate} users/s, not the target's 1,000`;
			push(targetRow(`latency p99, ${label}`, `**${int(result.value.p99)} ms**`, goal, result.value.p99 < 500 ? 'met' : 'NOT met', rateNote));
		}
	}
	if (report.memory.consume.ok) {
		const peak = report.memory.consume.value.peakRss;
		push(
			targetRow(
				`\`consume\` peak RSS, ${int(settings.users)} users`,
				`**${mb(peak)}**`,
				'< 300 MB for 200,000 users',
				peak < 300e6 ? 'met' : 'NOT met',
				settings.users === 200_000 ? '' : `over ${int(settings.users)} users, not 200,000`,
			),
		);
	} else push(targetRow('`consume` peak RSS', reasonOf(report.memory.consume), '< 300 MB for 200,000 users', '–'));
	if (report.console.ok) {
		// Every round must be under the limit, not the median: the worst round decides.
		const r = ratio(report.console.value.console, report.console.value.headless);
		const {costs, worst, met} = consoleVerdict(report.console.value);
		push(
			targetRow(
				'console cost: 1 − console ÷ headless, worst round',
				`**${pct(worst)}** (rounds ${costs.map(pct).join(', ')}; console ÷ headless ${ratioText(r)})`,
				`< 10% in every round of ${settings.consoleWindowMs / 1000} s`,
				met ? 'met' : 'NOT met',
				`${costs.length} round(s), each the console then \`run\` headless back to back`,
			),
		);
		const cpu = cpuCosts(report.console.value);
		if (cpu.length > 0) {
			push(
				targetRow(
					'console CPU per row ÷ headless CPU per row − 1',
					`**${pct(figure(cpu).median)}** (rounds ${cpu.map(pct).join(', ')})`,
					'(for reference)',
					'–',
					"what the console itself costs, which a shared machine's other loads move far less than a rate",
				).replace('– not measured', ''),
			);
		}
	} else push(targetRow('console cost', reasonOf(report.console), '< 10%', '–'));
	peerTargets(report, push);
	push('');
	peerSection(report, push);

	// Noise.
	const sinkOther = otherShare(report.cpu.sink);
	const gatewayOther = otherShare(report.cpu.gateway);
	const spreads = [
		['sink', t.sink],
		['gateway ceiling', t.gateway],
		['naive', t.naive],
		['producer', t.producer],
		['producer uncompressed', t.producerNone],
		['ProducerPerformance', t.kafkaPerf],
	] as const;
	push(
		'## Noise',
		'',
		'Other developers ran their test suites against the same stack during this run. The CPU that went to processes other than the',
		`bench and the stack's three JVMs, as a share of the whole machine: during the sink runs ${pct(sinkOther.median)} (runs ${pct(sinkOther.min)}–${pct(sinkOther.max)}), during the ceiling runs ${pct(gatewayOther.median)} (runs ${pct(gatewayOther.min)}–${pct(gatewayOther.max)}).`,
		`Spread of each figure, (max − min) ÷ median: ${spreads.map(([name, o]) => `${name} ${o.ok ? `${int(spreadPercent(o.value))}%` : '–'}`).join(', ')}.`,
		'Read the ratios with that in mind: a ratio of runs taken seconds apart is much steadier than either figure.',
		'',
	);

	// CPU.
	push(
		'## Where the CPU went (ms of CPU per 1,000 users, median of the runs)',
		'',
		`The machine has ${machine.cores} cores, so ${int(machine.cores * 1000)} ms of CPU per second in all. "bench (node)" is the process that runs the sink, the bare loop or the producer.`,
		'',
		`| Figure | ${owners.join(' | ')} | machine busy |`,
		`|---|${owners.map(() => '---').join('|')}|---|`,
		cpuRow('gateway ceiling (bare loop)', report.cpu.gateway, settings.users),
		cpuRow('sink', report.cpu.sink, settings.users),
		cpuRow('naive path', report.cpu.naive, settings.naiveUsers),
		cpuRow('producer', report.cpu.producer, settings.producerUsers),
		'',
	);

	// Sweep.
	if (report.sweep.ok) {
		const connections = [...new Set(report.sweep.value.map(p => p.shape.connections))];
		const batches = [...new Set(report.sweep.value.map(p => p.shape.batchRows))];
		push(
			`## Gateway sweep (users/s, ${int(settings.sweepRows)} rows per shape, one run each)`,
			'',
			`| rows per call | ${connections.map(c => `${c} connection${c > 1 ? 's' : ''}`).join(' | ')} |`,
			`|---|${connections.map(() => '---').join('|')}|`,
			...batches.map(
				b =>
					`| ${int(b)} | ${connections
						.map(c => {
							const point = report.sweep.ok ? report.sweep.value.find(p => p.shape.batchRows === b && p.shape.connections === c) : undefined;
							const text = point ? int(point.usersPerSecond) : '–';
							return best && best.batchRows === b && best.connections === c ? `**${text}**` : text;
						})
						.join(' | ')} |`,
			),
			'',
		);
	} else push('## Gateway sweep', '', reasonOf(report.sweep), '');

	// Changes.
	push('## What each change bought', '');
	push(
		'Each change was measured here against the code as it was before, on the same topic, in the same run, the variants interleaved',
		`(${int(Math.min(settings.changeUsers, settings.users))} users per run, ${settings.changeRuns} run(s) each). "CPU" is the sink process's own CPU per 1,000 users: it moves less with the neighbours' load than users/s.`,
		'',
	);
	if (report.changes.ok) {
		const base = report.changes.value[0]!;
		push("| Sink variant | users/s | × before | CPU ms / 1,000 users | × before | others' share of the machine |", '|---|---|---|---|---|---|');
		for (const change of report.changes.value) {
			push(
				`| ${change.name} | ${int(change.usersPerSecond.median)} (${spread(change.usersPerSecond)}) | ${dec(change.usersPerSecond.median / base.usersPerSecond.median)} | ${int(change.cpuPerThousand.median)} (${spread(change.cpuPerThousand)}) | ${dec(change.cpuPerThousand.median / base.cpuPerThousand.median)} | ${pct(change.otherShare.median)} |`,
			);
		}
		push('');
	} else push(reasonOf(report.changes), '');
	if (report.rssChanges.ok && report.rssChanges.value.length === 2) {
		const [before, after] = report.rssChanges.value as [{name: string; peakRss: number; usersPerSecond: number}, {name: string; peakRss: number; usersPerSecond: number}];
		push(
			`Peak RSS of a process running only the sink over ${int(Math.min(settings.changeUsers, settings.users))} users (bench/sink-child.ts under the tsx loader, the same for both): before **${mb(before.peakRss)}**, now **${mb(after.peakRss)}** (× ${dec(after.peakRss / before.peakRss)}).`,
			'',
		);
	} else push(`Peak RSS before/after: ${reasonOf(report.rssChanges)}`, '');
	if (report.decode.ok) {
		const d = report.decode.value;
		push(
			`Decoding one message (µs, median of ${d.decodeMessage.samples.length} passes over ${int(settings.decodeMessages)} messages): JSON.parse alone ${dec(d.jsonParse.median, 1)}, the schema path as before (UTF-8 check + JSON.parse + zod) ${dec(d.schemaPath.median, 1)}, decodeMessage now ${dec(d.decodeMessage.median, 1)} (× ${dec(d.decodeMessage.median / d.schemaPath.median)}).`,
			d.disagreements.length === 0
				? `The fast path and the schema agreed on all ${int(d.checked)} messages checked (every message, plus bodies broken in one place each).`
				: `**The fast path and the schema disagreed on: ${d.disagreements.slice(0, 10).join(', ')}.**`,
			'',
		);
	} else push(`Decoding: ${reasonOf(report.decode)}`, '');
	if (report.producerChanges.ok) {
		const [gzip, none, noneMain] = report.producerChanges.value;
		push(
			`Producer compression: GZIP ${int(gzip!.usersPerSecond.median)} users/s (${spread(gzip!.usersPerSecond)}), none ${int(none!.usersPerSecond.median)} users/s (${spread(none!.usersPerSecond)}): none ÷ GZIP ${dec(none!.usersPerSecond.median / gzip!.usersPerSecond.median)}.`,
			'',
		);
		if (noneMain) {
			push(
				`Producer thread: kafkajs in a worker thread ${int(none!.usersPerSecond.median)} users/s, in the main thread ${int(noneMain.usersPerSecond.median)} users/s (${spread(noneMain.usersPerSecond)}), both uncompressed: worker ÷ main ${dec(none!.usersPerSecond.median / noneMain.usersPerSecond.median)}.`,
				'',
			);
		}
	}

	push(...tableSettingsSection(report.tableSettings));

	// Profiles.
	const profileSection = (title: string, outcome: Outcome<ProfileSummary & {readonly workers?: readonly ProfileSummary[]}> | undefined, file: string | undefined) => {
		push(title, '');
		if (!outcome || !file) return push('not measured in this run', '');
		if (!outcome.ok) return push(reasonOf(outcome), '');
		profileTables(outcome.value, `The main thread's file is ${relative(repoRoot, file)}`);
		for (const [index, worker] of (outcome.value.workers ?? []).entries()) {
			push(`### Worker thread ${index + 1} (the producer thread: kafkajs)`, '');
			profileTables(worker, `Its file is ${relative(repoRoot, file.replace(/\.cpuprofile$/, `-thread${index + 1}.cpuprofile`))}`);
		}
	};
	const profileTables = (p: ProfileSummary, where: string) => {
		push(
			`${where} (not committed, rewritten by each run; open it in Chrome DevTools or speedscope). Busy ${pct(p.busyShare)} of ${int(p.totalMs / 1000)} s; the rest is waiting on I/O.`,
			'',
			'| Area | Share of samples |',
			'|---|---|',
			...p.areas.filter(a => a.share >= 0.005).map(a => `| ${a.name} | ${pct(a.share)} |`),
			'',
			'| Function (self time) | Share |',
			'|---|---|',
			...p.functions.map(f => `| \`${f.name.replaceAll('|', '\\|')}\` | ${dec(f.share * 100, 1)}% |`),
			'',
		);
	};
	const profiled = int(Math.min(settings.profileUsers, settings.users));
	profileSection(`## Profile of \`consume\` (node --cpu-prof, ${profiled} users)`, report.profile, report.profileFile);
	profileSection(`## Profile of \`produce\` from the stub (node --cpu-prof, ${int(settings.profileUsers)} users)`, report.producerProfile, report.producerProfileFile);

	if (findings) push('## Findings', '', findings.trim(), '');
	push(
		'## How to reproduce',
		'',
		'```sh',
		'node bin/userdata-tui.js stack up   # once: the local Kafka and HBase',
		`npm run bench${report.mode === 'full' ? '' : ` -- --${report.mode}`}             # writes bench/RESULTS.md`,
		'```',
		'',
		`Full mode takes 20–25 minutes on this machine, \`--quick\` about 5. The harness makes its own topics, tables and consumer groups (names start with \`bench_\`) and deletes them at the end, even after a failure; the CLI under test is compiled from the working tree into a temporary folder.`,
		'',
	);
	if (report.cliWarnings)
		push(
			'## Build warnings',
			'',
			'The CLI under test was compiled from the working tree; tsc reported (the code was emitted anyway):',
			'',
			'```',
			report.cliWarnings.split('\n').slice(0, 15).join('\n'),
			'```',
			'',
		);
	if (report.failures.length > 0) push('## Steps that failed', '', ...report.failures.map(f => `- ${f}`), '');
	return `${lines.join('\n')}\n`;
}

/** The peers' ratios: each a pair of whole processes run back to back, on the same topic or stub. */
function peerTargets(report: BenchReport, push: (...lines: string[]) => void): void {
	const peers = report.peers;
	if (!peers) return;
	if (!peers.ok) {
		push(targetRow('whole processes against the Python peers', reasonOf(peers), '≥ 1.5, ≥ 20, ≥ 1.5', '–'));
		return;
	}
	const p = peers.value;
	const row = (label: string, r: Ratio, goal: number, digits: number, note: string) =>
		push(targetRow(label, ratioText(r, digits), `≥ ${goal}`, r.value >= goal ? 'met' : 'NOT met', note));
	row('`consume` ÷ batched Python sink (whole processes)', ratio(p.consume, p.batchedSink), 1.5, 2, `${int(p.users)} users, start to exit, fresh group and table each`);
	row(
		'`consume` ÷ per-message Python sink (whole processes)',
		ratio(p.consume, p.perMessageSink),
		20,
		1,
		`the per-message sink over ${int(p.naiveUsers)} users, one run (one Thrift call a user)`,
	);
	row('`produce` ÷ batched Python producer (whole processes)', ratio(p.produce, p.batchedProducer), 1.5, 2, `${int(p.users)} users from the same API stub`);
	const stop = p.lastCommitToExitMs;
	push(
		targetRow(
			'`consume --max`: last commit to exit',
			`**${int(stop.median)} ms** (runs ${int(stop.min)}–${int(stop.max)})`,
			'≤ 1,000 ms',
			stop.max <= 1000 ? 'met' : 'NOT met',
			'every run, from the log line of the last commit to the exit',
		),
	);
}

function peerSection(report: BenchReport, push: (...lines: string[]) => void): void {
	const peers = report.peers;
	if (!peers?.ok) return;
	const p = peers.value;
	const rate = (label: string, f: Figure, note: string) => push(`| ${label} | **${int(f.median)}** users/s | ${spread(f)} | ${f.samples.length} | ${note} |`);
	push(
		'## Whole processes against the tools users would write instead',
		'',
		`Each program is timed as a user times it, from process start to exit, start-up and group join included (bench/peers/ holds the Python programs; bench/lib/peer-venv.ts pins their libraries). Sinks read the same pre-filled topic with a fresh group into a fresh table; producers fetch from the same API stub.`,
		'',
		'| Program | Median | Spread | Runs | What it is |',
		'|---|---|---|---|---|',
	);
	rate('`userdata-tui consume --max`', p.consume, `${int(p.users)} users`);
	rate('batched Python sink', p.batchedSink, 'confluent-kafka `consume(1000)` → one happybase `batch` → commit after the write');
	rate('per-message Python sink', p.perMessageSink, `kafka-python, one happybase \`put\` per message, auto-commit; ${int(p.naiveUsers)} users`);
	rate('`userdata-tui produce`', p.produce, 'GZIP (the default), pages of 1,000');
	rate('batched Python producer', p.batchedProducer, 'requests, pages of 1,000, `json.dumps` per user, confluent-kafka idempotent, acks=all, gzip');
	push(
		'',
		`Fixed costs of \`consume --max\`: process start to group joined ${int(p.startToJoinMs.median)} ms (runs ${int(p.startToJoinMs.min)}–${int(p.startToJoinMs.max)}); last commit to exit ${int(p.lastCommitToExitMs.median)} ms (runs ${int(p.lastCommitToExitMs.min)}–${int(p.lastCommitToExitMs.max)}).`,
		'',
	);
}
