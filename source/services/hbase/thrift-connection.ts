import {javaCauseInWords} from '../../domain/java-errors.js';
import {AlreadyExistsError, TimeoutError, UnavailableError, UserdataError, ValidationError} from '../../domain/errors.js';
import {type Logger, silentLogger} from '../logger.js';
import {withDeadline} from '../retry.js';
import {loadHbaseBindings, loadThrift} from './thrift-runtime.js';

export interface ThriftConnectionOptions {
	readonly host: string;
	readonly port: number;
	/** Deadline for the TCP connect. */
	readonly connectTimeoutMs?: number;
	/** Deadline for one call; the thrift runtime has none of its own. */
	readonly callTimeoutMs?: number;
	readonly logger?: Logger;
}

type Callback = (error: unknown, result: unknown) => void;

/**
 * The generated client's bookkeeping that a prebuilt message must share (source/hbase-thrift/
 * Hbase.js): `new_seqid()` numbers calls, `_reqs[seqid]` holds the callback that the connection's
 * receive path hands the answer to (through `recv_<method>`, chosen by the answer's method name).
 */
interface RawClient {
	new_seqid(): number;
	_seqid: number;
	_reqs: Record<number, Callback>;
	[method: string]: unknown;
}

/** Starts one call on a live connection; `callback` gets the answer. */
type Send = (live: Live, callback: Callback) => void;

interface Pending {
	readonly reject: (error: Error) => void;
}

interface Live {
	readonly connection: {
		on(event: string, listener: (...args: unknown[]) => void): void;
		/** Writes bytes to the socket (queued by the runtime until connected, which live ones are). */
		write(data: Buffer): void;
		end(): void;
		destroy(): void;
	};
	readonly client: RawClient;
	readonly pending: Set<Pending>;
	gone: boolean;
}

let thriftLogRouted = false;

/**
 * One connection to the HBase Thrift1 gateway (binary protocol, buffered transport: what the
 * gateway's default threadpool server speaks).
 *
 * Why our own wrapper: the npm thrift connection never fails calls that are pending when the
 * socket closes, and its `timeout` option closes nothing. Here every call has a deadline, a
 * closed or timed-out socket fails its pending calls at once, and the next call opens a fresh
 * socket (happybase's pool replaces a tainted connection the same way). No I/O happens until
 * connect() or the first call.
 */
export class ThriftConnection {
	readonly host: string;
	readonly port: number;
	private readonly connectTimeoutMs: number;
	private readonly callTimeoutMs: number;
	private readonly logger: Logger;
	private live: Live | undefined;
	private connecting: Promise<Live> | undefined;
	private closed = false;

	constructor(options: ThriftConnectionOptions) {
		this.host = options.host;
		this.port = options.port;
		this.connectTimeoutMs = options.connectTimeoutMs ?? 5000;
		this.callTimeoutMs = options.callTimeoutMs ?? 30_000;
		this.logger = options.logger ?? silentLogger;
	}

	get address(): string {
		return `${this.host}:${this.port}`;
	}

	get isConnected(): boolean {
		return Boolean(this.live && !this.live.gone);
	}

	async connect(): Promise<void> {
		this.closed = false;
		await this.ensureLive();
	}

	/** Calls one Thrift method with a deadline. Buffers must already be UTF-8 Buffers. */
	async call<T>(method: string, ...args: unknown[]): Promise<T> {
		return this.invoke<T>(method, (live, callback) => {
			const fn = live.client[method];
			if (typeof fn !== 'function') throw new TypeError(`unknown HBase Thrift method ${method}`);
			fn.apply(live.client, [...args, callback]);
		});
	}

	/**
	 * Sends a call message the caller encoded itself for the sequence id it is given (the hot
	 * path's one-Buffer encoding, see mutate-rows-call.ts), with the same deadline, failure on close
	 * and error mapping as call(). The answer is read by the generated client's receive path, so
	 * `method` must be the name inside the message; it must be a method of the Hbase service.
	 * One write to the socket, no copy.
	 */
	async callEncoded<T>(method: string, encode: (seqid: number) => Buffer): Promise<T> {
		return this.invoke<T>(method, (live, callback) => {
			const {client} = live;
			// As the generated `<method>()` + `send_<method>()` do, minus the runtime's encoding.
			const seqid = client.new_seqid();
			client._seqid = seqid;
			client._reqs[seqid] = callback;
			try {
				live.connection.write(encode(seqid));
			} catch (error) {
				delete client._reqs[seqid];
				throw error;
			}
		});
	}

	private async invoke<T>(method: string, send: Send): Promise<T> {
		if (this.closed) throw new UnavailableError(`HBase Thrift connection to ${this.address} is closed`);
		const live = await this.ensureLive();
		let pending: Pending | undefined;
		return withDeadline(
			this.callTimeoutMs,
			async () =>
				new Promise<T>((resolve, reject) => {
					const entry: Pending = {reject};
					pending = entry;
					live.pending.add(entry);
					const callback: Callback = (error, result) => {
						if (!live.pending.delete(entry)) return; // already failed by a close or a timeout
						if (error) reject(mapThriftError(error, method, this.address));
						else resolve(result as T);
					};
					try {
						send(live, callback);
					} catch (error) {
						live.pending.delete(entry);
						reject(error instanceof Error ? error : new Error(String(error)));
					}
				}),
			() => {
				if (pending) live.pending.delete(pending);
				// A call that did not answer leaves the stream in an unknown state: drop the socket.
				this.taint(live, `call ${method} timed out`);
				return new TimeoutError(`HBase Thrift ${method} did not answer within ${this.callTimeoutMs} ms (${this.address})`, {
					hint: 'Is the HBase Thrift server overloaded or stopped? Try `userdata-tui stack status`',
				});
			},
		);
	}

	async close(): Promise<void> {
		this.closed = true;
		const live = this.live;
		this.live = undefined;
		if (live) this.fail(live, new UnavailableError(`HBase Thrift connection to ${this.address} was closed`));
		if (live && !live.gone) {
			live.gone = true;
			live.connection.end();
		}
	}

	private async ensureLive(): Promise<Live> {
		// A socket the peer dropped may not have emitted 'close' yet: look at it directly.
		if (this.live && !this.live.gone && isSocketDead(this.live)) this.taint(this.live, 'socket no longer writable');
		if (this.live && !this.live.gone) return this.live;
		this.connecting ??= this.open().finally(() => {
			this.connecting = undefined;
		});
		return this.connecting;
	}

	private open(): Promise<Live> {
		const thrift = loadThrift();
		if (!thriftLogRouted) {
			// The runtime logs to the console by default, which would scribble over the TUI.
			thriftLogRouted = true;
			(thrift as unknown as {setLogFunc(fn: (...args: unknown[]) => void): void}).setLogFunc((...args) => {
				this.logger.debug({args: args.map(String)}, 'thrift runtime');
			});
		}
		const {Client} = loadHbaseBindings();
		const connection = thrift.createConnection(this.host, this.port, {
			transport: thrift.TBufferedTransport,
			protocol: thrift.TBinaryProtocol,
		}) as unknown as Live['connection'];
		const client = thrift.createClient<RawClient>(Client as never, connection as never);
		const live: Live = {connection, client, pending: new Set(), gone: false};
		// Until 'connect', a failure rejects the open; after it, the same events drop the live socket.
		let settled = false;
		const abandon = () => {
			settled = true;
			live.gone = true;
			connection.destroy();
		};
		return withDeadline(
			this.connectTimeoutMs,
			async () =>
				new Promise<Live>((resolve, reject) => {
					connection.on('connect', () => {
						if (settled) return;
						settled = true;
						this.live = live;
						this.logger.info({address: this.address}, 'hbase thrift connected');
						resolve(live);
					});
					connection.on('error', (error: unknown) => {
						this.logger.warn({address: this.address, err: describe(error)}, 'hbase thrift connection error');
						if (settled) {
							this.taint(live, describe(error));
							return;
						}
						abandon();
						reject(
							new UnavailableError(`HBase Thrift at ${this.address} is unreachable: ${describe(error)}`, {
								cause: error,
								hint: 'Start it with `userdata-tui stack up` (or docker compose up)',
							}),
						);
					});
					connection.on('close', () => {
						if (!live.gone) this.logger.warn({address: this.address}, 'hbase thrift connection closed by peer');
						live.gone = true;
						this.fail(live, new UnavailableError(`HBase Thrift connection to ${this.address} closed`));
						if (settled) return;
						settled = true;
						reject(new UnavailableError(`HBase Thrift at ${this.address} closed the connection`));
					});
				}),
			() => {
				abandon();
				return new TimeoutError(`HBase Thrift at ${this.address} did not accept a connection within ${this.connectTimeoutMs} ms`, {
					hint: 'Start it with `userdata-tui stack up` (or docker compose up)',
				});
			},
		);
	}

	private taint(live: Live, reason: string): void {
		if (live.gone) return;
		live.gone = true;
		this.logger.warn({address: this.address, reason}, 'hbase thrift connection dropped; the next call reconnects');
		this.fail(live, new UnavailableError(`HBase Thrift connection to ${this.address} dropped: ${reason}`));
		live.connection.destroy();
		if (this.live === live) this.live = undefined;
	}

	private fail(live: Live, error: Error): void {
		for (const pending of live.pending) pending.reject(error);
		live.pending.clear();
	}
}

function isSocketDead(live: Live): boolean {
	const socket = (live.connection as unknown as {connection?: {destroyed?: boolean; writable?: boolean}}).connection;
	return Boolean(socket && (socket.destroyed || socket.writable === false));
}

function describe(error: unknown): string {
	if (error instanceof Error) return error.message || error.name;
	if (error && typeof error === 'object' && 'message' in error) return String(error.message);
	return String(error);
}

/** Maps the gateway's Thrift exceptions onto our error tree (IOError.canRetry → retriable). */
export function mapThriftError(error: unknown, method: string, address: string): Error {
	const types = loadHbaseBindings().types;
	const message = describe(error);
	if (error instanceof types.IllegalArgument) {
		return new ValidationError(`HBase rejected ${method}: ${firstLine(message)}`, {cause: error});
	}
	if (error instanceof types.AlreadyExists) {
		return new AlreadyExistsError(`HBase: ${firstLine(message)}`, {cause: error});
	}
	if (error instanceof types.IOError) {
		const canRetry = Boolean((error as {canRetry?: boolean}).canRetry);
		return new UserdataError(`HBase ${method} failed: ${firstLine(message)}`, {cause: error, retriable: canRetry});
	}
	if (error instanceof UserdataError) return error;
	return new UnavailableError(`HBase Thrift ${method} at ${address} failed: ${firstLine(message)}`, {cause: error});
}

/** The cause in words (a Java exception's text is read into its meaning); the whole text stays in `cause`, for the log. */
function firstLine(text: string): string {
	const line = javaCauseInWords(text).split('\n')[0] ?? text;
	return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
