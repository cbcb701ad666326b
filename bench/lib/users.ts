import {recordToCells} from '../../source/domain/cells.js';
import {parseRandomUser} from '../../source/domain/randomuser.js';
import {recordSource, toUserRecord} from '../../source/domain/transform.js';
import {type RecordSource, type UserRecord} from '../../source/domain/user-record.js';
import {type RowWrite} from '../../source/services/hbase/hbase-client.js';
import {rawUsers, sampleFiles} from '../../test/domain/samples.js';
import {stubUuid} from '../../test/helpers/randomuser-stub.js';

/**
 * The benchmark's users: the recorded API responses (the 5,000-user page and the 20 users of each
 * recorded nationality, so Persian, Serbian, Ukrainian names, string and number postcodes, null
 * id values and LEGO users without a country all appear), cycled, each copy with its own uuid.
 * The uuid of user i is the stub's stubUuid(seed, page, index) with pages of 1,000 users, so
 * every figure in a run writes the same rows.
 */
export const PAGE_SIZE = 1000;

export interface UserPool {
	/** Records transformed once from the recorded users; ids and sources are replaced per copy. */
	readonly records: readonly UserRecord[];
	/** The cells of each pooled record, shared by every copy (only the row key differs). */
	readonly cells: readonly RowWrite['cells'][];
	readonly nationalities: readonly string[];
}

let pool: Promise<UserPool> | undefined;

export function loadUserPool(): Promise<UserPool> {
	pool ??= (async () => {
		const files = sampleFiles('v1.4', /^(results_5000_seed-delta\.json|nat_[A-Z]{2,4}_.*)$/);
		const source = recordSource(undefined, {apiVersion: '1.4'}, new Date(0));
		const records: UserRecord[] = [];
		const nationalities = new Set<string>();
		for (const file of files) {
			for (const raw of rawUsers(file)) {
				const record = toUserRecord(parseRandomUser(raw), source, () => '00000000-0000-4000-8000-000000000000');
				records.push(record);
				if (record.info.nat) nationalities.add(record.info.nat);
			}
		}
		// Interleave: the nationality files would otherwise sit together at the end of the cycle.
		const mixed: UserRecord[] = [];
		const nat = records.filter((_, i) => i >= 5000);
		const bulk = records.filter((_, i) => i < 5000);
		const every = Math.max(1, Math.floor(bulk.length / Math.max(1, nat.length)));
		for (const [i, record] of bulk.entries()) {
			mixed.push(record);
			if (i % every === 0 && nat.length > 0) mixed.push(nat.shift()!);
		}
		mixed.push(...nat);
		return {records: mixed, cells: mixed.map(recordToCells), nationalities: [...nationalities].sort()};
	})();
	return pool;
}

/** Row key of user `index` of a run (canonical: lowercase). */
export function userKey(seed: string, index: number): string {
	return stubUuid(seed, Math.floor(index / PAGE_SIZE) + 1, index % PAGE_SIZE).toLowerCase();
}

export function userKeys(seed: string, count: number): string[] {
	return Array.from({length: count}, (_, index) => userKey(seed, index));
}

/** Records of one page, as the producer would make them from a response fetched at `fetchedAt`. */
export function pageRecords(users: UserPool, seed: string, page: number, count: number, fetchedAt: Date): UserRecord[] {
	const source: RecordSource = {api_version: '1.4', seed, page: page + 1, fetched_at: fetchedAt.toISOString()};
	const first = page * PAGE_SIZE;
	return Array.from({length: count}, (_, offset) => {
		const index = first + offset;
		const record = users.records[index % users.records.length]!;
		return {...record, id: userKey(seed, index), source};
	});
}

/** The same users as HBase writes: row key and cells, no Kafka, no JSON. */
export function rowWrites(users: UserPool, keys: readonly string[]): RowWrite[] {
	return keys.map((row, index) => ({row, cells: users.cells[index % users.cells.length]!}));
}
