import {
  CHANNELS,
  ErrorCode,
  FloorwalkError,
  checkCommand,
  isFloorwalkError,
  systemClock,
  type Adapter,
  type AdapterSink,
  type Agent,
  type Clock,
  type CommandEnvelope,
  type CommandType,
  type ErrorCodeValue,
  type FloorwalkEvent,
  type Interaction,
  type MonitoringMode,
  type MonitoringSession,
  type Presence,
  type PresenceDefinition,
  type PresenceState,
  type SnapshotEvent,
} from '@floorwalk/core';
import {
  DEFAULT_ACTIVITY_STATES,
  attrs,
  callback,
  fromReservation,
  fromWorker,
  isObj,
  plain,
  rank,
  reservationItem,
  time,
  toInteraction,
  workerItem,
  type Obj,
  type Res,
  type Wk,
} from './mapping.js';
import { fail, vendorError } from './errors.js';
import type { CommandHost } from './commands.js';
import type {
  TwilioEventCallback,
  TwilioListener,
  TwilioLiveQuery,
  TwilioLiveQueryItem,
  TwilioReservation,
  TwilioSyncClient,
  TwilioWorker,
} from './types.js';

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
  /** `fetch` to call the backend with. Default: the global one. */
  readonly fetch?: typeof fetch;
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
  /** Hands the Worker a new token after `tokenExpired`, when the host did not give `getToken`. */
  updateToken(token: string): void;
}

const RESERVATION_EVENTS = ['accepted', 'rejected', 'timeout', 'canceled', 'rescinded', 'completed', 'wrapup'] as const;
const MODES = ['listen', 'whisper', 'barge'] as const satisfies readonly MonitoringMode[];
const FLEX_TASK_FILTER = 'data.status not_in ["completed", "canceled", "rescinded", "rejected", "timeout"]';
const CHUNK = 25;

/** A short stable fingerprint of an agent's details, so an attribute change gets a new event id. */
function hash(s: string): string {
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

interface Shard {
  expr: string;
  teams?: readonly string[];
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
export function createTwilioAdapter(options: TwilioAdapterOptions): TwilioAdapter {
  const { worker, sync, backendUrl, getToken } = options;
  const id = options.id ?? 'twilio';
  const clock = options.clock ?? systemClock;
  const maxItems = options.maxQueryItems ?? 200;
  const gap = 1000 / (options.queriesPerSecond ?? 10);
  const commands: CommandType[] = [];
  if (worker !== undefined || backendUrl !== undefined) commands.push('set-presence');
  if (backendUrl !== undefined) commands.push('start-monitoring', 'change-monitoring-mode', 'stop-monitoring');

  let sink: AdapterSink | undefined;
  let gen = 0;
  let snapshots = 0;
  const agents = new Map<string, AgentRec>();
  const reservations = new Map<string, ResRec>();
  const sessions = new Map<string, MonitoringSession>();
  /** Activities by SID and by name. */
  const catalogue = new Map<string, { sid: string; name: string; state: PresenceState }>();
  const queueSids = new Map<string, string>();
  const unknownActivities = new Set<string>();
  const done = new Map<string, Promise<void>>();
  /** Which worker shards hold each worker, so a worker leaves only when no shard has it. */
  const held = new Map<string, number>();
  const queries: TwilioLiveQuery[] = [];
  const watched = new Map<string, { r: TwilioReservation; off: () => void }>();
  let unwatchWorker: (() => void) | undefined;
  let covered = new Set<string>();
  let pendingCover: string[] = [];
  let flushTimer: unknown;
  const slots = { 'tr-worker': 0, 'tr-reservation': 0 };

  const report = (code: ErrorCodeValue, message: string, details?: Obj): void => sink?.error(fail(code, message, details));
  const malformed = (problem: string, details?: Obj): void => report(ErrorCode.MalformedEvent, problem, details);
  const deliver = (batch: FloorwalkEvent[]): void => {
    if (sink !== undefined && batch.length > 0) sink.events(batch);
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
    const known = (sid !== undefined ? catalogue.get(sid) : undefined) ?? catalogue.get(name);
    const states = options.activityStates ?? {};
    const state =
      (sid !== undefined ? states[sid] : undefined) ??
      states[name] ??
      DEFAULT_ACTIVITY_STATES[name.toLowerCase()] ??
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
        malformed(`Unknown TaskRouter activity ${name} (${String(w.activitySid)}); shown as away. Map it with activityStates.`, {
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
      teamIds: w.teamIds ?? prev?.teamIds ?? [],
      queueIds: w.queueIds ?? prev?.queueIds ?? [],
      presence: prev?.presence ?? (presence as Presence),
      ...((w.avatarUrl ?? prev?.avatarUrl) !== undefined && { avatarUrl: w.avatarUrl ?? prev?.avatarUrl }),
      ...(prev?.notResponding !== undefined && { notResponding: prev.notResponding }),
    };
    const key = hash(JSON.stringify([agent.name, agent.teamIds, agent.queueIds, agent.avatarUrl]));
    const changed = prev === undefined || key !== hash(JSON.stringify([prev.name, prev.teamIds, prev.queueIds, prev.avatarUrl]));
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

  const endSessions = (interactionId: string, at: number): FloorwalkEvent[] =>
    [...sessions.values()]
      .filter((s) => s.interactionId === interactionId && s.endedAt === undefined)
      .map((s) => {
        const ended = { ...s, endedAt: at };
        sessions.set(s.id, ended);
        return { type: 'monitoring', id: `m:${s.id}:end`, at, source: id, session: ended };
      });

  /** Applies a reservation report. A status earlier in the lifecycle than the one held is old news. */
  const onRes = (r: Res): FloorwalkEvent[] => {
    const prev = reservations.get(r.sid);
    if (prev !== undefined && (rank(r.status) < rank(prev.r.status) || (rank(r.status) === rank(prev.r.status) && r.at < prev.r.at))) return [];
    if (r.queueSid !== undefined && r.queueName !== undefined) queueSids.set(r.queueName, r.queueSid);
    const queueId = r.queueSid ?? (r.queueName === undefined ? undefined : queueSids.get(r.queueName));
    const i = toInteraction(r, prev?.i, queueId);
    reservations.set(r.sid, { i, r });
    const out: FloorwalkEvent[] = [{ type: 'interaction', id: `r:${r.sid}:${r.status}`, at: r.at, source: id, interaction: i }];
    const rec = agents.get(r.workerSid);
    if (r.status === 'timeout' && rec !== undefined) {
      rec.agent = { ...rec.agent, notResponding: true };
      out.push({ type: 'not-responding', id: `nr:${r.sid}`, at: r.at, source: id, agentId: r.workerSid, notResponding: true });
    }
    // Wrap-up begins when the call leaves the conference: there is nothing left to monitor.
    if (i.state === 'wrap-up' || i.state === 'ended') out.push(...endSessions(r.sid, r.at));
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
    return onRes({ ...prev.r, status: prev.i.connectedAt === undefined ? 'gone' : 'completed', at: Math.max(clock.now(), prev.r.at) });
  };

  // ---- agent side ---------------------------------------------------------------------------

  const watch = (g: number, r: TwilioReservation, w: TwilioWorker): void => {
    const old = watched.get(r.sid);
    if (old?.r === r) return;
    old?.off();
    const handlers = RESERVATION_EVENTS.map((name) => {
      const h = guard(g, (obj?: TwilioReservation) => {
        const res = fromReservation(obj ?? r, name, w.sid, clock.now());
        if (typeof res === 'string') malformed(res, { event: name });
        else deliver(onRes(res));
      });
      r.on(name, h);
      return [name, h] as const;
    });
    watched.set(r.sid, { r, off: () => handlers.forEach(([name, h]) => r.removeListener(name, h)) });
  };

  /** `ready` comes again after every reconnect with new reservation objects and no replay: rebuild from what the Worker holds now. */
  const resync = (g: number, w: TwilioWorker): void => {
    for (const a of w.activities.values()) learn(a.sid, a.name, a.available);
    const me = fromWorker(w as unknown as Obj, clock.now());
    if (typeof me === 'string') return malformed(me);
    const out = onWorker(me, true);
    const live = new Set<string>();
    for (const r of w.reservations.values()) {
      live.add(r.sid);
      watch(g, r, w);
      const res = fromReservation(r, r.status, w.sid, clock.now());
      if (typeof res === 'string') malformed(res);
      else out.push(...onRes(res));
    }
    for (const [sid, rr] of reservations) if (rr.r.workerSid === w.sid && !live.has(sid)) out.push(...gone(sid));
    for (const [sid, x] of watched) {
      if (!live.has(sid)) {
        x.off();
        watched.delete(sid);
      }
    }
    deliver(out);
  };

  let tokenFailed = false;
  const listenWorker = (g: number, w: TwilioWorker, ready: () => void): void => {
    const on: [string, TwilioListener][] = [
      ['ready', () => (resync(g, w), ready(), sink?.status('live'))],
      ['activityUpdated', () => {
        const me = fromWorker(w as unknown as Obj, clock.now());
        if (typeof me === 'string') malformed(me);
        else deliver(onWorker(me, true));
      }],
      ['attributesUpdated', () => {
        const me = fromWorker(w as unknown as Obj, clock.now());
        if (typeof me === 'string') malformed(me);
        else deliver(onWorker(me, false));
      }],
      ['reservationCreated', (r: TwilioReservation) => {
        if (!isObj(r) || typeof r.on !== 'function') return malformed('reservationCreated without a reservation');
        watch(g, r, w);
        const res = fromReservation(r, 'pending', w.sid, clock.now());
        if (typeof res === 'string') malformed(res);
        else deliver(onRes(res));
      }],
      ['reservationFailed', (p: unknown) =>
        report(ErrorCode.VendorError, 'TaskRouter could not reserve the task the worker created.', { payload: p })],
      ['disconnected', (reason?: { message?: string }) =>
        sink?.status(reason?.message === 'SDK Disconnect' ? 'offline' : 'reconnecting', fail(ErrorCode.NotConnected, `TaskRouter disconnected: ${String(reason?.message)}`))],
      ['error', (e: unknown) => sink?.error(vendorError(e, 'TaskRouter'))],
      ['tokenExpired', () => {
        const expired = (cause?: unknown): void => {
          tokenFailed = true;
          const err = fail(ErrorCode.AuthFailed, 'The TaskRouter token expired; the Worker will not reconnect until it gets a new one.', { kind: 'token-expired' }, cause);
          sink?.error(err);
          sink?.status('failed', err);
        };
        if (getToken === undefined) return expired();
        Promise.resolve()
          .then(getToken)
          .then((t) => g === gen && w.updateToken(t))
          .catch((e: unknown) => g === gen && expired(e));
      }],
      ['tokenUpdated', () => {
        if (tokenFailed) {
          tokenFailed = false;
          sink?.status('live');
        }
      }],
    ];
    const guarded = on.map(([name, fn]) => [name, guard(g, fn)] as const);
    for (const [name, h] of guarded) w.on(name, h);
    unwatchWorker = () => guarded.forEach(([name, h]) => w.removeListener(name, h));
  };

  // ---- team side ----------------------------------------------------------------------------

  /** Waits for the next slot of this index, so openings stay under Sync's per-identity rate. */
  const pace = (index: keyof typeof slots): Promise<void> => {
    const now = clock.now();
    const at = Math.max(now, slots[index]);
    slots[index] = at + gap;
    return at <= now ? Promise.resolve() : new Promise((resolve) => clock.setTimeout(resolve, at - now));
  };

  const open = async (g: number, index: keyof typeof slots, expr: string): Promise<TwilioLiveQuery | undefined> => {
    await pace(index);
    if (g !== gen) return undefined;
    let q: TwilioLiveQuery;
    try {
      q = await (sync as TwilioSyncClient).liveQuery(index, expr);
    } catch (err) {
      if (g === gen) sink?.error(vendorError(err, `Sync live query ${index} "${expr}" failed`));
      return undefined;
    }
    if (g !== gen) {
      q.close();
      return undefined;
    }
    queries.push(q);
    return q;
  };

  const quote = (sids: readonly string[]): string => `[${sids.map((s) => JSON.stringify(s)).join(', ')}]`;
  const chunks = (sids: readonly string[]): string[][] => {
    const out: string[][] = [];
    for (let i = 0; i < sids.length; i += CHUNK) out.push(sids.slice(i, i + CHUNK));
    return out;
  };

  const onWorkerItem = (key: string, value: unknown, fresh: boolean): FloorwalkEvent[] => {
    const w = workerItem(key, value);
    if (typeof w === 'string') {
      malformed(w, { index: 'tr-worker', key });
      return [];
    }
    if (fresh) {
      held.set(w.sid, (held.get(w.sid) ?? 0) + 1);
      if (!covered.has(w.sid)) pendingCover.push(w.sid);
    }
    return onWorker(w, false);
  };

  const openWorkers = async (g: number, shard: Shard): Promise<void> => {
    const q = await open(g, 'tr-worker', shard.expr);
    if (q === undefined) return;
    const items = q.getItems();
    const keys = Object.keys(items);
    if (keys.length >= maxItems) {
      const t = shard.teams;
      if (t !== undefined && t.length > 1) {
        // Too many workers for one result: halve the team list until each half fits.
        q.close();
        queries.splice(queries.indexOf(q), 1);
        const half = Math.ceil(t.length / 2);
        await Promise.all([t.slice(0, half), t.slice(half)].map((teams) => openWorkers(g, { teams, expr: `data.team_sid in ${quote(teams)}` })));
        return;
      }
      report(ErrorCode.VendorError, `tr-worker query "${shard.expr}" returned ${keys.length} items and may be truncated; split it.`, {
        kind: 'query-may-be-truncated',
        query: shard.expr,
      });
    }
    const members = new Set<string>();
    const out: FloorwalkEvent[] = [];
    for (const k of keys) {
      const events = onWorkerItem(k, items[k], true);
      if (agents.has(k) || events.length > 0) members.add(k);
      out.push(...events);
    }
    deliver(out);
    q.on('itemUpdated', guard(g, (item: TwilioLiveQueryItem) => {
      const fresh = !members.has(item?.key);
      const events = onWorkerItem(item?.key, item?.value, fresh);
      if (fresh && agents.has(item.key)) members.add(item.key);
      deliver(events);
      if (pendingCover.length > 0 && flushTimer === undefined) {
        // Workers joining mid-shift are batched into one reservation query.
        flushTimer = clock.setTimeout(() => {
          flushTimer = undefined;
          if (g === gen) void flushCover(g);
        }, 250);
      }
    }));
    q.on('itemRemoved', guard(g, (item: TwilioLiveQueryItem) => {
      const sid = item?.key;
      if (!members.delete(sid)) return;
      const n = (held.get(sid) ?? 1) - 1;
      if (n > 0) return void held.set(sid, n);
      held.delete(sid);
      if (agents.delete(sid)) deliver([{ type: 'agent-removed', id: `x:${sid}:${clock.now()}`, at: clock.now(), source: id, agentId: sid }]);
    }));
  };

  const openReservations = async (g: number, sids: readonly string[]): Promise<void> => {
    const q = await open(g, 'tr-reservation', `data.worker_sid in ${quote(sids)} and (${options.reservationFilter ?? FLEX_TASK_FILTER})`);
    if (q === undefined) return;
    const items = q.getItems();
    const out: FloorwalkEvent[] = [];
    const one = (key: string, value: unknown): FloorwalkEvent[] => {
      const r = reservationItem(key, value);
      if (typeof r !== 'string') return onRes(r);
      malformed(r, { index: 'tr-reservation', key });
      return [];
    };
    for (const k of Object.keys(items)) out.push(...one(k, items[k]));
    deliver(out);
    q.on('itemUpdated', guard(g, (item: TwilioLiveQueryItem) => deliver(one(item?.key, item?.value))));
    q.on('itemRemoved', guard(g, (item: TwilioLiveQueryItem) => deliver(gone(item?.key))));
  };

  /** Opens reservation queries for workers not yet covered, 25 per query. */
  const flushCover = (g: number): Promise<unknown> => {
    const sids = pendingCover.filter((s) => !covered.has(s));
    pendingCover = [];
    for (const s of sids) covered.add(s);
    return Promise.all(chunks(sids).map((c) => openReservations(g, c)));
  };

  let commandsModule: Promise<typeof import('./commands.js')> | undefined;
  const host: CommandHost = { options, id, clock, agents, reservations, sessions, catalogue, deliver, onWorker };

  return {
    id,
    capabilities: { channels: CHANNELS, commands, monitoringModes: backendUrl === undefined ? [] : MODES },
    ...(options.clock && { clock }),

    async connect(s) {
      const g = ++gen;
      sink = s;
      let readyWait: Promise<void> | undefined;
      if (worker !== undefined) {
        readyWait = new Promise<void>((resolve, reject) => {
          const timer = clock.setTimeout(
            () => reject(fail(ErrorCode.NotConnected, 'The TaskRouter Worker did not become ready in time.', { readyTimeoutMs: options.readyTimeoutMs ?? 30_000 })),
            options.readyTimeoutMs ?? 30_000,
          );
          listenWorker(g, worker, () => (clock.clearTimeout(timer), resolve()));
          // A Worker that is already ready emits no `ready` for us: read it now.
          if (worker.activity !== undefined) guard(g, () => (resync(g, worker), clock.clearTimeout(timer), resolve()))();
        });
      }
      if (sync !== undefined) {
        const shards: Shard[] = [
          ...chunks(options.workerSids ?? []).map((c) => ({ expr: `data.worker_sid in ${quote(c)}` })),
          ...chunks(options.teamSids ?? []).map((teams) => ({ teams, expr: `data.team_sid in ${quote(teams)}` })),
          ...(options.workerQueries ?? []).map((expr) => ({ expr })),
        ];
        await Promise.all((shards.length > 0 ? shards : [{ expr: '' }]).map((shard) => openWorkers(g, shard)));
        if (g === gen && queries.length === 0) throw fail(ErrorCode.NotConnected, 'No Sync live query on tr-worker could be opened.');
        // Reservations load behind the roster and arrive as events.
        void flushCover(g);
      }
      try {
        await readyWait;
      } catch (err) {
        if (g === gen) unwatchWorker?.();
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
        agents: list,
        interactions: live.map((r) => r.i),
        monitoring: [...sessions.values()].filter((m) => m.endedAt === undefined),
        presenceDefinitions: [...defs.values()],
      };
    },

    async execute(command) {
      checkCommand(command);
      if (!commands.includes(command.type)) throw fail(ErrorCode.Unsupported, `The Twilio adapter cannot ${command.type} with these options.`);
      if (command.type === 'start-monitoring' && !(MODES as readonly string[]).includes(command.mode)) throw fail(ErrorCode.Unsupported, `No ${command.mode} mode.`);
      const prior = done.get(command.key);
      if (prior !== undefined) return prior;
      const p = (commandsModule ??= import('./commands.js').catch((err: unknown) => {
        commandsModule = undefined;
        throw fail(ErrorCode.NotConnected, 'The Twilio adapter could not load its command module.', undefined, err);
      })).then((m) => m.run(host, command));
      done.set(command.key, p);
      if (done.size > 500) done.delete(done.keys().next().value as string);
      p.catch(() => done.delete(command.key));
      return p;
    },

    async disconnect() {
      gen++;
      sink = undefined;
      unwatchWorker?.();
      unwatchWorker = undefined;
      for (const x of watched.values()) x.off();
      for (const q of queries.splice(0)) q.close();
      watched.clear();
      agents.clear();
      reservations.clear();
      sessions.clear();
      held.clear();
      covered = new Set();
      pendingCover = [];
      if (flushTimer !== undefined) clock.clearTimeout(flushTimer);
      flushTimer = undefined;
      slots['tr-worker'] = slots['tr-reservation'] = 0;
    },

    ingestEventCallback(body) {
      if (sink === undefined) return;
      guard(gen, () => {
        let p: unknown;
        try {
          p = typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : body instanceof URLSearchParams ? Object.fromEntries(body) : plain(body);
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
        const out = onWorker(cb.worker, cb.kind === 'worker' && cb.activity);
        if (cb.kind === 'reservation') out.push(...onRes(cb.res));
        deliver(out);
      })();
    },

    updateToken(token) {
      worker?.updateToken(token);
    },
  };
}
