/**
 * The user record: what lands in HBase table `userdata`, one row per user.
 *
 * This is the contract shared by the producer, the sink, the CRUD commands and the screens:
 * three column families with a fixed set of qualifiers. Every value is a string (numbers as
 * decimal strings); a value the API did not send has no cell at all, never "null".
 */

export const FAMILIES = ['info', 'contact', 'address'] as const;
export type Family = (typeof FAMILIES)[number];

export const QUALIFIERS = {
	info: [
		'gender',
		'title',
		'first_name',
		'last_name',
		'username',
		'dob',
		'age',
		'registered',
		'nat',
		'id_name',
		'id_value',
		'picture_large',
		'picture_medium',
		'picture_thumbnail',
	],
	contact: ['email', 'phone', 'cell'],
	address: ['street_number', 'street_name', 'city', 'state', 'country', 'postcode', 'latitude', 'longitude', 'timezone_offset', 'timezone_description'],
} as const satisfies Record<Family, readonly string[]>;

export type Qualifier<F extends Family = Family> = (typeof QUALIFIERS)[F][number];

/** 'family:qualifier', as HBase names a column. */
export type Column = {[F in Family]: `${F}:${Qualifier<F>}`}[Family];

/** Every known column, in contract order (families, then qualifiers as listed above). */
export const COLUMNS: readonly Column[] = FAMILIES.flatMap(family => QUALIFIERS[family].map(qualifier => `${family}:${qualifier}` as Column));

const columnSet: ReadonlySet<string> = new Set(COLUMNS);

export type FamilyValues<F extends Family> = {readonly [Q in Qualifier<F>]?: string};

/** Column -> value, for the values a record actually has. */
export type ColumnValues = {readonly [C in Column]?: string};

/** Where a record came from; carried in the Kafka message, not stored in HBase. */
export interface RecordSource {
	readonly api_version: string;
	readonly seed: string | null;
	readonly page: number | null;
	/** ISO 8601 instant the producer received the response. */
	readonly fetched_at: string;
}

export interface UserRecord {
	/** Row key: the user's login.uuid, lowercase (see row-key.ts). */
	readonly id: string;
	readonly info: FamilyValues<'info'>;
	readonly contact: FamilyValues<'contact'>;
	readonly address: FamilyValues<'address'>;
	/** Present on records from the producer; records made by the CRUD commands have none. */
	readonly source?: RecordSource;
}

export function isKnownFamily(family: string): family is Family {
	return (FAMILIES as readonly string[]).includes(family);
}

export function isKnownQualifier(family: Family, qualifier: string): boolean {
	return (QUALIFIERS[family] as readonly string[]).includes(qualifier);
}

/** True for 'info:first_name' and the other contract columns; false for anything else. */
export function isKnownColumn(column: string): column is Column {
	return columnSet.has(column);
}

/** The record's values by column, in contract order; absent values are left out. */
export function columnValues(record: UserRecord): ColumnValues {
	const values: Partial<Record<Column, string>> = {};
	for (const family of FAMILIES) {
		const cells = record[family] as Readonly<Record<string, string | undefined>>;
		for (const qualifier of QUALIFIERS[family]) {
			const value = cells[qualifier];
			if (value !== undefined) values[`${family}:${qualifier}` as Column] = value;
		}
	}
	return values;
}

/** Builds a record from values by column. Columns are typed, so no check is needed here. */
export function recordFromColumns(id: string, values: ColumnValues, source?: RecordSource): UserRecord {
	const families: Record<Family, Record<string, string>> = {info: {}, contact: {}, address: {}};
	for (const column of COLUMNS) {
		const value = values[column];
		if (value === undefined) continue;
		const [family, qualifier] = column.split(':') as [Family, string];
		families[family][qualifier] = value;
	}
	return source === undefined ? {id, ...families} : {id, ...families, source};
}
