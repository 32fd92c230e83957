import { systemClock, type Clock } from '../clock.js';
import { ErrorCode, FloorwalkError, isFloorwalkError } from '../errors.js';
import {
  versionConflict,
  type Backplane,
  type BackplaneAppend,
  type BackplaneChange,
  type BackplaneLogEntry,
  type BackplaneMessage,
  type BackplanePut,
  type BackplaneRecord,
} from './port.js';

/** Options for {@link createMemoryBackplane}. */
export interface MemoryBackplaneOptions {
  /**
   * Instances with the same name in one browser (tabs, frames, or two in one page) share one
   * backplane over a BroadcastChannel of this name. Default `floorwalk-backplane`.
   */
  readonly name?: string;
  /**
   * Share with other instances of the name. Default: when both BroadcastChannel and Web Locks
   * (`navigator.locks`) exist. Without them the instance is plain memory, shared only by the
   * clients given the same object.
   */
  readonly broadcast?: boolean;
  /** Most entries one log keeps; the oldest go first. Default 5000. */
  readonly logLimit?: number;
  /** Time of published messages. Default the wall clock. */
  readonly clock?: Clock;
}

type Op =
  | { readonly op: 'put'; readonly write: BackplanePut }
  | { readonly op: 'delete'; readonly key: string; readonly expectedVersion: number }
  | { readonly op: 'append'; readonly entry: BackplaneAppend };

/** What travels on the BroadcastChannel. */
type Wire =
  | { readonly t: 'op'; readonly req: string; readonly op: Op }
  | { readonly t: 'done'; readonly req: string | null; readonly change?: BackplaneChange; readonly error?: { code: number; message: string; details?: Record<string, unknown> } }
  | { readonly t: 'msg'; readonly message: BackplaneMessage }
  | { readonly t: 'sync?' }
  | { readonly t: 'state'; readonly records: BackplaneRecord[]; readonly logs: BackplaneLogEntry[] }
  | { readonly t: 'leader' };

interface WebLocks {
  request(name: string, callback: () => Promise<void>): Promise<void>;
}

interface Channel {
  postMessage(message: unknown): void;
  close(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
}

/** The data one instance holds: the whole store and the logs' recent entries. */
class Replica {
  readonly records = new Map<string, BackplaneRecord>();
  private readonly logs = new Map<string, { entries: BackplaneLogEntry[]; byId: Map<string, BackplaneLogEntry>; seq: number }>();

  constructor(private readonly logLimit: number) {}

  /** Carries out a write against the data held; the single place the version rule is checked. */
  apply(op: Op): { change: BackplaneChange; fresh: boolean } {
    if (op.op === 'put') {
      const w = op.write;
      const held = this.records.get(w.key);
      if ((held?.version ?? 0) !== w.expectedVersion) throw versionConflict(w.key, held, w.expectedVersion);
      const record: BackplaneRecord = { key: w.key, value: structuredClone(w.value), version: w.expectedVersion + 1, author: w.author, at: w.at };
      this.records.set(w.key, record);
      return { change: { kind: 'record', record }, fresh: true };
    }
    if (op.op === 'delete') {
      const held = this.records.get(op.key);
      if (held === undefined || held.version !== op.expectedVersion) throw versionConflict(op.key, held, op.expectedVersion);
      const change: BackplaneChange = { kind: 'deleted', key: op.key, version: held.version };
      this.take(change);
      return { change, fresh: true };
    }
    const e = op.entry;
    const log = this.log(e.log);
    const held = log.byId.get(e.id);
    if (held !== undefined) return { change: { kind: 'log', entry: held }, fresh: false };
    const entry: BackplaneLogEntry = { log: e.log, id: e.id, seq: log.seq + 1, value: structuredClone(e.value), author: e.author, at: e.at };
    this.take({ kind: 'log', entry });
    return { change: { kind: 'log', entry }, fresh: true };
  }

  /** Takes a change the leader made; false when it was already held. */
  take(change: BackplaneChange): boolean {
    if (change.kind === 'deleted') {
      // Only the version deleted: a newer write of the key, already taken, stays.
      if (this.records.get(change.key)?.version !== change.version) return false;
      return this.records.delete(change.key);
    }
    if (change.kind === 'record') {
      const held = this.records.get(change.record.key);
      if (held !== undefined && held.version >= change.record.version) return false;
      this.records.set(change.record.key, change.record);
      return true;
    }
    const log = this.log(change.entry.log);
    if (log.byId.has(change.entry.id)) return false;
    log.entries.push(change.entry);
    log.byId.set(change.entry.id, change.entry);
    log.seq = Math.max(log.seq, change.entry.seq);
    if (log.entries.length > this.logLimit) log.byId.delete((log.entries.shift() as BackplaneLogEntry).id);
    return true;
  }

  read(name: string, afterSeq = 0, limit = Infinity): BackplaneLogEntry[] {
    const entries = this.logs.get(name)?.entries ?? [];
    const after = entries.filter((e) => e.seq > afterSeq);
    return limit < after.length ? after.slice(after.length - limit) : after;
  }

  allEntries(): BackplaneLogEntry[] {
    return [...this.logs.values()].flatMap((l) => l.entries);
  }

  private log(name: string) {
    let log = this.logs.get(name);
    if (log === undefined) {
      log = { entries: [], byId: new Map(), seq: 0 };
      this.logs.set(name, log);
    }
    return log;
  }
}

let instances = 0;

/**
 * A {@link Backplane} in memory. Clients given the same instance share it at once (tests, one
 * page). With BroadcastChannel and Web Locks, instances of one name share it across tabs and
 * frames: one instance, elected by a Web Lock, applies every store write and log append, so a
 * compare-and-set has one judge; the others send it their writes and mirror what it applied.
 * When the leading tab closes, the lock passes to another instance, which holds every change so
 * far and resends nothing twice. Nothing is durable: the data lives as long as some tab does.
 *
 * @example
 * ```ts
 * import { createMemoryBackplane, withBackplane } from '@floorwalk/core/backplane';
 *
 * const backplane = createMemoryBackplane();
 * const adapter = withBackplane(createGenesysAdapter(options), backplane);
 * ```
 */
export function createMemoryBackplane(given?: MemoryBackplaneOptions): Backplane {
  const options = given ?? {};
  const name = options.name ?? 'floorwalk-backplane';
  const replica = new Replica(Math.max(1, options.logLimit ?? 5000));
  const watchers = new Set<(change: BackplaneChange) => void>();
  const subscribers = new Map<string, Set<(message: BackplaneMessage) => void>>();
  const g = globalThis as unknown as { BroadcastChannel?: new (name: string) => Channel; navigator?: { locks?: WebLocks } };
  const locks = g.navigator?.locks;
  const shared = (options.broadcast ?? true) && typeof g.BroadcastChannel === 'function' && typeof locks?.request === 'function';
  const self = `${++instances}-${Math.random().toString(36).slice(2)}`;
  let reqSeq = 0;
  let closed = false;
  let leader = !shared;
  let release: (() => void) | undefined;
  /** This instance's writes waiting for the leader's answer, resent to a new leader. */
  const pending = new Map<string, { op: Op; resolve: (change: BackplaneChange) => void; reject: (error: FloorwalkError) => void }>();
  /** The leader's recent answers by request, so a write resent after a leader change is not applied twice. */
  const answered = new Map<string, Wire & { t: 'done' }>();
  let synced: Promise<void> = Promise.resolve();
  let markSynced: () => void = () => {};

  const announce = (change: BackplaneChange): void => {
    // Delivered after the writer's own promise settles, as a remote service would.
    queueMicrotask(() => {
      if (closed) return;
      for (const w of [...watchers]) w(change);
    });
  };
  const hear = (message: BackplaneMessage): void => {
    queueMicrotask(() => {
      if (closed) return;
      for (const s of [...(subscribers.get(message.channel) ?? [])]) s(message);
    });
  };

  let channel: Channel | undefined;
  const post = (wire: Wire): void => {
    if (!closed) channel?.postMessage(wire);
  };

  /** The leader applies a write and tells everyone. */
  const lead = (op: Op, req: string | null): Wire & { t: 'done' } => {
    let done: Wire & { t: 'done' };
    try {
      const { change, fresh } = replica.apply(op);
      if (fresh) announce(change);
      done = { t: 'done', req, change };
    } catch (err) {
      const e = isFloorwalkError(err) ? err : new FloorwalkError(ErrorCode.Internal, `The backplane could not apply a write: ${String(err)}`);
      done = { t: 'done', req, error: { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: { ...e.details } }) } };
    }
    if (req !== null) {
      answered.set(req, done);
      if (answered.size > 1000) answered.delete(answered.keys().next().value as string);
    }
    post(done);
    return done;
  };

  const write = async (op: Op): Promise<BackplaneChange> => {
    if (closed) throw new FloorwalkError(ErrorCode.NotConnected, 'The backplane was closed.');
    if (leader) {
      const done = lead(op, null);
      if (done.error !== undefined) throw new FloorwalkError(done.error.code as FloorwalkError['code'], done.error.message, { details: done.error.details });
      return done.change as BackplaneChange;
    }
    const req = `${self}:${++reqSeq}`;
    return new Promise((resolve, reject) => {
      pending.set(req, { op, resolve, reject });
      post({ t: 'op', req, op });
    });
  };

  if (shared) {
    synced = new Promise((resolve) => (markSynced = resolve));
    channel = new (g.BroadcastChannel as new (name: string) => Channel)(name);
    channel.onmessage = (event) => {
      const wire = event.data as Wire;
      if (closed || typeof wire !== 'object' || wire === null) return;
      switch (wire.t) {
        case 'op':
          if (!leader) return;
          post(answered.get(wire.req) ?? lead(wire.op, wire.req));
          return;
        case 'done': {
          if (wire.change !== undefined && !leader && replica.take(wire.change)) announce(wire.change);
          const mine = wire.req === null ? undefined : pending.get(wire.req);
          if (mine === undefined || wire.req === null) return;
          pending.delete(wire.req);
          if (wire.error !== undefined) mine.reject(new FloorwalkError(wire.error.code as FloorwalkError['code'], wire.error.message, { details: wire.error.details }));
          else mine.resolve(wire.change as BackplaneChange);
          return;
        }
        case 'msg':
          hear(wire.message);
          return;
        case 'sync?':
          if (leader) post({ t: 'state', records: [...replica.records.values()], logs: replica.allEntries() });
          return;
        case 'state':
          if (leader) return;
          for (const record of wire.records) if (replica.take({ kind: 'record', record })) announce({ kind: 'record', record });
          for (const entry of wire.logs) if (replica.take({ kind: 'log', entry })) announce({ kind: 'log', entry });
          markSynced();
          return;
        case 'leader':
          if (leader) return;
          // A new leader: what it did not answer yet goes to it again (answers are idempotent).
          for (const [req, p] of pending) post({ t: 'op', req, op: p.op });
          post({ t: 'sync?' });
          return;
      }
    };
    post({ t: 'sync?' });
    void (locks as WebLocks).request(`${name}:leader`, () => {
      if (closed) return Promise.resolve();
      leader = true;
      markSynced();
      post({ t: 'leader' });
      // Writes this instance sent to the old leader that never answered are applied here now.
      for (const [req, p] of pending) {
        pending.delete(req);
        const done = lead(p.op, req);
        if (done.error !== undefined) p.reject(new FloorwalkError(done.error.code as FloorwalkError['code'], done.error.message, { details: done.error.details }));
        else p.resolve(done.change as BackplaneChange);
      }
      return new Promise<void>((resolve) => (release = resolve));
    });
  }

  return {
    async publish(channelName, message, author) {
      if (closed) throw new FloorwalkError(ErrorCode.NotConnected, 'The backplane was closed.');
      const m: BackplaneMessage = { channel: channelName, message: structuredClone(message), author, at: (options.clock ?? systemClock).now() };
      hear(m);
      post({ t: 'msg', message: m });
    },
    subscribe(channelName, listener) {
      let set = subscribers.get(channelName);
      if (set === undefined) {
        set = new Set();
        subscribers.set(channelName, set);
      }
      const l = listener as (message: BackplaneMessage) => void;
      set.add(l);
      return () => {
        // Channels come and go (one per conversation, say): an emptied one is not kept.
        const held = subscribers.get(channelName);
        if (held?.delete(l) === true && held.size === 0) subscribers.delete(channelName);
      };
    },
    async append(entry) {
      const change = await write({ op: 'append', entry });
      return (change as { entry: BackplaneLogEntry }).entry as BackplaneLogEntry<never>;
    },
    async read(log, opts = {}) {
      await synced;
      // Copies, as a remote backplane's deserialised answers are: a caller editing what it
      // read must not change what every other instance holds.
      return structuredClone(replica.read(log, opts.afterSeq, opts.limit)) as BackplaneLogEntry<never>[];
    },
    async get(key) {
      await synced;
      return structuredClone(replica.records.get(key)) as BackplaneRecord<never> | undefined;
    },
    async put(put) {
      const change = await write({ op: 'put', write: put });
      return (change as { record: BackplaneRecord }).record as BackplaneRecord<never>;
    },
    async delete(key, expectedVersion) {
      await write({ op: 'delete', key, expectedVersion });
    },
    async list(prefix) {
      await synced;
      return structuredClone([...replica.records.values()].filter((r) => r.key.startsWith(prefix))) as BackplaneRecord<never>[];
    },
    watch(listener) {
      watchers.add(listener);
      return () => void watchers.delete(listener);
    },
    close() {
      if (closed) return;
      closed = true;
      release?.();
      channel?.close();
      for (const p of pending.values()) p.reject(new FloorwalkError(ErrorCode.Cancelled, 'The backplane was closed before the write was applied.'));
      pending.clear();
      watchers.clear();
      subscribers.clear();
    },
  };
}
