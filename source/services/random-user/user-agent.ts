import {packageFacts, type PackageFacts} from '../package-facts.js';

let cached: string | undefined;

/**
 * `userdata-tui/<version> (+<homepage>)`, sent with every API request so the operators of a free
 * service can tell who calls them and where to look (instead of node-fetch's anonymous default).
 * Built on the first call and kept: no I/O at import.
 */
export function userAgent(): string {
	cached ??= userAgentFor(packageFacts());
	return cached;
}

/** Pure: the header from package.json's facts; without a homepage or repository, the npm page. */
export function userAgentFor(facts: PackageFacts): string {
	const repository = typeof facts.repository === 'string' ? facts.repository : facts.repository?.url;
	const home = facts.homepage ?? repository ?? `https://www.npmjs.com/package/${facts.name}`;
	return `${facts.name}/${facts.version} (+${home})`;
}
