import {describe, expect, it} from 'vitest';
import {KafkaJSConnectionError} from 'kafkajs';
import {ConfigError, NotFoundError, UnavailableError, UserdataError, userLine} from '../../../source/domain/errors.js';
import {deserializeError, serializeError} from '../../../source/services/pipeline/producer-messages.js';
import {UndeliveredError} from '../../../source/services/pipeline/user-producer.js';

/** Through structuredClone, as postMessage carries it. */
function across(error: unknown): Error {
	return deserializeError(structuredClone(serializeError(error)));
}

describe('errors across the producer thread', () => {
	it('keeps an UndeliveredError with its count and the words of its cause', () => {
		const back = across(new UndeliveredError(1000, new Error('broker gone')));
		expect(back).toBeInstanceOf(UndeliveredError);
		expect((back as UndeliveredError).undelivered).toBe(1000);
		expect(back.message).toBe('Kafka did not acknowledge 1000 user(s): broker gone');
	});

	it('keeps the class, words and hint the user sees', () => {
		const missing = new NotFoundError('Kafka topic t does not exist', {hint: 'Create it with `userdata-tui init`'});
		const back = across(missing);
		expect(back).toBeInstanceOf(NotFoundError);
		expect(userLine(back)).toBe(userLine(missing));
		const down = across(new UnavailableError('Kafka is unreachable', {hint: 'Start it'}));
		expect(down).toBeInstanceOf(UnavailableError);
		expect((down as UnavailableError).retriable).toBe(true);
	});

	it("explains a refused login in the thread that still has kafkajs's class, so the user is not told to start a running Kafka", () => {
		// kafkajs's typings leave out these constructors' arguments: the names are what it sets.
		const login = Object.assign(new Error('SASL SCRAM SHA512 authentication failed: invalid credentials'), {name: 'KafkaJSSASLAuthenticationError'});
		const back = across(login);
		// Also from inside kafkajs's wrapper, as its retrier hands it on.
		expect(across(Object.assign(new Error(login.message, {cause: login}), {name: 'KafkaJSNonRetriableError'}))).toBeInstanceOf(ConfigError);
		expect(back).toBeInstanceOf(ConfigError);
		expect(userLine(back)).toMatch(/^Kafka refused the login \(authentication failed\): .*invalid credentials\. Check USERDATA_SASL_USERNAME and USERDATA_SASL_PASSWORD/);
		const untrusted = across(new KafkaJSConnectionError('self-signed certificate in certificate chain'));
		expect(userLine(untrusted)).toMatch(/^TLS to Kafka failed: .*USERDATA_KAFKA_CA_FILE/);
	});

	it('turns anything else into a UserdataError with its message', () => {
		const back = across(new TypeError('boom'));
		expect(back).toBeInstanceOf(UserdataError);
		expect(back.message).toBe('boom');
	});
});
