import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {type Kafka} from 'kafkajs';
import {afterEach, describe, expect, it} from 'vitest';
import {resolveSettings} from '../../../source/config.js';
import {createServices} from '../../../source/services/create-services.js';
import {healthProbes} from '../../../source/services/health/health-probes.js';
import {type KafkaConnectionSettings, type KafkaFactory} from '../../../source/services/kafka/kafka-client.js';
import {silentLogger} from '../../../source/services/logger.js';
import {waitFor} from '../../helpers/wait-for.js';

/** A Kafka factory that records how each client was asked for; its admin answers or fails as told. */
function recordingFactory(failWith?: Error) {
	const made: KafkaConnectionSettings[] = [];
	const calls: string[] = [];
	const factory: KafkaFactory = settings => {
		made.push(settings);
		return {
			admin: (options?: {retry?: {retries?: number}}) => ({
				connect: async () => {
					calls.push(`connect retries=${options?.retry?.retries ?? 'default'}`);
					if (failWith) throw failWith;
				},
				describeCluster: async () => {
					calls.push('describeCluster');
					return {brokers: [], controller: 1, clusterId: 'c'};
				},
				disconnect: async () => {
					calls.push('disconnect');
				},
			}),
		} as unknown as Kafka;
	};
	return {factory, made, calls};
}

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

function securedSettings() {
	const dir = mkdtempSync(join(tmpdir(), 'probes-'));
	dirs.push(dir);
	return resolveSettings({
		env: {
			USERDATA_HOME: dir,
			USERDATA_BROKERS: 'kafka.example:9093',
			USERDATA_KAFKA_SSL: 'true',
			USERDATA_SASL_MECHANISM: 'scram-sha-512',
			USERDATA_SASL_USERNAME: 'tui',
			USERDATA_SASL_PASSWORD: 'secret',
			USERDATA_KAFKA_CA_FILE: '/etc/userdata/ca.pem',
		},
		flags: {},
	});
}

describe('health probes', () => {
	it("the Kafka probe connects with the settings' SSL and SASL, fails fast and disconnects", async () => {
		const settings = securedSettings();
		const {factory, made, calls} = recordingFactory();
		const kafka = healthProbes(settings, silentLogger, factory).find(p => p.service === 'Kafka')!;
		expect(kafka.address()).toBe('kafka.example:9093');
		await kafka.check();
		expect(made).toHaveLength(1);
		expect(made[0]).toMatchObject({
			brokers: ['kafka.example:9093'],
			ssl: true,
			caFile: '/etc/userdata/ca.pem',
			sasl: {mechanism: 'scram-sha-512', username: 'tui', password: 'secret'},
			connectionTimeoutMs: 2000,
			quiet: true,
		});
		expect(calls).toEqual(['connect retries=0', 'describeCluster', 'disconnect']);
	});

	it('a broker that refuses makes the check reject (the status bar shows it down), still disconnecting', async () => {
		const {factory, calls} = recordingFactory(new Error('SASL authentication failed'));
		const kafka = healthProbes(securedSettings(), silentLogger, factory)[0]!;
		await expect(kafka.check()).rejects.toThrow('SASL authentication failed');
		expect(calls.at(-1)).toBe('disconnect');
	});

	it("createServices builds the probes and the pipeline's client through the same factory and settings", async () => {
		const {factory, made} = recordingFactory();
		const settings = securedSettings();
		const services = createServices(settings, {kafkaFactory: factory});
		services.kafka();
		await services.probes.find(p => p.service === 'Kafka')!.check();
		expect(made).toHaveLength(2);
		const [pipeline, probe] = made;
		expect(probe!.sasl).toEqual(pipeline!.sasl);
		expect(probe!.ssl).toBe(pipeline!.ssl);
		expect(probe!.caFile).toBe(pipeline!.caFile);
		expect(probe!.brokers).toEqual(pipeline!.brokers);
		// The log file opens asynchronously: let it, before its folder is removed.
		await waitFor(() => existsSync(settings.logFile), 'the log file', 5000, 10);
	});
});
