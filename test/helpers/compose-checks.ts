import {STACK_HOST as stackHost} from '../../source/domain/stack-ports.js';
import {type Compose, environment, kafkaNonProperties, kafkaPropertyName, properties} from './compose-file.js';

/*
 * The checks that keep a compose file equal to the local stack, shared by the single node's
 * (test/stack/compose.test.ts) and the cluster's (test/stack/compose-cluster.test.ts). Each
 * returns the problems it found, so a test can also show that a broken file is caught.
 */

export interface Published {
	readonly service: string;
	readonly hostIp: string | undefined;
	readonly published: number | undefined;
	readonly target: number;
}

export function publishedPorts(compose: Compose): Published[] {
	const result: Published[] = [];
	for (const [service, definition] of Object.entries(compose.services)) {
		for (const entry of definition.ports ?? []) {
			if (typeof entry === 'object') {
				result.push({
					service,
					hostIp: entry.host_ip,
					published: entry.published === undefined ? undefined : Number(entry.published),
					target: Number(entry.target),
				});
				continue;
			}
			// Short syntax: [HOST_IP:]HOST_PORT:CONTAINER_PORT[/PROTOCOL], or a bare CONTAINER_PORT.
			const match = /^(?:(?:(\[[^\]]+\]|[^:]+):)?(\d+):)?(\d+)(?:\/\w+)?$/.exec(String(entry));
			if (!match) throw new Error(`${service}: cannot read the port entry ${String(entry)}`);
			result.push({
				service,
				hostIp: match[1],
				published: match[2] === undefined ? undefined : Number(match[2]),
				target: Number(match[3]),
			});
		}
	}
	return result;
}

/** Every port on 127.0.0.1, and exactly the `expected` local stack ports per service, each the same inside and out. */
export function portProblems(compose: Compose, expected: Readonly<Record<string, readonly number[]>>): string[] {
	const problems: string[] = [];
	for (const [service, definition] of Object.entries(compose.services)) {
		if (definition.network_mode === 'host') problems.push(`${service}: network_mode host publishes every port on every address`);
	}
	const ports = publishedPorts(compose);
	for (const port of ports) {
		const where = `${port.service}: port ${port.published ?? '(any)'}:${port.target}`;
		if (port.hostIp !== stackHost) problems.push(`${where} binds ${port.hostIp ?? 'every address'}, not ${stackHost}`);
		if (port.published !== port.target) problems.push(`${where} publishes a different port than the service listens on`);
	}
	for (const service of new Set([...Object.keys(expected), ...ports.map(p => p.service)])) {
		const actual = ports.filter(p => p.service === service).map(p => p.published ?? -1);
		const wanted = expected[service] ?? [];
		if ([...actual].sort().join() !== [...wanted].sort().join()) {
			problems.push(`${service}: publishes [${actual.join(', ')}], the local stack uses [${wanted.join(', ')}]`);
		}
	}
	return problems;
}

// Where compose and the local stack differ on purpose: addresses, paths, and the quorum (the
// image formats storage without --standalone, which needs static voters).
const kafkaNetworkProperties = new Set([
	'listeners',
	'advertised.listeners',
	'listener.security.protocol.map',
	'controller.quorum.voters',
	'controller.quorum.bootstrap.servers',
	'log.dirs',
]);

/** A broker service's settings as server.properties names (what the image writes), without the JVM's variables. */
export function kafkaProperties(compose: Compose, service: string): Map<string, string> {
	return new Map(
		Object.entries(environment(compose.services[service] ?? {}))
			.filter(([key]) => key.startsWith('KAFKA_') && !kafkaNonProperties.has(key))
			.map(([key, value]) => [kafkaPropertyName(key), value]),
	);
}

/**
 * One broker service against the local broker's server.properties (`local`): the image of
 * stack/kafka/pom.xml's version, every setting equal but the network ones, and a listener on
 * `hostPort` advertised as 127.0.0.1 for clients on the host.
 */
export function kafkaProblems(compose: Compose, pom: string, service: string, local: string, hostPort: number): string[] {
	const problems: string[] = [];
	const kafka = compose.services[service];
	if (!kafka) return [`no ${service} service`];
	const version = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom)?.[1];
	if (version === undefined || kafka.image !== `apache/kafka:${version}`) problems.push(`${service} image ${kafka.image}, stack/kafka/pom.xml has ${version}`);

	const env = environment(kafka);
	for (const [key, value] of Object.entries(env)) {
		// The image splits each variable at '=' and silently drops one with a second '='.
		if (value.includes('=')) problems.push(`${service}: ${key} contains '=', which the image drops`);
	}
	if (!/^[A-Za-z0-9_-]{22}$/.test(env.CLUSTER_ID ?? '')) problems.push(`${service}: CLUSTER_ID is not a base64url Kafka uuid`);

	const fromCompose = kafkaProperties(compose, service);
	for (const name of ['node.id', 'process.roles', 'controller.listener.names', 'inter.broker.listener.name', 'controller.quorum.voters', 'log.dirs']) {
		if (!fromCompose.has(name)) problems.push(`${service}: ${name} is not set (the image's defaults are not to be relied on)`);
	}
	const localProperties = properties(local);
	for (const name of new Set([...localProperties.keys(), ...fromCompose.keys()])) {
		if (kafkaNetworkProperties.has(name)) continue;
		if (localProperties.get(name) !== fromCompose.get(name)) {
			problems.push(`${service}: ${name} is ${fromCompose.get(name) ?? 'unset'} in compose, ${localProperties.get(name) ?? 'unset'} in the local stack`);
		}
	}

	// Clients on the host reach the broker at the address it advertises for the published port.
	const advertised = (fromCompose.get('advertised.listeners') ?? '').split(',');
	if (!advertised.some(listener => listener.endsWith(`://${stackHost}:${hostPort}`))) {
		problems.push(`${service}: no listener advertised as ${stackHost}:${hostPort}`);
	}
	const listens = (fromCompose.get('listeners') ?? '').split(',');
	if (!listens.some(listener => listener.endsWith(`:${hostPort}`))) problems.push(`${service}: nothing listens on ${hostPort}`);
	return problems;
}

export function imageProblems(compose: Compose, dockerfileText: string): string[] {
	const problems: string[] = [];
	const pinned = (reference: string): boolean => {
		const tag = /:([^/:@]+)$/.exec(reference)?.[1];
		return tag !== undefined && tag !== 'latest';
	};
	for (const [service, definition] of Object.entries(compose.services)) {
		if (definition.image === undefined && definition.build === undefined) problems.push(`${service}: neither image nor build`);
		if (definition.image !== undefined && !pinned(definition.image)) problems.push(`${service}: image ${definition.image} has no pinned tag`);
		if (definition.build === undefined && !/:\d+\.\d+\.\d+/.test(definition.image ?? '')) {
			problems.push(`${service}: ${definition.image} is not pinned to a full version`);
		}
	}
	for (const [, image] of dockerfileText.matchAll(/^FROM\s+(\S+)/gm)) {
		if (!/:\d+\.\d+\.\d+/.test(image!) || !pinned(image!)) problems.push(`Dockerfile: FROM ${image} is not pinned to a full version`);
	}
	return problems;
}

/** A Dockerfile instruction with its line continuations joined. */
export function instructions(text: string): string[] {
	return text
		.replace(/\\\r?\n/g, ' ')
		.split('\n')
		.map(line => line.trim())
		.filter(line => line !== '' && !line.startsWith('#'));
}

export function xmlProperties(xml: string): Map<string, string> {
	const result = new Map<string, string>();
	for (const [, name, value] of xml.matchAll(/<property>\s*<name>([^<]+)<\/name>\s*<value>([^<]*)<\/value>\s*<\/property>/g)) {
		result.set(name!, value!);
	}
	return result;
}

/** Every service comes back after a crash (the hbase entrypoint exits non-zero when a JVM dies). */
export function restartProblems(compose: Compose): string[] {
	return Object.entries(compose.services)
		.filter(([, service]) => !['unless-stopped', 'always', 'on-failure'].includes(String(service.restart).replace(/:\d+$/, '')))
		.map(([name, service]) => `${name}: restart is ${service.restart ?? 'unset'}: nothing brings it back after a crash`);
}

/** MB of a JVM heap flag's size: 512m, 1g, 1536M. */
function megabytes(size: string): number {
	const match = /^(\d+)([kmg])$/i.exec(size);
	if (!match) throw new Error(`cannot read the heap size ${size}`);
	const unit = match[2]!.toLowerCase();
	return Number(match[1]) * (unit === 'g' ? 1024 : unit === 'k' ? 1 / 1024 : 1);
}

export function maxHeap(flags: string, where: string): number {
	const size = /-Xmx(\S+)/.exec(flags)?.[1];
	if (size === undefined) throw new Error(`${where}: no -Xmx in "${flags}"`);
	return megabytes(size);
}

/**
 * Memory outside the heap per JVM (metaspace, code cache, thread stacks, GC structures): a
 * budget, not a measurement of the containers (no engine here). On the local stack, idle, the
 * same JVMs showed 64-88 MB of RSS above their committed heap and 34-72 MB of metaspace.
 */
export const nonHeapPerJvmMb = 150;

/** The Dockerfile's ENV variables (KEY="value" pairs, continuations joined). */
export function dockerfileEnv(text: string): Record<string, string> {
	const result: Record<string, string> = {};
	for (const line of instructions(text).filter(l => l.startsWith('ENV '))) {
		for (const [, key, quoted, bare] of line.slice(4).matchAll(/([A-Z_][A-Z0-9_]*)=(?:"([^"]*)"|(\S+))/g)) result[key!] = quoted ?? bare ?? '';
	}
	return result;
}

/** Heap ceilings (MB by JVM) plus nonHeapPerJvmMb each, against a budget: [] when within it. */
export function memoryProblems(ceilings: Readonly<Record<string, number>>, budgetMb: number): string[] {
	const total = Object.values(ceilings).reduce((sum, mb) => sum + mb + nonHeapPerJvmMb, 0);
	return total <= budgetMb ? [] : [`heaps ${JSON.stringify(ceilings)} plus ${nonHeapPerJvmMb} MB each make ${total} MB, over ${budgetMb} MB`];
}
