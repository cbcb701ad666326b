import type {RandomUser, RandomUserInfo} from './randomuser.js';
import {canonicalRowKey} from './row-key.js';
import {type Column, type ColumnValues, type RecordSource, type UserRecord, recordFromColumns} from './user-record.js';

/**
 * Random User API user -> user record. Pure: the only source of randomness, the id for a user
 * without login.uuid (inc=/exc= options), is injected by the caller.
 *
 * Value rules:
 * - text is kept exactly: no trimming (BR/RS street names end in spaces), any script (Persian,
 *   Cyrillic, Serbian Latin);
 * - numbers become decimal strings (postcode 47492 -> "47492", age 74 -> "74");
 * - null or missing -> no cell (IR/NZ/TR/UA id.value is null, LEGO users have no country);
 * - "" is kept as an empty cell: it is what the API sent (IR id.name is ""), and an empty
 *   cell differs from "the API did not send this field" (no cell).
 * - login.password/salt/md5/sha1/sha256 are never read: they are not part of the record.
 */

type Raw = string | number | null | undefined;

function cellText(value: Raw): string | undefined {
	if (value === null || value === undefined) return undefined;
	// String(number) is the shortest decimal that round-trips; API numbers are small integers.
	return typeof value === 'number' ? String(value) : value;
}

/** The user's values by column; used by the producer's transform and by `create --json`. */
export function userColumns(user: RandomUser): ColumnValues {
	const pairs: ReadonlyArray<readonly [Column, Raw]> = [
		['info:gender', user.gender],
		['info:title', user.name?.title],
		['info:first_name', user.name?.first],
		['info:last_name', user.name?.last],
		['info:username', user.login?.username],
		['info:dob', user.dob?.date],
		['info:age', user.dob?.age],
		['info:registered', user.registered?.date],
		['info:nat', user.nat],
		['info:id_name', user.id?.name],
		['info:id_value', user.id?.value],
		['info:picture_large', user.picture?.large],
		['info:picture_medium', user.picture?.medium],
		['info:picture_thumbnail', user.picture?.thumbnail],
		['contact:email', user.email],
		['contact:phone', user.phone],
		['contact:cell', user.cell],
		['address:street_number', user.location?.street?.number],
		['address:street_name', user.location?.street?.name],
		['address:city', user.location?.city],
		['address:state', user.location?.state],
		['address:country', user.location?.country],
		['address:postcode', user.location?.postcode],
		['address:latitude', user.location?.coordinates?.latitude],
		['address:longitude', user.location?.coordinates?.longitude],
		['address:timezone_offset', user.location?.timezone?.offset],
		['address:timezone_description', user.location?.timezone?.description],
	];
	const values: Partial<Record<Column, string>> = {};
	for (const [column, raw] of pairs) {
		const value = cellText(raw);
		if (value !== undefined) values[column] = value;
	}
	return values;
}

/** login.uuid in canonical form, or undefined when the user has none (or an empty one). */
export function userRowKey(user: RandomUser): string | undefined {
	const uuid = user.login?.uuid;
	if (uuid === null || uuid === undefined || uuid.trim() === '') return undefined;
	return canonicalRowKey(uuid, 'login.uuid');
}

/**
 * Builds the record. `assignId` is called once, only when the user has no login.uuid
 * (the producer passes crypto.randomUUID). Throws ValidationError for an unusable uuid.
 */
export function toUserRecord(apiUser: RandomUser, source: RecordSource, assignId: () => string): UserRecord {
	const id = userRowKey(apiUser) ?? canonicalRowKey(assignId(), 'id');
	return recordFromColumns(id, userColumns(apiUser), source);
}

/**
 * The source block for a response. `info` is absent with noinfo, so the caller passes what it
 * asked for; what the server reports wins because it is what was actually served.
 */
export function recordSource(
	info: RandomUserInfo | null | undefined,
	requested: {readonly apiVersion: string; readonly seed?: string; readonly page?: number},
	fetchedAt: Date,
): RecordSource {
	return {
		api_version: info?.version ?? requested.apiVersion,
		seed: info?.seed ?? requested.seed ?? null,
		page: info?.page ?? requested.page ?? null,
		fetched_at: fetchedAt.toISOString(),
	};
}
