import {
  checkCommand,
  ErrorCode,
  FloorwalkError,
  importOnce,
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
import type { AmazonConnectBackend } from './backend.js';
import type { CcpSide } from './ccp.js';
import type { Commander } from './commands.js';
import type { ContactObs, Details, Host, Session } from './host.js';
import type { MappedState } from './contact-map.js';
import {
  clean,
  digest,
  idOf,
  kindOf,
  own,
  presenceOf,
  str,
  type Obj,
  type StatusKind,
} from './map.js';
import type { Poller } from './poll.js';
import type { StreamsConnect } from './streams.js';
import type { AgentStatusSummary } from './wire.js';
import { DEV } from '../internal/dev.js';
import { warnUnknownOptions } from '../internal/options.js';

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
  /**
   * Time source for polling and pacing. Defaults to the wall clock. Give one of your own
   * `inOwnTask`, as the wall clock has, or polls may fall up to a minute behind in a hidden tab.
   */
  readonly clock?: Clock;
}

/** The Amazon Connect adapter: an {@link Adapter} plus what only Connect needs. */
export interface AmazonConnectAdapter extends Adapter {
  /**
   * Feeds agent event stream records (the decoded `Data` of Kinesis records, as objects or JSON
   * strings) from the host's consumer. Duplicates map to the same events; a record older than
   * one already applied for the same agent is ignored; malformed ones are reported. The handling
   * loads with a page's first records, which are read at the call and apply once it has loaded;
   * a failed load is reported as `NotConnected`, and the next call tries again (held records first).
   */
  pushAgentEvents(records: readonly unknown[]): void;
  /**
   * Polls now (or joins the poll in flight). Rejects with the poll's error: at once for a refusal
   * or a quota, but a request the backend does not answer (a 5xx, the network) is asked again
   * until the next poll is due, so that rejection can take up to `pollIntervalMs` (more while a
   * request is out, or a `Retry-After` holds).
   */
  refresh(): Promise<void>;
  /**
   * The presence requested for an agent and not yet confirmed: Connect's acceptance of a status
   * change says nothing about when, or whether, it applies (a busy agent's change waits).
   */
  pendingPresence(agentId: string): PresenceState | undefined;
  /**
   * Resolves while the link is sound: connected, the last poll answered and the CCP signed in;
   * otherwise rejects with the error the status carries (with a CCP failure and a backend
   * refusal both held, the one that is the status's reason). It makes no call of its own, since
   * every Connect call spends the account's shared rate.
   */
  ping(): Promise<void>;
}

/** Loads a part of the adapter on first need; a failed load is a typed error, and the next call fetches again (see core's `importOnce`). */
function lazy<T>(load: () => Promise<T>, what: string): () => Promise<T> {
  const get = importOnce(load);
  return () =>
    get().catch((err: unknown) => {
      throw new FloorwalkError(ErrorCode.NotConnected, `The Amazon Connect adapter could not load its ${what}.`, { cause: err });
    });
}

const loadCcp = lazy(() => import('./ccp.js'), 'Streams side');
const loadPoll = lazy(() => import('./poll.js'), 'polling');
const loadCommands = lazy(() => import('./commands.js'), 'commands');
const loadErrors = lazy(() => import('./errors.js'), 'error mapping');
/** Set once loaded, so an adapter created after that applies its first records as they come. */
let aesModule: typeof import('./aes.js') | undefined;
const loadAes = lazy(() => import('./aes.js'), 'agent event record handling');
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
export function createAmazonConnectAdapter(given: AmazonConnectAdapterOptions): AmazonConnectAdapter {
  // Called from JavaScript without options, the checks below say what is missing.
  const options = given ?? ({} as AmazonConnectAdapterOptions);
  if (DEV) {
    const known = {
      instanceId: true, id: true, streams: true, backend: true, teams: true, queues: true, agentStatuses: true, presenceMap: true,
      agentNames: true, userId: true, pollIntervalMs: true, rates: true, clock: true,
    } satisfies Record<keyof AmazonConnectAdapterOptions, true>;
    warnUnknownOptions('createAmazonConnectAdapter', options, known);
  }
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
    // Streams keeps monitor state on voice and chat connections; tasks and emails are refused.
    ...(monitoring && { monitoringChannels: { listen: ['voice', 'chat'], barge: ['voice', 'chat'] } }),
    // Silent monitoring is in no one's snapshot but the supervisor's: agents hear of it through a backplane.
    agentSeesMonitoring: false,
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
  /** The error the link's last status carried: ping() answers with it, so the two never disagree. */
  let shown: FloorwalkError | undefined;
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
  const unknownNames = new Set<string>();
  const done = new Map<string, Promise<void>>();
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

  /** Applies records once their handling has loaded (aes.ts, with the first records pushed). */
  let aes: ((records: unknown) => void) | undefined;
  /** Batches pushed before it loaded, in order; kept over a failed load for the next push's retry. */
  const held: unknown[] = [];
  let loading = false;
  const pushAgentEvents = (records: readonly unknown[]): void => {
    if (sink === null) return;
    if (held.length === 0 && (aes ??= aesModule?.createAgentEvents(host)) !== undefined) return aes(records);
    // Read now, as the loaded handling does: the host may reuse its objects once the call returns.
    // What cannot be copied is kept as given, and read (and reported) by the handling.
    let batch: unknown = records;
    try {
      batch = (Array.isArray(records) ? records : [records]).map((r: unknown) => (typeof r === 'string' ? r : (JSON.stringify(r) ?? r)));
    } catch {}
    // Bounded while loads keep failing (each failure is reported): the oldest batches go first.
    if (held.push(batch) > 64) held.shift();
    if (loading) return;
    loading = true;
    loadAes().then(
      (m) => {
        loading = false;
        aes ??= (aesModule = m).createAgentEvents(host);
        for (const b of held.splice(0)) aes(b);
      },
      (err: FloorwalkError) => {
        loading = false;
        sink?.error(err);
      },
    );
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
    ccpDown: null,
    skew: 0,
    takeSkew: (reading, stepMs) => {
      if (Number.isFinite(reading) && Math.abs(reading - host.skew) > stepMs) host.skew = reading;
    },
    fromConnect: (ms) => (ms === undefined ? undefined : ms - host.skew),
    gen: () => gen,
    sink: () => sink,
    calls: new AbortController(),
    fail,
    report,
    emit,
    out: () => out,
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
    kit: { clean, idOf, kindOf, own, presenceOf, str },
  };

  const teardown = (): void => {
    gen++;
    sink = null;
    out = [];
    ccp?.close();
    poller?.close();
    commander?.cancel();
    // With a reason: a call out may have been applied, so its command is to be sent again, not dropped.
    host.calls.abort(fail(ErrorCode.NotConnected, 'Disconnected.'));
    host.calls = new AbortController();
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
      shown = undefined;
      // Which of two held failures is the status's reason depends on their order (ccp.ts, poll.ts):
      // the reason is taken as it is given, not worked out again from what is held. One cleared
      // while the other stays the reason changes nothing, and a status is told only on a change.
      let said: string | undefined;
      const s: AdapterSink = (sink = {
        events: (batch) => target.events(batch),
        error: (e) => target.error(e),
        status: (next, reason) => {
          if (next !== said || reason !== shown) target.status((said = next), (shown = reason));
        },
      });
      host.failing = null;
      lastAt = Math.max(lastAt, clock.now());
      for (const q of queueDefs) if (!stats.has(q.id)) stats.set(q.id, { waiting: 0, oldestWaitingSince: null, agentsAvailable: 0, offered: 0, answered: 0, abandoned: 0 });
      const g = gen;
      try {
        const [c, p] = await Promise.all([streams === undefined ? undefined : loadCcp(), polls ? loadPoll() : undefined]);
        // A disconnect (or a newer connect) while the parts loaded: this one is over, and not its to tear down.
        if (g !== gen) throw fail(ErrorCode.Cancelled, 'Disconnected.');
        // The CCP's wait for its agent (see ccp.ts) and the first poll go side by side.
        const polled = p && (poller ??= p.createPoller(host)).cycle();
        await Promise.all([
          c && (ccp ??= c.createCcpSide(host, streams as StreamsConnect)).subscribe(),
          // A refusal with a CCP is held as a CCP failure is (the poll reported `failed` with it):
          // the link stands, so the CCP's sign-in, which may renew the host's session too, is heard
          // and asks the backend again (poll.ts retryAuth). Without a CCP only the host can renew
          // it, and its renewAuth reconnects, so connect() rejects.
          c ? polled?.catch((e: unknown) => {
            if (!(e instanceof FloorwalkError && e.code === ErrorCode.AuthFailed)) throw e;
          }) : polled,
        ]);
      } catch (err) {
        if (g === gen) teardown();
        // The parts type what they throw; what none typed (a host object that threw) is mapped here.
        throw err instanceof FloorwalkError ? err : await loadErrors().then((m) => m.connectError(err, 'connect'), (e: unknown) => e);
      }
      // A CCP failed (held from an earlier link, or failed since this connect() began), or the
      // backend refusing with a CCP in use, said so already.
      if (host.ccpDown === null && host.failing === null) s.status('live');
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
      if (shown !== undefined) throw shown;
    },
  };
  return adapter;
}
