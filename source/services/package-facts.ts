import {readFileSync} from 'node:fs';

export interface PackageFacts {
	readonly name: string;
	readonly version: string;
	readonly homepage?: string;
	readonly repository?: string | {readonly url?: string};
}

let cached: PackageFacts | undefined;

/**
 * The package's own name, version and home, for `--version` and the API's User-Agent. Read on
 * the first call and kept: no I/O at import. From source/ and from dist/ alike, package.json
 * sits two folders up.
 */
export function packageFacts(): PackageFacts {
	cached ??= JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as PackageFacts;
	return cached;
}
