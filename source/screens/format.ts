/** Small text formatters shared by the screens. Pure. */

const integer = new Intl.NumberFormat('en-US', {maximumFractionDigits: 0});

export function count(value: number): string {
	return integer.format(value);
}

/** 1234 -> "1.2k", for tight columns. */
export function compact(value: number): string {
	if (value < 1000) return String(Math.round(value));
	if (value < 1_000_000) return `${(value / 1000).toFixed(value < 10_000 ? 1 : 0)}k`;
	return `${(value / 1_000_000).toFixed(1)}M`;
}

export function perSecond(value: number): string {
	return `${value < 10 && value > 0 ? value.toFixed(1) : count(value)}/s`;
}

function pad(value: number, width = 2): string {
	return String(value).padStart(width, '0');
}

/** Local wall-clock time, "14:03:07". */
export function clock(ms: number): string {
	const date = new Date(ms);
	return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** A cell timestamp: "2025-01-31 14:03:07.123". */
export function timestamp(ms: number): string {
	const date = new Date(ms);
	return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${clock(ms)}.${pad(date.getMilliseconds(), 3)}`;
}

export function duration(ms: number): string {
	if (ms < 1000) return `${Math.round(ms)} ms`;
	if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
	const seconds = Math.round((ms % 60_000) / 1000);
	return seconds === 0 ? `${Math.floor(ms / 60_000)} min` : `${Math.floor(ms / 60_000)} min ${seconds} s`;
}

/** Cuts to `width` characters with an ellipsis; pads when `padTo` is set. */
export function fit(text: string, width: number, padTo = false): string {
	if (width <= 0) return '';
	const chars = [...text];
	const cut = chars.length > width ? `${chars.slice(0, Math.max(0, width - 1)).join('')}…` : text;
	return padTo ? cut.padEnd(width + (cut.length - [...cut].length)) : cut;
}

/** The host of a URL, or the text itself. */
export function host(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}
