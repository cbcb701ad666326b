/**
 * Retry-After as milliseconds to wait (RFC 9110 §10.2.3): delay-seconds or an HTTP date.
 * Fractional seconds are accepted too (not in the RFC) because they cost nothing and let tests
 * keep their waits short. Anything unreadable gives undefined, so the caller backs off instead.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
	if (value === null || value === undefined) return undefined;
	const text = value.trim();
	if (text === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	// Every HTTP-date form starts with a day name; V8's lenient Date.parse would read "-5" as a date.
	if (!/^[A-Za-z]{3}/.test(text)) return undefined;
	const date = Date.parse(text);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}
