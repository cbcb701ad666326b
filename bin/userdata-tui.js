#!/usr/bin/env node
// The package's command. The TypeScript sources are compiled to dist/ by `npm install`
// (the prepare script) or `npm run build`.
import {existsSync} from 'node:fs';

const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(entry)) {
	process.stderr.write('userdata-tui is not built yet: run `npm install` (or `npm run build`) in its folder.\n');
	process.exit(1);
}
await import(entry.href);
