import type { Unsubscribe } from 'nanoevents';
import { systemClock } from '../clock.js';
import { ErrorCode, FloorwalkError } from '../errors.js';
import type { StoreChange } from '../store/store.js';
import { CHANGED_RECORDS, dataOf, type InteractionData, type InteractionRecord } from '../store/interactions.js';
import { CHANGED_AGENTS, type AgentRecord } from '../store/agents.js';
import { SeenIds } from '../store/seen.js';
import { holdOf } from '../store/times.js';
import { CHANNELS, PRESENCE_STATES, type Agent, type Channel, type Interaction, type PresenceState } from '../model/types.js';
import {
  MEDIAN_FIELDS,
  type AgentMetrics,
  type AgentTimeline,
  type MedianField,
  type MetricFigures,
  type Metrics,
  type MetricsBucket,
  type MetricsChange,
  type MetricsOptions,
  type MetricsPeriod,
  type MetricsSource,
  type MetricsWindow,
  type MetricTotals,
  type PresenceTimes,
  type QueueMetrics,
  type TeamMetrics,
} from './types.js';

const CHANNEL_INDEX = Object.fromEntries(CHANNELS.map((c, i) => [c, i])) as Record<Channel, number>;
const PRESENCE_INDEX = Object.fromEntries(PRESENCE_STATES.map((s, i) => [s, i])) as Record<PresenceState, number>;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/**
 * Finished interactions remembered, so a snapshot replaying them after a resync, or a vendor's
 * late update, counts nothing twice.
 */
const DONE_MEMORY = 16_384;

/*
 * Finished legs (one agent's part of one interaction, from connect to end or hand-over) live in
 * one typed-array pool; presence spans and queue entries in flat number arrays; not objects: at
 * 10,000 agents a day holds hundreds of thousands of them, and objects would make every garbage
 * collection walk them. The change feed is the hot path (every event of a busy floor passes
 * through it), so recording builds no objects per change; figures are computed when read.
 */
/** Fields of a leg in a chunk of the `LegPool`, LEG numbers per leg. */
const FROM = 0;
const TO = 1;
const TALK = 2;
const HOLD = 3;
const WRAP = 4;
const HANDLE = 5;
/** Channel index * 2 + 1 when transferred. */
const FLAGS = 6;
/** The next slot of the same agent's chain, or of the free chain; -1 ends a chain. */
const NEXT = 7;
/** Eight numbers, 64 bytes: walking a chain reads about one cache line per leg. */
const LEG = 8;
/** Slots per chunk, as a shift: slot s is leg (s & (CHUNK - 1)) of chunk s >> CHUNK_BITS. */
const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;

class AgentHistory {
  constructor(readonly id: string) {}
  // Fields in the order a change reads them, as on `Tracked`.
  /**
   * Live interactions this agent is connected to, chained through the tracking records (each
   * leg's start is its `legFrom`): no array to reach and search on a busy floor's every connect.
   */
  open: Tracked | undefined = undefined;
  /** Finished legs in the order they finished: a chain of slots in the leg pool, and its length. */
  lastLeg = -1;
  firstLeg = -1;
  legs = 0;
  /** The team list this agent was last filed under, as the store shares it. */
  teams: readonly string[] | undefined = undefined;
  /** The open presence span (none while the agent is gone): vendor state and since, and where it starts here. */
  state: PresenceState | undefined = undefined;
  since = 0;
  from = 0;
  flagged = false;
  /** When {@link flagged} last changed, as counted. */
  flaggedAt = Number.NEGATIVE_INFINITY;
  /** Closed presence spans, oldest first: their states, and from/to pairs in `spanTimes`. */
  spanStates: PresenceState[] = [];
  spanTimes: number[] = [];
  /**
   * The last of the oldest legs that all ended before `skipFrom` (-1 for none), so reads of a
   * window starting then or later (the current interval, read every frame) begin after them
   * instead of walking the whole day's legs, each a cold slot in the pool. Pruning resets it.
   */
  skipAfter = -1;
  skipFrom = Number.NEGATIVE_INFINITY;
  /** The same for the closed presence spans: how many of the oldest ended by `spanSkipFrom`. */
  spanSkip = 0;
  spanSkipFrom = Number.NEGATIVE_INFINITY;
  missed: number[] = [];
  notResponding: number[] = [];
  /** The store's record pointing here, as for {@link Tracked}. */
  record: AgentRecord | undefined = undefined;
}

/**
 * Every agent's finished legs in one pool, LEG numbers per slot, each agent's chained oldest
 * first through the NEXT field. A day at 10,000 agents holds a few hundred thousand legs:
 * arrays per agent growing leg by leg would copy them again and again and leave the old copies
 * to the collector. The pool grows a chunk at a time, never copying, and reuses the slots
 * pruning frees.
 */
class LegPool {
  readonly chunks: Float64Array[] = [];
  /** Slots from here on were never used. */
  top = 0;
  free = -1;

  /** The chunk holding slot `s`; its fields start at {@link offset}(s). */
  chunk(s: number): Float64Array {
    return this.chunks[s >> CHUNK_BITS] as Float64Array;
  }

  /** Field `field` of slot `s`. */
  get(s: number, field: number): number {
    return (this.chunks[s >> CHUNK_BITS] as Float64Array)[offset(s) + field] as number;
  }

  append(h: AgentHistory, from: number, to: number, talk: number, hold: number, wrap: number, handle: number, flags: number): void {
    let s = this.free;
    if (s >= 0) this.free = this.get(s, NEXT);
    else {
      if (this.top === this.chunks.length * CHUNK) this.chunks.push(new Float64Array(CHUNK * LEG));
      s = this.top++;
    }
    const data = this.chunk(s);
    const k = offset(s);
    data[k + FROM] = from;
    data[k + TO] = to;
    data[k + TALK] = talk;
    data[k + HOLD] = hold;
    data[k + WRAP] = wrap;
    data[k + HANDLE] = handle;
    data[k + FLAGS] = flags;
    data[k + NEXT] = -1;
    if (h.lastLeg >= 0) this.set(h.lastLeg, NEXT, s);
    else h.firstLeg = s;
    h.lastLeg = s;
    h.legs++;
  }

  /** Frees the agent's oldest leg. */
  shift(h: AgentHistory): void {
    const s = h.firstLeg;
    h.firstLeg = this.get(s, NEXT);
    if (h.firstLeg < 0) h.lastLeg = -1;
    h.legs--;
    this.set(s, NEXT, this.free);
    this.free = s;
  }

  private set(s: number, field: number, value: number): void {
    (this.chunks[s >> CHUNK_BITS] as Float64Array)[offset(s) + field] = value;
  }
}

/** Where slot `s`'s fields start in its chunk. */
const offset = (s: number): number => (s & (CHUNK - 1)) * LEG;

/** A queue's entries in arrival order, one index across the three arrays; NaN is "not yet". */
interface QueueHistory {
  created: number[];
  answered: number[];
  abandoned: number[];
  /** Absolute index of the first kept entry: pruning shifts the arrays, not the indices held. */
  base: number;
}

/**
 * An interaction's progress while live (once finished, only its id is remembered, in `done`).
 * Every field is always present, so all of them share one shape; records are reused.
 */
class Tracked {
  // Fields in the order a change reads them, so the first ones share cache lines: the tracking
  // record is usually cold when its interaction next moves.
  /** The agent it was with when last looked at. */
  agentId: string | undefined = undefined;
  /** NaN while no leg is open, as `handedAt` is before any hand-over: number fields stay unboxed. */
  legFrom = Number.NaN;
  /** The history of the agent whose connected leg is open (its `id` is theirs). */
  connectedTo: AgentHistory | undefined = undefined;
  /** The agent currently offered it without having connected. */
  offeredTo: string | undefined = undefined;
  /** The next in the connected agent's chain of open legs. */
  openNext: Tracked | undefined = undefined;
  /** When it last changed hands: a vendor may keep the first agent's connectedAt. */
  handedAt = Number.NaN;
  /** Hold the interaction already had when the open leg began: a vendor may keep the first agent's holdMs. */
  holdBase = 0;
  /** Its queue's history and its entry's absolute index there, until the entry is answered. */
  queue: QueueHistory | undefined = undefined;
  entry = -1;
  /** The store's record that points here while it is live. */
  record: InteractionRecord | undefined = undefined;
  id = '';
  /** Its id's hash in `done`'s table, taken when it was checked there before being followed. */
  hash = 0;
  /** Whether it is following a live interaction now, rather than waiting in `spare`. */
  following = false;
  queueId: string | undefined = undefined;
  /**
   * The interaction as last seen, for sources without the store's records: a hand-over times
   * the previous agent's part from it. (The store's record keeps its own, in `passed`.)
   */
  last: InteractionData | undefined = undefined;

  reset(i: InteractionData, id: string): void {
    this.id = id;
    this.record = undefined;
    this.agentId = i.agentId;
    this.last = undefined;
    this.offeredTo = this.queueId = undefined;
    this.connectedTo = undefined;
    this.legFrom = this.handedAt = Number.NaN;
    this.holdBase = 0;
    this.queue = undefined;
    this.entry = -1;
    this.openNext = undefined;
  }
}

/** A store record (interaction or agent) that an observer's state may hang on. */
interface Slot {
  observed: unknown;
  observedBy: object | undefined;
}

/**
 * Hangs `holder` on the record for the metrics instance `owner` (its own table, as a token),
 * unless another instance got there first; false then. The record points to the holder only
 * while the holder points back, so whichever lets go first clears both.
 */
function point<R extends Slot>(record: R, holder: { record: R | undefined }, owner: object): boolean {
  if (record.observedBy !== undefined && record.observedBy !== owner) return false;
  unpoint(holder);
  record.observed = holder;
  record.observedBy = owner;
  holder.record = record;
  return true;
}

function unpoint(holder: { record: Slot | undefined }): void {
  const r = holder.record;
  if (r !== undefined && r.observed === holder) {
    r.observed = undefined;
    r.observedBy = undefined;
  }
  holder.record = undefined;
}

/** Length of `[a, b)` inside `[from, to)`. */
const overlap = (a: number, b: number, from: number, to: number): number => Math.max(0, Math.min(b, to) - Math.max(a, from));

/**
 * Whether an instant falls in `[from, to)`. A window that reaches now also takes what happened
 * at now (and any vendor timestamp a little ahead of our clock), or it would miss the latest end.
 */
const inWindow = (at: number, w: MetricsWindow, now: number): boolean => at >= w.from && (at < w.to || w.to >= now);

/** Median of the finite numbers, or null when there are none. */
export function median(values: readonly (number | null)[]): number | null {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = xs.length >> 1;
  return xs.length % 2 === 1 ? (xs[mid] as number) : ((xs[mid - 1] as number) + (xs[mid] as number)) / 2;
}

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);

/** Merges `[from, to)` intervals into disjoint ones, in order. */
function union(intervals: [number, number][]): [number, number][] {
  intervals.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [a, b] of intervals) {
    if (b <= a) continue;
    const last = out[out.length - 1];
    if (last !== undefined && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** How many of the instants fall in the window (see {@link inWindow}). */
function countIn(xs: readonly number[], from: number, to: number, reachesNow: boolean): number {
  let n = 0;
  for (let k = 0; k < xs.length; k++) {
    const at = xs[k] as number;
    if (at >= from && (at < to || reachesNow)) n++;
  }
  return n;
}

/**
 * `[from, to)` intervals in growable scratch arrays, kept sorted by start as they are added, so
 * a read merges them without allocating. Legs arrive nearly in order, so insertion is cheap.
 */
class Intervals {
  a = new Float64Array(64);
  b = new Float64Array(64);
  n = 0;

  add(a: number, b: number): void {
    if (this.n === this.a.length) {
      const grownA = new Float64Array(this.n * 2);
      const grownB = new Float64Array(this.n * 2);
      grownA.set(this.a);
      grownB.set(this.b);
      this.a = grownA;
      this.b = grownB;
    }
    let k = this.n++;
    while (k > 0 && (this.a[k - 1] as number) > a) {
      this.a[k] = this.a[k - 1] as number;
      this.b[k] = this.b[k - 1] as number;
      k--;
    }
    this.a[k] = a;
    this.b[k] = b;
  }

  /** Merges in place into disjoint intervals, dropping empty ones, as {@link union} does. */
  merge(): void {
    let out = 0;
    for (let k = 0; k < this.n; k++) {
      const a = this.a[k] as number;
      const b = this.b[k] as number;
      if (b <= a) continue;
      if (out > 0 && a <= (this.b[out - 1] as number)) this.b[out - 1] = Math.max(this.b[out - 1] as number, b);
      else {
        this.a[out] = a;
        this.b[out] = b;
        out++;
      }
    }
    this.n = out;
  }
}

/**
 * One agent's (or a team's) sums over a span of time. Reads fill a few of these over and over rather
 * than building objects per agent: a team read at a 10,000-agent centre visits hundreds.
 */
class Sums {
  handled = 0;
  handleMs = 0;
  talkMs = 0;
  holdMs = 0;
  held = 0;
  wrapUpMs = 0;
  wrappedUp = 0;
  longestMs: number | null = null;
  transfers = 0;
  missed = 0;
  notResponding = 0;
  interactingMs = 0;
  idleMs = 0;
  readonly presence = new Float64Array(PRESENCE_STATES.length);
  readonly byChannel = new Float64Array(CHANNELS.length);
  /** Channel indices in the order first counted: a result's keys follow it. */
  readonly channelOrder = new Uint8Array(CHANNELS.length);
  channels = 0;

  clear(): void {
    this.handled = this.handleMs = this.talkMs = this.holdMs = this.held = this.wrapUpMs = this.wrappedUp = 0;
    this.transfers = this.missed = this.notResponding = this.interactingMs = this.idleMs = 0;
    this.longestMs = null;
    this.presence.fill(0);
    this.byChannel.fill(0);
    this.channels = 0;
  }

  countChannel(channel: number, n: number): void {
    if (this.byChannel[channel] === 0) this.channelOrder[this.channels++] = channel;
    (this.byChannel[channel] as number) += n;
  }

  add(o: Sums): void {
    this.handled += o.handled;
    this.handleMs += o.handleMs;
    this.talkMs += o.talkMs;
    this.holdMs += o.holdMs;
    this.held += o.held;
    this.wrapUpMs += o.wrapUpMs;
    this.wrappedUp += o.wrappedUp;
    this.transfers += o.transfers;
    this.missed += o.missed;
    this.notResponding += o.notResponding;
    this.interactingMs += o.interactingMs;
    this.idleMs += o.idleMs;
    for (let k = 0; k < PRESENCE_STATES.length; k++) (this.presence[k] as number) += o.presence[k] as number;
    for (let k = 0; k < o.channels; k++) {
      const c = o.channelOrder[k] as number;
      this.countChannel(c, o.byChannel[c] as number);
    }
    if (o.longestMs !== null && (this.longestMs === null || o.longestMs > this.longestMs)) this.longestMs = o.longestMs;
  }

  handledByChannel(): Partial<Record<Channel, number>> {
    const out: Partial<Record<Channel, number>> = {};
    for (let k = 0; k < this.channels; k++) {
      const c = this.channelOrder[k] as number;
      out[CHANNELS[c] as Channel] = this.byChannel[c] as number;
    }
    return out;
  }

  presenceMs(): PresenceTimes {
    const out = {} as Record<PresenceState, number>;
    for (let k = 0; k < PRESENCE_STATES.length; k++) out[PRESENCE_STATES[k] as PresenceState] = this.presence[k] as number;
    return out;
  }

  /** The figures a team median is taken over; null where undefined, as on {@link AgentMetrics}. */
  figure(field: MedianField): number | null {
    switch (field) {
      case 'handled':
        return this.handled;
      case 'avgHandleMs':
        return ratio(this.handleMs, this.handled);
      case 'avgHoldMs':
        return ratio(this.holdMs, this.held);
      case 'avgWrapUpMs':
        return ratio(this.wrapUpMs, this.wrappedUp);
      case 'longestMs':
        return this.longestMs;
      case 'transfers':
        return this.transfers;
      case 'missed':
        return this.missed;
      case 'occupancy':
        return ratio(this.interactingMs, this.interactingMs + this.idleMs);
    }
  }
}

function figures(t: Sums): MetricFigures {
  return {
    avgHandleMs: ratio(t.handleMs, t.handled),
    avgTalkMs: ratio(t.talkMs, t.handled),
    avgHoldMs: ratio(t.holdMs, t.held),
    avgWrapUpMs: ratio(t.wrapUpMs, t.wrappedUp),
    occupancy: ratio(t.interactingMs, t.interactingMs + t.idleMs),
  };
}

/** The same sums as a plain {@link MetricTotals}, keys in the order readers have always seen. */
function totals(t: Sums): MetricTotals {
  return {
    handled: t.handled,
    handledByChannel: t.handledByChannel(),
    handleMs: t.handleMs,
    talkMs: t.talkMs,
    holdMs: t.holdMs,
    held: t.held,
    wrapUpMs: t.wrapUpMs,
    wrappedUp: t.wrappedUp,
    longestMs: t.longestMs,
    transfers: t.transfers,
    missed: t.missed,
    notResponding: t.notResponding,
    interactingMs: t.interactingMs,
    idleMs: t.idleMs,
    presenceMs: t.presenceMs(),
  };
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new FloorwalkError(ErrorCode.InvalidArgument, `createMetrics: ${name} must be a positive number of ms, got ${String(value)}.`, { details: { [name]: value } });
  }
  return value;
}

const localMidnight = (at: number): number => {
  const d = new Date(at);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
};

/**
 * Live contact-centre metrics over a client: per agent, team and queue, for the current
 * interval, today or any range within the kept history. It records presence spans and
 * interaction lifecycles from the client's change feed (no vendor calls) into bounded history,
 * and computes figures when read, so recording stays cheap at 10,000 agents. Definitions and
 * formulas: docs/metrics.md.
 *
 * @example
 * ```ts
 * const metrics = createMetrics(client, { intervalMs: 15 * 60_000, serviceLevelThresholdMs: 20_000 });
 * const mine = metrics.agent('a-17', 'today');
 * const team = metrics.team('t-1', 'today');
 * console.log(mine.avgHandleMs, 'vs team median', team.median.avgHandleMs);
 * metrics.subscribe(({ agents }) => agents.has('a-17') && render());
 * ```
 */
export function createMetrics(client: MetricsSource, given?: MetricsOptions): Metrics {
  if (typeof client?.getAgents !== 'function' || typeof client.subscribe !== 'function') {
    throw new FloorwalkError(ErrorCode.InvalidArgument, 'createMetrics: the first argument must be a Floorwalk client.');
  }
  const options = given ?? {};
  const intervalMs = positive('intervalMs', options.intervalMs, 30 * MINUTE);
  const serviceLevelThresholdMs = positive('serviceLevelThresholdMs', options.serviceLevelThresholdMs, 20_000);
  const historyMs = positive('historyMs', options.historyMs, 24 * HOUR);
  const clock = options.clock ?? systemClock;
  const startOfDay = options.startOfDay ?? localMidnight;
  // A session scoped to some teams holds a queue's interactions while they wait (so every abandon)
  // but an answered one only if its teams' agent took it; an agent's, only its own answers. Their
  // answers against the whole queue's abandons make no service level: none is given (null). A
  // source that names no session is taken to hold what its queues hold.
  const scoped = client.session;
  const wholeQueues = scoped === undefined || (scoped.teamIds === 'all' && scoped.role !== 'agent');

  const agents = new Map<string, AgentHistory>();
  const queues = new Map<string, QueueHistory>();
  /**
   * Every tracking record made, following or spare (see `Tracked.following`): a record once
   * made stays in its place here, so letting go of one touches no other. By id in `live`, the
   * followed ones no store record points to (reached through the public reads, or not seen
   * again since a resync). On a busy floor nearly all are reached through their records, which
   * costs no lookup at all.
   */
  const made: Tracked[] = [];
  const live = new Map<string, Tracked>();
  /**
   * The ids of the last DONE_MEMORY finished ones. A ring with its own hash table: forgetting
   * the oldest touches only integer arrays, where deleting it from a map of strings was a cold
   * lookup for every interaction of a busy floor.
   */
  let done = new SeenIds(DONE_MEMORY);
  let legPool = new LegPool();
  /** Tracking records of finished interactions, reused for new ones. */
  const spare: Tracked[] = [];
  const listeners = new Set<(change: MetricsChange) => void>();
  let touchedAgents = new Set<string>();
  let touchedQueues = new Set<string>();
  // Who changed is only gathered while someone listens: otherwise it is a set insertion per
  // change for nobody.
  let notifying = false;
  // Pruning walks everything, so it runs at most this often (clock time), not per batch.
  const pruneEvery = Math.min(historyMs / 24, 5 * MINUTE);
  let prunedAt = clock.now();
  /**
   * Time figures start here: what came before was not seen (see `observeAgent`). That is now,
   * or the start of the earliest ended interaction the client still holds: a client that has
   * run all day holds the day's, and metrics made for one read (a review's) use them.
   */
  let startedAt = prunedAt;
  for (const i of client.getInteractions({ includeEnded: true })) {
    if (i.state === 'ended') startedAt = Math.min(startedAt, i.connectedAt ?? i.createdAt);
  }
  let sweptDay = startOfDay(prunedAt);
  /** The earliest instant any history covers: before it, figures are unknown rather than zero. */
  let earliest = Number.POSITIVE_INFINITY;
  /**
   * No instant that pruning compares with the horizon is earlier than this, so while the
   * horizon has not passed it a sweep would drop nothing and is skipped.
   */
  let keptSince = Number.POSITIVE_INFINITY;
  const keep = (at: number): void => {
    if (at < keptSince) keptSince = at;
  };

  const historyOf = (agentId: string): AgentHistory => {
    let h = agents.get(agentId);
    if (h === undefined) {
      h = new AgentHistory(agentId);
      agents.set(agentId, h);
    }
    return h;
  };
  const dropHistory = (agentId: string, h: AgentHistory): void => {
    agents.delete(agentId);
    unpoint(h);
  };

  const closeSpan = (h: AgentHistory, at: number): void => {
    const state = h.state;
    if (state === undefined) return;
    const to = Math.max(h.from, at);
    if (to > h.from) {
      h.spanStates.push(state);
      h.spanTimes.push(h.from, to);
    }
    h.state = undefined;
  };

  /**
   * Chains `t`, whose `legFrom` is set, into the agent's open legs. Singly: an agent has one
   * open leg or a few, and a chain this short is cheaper walked now and then than a back link
   * kept in another tracking record, which would be one more cold object to write per leg.
   */
  const openLeg = (h: AgentHistory, t: Tracked): void => {
    t.openNext = h.open;
    h.open = t;
  };

  const dropOpenLeg = (h: AgentHistory, t: Tracked): void => {
    let at = h.open;
    if (at === t) h.open = t.openNext;
    else {
      while (at !== undefined && at.openNext !== t) at = at.openNext;
      if (at === undefined) return;
      at.openNext = t.openNext;
    }
    t.openNext = undefined;
  };

  /*
   * Each team's members, kept from the agent records seen, so a team read visits its members
   * only rather than filtering every agent of the client (10,000 of them at a large centre).
   * Members are held as their histories, which a read needs: no lookup per member. An agent is
   * a member only while present, and a present agent's history is never dropped.
   */
  const members = new Map<string, Set<AgentHistory>>();
  const leave = (h: AgentHistory): void => {
    const teams = h.teams;
    if (teams === undefined) return;
    for (const t of teams) members.get(t)?.delete(h);
    h.teams = undefined;
  };
  const join = (h: AgentHistory, teamIds: readonly string[]): void => {
    leave(h);
    h.teams = teamIds;
    for (const t of teamIds) {
      let set = members.get(t);
      if (set === undefined) members.set(t, (set = new Set()));
      set.add(h);
    }
  };

  /** `record` is the store's record when the change feed handed it over: its slot saves the lookups. */
  const observeAgent = (agent: Agent, now: number, record?: AgentRecord): void => {
    let h: AgentHistory;
    if (record !== undefined && record.observedBy === agents) h = record.observed as AgentHistory;
    else {
      h = historyOf(agent.id);
      if (record !== undefined) point(record, h, agents);
    }
    // The store hands back the same list while an agent's teams are unchanged.
    if (h.teams !== agent.teamIds) join(h, agent.teamIds);
    const p = agent.presence;
    if (h.state === undefined || h.state !== p.state || h.since !== p.since) {
      // A vendor `since` in the future, or before what we hold, or a clock set back (NTP, the
      // OS) cannot move time backwards here: a span never starts before the last one ended,
      // nor before these metrics started: the interactions of that time were never seen, so
      // counting it as presence would count it as idle.
      const floor = h.state === undefined ? (h.spanTimes[h.spanTimes.length - 1] ?? startedAt) : h.from;
      const at = Math.max(Math.min(p.since, now), floor);
      closeSpan(h, at);
      h.state = p.state;
      h.since = p.since;
      h.from = Math.max(at, now - historyMs);
      if (h.from < earliest) earliest = h.from;
      keep(h.from);
      if (notifying) touchedAgents.add(agent.id);
    }
    const flagged = agent.notResponding === true;
    if (flagged !== h.flagged) {
      // When the vendor raised it, from the store's record: unless an agent update flipped the
      // flag rather than a not-responding event, whose time is then that of an earlier flip.
      const raised = record?.notRespondingAt;
      const at = raised !== undefined && raised > h.flaggedAt ? Math.min(now, raised) : now;
      if (flagged) {
        h.notResponding.push(at);
        keep(at);
      }
      h.flagged = flagged;
      h.flaggedAt = at;
      if (notifying) touchedAgents.add(agent.id);
    }
  };

  const isEmpty = (h: AgentHistory): boolean =>
    h.state === undefined && h.spanStates.length === 0 && h.legs === 0 && h.open === undefined && h.missed.length === 0 && h.notResponding.length === 0;

  const agentGone = (agentId: string, now: number): void => {
    const h = agents.get(agentId);
    if (h === undefined) return;
    leave(h);
    // The store let go of the record: held from here, it would keep their agent alive.
    unpoint(h);
    closeSpan(h, now);
    h.flagged = false;
    // Nothing left to expire, so no sweep would come for it.
    if (isEmpty(h)) dropHistory(agentId, h);
    if (notifying) touchedAgents.add(agentId);
  };

  /** Closes the open leg at `to`, timed from `i`, the interaction as it stood when the leg ended. */
  const closeLeg = (t: Tracked, i: InteractionData, to: number, transferred: boolean): void => {
    const h = t.connectedTo;
    const from = t.legFrom;
    if (h === undefined || Number.isNaN(from)) return;
    dropOpenLeg(h, t);
    // Timed from the leg's own start, not the interaction's connectedAt and holdMs: after a
    // hand-over those may still be the first agent's, whose part is already counted.
    const end = i.endedAt ?? to;
    const hold = Math.max(0, holdOf(i, end) - t.holdBase);
    const w = i.wrapUpAt;
    const talkEnd = w !== undefined && w >= from ? w : end;
    const talk = Math.max(0, talkEnd - from - hold);
    const wrap = Math.max(0, end - talkEnd);
    if (from < earliest) earliest = from;
    const until = Math.max(from, to);
    keep(until);
    legPool.append(h, from, until, talk, hold, wrap, talk + hold + wrap, CHANNEL_INDEX[i.channel] * 2 + (transferred ? 1 : 0));
    t.connectedTo = undefined;
    t.legFrom = Number.NaN;
    if (notifying) touchedAgents.add(h.id);
  };

  const miss = (agentId: string, at: number): void => {
    historyOf(agentId).missed.push(at);
    keep(at);
    if (notifying) touchedAgents.add(agentId);
  };

  const finish = (t: Tracked): void => {
    t.queue = undefined;
    t.last = undefined;
    // Later changes to it find its id among the finished, and the store's record, which may be
    // dropped soon, is not kept alive from here.
    unfollow(t);
    done.seenOrAdd(t.id, t.hash);
    spare.push(t);
  };

  /** Starts following an interaction, through its record when it has one no other instance took. */
  const track = (i: InteractionData, id: string, hash: number, record: InteractionRecord | undefined, reopened: boolean): Tracked => {
    let t = spare.pop();
    if (t === undefined) made.push((t = new Tracked()));
    t.reset(i, id);
    t.hash = hash;
    t.following = true;
    if (record === undefined || !point(record, t, live)) live.set(id, t);
    if (i.queueId !== undefined && i.direction === 'inbound') {
      t.queueId = i.queueId;
      if (!reopened) enqueue(t, i.queueId, i.createdAt);
    }
    return t;
  };

  /** `t` enters queue `queueId` at `at`: a new entry there, the one its answer or abandonment settles. */
  const enqueue = (t: Tracked, queueId: string, at: number): void => {
    t.queueId = queueId;
    let q = queues.get(queueId);
    if (q === undefined) queues.set(queueId, (q = { created: [], answered: [], abandoned: [], base: 0 }));
    t.queue = q;
    t.entry = q.base + q.created.length;
    q.created.push(at);
    keep(at);
    q.answered.push(Number.NaN);
    q.abandoned.push(Number.NaN);
    if (notifying) touchedQueues.add(queueId);
  };

  /*
   * A record this instance observes points to its tracking state (`observedBy` is the table):
   * set while the interaction is live and tracked, cleared when it finishes or goes, so the
   * pointer is always current. The first instance on a client gets the records; others look up.
   */
  const trackedOf = (id: string, record: InteractionRecord | undefined): Tracked | undefined => {
    if (record !== undefined && record.observedBy === live) return record.observed as Tracked;
    // Nothing is followed without a record pointing to it: no need to look.
    if (record !== undefined && live.size === 0) return undefined;
    const t = live.get(id);
    if (t !== undefined && record !== undefined) claim(t, record);
    return t;
  };
  const claim = (t: Tracked, record: InteractionRecord): void => {
    if (point(record, t, live)) live.delete(t.id);
  };
  /** Stops following `t`, and lets go of whatever points to it. */
  const unfollow = (t: Tracked): void => {
    t.following = false;
    if (t.record === undefined) live.delete(t.id);
    else unpoint(t);
  };

  /**
   * `id` is `i.id`, passed as the change listed it: that string's hash is already computed.
   * `record` is the store's record when the change feed handed it over, and `before` the
   * interaction as it was just before it came to the agent `i` has (see {@link replay}).
   */
  const observeInteraction = (i: InteractionData, id: string, now: number, record?: InteractionRecord, before?: InteractionData): void => {
    // Each field is read once: interactions come in many shapes, and a read of a time from an
    // object of unknown shape allocates a number box every time.
    const agentId = i.agentId;
    const state = i.state;
    const connectedAt = i.connectedAt;
    let t = trackedOf(id, record);
    if (t === undefined) {
      // Counted through to its end already (a resync's replay, a vendor's late update), unless
      // it is live again: a reopened one is new work from now, as after a hand-over, and its
      // queue entry is settled.
      const hash = SeenIds.hash(id);
      const reopened = done.has(id, hash);
      if (reopened && state === 'ended') return;
      t = track(i, id, hash, record, reopened);
      if (reopened) t.handedAt = now;
    } else if (state !== 'ended' && agentId === t.agentId && (connectedAt === undefined) === Number.isNaN(t.legFrom) && (t.queue === undefined || i.queueId === t.queueId)) {
      // Most updates are a hold, an unhold or a wrap-up of a leg already timed: nothing to record.
      // One that moves a waiting interaction to another queue is recorded below.
      if (record === undefined) t.last = i;
      return;
    }
    const offeredAt = i.offeredAt;
    const previousAgent = t.agentId;
    // Hand-over within one interaction id: the previous agent's part ends here, timed from the
    // interaction as it was before the change (the record's copy; or as last seen here).
    if (previousAgent !== undefined && previousAgent !== agentId) {
      // At the new agent's offer or connect, unless that time is no later than the ending part
      // began: then it is the first agent's, which a vendor may keep (Amazon Connect does).
      // Without one (back to its queue), when the store saw the change: the vendor's time of
      // the batch's last hand-over, never later than now; a source without records, now.
      const seen = record !== undefined ? handedAt(record, t, now) : now;
      const stamp = offeredAt ?? connectedAt;
      const at = stamp !== undefined && !(stamp <= t.legFrom) ? Math.min(now, stamp) : seen;
      t.handedAt = at;
      if (t.connectedTo?.id === previousAgent) closeLeg(t, (record !== undefined ? before : t.last) ?? i, at, true);
      else if (t.offeredTo === previousAgent) miss(previousAgent, Math.min(now, offeredAt ?? seen));
      t.offeredTo = undefined;
    }
    t.agentId = agentId;
    if (record === undefined) t.last = i;
    if (agentId !== undefined) {
      if (connectedAt !== undefined && t.connectedTo?.id !== agentId) {
        const from = Math.max(connectedAt, Number.isNaN(t.handedAt) ? connectedAt : t.handedAt);
        // The agent's record points to their history when this instance observes it: no lookup.
        // An agent whose presence has not moved since the snapshot was filed without their
        // record, so it is hung on here for their next connect.
        const byRecord = record?.agentRecord;
        let h: AgentHistory;
        if (byRecord !== undefined && byRecord.observedBy === agents) h = byRecord.observed as AgentHistory;
        else {
          h = historyOf(agentId);
          if (byRecord !== undefined && h.record === undefined) point(byRecord, h, agents);
        }
        t.connectedTo = h;
        t.legFrom = from;
        t.holdBase = Number.isNaN(t.handedAt) ? 0 : holdOf(i, from);
        t.offeredTo = undefined;
        openLeg(h, t);
        if (notifying) touchedAgents.add(agentId);
      } else if (connectedAt === undefined && (state === 'offered' || offeredAt !== undefined)) {
        t.offeredTo = agentId;
      }
    }
    // Moved to another queue (transferred to a queue): it enters that one now, as the vendors
    // count it there; an entry left unanswered where it was is neither answered nor abandoned.
    const queueId = i.queueId;
    if (t.queueId !== undefined && queueId !== undefined && queueId !== t.queueId) enqueue(t, queueId, now);
    // Its queue entry while neither answered nor abandoned (k < 0 once pruning dropped it),
    // answered when an agent's part starts: a vendor may keep connectedAt from before a transfer.
    const q = t.queue;
    const k = q === undefined ? -1 : t.entry - q.base;
    if (q !== undefined && k >= 0 && t.connectedTo !== undefined) {
      const answeredAt = t.legFrom;
      q.answered[k] = answeredAt;
      keep(answeredAt);
      if (notifying) touchedQueues.add(t.queueId as string);
      // Settled: an answered one is never abandoned, so later changes need not read the entry.
      t.queue = undefined;
    }
    if (state !== 'ended') return;
    const end = i.endedAt ?? now;
    const endReason = i.endReason;
    if (t.connectedTo !== undefined) closeLeg(t, i, end, endReason === 'transferred');
    else if (t.offeredTo !== undefined && (endReason === 'missed' || endReason === 'rejected')) miss(t.offeredTo, end);
    if (q !== undefined && k >= 0 && t.queue !== undefined && endReason === 'abandoned') {
      q.abandoned[k] = end;
      keep(end);
      if (notifying) touchedQueues.add(t.queueId as string);
    }
    finish(t);
  };

  /**
   * When the store's record was last handed on (or taken out of sight), by the vendor's clock:
   * no later than now, nor before the part that ended there began; now when it never was.
   */
  const handedAt = (record: InteractionRecord, t: Tracked, now: number): number => {
    const at = record.legFrom;
    return at > 0 && !(at < t.legFrom) ? Math.min(now, at) : now;
  };

  /**
   * A batch took the interaction out of the session's scope while its agent stayed on the board:
   * it went on to an agent this session does not see (a transfer to another team, an offer
   * re-routed there), so the agent's part ends here as on any hand-over, timed from `i`, the
   * interaction as last seen. A resync that no longer lists it (rescan) counts nothing instead.
   */
  const handedOutOfSight = (t: Tracked, i: InteractionData, now: number): boolean => {
    // The agent connected to it, else the one it rang at; on the board while their presence is.
    const h = t.connectedTo ?? (t.offeredTo === undefined ? undefined : agents.get(t.offeredTo));
    if (h?.state === undefined) return false;
    if (t.connectedTo !== undefined) closeLeg(t, i, now, true);
    else miss(h.id, now);
    finish(t);
    return true;
  };

  /** The interaction left the store unfinished (scope change, eviction): stop timing it, count nothing. */
  const interactionGone = (id: string, record?: InteractionRecord, now?: number): void => {
    const t = trackedOf(id, record);
    if (t === undefined) return;
    if (now !== undefined && handedOutOfSight(t, record !== undefined ? dataOf(record) : (t.last as InteractionData), record !== undefined ? handedAt(record, t, now) : now)) return;
    const h = t.connectedTo;
    if (h !== undefined) {
      dropOpenLeg(h, t);
      if (isEmpty(h) && agents.get(h.id) === h) dropHistory(h.id, h);
      if (notifying) touchedAgents.add(h.id);
    }
    unfollow(t);
    // Reused like a finished one's, holding nothing: else every interaction a scope change or
    // eviction took would leave a record in `made`, and its agent's history, for good.
    t.connectedTo = t.queue = t.last = undefined;
    spare.push(t);
  };

  /** The last instant anything of an agent no longer present falls at; Infinity while they are present. */
  const goneSince = (h: AgentHistory): number => {
    if (h.state !== undefined || h.open !== undefined) return Number.POSITIVE_INFINITY;
    let last = h.spanTimes[h.spanTimes.length - 1] ?? Number.NEGATIVE_INFINITY;
    for (const at of h.missed) last = Math.max(last, at);
    for (const at of h.notResponding) last = Math.max(last, at);
    for (let s = h.firstLeg; s >= 0; s = legPool.get(s, NEXT)) last = Math.max(last, legPool.get(s, TO));
    return last;
  };

  const prune = (now: number): void => {
    prunedAt = now;
    const horizon = now - historyMs;
    // Who has left the board is read only by id, or again if they come back: both want their
    // part of the day (today's figures, a returning agent's and so their team's), no more. So
    // their history goes once the day holding its last instant is over, not historyMs later.
    const day = startOfDay(now);
    const newDay = day > sweptDay;
    sweptDay = day;
    if (keptSince >= horizon && !newDay) return;
    let since = Number.POSITIVE_INFINITY;
    const keepAfter = (xs: number[]): number[] => {
      let k = 0;
      while (k < xs.length && (xs[k] as number) < horizon) k++;
      const kept = k === 0 ? xs : xs.slice(k);
      for (let j = 0; j < kept.length; j++) if ((kept[j] as number) < since) since = kept[j] as number;
      return kept;
    };
    // forEach: an entries iterator would allocate a pair per agent.
    agents.forEach((h, id) => {
      if (goneSince(h) < day) return dropHistory(id, h);
      let spans = 0;
      while (spans < h.spanStates.length && (h.spanTimes[2 * spans + 1] as number) < horizon) spans++;
      if (spans > 0) {
        h.spanStates = h.spanStates.slice(spans);
        h.spanTimes = h.spanTimes.slice(2 * spans);
        h.spanSkip = 0;
      }
      if (h.spanStates.length > 0 && (h.spanTimes[0] as number) < horizon) h.spanTimes[0] = horizon;
      // Spans are in order and start where the one before ended.
      if (h.spanStates.length > 0 && (h.spanTimes[0] as number) < since) since = h.spanTimes[0] as number;
      // Shifting frees slots the read cursor may point at.
      h.skipAfter = -1;
      while (h.firstLeg >= 0 && legPool.get(h.firstLeg, TO) < horizon) legPool.shift(h);
      for (let s = h.firstLeg; s >= 0; s = legPool.get(s, NEXT)) if (legPool.get(s, TO) < since) since = legPool.get(s, TO);
      h.missed = keepAfter(h.missed);
      h.notResponding = keepAfter(h.notResponding);
      if (h.state !== undefined && h.from < horizon) h.from = horizon;
      if (h.state !== undefined && h.from < since) since = h.from;
      if (isEmpty(h)) dropHistory(id, h);
    });
    queues.forEach((q, id) => {
      // Entries are in arrival order, so pruning stops at the first recent one; a few older
      // entries behind it wait for the next sweep, which bounds memory all the same.
      const last = (k: number): number => {
        const a = q.answered[k] as number;
        const b = q.abandoned[k] as number;
        return Number.isNaN(a) ? (Number.isNaN(b) ? (q.created[k] as number) : b) : a;
      };
      let drop = 0;
      while (drop < q.created.length && last(drop) < horizon) drop++;
      if (drop === q.created.length) {
        queues.delete(id);
        return;
      }
      if (drop > 0) {
        q.created = q.created.slice(drop);
        q.answered = q.answered.slice(drop);
        q.abandoned = q.abandoned.slice(drop);
        q.base += drop;
      }
      // NaN never compares below, so entries not yet answered or abandoned count by creation alone.
      for (let k = 0; k < q.created.length; k++) {
        if ((q.created[k] as number) < since) since = q.created[k] as number;
        if ((q.answered[k] as number) < since) since = q.answered[k] as number;
        if ((q.abandoned[k] as number) < since) since = q.abandoned[k] as number;
      }
    });
    keptSince = since;
  };

  const rescan = (now: number): void => {
    const seenAgents = new Set<string>();
    for (const a of client.getAgents()) {
      seenAgents.add(a.id);
      observeAgent(a, now);
    }
    for (const [id, h] of agents) if (h.state !== undefined && !seenAgents.has(id)) agentGone(id, now);
    // A resync may bring new records for the same interactions: everything followed is found
    // by id again until its record is seen.
    for (const t of made) {
      if (!t.following || t.record === undefined) continue;
      unpoint(t);
      live.set(t.id, t);
    }
    const seen = new Set<string>();
    // Ended ones too, so a snapshot's recent history is counted (once: see `done`).
    for (const i of client.getInteractions({ includeEnded: true })) {
      seen.add(i.id);
      observeInteraction(i, i.id, now);
    }
    for (const id of [...live.keys()]) if (!seen.has(id)) interactionGone(id);
  };

  const notify = (): void => {
    if (touchedAgents.size === 0 && touchedQueues.size === 0) return;
    const change: MetricsChange = { agents: touchedAgents, queues: touchedQueues };
    touchedAgents = new Set();
    touchedQueues = new Set();
    for (const listener of listeners) {
      try {
        listener(change);
      } catch (error) {
        options.onError?.(error);
      }
    }
  };

  /**
   * Follows a record through the states it was handed on from within the batch, then to where it
   * is: an offer that rang out at one agent and went to another in the same batch is a miss.
   */
  const replay = (r: InteractionRecord, now: number): void => {
    const passed = r.passed;
    let before: InteractionData | undefined;
    if (passed !== undefined) {
      for (let j = 0; j < passed.length; j++) {
        observeInteraction(passed[j] as InteractionData, r.id, now, r, before);
        before = passed[j];
      }
    }
    observeInteraction(dataOf(r), r.id, now, r, before);
  };

  // The batch's clock reading, for the per-id callbacks below: they are made once, not per batch.
  let batchNow = 0;
  const agentChanged = (id: string): void => {
    const a = client.getAgent(id);
    if (a === undefined) agentGone(id, batchNow);
    else observeAgent(a, batchNow);
  };
  const interactionChanged = (id: string): void => {
    const i = client.getInteraction(id);
    if (i === undefined) interactionGone(id, undefined, batchNow);
    else observeInteraction(i, id, batchNow);
  };

  const onChange = (change: StoreChange): void => {
    const now = clock.now();
    batchNow = now;
    notifying = listeners.size > 0;
    if (change.reset) rescan(now);
    else {
      // Presence and the not-responding flag live on the agent's own record: an agent listed
      // only because an interaction of theirs moved has nothing new for them. forEach rather
      // than for-of: onChange runs once per batch, too seldom to be optimised, and an
      // unoptimised for-of allocates a result object per id.
      const agentRecords = (change as { readonly [CHANGED_AGENTS]?: readonly AgentRecord[] })[CHANGED_AGENTS];
      if (agentRecords === undefined) (change.agentRecords ?? change.agents).forEach(agentChanged);
      else {
        for (let k = 0; k < agentRecords.length; k++) {
          const r = agentRecords[k] as AgentRecord;
          // What it passed through within the batch first: a break begun and ended in it.
          const passed = r.passed;
          if (passed !== undefined) for (let j = 0; j < passed.length; j++) observeAgent(passed[j] as Agent, now, r);
          if (r.gone) agentGone(r.agent.id, now);
          else observeAgent(r.agent, now, r);
        }
      }
      // The store's own change carries its records: no lookup, no view built per change.
      const records = (change as { readonly [CHANGED_RECORDS]?: readonly InteractionRecord[] })[CHANGED_RECORDS];
      if (records === undefined) change.interactions.forEach(interactionChanged);
      else {
        for (let k = 0; k < records.length; k++) {
          const r = records[k] as InteractionRecord;
          // Only the changes that start or end someone's part or a queue entry are listed: the rest record nothing.
          replay(r, now);
          // Gone, it is followed first to where it was last seen: its last part or offer may
          // have begun in this very batch.
          if (r.gone) interactionGone(r.id, r, now);
        }
      }
    }
    if (now - prunedAt >= pruneEvery) prune(now);
    if (notifying) notify();
  };

  rescan(clock.now());
  let unsubscribe: Unsubscribe | undefined = client.subscribe(onChange);

  // ------------------------------------------------------------------ reads

  const window = (period: MetricsPeriod = 'today'): MetricsWindow => {
    const now = clock.now();
    let from: number;
    let to = now;
    if (period === 'today') from = startOfDay(now);
    else if (period === 'interval') {
      const day = startOfDay(now);
      from = day + Math.floor((now - day) / intervalMs) * intervalMs;
    } else if (typeof period !== 'object' || period === null || !Number.isFinite(period.from) || !Number.isFinite(period.to) || period.to < period.from) {
      throw new FloorwalkError(ErrorCode.InvalidArgument, 'A metrics period is "interval", "today" or { from, to } with from <= to.', { details: { period } });
    } else {
      from = period.from;
      to = Math.min(period.to, now);
    }
    // Clipped to the kept history: what is older goes at the next sweep, and until then a read
    // would count it or not depending on whether one has run. Wholly before it: empty.
    to = Math.max(to, now - historyMs);
    return { from: Math.min(Math.max(from, now - historyMs), to), to };
  };

  // Scratch for reads: reads are synchronous and do not nest, so one set serves them all.
  const busy = new Intervals();
  const available = new Intervals();
  const one = new Sums();
  const all = new Sums();
  let columns = new Float64Array(MEDIAN_FIELDS.length * 64);

  /** Fills `out` with one agent's sums over `w`. */
  const sumsOf = (h: AgentHistory | undefined, w: MetricsWindow, now: number, out: Sums): void => {
    out.clear();
    if (h === undefined) return;
    const wFrom = w.from;
    const wTo = w.to;
    // inWindow(at, w, now), unrolled for the loops below.
    const reachesNow = wTo >= now;
    // Time figures from when these metrics started, as presence spans are (see `observeAgent`).
    const tFrom = Math.max(wFrom, startedAt);
    busy.n = 0;
    const resume = h.skipAfter >= 0 && wFrom >= h.skipFrom;
    let skipped = resume ? h.skipAfter : -1;
    let skipping = true;
    for (let s = resume ? legPool.get(skipped, NEXT) : h.firstLeg, slot = s; s >= 0; slot = s) {
      const legs = legPool.chunk(slot);
      const k = offset(slot);
      s = legs[k + NEXT] as number;
      const from = legs[k + FROM] as number;
      const to = legs[k + TO] as number;
      if (to < wFrom) {
        // Wholly before the window: neither busy in it nor counted in it.
        if (skipping) skipped = slot;
        continue;
      }
      skipping = false;
      if (to > tFrom && from < wTo) busy.add(Math.max(from, tFrom), Math.min(to, wTo));
      // Counted in the period in which it finished, as the vendors report handle time.
      if (!(to >= wFrom && (to < wTo || reachesNow))) continue;
      const flags = legs[k + FLAGS] as number;
      const handle = legs[k + HANDLE] as number;
      const hold = legs[k + HOLD] as number;
      const wrap = legs[k + WRAP] as number;
      out.handled++;
      out.countChannel(flags >> 1, 1);
      out.handleMs += handle;
      out.talkMs += legs[k + TALK] as number;
      out.holdMs += hold;
      if (hold > 0) out.held++;
      out.wrapUpMs += wrap;
      if (wrap > 0) out.wrappedUp++;
      if (out.longestMs === null || handle > out.longestMs) out.longestMs = handle;
      if ((flags & 1) === 1) out.transfers++;
    }
    if (skipped >= 0 && (resume || h.skipAfter < 0)) {
      h.skipAfter = skipped;
      h.skipFrom = wFrom;
    }
    for (let t = h.open; t !== undefined; t = t.openNext) busy.add(Math.max(t.legFrom, tFrom), Math.min(now, wTo));
    busy.merge();
    let interactingMs = 0;
    for (let k = 0; k < busy.n; k++) interactingMs += (busy.b[k] as number) - (busy.a[k] as number);
    out.interactingMs = interactingMs;
    available.n = 0;
    const presence = out.presence;
    const availableIndex = PRESENCE_INDEX.available;
    const states = h.spanStates;
    const times = h.spanTimes;
    // The closed spans, then the open one (k === states.length), which runs to now; from the
    // first not known to have ended before the window, as with the legs.
    const resumeSpans = wFrom >= h.spanSkipFrom;
    let skippedSpans = resumeSpans ? h.spanSkip : 0;
    let spanPrefix = true;
    for (let k = skippedSpans; k <= states.length; k++) {
      const state = k < states.length ? states[k] : h.state;
      if (state === undefined) break;
      const from = k < states.length ? (times[2 * k] as number) : h.from;
      const to = k < states.length ? (times[2 * k + 1] as number) : now;
      if (spanPrefix && k < states.length && to <= wFrom) skippedSpans = k + 1;
      else spanPrefix = false;
      const ms = overlap(from, to, wFrom, wTo);
      if (ms <= 0) continue;
      const s = PRESENCE_INDEX[state];
      (presence[s] as number) += ms;
      if (s === availableIndex) available.add(Math.max(from, wFrom), Math.min(to, wTo));
    }
    if (skippedSpans > 0 && (resumeSpans || h.spanSkip === 0)) {
      h.spanSkip = skippedSpans;
      h.spanSkipFrom = wFrom;
    }
    // Spans do not overlap and come in order, so `available` holds them as they were added.
    let availableBusy = 0;
    for (let k = 0; k < available.n; k++) {
      const a = available.a[k] as number;
      const b = available.b[k] as number;
      for (let j = 0; j < busy.n; j++) availableBusy += overlap(busy.a[j] as number, busy.b[j] as number, a, b);
    }
    out.idleMs = (presence[availableIndex] as number) - availableBusy;
    out.missed = countIn(h.missed, wFrom, wTo, reachesNow);
    out.notResponding = countIn(h.notResponding, wFrom, wTo, reachesNow);
  };

  const agentMetrics = (agentId: string, period?: MetricsPeriod): AgentMetrics => {
    const w = window(period);
    sumsOf(agents.get(agentId), w, clock.now(), one);
    return { agentId, window: w, ...totals(one), ...figures(one) };
  };

  const teamAgentIds = (teamId: string): string[] => [...(members.get(teamId) ?? [])].map((h) => h.id);

  const teamMetrics = (teamId: string, period?: MetricsPeriod): TeamMetrics => {
    const w = window(period);
    const now = clock.now();
    const ids = members.get(teamId);
    const size = ids?.size ?? 0;
    if (columns.length < size * MEDIAN_FIELDS.length) columns = new Float64Array(size * MEDIAN_FIELDS.length * 2);
    // Per median field, the members' defined values, `size` slots per field.
    const counts = new Array<number>(MEDIAN_FIELDS.length).fill(0);
    all.clear();
    // forEach: reads are too seldom for for-of over a Set to be optimised, and unoptimised it
    // allocates a result per member.
    ids?.forEach((h) => {
      sumsOf(h, w, now, one);
      all.add(one);
      for (let f = 0; f < MEDIAN_FIELDS.length; f++) {
        const v = one.figure(MEDIAN_FIELDS[f] as MedianField);
        if (v !== null && Number.isFinite(v)) columns[f * size + (counts[f] as number)++] = v;
      }
    });
    const med = {} as Record<MedianField, number | null>;
    for (let f = 0; f < MEDIAN_FIELDS.length; f++) {
      const n = counts[f] as number;
      const xs = columns.subarray(f * size, f * size + n).sort();
      const mid = n >> 1;
      med[MEDIAN_FIELDS[f] as MedianField] = n === 0 ? null : n % 2 === 1 ? (xs[mid] as number) : ((xs[mid - 1] as number) + (xs[mid] as number)) / 2;
    }
    return {
      teamId,
      window: w,
      agents: size,
      handled: all.handled,
      handleMs: all.handleMs,
      talkMs: all.talkMs,
      holdMs: all.holdMs,
      held: all.held,
      wrapUpMs: all.wrapUpMs,
      wrappedUp: all.wrappedUp,
      transfers: all.transfers,
      missed: all.missed,
      notResponding: all.notResponding,
      interactingMs: all.interactingMs,
      idleMs: all.idleMs,
      handledByChannel: all.handledByChannel(),
      longestMs: all.longestMs,
      presenceMs: all.presenceMs(),
      ...figures(all),
      median: med,
    };
  };

  const queueMetrics = (queueId: string, period?: MetricsPeriod): QueueMetrics => {
    const w = window(period);
    const now = clock.now();
    let offered = 0;
    let answered = 0;
    let within = 0;
    let abandoned = 0;
    let waitMs = 0;
    const q = queues.get(queueId);
    for (let k = 0; q !== undefined && k < q.created.length; k++) {
      const createdAt = q.created[k] as number;
      const answeredAt = q.answered[k] as number;
      const abandonedAt = q.abandoned[k] as number;
      if (inWindow(createdAt, w, now)) offered++;
      if (!Number.isNaN(answeredAt) && inWindow(answeredAt, w, now)) {
        answered++;
        const wait = Math.max(0, answeredAt - createdAt);
        waitMs += wait;
        if (wait <= serviceLevelThresholdMs) within++;
      }
      if (!Number.isNaN(abandonedAt) && inWindow(abandonedAt, w, now)) abandoned++;
    }
    return {
      queueId,
      window: w,
      offered,
      answered,
      answeredWithinThreshold: within,
      abandoned,
      serviceLevel: answered + abandoned > 0 && wholeQueues ? within / (answered + abandoned) : null,
      serviceLevelThresholdMs,
      avgSpeedOfAnswerMs: answered > 0 ? waitMs / answered : null,
    };
  };

  const teamHandleTimes = (teamId: string, period?: MetricsPeriod): number[] => {
    const w = window(period);
    const now = clock.now();
    const out: number[] = [];
    for (const id of teamAgentIds(teamId)) {
      const h = agents.get(id);
      for (let s = h?.firstLeg ?? -1; s >= 0; s = legPool.get(s, NEXT)) if (inWindow(legPool.get(s, TO), w, now)) out.push(legPool.get(s, HANDLE));
    }
    return out;
  };

  const trend = (scope: { readonly teamId: string } | { readonly agentId: string }, period?: MetricsPeriod): MetricsBucket[] => {
    const w = window(period);
    const now = clock.now();
    if (typeof scope !== 'object' || scope === null) throw new FloorwalkError(ErrorCode.InvalidArgument, 'A trend is for { teamId } or { agentId }.', { details: { scope } });
    const ids = 'teamId' in scope ? teamAgentIds(scope.teamId) : [scope.agentId];
    // Intervals before any history are left out: their figures are unknown, not zero.
    const start = Math.max(w.from, Math.min(earliest, w.to), clock.now() - historyMs);
    const day = startOfDay(start);
    const out: MetricsBucket[] = [];
    for (let from = day + Math.floor((start - day) / intervalMs) * intervalMs; from < w.to; from += intervalMs) {
      const b = { from: Math.max(from, w.from), to: Math.min(from + intervalMs, w.to) };
      all.clear();
      for (const id of ids) {
        sumsOf(agents.get(id), b, now, one);
        all.add(one);
      }
      out.push({ ...b, handled: all.handled, avgHandleMs: ratio(all.handleMs, all.handled), occupancy: ratio(all.interactingMs, all.interactingMs + all.idleMs) });
    }
    return out;
  };

  const timeline = (agentId: string, period?: MetricsPeriod): AgentTimeline => {
    const w = window(period);
    const now = clock.now();
    const h = agents.get(agentId);
    const presence: { state: PresenceState; from: number; to: number }[] = [];
    const clip = (state: PresenceState, from: number, to: number): void => {
      if (overlap(from, to, w.from, w.to) > 0) presence.push({ state, from: Math.max(from, w.from), to: Math.min(to, w.to) });
    };
    const spans: [number, number][] = [];
    if (h !== undefined) {
      for (let k = 0; k < h.spanStates.length; k++) clip(h.spanStates[k] as PresenceState, h.spanTimes[2 * k] as number, h.spanTimes[2 * k + 1] as number);
      if (h.state !== undefined) clip(h.state, h.from, now);
      for (let s = h.firstLeg; s >= 0; s = legPool.get(s, NEXT)) spans.push([Math.max(legPool.get(s, FROM), w.from), Math.min(legPool.get(s, TO), w.to)]);
      for (let t = h.open; t !== undefined; t = t.openNext) spans.push([Math.max(t.legFrom, w.from), Math.min(now, w.to)]);
    }
    return { window: w, presence, interacting: union(spans).map(([from, to]) => ({ from, to })) };
  };

  return {
    intervalMs,
    serviceLevelThresholdMs,
    historyMs,
    window,
    agent: agentMetrics,
    team: teamMetrics,
    queue: queueMetrics,
    teamHandleTimes,
    trend,
    timeline,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    destroy() {
      unsubscribe?.();
      unsubscribe = undefined;
      listeners.clear();
      queues.clear();
      // The store's records outlive this instance: they must not keep its state alive.
      made.forEach(unpoint);
      made.length = 0;
      live.clear();
      agents.forEach(unpoint);
      agents.clear();
      members.clear();
      legPool = new LegPool();
      done = new SeenIds(DONE_MEMORY);
      spare.length = 0;
    },
  };
}
