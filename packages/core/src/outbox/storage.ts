import { parts } from '../internal/parts.js';
import type { Disk } from './idb.js';

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
 * Intent storage in IndexedDB, in a database and object store of Floorwalk's own (never
 * idb-keyval's default database, which the host page may own); where `database` is there without
 * `store` (another library opened the name), in the database `database:store`. Where IndexedDB
 * is missing (Node, some private modes) or fails (quota, a blocked iframe, another page that
 * keeps it from opening for 5 s, or its code, loaded at the storage's first use, cannot be
 * fetched), it moves to memory for the rest of the page's life rather
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
  let onDisk: Disk | undefined;
  let memory: IntentStorage | undefined;
  let failure: unknown;
  type Call = (...args: never[]) => Promise<never>;
  /** The method `name` on disk, or in memory once IndexedDB failed. */
  const use =
    (name: 'set' | 'del' | 'entries'): Call =>
    async (...args) => {
      if (!failure) {
        try {
          // The IndexedDB code loads at first use (the client's first drain reads the intents
          // back); its load failing counts as IndexedDB failing. Missing IndexedDB throws too,
          // at `indexedDB.open`.
          return (await ((onDisk ??= (await parts.idb()).disk(database, store))[name] as Call)(...args)) as never;
        } catch (err) {
          failure ||= err || 'IndexedDB failed';
        }
      }
      return ((memory ??= createMemoryStorage())[name] as Call)(...args);
    };
  return {
    set: use('set'),
    del: use('del'),
    entries: use('entries'),
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
