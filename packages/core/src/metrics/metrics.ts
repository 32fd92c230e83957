import type { Unsubscribe } from 'nanoevents';
import { interactionTimes } from '../client.js';
import { systemClock } from '../clock.js';
import { ErrorCode, FloorwalkError } from '../errors.js';
import type { StoreChange } from '../store/store.js';
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
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Finished interaction ids remembered, so a snapshot replaying them after a resync counts nothing twice. */
const DONE_MEMORY = 16_384;

/*
 * Finished legs (one agent's part of one interaction, from connect to end or hand-over) and
 * queue entries are kept as flat number arrays, not objects: at 10,000 agents a day holds
 * hundreds of thousands of them, and objects would make every garbage collection walk them.
 */
/** Fields of a leg in `AgentHistory.legs`, LEG numbers per leg. */
const FROM = 0;
const TO = 1;
const TALK = 2;
const HOLD = 3;
const WRAP = 4;
const HANDLE = 5;
/** Channel index * 2 + 1 when transferred. */
const FLAGS = 6;
const LEG = 7;

interface Span {
  readonly state: PresenceState;
  readonly from: number;
  readonly to: number;
}

interface AgentHistory {
  /** Closed presence spans, oldest first. */
  spans: Span[];
  /** The open presence span. */
  current: { state: PresenceState; since: number; from: number } | undefined;
  /** Finished legs, LEG numbers each, in the order they finished. */
  legs: number[];
  /** Live interactions this agent is connected to: id → connectedAt. */
  open: Map<string, number>;
  missed: number[];
  notResponding: number[];
  flagged: boolean;
}

/** A queue's entries in arrival order, one index across the three arrays; NaN is "not yet". */
interface QueueHistory {
  created: number[];
  answered: number[];
  abandoned: number[];
  /** Absolute index of the first kept entry: pruning shifts the arrays, not the indices held. */
  base: number;
}

interface Tracked {
  last: Interaction;
  /** The agent currently offered it without having connected. */
  offeredTo?: string;
  /** The agent whose connected leg is open. */
  connectedBy?: string;
  legFrom?: number;
  /** When it last changed hands: a vendor may keep the first agent's connectedAt. */
  handedAt?: number;
  queueId?: string;
  /** Its queue's history and its entry's absolute index there. */
  queue?: QueueHistory;
  entry?: number;
}

const emptyPresence = (): PresenceTimes => {
  const out = {} as Record<PresenceState, number>;
  for (const s of PRESENCE_STATES) out[s] = 0;
  return out;
};

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

function figures(t: MetricTotals): MetricFigures {
  const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);
  return {
    avgHandleMs: ratio(t.handleMs, t.handled),
    avgTalkMs: ratio(t.talkMs, t.handled),
    avgHoldMs: ratio(t.holdMs, t.held),
    avgWrapUpMs: ratio(t.wrapUpMs, t.wrappedUp),
    occupancy: ratio(t.interactingMs, t.interactingMs + t.idleMs),
  };
}

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
export function createMetrics(client: MetricsSource, options: MetricsOptions = {}): Metrics {
  const intervalMs = positive('intervalMs', options.intervalMs, 30 * MINUTE);
  const serviceLevelThresholdMs = positive('serviceLevelThresholdMs', options.serviceLevelThresholdMs, 20_000);
  const historyMs = positive('historyMs', options.historyMs, 24 * HOUR);
  const clock = options.clock ?? systemClock;
  const startOfDay = options.startOfDay ?? localMidnight;

  const agents = new Map<string, AgentHistory>();
  const queues = new Map<string, QueueHistory>();
  const live = new Map<string, Tracked>();
  const done = new Set<string>();
  // A ring of the same ids in arrival order: evicting through the Set's own iteration order
  // would walk the holes its deletions leave, which grows with churn.
  const doneRing: (string | undefined)[] = new Array(DONE_MEMORY);
  let doneAt = 0;
  const listeners = new Set<(change: MetricsChange) => void>();
  let touchedAgents = new Set<string>();
  let touchedQueues = new Set<string>();
  // Pruning walks everything, so it runs at most this often (clock time), not per batch.
  const pruneEvery = Math.min(historyMs / 24, 5 * MINUTE);
  let prunedAt = clock.now();
  /** The earliest instant any history covers: before it, figures are unknown rather than zero. */
  let earliest = Number.POSITIVE_INFINITY;

  const historyOf = (agentId: string): AgentHistory => {
    let h = agents.get(agentId);
    if (h === undefined) {
      h = { spans: [], current: undefined, legs: [], open: new Map(), missed: [], notResponding: [], flagged: false };
      agents.set(agentId, h);
    }
    return h;
  };

  const closeSpan = (h: AgentHistory, at: number): void => {
    const c = h.current;
    if (c === undefined) return;
    const to = Math.max(c.from, at);
    if (to > c.from) h.spans.push({ state: c.state, from: c.from, to });
    h.current = undefined;
  };

  // Team membership, kept from the agent records seen, so a team read visits its members only
  // rather than filtering every agent of the client (10,000 of them at a large centre).
  const teamsOf = new Map<string, readonly string[]>();
  const members = new Map<string, Set<string>>();
  const leave = (agentId: string): void => {
    for (const t of teamsOf.get(agentId) ?? []) members.get(t)?.delete(agentId);
    teamsOf.delete(agentId);
  };
  const join = (agent: Agent): void => {
    const held = teamsOf.get(agent.id);
    // The store hands back the same list while an agent's teams are unchanged.
    if (held === agent.teamIds) return;
    if (held !== undefined) leave(agent.id);
    teamsOf.set(agent.id, agent.teamIds);
    for (const t of agent.teamIds) {
      let set = members.get(t);
      if (set === undefined) members.set(t, (set = new Set()));
      set.add(agent.id);
    }
  };

  const observeAgent = (agent: Agent, now: number): void => {
    join(agent);
    const h = historyOf(agent.id);
    const p = agent.presence;
    const c = h.current;
    if (c === undefined || c.state !== p.state || c.since !== p.since) {
      // A vendor `since` in the future or before what we hold cannot move time backwards here.
      const at = c === undefined ? Math.min(p.since, now) : Math.min(Math.max(p.since, c.from), now);
      closeSpan(h, at);
      h.current = { state: p.state, since: p.since, from: Math.max(at, now - historyMs) };
      if (h.current.from < earliest) earliest = h.current.from;
      touchedAgents.add(agent.id);
    }
    const flagged = agent.notResponding === true;
    if (flagged !== h.flagged) {
      if (flagged) h.notResponding.push(now);
      h.flagged = flagged;
      touchedAgents.add(agent.id);
    }
  };

  const agentGone = (agentId: string, now: number): void => {
    leave(agentId);
    const h = agents.get(agentId);
    if (h === undefined) return;
    closeSpan(h, now);
    h.flagged = false;
    touchedAgents.add(agentId);
  };

  const closeLeg = (t: Tracked, i: Interaction, to: number, transferred: boolean): void => {
    const agentId = t.connectedBy;
    if (agentId === undefined || t.legFrom === undefined) return;
    const h = historyOf(agentId);
    h.open.delete(i.id);
    const times = interactionTimes(i, to);
    const from = t.legFrom;
    if (from < earliest) earliest = from;
    h.legs.push(from, Math.max(from, to), times.talkMs, times.holdMs, times.wrapUpMs, times.handleMs, CHANNEL_INDEX[i.channel] * 2 + (transferred ? 1 : 0));
    t.connectedBy = undefined;
    t.legFrom = undefined;
    touchedAgents.add(agentId);
  };

  const miss = (agentId: string, at: number): void => {
    historyOf(agentId).missed.push(at);
    touchedAgents.add(agentId);
  };

  const remember = (id: string): void => {
    const evicted = doneRing[doneAt];
    if (evicted !== undefined) done.delete(evicted);
    doneRing[doneAt] = id;
    doneAt = (doneAt + 1) % DONE_MEMORY;
    done.add(id);
  };

  const observeInteraction = (i: Interaction, now: number): void => {
    let t = live.get(i.id);
    // Most updates are a hold, an unhold or a wrap-up of a leg already timed: nothing to record.
    if (t !== undefined && i.state !== 'ended' && i.agentId === t.last.agentId && (i.connectedAt === undefined) === (t.legFrom === undefined)) {
      t.last = i;
      return;
    }
    if (t === undefined) {
      if (done.has(i.id)) return;
      t = { last: i };
      live.set(i.id, t);
      if (i.queueId !== undefined && i.direction === 'inbound') {
        t.queueId = i.queueId;
        let q = queues.get(i.queueId);
        if (q === undefined) queues.set(i.queueId, (q = { created: [], answered: [], abandoned: [], base: 0 }));
        t.queue = q;
        t.entry = q.base + q.created.length;
        q.created.push(i.createdAt);
        q.answered.push(Number.NaN);
        q.abandoned.push(Number.NaN);
        touchedQueues.add(i.queueId);
      }
    }
    const previous = t.last;
    t.last = i;
    // Hand-over within one interaction id: the previous agent's part ends here.
    if (previous.agentId !== undefined && previous.agentId !== i.agentId) {
      const at = Math.min(now, i.offeredAt ?? i.connectedAt ?? now);
      t.handedAt = at;
      if (t.connectedBy === previous.agentId) closeLeg(t, previous, at, true);
      else if (t.offeredTo === previous.agentId) miss(previous.agentId, Math.min(now, i.offeredAt ?? now));
      t.offeredTo = undefined;
    }
    if (i.agentId !== undefined) {
      if (i.connectedAt !== undefined && t.connectedBy !== i.agentId) {
        t.connectedBy = i.agentId;
        t.legFrom = Math.max(i.connectedAt, t.handedAt ?? i.connectedAt);
        t.offeredTo = undefined;
        historyOf(i.agentId).open.set(i.id, t.legFrom);
        touchedAgents.add(i.agentId);
      } else if (i.connectedAt === undefined && (i.state === 'offered' || i.offeredAt !== undefined)) {
        t.offeredTo = i.agentId;
      }
    }
    const q = t.queue;
    const k = q === undefined ? -1 : (t.entry as number) - q.base;
    if (q !== undefined && k >= 0 && i.connectedAt !== undefined && Number.isNaN(q.answered[k] as number)) {
      q.answered[k] = i.connectedAt;
      touchedQueues.add(t.queueId as string);
    }
    if (i.state !== 'ended') return;
    const end = i.endedAt ?? now;
    if (t.connectedBy !== undefined) closeLeg(t, i, end, i.endReason === 'transferred');
    else if (t.offeredTo !== undefined && (i.endReason === 'missed' || i.endReason === 'rejected')) miss(t.offeredTo, end);
    if (q !== undefined && k >= 0 && i.endReason === 'abandoned' && Number.isNaN(q.answered[k] as number)) {
      q.abandoned[k] = end;
      touchedQueues.add(t.queueId as string);
    }
    live.delete(i.id);
    remember(i.id);
  };

  /** The interaction left the store unfinished (scope change, eviction): stop timing it, count nothing. */
  const interactionGone = (id: string): void => {
    const t = live.get(id);
    if (t === undefined) return;
    if (t.connectedBy !== undefined) {
      agents.get(t.connectedBy)?.open.delete(id);
      touchedAgents.add(t.connectedBy);
    }
    live.delete(id);
  };

  const prune = (now: number): void => {
    const horizon = now - historyMs;
    const keepAfter = <T>(xs: T[], end: (x: T) => number): T[] => {
      let k = 0;
      while (k < xs.length && end(xs[k] as T) < horizon) k++;
      return k === 0 ? xs : xs.slice(k);
    };
    for (const [id, h] of agents) {
      h.spans = keepAfter(h.spans, (s) => s.to);
      const first = h.spans[0];
      if (first !== undefined && first.from < horizon) h.spans[0] = { ...first, from: horizon };
      let drop = 0;
      while (drop < h.legs.length && (h.legs[drop + TO] as number) < horizon) drop += LEG;
      if (drop > 0) h.legs = h.legs.slice(drop);
      h.missed = keepAfter(h.missed, (at) => at);
      h.notResponding = keepAfter(h.notResponding, (at) => at);
      if (h.current !== undefined && h.current.from < horizon) h.current.from = horizon;
      if (h.current === undefined && h.spans.length === 0 && h.legs.length === 0 && h.open.size === 0 && h.missed.length === 0 && h.notResponding.length === 0) {
        agents.delete(id);
      }
    }
    for (const [id, q] of queues) {
      // Entries are in arrival order, so pruning stops at the first recent one; a few older
      // entries behind it wait for the next sweep, which bounds memory all the same.
      const last = (k: number): number => {
        const a = q.answered[k] as number;
        const b = q.abandoned[k] as number;
        return Number.isNaN(a) ? (Number.isNaN(b) ? (q.created[k] as number) : b) : a;
      };
      let drop = 0;
      while (drop < q.created.length && last(drop) < horizon) drop++;
      if (drop === q.created.length) queues.delete(id);
      else if (drop > 0) {
        q.created = q.created.slice(drop);
        q.answered = q.answered.slice(drop);
        q.abandoned = q.abandoned.slice(drop);
        q.base += drop;
      }
    }
    prunedAt = now;
  };

  const rescan = (now: number): void => {
    const seenAgents = new Set<string>();
    for (const a of client.getAgents()) {
      seenAgents.add(a.id);
      observeAgent(a, now);
    }
    for (const [id, h] of agents) if (h.current !== undefined && !seenAgents.has(id)) agentGone(id, now);
    for (const id of [...teamsOf.keys()]) if (!seenAgents.has(id)) leave(id);
    const seen = new Set<string>();
    // Ended ones too, so a snapshot's recent history is counted (once: see `done`).
    for (const i of client.getInteractions({ includeEnded: true })) {
      seen.add(i.id);
      observeInteraction(i, now);
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

  const onChange = (change: StoreChange): void => {
    const now = clock.now();
    if (change.reset) rescan(now);
    else {
      // Presence and the not-responding flag live on the agent's own record: an agent listed
      // only because an interaction of theirs moved has nothing new for them.
      for (const id of change.agentRecords ?? change.agents) {
        const a = client.getAgent(id);
        if (a === undefined) agentGone(id, now);
        else observeAgent(a, now);
      }
      for (const id of change.interactions) {
        const i = client.getInteraction(id);
        if (i === undefined) interactionGone(id);
        else observeInteraction(i, now);
      }
    }
    if (now - prunedAt >= pruneEvery) prune(now);
    if (listeners.size === 0) {
      touchedAgents.clear();
      touchedQueues.clear();
    } else notify();
  };

  rescan(clock.now());
  touchedAgents.clear();
  touchedQueues.clear();
  let unsubscribe: Unsubscribe | undefined = client.subscribe(onChange);

  // ------------------------------------------------------------------ reads

  const window = (period: MetricsPeriod = 'today'): MetricsWindow => {
    const now = clock.now();
    if (period === 'today') return { from: startOfDay(now), to: now };
    if (period === 'interval') {
      const day = startOfDay(now);
      return { from: day + Math.floor((now - day) / intervalMs) * intervalMs, to: now };
    }
    if (typeof period !== 'object' || period === null || !Number.isFinite(period.from) || !Number.isFinite(period.to) || period.to < period.from) {
      throw new FloorwalkError(ErrorCode.InvalidArgument, 'A metrics period is "interval", "today" or { from, to } with from <= to.', { details: { period } });
    }
    return { from: period.from, to: Math.min(period.to, now) };
  };

  const totalsOf = (h: AgentHistory | undefined, w: MetricsWindow, now: number): MetricTotals => {
    const presenceMs = emptyPresence();
    const byChannel: Partial<Record<Channel, number>> = {};
    let handled = 0;
    let handleMs = 0;
    let talkMs = 0;
    let holdMs = 0;
    let held = 0;
    let wrapUpMs = 0;
    let wrappedUp = 0;
    let longestMs: number | null = null;
    let transfers = 0;
    if (h === undefined) {
      return { handled, handledByChannel: byChannel, handleMs, talkMs, holdMs, held, wrapUpMs, wrappedUp, longestMs, transfers, missed: 0, notResponding: 0, interactingMs: 0, idleMs: 0, presenceMs };
    }
    const busy: [number, number][] = [];
    const legs = h.legs;
    for (let k = 0; k < legs.length; k += LEG) {
      const from = legs[k + FROM] as number;
      const to = legs[k + TO] as number;
      if (to > w.from && from < w.to) busy.push([from, to]);
      // Counted in the period in which it finished, as the vendors report handle time.
      if (!inWindow(to, w, now)) continue;
      const flags = legs[k + FLAGS] as number;
      const channel = CHANNELS[flags >> 1] as Channel;
      const handle = legs[k + HANDLE] as number;
      const hold = legs[k + HOLD] as number;
      const wrap = legs[k + WRAP] as number;
      handled++;
      byChannel[channel] = (byChannel[channel] ?? 0) + 1;
      handleMs += handle;
      talkMs += legs[k + TALK] as number;
      holdMs += hold;
      if (hold > 0) held++;
      wrapUpMs += wrap;
      if (wrap > 0) wrappedUp++;
      if (longestMs === null || handle > longestMs) longestMs = handle;
      if ((flags & 1) === 1) transfers++;
    }
    for (const from of h.open.values()) busy.push([from, now]);
    const interacting = union(busy.map(([a, b]) => [Math.max(a, w.from), Math.min(b, w.to)]));
    let interactingMs = 0;
    for (const [a, b] of interacting) interactingMs += b - a;
    const available: [number, number][] = [];
    const addSpan = (state: PresenceState, from: number, to: number): void => {
      const ms = overlap(from, to, w.from, w.to);
      if (ms <= 0) return;
      presenceMs[state] += ms;
      if (state === 'available') available.push([Math.max(from, w.from), Math.min(to, w.to)]);
    };
    for (const s of h.spans) addSpan(s.state, s.from, s.to);
    if (h.current !== undefined) addSpan(h.current.state, h.current.from, now);
    let availableBusy = 0;
    for (const [a, b] of available) for (const [c, d] of interacting) availableBusy += overlap(c, d, a, b);
    const idleMs = presenceMs.available - availableBusy;
    const missed = h.missed.filter((at) => inWindow(at, w, now)).length;
    const notResponding = h.notResponding.filter((at) => inWindow(at, w, now)).length;
    return { handled, handledByChannel: byChannel, handleMs, talkMs, holdMs, held, wrapUpMs, wrappedUp, longestMs, transfers, missed, notResponding, interactingMs, idleMs, presenceMs };
  };

  const agentMetrics = (agentId: string, period?: MetricsPeriod): AgentMetrics => {
    const w = window(period);
    const totals = totalsOf(agents.get(agentId), w, clock.now());
    return { agentId, window: w, ...totals, ...figures(totals) };
  };

  const teamAgentIds = (teamId: string): string[] => [...(members.get(teamId) ?? [])];

  const sum = (parts: readonly MetricTotals[]): MetricTotals => {
    const presenceMs = emptyPresence();
    const byChannel: Partial<Record<Channel, number>> = {};
    let longestMs: number | null = null;
    const acc = { handled: 0, handleMs: 0, talkMs: 0, holdMs: 0, held: 0, wrapUpMs: 0, wrappedUp: 0, transfers: 0, missed: 0, notResponding: 0, interactingMs: 0, idleMs: 0 };
    for (const p of parts) {
      for (const k of Object.keys(acc) as (keyof typeof acc)[]) acc[k] += p[k];
      for (const s of PRESENCE_STATES) presenceMs[s] += p.presenceMs[s];
      for (const [c, n] of Object.entries(p.handledByChannel) as [Channel, number][]) byChannel[c] = (byChannel[c] ?? 0) + n;
      if (p.longestMs !== null && (longestMs === null || p.longestMs > longestMs)) longestMs = p.longestMs;
    }
    return { ...acc, handledByChannel: byChannel, longestMs, presenceMs };
  };

  const teamMetrics = (teamId: string, period?: MetricsPeriod): TeamMetrics => {
    const w = window(period);
    const now = clock.now();
    const members = teamAgentIds(teamId).map((id) => {
      const totals = totalsOf(agents.get(id), w, now);
      return { ...totals, ...figures(totals) };
    });
    const totals = sum(members);
    const med = {} as Record<MedianField, number | null>;
    for (const field of MEDIAN_FIELDS) med[field] = median(members.map((m) => m[field]));
    return { teamId, window: w, agents: members.length, ...totals, ...figures(totals), median: med };
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
      serviceLevel: answered + abandoned > 0 ? within / (answered + abandoned) : null,
      serviceLevelThresholdMs,
      avgSpeedOfAnswerMs: answered > 0 ? waitMs / answered : null,
    };
  };

  const teamHandleTimes = (teamId: string, period?: MetricsPeriod): number[] => {
    const w = window(period);
    const now = clock.now();
    const out: number[] = [];
    for (const id of teamAgentIds(teamId)) {
      const legs = agents.get(id)?.legs ?? [];
      for (let k = 0; k < legs.length; k += LEG) if (inWindow(legs[k + TO] as number, w, now)) out.push(legs[k + HANDLE] as number);
    }
    return out;
  };

  const trend = (scope: { readonly teamId: string } | { readonly agentId: string }, period?: MetricsPeriod): MetricsBucket[] => {
    const w = window(period);
    const now = clock.now();
    const ids = 'teamId' in scope ? teamAgentIds(scope.teamId) : [scope.agentId];
    // Intervals before any history are left out: their figures are unknown, not zero.
    const start = Math.max(w.from, Math.min(earliest, w.to), clock.now() - historyMs);
    const day = startOfDay(start);
    const out: MetricsBucket[] = [];
    for (let from = day + Math.floor((start - day) / intervalMs) * intervalMs; from < w.to; from += intervalMs) {
      const b = { from: Math.max(from, w.from), to: Math.min(from + intervalMs, w.to) };
      const t = sum(ids.map((id) => totalsOf(agents.get(id), b, now)));
      const f = figures(t);
      out.push({ ...b, handled: t.handled, avgHandleMs: f.avgHandleMs, occupancy: f.occupancy });
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
    const busy: [number, number][] = [];
    if (h !== undefined) {
      for (const s of h.spans) clip(s.state, s.from, s.to);
      if (h.current !== undefined) clip(h.current.state, h.current.from, now);
      for (let k = 0; k < h.legs.length; k += LEG) busy.push([Math.max(h.legs[k + FROM] as number, w.from), Math.min(h.legs[k + TO] as number, w.to)]);
      for (const from of h.open.values()) busy.push([Math.max(from, w.from), Math.min(now, w.to)]);
    }
    return { window: w, presence, interacting: union(busy).map(([from, to]) => ({ from, to })) };
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
      agents.clear();
      queues.clear();
      live.clear();
      done.clear();
      doneRing.fill(undefined);
    },
  };
}
