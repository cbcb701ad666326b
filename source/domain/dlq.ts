/**
 * Dead-letter records: the headers that say why and where a record came from, and the
 * scrubbing that keeps credentials out of the DLQ even when a raw API payload was produced to
 * the topic by hand.
 */
export const dlqHeaders = {
	reason: 'dlq-reason',
	topic: 'dlq-original-topic',
	partition: 'dlq-original-partition',
	offset: 'dlq-original-offset',
	timestamp: 'dlq-original-timestamp',
	failedAt: 'dlq-failed-at',
} as const;

export interface DlqOrigin {
	readonly topic: string;
	readonly partition: number;
	readonly offset: string;
	readonly timestamp: string;
}

const credentialKeys = new Set(['password', 'salt', 'md5', 'sha1', 'sha256']);
/** Values up to this size are kept whole in the DLQ; larger ones are cut (the reason says so). */
export const maxDlqValueBytes = 1024 * 1024;

export function dlqHeadersFor(reason: string, origin: DlqOrigin, failedAt: Date): Record<string, string> {
	return {
		[dlqHeaders.reason]: reason.length > 1000 ? `${reason.slice(0, 1000)}…` : reason,
		[dlqHeaders.topic]: origin.topic,
		[dlqHeaders.partition]: String(origin.partition),
		[dlqHeaders.offset]: origin.offset,
		[dlqHeaders.timestamp]: origin.timestamp,
		[dlqHeaders.failedAt]: failedAt.toISOString(),
	};
}

function scrub(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(scrub);
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [key, inner] of Object.entries(value)) {
			if (credentialKeys.has(key.toLowerCase())) continue;
			out[key] = scrub(inner);
		}
		return out;
	}
	return value;
}

/**
 * The value as it goes to the DLQ: JSON with every credential key removed (anywhere in the
 * tree); anything else unchanged, but cut to maxDlqValueBytes.
 */
export function dlqValue(value: Buffer | null): {value: Buffer | null; truncated: boolean} {
	if (value === null) return {value: null, truncated: false};
	try {
		const parsed = JSON.parse(value.toString('utf8')) as unknown;
		if (parsed && typeof parsed === 'object') {
			const cleaned = Buffer.from(JSON.stringify(scrub(parsed)), 'utf8');
			if (cleaned.length <= maxDlqValueBytes) return {value: cleaned, truncated: false};
			return {value: cleaned.subarray(0, maxDlqValueBytes), truncated: true};
		}
	} catch {
		// Not JSON: kept as it came, the reason says why.
	}
	if (value.length <= maxDlqValueBytes) return {value, truncated: false};
	return {value: value.subarray(0, maxDlqValueBytes), truncated: true};
}
