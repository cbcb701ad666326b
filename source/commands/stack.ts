import {LocalStack, type ServiceStatus} from '../services/stack/launcher.js';
import {stackSourceDir} from '../services/stack/layout.js';
import {padEnd} from '../domain/display.js';
import {STACK_HOST, portsWithOffset} from '../domain/stack-ports.js';
import {type Logger} from '../services/logger.js';
import {probeKafka, probeThrift} from '../services/health/health-probes.js';
import {type CommandIo, exitCodes, printJson} from './io.js';

export function localStack(dataDir: string, logger: Logger, io: CommandIo, portOffset = 0): LocalStack {
	const ports = portsWithOffset(portOffset);
	return new LocalStack({
		dataDir,
		stackDir: stackSourceDir(),
		ports,
		report: line => io.err(line),
		probes: {
			// The local stack listens in plaintext: no SSL or SASL from the settings here.
			kafka: async () => probeKafka({brokers: [`${STACK_HOST}:${ports.kafka}`], clientId: 'userdata-tui-probe'}, logger),
			thrift: async () => probeThrift(STACK_HOST, ports.thrift, logger),
		},
	});
}

function printStatus(io: CommandIo, statuses: readonly ServiceStatus[]): void {
	for (const status of statuses) {
		for (const endpoint of status.endpoints) {
			io.out(`${padEnd(endpoint.name, 16)} ${padEnd(endpoint.address, 16)} ${endpoint.detail}`);
		}
		io.out(`${padEnd('', 16)} ${padEnd('log', 16)} ${status.log}${status.pid ? `  (pid ${status.pid})` : ''}`);
	}
}

export async function stackCommand(
	action: 'up' | 'status' | 'down',
	options: {dataDir: string; json?: boolean; portOffset?: number},
	io: CommandIo,
	logger: Logger,
): Promise<number> {
	const stack = localStack(options.dataDir, logger, io, options.portOffset);
	if (action === 'down') {
		const outcomes = await stack.down();
		if (options.json) printJson(io, outcomes);
		else for (const o of outcomes) io.out(`${padEnd(o.service, 8)} ${o.outcome}`);
		io.err(`data kept in ${options.dataDir}`);
		return exitCodes.ok;
	}
	const statuses = action === 'up' ? await stack.up() : await stack.status();
	if (options.json) printJson(io, statuses);
	else printStatus(io, statuses);
	// `status` exits 1 when anything is down, so scripts can wait on it.
	const allUp = statuses.every(s => s.endpoints.every(e => e.up));
	return allUp ? exitCodes.ok : exitCodes.failure;
}
