import type {RandomUser, RandomUserInfo} from './randomuser.js';
import {canonicalRowKey} from './row-key.js';
import {type ColumnValues, type Family, type RecordSource, type UserRecord, columnValues} from './user-record.js';

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
type Cells = Record<string, string>;

/** Sets one cell: numbers as the shortest decimal that round-trips, null or missing as no cell. */
function put(cells: Cells, qualifier: string, value: Raw): void {
	if (value === null || value === undefined) return;
	cells[qualifier] = typeof value === 'number' ? String(value) : value;
}

/**
 * The user's values by family, in contract order. Written out field by field rather than from a
 * column table: the producer runs this for every user, and the table version (27 tuples, then
 * "family:qualifier" keys split again) was the largest single cost of its transform.
 */
export function userFamilies(user: RandomUser): Pick<UserRecord, Family> {
	const info: Cells = {};
	const contact: Cells = {};
	const address: Cells = {};
	const {name, login, dob, registered, id, picture, location} = user;
	put(info, 'gender', user.gender);
	put(info, 'title', name?.title);
	put(info, 'first_name', name?.first);
	put(info, 'last_name', name?.last);
	put(info, 'username', login?.username);
	put(info, 'dob', dob?.date);
	put(info, 'age', dob?.age);
	put(info, 'registered', registered?.date);
	put(info, 'nat', user.nat);
	put(info, 'id_name', id?.name);
	put(info, 'id_value', id?.value);
	put(info, 'picture_large', picture?.large);
	put(info, 'picture_medium', picture?.medium);
	put(info, 'picture_thumbnail', picture?.thumbnail);
	put(contact, 'email', user.email);
	put(contact, 'phone', user.phone);
	put(contact, 'cell', user.cell);
	put(address, 'street_number', location?.street?.number);
	put(address, 'street_name', location?.street?.name);
	put(address, 'city', location?.city);
	put(address, 'state', location?.state);
	put(address, 'country', location?.country);
	put(address, 'postcode', location?.postcode);
	put(address, 'latitude', location?.coordinates?.latitude);
	put(address, 'longitude', location?.coordinates?.longitude);
	put(address, 'timezone_offset', location?.timezone?.offset);
	put(address, 'timezone_description', location?.timezone?.description);
	return {info, contact, address};
}

/** The user's values by column; used by `create --json`. */
export function userColumns(user: RandomUser): ColumnValues {
	return columnValues({id: '', ...userFamilies(user)});
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
	return {id, ...userFamilies(apiUser), source};
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
