import {readFileSync, readdirSync} from 'node:fs';

/**
 * Reads the recorded Random User API responses in ../shared/randomuser-samples (beside the repo
 * root, as CI lays it out). Tests only: the domain itself never reads files.
 */
export const SAMPLES_DIR = new URL('../../../shared/randomuser-samples/', import.meta.url);

export type ApiVersion = 'v1.4' | 'v1.3';
export const VERSIONS: readonly ApiVersion[] = ['v1.4', 'v1.3'];

const cache = new Map<string, string>();

export function sampleText(file: string): string {
	let text = cache.get(file);
	if (text === undefined) {
		text = readFileSync(new URL(file, SAMPLES_DIR), 'utf8');
		cache.set(file, text);
	}
	return text;
}

export function sampleJson(file: string): unknown {
	return JSON.parse(sampleText(file));
}

/** Files of one version whose name matches, as 'v1.4/name.json', sorted. */
export function sampleFiles(version: ApiVersion, pattern: RegExp): string[] {
	return readdirSync(new URL(`${version}/`, SAMPLES_DIR))
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

/** Nationality files whose every user has id.value null (measured in schema_v1.x.txt). */
export const NULL_ID_VALUE_NATS = [
	['v1.4', 'IR'],
	['v1.4', 'NZ'],
	['v1.4', 'TR'],
	['v1.4', 'UA'],
	['v1.3', 'BR'],
	['v1.3', 'CA'],
	['v1.3', 'DE'],
] as const;
