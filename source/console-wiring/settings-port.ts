import {settingsSchema, type Settings} from '../config.js';
import {ValidationError} from '../domain/errors.js';
import type {SettingsStore} from '../services/settings-store.js';
import {type ActiveSettings, EDITABLE_SETTINGS, type EditableSetting, type SettingsPort, type SettingsValues} from '../services/ports.js';

export function activeSettings(settings: Settings): ActiveSettings {
	return {
		brokers: settings.brokers.join(','),
		thriftHost: settings.thriftHost,
		thriftPort: String(settings.thriftPort),
		apiUrl: settings.apiUrl,
		topic: settings.topic,
		table: settings.table,
		group: settings.group,
		readOnly: settings.readOnly,
		binaryFormat: settings.binaryFormat,
	};
}

/** The typed text as settings values, each checked by the settings schema; the error names the setting. */
export function parseEditable(values: SettingsValues): Pick<Settings, EditableSetting> {
	const raw: Record<EditableSetting, unknown> = {
		brokers: values.brokers
			.split(',')
			.map(item => item.trim())
			.filter(Boolean),
		thriftHost: values.thriftHost.trim(),
		thriftPort: values.thriftPort.trim() === '' ? undefined : Number(values.thriftPort.trim()),
		apiUrl: values.apiUrl.trim(),
		topic: values.topic.trim(),
		table: values.table.trim(),
	};
	const parsed: Record<string, unknown> = {};
	for (const key of EDITABLE_SETTINGS) {
		const result = settingsSchema.shape[key].safeParse(raw[key]);
		if (!result.success) {
			const reason = result.error.issues[0]?.message ?? 'invalid';
			throw new ValidationError(`${key}: ${reason} (got ${JSON.stringify(values[key])})`, {field: key});
		}
		parsed[key] = result.data;
	}
	return parsed as Pick<Settings, EditableSetting>;
}

/**
 * Settings saved with `conf` and applied at once: `apply` rebuilds the services (connections,
 * sink, producer) from the new settings.
 */
export function settingsPort(options: {
	readonly current: () => Settings;
	readonly store: SettingsStore;
	readonly apply: (settings: Settings) => Promise<void>;
}): SettingsPort {
	return {
		current: () => activeSettings(options.current()),
		async save(values) {
			const edited = parseEditable(values);
			const next: Settings = {...options.current(), ...edited};
			options.store.write(edited);
			await options.apply(next);
			return {settings: activeSettings(next), path: options.store.path};
		},
	};
}
