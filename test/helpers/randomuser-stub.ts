import {createHash, randomBytes} from 'node:crypto';
import {createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo, Socket} from 'node:net';
import {type ApiVersion, rawUsers, sampleBytes, sampleFiles} from '../domain/samples.js';

/**
 * A local stand-in for randomuser.me, built from the responses recorded in test/fixtures/randomuser
 * (read through test/domain/samples.ts). It serves any `results=N` from the recorded users,
 * rewriting only login.uuid so every (seed, page, index) is a distinct user while each
 * nationality's quirks stay as recorded, and it answers a scripted sequence of faults.
 */
/** What the stub does with one request. 'ok' serves users as the real server would. */
export type StubFault =
	| {readonly kind: 'ok'}
	/** 429 with the recorded {"error": ...} body; Retry-After only when given. */
	| {readonly kind: 'rate-limit'; readonly retryAfter?: string}
	/** Any status (500, 503...) with a JSON {"error"} body unless one is given. */
	| {readonly kind: 'status'; readonly status: number; readonly body?: string; readonly contentType?: string}
	/** Never answers, like the server's failing route handlers. close() destroys the socket. */
	| {readonly kind: 'hang'}
	/** Sends the headers and half the body, then resets the TCP connection. */
	| {readonly kind: 'reset'}
	/** 200 application/json whose body (with a matching Content-Length) stops halfway. */
	| {readonly kind: 'truncated'}
	/** 200 text/html, as a proxy or captive portal would answer. */
	| {readonly kind: 'html'}
	/** 404 text/plain "Not Found", the recorded answer for an unknown version. */
	| {readonly kind: 'not-found'}
	/** Fewer users than asked, a valid envelope otherwise. */
	| {readonly kind: 'short'; readonly results: number}
	/** A recorded file verbatim, e.g. v1.4/bad_format_xml.txt as text/xml. */
	| {readonly kind: 'recorded'; readonly file: string; readonly contentType: string; readonly status?: number};

export interface StubRequest {
	readonly method: string;
	readonly path: string;
	/** Each query parameter's first value; `params` has them all. */
	readonly query: Readonly<Record<string, string>>;
	readonly params: URLSearchParams;
	/** As Node parsed them (names lowercased), e.g. headers['user-agent']. */
	readonly headers: IncomingHttpHeaders;
	readonly fault: StubFault['kind'];
}

export type StubRule = (request: Omit<StubRequest, 'fault'>) => StubFault | undefined;

type User = Record<string, unknown>;

const serverErrorBody = JSON.stringify({
	error: 'Uh oh, something has gone wrong. Please tweet us @randomapi about the issue. Thank you.',
});
const htmlBody = '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>\n';

// Parsing the 5.4 MB recording takes a while; every stub in the test process shares one copy.
const pools = new Map<string, Promise<readonly User[]>>();

function loadPool(version: string): Promise<readonly User[]> {
	let pool = pools.get(version);
	if (!pool) {
		pool = (async () => {
			const files = sampleFiles(`v${version}` as ApiVersion, /^(results_5000_seed-delta\.json|nat_[A-Z]{2}_.*)$/);
			return files.flatMap(file => rawUsers(file) as User[]);
		})();
		pools.set(version, pool);
	}
	return pool;
}

/** A UUID (v4 layout) that depends only on its input, so runs are repeatable. */
export function stubUuid(seed: string, page: number, index: number): string {
	const hex = createHash('sha256').update(`${seed}|${page}|${index}`).digest('hex');
	const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The server's reading of `results`: anything but one integer in 1..5000 means 1. */
function readResults(params: URLSearchParams): number {
	const values = params.getAll('results');
	if (values.length !== 1) return 1;
	const n = Number(values[0]);
	return Number.isInteger(n) && n >= 1 && n <= 5000 ? n : 1;
}

function readPage(params: URLSearchParams): number {
	const n = Number.parseInt(params.get('page') ?? '1', 10);
	return Number.isNaN(n) || n < 1 || n > 10_000 ? 1 : n;
}

export class RandomUserStub {
	readonly requests: StubRequest[] = [];
	/** The login of every user served so far (uuid as rewritten), so a test can look for their secrets. */
	readonly servedLogins: Array<Readonly<Record<string, unknown>>> = [];
	private readonly queue: StubFault[] = [];
	private rules: StubRule[] = [];
	private readonly sockets = new Set<Socket>();
	private readonly waiters = new Set<() => void>();
	private server: Server | undefined;
	private origin: string | undefined;

	/** `http://127.0.0.1:<port>/api/`, the client's baseUrl. */
	get baseUrl(): string {
		if (!this.origin) throw new Error('RandomUserStub not started');
		return `${this.origin}/api/`;
	}

	async start(): Promise<string> {
		await loadPool('1.4');
		const server = createServer((request, response) => {
			void this.handle(request, response).catch(error => {
				response.destroy(error instanceof Error ? error : new Error(String(error)));
			});
		});
		server.on('connection', socket => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => resolve());
		});
		this.server = server;
		this.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		return this.baseUrl;
	}

	/** Stops listening and destroys every socket, hanging ones included. */
	async close(): Promise<void> {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		const closed = new Promise<void>(resolve => server.close(() => resolve()));
		server.closeAllConnections();
		for (const socket of this.sockets) socket.destroy();
		await closed;
	}

	/** Faults for the next requests, one each, in order; after them requests are served normally. */
	script(...faults: StubFault[]): this {
		this.queue.push(...faults);
		return this;
	}

	/** A fault chosen per request (e.g. "page 2 always fails"); checked before the script. */
	rule(rule: StubRule): this {
		this.rules.push(rule);
		return this;
	}

	/** Resolves once `count` requests have arrived: tests wait for this, not for time. */
	async waitForRequests(count: number): Promise<void> {
		while (this.requests.length < count) {
			await new Promise<void>(resolve => this.waiters.add(resolve));
		}
	}

	private record(request: StubRequest): void {
		this.requests.push(request);
		for (const wake of this.waiters) wake();
		this.waiters.clear();
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const url = new URL(request.url ?? '/', 'http://stub');
		const params = url.searchParams;
		const query = Object.fromEntries([...params.keys()].map(key => [key, params.get(key) ?? '']));
		const seen = {method: request.method ?? 'GET', path: url.pathname, query, params, headers: request.headers};
		let fault: StubFault | undefined;
		for (const rule of this.rules) {
			fault = rule(seen);
			if (fault) break;
		}
		fault ??= this.queue.shift() ?? {kind: 'ok'};
		this.record({...seen, fault: fault.kind});

		switch (fault.kind) {
			case 'hang':
				return;
			case 'rate-limit': {
				const body = sampleBytes('v1.4/bad_rate_limit_429.txt');
				const headers: Record<string, string> = {};
				if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
				send(response, 429, 'application/json; charset=utf-8', body, headers);
				return;
			}
			case 'status':
				send(response, fault.status, fault.contentType ?? 'application/json; charset=utf-8', fault.body ?? serverErrorBody);
				return;
			case 'html':
				send(response, 200, 'text/html; charset=utf-8', htmlBody);
				return;
			case 'not-found':
				send(response, 404, 'text/plain; charset=utf-8', 'Not Found');
				return;
			case 'recorded':
				send(response, fault.status ?? 200, fault.contentType, sampleBytes(fault.file));
				return;
			default:
				break;
		}

		const version = /^\/api\/(?:(\d+\.\d+)\/)?$/.exec(url.pathname);
		if (!version || !['1.3', '1.4', undefined].includes(version[1])) {
			send(response, 404, 'text/plain; charset=utf-8', 'Not Found');
			return;
		}
		const body = Buffer.from(JSON.stringify(await this.envelope(version[1] ?? '1.4', params, fault)));
		if (fault.kind === 'truncated') {
			send(response, 200, 'application/json; charset=utf-8', body.subarray(0, Math.floor(body.length / 2)));
		} else if (fault.kind === 'reset') {
			response.writeHead(200, {'content-type': 'application/json; charset=utf-8', 'content-length': body.length});
			response.write(body.subarray(0, Math.floor(body.length / 2)), () => response.socket?.resetAndDestroy());
		} else {
			send(response, 200, 'application/json; charset=utf-8', body);
		}
	}

	private async envelope(version: string, params: URLSearchParams, fault: StubFault): Promise<object> {
		let pool = await loadPool(version);
		const seeded = params.get('seed');
		const seed = seeded || randomBytes(8).toString('hex');
		const page = readPage(params);
		const results = fault.kind === 'short' ? fault.results : readResults(params);
		// Like the server: a nat list with any unknown code is ignored as a whole.
		const nats = (params.get('nat') ?? params.get('nationality') ?? '').toUpperCase().split(',').filter(Boolean);
		const byNat = pool.filter(user => nats.includes(String(user['nat'])));
		if (nats.length > 0 && nats.every(nat => byNat.some(user => user['nat'] === nat))) pool = byNat;
		// Like the server: gender counts only without a seed.
		const gender = params.get('gender');
		if (!seeded && (gender === 'male' || gender === 'female')) pool = pool.filter(user => user['gender'] === gender);
		const inc = params.get('inc')?.split(',');
		const exc = params.get('exc')?.split(',') ?? [];
		const keep = (field: string) => (!inc || inc.includes(field)) && !exc.includes(field);

		const start = createHash('sha256').update(`${seed}|${page}`).digest().readUInt32BE(0) % pool.length;
		const users = Array.from({length: results}, (_, index) => {
			const recorded = pool[(start + index) % pool.length] as User;
			// Fields in their recorded order, so a served user serialises exactly like the recording.
			const user: User = {};
			for (const [field, value] of Object.entries(recorded)) {
				if (keep(field)) user[field] = value;
			}
			if (user['login']) {
				const login = {...(user['login'] as Record<string, unknown>), uuid: stubUuid(seed, page, index)};
				user['login'] = login;
				this.servedLogins.push(login);
			}
			return user;
		});
		return params.has('noinfo') ? {results: users} : {results: users, info: {seed, results, page, version}};
	}
}

function send(response: ServerResponse, status: number, contentType: string, body: string | Buffer, headers: Record<string, string> = {}): void {
	const bytes = typeof body === 'string' ? Buffer.from(body) : body;
	response.writeHead(status, {...headers, 'content-type': contentType, 'content-length': bytes.length});
	response.end(bytes);
}
