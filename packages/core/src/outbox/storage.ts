import { del, entries, promisifyRequest, set, type UseStore } from 'idb-keyval';

/**
 * Where the outbox keeps intents: a small async key-value store. Floorwalk ships one over
 * IndexedDB ({@link createIndexedDbStorage}) and one in memory ({@link createMemoryStorage});
 * pass your own to keep intents elsewhere.
 */
export interface IntentStorage {
  /** Stores a value (a structured clone of it) under the key. */
  set(key: string, value: unknown): Promise<void>;
  /** Forgets the key. */
  del(key: string): Promise<void>;
  /** Every stored entry. */
  entries(): Promise<readonly (readonly [string, unknown])[]>;
  /**
   * Why the storage no longer keeps intents where a reload finds them and goes on in memory
   * instead (the error, or any truthy value; unset while all is well):
   * {@link createIndexedDbStorage} sets it where IndexedDB is missing or fails. The client reads
   * it after each write and reports a new value once, as a `StorageFailed` `error` event.
   * Optional: a storage whose writes reject needs none, as each failed write is reported so.
   */
  readonly failure?: unknown;
}

/**
 * `store` in `database`, or where the database is there without it (other code opened the name
 * first, or it holds another storage's store) in a database of its own, `database:store`: never
 * an upgrade of a database someone else opened, which any connection of theirs could block, and
 * with it every later open of that name in every tab. idb-keyval's `createStore` would fail every
 * write there instead, and the intents would live in memory only. Like it, the connection is
 * opened again when next used after the browser closed it or another page upgrades or deletes it.
 */
function storeIn(database: string, store: string): UseStore {
  let ready: Promise<IDBDatabase> | undefined;
  const open = (name: string): Promise<IDBDatabase> => {
    const req = indexedDB.open(name);
    req.onupgradeneeded = () => req.result.createObjectStore(store);
    // An open waits behind another page's upgrade or deletion of the name for as long as a third
    // page's connection (an older build's, host code's) does not give way, and the client sends
    // nothing meanwhile: after 5 s the storage moves to memory. A connection that comes later is
    // closed, not left to block others.
    // Cleared once the open settles: a timer left behind would outlive the client's disconnect.
    let timer: ReturnType<typeof setTimeout>;
    return Promise.race([
      promisifyRequest(req),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(((req.onsuccess = () => req.result.close()), 'IndexedDB is blocked by another page')), 5000))),
    ]).finally(() => clearTimeout(timer));
  };
  const connect = (): Promise<IDBDatabase> =>
    (ready ??= open(database)
      .then((db) => (db.objectStoreNames.contains(store) ? db : (db.close(), open(`${database}:${store}`))))
      // A failed open is not tried again: the storage moved to memory for good (createIndexedDbStorage).
      .then((db) => ((db.onclose = db.onversionchange = () => (db.close(), (ready = undefined))), db)));
  return (mode, run) => connect().then((db) => run(db.transaction(store, mode).objectStore(store)));
}

/**
 * Intent storage in IndexedDB, in a database and object store of Floorwalk's own (never
 * idb-keyval's default database, which the host page may own); where `database` is there without
 * `store` (another library opened the name), in the database `database:store`. Where IndexedDB
 * is missing (Node, some private modes) or fails (quota, a blocked iframe, another page that
 * keeps it from opening for 5 s), it moves to memory for the rest of the page's life rather
 * than lose the write or hold it (the client sends no command before it is stored), and says why in
 * {@link IntentStorage.failure}: the client reports it once as a `StorageFailed` `error` event.
 * What was stored before stays in IndexedDB for the next page.
 *
 * @example
 * ```ts
 * const client = createFloorwalk({ adapter, session, outbox: { storage: createIndexedDbStorage() } });
 * ```
 */
export function createIndexedDbStorage(database = 'floorwalk', store = 'kv'): IntentStorage {
  let onDisk: UseStore | undefined;
  let memory: IntentStorage | undefined;
  let failure: unknown;
  type Call = (...args: never[]) => Promise<never>;
  /** The method `name`: idb-keyval's `idb`, given the store after the caller's arguments, or in memory once IndexedDB failed. */
  const use =
    (name: 'set' | 'del' | 'entries', idb: (...args: never[]) => Promise<unknown>): Call =>
    async (...args) => {
      if (!failure) {
        try {
          // Missing IndexedDB throws too, at `indexedDB.open`.
          return (await idb(...args, (onDisk ??= storeIn(database, store)) as never)) as never;
        } catch (err) {
          failure ||= err || 'IndexedDB failed';
        }
      }
      return ((memory ??= createMemoryStorage())[name] as Call)(...args);
    };
  return {
    set: use('set', set),
    del: use('del', del),
    entries: use('entries', entries),
    get failure() {
      return failure;
    },
  };
}

/** Intent storage in memory, for Node, tests and hosts that want no persistence. */
export interface MemoryStorage extends IntentStorage {
  /** What is stored, by key (structured clones, as IndexedDB would keep them). */
  readonly data: ReadonlyMap<string, unknown>;
}

/**
 * Creates {@link MemoryStorage}. Values are copied on write, as IndexedDB would copy them.
 *
 * @example
 * ```ts
 * const storage = createMemoryStorage();
 * const client = createFloorwalk({ adapter, session, outbox: { storage } });
 * ```
 */
export function createMemoryStorage(): MemoryStorage {
  const data = new Map<string, unknown>();
  return {
    data,
    async set(key, value) {
      data.set(key, structuredClone(value));
    },
    async del(key) {
      data.delete(key);
    },
    async entries() {
      return [...data].map(([k, v]) => [k, structuredClone(v)] as const);
    },
  };
}
