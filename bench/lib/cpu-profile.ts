import {readFile} from 'node:fs/promises';

/**
 * A summary of a V8 .cpuprofile (node --cpu-prof): self time by function and by area (our
 * sources, kafkajs, the thrift runtime, zod, node internals, GC, idle), enough to say where a
 * process spends its time without opening a profiler.
 */
interface ProfileNode {
	readonly id: number;
	readonly callFrame: {readonly functionName: string; readonly url: string; readonly lineNumber: number};
	readonly hitCount?: number;
}

interface Profile {
	readonly nodes: readonly ProfileNode[];
	readonly samples: readonly number[];
	readonly timeDeltas: readonly number[];
	readonly startTime: number;
	readonly endTime: number;
}

export interface ProfileEntry {
	readonly name: string;
	readonly ms: number;
	readonly share: number; // of all samples, idle included
}

export interface ProfileSummary {
	readonly totalMs: number;
	readonly busyShare: number; // not idle
	readonly areas: readonly ProfileEntry[];
	readonly functions: readonly ProfileEntry[];
}

export function areaOf(url: string, functionName: string): string {
	if (functionName === '(idle)') return 'idle (waiting on I/O)';
	if (functionName === '(garbage collector)') return 'garbage collector';
	if (functionName === '(program)') return 'V8/native (program)';
	if (url.includes('/node_modules/kafkajs/')) return 'kafkajs (protocol, fetch, decode)';
	if (url.includes('/node_modules/thrift/') || url.includes('/hbase-thrift/') || url.includes('node-int64')) return 'thrift runtime + bindings (encode)';
	if (url.includes('/node_modules/zod/')) return 'zod (message validation)';
	if (url.includes('/node_modules/pino') || url.includes('/node_modules/sonic-boom') || url.includes('thread-stream')) return 'pino (logging)';
	if (url.includes('/node_modules/')) return `other packages (${/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? '?'})`;
	if (url.includes('/domain/')) return 'our domain code (decode, cells)';
	if (url.includes('/services/')) return 'our services (sink, writer, client)';
	if (url.startsWith('node:') || url === '') return functionName === '' ? 'node internals' : `node internals`;
	return 'other';
}

export async function summariseProfile(file: string, top = 15): Promise<ProfileSummary> {
	const profile = JSON.parse(await readFile(file, 'utf8')) as Profile;
	const byId = new Map(profile.nodes.map(node => [node.id, node]));
	const selfMs = new Map<number, number>();
	// timeDeltas[i] is the time before sample i; attribute it to that sample's node.
	for (let i = 0; i < profile.samples.length; i++) {
		const id = profile.samples[i]!;
		selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
	}
	const total = [...selfMs.values()].reduce((a, b) => a + b, 0);
	const areas = new Map<string, number>();
	const functions = new Map<string, number>();
	let idle = 0;
	for (const [id, ms] of selfMs) {
		const node = byId.get(id);
		if (!node) continue;
		const {functionName, url, lineNumber} = node.callFrame;
		const area = areaOf(url, functionName);
		if (functionName === '(idle)') idle += ms;
		areas.set(area, (areas.get(area) ?? 0) + ms);
		const where = url ? `${url.replace(/^file:\/\/.*?\/(node_modules|source|dist)\//, '$1/')}:${lineNumber + 1}` : '';
		const name = `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
		functions.set(name, (functions.get(name) ?? 0) + ms);
	}
	const entries = (map: Map<string, number>) => [...map].map(([name, ms]) => ({name, ms, share: total > 0 ? ms / total : 0})).sort((a, b) => b.ms - a.ms);
	return {
		totalMs: total,
		busyShare: total > 0 ? 1 - idle / total : 0,
		areas: entries(areas),
		functions: entries(functions)
			.filter(entry => !entry.name.startsWith('(idle)'))
			.slice(0, top),
	};
}
