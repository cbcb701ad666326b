import {createRequire} from 'node:module';

/**
 * Loads the generated Thrift1 bindings (CommonJS, in source/hbase-thrift, reached from both
 * source/ and dist/ by the same relative path, so the build copies nothing) and the npm `thrift`
 * runtime. The generated .d.ts files export nothing usable, so the few calls we make are typed
 * in hbase-client.ts instead. Loading is lazy: nothing happens at import.
 */
const require = createRequire(import.meta.url);

export type ThriftModule = typeof import('thrift');

export interface HbaseBindings {
	readonly Client: new (...args: unknown[]) => unknown;
	readonly types: HbaseTypes;
}

export interface HbaseTypes {
	readonly Mutation: new (args: {isDelete?: boolean; column: Buffer; value?: Buffer; writeToWAL?: boolean}) => unknown;
	readonly BatchMutation: new (args: {row: Buffer; mutations: unknown[]}) => unknown;
	readonly ColumnDescriptor: new (args: {
		name: Buffer;
		maxVersions?: number;
		blockCacheEnabled?: boolean;
		bloomFilterType?: string;
		compression?: string;
		inMemory?: boolean;
		timeToLive?: number;
	}) => unknown;
	readonly TScan: new (args: {
		startRow?: Buffer;
		stopRow?: Buffer;
		/** ms; the runtime's writeI64 wraps a plain number in node-int64 itself. */
		timestamp?: number;
		columns?: Buffer[];
		caching?: number;
		filterString?: Buffer;
		batchSize?: number;
		sortColumns?: boolean;
		reversed?: boolean;
		cacheBlocks?: boolean;
	}) => unknown;
	readonly IOError: new (...args: unknown[]) => {message: string; canRetry?: boolean};
	readonly IllegalArgument: new (...args: unknown[]) => {message: string};
	readonly AlreadyExists: new (...args: unknown[]) => {message: string};
}

let thriftModule: ThriftModule | undefined;
let bindings: HbaseBindings | undefined;

export function loadThrift(): ThriftModule {
	thriftModule ??= require('thrift') as ThriftModule;
	return thriftModule;
}

export function loadHbaseBindings(): HbaseBindings {
	if (!bindings) {
		const service = require('../../../source/hbase-thrift/Hbase.js') as {Client: HbaseBindings['Client']};
		const types = require('../../../source/hbase-thrift/Hbase_types.js') as HbaseTypes;
		bindings = {Client: service.Client, types};
	}
	return bindings;
}

/** i64 values arrive as node-int64 objects; cell timestamps (ms) fit in 2^53. */
export function int64ToNumber(value: unknown): number {
	if (typeof value === 'number') return value;
	if (value && typeof (value as {toNumber?: unknown}).toNumber === 'function') {
		return (value as {toNumber: (allowImprecise?: boolean) => number}).toNumber(true);
	}
	return Number(value);
}
