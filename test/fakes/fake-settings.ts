import {ValidationError} from '../../source/domain/errors.js';
import type {ActiveSettings, SettingsPort, SettingsValues} from '../../source/services/ports.js';

export const defaultSettings: ActiveSettings = {
	brokers: '127.0.0.1:9092',
	thriftHost: '127.0.0.1',
	thriftPort: '9090',
	apiUrl: 'https://randomuser.me/api/',
	topic: 'userdata',
	table: 'userdata',
	group: 'userdata-hbase-sink',
};

/** Keeps saved settings in memory; refuses a port that is not a number, as the schema would. */
export class FakeSettingsPort implements SettingsPort {
	readonly saved: SettingsValues[] = [];
	/** Tables HBase has; a save naming another is refused, as the real port checks. */
	tables: readonly string[] = ['userdata', 'other'];
	private settings: ActiveSettings;

	constructor(settings: ActiveSettings = defaultSettings) {
		this.settings = settings;
	}

	current(): ActiveSettings {
		return this.settings;
	}

	async save(values: SettingsValues) {
		if (!/^\d{1,5}$/u.test(values.thriftPort)) {
			throw new ValidationError(`thriftPort: expected a whole number from 1 to 65535 (got ${JSON.stringify(values.thriftPort)})`, {field: 'thriftPort'});
		}
		if (!this.tables.includes(values.table)) throw new ValidationError(`table: HBase has no table "${values.table}"`, {field: 'table'});
		this.saved.push(values);
		this.settings = {...this.settings, ...values};
		return {settings: this.settings, path: '/tmp/userdata-tui/settings.json'};
	}
}
