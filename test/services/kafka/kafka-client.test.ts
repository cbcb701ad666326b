import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import kafkajs from 'kafkajs';
import {afterAll, describe, expect, it} from 'vitest';
import {ConfigError, UnavailableError, userLine} from '../../../source/domain/errors.js';
import {createKafka, explainKafkaError} from '../../../source/services/kafka/kafka-client.js';
import {silentLogger} from '../../../source/services/logger.js';

describe('the Kafka client recipe', () => {
	const dir = mkdtempSync(join(tmpdir(), 'kafka-client-'));
	afterAll(() => rmSync(dir, {recursive: true, force: true}));

	it('trusts the CA file it is given, which implies TLS', () => {
		const ca = join(dir, 'ca.pem');
		writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n');
		// A client is made without I/O; building it must read the file (and fail below when it cannot).
		expect(() => createKafka({brokers: ['127.0.0.1:1'], clientId: 't', caFile: ca}, silentLogger)).not.toThrow();
	});

	it('names a CA file it cannot read, and the variable to fix', () => {
		const missing = join(dir, 'nope.pem');
		let caught: unknown;
		try {
			createKafka({brokers: ['127.0.0.1:1'], clientId: 't', ssl: true, caFile: missing}, silentLogger);
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(ConfigError);
		expect(userLine(caught)).toMatch(new RegExp(`^Cannot read the Kafka CA file ${missing}: .*Fix USERDATA_KAFKA_CA_FILE`));
	});
});

describe('explainKafkaError', () => {
	it('turns a refused SCRAM login, even wrapped, into one line naming authentication and the settings to check', () => {
		// Its typings declare no arguments; the class passes them on to KafkaJSError (message first).
		const Refusal = kafkajs.KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error;
		const refused = new Refusal('SASL SCRAM SHA512 authentication failed: invalid credentials');
		// How kafkajs wraps the last failure when its retries run out.
		const wrapped = new kafkajs.KafkaJSNumberOfRetriesExceeded(refused, {retryCount: 8, retryTime: 300});
		for (const error of [refused, wrapped]) {
			const explained = explainKafkaError(error);
			expect(explained).toBeInstanceOf(ConfigError);
			expect(userLine(explained)).toMatch(/^Kafka refused the login \(authentication failed\): .*Check USERDATA_SASL_USERNAME and USERDATA_SASL_PASSWORD/);
		}
	});

	it('turns an untrusted broker certificate into a pointer to the CA file setting', () => {
		const error = new kafkajs.KafkaJSConnectionError('Connection error: self-signed certificate in certificate chain');
		expect(userLine(explainKafkaError(error))).toMatch(/^TLS to Kafka failed: .*USERDATA_KAFKA_CA_FILE/);
	});

	it('says what a closed connection after the retries can mean: a secured listener or a broker going down', () => {
		// Exported at run time, missing from the typings.
		const Closed = (kafkajs as unknown as {KafkaJSConnectionClosedError: new (message: string) => Error}).KafkaJSConnectionClosedError;
		const closed = new Closed('Closed connection');
		const wrapped = new kafkajs.KafkaJSNonRetriableError(closed);
		(wrapped as Error & {cause?: unknown}).cause = closed;
		for (const error of [closed, wrapped]) {
			const explained = explainKafkaError(error);
			expect(explained).toBeInstanceOf(UnavailableError);
			expect(userLine(explained)).toMatch(
				/^Kafka closed the connection before it answered\. If its listeners take TLS or SASL, set USERDATA_KAFKA_SSL .*stack env.*stack status/,
			);
		}
		// Under our own error, which already says what failed, it stays as it is.
		const undelivered = new UnavailableError('Kafka did not acknowledge 1000 user(s)', {cause: closed});
		expect(explainKafkaError(undelivered)).toBe(undelivered);
	});

	it('leaves every other error as it is', () => {
		const other = new kafkajs.KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
		expect(explainKafkaError(other)).toBe(other);
		const plain = new Error('something else');
		expect(explainKafkaError(plain)).toBe(plain);
	});
});
