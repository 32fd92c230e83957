import type { Adapter, AdapterSink } from '../adapter.js';
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
  /** How long a follower waits for the leader to answer a call. Default 5 s. */
  readonly timeoutMs?: number;
  readonly clock?: Clock;
  /** Told when this tab becomes leader or follower. */
  readonly onRole?: (role: TabRole) => void;
}

/** An adapter shared by the tabs of one user: one leads and holds the vendor link. */
export interface TabAdapter extends Adapter {
  /** This tab's current part. */
  readonly role: TabRole;
}

type Message =
  | { readonly t: 'events'; readonly batch: readonly FloorwalkEvent[] }
  | { readonly t: 'status'; readonly status: 'live' | 'reconnecting' | 'offline' | 'failed'; readonly reason?: WireError }
  | { readonly t: 'leader'; readonly tab: string }
  | { readonly t: 'call'; readonly id: string; readonly tab: string; readonly op: 'snapshot' | 'execute' | 'ping'; readonly command?: CommandEnvelope }
  | { readonly t: 'reply'; readonly id: string; readonly tab: string; readonly value?: unknown; readonly error?: WireError };

interface WireError {
  readonly code: ErrorCodeValue;
  readonly message: string;
  readonly retryable: boolean;
  readonly details?: Readonly<Record<string, unknown>>;
}

interface Call {
  readonly message: Message & { t: 'call' };
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: FloorwalkError) => void;
  timer: TimerHandle;
}

const toWire = (err: unknown): WireError => {
  const e = isFloorwalkError(err) ? err : new FloorwalkError(ErrorCode.VendorError, String(err));
  let details: Record<string, unknown> | undefined;
  try {
    details = e.details === undefined ? undefined : structuredClone(e.details);
  } catch {
    details = undefined;
  }
  return { code: e.code, message: e.message, retryable: e.retryable, ...(details === undefined ? {} : { details }) };
};
const fromWire = (w: WireError): FloorwalkError => new FloorwalkError(w.code, w.message, { retryable: w.retryable, ...(w.details === undefined ? {} : { details: w.details }) });

/**
 * Shares one vendor connection between the tabs of one user (TABS-1). Every tab wraps the same
 * adapter with the same key; one tab leads (it holds a Web Lock) and alone connects to the
 * vendor. The others mirror its events and send their commands and snapshot requests through
 * it, over a BroadcastChannel. When the leader's tab closes, the lock passes to another tab,
 * which connects and announces itself; every tab then resyncs from a snapshot, and calls still
 * waiting are sent again to the new leader with the same idempotency key. The vendor sees one
 * session per user, so presence is never duplicated per tab.
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
  const calls = new Map<string, Call>();
  const answered = new Map<string, Promise<Message & { t: 'reply' }>>();

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

  /** What the vendor link reports, the leader passes on to its own client and to every follower. */
  const leaderSink: AdapterSink = {
    events(batch) {
      sink?.events(batch);
      post({ t: 'events', batch });
    },
    status(status, reason) {
      sink?.status(status, reason);
      post({ t: 'status', status, ...(reason === undefined ? {} : { reason: toWire(reason) }) });
    },
    error(error) {
      sink?.error(error);
    },
  };

  const lead = async (): Promise<void> => {
    setRole('leader');
    const own = sink;
    own?.status('reconnecting');
    try {
      await inner.connect(leaderSink);
    } catch (err) {
      own?.status('failed', isFloorwalkError(err) ? err : new FloorwalkError(ErrorCode.VendorError, String(err)));
      return;
    }
    post({ t: 'leader', tab });
    own?.status('live');
    // Calls this tab had sent to the old leader are now its own to run.
    for (const call of [...calls.values()]) void answer(call.message).then((reply) => onMessage(reply));
  };

  const answer = async (message: Message & { t: 'call' }): Promise<Message & { t: 'reply' }> => {
    try {
      const value = message.op === 'snapshot' ? await inner.snapshot() : message.op === 'execute' ? await inner.execute(message.command as CommandEnvelope) : undefined;
      return { t: 'reply', id: message.id, tab: message.tab, value };
    } catch (err) {
      return { t: 'reply', id: message.id, tab: message.tab, error: toWire(err) };
    }
  };

  const onMessage = (data: unknown): void => {
    const m = data as Message | null;
    if (m === null || typeof m !== 'object') return;
    if (m.t === 'call') {
      if (role !== 'leader') return;
      // A follower resends what waits when a leader changes: the same call is answered once.
      let reply = answered.get(m.id);
      if (reply === undefined) {
        reply = answer(m);
        answered.set(m.id, reply);
        if (answered.size > 1000) answered.delete(answered.keys().next().value as string);
      }
      void reply.then(post);
      return;
    }
    if (m.t === 'reply') {
      if (m.tab !== tab) return;
      const call = calls.get(m.id);
      if (call === undefined) return;
      calls.delete(m.id);
      clock.clearTimeout(call.timer);
      if (m.error !== undefined) call.reject(fromWire(m.error));
      else call.resolve(m.value);
      return;
    }
    if (role === 'leader') return;
    if (m.t === 'events') sink?.events(m.batch);
    else if (m.t === 'status') sink?.status(m.status, m.reason === undefined ? undefined : fromWire(m.reason));
    else if (m.t === 'leader') {
      setRole('follower');
      // A new leader: what it holds may differ from the old one's; resync, and resend what waits.
      sink?.status('reconnecting');
      sink?.status('live');
      for (const call of calls.values()) post(call.message);
    }
  };

  const call = (op: 'snapshot' | 'execute' | 'ping', command?: CommandEnvelope): Promise<unknown> => {
    if (channel === null) return Promise.reject(new FloorwalkError(ErrorCode.NotConnected, 'The tab is not connected.'));
    const message = { t: 'call', id: `${tab}:${++seq}`, tab, op, ...(command === undefined ? {} : { command }) } as Message & { t: 'call' };
    return new Promise((resolve, reject) => {
      const timer = clock.setTimeout(() => {
        calls.delete(message.id);
        reject(new FloorwalkError(ErrorCode.NotConnected, `No leading tab answered ${op} within ${timeoutMs} ms.`));
      }, timeoutMs);
      calls.set(message.id, { message, resolve, reject, timer });
      post(message);
    });
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
      if (channel !== null) {
        if (role === 'leader') await inner.connect(leaderSink);
        next.status('live');
        return;
      }
      const locks = options.locks ?? (globalThis as unknown as { navigator?: { locks?: TabLocks } }).navigator?.locks;
      const open = options.channel ?? ((n: string) => new BroadcastChannel(n) as unknown as TabChannel);
      if (locks === undefined) {
        // No Web Locks (an old browser, a worker without them): every tab is on its own.
        setRole('leader');
        await inner.connect(leaderSink);
        return;
      }
      channel = open(name);
      channel.onmessage = (event) => onMessage(event.data);
      abort = new AbortController();
      const hold = (): Promise<void> => new Promise<void>((resolve) => (release = resolve));
      // Lead at once if no tab does; otherwise follow, and queue for the lock to take over later.
      const won = await new Promise<boolean>((resolve) => {
        locks
          .request(name, { ifAvailable: true }, (lock) => {
            resolve(lock !== null);
            return lock === null ? undefined : hold();
          })
          .catch(() => resolve(false));
      });
      if (won) {
        setRole('leader');
        await inner.connect(leaderSink);
        post({ t: 'leader', tab });
        return;
      }
      setRole('follower');
      const signal = abort.signal;
      void locks
        .request(name, { signal }, () => {
          const held = hold();
          void lead();
          return held;
        })
        .catch(() => {});
      next.status('live');
    },
    snapshot() {
      return role === 'leader' || channel === null ? inner.snapshot() : (call('snapshot') as Promise<SnapshotEvent>);
    },
    async execute(command) {
      if (role === 'leader' || channel === null) return inner.execute(command);
      await call('execute', command);
    },
    async ping() {
      if (role === 'leader' || channel === null) {
        if (typeof inner.ping === 'function') await inner.ping();
        return;
      }
      await call('ping');
    },
    async disconnect() {
      const wasLeader = role === 'leader';
      sink = null;
      abort?.abort();
      abort = null;
      release?.();
      release = null;
      channel?.close();
      channel = null;
      for (const c of calls.values()) {
        clock.clearTimeout(c.timer);
        c.reject(new FloorwalkError(ErrorCode.Cancelled, 'The tab disconnected.'));
      }
      calls.clear();
      setRole('none');
      if (wasLeader) await inner.disconnect();
    },
  };
  return adapter;
}
