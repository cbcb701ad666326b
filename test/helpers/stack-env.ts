/**
 * Where the integration tests find the local stack: the default ports, or shifted by
 * USERDATA_STACK_PORT_OFFSET (a private stack for a run that must not disturb the shared one).
 */
export const portOffset = Number(process.env.USERDATA_STACK_PORT_OFFSET ?? 0) || 0;
export const kafkaBroker = `127.0.0.1:${9092 + portOffset}`;
export const thriftHost = '127.0.0.1';
export const thriftPort = 9090 + portOffset;
