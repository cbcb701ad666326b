import {Command, CommanderError, Option} from 'commander';
import {resolveSettings, type SettingKey, type Settings} from '../config.js';
import {UsageError, userLine} from '../domain/errors.js';
import {parsePortOffset, portOffsetFromEnv, portsWithOffset, stackAddress, stackPorts} from '../domain/stack-ports.js';
import {maxRegions} from '../domain/region-splits.js';
import {createServices, type Services} from '../services/create-services.js';
import {openSettingsStore} from '../services/settings-store.js';
import {packageFacts} from '../services/package-facts.js';
import {initCommand} from './init.js';
import {cliOptions, type CommandIo, exitCodes, reportFailure, usageOf} from './io.js';
import {stackCommand} from './stack.js';
import {refuseWriteWhenReadOnly, writes} from './read-only.js';
import {registerCrudCommands} from './crud.js';
import {registerTransferCommands} from './transfer.js';
import {registerDlqCommands} from './dlq.js';
import {registerTailCommand} from './tail.js';
import {addConsumeOptions, addProduceOptions, consumeCommand, produceCommand, runCommand} from './pipeline.js';

/** What a command handler gets: resolved settings, services (nothing connected), io, and the shutdown signal. */
/**
 * Why the table is made as it is: measured by the bench's table-settings step (bench/RESULTS.md,
 * "Table settings"), each setting against the table init made before, in the same run.
 */
const INIT_TABLE_HELP = `
The table: families address, contact and info; VERSIONS 3; COMPRESSION GZ.
  GZ because it won on the bench (bench/RESULTS.md, "Table settings"): the flushed and compacted
  store files took 0.20 of the bytes of uncompressed ones (FAST_DIFF encoding: 0.37), and the
  sink's rate did not move: HBase compresses when it flushes and compacts, off the write path.
  Reads from the block cache (kept uncompressed) were no slower; the first read of a block after
  a compaction inflates it, which showed at the tail (p99) on a loaded machine. GZ is Java's own
  zlib; SNAPPY, ZSTD and LZ4 need native code in HBase 2.6.1.
  FAST_DIFF is not made: on top of GZ it saved a quarter more (0.15), but Thrift1 can neither set
  nor read a data block encoding, so every init would start a JVM with HBase's jars. Add it with
  the HBase shell's alter if disk matters more; init does not check it.
  Regions: pre-splitting (--regions) spreads the writes over several region servers from the first
  row; on one region server it did not change the rate.
  An existing table with other families or VERSIONS is named, exit 1; another codec is a choice,
  so it is only noted (exit 0). --fix alters both (a new codec applies to the files written after;
  older ones change at their next compaction).
`;

export interface CommandContext {
	readonly settings: Settings;
	readonly services: Services;
	readonly io: CommandIo;
	readonly signal: AbortSignal;
	readonly json: boolean;
}

export interface ProgramHooks {
	readonly io: CommandIo;
	readonly env: NodeJS.ProcessEnv;
	readonly signal: AbortSignal;
	/** Opens the console (TTY, no subcommand). */
	readonly openConsole?: (context: CommandContext) => Promise<number>;
	readonly isTty: boolean;
	/** How services are built from settings (once per command); a test passes a recorder. */
	readonly createServices?: typeof createServices;
}

const settingFlags: Array<[SettingKey, string, string]> = [
	['brokers', '--brokers <list>', 'Kafka brokers, comma-separated (USERDATA_BROKERS)'],
	['clientId', '--client-id <id>', 'Kafka client id (USERDATA_CLIENT_ID)'],
	['thriftHost', '--thrift-host <host>', 'HBase Thrift host (USERDATA_THRIFT_HOST)'],
	['thriftPort', '--thrift-port <port>', 'HBase Thrift port (USERDATA_THRIFT_PORT)'],
	['topic', '--topic <name>', 'Kafka topic; the DLQ is <topic>.dlq (USERDATA_TOPIC)'],
	['table', '--table <name>', 'HBase table (USERDATA_TABLE)'],
	['apiUrl', '--api-url <url>', 'Random User API base URL (USERDATA_API_URL)'],
	['apiVersion', '--api-version <v>', 'Random User API version (USERDATA_API_VERSION)'],
	['dataDir', '--data-dir <dir>', 'local stack data, logs and pid files (USERDATA_HOME)'],
	['logFile', '--log-file <file>', 'log file (USERDATA_LOG_FILE)'],
	['readOnly', '--read-only', 'refuse every write: create, update, delete, restore, import, init, produce, consume, run, dlq replay (USERDATA_READ_ONLY)'],
	['binaryFormat', '--binary-format <hex|base64>', 'how row keys and values that are not UTF-8 are shown (USERDATA_BINARY_FORMAT; default hex)'],
];

/** Settings whose flag only some commands take (registered there, e.g. by addConsumeOptions), read like the others. */
const commandSettingFlags: Array<[SettingKey, string]> = [['onRefused', '--on-refused']];

function camel(flag: string): string {
	return flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

export function buildProgram(hooks: ProgramHooks, setExit: (code: number) => void): Command {
	const program = new Command('userdata-tui');
	program
		.description('Stream user profiles from the Random User API through Kafka into HBase, and manage what landed there.')
		.configureOutput({writeOut: s => hooks.io.out(s.trimEnd()), writeErr: s => hooks.io.err(s.trimEnd())})
		.exitOverride()
		.showHelpAfterError('(run with --help for usage)')
		.addHelpText(
			'after',
			'\n`userdata-tui --version` (or -V) prints the version.\n\nTimes are shown in ISO 8601 UTC with milliseconds (2025-01-31T14:03:07.123Z), in these commands and in the console;\nwhere a command can be given a timestamp back, it also prints it in ms since the epoch.',
		)
		.option('--json', 'print data as JSON')
		.option('--verbose', 'debug logging, also to stderr in headless commands (the console logs to the log file only)');
	for (const [, flags, description] of settingFlags) program.addOption(new Option(flags, description));

	let services: Services | undefined;
	/** `forConsole`: the console draws on the terminal, so its logs go to the log file only, even with --verbose. */
	const context = (command: Command, forConsole = false): CommandContext => {
		const options = command.optsWithGlobals<Record<string, unknown>>();
		const flags: Partial<Record<SettingKey, unknown>> = {};
		for (const [key, flag] of settingFlags) flags[key] = options[camel(flag.split(' ')[0]!)];
		for (const [key, flag] of commandSettingFlags) flags[key] = options[camel(flag)];
		const store = openSettingsStore(hooks.env);
		const settings = resolveSettings({flags, env: hooks.env, file: store.read()});
		// Before any service exists: a refused write sends nothing.
		refuseWriteWhenReadOnly(command, settings.readOnly);
		services = (hooks.createServices ?? createServices)(settings, {stderrLogs: !forConsole && Boolean(options.verbose), logLevel: options.verbose ? 'debug' : 'info'});
		return {settings, services, io: hooks.io, signal: hooks.signal, json: Boolean(options.json)};
	};
	const run =
		(task: (command: Command) => Promise<number>) =>
		async (...args: unknown[]) => {
			const command = args.at(-1) as Command;
			try {
				setExit(await task(command));
			} catch (error) {
				if (error instanceof UsageError) {
					hooks.io.err(`error: ${userLine(error, cliOptions)}`);
					setExit(exitCodes.usage);
					return;
				}
				setExit(reportFailure(error, hooks.io, services?.logger));
			} finally {
				services?.logger.flush?.();
			}
		};

	const stack = program
		.command('stack')
		.description('the local Kafka and HBase, from Maven Central jars (no Docker)')
		.option('--port-offset <n>', 'shift every stack port by n, to run a second stack (USERDATA_STACK_PORT_OFFSET)');
	for (const action of ['up', 'status', 'down', 'env'] as const) {
		const descriptions = {
			up: 'start Kafka, HBase and its Thrift gateway; returns when they answer',
			status: 'tell per service whether it is up (exit 1 if any is down)',
			down: 'stop what `stack up` started; keeps the data',
			env: 'print the export lines a client of this stack needs: eval "$(userdata-tui stack env)"',
		};
		const sub = stack.command(action).description(descriptions[action]);
		if (action === 'up') {
			sub.option('--secure', 'Kafka takes SASL/SCRAM-SHA-512 over TLS only (a new data folder; it stays secured)');
			sub.option('--cluster', '3 Kafka brokers, HDFS, ZooKeeper, an HBase master and 2 region servers (a new data folder; it stays a cluster)');
		}
		sub.action(
			run(async command => {
				const c = context(command);
				const flags = command.optsWithGlobals<{portOffset?: string; secure?: boolean; cluster?: boolean}>();
				const portOffset = flags.portOffset === undefined ? portOffsetFromEnv(hooks.env) : usageOf(() => parsePortOffset(flags.portOffset, '--port-offset'));
				return stackCommand(
					action,
					{dataDir: c.settings.dataDir, json: c.json, portOffset, secure: flags.secure, cluster: flags.cluster},
					c.io,
					c.services.logger.child('stack'),
				);
			}),
		);
	}

	writes(program.command('init'), 'init (it creates topics and the table, and --fix alters the table)')
		.description('create the topic, its DLQ and the HBase table (idempotent)')
		.option('--partitions <n>', 'partitions for new topics', '3')
		.option('--replication-factor <n>', 'replicas per partition for new topics (default: 3 with 3 brokers or more, else 1)')
		.option(
			'--regions <n>',
			`regions of a new table, split evenly on row-key (UUID) hex prefixes; an existing table with another number is named, exit 1 (default: 1 on a single region server, 2 per region server on a cluster: with 1 each, HBase would split each server's only region again at 256 MB)`,
		)
		.option('--fix', 'alter an existing table to the expected families, VERSIONS and COMPRESSION, and split it to --regions (never merges)')
		.option('--drop-extra', 'with --fix: also drop families outside the layout (deletes their data)')
		.option(
			'--zookeeper <host:port>',
			`HBase's ZooKeeper, for --fix and a pre-split table (HBase's Java client; default: the local stack's, ${stackAddress(stackPorts.zookeeper)})`,
		)
		.addHelpText('after', INIT_TABLE_HELP)
		.action(
			run(async command => {
				const c = context(command);
				const options = command.opts<{partitions: string; replicationFactor?: string; regions?: string; fix?: boolean; dropExtra?: boolean; zookeeper?: string}>();
				// The local stack's ZooKeeper and master move with USERDATA_STACK_PORT_OFFSET like its other ports.
				const localPorts = portsWithOffset(portOffsetFromEnv(hooks.env));
				const zookeeper = options.zookeeper ?? stackAddress(localPorts.zookeeper);
				// Another cluster's ZooKeeper: the local master cannot say how many region servers it has.
				const masterUiPort = options.zookeeper === undefined ? localPorts.hbaseMasterUi : undefined;
				const partitions = Number(options.partitions);
				if (!Number.isInteger(partitions) || partitions < 1 || partitions > 1000) {
					c.io.err(`error: --partitions must be a whole number from 1 to 1000 (got ${options.partitions})`);
					return exitCodes.usage;
				}
				const replicationFactor = options.replicationFactor === undefined ? undefined : Number(options.replicationFactor);
				if (replicationFactor !== undefined && (!Number.isInteger(replicationFactor) || replicationFactor < 1 || replicationFactor > 32)) {
					c.io.err(`error: --replication-factor must be a whole number from 1 to 32 (got ${options.replicationFactor})`);
					return exitCodes.usage;
				}
				const regions = options.regions === undefined ? undefined : Number(options.regions);
				if (regions !== undefined && (!Number.isInteger(regions) || regions < 1 || regions > maxRegions)) {
					c.io.err(`error: --regions must be a whole number from 1 to ${maxRegions} (got ${options.regions})`);
					return exitCodes.usage;
				}
				return initCommand(
					c.services,
					{partitions, replicationFactor, regions, masterUiPort, fix: options.fix, dropExtra: options.dropExtra, json: c.json, zookeeper},
					c.io,
				);
			}),
		);

	addProduceOptions(writes(program.command('produce')).description('fetch users from the Random User API and publish them to Kafka')).action(
		run(async command => produceCommand(context(command), command.opts())),
	);
	addConsumeOptions(writes(program.command('consume')).description('write the topic into HBase, committing only what HBase acknowledged'))
		.option('--max <n>', 'stop after n records (rows written + DLQ)')
		.option('--until-idle <seconds>', 'stop after this many seconds with no new record')
		.action(run(async command => consumeCommand(context(command), command.opts())));
	addConsumeOptions(addProduceOptions(writes(program.command('run')).description('produce and consume in one process until Ctrl-C, with live progress'))).action(
		run(async command => runCommand(context(command), command.opts())),
	);

	// CRUD on the table: get, scan, count, create, update, delete, history, restore (see crud.ts).
	registerCrudCommands(program, run, context);
	// Files in and out of the table, and proof that it holds what the topic says (see transfer.ts).
	registerTransferCommands(program, run, context);
	// Dead letters: list, show, replay (see dlq.ts).
	registerDlqCommands(program, run, context);
	// The topic's records, decoded, as they arrive (see tail.ts).
	registerTailCommand(program, run, context);

	program.action(
		run(async command => {
			if (!hooks.isTty || !hooks.openConsole) {
				hooks.io.err('userdata-tui: the console needs a terminal; use one of the headless commands:');
				hooks.io.err(program.helpInformation());
				return exitCodes.usage;
			}
			return hooks.openConsole(context(command, true));
		}),
	);
	return program;
}

export async function runProgram(argv: readonly string[], hooks: ProgramHooks): Promise<number> {
	// Only as the whole command line: commander's own version option is global, so `get <id>
	// --version 2` (a cell version, say) would print the version and exit 0 instead of refusing.
	if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
		hooks.io.out(packageFacts().version);
		return exitCodes.ok;
	}
	let code: number = exitCodes.ok;
	const program = buildProgram(hooks, c => {
		code = c;
	});
	try {
		await program.parseAsync([...argv], {from: 'user'});
	} catch (error) {
		if (error instanceof CommanderError) {
			if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return exitCodes.ok;
			return exitCodes.usage;
		}
		throw error;
	}
	return code;
}
