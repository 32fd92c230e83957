// What the adapters' network-drop tests (`*.netdrop.browser.test.ts`) share: waiting on a
// condition, a database per test, the client's fast retry timings, and a record of what reached
// the adapter. Test code only: no entry point imports it.
import type { Adapter, CommandEnvelope } from '@floorwalk/core';

export const tick = (ms = 10): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` (which may read IndexedDB, say) until it holds, failing after `ms`. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 8000): Promise<void> {
  const end = performance.now() + ms;
  while (!(await condition())) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await tick();
  }
}

let dbSeq = 0;
/** Each test its own IndexedDB database, so no test replays another's intents. */
export const database = (adapter: string): string => `fw-netdrop-${adapter}-${Date.now()}-${++dbSeq}`;

/** The client's reconnect timings, shortened so a drop and its recovery fit in a test. */
export const fast = { delays: [50, 100, 200], jitter: 0, livenessTimeoutMs: 1000, snapshotTimeoutMs: 3000 };

/** The adapter, with every command the client hands it recorded in `sent`. */
export function recording(adapter: Adapter): { adapter: Adapter; sent: CommandEnvelope[] } {
  const sent: CommandEnvelope[] = [];
  const wrapped = new Proxy(adapter, {
    get(target, prop) {
      if (prop === 'execute') {
        return (c: CommandEnvelope) => {
          sent.push(c);
          return target.execute(c);
        };
      }
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { adapter: wrapped, sent };
}

/**
 * What the outbox holds in `name`, read without creating the database: a plain open of a missing
 * database creates it empty, and the page's own open (idb-keyval's) then finds no upgrade to run,
 * no `kv` store, and keeps its intents in memory. Opens from two frames are not served in the
 * order they are made (30 % of back-to-back pairs came out swapped, at load 14), and a page's
 * first open can come about 10 ms before a test's first read (the Genesys reload test).
 */
export async function readStore(name: string): Promise<unknown[]> {
  const db = await new Promise<IDBDatabase | null>((resolve, reject) => {
    const req = indexedDB.open(name);
    // Missing: abort the creation, and the database stays missing.
    req.onupgradeneeded = () => req.transaction?.abort();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => (req.error?.name === 'AbortError' ? resolve(null) : reject(req.error));
  });
  if (db === null) return [];
  try {
    if (!db.objectStoreNames.contains('kv')) return [];
    return await new Promise<unknown[]>((resolve, reject) => {
      const req = db.transaction('kv').objectStore('kv').getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  } finally {
    db.close();
  }
}
