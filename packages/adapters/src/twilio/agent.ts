import { ErrorCode, FloorwalkError } from '@floorwalk/core';
import { link, vendorError } from './errors.js';
import type { Host } from './host.js';
import type { Obj, Res, Wk } from './mapping.js';
import type { TwilioListener, TwilioReservation, TwilioWorker } from './types.js';

/*
 * The agent side, loaded by connect() when the host gives a TaskRouter Worker: a supervisor page
 * fed by Sync alone never loads it.
 */

/** How long the page's own agent waits for Sync to place it in its team (agent side `waits`). */
const PLACE_WAIT = 5_000;

const RESERVATION_EVENTS = ['accepted', 'rejected', 'timeout', 'canceled', 'rescinded', 'completed', 'wrapup'] as const;

/** The minimal reservation surface `fromReservation` reads (see `TwilioReservation`). */
interface ReservationLike {
  readonly sid?: unknown;
  readonly status?: unknown;
  readonly task?: unknown;
  readonly workerSid?: unknown;
  readonly dateCreated?: unknown;
  readonly dateUpdated?: unknown;
}

/** The agent side of one adapter: listens to its Worker and the Worker's reservations. */
export interface AgentSide {
  /**
   * Listens to the Worker for connection `g`; `ready` runs on each of its `ready` events, and
   * with the cause when the Worker reports, before its first `ready`, a failure it will not
   * recover from by itself.
   */
  listen(g: number, ready: (err?: FloorwalkError) => void): void;
  /** Rebuilds the Worker's presence and reservations from what it holds now. */
  resync(g: number): void;
  /** Stops listening to the Worker and to every reservation. */
  close(): void;
  /** The host gave the Worker a token (`adapter.updateToken`): while nothing listens for its `tokenUpdated`, this says so. */
  updated(): void;
}

export function createAgentSide(host: Host, w: TwilioWorker): AgentSide {
  const { attrs, channelOf, details, isObj, reservationStatus, str, time } = host.kit;
  /** A Worker SDK reservation, with the status the event named (the object may lag or lead it). */
  function fromReservation(r: ReservationLike, status: unknown, workerSid: string, now: number): Res | string {
    if (!isObj(r) || !str(r.sid)) return 'reservation has no sid';
    const t = r.task;
    const s = reservationStatus(status, isObj(t) && t.status);
    if (s === undefined) return `reservation ${r.sid as string}: unknown status ${JSON.stringify(status)}`;
    if (!isObj(t) || !str(t.sid)) return `reservation ${r.sid as string}: task is missing`;
    const a = attrs(t.attributes);
    if (a === undefined) return `reservation ${r.sid as string}: task attributes are not an object`;
    const at = time(r.dateUpdated) ?? now;
    const offeredAt = time(r.dateCreated);
    return {
      sid: r.sid as string,
      taskSid: t.sid as string,
      workerSid: str(r.workerSid) ?? workerSid,
      status: s,
      at,
      createdAt: time(t.dateCreated) ?? offeredAt ?? at,
      ...(offeredAt !== undefined && { offeredAt }),
      channel: channelOf(t.taskChannelUniqueName, a),
      ...(str(t.queueSid) !== undefined && { queueSid: t.queueSid as string }),
      ...(str(t.queueName) !== undefined && { queueName: t.queueName as string }),
      attrs: a,
      // The SDK keeps the agent's last outgoing transfer on the task; `complete` once the other side took it.
      ...(s === 'completed' && (t.transfers as { outgoing?: Obj } | undefined)?.outgoing?.status === 'complete' && { end: 'transferred' as const }),
    };
  }

  /** The Worker SDK object itself. */
  function fromWorker(w: Obj, now: number): Wk | string {
    const act = w.activity;
    if (!str(w.sid)) return 'worker has no sid';
    if (!isObj(act) || !str(act.name)) return `worker ${w.sid as string}: activity is missing (not ready?)`;
    const a = attrs(w.attributes);
    if (a === undefined) return `worker ${w.sid as string}: attributes are not an object`;
    const since = time(w.dateActivityChanged) ?? time(w.dateStatusChanged) ?? now;
    return {
      sid: w.sid as string,
      ...details(a, w.friendlyName ?? w.name),
      activityName: act.name as string,
      ...(str(act.sid) !== undefined && { activitySid: act.sid as string }),
      since,
      updated: Math.max(time(w.dateUpdated) ?? since, since),
    };
  }

  /**
   * The host already disconnected the Worker (twilio-taskrouter 2.1.1 dist, EventBridgeSignaling
   * `disconnect`: `reconnect = false`, the socket's handlers nulled): no `ready` or `disconnected`
   * will come for a connect() to hear. A `tokenExpired` leaves the handlers, and a new token brings
   * that Worker back.
   */
  const closedByHost = (): boolean => w._signaling?.reconnect === false && w._signaling.webSocket?.onclose == null;

  /** The timer of a hold for Sync's first answer (`waits`). */
  let hold: unknown;
  /**
   * With a Sync client, teams come from its `team_sid`, which the Worker does not carry: the page's
   * own agent announced before the team side's first answer would show teamless, then in its team,
   * on every board. So until that answer (team.ts calls `host.place`) the Worker's reports wait,
   * and one resync then reads the Worker as it is. Bounded: after PLACE_WAIT (Sync answers in well
   * under a second, but twilio-sync retries a throttled query for 90 s) the agent is announced as
   * the Worker has it, rather than missing from the board.
   */
  const waits = (g: number): boolean => {
    if (host.options.sync === undefined || host.placed === g) return false;
    if (hold === undefined) {
      const go = host.guard(g, () => {
        host.clock.clearTimeout(hold);
        hold = host.place = undefined;
        host.placed = g;
        resync(g);
      });
      hold = host.clock.setTimeout(go, PLACE_WAIT);
      host.place = go;
    }
    return true;
  };

  const watched = new Map<string, { r: TwilioReservation; off: () => void }>();
  let unwatchWorker: (() => void) | undefined;
  let tokenFailed = false;
  /** The socket closed and no `ready` came since. */
  let down = false;

  const watch = (g: number, r: TwilioReservation): void => {
    const old = watched.get(r.sid);
    if (old?.r === r) return;
    old?.off();
    const handlers = RESERVATION_EVENTS.map((name) => {
      const h = host.guard(g, (obj?: TwilioReservation) => {
        // The SDK drops a reservation that ended from worker.reservations; so do we, listeners and all.
        if (name !== 'accepted' && name !== 'wrapup' && watched.get(r.sid)?.r === r) {
          watched.get(r.sid)?.off();
          watched.delete(r.sid);
        }
        const res = fromReservation(obj ?? r, name, w.sid, host.clock.now());
        if (typeof res === 'string') return host.malformed(res, { event: name });
        host.sample(time((obj ?? r).dateUpdated));
        host.deliver(host.onRes(res));
      });
      r.on(name, h);
      return [name, h] as const;
    });
    watched.set(r.sid, { r, off: () => handlers.forEach(([name, h]) => r.removeListener(name, h)) });
  };

  /** `ready` comes again after every reconnect with new reservation objects and no replay: rebuild from what the Worker holds now. */
  const resync = (g: number): void => {
    // A Worker that will not come back is not announced (connect() is rejecting: listen, below);
    // with Sync, neither is one the team side has not placed yet (`waits`).
    if (closedByHost() || waits(g)) return;
    for (const a of w.activities.values()) host.learn(a.sid, a.name, a.available);
    const me = fromWorker(w as unknown as Obj, host.clock.now());
    if (typeof me === 'string') return host.malformed(me);
    const out = host.onWorker(me, true);
    const live = new Set<string>();
    for (const r of w.reservations.values()) {
      live.add(r.sid);
      watch(g, r);
      const res = fromReservation(r, r.status, w.sid, host.clock.now());
      if (typeof res === 'string') host.malformed(res);
      else out.push(...host.onRes(res));
    }
    for (const [sid, rr] of host.reservations) if (rr.r.workerSid === w.sid && !live.has(sid)) out.push(...host.gone(sid));
    for (const [sid, x] of watched) {
      if (!live.has(sid)) {
        x.off();
        watched.delete(sid);
      }
    }
    host.deliver(out);
  };

  const me = (g: number, activity: boolean): void => {
    if (waits(g)) return;
    const wk = fromWorker(w as unknown as Obj, host.clock.now());
    if (typeof wk === 'string') return host.malformed(wk);
    host.sample(time(activity ? w.dateActivityChanged : w.dateUpdated));
    host.deliver(host.onWorker(wk, activity));
  };

  /** Stops listening to the Worker and to every reservation. */
  const close = (): void => {
    unwatchWorker?.();
    unwatchWorker = undefined;
    if (hold !== undefined) {
      host.clock.clearTimeout(hold);
      hold = host.place = undefined;
    }
    for (const x of watched.values()) x.off();
    watched.clear();
  };

  /** The host disconnected the Worker: not retryable, or the client would connect again and wait again over the same Worker. */
  const gone = (cause: unknown): FloorwalkError =>
    new FloorwalkError(ErrorCode.NotConnected, 'The host disconnected the TaskRouter Worker; it will not reconnect (make a new Worker, and an adapter over it).', { retryable: false, details: { kind: 'worker-disconnected' }, cause });

  const listen = (g: number, ready: (err?: FloorwalkError) => void): void => {
    const { getToken } = host.options;
    /** No `ready` yet, ever: a failure now may be one connect() must not wait out. */
    let starting = w.activity == null;
    // The client connects again without disconnecting when it retries from a failed state: the
    // earlier connection's listeners go first, or its stale guards would swallow every event of
    // the reservations it watched.
    close();
    // Disconnected before connect(), or while this part loaded: its `disconnected` went unheard.
    if (closedByHost()) return ready(gone({ message: 'SDK Disconnect' }));
    down = false;
    (host.links ??= {}).w = undefined;
    /** Asks the host for a token and gives it to the Worker; without one, the link has failed. */
    const renew = (): void => {
      const expired = (cause?: unknown): void => {
        tokenFailed = true;
        const err = host.fail(ErrorCode.AuthFailed, 'The TaskRouter token expired; the Worker will not reconnect until it gets a new one.', { kind: 'token-expired' }, cause);
        host.sink()?.error(err);
        link(host, 'w', ['failed', err]);
      };
      if (getToken === undefined) return expired();
      Promise.resolve()
        .then(getToken)
        .then((t) => g === host.gen() && w.updateToken(t))
        .catch((e: unknown) => g === host.gen() && expired(e));
    };
    const on: [string, TwilioListener][] = [
      ['ready', () => ((starting = down = false), resync(g), ready(), link(host, 'w', undefined))],
      ['activityUpdated', () => me(g, true)],
      ['attributesUpdated', () => me(g, false)],
      ['reservationCreated', (r: TwilioReservation) => {
        if (!isObj(r) || typeof r.on !== 'function') return host.malformed('reservationCreated without a reservation');
        watch(g, r);
        const res = fromReservation(r, 'pending', w.sid, host.clock.now());
        if (typeof res === 'string') return host.malformed(res);
        host.sample(time(r.dateUpdated));
        host.deliver(host.onRes(res));
      }],
      ['reservationFailed', (p: unknown) =>
        host.report(ErrorCode.VendorError, 'TaskRouter could not reserve the task the worker created.', { payload: p })],
      ['disconnected', (reason?: { message?: string }) => {
        const byHost = reason?.message === 'SDK Disconnect';
        const err = host.fail(ErrorCode.NotConnected, `TaskRouter disconnected: ${String(reason?.message)}`);
        down = true;
        // A backend call out on the lost link may never be answered, and would hold the outbox.
        host.calls?.abort(err);
        host.calls = undefined;
        // The host's own disconnect() turns the SDK's reconnect off for good: before the first
        // `ready`, connect() would only wait out readyTimeoutMs for a `ready` that cannot come.
        // Not retryable, or the client would connect again and wait again over the same Worker.
        if (starting && byHost) return ready(gone(reason));
        // After tokenExpired the SDK does not reconnect until it has a new token: still failed.
        // Before the first `ready` the link never was up to be reconnecting: still connecting
        // (the SDK retries a socket that did not open), until `ready` or a start failure.
        if ((tokenFailed || starting) && !byHost) return;
        link(host, 'w', [byHost ? 'offline' : 'reconnecting', err]);
      }],
      ['error', (e: unknown) => {
        const err = vendorError(e, 'TaskRouter');
        // twilio-taskrouter 2.x: when a GET of its start-up (worker, activities, channels,
        // reservations) fails it emits only `Error('Failed to initialize Worker WK…')` (0.x/1.x: that
        // string), logging the HTTP status, and runs again only on the next socket `init`: on an
        // open socket `ready` never comes. A refused token will not mend by waiting either. A
        // socket that fails to open (GATEWAY_CONNECTION_FAILED, then `disconnected`) the SDK
        // retries itself, and says no more of why: that one still waits for `ready`.
        if (/^Failed to initialize Worker/.test(String((e as Error | undefined)?.message ?? e))) {
          const failed = new FloorwalkError(
            ErrorCode.VendorError,
            `TaskRouter could not start the Worker: its token refused, a worker SID or workspace not found, no TaskRouter grant, or a server error (the SDK's log says which). ${err.message}`,
            { retryable: false, details: { kind: 'worker-start-failed' }, cause: e },
          );
          if (starting) return ready(failed);
          // The same failure on the `init` after a reconnect: `reconnecting` would never end, as
          // no `ready` comes until the socket drops again. Failed, so the host can act; a later
          // `ready` brings the link back as after any reconnect.
          host.sink()?.error(failed);
          return link(host, 'w', ['failed', failed]);
        }
        if (starting && err.code === ErrorCode.AuthFailed) return ready(err);
        host.sink()?.error(err);
      }],
      ['tokenExpired', renew],
      ['tokenUpdated', () => {
        // In Flex one token serves the Worker and Sync, and twilio-sync says nothing of a renewal
        // that needed no reconnect: this may be the only word of Sync's new token. It is the
        // backend's too, which may have refused the old one for queues.
        host.renewed?.();
        host.requeue?.();
        if (tokenFailed) {
          tokenFailed = false;
          // A socket that closed meanwhile reopens now; `ready` says when it is back.
          link(host, 'w', down ? ['reconnecting'] : undefined);
        }
      }],
    ];
    const guarded = on.map(([name, fn]) => [name, host.guard(g, fn)] as const);
    for (const [name, h] of guarded) w.on(name, h);
    unwatchWorker = () => guarded.forEach(([name, h]) => w.removeListener(name, h));
    // Connected again (the client retrying, or renewing auth) while the Worker still waits for a
    // token since its tokenExpired: ask for one again, or stay failed; never claim live meanwhile.
    if (tokenFailed) host.guard(g, renew)();
  };

  return {
    listen,
    resync,
    close,
    updated() {
      if (unwatchWorker === undefined) tokenFailed = false;
    },
  };
}
