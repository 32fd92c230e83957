/**
 * A map that keeps only its `limit` most recently set entries. Finished things (ended
 * interactions, resolved help requests, idempotency keys) must stay answerable for a while, but
 * a simulator left running for days must not grow without bound.
 */
export class Recent<V> {
  private readonly map = new Map<string, V>();

  /** `dropped` hears each key that leaves past the limit, so what hangs off it can go too. */
  constructor(
    private readonly limit: number,
    private readonly dropped?: (key: string) => void,
  ) {}

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  /** Entries, oldest first. */
  entries(): IterableIterator<[string, V]> {
    return this.map.entries();
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.limit) {
      const oldest = this.map.keys().next().value as string;
      this.map.delete(oldest);
      this.dropped?.(oldest);
    }
  }
}
