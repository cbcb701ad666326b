import {Box, Text} from 'ink';
import type {HealthState} from '../../state/console-store.js';
import {useTheme} from '../console-context.js';
import {inert} from '../../domain/display.js';

const names = {Kafka: 'Kafka', HBase: 'HBase (Thrift gateway)'} as const;

/**
 * Shown while a service is down: what is missing, and how to start it. The health monitor
 * keeps polling, so the banner goes away by itself once the service answers.
 */
export function ServiceBanner(props: {readonly health: readonly HealthState[]; readonly width: number}) {
	const theme = useTheme();
	const down = props.health.filter(item => item.status === 'down');
	if (down.length === 0) return null;
	const what = down.map(item => `${names[item.service]} at ${inert(item.address)}`).join(' and ');
	return (
		<Box flexDirection="column" width={props.width}>
			<Text color={theme.error} wrap="truncate-end">
				{`✕ Not reachable: ${what}.`}
			</Text>
			<Text wrap="truncate-end">
				{'Start it: '}
				<Text bold>userdata-tui stack up</Text>
				{' (or '}
				<Text bold>docker compose up -d</Text>
				{') · reconnects by itself'}
			</Text>
		</Box>
	);
}
