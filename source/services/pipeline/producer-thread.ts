import {Worker} from 'node:worker_threads';
import {UnavailableError} from '../../domain/errors.js';
import {type KafkaConnectionSettings} from '../kafka/kafka-client.js';
import {type Logger, silentLogger} from '../logger.js';
import {packMessages} from './packed-messages.js';
import {type ProducerReply, type ProducerRequest, type ProducerWorkerData, deserializeError} from './producer-messages.js';
import {type OutgoingMessage, type RecordProducer, UndeliveredError} from './user-producer.js';

export interface ProducerThreadOptions {
	readonly kafka: KafkaConnectionSettings;
	readonly topic: string;
	readonly compression?: 'gzip' | 'none';
	readonly logger?: Logger;
}

interface Pending {
	readonly resolve: (sent: number | undefined) => void;
	readonly reject: (error: Error) => void;
	/** Messages of a send, reported undelivered if the thread dies under them. */
	readonly messages?: number;
}

/**
 * The compiled worker beside this file; or, when running from the TypeScript sources (tests,
 * bench), the .ts worker behind tsx's loader, registered inside the thread (an `--import` in a
 * worker's execArgv does not reach its module loader on Node 20).
 */
function startWorker(workerData: ProducerWorkerData): Worker {
	const options = {workerData, stdout: true, stderr: true} as const;
	if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('producer-worker.js', import.meta.url), options);
	const entry = new URL('producer-worker.ts', import.meta.url).href;
	const boot = `import('tsx/esm/api').then(tsx => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
	return new Worker(boot, {...options, eval: true});
}

/**
 * A RecordProducer whose Kafka client (kafkajs, with its record encoding, CRC-32C and GC) runs in
 * a worker thread, so the main thread's fetch, parse, transform and encode of the next page
 * overlap with the send of this one on another core. Pages cross as one transferred buffer
 * (packed-messages.ts). Sends are answered in order by the one UserProducer in the thread, so
 * the idempotent sequence and the page order are those of the calls.
 * The thread starts in connect() and ends in disconnect(); it holds the process open meanwhile.
 */
export class ProducerThread implements RecordProducer {
	private worker: Worker | undefined;
	private readonly pending = new Map<number, Pending>();
	private nextId = 1;
	private readonly logger: Logger;

	constructor(private readonly options: ProducerThreadOptions) {
		this.logger = options.logger ?? silentLogger;
	}

	async connect(): Promise<void> {
		if (this.worker) return;
		const worker = startWorker({kafka: this.options.kafka, topic: this.options.topic, compression: this.options.compression});
		// Anything the thread prints would land in the TUI: route it to the log file instead.
		worker.stdout.on('data', (chunk: Buffer) => this.logger.warn({output: chunk.toString('utf8')}, 'producer thread wrote to stdout'));
		worker.stderr.on('data', (chunk: Buffer) => this.logger.warn({output: chunk.toString('utf8')}, 'producer thread wrote to stderr'));
		worker.on('message', (reply: ProducerReply) => this.receive(reply));
		worker.on('error', error => this.failAll(error));
		worker.on('exit', code => {
			if (this.worker === worker) this.worker = undefined;
			this.failAll(new Error(`the producer thread exited (code ${code})`));
		});
		this.worker = worker;
		try {
			await this.request({id: 0, type: 'connect'});
		} catch (error) {
			this.worker = undefined;
			await worker.terminate();
			throw error;
		}
	}

	async send(messages: readonly OutgoingMessage[], timestamp: number): Promise<number> {
		if (messages.length === 0) return 0;
		const packed = packMessages(messages);
		const sent = await this.request({id: 0, type: 'send', packed, timestamp}, messages.length, [packed.bytes]);
		return sent ?? 0;
	}

	async disconnect(): Promise<void> {
		const worker = this.worker;
		if (!worker) return;
		try {
			await this.request({id: 0, type: 'disconnect'});
		} finally {
			this.worker = undefined;
			await worker.terminate();
		}
	}

	private request(request: ProducerRequest, messages?: number, transfer: ArrayBuffer[] = []): Promise<number | undefined> {
		const worker = this.worker;
		if (!worker) {
			return Promise.reject(
				request.type === 'send'
					? new UndeliveredError(messages ?? 0, new Error('the producer thread is not running'))
					: new UnavailableError('the producer thread is not running'),
			);
		}
		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			this.pending.set(id, {resolve, reject, messages});
			worker.postMessage({...request, id}, transfer);
		});
	}

	private receive(reply: ProducerReply): void {
		if (reply.type === 'log') {
			let logger = this.logger;
			for (const name of reply.ns) logger = logger.child(name);
			logger[reply.level](reply.fields, reply.message);
			return;
		}
		const pending = this.pending.get(reply.id);
		if (!pending) return;
		this.pending.delete(reply.id);
		if (reply.error) pending.reject(deserializeError(reply.error));
		else pending.resolve(reply.sent);
	}

	/** The thread died: every call waiting on it fails, a send with all its messages undelivered. */
	private failAll(cause: Error): void {
		for (const [id, pending] of this.pending) {
			this.pending.delete(id);
			pending.reject(
				pending.messages === undefined ? new UnavailableError(`Kafka producer thread failed: ${cause.message}`, {cause}) : new UndeliveredError(pending.messages, cause),
			);
		}
	}
}
