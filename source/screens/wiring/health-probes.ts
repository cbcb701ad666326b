import {probeKafka, probeThrift} from '../../commands/probes.js';
import type {Services} from '../../services/create-services.js';
import type {HealthProbe} from '../../services/ports.js';

/** Kafka and HBase probes that follow the current settings (read at each check). */
export function healthProbes(services: () => Services): HealthProbe[] {
	return [
		{
			service: 'Kafka',
			address: () => services().settings.brokers.join(','),
			check: () => probeKafka(services().settings.brokers, services().logger.child('probe')),
		},
		{
			service: 'HBase',
			address: () => `${services().settings.thriftHost}:${services().settings.thriftPort}`,
			check: () => probeThrift(services().settings.thriftHost, services().settings.thriftPort, services().logger.child('probe')),
		},
	];
}
