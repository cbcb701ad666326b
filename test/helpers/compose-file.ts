import {readFileSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parse} from 'yaml';

/** docker-compose.yml read as data, for the tests that keep it equal to the local stack (no Docker engine needed). */

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const composeText = readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8');
/** The cluster topology (`stack up --cluster`), a compose project of its own. */
export const composeClusterText = readFileSync(join(repoRoot, 'docker-compose.cluster.yml'), 'utf8');

export interface LongPort {
	readonly host_ip?: string;
	readonly published?: string | number;
	readonly target: string | number;
}

export interface Service {
	readonly image?: string;
	readonly build?: string | {readonly context?: string; readonly dockerfile?: string};
	readonly ports?: ReadonlyArray<string | number | LongPort>;
	readonly environment?: Record<string, unknown> | readonly string[];
	readonly volumes?: ReadonlyArray<string | {readonly source?: string; readonly target: string}>;
	readonly healthcheck?: {readonly test?: unknown; readonly disable?: boolean};
	readonly network_mode?: string;
	readonly restart?: string;
	readonly hostname?: string;
	readonly command?: string | readonly string[];
	readonly depends_on?: readonly string[] | Record<string, {readonly condition?: string}>;
	readonly stop_grace_period?: string;
}

export interface Compose {
	readonly name?: string;
	readonly services: Record<string, Service>;
}

export function readCompose(text: string = composeText): Compose {
	return parse(text) as Compose;
}

/** A service's environment as a map, from either of compose's two forms. */
export function environment(service: Service): Record<string, string> {
	const env = service.environment ?? {};
	if (Array.isArray(env)) {
		return Object.fromEntries(
			env.map(line => {
				const at = String(line).indexOf('=');
				return [String(line).slice(0, at), String(line).slice(at + 1)];
			}),
		);
	}
	return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, String(value)]));
}

/** A .properties text as a map (comments and blank lines skipped). */
export function properties(text: string): Map<string, string> {
	const result = new Map<string, string>();
	for (const line of text.split('\n')) {
		const trimmed = line.trim();
		if (trimmed === '' || trimmed.startsWith('#')) continue;
		const at = trimmed.indexOf('=');
		result.set(trimmed.slice(0, at).trim(), trimmed.slice(at + 1).trim());
	}
	return result;
}

// Variables the apache/kafka image hands to the JVM or its scripts, not to server.properties.
export const kafkaNonProperties = new Set([
	'KAFKA_VERSION',
	'KAFKA_HEAP_OPTS',
	'KAFKA_LOG4J_OPTS',
	'KAFKA_OPTS',
	'KAFKA_JMX_OPTS',
	'KAFKA_JVM_PERFORMANCE_OPTS',
	'KAFKA_GC_LOG_OPTS',
	'KAFKA_LOG4J_ROOT_LOGLEVEL',
	'KAFKA_LOG4J_LOGGERS',
	'KAFKA_TOOLS_LOG4J_LOGLEVEL',
]);

/** The image's own rule: KAFKA_A_B → a.b; __ → _; ___ → -. */
export function kafkaPropertyName(variable: string): string {
	return variable
		.slice('KAFKA_'.length)
		.replace(/[^_]_[^_]/g, part => part.replace('_', '.'))
		.replaceAll('___', '-')
		.replaceAll('__', '_')
		.toLowerCase();
}
