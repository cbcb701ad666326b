import {randomBytes} from 'node:crypto';

/** Unique names per test (kafkajs testHelpers style), so runs never see each other's data. */
export function uniqueName(prefix: string): string {
	return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** HBase table names: letters, digits and underscores keep every tool happy. */
export function uniqueTable(prefix = 'userdata_test'): string {
	return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}
