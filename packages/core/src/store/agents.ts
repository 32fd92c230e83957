import type { Agent } from '../model/types.js';

/**
 * One agent as the store holds it: the agent readers see, with the versions of its parts beside
 * it, so a presence change or a resync finds everything about the agent in one lookup rather
 * than one map per version.
 *
 * @internal
 */
export class AgentRecord {
  agent: Agent;
  /** Version of the last agent update (event or snapshot). */
  at: number;
  /** Version of the presence held, which a newer presence event may have set. */
  presenceAt: number | undefined;
  /**
   * The vendor's time (epoch ms, not a version) of the last `not-responding` applied, if any: the
   * metrics count a flag when it was raised, not when its batch landed. Rarely set, so not kept small.
   */
  notRespondingAt: number | undefined = undefined;
  /** As on an interaction's record: the change batch that last listed it (-1 once it left), and an observer's state. */
  mark = 0;
  /**
   * The agent as it was before each later change in the batch that listed it, oldest first.
   * Left out of the constructor: the store sets it when it first lists the record.
   */
  passed?: Agent[];
  observed: unknown = undefined;
  observedBy: object | undefined = undefined;
  /** As on an interaction's record: the last snapshot sweep that found it listed. */
  sweep = 0;
  /**
   * The agent's live interaction ids, kept here rather than in a map by agent id, since the
   * store reaches this record from each interaction's without a lookup: the id itself while the
   * agent has one (nearly always), a set only for two or more.
   */
  live: string | Set<string> | undefined = undefined;

  constructor(agent: Agent, at: number, presenceAt: number | undefined) {
    this.agent = agent;
    this.at = at;
    this.presenceAt = presenceAt;
  }

  /** Left the store (removed, or out of the session's scope). */
  get gone(): boolean {
    return this.mark < 0;
  }
}

/** Where a {@link StoreChange} carries the records of the agents in `agentRecords`, as for interactions. @internal */
export const CHANGED_AGENTS: unique symbol = Symbol('floorwalk.changedAgents');

/**
 * A read-only map of agents over the store's records, for the readers that took the store's
 * map directly (client reads, policy scope checks, the outbox).
 *
 * @internal
 */
export class AgentViews implements ReadonlyMap<string, Agent> {
  constructor(private readonly records: ReadonlyMap<string, AgentRecord>) {}

  get size(): number {
    return this.records.size;
  }

  get(id: string): Agent | undefined {
    return this.records.get(id)?.agent;
  }

  has(id: string): boolean {
    return this.records.has(id);
  }

  *entries(): MapIterator<[string, Agent]> {
    for (const [id, r] of this.records) yield [id, r.agent];
  }

  keys(): MapIterator<string> {
    return this.records.keys();
  }

  *values(): MapIterator<Agent> {
    for (const r of this.records.values()) yield r.agent;
  }

  [Symbol.iterator](): MapIterator<[string, Agent]> {
    return this.entries();
  }

  forEach(callback: (value: Agent, key: string, map: ReadonlyMap<string, Agent>) => void, thisArg?: unknown): void {
    for (const [id, r] of this.records) callback.call(thisArg, r.agent, id, this);
  }
}
