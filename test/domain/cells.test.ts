import {describe, expect, it} from 'vitest';
import {ValidationError} from '../../source/domain/errors.js';
import {cellsToBuffers, cellsToRecord, parseColumn, recordToCells} from '../../source/domain/cells.js';
import {decodeMessage, encodeMessage} from '../../source/domain/message.js';
import {parseRandomUserResponse} from '../../source/domain/randomuser.js';
import {toUserRecord} from '../../source/domain/transform.js';
import {COLUMNS, FAMILIES, QUALIFIERS, type UserRecord, isKnownColumn} from '../../source/domain/user-record.js';
import {VERSIONS, natFiles, sampleJson} from './samples.js';

function records(file: string): UserRecord[] {
	const source = {api_version: '1.4', seed: null, page: null, fetched_at: '2026-11-27T10:00:00.000Z'};
	return parseRandomUserResponse(sampleJson(file)).results.map(user => toUserRecord(user, source, () => 'generated'));
}

const alpha = records('v1.4/results_0001_seed-alpha.json')[0]!;
const persian = records('v1.4/nat_IR_20_seed-natIR.json')[0]!;

describe('the column contract', () => {
	it('has 3 families and 27 columns', () => {
		expect(FAMILIES).toEqual(['info', 'contact', 'address']);
		expect(QUALIFIERS.contact).toEqual(['email', 'phone', 'cell']);
		expect(COLUMNS).toHaveLength(27);
		expect(COLUMNS[0]).toBe('info:gender');
		expect(COLUMNS.at(-1)).toBe('address:timezone_description');
	});

	it.each([
		['info:first_name', true],
		['contact:email', true],
		['address:postcode', true],
		['info:password', false],
		['login:password', false],
		['info', false],
		['info:', false],
		['INFO:first_name', false],
		['info:first_name ', false],
		['', false],
	])('isKnownColumn(%j) is %s', (column, known) => {
		expect(isKnownColumn(column)).toBe(known);
	});
});

describe('parseColumn', () => {
	it.each(COLUMNS)('%s', column => {
		const {family, qualifier} = parseColumn(column);
		expect(`${family}:${qualifier}`).toBe(column);
	});

	it.each([
		['first_name', /^first_name: expected family:qualifier/],
		['', /^\(empty\): expected family:qualifier/],
		['login:password', /^login:password: unknown family 'login' \(known: info, contact, address\)$/],
		['info:password', /^info:password: unknown qualifier 'password' in family info \(known: gender, title, /],
		['contact:', /^contact:: unknown qualifier '' in family contact/],
		['info:first_name:x', /unknown qualifier 'first_name:x'/],
	])('rejects %j', (column, message) => {
		expect(() => parseColumn(column)).toThrow(ValidationError);
		expect(() => parseColumn(column)).toThrow(message);
	});
});

describe('recordToCells', () => {
	it('gives one cell per value, in contract order, only strings', () => {
		const cells = recordToCells(alpha);
		expect(cells).toHaveLength(27);
		expect(cells.map(cell => cell.column)).toEqual(COLUMNS);
		expect(cells[2]).toEqual({column: 'info:first_name', value: 'Benjamin'});
	});

	it('writes no cell for an absent value, and keeps an empty one', () => {
		const cells = recordToCells(persian);
		expect(cells.map(cell => cell.column)).not.toContain('info:id_value');
		expect(cells).toContainEqual({column: 'info:id_name', value: ''});
		expect(cells).toHaveLength(26);
	});

	it('never turns a stray property of a family into a cell', () => {
		const stray = {...alpha, info: {...alpha.info, password: 'secret'}, contact: {...alpha.contact, 'x:y': 'z'}} as typeof alpha;
		expect(recordToCells(stray)).toEqual(recordToCells(alpha));
	});

	it('round-trips every recorded user through cells and back', () => {
		for (const record of records('v1.4/nat_IR_20_seed-natIR.json')) {
			const {source: _source, ...withoutSource} = record;
			expect(cellsToRecord(record.id, recordToCells(record))).toEqual(withoutSource);
		}
	});

	it('LEGO rows have no address:country cell', () => {
		for (const record of records('v1.4/nat_LEGO_20_seed-natLEGO.json')) {
			expect(recordToCells(record).map(cell => cell.column)).not.toContain('address:country');
		}
	});
});

describe('cellsToBuffers', () => {
	it('encodes Perso-Arabic as UTF-8, not latin1', () => {
		const [buffers] = cellsToBuffers([{column: 'info:first_name', value: persian.info.first_name!}]);
		expect(buffers?.column).toEqual(Buffer.from('info:first_name'));
		expect(buffers?.value.toString('utf8')).toBe(persian.info.first_name);
		expect(buffers?.value.length).toBeGreaterThan(persian.info.first_name!.length);
		expect(buffers?.value).not.toEqual(Buffer.from(persian.info.first_name!, 'latin1'));
	});
});

describe('cellsToRecord', () => {
	it('reads a row given as a Map of Buffers (as the Thrift client returns it)', () => {
		const row = new Map(cellsToBuffers(recordToCells(persian)).map(cell => [cell.column, cell.value] as const));
		const {source: _source, ...withoutSource} = persian;
		expect(cellsToRecord(Buffer.from(persian.id), row)).toEqual(withoutSource);
	});

	it('reads a plain object and an array of cells', () => {
		expect(cellsToRecord('k', {'info:first_name': 'Ava', 'contact:email': 'a@b.co'})).toEqual({
			id: 'k',
			info: {first_name: 'Ava'},
			contact: {email: 'a@b.co'},
			address: {},
		});
		expect(cellsToRecord('k', [{column: 'address:city', value: 'ملارد'}]).address).toEqual({city: 'ملارد'});
	});

	it('rejects an unknown column, or skips it when asked', () => {
		expect(() => cellsToRecord('k', {'info:password': 'x'})).toThrow(/^info:password: unknown qualifier/);
		expect(cellsToRecord('k', {'info:password': 'x', 'other:y': 'z'}, {ignoreUnknown: true}).info).toEqual({});
	});

	it('rejects a bad row key', () => {
		expect(() => cellsToRecord('', {})).toThrow(/^row key: empty row key$/);
	});
});

describe.each(VERSIONS)('round trip encode -> decode -> cells -> record, %s', version => {
	it.each(natFiles(version))('%s', file => {
		for (const record of records(file)) {
			const message = encodeMessage(record);
			const decoded = decodeMessage(Buffer.from(message.key), Buffer.from(message.value), message.headers);
			const cells = cellsToBuffers(recordToCells(decoded));
			const back = cellsToRecord(Buffer.from(decoded.id), cells, {source: decoded.source!});
			expect(back).toEqual(record);
		}
	});
});
