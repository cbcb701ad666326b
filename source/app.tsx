import {Box, Text, useInput} from 'ink';
import {memo, useCallback, useMemo, useRef, useState} from 'react';
import {ConsoleProvider, type ConsolePorts, type Intent, type IntentRequest, type Navigation, type ScreenId, screenIds, useSnapshot} from './screens/console-context.js';
import {ServiceBanner} from './screens/components/ServiceBanner.js';
import {StatusBar} from './screens/components/StatusBar.js';
import {TabBar} from './screens/components/TabBar.js';
import {useKeymap} from './screens/hooks/use-keymap.js';
import {useTerminalSize} from './screens/hooks/use-terminal-size.js';
import {BrowserScreen} from './screens/BrowserScreen.js';
import {ConsumerScreen} from './screens/ConsumerScreen.js';
import {FormsScreen} from './screens/FormsScreen.js';
import {HelpScreen} from './screens/HelpScreen.js';
import {ProducerScreen} from './screens/ProducerScreen.js';
import {SettingsScreen} from './screens/SettingsScreen.js';
import {DlqScreen} from './screens/DlqScreen.js';
import {TailScreen} from './screens/TailScreen.js';
import {colorTheme, type Theme} from './screens/theme.js';

// Memoised: a hidden screen (same props, not subscribed to the store) is not redrawn at all.
const Producer = memo(ProducerScreen);
const Consumer = memo(ConsumerScreen);
const Browser = memo(BrowserScreen);
const Forms = memo(FormsScreen);
const Settings = memo(SettingsScreen);
const Dlq = memo(DlqScreen);
const Tail = memo(TailScreen);

export interface AppProps extends ConsolePorts {
	readonly theme?: Theme;
	readonly initialScreen?: ScreenId;
	/** Asked to quit: stop the pipeline gracefully, then unmount. `force`: the user insists. */
	readonly onQuit: (options: {readonly force: boolean}) => void;
}

/**
 * The console: screen switching, global keys, providers. No I/O: every service comes in
 * through the ports, so tests render it over fakes.
 */
export function App(props: AppProps) {
	const ports = useMemo<ConsolePorts>(
		() => ({store: props.store, pipeline: props.pipeline, rows: props.rows, settings: props.settings, dlq: props.dlq, tail: props.tail}),
		[props.store, props.pipeline, props.rows, props.settings, props.dlq, props.tail],
	);
	const [screen, setScreen] = useState<ScreenId>(props.initialScreen ?? 'producer');
	const [intent, setIntent] = useState<Intent | undefined>(undefined);
	const [captures, setCaptures] = useState<ReadonlySet<string>>(new Set());
	// The ref is current at once (a key press right after a field opened); the state redraws.
	const capturesRef = useRef<ReadonlySet<string>>(captures);
	// A key that ends an edit (Enter, Esc, Tab on the last field) must not act globally as well:
	// children's input handlers run first, so a capture released during this key still counts.
	const releasedRef = useRef(false);
	const seq = useRef(0);

	const navigation = useMemo<Navigation>(
		() => ({
			navigate(request: IntentRequest | {readonly screen: ScreenId}) {
				setScreen(request.screen);
				if ('mode' in request || 'open' in request) setIntent({...request, seq: ++seq.current});
			},
			setCapture(owner, capturing) {
				const previous = capturesRef.current;
				if (previous.has(owner) === capturing) return;
				const next = new Set(previous);
				if (capturing) next.add(owner);
				else next.delete(owner);
				capturesRef.current = next;
				if (!capturing) {
					releasedRef.current = true;
					queueMicrotask(() => {
						releasedRef.current = false;
					});
				}
				setCaptures(next);
			},
		}),
		[],
	);

	return (
		<ConsoleProvider ports={ports} theme={props.theme ?? colorTheme} navigation={navigation}>
			<Console
				screen={screen}
				setScreen={setScreen}
				intent={intent}
				captured={captures.size > 0}
				isCaptured={() => capturesRef.current.size > 0 || releasedRef.current}
				onQuit={props.onQuit}
			/>
		</ConsoleProvider>
	);
}

interface ConsoleProps {
	readonly screen: ScreenId;
	readonly setScreen: (screen: ScreenId) => void;
	readonly intent: Intent | undefined;
	readonly captured: boolean;
	readonly isCaptured: () => boolean;
	readonly onQuit: AppProps['onQuit'];
}

function Console(props: ConsoleProps) {
	const {columns, rows} = useTerminalSize();
	const snapshot = useSnapshot();
	const [help, setHelp] = useState(false);
	const [quitting, setQuitting] = useState(false);
	const {screen, setScreen, onQuit} = props;

	const quit = useCallback(
		(force: boolean) => {
			setQuitting(true);
			onQuit({force});
		},
		[onQuit],
	);
	const step = (by: number) => {
		const index = screenIds.indexOf(screen);
		setScreen(screenIds[(index + by + screenIds.length) % screenIds.length]!);
	};

	useKeymap(
		['global'],
		{
			'screen.producer': () => setScreen('producer'),
			'screen.consumer': () => setScreen('consumer'),
			'screen.browser': () => setScreen('browser'),
			'screen.forms': () => setScreen('forms'),
			'screen.settings': () => setScreen('settings'),
			'screen.dlq': () => setScreen('dlq'),
			'screen.tail': () => setScreen('tail'),
			'screen.next': () => step(1),
			'screen.previous': () => step(-1),
			'help.toggle': () => setHelp(true),
			'app.quit': () => quit(false),
		},
		!props.captured && !help && !quitting,
		() => !props.isCaptured(),
	);
	// Ctrl-C quits from anywhere, even while typing; a second one does not wait.
	useInput((input, key) => {
		if (input === 'c' && key.ctrl) quit(quitting);
	});

	// Ink clears the whole terminal on every frame as tall as the terminal: stay one line short.
	const height = Math.max(8, rows - 1);
	const banner = snapshot.health.filter(item => item.status === 'down').length > 0 ? 2 : 0;
	const contentHeight = Math.max(3, height - 1 - 2 - banner);
	const active = (id: ScreenId) => id === screen && !help && !quitting;
	const screenProps = (id: ScreenId) => ({
		active: active(id),
		width: columns,
		height: contentHeight,
		intent: props.intent?.screen === id ? props.intent : undefined,
	});
	return (
		<Box flexDirection="column" width={columns} height={height}>
			<TabBar current={screen} width={columns} />
			<ServiceBanner health={snapshot.health} width={columns} />
			<Box flexDirection="column" height={contentHeight} overflow="hidden">
				{quitting ? (
					<Box flexDirection="column" paddingY={1}>
						<Text bold>Stopping the producer and the sink…</Text>
						<Text>The page in flight is sent, and only what HBase acknowledged is committed.</Text>
						<Text>Ctrl-C again: quit at once.</Text>
					</Box>
				) : null}
				{help ? <HelpScreen active={!quitting} screen={screen} width={columns} height={contentHeight} onClose={() => setHelp(false)} /> : null}
				{/* Screens stay mounted (hidden) so a page, a selection or a half-filled form survives switching. */}
				<Box display={active('producer') ? 'flex' : 'none'} flexDirection="column">
					<Producer {...screenProps('producer')} />
				</Box>
				<Box display={active('consumer') ? 'flex' : 'none'} flexDirection="column">
					<Consumer {...screenProps('consumer')} />
				</Box>
				<Box display={active('browser') ? 'flex' : 'none'} flexDirection="column">
					<Browser {...screenProps('browser')} />
				</Box>
				<Box display={active('forms') ? 'flex' : 'none'} flexDirection="column">
					<Forms {...screenProps('forms')} />
				</Box>
				<Box display={active('settings') ? 'flex' : 'none'} flexDirection="column">
					<Settings {...screenProps('settings')} />
				</Box>
				<Box display={active('dlq') ? 'flex' : 'none'} flexDirection="column">
					<Dlq {...screenProps('dlq')} />
				</Box>
				<Box display={active('tail') ? 'flex' : 'none'} flexDirection="column">
					<Tail {...screenProps('tail')} />
				</Box>
			</Box>
			<StatusBar health={snapshot.health} sink={snapshot.sink} settings={snapshot.settings} width={columns} />
		</Box>
	);
}
