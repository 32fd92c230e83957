import {
  CHANNELS,
  ErrorCode,
  MONITORING_MODES,
  FloorwalkError,
  importOnce,
  checkCommand,
  isFloorwalkError,
  systemClock,
  type Adapter,
  type AdapterSink,
  type Agent,
  type Clock,
  type CommandType,
  type ErrorCodeValue,
  type FloorwalkEvent,
  type Interaction,
  type MonitoringSession,
  type Presence,
  type PresenceDefinition,
  type PresenceState,
  type SnapshotEvent,
  type Team,
} from '@floorwalk/core';
import { DEFAULT_ACTIVITY_STATES, attrs, callback, channelOf, details, isObj, own, plain, rank, reservationStatus, str, time, toInteraction, type Obj, type Res, type Wk } from './mapping.js';
import { createSkew } from '../internal/skew.js';
import type { AgentSide } from './agent.js';
import type { QueueSide } from './queues.js';
import type { Host } from './host.js';
import type { TeamSide } from './team.js';
import type { TwilioEventCallback, TwilioSyncClient, TwilioWorker } from './types.js';
import { DEV } from '../internal/dev.js';
import { warnUnknownOptions } from '../internal/options.js';

/** An activity of the workspace, for mapping before the Worker is ready or without one. */
export interface TwilioActivityInfo {
  /** `WA…` SID. */
  readonly sid: string;
  /** Friendly name. */
  readonly name: string;
  /** Whether work is routed in it; decides presence for a name the map does not know. */
  readonly available?: boolean;
}

/** Options of {@link createTwilioAdapter}. Give a `worker`, a `sync` client, or both. */
export interface TwilioAdapterOptions {
  /** Adapter id, the `source` of every event. Default `twilio`. */
  readonly id?: string;
  /**
   * Agent side: the host's TaskRouter `Worker` (Flex: the `Supervisor`), already constructed
   * with its token. The host keeps owning it; `disconnect()` only stops listening.
   */
  readonly worker?: TwilioWorker;
  /** Team side: the host's twilio-sync client (Flex: `manager.insightsClient`). */
  readonly sync?: TwilioSyncClient;
  /** Watch these workers: split into `data.worker_sid in [...]` queries of 25 (Sync caps arrays below 30). */
  readonly workerSids?: readonly string[];
  /** Watch these teams: `data.team_sid in [...]` queries of up to 25, halved while a result fills `maxQueryItems`. */
  readonly teamSids?: readonly string[];
  /**
   * Team names by team id (the `TM…` SID, or the `team_name` of a worker with no `team_sid`), for a
   * host that reads the Flex Teams API's FriendlyName on its server. Over each worker's
   * `attributes.team_name`, which is over the SID itself.
   */
  readonly teamNames?: Readonly<Record<string, string>>;
  /** Watch workers matching these `tr-worker` expressions, one live query each. Default: one query for every worker. */
  readonly workerQueries?: readonly string[];
  /** Which `tr-reservation` items are live; Flex's own Teams View filter by default. */
  readonly reservationFilter?: string;
  /** A result this large may have been cut short by Sync. Default 200. */
  readonly maxQueryItems?: number;
  /** Live queries opened per second per index; Sync allows 20 per client identity. Default 10. */
  readonly queriesPerSecond?: number;
  /** Activities known up front (team side without a Worker). The Worker's own list is added on `ready`. */
  readonly activities?: readonly TwilioActivityInfo[];
  /** Presence per activity name or SID, over the defaults (Available, Offline, Unavailable, Break, Lunch, …). */
  readonly activityStates?: Readonly<Record<string, PresenceState>>;
  /**
   * The host's backend, which holds the account credentials: `POST {backendUrl}/participant`
   * (monitor, coach, barge) and `POST {backendUrl}/worker-activity` (supervisor set-activity
   * when the worker is no `Supervisor`). See the README for the bodies.
   */
  readonly backendUrl?: string;
  /** A fresh Flex token: sent to the backend as `Token`, and given to the Worker when its token expires. */
  readonly getToken?: () => string | Promise<string>;
  /**
   * Every how many ms to poll `GET {backendUrl}/queues` for TaskQueue statistics while connected
   * (at least 1,000). Default 10,000 with a `sync` client and a `backendUrl`; without `sync` (an
   * agent's page) none unless given; 0 for none. One that is no interval (negative, NaN, Infinity, 2^31 ms or
   * more) is an `InvalidArgument` error at connect() and the default is used.
   */
  readonly queuePollMs?: number;
  /** `fetch` to call the backend with. Default: the global one. */
  readonly fetch?: typeof fetch;
  /** Source of randomness in [0, 1) for the jitter of the adapter's own retries (live queries Sync gave up on); seeded in tests. Default `Math.random`. */
  readonly random?: () => number;
  /** How long `connect()` waits for a Worker's first `ready`. Default 30 s. */
  readonly readyTimeoutMs?: number;
  /** Time for pacing, timeouts and synthesised events; tests pass a manual clock. Default the wall clock. */
  readonly clock?: Clock;
}

/** The Twilio adapter: an {@link Adapter} plus the entry points a host's relay and token refresh need. */
export interface TwilioAdapter extends Adapter {
  /**
   * Feeds one TaskRouter event callback the host's backend received and relayed (form body as
   * a string, `URLSearchParams` or object). Callbacks may arrive out of order; older news is
   * dropped. A malformed one is reported through the sink.
   */
  ingestEventCallback(body: TwilioEventCallback): void;
  /**
   * Hands the Worker a new token after `tokenExpired`, when the host did not give `getToken`. The
   * team side takes it as word of Sync's new token too (one Flex token serves both): live queries
   * Sync refused with 401 are asked again, once.
   */
  updateToken(token: string): void;
}

// FloorwalkError takes an undefined cause or details as none.
const fail = (code: ErrorCodeValue, message: string, details?: Obj, cause?: unknown): FloorwalkError => new FloorwalkError(code, message, { details, cause });

/** Loads a part of the adapter on first need; a failed load is a typed error, and the next call fetches again (see core's `importOnce`). */
function lazy<T>(load: () => Promise<T>, what: string): () => Promise<T> {
  const get = importOnce(load);
  return () =>
    get().catch((err: unknown) => {
      throw fail(ErrorCode.NotConnected, `The Twilio adapter could not load its ${what}.`, undefined, err);
    });
}

const loadAgent = lazy(() => import('./agent.js'), 'agent side');
const loadTeam = lazy(() => import('./team.js'), 'team side');
const loadCommands = lazy(() => import('./commands.js'), 'commands');
let cmds: typeof import('./commands.js') | undefined;

/** A short stable fingerprint of an agent's details, so an attribute change gets a new event id. */
function hash(a: Agent): string {
  const s = JSON.stringify([a.name, a.teamIds, a.queueIds, a.avatarUrl]);
  let h = 5381;
  for (let i = 0; i < s.length; i++) h = (h * 33) ^ s.charCodeAt(i);
  return (h >>> 0).toString(36);
}

export interface AgentRec {
  agent: Agent;
  activity: string;
  /** Vendor time of the newest report applied, so an older one arriving late changes nothing. */
  v: number;
}

export interface ResRec {
  i: Interaction;
  r: Res;
}

/**
 * Creates the Twilio Flex / TaskRouter adapter. The agent side listens to the host's TaskRouter
 * `Worker`; the team side reads Sync live queries on `tr-worker` and `tr-reservation` (or the
 * host relays TaskRouter event callbacks to {@link TwilioAdapter.ingestEventCallback}). No Twilio
 * SDK is imported: the host passes its own objects.
 *
 * @example
 * ```ts
 * import { Worker } from 'twilio-taskrouter';
 * import { createFloorwalk } from '@floorwalk/core';
 * import { createTwilioAdapter } from '@floorwalk/adapters/twilio';
 *
 * const worker = new Worker(flexToken);
 * const adapter = createTwilioAdapter({
 *   worker,
 *   sync: manager.insightsClient, // Teams View data, for supervisors
 *   teamSids: ['TM...'],
 *   backendUrl: '/api/floorwalk', // holds the Twilio credentials for coach and barge
 *   getToken: () => fetchFlexToken(),
 * });
 * const client = createFloorwalk({ adapter, session: { userId: worker.sid, role: 'supervisor', teamIds: 'all' } });
 * await client.connect();
 * ```
 */
export function createTwilioAdapter(given: TwilioAdapterOptions): TwilioAdapter {
  // Called from JavaScript without options, the checks below say what is missing.
  const options = given ?? ({} as TwilioAdapterOptions);
  if (DEV) {
    const known = {
      id: true, worker: true, sync: true, workerSids: true, teamSids: true, teamNames: true, workerQueries: true, reservationFilter: true, maxQueryItems: true,
      queriesPerSecond: true, activities: true, activityStates: true, backendUrl: true, getToken: true, fetch: true, readyTimeoutMs: true, clock: true, random: true, queuePollMs: true,
    } satisfies Record<keyof TwilioAdapterOptions, true>;
    warnUnknownOptions('createTwilioAdapter', options, known);
  }
  const { worker, sync, backendUrl } = options;
  const id = options.id ?? 'twilio';
  const clock = options.clock ?? systemClock;
  const commands: CommandType[] = [];
  if (worker !== undefined || backendUrl !== undefined) commands.push('set-presence');
  if (backendUrl !== undefined) commands.push('start-monitoring', 'change-monitoring-mode', 'stop-monitoring');

  let sink: AdapterSink | undefined;
  let gen = 0;
  /** Ends the wait for a Worker that is not ready yet, when the page disconnects first. */
  let abandon: (() => void) | undefined;
  let snapshots = 0;
  const agents = new Map<string, AgentRec>();
  const reservations = new Map<string, ResRec>();
  const sessions = new Map<string, MonitoringSession>();
  /** Activities by SID and by name. */
  const catalogue = new Map<string, { sid: string; name: string; state: PresenceState }>();
  const queueSids = new Map<string, string>();
  /** Teams by id, as the team side last named them. */
  const teams = new Map<string, Team>();
  const unknownActivities = new Set<string>();
  const done = new Map<string, Promise<void>>();
  let agentSide: AgentSide | undefined;
  let teamSide: TeamSide | undefined;
  let queueSide: QueueSide | undefined;

  const report = (code: ErrorCodeValue, message: string, details?: Obj): void => sink?.error(fail(code, message, details));
  const malformed = (problem: string, details?: Obj): void => report(ErrorCode.MalformedEvent, problem, details);

  // Everything held stays on Twilio's clock, so ordering (here and the store's, by `at`) is never
  // disturbed by the estimate moving; the times shown are put on the page's clock on the way out.
  const skew = createSkew(() => clock.now());
  const TIMES = /^(since|(created|offered|connected|held|wrapUp|ended|started)At)$/;
  // Through an event to what it carries (a presence, an agent and its presence, an interaction, a
  // session); a queue's times are the page's already, and its `stats` are not gone through.
  const page = <T extends object>(o: T): T =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, TIMES.test(k) ? v + skew.off : /^(presence|agent|interaction|session)$/.test(k) ? page(v) : v])) as T;
  const deliver = (batch: FloorwalkEvent[]): void => {
    if (sink !== undefined && batch.length > 0) sink.events(batch.map(page));
  };
  let restated = 0;
  /** A live report's server time of change; when the estimate moves, every held time is shown again on the new one. */
  const sample = (ms: number | undefined): void => {
    if (!skew.sample(ms)) return;
    const n = ++restated;
    deliver([
      ...[...agents].map(([sid, r]): FloorwalkEvent => ({ type: 'presence', id: `k:${sid}:${n}`, at: r.agent.presence.since, source: id, agentId: sid, presence: r.agent.presence })),
      ...[...reservations.values()].filter((r) => r.i.state !== 'ended').map((r): FloorwalkEvent => ({ type: 'interaction', id: `k:${r.r.sid}:${n}`, at: r.r.at, source: id, interaction: r.i })),
    ]);
  };
  /** Vendor callbacks run inside this: nothing they do may throw into the SDK's emitter. */
  const guard =
    <A extends unknown[]>(g: number, fn: (...args: A) => void) =>
    (...args: A): void => {
      if (g !== gen) return;
      try {
        fn(...args);
      } catch (err) {
        sink?.error(isFloorwalkError(err) ? err : fail(ErrorCode.Internal, `Twilio adapter failed on a vendor event: ${String(err)}`, undefined, err));
      }
    };

  const learn = (sid: string | undefined, name: string, available?: boolean): PresenceState | undefined => {
    // No entry is keyed undefined (see the sets below), so an unknown SID finds none.
    const known = catalogue.get(sid as string) ?? catalogue.get(name);
    const states = options.activityStates ?? {};
    // Own keys only (see `own`): an admin may name an activity `constructor`.
    const state =
      own(states, sid) ??
      own(states, name) ??
      own(DEFAULT_ACTIVITY_STATES, name.toLowerCase()) ??
      (available === undefined ? known?.state : available ? 'available' : 'away');
    if (state !== undefined && sid !== undefined) {
      const entry = { sid, name, state };
      catalogue.set(sid, entry);
      catalogue.set(name, entry);
    }
    return state;
  };
  for (const a of options.activities ?? []) learn(a.sid, a.name, a.available ?? false);

  /** Presence of an activity. An activity neither known nor mapped is reported once and shown as away. */
  const presenceOf = (w: Wk): Presence => {
    const name = w.activityName as string;
    let state = learn(w.activitySid, name);
    if (state === undefined) {
      state = 'away';
      const key = w.activitySid ?? name;
      if (!unknownActivities.has(key)) {
        unknownActivities.add(key);
        malformed(`Unknown TaskRouter activity ${name}, shown as away: map it with activityStates.`, {
          kind: 'unknown-activity',
          activitySid: w.activitySid,
          activityName: name,
        });
      }
    }
    const reason = state === 'available' || state === 'offline' ? undefined : { id: w.activitySid ?? name, label: name };
    return { state, since: w.since as number, ...(reason && { reason }) };
  };

  /** Applies a worker report; returns the events it gives. Older presence than held is dropped. */
  const onWorker = (w: Wk, activity: boolean): FloorwalkEvent[] => {
    const rec = agents.get(w.sid);
    const out: FloorwalkEvent[] = [];
    const withActivity = w.activityName !== undefined && (activity || rec === undefined || (w.activitySid ?? w.activityName) !== rec.activity);
    if (rec === undefined ? w.activityName === undefined : w.updated !== undefined && w.updated < rec.v) return out;
    const presence = withActivity ? presenceOf(w) : undefined;
    const prev = rec?.agent;
    const agent: Agent = {
      id: w.sid,
      name: w.name ?? prev?.name ?? w.sid,
      // Only Sync items carry team_sid: beside Sync, a Worker's or a callback's team_name names teams only for an agent not yet known.
      teamIds: w.teamIds ?? (sync && prev ? prev.teamIds : (w.teamHint ?? prev?.teamIds)) ?? [],
      queueIds: w.queueIds ?? prev?.queueIds ?? [],
      presence: prev?.presence ?? (presence as Presence),
      ...((w.avatarUrl ?? prev?.avatarUrl) !== undefined && { avatarUrl: w.avatarUrl ?? prev?.avatarUrl }),
      ...(prev?.notResponding !== undefined && { notResponding: prev.notResponding }),
    };
    const key = hash(agent);
    const changed = prev === undefined || key !== hash(prev);
    const at = w.updated ?? w.since ?? clock.now();
    const next: AgentRec = { agent, activity: rec?.activity ?? '', v: Math.max(at, rec?.v ?? 0) };
    agents.set(w.sid, next);
    if (presence !== undefined && (prev === undefined || presence.since >= prev.presence.since)) {
      next.activity = w.activitySid ?? (w.activityName as string);
      const fresh = prev === undefined || presence.since > prev.presence.since || presence.state !== prev.presence.state;
      next.agent = { ...agent, presence };
      if (prev !== undefined && (fresh || !changed)) {
        out.push({ type: 'presence', id: `p:${w.sid}:${next.activity}:${presence.since}`, at: presence.since, source: id, agentId: w.sid, presence });
      }
      if (fresh && prev?.notResponding === true) {
        next.agent = { ...next.agent, notResponding: false };
        out.push({ type: 'not-responding', id: `nr:${w.sid}:${presence.since}`, at: presence.since, source: id, agentId: w.sid, notResponding: false });
      }
    }
    if (changed) out.unshift({ type: 'agent', id: `a:${w.sid}:${at}:${key}`, at, source: id, agent: next.agent });
    return out;
  };

  /** Applies a reservation report. A status earlier in the lifecycle than the one held is old news. */
  const onRes = (r: Res): FloorwalkEvent[] => {
    const prev = reservations.get(r.sid);
    if (prev !== undefined && (rank(r.status) < rank(prev.r.status) || (rank(r.status) === rank(prev.r.status) && r.at < prev.r.at))) return [];
    if (r.queueSid !== undefined && r.queueName !== undefined) queueSids.set(r.queueName, r.queueSid);
    // queueSids never holds an undefined key, so a report without a name finds nothing.
    const queueId = r.queueSid ?? queueSids.get(r.queueName as string);
    const i = toInteraction(r, prev?.i, queueId);
    // An ended one (endedAt) is kept only to order late reports: not its task's attributes, kilobytes on Flex.
    reservations.set(r.sid, { i, r: i.endedAt ? { ...r, attrs: {} } : r });
    const out: FloorwalkEvent[] = [{ type: 'interaction', id: `r:${r.sid}:${r.status}`, at: r.at, source: id, interaction: i }];
    const rec = agents.get(r.workerSid);
    if (r.status === 'timeout' && rec !== undefined) {
      rec.agent = { ...rec.agent, notResponding: true };
      out.push({ type: 'not-responding', id: `nr:${r.sid}`, at: r.at, source: id, agentId: r.workerSid, notResponding: true });
    }
    // Wrap-up begins when the call leaves the conference: there is nothing left to monitor.
    // Sessions exist only once the commands are loaded (they add them): none to end before.
    if (i.state === 'wrap-up' || i.state === 'ended') out.push(...(cmds?.end(host, r.sid, r.at) ?? []));
    if (i.state === 'ended') {
      // Ended reservations are kept only to order late reports; the oldest go first.
      if (reservations.size > 5000) {
        for (const [sid, rr] of reservations) {
          if (rr.i.state === 'ended') {
            reservations.delete(sid);
            break;
          }
        }
      }
    }
    return out;
  };

  /** A reservation that left the live set without saying how: ended, completed if it was taken. */
  const gone = (sid: string): FloorwalkEvent[] => {
    const prev = reservations.get(sid);
    if (prev === undefined || prev.i.state === 'ended') return [];
    return onRes({ ...prev.r, status: prev.i.connectedAt === undefined ? 'gone' : 'completed', at: Math.max(clock.now() - skew.off, prev.r.at) });
  };

  const host: Host = {
    options,
    id,
    clock,
    agents,
    reservations,
    sessions,
    catalogue,
    queueSids,
    teams,
    gen: () => gen,
    sink: () => sink,
    fail,
    report,
    malformed,
    deliver,
    guard,
    learn,
    onWorker,
    onRes,
    gone,
    sample,
    kit: { attrs, channelOf, details, isObj, plain, reservationStatus, str, time },
  };

  return {
    id,
    // The supervisor's conference leg reaches no worker's client: agents hear of it through a backplane.
    // Declared as every mode on voice only (the default), so the conformance suite holds us to it.
    capabilities: { channels: CHANNELS, commands, monitoringModes: backendUrl === undefined ? [] : MONITORING_MODES, monitoringChannels: {}, agentSeesMonitoring: false },
    ...(options.clock && { clock }),

    async connect(s) {
      const g = ++gen;
      sink = s;
      // Beside the connection, not in its way: a board shows agents before its queues. The poller
      // comes with the team side's part, which a board loads anyway.
      if (backendUrl && (sync ? options.queuePollMs !== 0 : options.queuePollMs)) {
        loadTeam().then((m) => g === gen && (queueSide ??= m.createQueueSide(host)).open(g), (e) => sink?.error(e));
      }
      let readyWait: Promise<void> | undefined;
      if (worker !== undefined) {
        const readyMs = options.readyTimeoutMs ?? 30_000;
        readyWait = new Promise<void>((resolve, reject) => {
          let settled = false;
          const settle = (err?: unknown): void => {
            if (settled) return;
            settled = true;
            clock.clearTimeout(timer);
            if (err === undefined) resolve();
            else reject(err);
          };
          const timer = clock.setTimeout(() => settle(fail(ErrorCode.NotConnected, 'The TaskRouter Worker was not ready in time.', { readyTimeoutMs: readyMs })), readyMs);
          abandon = () => settle(fail(ErrorCode.Cancelled, 'Disconnected before the TaskRouter Worker was ready.'));
          // The timer runs while the agent side loads; a connect that timed out or was superseded meanwhile listens to nothing.
          loadAgent().then((m) => {
            if (settled || g !== gen) return;
            const side = (agentSide ??= m.createAgentSide(host, worker));
            side.listen(g, settle);
            // A Worker that is already ready emits no `ready` for us: read it now.
            if (worker.activity !== undefined) guard(g, () => (side.resync(g), settle()))();
          }, settle);
        });
        // Awaited only once the team side is open, or never if that fails: not an unhandled rejection meanwhile.
        readyWait.catch(() => undefined);
      }
      try {
        if (sync !== undefined) {
          const m = await loadTeam();
          await (teamSide ??= m.createTeamSide(host, sync)).open(g);
        }
        await readyWait;
      } catch (err) {
        // A rejected connect leaves nothing behind: a side still loading finds its connection gone,
        // and the next connect watches the Worker's reservations afresh.
        if (g === gen) {
          gen++;
          agentSide?.close();
          teamSide?.close();
        }
        throw err;
      }
    },

    async snapshot(): Promise<SnapshotEvent> {
      const defs = new Map<PresenceState, PresenceDefinition>();
      for (const a of new Set(catalogue.values())) {
        const d = defs.get(a.state) ?? { state: a.state, reasons: [] };
        if (a.state !== 'available' && a.state !== 'offline') (d.reasons as { id: string; label: string }[]).push({ id: a.sid, label: a.name });
        defs.set(a.state, d);
      }
      const list = [...agents.values()].map((r) => r.agent);
      const live = [...reservations.values()].filter((r) => r.i.state !== 'ended');
      // Twilio times have one-second resolution and a clock of their own, so a snapshot stamped
      // with our now could outrank the next real change. Stamped with its oldest entity's time,
      // every later change wins in the store; older news is dropped here, entity by entity.
      let at = clock.now();
      for (const a of list) at = Math.min(at, a.presence.since);
      for (const r of live) at = Math.min(at, r.r.at);
      return {
        type: 'snapshot',
        id: `s:${at}:${++snapshots}`,
        at,
        source: id,
        scope: { kind: 'all' },
        // Only the team side names teams: without it a list, even empty, would clear the store's.
        teams: sync && [...teams.values()],
        queues: queueSide?.list(),
        agents: list.map(page),
        interactions: live.map((r) => page(r.i)),
        monitoring: [...sessions.values()].filter((m) => m.endedAt === undefined).map(page),
        presenceDefinitions: [...defs.values()],
      };
    },

    async execute(command) {
      checkCommand(command);
      if (!commands.includes(command.type)) throw fail(ErrorCode.Unsupported, `The Twilio adapter cannot ${command.type} with these options.`);
      const prior = done.get(command.key);
      if (prior !== undefined) return prior;
      const p = loadCommands().then((m) => (cmds = m).run(host, command));
      done.set(command.key, p);
      if (done.size > 500) done.delete(done.keys().next().value as string);
      p.catch(() => done.delete(command.key));
      return p;
    },

    async disconnect() {
      gen++;
      sink = undefined;
      abandon?.();
      agentSide?.close();
      teamSide?.close();
      queueSide?.close();
      agents.clear();
      reservations.clear();
      sessions.clear();
    },

    ingestEventCallback(body) {
      if (sink === undefined) return;
      guard(gen, () => {
        let p: unknown;
        try {
          p = typeof body === 'string' || body instanceof URLSearchParams ? Object.fromEntries(new URLSearchParams(body)) : plain(body);
        } catch {
          p = undefined; // a host object that throws when read (a revoked proxy)
        }
        if (!isObj(p)) return malformed('event callback body is not an object of fields');
        const cb = callback(p);
        if (typeof cb === 'string') return malformed(cb, { eventType: p.EventType, sid: p.Sid });
        if (cb.kind === 'ignored') return;
        if (cb.kind === 'removed') {
          if (agents.delete(cb.sid)) deliver([{ type: 'agent-removed', id: `x:${cb.sid}:${cb.at}`, at: cb.at, source: id, agentId: cb.sid }]);
          return;
        }
        sample(cb.worker.updated);
        const out = onWorker(cb.worker, cb.kind === 'worker' && cb.activity);
        if (cb.kind === 'reservation') out.push(...onRes(cb.res));
        deliver(out);
      })();
    },

    updateToken(token) {
      worker?.updateToken(token);
      agentSide?.updated();
      // A Flex token given here is Sync's too. Without a Worker no `tokenUpdated` tells the team
      // side; with one, it heard already, and a second word finds nothing left to ask.
      host.renewed?.();
      host.requeue?.();
    },
  };
}
