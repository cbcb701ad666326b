/**
 * The table-settings step of the bench alone, for a first look or a rerun of it:
 * `npx tsx bench/micro/table-settings.ts [users] [rounds] [sample keys]` (stack running; the HBase
 * jars cached by `stack up`). Fills one topic, then per round writes it into a table of each
 * setting and prints each figure and its ratio to today's settings in the same run.
 */
import {randomUUID} from 'node:crypto';
import {findJava} from '../../source/services/stack/toolchain.js';
import {stackClasspath} from '../lib/machine.js';
import {BenchResources, benchServices, uniqueName} from '../lib/stack.js';
import {loadUserPool, userKeys} from '../lib/users.js';
import {fillTopic} from '../steps/fill.js';
import {localTableSettingsTarget, tableSettingsRounds} from '../steps/table-settings.js';

const users = Number(process.argv[2] ?? 20_000);
const runs = Number(process.argv[3] ?? 2);
const sampleKeys = Number(process.argv[4] ?? 1000);
const resources = new BenchResources();
const groups: string[] = [];
try {
	const classpath = stackClasspath('hbase');
	if (!classpath) throw new Error('no HBase classpath cached: run `userdata-tui stack up` once');
	const pool = await loadUserPool();
	const seed = `settings-${randomUUID().slice(0, 8)}`;
	const topic = await resources.topic('settings');
	await fillTopic(benchServices({topic}), topic, pool, seed, users);
	const figures = await tableSettingsRounds({
		resources,
		target: localTableSettingsTarget((await findJava()).bin, classpath),
		topic,
		users,
		runs,
		keys: userKeys(seed, users),
		sampleKeys,
		group: kind => {
			const name = uniqueName(kind);
			groups.push(name);
			return name;
		},
		log: line => console.log(line),
	});
	console.log(JSON.stringify(figures, null, '\t'));
} finally {
	await resources.deleteGroups(groups).catch(() => {});
	await resources.cleanup(line => console.error(line));
}
