import {mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {resolveSettings} from '../../../source/config.js';
import {parsePortOffset, portsWithOffset, stackAddress} from '../../../source/domain/stack-ports.js';
import {healthProbes} from '../../../source/services/health/health-probes.js';
import {createKafka, explainKafkaError} from '../../../source/services/kafka/kafka-client.js';
import {userLine} from '../../../source/domain/errors.js';
import {silentLogger} from '../../../source/services/logger.js';
import {uniqueName} from '../../helpers/ids.js';
import {inCi, tmuxAvailable} from '../../helpers/independent-check.js';
import {readAllRows} from '../../helpers/hbase-read.js';
import {RandomUserStub} from '../../helpers/randomuser-stub.js';
import {runCli} from '../../helpers/run-cli.js';
import {TmuxSession} from '../../helpers/tmux.js';
import {waitFor} from '../../helpers/wait-for.js';

const bin = fileURLToPath(new URL('../../../bin/userdata-tui.js', import.meta.url));

/** The `export NAME='value'` lines of `stack env`, as an environment. */
function parseExports(lines: readonly string[]): Record<string, string> {
	const env: Record<string, string> = {};
	for (const line of lines) {
		const match = /^export (\w+)='(.*)'$/.exec(line);
		if (match) env[match[1]!] = match[2]!.replaceAll(`'\\''`, "'");
	}
	return env;
}

/**
 * `stack up --secure`: a second stack of its own (fresh data folder, private ports) whose Kafka
 * takes SASL/SCRAM-SHA-512 over TLS only. The whole product runs under the `export` lines of
 * `stack env`, as a user would run it after `eval "$(userdata-tui stack env)"`.
 */
describe('a secured local stack (stack up --secure), the product under `stack env`', () => {
	const offset = parsePortOffset(process.env.USERDATA_SECURE_TEST_OFFSET ?? '12000', 'USERDATA_SECURE_TEST_OFFSET');
	const ports = portsWithOffset(offset);
	const dataDir = mkdtempSync(join(tmpdir(), 'userdata-secure-'));
	// Outside dataDir, so removing dataDir cannot race the logger's writes.
	const logFile = join(tmpdir(), `userdata-secure-test-${process.pid}.log`);
	const stackEnv = {...process.env, USERDATA_HOME: dataDir, USERDATA_STACK_PORT_OFFSET: String(offset), USERDATA_LOG_FILE: logFile};
	const stub = new RandomUserStub();
	const topic = uniqueName('secure');
	const table = `userdata_secure_${Date.now()}`;
	let clientEnv: NodeJS.ProcessEnv = {};
	let exported: Record<string, string> = {};
	let apiUrl = '';

	beforeAll(async () => {
		apiUrl = await stub.start();
		const up = await runCli(['stack', 'up', '--secure'], stackEnv);
		expect(up.code, up.io.text()).toBe(0);
		const env = await runCli(['stack', 'env'], stackEnv);
		expect(env.code, env.io.text()).toBe(0);
		exported = parseExports(env.io.stdout);
		clientEnv = {...stackEnv, ...exported, USERDATA_TOPIC: topic, USERDATA_TABLE: table, USERDATA_API_URL: apiUrl};
	});

	afterAll(async () => {
		await stub.close();
		const down = await runCli(['stack', 'down'], stackEnv);
		expect(down.code, down.io.text()).toBe(0);
		rmSync(dataDir, {recursive: true, force: true});
		rmSync(logFile, {force: true});
	});

	it('`stack env` prints every client setting, and the secrets stay owner-only in the data folder', () => {
		expect(exported).toMatchObject({
			USERDATA_BROKERS: stackAddress(ports.kafka),
			USERDATA_KAFKA_SSL: 'true',
			USERDATA_KAFKA_CA_FILE: join(dataDir, 'secure', 'ca.pem'),
			USERDATA_SASL_MECHANISM: 'scram-sha-512',
			USERDATA_SASL_USERNAME: 'userdata',
			USERDATA_THRIFT_PORT: String(ports.thrift),
		});
		expect(exported.USERDATA_SASL_PASSWORD).toMatch(/^[0-9a-f]{48}$/);
		expect(readFileSync(exported.USERDATA_KAFKA_CA_FILE!, 'utf8')).toContain('BEGIN CERTIFICATE');
		expect(statSync(join(dataDir, 'secure')).mode & 0o777).toBe(0o700);
		for (const file of ['credentials.json', 'broker.p12', 'ca.p12', 'ca.pem', 'truststore.p12']) {
			expect(statSync(join(dataDir, 'secure', file)).mode & 0o777, file).toBe(0o600);
		}
		expect(statSync(join(dataDir, 'kafka', 'server.properties')).mode & 0o777).toBe(0o600);
	});

	it('init, produce, consume and CRUD all work through SASL_SSL', async () => {
		const init = await runCli(['init'], clientEnv);
		expect(init.code, init.io.text()).toBe(0);
		expect(init.io.stdout.join('\n')).toContain(`topic ${topic}: created`);

		const produced = await runCli(['produce', '--count', '60', '--batch-size', '20'], clientEnv);
		expect(produced.code, produced.io.text()).toBe(0);
		expect(produced.io.stdout[0]).toBe('fetched 60, sent 60, failed 0, invalid 0');

		const consumed = await runCli(['consume', '--group', uniqueName('sink'), '--max', '60'], clientEnv);
		expect(consumed.code, consumed.io.text()).toBe(0);
		const rows = await readAllRows(table, '127.0.0.1', ports.thrift);
		expect(rows.size).toBe(60);

		const id = [...rows.keys()][0]!;
		const shown = await runCli(['get', id], clientEnv);
		expect(shown.code, shown.io.text()).toBe(0);
		expect(shown.io.stdout[0]).toBe(`row ${id}`);
		expect((await runCli(['update', id, '--set', 'address:city=Tromsø'], clientEnv)).code).toBe(0);
		expect((await readAllRows(table, '127.0.0.1', ports.thrift)).get(id)?.['address:city']).toBe('Tromsø');
		const deleted = await runCli(['delete', id], clientEnv);
		expect(deleted.code, deleted.io.text()).toBe(0);
		const count = await runCli(['count'], clientEnv);
		expect(count.io.stdout[0]).toMatch(/^59 rows in /);
	});

	// Issue 11's last open point: the status bar's probe must log in like the pipeline does.
	it("the console's status-bar Kafka probe connects through the SASL-only listener", async () => {
		const probes = healthProbes(resolveSettings({env: clientEnv}), silentLogger);
		const kafka = probes.find(probe => probe.service === 'Kafka')!;
		expect(kafka.address()).toBe(stackAddress(ports.kafka));
		await expect(kafka.check()).resolves.toBeUndefined();
		// The same probe without the login is refused by this broker: the check above is not vacuous.
		const plaintext = healthProbes(resolveSettings({env: {...clientEnv, USERDATA_KAFKA_SSL: '', USERDATA_KAFKA_CA_FILE: '', USERDATA_SASL_MECHANISM: ''}}), silentLogger);
		await expect(plaintext.find(probe => probe.service === 'Kafka')!.check()).rejects.toThrow();
	});

	it.skipIf(!tmuxAvailable && !inCi)('the console itself shows Kafka connected under `stack env`', async () => {
		if (!tmuxAvailable) throw new Error('tmux is not installed, so the console check cannot run; CI installs it in .ci/run');
		const env = Object.fromEntries(
			Object.entries({...exported, USERDATA_HOME: dataDir, USERDATA_STACK_PORT_OFFSET: String(offset), USERDATA_TOPIC: topic, USERDATA_TABLE: table}).filter(
				(entry): entry is [string, string] => entry[1] !== undefined,
			),
		);
		const session = TmuxSession.start(uniqueName('secure-console'), `${process.execPath} ${bin}`, {
			...env,
			USERDATA_LOG_FILE: logFile,
			USERDATA_CONFIG_DIR: `/tmp/${uniqueName('console-config')}`,
		});
		try {
			await waitFor(() => /● Kafka connected/.test(session.screen()), 'the status bar to show Kafka connected', 60_000);
			expect(session.screen()).toMatch(/● HBase connected/);
		} finally {
			session.kill();
		}
	});

	it('a wrong password is one line naming authentication, exit 1, and no password printed', async () => {
		const wrong = 'not-the-password-7f3a';
		const result = await runCli(['init'], {...clientEnv, USERDATA_SASL_PASSWORD: wrong});
		expect(result.code).toBe(1);
		expect(result.io.stdout).toEqual([]);
		expect(result.io.stderr).toHaveLength(1);
		expect(result.io.stderr[0]).toMatch(/^error: Kafka refused the login \(authentication failed\)/);
		expect(result.io.text()).not.toContain(wrong);
		expect(result.io.text()).not.toContain(exported.USERDATA_SASL_PASSWORD);
		// The producer's client lives in a worker thread, where kafkajs's error class was lost on
		// the way back: it said "Kafka is unreachable … start it". Refused before any API call.
		const produced = await runCli(['produce', '--count', '10'], {...clientEnv, USERDATA_SASL_PASSWORD: wrong, USERDATA_API_URL: 'http://127.0.0.1:9/api/'});
		expect(produced.code).toBe(1);
		expect(produced.io.stderr.at(-1)).toMatch(/^error: Kafka refused the login \(authentication failed\)/);
		expect(produced.io.text()).not.toContain(wrong);
	});

	it('a plaintext client is refused, and so is TLS without the CA', async () => {
		const plain = createKafka({brokers: [stackAddress(ports.kafka)], clientId: 'plaintext', connectionTimeoutMs: 3000}, silentLogger).admin({retry: {retries: 0}});
		await expect(plain.connect().then(async () => plain.describeCluster())).rejects.toThrow();
		await plain.disconnect().catch(() => {});

		// kafkajs retries a failed handshake for about a minute; one attempt shows the same refusal.
		const sasl = {mechanism: 'scram-sha-512' as const, username: exported.USERDATA_SASL_USERNAME!, password: exported.USERDATA_SASL_PASSWORD!};
		const noCa = createKafka({brokers: [stackAddress(ports.kafka)], clientId: 'no-ca', ssl: true, sasl}, silentLogger).admin({retry: {retries: 0}});
		const refused = await noCa.connect().then(
			() => undefined,
			(error: unknown) => error,
		);
		await noCa.disconnect().catch(() => {});
		expect(userLine(explainKafkaError(refused))).toMatch(/^TLS to Kafka failed: .*certificate.*USERDATA_KAFKA_CA_FILE/);
	});
});
