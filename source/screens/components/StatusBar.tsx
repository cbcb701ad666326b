import {Box, Text} from 'ink';
import type {ActiveSettings} from '../../services/ports.js';
import type {HealthState, HealthStatus} from '../../state/console-store.js';
import {useTheme} from '../console-context.js';
import {host, inert} from '../../domain/display.js';
import type {Theme} from '../theme.js';

export const healthSymbols: Record<HealthStatus, string> = {
	checking: '…',
	connected: '●',
	reconnecting: '◐',
	down: '✕',
};

export function healthColor(theme: Theme, status: HealthStatus): string | undefined {
	if (status === 'connected') return theme.ok;
	if (status === 'reconnecting') return theme.warn;
	if (status === 'down') return theme.error;
	return theme.muted;
}

export interface StatusBarProps {
	readonly health: readonly HealthState[];
	readonly settings: ActiveSettings;
	readonly width: number;
}

/** Bottom of every screen: each service's health with its address, then the active settings. */
export function StatusBar(props: StatusBarProps) {
	const theme = useTheme();
	const {settings} = props;
	return (
		<Box flexDirection="column" width={props.width}>
			<Text wrap="truncate-end">
				{props.health.map((item, index) => (
					<Text key={item.service}>
						{index > 0 ? '   ' : ''}
						<Text color={healthColor(theme, item.status)}>{healthSymbols[item.status]}</Text>
						<Text bold>{` ${item.service} `}</Text>
						<Text color={healthColor(theme, item.status)}>{item.status}</Text>
						<Text color={theme.muted}>{` ${inert(item.address)}`}</Text>
					</Text>
				))}
			</Text>
			<Text wrap="truncate-end" color={theme.muted}>
				{settings.readOnly ? (
					<Text bold inverse color={theme.warn}>
						{' READ-ONLY '}
					</Text>
				) : null}
				{settings.readOnly ? ' ' : ''}
				{inert(`topic ${settings.topic} → table ${settings.table} · group ${settings.group} · api ${host(settings.apiUrl)}`)}
			</Text>
		</Box>
	);
}
