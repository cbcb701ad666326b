import {createContext, useContext, useRef, useSyncExternalStore, type ReactNode} from 'react';
import type {DlqPort, PipelineControl, RowKey, RowStore, SettingsPort, TailPort} from '../services/ports.js';
import type {BinaryFormat} from '../domain/display.js';
import type {DlqPosition} from '../domain/dlq.js';
import type {UserRecord} from '../domain/user-record.js';
import type {ConsoleSnapshot, ConsoleStore} from '../state/console-store.js';
import {colorTheme, type Theme} from './theme.js';

/** What the screens get by injection: ports (real adapters or test fakes), the store, the theme. */
export interface ConsolePorts {
	readonly store: ConsoleStore;
	readonly pipeline: PipelineControl;
	readonly rows: RowStore;
	readonly settings: SettingsPort;
	/** Dead letters (the DLQ screen); absent: the screen says it is not available. */
	readonly dlq?: DlqPort;
	/** The topic tail (the Tail screen); absent: likewise. */
	readonly tail?: TailPort;
}

export const screenIds = ['producer', 'consumer', 'browser', 'forms', 'settings', 'dlq', 'tail'] as const;
export type ScreenId = (typeof screenIds)[number];

export const screenTitles: Record<ScreenId, string> = {
	producer: 'Producer',
	consumer: 'Consumer',
	browser: 'Browser',
	forms: 'Forms',
	settings: 'Settings',
	dlq: 'DLQ',
	tail: 'Tail',
};

/** Where another screen sends the user, with what to show there. */
export type IntentRequest =
	| {readonly screen: 'forms'; readonly mode: 'edit'; readonly id: RowKey}
	| {readonly screen: 'forms'; readonly mode: 'create'}
	| {readonly screen: 'browser'; readonly open: RowKey}
	/** A dead letter's user, to fix and replay to its topic (from the DLQ screen). */
	| {readonly screen: 'forms'; readonly mode: 'dead-letter'; readonly position: DlqPosition; readonly record: UserRecord};

/** `seq` makes each request new, so asking twice for the same row opens it twice. */
export type Intent = IntentRequest & {readonly seq: number};

export interface Navigation {
	navigate(request: IntentRequest | {readonly screen: ScreenId}): void;
	/** A view that takes every key (a text field, a question) says so: global keys then pause. */
	setCapture(owner: string, capturing: boolean): void;
}

export interface ScreenProps {
	readonly active: boolean;
	readonly width: number;
	readonly height: number;
	readonly intent?: Intent;
}

const PortsContext = createContext<ConsolePorts | undefined>(undefined);
const ThemeContext = createContext<Theme>(colorTheme);
const NavigationContext = createContext<Navigation>({navigate() {}, setCapture() {}});

export function ConsoleProvider(props: {readonly ports: ConsolePorts; readonly theme: Theme; readonly navigation: Navigation; readonly children: ReactNode}) {
	return (
		<PortsContext.Provider value={props.ports}>
			<ThemeContext.Provider value={props.theme}>
				<NavigationContext.Provider value={props.navigation}>{props.children}</NavigationContext.Provider>
			</ThemeContext.Provider>
		</PortsContext.Provider>
	);
}

export function usePorts(): ConsolePorts {
	const ports = useContext(PortsContext);
	if (!ports) throw new Error('usePorts outside ConsoleProvider');
	return ports;
}

/**
 * Whether the console is in read-only mode, read when asked (a key press), so a settings change
 * counts at once. False outside a provider (a component drawn alone in a test).
 */
export function useReadOnly(): () => boolean {
	const ports = useContext(PortsContext);
	return () => ports?.store.getSnapshot().settings.readOnly === true;
}

/** How keys and values that are not UTF-8 are shown here (the binaryFormat setting). */
export function useBinaryFormat(): BinaryFormat {
	return useContext(PortsContext)?.store.getSnapshot().settings.binaryFormat ?? 'hex';
}

export function useTheme(): Theme {
	return useContext(ThemeContext);
}

export function useNavigation(): Navigation {
	return useContext(NavigationContext);
}

const noSubscription = () => () => {};

/**
 * The store's latest snapshot; re-renders at most once per store flush. A hidden screen passes
 * `live` false: it keeps the snapshot it last drew and is not redrawn by the store at all.
 */
export function useSnapshot(live = true): ConsoleSnapshot {
	const {store} = usePorts();
	const kept = useRef<ConsoleSnapshot | undefined>(undefined);
	const read = live ? store.getSnapshot : () => (kept.current ??= store.getSnapshot());
	const snapshot = useSyncExternalStore(live ? store.subscribe : noSubscription, read, read);
	kept.current = snapshot;
	return snapshot;
}
