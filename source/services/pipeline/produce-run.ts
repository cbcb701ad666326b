import {randomUUID} from 'node:crypto';
import {type ApiPace, apiPace, rateLimitedText} from '../../domain/api-etiquette.js';
import {userLine, ValidationError} from '../../domain/errors.js';
import {parseRandomUser} from '../../domain/randomuser.js';
import {recordSource, toUserRecord} from '../../domain/transform.js';
import {type EncodedMessage, encodeMessage} from '../../domain/message.js';
import {type Logger, silentLogger} from '../logger.js';
import {type PageFetcher} from '../random-user/client.js';
import {RandomUserSource, type RandomUserSourceOptions, type SourcePage} from '../random-user/source.js';
import {TypedEmitter} from '../typed-emitter.js';
import {type ProducerEvents, type RunState} from './events.js';
import {type RecordProducer, UndeliveredError} from './user-producer.js';

/** What a run asks of the source (the same options, one definition), plus the API version. */
export type ProduceSettings = Pick<RandomUserSourceOptions, 'count' | 'rate' | 'pageSize' | 'seed' | 'nat' | 'gender' | 'inc' | 'exc'> & {
	readonly apiVersion: string;
	/** Where the users come from: decides the default pace (domain/api-etiquette.ts). Unset: unpaced. */
	readonly apiUrl?: string;
};

export interface ProduceSummary {
	readonly fetched: number;
	readonly sent: number;
	/** Users Kafka did not acknowledge (reported, never dropped silently). */
	readonly failed: number;
	/** Users the API sent in a shape we cannot use (counted and logged, not sent). */
	readonly invalid: number;
	readonly pages: number;
	readonly pageErrors: number;
	/** 429 answers: waited out, not errors. */
	readonly rateLimited: number;
	readonly elapsedMs: number;
	readonly state: RunState;
	readonly reason?: string;
}

/**
 * One producing run: pages from the Random User API, transformed, published to Kafka.
 * Runs outside React; watchers subscribe to events. A page is sent before the next is asked
 * for, so a slow broker slows the requests instead of piling users up in memory.
 */
export class ProduceRun {
	readonly events: TypedEmitter<ProducerEvents>;
	private readonly logger: Logger;
	private source: RandomUserSource | undefined;
	private stopRequested = false;
	private rebuildRequested = false;
	private stateValue: RunState = 'idle';
	private totals = {fetched: 0, sent: 0, failed: 0, invalid: 0, pages: 0, pageErrors: 0, rateLimited: 0};

	constructor(
		private readonly client: PageFetcher,
		private readonly producer: RecordProducer,
		private settings: ProduceSettings,
		logger: Logger = silentLogger,
	) {
		this.logger = logger;
		this.events = new TypedEmitter(logger);
	}

	get state(): RunState {
		return this.stateValue;
	}

	get stats() {
		return {...this.totals};
	}

	/** The pace the next page is asked at: the user's settings, or the API host's default. */
	get pace(): ApiPace {
		return apiPace(this.settings.apiUrl ?? '', this.settings);
	}

	pause(): void {
		this.source?.pause();
		this.setState('paused');
	}

	resume(): void {
		this.source?.resume();
		this.setState('running');
	}

	stop(): void {
		this.stopRequested = true;
		this.setState('stopping');
		this.source?.stop();
	}

	/**
	 * Rate and page size apply from the next page on (the source is rebuilt between pages).
	 * A seeded run keeps its settings: a new page size would re-ask seeded pages.
	 */
	reconfigure(change: {rate?: number; pageSize?: number}): void {
		if (this.settings.seed !== undefined) return;
		this.settings = {...this.settings, ...change};
		this.rebuildRequested = true;
		this.source?.stop();
	}

	async run(signal?: AbortSignal): Promise<ProduceSummary> {
		const started = Date.now();
		const onAbort = () => this.stop();
		signal?.addEventListener('abort', onAbort, {once: true});
		this.setState('running');
		let reason: string | undefined;
		try {
			while (!this.stopRequested) {
				const remaining = this.settings.count === undefined ? undefined : this.settings.count - this.totals.sent - this.totals.failed - this.totals.invalid;
				if (remaining !== undefined && remaining <= 0) break;
				const finished = await this.runSource(remaining);
				if (finished) break;
			}
			this.setState(this.totals.failed > 0 ? 'failed' : 'stopped');
		} catch (error) {
			reason = userLine(error);
			this.logger.error({err: reason}, 'produce run failed');
			this.setState('failed', reason);
		} finally {
			signal?.removeEventListener('abort', onAbort);
		}
		if (!reason && this.totals.failed > 0) reason = `${this.totals.failed} user(s) were not delivered to Kafka`;
		return {...this.totals, elapsedMs: Date.now() - started, state: this.stateValue, reason};
	}

	/** Iterates one source until it ends (true) or is rebuilt by reconfigure() (false). */
	private async runSource(remaining: number | undefined): Promise<boolean> {
		const paused = this.stateValue === 'paused';
		const pace = this.pace;
		const source = new RandomUserSource({
			client: this.client,
			count: remaining,
			rate: pace.rate,
			pageSize: pace.pageSize,
			rateLimitWaitMs: pace.rateLimitWaitMs,
			seed: this.settings.seed,
			nat: this.settings.nat,
			gender: this.settings.gender,
			inc: this.settings.inc,
			exc: this.settings.exc,
			logger: this.logger.child('source'),
		});
		this.source = source;
		if (paused) source.pause();
		source.on('retry', event => {
			if (event.rateLimited) {
				// The API's way of saying "slower": expected against the public service, so a wait, not an error.
				this.totals.rateLimited++;
				this.events.emit('waiting', {at: Date.now(), page: event.page, delayMs: event.delayMs, message: rateLimitedText(event.delayMs)});
				return;
			}
			this.events.emit('error', {
				at: Date.now(),
				source: 'api',
				message: `page ${event.page}: ${event.reason} (retry ${event.attempt} in ${event.delayMs} ms)`,
				retrying: true,
			});
		});
		source.on('error', event => this.events.emit('error', {at: event.at, source: 'api', message: `page ${event.page}: ${event.reason}`, retrying: !event.fatal}));
		// Three pages move at once: page k+1 is fetched while page k is transformed and encoded here
		// and page k-1 is sent (by the producer thread). Before, each step waited for the others and
		// the producer sat idle a third of the time (bench/FINDINGS.md). Sends stay one at a time, in
		// page order, so the idempotent sequence numbers stay in order; at most three pages are held.
		const pages = source[Symbol.asyncIterator]();
		let ahead = pages.next();
		ahead.catch(() => undefined); // awaited below; this only keeps an early failure from being "unhandled"
		let finished = false;
		let sending: Promise<boolean> | undefined;
		try {
			for (;;) {
				const result = await ahead;
				if (result.done) {
					finished = true;
					break;
				}
				const page = result.value;
				ahead = pages.next();
				ahead.catch(() => undefined);
				const messages = this.prepare(page.users, page.info, page.page, new Date(page.receivedAt));
				// A bounded run stops at the first undelivered page: the user asked for an exact count.
				if (sending && (await sending) && this.settings.count !== undefined) return true;
				// Stopped while the previous page was sent: this one is dropped, not sent after the stop.
				if (this.stopRequested) break;
				this.totals.fetched += page.users.length;
				this.totals.pages++;
				sending = this.sendPage(page, messages);
				sending.catch(() => undefined);
			}
		} finally {
			// The last page sent is awaited and counted, also when stopped or failed mid-way; a page
			// asked for ahead and not used is abandoned (its request aborted).
			if (sending) await sending;
			if (!finished) {
				source.stop();
				await ahead.catch(() => undefined);
				await source.return();
			}
			this.totals.pageErrors += source.stats.errors;
		}
		// The source ended by itself (count reached, or stopped) unless reconfigure() asked for a new one.
		if (this.rebuildRequested && !this.stopRequested) {
			this.rebuildRequested = false;
			return false;
		}
		return true;
	}

	/** Sends one page's records and accounts for them; true when some were not delivered. */
	private async sendPage(page: SourcePage, messages: readonly EncodedMessage[]): Promise<boolean> {
		const sendStart = Date.now();
		let sent = 0;
		let failed = 0;
		try {
			sent = await this.producer.send(messages, page.receivedAt);
		} catch (error) {
			failed = error instanceof UndeliveredError ? error.undelivered : messages.length;
			sent = messages.length - failed;
			this.events.emit('error', {at: Date.now(), source: 'kafka', message: userLine(error), retrying: false});
			this.logger.error({err: userLine(error), undelivered: failed}, 'send failed');
		}
		this.totals.sent += sent;
		this.totals.failed += failed;
		const sendMs = Date.now() - sendStart;
		this.events.emit('progress', {
			at: Date.now(),
			fetched: page.users.length,
			sent,
			failed,
			bytes: page.bytes,
			fetchMs: page.durationMs,
			sendMs,
			page: page.page,
		});
		this.logger.info({page: page.page, users: page.users.length, sent, failed, fetchMs: page.durationMs, sendMs}, 'page produced');
		return failed > 0;
	}

	/**
	 * API users -> Kafka messages. A user we cannot use (unusable shape, a value too large for a
	 * cell) is counted, reported and left out; the rest of the page goes on.
	 */
	private prepare(users: readonly unknown[], info: unknown, page: number, fetchedAt: Date): EncodedMessage[] {
		const source = recordSource(info as never, {apiVersion: this.settings.apiVersion, seed: this.settings.seed, page}, fetchedAt);
		const messages: EncodedMessage[] = [];
		for (const [index, user] of users.entries()) {
			try {
				messages.push(encodeMessage(toUserRecord(parseRandomUser(user, `results[${index}]`), source, randomUUID)));
			} catch (error) {
				this.totals.invalid++;
				const message = error instanceof ValidationError ? error.message : userLine(error);
				this.events.emit('error', {at: Date.now(), source: 'record', message: `page ${page}: ${message}`, retrying: false});
				this.logger.warn({page, index, err: message}, 'user skipped: unusable shape');
			}
		}
		return messages;
	}

	private setState(state: RunState, reason?: string): void {
		if (this.stateValue === state) return;
		this.stateValue = state;
		this.events.emit('state', {state, reason});
	}
}
