import {readFileSync} from 'node:fs';

let cached: string | undefined;

/**
 * `userdata-tui/<version> (+<homepage>)`, sent with every API request so the operators of a free
 * service can tell who calls them and where to look (instead of node-fetch's anonymous default).
 * package.json is read on the first call and kept: no I/O at import. From source/ and from dist/
 * alike it sits three folders up.
 */
export function userAgent(): string {
	cached ??= userAgentFor(JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as PackageFacts);
	return cached;
}

export interface PackageFacts {
	readonly name: string;
	readonly version: string;
	readonly homepage?: string;
	readonly repository?: string | {readonly url?: string};
}

/** Pure: the header from package.json's facts; without a homepage or repository, the npm page. */
export function userAgentFor(facts: PackageFacts): string {
	const repository = typeof facts.repository === 'string' ? facts.repository : facts.repository?.url;
	const home = facts.homepage ?? repository ?? `https://www.npmjs.com/package/${facts.name}`;
	return `${facts.name}/${facts.version} (+${home})`;
}
