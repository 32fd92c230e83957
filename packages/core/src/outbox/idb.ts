import { del, entries, promisifyRequest, set, type UseStore } from 'idb-keyval';
import type { Kit } from '../internal/kit.js';

/*
 * IndexedDB for `createIndexedDbStorage`, loaded when a storage is first used (a client's first
 * drain reads the intents back): idb-keyval and the open logic below stay out of a page's
 * up-front code.
 */

/** Nothing from the up-front code is needed here; the part loader hands the kit to every part. */
export function use(_: Kit): void {}

/** One object store's entries, as `IntentStorage` wants them. */
export interface Disk {
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  entries(): Promise<[IDBValidKey, unknown][]>;
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

/** `store` in `database` (see storeIn). */
export function disk(database: string, store: string): Disk {
  const at = storeIn(database, store);
  return { set: (key, value) => set(key, value, at), del: (key) => del(key, at), entries: () => entries(at) };
}
