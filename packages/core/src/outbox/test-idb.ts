// IndexedDB as another page or another library's code sees it, for the outbox's browser tests
// (a `test-` file: left out of the build).

/** Opens `database` as plain code would; where the open creates it, with `store` if one is named. */
export const openDb = (database: string, store?: string): Promise<IDBDatabase> =>
  new Promise((resolve, reject) => {
    const req = indexedDB.open(database);
    if (store !== undefined) req.onupgradeneeded = () => req.result.createObjectStore(store);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

/** Deletes `database`, settling whatever comes of it (blocked included). */
export const dropDb = (database: string): Promise<unknown> =>
  new Promise((resolve) => {
    const req = indexedDB.deleteDatabase(database);
    req.onsuccess = req.onerror = req.onblocked = resolve;
  });

/** What is on disk in `store` of `database`, as JSON (a read another page would make); rejects where the store is not there. */
export async function readAll(database: string, store: string): Promise<string> {
  const db = await openDb(database);
  try {
    return await new Promise<string>((resolve, reject) => {
      const req = db.transaction(store).objectStore(store).getAll();
      req.onsuccess = () => resolve(JSON.stringify(req.result));
      req.onerror = () => reject(req.error);
    });
  } finally {
    db.close();
  }
}
