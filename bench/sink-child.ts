/**
 * One sink run in a process of its own, for the RSS of a sink variant (the harness samples this
 * process's VmHWM): `node --import tsx bench/sink-child.ts '<json>'` with {topic, table, group,
 * count, settings}. Prints the SinkRunResult as JSON.
 */
import {benchServices} from './lib/stack.js';
import {sinkRun} from './steps/sink.js';

const input = JSON.parse(process.argv[2] ?? '{}') as {topic: string; table: string; group: string; count: number; settings: object};
const result = await sinkRun(benchServices({topic: input.topic, table: input.table}), input.count, {group: input.group, ...input.settings});
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
