import {describe, expect, it} from 'vitest';
import {NotFoundError, UnavailableError, UserdataError, userLine} from '../../../source/domain/errors.js';
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

	it('turns anything else into a UserdataError with its message', () => {
		const back = across(new TypeError('boom'));
		expect(back).toBeInstanceOf(UserdataError);
		expect(back.message).toBe('boom');
	});
});
