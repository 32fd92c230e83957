import {
  checkCommand,
  ErrorCode,
  FloorwalkError,
  systemClock,
  type Adapter,
  type AdapterCapabilities,
  type AdapterSink,
  type Agent,
  type Channel,
  type Clock,
  type CommandEnvelope,
  type CommandType,
  type Customer,
  type Direction,
  type ErrorCodeValue,
  type FloorwalkEvent,
  type Interaction,
  type MonitoringMode,
  type MonitoringSession,
  type Presence,
  type PresenceDefinition,
  type PresenceState,
  type Queue,
  type QueueStats,
  type SnapshotEvent,
} from '@floorwalk/core';
import { connectError, type AmazonConnectBackend } from './backend.js';
import {
  CHANNEL_MAP,
  CONTACT_STATE_MAP,
  dateToMs,
  digest,
  directionOf,
  idOf,
  isoToMs,
  kindOf,
  own,
  presenceOf,
  secondsToMs,
  userIdOf,
  type MappedState,
  type StatusKind,
} from './map.js';
import { createPacer } from './pacer.js';
import type { StreamsAgent, StreamsConnect, StreamsContact, StreamsSubscription } from './streams.js';
import type { AgentEventContact, AgentEventSnapshot, AgentStatusSummary, GetCurrentUserDataResponse, UserData, UserDataFilters } from './wire.js';

/**
 * A team as the host defines it for Connect, which has no teams of its own. Its members are
 * polled with `GetCurrentUserData` by the first filter given: `agentIds` (100 per request),
 * `hierarchyGroupId`, `routingProfileIds` or `queueIds`.
 */
export interface AmazonConnectTeam {
  readonly id: string;
  readonly name: string;
  readonly supervisorIds?: readonly string[];
  /** Connect user ids. */
  readonly agentIds?: readonly string[];
  /** A user hierarchy group id; agent event stream records match it at any level. */
  readonly hierarchyGroupId?: string;
  readonly routingProfileIds?: readonly string[];
  readonly queueIds?: readonly string[];
}

/** A queue whose statistics are polled with `GetCurrentMetricData`. */
export interface AmazonConnectQueue {
  /** The Connect queue id. */
  readonly id: string;
  readonly name: string;
  readonly channels?: readonly Channel[];
}

/** Requests per second the adapter allows itself, per operation. */
export interface AmazonConnectRates {
  /** `GetCurrentUserData`; Connect's default is 2. */
  readonly userData?: number;
  /** `GetCurrentMetricData`; Connect's default is 5. */
  readonly metricData?: number;
  /** `PutUserStatus` and `MonitorContact`; Connect's default is 2. */
  readonly commands?: number;
}

/** Options of {@link createAmazonConnectAdapter}. */
export interface AmazonConnectAdapterOptions {
  /** The Connect instance id (the last part of the instance ARN). */
  readonly instanceId: string;
  /** The adapter id, the `source` of its events. Defaults to `amazon-connect`. */
  readonly id?: string;
  /** The host's initialised Streams global (`connect`, after `connect.core.initCCP`). */
  readonly streams?: StreamsConnect;
  /** The calls the host's backend makes with AWS credentials. */
  readonly backend?: AmazonConnectBackend;
  /** Teams to poll and to assign agents to. */
  readonly teams?: readonly AmazonConnectTeam[];
  /** Queues whose statistics to poll. */
  readonly queues?: readonly AmazonConnectQueue[];
  /** The instance's agent statuses (`ListAgentStatuses`), to know each status's type and id. */
  readonly agentStatuses?: readonly AgentStatusSummary[];
  /** Canonical presence per status name, over the built-in guesses (`{ Lunch: 'meal' }`). */
  readonly presenceMap?: Readonly<Record<string, PresenceState>>;
  /** Display names by user id; Connect's real-time APIs carry none. */
  readonly agentNames?: Readonly<Record<string, string>>;
  /** This session's Connect user id, when there is no Streams agent to read it from. */
  readonly userId?: string;
  /** How often to poll, in ms. Defaults to 15,000; never below 1,000. */
  readonly pollIntervalMs?: number;
  /** Request rates to respect. */
  readonly rates?: AmazonConnectRates;
  /** Time source for polling and pacing. Defaults to the wall clock. */
  readonly clock?: Clock;
}

/** The Amazon Connect adapter: an {@link Adapter} plus what only Connect needs. */
export interface AmazonConnectAdapter extends Adapter {
  /**
   * Feeds agent event stream records (the decoded `Data` of Kinesis records, as objects or JSON
   * strings) from the host's consumer. Duplicates map to the same events; a record older than
   * one already applied for the same agent is ignored; malformed ones are reported.
   */
  pushAgentEvents(records: readonly unknown[]): void;
  /** Polls now (or joins the poll in flight). Rejects with the poll's error. */
  refresh(): Promise<void>;
  /**
   * The presence requested for an agent and not yet confirmed: Connect's acceptance of a status
   * change says nothing about when, or whether, it applies (a busy agent's change waits).
   */
  pendingPresence(agentId: string): PresenceState | undefined;
  /**
   * Resolves while the link is sound: connected, the last poll answered and the CCP signed in.
   * It makes no call of its own, since every Connect call spends the account's shared rate.
   */
  ping(): Promise<void>;
}

const DEFAULT_POLL = 15_000;
const PAGE = 100;
const METRICS = [
  { Name: 'CONTACTS_IN_QUEUE', Unit: 'COUNT' },
  { Name: 'OLDEST_CONTACT_AGE', Unit: 'SECONDS' },
  { Name: 'AGENTS_AVAILABLE', Unit: 'COUNT' },
] as const;
const AES_TYPES = new Set(['LOGIN', 'LOGOUT', 'STATE_CHANGE', 'HEART_BEAT']);
const STREAMS_TYPES = new Set(['init', 'routable', 'not_routable', 'offline', 'system', 'error']);

type Obj = Record<string, unknown>;
const RANK: Readonly<Record<Interaction['state'], number>> = { queued: 0, offered: 0, connected: 1, held: 1, 'wrap-up': 2, ended: 3 };
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += PAGE) out.push(list.slice(i, i + PAGE));
  return out;
}

/** Copies without undefined members, so equal content compares and digests equal. */
function clean<T extends object>(o: T): T {
  const r: Obj = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) r[k] = v;
  return r as T;
}

/** One observation of a contact, whatever the source. */
interface ContactObs {
  readonly id: string;
  readonly agentId: string;
  readonly channel: Channel;
  readonly direction: Direction;
  readonly mapped: MappedState;
  /** When the current vendor state began. */
  readonly since?: number;
  /** When the current hold began, where the source says (GetCurrentUserData does not). */
  readonly heldSince?: number;
  readonly connectedAt?: number;
  readonly createdAt?: number;
  readonly queueId?: string;
  readonly customer?: Customer;
}

interface Session {
  session: MonitoringSession;
  readonly want: MonitoringMode;
  asked: boolean;
}

/**
 * Creates an Amazon Connect adapter. The agent side follows the host's Streams `connect`
 * object; the team side polls `GetCurrentUserData` and `GetCurrentMetricData` through the
 * host's backend and takes agent event stream records the host pushes. See the package README
 * for the state mapping and what Connect cannot do.
 *
 * @example
 * ```ts
 * import { createAmazonConnectAdapter, createAmazonConnectHttpBackend } from '@floorwalk/adapters/amazon-connect';
 *
 * connect.core.initCCP(container, { ccpUrl }); // the host's own Streams set-up
 * const adapter = createAmazonConnectAdapter({
 *   instanceId: 'aaaaaaaa-bbbb-cccc-dddd-111111111111',
 *   streams: connect,
 *   backend: createAmazonConnectHttpBackend({ baseUrl: '/api/connect' }),
 *   teams: [{ id: 'blue', name: 'Team Blue', hierarchyGroupId: 'cd34ef56-…' }],
 *   queues: [{ id: '7f6e5d4c-…', name: 'Support', channels: ['voice', 'chat'] }],
 * });
 * const client = createFloorwalk({ adapter, session });
 * relay.onmessage = (m) => adapter.pushAgentEvents(JSON.parse(m.data)); // records relayed from Kinesis
 * ```
 */
export function createAmazonConnectAdapter(options: AmazonConnectAdapterOptions): AmazonConnectAdapter {
  const source = options.id ?? 'amazon-connect';
  const clock = options.clock ?? systemClock;
  const streams = options.streams;
  const backend = options.backend ?? {};
  const teams = options.teams ?? [];
  const queueDefs = options.queues ?? [];
  const presenceMap = options.presenceMap ?? {};
  const names = options.agentNames ?? {};
  const interval = Math.max(1000, options.pollIntervalMs ?? DEFAULT_POLL);
  const rates = options.rates ?? {};
  const userPacer = createPacer(clock, rates.userData ?? 2);
  const metricPacer = createPacer(clock, rates.metricData ?? 5);
  const commandPacer = createPacer(clock, rates.commands ?? 2);
  const pacers = [userPacer, metricPacer, commandPacer];

  const monitoring = streams !== undefined && backend.monitorContact !== undefined;
  const commands: CommandType[] = [];
  if (streams !== undefined || backend.putUserStatus !== undefined) commands.push('set-presence');
  if (monitoring) commands.push('start-monitoring', 'change-monitoring-mode', 'stop-monitoring');
  const capabilities: AdapterCapabilities = {
    channels: ['voice', 'chat', 'task', 'email'],
    commands,
    // Connect monitors silently or barges; it has no whisper (coach) mode.
    monitoringModes: monitoring ? ['listen', 'barge'] : [],
  };

  // The status catalogue: from options, and learned from the Streams agent's selectable states.
  const statusById = new Map<string, { name: string; kind: StatusKind }>();
  const statusByName = new Map<string, { id: string; kind: StatusKind }>();
  const learnStatus = (id: string, name: string, kind: StatusKind | undefined): void => {
    if (kind === undefined) return;
    statusById.set(id, { name, kind });
    statusByName.set(name, { id, kind });
  };
  for (const s of options.agentStatuses ?? []) learnStatus(s.Id, s.Name, kindOf(s.Type));

  let sink: AdapterSink | null = null;
  let gen = 0;
  let out: FloorwalkEvent[] = [];
  let lastAt = 0;
  let snapSeq = 0;
  let seq = 0;
  const agents = new Map<string, Agent>();
  /** When each agent's presence was last observed, so an older observation cannot undo it. */
  const observed = new Map<string, number>();
  const live = new Map<string, Interaction>();
  const ended = new Set<string>();
  const stats = new Map<string, QueueStats>();
  const sessions = new Map<string, Session>();
  /** The live session per monitored contact. */
  const active = new Map<string, Session>();
  const wanted = new Map<string, { agentId: string; mode: MonitoringMode }>();
  const pending = new Map<string, PresenceState>();
  const aesLast = new Map<string, number>();
  const aesSeen = new Map<string, FloorwalkEvent[]>();
  const loggedOut = new Set<string>();
  const unknownNames = new Set<string>();
  const done = new Map<string, Promise<void>>();
  let polled = new Set<string>();
  let subs: StreamsSubscription[] = [];
  /** Subscriptions per watched contact, dropped when the contact goes. */
  const watched = new Map<string, StreamsSubscription[]>();
  let self: StreamsAgent | undefined;
  let selfId = options.userId;
  let timer: unknown;
  let cycle: Promise<void> | null = null;
  /** The last poll's error while polls fail; null when the last one answered. */
  let failing: FloorwalkError | null = null;
  let abort = new AbortController();
  /** Polling stopped for good: the backend refused our credentials. */
  let halted = false;
  const polls = (backend.getCurrentUserData !== undefined && teams.length > 0) || (backend.getCurrentMetricData !== undefined && queueDefs.length > 0);

  // ---- emission -------------------------------------------------------------------------

  /** Event times only move forward, so no delta is older than a snapshot already handed out. */
  const stamp = (t?: number): number => (lastAt = Math.max(lastAt, t ?? clock.now(), 0));
  /**
   * Event ids count changes: the same value can come back (available, break, available again
   * within one clock tick), and a content-derived id would then be dropped as a duplicate.
   * A redelivered vendor record replays the events it first produced, ids included.
   */
  const eid = (kind: string, entity: string, at: number): string => `${kind}:${entity}:${at}:${(++seq).toString(36)}`;
  const emit = (e: FloorwalkEvent): void => {
    out.push(e);
  };
  const flush = (): void => {
    if (out.length === 0) return;
    const batch = out;
    out = [];
    sink?.events(batch);
  };
  const fail = (code: ErrorCodeValue, message: string, details?: Obj): FloorwalkError =>
    new FloorwalkError(code, message, details === undefined ? {} : { details });
  const report = (message: string, details?: Obj): void => {
    sink?.error(fail(ErrorCode.MalformedEvent, message, details));
  };

  const listed = new Map<string, Set<string>>();
  for (const t of teams) for (const a of t.agentIds ?? []) listed.set(a, (listed.get(a) ?? new Set()).add(t.id));

  /**
   * Team membership by the same rules the poll filters use, whichever source tells us, so a
   * poll and an agent event record never disagree and flap. In the order teams are configured.
   */
  const teamsOf = (agentId: string, m: { groups?: readonly string[]; profile?: string; queues?: readonly string[]; also?: ReadonlySet<string> } = {}): string[] =>
    teams
      .filter(
        (t) =>
          listed.get(agentId)?.has(t.id) === true ||
          m.also?.has(t.id) === true ||
          (t.hierarchyGroupId !== undefined && m.groups?.includes(t.hierarchyGroupId) === true) ||
          (m.profile !== undefined && t.routingProfileIds?.includes(m.profile) === true) ||
          (t.queueIds !== undefined && m.queues?.some((q) => t.queueIds?.includes(q)) === true),
      )
      .map((t) => t.id);

  const resolveStatus = (name: string, arn: string | null | undefined, kind?: StatusKind): Omit<Presence, 'since'> => {
    const id = str(arn) === undefined ? statusByName.get(name)?.id : idOf(arn as string);
    const k = kind ?? (id === undefined ? undefined : statusById.get(id)?.kind) ?? statusByName.get(name)?.kind;
    const p = presenceOf(name, id, k, presenceMap);
    if (!p.known && !unknownNames.has(name)) {
      unknownNames.add(name);
      report(`Unknown agent status "${name}": shown as away; map it with presenceMap or agentStatuses.`, { status: name });
    }
    return p.reason === undefined ? { state: p.state } : { state: p.state, reason: p.reason };
  };

  // ---- the model ------------------------------------------------------------------------

  interface Details {
    readonly name?: string;
    readonly teamIds?: readonly string[];
    readonly queueIds?: readonly string[];
  }

  const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

  /** Applies what a source knows about an agent; emits an agent or presence event on change. */
  const putAgent = (id: string, d: Details, presence: Presence | undefined, seenAt: number): void => {
    const prev = agents.get(id);
    const fresh = presence !== undefined && seenAt >= (observed.get(id) ?? -Infinity);
    if (prev === undefined) {
      if (presence === undefined) return;
      const agent: Agent = { id, name: d.name ?? own(names, id) ?? id, teamIds: d.teamIds ?? teamsOf(id), queueIds: d.queueIds ?? [], presence };
      agents.set(id, agent);
      observed.set(id, seenAt);
      const at = stamp(presence.since);
      emit({ type: 'agent', id: eid('a', id, at), at, source, agent });
      return;
    }
    const name = d.name ?? prev.name;
    const teamIds = d.teamIds ?? prev.teamIds;
    const queueIds = d.queueIds ?? prev.queueIds;
    const p = prev.presence;
    const moved =
      fresh && (p.state !== presence.state || p.since !== presence.since || p.reason?.id !== presence.reason?.id || p.reason?.label !== presence.reason?.label);
    const detailed = name !== prev.name || !same(teamIds, prev.teamIds) || !same(queueIds, prev.queueIds);
    if (fresh) observed.set(id, seenAt);
    if (!moved && !detailed) return;
    const agent: Agent = { ...prev, name, teamIds, queueIds, presence: moved ? presence : p };
    agents.set(id, agent);
    if (moved && pending.get(id) === presence.state) pending.delete(id);
    const at = stamp(moved ? presence.since : seenAt);
    if (detailed) emit({ type: 'agent', id: eid('a', id, at), at, source, agent });
    else emit({ type: 'presence', id: eid('p', id, at), at, source, agentId: id, presence: agent.presence });
  };

  const putNotResponding = (id: string, flag: boolean, at: number): void => {
    const prev = agents.get(id);
    if (prev === undefined || (prev.notResponding ?? false) === flag) return;
    agents.set(id, { ...prev, notResponding: flag });
    const t = stamp(at);
    emit({ type: 'not-responding', id: eid('n', id, t), at: t, source, agentId: id, notResponding: flag });
  };

  /** Merges an observation into the interaction held; emits when anything changed. */
  const putContact = (o: ContactObs, now: number): void => {
    if (ended.has(o.id)) return;
    const prev = live.get(o.id);
    const s = o.mapped.state;
    // Contacts only move forward; an older view (a poll sent before the CCP's last snapshot)
    // must not take one back from after-contact work to connected.
    if (prev !== undefined && RANK[s] < RANK[prev.state]) return;
    const t = o.since ?? now;
    const wasHeld = prev?.state === 'held';
    const heldAt = s === 'held' ? (wasHeld ? prev.heldAt : (o.heldSince ?? now)) : undefined;
    const next = clean<Interaction>({
      id: o.id,
      channel: o.channel,
      direction: o.direction,
      state: s,
      agentId: o.agentId,
      queueId: o.queueId ?? prev?.queueId,
      createdAt: prev?.createdAt ?? o.createdAt ?? t,
      offeredAt: prev?.offeredAt ?? (s === 'offered' ? t : undefined),
      connectedAt: prev?.connectedAt ?? o.connectedAt ?? (s === 'connected' || s === 'held' ? t : undefined),
      heldAt,
      holdCount: s === 'held' && !wasHeld ? (prev?.holdCount ?? 0) + 1 : prev?.holdCount,
      holdMs: wasHeld && s !== 'held' ? (prev.holdMs ?? 0) + Math.max(0, now - (prev.heldAt ?? now)) : prev?.holdMs,
      wrapUpAt: prev?.wrapUpAt ?? (s === 'wrap-up' ? t : undefined),
      endedAt: s === 'ended' ? t : undefined,
      endReason: o.mapped.endReason,
      customer: o.customer ?? prev?.customer,
    });
    const json = JSON.stringify(next);
    if (prev !== undefined && json === JSON.stringify(prev)) return;
    if (s === 'ended') {
      live.delete(o.id);
      ended.add(o.id);
      if (ended.size > 4096) ended.delete(ended.values().next().value as string);
    } else live.set(o.id, next);
    const at = stamp(s === 'held' ? heldAt : t);
    emit({ type: 'interaction', id: `i:${o.id}:${digest(json)}`, at, source, interaction: next });
  };

  /** Ends the live interactions of `owners` that a complete observation no longer lists. */
  const endMissing = (owners: ReadonlySet<string>, keep: ReadonlySet<string>, now: number): void => {
    for (const i of [...live.values()]) if (i.agentId !== undefined && owners.has(i.agentId) && !keep.has(i.id)) endOne(i, now);
  };

  /** Ends an interaction that left the agent's list: completed if it was ever answered. */
  const endOne = (i: Interaction, now: number): void => {
    const mapped: MappedState = i.state === 'offered' ? { state: 'ended' } : { state: 'ended', endReason: 'completed' };
    putContact({ id: i.id, agentId: i.agentId as string, channel: i.channel, direction: i.direction, mapped, since: now }, now);
  };

  const putStats = (queueId: string, next: QueueStats, at: number): void => {
    const prev = stats.get(queueId);
    if (prev !== undefined && JSON.stringify(prev) === JSON.stringify(next)) return;
    stats.set(queueId, next);
    const t = stamp(at);
    emit({ type: 'queue-stats', id: eid('q', queueId, t), at: t, source, queueId, stats: next });
  };

  const putSession = (s: Session, next: MonitoringSession): void => {
    if (JSON.stringify(next) === JSON.stringify(s.session)) return;
    s.session = next;
    const at = stamp(next.endedAt ?? clock.now());
    emit({ type: 'monitoring', id: eid('m', next.id, at), at, source, session: next });
  };

  // ---- Streams: the agent's own side ----------------------------------------------------

  const readAgent = (agent: StreamsAgent): void => {
    try {
      const now = clock.now();
      const id = userIdOf(agent.getAgentARN());
      if (id === undefined) return report('The Streams agent has no agent ARN.');
      selfId = id;
      self = agent;
      for (const def of agent.getAgentStates()) if (str(def.agentStateARN) !== undefined) learnStatus(idOf(def.agentStateARN), def.name, kindOf(def.type));
      const state = agent.getState();
      if (!isObj(state) || typeof state.name !== 'string' || !STREAMS_TYPES.has(state.type)) {
        return report(`Unknown Streams agent state type ${JSON.stringify(isObj(state) ? state.type : state)}.`, { state });
      }
      if (state.type === 'init') return;
      let presence: Presence | undefined;
      if (state.type === 'system' || state.type === 'error') {
        // Busy, AfterCallWork, MissedCallAgent…: routing activity, with a null ARN. The chosen
        // status stays what the agent picked, which Streams keeps as the availability state.
        const chosen = agent.getAvailabilityState?.();
        const kind = kindOf(chosen?.type);
        if (chosen !== undefined && kind !== undefined) {
          const since = dateToMs(chosen.startTimestamp) ?? dateToMs(chosen.timeStamp) ?? agents.get(id)?.presence.since ?? now;
          presence = { ...resolveStatus(chosen.state, chosen.agentStateARN, kind), since };
        } else presence = agents.get(id)?.presence;
      } else {
        presence = { ...resolveStatus(state.name, state.agentStateARN, kindOf(state.type)), since: dateToMs(state.startTimestamp) ?? now };
      }
      const name = agent.getName();
      putAgent(id, { name: typeof name === 'string' && name !== '' ? name : undefined }, presence, now);
      putNotResponding(id, state.type === 'error', dateToMs(state.startTimestamp) ?? now);
      const keep = new Set<string>();
      for (const c of agent.getContacts()) {
        keep.add(c.contactId);
        // Contacts there before we subscribed never reach connect.contact() (GH#853).
        if (watched.has(c.contactId)) guarded(c);
        else watchContact(c);
      }
      for (const contactId of [...watched.keys()]) if (!keep.has(contactId)) unwatch(contactId);
      endMissing(new Set([id]), keep, now);
      for (const contactId of [...active.keys()]) if (!keep.has(contactId)) forgetContact(contactId);
    } catch (err) {
      report(`Could not read the Streams agent: ${String(err)}`);
    }
    flush();
  };

  const readContact = (c: StreamsContact): void => {
    const now = clock.now();
    if (selfId === undefined) return;
    const conn = c.getAgentConnection();
    if (conn?.getType() === 'monitoring') return readMonitor(c, now);
    const type = c.getType();
    const channel = own(CHANNEL_MAP, type);
    const st = c.getState();
    const mapped = own(CONTACT_STATE_MAP, st?.type);
    if (channel === undefined || mapped === undefined) {
      return report(`Unknown Streams contact ${channel === undefined ? 'type' : 'state'} ${JSON.stringify(channel === undefined ? type : st?.type)}.`, {
        contactId: c.contactId,
      });
    }
    if (mapped === null) return;
    const customer = c.getInitialConnection();
    const held = mapped.state === 'connected' && (customer?.isOnHold() === true || conn?.isOnHold() === true);
    const phone = channel === 'voice' ? customer?.getEndpoint?.()?.phoneNumber : undefined;
    const q = c.getQueue();
    const queueId = str(q?.queueId) ?? (str(q?.queueARN) === undefined ? undefined : idOf(q?.queueARN as string));
    putContact(
      {
        id: c.contactId,
        agentId: selfId,
        channel,
        direction: type === 'queue_callback' ? 'outbound' : c.isInbound === undefined || c.isInbound() ? 'inbound' : 'outbound',
        mapped: held ? { state: 'held' } : mapped,
        since: dateToMs(st.timestamp),
        heldSince: dateToMs((customer?.isOnHold() ? customer : conn)?.getState().timestamp),
        createdAt: dateToMs(c.getQueueTimestamp?.()),
        queueId,
        customer: phone === undefined ? undefined : { phone },
      },
      now,
    );
  };

  /** A destroyed contact can no longer be read (Streams throws), so it ends from what we hold. */
  const forgetContact = (contactId: string): void => {
    const now = clock.now();
    const held = live.get(contactId);
    // The same contact id is the monitored agent's interaction too; only our own ends here.
    if (held !== undefined && held.agentId === selfId) endOne(held, now);
    const s = active.get(contactId);
    if (s !== undefined) {
      active.delete(contactId);
      putSession(s, { ...s.session, endedAt: now });
    }
    wanted.delete(contactId);
  };

  const readMonitor = (c: StreamsContact, now: number): void => {
    const conn = c.getAgentConnection();
    const connState = conn?.getState().type;
    const mode: MonitoringMode = connState === 'barge' || conn?.getMonitorStatus?.() === 'BARGE' ? 'barge' : 'listen';
    const over = connState === 'disconnected' || ['ended', 'missed', 'rejected', 'error'].includes(c.getState().type);
    const supervisorId = selfId as string;
    let s = active.get(c.contactId);
    if (s === undefined) {
      if (over) return;
      const want = wanted.get(c.contactId);
      const agentId = want?.agentId ?? live.get(c.contactId)?.agentId;
      // Started elsewhere (the real-time metrics page) on a contact we do not see: no agent to name.
      if (agentId === undefined) return;
      const startedAt = dateToMs(conn?.getState().timestamp) ?? now;
      const id = `mon:${c.contactId}:${supervisorId}:${startedAt}`;
      const session: MonitoringSession = { id, mode, supervisorId, agentId, interactionId: c.contactId, startedAt };
      s = { session, want: want?.mode ?? mode, asked: false };
      sessions.set(id, s);
      active.set(c.contactId, s);
      if (sessions.size > 256) sessions.delete(sessions.keys().next().value as string);
      wanted.delete(c.contactId);
      const at = stamp(startedAt);
      emit({ type: 'monitoring', id: eid('m', id, at), at, source, session });
    }
    if (!over && s.want === 'barge' && mode === 'listen' && !s.asked) {
      // MonitorContact always joins silently; barge is a second step on the joined contact.
      s.asked = true;
      c.updateMonitorParticipantState?.('BARGE', { failure: (e) => sink?.error(fail(ErrorCode.VendorError, `Barge-in failed: ${e}`)) });
    }
    if (over) active.delete(c.contactId);
    putSession(s, over ? { ...s.session, endedAt: now } : { ...s.session, mode });
  };

  /** One contact's bad data must not keep the others from being read. */
  const guarded = (c: StreamsContact): void => {
    try {
      readContact(c);
    } catch (err) {
      report(`Could not read Streams contact ${c.contactId}: ${String(err)}`, { contactId: c.contactId });
    }
  };

  const watchContact = (c: StreamsContact): void => {
    if (watched.has(c.contactId)) return;
    const mine: StreamsSubscription[] = [];
    watched.set(c.contactId, mine);
    const update = (): void => {
      // Since Streams 2.28.1 a contact that vanishes gets `ended` first, and reading it throws.
      if (self !== undefined && !self.getContacts().some((x) => x.contactId === c.contactId)) {
        forgetContact(c.contactId);
        flush();
        return;
      }
      guarded(c);
      flush();
    };
    mine.push(
      c.onRefresh(update),
      c.onIncoming(update),
      c.onPending(update),
      c.onConnecting(update),
      c.onConnected(update),
      c.onACW(update),
      c.onEnded(update),
      c.onMissed(update),
      c.onDestroy(() => {
        forgetContact(c.contactId);
        unwatch(c.contactId);
        flush();
      }),
    );
    if (c.onError !== undefined) mine.push(c.onError(update));
    update();
  };

  const unwatch = (contactId: string): void => {
    for (const sub of watched.get(contactId) ?? []) quietly(sub);
    watched.delete(contactId);
  };

  // ---- agent event stream records -------------------------------------------------------

  const aesContact = (agentId: string, c: AgentEventContact, now: number): ContactObs | string => {
    const id = str(c?.ContactId);
    if (id === undefined) return 'a contact without ContactId';
    const channel = own(CHANNEL_MAP, c.Channel);
    const mapped = own(CONTACT_STATE_MAP, c.State);
    if (channel === undefined || !/^[A-Z]+$/.test(c.Channel as string)) return `contact ${id} has unknown Channel ${JSON.stringify(c.Channel)}`;
    if (mapped == null || !/^[A-Z_]+$/.test(c.State as string)) return `contact ${id} has unknown State ${JSON.stringify(c.State)}`;
    const since = isoToMs(c.StateStartTimestamp) ?? now;
    const queueArn = str(c.Queue?.ARN);
    return clean<ContactObs>({
      id,
      agentId,
      channel,
      direction: directionOf(c.InitiationMethod),
      mapped,
      since,
      heldSince: since,
      connectedAt: isoToMs(c.ConnectedToAgentTimestamp),
      createdAt: isoToMs(c.QueueTimestamp),
      queueId: queueArn === undefined ? undefined : idOf(queueArn),
    });
  };

  const applyAgentSnapshot = (agentId: string, snap: AgentEventSnapshot, eventAt: number): void => {
    const status = snap.AgentStatus;
    const name = str(status?.Name);
    if (name === undefined) return report(`Agent event for ${agentId} has no AgentStatus.Name.`, { agentId });
    const cfg = snap.Configuration;
    const groups = Object.values(cfg?.AgentHierarchyGroups ?? {}).flatMap((g) => (str(g?.ARN) === undefined ? [] : [idOf(g?.ARN as string)]));
    const inbound = cfg?.RoutingProfile?.InboundQueues;
    // Agent queues (the agent's own transfer queue) have no name and are not routing queues.
    const queues = Array.isArray(inbound) ? inbound.flatMap((q) => (str(q?.ARN) === undefined || q?.Name == null ? [] : [idOf(q.ARN as string)])) : undefined;
    const profile = str(cfg?.RoutingProfile?.ARN);
    const full = [str(cfg?.FirstName), str(cfg?.LastName)].filter((x) => x !== undefined).join(' ');
    const presence: Presence = { ...resolveStatus(name, status?.ARN, kindOf(status?.Type)), since: isoToMs(status?.StartTimestamp) ?? eventAt };
    putAgent(
      agentId,
      clean<Details>({
        // The host's names win: they are what the rest of its UI shows.
        name: full === '' || own(names, agentId) !== undefined ? undefined : full,
        teamIds: cfg === undefined || cfg === null ? undefined : teamsOf(agentId, { groups, profile: profile === undefined ? undefined : idOf(profile), queues }),
        queueIds: queues,
      }),
      presence,
      eventAt,
    );
    const keep = new Set<string>();
    for (const c of Array.isArray(snap.Contacts) ? snap.Contacts : []) {
      const obs = aesContact(agentId, c, eventAt);
      if (typeof obs === 'string') {
        report(`Agent event for ${agentId}: ${obs}.`, { agentId });
        if (str(c?.ContactId) !== undefined) keep.add(c.ContactId as string);
        continue;
      }
      keep.add(obs.id);
      putContact(obs, eventAt);
    }
    endMissing(new Set([agentId]), keep, eventAt);
  };

  const pushAgentEvents = (records: readonly unknown[]): void => {
    if (sink === null) return;
    let list: readonly unknown[];
    try {
      list = Array.isArray(records) ? [...records] : [records];
    } catch (err) {
      // A host's object that throws when read (a revoked proxy, a throwing getter).
      sink.error(fail(ErrorCode.MalformedEvent, 'Agent event records cannot be read.', { cause: String(err) }));
      return;
    }
    for (const raw of list) {
      let r: unknown = raw;
      try {
        // Records are data: a copy as plain JSON cannot throw when read later, nor hold a cycle.
        r = JSON.parse(typeof raw === 'string' ? raw : (JSON.stringify(raw) as string));
      } catch {
        report(typeof raw === 'string' ? 'Agent event record is not JSON.' : 'Agent event record is not plain JSON data.', typeof raw === 'string' ? { record: raw.slice(0, 200) } : undefined);
        continue;
      }
      const rec = r as Obj;
      const agentId = isObj(r) ? userIdOf(rec.AgentARN) : undefined;
      const at = isObj(r) ? isoToMs(rec.EventTimestamp) : undefined;
      const eventId = isObj(r) ? str(rec.EventId) : undefined;
      if (agentId === undefined || at === undefined || eventId === undefined || !AES_TYPES.has(rec.EventType as string)) {
        report(
          isObj(r) && agentId !== undefined && at !== undefined && eventId !== undefined
            ? `Unknown agent event type ${JSON.stringify(rec.EventType)}.`
            : 'Agent event record lacks a valid AgentARN, EventId, EventTimestamp or EventType.',
          { eventId, eventType: isObj(r) ? rec.EventType : undefined },
        );
        continue;
      }
      const seen = aesSeen.get(eventId);
      if (seen !== undefined) {
        // A redelivered record (Kinesis is at-least-once): the same events, which the store drops.
        if (seen.length > 0) sink.events(seen);
        continue;
      }
      const snap = rec.CurrentAgentSnapshot;
      if (rec.EventType !== 'LOGOUT' && !isObj(snap)) {
        report(`Agent event ${eventId} has no CurrentAgentSnapshot.`, { eventId });
        continue;
      }
      // Checked before anything is recorded, so a rejected record holds no later one back.
      const status = rec.EventType === 'LOGOUT' ? undefined : (snap as AgentEventSnapshot).AgentStatus;
      if (rec.EventType !== 'LOGOUT' && str(isObj(status) ? status.Name : undefined) === undefined) {
        report(`Agent event for ${agentId} has no AgentStatus.Name.`, { agentId });
        continue;
      }
      // Kinesis orders per shard only; an older record than one applied would undo newer state.
      if (at < (aesLast.get(agentId) ?? -Infinity)) continue;
      aesLast.set(agentId, at);
      const from = out.length;
      if (rec.EventType === 'LOGOUT') {
        loggedOut.add(agentId);
        putAgent(agentId, {}, { state: 'offline', since: at }, at);
        endMissing(new Set([agentId]), new Set(), at);
      } else if (rec.EventType === 'HEART_BEAT' && loggedOut.has(agentId)) {
        // Heartbeats go on for up to an hour after LOGOUT, carrying the last snapshot from before it.
      } else {
        loggedOut.delete(agentId);
        applyAgentSnapshot(agentId, snap as AgentEventSnapshot, at);
      }
      aesSeen.set(eventId, out.slice(from));
      if (aesSeen.size > 2048) aesSeen.delete(aesSeen.keys().next().value as string);
    }
    flush();
  };

  // ---- polling: GetCurrentUserData and GetCurrentMetricData ------------------------------

  /** One poll cycle's token: when one call fails, the others stop before their next request. */
  interface Run {
    readonly gen: number;
    aborted: boolean;
  }

  const paced = async <T>(pacer: typeof userPacer, operation: string, call: () => Promise<T>, run: Run): Promise<T> => {
    const myGen = run.gen;
    for (let attempt = 0; ; attempt++) {
      await pacer.take();
      if (myGen !== gen || run.aborted) throw fail(ErrorCode.Cancelled, 'Poll abandoned.');
      try {
        const res = await call();
        if (myGen !== gen) throw fail(ErrorCode.Cancelled, 'Disconnected.');
        return res;
      } catch (err) {
        const e = connectError(err, operation);
        if (e.code !== ErrorCode.RateLimited || attempt >= 4 || myGen !== gen) throw e;
        sink?.error(e);
        const after = e.details?.retryAfterMs;
        pacer.pause(typeof after === 'number' ? after : 1000 * 2 ** attempt);
      }
    }
  };

  const filtersOf = (t: AmazonConnectTeam): UserDataFilters[] => {
    if (t.agentIds !== undefined) return chunks(t.agentIds).map((Agents) => ({ Agents }));
    if (t.hierarchyGroupId !== undefined) return [{ UserHierarchyGroups: [t.hierarchyGroupId] }];
    if (t.routingProfileIds !== undefined) return chunks(t.routingProfileIds).map((RoutingProfiles) => ({ RoutingProfiles }));
    if (t.queueIds !== undefined) return chunks(t.queueIds).map((Queues) => ({ Queues }));
    return [];
  };

  const pollUsers = async (run: Run): Promise<Map<string, { u: UserData; teams: Set<string> }>> => {
    const found = new Map<string, { u: UserData; teams: Set<string> }>();
    const get = backend.getCurrentUserData as NonNullable<AmazonConnectBackend['getCurrentUserData']>;
    for (const team of teams) {
      for (const Filters of filtersOf(team)) {
        let token: string | undefined;
        do {
          const NextToken = token;
          const res: GetCurrentUserDataResponse = await paced(
            userPacer,
            'GetCurrentUserData',
            () => get(clean({ InstanceId: options.instanceId, Filters, MaxResults: PAGE, NextToken }), { signal: abort.signal }),
            run,
          );
          if (!isObj(res) || (res.UserDataList !== undefined && !Array.isArray(res.UserDataList))) {
            throw fail(ErrorCode.MalformedEvent, 'GetCurrentUserData returned no UserDataList.');
          }
          for (const u of res.UserDataList ?? []) {
            const id = str(u?.User?.Id) ?? userIdOf(u?.User?.Arn);
            if (id === undefined) {
              report('GetCurrentUserData listed a user without User.Id.');
              continue;
            }
            const entry = found.get(id) ?? { u, teams: new Set<string>() };
            entry.teams.add(team.id);
            found.set(id, entry);
          }
          token = str(res.NextToken);
        } while (token !== undefined);
      }
    }
    return found;
  };

  const applyUser = (id: string, u: UserData, teamIds: ReadonlySet<string>, now: number): void => {
    const name = str(u.Status?.StatusName);
    if (name === undefined) return report(`GetCurrentUserData: user ${id} has no Status.StatusName.`, { agentId: id });
    const presence: Presence = { ...resolveStatus(name, u.Status?.StatusArn), since: secondsToMs(u.Status?.StatusStartTimestamp) ?? now };
    const groups = Object.values(u.HierarchyPath ?? {}).flatMap((g) => (str(g?.Id) === undefined ? [] : [g?.Id as string]));
    putAgent(id, { teamIds: teamsOf(id, { groups, profile: str(u.RoutingProfile?.Id), also: teamIds }) }, presence, now);
    const keep = new Set<string>();
    for (const c of Array.isArray(u.Contacts) ? u.Contacts : []) {
      const cid = str(c?.ContactId);
      const channel = own(CHANNEL_MAP, c?.Channel);
      const mapped = own(CONTACT_STATE_MAP, c?.AgentContactState);
      if (cid !== undefined) keep.add(cid);
      if (cid === undefined || channel === undefined || mapped == null || !/^[A-Z_]+$/.test(`${c.Channel}${c.AgentContactState}`)) {
        report(`GetCurrentUserData: user ${id} has a contact with an unknown or missing ContactId, Channel or AgentContactState.`, {
          agentId: id,
          contactId: cid,
          state: c?.AgentContactState,
          channel: c?.Channel,
        });
        continue;
      }
      const queue = str(c.Queue?.Id) ?? (str(c.Queue?.Arn) === undefined ? undefined : idOf(c.Queue?.Arn as string));
      // StateStartTimestamp keeps the CONNECTED time while on hold, so a hold has no known start.
      putContact(
        clean<ContactObs>({
          id: cid,
          agentId: id,
          channel,
          direction: directionOf(c.InitiationMethod),
          mapped,
          since: mapped.state === 'held' ? undefined : secondsToMs(c.StateStartTimestamp),
          connectedAt: secondsToMs(c.ConnectedToAgentTimestamp),
          queueId: queue,
        }),
        now,
      );
    }
    endMissing(new Set([id]), keep, now);
  };

  const pollMetrics = async (run: Run): Promise<void> => {
    const get = backend.getCurrentMetricData;
    if (get === undefined || queueDefs.length === 0) return;
    for (const Queues of chunks(queueDefs.map((q) => q.id))) {
      // A one-queue request needs no grouping, and then OLDEST_CONTACT_AGE comes back in ms.
      const grouped = Queues.length > 1;
      let token: string | undefined;
      do {
        const NextToken = token;
        const res = await paced(
          metricPacer,
          'GetCurrentMetricData',
          () =>
            get(
              clean({
                InstanceId: options.instanceId,
                Filters: { Queues, Channels: ['VOICE', 'CHAT', 'TASK'] },
                Groupings: grouped ? ['QUEUE'] : undefined,
                CurrentMetrics: METRICS,
                MaxResults: PAGE,
                NextToken,
              }),
              { signal: abort.signal },
            ),
          run,
        );
        if (!isObj(res) || (res.MetricResults !== undefined && !Array.isArray(res.MetricResults))) {
          throw fail(ErrorCode.MalformedEvent, 'GetCurrentMetricData returned no MetricResults.');
        }
        const snapAt = secondsToMs(res.DataSnapshotTime) ?? clock.now();
        for (const r of res.MetricResults ?? []) {
          const q = r?.Dimensions?.Queue;
          const qid = str(q?.Id) ?? (str(q?.Arn) === undefined ? undefined : idOf(q?.Arn as string)) ?? (grouped ? undefined : Queues[0]);
          const v: Record<string, number> = {};
          let bad = qid === undefined || !Array.isArray(r?.Collections);
          for (const c of Array.isArray(r?.Collections) ? r.Collections : []) {
            const value = c?.Value;
            if (typeof value !== 'number' || !(value >= 0) || typeof c?.Metric?.Name !== 'string') bad = true;
            else v[c.Metric.Name] = value;
          }
          if (bad || !stats.has(qid as string)) {
            report('GetCurrentMetricData returned a malformed result or an unrequested queue.', { queueId: qid });
            continue;
          }
          const waiting = v.CONTACTS_IN_QUEUE ?? 0;
          const age = v.OLDEST_CONTACT_AGE ?? 0;
          const ageMs = grouped ? age * 1000 : age;
          const prev = stats.get(qid as string) as QueueStats;
          putStats(
            qid as string,
            { ...prev, waiting, oldestWaitingSince: waiting > 0 && age > 0 ? Math.round(snapAt - ageMs) : null, agentsAvailable: v.AGENTS_AVAILABLE ?? 0 },
            snapAt,
          );
        }
        token = str(res.NextToken);
      } while (token !== undefined);
    }
  };

  const schedule = (startedAt: number): void => {
    if (sink === null) return;
    timer = clock.setTimeout(() => {
      timer = undefined;
      runCycle().catch(() => undefined);
    }, Math.max(0, startedAt + interval - clock.now()));
  };

  const runCycle = (): Promise<void> => {
    if (cycle !== null) return cycle;
    const myGen = gen;
    const started = clock.now();
    const users = backend.getCurrentUserData !== undefined && teams.length > 0;
    const token: Run = { gen: myGen, aborted: false };
    cycle = (async () => {
      try {
        const [found] = await Promise.all([users ? pollUsers(token) : null, pollMetrics(token)]);
        if (myGen !== gen) return;
        if (found !== null) {
          for (const [id, { u, teams: t }] of found) applyUser(id, u, t, started);
          // Whoever a complete poll no longer lists has left: Connect lists only signed-in users.
          for (const id of polled) {
            if (found.has(id) || !agents.has(id)) continue;
            putAgent(id, {}, { state: 'offline', since: started }, started);
            endMissing(new Set([id]), new Set(), started);
          }
          polled = new Set(found.keys());
        }
        flush();
        // A CCP sign-out is not the backend's to clear.
        if (failing !== null && failing.code !== ErrorCode.AuthFailed) {
          failing = null;
          sink?.status('live');
        }
      } catch (err) {
        token.aborted = true;
        if (myGen !== gen) throw fail(ErrorCode.Cancelled, 'Disconnected.');
        flush();
        const e = connectError(err, 'poll');
        if (e.code === ErrorCode.AuthFailed) {
          halted = true;
          stopTimer();
          sink?.status('failed', e);
        } else {
          sink?.error(e);
          if (failing === null) sink?.status('reconnecting', e);
        }
        failing = e;
        throw e;
      } finally {
        cycle = null;
        if (myGen === gen && timer === undefined && !halted) schedule(started);
      }
    })();
    return cycle;
  };

  const stopTimer = (): void => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
  };

  // ---- commands -------------------------------------------------------------------------

  const call = async <T>(operation: string, fn: () => Promise<T>): Promise<T> => {
    await commandPacer.take();
    try {
      return await fn();
    } catch (err) {
      throw connectError(err, operation);
    }
  };

  const streamsCall = (what: string, run: (cb: { success: () => void; failure: (e: string) => void }) => void): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      run({ success: () => resolve(), failure: (e) => reject(fail(ErrorCode.VendorError, `${what} failed: ${e}`, { vendorError: e })) });
    });

  const monitorContact = (sessionId: string): StreamsContact => {
    const s = sessions.get(sessionId);
    const c = self?.getContacts().find((x) => x.contactId === s?.session.interactionId);
    if (s === undefined || s.session.endedAt !== undefined) throw fail(ErrorCode.UnknownEntity, `No live monitoring session ${sessionId}.`);
    if (c === undefined) throw fail(ErrorCode.Conflict, `Monitoring session ${sessionId} has no contact in this CCP.`);
    return c;
  };

  const run = async (cmd: CommandEnvelope): Promise<void> => {
    switch (cmd.type) {
      case 'set-presence': {
        if (!agents.has(cmd.agentId)) throw fail(ErrorCode.UnknownAgent, `Unknown agent ${cmd.agentId}.`, { agentId: cmd.agentId });
        const fits = (name: string, id: string, kind: StatusKind): boolean =>
          cmd.reason !== undefined ? cmd.reason.id === id || cmd.reason.label === name : presenceOf(name, id, kind, presenceMap).state === cmd.state;
        if (cmd.agentId === selfId && self !== undefined) {
          const agent = self;
          const def = agent.getAgentStates().find((d) => kindOf(d.type) !== undefined && fits(d.name, idOf(d.agentStateARN), kindOf(d.type) as StatusKind));
          if (def === undefined) throw fail(ErrorCode.Unsupported, `No agent status of this instance maps to ${cmd.state}.`, { state: cmd.state });
          await streamsCall('setState', (cb) => agent.setState(def, cb));
        } else {
          const put = backend.putUserStatus;
          if (put === undefined) throw fail(ErrorCode.Unsupported, 'Setting another agent’s status needs backend.putUserStatus.');
          const status = [...statusById].find(([id, s]) => fits(s.name, id, s.kind));
          if (status === undefined) throw fail(ErrorCode.Unsupported, `No agent status of this instance maps to ${cmd.state}.`, { state: cmd.state });
          await call('PutUserStatus', () => put({ InstanceId: options.instanceId, UserId: cmd.agentId, AgentStatusId: status[0] }));
        }
        // Accepted only: the presence changes when a later snapshot, poll or record shows it.
        pending.set(cmd.agentId, cmd.state);
        return;
      }
      case 'start-monitoring': {
        const target = live.get(cmd.interactionId);
        if (!agents.has(cmd.agentId)) throw fail(ErrorCode.UnknownAgent, `Unknown agent ${cmd.agentId}.`, { agentId: cmd.agentId });
        if (target === undefined || target.agentId !== cmd.agentId) {
          throw fail(ErrorCode.UnknownInteraction, `Agent ${cmd.agentId} has no live interaction ${cmd.interactionId}.`, { interactionId: cmd.interactionId });
        }
        if (selfId === undefined) throw fail(ErrorCode.NotConnected, 'The supervisor’s Streams agent is not initialised yet.');
        if (active.has(cmd.interactionId)) {
          throw fail(ErrorCode.Conflict, `Already monitoring ${cmd.interactionId}.`);
        }
        const monitor = backend.monitorContact as NonNullable<AmazonConnectBackend['monitorContact']>;
        const supervisor = selfId;
        // Set first: the monitoring contact may reach the CCP before MonitorContact answers.
        wanted.set(cmd.interactionId, { agentId: cmd.agentId, mode: cmd.mode });
        try {
          await call('MonitorContact', () =>
            monitor({
              InstanceId: options.instanceId,
              ContactId: cmd.interactionId,
              UserId: supervisor,
              AllowedMonitorCapabilities: cmd.mode === 'barge' ? ['SILENT_MONITOR', 'BARGE'] : ['SILENT_MONITOR'],
              ClientToken: cmd.key.slice(0, 500),
            }),
          );
        } catch (err) {
          wanted.delete(cmd.interactionId);
          throw err;
        }
        return;
      }
      case 'change-monitoring-mode': {
        const c = monitorContact(cmd.sessionId);
        const update = c.updateMonitorParticipantState;
        if (update === undefined) throw fail(ErrorCode.Unsupported, 'This Streams build cannot change the monitoring mode.');
        await streamsCall('updateMonitorParticipantState', (cb) => update.call(c, cmd.mode === 'barge' ? 'BARGE' : 'SILENT_MONITOR', cb));
        return;
      }
      case 'stop-monitoring': {
        const conn = monitorContact(cmd.sessionId).getAgentConnection();
        if (conn === null) throw fail(ErrorCode.Conflict, `Monitoring session ${cmd.sessionId} has no connection to end.`);
        await streamsCall('destroy', (cb) => conn.destroy(cb));
        return;
      }
      default:
        throw fail(ErrorCode.Unsupported, `Amazon Connect cannot ${cmd.type}.`);
    }
  };

  // ---- the adapter ----------------------------------------------------------------------

  const quietly = (sub: StreamsSubscription): void => {
    try {
      sub.unsubscribe();
    } catch {
      // A Streams that already terminated throws on unsubscribe; nothing is left to stop.
    }
  };

  const teardown = (): void => {
    gen++;
    sink = null;
    out = [];
    for (const sub of subs) quietly(sub);
    subs = [];
    for (const contactId of [...watched.keys()]) unwatch(contactId);
    stopTimer();
    for (const p of pacers) p.cancel();
    abort.abort();
    abort = new AbortController();
  };

  const adapter: AmazonConnectAdapter = {
    id: source,
    capabilities,

    async connect(target) {
      if (typeof options.instanceId !== 'string' || options.instanceId === '') {
        throw fail(ErrorCode.InvalidArgument, 'createAmazonConnectAdapter: instanceId is required.');
      }
      if (streams !== undefined && (typeof streams.agent !== 'function' || typeof streams.AgentEvents?.STATE_CHANGE !== 'string')) {
        throw fail(ErrorCode.InvalidArgument, 'createAmazonConnectAdapter: streams must be the initialised Streams `connect` global.');
      }
      teardown();
      sink = target;
      failing = null;
      halted = false;
      lastAt = Math.max(lastAt, clock.now());
      for (const q of queueDefs) if (!stats.has(q.id)) stats.set(q.id, { waiting: 0, oldestWaitingSince: null, agentsAvailable: 0, offered: 0, answered: 0, abandoned: 0 });
      if (streams !== undefined) {
        const bus = streams.core.getEventBus();
        subs.push(
          streams.agent((agent) => {
            subs.push(agent.onRefresh(readAgent));
            readAgent(agent);
          }),
          // The runtime name is "agent::state_change"; Streams' typings say "state_change".
          bus.subscribe(streams.AgentEvents.STATE_CHANGE, () => {
            if (self !== undefined) readAgent(self);
          }),
          streams.contact(watchContact),
        );
        const auth = streams.core.onAuthFail?.(() => {
          failing = fail(ErrorCode.AuthFailed, 'The CCP session expired or was logged out.');
          sink?.status('failed', failing);
        });
        if (auth !== undefined) subs.push(auth);
      }
      try {
        if (polls) await runCycle();
      } catch (err) {
        teardown();
        throw connectError(err, 'connect');
      }
      target.status('live');
    },

    async snapshot(): Promise<SnapshotEvent> {
      const at = stamp();
      const queues: Queue[] = queueDefs.map((q) => ({
        id: q.id,
        name: q.name,
        channels: q.channels ?? ['voice'],
        stats: stats.get(q.id) ?? { waiting: 0, oldestWaitingSince: null, agentsAvailable: 0, offered: 0, answered: 0, abandoned: 0 },
      }));
      const defs = new Map<PresenceState, { id: string; label: string }[]>();
      for (const [id, s] of statusById) {
        const p = presenceOf(s.name, id, s.kind, presenceMap);
        const list = defs.get(p.state) ?? [];
        if (p.reason !== undefined) list.push(p.reason);
        defs.set(p.state, list);
      }
      const presenceDefinitions: PresenceDefinition[] = [...defs].map(([state, reasons]) => ({ state, reasons }));
      return {
        type: 'snapshot',
        id: `s:${source}:${++snapSeq}:${at}`,
        at,
        source,
        scope: { kind: 'all' },
        teams: teams.map((t) => ({ id: t.id, name: t.name, supervisorIds: t.supervisorIds ?? [] })),
        agents: [...agents.values()],
        queues,
        interactions: [...live.values()],
        monitoring: [...active.values()].map((s) => s.session),
        ...(presenceDefinitions.length > 0 ? { presenceDefinitions } : {}),
      };
    },

    async execute(command) {
      checkCommand(command);
      if (!capabilities.commands.includes(command.type)) throw fail(ErrorCode.Unsupported, `Amazon Connect cannot ${command.type} here.`);
      if ('mode' in command && !capabilities.monitoringModes.includes(command.mode)) {
        throw fail(ErrorCode.Unsupported, `Amazon Connect has no ${command.mode} monitoring.`, { mode: command.mode });
      }
      if (sink === null) throw fail(ErrorCode.NotConnected, `Cannot ${command.type}: not connected.`);
      const again = done.get(command.key);
      if (again !== undefined) return again;
      const p = run(command);
      done.set(command.key, p);
      if (done.size > 256) done.delete(done.keys().next().value as string);
      p.catch(() => done.delete(command.key));
      return p;
    },

    async disconnect() {
      teardown();
    },

    pushAgentEvents,
    refresh: () => (sink === null ? Promise.reject(fail(ErrorCode.NotConnected, 'refresh: not connected.')) : polls ? runCycle() : Promise.resolve()),
    pendingPresence: (agentId) => pending.get(agentId),
    ping: async () => {
      if (sink === null) throw fail(ErrorCode.NotConnected, 'ping: not connected.');
      if (failing !== null) throw failing;
    },
  };
  return adapter;
}
