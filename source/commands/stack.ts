import {LocalStack, type ServiceStatus} from '../services/stack/launcher.js';
import {stackSourceDir} from '../services/stack/layout.js';
import {padEnd} from '../domain/display.js';
import {STACK_HOST, portsWithOffset, stackAddress, type StackPorts} from '../domain/stack-ports.js';
import {SECURE_MECHANISM, type StackSecrets} from '../services/stack/security.js';
import {type Logger} from '../services/logger.js';
import {probeKafka, probeThrift} from '../services/health/health-probes.js';
import {type CommandIo, exitCodes, printJson} from './io.js';

export function localStack(dataDir: string, logger: Logger, io: CommandIo, portOffset = 0, mode: {secure?: boolean; cluster?: boolean} = {}): LocalStack {
	const ports = portsWithOffset(portOffset);
	return new LocalStack({
		dataDir,
		stackDir: stackSourceDir(),
		ports,
		secure: mode.secure,
		cluster: mode.cluster,
		report: line => io.err(line),
		probes: {
			// The stack's own settings, never the user's: a secured stack is probed as its client user.
			kafka: async (secrets, broker) =>
				probeKafka(
					{
						brokers: [broker],
						clientId: 'userdata-tui-probe',
						...(secrets && {caFile: secrets.caFile, sasl: {mechanism: SECURE_MECHANISM, username: secrets.user, password: secrets.password}}),
					},
					logger,
				),
			thrift: async () => probeThrift(STACK_HOST, ports.thrift, logger),
		},
	});
}

function printStatus(io: CommandIo, statuses: readonly ServiceStatus[]): void {
	for (const status of statuses) {
		for (const endpoint of status.endpoints) {
			io.out(`${padEnd(endpoint.name, 22)} ${padEnd(endpoint.address, 16)} ${endpoint.detail}`);
		}
		io.out(`${padEnd('', 22)} ${padEnd('log', 16)} ${status.log}${status.pid ? `  (pid ${status.pid})` : ''}`);
	}
}

/** A value for a POSIX shell, in single quotes. */
function shellQuote(value: string): string {
	return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * The settings a client of this stack needs, as the USERDATA_* variables config.ts reads. For a
 * plaintext stack the TLS and SASL variables are unset, so one shell can move between stacks.
 */
export function stackEnvironment(ports: StackPorts, secrets: StackSecrets | undefined, brokers = [stackAddress(ports.kafka)]): Array<[string, string | undefined]> {
	return [
		['USERDATA_BROKERS', brokers.join(',')],
		['USERDATA_THRIFT_HOST', STACK_HOST],
		['USERDATA_THRIFT_PORT', String(ports.thrift)],
		['USERDATA_KAFKA_SSL', secrets ? 'true' : undefined],
		['USERDATA_KAFKA_CA_FILE', secrets?.caFile],
		['USERDATA_SASL_MECHANISM', secrets ? SECURE_MECHANISM : undefined],
		['USERDATA_SASL_USERNAME', secrets?.user],
		['USERDATA_SASL_PASSWORD', secrets?.password],
	];
}

export async function stackCommand(
	action: 'up' | 'status' | 'down' | 'env',
	options: {dataDir: string; json?: boolean; portOffset?: number; secure?: boolean; cluster?: boolean},
	io: CommandIo,
	logger: Logger,
): Promise<number> {
	const stack = localStack(options.dataDir, logger, io, options.portOffset, {secure: options.secure, cluster: options.cluster});
	if (action === 'env') {
		// For `eval "$(userdata-tui stack env)"`: the only place the password is printed, on purpose.
		const variables = stackEnvironment(stack.ports, stack.secrets(), stack.brokers());
		if (options.json) printJson(io, Object.fromEntries(variables.filter(([, value]) => value !== undefined)));
		else for (const [name, value] of variables) io.out(value === undefined ? `unset ${name}` : `export ${name}=${shellQuote(value)}`);
		return exitCodes.ok;
	}
	if (action === 'down') {
		const outcomes = await stack.down();
		if (options.json) printJson(io, outcomes);
		else for (const o of outcomes) io.out(`${padEnd(o.service, 16)} ${o.outcome}`);
		io.err(`data kept in ${options.dataDir}`);
		return exitCodes.ok;
	}
	const statuses = action === 'up' ? await stack.up() : await stack.status();
	if (options.json) printJson(io, statuses);
	else printStatus(io, statuses);
	// `status` exits 1 when anything is down, so scripts can wait on it.
	const allUp = statuses.every(s => s.up);
	return allUp ? exitCodes.ok : exitCodes.failure;
}
