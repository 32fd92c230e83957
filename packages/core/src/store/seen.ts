/**
 * The event ids of the de-duplication window, oldest evicted first. A Set of strings paid three
 * lookups per event, one of them on the evicted id: a string last touched thousands of events
 * ago, so a cache miss to read its hash. Here the table holds positions in the ring and the
 * ring keeps each id's hash beside it, so eviction touches only integer arrays; ids are
 * compared as strings only when their hashes match, which keeps the answer exact.
 *
 * @internal
 */
export class SeenIds {
  private readonly ids: (string | undefined)[];
  private readonly hashes: Int32Array;
  /** Open addressing with linear probing: ring position + 1, or 0 for an empty slot. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  private head = 0;

  constructor(window: number) {
    const size = Math.max(1, window);
    this.ids = new Array<string | undefined>(size);
    this.hashes = new Int32Array(size);
    // At most a quarter full, so probes stay short.
    let capacity = 16;
    while (capacity < size * 4) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /**
   * The hash this table files `id` under, for a caller that asks about the same id twice: the
   * methods take it back rather than walking the string again.
   */
  static hash(id: string): number {
    return hash(id);
  }

  /** Whether the id is among those held. */
  has(id: string, h = hash(id)): boolean {
    return this.holds(id, h);
  }

  /** Whether the id is in the window; if not, it is added, evicting the oldest when full. */
  seenOrAdd(id: string, h = hash(id)): boolean {
    if (this.holds(id, h)) return true;
    const { slots, mask, hashes, ids } = this;
    const at = this.head;
    if (ids[at] !== undefined) this.evict(at);
    ids[at] = id;
    hashes[at] = h;
    // The eviction may have shifted entries into the probe sequence: find a free slot again.
    let j = h & mask;
    while (slots[j] !== 0) j = (j + 1) & mask;
    slots[j] = at + 1;
    this.head = at + 1 === ids.length ? 0 : at + 1;
    return false;
  }

  private holds(id: string, h: number): boolean {
    const { slots, mask, hashes, ids } = this;
    for (let i = h & mask, held = slots[i] as number; held !== 0; i = (i + 1) & mask, held = slots[i] as number) {
      if (hashes[held - 1] === h && ids[held - 1] === id) return true;
    }
    return false;
  }

  /** Removes the ring entry at `at` from the table, shifting back the entries probed past it. */
  private evict(at: number): void {
    const { slots, mask, hashes } = this;
    let i = (hashes[at] as number) & mask;
    while (slots[i] !== at + 1) i = (i + 1) & mask;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const held = slots[j] as number;
      if (held === 0) break;
      const home = (hashes[held - 1] as number) & mask;
      // The entry at j may move to the hole at i unless its home lies cyclically in (i, j].
      const stays = i <= j ? home > i && home <= j : home > i || home <= j;
      if (!stays) {
        slots[i] = held;
        i = j;
      }
    }
    slots[i] = 0;
    this.ids[at] = undefined;
  }
}

/** FNV-1a over the UTF-16 code units, with a final mix so close ids spread over the table. */
function hash(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}
