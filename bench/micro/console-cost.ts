/**
 * The console figure of the full bench alone: `npx tsx bench/micro/console-cost.ts [rounds] [window s]`
 * (stack and tmux needed). Each round runs the pipeline with the console open in tmux, then
 * headless, as the full bench does, and prints console ÷ headless.
 */
import {randomUUID} from 'node:crypto';
import {buildCli} from '../lib/cli.js';
import {BenchResources} from '../lib/stack.js';
import {startStub} from '../lib/stub.js';
import {consoleRate, headlessRate} from '../steps/console.js';

const rounds = Number(process.argv[2] ?? 2);
const windowMs = Number(process.argv[3] ?? 30) * 1000;
const resources = new BenchResources();
const stub = await startStub();
const cli = await buildCli();
try {
	for (let round = 0; round < rounds; round++) {
		const rates: Record<string, number> = {};
		for (const mode of ['console', 'headless'] as const) {
			const target = {topic: await resources.topic(mode), table: await resources.table(mode), group: `bench_${mode}_${randomUUID().slice(0, 8)}`, apiUrl: stub.baseUrl};
			const admin = resources.services.kafka().admin();
			await admin.connect();
			try {
				rates[mode] = await (mode === 'console' ? consoleRate : headlessRate)(cli, admin, target, 5000, windowMs);
			} finally {
				await admin.disconnect().catch(() => {});
			}
			await resources.dropTable(target.table);
			await resources.deleteTopic(target.topic);
		}
		console.log(
			`round ${round + 1}: console ${Math.round(rates['console']!)}, headless ${Math.round(rates['headless']!)} rows/s; console ÷ headless ${(rates['console']! / rates['headless']!).toFixed(2)}`,
		);
	}
} finally {
	await cli.dispose();
	await stub.close();
	await resources.cleanup();
}
