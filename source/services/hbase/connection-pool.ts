import {type ThriftConnection} from './thrift-connection.js';

/**
 * A few Thrift connections handed out one caller at a time. The gateway's threadpool server
 * runs one request per connection at a time, so parallel batches need parallel connections.
 * Connections are made by the factory lazily (no I/O here) and reconnect by themselves.
 */
export class ConnectionPool {
	private readonly idle: ThriftConnection[] = [];
	private readonly all: ThriftConnection[] = [];
	private readonly waiters: Array<(connection: ThriftConnection) => void> = [];

	constructor(
		private readonly factory: () => ThriftConnection,
		readonly size: number,
	) {
		if (!Number.isInteger(size) || size < 1) throw new RangeError(`pool size must be at least 1, got ${size}`);
	}

	async use<T>(task: (connection: ThriftConnection) => Promise<T>): Promise<T> {
		const connection = await this.acquire();
		try {
			return await task(connection);
		} finally {
			this.release(connection);
		}
	}

	async close(): Promise<void> {
		await Promise.all(this.all.map(connection => connection.close()));
	}

	private acquire(): Promise<ThriftConnection> {
		const idle = this.idle.pop();
		if (idle) return Promise.resolve(idle);
		if (this.all.length < this.size) {
			const connection = this.factory();
			this.all.push(connection);
			return Promise.resolve(connection);
		}
		return new Promise(resolve => this.waiters.push(resolve));
	}

	private release(connection: ThriftConnection): void {
		const waiter = this.waiters.shift();
		if (waiter) waiter(connection);
		else this.idle.push(connection);
	}
}
