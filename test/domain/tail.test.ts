import {describe, expect, it} from 'vitest';
import {encodeMessage} from '../../source/domain/message.js';
import {displayName, parseSince, tailMatches, tailRecord} from '../../source/domain/tail.js';

const message = (value: Buffer | string | null, offset = '7') => ({
	offset,
	timestamp: '1700000000000',
	key: Buffer.from('k'),
	value: typeof value === 'string' ? Buffer.from(value) : value,
});

describe('tail records', () => {
	const encoded = encodeMessage({id: 'abc', info: {first_name: 'Ola', last_name: 'Nordmann'}, contact: {email: 'ola@example.no'}, address: {city: 'Oslo'}});
	const user = tailRecord(2, {offset: '5', timestamp: '1700000000000', key: Buffer.from(encoded.key), value: Buffer.from(encoded.value), headers: encoded.headers});

	it('decodes a user, and says why when a record is not one', () => {
		expect(user).toMatchObject({partition: 2, offset: '5', timestamp: 1_700_000_000_000, key: 'abc'});
		expect(displayName(user.record)).toBe('Ola Nordmann');
		const garbage = tailRecord(0, message('not json'));
		expect(garbage.record).toBeUndefined();
		expect(garbage.problem).toMatch(/^value: not JSON/u);
	});

	it('filters by row key and by a column (contains in any case, or equals)', () => {
		expect(tailMatches(user, {})).toBe(true);
		expect(tailMatches(user, {key: 'abc'})).toBe(true);
		expect(tailMatches(user, {key: 'abd'})).toBe(false);
		expect(tailMatches(user, {where: {column: 'address:city', match: 'contains', text: 'OS'}})).toBe(true);
		expect(tailMatches(user, {where: {column: 'address:city', match: 'equals', text: 'oslo'}})).toBe(false);
		expect(tailMatches(user, {where: {column: 'address:state', match: 'contains', text: 'x'}})).toBe(false);
		expect(tailMatches(tailRecord(0, message('x')), {where: {column: 'address:city', match: 'contains', text: 'o'}})).toBe(false);
	});
});

describe('parseSince', () => {
	const now = Date.parse('2026-03-01T12:00:00.000Z');
	it.each([
		['2026-03-01T10:30:00Z', Date.parse('2026-03-01T10:30:00Z')],
		['1772361000000', 1_772_361_000_000],
		['90s', now - 90_000],
		['15m', now - 900_000],
		['2h', now - 7_200_000],
		['1d', now - 86_400_000],
	])('%s', (text, ms) => {
		expect(parseSince(text, now)).toBe(ms);
	});

	it.each(['yesterday', '15 minutes', '12', ''])('refuses %j', text => {
		expect(() => parseSince(text, now)).toThrow(/expected a time/u);
	});
});
