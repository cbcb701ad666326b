import {fileURLToPath} from 'node:url';
import {ESLint, type Linter} from 'eslint';
import tseslint from 'typescript-eslint';
import {beforeAll, describe, expect, it} from 'vitest';

/**
 * The import boundaries of eslint.config.js, checked on code written here: each wrong-way import
 * must be reported and each right-way one must pass. The boundary block is linted without type
 * information (building the TypeScript program for one file costs seconds); the rules it holds need
 * none, only the resolver, which finds the real files these imports name.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
// Through a variable, so TypeScript does not ask for declarations of a plain JS config file.
const configUrl = new URL('../../eslint.config.js', import.meta.url).href;

let eslint: ESLint;
beforeAll(async () => {
	const config = (await import(configUrl)) as {boundaries: Linter.Config[]};
	eslint = new ESLint({
		cwd: root,
		overrideConfigFile: true,
		overrideConfig: [{files: ['**/*.{ts,tsx}'], languageOptions: {parser: tseslint.parser}}, ...config.boundaries],
	});
});

/** The boundary findings for `code` as if it were the file at `filePath`, as `rule: message`. */
async function findings(filePath: string, code: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, {filePath});
	const messages = result?.messages ?? [];
	// A parse error would pass every "is reported" case for the wrong reason.
	expect(messages.filter(message => message.fatal)).toEqual([]);
	return messages.map(message => `${message.ruleId}: ${message.message}`);
}

describe('import boundaries', () => {
	it.each([
		['screens → commands', 'source/screens/Bad.tsx', "import {runProgram} from '../commands/program.js';"],
		['screens → commands, a type only', 'source/screens/wiring/bad.ts', "import {type CommandContext} from '../../commands/program.js';"],
		['screens → commands, a dynamic import', 'source/screens/Bad.tsx', "export const crud = () => import('../commands/crud.js');"],
		['app → commands', 'source/app.tsx', "import {registerCrudCommands} from './commands/crud.js';"],
		['commands → screens', 'source/commands/bad.ts', "import {colorTheme} from '../screens/theme.js';"],
		['commands → the console entry', 'source/commands/bad.ts', "export const open = () => import('../screens/open-console.js');"],
		['services → screens', 'source/services/pipeline/bad.ts', "import {colorTheme} from '../../screens/theme.js';"],
		['services → state', 'source/services/bad.ts', "import {RingBuffer} from '../state/ring-buffer.js';"],
		['config → services', 'source/config.ts', "import {createLogger} from './services/logger.js';"],
		['domain → services', 'source/domain/bad.ts', "import {createLogger} from '../services/logger.js';"],
		['domain → screens', 'source/domain/bad.ts', "import {colorTheme} from '../screens/theme.js';"],
	])('reports %s', async (_, filePath, code) => {
		expect(await findings(filePath, code)).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: Unexpected path/u)]);
	});

	it.each([
		['services → react', 'source/services/bad.ts', "import {useState} from 'react';"],
		['services → ink', 'source/services/bad.ts', "import {Text} from 'ink';"],
		['domain → node:fs', 'source/domain/bad.ts', "import {readFileSync} from 'node:fs';"],
		['domain → fs/promises', 'source/domain/bad.ts', "import {readFile} from 'fs/promises';"],
		['domain → node:child_process', 'source/domain/bad.ts', "import {spawn} from 'node:child_process';"],
		['domain → kafkajs', 'source/domain/bad.ts', "import {Kafka} from 'kafkajs';"],
		['domain → thrift', 'source/domain/bad.ts', "import thrift from 'thrift';"],
		['domain → pino', 'source/domain/bad.ts', "import {pino} from 'pino';"],
		['domain → ink', 'source/domain/bad.ts', "import {Text} from 'ink';"],
	])('reports %s', async (_, filePath, code) => {
		expect(await findings(filePath, code)).toEqual([expect.stringMatching(/^no-restricted-imports: /u)]);
	});

	it.each([
		['screens → state', 'source/screens/Good.tsx', "import {RingBuffer} from '../state/ring-buffer.js';"],
		['screens → services and ink', 'source/screens/Good.tsx', "import {Text} from 'ink';\nimport {type Logger} from '../services/logger.js';"],
		['cli → the console entry', 'source/cli.tsx', "export const open = () => import('./screens/open-console.js');"],
		['commands → services', 'source/commands/good.ts', "import {createLogger} from '../services/logger.js';"],
		['services → domain and node:fs', 'source/services/good.ts', "import {readFileSync} from 'node:fs';\nimport {ConfigError} from '../domain/errors.js';"],
		['config → domain', 'source/config.ts', "import {ConfigError} from './domain/errors.js';"],
		['domain → domain and zod', 'source/domain/good.ts', "import {z} from 'zod';\nimport {ConfigError} from './errors.js';"],
		['domain → node:buffer', 'source/domain/good.ts', "import {Buffer} from 'node:buffer';"],
	])('lets %s pass', async (_, filePath, code) => {
		expect(await findings(filePath, code)).toEqual([]);
	});

	it('is part of the config that `npm run lint` uses', async () => {
		const real = new ESLint({cwd: root});
		const config = (await real.calculateConfigForFile('source/domain/cells.ts')) as Linter.Config;
		expect(config.rules?.['import-x/no-restricted-paths']).toEqual([2, expect.objectContaining({zones: expect.any(Array)})]);
		expect(config.rules?.['no-restricted-imports']).toEqual([2, expect.objectContaining({patterns: expect.any(Array)})]);
	});
});
