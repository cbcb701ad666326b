import {Text} from 'ink';
import type {ControlState} from '../../services/ports.js';
import {useTheme} from '../console-context.js';
import type {Theme} from '../theme.js';

const symbols: Record<ControlState, string> = {
	idle: '○',
	starting: '◌',
	running: '▶',
	paused: '⏸',
	stopping: '◌',
	stopped: '■',
	failed: '✕',
};

function color(theme: Theme, state: ControlState): string | undefined {
	if (state === 'running') return theme.ok;
	if (state === 'paused' || state === 'starting' || state === 'stopping') return theme.warn;
	if (state === 'failed') return theme.error;
	return theme.muted;
}

/** A run state as symbol and word (the word carries it without colour). */
export function RunStateText(props: {readonly state: ControlState}) {
	const theme = useTheme();
	return <Text color={color(theme, props.state)} bold>{`${symbols[props.state]} ${props.state}`}</Text>;
}
