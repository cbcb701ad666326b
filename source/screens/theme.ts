/**
 * Colours by meaning, never by hue at the call site. With NO_COLOR set (https://no-color.org)
 * every colour is undefined, and screens still tell states apart by words and symbols
 * (bold, inverse and dim are not colours and stay).
 */
export interface Theme {
	readonly colors: boolean;
	readonly accent?: string;
	readonly ok?: string;
	readonly warn?: string;
	readonly error?: string;
	readonly muted?: string;
	readonly chart?: string;
	readonly chartAlt?: string;
}

export const colorTheme: Theme = {
	colors: true,
	accent: 'cyan',
	ok: 'green',
	warn: 'yellow',
	error: 'red',
	muted: 'gray',
	chart: 'green',
	chartAlt: 'blue',
};

export const plainTheme: Theme = {colors: false};

/** Plain with NO_COLOR, on a terminal that says it has no colour (TERM=dumb), or with FORCE_COLOR=0. */
export function createTheme(env: NodeJS.ProcessEnv = process.env): Theme {
	const noColor = (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || env.TERM === 'dumb' || env.FORCE_COLOR === '0';
	return noColor ? plainTheme : colorTheme;
}
