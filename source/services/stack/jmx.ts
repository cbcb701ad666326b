import {UnavailableError} from '../../domain/errors.js';
import {STACK_HOST} from '../../domain/stack-ports.js';

/** One bean of a Hadoop or HBase daemon's /jmx servlet on the local stack; 5 s deadline. */
export async function jmx(port: number, bean: string): Promise<Record<string, unknown>> {
	const response = await fetch(`http://${STACK_HOST}:${port}/jmx?qry=${encodeURIComponent(bean)}`, {signal: AbortSignal.timeout(5000)});
	if (!response.ok) throw new UnavailableError(`${bean}: HTTP ${response.status}`);
	const beans = ((await response.json()) as {beans?: Array<Record<string, unknown>>}).beans ?? [];
	if (beans.length === 0) throw new UnavailableError(`${bean}: not published yet`);
	return beans[0]!;
}

/** What the master's JMX bean (on its info port) says: how many region servers it holds live. */
export async function liveRegionServers(masterUiPort: number): Promise<number> {
	const bean = await jmx(masterUiPort, 'Hadoop:service=HBase,name=Master,sub=Server');
	return Number(bean.numRegionServers ?? 0);
}
