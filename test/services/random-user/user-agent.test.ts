import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {userAgent, userAgentFor} from '../../../source/services/random-user/user-agent.js';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {name: string; version: string};

describe('userAgent', () => {
	it('names this program and its version from package.json', () => {
		expect(pkg.version).toMatch(/^\d+\.\d+\.\d+/);
		expect(userAgent()).toBe(`userdata-tui/${pkg.version} (+https://www.npmjs.com/package/userdata-tui)`);
	});

	it('points at the homepage, else the repository, else the npm page', () => {
		expect(userAgentFor({name: 'x', version: '1.2.3', homepage: 'https://x.example/', repository: 'github:a/x'})).toBe('x/1.2.3 (+https://x.example/)');
		expect(userAgentFor({name: 'x', version: '1.2.3', repository: {url: 'https://github.com/a/x'}})).toBe('x/1.2.3 (+https://github.com/a/x)');
		expect(userAgentFor({name: 'x', version: '1.2.3'})).toBe('x/1.2.3 (+https://www.npmjs.com/package/x)');
	});
});
