// shareAcrossTabs in Node (TABS-1, TABS-2): Node's BroadcastChannel between "tabs" in one process,
// a scripted lock manager, and scripted page lifecycles (freeze, resume, pagehide and pageshow
// into and out of the back/forward cache). The Chromium test (tabs.test.ts) runs the real ones.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, type Floorwalk } from '@floorwalk/core';
import { shareAcrossTabs, type TabAdapter, type TabLifecycle, type TabLocks } from '@floorwalk/core/tabs';
import { centreSnapshot, fakeAdapter, nextId, T0, until, type FakeAdapter } from './fixtures.js';

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

/** A page's lifecycle, dispatched by the test. */
function pageLifecycle(): TabLifecycle & { fire(type: 'freeze' | 'resume'): void; transition(type: 'pagehide' | 'pageshow', persisted: boolean): void } {
  const document = new EventTarget();
  const window = new EventTarget();
  return {
    document,
    window,
    fire: (type) => void document.dispatchEvent(new Event(type)),
    transition(type, persisted) {
      const event = new Event(type);
      Object.defineProperty(event, 'persisted', { value: persisted });
      window.dispatchEvent(event);
    },
  };
}

test('tabs in Node: a frozen leader steps down, another takes over, the resumed tab follows; a cached follower leaves the queue', async (t) => {
  const locks = lockManager();
  const key = `tenant/${nextId()}`;
  const tabs: { vendor: FakeAdapter; adapter: TabAdapter; client: Floorwalk; life: ReturnType<typeof pageLifecycle>; roles: string[] }[] = [];
  t.after(() => Promise.all(tabs.map((tab) => tab.client.disconnect())));
  for (let i = 0; i < 3; i++) {
    const vendor = fakeAdapter();
    const life = pageLifecycle();
    const roles: string[] = [];
    const adapter = shareAcrossTabs(vendor, { key, locks, timeoutMs: 2000, lifecycle: life, onRole: (role) => roles.push(role) });
    const client = createFloorwalk({ adapter, session: { userId: 'admin-1', role: 'admin', teamIds: 'all' }, reconnect: true });
    await client.connect();
    tabs.push({ vendor, adapter, client, life, roles });
  }
  const [one, two, three] = tabs as [(typeof tabs)[0], (typeof tabs)[0], (typeof tabs)[0]];
  await until(() => tabs.every((tab) => tab.client.status === 'live'), 'all live');
  assert.deepEqual(tabs.map((tab) => tab.adapter.role), ['leader', 'follower', 'follower']);

  // The leader freezes: inside the event it lets go of the lock and its link, and says so.
  one.life.fire('freeze');
  assert.equal(one.adapter.role, 'none');
  assert.equal(one.vendor.sink, null, 'the vendor link closed inside the freeze event');
  assert.equal(one.client.status, 'reconnecting');
  // A follower's command during the handover: it waits, then goes through the new leader, once.
  const during = three.client.setAgentPresence('a2', 'available');
  await until(() => two.adapter.role === 'leader' && two.vendor.sink !== null, 'the next tab leads');
  await during;
  assert.deepEqual(two.vendor.executed.map((c) => (c.type === 'set-presence' ? `${c.agentId}:${c.state}` : c.type)), ['a2:available']);
  assert.equal(one.vendor.executed.length + three.vendor.executed.length, 0, 'sent by the new leader only');
  await until(() => three.client.status === 'live', 'the follower resynced');

  // While it sleeps the world moves on; on resume it follows the new leader and resyncs.
  const moved = centreSnapshot(T0 + 5000);
  two.vendor.snapshotEvent = { ...moved, agents: (moved.agents ?? []).map((a) => (a.id === 'a1' ? { ...a, presence: { state: 'meal', since: T0 + 5000 } } : a)) };
  two.vendor.emit({ type: 'presence', id: nextId(), at: T0 + 5000, source: 'fake', agentId: 'a1', presence: { state: 'meal', since: T0 + 5000 } });
  await until(() => three.client.getAgent('a1')?.presence.state === 'meal', 'mirrored to the awake follower');
  assert.notEqual(one.client.getAgent('a1')?.presence.state, 'meal', 'the frozen tab hears nothing');
  one.life.fire('resume');
  await until(() => one.adapter.role === 'follower' && one.client.status === 'live', 'the resumed tab follows, live');
  assert.deepEqual(one.roles, ['leader', 'none', 'follower']);
  assert.equal(one.vendor.sink, null, 'the resumed tab did not reconnect to the vendor');
  assert.equal(one.client.getAgent('a1')?.presence.state, 'meal', 'resynced from the new leader');
  const view = (c: Floorwalk): string => JSON.stringify(c.getAgents().map((a) => [a.id, a.presence]));
  assert.equal(view(one.client), view(two.client), 'the same store as the new leader');
  const sent = (vendor: FakeAdapter): string[] => vendor.executed.map((c) => (c.type === 'set-presence' ? `${c.agentId}:${c.state}` : c.type));
  await one.client.setAgentPresence('b1', 'break');
  assert.deepEqual(sent(two.vendor), ['a2:available', 'b1:break'], "the resumed tab's command went through the new leader");

  // A follower going into the back/forward cache leaves the lock queue: when the leader leaves,
  // the lock goes to the tab that is awake, although the cached one queued first.
  three.life.transition('pagehide', false);
  assert.equal(three.adapter.role, 'follower', 'a pagehide that is not into the cache changes nothing');
  three.life.transition('pagehide', true);
  assert.equal(three.adapter.role, 'none');
  await two.client.disconnect();
  await until(() => one.adapter.role === 'leader' && one.vendor.sink !== null, 'the awake tab leads');
  assert.equal(three.adapter.role, 'none', 'the cached tab was not granted the lock');
  three.life.transition('pageshow', true);
  await until(() => three.adapter.role === 'follower' && three.client.status === 'live', 'back from the cache, following');
  await three.client.setAgentPresence('a2', 'break');
  assert.deepEqual(sent(one.vendor), ['a2:break'], 'forwarded to the leader');
  // Freezing and resuming a tab that leads alone: it takes its own lock back and reconnects.
  three.life.fire('freeze');
  one.life.fire('freeze');
  assert.equal(one.vendor.sink, null);
  one.life.fire('resume');
  await until(() => one.adapter.role === 'leader' && one.vendor.sink !== null && one.client.status === 'live', 'leads again on resume');
  three.life.fire('resume');
  await until(() => three.adapter.role === 'follower' && three.client.status === 'live', 'follows again');
});
