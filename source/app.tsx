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
import {CommandPalette, PALETTE_SUGGESTIONS} from './screens/components/CommandPalette.js';
import {usePrompt} from './screens/hooks/use-prompt.js';
import {useCapture} from './screens/hooks/use-capture.js';
import {Question} from './screens/components/Question.js';
import {errorLine} from './screens/error-line.js';
import {paletteChoice} from './screens/palette.js';
import {type Clipboard, usePorts, useNavigation} from './screens/console-context.js';

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
	readonly clipboard?: Clipboard;
	/** Said once at the start (e.g. keymap entries of the settings file that could not be used). */
	readonly notice?: string;
	/** Asked to quit: stop the pipeline gracefully, then unmount. `force`: the user insists. */
	readonly onQuit: (options: {readonly force: boolean}) => void;
}

/**
 * The console: screen switching, global keys, providers. No I/O: every service comes in
 * through the ports, so tests render it over fakes.
 */
export function App(props: AppProps) {
	const ports = useMemo<ConsolePorts>(
		() => ({store: props.store, pipeline: props.pipeline, rows: props.rows, settings: props.settings, dlq: props.dlq, tail: props.tail, clipboard: props.clipboard}),
		[props.store, props.pipeline, props.rows, props.settings, props.dlq, props.tail, props.clipboard],
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
	const unsavedRef = useRef(new Map<string, string>());

	const navigation = useMemo<Navigation>(
		() => ({
			navigate(request: IntentRequest | {readonly screen: ScreenId}) {
				setScreen(request.screen);
				if ('mode' in request || 'open' in request || 'query' in request) setIntent({...request, seq: ++seq.current});
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
			setUnsaved(owner, what) {
				if (what === undefined) unsavedRef.current.delete(owner);
				else unsavedRef.current.set(owner, what);
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
				notice={props.notice}
				unsaved={() => [...unsavedRef.current.values()]}
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
	readonly notice?: string;
	readonly unsaved: () => string[];
}

function Console(props: ConsoleProps) {
	const {columns, rows} = useTerminalSize();
	const snapshot = useSnapshot();
	const [help, setHelp] = useState(false);
	const [quitting, setQuitting] = useState(false);
	const [note, setNote] = useState<string | undefined>(props.notice);
	const [askQuit, setAskQuit] = useState<readonly string[] | undefined>(undefined);
	const {screen, setScreen, onQuit} = props;
	const {settings, store} = usePorts();
	const {navigate} = useNavigation();

	const quit = useCallback(
		(force: boolean) => {
			setQuitting(true);
			onQuit({force});
		},
		[onQuit],
	);
	const palette = usePrompt<'command'>('palette', !help && !quitting, (_, line) => {
		const choice = paletteChoice(line);
		if (!choice) {
			setNote(line === '' ? undefined : `No command "${line}" (: then type: a screen, go, edit, scan, find, table, topic, group, help, quit)`);
			return;
		}
		const said = (text: string) => setNote(text || undefined);
		Promise.resolve(
			choice.entry.run(choice.argument, {
				navigate,
				openHelp: () => setHelp(true),
				quit: () => quit(false),
				settings,
				applied: next => store.setSettings(next),
			}),
		).then(said, (error: unknown) => said(`${choice.entry.name}: ${errorLine(error)}`));
	});
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
			'palette.open': () => {
				setNote(undefined);
				palette.open('command');
			},
			'app.quit': () => {
				const unsaved = props.unsaved();
				if (unsaved.length > 0) setAskQuit(unsaved);
				else quit(false);
			},
		},
		!props.captured && !help && !quitting && !askQuit,
		() => !props.isCaptured() && !palette.isOpen(),
	);
	useCapture('app.quit', askQuit !== undefined);
	useKeymap(
		['confirm'],
		{
			'confirm.yes': () => {
				setAskQuit(undefined);
				quit(false);
			},
			'confirm.no': () => setAskQuit(undefined),
		},
		askQuit !== undefined && !quitting,
	);
	// A palette line answers the command just run: it goes with the next key.
	useInput(() => {
		if (note !== undefined && !palette.isOpen()) setNote(undefined);
	});
	// Ctrl-C quits from anywhere, even while typing; a second one does not wait.
	useInput((input, key) => {
		if (input === 'c' && key.ctrl) quit(quitting);
	});

	// Ink clears the whole terminal on every frame as tall as the terminal: stay one line short.
	const height = Math.max(8, rows - 1);
	const banner = snapshot.health.filter(item => item.status === 'down').length > 0 ? 2 : 0;
	const paletteLines = palette.kind ? 1 + PALETTE_SUGGESTIONS : note ? 1 : 0;
	const askLines = askQuit ? 5 : 0;
	const contentHeight = Math.max(3, height - 1 - 2 - banner - paletteLines - askLines);
	const active = (id: ScreenId) => id === screen && !help && !quitting && !palette.kind && !askQuit;
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
			{/* Clipped in height only: every line is already cut to the width (wrap="truncate"), and a
			    horizontal clip makes Ink slice every line of every frame again (slice-ansi). */}
			<Box flexDirection="column" height={contentHeight} overflowY="hidden">
				{quitting ? (
					<Box flexDirection="column" paddingY={1}>
						<Text bold>Stopping the producer and the sink…</Text>
						<Text>The page in flight is sent, and only what HBase acknowledged is committed.</Text>
						<Text>Ctrl-C again: quit at once.</Text>
					</Box>
				) : null}
				{help ? <HelpScreen active={!quitting && !palette.kind} screen={screen} width={columns} height={contentHeight} onClose={() => setHelp(false)} /> : null}
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
			{askQuit ? <Question width={columns} scope="confirm" title={`Quit and drop unsaved work? ${askQuit.join('; ')}.`} lines={['Nothing of it was written.']} /> : null}
			<CommandPalette prompt={palette} note={note} width={columns} />
			<StatusBar health={snapshot.health} sink={snapshot.sink} settings={snapshot.settings} width={columns} />
		</Box>
	);
}
