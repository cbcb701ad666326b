/**
 * A fixed-size buffer that keeps the newest `capacity` items: memory stays bounded however
 * long the console runs. push is O(1); toArray copies (oldest first) and is called once per
 * redraw, not per event.
 */
export class RingBuffer<T> {
	private readonly items: Array<T | undefined>;
	private start = 0;
	private count = 0;

	constructor(readonly capacity: number) {
		if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be at least 1, got ${capacity}`);
		this.items = new Array<T | undefined>(capacity);
	}

	get size(): number {
		return this.count;
	}

	push(item: T): void {
		const end = (this.start + this.count) % this.capacity;
		this.items[end] = item;
		if (this.count < this.capacity) this.count++;
		else this.start = (this.start + 1) % this.capacity;
	}

	clear(): void {
		this.items.fill(undefined);
		this.start = 0;
		this.count = 0;
	}

	/** Oldest first. */
	toArray(): T[] {
		const out: T[] = [];
		for (let index = 0; index < this.count; index++) out.push(this.items[(this.start + index) % this.capacity] as T);
		return out;
	}
}
