// shareAcrossTabs in Node (TABS-1): Node's BroadcastChannel between "tabs" in one process and a
// scripted lock manager. The Chromium test (tabs.test.ts) runs the real Web Locks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, shareAcrossTabs, type Floorwalk, type TabAdapter, type TabLocks } from '@floorwalk/core';
import { fakeAdapter, nextId, T0, type FakeAdapter } from './fixtures.js';

/** Exclusive locks granted in request order; a holder releases when its callback's promise settles. */
function lockManager(): TabLocks {
  const held = new Set<string>();
  const waiting = new Map<string, { run: () => void; signal?: AbortSignal }[]>();
  const grant = (name: string): void => {
    const next = waiting.get(name)?.shift();
    if (next !== undefined) next.run();
  };
  return {
    request(name, options, callback) {
      return new Promise((resolve, reject) => {
        const run = (): void => {
          held.add(name);
          void Promise.resolve(callback({ name }))
            .finally(() => {
              held.delete(name);
              grant(name);
            })
            .then(resolve, reject);
        };
        if (!held.has(name)) return run();
        if (options.ifAvailable === true) return void Promise.resolve(callback(null)).then(resolve, reject);
        const entry = { run, ...(options.signal === undefined ? {} : { signal: options.signal }) };
        waiting.set(name, [...(waiting.get(name) ?? []), entry]);
        options.signal?.addEventListener('abort', () => {
          waiting.set(name, (waiting.get(name) ?? []).filter((w) => w !== entry));
          reject(new Error('AbortError'));
        });
      });
    },
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await tick();
  }
  assert.fail(`timed out: ${what}`);
}

test('tabs in Node: one leader connects, followers mirror and forward, a graceful close hands over', async (t) => {
  const locks = lockManager();
  const key = `tenant/${nextId()}`;
  const tabs: { vendor: FakeAdapter; adapter: TabAdapter; client: Floorwalk }[] = [];
  // Open channels keep Node running: every tab is closed however the test ends.
  t.after(() => Promise.all(tabs.map((tab) => tab.client.disconnect())));
  for (let i = 0; i < 3; i++) {
    const vendor = fakeAdapter();
    let connects = 0;
    const open = vendor.connect;
    vendor.connect = async (sink) => {
      connects++;
      (vendor as unknown as { connects: number }).connects = connects;
      return open(sink);
    };
    const adapter = shareAcrossTabs(vendor, { key, locks, timeoutMs: 2000 });
    const client = createFloorwalk({ adapter, session: { userId: 'admin-1', role: 'admin', teamIds: 'all' }, reconnect: true });
    await client.connect();
    tabs.push({ vendor, adapter, client });
  }
  await until(() => tabs.every((t) => t.client.status === 'live'), 'all live');
  assert.deepEqual(tabs.map((t) => t.adapter.role), ['leader', 'follower', 'follower']);
  assert.deepEqual(tabs.map((t) => t.vendor.sink !== null), [true, false, false], 'only the leader holds a vendor link');

  // Mirror: the leader's vendor events reach every tab's store.
  tabs[0]!.vendor.emit({ type: 'presence', id: nextId(), at: T0 + 1000, source: 'fake', agentId: 'a1', presence: { state: 'meal', since: T0 + 1000 } });
  await until(() => tabs.every((t) => t.client.getAgent('a1')?.presence.state === 'meal'), 'mirrored');

  // Forward: a follower's command is executed by the leader's vendor link.
  await tabs[2]!.client.setAgentPresence('a2', 'available');
  assert.equal(tabs[0]!.vendor.executed.length, 1);
  assert.equal(tabs[2]!.vendor.executed.length, 0);

  // Hand over: the leader leaves; the next tab leads, connects, and the others resync from it.
  await tabs[0]!.client.disconnect();
  await until(() => tabs[1]!.adapter.role === 'leader', 'a new leader');
  assert.equal(tabs[2]!.adapter.role, 'follower');
  await until(() => tabs[1]!.vendor.sink !== null && tabs[2]!.client.status === 'live', 'new leader connected');
  await tabs[2]!.client.setAgentPresence('a2', 'break');
  assert.deepEqual(tabs[1]!.vendor.executed.map((c) => (c.type === 'set-presence' ? c.state : c.type)), ['break'], 'forwarded to the new leader, once');
});
