import {RandomUserStub} from './randomuser-stub.js';

/**
 * Serves the recorded Random User API responses on 127.0.0.1 until killed, for trying the
 * pipeline by hand and for the benchmark: `npx tsx test/helpers/serve-stub.ts [port]`.
 * Prints the base URL to give to --api-url.
 */
const stub = new RandomUserStub();
const url = await stub.start();
process.stdout.write(`${url}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stub.close().then(() => process.exit(0)));
