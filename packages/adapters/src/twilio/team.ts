import { ErrorCode, FloorwalkError, type FloorwalkEvent } from '@floorwalk/core';
import { link, vendorError } from './errors.js';
import type { Host } from './host.js';
import type { Obj, Res, Wk } from './mapping.js';
import type { TwilioConnectionError, TwilioLiveQuery, TwilioLiveQueryItem, TwilioSyncClient } from './types.js';

// The queue poller travels with the team side: a board loads both, and one part less to fetch.
export { createQueueSide } from './queues.js';

/*
 * The team side, loaded by connect() when the host gives a Sync client: Sync live queries on
 * `tr-worker` and `tr-reservation`. An agent's page without Sync never loads it.
 */

const FLEX_TASK_FILTER = 'data.status not_in ["completed", "canceled", "rescinded", "rejected", "timeout"]';
const CHUNK = 25;
/*
 * A live query twilio-sync gave up on is opened again 30 s after, doubling to every 5 min. By then
 * the SDK has spent 90 s retrying it 4 to 60 s apart (4.0.1, dist/services/network.js), so Sync
 * is refusing for longer than a blip: sooner would only add to the load it is shedding, and every
 * page of the tenant asks on the same per-identity limits. Never giving up, as a board missing a
 * team has no end otherwise; 5 min bounds how long it stays missing once Sync answers again.
 * Each pause is drawn between half of that and all of it (equal jitter): the pages of a centre
 * that Sync refused together would otherwise all ask again at the same instants, the 5 min cap
 * included, and a cap that only shortens draws no crowd at it.
 */
const AGAIN_FIRST = 30_000;
const AGAIN_MAX = 300_000;
/*
 * A new token heard of from the Worker or adapter.updateToken may be ahead of Sync's: the host
 * (Flex, any page) may renew the Worker first, and twilio-sync 4.0.1 announces no `updateToken`
 * that needs no reconnect (twilsock's `tokenUpdated` stays inside it), nor exposes the token.
 * Queries refused again with 401 are asked once more this long after, or they would wait an hour.
 */
const LAG = 10_000;

interface Shard {
  expr: string;
  teams?: readonly string[];
}

/** The team side of one adapter: its live queries and what they hold. */
export interface TeamSide {
  /** Opens the worker queries for connection `g`; reservations follow as events. */
  open(g: number): Promise<void>;
  /** Closes every query and forgets what they held. */
  close(): void;
}

export function createTeamSide(host: Host, sync: TwilioSyncClient): TeamSide {
  const { attrs, channelOf, details, isObj, plain, reservationStatus, str, time } = host.kit;
  const ids = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => str(x) !== undefined) : []);

  /** A `tr-worker` live-query item. Its activity SID is `worker_activity_sid`, not `activity_sid`. */
  function workerItem(key: string, raw: unknown): Wk | string {
    const v = plain(raw);
    if (!isObj(v)) return 'tr-worker item is not an object';
    const sid = str(v.worker_sid) ?? key;
    const a = attrs(v.attributes);
    const since = time(v.date_activity_changed);
    if (!str(sid)) return 'tr-worker item has no worker_sid';
    if (a === undefined) return `tr-worker ${sid}: attributes are not an object`;
    if (str(v.activity_name) === undefined) return `tr-worker ${sid}: activity_name is missing`;
    if (since === undefined) return `tr-worker ${sid}: date_activity_changed is not a date`;
    return {
      sid,
      ...details(a, v.friendly_name, v.team_sid ?? null),
      ...(str(a.team_name) !== undefined && { teamName: a.team_name as string }),
      queueIds: ids(v.queue_sids),
      activityName: v.activity_name as string,
      ...(str(v.worker_activity_sid) !== undefined && { activitySid: v.worker_activity_sid as string }),
      since,
      updated: Math.max(time(v.date_updated) ?? since, since),
    };
  }

  /** A `tr-reservation` live-query item. */
  function reservationItem(key: string, raw: unknown): Res | string {
    const v = plain(raw);
    if (!isObj(v)) return 'tr-reservation item is not an object';
    const sid = str(v.reservation_sid) ?? key;
    const status = reservationStatus(v.status, v.task_status);
    const at = time(v.date_updated);
    const a = attrs(v.attributes);
    if (!str(sid) || !str(v.task_sid) || !str(v.worker_sid)) return `tr-reservation ${sid}: reservation_sid, task_sid and worker_sid are required`;
    if (status === undefined) return `tr-reservation ${sid}: unknown status ${JSON.stringify(v.status)}`;
    if (at === undefined || a === undefined) return `tr-reservation ${sid}: date_updated or attributes malformed`;
    const offeredAt = time(v.date_created);
    return {
      sid,
      taskSid: v.task_sid as string,
      workerSid: v.worker_sid as string,
      status,
      at,
      createdAt: time(v.task_date_created) ?? offeredAt ?? at,
      ...(offeredAt !== undefined && { offeredAt }),
      channel: channelOf(v.task_channel_unique_name, a),
      ...(str(v.queue_sid) !== undefined && { queueSid: v.queue_sid as string }),
      ...(str(v.queue_name) !== undefined && { queueName: v.queue_name as string }),
      attrs: a,
    };
  }

  const { options } = host;
  const maxItems = options.maxQueryItems ?? 200;
  const gap = 1000 / (options.queriesPerSecond ?? 10);
  /** Which worker shards hold each worker, so a worker leaves only when no shard has it. */
  const held = new Map<string, number>();
  const queries: TwilioLiveQuery[] = [];
  let covered = new Set<string>();
  let pendingCover: string[] = [];
  let flushTimer: unknown;
  /** Stops listening to the Sync client's link. */
  let unwatch: (() => void) | undefined;
  const slots = { 'tr-worker': 0, 'tr-reservation': 0 };

  /** Waits for the next slot of this index, so openings stay under Sync's per-identity rate. */
  const pace = (index: keyof typeof slots): Promise<void> => {
    const now = host.clock.now();
    const at = Math.max(now, slots[index]);
    slots[index] = at + gap;
    return at <= now ? Promise.resolve() : new Promise((resolve) => host.clock.setTimeout(resolve, at - now));
  };

  /** Queries Sync gave up on, by index and expression: the backoff step before the next try (un-jittered, so it doubles true), and its timer. */
  const again = new Map<string, { wait: number; timer?: unknown }>();
  const random = options.random ?? Math.random;

  /**
   * Queries refused with 401, by key: the token expired under them, so they are opened again,
   * once each, when the adapter next hears of a new token (`renewed`).
   */
  const unauthed = new Map<string, () => Promise<unknown>>();
  /**
   * Queries whose 401 was reported: told again only once one of their asks was answered, or the
   * same refusal would be an error event at every renewal of a token Sync keeps refusing.
   */
  const told = new Set<string>();
  /** How many new tokens the adapter heard of: a 401 to an ask sent before the latest was the old token's. */
  let tokens = 0;
  let lagTimer: unknown;
  /**
   * `tr-worker` queries refused for what they are (400, 403, 404) at this connection, as reported,
   * and how many failed otherwise (a 401, or given up on by Sync): when refusals are all that
   * failed, connect() rejects with what they say, not retryable.
   */
  const refusals: FloorwalkError[] = [];
  let others = 0;

  /**
   * A new token heard of from the host's side: a Sync `updateToken` with no close at all, which
   * twilio-sync does not announce, shows only as the Worker's `tokenUpdated` (the Flex token is
   * one for both) or `adapter.updateToken`. (Sync `connected` after `failed`, an expired token's
   * close until the host's `updateToken`, is the other route: see `watch`.) Each query refused
   * with 401 is asked again once now, and those refused again once more after LAG.
   */
  const renewed = (g: number): void => {
    tokens++;
    host.clock.clearTimeout(lagTimer);
    lagTimer = host.clock.setTimeout(() => g === host.gen() && reask(g), LAG);
    reask(g);
  };

  /** Asks each query refused with 401 again, once; while the Sync link is down they wait for its `connected`. */
  const reask = (g: number): void => {
    if (host.links?.s !== undefined) return;
    for (const [key, retry] of unauthed) {
      unauthed.delete(key);
      void run(g, key, retry);
    }
  };

  /**
   * Tries `retry` after a pause drawn from `wait` (see AGAIN_FIRST), and returns that pause;
   * while the Sync link is down its own reconnect is what matters, so the try waits another turn.
   */
  const later = (g: number, key: string, wait: number, retry: () => Promise<unknown>): number => {
    const r: { wait: number; timer?: unknown } = { wait };
    again.set(key, r);
    // Clamped, NaN as 0: a host's source that strays still gives a pause within the bounds.
    const pause = wait - Math.round((wait / 2) * Math.min(1, Math.max(0, random() || 0)));
    r.timer = host.clock.setTimeout(() => {
      if (g !== host.gen()) return;
      if (host.links?.s !== undefined) return void later(g, key, wait, retry);
      void run(g, key, retry);
    }, pause);
    return pause;
  };

  // Nothing awaits it: a throw from what the query holds is an error event, not an unhandled rejection.
  const run = (g: number, key: string, retry: () => Promise<unknown>): Promise<unknown> =>
    retry().catch((err: unknown) => g === host.gen() && host.sink()?.error(vendorError(err, `Sync live query ${key}`)));

  /**
   * Opens one live query. One Sync gave up on (its own 90 s of retries spent, or no status at
   * all) or refused with 429 or a 5xx is opened again by `retry`, on the backoff above; one
   * refused for what it is (400 a bad query, 403 no permission, 404 no such index) is not, and
   * one refused with 401 waits for a new token (`unauthed`).
   * Only the first failure of a query is reported, and the one that ends its retries: its workers
   * arriving say it is back. A 401 is reported once until the query is answered (`told`).
   */
  const open = async (g: number, index: keyof typeof slots, expr: string, retry: () => Promise<unknown>): Promise<TwilioLiveQuery | undefined> => {
    await pace(index);
    if (g !== host.gen()) return undefined;
    const key = `${index} ${expr}`;
    const before = again.get(key);
    again.delete(key);
    let q: TwilioLiveQuery;
    const t = tokens;
    try {
      q = await sync.liveQuery(index, expr);
    } catch (err) {
      if (g !== host.gen()) return undefined;
      const status = (err as { status?: unknown } | undefined)?.status;
      const refused = typeof status === 'number' && status >= 400 && status < 500 && status !== 429;
      const e = vendorError(err, `Sync live query ${index} "${expr}" failed`, refused ? status : undefined);
      if (index === 'tr-worker' && !refused) others++;
      if (status === 401) {
        if (!told.has(key)) host.sink()?.error(e);
        told.add(key);
        // Refused for the token it was sent with, and a new one came meanwhile: ask with that one
        // now, once (over a link that is up), and wait for it, so connect() sees its outcome. That
        // ask counts for itself: a 403 to it is a refusal like any other, not beside a 401.
        if (t !== tokens && host.links?.s === undefined) await run(g, key, retry);
        else {
          unauthed.set(key, retry);
          if (index === 'tr-worker') others++;
        }
        return undefined;
      }
      if (refused) {
        host.sink()?.error(e);
        if (index === 'tr-worker') refusals.push(e);
      } else {
        const pause = later(g, key, Math.min(before === undefined ? AGAIN_FIRST : before.wait * 2, AGAIN_MAX), retry);
        if (before === undefined) host.sink()?.error(new FloorwalkError(e.code, `${e.message}; opened again in ${Math.round(pause / 1000)} s, then less often`, { details: { ...e.details, retryInMs: pause }, cause: err, retryable: e.retryable }));
      }
      return undefined;
    }
    told.delete(key);
    if (g !== host.gen()) {
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

  /*
   * Teams, named by the host's `teamNames`, else their workers' `attributes.team_name`, else their
   * id. A worker's team_name is news only when it first comes or changes: workers of one team that
   * disagree (a rename half done) would otherwise flip the name at each of their presence changes.
   * Of news, the newest report's name holds.
   */
  const given: Obj = isObj(options.teamNames) ? options.teamNames : {};
  /**
   * Each worker's team_name as last reported. Not its team: team_name is an attribute apart from
   * team_sid, so a worker moved with its old team_name still on would name its new team after the old.
   */
  const byWorker = new Map<string, string | undefined>();
  /** Each team's name from team_name, and the time of the report it came with. */
  const fromAttrs = new Map<string, readonly [string, number]>();
  /** Each team's last event time: a later name is never stamped earlier, though Twilio's clock and ours differ. */
  const teamAt = new Map<string, number>();
  const badNames = new Set<string>();

  /** The team event for `id` if its name is new; `worker` is a worker report's SID and team_name. */
  const nameTeam = (id: string, at: number, worker?: readonly [string, string | undefined]): FloorwalkEvent[] => {
    if (worker !== undefined) {
      const [sid, attr] = worker;
      if (attr !== undefined && byWorker.get(sid) !== attr && at >= (fromAttrs.get(id)?.[1] ?? 0)) fromAttrs.set(id, [attr, at]);
      byWorker.set(sid, attr);
    }
    const hosts = Object.hasOwn(given, id) ? given[id] : undefined;
    if (hosts !== undefined && str(hosts) === undefined && !badNames.has(id)) {
      badNames.add(id);
      host.report(ErrorCode.InvalidArgument, `teamNames[${JSON.stringify(id)}] is not a non-empty string; the team is named from its workers.`, { kind: 'bad-team-name', teamId: id });
    }
    const name = str(hosts) ?? fromAttrs.get(id)?.[0] ?? id;
    if (host.teams.get(id)?.name === name) return [];
    const t = Math.max(at, teamAt.get(id) ?? 0);
    teamAt.set(id, t);
    const team = { id, name, supervisorIds: [] };
    host.teams.set(id, team);
    return [{ type: 'team', id: `t:${id}:${t}:${name}`, at: t, source: host.id, team }];
  };

  const onWorkerItem = (key: string, value: unknown, fresh: boolean, live?: boolean): FloorwalkEvent[] => {
    const w = workerItem(key, value);
    if (typeof w === 'string') {
      host.malformed(w, { index: 'tr-worker', key });
      return [];
    }
    if (live) host.sample(w.updated);
    if (fresh) {
      held.set(w.sid, (held.get(w.sid) ?? 0) + 1);
      if (!covered.has(w.sid)) pendingCover.push(w.sid);
    }
    const team = w.teamIds?.[0];
    return [...(team === undefined ? [] : nameTeam(team, w.updated as number, [w.sid, w.teamName])), ...host.onWorker(w, false)];
  };

  const openWorkers = async (g: number, shard: Shard): Promise<void> => {
    // Opened again later, its workers need their reservation queries as joiners do.
    const q = await open(g, 'tr-worker', shard.expr, () => openWorkers(g, shard).then(() => g === host.gen() && flushCover(g)));
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
      host.report(ErrorCode.VendorError, `tr-worker query "${shard.expr}" returned ${keys.length} items and may be truncated; split it.`, {
        kind: 'query-may-be-truncated',
        query: shard.expr,
      });
    }
    const members = new Set<string>();
    const out: FloorwalkEvent[] = [];
    for (const k of keys) {
      const events = onWorkerItem(k, items[k], true);
      if (host.agents.has(k) || events.length > 0) members.add(k);
      out.push(...events);
    }
    host.deliver(out);
    q.on('itemUpdated', host.guard(g, (item: TwilioLiveQueryItem) => {
      const fresh = !members.has(item?.key);
      const events = onWorkerItem(item?.key, item?.value, fresh, true);
      if (fresh && host.agents.has(item.key)) members.add(item.key);
      host.deliver(events);
      if (pendingCover.length > 0 && flushTimer === undefined) {
        // Workers joining mid-shift are batched into one reservation query.
        flushTimer = host.clock.setTimeout(() => {
          flushTimer = undefined;
          if (g === host.gen()) void flushCover(g);
        }, 250);
      }
    }));
    q.on('itemRemoved', host.guard(g, (item: TwilioLiveQueryItem) => {
      const sid = item?.key;
      if (!members.delete(sid)) return;
      const n = (held.get(sid) ?? 1) - 1;
      if (n > 0) return void held.set(sid, n);
      held.delete(sid);
      if (host.agents.delete(sid)) host.deliver([{ type: 'agent-removed', id: `x:${sid}:${host.clock.now()}`, at: host.clock.now(), source: host.id, agentId: sid }]);
    }));
  };

  const openReservations = async (g: number, sids: readonly string[]): Promise<void> => {
    const q = await open(g, 'tr-reservation', `data.worker_sid in ${quote(sids)} and (${host.options.reservationFilter ?? FLEX_TASK_FILTER})`, () => openReservations(g, sids));
    if (q === undefined) return;
    const items = q.getItems();
    const out: FloorwalkEvent[] = [];
    const one = (key: string, value: unknown, live?: boolean): FloorwalkEvent[] => {
      const r = reservationItem(key, value);
      if (live && typeof r !== 'string') host.sample(r.at);
      if (typeof r !== 'string') return host.onRes(r);
      host.malformed(r, { index: 'tr-reservation', key });
      return [];
    };
    for (const k of Object.keys(items)) out.push(...one(k, items[k]));
    host.deliver(out);
    q.on('itemUpdated', host.guard(g, (item: TwilioLiveQueryItem) => host.deliver(one(item?.key, item?.value, true))));
    q.on('itemRemoved', host.guard(g, (item: TwilioLiveQueryItem) => host.deliver(host.gone(item?.key))));
  };

  /** Opens reservation queries for workers not yet covered, 25 per query. */
  const flushCover = (g: number): Promise<unknown> => {
    const sids = pendingCover.filter((s) => !covered.has(s));
    pendingCover = [];
    for (const s of sids) covered.add(s);
    return Promise.all(chunks(sids).map((c) => openReservations(g, c)));
  };


  /**
   * The Sync client's link, beside the Worker's when there is one: a team view whose twilsock
   * dropped is frozen however well the Worker's socket holds. twilsock (its dist/twilsock.js,
   * 1.0.2 as in 0.12) retries by itself, with backoff and no limit unless the host set one, after
   * a lost socket, a refused init or token update (429, 500, …) or a protocol error: it says
   * `connecting` (or `retrying`), with a `connectionError` whose `terminal` is false. Its `error`
   * state is a step of that retry, shown as `connecting`, so an `error`, should one come, is
   * `reconnecting` too; each live query reports on reconnect what changed meanwhile. It stops
   * only in `denied` (401/403 on its token, or its `tokenExpired`) or `disconnected` (the host's shutdown, the server
   * closing for an expired token or an unspoken protocol, a retry limit), with a `terminal`
   * `connectionError` or none: those are `failed` until it is `connected` again, which takes the
   * host. A `terminal` one while it is still `connecting` is a retry like any other.
   */
  const watch = (g: number): void => {
    const links = (host.links ??= {});
    links.s = undefined;
    /**
     * Sync is down: `failed` (told as an error too) or `reconnecting`. Once failed, only `connected`
     * ends it: twilsock trying the host's new token is no recovery yet, and what it says after a
     * failure (a 401's `connectionError` after its `denied`) is the same failure, told once.
     */
    const down = (failed: boolean, err: FloorwalkError): void => {
      if (links.s?.[0] === 'failed') return;
      if (failed) {
        host.sink()?.error(err);
        return link(host, 's', ['failed', err]);
      }
      // A backend call out on the lost link may never be answered, and would hold the outbox.
      host.calls?.abort(err);
      host.calls = undefined;
      link(host, 's', ['reconnecting', err]);
    };
    const denied = (details?: Obj): void => down(true, host.fail(ErrorCode.AuthFailed, 'Sync refused its token (expired?): it needs a new one.', { ...details, kind: 'sync-denied' }));
    const onError = host.guard(g, (e: TwilioConnectionError) => {
      const status = e?.httpStatusCode ?? undefined;
      const details = { status, twilioCode: e?.errorCode ?? undefined };
      // twilsock goes `denied` on these, and says so first.
      if (status === 401 || status === 403) return denied(details);
      // `terminal` is not the whole truth: an init cut off by a dropped socket or unanswered for
      // 30 s says terminal while twilsock is already retrying. Stopped is its state saying so
      // (a 406 is `disconnected` by the time twilio-sync passes the error on, a tick later).
      const stop = e?.terminal === true && !/^connect/.test(String(sync.connectionState));
      down(
        stop,
        new FloorwalkError(ErrorCode.VendorError, stop ? `Sync stopped retrying (${e.message}): it needs a new token or a new client.` : `Sync: ${e?.message}; twilsock retries.`, {
          details: { ...details, kind: stop ? 'sync-stopped' : 'sync-error' },
          retryable: !stop,
        }),
      );
    });
    const onState = host.guard(g, (state: string) => {
      if (state === 'connected') {
        // Back from `failed` (denied, expired, stopped) it took the host's new token; back from a
        // blip it has the same one, and a 401 out meanwhile would be refused the same.
        if (links.s?.[0] === 'failed') tokens++;
        link(host, 's', undefined);
        return reask(g);
      }
      if (state === 'denied') return denied();
      if (state === 'error' || state === 'disconnected') return onError({ terminal: state !== 'error', message: state });
      down(false, host.fail(ErrorCode.NotConnected, `Sync connection ${state}`));
    });
    // A token that expires while connected is a 410 close: `disconnecting`, this, `disconnected`,
    // with no connectionError. The same refused token as a `denied`, so the host's renewAuth is asked.
    const onExpired = host.guard(g, () => denied({ twilioCode: 20104 }));
    sync.on?.('connectionStateChanged', onState);
    sync.on?.('connectionError', onError);
    sync.on?.('tokenExpired', onExpired);
    host.renewed = host.guard(g, () => renewed(g));
    unwatch = () => {
      host.renewed = undefined;
      sync.removeListener?.('connectionStateChanged', onState);
      sync.removeListener?.('connectionError', onError);
      sync.removeListener?.('tokenExpired', onExpired);
    };
    // Connected again (the client retrying, or renewing auth) over a Sync client still down or
    // denied: say so now, never live over a link that hears nothing.
    const now = sync.connectionState;
    if (now !== undefined && now !== 'connected') onState(now);
  };

  const close = (): void => {
    unwatch?.();
    unwatch = undefined;
    for (const q of queries.splice(0)) q.close();
    held.clear();
    covered = new Set();
    pendingCover = [];
    if (flushTimer !== undefined) host.clock.clearTimeout(flushTimer);
    flushTimer = undefined;
    for (const r of again.values()) host.clock.clearTimeout(r.timer);
    again.clear();
    unauthed.clear();
    host.clock.clearTimeout(lagTimer);
    told.clear();
    // What each worker last said of its team is kept: at a reopen every item is a first report,
    // and a worker not yet renamed, changed since, would flip a half-done rename back.
    host.teams.clear();
    refusals.length = others = 0;
    slots['tr-worker'] = slots['tr-reservation'] = 0;
  };

  return {
    async open(g) {
      // Opened again without close() (the client retrying from a failed state): the earlier
      // queries' guards are stale and every worker counts as covered, so nothing would report.
      close();
      watch(g);
      const shards: Shard[] = [
        ...chunks(options.workerSids ?? []).map((c) => ({ expr: `data.worker_sid in ${quote(c)}` })),
        ...chunks(options.teamSids ?? []).map((teams) => ({ teams, expr: `data.team_sid in ${quote(teams)}` })),
        ...(options.workerQueries ?? []).map((expr) => ({ expr })),
      ];
      await Promise.all((shards.length > 0 ? shards : [{ expr: '' }]).map((shard) => openWorkers(g, shard)));
      // A watched team with nobody in it yet is a team all the same.
      if (g === host.gen()) host.deliver((options.teamSids ?? []).flatMap((sid) => (str(sid) === undefined || host.teams.has(sid) ? [] : nameTeam(sid, host.clock.now()))));
      // The agent side may be holding the page's own agent for this answer: its team is known now.
      // A superseded open must not release the hold of the connection that replaced it.
      if (g === host.gen()) {
        host.placed = g;
        host.place?.();
      }
      if (g === host.gen() && queries.length === 0) {
        // Every one refused for what it is (no permission, no such index, a bad query): asking
        // again cannot help, so not retryable, and the client is failed instead of retrying on
        // its backoff for good. Of several, Forbidden first, then UnknownEntity: what a host can
        // act on (the identity's permissions; the service or index it configured). A query Sync
        // gave up on may yet answer, and a 401 waits for a token: either keeps the rules below.
        const why = others > 0 ? undefined : (refusals.find((e) => e.code === ErrorCode.Forbidden) ?? refusals.find((e) => e.code === ErrorCode.UnknownEntity) ?? refusals[0]);
        if (why !== undefined) {
          throw new FloorwalkError(why.code, `No Sync live query on tr-worker could be opened: ${why.message}`, { retryable: false, details: { ...why.details, kind: 'query-refused' }, cause: why.cause });
        }
        // Refused for its token, none will open until the host gives a new one: AuthFailed has the
        // client ask for it (renewAuth, auth-required); NotConnected would have it ask Sync again
        // and again with the same token, its fast tier apart.
        const token = [...unauthed.keys()].some((k) => k.startsWith('tr-worker '));
        throw host.fail(token ? ErrorCode.AuthFailed : ErrorCode.NotConnected, `No Sync live query on tr-worker could be opened${token ? ': Sync refused its token (401)' : ''}.`);
      }
      // Reservations load behind the roster and arrive as events.
      void flushCover(g);
    },
    close,
  };
}
