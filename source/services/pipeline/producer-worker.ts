import {inspect} from 'node:util';
import {isMainThread, parentPort, workerData, type MessagePort} from 'node:worker_threads';
import {createKafka} from '../kafka/kafka-client.js';
import {type Logger} from '../logger.js';
import {unpackMessages} from './packed-messages.js';
import {type ProducerReply, type ProducerRequest, type ProducerWorkerData, serializeError} from './producer-messages.js';
import {UserProducer} from './user-producer.js';

/**
 * The producer thread: a UserProducer (kafkajs) in a worker, fed packed pages by ProducerThread.
 * This file is the worker's entry point; it does nothing when imported on the main thread.
 */

/** Log lines go to the main thread's logger (the log file), never to this thread's console. */
function forwardingLogger(port: MessagePort, ns: readonly string[]): Logger {
	const post = (level: 'debug' | 'info' | 'warn' | 'error') => (fields: object, message?: string) => {
		const reply: ProducerReply = {type: 'log', level, ns, fields, message};
		try {
			port.postMessage(reply);
		} catch {
			// A field that cannot cross threads (a function, a socket): keep the words (String() would
			// give '[object Object]').
			port.postMessage({...reply, fields: {unclonable: inspect(fields, {depth: 2, breakLength: Infinity})}} satisfies ProducerReply);
		}
	};
	return {debug: post('debug'), info: post('info'), warn: post('warn'), error: post('error'), child: name => forwardingLogger(port, [...ns, name])};
}

function serve(port: MessagePort, data: ProducerWorkerData): void {
	const logger = forwardingLogger(port, []);
	const producer = new UserProducer({kafka: createKafka(data.kafka, logger), topic: data.topic, compression: data.compression, logger});
	const handle = async (request: ProducerRequest): Promise<number | undefined> => {
		switch (request.type) {
			case 'connect':
				await producer.connect();
				return undefined;
			case 'send':
				return producer.send(unpackMessages(request.packed), request.timestamp);
			case 'disconnect':
				await producer.disconnect();
				return undefined;
		}
	};
	port.on('message', (request: ProducerRequest) => {
		handle(request).then(
			sent => port.postMessage({type: 'reply', id: request.id, sent} satisfies ProducerReply),
			(error: unknown) => port.postMessage({type: 'reply', id: request.id, error: serializeError(error)} satisfies ProducerReply),
		);
	});
}

if (!isMainThread && parentPort) serve(parentPort, workerData as ProducerWorkerData);
