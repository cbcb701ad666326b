import {describe, expect, it} from 'vitest';
import {resolveSettings, type Settings} from '../../source/config.js';
import {ValidationError} from '../../source/domain/errors.js';
import {settingsPort} from '../../source/console-wiring/settings-port.js';
import type {SettingsStore} from '../../source/services/settings-store.js';

function setup(env: NodeJS.ProcessEnv, tables: readonly string[] = ['userdata', 'other']) {
	let settings: Settings = resolveSettings({env: {HOME: '/tmp', ...env}});
	const written: Array<Record<string, unknown>> = [];
	const applied: Settings[] = [];
	const store: SettingsStore = {path: '/tmp/settings.json', read: () => ({}), write: values => written.push({...values})};
	const port = settingsPort({
		current: () => settings,
		store,
		apply: async next => {
			applied.push(next);
			settings = next;
		},
		checkTable: async next => {
			if (!tables.includes(next.table)) throw new ValidationError(`table: no table "${next.table}"`, {field: 'table'});
		},
	});
	return {port, written, applied};
}

describe('the console settings port', () => {
	it('writes only what the user changed, never values that came from the environment', async () => {
		const {port, written} = setup({USERDATA_BROKERS: 'kafka.prod:9092', USERDATA_TOPIC: 'prod-users'});
		const shown = port.current();
		expect(shown.brokers).toBe('kafka.prod:9092');
		const result = await port.save({...shown, apiUrl: 'https://api.local/'});
		expect(written).toEqual([{apiUrl: 'https://api.local/'}]);
		expect(result.settings).toMatchObject({brokers: 'kafka.prod:9092', topic: 'prod-users', apiUrl: 'https://api.local/'});
	});

	it('refuses a table HBase does not have, before writing or restarting anything', async () => {
		const {port, written, applied} = setup({});
		await expect(port.save({...port.current(), table: 'nosuch'})).rejects.toMatchObject({field: 'table', message: 'table: no table "nosuch"'});
		expect(written).toEqual([]);
		expect(applied).toEqual([]);
		await port.save({...port.current(), table: 'other'});
		expect(written).toEqual([{table: 'other'}]);
	});

	it('saving nothing changed writes and restarts nothing', async () => {
		const {port, written, applied} = setup({});
		await port.save(port.current());
		expect(written).toEqual([]);
		expect(applied).toEqual([]);
	});
});
