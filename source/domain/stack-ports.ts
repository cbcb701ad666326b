import {ValidationError} from './errors.js';

/**
 * The local stack's ports and the one offset that shifts them all: the only place these
 * numbers are written. The stack launcher binds them, config.ts makes its default brokers and
 * Thrift port of them, `init --fix` its ZooKeeper, and the integration tests find the stack by
 * them. Every listener binds 127.0.0.1 only: this is a developer stack, never reachable from
 * the network. Pure.
 */

export const STACK_HOST = '127.0.0.1';

export const stackPorts = {
	kafka: 9092,
	kafkaController: 9093,
	zookeeper: 2181,
	hbaseMaster: 16000,
	hbaseMasterUi: 16010,
	hbaseRegionServer: 16020,
	hbaseRegionServerUi: 16030,
	thrift: 9090,
	thriftUi: 9095,
	// Only `stack up --cluster` binds these: two more brokers, HDFS, a second region server.
	kafka2: 9192,
	kafkaController2: 9193,
	kafka3: 9292,
	kafkaController3: 9293,
	hdfsNameNode: 8020,
	hdfsNameNodeUi: 9870,
	hdfsDataNode: 9866,
	hdfsDataNodeUi: 9864,
	hdfsDataNodeIpc: 9867,
	hbaseRegionServer2: 16120,
	hbaseRegionServerUi2: 16130,
} as const;

export type StackPorts = {readonly [K in keyof typeof stackPorts]: number};

/** The variable a second stack's offset comes from (a test of `stack down`, two developers on one machine). */
export const PORT_OFFSET_ENV = 'USERDATA_STACK_PORT_OFFSET';

/** Highest offset: 16130 + 40000 is still below 65536. */
export const MAX_PORT_OFFSET = 40_000;

/**
 * The port offset from its text (a flag or USERDATA_STACK_PORT_OFFSET); absent or empty is 0.
 * Anything else that is not a whole number from 0 to MAX_PORT_OFFSET is refused, never read as
 * 0: a typo would otherwise point a second stack's commands at the shared one.
 */
export function parsePortOffset(raw: string | undefined, field = PORT_OFFSET_ENV): number {
	if (raw === undefined || raw.trim() === '') return 0;
	const offset = Number(raw);
	if (!/^\s*\d+\s*$/u.test(raw) || !Number.isSafeInteger(offset) || offset > MAX_PORT_OFFSET) {
		throw new ValidationError(`${field} must be a whole number from 0 to ${MAX_PORT_OFFSET} (got ${JSON.stringify(raw)})`, {field});
	}
	return offset;
}

/** The offset the environment asks for; ValidationError when it is malformed. */
export function portOffsetFromEnv(env: Readonly<Record<string, string | undefined>>): number {
	return parsePortOffset(env[PORT_OFFSET_ENV]);
}

/** Every stack port shifted by `offset`. */
export function portsWithOffset(offset: number): StackPorts {
	const shifted = {} as Record<keyof typeof stackPorts, number>;
	for (const [name, port] of Object.entries(stackPorts)) shifted[name as keyof typeof stackPorts] = port + offset;
	return shifted;
}

/** host:port of one of the local stack's listeners. */
export function stackAddress(port: number): string {
	return `${STACK_HOST}:${port}`;
}
