import type {ControlState, PipelineControl, PipelineEvent, ProducerOptions, SinkBatch} from '../../source/services/ports.js';

/**
 * A pipeline that records what it is asked and answers with the events the real one would
 * send. emit() lets a test push any event (progress, batches, errors).
 */
export class FakePipeline implements PipelineControl {
	readonly calls: string[] = [];
	producerOptions: ProducerOptions = {rate: 0, pageSize: 1000};
	private readonly listeners = new Set<(event: PipelineEvent) => void>();
	private producer: ControlState = 'idle';
	private sink: ControlState = 'idle';

	subscribe(listener: (event: PipelineEvent) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	emit(event: PipelineEvent): void {
		for (const listener of this.listeners) listener(event);
	}

	private producerState(state: ControlState): void {
		this.producer = state;
		this.emit({type: 'producer.state', state});
	}

	private sinkState(state: ControlState): void {
		this.sink = state;
		this.emit({type: 'sink.state', state});
	}

	startProducer(): void {
		this.calls.push('startProducer');
		this.producerState('running');
	}

	pauseProducer(): void {
		this.calls.push('pauseProducer');
		if (this.producer === 'running') this.producerState('paused');
	}

	resumeProducer(): void {
		this.calls.push('resumeProducer');
		if (this.producer === 'paused') this.producerState('running');
	}

	async stopProducer(): Promise<void> {
		this.calls.push('stopProducer');
		this.producerState('stopped');
	}

	configureProducer(change: Partial<ProducerOptions>): void {
		this.calls.push(`configureProducer ${JSON.stringify(change)}`);
		this.producerOptions = {...this.producerOptions, ...change};
		this.emit({type: 'producer.options', options: this.producerOptions});
	}

	startSink(): void {
		this.calls.push('startSink');
		this.sinkState('running');
	}

	async stopSink(): Promise<void> {
		this.calls.push('stopSink');
		this.sinkState('stopped');
	}

	async shutdown(): Promise<void> {
		this.calls.push('shutdown');
		await Promise.all([this.stopProducer(), this.stopSink()]);
	}
}

export function batch(partial: Partial<SinkBatch> = {}): SinkBatch {
	return {
		at: Date.now(),
		topic: 'userdata',
		partition: 0,
		firstOffset: '0',
		lastOffset: '9',
		rows: 10,
		dlq: 0,
		latencyMs: 12,
		lag: 0,
		sample: [{rowKey: 'aaaaaaaa-0000-4000-8000-000000000001', name: 'Ava Berg'}],
		...partial,
	};
}
