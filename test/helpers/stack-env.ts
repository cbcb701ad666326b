import {STACK_HOST, portOffsetFromEnv, portsWithOffset, stackAddress} from '../../source/domain/stack-ports.js';

/**
 * Where the integration tests find the local stack: the default ports, or shifted by
 * USERDATA_STACK_PORT_OFFSET (a private stack for a run that must not disturb the shared one).
 */
export const portOffset = portOffsetFromEnv(process.env);
const ports = portsWithOffset(portOffset);
export const kafkaBroker = stackAddress(ports.kafka);
export const thriftHost = STACK_HOST;
export const thriftPort = ports.thrift;
