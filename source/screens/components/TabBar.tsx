import {Text} from 'ink';
import {type ScreenId, screenIds, screenTitles, useTheme} from '../console-context.js';

/** Top line: the screens with their keys, the current one inverse. */
export function TabBar(props: {readonly current: ScreenId; readonly width: number}) {
	const theme = useTheme();
	const wide = props.width >= 90;
	return (
		<Text wrap="truncate-end">
			{wide ? (
				<Text bold color={theme.accent}>
					{'userdata-tui  '}
				</Text>
			) : null}
			{screenIds.map((id, index) => (
				<Text key={id}>
					{index > 0 ? ' ' : ''}
					<Text
						inverse={id === props.current}
						bold={id === props.current}
						aria-label={id === props.current ? `${index + 1} ${screenTitles[id]} (current screen)` : undefined}
					>
						{` ${index + 1} ${screenTitles[id]} `}
					</Text>
				</Text>
			))}
			<Text color={theme.muted}>{'  ? help  q quit'}</Text>
		</Text>
	);
}
