interface Entry {
  readonly time: number;
  /** Insertion order: events due at the same time run in the order they were scheduled. */
  readonly seq: number;
  readonly run: () => void;
}

function before(x: Entry, y: Entry): boolean {
  return x.time < y.time || (x.time === y.time && x.seq < y.seq);
}

/**
 * The simulation's future: a binary min-heap of callbacks by (time, insertion order). The tie
 * break on insertion order is what makes runs reproducible. Cancelling is left to the callbacks
 * (they check a generation number), which keeps scheduling O(log n) with no bookkeeping.
 */
export class Agenda {
  private readonly heap: Entry[] = [];
  private seq = 0;

  /** When the next callback is due, or undefined when nothing is scheduled. */
  peekTime(): number | undefined {
    return this.heap[0]?.time;
  }

  add(time: number, run: () => void): void {
    const heap = this.heap;
    const entry: Entry = { time, seq: this.seq++, run };
    let i = heap.length;
    heap.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as Entry;
      if (!before(entry, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = entry;
  }

  /** Removes and returns the earliest entry. */
  pop(): Entry | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    const n = heap.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let child = l;
      if (r < n && before(heap[r] as Entry, heap[l] as Entry)) child = r;
      const c = heap[child] as Entry;
      if (!before(c, last)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
