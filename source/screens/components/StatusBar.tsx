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
	/** The sink's view of HBase: the gateway may answer while the table refuses writes. */
	readonly sink?: {readonly refused?: string; readonly stalled?: string};
	readonly settings: ActiveSettings;
	readonly width: number;
}

/** HBase as the sink sees it: refusing writes (a missing family…) or not taking them, over the probe's "connected". */
function sinkHealth(item: HealthState, sink: StatusBarProps['sink']): HealthState & {readonly label?: string} {
	if (item.service !== 'HBase' || item.status !== 'connected') return item;
	if (sink?.refused) return {...item, status: 'down', label: 'refusing writes'};
	if (sink?.stalled) return {...item, status: 'reconnecting', label: 'not taking writes'};
	return item;
}

/** Bottom of every screen: each service's health with its address, then the active settings. */
export function StatusBar(props: StatusBarProps) {
	const theme = useTheme();
	const {settings} = props;
	// "connected" means the gateway answers a probe; it must not be shown while the sink's writes are refused or stall.
	const health = props.health.map(item => sinkHealth(item, props.sink));
	return (
		<Box flexDirection="column" width={props.width}>
			<Text wrap="truncate-end">
				{health.map((item, index) => (
					<Text key={item.service}>
						{index > 0 ? '   ' : ''}
						<Text color={healthColor(theme, item.status)}>{healthSymbols[item.status]}</Text>
						<Text bold>{` ${item.service} `}</Text>
						<Text color={healthColor(theme, item.status)}>{item.label ?? item.status}</Text>
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
