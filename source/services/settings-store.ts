import Conf from 'conf';
import {type SettingKey} from '../config.js';

/**
 * The user's saved settings (the `conf` file), the third source after flags and env.
 * USERDATA_CONFIG_DIR moves it (tests use a temporary folder).
 */
export interface SettingsStore {
	read(): Partial<Record<SettingKey, unknown>>;
	write(values: Partial<Record<SettingKey, unknown>>): void;
	readonly path: string;
}

export function openSettingsStore(env: NodeJS.ProcessEnv = process.env): SettingsStore {
	const conf = new Conf<Record<string, unknown>>({
		projectName: 'userdata-tui',
		cwd: env.USERDATA_CONFIG_DIR || undefined,
		configName: 'settings',
	});
	return {
		path: conf.path,
		read: () => ({...conf.store}),
		write: values => {
			for (const [key, value] of Object.entries(values)) {
				if (value === undefined) conf.delete(key);
				else conf.set(key, value);
			}
		},
	};
}
