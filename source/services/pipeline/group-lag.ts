import {type Admin} from 'kafkajs';

/** The admin calls the lag takes (a fake in tests). */
export type LagAdmin = Pick<Admin, 'connect' | 'disconnect' | 'fetchTopicOffsets' | 'fetchOffsets'>;

export interface PartitionLag {
	readonly partition: number;
	readonly committed: number; // -1: nothing committed yet
	readonly high: number;
	readonly lag: number;
}

/** Lag of a consumer group on a topic: high watermark minus committed offset, per partition. */
export async function groupLag(admin: LagAdmin, groupId: string, topic: string): Promise<PartitionLag[]> {
	const [ends, committed] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({groupId, topics: [topic]})]);
	const byPartition = new Map(committed[0]?.partitions.map(p => [p.partition, Number(p.offset)]) ?? []);
	return ends
		.map(end => {
			const high = Number(end.high);
			const low = Number(end.low);
			const offset = byPartition.get(end.partition) ?? -1;
			const from = offset < 0 ? low : offset;
			return {partition: end.partition, committed: offset, high, lag: Math.max(0, high - from)};
		})
		.sort((a, b) => a.partition - b.partition);
}
