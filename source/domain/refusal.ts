import {ConfigError} from './errors.js';

/**
 * Permanent refusals: HBase refuses every write to the table for a cause that waiting will not
 * fix (a missing family, a missing or disabled table), as opposed to an outage (a region server
 * restarting) that does get better by itself. Kafka Connect's errors.tolerance gives the same
 * choice: wait for someone to fix it, or send the records to the dead-letter queue and go on.
 *
 * Recognised from the text the Thrift1 gateway carries in its IOError, which is the Java
 * exception's message:
 * - a missing family: "...NoSuchColumnFamilyException: Column family address does not exist in
 *   region userdata,,1796….bc6f…. in table 'userdata', {...}"
 * - a missing table, through a batch put: "...RetriesExhaustedWithDetailsException: Failed 1
 *   action: userdata: 1 time, servers with issues: null" (no region of it can be located), or
 *   "TableNotFoundException: userdata" from the other calls;
 * - a disabled table: "TableNotEnabledException: userdata is disabled." (a batch put to a disabled
 *   table only times out at the gateway, so the writer also asks for the table's state: see
 *   refusalFromTableState).
 */
export type Refusal =
	| {readonly kind: 'missing-family'; readonly table: string; readonly family: string}
	| {readonly kind: 'missing-table'; readonly table: string}
	| {readonly kind: 'disabled-table'; readonly table: string};

/** What the sink does with rows HBase refuses permanently: `wait` (no loss, the default) or `dlq` (and go on). */
export const onRefusedChoices = ['wait', 'dlq'] as const;
export type OnRefused = (typeof onRefusedChoices)[number];

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/** The refusal a write error's text names for `table`, or undefined (an outage, or a bad row). */
export function classifyRefusal(message: string, table: string): Refusal | undefined {
	const family = /NoSuchColumnFamilyException: Column family (\S+) does not exist/u.exec(message);
	if (family) return {kind: 'missing-family', table, family: family[1]!};
	if (/NoSuchColumnFamilyException/u.test(message)) return {kind: 'missing-family', table, family: '(unnamed)'};
	if (/TableNotFoundException/u.test(message)) return {kind: 'missing-table', table};
	if (/TableNotEnabledException|TableDisabledException|is disabled/u.test(message)) return {kind: 'disabled-table', table};
	const name = escapeRegExp(table);
	if (new RegExp(`Failed \\d+ actions?: (?:[^:]*:)?${name}: \\d+ times?, servers with issues: null`, 'u').test(message)) return {kind: 'missing-table', table};
	return undefined;
}

/** The refusal the table's state means: asked when writes fail with text that names none (a timeout). */
export function refusalFromTableState(table: string, state: {readonly exists: boolean; readonly enabled: boolean}): Refusal | undefined {
	if (!state.exists) return {kind: 'missing-table', table};
	if (!state.enabled) return {kind: 'disabled-table', table};
	return undefined;
}

/** The cause, in words: "table userdata has no family address". */
export function refusalCause(refusal: Refusal): string {
	switch (refusal.kind) {
		case 'missing-family':
			return `table ${refusal.table} has no family ${refusal.family}`;
		case 'missing-table':
			return `table ${refusal.table} does not exist`;
		case 'disabled-table':
			return `table ${refusal.table} is disabled`;
	}
}

/** The next step, as a user would type it. */
export function refusalNextStep(refusal: Refusal): string {
	switch (refusal.kind) {
		case 'missing-family':
			return 'run `userdata-tui init --fix`';
		case 'missing-table':
			return 'run `userdata-tui init`';
		case 'disabled-table':
			return `enable it (hbase shell: enable '${refusal.table}')`;
	}
}

/** The one line: "table userdata has no family address: run `userdata-tui init --fix`". */
export function refusalLine(refusal: Refusal): string {
	return `${refusalCause(refusal)}: ${refusalNextStep(refusal)}`;
}

/** Two refusals say the same thing (one line per cause, not one per retry). */
export function sameRefusal(a: Refusal | undefined, b: Refusal | undefined): boolean {
	return a !== undefined && b !== undefined && refusalLine(a) === refusalLine(b);
}

/** The error a bounded consume ends with when nothing could be written because of a refusal. */
export function refusedError(refusal: Refusal, forMs: number): ConfigError {
	return new ConfigError(`nothing could be written for ${Math.round(forMs / 1000)} s: ${refusalCause(refusal)}`, {
		hint: `${refusalNextStep(refusal).replace(/^./u, c => c.toUpperCase())}, or send such rows to the DLQ with {on-refused} dlq`,
	});
}
