/*
 * The two per-queue structures routing needs, each O(1) amortised per operation so that routing
 * cost does not grow with the number of agents. Both delete lazily: an entry that stopped being
 * valid (a caller abandoned, an agent went on break) stays in place and is skipped when reached,
 * and the arrays are compacted once skipped entries dominate.
 */

/** Something that waits in a queue. */
export interface Waiter {
  readonly createdAt: number;
  readonly state: string;
}

/** Interactions waiting in one queue, oldest `createdAt` first, so the head is served first. */
export class WaitingLine<T extends Waiter> {
  private items: T[] = [];
  private head = 0;
  /** How many valid (still queued) entries there are. */
  count = 0;

  /** Adds a newcomer, whose `createdAt` is the latest yet. */
  push(item: T): void {
    this.items.push(item);
    this.count++;
  }

  /** Puts back an interaction that was offered and missed, in its original place by age. */
  insert(item: T): void {
    let i = this.head;
    while (i < this.items.length) {
      const other = this.items[i] as T;
      if (other.state === 'queued' && other.createdAt > item.createdAt) break;
      i++;
    }
    this.items.splice(i, 0, item);
    this.count++;
  }

  /** Records that a waiting interaction left without being served; its entry is skipped later. */
  leave(): void {
    this.count--;
  }

  /** The oldest waiting interaction. */
  peek(): T | undefined {
    while (this.head < this.items.length && (this.items[this.head] as T).state !== 'queued') this.head++;
    if (this.head > 64 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return this.items[this.head];
  }

  /** Removes and returns the oldest waiting interaction. */
  shift(): T | undefined {
    const item = this.peek();
    if (item !== undefined) {
      this.head++;
      this.count--;
    }
    return item;
  }
}

/** Something that can be idle; `idleToken` changes every time it becomes idle. */
export interface Idler {
  readonly idle: boolean;
  readonly idleToken: number;
}

/**
 * Agents idle and routable for one queue, longest idle first. An agent skilled for several
 * queues sits in each of their pools; taking them from one invalidates the others' entries by
 * their token. `count` is kept by the caller, who knows when an agent stops being idle.
 */
export class IdlePool<T extends Idler> {
  private agents: T[] = [];
  private tokens: number[] = [];
  private head = 0;
  count = 0;

  add(agent: T): void {
    this.agents.push(agent);
    this.tokens.push(agent.idleToken);
    this.count++;
  }

  /** Records that one agent of this pool stopped being idle; its entry is skipped later. */
  drop(): void {
    this.count--;
    // An agent idle in a queue that rarely gets work leaves stale entries behind; bound them.
    if (this.agents.length - this.head > 4 * this.count + 256) this.compact();
  }

  /** The longest-idle valid agent, removed from this pool (the caller updates `count`). */
  take(): T | undefined {
    while (this.head < this.agents.length) {
      const agent = this.agents[this.head] as T;
      const token = this.tokens[this.head] as number;
      this.head++;
      if (agent.idle && agent.idleToken === token) {
        if (this.head > 64 && this.head * 2 > this.agents.length) this.compact();
        return agent;
      }
    }
    return undefined;
  }

  private compact(): void {
    const agents: T[] = [];
    const tokens: number[] = [];
    for (let i = this.head; i < this.agents.length; i++) {
      const agent = this.agents[i] as T;
      const token = this.tokens[i] as number;
      if (agent.idle && agent.idleToken === token) {
        agents.push(agent);
        tokens.push(token);
      }
    }
    this.agents = agents;
    this.tokens = tokens;
    this.head = 0;
  }
}
