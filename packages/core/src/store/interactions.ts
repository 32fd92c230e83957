import { CHANNELS, DIRECTIONS, END_REASONS, INTERACTION_STATES, type Customer, type Interaction } from '../model/types.js';
import { WITHHELD, withCustomer, type MaskSlot } from '../policy/mask.js';
import type { AgentRecord } from './agents.js';

/**
 * The one copy of each enumerated value. A parsed vendor payload brings its own copy of
 * "connected" or "voice" in every message; a record that kept them would hold a handful of
 * duplicate strings per interaction, on a large floor a tenth of the client's memory.
 */
const CANONICAL = new Map<string, string>([...CHANNELS, ...DIRECTIONS, ...INTERACTION_STATES, ...END_REASONS].map((v) => [v, v]));
function canonical<T extends string | undefined>(value: T): T {
  return value === undefined ? value : ((CANONICAL.get(value) ?? value) as T);
}

/**
 * One interaction as the store holds it: a single mutable record updated in place by every
 * event, in place of a fresh object per event plus a version map and a masker entry beside it.
 * Readers get a plain {@link Interaction} built from it on first read and kept until the record
 * next changes, so an update nobody reads allocates nothing.
 *
 * Two ways of holding: `source` is the object to hand out as it is (data in the clear, or
 * nothing to mask), or it is undefined and the fields below are a copy of the event's with the
 * customer masked (the raw customer is never kept, only the fingerprint of {@link MaskSlot}).
 *
 * @internal
 */
export class InteractionRecord implements MaskSlot {
  /** Version: the relative `at` of the last applied event. */
  at = 0;
  /** Held in the recent-ended history rather than live. */
  ended = false;
  source: Interaction | undefined = undefined;
  view: Interaction | undefined = undefined;
  channel: Interaction['channel'] = 'voice';
  direction: Interaction['direction'] = 'inbound';
  state: Interaction['state'] = 'queued';
  agentId: string | undefined = undefined;
  queueId: string | undefined = undefined;
  createdAt = 0;
  offeredAt: number | undefined = undefined;
  connectedAt: number | undefined = undefined;
  heldAt: number | undefined = undefined;
  holdMs: number | undefined = undefined;
  holdCount: number | undefined = undefined;
  wrapUpAt: number | undefined = undefined;
  endedAt: number | undefined = undefined;
  endReason: Interaction['endReason'] = undefined;
  transfers: number | undefined = undefined;
  withheld = false;
  fa = 0;
  fb = 0;
  customer: Customer | undefined = undefined;
  /**
   * The change batch that last changed it, so a batch's {@link changes} add up however often it
   * moved; -1 once it left the store while live (scope change, agent removed), as opposed to ending.
   */
  mark = 0;
  /**
   * Whatever the first observer of the change feed keeps for this interaction (the metrics'
   * tracking state), and which observer that is, so following a busy floor costs it no lookup
   * per change, and a change it does not care about (see {@link changes}) not even a read.
   */
  observed: unknown = undefined;
  observedBy: object | undefined = undefined;
  /** {@link RecordChange} bits: what this batch changed, and whether it is connected now. */
  changes = 0;
  /**
   * The interaction as it was just before each change of this batch that took it from an
   * agent, oldest first, so the part or offer each agent had is timed as it ended, even one that
   * began and ended within the batch; only set when that happens.
   */
  passed: InteractionData[] | undefined = undefined;
  /**
   * After a hand-over, when the current agent's part began and the hold the interaction had
   * then: a vendor may keep the first agent's `connectedAt` and run `holdMs` on, so the client
   * times the current agent's part from here.
   */
  legFrom = 0;
  holdBase = 0;
  /** The last snapshot sweep that found it listed, so the sweep keeps it (see the store's `sweeps`). */
  sweep = 0;
  /**
   * The store's record of its agent when the store held one as the agent was set, so an
   * observer reaches the agent's own slot without a lookup. It may have left the store since:
   * read its slot, not its data.
   */
  agentRecord: AgentRecord | undefined = undefined;

  constructor(readonly id: string) {}

  /** Left the store while live; see {@link mark}. */
  get gone(): boolean {
    return this.mark < 0;
  }

  /** Holds the interaction as it is (clear data, or nothing that needs masking). */
  hold(interaction: Interaction): void {
    this.source = interaction;
    this.view = interaction;
    this.state = interaction.state;
    this.agentId = interaction.agentId;
    this.queueId = interaction.queueId;
    // A masked customer from an earlier update is not needed any more.
    this.customer = undefined;
  }

  /**
   * Copies the interaction's fields; the caller masks the customer into the record. `agentId`
   * and `queueId` are the store's own copies of the ids where it has them.
   */
  copy(i: Interaction, agentId: string | undefined, queueId: string | undefined): void {
    this.source = undefined;
    this.view = undefined;
    // Compared first: an update nearly always repeats the channel and direction, and the
    // comparison of two short strings costs less than a lookup.
    if (this.channel !== i.channel) this.channel = canonical(i.channel);
    if (this.direction !== i.direction) this.direction = canonical(i.direction);
    if (this.state !== i.state) this.state = canonical(i.state);
    this.agentId = agentId;
    this.queueId = queueId;
    this.createdAt = i.createdAt;
    this.offeredAt = i.offeredAt;
    this.connectedAt = i.connectedAt;
    this.heldAt = i.heldAt;
    this.holdMs = i.holdMs;
    this.holdCount = i.holdCount;
    this.wrapUpAt = i.wrapUpAt;
    this.endedAt = i.endedAt;
    if (this.endReason !== i.endReason) this.endReason = canonical(i.endReason);
    this.transfers = i.transfers;
    this.withheld = i.subject !== undefined;
  }

  /**
   * The interaction as readers see it, built once per change. Optional fields stay absent when
   * they were absent, so it equals what masking a copy of the event would have produced.
   */
  read(): Interaction {
    const held = this.view;
    if (held !== undefined) return held;
    const out = withCustomer(this, this.customer, this.withheld ? WITHHELD : undefined);
    this.view = out;
    return out;
  }
}

/**
 * The fields of an interaction the store holds in the clear whatever the session's permissions,
 * as the change feed's readers see them: the record itself, or the interaction it holds as it is.
 *
 * @internal
 */
export type InteractionData = Pick<
  Interaction,
  'id' | 'channel' | 'direction' | 'state' | 'agentId' | 'queueId' | 'createdAt' | 'offeredAt' | 'connectedAt' | 'heldAt' | 'holdMs' | 'wrapUpAt' | 'endedAt' | 'endReason'
>;

/** The record's current fields without building a view. @internal */
export function dataOf(record: InteractionRecord): InteractionData {
  return record.source ?? record;
}

/**
 * Where a {@link StoreChange} carries records of the interactions it lists, for the core's own
 * readers (the metrics): walking them costs no lookup and builds no view. Not for hosts. Only
 * the records a batch changed in one of the {@link SIGNIFICANT_CHANGES} ways, and those that
 * left the store while live ({@link InteractionRecord.gone}), each once: holds, unholds and
 * wrap-ups, most of a busy floor's traffic, move no one's part nor queue and are not listed.
 *
 * @internal
 */
export const CHANGED_RECORDS: unique symbol = Symbol('floorwalk.changedRecords');

/**
 * What a batch changed about an interaction, in {@link InteractionRecord.changes}: the changes
 * that start or end someone's part in it, or its time in a queue. A change with none of these
 * (a hold, an unhold, a wrap-up, a customer edit) leaves every leg and queue entry where it was.
 *
 * @internal
 */
export const RecordChange = {
  /** New to the store, or reopened after it ended. */
  Added: 1,
  /** Its agent changed. */
  Agent: 2,
  /** It became connected, or stopped being. */
  Connection: 4,
  Ended: 8,
  /** Not a change: whether the last update had it connected. */
  Connected: 16,
  /** Its queue changed: one waiting there enters the new queue now (a flow moving a waiting call on). */
  Queue: 32,
} as const;

/** The {@link RecordChange} bits that start or end someone's part in an interaction, or a queue entry. @internal */
export const SIGNIFICANT_CHANGES = RecordChange.Added | RecordChange.Agent | RecordChange.Connection | RecordChange.Ended | RecordChange.Queue;

/**
 * A read-only map of interaction views over the store's records, for the readers that took the
 * store's maps directly (client reads, policy checks, the outbox). `ended` picks which records
 * it shows; `count` is their number, kept by the store.
 *
 * @internal
 */
export class InteractionViews implements ReadonlyMap<string, Interaction> {
  constructor(
    private readonly records: ReadonlyMap<string, InteractionRecord>,
    private readonly ended: boolean,
    private readonly count: () => number,
  ) {}

  get size(): number {
    return this.count();
  }

  get(id: string): Interaction | undefined {
    const r = this.records.get(id);
    return r === undefined || r.ended !== this.ended ? undefined : r.read();
  }

  has(id: string): boolean {
    const r = this.records.get(id);
    return r !== undefined && r.ended === this.ended;
  }

  *entries(): MapIterator<[string, Interaction]> {
    for (const [id, r] of this.records) if (r.ended === this.ended) yield [id, r.read()];
  }

  *keys(): MapIterator<string> {
    for (const [id, r] of this.records) if (r.ended === this.ended) yield id;
  }

  *values(): MapIterator<Interaction> {
    for (const r of this.records.values()) if (r.ended === this.ended) yield r.read();
  }

  [Symbol.iterator](): MapIterator<[string, Interaction]> {
    return this.entries();
  }

  forEach(callback: (value: Interaction, key: string, map: ReadonlyMap<string, Interaction>) => void, thisArg?: unknown): void {
    for (const [id, i] of this.entries()) callback.call(thisArg, i, id, this);
  }
}
