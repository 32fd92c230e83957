import type { TwilioLiveQuery, TwilioLiveQueryItem, TwilioSyncClient } from '../types.js';
import { FakeEmitter } from './emitter.js';

/*
 * A fake twilio-sync client serving the Flex `tr-worker` and `tr-reservation` indexes through
 * `liveQuery`, with the query language's operators (==, !=, in, not_in, contains, and, or,
 * parentheses), its array limit (fewer than 30 items, error 54510), an optional result cap
 * (Flex docs still speak of 200) and live `itemUpdated` / `itemRemoved` as items enter, change
 * and leave each query's result.
 */

/** A `tr-worker` item, as Flex's Teams View reads it. */
export interface TrWorkerItem {
  readonly worker_sid: string;
  readonly workspace_sid?: string;
  readonly friendly_name: string;
  readonly activity_name: string;
  readonly worker_activity_sid: string;
  readonly date_activity_changed: string;
  readonly date_updated: string;
  readonly attributes: Record<string, unknown>;
  readonly team_sid?: string;
  readonly queue_sids?: readonly string[];
}

/** A `tr-reservation` item. `status` may read `wrapup`. */
export interface TrReservationItem {
  readonly reservation_sid: string;
  readonly task_sid: string;
  readonly worker_sid: string;
  readonly worker_name?: string;
  readonly workspace_sid?: string;
  readonly status: string;
  readonly task_status?: string;
  readonly task_channel_unique_name: string;
  readonly queue_name?: string;
  readonly task_priority?: number;
  readonly task_age?: number;
  readonly task_date_created?: string;
  readonly date_created: string;
  readonly date_updated: string;
  readonly attributes: Record<string, unknown>;
}

/** A Sync error as the SDK rejects with it. */
export class FakeSyncError extends Error {
  override readonly name = 'SyncError';
  constructor(
    message: string,
    readonly status: number,
    readonly code: number,
  ) {
    super(message);
  }
}

type Pred = (item: Record<string, unknown>) => boolean;

/** Compiles a live-query expression; throws a {@link FakeSyncError} as Sync answers a bad one. */
function compile(expr: string): Pred {
  const tokens = expr.match(/"(?:[^"\\]|\\.)*"|\(|\)|\[|\]|,|==|!=|&&|\|\||[\w.]+/g) ?? [];
  let at = 0;
  const bad = (why: string): never => {
    throw new FakeSyncError(`Invalid query: ${why} in "${expr}"`, 400, 54511);
  };
  const peek = (): string | undefined => tokens[at];
  const next = (): string => tokens[at++] ?? bad('unexpected end');
  const str = (): string => {
    const t = next();
    return t.startsWith('"') ? (JSON.parse(t) as string) : bad(`expected a string, got ${t}`);
  };
  const get = (item: Record<string, unknown>, path: string): unknown =>
    path
      .replace(/^data\./, '')
      .split('.')
      .reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined), item);
  const term = (): Pred => {
    if (peek() === '(') {
      next();
      const p = or();
      if (next() !== ')') bad('missing )');
      return p;
    }
    const field = next();
    if (!field.startsWith('data.')) bad(`field ${field} must start with data.`);
    const op = next().toLowerCase();
    if (op === 'in' || op === 'not_in') {
      if (next() !== '[') bad('expected [');
      const list: string[] = [];
      while (peek() !== ']') {
        list.push(str());
        if (peek() === ',') next();
      }
      next();
      if (list.length >= 30) throw new FakeSyncError('Query array too long: it must have fewer than 30 items', 400, 54510);
      const has = (item: Record<string, unknown>): boolean => {
        const v = get(item, field);
        return Array.isArray(v) ? v.some((x) => list.includes(String(x))) : list.includes(String(v));
      };
      return op === 'in' ? has : (item) => !has(item);
    }
    const value = str();
    if (op === '==' || op === 'eq') return (item) => String(get(item, field)) === value;
    if (op === '!=' || op === 'not_eq') return (item) => String(get(item, field)) !== value;
    if (op === 'contains') {
      return (item) => {
        const v = get(item, field);
        return Array.isArray(v) ? v.map(String).includes(value) : String(v ?? '').includes(value);
      };
    }
    return bad(`unknown operator ${op}`);
  };
  const and = (): Pred => {
    let p = term();
    while (peek() !== undefined && /^(and|&&)$/i.test(peek() as string)) {
      next();
      const [l, r] = [p, term()];
      p = (item) => l(item) && r(item);
    }
    return p;
  };
  const or = (): Pred => {
    let p = and();
    while (peek() !== undefined && /^(or|\|\|)$/i.test(peek() as string)) {
      next();
      const [l, r] = [p, and()];
      p = (item) => l(item) || r(item);
    }
    return p;
  };
  if (tokens.length === 0) return () => true;
  const p = or();
  if (at !== tokens.length) bad(`unexpected ${tokens[at]}`);
  return p;
}

const INDEXES = new Set(['tr-worker', 'tr-reservation', 'tr-task', 'tr-queue']);

/** A live query of the fake. */
export class FakeLiveQuery extends FakeEmitter implements TwilioLiveQuery {
  closed = false;
  /** Keys currently in this query's result. */
  readonly keys = new Set<string>();

  constructor(
    readonly index: string,
    readonly expression: string,
    readonly matches: (item: Record<string, unknown>) => boolean,
    readonly snapshot: Record<string, unknown>,
  ) {
    super();
    for (const key of Object.keys(snapshot)) this.keys.add(key);
  }

  getItems(): Record<string, unknown> {
    return { ...this.snapshot };
  }

  override on(event: 'itemUpdated' | 'itemRemoved', listener: (item: TwilioLiveQueryItem) => void): this {
    return super.on(event, listener);
  }

  close(): void {
    this.closed = true;
  }
}

/** Options of {@link FakeSyncClient}. */
export interface FakeSyncOptions {
  readonly workers?: readonly TrWorkerItem[];
  readonly reservations?: readonly TrReservationItem[];
  /** Cap on a query's initial result, as Flex docs say Sync applies. Default 200; `Infinity` for none. */
  readonly maxItems?: number;
  /** Time for the opening log. Default `Date.now`. */
  readonly now?: () => number;
}

/**
 * A fake twilio-sync `SyncClient` over in-memory `tr-worker` and `tr-reservation` indexes.
 * Change items with `setWorker`, `setReservation`, `remove…`; open queries hear about it.
 *
 * @example
 * ```ts
 * const sync = new FakeSyncClient({ workers: generateWorkerItems(1000, { teams: 40 }) });
 * const adapter = createTwilioAdapter({ sync, teamSids: teamSidsOf(sync) });
 * sync.setWorker({ ...sync.worker('WK…')!, activity_name: 'Break', worker_activity_sid: 'WA…4' });
 * ```
 */
export class FakeSyncClient extends FakeEmitter implements TwilioSyncClient {
  readonly indexes = new Map<string, Map<string, Record<string, unknown>>>([
    ['tr-worker', new Map()],
    ['tr-reservation', new Map()],
  ]);
  /** Every query opened, in order, with when: tests check the opening rate against Sync's limit. */
  readonly opened: { index: string; expression: string; at: number }[] = [];
  readonly queries: FakeLiveQuery[] = [];
  readonly maxItems: number;
  readonly now: () => number;
  #last: { query: FakeLiveQuery; event: string; item: unknown }[] = [];
  /** twilio-sync's `connectionState`: live queries hear nothing while it is not `connected`. */
  connectionState = 'connected';

  constructor(options: FakeSyncOptions = {}) {
    super();
    this.maxItems = options.maxItems ?? 200;
    this.now = options.now ?? Date.now;
    for (const w of options.workers ?? []) this.indexes.get('tr-worker')?.set(w.worker_sid, { ...w });
    for (const r of options.reservations ?? []) this.indexes.get('tr-reservation')?.set(r.reservation_sid, { ...r });
  }

  async liveQuery(indexName: string, queryExpression: string): Promise<FakeLiveQuery> {
    if (!INDEXES.has(indexName)) throw new FakeSyncError(`Invalid index name ${indexName}`, 400, 54502);
    if (typeof queryExpression !== 'string') throw new FakeSyncError('Query expression is null', 400, 54507);
    const matches = compile(queryExpression);
    this.opened.push({ index: indexName, expression: queryExpression, at: this.now() });
    const snapshot: Record<string, unknown> = {};
    let n = 0;
    for (const [key, item] of this.indexes.get(indexName) ?? []) {
      if (n >= this.maxItems) break;
      if (matches(item)) {
        snapshot[key] = structuredClone(item);
        n++;
      }
    }
    const q = new FakeLiveQuery(indexName, queryExpression, matches, snapshot);
    this.queries.push(q);
    return q;
  }

  /** A worker item by SID. */
  worker(sid: string): TrWorkerItem | undefined {
    return this.indexes.get('tr-worker')?.get(sid) as TrWorkerItem | undefined;
  }

  /** Adds or replaces a `tr-worker` item. */
  setWorker(item: TrWorkerItem): void {
    this.put('tr-worker', item.worker_sid, { ...item });
  }

  /** Adds or replaces a `tr-reservation` item. */
  setReservation(item: TrReservationItem): void {
    this.put('tr-reservation', item.reservation_sid, { ...item });
  }

  /** Removes a worker (deleted in TaskRouter). */
  removeWorker(sid: string): void {
    this.put('tr-worker', sid, undefined);
  }

  /** Removes a reservation item. */
  removeReservation(sid: string): void {
    this.put('tr-reservation', sid, undefined);
  }

  /**
   * Scenario: the link drops. twilsock retries by itself: `connectionStateChanged` says
   * `connecting` (then `state`, if given: `retrying`; or where it stops, `denied` for a refused
   * token, `disconnected`), and no query hears of changes until {@link FakeSyncClient.reconnect}.
   */
  drop(state?: string): void {
    for (const s of ['connecting', ...(state === undefined ? [] : [state])]) {
      this.connectionState = s;
      this.emit('connectionStateChanged', s);
    }
  }

  /**
   * Scenario: twilsock's `connectionError`, which twilio-sync passes on as it is: `httpStatusCode`
   * and `errorCode` are null when unknown. `state`, if given, is where twilsock went with it: set
   * before the error is heard (twilio-sync passes both on a tick later, so its `connectionState`
   * has moved already), then told as `connectionStateChanged`. Pair it with the states twilsock
   * goes through: a socket error is `{ terminal: false }` then `drop('retrying')`; a refused token,
   * `drop('denied')` then `{ terminal: true, httpStatusCode: 401 }`; a protocol twilsock does not
   * speak, `{ terminal: true, httpStatusCode: 406 }` with `'disconnected'`; an init refused with
   * 429 or 500, `{ terminal: false }` alone (it stays `connecting`); an init cut off by a dropped
   * socket or unanswered, `drop()` then `{ terminal: true }` (it retries all the same).
   */
  connectionError(error: { terminal: boolean; message: string; httpStatusCode?: number; errorCode?: number }, state?: string): void {
    if (state !== undefined) this.connectionState = state;
    this.emit('connectionError', { httpStatusCode: null, errorCode: null, ...error });
    if (state !== undefined) this.emit('connectionStateChanged', state);
  }

  /**
   * Scenario: Sync's token expires while connected. twilsock's server closes with 410: it says
   * `disconnecting`, twilio-sync's `tokenExpired`, then `disconnected`, and stays there until the
   * host's `updateToken` ({@link FakeSyncClient.reconnect}).
   */
  expireToken(): void {
    this.connectionState = 'disconnecting';
    this.emit('connectionStateChanged', 'disconnecting');
    this.emit('tokenExpired');
    this.connectionState = 'disconnected';
    this.emit('connectionStateChanged', 'disconnected');
  }

  /**
   * Scenario: the link is back (`connected`). Each open query resubscribes and reports its items
   * afresh: those that match now as `itemUpdated` (twilio-sync diffs them against its cache and
   * reports only the changed ones; all of them is a superset an adapter must take too), those
   * that left as `itemRemoved`.
   */
  reconnect(): void {
    this.connectionState = 'connected';
    this.emit('connectionStateChanged', 'connected');
    for (const q of this.queries) {
      if (q.closed) continue;
      const map = this.indexes.get(q.index) ?? new Map<string, Record<string, unknown>>();
      for (const key of [...q.keys]) {
        const item = map.get(key);
        if (item === undefined || !q.matches(item)) {
          q.keys.delete(key);
          q.emit('itemRemoved', { key });
        }
      }
      for (const [key, item] of map) {
        if (!q.matches(item)) continue;
        q.keys.add(key);
        q.emit('itemUpdated', { key, value: structuredClone(item), lastEventId: this.opened.length });
      }
    }
  }

  /** Scenario: the last notifications are delivered again, unchanged. */
  redeliver(): void {
    for (const { query, event, item } of this.#last) if (!query.closed) query.emit(event, item);
  }

  /** Scenario: pushes any value as an `itemUpdated` to every open query of the index (malformed items). */
  emitRaw(index: string, key: string, value: unknown): void {
    for (const q of this.queries) if (!q.closed && q.index === index) q.emit('itemUpdated', { key, value, lastEventId: 0 });
  }

  private put(index: string, key: string, item: Record<string, unknown> | undefined): void {
    const map = this.indexes.get(index) as Map<string, Record<string, unknown>>;
    if (item === undefined) map.delete(key);
    else map.set(key, item);
    if (this.connectionState !== 'connected') return;
    const last: { query: FakeLiveQuery; event: string; item: unknown }[] = [];
    for (const q of this.queries) {
      if (q.closed || q.index !== index) continue;
      if (item !== undefined && q.matches(item)) {
        q.keys.add(key);
        const payload = { key, value: structuredClone(item), lastEventId: this.opened.length };
        last.push({ query: q, event: 'itemUpdated', item: payload });
        q.emit('itemUpdated', payload);
      } else if (q.keys.delete(key)) {
        last.push({ query: q, event: 'itemRemoved', item: { key } });
        q.emit('itemRemoved', { key });
      }
    }
    this.#last = last;
  }
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const hex = (prefix: string, n: number): string => `${prefix}${n.toString(16).padStart(32, '0')}`;

/** Options of {@link generateWorkerItems}. */
export interface GenerateWorkersOptions {
  /** Teams (`TM…` SIDs), workers spread round-robin. Default 1 per 25 workers. */
  readonly teams?: number;
  /**
   * The teams' names, given to their workers as the Flex/Insights `attributes.team_name`. Default
   * colours (Blue, Green, …; Blue 2 and on past the list), plain since UIs add the word "Team".
   */
  readonly teamNames?: readonly string[];
  /** Activities cycled through. Default Available, Break, Offline, Unavailable. */
  readonly activities?: readonly { readonly sid: string; readonly name: string }[];
  /** `date_activity_changed` base, epoch ms. */
  readonly at?: number;
}

const TEAM_NAMES = ['Blue', 'Green', 'Red', 'Gold', 'Violet', 'Orange', 'Teal', 'Silver'];

/**
 * Generates `n` realistic `tr-worker` items (`WK…` SIDs, Flex attributes with `team_name`, `team_sid`).
 *
 * @example
 * ```ts
 * const sync = new FakeSyncClient({ workers: generateWorkerItems(1000, { teams: 40 }) });
 * ```
 */
export function generateWorkerItems(n: number, options: GenerateWorkersOptions = {}): TrWorkerItem[] {
  const teams = options.teams ?? Math.max(1, Math.ceil(n / 25));
  const at = options.at ?? Date.UTC(2026, 10, 28, 9);
  const acts = options.activities ?? [
    { sid: 'WA00000000000000000000000000000002', name: 'Available' },
    { sid: 'WA00000000000000000000000000000004', name: 'Break' },
    { sid: 'WA00000000000000000000000000000001', name: 'Offline' },
    { sid: 'WA00000000000000000000000000000003', name: 'Unavailable' },
  ];
  return Array.from({ length: n }, (_, i) => {
    const act = acts[i % acts.length] as { sid: string; name: string };
    const changed = iso(at - ((i * 7919) % 3_600) * 1000);
    const team = i % teams;
    const lap = Math.floor(team / TEAM_NAMES.length);
    return {
      worker_sid: hex('WK', i + 1),
      workspace_sid: 'WS00000000000000000000000000000001',
      friendly_name: `agent${i + 1}`,
      activity_name: act.name,
      worker_activity_sid: act.sid,
      date_activity_changed: changed,
      date_updated: changed,
      attributes: {
        full_name: `Agent ${i + 1}`,
        email: `agent${i + 1}@example.com`,
        contact_uri: `client:agent${i + 1}`,
        roles: ['agent'],
        team_name: options.teamNames?.[team] ?? `${TEAM_NAMES[team % TEAM_NAMES.length]}${lap > 0 ? ` ${lap + 1}` : ''}`,
      },
      team_sid: hex('TM', team + 1),
      queue_sids: [hex('WQ', (i % 3) + 1)],
    };
  });
}

/**
 * An accepted voice call of `worker` in Flex's `tr-reservation` index: the `n`th call, its SIDs
 * made from `n` (reservation `WR…n`, task `WT…n`, call `CA…c0n`, conference `CF…c0n`, the
 * worker's leg `CA…a0n`), with the task attributes Flex puts on a call (the customer's number,
 * the call SID, the conference and its worker participant).
 */
export function voiceCallItem(worker: TrWorkerItem, n: number, options: { taskAge?: number; at?: number } = {}): TrReservationItem {
  const at = iso(options.at ?? Date.now());
  return {
    reservation_sid: hex('WR', n),
    task_sid: hex('WT', n),
    worker_sid: worker.worker_sid,
    worker_name: worker.friendly_name,
    workspace_sid: 'WS00000000000000000000000000000001',
    status: 'accepted',
    task_status: 'assigned',
    task_channel_unique_name: 'voice',
    queue_name: 'Everyone',
    task_priority: 0,
    task_age: options.taskAge ?? 30,
    task_date_created: at,
    date_created: at,
    date_updated: at,
    attributes: { from: '+15555550100', call_sid: hex('CA', 0xc00 + n), conference: { sid: hex('CF', 0xc00 + n), participants: { worker: hex('CA', 0xa00 + n) } } },
  };
}

/** The distinct `team_sid`s of the fake's workers, in order. */
export function teamSidsOf(sync: FakeSyncClient): string[] {
  const teams = new Set<string>();
  for (const w of sync.indexes.get('tr-worker')?.values() ?? []) if (typeof w.team_sid === 'string') teams.add(w.team_sid);
  return [...teams];
}
