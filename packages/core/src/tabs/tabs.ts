import type { Adapter, AdapterSink, AdapterStatus } from '../adapter.js';
import { systemClock, type Clock, type TimerHandle } from '../clock.js';
import type { CommandEnvelope } from '../commands.js';
import { ErrorCode, FloorwalkError, isFloorwalkError, type ErrorCodeValue } from '../errors.js';
import type { FloorwalkEvent, SnapshotEvent } from '../events/types.js';

/** A tab's part in sharing one vendor connection. */
export type TabRole = 'leader' | 'follower' | 'none';

/** The slice of the Web Locks API the tabs use (`navigator.locks`). */
export interface TabLocks {
  /**
   * Runs the callback while holding the exclusive lock `name`, until its promise settles. With
   * `ifAvailable` the callback gets `null` at once when another holds the lock.
   */
  request(name: string, options: { signal?: AbortSignal; ifAvailable?: boolean }, callback: (lock: unknown) => Promise<void> | undefined): Promise<unknown>;
}

/** The slice of `BroadcastChannel` the tabs use. */
export interface TabChannel {
  /** Sends to every other tab on the channel. */
  postMessage(message: unknown): void;
  /** Leaves the channel. */
  close(): void;
  /** Receives what the other tabs send. */
  onmessage: ((event: { data: unknown }) => void) | null;
}

/** Options of {@link shareAcrossTabs}. */
export interface ShareAcrossTabsOptions {
  /** What is shared: one connection per key, e.g. `${tenant}/${userId}`. Never a secret. */
  readonly key: string;
  /** Defaults to `navigator.locks`. */
  readonly locks?: TabLocks;
  /** Defaults to `new BroadcastChannel(name)`. */
  readonly channel?: (name: string) => TabChannel;
  /**
   * How long a follower waits for a leading tab to take a call on (it acknowledges the call at
   * once). The answer itself may take longer: the client's own limits (`commandTimeoutMs`,
   * `snapshotTimeoutMs`, `livenessTimeoutMs`) bound it, as they do in the leading tab. Default 5 s.
   */
  readonly timeoutMs?: number;
  readonly clock?: Clock;
  /** Told when this tab becomes leader or follower, or holds neither (`none`: frozen, disconnected). */
  readonly onRole?: (role: TabRole) => void;
  /**
   * Where the page's lifecycle is heard: `freeze` and `resume` on the document, `pagehide` and
   * `pageshow` on the global object. Defaults to the page's own (none in a worker or Node); `null`
   * turns the step-down on freezing off.
   */
  readonly lifecycle?: TabLifecycle | null;
}

/** The event targets of a page's lifecycle (TABS-2): its `document` and its `window`. */
export interface TabLifecycle {
  readonly document: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  readonly window: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
}

/** An adapter shared by the tabs of one user: one leads and holds the vendor link. */
export interface TabAdapter extends Adapter {
  /** This tab's current part. */
  readonly role: TabRole;
}

type Message =
  | { readonly t: 'events'; readonly batch: readonly FloorwalkEvent[] }
  | { readonly t: 'status'; readonly status: AdapterStatus; readonly reason?: WireError }
  | { readonly t: 'leader'; readonly tab: string; readonly to?: string }
  | { readonly t: 'resign'; readonly tab: string }
  | { readonly t: 'hello'; readonly tab: string }
  | { readonly t: 'call'; readonly id: string; readonly tab: string; readonly op: 'snapshot' | 'execute' | 'ping'; readonly command?: CommandEnvelope }
  | { readonly t: 'ack'; readonly id: string; readonly tab: string }
  | { readonly t: 'gave-up'; readonly id: string; readonly tab: string }
  | { readonly t: 'reply'; readonly id: string; readonly tab: string; readonly value?: unknown; readonly error?: WireError };

interface WireError {
  readonly code: ErrorCodeValue;
  readonly message: string;
  readonly retryable: boolean;
  readonly details?: Readonly<Record<string, unknown>>;
}

interface Call {
  message: Message & { t: 'call' };
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: FloorwalkError) => void;
  timer: TimerHandle;
  /** A leader acknowledged it: it is being answered, and goes again only to a new leader. */
  taken?: boolean;
}

const asError = (err: unknown): FloorwalkError => (isFloorwalkError(err) ? err : new FloorwalkError(ErrorCode.VendorError, String(err)));
const toWire = (err: unknown): WireError => {
  const e = asError(err);
  let details: Record<string, unknown> | undefined;
  try {
    details = e.details === undefined ? undefined : structuredClone(e.details);
  } catch {
    details = undefined;
  }
  return { code: e.code, message: e.message, retryable: e.retryable, ...(details === undefined ? {} : { details }) };
};
// Read defensively: another tab may run another version of this code, or be a stranger on the channel.
const fromWire = (w: Partial<WireError> | null): FloorwalkError =>
  new FloorwalkError(typeof w?.code === 'number' ? w.code : ErrorCode.VendorError, String(w?.message), {
    retryable: w?.retryable === true,
    ...(typeof w?.details === 'object' && w.details !== null ? { details: w.details } : {}),
  });

/** Whether a message has the shape this code reads; anything else is reported, never acted on. */
const readable = (m: unknown): m is Message => {
  if (m === null || typeof m !== 'object') return false;
  const { t, tab, id, batch, status } = m as Record<string, unknown>;
  if (t === 'events') return Array.isArray(batch);
  if (t === 'status') return typeof status === 'string';
  return typeof tab === 'string' && (t === 'leader' || t === 'resign' || t === 'hello' || ((t === 'call' || t === 'ack' || t === 'reply' || t === 'gave-up') && typeof id === 'string'));
};

/** The page's own lifecycle targets, where there is a page. */
const pageLifecycle = (): TabLifecycle | null => {
  const g = globalThis as unknown as { document?: TabLifecycle['document']; addEventListener?: unknown };
  return g.document !== undefined && typeof g.addEventListener === 'function' ? { document: g.document, window: globalThis as unknown as TabLifecycle['window'] } : null;
};

/**
 * Shares one vendor connection between the tabs of one user (TABS-1). Every tab wraps the same
 * adapter with the same key; one tab leads (it holds a Web Lock) and alone connects to the
 * vendor. The others mirror its events and send their commands and snapshot requests through
 * it, over a BroadcastChannel. When the leader's tab closes, the lock passes to another tab,
 * which connects and announces itself; every tab then resyncs from a snapshot, and calls still
 * waiting are sent again to the new leader with the same idempotency key. The vendor sees one
 * session per user, so presence is never duplicated per tab.
 *
 * A tab that the browser freezes (the Page Lifecycle `freeze` event, or `pagehide` into the
 * back/forward cache) steps down first (TABS-2): it lets go of the lock or its place in the
 * queue for it, closes its vendor link and its channel, and reports `reconnecting` to its client,
 * so another tab takes over while it sleeps. On `resume` (or `pageshow` from the cache) it joins
 * again, as a follower when another tab leads meanwhile, and resyncs; its client's pending
 * commands wait meanwhile and go out through the new leader.
 *
 * A leader whose vendor link fails (reported `failed`, not opened, a ping or snapshot through it
 * failed, or one a follower's client gave up waiting for) tells every tab (TABS-3); the followers
 * leave the lock queue and their clients re-open the link after their backoff. The failed leader hands the lock to the first tab that
 * asks it for something then, and follows it: a leading tab whose client does not reconnect does
 * not keep every tab without a link.
 *
 * @example
 * ```ts
 * const adapter = shareAcrossTabs(createGenesysAdapter({ ... }), { key: `${orgId}/${userId}` });
 * const client = createFloorwalk({ adapter, session, outbox: true, reconnect: true });
 * await client.connect();
 * ```
 */
export function shareAcrossTabs(inner: Adapter, options: ShareAcrossTabsOptions): TabAdapter {
  if (inner === null || typeof inner !== 'object' || typeof inner.connect !== 'function' || typeof options?.key !== 'string' || options.key === '') {
    throw new FloorwalkError(ErrorCode.InvalidArgument, 'shareAcrossTabs: pass an adapter and options.key, a non-empty string.');
  }
  const clock = options.clock ?? inner.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? 5000;
  const name = `floorwalk:tabs:${options.key}`;
  const tab = typeof globalThis.crypto?.randomUUID === 'function' ? globalThis.crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  let role: TabRole = 'none';
  let sink: AdapterSink | null = null;
  let channel: TabChannel | null = null;
  let abort: AbortController | null = null;
  let release: (() => void) | null = null;
  let seq = 0;
  /** Connected and not yet disconnected (with Web Locks). */
  let joined = false;
  /** No Web Locks: this tab is on its own and leads, always. */
  let solo = false;
  /** Frozen or in the back/forward cache: holds no lock, no link and no channel until it resumes. */
  let suspended = false;
  /** Bumped whenever this tab lets go (it froze, it disconnected): work begun before stops. */
  let epoch = 0;
  /** A leader whose vendor link opened: while it is also not `down`, it serves calls and `hello`s. */
  let linked = false;
  /** The leader's vendor link last reported itself not live (reconnecting, offline, failed). */
  let down = false;
  /**
   * The leader's vendor link failed (the adapter gave up, it did not open, a check through it
   * failed) and nothing in this tab has opened it again: the lead goes to the next tab that asks.
   */
  let lost = false;
  /** The leader this tab last heard announce itself, so a late `resign` of an older one is ignored. */
  let leaderTab: string | null = null;
  let unlisten: (() => void) | null = null;
  let locks: TabLocks | undefined;
  let open: (name: string) => TabChannel = (n) => new BroadcastChannel(n) as unknown as TabChannel;
  const calls = new Map<string, Call>();
  const answered = new Map<string, Promise<Message & { t: 'reply' }>>();
  /**
   * Idempotency keys of commands a leader took on whose answer this tab has not had. A call
   * rejected here meanwhile (no new leader took it on in time, the tab disconnected) comes back
   * from the client's outbox as a new call, unmarked, though the leader that went may have
   * carried it out: it goes marked `restored`, as a handed-on call does.
   */
  const unsure = new Set<unknown>();
  const marked = (command: CommandEnvelope): CommandEnvelope => (unsure.has(command?.key) && command.restored !== true ? { ...command, restored: true } : command);
  /**
   * Commands at the vendor through this tab's link, by idempotency key, until answered or the link
   * is closed: a send whose answer never comes (an adapter that does not settle its sends at
   * disconnect) must not hold the same intent on the next link. A link opened again without a
   * close (the host's connect() after `failed`) keeps them: a REST call may still be out on it.
   */
  const running = new Map<unknown, Promise<void>>();
  /** The vendor ping out now, which every tab's liveness check shares. */
  let pinging: Promise<void> | null = null;
  /** Followers' reads (snapshots, pings) out at the vendor on this tab's link, by call id. */
  const reading = new Set<string>();
  /**
   * Reads a leader took on for this tab and had not answered when its client let go of the link
   * (its check or snapshot timed out): told to the leader when the client opens the link again.
   */
  let gaveUp: string[] = [];

  /**
   * One vendor ping for all the checks that ask while it is out: a hint every tab hears at once
   * (`online`, the machine waking) would otherwise send one per tab. A failed one is a lost link
   * for every tab, the leader included, whose own client would go on showing live on a dead link.
   */
  const ping = (): Promise<void> =>
    (pinging ??= (async () => {
      try {
        await inner.ping?.();
      } catch (err) {
        lose(err);
        throw err;
      } finally {
        pinging = null;
      }
    })());

  /**
   * A snapshot the vendor link could not give, asked by this tab's client or a follower's (its
   * check over an adapter with no ping, or its resync), is a lost link for every tab, as a failed
   * ping is: no tab goes on showing live on data no one could read (TABS-3).
   */
  const read = (own?: boolean): Promise<SnapshotEvent> =>
    (async () => inner.snapshot())().catch((err: unknown) => {
      lose(err, own);
      throw err;
    });
  /** `own`: this tab's client hears of it from the rejection, so only the followers are told. */
  const lose = (err: unknown, own?: boolean): void => {
    if (own !== true) return leaderSink.status('failed', asError(err));
    if (role !== 'leader') return;
    down = lost = true;
    post({ t: 'status', status: 'failed', reason: toWire(err) });
  };

  /**
   * A command sent again while its first send is still out (a follower re-opened its link and
   * resent it, under a new call id) waits on that send: never two sends of one intent on one
   * link, as a vendor without idempotency keys (Genesys) would carry out both.
   */
  const execute = (command: CommandEnvelope): Promise<void> => {
    const key = command?.key;
    let out = running.get(key);
    if (out === undefined) {
      out = (async () => inner.execute(command))();
      if (key !== undefined) {
        running.set(key, out);
        const done = (): void => void running.delete(key);
        out.then(done, done);
      }
    }
    return out;
  };

  /**
   * This tab's vendor link is closed: nothing still out on it (a send, a read, a ping that never
   * answered) holds anything on the next one. `reopened`: opened again without a close (the
   * host's connect() after `failed`), its sends are kept (see `running`), but a read is not: a
   * ping out on the link that failed would answer every check on the new one, and a follower's
   * read that no longer answers would count the new one lost.
   */
  const unlink = (reopened?: boolean): void => {
    if (!reopened) running.clear();
    reading.clear();
    pinging = null;
  };

  const setRole = (next: TabRole): void => {
    if (next === role) return;
    role = next;
    try {
      options.onRole?.(next);
    } catch {
      // A host callback never breaks the election.
    }
  };
  const post = (message: Message): void => {
    try {
      channel?.postMessage(message);
    } catch {
      // A batch that cannot be cloned is not worth a leader's crash; followers resync later.
    }
  };

  /**
   * What the vendor link reports, the leader passes on to its own client and to every follower.
   * A link this tab no longer leads with (it stepped down) is not heard.
   */
  const leaderSink: AdapterSink = {
    events(batch) {
      if (role !== 'leader') return;
      sink?.events(batch);
      post({ t: 'events', batch });
    },
    status(status, reason) {
      if (role !== 'leader') return;
      down = status !== 'live';
      lost = status === 'failed';
      sink?.status(status, reason);
      // Before its link is announced, followers were told it is down, and its announcement tells
      // them it is up: a `live` said while connecting would start a resync it cannot serve yet.
      if (linked) post({ t: 'status', status, ...(reason === undefined ? {} : { reason: toWire(reason) }) });
    },
    error(error) {
      if (role !== 'leader') return;
      sink?.error(error);
    },
  };

  /** Holds the lock until let go; a grant that arrives after this tab let go is handed straight on. */
  const hold = (my: number): Promise<void> | undefined => (my === epoch ? new Promise<void>((resolve) => (release = resolve)) : undefined);

  /** Takes the lock if no tab holds it. */
  const tryLock = (my: number): Promise<boolean> =>
    new Promise<boolean>((resolve) => {
      (locks as TabLocks)
        .request(name, { ifAvailable: true }, (lock) => {
          resolve(lock !== null && my === epoch);
          return lock === null ? undefined : hold(my);
        })
        .catch(() => resolve(false));
    });

  /** Queues for the lock, to take over when the leader goes. A tab that steps down leaves the queue. */
  const queue = (my: number): void => {
    const { signal } = (abort = new AbortController());
    void (locks as TabLocks)
      .request(name, { signal }, () => {
        if (my !== epoch || signal.aborted) return undefined;
        const held = hold(my);
        void lead(my);
        return held;
      })
      .catch(() => {});
  };

  /**
   * Back in the lock queue, a follower that left it at a lost link (TABS-3) once a leader's link
   * is up again: its client, live again through it, may never re-open its own link (its backoff
   * outlasted the gap, or it has no reconnect), and out of the queue no tab would take over when
   * that leader goes.
   */
  const rejoin = (): void => {
    if (role === 'follower' && abort === null) queue(epoch);
  };

  /**
   * Opens the vendor link as leader and announces it, so every follower resyncs and sends what
   * waits. False when this tab let go meanwhile (it froze, it disconnected): the link that opened
   * too late is closed again.
   */
  const link = async (my: number): Promise<boolean> => {
    down = false;
    lost = false;
    try {
      await inner.connect(leaderSink);
    } catch (err) {
      // Followers told `reconnecting` must not wait on a link that did not open; this tab's own
      // client hears of it from the rejection.
      if (my === epoch) lose(err, true);
      throw err;
    }
    if (my !== epoch) {
      if (role !== 'leader') void Promise.resolve().then(() => inner.disconnect()).catch(() => {});
      return false;
    }
    linked = true;
    post({ t: 'leader', tab });
    return true;
  };

  /** Took over from a leader that went: connect, announce, and let every tab resync. */
  const lead = async (my: number): Promise<void> => {
    setRole('leader');
    leaderTab = tab;
    // A leader whose page crashed or closed said nothing: the others hear here that no tab has a
    // link, so they hold their commands and stop showing live until this one announces itself.
    post({ t: 'status', status: 'reconnecting' });
    const own = sink;
    own?.status('reconnecting');
    // Calls this tab had sent to the old leader are its own to run once linked: no tab answers them.
    for (const c of calls.values()) clock.clearTimeout(c.timer);
    try {
      if (!(await link(my))) return;
    } catch (err) {
      if (my === epoch) own?.status('failed', asError(err));
      return;
    }
    own?.status('live');
    for (const call of [...calls.values()]) void answer(handOn(call).message).then((reply) => onMessage(reply));
  };

  const answer = async (message: Message & { t: 'call' }): Promise<Message & { t: 'reply' }> => {
    if (message.op !== 'execute') reading.add(message.id);
    try {
      // A follower's liveness check (CONN-7) asks the vendor link, not only whether a tab leads.
      const value = message.op === 'snapshot' ? await read() : message.op === 'execute' ? await execute(message.command as CommandEnvelope) : await ping();
      return { t: 'reply', id: message.id, tab: message.tab, value };
    } catch (err) {
      return { t: 'reply', id: message.id, tab: message.tab, error: toWire(err) };
    } finally {
      reading.delete(message.id);
    }
  };

  /**
   * A leader takes calls on only while its vendor link is up: a follower's command or snapshot
   * must not be answered from a link still opening or gone (that follower would show live with no
   * tab holding the link). Followers send what waits again when a leader announces itself or its
   * link is back.
   */
  const serving = (): boolean => role === 'leader' && linked && !down;
  /**
   * A command a leader took on and did not answer may have reached the vendor, and that tab's
   * memory of it went with it: the next leader sends it `restored`, so an adapter whose vendor
   * takes no idempotency key looks at what it would do first, as for one a closed tab's outbox left.
   */
  const handOn = (c: Call): Call => {
    if (c.taken === true && c.message.command !== undefined) c.message = { ...c.message, command: { ...c.message.command, restored: true } };
    c.taken = false;
    return c;
  };
  const resend = (waiting: readonly Call[]): void => {
    for (const c of waiting) {
      if (calls.get(c.message.id) !== c) continue;
      clock.clearTimeout(c.timer);
      arm(c);
      post(c.message);
    }
  };

  /**
   * A leader whose link was lost hands the lead to the first tab that asks for it (TABS-3): one
   * whose client opens the link again after its backoff, or whose host called connect(). Not at
   * once, or every queued tab would try the vendor in turn, past any Retry-After; nor never, or a
   * tab whose client does not reconnect would keep every tab without a link. It follows the next.
   */
  const handOver = (): void => {
    epoch++;
    lost = linked = false;
    leaderTab = null;
    // Out of the queue too (a lead it was granted from there): connect() puts it back.
    abort?.abort();
    abort = null;
    release?.();
    release = null;
    setRole('follower');
    unlink();
    void Promise.resolve()
      .then(() => inner.disconnect())
      .catch(() => {});
  };

  const onMessage = (data: unknown): void => {
    if (!readable(data)) {
      sink?.error(new FloorwalkError(ErrorCode.MalformedEvent, `A tab sent a message on ${name} that this tab cannot read.`));
      return;
    }
    const m = data;
    if (m.t === 'gave-up') {
      // A follower's client waited longer for a read this link took on than it would (a check or
      // snapshot that timed out): a lost link for every tab, as a read that failed is (TABS-3).
      if (serving() && reading.has(m.id)) lose(new FloorwalkError(ErrorCode.NotConnected, 'The vendor link did not answer a read a tab asked for in time.'));
      return;
    }
    if (lost && role === 'leader' && (m.t === 'call' || m.t === 'hello')) handOver();
    if (m.t === 'call') {
      if (!serving()) return;
      // Taken on: the follower's tab timeout ends here, and its client's own limits bound the answer.
      post({ t: 'ack', id: m.id, tab: m.tab });
      // A follower resends what waits when a leader changes, or misses a reply while frozen: the
      // same command is answered once. Snapshots and pings are reads, run again rather than kept:
      // a large board's snapshot kept per call would grow with every follower's resync.
      let reply = answered.get(m.id);
      if (reply === undefined) {
        reply = answer(m);
        if (m.op === 'execute') answered.set(m.id, reply);
        if (answered.size > 1000) answered.delete(answered.keys().next().value as string);
      }
      void reply.then(post);
      return;
    }
    if (m.t === 'reply' || m.t === 'ack') {
      if (m.tab !== tab) return;
      const call = calls.get(m.id);
      if (call === undefined) return;
      clock.clearTimeout(call.timer);
      const key = call.message.command?.key;
      if (m.t === 'ack') {
        if (key !== undefined) unsure.add(key);
        if (unsure.size > 1000) unsure.delete(unsure.values().next().value);
        return void (call.taken = true);
      }
      calls.delete(m.id);
      unsure.delete(key);
      if (m.error !== undefined) call.reject(fromWire(m.error));
      else call.resolve(m.value);
      return;
    }
    if (m.t === 'hello') {
      // A tab that resumed asks who leads; only a leader whose link is up answers, to it alone.
      if (serving()) post({ t: 'leader', tab, to: m.tab });
      return;
    }
    if (role === 'leader') return;
    if (m.t === 'events') sink?.events(m.batch);
    else if (m.t === 'status') {
      // The leader's link is back: what it did not take on meanwhile goes again. Listed before the
      // client hears it, so the resync it starts is not sent twice; nor is what the leader is reading.
      const waiting = m.status === 'live' ? [...calls.values()].filter((c) => c.taken !== true) : [];
      // The leader's link failed: its clients' backoff, not the lock queue, says when a tab tries
      // the vendor next (TABS-3). This tab joins the queue again as its client re-opens the link.
      if (m.status === 'failed') {
        abort?.abort();
        abort = null;
      } else if (m.status === 'live') rejoin();
      sink?.status(m.status, m.reason === undefined ? undefined : fromWire(m.reason));
      resend(waiting);
    } else if (m.t === 'resign') {
      // The leader stepped down (it froze, it left): commands wait until the next one announces.
      if (leaderTab !== null && leaderTab !== m.tab) return;
      leaderTab = null;
      sink?.status('reconnecting');
    } else if (m.t === 'leader') {
      leaderTab = m.tab;
      if (m.to !== undefined && m.to !== tab) return;
      rejoin();
      setRole('follower');
      // A new leader: what it holds may differ from the old one's; resync, and resend what waits
      // (listed first: the resync's own call is sent once).
      const waiting = [...calls.values()].map(handOn);
      sink?.status('reconnecting');
      sink?.status('live');
      resend(waiting);
    }
  };

  const arm = (c: Call): void => {
    c.timer = clock.setTimeout(() => {
      calls.delete(c.message.id);
      c.reject(new FloorwalkError(ErrorCode.NotConnected, `No leading tab took ${c.message.op} on within ${timeoutMs} ms.`));
    }, timeoutMs);
  };

  const call = (op: 'snapshot' | 'execute' | 'ping', command?: CommandEnvelope): Promise<unknown> => {
    if (channel === null) return Promise.reject(new FloorwalkError(ErrorCode.NotConnected, 'The tab is not connected.'));
    const message = { t: 'call', id: `${tab}:${++seq}`, tab, op, ...(command === undefined ? {} : { command }) } as Message & { t: 'call' };
    return new Promise((resolve, reject) => {
      const c: Call = { message, resolve, reject, timer: undefined as unknown as TimerHandle };
      arm(c);
      calls.set(message.id, c);
      post(message);
    });
  };

  const openChannel = (): void => {
    channel = open(name);
    channel.onmessage = (event) => onMessage(event.data);
  };

  /**
   * Steps down before the page is frozen or cached (TABS-2). Runs inside the `freeze` or
   * `pagehide` handler, so all of it is synchronous: the lock goes in the microtask after it,
   * before the page stops, and the next tab in the queue is granted it.
   */
  const suspend = (): void => {
    if (!joined || suspended) return;
    suspended = true;
    epoch++;
    const wasLeader = role === 'leader';
    linked = false;
    leaderTab = null;
    abort?.abort();
    abort = null;
    const letGo = release;
    release = null;
    if (wasLeader) post({ t: 'resign', tab });
    letGo?.();
    if (channel !== null) {
      channel.onmessage = null;
      channel.close();
      channel = null;
    }
    // Calls wait for the resume: no timer fires for the time the page slept.
    for (const c of calls.values()) clock.clearTimeout(c.timer);
    setRole('none');
    sink?.status('reconnecting');
    if (wasLeader) {
      unlink();
      try {
        void inner.disconnect().catch(() => {});
      } catch {
        // An adapter that throws on disconnect has let go all the same.
      }
    }
  };

  /** Joins again after a freeze: leads if no tab does, else follows whoever took over and resyncs. */
  const resume = (): void => {
    if (!joined || !suspended) return;
    suspended = false;
    const my = epoch;
    openChannel();
    // A reply that came while it slept is lost to it: what a leader had taken on goes again, marked
    // as handed on, for the leader that answers may be a new one (the same one answers its call id once).
    for (const c of calls.values()) arm(handOn(c));
    void tryLock(my).then((won) => {
      if (my !== epoch) return;
      if (won) {
        void lead(my);
        return;
      }
      setRole('follower');
      queue(my);
      // The leader answers once its link is open; its `leader` reply makes this tab resync.
      post({ t: 'hello', tab });
    });
  };

  const listen = (): (() => void) | null => {
    const life = options.lifecycle === undefined ? pageLifecycle() : options.lifecycle;
    if (life === null) return null;
    const persisted = (event: Event): boolean => (event as { persisted?: boolean }).persisted === true;
    // Listeners on the two event targets only: the core touches no DOM element API.
    const { document: doc, window: win } = life;
    const heard: [TabLifecycle['document'], string, (event: Event) => void][] = [
      [doc, 'freeze', () => suspend()],
      [doc, 'resume', () => resume()],
      [win, 'pagehide', (event) => persisted(event) && suspend()],
      [win, 'pageshow', (event) => persisted(event) && resume()],
    ];
    for (const [target, type, handler] of heard) target.addEventListener(type, handler);
    return () => {
      for (const [target, type, handler] of heard) target.removeEventListener(type, handler);
    };
  };

  const adapter: TabAdapter = {
    id: inner.id,
    capabilities: inner.capabilities,
    ...(inner.clock === undefined ? {} : { clock: inner.clock }),
    get role() {
      return role;
    },
    async connect(next) {
      sink = next;
      // The client opens the link again: a read it asked before it no longer waits for. One a
      // leader took on and has not answered is a read the vendor link did not answer in time.
      for (const c of calls.values()) {
        if (c.taken !== true || c.message.op === 'execute') continue;
        clock.clearTimeout(c.timer);
        calls.delete(c.message.id);
        gaveUp.push(c.message.id);
        c.reject(new FloorwalkError(ErrorCode.NotConnected, 'The client opened the link again while the call was out.'));
      }
      const again = joined;
      if (!joined) {
        locks = options.locks ?? (globalThis as unknown as { navigator?: { locks?: TabLocks } }).navigator?.locks;
        if (options.channel !== undefined) open = options.channel;
        if (locks === undefined) {
          // No Web Locks (an old browser, a worker without them): every tab is on its own.
          solo = true;
          setRole('leader');
          await inner.connect(leaderSink);
          return;
        }
        joined = true;
        openChannel();
        unlisten = listen();
      }
      if (channel !== null) {
        for (const id of gaveUp) post({ t: 'gave-up', id, tab });
        gaveUp = [];
      }
      if (again && (role === 'leader' || suspended || abort !== null)) {
        // Connected again without a disconnect() (the host, after `failed`): a leader whose
        // link failed to open never announced itself, and its followers wait for it to.
        if (role === 'leader') {
          unlink(true);
          await link(epoch);
        }
        if (!suspended) next.status('live');
        return;
      }
      // Out of the lock queue (a lost link, TABS-3) or not yet in it.
      const my = epoch;
      // Lead at once if no tab does; otherwise follow, and queue for the lock to take over later.
      if (await tryLock(my)) {
        setRole('leader');
        leaderTab = tab;
        await link(my);
        return;
      }
      if (my !== epoch) return;
      setRole('follower');
      queue(my);
      next.status('live');
    },
    snapshot() {
      return solo ? inner.snapshot() : role === 'leader' ? read(true) : (call('snapshot') as Promise<SnapshotEvent>);
    },
    async execute(command) {
      if (role === 'leader' || solo) return execute(marked(command));
      await call('execute', marked(command));
    },
    /**
     * Only where the wrapped adapter has one: without, the client checks the link by a snapshot,
     * which reaches the vendor from every tab, where a ping would have asked the tabs alone.
     */
    get ping() {
      if (typeof inner.ping !== 'function') return undefined;
      return async (): Promise<void> => {
        if (solo) return inner.ping?.();
        if (role === 'leader') return ping();
        await call('ping');
      };
    },
    async disconnect() {
      const wasLeader = role === 'leader';
      epoch++;
      joined = false;
      suspended = false;
      solo = false;
      linked = false;
      leaderTab = null;
      unlisten?.();
      unlisten = null;
      sink = null;
      abort?.abort();
      abort = null;
      if (wasLeader) post({ t: 'resign', tab });
      release?.();
      release = null;
      channel?.close();
      channel = null;
      for (const c of calls.values()) {
        clock.clearTimeout(c.timer);
        if (c.taken === true && c.message.op !== 'execute') gaveUp.push(c.message.id);
        // Its outcome is unknown (a leader may be carrying it out): retryable, as the adapter
        // contract has it for a send out at disconnect(), so the client keeps it and sends it again.
        c.reject(new FloorwalkError(ErrorCode.NotConnected, 'The tab disconnected while the call was out.'));
      }
      calls.clear();
      setRole('none');
      if (!wasLeader) return;
      unlink();
      await inner.disconnect();
    },
  };
  return adapter;
}
