/*
 * A deterministic synthetic vendor stream for the core benchmark: one `snapshot` of scope `all`,
 * then a simulated contact-centre shift driven by a discrete-event clock. Everything derives from
 * one seed, so every run, every machine and every baseline sees byte-identical input and the
 * numbers are comparable. Math.random is never used.
 *
 * The vendor's defects are part of the workload, because the store has to pay for them:
 * - duplicates: an event re-sent with the same id a little later (at-least-once delivery);
 * - stale events: an older version of an entity delivered after a newer one (out-of-order
 *   delivery across vendor shards), with a fresh id, so only the version check can drop it.
 */
import type {
  Agent,
  Channel,
  Customer,
  Direction,
  EndReason,
  FloorwalkEvent,
  Interaction,
  Presence,
  PresenceDefinition,
  PresenceState,
  Queue,
  QueueStats,
  ReasonCode,
  SnapshotEvent,
  Team,
} from '@floorwalk/core';

/** Small, fast, well-distributed 32-bit generator (sfc32), seeded through splitmix32. */
export function createRng(seed: number): () => number {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

export interface StreamOptions {
  readonly seed: number;
  readonly agents: number;
  readonly teams: number;
  /** Delta events to produce after the snapshot (duplicates and stale events included). */
  readonly events: number;
  /** Fraction of events re-sent with the same id. */
  readonly duplicateRate: number;
  /** Fraction of events that are an older version of an entity, delivered late. */
  readonly staleRate: number;
}

export interface StreamInfo {
  readonly duplicates: number;
  readonly stale: number;
  readonly byType: Readonly<Record<string, number>>;
  readonly interactions: number;
  readonly startAt: number;
  readonly endAt: number;
}

export interface Stream {
  readonly snapshot: SnapshotEvent;
  /** Delta events in delivery order. */
  readonly events: FloorwalkEvent[];
  readonly agentIds: readonly string[];
  readonly teamIds: readonly string[];
  readonly queueIds: readonly string[];
  readonly info: StreamInfo;
}

export const SOURCE = 'bench-sim';
/** Monday 07:00 UTC: a fixed epoch so timestamps are reproducible. */
const SHIFT_START = Date.UTC(2025, 2, 3, 7, 0, 0);
const SEC = 1000;

const FIRST = ['Amara', 'Ben', 'Chloé', 'Dev', 'Elena', 'Farid', 'Grace', 'Hugo', 'Ines', 'Jonas', 'Kemi', 'Liam', 'Mei', 'Nikhil', 'Olga', 'Pablo', 'Qiu', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Viktor', 'Wen', 'Yara', 'Zoë'];
const LAST = ['Adeyemi', 'Brennan', 'Castillo', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Haddad', 'Ivanova', 'Jensen', 'Kowalski', 'Larsen', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quinn', 'Rossi', 'Schmidt', 'Tanaka', 'Usman', 'Varga', 'Walsh', 'Xu', 'Yilmaz'];
const LINES = ['billing', 'sales', 'support', 'retention', 'claims', 'onboarding', 'tech', 'returns', 'loyalty', 'business'];
const CHANNELS: readonly Channel[] = ['voice', 'chat', 'email', 'task'];
const SUBJECTS = ['Refund for order', 'Cannot log in', 'Change of address', 'Invoice query', 'Cancel my plan', 'Damaged delivery'];
/** Mean talk time per channel, ms. */
const TALK: Record<string, number> = { voice: 270 * SEC, chat: 480 * SEC, email: 360 * SEC, task: 240 * SEC };

const REASONS: Record<string, ReasonCode[]> = {
  break: [{ id: 'rc-break', label: 'Break' }, { id: 'rc-comfort', label: 'Comfort break' }],
  meal: [{ id: 'rc-lunch', label: 'Lunch' }],
  meeting: [{ id: 'rc-huddle', label: 'Team huddle' }, { id: 'rc-1on1', label: 'One-to-one' }],
  training: [{ id: 'rc-elearn', label: 'E-learning' }],
  away: [{ id: 'rc-it', label: 'IT issue' }],
  busy: [{ id: 'rc-backoffice', label: 'Back-office work' }],
};
/** Where agents go after an interaction, when they step away: state, weight, mean duration. */
const AWAY: readonly (readonly [PresenceState, number, number])[] = [
  ['break', 0.45, 10 * 60 * SEC],
  ['meal', 0.15, 30 * 60 * SEC],
  ['meeting', 0.1, 25 * 60 * SEC],
  ['training', 0.05, 30 * 60 * SEC],
  ['away', 0.2, 5 * 60 * SEC],
  ['busy', 0.05, 10 * 60 * SEC],
];

type Mode = 'idle' | 'working' | 'away' | 'offline' | 'not-responding';

/** The last two versions sent of one entity, from which a stale copy is made. */
interface Versions {
  latest: FloorwalkEvent | undefined;
  previous: FloorwalkEvent | undefined;
}
const versions = (): Versions => ({ latest: undefined, previous: undefined });

interface SimAgent {
  readonly id: string;
  readonly presenceVersions: Versions;
  readonly notRespondingVersions: Versions;
  /** Versions of the agent's current (or just ended) interaction. */
  readonly interactionVersions: Versions;
  readonly queues: readonly number[];
  presence: Presence;
  mode: Mode;
  ix: Interaction | null;
  /** The queue index of `ix`. */
  ixQueue: number;
  /** Whether counted in agentsAvailable of its queues. */
  counted: boolean;
}

interface SimQueue {
  readonly queue: Queue;
  readonly channel: Channel;
  readonly waiting: Set<Interaction>;
  readonly versions: Versions;
  offered: number;
  answered: number;
  abandoned: number;
  available: number;
}

/** Binary min-heap of (time, slot); one pending timer per agent or queue. */
class TimerHeap {
  private readonly time: Float64Array;
  private readonly slot: Int32Array;
  size = 0;
  constructor(capacity: number) {
    this.time = new Float64Array(capacity);
    this.slot = new Int32Array(capacity);
  }
  push(time: number, slot: number): void {
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((this.time[p] as number) <= time) break;
      this.time[i] = this.time[p] as number;
      this.slot[i] = this.slot[p] as number;
      i = p;
    }
    this.time[i] = time;
    this.slot[i] = slot;
  }
  peekTime(): number {
    return this.time[0] as number;
  }
  pop(): number {
    const top = this.slot[0] as number;
    const n = --this.size;
    const t = this.time[n] as number;
    const s = this.slot[n] as number;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (this.time[c + 1] as number) < (this.time[c] as number)) c++;
      if ((this.time[c] as number) >= t) break;
      this.time[i] = this.time[c] as number;
      this.slot[i] = this.slot[c] as number;
      i = c;
    }
    this.time[i] = t;
    this.slot[i] = s;
    return top;
  }
}

/** The id of the entity an event is about, unprefixed (what a bare Map would key on). */
export function entityId(e: FloorwalkEvent): string {
  switch (e.type) {
    case 'presence':
    case 'not-responding':
    case 'agent-removed':
      return e.agentId;
    case 'interaction':
      return e.interaction.id;
    case 'queue-stats':
      return e.queueId;
    default:
      return e.id;
  }
}

export function generateStream(options: StreamOptions): Stream {
  const rng = createRng(options.seed);
  const uniform = (lo: number, hi: number): number => lo + (hi - lo) * rng();
  const int = (n: number): number => Math.floor(rng() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;
  /** Exponential with a floor: service times are skewed with a long tail, never zero. */
  const expo = (mean: number, min: number): number => Math.max(min, Math.round(-Math.log(1 - rng()) * mean));

  const pad = (n: number, width: number): string => n.toString().padStart(width, '0');
  const teams: Team[] = [];
  for (let t = 0; t < options.teams; t++) {
    teams.push({ id: `team-${pad(t + 1, 2)}`, name: `Team ${pad(t + 1, 2)}`, supervisorIds: [`sup-${pad(t + 1, 2)}`, 'sup-1'] });
  }

  const zeroStats: QueueStats = { waiting: 0, oldestWaitingSince: null, agentsAvailable: 0, offered: 0, answered: 0, abandoned: 0 };
  const simQueues: SimQueue[] = [];
  for (const line of LINES) {
    for (const channel of CHANNELS) {
      simQueues.push({
        queue: { id: `q-${line}-${channel}`, name: `${line} ${channel}`, channels: [channel], stats: zeroStats },
        channel,
        waiting: new Set(),
        versions: versions(),
        offered: 0,
        answered: 0,
        abandoned: 0,
        available: 0,
      });
    }
  }

  // Each team covers two product lines; each agent is skilled on two or three channels of them.
  const agents: SimAgent[] = [];
  const snapshotAgents: Agent[] = [];
  for (let i = 0; i < options.agents; i++) {
    const team = i % options.teams;
    const lines = [(team * 2) % LINES.length, (team * 2 + 1) % LINES.length];
    const channelCount = 2 + int(2);
    const start = int(CHANNELS.length);
    const queues: number[] = [];
    for (const line of lines) for (let c = 0; c < channelCount; c++) queues.push(line * CHANNELS.length + ((start + c) % CHANNELS.length));
    const r = rng();
    const state: PresenceState = r < 0.72 ? 'available' : r < 0.82 ? 'offline' : r < 0.9 ? 'meeting' : r < 0.95 ? 'training' : 'break';
    const reason = REASONS[state]?.[0];
    const presence: Presence = reason === undefined ? { state, since: SHIFT_START - int(3600) * SEC } : { state, reason, since: SHIFT_START - int(3600) * SEC };
    const id = `ag-${pad(i + 1, 5)}`;
    const teamId = (teams[team] as Team).id;
    agents.push({ id, presenceVersions: versions(), notRespondingVersions: versions(), interactionVersions: versions(), queues, presence, mode: state === 'available' ? 'idle' : state === 'offline' ? 'offline' : 'away', ix: null, ixQueue: -1, counted: false });
    snapshotAgents.push({
      id,
      name: `${pick(FIRST)} ${pick(LAST)}`,
      teamIds: [teamId],
      queueIds: queues.map((q) => (simQueues[q] as SimQueue).queue.id),
      presence,
    });
  }
  const setCounted = (a: SimAgent, on: boolean): void => {
    if (a.counted === on) return;
    a.counted = on;
    for (const q of a.queues) (simQueues[q] as SimQueue).available += on ? 1 : -1;
  };
  for (const a of agents) setCounted(a, a.mode === 'idle');

  const presenceDefinitions: PresenceDefinition[] = (['available', 'busy', 'break', 'meal', 'meeting', 'training', 'away', 'offline'] as const).map((state) => ({
    state,
    reasons: REASONS[state] ?? [],
  }));
  const snapshot: SnapshotEvent = {
    id: 'snap-0',
    type: 'snapshot',
    at: SHIFT_START,
    source: SOURCE,
    scope: { kind: 'all' },
    teams,
    agents: snapshotAgents,
    queues: simQueues.map((q) => q.queue),
    interactions: [],
    presenceDefinitions,
  };

  // ---- event emission, with the vendor's duplicates and late (stale) deliveries ----
  const out: FloorwalkEvent[] = [];
  const byType: Record<string, number> = {};
  let eventSeq = 0;
  const eventId = (): string => `ev-${(eventSeq++).toString(36).padStart(7, '0')}`;
  let delayed: { due: number; event: FloorwalkEvent }[] = [];
  let duplicates = 0;
  let stale = 0;
  let staleDebt = 0;

  const deliver = (event: FloorwalkEvent): void => {
    out.push(event);
    byType[event.type] = (byType[event.type] ?? 0) + 1;
  };
  let nextDue = Infinity;
  const delay = (due: number, event: FloorwalkEvent): void => {
    delayed.push({ due, event });
    if (due < nextDue) nextDue = due;
  };
  const releaseDue = (): void => {
    if (out.length < nextDue) return;
    const keep: typeof delayed = [];
    nextDue = Infinity;
    for (const d of delayed) {
      if (d.due <= out.length) deliver(d.event);
      else {
        keep.push(d);
        if (d.due < nextDue) nextDue = d.due;
      }
    }
    delayed = keep;
  };

  const emit = (event: FloorwalkEvent, v: Versions): void => {
    deliver(event);
    v.previous = v.latest;
    v.latest = event;
    // Re-sent within a few hundred messages: well inside any sane de-duplication window.
    if (rng() < options.duplicateRate) {
      delay(out.length + 1 + int(1500), { ...event });
      duplicates++;
    }
    if (rng() < options.staleRate) staleDebt++;
    if (staleDebt > 0) {
      const old = v.previous;
      if (old !== undefined && old.at < event.at) {
        // Overtaken by at most a few dozen messages, as happens across vendor shards.
        delay(out.length + 1 + int(40), { ...old, id: eventId() });
        v.previous = undefined;
        stale++;
        staleDebt--;
      }
    }
    releaseDue();
  };

  const presenceEvent = (a: SimAgent, state: PresenceState, at: number, reason?: ReasonCode): void => {
    a.presence = reason === undefined ? { state, since: at } : { state, reason, since: at };
    emit({ id: eventId(), type: 'presence', at, source: SOURCE, agentId: a.id, presence: a.presence }, a.presenceVersions);
  };
  /**
   * The interaction as an adapter hands it over: an object built for this message, key by key
   * in the order given. The model keeps its own copy and makes the next one with spreads
   * (`{ ...ix, state }`, `const { heldAt, ...rest } = ix`); V8 gives objects made that way a
   * hidden class nearly each (2,841 among 5,000 interactions in 15 key orders), so every
   * property read of them missed its inline cache. Our adapters map each vendor payload into a
   * fresh literal (the simulator's 5,013 interactions of a run: 26 hidden classes for 26 key
   * orders), so the stream does the same. docs/performance.md gives both streams' figures.
   */
  const builtFresh = (ix: Interaction): Interaction => {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(ix)) out[key] = ix[key as keyof Interaction];
    return out as unknown as Interaction;
  };
  const interactionEvent = (a: SimAgent, ix: Interaction, at: number): void => {
    a.ix = ix.state === 'ended' ? null : ix;
    // Each message carries its own customer object, as a parsed vendor payload does. Sharing the
    // one built when the interaction arrived would also put it minutes of simulated time (and
    // megabytes of heap) away from the rest of the event: a cache miss per event that measures
    // the memory system rather than the client (checkEvent ran 3-4x slower that way). Every
    // caller hands over an object it has just built, so the copy goes into it rather than into a
    // second copy of the whole interaction (half the allocation, and a faster stream to build).
    if (ix.customer !== undefined) (ix as { customer: Customer }).customer = { ...ix.customer };
    emit({ id: eventId(), type: 'interaction', at, source: SOURCE, interaction: builtFresh(ix) }, a.interactionVersions);
  };

  let ixSeq = 0;
  const newCustomer = (channel: Channel): Customer => {
    const first = pick(FIRST);
    const last = pick(LAST);
    const phone = `+44 7${pad(int(1000), 3)} ${pad(int(1000000), 6)}`;
    if (channel === 'voice') return { name: `${first} ${last}`, phone };
    return { name: `${first} ${last}`, phone, email: `${first.toLowerCase()}.${last.toLowerCase()}${int(100)}@example.com` };
  };

  // ---- the discrete-event simulation: slot < agents is an agent, the rest are queues ----
  const heap = new TimerHeap(agents.length + simQueues.length);
  for (let i = 0; i < agents.length; i++) {
    const a = agents[i] as SimAgent;
    const first = a.mode === 'idle' ? expo(40 * SEC, SEC) : a.mode === 'offline' ? expo(30 * 60 * SEC, 60 * SEC) : expo(15 * 60 * SEC, 30 * SEC);
    heap.push(SHIFT_START + first, i);
  }
  for (let q = 0; q < simQueues.length; q++) heap.push(SHIFT_START + uniform(1, 8) * SEC, agents.length + q);

  const goIdle = (a: SimAgent, at: number): number => {
    a.mode = 'idle';
    setCounted(a, true);
    return at + expo(45 * SEC, 2 * SEC);
  };

  /** Advances one agent at time `at`; returns when it next acts. */
  const stepAgent = (a: SimAgent, at: number): number => {
    switch (a.mode) {
      case 'offline':
        presenceEvent(a, 'available', at);
        return goIdle(a, at);
      case 'away':
        presenceEvent(a, 'available', at);
        return goIdle(a, at);
      case 'not-responding':
        emit({ id: eventId(), type: 'not-responding', at, source: SOURCE, agentId: a.id, notResponding: false }, a.notRespondingVersions);
        return goIdle(a, at);
      case 'idle': {
        const r = rng();
        if (r < 0.03) {
          // Back-office work between contacts, reported by the agent as a presence change.
          a.mode = 'away';
          setCounted(a, false);
          presenceEvent(a, 'busy', at, REASONS.busy?.[0]);
          return at + expo(4 * 60 * SEC, 30 * SEC);
        }
        if (r < 0.034) {
          a.mode = 'offline';
          setCounted(a, false);
          presenceEvent(a, 'offline', at);
          return at + expo(40 * 60 * SEC, 5 * 60 * SEC);
        }
        setCounted(a, false);
        a.mode = 'working';
        // A new interaction: the versions of the last one are no stale copy of this one. Cleared
        // here, where it begins, rather than checked on every event (the check read the agent's
        // last event, long out of cache: a tenth of the stream's build time).
        a.interactionVersions.latest = a.interactionVersions.previous = undefined;
        const q = pick(a.queues);
        const sq = simQueues[q] as SimQueue;
        a.ixQueue = q;
        const channel = sq.channel;
        const direction: Direction = channel === 'voice' && rng() < 0.15 ? 'outbound' : 'inbound';
        const base: Interaction = {
          id: `ix-${(ixSeq++).toString(36).padStart(6, '0')}`,
          channel,
          direction,
          state: 'queued',
          queueId: sq.queue.id,
          createdAt: at,
          customer: newCustomer(channel),
          ...(channel === 'email' ? { subject: `${pick(SUBJECTS)} #${100000 + int(900000)}` } : {}),
        };
        if ((channel === 'voice' || channel === 'chat') && direction === 'inbound' && rng() < 0.35) {
          sq.waiting.add(base);
          interactionEvent(a, base, at);
          return at + expo(25 * SEC, SEC);
        }
        sq.offered++;
        interactionEvent(a, { ...base, createdAt: at - int(5 * SEC), state: 'offered', agentId: a.id, offeredAt: at }, at);
        return at + expo(channel === 'voice' ? 6 * SEC : 15 * SEC, SEC);
      }
      case 'working':
        return stepInteraction(a, a.ix as Interaction, at);
    }
  };

  const stepInteraction = (a: SimAgent, ix: Interaction, at: number): number => {
    const sq = simQueues[a.ixQueue] as SimQueue;
    switch (ix.state) {
      case 'queued': {
        sq.waiting.delete(ix);
        if (rng() < 0.06) {
          sq.abandoned++;
          interactionEvent(a, { ...ix, state: 'ended', endedAt: at, endReason: 'abandoned' }, at);
          return goIdle(a, at);
        }
        sq.offered++;
        interactionEvent(a, { ...ix, state: 'offered', agentId: a.id, offeredAt: at }, at);
        return at + expo(6 * SEC, SEC);
      }
      case 'offered': {
        const r = rng();
        if (r < 0.02) {
          // Missed offer: routing stops offering to the agent until they come back.
          interactionEvent(a, { ...ix, state: 'ended', endedAt: at, endReason: 'missed' }, at);
          a.mode = 'not-responding';
          emit({ id: eventId(), type: 'not-responding', at, source: SOURCE, agentId: a.id, notResponding: true }, a.notRespondingVersions);
          return at + expo(45 * SEC, 10 * SEC);
        }
        if (r < 0.03) {
          interactionEvent(a, { ...ix, state: 'ended', endedAt: at, endReason: 'rejected' }, at);
          return goIdle(a, at);
        }
        sq.answered++;
        interactionEvent(a, { ...ix, state: 'connected', connectedAt: at }, at);
        return at + expo((TALK[ix.channel] as number) / 2, 10 * SEC);
      }
      case 'connected': {
        const r = rng();
        if (ix.channel === 'voice' && (ix.holdCount ?? 0) < 2 && r < 0.3) {
          interactionEvent(a, { ...ix, state: 'held', heldAt: at, holdCount: (ix.holdCount ?? 0) + 1 }, at);
          return at + expo(45 * SEC, 5 * SEC);
        }
        if (r > 0.97) {
          const end: EndReason = 'transferred';
          interactionEvent(a, { ...ix, state: 'ended', endedAt: at, endReason: end, transfers: (ix.transfers ?? 0) + 1 }, at);
          return goIdle(a, at);
        }
        interactionEvent(a, { ...ix, state: 'wrap-up', wrapUpAt: at }, at);
        return at + expo(40 * SEC, 5 * SEC);
      }
      case 'held': {
        const { heldAt, ...rest } = ix;
        interactionEvent(a, { ...rest, state: 'connected', holdMs: (ix.holdMs ?? 0) + (at - (heldAt as number)) }, at);
        return at + expo((TALK[ix.channel] as number) / 3, 10 * SEC);
      }
      case 'wrap-up': {
        interactionEvent(a, { ...ix, state: 'ended', endedAt: at, endReason: 'completed' }, at);
        if (rng() < 0.14) {
          let r = rng();
          let chosen = AWAY[0] as (typeof AWAY)[number];
          for (const option of AWAY) {
            if (r < option[1]) {
              chosen = option;
              break;
            }
            r -= option[1];
          }
          const [state, , mean] = chosen;
          a.mode = 'away';
          presenceEvent(a, state, at, REASONS[state]?.[int(REASONS[state]?.length ?? 1)]);
          return at + expo(mean, 60 * SEC);
        }
        return goIdle(a, at);
      }
      default:
        throw new Error(`generator: agent ${a.id} holds interaction ${ix.id} in state ${ix.state}`);
    }
  };

  const stepQueue = (sq: SimQueue, at: number): number => {
    let oldest: number | null = null;
    for (const w of sq.waiting) if (oldest === null || w.createdAt < oldest) oldest = w.createdAt;
    const stats: QueueStats = {
      waiting: sq.waiting.size,
      oldestWaitingSince: oldest,
      agentsAvailable: sq.available,
      offered: sq.offered,
      answered: sq.answered,
      abandoned: sq.abandoned,
    };
    emit({ id: eventId(), type: 'queue-stats', at, source: SOURCE, queueId: sq.queue.id, stats }, sq.versions);
    return at + Math.round(uniform(5, 15) * SEC);
  };

  // Integer ms: vendors stamp milliseconds, and bursts share a millisecond.
  while (out.length < options.events) {
    const at = Math.round(heap.peekTime());
    const slot = heap.pop();
    const next = slot < agents.length ? stepAgent(agents[slot] as SimAgent, at) : stepQueue(simQueues[slot - agents.length] as SimQueue, at);
    heap.push(Math.max(next, at + 1), slot);
  }
  // Whatever is still in flight arrives at the end of the stream.
  for (const d of delayed) deliver(d.event);

  let endAt = SHIFT_START;
  for (const e of out) if (e.at > endAt) endAt = e.at;
  return {
    snapshot,
    events: out,
    agentIds: agents.map((a) => a.id),
    teamIds: teams.map((t) => t.id),
    queueIds: simQueues.map((q) => q.queue.id),
    info: { duplicates, stale, byType, interactions: ixSeq, startAt: SHIFT_START, endAt },
  };
}
