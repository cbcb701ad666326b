import {NotFoundError} from '../../domain/errors.js';

/**
 * Runs one HBase call on `table`; a missing table becomes a plain "not found" with the next step
 * instead of a Java stack trace (and, for a writer, instead of a wait as for an outage).
 */
export async function tableCall<T>(table: string, call: () => Promise<T>): Promise<T> {
	try {
		return await call();
	} catch (error) {
		if (error instanceof Error && /TableNotFoundException/.test(error.message)) {
			throw new NotFoundError(`table ${table} not found`, {cause: error, hint: 'Create it with `userdata-tui init`, or change {table}'});
		}
		throw error;
	}
}
