import {readFileSync, readdirSync} from 'node:fs';
import {gunzipSync} from 'node:zlib';

/**
 * The one reader of the recorded Random User API responses in test/fixtures/randomuser (see its
 * README.md). Tests, the API stub and the benchmark all read through here. The largest recordings
 * are stored as `name.json.gz`; callers still ask for `name.json` and get the text unzipped.
 * Tests only: the domain itself never reads files.
 */
export const SAMPLES_DIR = new URL('../fixtures/randomuser/', import.meta.url);

export type ApiVersion = 'v1.4' | 'v1.3';
export const VERSIONS: readonly ApiVersion[] = ['v1.4', 'v1.3'];

const GZIP_SUFFIX = '.gz';
const cache = new Map<string, Buffer>();

/** The recorded bytes of `file` (e.g. 'v1.4/bad_format_xml.txt'), unzipped when stored gzipped. */
export function sampleBytes(file: string): Buffer {
	let bytes = cache.get(file);
	if (bytes === undefined) {
		const names = readdirSync(new URL(file.slice(0, file.lastIndexOf('/') + 1), SAMPLES_DIR));
		const name = file.slice(file.lastIndexOf('/') + 1);
		bytes = names.includes(name) ? readFileSync(new URL(file, SAMPLES_DIR)) : gunzipSync(readFileSync(new URL(file + GZIP_SUFFIX, SAMPLES_DIR)));
		cache.set(file, bytes);
	}
	return bytes;
}

export function sampleText(file: string): string {
	return sampleBytes(file).toString('utf8');
}

export function sampleJson(file: string): unknown {
	return JSON.parse(sampleText(file));
}

/** Files of one version whose name (without any .gz) matches, as 'v1.4/name.json', sorted. */
export function sampleFiles(version: ApiVersion, pattern: RegExp): string[] {
	return readdirSync(new URL(`${version}/`, SAMPLES_DIR))
		.map(name => (name.endsWith(GZIP_SUFFIX) ? name.slice(0, -GZIP_SUFFIX.length) : name))
		.filter(name => pattern.test(name))
		.sort()
		.map(name => `${version}/${name}`);
}

/** The single-nationality files (nat_XX_20_...), as [file, nat]. */
export function natFiles(version: ApiVersion): Array<[string, string]> {
	return sampleFiles(version, /^nat_[A-Z]+_20_/).map(file => [file, /nat_([A-Z]+)_20_/.exec(file)?.[1] ?? '']);
}

/** Every .json sample of both versions. */
export function allJsonFiles(): string[] {
	return VERSIONS.flatMap(version => sampleFiles(version, /\.json$/));
}

export interface RawUser {
	readonly [key: string]: unknown;
	readonly login?: {readonly [key: string]: unknown};
}

/** The users exactly as the server sent them (credentials included). */
export function rawUsers(file: string): RawUser[] {
	return (sampleJson(file) as {results: RawUser[]}).results;
}

/** Nationality files whose every user has id.value null (measured in test/fixtures/randomuser/schema_v1.x.txt). */
export const NULL_ID_VALUE_NATS = [
	['v1.4', 'IR'],
	['v1.4', 'NZ'],
	['v1.4', 'TR'],
	['v1.4', 'UA'],
	['v1.3', 'BR'],
	['v1.3', 'CA'],
	['v1.3', 'DE'],
] as const;
