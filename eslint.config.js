// Lint before tests, as Ink (xo) and kafkajs (eslint) do: the type-aware promise rules catch the
// bugs a stream processor dies of (an unhandled rejection, an async callback whose promise nobody
// awaits), and the import boundaries keep screens → state → services → domain pointing one way.
import {fileURLToPath} from 'node:url';
import js from '@eslint/js';
import {createTypeScriptImportResolver} from 'eslint-import-resolver-typescript';
import prettier from 'eslint-config-prettier';
import {importX} from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const typeScriptFiles = ['**/*.ts', '**/*.tsx'];

// I/O libraries the pure domain must not import. A regex, so `fs`, `node:fs` and `node:fs/promises`
// are one entry each.
const ioModules = /^(node:)?(fs|net|http|https|http2|tls|dgram|dns|child_process|worker_threads|cluster)(\/.*)?$/;
const ioPackages = ['kafkajs', 'kafkajs/*', 'thrift', 'thrift/*', 'node-fetch', 'conf', 'pino', 'pino/*'];
const uiPackages = ['react', 'react/*', 'react-dom', 'ink', 'ink/*', 'ink-*'];

/**
 * The import boundaries, in a config of their own so that test/lint/boundaries.test.ts can check
 * them without building a TypeScript program (type-aware linting of one file costs seconds).
 *
 * Folders are checked with import-x/no-restricted-paths rather than core no-restricted-imports:
 * it resolves each specifier to the file it names (through the TypeScript resolver, so `./x.js`
 * finds `x.ts`), so `../commands/probes.js`, `../../commands/probes.js` and a dynamic `import()`
 * are caught alike, whatever the relative depth. Packages have no path to resolve, so they are
 * checked by name with core no-restricted-imports, one block per folder (a later block would
 * replace, not extend, an earlier one's options for the same file).
 */
export const boundaries = [
	{
		files: ['source/**/*.{ts,tsx}'],
		plugins: {'import-x': importX},
		settings: {
			'import-x/resolver-next': [createTypeScriptImportResolver({project: fileURLToPath(new URL('tsconfig.json', import.meta.url))})],
		},
		rules: {
			'import-x/no-restricted-paths': [
				'error',
				{
					zones: [
						{
							target: ['./source/screens', './source/app.tsx'],
							from: './source/commands',
							message: 'Screens get what they need by injection; commands are the headless side.',
						},
						{
							target: './source/commands',
							from: ['./source/screens', './source/app.tsx'],
							message: 'Only source/cli.tsx opens the console.',
						},
						{
							target: './source/services',
							from: ['./source/state', './source/screens', './source/app.tsx', './source/commands'],
							message: 'Services hold the I/O and know nothing of state, screens or commands.',
						},
						{
							target: './source/config.ts',
							from: './source/services',
							message: 'Config is validated before any service exists.',
						},
						{
							target: './source/domain',
							from: ['./source/services', './source/state', './source/screens', './source/commands', './source/app.tsx', './source/cli.tsx', './source/config.ts'],
							message: 'The domain is pure and imports only the domain.',
						},
					],
				},
			],
		},
	},
	{
		files: ['source/services/**/*.{ts,tsx}'],
		rules: {
			'no-restricted-imports': ['error', {patterns: [{group: uiPackages, message: 'Services never import React or Ink.'}]}],
		},
	},
	{
		files: ['source/domain/**/*.{ts,tsx}'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{regex: ioModules.source, message: 'The domain is pure: I/O belongs in services.'},
						{group: [...ioPackages, ...uiPackages], message: 'The domain is pure: I/O belongs in services.'},
					],
				},
			],
		},
	},
];

export default tseslint.config(
	{
		ignores: ['dist/', 'source/hbase-thrift/', 'node_modules/', 'stack/*/target/', 'coverage/', 'scratch/', 'bench/.venv/', '.ci/venv/'],
	},
	{
		linterOptions: {reportUnusedDisableDirectives: 'error'},
		languageOptions: {globals: globals.node},
	},
	js.configs.recommended,
	{
		rules: {
			// Control characters in regexes are the point here: outside text is made inert before it
			// reaches the terminal or a row key (see STYLE.md, "Width as the terminal sees it").
			'no-control-regex': 'off',
			// `catch {}` is this code's "ignore": killing a process that is already gone, for one.
			'no-empty': ['error', {allowEmptyCatch: true}],
		},
	},
	{
		files: typeScriptFiles,
		extends: [tseslint.configs.recommendedTypeChecked],
		languageOptions: {
			parserOptions: {projectService: true, tsconfigRootDir: import.meta.dirname},
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			'@typescript-eslint/switch-exhaustiveness-check': ['error', {considerDefaultExhaustiveForUnions: true}],
			// AbortSignal.reason is typed `any`; passing it on is the abort contract, not a string throw.
			'@typescript-eslint/prefer-promise-reject-errors': ['error', {allowThrowingAny: true}],
			// `_`-prefixed names and `{drop, ...rest}` are how this code says "deliberately unused".
			'@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true}],
			// Left out as noise here:
			// - require-await: an `async` port method without `await` is how fakes and close() implement a
			//   Promise-returning interface, so a synchronous throw still arrives as a rejection.
			// - unbound-method: ports, React contexts and kafkajs' EachBatchPayload are declared with method
			//   syntax but built from closures, so destructuring them (`const {heartbeat} = payload`) is
			//   safe and idiomatic; the rule cannot see that and flags every one.
			'@typescript-eslint/require-await': 'off',
			'@typescript-eslint/unbound-method': 'off',
		},
	},
	{
		// Config values arrive as `unknown` from env or the JSON conf file and are coerced with String();
		// an object there becomes '[object Object]', which the zod schema then rejects by key name.
		files: ['source/config.ts'],
		rules: {'@typescript-eslint/no-base-to-string': 'off'},
	},
	{
		// Tests poke at decoded JSON and use asymmetric matchers (`expect.any(Number)` is `any`):
		// the no-unsafe-* family would flag each such line without finding anything.
		files: ['test/**'],
		rules: {
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-unsafe-argument': 'off',
			'@typescript-eslint/no-unsafe-assignment': 'off',
			'@typescript-eslint/no-unsafe-member-access': 'off',
			'@typescript-eslint/no-unsafe-return': 'off',
		},
	},
	{
		files: typeScriptFiles,
		plugins: {'react-hooks': reactHooks},
		rules: {
			'react-hooks/rules-of-hooks': 'error',
			'react-hooks/exhaustive-deps': 'error',
		},
	},
	...boundaries,
	// Last, so it turns off every style rule that would fight the formatter.
	prettier,
);
