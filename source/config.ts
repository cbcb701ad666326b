import {homedir} from 'node:os';
import {join, resolve} from 'node:path';
import {z} from 'zod';
import {ConfigError} from './domain/errors.js';
import {onRefusedChoices} from './domain/refusal.js';
import {STACK_HOST, portOffsetFromEnv, portsWithOffset, stackAddress} from './domain/stack-ports.js';

/**
 * Where the local stack keeps its data, logs, configs, pid files and resolved classpaths:
 * one folder, so `stack down` keeps everything and a wipe is one `rm -rf`.
 * Order: --data-dir > USERDATA_HOME > $XDG_DATA_HOME/userdata-tui > ~/.local/share/userdata-tui.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
	if (env.USERDATA_HOME) return resolve(env.USERDATA_HOME);
	const base = env.XDG_DATA_HOME ? resolve(env.XDG_DATA_HOME) : join(homedir(), '.local', 'share');
	return join(base, 'userdata-tui');
}

/**
 * Connection and pipeline settings, resolved once: flags > env (USERDATA_*) > the conf file >
 * defaults. Several pipelines can share one cluster by giving each its own topic and table.
 */
export const settingsSchema = z.object({
	brokers: z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port')).min(1),
	clientId: z.string().min(1),
	kafkaSsl: z.boolean(),
	/** A PEM file of the CA(s) the brokers' certificates chain to, when not a public CA (the secured local stack's). */
	kafkaCaFile: z.string().min(1).optional(),
	saslMechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
	saslUsername: z.string().optional(),
	thriftHost: z.string().min(1),
	thriftPort: z.number().int().min(1).max(65_535),
	topic: z.string().regex(/^[a-zA-Z0-9._-]{1,200}$/, 'letters, digits, ".", "_" and "-" only'),
	table: z.string().regex(/^[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,200}$/, 'letters, digits, "_", "." and "-" only'),
	group: z.string().min(1),
	apiUrl: z.string().url(),
	apiVersion: z.string().regex(/^\d+\.\d+$/, 'expected a version like 1.4'),
	dataDir: z.string().min(1),
	logFile: z.string().min(1),
	/** Rows HBase refuses for a cause waiting will not fix (a missing family or table): wait, or send them to the DLQ. */
	onRefused: z.enum(onRefusedChoices),
	/** Refuse every write (CRUD, init, produce, consume): for pointing the tool at production. */
	readOnly: z.boolean(),
	/** How row keys and values that are not UTF-8 are shown and typed. */
	binaryFormat: z.enum(['hex', 'base64']),
});

export type Settings = z.infer<typeof settingsSchema> & {
	/** From the environment only (USERDATA_SASL_PASSWORD); never printed, never logged. */
	readonly saslPassword?: string;
};

export type SettingKey = keyof z.infer<typeof settingsSchema>;

export const defaults = (env: NodeJS.ProcessEnv = process.env) => {
	const dataDir = defaultDataDir(env);
	// With a shifted local stack (USERDATA_STACK_PORT_OFFSET), the defaults follow it.
	const ports = portsWithOffset(portOffsetFromEnv(env));
	return {
		brokers: [stackAddress(ports.kafka)],
		clientId: 'userdata-tui',
		kafkaSsl: false,
		thriftHost: STACK_HOST,
		thriftPort: ports.thrift,
		topic: 'userdata',
		table: 'userdata',
		group: 'userdata-hbase-sink',
		apiUrl: 'https://randomuser.me/api/',
		apiVersion: '1.4',
		dataDir,
		logFile: join(dataDir, 'logs', 'userdata-tui.log'),
		onRefused: 'wait' as const,
		readOnly: false,
		binaryFormat: 'hex',
	};
};

/** Env names, one per setting: the same words as the flags. */
const envNames: Partial<Record<SettingKey, string>> = {
	brokers: 'USERDATA_BROKERS',
	clientId: 'USERDATA_CLIENT_ID',
	kafkaSsl: 'USERDATA_KAFKA_SSL',
	kafkaCaFile: 'USERDATA_KAFKA_CA_FILE',
	saslMechanism: 'USERDATA_SASL_MECHANISM',
	saslUsername: 'USERDATA_SASL_USERNAME',
	thriftHost: 'USERDATA_THRIFT_HOST',
	thriftPort: 'USERDATA_THRIFT_PORT',
	topic: 'USERDATA_TOPIC',
	table: 'USERDATA_TABLE',
	group: 'USERDATA_GROUP',
	apiUrl: 'USERDATA_API_URL',
	apiVersion: 'USERDATA_API_VERSION',
	dataDir: 'USERDATA_HOME',
	logFile: 'USERDATA_LOG_FILE',
	onRefused: 'USERDATA_ON_REFUSED',
	readOnly: 'USERDATA_READ_ONLY',
	binaryFormat: 'USERDATA_BINARY_FORMAT',
};

export function dlqTopic(topic: string): string {
	return `${topic}.dlq`;
}

function coerce(key: SettingKey, raw: unknown): unknown {
	if (raw === undefined || raw === null || raw === '') return undefined;
	if (key === 'brokers') {
		const list = Array.isArray(raw) ? raw : String(raw).split(',');
		return list.map(item => String(item).trim()).filter(Boolean);
	}
	if (key === 'thriftPort') return typeof raw === 'number' ? raw : Number(String(raw).trim());
	if (key === 'kafkaSsl' || key === 'readOnly') return typeof raw === 'boolean' ? raw : ['1', 'true', 'yes'].includes(String(raw).toLowerCase());
	return typeof raw === 'string' ? raw.trim() : raw;
}

export interface SettingsSources {
	readonly flags?: Partial<Record<SettingKey, unknown>>;
	readonly env?: NodeJS.ProcessEnv;
	readonly file?: Partial<Record<SettingKey, unknown>>;
}

/** Merges the sources in precedence order and validates once, naming the bad setting. */
export function resolveSettings(sources: SettingsSources): Settings {
	const env = sources.env ?? process.env;
	const base = defaults(env) as Record<string, unknown>;
	const merged: Record<string, unknown> = {...base};
	for (const key of Object.keys(settingsSchema.shape) as SettingKey[]) {
		const fromFile = coerce(key, sources.file?.[key]);
		const envName = envNames[key];
		const fromEnv = envName ? coerce(key, env[envName]) : undefined;
		const fromFlag = coerce(key, sources.flags?.[key]);
		const value = fromFlag ?? fromEnv ?? fromFile;
		if (value !== undefined) merged[key] = value;
	}
	// The log file follows a changed data dir unless it was set itself.
	if (merged.dataDir !== base.dataDir && merged.logFile === base.logFile) {
		merged.logFile = join(String(merged.dataDir), 'logs', 'userdata-tui.log');
	}
	const parsed = settingsSchema.safeParse(merged);
	if (!parsed.success) {
		const issue = parsed.error.issues[0]!;
		const key = String(issue.path[0] ?? '');
		const source = envNames[key as SettingKey];
		throw new ConfigError(`Setting ${key} is invalid: ${issue.message} (got ${JSON.stringify(merged[key])})`, {
			hint: `Fix the --${kebab(key)} flag${source ? `, ${source}` : ''} or the config file`,
		});
	}
	const password = env.USERDATA_SASL_PASSWORD;
	if (parsed.data.saslMechanism && (!parsed.data.saslUsername || !password)) {
		throw new ConfigError('SASL needs a username and a password', {
			hint: 'Set USERDATA_SASL_USERNAME and USERDATA_SASL_PASSWORD (the password is read from the environment only)',
		});
	}
	return password ? {...parsed.data, saslPassword: password} : parsed.data;
}

export function kebab(key: string): string {
	return key.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`);
}

/** What may be shown to a user: everything but secrets. */
export function publicSettings(settings: Settings): Record<string, unknown> {
	const {saslPassword, ...rest} = settings;
	return {...rest, saslPassword: saslPassword ? '(set)' : undefined};
}
