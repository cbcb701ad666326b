import {describe, expect, it} from 'vitest';
import {stackEnvironment} from '../../../source/commands/stack.js';
import {portsWithOffset} from '../../../source/domain/stack-ports.js';
import {kafkaServerProperties} from '../../../source/services/stack/configs.js';
import {stackLayout} from '../../../source/services/stack/layout.js';
import {scramFormatArgs, type StackSecrets} from '../../../source/services/stack/security.js';

const secrets: StackSecrets = {
	user: 'userdata',
	password: 'c0ffee',
	brokerUser: 'broker',
	brokerPassword: 'b0b0',
	storePassword: 'st0re',
	caFile: '/data/secure/ca.pem',
	keystore: '/data/secure/broker.p12',
	truststore: '/data/secure/truststore.p12',
};

function properties(text: string): Map<string, string> {
	return new Map(
		text
			.split('\n')
			.filter(line => line.includes('=') && !line.startsWith('#'))
			.map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
	);
}

describe('the secured stack configuration', () => {
	const layout = stackLayout('/data');
	const ports = portsWithOffset(1000);

	it('Kafka listens with SASL_SSL and TLS only, never in plaintext', () => {
		const props = properties(kafkaServerProperties(layout, ports, secrets));
		expect(props.get('listeners')).toBe('SASL_SSL://127.0.0.1:10092,CONTROLLER://127.0.0.1:10093');
		expect(props.get('listener.security.protocol.map')).toBe('CONTROLLER:SSL,SASL_SSL:SASL_SSL');
		expect(props.get('listener.security.protocol.map')).not.toContain('PLAINTEXT');
		expect(props.get('inter.broker.listener.name')).toBe('SASL_SSL');
		expect(props.get('sasl.enabled.mechanisms')).toBe('SCRAM-SHA-512');
		expect(props.get('listener.name.controller.ssl.client.auth')).toBe('required');
		expect(props.get('listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config')).toContain('username="broker" password="b0b0"');
		expect(props.get('ssl.keystore.location')).toBe(secrets.keystore);
	});

	it('a plaintext stack keeps its plaintext listeners', () => {
		const props = properties(kafkaServerProperties(layout, ports));
		expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.1:10092,CONTROLLER://127.0.0.1:10093');
		expect(props.has('sasl.enabled.mechanisms')).toBe(false);
	});

	it('the SCRAM users are written at format time, the broker and the client', () => {
		expect(scramFormatArgs(secrets)).toEqual([
			'--add-scram',
			'SCRAM-SHA-512=[name=broker,password=b0b0]',
			'--add-scram',
			'SCRAM-SHA-512=[name=userdata,password=c0ffee]',
		]);
	});

	it('`stack env` gives a client every setting, and unsets the secure ones for a plaintext stack', () => {
		expect(Object.fromEntries(stackEnvironment(ports, secrets))).toEqual({
			USERDATA_BROKERS: '127.0.0.1:10092',
			USERDATA_THRIFT_HOST: '127.0.0.1',
			USERDATA_THRIFT_PORT: '10090',
			USERDATA_KAFKA_SSL: 'true',
			USERDATA_KAFKA_CA_FILE: '/data/secure/ca.pem',
			USERDATA_SASL_MECHANISM: 'scram-sha-512',
			USERDATA_SASL_USERNAME: 'userdata',
			USERDATA_SASL_PASSWORD: 'c0ffee',
		});
		const plain = Object.fromEntries(stackEnvironment(ports, undefined));
		expect(plain.USERDATA_BROKERS).toBe('127.0.0.1:10092');
		expect(plain.USERDATA_SASL_PASSWORD).toBeUndefined();
		expect(Object.keys(plain)).toContain('USERDATA_SASL_PASSWORD');
	});
});
