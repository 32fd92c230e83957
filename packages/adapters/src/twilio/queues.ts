import { ErrorCode, FloorwalkError, type Channel, type FloorwalkEvent, type Queue, type QueueStats } from '@floorwalk/core';
import { retryAfterMs } from '../internal/retry-after.js';
import { vendorError } from './errors.js';
import type { Host } from './host.js';
import type { Obj } from './mapping.js';

/*
 * The queue poller, loaded by connect() when the host's backend is to be asked for TaskQueue
 * statistics: TaskRouter pushes none to the browser (they are REST resources that need the
 * account's credentials), so `GET {backendUrl}/queues` passes them on. A page that polls
 * nothing never loads it.
 */

/** Default interval: TaskRouter's real-time statistics lag its events by a few seconds anyway. */
const EVERY = 10_000;
/**
 * Two readings of one task's wait rarely agree to the millisecond: `longest_task_waiting_age`
 * is whole seconds, taken at Twilio's instant, and the answer takes its time. Within this much
 * of the held one, with the same task waiting longest, it is the same wait, not news.
 */
const JITTER = 2_000;

/** The queue poller of one adapter. */
export interface QueueSide {
  /** Polls now and then every interval for connection `g`, ending any earlier connection's polling. */
  open(g: number): void;
  /** Stops polling (aborting a request out) and forgets what was held. */
  close(): void;
  /** The queues held, or undefined before the backend first answered with a list. */
  list(): Queue[] | undefined;
}

interface Held {
  q: Queue;
  /** Our time of the last event about it: the next is never stamped earlier. */
  at: number;
  /** The task waiting longest, as the last reading named it. */
  oldest: unknown;
}

/** A count as TaskRouter writes one: a whole number, or its digits (its docs show `{"pending": "1"}`). */
const count = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return Number.isSafeInteger(n) && (n as number) >= 0 ? (n as number) : undefined;
};

export function createQueueSide(host: Host): QueueSide {
  const { attrs, channelOf, isObj, str } = host.kit;
  const { options, clock } = host;
  const given = options.queuePollMs ?? EVERY;
  // NaN, Infinity or past setTimeout's 2^31 - 1 ms would fire at once, every time: the backend asked
  // in a loop. Such a value is told and the default used.
  const bad = !(given >= 0 && given < 2 ** 31);
  const every = bad ? EVERY : Math.max(1_000, given);
  const held = new Map<string, Held>();
  let listed = false;
  /**
   * Whether a snapshot of the queues has gone out since open(): a store kept across a disconnect
   * may hold a queue deleted meanwhile, which this side, starting afresh, never saw go.
   */
  let synced = false;
  let gen = -1;
  let timer: unknown;
  let out: AbortController | undefined;
  /** The outage being reported: told once, until the backend answers with a list again. */
  let failing = false;
  /** Refused (see `poll`): no poll is scheduled until a new token or connect(). */
  let paused = false;
  /** A refusal already told: the same refusal after a new token is not told twice. */
  let refusedTold = false;
  /** Item problems already told, so a host's standing bug is one error, not one per poll. */
  const told = new Set<string>();
  /** New tokens heard of: a refusal of a poll that went out before the latest was of an older token. */
  let renewals = 0;

  /** Connection `g` is the one polled, and the adapter's current one (a failed connect() moved on). */
  const live = (g: number): boolean => g === gen && g === host.gen();

  const stop = (): void => {
    clock.clearTimeout(timer);
    timer = undefined;
    out?.abort();
    out = undefined;
  };

  /** One item of the route's list as a Queue, or what is wrong with it. */
  const item = (raw: unknown, now: number): readonly [Queue, unknown] | string => {
    if (!isObj(raw)) return 'is not an object';
    const id = str(raw.sid);
    const rt = raw.real_time_statistics;
    const cu = raw.cumulative_statistics;
    if (id === undefined) return 'has no sid';
    if (!isObj(rt) || !isObj(cu)) return `${id}: real_time_statistics and cumulative_statistics must be objects`;
    const by = attrs(rt.tasks_by_status);
    // Absent statuses are none in that status; a present one must be a count.
    const pending = count(by?.pending ?? 0);
    const reserved = count(by?.reserved ?? 0);
    const age = count(rt.longest_task_waiting_age ?? 0);
    // The day's figures, over the window the host asked for (StartDate its midnight):
    // - offered is `tasks_entered`: every task that came into the queue, once, whoever was
    //   offered it. `reservations_created` counts offers to agents instead, a task offered to
    //   three agents in turn three times, which is not what arrived at the queue.
    // - answered is `reservations_accepted`: the statistics count no accepted tasks, and a task
    //   is accepted by one reservation (a transfer into the queue is a new entry and a new accept).
    //   `tasks_completed` would lag by the whole handle and wrap-up time.
    // - abandoned is `tasks_canceled`: a task is canceled when the caller hangs up or the chat
    //   ends while it waits; `reservations_canceled` counts withdrawn offers, also on a task
    //   another agent then took. Moved and deleted tasks are neither answered nor abandoned here.
    const from = { agentsAvailable: [rt, 'total_available_workers'], offered: [cu, 'tasks_entered'], answered: [cu, 'reservations_accepted'], abandoned: [cu, 'tasks_canceled'] } as const;
    const figures: Record<string, number> = {};
    for (const [k, [o, field]] of Object.entries(from)) {
      const n = count(o[field]);
      if (n === undefined) return `${id}: ${field} is not a count`;
      figures[k] = n;
    }
    if (by === undefined || pending === undefined || reserved === undefined || age === undefined) {
      return `${id}: tasks_by_status or longest_task_waiting_age is not a count`;
    }
    // Waiting is what no agent has taken yet: pending, or offered to one (reserved) and not yet accepted.
    const waiting = pending + reserved;
    const prev = held.get(id);
    const was = prev?.q.stats.oldestWaitingSince ?? null;
    let since = waiting === 0 ? null : now - age * 1000;
    if (since !== null && was !== null && prev?.oldest === rt.longest_task_waiting_sid && Math.abs(since - was) < JITTER) since = was;
    const channels = [...new Set<Channel>((Array.isArray(raw.task_channels) ? raw.task_channels : []).filter((c) => str(c) !== undefined).map((c) => channelOf(c, {})))];
    const stats = { waiting, oldestWaitingSince: since, ...figures } as QueueStats;
    return [{ id, name: str(raw.friendly_name) ?? id, channels, stats }, rt.longest_task_waiting_sid];
  };

  const apply = (list: unknown[]): void => {
    const now = clock.now();
    const events: FloorwalkEvent[] = [];
    const ids = new Set<string>();
    /** Every SID the answer names, a malformed item's too: a queue whose item is broken for a poll is not gone. */
    const named = new Set<unknown>();
    /** The SID each name was given to; null when two queues share it. */
    const names = new Map<string, string | null>();
    const problems = new Set<string>();
    list.forEach((raw, i) => {
      if (isObj(raw)) named.add(raw.sid);
      const r = item(raw, now);
      if (typeof r === 'string') {
        const problem = `queues[${i}] ${r}`;
        if (!told.has(problem)) host.malformed(`GET ${options.backendUrl}/queues: ${problem}`, { kind: 'bad-queue', index: i });
        return void problems.add(problem);
      }
      const [q, oldest] = r;
      if (ids.has(q.id)) return;
      ids.add(q.id);
      const other = names.get(q.name);
      names.set(q.name, other === undefined || other === q.id ? q.id : null);
      const prev = held.get(q.id);
      const same = prev !== undefined && prev.q.name === q.name && `${prev.q.channels}` === `${q.channels}`;
      const changed = !same || JSON.stringify(prev.q.stats) !== JSON.stringify(q.stats);
      const at = changed ? Math.max(now, (prev?.at ?? 0) + 1) : (prev as Held).at;
      held.set(q.id, { q, at, oldest });
      if (!changed) return;
      const id = `q:${q.id}:${at}`;
      events.push(same ? { type: 'queue-stats', id, at, source: host.id, queueId: q.id, stats: q.stats } : { type: 'queue', id, at, source: host.id, queue: q });
    });
    // Sync's reservations name their queue only by name: from now on they are linked to it, unless
    // two queues answer to it (TaskRouter does not require friendly names to differ), when either
    // could be meant and a reservation is better left with no queue than put in the wrong one.
    for (const [name, sid] of names) sid === null ? host.queueSids.delete(name) : host.queueSids.set(name, sid);
    // A queue the answer no longer names was deleted (or is no longer the supervisor's to see). No
    // delta removes a queue, so the queues still held go out as a snapshot of queues alone, which
    // replaces the store's (the poller is all that tells Twilio queues) and touches nothing else.
    let gone = 0;
    for (const [sid, h] of held) if (!named.has(sid)) held.delete(sid), (gone = Math.max(gone, h.at + 1));
    // The first whole answer after open() goes out so too; one with a malformed item waits for the
    // next, as a queue whose item is broken for a poll is not gone.
    if (gone > 0 || (!synced && problems.size === 0)) {
      synced = true;
      const at = Math.max(now, gone);
      events.push({ type: 'snapshot', id: `q:gone:${at}`, at, source: host.id, scope: { kind: 'all' }, queues: [...held.values()].map((h) => h.q) });
      // The store now holds every queue at this stamp (past now when the clock stepped back):
      // the next change of each is stamped after it, or the store would drop it as stale.
      for (const h of held.values()) h.at = Math.max(h.at, at);
    }
    // A problem gone from the answer is forgotten, so it is told again should it come back.
    told.clear();
    for (const p of problems) told.add(p);
    listed = true;
    host.deliver(events);
  };

  /** A failure the next poll may mend: told once per outage. */
  const transient = (e: FloorwalkError): void => {
    if (!failing) host.sink()?.error(e);
    failing = true;
  };

  const poll = async (g: number): Promise<void> => {
    if (!live(g)) return;
    const url = `${options.backendUrl as string}/queues`;
    let wait = every;
    // Never two out: one unanswered by the time the next is due is given up on.
    const ask = (out = new AbortController());
    const cut = clock.setTimeout(() => ask.abort(), every);
    const heard = renewals;
    let again = false;
    try {
      // A host's getToken that never settles is given up on with the request: else no poll would follow.
      const token = await new Promise<string | undefined>((ok, no) => {
        ask.signal.addEventListener('abort', () => no(ask.signal.reason));
        Promise.resolve(options.getToken?.()).then(ok, no);
      });
      const res = await (options.fetch ?? fetch)(url, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` }, signal: ask.signal });
      const text = await res.text();
      if (!live(g)) return;
      if (!res.ok) {
        const e = vendorError(attrs(text) ?? {}, `GET ${url} answered ${res.status}`, res.status);
        // Refused (a token refused or expired, no permission, no such route): asking again with
        // the same token cannot mend it, so the poll pauses until the adapter hears of a new token
        // or connects again; the rest of the adapter carries on. 408 and 429 are asks to come back
        // later, and a 5xx a backend that may recover.
        if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
          // A new token came while this one was out: what was refused was the old one, so the
          // new one is tried now rather than left unasked until the token after it.
          if (heard !== renewals) return void (again = true);
          if (!refusedTold) host.sink()?.error(new FloorwalkError(e.code, `${e.message}; queues are polled again after a new token or connect()`, { details: { ...e.details, kind: 'queues-refused' }, cause: e.cause }));
          refusedTold = paused = true;
          return;
        }
        wait = Math.max(wait, retryAfterMs(res.headers.get('retry-after'), clock.now()) ?? 0);
        return transient(e);
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        // Left undefined: reported below as a body that is no list.
      }
      if (!Array.isArray(body)) {
        return transient(host.fail(ErrorCode.VendorError, `GET ${url} answered with a body that is not a JSON list of task queues.`, { kind: 'bad-queues-body' }));
      }
      failing = refusedTold = false;
      apply(body);
    } catch (err) {
      if (!live(g)) return;
      transient(host.fail(ErrorCode.NotConnected, `GET ${url} failed: ${String((err as Error)?.message ?? err)}; asked again in ${Math.round(wait / 1000)} s.`, { kind: 'queues-unreachable' }, err));
    } finally {
      clock.clearTimeout(cut);
      if (live(g) && !paused) {
        if (again) void poll(g);
        else timer = clock.setTimeout(() => void poll(g), wait);
      }
    }
  };

  // A new token (the Worker's `tokenUpdated`, `adapter.updateToken`) may be what a refusal wanted.
  host.requeue = () => {
    renewals++;
    if (!paused || !live(gen)) return;
    paused = false;
    void poll(gen);
  };

  return {
    open(g) {
      if (bad) host.sink()?.error(new FloorwalkError(ErrorCode.InvalidArgument, `queuePollMs ${given} is no interval (0 to 2^31 - 1 ms); polling every ${EVERY} ms.`, { details: { kind: 'bad-queue-poll' } }));
      stop();
      gen = g;
      paused = false;
      void poll(g);
    },
    close() {
      stop();
      gen = -1;
      held.clear();
      told.clear();
      listed = synced = failing = refusedTold = paused = false;
    },
    list: () => (listed ? [...held.values()].map((h) => h.q) : undefined),
  };
}
