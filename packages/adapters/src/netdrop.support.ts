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
