import {describe, expect, it} from 'vitest';
import {publicSettings, resolveSettings} from '../../source/config.js';
import {ConfigError} from '../../source/domain/errors.js';

describe('settings precedence: flags > env > config file > defaults', () => {
	it('takes defaults when nothing is set', () => {
		const s = resolveSettings({env: {XDG_DATA_HOME: '/xdg'}});
		expect(s).toMatchObject({brokers: ['127.0.0.1:9092'], thriftHost: '127.0.0.1', thriftPort: 9090, topic: 'userdata', table: 'userdata', group: 'userdata-hbase-sink'});
		expect(s.dataDir).toBe('/xdg/userdata-tui');
		expect(s.logFile).toBe('/xdg/userdata-tui/logs/userdata-tui.log');
	});

	it('lets the file beat defaults, env beat the file, and flags beat env', () => {
		const file = {topic: 'from-file', table: 'from_file', thriftPort: 9191};
		const env = {HOME: '/h', USERDATA_TOPIC: 'from-env', USERDATA_BROKERS: 'a:1, b:2'};
		const s = resolveSettings({file, env, flags: {topic: 'from-flag'}});
		expect(s.topic).toBe('from-flag');
		expect(s.brokers).toEqual(['a:1', 'b:2']);
		expect(s.table).toBe('from_file');
		expect(s.thriftPort).toBe(9191);
	});

	it('follows a shifted local stack for the default ports', () => {
		const s = resolveSettings({env: {HOME: '/h', USERDATA_STACK_PORT_OFFSET: '30000'}});
		expect(s.brokers).toEqual(['127.0.0.1:39092']);
		expect(s.thriftPort).toBe(39090);
	});

	it('names the bad setting and where to fix it', () => {
		expect(() => resolveSettings({env: {HOME: '/h', USERDATA_THRIFT_PORT: 'ninety'}})).toThrow(ConfigError);
		expect(() => resolveSettings({env: {HOME: '/h', USERDATA_THRIFT_PORT: 'ninety'}})).toThrow(/thriftPort/);
		expect(() => resolveSettings({env: {HOME: '/h'}, flags: {brokers: 'no-port'}})).toThrow(/brokers.*host:port/);
	});

	it('reads the SASL password from the environment only, and never shows it', () => {
		const env = {HOME: '/h', USERDATA_SASL_MECHANISM: 'plain', USERDATA_SASL_USERNAME: 'u', USERDATA_SASL_PASSWORD: 'pw-123'};
		const s = resolveSettings({env});
		expect(s.saslPassword).toBe('pw-123');
		expect(JSON.stringify(publicSettings(s))).not.toContain('pw-123');
		expect(() => resolveSettings({env: {...env, USERDATA_SASL_PASSWORD: ''}})).toThrow(/SASL needs a username and a password/);
	});
});

describe('the stack port offset in settings', () => {
	it('refuses a bad offset instead of reading it as 0', () => {
		expect(() => resolveSettings({env: {HOME: '/h', USERDATA_STACK_PORT_OFFSET: 'abc'}})).toThrow(/USERDATA_STACK_PORT_OFFSET must be a whole number from 0 to 40000/);
	});
});
