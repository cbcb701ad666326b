import {describe, expect, it} from 'vitest';
import {userLine, ValidationError} from '../../../source/domain/errors.js';
import {type HbaseClient} from '../../../source/services/hbase/hbase-client.js';
import {CrudService} from '../../../source/services/crud/crud-service.js';

/** An HbaseClient that records every call and answers none: bad input must never reach it. */
function recordingClient(): {hbase: HbaseClient; calls: string[]} {
	const calls: string[] = [];
	const hbase = new Proxy({} as HbaseClient, {
		get:
			(_target, method) =>
			(...args: unknown[]) => {
				calls.push(`${String(method)}(${args.map(arg => JSON.stringify(arg)).join(', ')})`);
				return Promise.reject(new Error('no HBase in this test'));
			},
	});
	return {hbase, calls};
}

const VALID = {'info:first_name': 'Ava', 'info:last_name': 'Lind', 'contact:email': 'ava@example.com'};

describe('CrudService refuses bad input before any call to HBase', () => {
	const cases: Array<[string, (crud: CrudService) => Promise<unknown>, RegExp]> = [
		['create: unknown family', crud => crud.create({fields: {...VALID, 'foo:bar': 'x'}}), /unknown family 'foo'/],
		['create: unknown qualifier', crud => crud.create({fields: {...VALID, 'info:nope': 'x'}}), /unknown qualifier 'nope'/],
		['create: empty value', crud => crud.create({fields: {...VALID, 'address:city': ''}}), /address:city: empty value/],
		['create: oversized value', crud => crud.create({fields: {...VALID, 'address:city': 'x'.repeat(4097)}}), /value too long/],
		['create: missing email', crud => crud.create({fields: {'info:first_name': 'A', 'info:last_name': 'L'}}), /contact:email: required/],
		['create: key with a control character', crud => crud.create({fields: VALID, id: 'a\u001bb'}), /control character/],
		['get: empty id', crud => crud.get(''), /id: empty row key/],
		['get: id with a control character', crud => crud.get('a\u0000'), /U\+0000/],
		['get: too many versions', crud => crud.get('a', {versions: 4}), /\{versions\}/],
		['update: nothing', crud => crud.update('a', {}), /nothing to update/],
		['update: control character in a value', crud => crud.update('a', {set: {'address:city': 'O\u001b[2Jslo'}}), /control character/],
		['update: bad timestamp', crud => crud.update('a', {set: {'address:city': 'Oslo'}}, {ifUnchangedSince: -5}), /\{if-unchanged-since\}/],
		['update: clear a required cell', crud => crud.update('a', {unset: ['info:last_name']}), /cannot be cleared/],
		['delete: id too long', crud => crud.deleteRow('k'.repeat(129)), /row key too long/],
		['delete: unknown column', crud => crud.deleteCells('a', ['info:nope']), /unknown qualifier/],
		['history: family only', crud => crud.history('a', 'info'), /expected family:qualifier/],
		['restore: bad timestamp', crud => crud.restore('a', 'info:title', 1.5), /timestamp/],
		['scan: bad limit', crud => crud.scan({limit: 0}), /\{limit\}/],
		['scan: bad where', crud => crud.scan({where: 'contact:email'}), /\{where\}/],
		['scan: bad columns', crud => crud.scan({columns: 'infos'}), /unknown family 'infos'/],
		['count: prefix with a control character', crud => crud.count({prefix: '\u0007'}), /\{prefix\}/],
	];

	it.each(cases)('%s', async (_name, call, message) => {
		const {hbase, calls} = recordingClient();
		const error = await call(new CrudService(hbase, 'userdata')).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(ValidationError);
		expect((error as Error).message).toMatch(message);
		// The service runs under the console too: its words name no CLI flag (the CLI renders {tokens}).
		expect(userLine(error)).not.toMatch(/(^|[\s(`])--[a-z]/u);
		expect(calls).toEqual([]);
	});

	it('does not even open a scanner when the start row lies past the prefix', async () => {
		const {hbase, calls} = recordingClient();
		const crud = new CrudService(hbase, 'userdata');
		await expect(crud.scan({prefix: 'a', start: 'b'})).resolves.toEqual({rows: []});
		expect(calls).toEqual([]);
	});
});
