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
  type CommandType,
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
import type { CcpSide } from './ccp.js';
import type { Commander } from './commands.js';
import type { ContactObs, Details, Host, Session } from './host.js';
import {
  CHANNEL_MAP,
  CONTACT_STATE_MAP,
  clean,
  digest,
  directionOf,
  idOf,
  isObj,
  isoToMs,
  kindOf,
  own,
  presenceOf,
  str,
  userIdOf,
  type MappedState,
  type Obj,
  type StatusKind,
} from './map.js';
import type { Poller } from './poll.js';
import type { StreamsConnect } from './streams.js';
import type { AgentEventContact, AgentEventSnapshot, AgentStatusSummary } from './wire.js';

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

const AES_TYPES = new Set(['LOGIN', 'LOGOUT', 'STATE_CHANGE', 'HEART_BEAT']);

/** Loads a part of the adapter on first need; a failed load is a typed error, and the next call tries again. */
function lazy<T>(load: () => Promise<T>, what: string): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () =>
    (p ??= load().catch((err: unknown) => {
      p = undefined;
      throw new FloorwalkError(ErrorCode.NotConnected, `The Amazon Connect adapter could not load its ${what}.`, { cause: err });
    }));
}

const loadCcp = lazy(() => import('./ccp.js'), 'Streams side');
const loadPoll = lazy(() => import('./poll.js'), 'polling');
const loadCommands = lazy(() => import('./commands.js'), 'commands');
const RANK: Readonly<Record<Interaction['state'], number>> = { queued: 0, offered: 0, connected: 1, held: 1, 'wrap-up': 2, ended: 3 };

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
  let abort = new AbortController();
  let ccp: CcpSide | undefined;
  let poller: Poller | undefined;
  let commander: Commander | undefined;
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

  // ---- the adapter ----------------------------------------------------------------------

  const host: Host = {
    options,
    source,
    clock,
    backend,
    teams,
    queueDefs,
    presenceMap,
    statusById,
    agents,
    live,
    stats,
    sessions,
    active,
    wanted,
    pending,
    self: undefined,
    selfId: options.userId,
    failing: null,
    gen: () => gen,
    sink: () => sink,
    signal: () => abort.signal,
    fail,
    report,
    emit,
    flush,
    stamp,
    eid,
    learnStatus,
    resolveStatus,
    teamsOf,
    putAgent,
    putNotResponding,
    putContact,
    endMissing,
    endOne,
    putStats,
    putSession,
    kit: { CHANNEL_MAP, CONTACT_STATE_MAP, clean, directionOf, idOf, isObj, kindOf, own, presenceOf, str, userIdOf, connectError },
  };

  const teardown = (): void => {
    gen++;
    sink = null;
    out = [];
    ccp?.close();
    poller?.close();
    commander?.cancel();
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
      host.failing = null;
      lastAt = Math.max(lastAt, clock.now());
      for (const q of queueDefs) if (!stats.has(q.id)) stats.set(q.id, { waiting: 0, oldestWaitingSince: null, agentsAvailable: 0, offered: 0, answered: 0, abandoned: 0 });
      const g = gen;
      try {
        const [c, p] = await Promise.all([streams === undefined ? undefined : loadCcp(), polls ? loadPoll() : undefined]);
        // A disconnect (or a newer connect) while the parts loaded: this one is over, and not its to tear down.
        if (g !== gen) throw fail(ErrorCode.Cancelled, 'Disconnected.');
        if (c !== undefined) (ccp ??= c.createCcpSide(host, streams as StreamsConnect)).subscribe();
        if (p !== undefined) await (poller ??= p.createPoller(host)).cycle();
      } catch (err) {
        if (g === gen) teardown();
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
      const p = loadCommands().then((m) => (commander ??= m.createCommander(host)).run(command));
      done.set(command.key, p);
      if (done.size > 256) done.delete(done.keys().next().value as string);
      p.catch(() => done.delete(command.key));
      return p;
    },

    async disconnect() {
      teardown();
    },

    pushAgentEvents,
    refresh: () =>
      sink === null
        ? Promise.reject(fail(ErrorCode.NotConnected, 'refresh: not connected.'))
        : polls
          ? loadPoll().then((p) => (poller ??= p.createPoller(host)).cycle())
          : Promise.resolve(),
    pendingPresence: (agentId) => pending.get(agentId),
    ping: async () => {
      if (sink === null) throw fail(ErrorCode.NotConnected, 'ping: not connected.');
      if (host.failing !== null) throw host.failing;
    },
  };
  return adapter;
}
