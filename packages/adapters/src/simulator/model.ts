import type {
  ActivityBucket,
  Agent,
  AgentActivity,
  AuditAction,
  CoachingNote,
  CoachingSession,
  ColleagueCall,
  MonitoringEndReason,
  Channel,
  ChatMessage,
  CheckIn,
  Customer,
  EndReason,
  EventBase,
  FloorwalkEvent,
  HelpRequest,
  HelpState,
  Interaction,
  InteractionState,
  MonitoringMode,
  MonitoringSession,
  PolicyChanges,
  Presence,
  PresenceState,
  Queue,
  QueueStats,
  ReasonCode,
  SnapshotEvent,
  Team,
} from '@floorwalk/core';
import { Agenda } from './agenda.js';
import { IdlePool, WaitingLine } from './lines.js';
import {
  ARRIVAL_REDRAW_MS,
  AUX,
  LOAD_WAVE,
  CHANNEL_WEIGHT,
  CHAT,
  HELP,
  HOLD,
  NOT_RESPONDING,
  PATIENCE,
  RING,
  SHIFT,
  TALK,
  TRANSFERABLE,
  TRANSFER_CHANCE,
  WRAP_UP,
  handleTimeMean,
  type Duration,
} from './parameters.js';
import { Random } from './random.js';
import { Recent } from './recent.js';
import {
  AUX_REASONS,
  AUX_STATE_MEAN_MS,
  CHAT_REPLIES,
  HELP_REASONS,
  auxReason,
  customerFor,
  personName,
  type SimulatorQueue,
} from './roster.js';

type Body<E> = E extends FloorwalkEvent ? Omit<E, keyof EventBase> : never;

/**
 * A fact as the simulated platform reports it: a canonical event before the adapter stamps it
 * with an id, a time and its source.
 */
export type EventRecord = Body<Exclude<FloorwalkEvent, SnapshotEvent>>;

/** Where the model reports facts while it runs; null while it runs silently (warm-up). */
export type Emit = (record: EventRecord) => void;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const DAY_MS = 86_400_000;
/**
 * How many finished records stay answerable (a coaching note on an ended call, a late answer to
 * a check-in). At 10,000 agents this is about three-quarters of an hour of interactions.
 */
const FINISHED_KEPT = 50_000;
/** Each agent's capacity is split evenly among their queues, counted in sixths of an agent. */
const SHARES = 6;
/** The share of signed-in time an agent spends available rather than in an aux state. */
const AVAILABLE_SHARE = (() => {
  const weights = AUX_REASONS.reduce((sum, a) => sum + a.weight, 0);
  const auxMean = AUX_REASONS.reduce((sum, a) => sum + (a.weight / weights) * a.meanMs, 0);
  return AUX.gapMean / (AUX.gapMean + auxMean);
})();

/** What the model needs to know to build a centre. */
export interface CentreConfig {
  readonly seed: number;
  /** When the simulation begins (epoch ms); the warm-up starts here. */
  readonly origin: number;
  readonly agents: number;
  /** Offered load per available agent (see `SimulatorOptions.load`). */
  readonly load: number;
  readonly teams: readonly Team[];
  readonly queues: readonly SimulatorQueue[];
}

interface SimQueue {
  readonly id: string;
  readonly name: string;
  readonly channels: readonly Channel[];
  readonly mix: readonly { readonly channel: Channel; readonly weight: number }[];
  readonly handleMs: number;
  /** Where in the load wave this queue starts, in radians. */
  readonly phase: number;
  /** Capacity of the agents signed in for this queue, in sixths of an agent. */
  staffed: number;
  readonly line: WaitingLine<Call>;
  readonly pool: IdlePool<SimAgent>;
  offered: number;
  answered: number;
  abandoned: number;
  dirty: boolean;
  /** The stats consumers last saw, so an unchanged queue is not reported again. */
  reported: QueueStats | null;
}

/** A presence change that waits until the agent's interaction is done. */
interface Deferred {
  readonly state: PresenceState;
  readonly reason?: ReasonCode;
}

export interface SimAgent {
  readonly id: string;
  readonly name: string;
  readonly team: Team;
  readonly teamIds: readonly string[];
  readonly queues: readonly SimQueue[];
  readonly queueIds: readonly string[];
  /** This agent's share of capacity in each of their queues, in sixths. */
  readonly share: number;
  presence: Presence;
  pending: Deferred | null;
  /** Bumped whenever the agent's presence timer is replaced; stale timers see the mismatch. */
  presenceGen: number;
  shiftGen: number;
  call: Call | null;
  notResponding: boolean;
  idle: boolean;
  idleToken: number;
  help: HelpRecord | null;
  activity: AgentActivity | undefined;
}

export interface Call {
  readonly id: string;
  readonly channel: Channel;
  readonly queue: SimQueue;
  readonly createdAt: number;
  readonly customer: Customer;
  readonly subject: string | undefined;
  readonly transfers: number;
  state: InteractionState;
  agent: SimAgent | null;
  offeredAt: number | undefined;
  connectedAt: number | undefined;
  heldAt: number | undefined;
  holdMs: number;
  holdCount: number;
  wrapUpAt: number | undefined;
  endedAt: number | undefined;
  endReason: EndReason | undefined;
  /** Talk time still to come, holds excluded. */
  talkLeft: number;
  holdsLeft: number;
  transferred: boolean;
  readonly monitors: MonitorRecord[];
}

export interface HelpRecord {
  readonly id: string;
  readonly agent: SimAgent;
  readonly reason: string;
  readonly interactionId: string | undefined;
  /** The raise's idempotency key (`HelpRequest.key`): a reloaded page that withdrew it knows the hand. */
  key?: string;
  raisedAt: number;
  state: HelpState;
  acknowledgedBy: string | undefined;
  acknowledgedAt: number | undefined;
  resolvedAt: number | undefined;
  /** A person took it, so the simulated supervisor leaves it to them. */
  takenByPerson: boolean;
  /** Who an accepted acknowledgement is on its way from, so a second one is refused at once. */
  claimedBy: string | undefined;
  /** The supervisor it waits on now. */
  assignedTo: string | undefined;
  escalations: number;
  escalatedAt: number | undefined;
  /** Escalate when not acknowledged within this time; undefined for never. */
  escalateAfterMs: number | undefined;
}

export interface MonitorRecord {
  readonly id: string;
  readonly supervisorId: string;
  readonly agent: SimAgent;
  readonly call: Call;
  mode: MonitoringMode;
  /** Set when the platform has joined the supervisor, one latency after the command. */
  startedAt: number | undefined;
  endedAt: number | undefined;
  /** A stop was accepted and is on its way. */
  stopping: boolean;
  /** Lease length; undefined when the client asked for none. */
  leaseMs: number | undefined;
  leaseExpiresAt: number | undefined;
  endReason: MonitoringEndReason | undefined;
}

export type CheckInRecord = Mutable<CheckIn> & {
  /** The agent answered through a client, so the simulated agent leaves the rest to them. */
  personAgent?: boolean;
};

/** Most ended monitoring sessions a snapshot carries, so history survives a resync. */
const ENDED_IN_SNAPSHOT = 100;
/** Until a simulated colleague hangs up a colleague call. */
const COLLEAGUE_CALL_MS = { mean: 180_000, sigma: 0.5 } as const;
/** Until a simulated teammate reads a team channel message. */
const TEAM_READ_MS = { mean: 60_000, sigma: 0.6 } as const;

/** Everything a snapshot of scope `all` carries except the envelope and the reason codes. */
export type CentreSnapshot = Required<Pick<SnapshotEvent, 'teams' | 'agents' | 'queues' | 'interactions' | 'monitoring' | 'helpRequests'>> & Pick<SnapshotEvent, 'policy'>;

/**
 * A discrete-event model of a contact centre. All state changes happen in callbacks taken from
 * one agenda in time order, and every random quantity comes from one seeded stream, so a seed
 * and the same commands at the same simulated times reproduce a run exactly.
 *
 * Agents handle one interaction at a time. Presence (what the agent chose) and routing (what the
 * agent is doing) are separate: an agent who goes offline mid-call finishes the call, and a break
 * that falls due mid-call waits for the wrap-up to end.
 */
export class ContactCentre {
  readonly teams: readonly Team[];
  private clock: number;
  /** The one seeded stream every random quantity comes from (command effects draw from it too). */
  readonly random: Random;
  private readonly agenda = new Agenda();
  /** Where facts go while the model runs (null while silent); commands' effects report through it too. */
  emit: Emit | null = null;
  private nextDay: number;
  private readonly dirty: SimQueue[] = [];
  /** Entity counters, for ids; commands' effects that create entities count here too. */
  readonly count = { interaction: 0, help: 0, monitor: 0, message: 0, note: 0, checkIn: 0, audit: 0, coaching: 0, call: 0 };
  /** Recently ended sessions that had started, oldest first, for snapshots. */
  private readonly endedForSnapshot: MonitorRecord[] = [];
  /** Recent messages by id, for receipts and for a client catching up after a disconnect. */
  readonly messages = new Recent<ChatMessage>(FINISHED_KEPT);
  /** Per conversation, each reader's read marker: what a client catching up is told of read state. */
  readonly reads = new Map<string, Record<string, number>>();
  /**
   * What a catch-up restates (a message, a conversation's read markers, a note, a check-in, a
   * coaching session, the tenant policy), by the number of its latest change: a client back from a
   * blip is told only what moved while it was away, not everything the centre holds.
   */
  readonly changed = new WeakMap<object, number>();
  /** The number of the latest change, counted up. */
  changes = 0;
  /** Recent coaching notes, which a client that was away learns only from here. */
  readonly notes = new Recent<CoachingNote>(FINISHED_KEPT);
  /** Newest message time per conversation, what a read marker moves to. */
  private readonly lastSent = new Map<string, number>();
  /**
   * Coaching sessions scheduled here: every upcoming or live one, and the newest ended (done or
   * cancelled, which cannot change), as many as the other finished records.
   */
  readonly coachingSessions = new Map<string, Mutable<CoachingSession>>();
  /** Ended coaching sessions' ids, oldest first: past the bound the oldest leaves the sessions too. */
  private readonly endedCoaching = new Recent<null>(FINISHED_KEPT, (id) => this.coachingSessions.delete(id));
  private readonly calls = new Map<string, Mutable<ColleagueCall>>();

  private readonly teamById: ReadonlyMap<string, Team>;
  /** Every agent, in roster order (for a change that reaches them all, e.g. a tenant policy's). */
  readonly agents: readonly SimAgent[];
  private readonly agentById: ReadonlyMap<string, SimAgent>;
  private readonly queues: readonly SimQueue[];
  private readonly live = new Map<string, Call>();
  /** Ended interaction id → the agent who had it, or null when nobody did. */
  private readonly ended = new Recent<string | null>(FINISHED_KEPT);
  private readonly openRequests = new Map<string, HelpRecord>();
  private readonly closedHelp = new Recent<HelpRecord>(FINISHED_KEPT);
  private readonly monitors = new Map<string, MonitorRecord>();
  private readonly endedMonitors = new Recent<MonitorRecord>(FINISHED_KEPT);
  /**
   * Users a person sits behind (see `seat({ person })`): the simulation never answers, confirms,
   * reads or replies for them. Consent is theirs to give, and so is their presence: no break,
   * return, sign-in or shift end the simulation plans for an agent happens to a person (each is
   * checked when due, so seating someone mid-run also stops what was planned for them).
   */
  readonly persons = new Set<string>();
  /**
   * The Retry-After (ms) of a slow-down the platform answers the next command it would carry
   * with, carrying nothing of it (see `runCommand`). A fault only a test sets, through the
   * simulator's internal test hooks: declared, so it costs the model nothing.
   */
  declare slowDown?: number;
  private readonly load: number;
  /** Check-ins, the most recently changed last: every one closes by itself (it lapses), so a bound is safe. */
  readonly checkIns = new Recent<CheckInRecord>(FINISHED_KEPT);

  constructor(config: CentreConfig) {
    this.clock = config.origin;
    this.nextDay = (Math.floor(config.origin / DAY_MS) + 1) * DAY_MS;
    this.random = new Random(config.seed);
    this.load = config.load;
    this.teams = config.teams;
    this.teamById = new Map(config.teams.map((t) => [t.id, t]));
    const peak = this.random.uniform(0, 2 * Math.PI);
    this.queues = config.queues.map((spec) => {
      const mix = spec.channels.map((channel) => ({ channel, weight: CHANNEL_WEIGHT[channel] }));
      const total = mix.reduce((sum, m) => sum + m.weight, 0);
      return {
        id: spec.id,
        name: spec.name,
        channels: spec.channels,
        mix,
        handleMs: mix.reduce((sum, m) => sum + (m.weight / total) * handleTimeMean(m.channel), 0),
        phase: peak + this.random.uniform(-LOAD_WAVE.spread, LOAD_WAVE.spread),
        staffed: 0,
        line: new WaitingLine<Call>(),
        pool: new IdlePool<SimAgent>(),
        offered: 0,
        answered: 0,
        abandoned: 0,
        dirty: false,
        reported: null,
      };
    });
    const named = new Set<number>();
    this.agents = Array.from({ length: config.agents }, (_, i) => this.hire(i, config, named));
    this.agentById = new Map(this.agents.map((a) => [a.id, a]));
    for (const agent of this.agents) this.beginAt(agent);
    for (const queue of this.queues) this.scheduleArrival(queue);
  }

  /** Simulated time now (epoch ms). */
  get now(): number {
    return this.clock;
  }

  /** When the next thing happens, or undefined if nothing is scheduled. */
  nextDue(): number | undefined {
    return this.agenda.peekTime();
  }

  /**
   * Runs everything due up to `target` and moves time there. Facts go to `emit`, ending with
   * at most one `queue-stats` per queue whose statistics changed; with `emit` null the model
   * runs silently. With `most`, it runs at most that many callbacks and time stays at the last;
   * true then if more is due by `target`.
   */
  advanceTo(target: number, emit: Emit | null, most = Infinity): boolean {
    this.emit = emit;
    for (let due = this.agenda.peekTime(); due !== undefined && due <= target && most-- > 0; due = this.agenda.peekTime()) {
      const entry = this.agenda.pop();
      if (entry === undefined) break;
      this.clock = entry.time;
      if (this.clock >= this.nextDay) this.startDay();
      entry.run();
    }
    if (target > this.clock && most >= 0) this.clock = target;
    this.reportQueues();
    this.emit = null;
    return most < 0;
  }

  /** Schedules `run` after `delayMs` of simulated time (used for command effects). */
  later(delayMs: number, run: () => void): void {
    this.agenda.add(this.clock + Math.max(0, Math.round(delayMs)), run);
  }

  agent(id: string): SimAgent | undefined {
    return this.agentById.get(id);
  }

  team(id: string): Team | undefined {
    return this.teamById.get(id);
  }

  /** A live (not ended) interaction. */
  call(id: string): Call | undefined {
    return this.live.get(id);
  }

  /** Who had a recently ended interaction: an agent id, null for nobody, undefined if unknown. */
  endedCallAgent(id: string): string | null | undefined {
    return this.ended.get(id);
  }

  helpRequest(id: string): HelpRecord | undefined {
    return this.openRequests.get(id) ?? this.closedHelp.get(id);
  }

  monitor(id: string): MonitorRecord | undefined {
    return this.monitors.get(id) ?? this.endedMonitors.get(id);
  }

  checkIn(id: string): CheckInRecord | undefined {
    return this.checkIns.get(id);
  }

  /** The state of the whole centre now, as canonical entities. */
  snapshot(): CentreSnapshot {
    const monitoring: MonitoringSession[] = this.endedForSnapshot.map(sessionOf);
    for (const m of this.monitors.values()) if (m.startedAt !== undefined) monitoring.push(sessionOf(m));
    return {
      teams: this.teams,
      agents: this.agents.map(agentOf),
      queues: this.queues.map((q): Queue => {
        q.reported = this.statsOf(q);
        return { id: q.id, name: q.name, channels: q.channels, stats: q.reported };
      }),
      interactions: Array.from(this.live.values(), interactionOf),
      monitoring,
      helpRequests: Array.from(this.openRequests.values(), helpOf),
      ...(Object.keys(this.tenantPolicy).length === 0 ? {} : { policy: { ...this.tenantPolicy } }),
    };
  }

  // ---- presence -------------------------------------------------------------------------

  /**
   * Changes an agent's presence now, whatever they are doing, and plans what they do next:
   * the next break while available, coming back from an aux state, signing back in when off.
   */
  setPresence(agent: SimAgent, state: PresenceState, reason?: ReasonCode): void {
    const wasOffline = agent.presence.state === 'offline';
    this.putPresence(agent, reason === undefined ? { state, since: this.clock } : { state, reason, since: this.clock });
    agent.pending = null;
    this.emit?.({ type: 'presence', agentId: agent.id, presence: agent.presence });
    const random = this.random;
    if (state === 'offline') {
      agent.shiftGen++;
      this.armPresence(agent, random.exponential(SHIFT.offMean));
    } else {
      if (wasOffline) this.startShift(agent, this.shiftLength());
      const next = state === 'available' ? random.exponential(AUX.gapMean) : random.lognormal(auxMean(state, reason), AUX.sigma);
      this.armPresence(agent, next);
    }
    this.route(agent);
  }

  /** Agent `index`, named unlike the agents `named` so far (see `personName`). */
  private hire(index: number, config: CentreConfig, named: Set<number>): SimAgent {
    const random = this.random;
    const team = config.teams[Math.floor((index * config.teams.length) / config.agents)] as Team;
    // Every queue gets agents (round robin) and about half the floor is multi-skilled.
    const skills = new Set<SimQueue>([this.queues[index % this.queues.length] as SimQueue]);
    if (random.chance(0.5)) skills.add(random.pick(this.queues));
    if (random.chance(0.2)) skills.add(random.pick(this.queues));
    const queues = [...skills];
    return {
      id: `agent-${index + 1}`,
      name: personName(random, named),
      team,
      teamIds: [team.id],
      queues,
      queueIds: queues.map((q) => q.id),
      share: SHARES / queues.length,
      presence: { state: 'offline', since: this.clock },
      pending: null,
      presenceGen: 0,
      shiftGen: 0,
      call: null,
      notResponding: false,
      idle: false,
      idleToken: 0,
      help: null,
      activity: undefined,
    };
  }

  /** Puts an agent somewhere in their day when the simulation begins, as if it had been running. */
  private beginAt(agent: SimAgent): void {
    const random = this.random;
    const now = this.clock;
    if (!random.chance(SHIFT.signedInAtStart)) {
      this.putPresence(agent, { state: 'offline', since: now - random.uniform(0, SHIFT.offMean) });
      this.armPresence(agent, random.exponential(SHIFT.offMean));
      return;
    }
    this.startShift(agent, this.shiftLength() * random.next());
    if (random.chance(AUX.availableAtStart)) {
      this.putPresence(agent, { state: 'available', since: now - random.uniform(0, AUX.gapMean) });
      this.armPresence(agent, random.exponential(AUX.gapMean));
    } else {
      const aux = random.weighted(AUX_REASONS);
      const length = random.lognormal(aux.meanMs, AUX.sigma);
      const elapsed = length * random.next();
      this.putPresence(agent, { state: aux.state, reason: aux.reason, since: now - elapsed });
      this.armPresence(agent, length - elapsed);
    }
    this.route(agent);
  }

  /** Replaces the presence, keeping each queue's staffed capacity in step. */
  private putPresence(agent: SimAgent, presence: Presence): void {
    const was = agent.presence.state !== 'offline';
    const is = presence.state !== 'offline';
    agent.presence = presence;
    if (was !== is) for (const q of agent.queues) q.staffed += is ? agent.share : -agent.share;
  }

  private armPresence(agent: SimAgent, delayMs: number): void {
    const gen = ++agent.presenceGen;
    this.later(delayMs, () => {
      if (gen === agent.presenceGen && !this.persons.has(agent.id)) this.presenceDue(agent);
    });
  }

  /** The agent's presence timer ran out: sign in, take a break, or come back from one. */
  private presenceDue(agent: SimAgent): void {
    if (agent.presence.state !== 'available') return this.setPresence(agent, 'available');
    const aux = this.random.weighted(AUX_REASONS);
    if (agent.call === null) this.setPresence(agent, aux.state, aux.reason);
    else agent.pending = { state: aux.state, reason: aux.reason };
  }

  private shiftLength(): number {
    return Math.max(SHIFT.lengthMean / 2, SHIFT.lengthMean + SHIFT.lengthSd * this.random.gaussian());
  }

  private startShift(agent: SimAgent, lengthMs: number): void {
    const gen = ++agent.shiftGen;
    this.later(lengthMs, () => {
      if (gen !== agent.shiftGen || this.persons.has(agent.id)) return;
      if (agent.call === null) return this.setPresence(agent, 'offline');
      // Sign out after this interaction; whatever break was planned no longer applies.
      agent.presenceGen++;
      agent.pending = { state: 'offline' };
    });
  }

  // ---- routing --------------------------------------------------------------------------

  /**
   * Brings the agent's routing in line with their state: an agent who can take work takes the
   * longest-waiting interaction of their queues, or joins those queues' idle pools.
   */
  private route(agent: SimAgent): void {
    const routable = agent.presence.state === 'available' && agent.call === null && !agent.notResponding;
    if (routable === agent.idle) return;
    if (!routable) return this.leaveIdle(agent);
    let best: SimQueue | undefined;
    let oldest = Infinity;
    for (const q of agent.queues) {
      const head = q.line.peek();
      if (head !== undefined && head.createdAt < oldest) {
        best = q;
        oldest = head.createdAt;
      }
    }
    const waiting = best?.line.shift();
    if (best !== undefined && waiting !== undefined) {
      this.touch(best);
      return this.offer(waiting, agent);
    }
    agent.idle = true;
    agent.idleToken++;
    for (const q of agent.queues) {
      q.pool.add(agent);
      this.touch(q);
    }
  }

  private leaveIdle(agent: SimAgent): void {
    agent.idle = false;
    for (const q of agent.queues) {
      q.pool.drop();
      this.touch(q);
    }
  }

  /** Frees the agent after an interaction: a deferred presence change happens now. */
  private release(agent: SimAgent): void {
    agent.call = null;
    const pending = agent.pending;
    // A change deferred for the simulated agent before a person sat down is not theirs.
    if (pending === null || this.persons.has(agent.id)) this.route(agent);
    else this.setPresence(agent, pending.state, pending.reason);
  }

  // ---- interactions ---------------------------------------------------------------------

  /**
   * Poisson arrivals at a rate that follows the queue's signed-in staff (as a forecast and
   * schedule would) and the load wave. It deliberately ignores who is on a break right now, so
   * breaks that happen to bunch up let the queue grow, as they do.
   */
  private scheduleArrival(queue: SimQueue): void {
    const wave = 1 + LOAD_WAVE.amplitude * Math.sin((2 * Math.PI * this.clock) / LOAD_WAVE.periodMs + queue.phase);
    const rate = (this.load * AVAILABLE_SHARE * wave * queue.staffed) / SHARES / queue.handleMs;
    const gap = rate > 0 ? this.random.exponential(1 / rate) : Infinity;
    if (gap > ARRIVAL_REDRAW_MS) {
      this.later(ARRIVAL_REDRAW_MS, () => this.scheduleArrival(queue));
      return;
    }
    this.later(gap, () => {
      const channel = this.random.weighted(queue.mix).channel;
      const { customer, subject } = customerFor(channel, this.random);
      this.enter(this.newCall(queue, channel, customer, subject, 0));
      this.scheduleArrival(queue);
    });
  }

  private newCall(queue: SimQueue, channel: Channel, customer: Customer, subject: string | undefined, transfers: number): Call {
    const call: Call = {
      id: `int-${++this.count.interaction}`,
      channel,
      queue,
      createdAt: this.clock,
      customer,
      subject,
      transfers,
      state: 'queued',
      agent: null,
      offeredAt: undefined,
      connectedAt: undefined,
      heldAt: undefined,
      holdMs: 0,
      holdCount: 0,
      wrapUpAt: undefined,
      endedAt: undefined,
      endReason: undefined,
      talkLeft: 0,
      holdsLeft: 0,
      transferred: false,
      monitors: [],
    };
    this.live.set(call.id, call);
    queue.offered++;
    this.touch(queue);
    const patience = PATIENCE[channel];
    if (patience !== undefined) this.later(this.draw(patience), () => this.abandon(call));
    return call;
  }

  /** A new interaction reaches its queue: straight to the longest-idle agent, or it waits. */
  private enter(call: Call): void {
    const agent = this.takeIdle(call.queue);
    if (agent !== undefined) return this.offer(call, agent);
    call.queue.line.push(call);
    this.touch(call.queue);
    this.emitCall(call);
  }

  private takeIdle(queue: SimQueue): SimAgent | undefined {
    const agent = queue.pool.take();
    if (agent !== undefined) this.leaveIdle(agent);
    return agent;
  }

  private offer(call: Call, agent: SimAgent): void {
    call.state = 'offered';
    call.agent = agent;
    call.offeredAt = this.clock;
    agent.call = call;
    this.emitCall(call);
    // A person's line answers by itself, as one set to auto-answer does: the simulation does not
    // decide for them that they let it ring out (nor then put them back on queue).
    if (!this.persons.has(agent.id) && this.random.chance(NOT_RESPONDING.chance)) this.later(NOT_RESPONDING.timeoutMs, () => this.miss(call));
    else this.later(this.draw(RING[call.channel]), () => this.connect(call));
  }

  /** The agent let the offer ring out: routing stops offering them work and re-queues it. */
  private miss(call: Call): void {
    const agent = call.agent;
    if (call.state !== 'offered' || agent === null) return;
    agent.notResponding = true;
    this.emit?.({ type: 'not-responding', agentId: agent.id, notResponding: true });
    call.state = 'queued';
    call.agent = null;
    call.offeredAt = undefined;
    // The interaction leaves the agent (re-queued in its place, or offered to someone idle)
    // before any break the agent had due starts.
    const next = this.takeIdle(call.queue);
    if (next !== undefined) {
      this.offer(call, next);
    } else {
      call.queue.line.insert(call);
      this.touch(call.queue);
      this.emitCall(call);
    }
    this.release(agent);
    this.later(this.draw(NOT_RESPONDING.recovery), () => {
      agent.notResponding = false;
      this.emit?.({ type: 'not-responding', agentId: agent.id, notResponding: false });
      this.route(agent);
    });
  }

  private connect(call: Call): void {
    const agent = call.agent;
    if (call.state !== 'offered' || agent === null) return;
    const random = this.random;
    call.state = 'connected';
    call.connectedAt = this.clock;
    call.talkLeft = this.draw(TALK[call.channel]);
    call.holdsLeft = call.channel === 'voice' && random.chance(HOLD.first) ? (random.chance(HOLD.second) ? 2 : 1) : 0;
    call.queue.answered++;
    this.touch(call.queue);
    this.emitCall(call);
    if (random.chance(HELP.chance)) {
      this.later(call.talkLeft * random.uniform(0.2, 0.8), () => {
        // Asking for help is the person's own act: never raised in their name.
        if ((call.state === 'connected' || call.state === 'held') && agent.help === null && !this.persons.has(agent.id)) {
          this.announceHelp(this.openHelp(agent, random.pick(HELP_REASONS), call.id));
        }
      });
    }
    this.talk(call);
  }

  /** Plans the next stretch of talk: up to a hold, or to the end of the conversation. */
  private talk(call: Call): void {
    if (call.holdsLeft === 0) {
      this.later(call.talkLeft, () => this.endTalk(call));
      return;
    }
    const stretch = call.talkLeft * this.random.uniform(0.2, 0.6);
    call.talkLeft -= stretch;
    this.later(stretch, () => {
      call.state = 'held';
      call.heldAt = this.clock;
      call.holdsLeft--;
      this.emitCall(call);
      this.later(this.draw(HOLD.duration), () => {
        call.holdMs += this.clock - (call.heldAt as number);
        call.holdCount++;
        call.heldAt = undefined;
        call.state = 'connected';
        this.emitCall(call);
        this.talk(call);
      });
    });
  }

  private endTalk(call: Call): void {
    const target = TRANSFERABLE.has(call.channel) && this.random.chance(TRANSFER_CHANCE) ? this.transferTarget(call) : undefined;
    call.state = 'wrap-up';
    call.wrapUpAt = this.clock;
    call.transferred = target !== undefined;
    this.emitCall(call);
    for (const m of call.monitors) this.stopMonitor(m, 'interaction-ended');
    if (target !== undefined) this.enter(this.newCall(target, call.channel, call.customer, call.subject, call.transfers + 1));
    this.later(this.draw(WRAP_UP), () => {
      call.state = 'ended';
      call.endedAt = this.clock;
      call.endReason = call.transferred ? 'transferred' : 'completed';
      this.retire(call);
      this.release(call.agent as SimAgent);
    });
  }

  private transferTarget(call: Call): SimQueue | undefined {
    const options = this.queues.filter((q) => q !== call.queue && q.channels.includes(call.channel));
    return options.length === 0 ? undefined : this.random.pick(options);
  }

  /** The customer's patience ran out while waiting or ringing. */
  private abandon(call: Call): void {
    if (call.state === 'queued') call.queue.line.leave();
    else if (call.state !== 'offered') return;
    call.state = 'ended';
    call.endedAt = this.clock;
    call.endReason = 'abandoned';
    call.queue.abandoned++;
    this.touch(call.queue);
    this.retire(call);
    if (call.agent !== null) this.release(call.agent);
  }

  private retire(call: Call): void {
    this.emitCall(call);
    this.live.delete(call.id);
    this.ended.set(call.id, call.agent?.id ?? null);
  }

  private emitCall(call: Call): void {
    this.emit?.({ type: 'interaction', interaction: interactionOf(call) });
  }

  // ---- queues ---------------------------------------------------------------------------

  private touch(queue: SimQueue): void {
    if (queue.dirty) return;
    queue.dirty = true;
    this.dirty.push(queue);
  }

  private statsOf(q: SimQueue): QueueStats {
    return {
      waiting: q.line.count,
      oldestWaitingSince: q.line.peek()?.createdAt ?? null,
      agentsAvailable: q.pool.count,
      offered: q.offered,
      answered: q.answered,
      abandoned: q.abandoned,
    };
  }

  private reportQueues(): void {
    for (const q of this.dirty) {
      q.dirty = false;
      const stats = this.statsOf(q);
      if (q.reported !== null && sameStats(q.reported, stats)) continue;
      q.reported = stats;
      this.emit?.({ type: 'queue-stats', queueId: q.id, stats });
    }
    this.dirty.length = 0;
  }

  /** Day counters restart at midnight UTC of simulated time. */
  private startDay(): void {
    while (this.nextDay <= this.clock) this.nextDay += DAY_MS;
    for (const q of this.queues) {
      q.offered = q.answered = q.abandoned = 0;
      this.touch(q);
    }
  }

  // ---- help, monitoring, chat, coaching, check-ins -----------------------------------------

  /**
   * An agent raises a hand. The request is theirs at once (so a second one is refused) and is
   * announced by {@link announceHelp}; the simulated agents do both at once.
   */
  openHelp(agent: SimAgent, reason: string, interactionId?: string, escalateAfterMs?: number): HelpRecord {
    const request: HelpRecord = {
      id: `help-${++this.count.help}`,
      agent,
      reason,
      interactionId,
      raisedAt: this.clock,
      state: 'open',
      acknowledgedBy: undefined,
      acknowledgedAt: undefined,
      resolvedAt: undefined,
      takenByPerson: false,
      claimedBy: undefined,
      assignedTo: agent.team.supervisorIds[0],
      escalations: 0,
      escalatedAt: undefined,
      escalateAfterMs,
    };
    agent.help = request;
    return request;
  }

  /**
   * Announces a raised hand. The team's simulated supervisor acknowledges it after a while and
   * resolves it later, unless a person has taken it by then.
   */
  announceHelp(request: HelpRecord): void {
    request.raisedAt = this.clock;
    this.openRequests.set(request.id, request);
    this.emitHelp(request);
    this.armEscalation(request);
    this.later(this.draw(HELP.acknowledge), () => {
      if (request.state !== 'open' || request.claimedBy !== undefined) return;
      // Whoever it waits on by now takes it.
      const supervisor = request.assignedTo ?? (request.agent.team.supervisorIds[0] as string);
      this.acknowledgeHelp(request, supervisor, false);
      this.later(this.draw(HELP.resolve), () => {
        if (request.state === 'acknowledged' && !request.takenByPerson) this.closeHelp(request, supervisor);
      });
    });
  }

  /** Passes an unacknowledged request on to the team's next supervisor, in order, each time it waits too long. */
  private armEscalation(request: HelpRecord): void {
    const after = request.escalateAfterMs;
    if (after === undefined || after <= 0) return;
    const due = request.escalations;
    this.later(after, () => {
      if (request.state !== 'open' || request.claimedBy !== undefined || request.escalations !== due) return;
      const chain = request.agent.team.supervisorIds;
      const from = request.assignedTo;
      const next = chain[(Math.max(0, chain.indexOf(from ?? '')) + 1) % chain.length] ?? from;
      request.escalations++;
      request.escalatedAt = this.clock;
      request.assignedTo = next;
      this.emitHelp(request);
      this.audit('help.escalate', 'simulator', request.agent.id, { requestId: request.id, from: from ?? '', to: next ?? '' });
      this.armEscalation(request);
    });
  }

  /**
   * Writes an entry of the platform's shared audit trail. `actor` is who acted (`simulator` for
   * the platform itself, as when a lease lapses).
   */
  audit(action: AuditAction, actor: string, subject: string, target: Record<string, string>): void {
    this.emit?.({
      type: 'audit',
      entry: { id: `audit-${++this.count.audit}`, at: this.clock, actor, action, outcome: 'succeeded', target, subject },
    });
  }

  acknowledgeHelp(request: HelpRecord, by: string, person: boolean): void {
    request.claimedBy = by;
    request.state = 'acknowledged';
    request.acknowledgedBy = by;
    request.acknowledgedAt = this.clock;
    request.takenByPerson = person;
    this.emitHelp(request);
  }

  /** Resolves a help request, or cancels it when the agent who raised it withdraws it. */
  closeHelp(request: HelpRecord, by: string): void {
    request.state = by === request.agent.id ? 'cancelled' : 'resolved';
    request.resolvedAt = this.clock;
    this.openRequests.delete(request.id);
    this.closedHelp.set(request.id, request);
    if (request.agent.help === request) request.agent.help = null;
    this.emitHelp(request);
  }

  private emitHelp(request: HelpRecord): void {
    this.emit?.({ type: 'help-request', request: helpOf(request) });
  }

  /** Records a monitoring request; the session starts when {@link startMonitor} runs. */
  openMonitor(call: Call, supervisorId: string, mode: MonitoringMode, leaseMs?: number): MonitorRecord {
    const session: MonitorRecord = {
      id: `mon-${++this.count.monitor}`,
      supervisorId,
      agent: call.agent as SimAgent,
      call,
      mode,
      startedAt: undefined,
      endedAt: undefined,
      stopping: false,
      leaseMs: leaseMs !== undefined && leaseMs > 0 ? leaseMs : undefined,
      leaseExpiresAt: undefined,
      endReason: undefined,
    };
    this.monitors.set(session.id, session);
    call.monitors.push(session);
    return session;
  }

  /** The active (or starting) session of this supervisor on this interaction, if any. */
  activeMonitor(call: Call, supervisorId: string): MonitorRecord | undefined {
    return call.monitors.find((m) => m.supervisorId === supervisorId && m.endedAt === undefined && !m.stopping);
  }

  startMonitor(session: MonitorRecord): void {
    // The conversation may have ended in the meantime, which ended the session unannounced.
    if (session.endedAt !== undefined) return;
    session.startedAt = this.clock;
    if (session.leaseMs !== undefined) {
      session.leaseExpiresAt = this.clock + session.leaseMs;
      this.armLease(session);
    }
    this.emit?.({ type: 'monitoring', session: sessionOf(session) });
    this.audit('monitoring.start', session.supervisorId, session.agent.id, { sessionId: session.id, interactionId: session.call.id, mode: session.mode });
  }

  /** Extends the lease of an active session by its length from now. */
  renewMonitor(session: MonitorRecord): void {
    if (session.endedAt !== undefined || session.leaseMs === undefined || session.startedAt === undefined) return;
    session.leaseExpiresAt = this.clock + session.leaseMs;
  }

  /** Ends the session when its lease lapses; a renewal moves the check to the new expiry. */
  private armLease(session: MonitorRecord): void {
    const expires = session.leaseExpiresAt as number;
    this.agenda.add(expires, () => {
      if (session.endedAt !== undefined) return;
      if ((session.leaseExpiresAt as number) > this.clock) return this.armLease(session);
      this.stopMonitor(session, 'lease-expired');
    });
  }

  changeMonitor(session: MonitorRecord, mode: MonitoringMode): void {
    if (session.startedAt === undefined || session.endedAt !== undefined || session.mode === mode) return;
    const from = session.mode;
    session.mode = mode;
    this.emit?.({ type: 'monitoring', session: sessionOf(session) });
    this.audit('monitoring.change-mode', session.supervisorId, session.agent.id, { sessionId: session.id, from, mode });
  }

  stopMonitor(session: MonitorRecord, reason: MonitoringEndReason = 'stopped'): void {
    if (session.endedAt !== undefined) return;
    session.endedAt = this.clock;
    session.endReason = reason;
    this.monitors.delete(session.id);
    this.endedMonitors.set(session.id, session);
    if (session.startedAt === undefined) return;
    this.endedForSnapshot.push(session);
    if (this.endedForSnapshot.length > ENDED_IN_SNAPSHOT) this.endedForSnapshot.shift();
    this.emit?.({ type: 'monitoring', session: sessionOf(session) });
    const actor = reason === 'stopped' ? session.supervisorId : 'simulator';
    this.audit(reason === 'lease-expired' ? 'monitoring.lease-expired' : 'monitoring.end', actor, session.agent.id, {
      sessionId: session.id,
      interactionId: session.call.id,
      supervisorId: session.supervisorId,
      reason,
    });
  }

  /**
   * Posts a chat message; it is delivered a moment later, and a simulated agent on the other
   * end of a direct conversation sometimes reads it and replies.
   */
  sendMessage(conversationId: string, authorId: string, body: string, key?: string): void {
    const message: ChatMessage = { id: `msg-${++this.count.message}`, key, conversationId, authorId, body, sentAt: this.clock, delivery: 'sent' };
    this.keepMessage(message);
    this.emit?.({ type: 'chat-message', message });
    if (conversationId.startsWith('team:')) this.teamReads(conversationId, authorId);
    this.later(this.draw(CHAT.delivered), () => {
      this.deliver(message.id);
      const colleague = this.dmPartner(conversationId, authorId);
      if (colleague === undefined || this.persons.has(colleague.id) || !this.random.chance(CHAT.replyChance)) return;
      this.later(this.draw(CHAT.reply), () => {
        this.markRead(conversationId, colleague.id);
        const reply: ChatMessage = {
          id: `msg-${++this.count.message}`,
          conversationId,
          authorId: colleague.id,
          body: this.random.pick(CHAT_REPLIES),
          sentAt: this.clock,
          delivery: 'delivered',
        };
        this.keepMessage(reply);
        this.emit?.({ type: 'chat-message', message: reply });
      });
    });
  }

  private keepMessage(message: ChatMessage): void {
    this.messages.set(message.id, this.stamp(message));
    this.lastSent.set(message.conversationId, message.sentAt);
  }

  /** A message reached the recipient's device: `sent` becomes `delivered`, once. */
  deliver(messageId: string): void {
    const held = this.messages.get(messageId);
    if (held === undefined || held.delivery !== 'sent') return;
    const delivered: ChatMessage = { ...held, delivery: 'delivered' };
    this.messages.set(messageId, this.stamp(delivered));
    this.emit?.({ type: 'chat-message', message: delivered });
  }

  /** A message known to the platform, if recent. */
  message(id: string): ChatMessage | undefined {
    return this.messages.get(id);
  }

  /** Moves a user's read marker to the conversation's newest message; a 1:1 message read becomes `read`. */
  markRead(conversationId: string, userId: string): void {
    const upTo = this.lastSent.get(conversationId);
    if (upTo === undefined) return;
    this.reads.set(conversationId, this.stamp({ ...this.reads.get(conversationId), [userId]: upTo }));
    this.emit?.({ type: 'chat-read', conversationId, userId, upTo });
    if (!conversationId.startsWith('dm:')) return;
    for (const [, m] of this.recentIn(conversationId)) {
      if (m.authorId !== userId && m.sentAt <= upTo && m.delivery !== 'read') {
        const read: ChatMessage = { ...m, delivery: 'read' };
        this.messages.set(m.id, this.stamp(read));
        this.emit?.({ type: 'chat-message', message: read });
      }
    }
  }

  private recentIn(conversationId: string): [string, ChatMessage][] {
    const out: [string, ChatMessage][] = [];
    for (const entry of this.messages.entries()) if (entry[1].conversationId === conversationId) out.push(entry);
    return out.slice(-50);
  }

  /** Two simulated teammates read a team message a while later. */
  private teamReads(conversationId: string, authorId: string): void {
    const team = this.teamById.get(conversationId.slice(5));
    if (team === undefined) return;
    const mates = this.agents.filter((a) => a.team === team && a.id !== authorId && a.presence.state !== 'offline' && !this.persons.has(a.id));
    for (let i = 0; i < Math.min(2, mates.length); i++) {
      const mate = this.random.pick(mates);
      this.later(this.draw(TEAM_READ_MS), () => this.markRead(conversationId, mate.id));
    }
  }

  private dmPartner(conversationId: string, authorId: string): SimAgent | undefined {
    if (!conversationId.startsWith('dm:')) return undefined;
    const [a, b] = conversationId.slice(3).split(':');
    const other = a === authorId ? b : a;
    return other === undefined ? undefined : this.agentById.get(other);
  }

  /**
   * Applies a change to a session (moved, cancelled, done) and reports it; while it is scheduled,
   * it closes at its end, unless it has moved by then.
   */
  coaching(session: Mutable<CoachingSession>, change?: Partial<CoachingSession>): void {
    this.stamp(Object.assign(session, change));
    this.emit?.({ type: 'coaching-session', session: { ...session } });
    const end = session.at + session.durationMs;
    if (session.state === 'scheduled') this.agenda.add(end, () => session.state === 'scheduled' && session.at + session.durationMs === end && this.coaching(session, { state: 'done' }));
    else this.endedCoaching.set(session.id, null);
  }

  /** Whether an id is someone the platform knows: an agent or a team's supervisor. */
  knowsPerson(id: string): boolean {
    return this.agentById.has(id) || this.teams.some((t) => t.supervisorIds.includes(id));
  }

  startColleagueCall(startedBy: string, participantIds: readonly string[]): void {
    const people = [...new Set([startedBy, ...participantIds])];
    const call: Mutable<ColleagueCall> = {
      id: `colleague-call-${++this.count.call}`,
      kind: people.length === 2 ? 'direct' : 'team',
      participantIds: people,
      startedBy,
      startedAt: this.clock,
    };
    this.calls.set(call.id, call);
    this.emit?.({ type: 'colleague-call', call: { ...call } });
    // A simulated colleague hangs up after a while; a call among real people (the starter and
    // person seats) lasts until one of them ends it.
    if (people.some((id) => id !== startedBy && !this.persons.has(id))) this.later(this.draw(COLLEAGUE_CALL_MS), () => this.endColleagueCall(call.id));
  }

  colleagueCall(id: string): ColleagueCall | undefined {
    return this.calls.get(id);
  }

  endColleagueCall(id: string): void {
    const call = this.calls.get(id);
    if (call === undefined || call.endedAt !== undefined) return;
    call.endedAt = this.clock;
    this.calls.delete(id);
    this.emit?.({ type: 'colleague-call', call: { ...call } });
  }

  /** Tenant policy values an admin changed at run time, still in force; sent in snapshots. */
  readonly tenantPolicy: { -readonly [K in keyof PolicyChanges]: PolicyChanges[K] } = {};

  /** The agent's device shared a new activity bucket. */
  reportActivity(agent: SimAgent, bucket: ActivityBucket): void {
    agent.activity = { bucket, since: this.clock };
    this.emit?.({ type: 'activity', agentId: agent.id, activity: agent.activity });
  }

  /** Numbers a change to something a catch-up restates (see `changed`). */
  stamp<T extends object>(entity: T): T {
    this.changed.set(entity, ++this.changes);
    return entity;
  }

  draw(d: Duration): number {
    return this.random.lognormal(d.mean, d.sigma);
  }
}

function auxMean(state: PresenceState, reason: ReasonCode | undefined): number {
  const known = reason === undefined ? undefined : auxReason(state, reason.id);
  return known?.meanMs ?? AUX_STATE_MEAN_MS[state as keyof typeof AUX_STATE_MEAN_MS];
}

/** Both come from `statsOf`, with the same keys. */
function sameStats(a: QueueStats, b: QueueStats): boolean {
  return (Object.keys(a) as (keyof QueueStats)[]).every((k) => a[k] === b[k]);
}

function agentOf(a: SimAgent): Agent {
  const agent: Agent = { id: a.id, name: a.name, teamIds: a.teamIds, queueIds: a.queueIds, presence: a.presence, notResponding: a.notResponding };
  return a.activity === undefined ? agent : { ...agent, activity: a.activity };
}

/** The canonical view of an interaction; only the fields that have a value are present. */
function interactionOf(c: Call): Interaction {
  const i: Mutable<Interaction> = {
    id: c.id,
    channel: c.channel,
    direction: 'inbound',
    state: c.state,
    queueId: c.queue.id,
    createdAt: c.createdAt,
    customer: c.customer,
  };
  if (c.agent !== null) i.agentId = c.agent.id;
  given(i, c, ['offeredAt', 'connectedAt', 'heldAt']);
  if (c.holdCount > 0) {
    i.holdMs = c.holdMs;
    i.holdCount = c.holdCount;
  }
  given(i, c, ['wrapUpAt', 'endedAt', 'endReason']);
  if (c.transfers > 0) i.transfers = c.transfers;
  return given(i, c, ['subject']);
}

/** Copies those of `keys` that `from` has a value for onto `to`, in that order. */
function given<T extends object>(to: T, from: object, keys: readonly string[]): T {
  for (const key of keys) {
    const value = (from as Record<string, unknown>)[key];
    if (value !== undefined) (to as Record<string, unknown>)[key] = value;
  }
  return to;
}

function helpOf(r: HelpRecord): HelpRequest {
  const h: Mutable<HelpRequest> = { id: r.id, agentId: r.agent.id, reason: r.reason, state: r.state, raisedAt: r.raisedAt };
  if (r.escalations) h.escalations = r.escalations;
  return given(h, r, ['interactionId', 'acknowledgedBy', 'acknowledgedAt', 'resolvedAt', 'assignedTo', 'escalatedAt', 'key']);
}

function sessionOf(m: MonitorRecord): MonitoringSession {
  const s: Mutable<MonitoringSession> = {
    id: m.id,
    mode: m.mode,
    supervisorId: m.supervisorId,
    agentId: m.agent.id,
    interactionId: m.call.id,
    startedAt: m.startedAt as number,
  };
  if (m.endedAt !== undefined) s.endedAt = m.endedAt;
  else if (m.leaseExpiresAt !== undefined) s.leaseExpiresAt = m.leaseExpiresAt;
  return given(s, m, ['endReason']);
}
