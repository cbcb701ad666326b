/**
 * HBase's Thrift gateway answers a failure with the Java exception's text: a class name, a
 * message, often a nested cause and a stack. A user needs the cause in words; the text stays
 * whole in the log (the error's `cause`). Pure.
 */

const KNOWN: ReadonlyArray<readonly [RegExp, (detail: string) => string]> = [
	[/TableNotFoundException/u, detail => (firstWord(detail) ? `the table ${firstWord(detail)} does not exist` : 'the table does not exist')],
	[/TableNotEnabledException|TableDisabledException/u, () => 'the table is disabled (enable it in the HBase shell)'],
	[/NoSuchColumnFamilyException/u, () => 'the table has no such column family (was it created by `init`?)'],
	[
		/NotServingRegionException|RegionMovedException|RegionOfflineException|RegionTooBusyException/u,
		() => 'a region of the table is moving or busy; try again in a moment',
	],
	[/PleaseHoldException|ServerNotRunningYetException|MasterNotRunningException/u, () => 'HBase is still starting; try again in a moment'],
	[/AccessDeniedException/u, () => 'HBase refused access to the table'],
	[/CallTimeoutException|SocketTimeoutException|TimeoutIOException/u, () => 'a region server did not answer in time'],
	[/ConnectException|ConnectionClosingException|NoRouteToHostException|RetriesExhaustedException/u, () => 'a region server cannot be reached (is HBase running?)'],
	[/FailedSanityCheckException|IllegalArgumentException/u, detail => `HBase refused the request (${detail || 'invalid argument'})`],
];

function firstWord(text: string): string | undefined {
	return /^\s*([^\s:,]+)/u.exec(text)?.[1];
}

/** True when the text looks like a Java exception (a dotted class name ending in Exception or Error). */
export function isJavaExceptionText(text: string): boolean {
	return /\b(?:[a-z]\w*\.)+[A-Z]\w*(?:Exception|Error)\b/u.test(text);
}

/**
 * The cause of a Java exception text in words: a known HBase exception by its meaning, any
 * other by its short class name and its own message, without packages, nested causes or stack.
 * Text that is not a Java exception comes back as it was.
 */
export function javaCauseInWords(text: string): string {
	if (!isJavaExceptionText(text)) return text;
	const firstLine = text.split(/\r?\n/u)[0] ?? text;
	// The innermost "pkg.Class: message" of a chain like "A: B: message" holds the cause.
	const parts = [...firstLine.matchAll(/(?:[a-z]\w*\.)+([A-Z]\w*(?:Exception|Error))(?::\s*([^]*?))?(?=(?:\s*(?:[a-z]\w*\.)+[A-Z]\w*(?:Exception|Error))|$)/gu)];
	const last = parts.at(-1);
	const name = last?.[1] ?? '';
	const detail = (last?.[2] ?? '').trim().replace(/[:,]\s*$/u, '');
	for (const [pattern, words] of KNOWN) if (pattern.test(firstLine)) return words(detail);
	const short = detail.length > 160 ? `${detail.slice(0, 160)}…` : detail;
	return short ? `${name}: ${short}` : name;
}

/**
 * The whole text of an error and its causes: what code that recognises a Java exception by its
 * class name must test, now that the message itself says the cause in words.
 */
export function errorChainText(error: unknown): string {
	const parts: string[] = [];
	let current: unknown = error;
	for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
		if (current instanceof Error) parts.push(current.message);
		else if (typeof current === 'object' && 'message' in current && typeof current.message === 'string') parts.push(current.message);
		else if (typeof current === 'string') parts.push(current);
		current = typeof current === 'object' && 'cause' in current ? current.cause : undefined;
	}
	return parts.join('\n');
}
