/**
 * Micro-benchmark of the producer's per-user CPU path, stage by stage, on the recorded
 * 5,000-user page: JSON.parse of the page, API-user validation, transform, encode.
 * `npx tsx bench/micro/produce-path.ts` prints µs per user for each stage (median of runs).
 */
import {encodeMessage} from '../../source/domain/message.js';
import {parseRandomUser} from '../../source/domain/randomuser.js';
import {recordSource, toUserRecord} from '../../source/domain/transform.js';
import {readEnvelope} from '../../source/domain/randomuser.js';
import {sampleText} from '../../test/domain/samples.js';

const body = sampleText('v1.4/results_5000_seed-delta.json');
const source = recordSource(undefined, {apiVersion: '1.4'}, new Date());
const id = () => '00000000-0000-4000-8000-000000000000';

function time(label: string, fn: () => number, runs = 9): void {
	const samples: number[] = [];
	for (let run = 0; run < runs; run++) {
		const start = process.cpuUsage();
		const users = fn();
		const used = process.cpuUsage(start);
		samples.push((used.user + used.system) / users);
	}
	samples.sort((a, b) => a - b);
	console.log(`${label.padEnd(28)} ${samples[Math.floor(runs / 2)]!.toFixed(2)} µs/user`);
}

const envelope = readEnvelope(body, 'application/json');
const validated = envelope.users.map(user => parseRandomUser(user));
const records = validated.map(user => toUserRecord(user, source, id));
time('parseEnvelope', () => readEnvelope(body, 'application/json').users.length);
time('parseRandomUser', () => envelope.users.map(user => parseRandomUser(user)).length);
time('toUserRecord', () => validated.map(user => toUserRecord(user, source, id)).length);
time('encodeMessage', () => records.map(record => encodeMessage(record)).length);
time('all four', () => readEnvelope(body, 'application/json').users.map(user => encodeMessage(toUserRecord(parseRandomUser(user), source, id))).length);
time('JSON.stringify(record)', () => records.map(record => JSON.stringify(record)).length);
