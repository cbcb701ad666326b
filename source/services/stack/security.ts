import {execFile} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {promisify} from 'node:util';
import {ConfigError} from '../../domain/errors.js';
import {STACK_HOST} from '../../domain/stack-ports.js';
import {type StackLayout} from './layout.js';
import {type Java} from './toolchain.js';

const run = promisify(execFile);

/** The SASL mechanism of the secured stack: the strongest kafkajs speaks. */
export const SECURE_MECHANISM = 'scram-sha-512';

/** The client user `stack env` hands out; the broker logs in to itself as another user. */
export const CLIENT_USER = 'userdata';
const BROKER_USER = 'broker';

/**
 * What a secured stack keeps in its data folder (secure/credentials.json, mode 600): the client
 * user's password, the broker's own SCRAM login, and the key store password. Written once, at the
 * first `stack up --secure`, before Kafka's storage is formatted with these SCRAM users.
 */
export interface StackSecrets {
	readonly user: string;
	readonly password: string;
	readonly brokerUser: string;
	readonly brokerPassword: string;
	readonly storePassword: string;
	/** The CA certificate (PEM) a client trusts: USERDATA_KAFKA_CA_FILE. */
	readonly caFile: string;
	/** PKCS12: the broker's key and certificate, signed by the CA. */
	readonly keystore: string;
	/** PKCS12: the CA alone, for the broker as a client of its own listeners. */
	readonly truststore: string;
}

function credentialsFile(layout: StackLayout): string {
	return join(layout.secureDir, 'credentials.json');
}

/** The secrets of a secured stack, or undefined when the data folder holds a plaintext one. */
export function readSecrets(layout: StackLayout): StackSecrets | undefined {
	const file = credentialsFile(layout);
	if (!existsSync(file)) return undefined;
	return JSON.parse(readFileSync(file, 'utf8')) as StackSecrets;
}

/** Only letters and digits: a password goes into a JAAS line and a `--add-scram` argument unquoted. */
function password(): string {
	return randomBytes(24).toString('hex');
}

/**
 * Makes the CA, the broker's certificate (for 127.0.0.1 and localhost) and the passwords, once.
 * keytool comes with the JDK the stack already needs, so nothing else is required. The folder
 * is 700 and every file in it 600: the key stores and the passwords are the stack's only secret.
 */
export async function ensureSecrets(layout: StackLayout, java: Java): Promise<StackSecrets> {
	const existing = readSecrets(layout);
	if (existing) return existing;
	const dir = layout.secureDir;
	// A half-made folder (an interrupted first start) is made again from nothing.
	rmSync(dir, {recursive: true, force: true});
	mkdirSync(dir, {recursive: true, mode: 0o700});
	const secrets: StackSecrets = {
		user: CLIENT_USER,
		password: password(),
		brokerUser: BROKER_USER,
		brokerPassword: password(),
		storePassword: password(),
		caFile: join(dir, 'ca.pem'),
		keystore: join(dir, 'broker.p12'),
		truststore: join(dir, 'truststore.p12'),
	};
	const keytool = join(dirname(java.bin), 'keytool');
	const store = (file: string) => ['-keystore', file, '-storetype', 'PKCS12', '-storepass', secrets.storePassword];
	const caStore = join(dir, 'ca.p12');
	const csr = join(dir, 'broker.csr');
	const brokerPem = join(dir, 'broker.pem');
	const san = `SAN=IP:${STACK_HOST},DNS:localhost`;
	const steps: string[][] = [
		[
			'-genkeypair',
			'-alias',
			'ca',
			'-keyalg',
			'RSA',
			'-keysize',
			'2048',
			'-validity',
			'3650',
			'-dname',
			'CN=userdata-tui local stack CA',
			'-ext',
			'bc:c',
			...store(caStore),
		],
		['-exportcert', '-rfc', '-alias', 'ca', '-file', secrets.caFile, ...store(caStore)],
		['-genkeypair', '-alias', 'broker', '-keyalg', 'RSA', '-keysize', '2048', '-validity', '3650', '-dname', `CN=${STACK_HOST}`, '-ext', san, ...store(secrets.keystore)],
		['-certreq', '-alias', 'broker', '-file', csr, ...store(secrets.keystore)],
		['-gencert', '-rfc', '-alias', 'ca', '-infile', csr, '-outfile', brokerPem, '-validity', '3650', '-ext', san, ...store(caStore)],
		['-importcert', '-noprompt', '-alias', 'ca', '-file', secrets.caFile, ...store(secrets.keystore)],
		['-importcert', '-noprompt', '-alias', 'broker', '-file', brokerPem, ...store(secrets.keystore)],
		['-importcert', '-noprompt', '-alias', 'ca', '-file', secrets.caFile, ...store(secrets.truststore)],
	];
	for (const args of steps) {
		try {
			await run(keytool, args, {timeout: 60_000});
		} catch (error) {
			throw new ConfigError(`keytool ${args[0]} failed while making the stack's certificates: ${(error as {stderr?: string}).stderr || (error as Error).message}`, {
				cause: error,
				hint: `keytool is expected next to ${java.bin}`,
			});
		}
	}
	rmSync(csr, {force: true});
	writeFileSync(credentialsFile(layout), `${JSON.stringify(secrets, null, 2)}\n`, {mode: 0o600});
	for (const file of [caStore, brokerPem, secrets.caFile, secrets.keystore, secrets.truststore]) chmodSync(file, 0o600);
	return secrets;
}

/** The `--add-scram` arguments of Kafka's storage format: the SCRAM users exist from the first start (KIP-900). */
export function scramFormatArgs(secrets: StackSecrets): string[] {
	return [
		'--add-scram',
		`SCRAM-SHA-512=[name=${secrets.brokerUser},password=${secrets.brokerPassword}]`,
		'--add-scram',
		`SCRAM-SHA-512=[name=${secrets.user},password=${secrets.password}]`,
	];
}
