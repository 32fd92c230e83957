// shareAcrossTabs in Node (TABS-1, TABS-2): Node's BroadcastChannel between "tabs" in one process,
// a scripted lock manager, and scripted page lifecycles (freeze, resume, pagehide and pageshow
// into and out of the back/forward cache). The Chromium test (tabs.test.ts) runs the real ones.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createFloorwalk, createMemoryStorage, ErrorCode, FloorwalkError, type Floorwalk } from '@floorwalk/core';
import { shareAcrossTabs, type TabAdapter, type TabChannel, type TabLifecycle, type TabLocks } from '@floorwalk/core/tabs';
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

/** Tabs of one key on one lock manager, each with its own fake vendor, connected in order. */
async function openTabs(
  t: { after(fn: () => unknown): void },
  count: number,
  extra: (i: number) => Partial<Parameters<typeof shareAcrossTabs>[1]> & { outbox?: boolean; reconnect?: boolean | { delays: number[]; livenessTimeoutMs?: number } } = () => ({}),
) {
  const locks = lockManager();
  const key = `tenant/${nextId()}`;
  const tabs: { vendor: FakeAdapter; adapter: TabAdapter; client: Floorwalk; errors: FloorwalkError[] }[] = [];
  t.after(() => Promise.all(tabs.map((tab) => tab.client.disconnect())));
  const open = async (i: number) => {
    const vendor = fakeAdapter();
    const { outbox, reconnect = true, ...more } = extra(i);
    const adapter = shareAcrossTabs(vendor, { key, locks, timeoutMs: 2000, ...more });
    const client = createFloorwalk({ adapter, session: { userId: 'admin-1', role: 'admin', teamIds: 'all' }, reconnect, ...(outbox === true ? { outbox: { storage: createMemoryStorage() } } : {}) });
    const errors: FloorwalkError[] = [];
    client.on('error', (e) => errors.push(e));
    const tab = { vendor, adapter, client, errors };
    tabs.push(tab);
    return tab;
  };
  for (let i = 0; i < count; i++) await (await open(i)).client.connect();
  return { tabs, key, locks, open };
}

/** Holds the fake vendor's `method` until the function returned is called: a slow handshake or answer. */
function holdBack(vendor: FakeAdapter, method: 'connect' | 'execute'): () => void {
  let go!: () => void;
  const gate = new Promise<void>((resolve) => (go = resolve));
  const real = vendor[method] as (arg: never) => Promise<void>;
  (vendor as unknown as Record<string, unknown>)[method] = async (arg: never) => {
    await gate;
    return real(arg);
  };
  return go;
}

/** The vendor's commands, as `agent:state`. */
const sentBy = (vendor: FakeAdapter): string[] => vendor.executed.map((c) => (c.type === 'set-presence' ? `${c.agentId}:${c.state}` : c.type));

test('a follower command the vendor takes longer to answer than timeoutMs is carried out once and confirmed, not timed out and sent again', async (t) => {
  // The leader acknowledges a call as it takes it on: from then on the client's own limits
  // (commandTimeoutMs, snapshotTimeoutMs) say how long the answer may take, not the tab timeout.
  const { tabs } = await openTabs(t, 2, (i) => ({ timeoutMs: 150, ...(i === 1 ? { outbox: true } : {}) }));
  const [leader, follower] = tabs as [(typeof tabs)[0], (typeof tabs)[0]];
  await until(() => follower.client.status === 'live', 'the follower live');
  const slow = leader.vendor.execute;
  leader.vendor.execute = async (command) => {
    await new Promise((resolve) => setTimeout(resolve, 600));
    return slow(command);
  };
  const settled: string[] = [];
  follower.client.on('intent', (s) => settled.push(s.outcome));
  await follower.client.setAgentPresence('a1', 'break');
  assert.deepEqual(settled, ['confirmed']);
  await new Promise((resolve) => setTimeout(resolve, 700));
  assert.deepEqual(sentBy(leader.vendor), ['a1:break'], 'carried out once');
  assert.deepEqual(follower.errors.map((e) => e.message), [], 'no timeout reported');
});

/** A tab whose page dies: its channel goes dead and the browser frees its lock, and nothing is said. */
function crashable(locks: TabLocks): { locks: TabLocks; channel: (name: string) => TabChannel; crash(): void } {
  let crash!: () => void;
  const crashed = new Promise<void>((resolve) => (crash = resolve));
  const channels: TabChannel[] = [];
  return {
    locks: {
      request: (name, options, callback) =>
        locks.request(name, options, (lock) => {
          const held = callback(lock);
          return held === undefined ? undefined : Promise.race([held, crashed]);
        }),
    },
    channel(name) {
      const channel = new BroadcastChannel(name) as unknown as TabChannel;
      channels.push(channel);
      return channel;
    },
    crash() {
      for (const channel of channels) {
        channel.onmessage = null;
        channel.close();
        channel.postMessage = () => {};
      }
      crash();
    },
  };
}

test('a leader that crashes: the other followers show reconnecting while the next tab connects, and their commands wait for it', async (t) => {
  const locks = lockManager();
  const dying = crashable(locks);
  const { tabs } = await openTabs(t, 3, (i) => (i === 0 ? { locks: dying.locks, channel: dying.channel } : { locks }));
  const [, next, other] = tabs as [(typeof tabs)[0], (typeof tabs)[0], (typeof tabs)[0]];
  await until(() => tabs.every((tab) => tab.client.status === 'live'), 'all live');
  // The next leader's vendor link takes its time to open.
  const open = holdBack(next.vendor, 'connect');
  dying.crash();
  await until(() => next.adapter.role === 'leader', 'the next tab leads');
  await until(() => other.client.status === 'reconnecting', 'the other follower no longer shows live', 1000);
  const during = other.client.setAgentPresence('a2', 'meal');
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(sentBy(next.vendor), [], 'nothing sent on a link that is not open');
  open();
  await during;
  await until(() => other.client.status === 'live', 'live again');
  assert.deepEqual(sentBy(next.vendor), ['a2:meal']);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(next.vendor.snapshots, 2, "the new leader's resync and the other follower's, each read once");
});

test('commands a crashed leader took on and never answered go to the next leader marked restored, so its adapter looks before sending them again', async (t) => {
  const locks = lockManager();
  const dying = crashable(locks);
  const { tabs } = await openTabs(t, 3, (i) => (i === 0 ? { locks: dying.locks, channel: dying.channel } : { locks }));
  const [old, next, other] = tabs as [(typeof tabs)[0], (typeof tabs)[0], (typeof tabs)[0]];
  await until(() => tabs.every((tab) => tab.client.status === 'live'), 'all live');
  // The old leader's vendor takes both commands (they may have landed) and never answers.
  let reached = 0;
  old.vendor.execute = () => (reached++, new Promise<void>(() => {}));
  const taken = { next: next.client.setAgentPresence('a1', 'break'), other: other.client.setAgentPresence('a2', 'meal') };
  await until(() => reached === 2, "both reached the old leader's vendor");
  dying.crash();
  await until(() => next.adapter.role === 'leader', 'the next tab leads');
  await Promise.all([taken.next, taken.other]);
  await until(() => next.vendor.executed.length === 2, 'both sent by the new leader');
  const restored = Object.fromEntries(next.vendor.executed.map((c) => [c.type === 'set-presence' ? `${c.agentId}:${c.state}` : c.type, c.restored === true]));
  assert.deepEqual(restored, { 'a1:break': true, 'a2:meal': true }, "the new leader's own command and the other follower's, both marked restored");
  // One no leader took on before: sent as it is.
  await other.client.setAgentPresence('a2', 'available');
  assert.equal(next.vendor.executed.at(-1)?.restored, undefined, 'a command no leader took before is not marked');
});

test('a command a crashed leader took on, rejected here before the next leader took it (its link down) and sent again by the outbox, still reaches it marked restored', async (t) => {
  // The call times out at the tab (NotConnected, retryable): the client's outbox sends the same
  // envelope again later, as a new call; the crashed leader may have applied it all the same.
  const locks = lockManager();
  const dying = crashable(locks);
  const { tabs } = await openTabs(t, 3, (i) => (i === 0 ? { locks: dying.locks, channel: dying.channel } : { locks, timeoutMs: 300, outbox: i === 2 }));
  const [old, next, other] = tabs as [(typeof tabs)[0], (typeof tabs)[0], (typeof tabs)[0]];
  await until(() => tabs.every((tab) => tab.client.status === 'live'), 'all live');
  let reached = 0;
  old.vendor.execute = () => (reached++, new Promise<void>(() => {}));
  const done = other.client.setAgentPresence('a2', 'meal');
  await until(() => reached === 1, "it reached the old leader's vendor");
  await new Promise((resolve) => setTimeout(resolve, 50));
  // The next leader's link drops as it opens: announced, it takes nothing on.
  const open = next.vendor.connect;
  next.vendor.connect = async (sink) => {
    await open(sink);
    sink.status('reconnecting');
  };
  dying.crash();
  await new Promise((resolve) => setTimeout(resolve, 600));
  assert.equal(next.vendor.executed.length, 0, 'nothing sent on a link that is down');
  next.vendor.sink!.status('live');
  await done;
  assert.deepEqual(
    next.vendor.executed.map((c) => [sentBy({ executed: [c] } as FakeAdapter)[0], c.restored === true]),
    [['a2:meal', true]],
    'sent by the new leader once, marked restored',
  );
});

for (const leads of ['another tab', 'the resumed tab itself'] as const) {
  test(`a command a crashed leader took on, from a follower frozen meanwhile: resumed, it reaches the next leader (${leads}) marked restored`, async (t) => {
    // Resuming forgets which calls a leader took on (their replies may have come while it slept),
    // but not that one had: the leader answering its hello, or this tab taking the lock, is a new one.
    const locks = lockManager();
    const dying = crashable(locks);
    const life = pageLifecycle();
    const count = leads === 'another tab' ? 3 : 2;
    const { tabs } = await openTabs(t, count, (i) => (i === 0 ? { locks: dying.locks, channel: dying.channel } : i === count - 1 ? { locks, lifecycle: life } : { locks }));
    const [old] = tabs as [(typeof tabs)[0]];
    const sleeper = tabs[count - 1] as (typeof tabs)[0];
    const next = tabs[1] as (typeof tabs)[0];
    await until(() => tabs.every((tab) => tab.client.status === 'live'), 'all live');
    let reached = 0;
    old.vendor.execute = () => (reached++, new Promise<void>(() => {}));
    const out = sleeper.adapter.execute({ type: 'set-presence', agentId: 'a2', state: 'meal', key: 'k-slept', issuedBy: 'admin-1', issuedAt: T0 } as never);
    await until(() => reached === 1, "it reached the old leader's vendor");
    await new Promise((resolve) => setTimeout(resolve, 50));
    life.fire('freeze');
    dying.crash();
    if (leads === 'another tab') await until(() => next.adapter.role === 'leader' && next.vendor.sink !== null, 'the next tab leads');
    else await new Promise((resolve) => setTimeout(resolve, 50));
    life.fire('resume');
    await out;
    assert.equal(next.adapter.role, 'leader');
    assert.deepEqual(
      next.vendor.executed.map((c) => [sentBy({ executed: [c] } as FakeAdapter)[0], c.restored === true]),
      [['a2:meal', true]],
      'sent by the new leader, marked restored',
    );
  });
}

test('a follower opened while the leader reconnects shows connecting, not live, until the leader is back', async (t) => {
  const { tabs, open } = await openTabs(t, 1);
  const [leader] = tabs as [(typeof tabs)[0]];
  leader.vendor.sink!.status('reconnecting');
  await until(() => leader.client.status === 'reconnecting', 'the leader reconnecting');
  const late = await open(1);
  const connecting = late.client.connect();
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(late.client.status, 'connecting', 'not live while no tab has a link');
  leader.vendor.sink!.status('live');
  await connecting;
  assert.equal(late.client.status, 'live');
  assert.equal(late.adapter.role, 'follower');
});

test('a malformed or foreign message on the channel is a typed error event, never an exception', async (t) => {
  const { tabs, key } = await openTabs(t, 2);
  const [, follower] = tabs as [(typeof tabs)[0], (typeof tabs)[0]];
  await until(() => follower.client.status === 'live', 'live');
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown): void => void uncaught.push(e);
  process.on('uncaughtException', onUncaught);
  t.after(() => process.off('uncaughtException', onUncaught));
  const stranger = new BroadcastChannel(`floorwalk:tabs:${key}`);
  t.after(() => stranger.close());
  for (const message of [{ t: 'status', status: 'failed', reason: null }, { t: 'status', status: 'failed', reason: { code: 'x' } }, { t: 'events', batch: 'nope' }, { t: 'leader' }, 42, null, { t: 'reply', id: 1, tab: {} }]) stranger.postMessage(message);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.deepEqual(uncaught.map(String), [], 'nothing thrown in the page');
  assert.ok(follower.errors.some((e) => e.code === ErrorCode.MalformedEvent), `a typed error: ${follower.errors.map((e) => e.code)}`);
});

test('disconnect() while the first tab is still opening its vendor link: the link that opens after is closed, none is left behind', async (t) => {
  const locks = lockManager();
  const vendor = fakeAdapter();
  let open!: () => void;
  const opening = new Promise<void>((resolve) => (open = resolve));
  const connect = vendor.connect;
  let opened = false;
  vendor.connect = async (sink) => {
    await opening;
    await connect(sink);
    opened = true;
  };
  const adapter = shareAcrossTabs(vendor, { key: `tenant/${nextId()}`, locks });
  const client = createFloorwalk({ adapter, session: { userId: 'admin-1', role: 'admin', teamIds: 'all' } });
  t.after(() => client.disconnect());
  void client.connect().catch(() => {});
  await until(() => adapter.role === 'leader', 'leading, connecting');
  await client.disconnect();
  open();
  await until(() => opened, 'the late link open');
  await until(() => vendor.sink === null, 'the late link closed', 500).catch(() => {});
  assert.equal(vendor.sink, null, 'no vendor link after disconnect()');
  assert.equal(adapter.role, 'none');
});

test("a follower's liveness check asks the vendor link through the leader: a ping that fails is a lost link in every tab", async (t) => {
  const { tabs } = await openTabs(t, 2);
  const [leader, follower] = tabs as [(typeof tabs)[0], (typeof tabs)[0]];
  await until(() => follower.client.status === 'live', 'the follower live');
  // The leader's socket died without a close frame: only a round trip finds out.
  const vendor = leader.vendor as FakeAdapter & { ping?: () => Promise<void> };
  // Every tab wraps the same kind of adapter: one with a ping.
  (follower.vendor as { ping?: () => Promise<void> }).ping = async () => {};
  vendor.ping = async () => {
    throw new FloorwalkError(ErrorCode.NotConnected, 'no pong');
  };
  assert.equal(await follower.client.checkConnection(), false, "the follower's check failed");
  await until(() => leader.client.status !== 'live', 'the leading tab no longer shows live');
  delete vendor.ping;
  await until(() => tabs.every((tab) => tab.client.status === 'live'), 'both live again');
  assert.deepEqual(tabs.map((tab) => tab.adapter.role).sort(), ['follower', 'leader']);
});

test("a follower's snapshot check that fails is a lost link in every tab: the leader and the other followers stop showing live, and all are live again once the vendor answers", async (t) => {
  const { tabs } = await openTabs(t, 3);
  const [leader, checker, other] = tabs as [(typeof tabs)[0], (typeof tabs)[0], (typeof tabs)[0]];
  await until(() => tabs.every((tab) => tab.client.status === 'live'), 'all live');
  assert.equal(typeof (leader.vendor as { ping?: unknown }).ping, 'undefined', 'checked by a snapshot');
  const seen = new Map(tabs.map((tab) => [tab, [] as string[]]));
  for (const tab of tabs) tab.client.on('status', (s) => seen.get(tab)!.push(s.current));
  const gone = new FloorwalkError(ErrorCode.NotConnected, 'socket gone');
  for (const tab of tabs) tab.vendor.snapshotFailure = gone;
  assert.equal(await checker.client.checkConnection(), false, "the follower's check failed");
  await until(() => leader.client.status !== 'live' && other.client.status !== 'live', 'the leading tab and the other follower off live');
  for (const tab of tabs) tab.vendor.snapshotFailure = undefined;
  await until(() => tabs.every((tab) => tab.client.status === 'live'), 'all live again');
  for (const tab of tabs) assert.ok(seen.get(tab)!.includes('reconnecting'), 'every tab showed the gap');
  assert.equal(tabs.filter((tab) => tab.adapter.role === 'leader').length, 1, 'one leader');
  assert.equal(tabs.filter((tab) => tab.vendor.sink !== null).length, 1, 'one vendor link');
});

test("a follower's snapshot check that times out is a lost link in every tab, as one that fails is: the leader and the other follower stop showing live, and all are live again once the vendor answers", async (t) => {
  const { tabs } = await openTabs(t, 3, () => ({ reconnect: { delays: [100], livenessTimeoutMs: 300 } }));
  const [leader, checker, other] = tabs as [(typeof tabs)[0], (typeof tabs)[0], (typeof tabs)[0]];
  await until(() => tabs.every((tab) => tab.client.status === 'live'), 'all live');
  assert.equal(typeof (leader.vendor as { ping?: unknown }).ping, 'undefined', 'checked by a snapshot');
  const seen = new Map(tabs.map((tab) => [tab, [] as string[]]));
  for (const tab of tabs) tab.client.on('status', (s) => seen.get(tab)!.push(s.current));
  // The socket died without a word: the vendor answers no read, and says nothing either.
  let answer!: () => void;
  const silent = new Promise<void>((resolve) => (answer = resolve));
  for (const tab of tabs) tab.vendor.snapshotGate = silent;
  assert.equal(await checker.client.checkConnection(), false, "the follower's check timed out");
  await until(() => leader.client.status !== 'live' && other.client.status !== 'live', 'the leading tab and the other follower off live', 3000);
  for (const tab of tabs) tab.vendor.snapshotGate = undefined;
  answer();
  await until(() => tabs.every((tab) => tab.client.status === 'live'), 'all live again', 4000);
  for (const tab of tabs) assert.ok(seen.get(tab)!.includes('reconnecting'), 'every tab showed the gap');
  assert.equal(tabs.filter((tab) => tab.adapter.role === 'leader').length, 1, 'one leader');
  assert.equal(tabs.filter((tab) => tab.vendor.sink !== null).length, 1, 'one vendor link');
});

test("a follower's ping that times out is a lost link for the leading tab too; the ping its vendor never answered is not waited on again when that tab leads later", async (t) => {
  const { tabs } = await openTabs(t, 2, () => ({ reconnect: { delays: [100], livenessTimeoutMs: 300 } }));
  const [first, second] = tabs as [(typeof tabs)[0], (typeof tabs)[0]];
  await until(() => second.client.status === 'live', 'the follower live');
  type Pinged = FakeAdapter & { ping?: () => Promise<void> };
  const answering = async (): Promise<void> => {};
  // Every tab wraps the same kind of adapter: one with a ping. The leader's socket is gone
  // without a close frame, and its ping is never answered, not even later.
  (second.vendor as Pinged).ping = answering;
  (first.vendor as Pinged).ping = () => new Promise<void>(() => {});
  const shown: string[] = [];
  first.client.on('status', (s) => shown.push(s.current));
  assert.equal(await second.client.checkConnection(), false, "the follower's check timed out");
  await until(() => shown.includes('reconnecting'), 'the leading tab no longer shows live', 3000);
  await until(() => tabs.every((tab) => tab.client.status === 'live'), 'both live again', 4000);
  (first.vendor as Pinged).ping = answering;
  // The first tab leads again (its client re-opened its link, or the other tab leaves).
  if (first.adapter.role !== 'leader') {
    await second.client.disconnect();
    await until(() => first.adapter.role === 'leader' && first.client.status === 'live', 'the first tab leads again', 4000);
  }
  assert.equal(await first.client.checkConnection(), true, 'its check asks the vendor now, not the ping the closed link never had answered');
});

test("a leading tab whose own check timed out on a ping its vendor never answers, connected again by its host after `failed`, checks the link it opened, not that ping", async (t) => {
  // No reconnect: the client stays `failed`, and the host's connect() (fw-connection-banner's Try
  // again) opens the link again without a disconnect() first.
  const { tabs } = await openTabs(t, 1, () => ({ reconnect: false }));
  const [tab] = tabs as [(typeof tabs)[0]];
  await until(() => tab.client.status === 'live', 'live');
  type Pinged = FakeAdapter & { ping?: () => Promise<void> };
  // The socket died without a close frame: its ping is never answered, not even later.
  (tab.vendor as Pinged).ping = () => new Promise<void>(() => {});
  assert.equal(await tab.client.checkConnection(), false, 'the check timed out');
  assert.equal(tab.client.status, 'failed');
  (tab.vendor as Pinged).ping = async (): Promise<void> => {};
  await tab.client.connect();
  await until(() => tab.client.status === 'live', 'live again');
  assert.equal(tab.adapter.role, 'leader');
  assert.equal(await tab.client.checkConnection(), true, 'its check asks the vendor on the new link');
});

test("a follower's read left unanswered on a leader's failed link, told as given up once the host opened that link again, does not count the new link lost", async (t) => {
  const { tabs } = await openTabs(t, 2, (i) => ({ reconnect: i === 0 ? false : { delays: [400], livenessTimeoutMs: 300 } }));
  const [leader, follower] = tabs as [(typeof tabs)[0], (typeof tabs)[0]];
  await until(() => follower.client.status === 'live', 'the follower live');
  // The leader's socket died without a word: the follower's check (a snapshot: no ping here) is
  // taken on and never answered, not even later.
  leader.vendor.snapshotGate = new Promise<void>(() => {});
  assert.equal(await follower.client.checkConnection(), false, "the follower's check timed out");
  // Its host lets go of the follower, which notes the read it gave up on.
  await follower.client.disconnect();
  // The leader's platform reports its link failed, and its host connects it again: a new link,
  // its reads answered.
  leader.vendor.sink?.status('failed', new FloorwalkError(ErrorCode.NotConnected, 'socket closed'));
  await until(() => leader.client.status === 'failed', 'the leading tab failed');
  leader.vendor.snapshotGate = undefined;
  await leader.client.connect();
  await until(() => leader.client.status === 'live', 'the leading tab live again');
  // The follower back: it tells the leader of the read it gave up on, which was out on the old link.
  await follower.client.connect();
  await until(() => follower.client.status === 'live', 'the follower live again', 3000);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(leader.client.status, 'live', 'the new link is not counted lost for a read on the old one');
  assert.equal(leader.adapter.role, 'leader');
});

test('a leading tab whose client has no reconnect, its link failed, hands the lead to the next tab whose client re-opens the link; it follows, live again through it', async (t) => {
  const { tabs } = await openTabs(t, 3, (i) => (i === 0 ? { reconnect: false } : { reconnect: { delays: [400] } }));
  const [leader, ...followers] = tabs as [(typeof tabs)[0], ...(typeof tabs)[0][]];
  await until(() => tabs.every((tab) => tab.client.status === 'live'), 'all live');
  let connects = 0;
  for (const f of followers) {
    const open = f.vendor.connect;
    f.vendor.connect = (sink) => (connects++, open(sink));
  }
  // The vendor link gives up (Genesys: a channel that cannot be made again).
  const failedAt = Date.now();
  leader.vendor.sink!.status('failed', new FloorwalkError(ErrorCode.VendorError, 'channel gone', { retryable: true }));
  await until(() => leader.client.status === 'failed', 'the leading tab failed');
  // Not handed on at once: the next link waits for a client's backoff (400 ms less 20 %), not the lock queue.
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(connects, 0, 'no tab tried the vendor before its backoff');
  await until(() => followers.some((f) => f.adapter.role === 'leader'), 'another tab leads', 4000);
  assert.ok(Date.now() - failedAt >= 300, 'after a backoff');
  await until(() => tabs.every((tab) => tab.client.status === 'live'), 'every tab live again, the failed leader too', 4000);
  assert.equal(connects, 1, 'one new vendor link');
  assert.equal(leader.adapter.role, 'follower');
  assert.equal(leader.vendor.sink, null, "the failed link closed");
  await leader.client.setAgentPresence('a1', 'break');
  const now = followers.find((f) => f.adapter.role === 'leader')!;
  assert.deepEqual(sentBy(now.vendor), ['a1:break'], "the old leader's command goes through the new one");
});

test("a follower that left the lock queue when the leader's link failed joins it again when that link is back before its own client re-opened: when the leader then leaves, it takes over", async (t) => {
  // The follower's backoff outlasts the leader's: the leader's `live` reaches it first, and its
  // client, live again, never calls connect() to put it back in the queue.
  const { tabs } = await openTabs(t, 3, (i) => ({ reconnect: i === 0 ? { delays: [100] } : i === 1 ? { delays: [5000] } : false }));
  const [leader, waiting, noRetry] = tabs as [(typeof tabs)[0], (typeof tabs)[0], (typeof tabs)[0]];
  await until(() => tabs.every((tab) => tab.client.status === 'live'), 'all live');
  leader.vendor.sink!.status('failed', new FloorwalkError(ErrorCode.VendorError, 'channel gone', { retryable: true }));
  await until(() => waiting.client.status !== 'live' && noRetry.client.status !== 'live', 'the followers told');
  await until(() => tabs.every((tab) => tab.client.status === 'live'), 'every tab live again through the same leader', 4000);
  assert.equal(leader.adapter.role, 'leader');
  await leader.client.disconnect();
  await until(() => [waiting, noRetry].some((f) => f.adapter.role === 'leader'), 'a follower takes over', 3000);
  await until(() => waiting.client.status === 'live' && noRetry.client.status === 'live', 'both live through it', 3000);
  assert.equal([waiting, noRetry].filter((f) => f.vendor.sink !== null).length, 1, 'one vendor link');
  await noRetry.client.setAgentPresence('a1', 'break');
  assert.deepEqual([waiting, noRetry].flatMap((f) => sentBy(f.vendor)), ['a1:break'], 'carried out once, by the new leader');
});

test("a follower's link re-opened while its command is out at the leader: the command is kept and sent again, and the leader carries it out once", async (t) => {
  const { tabs, key } = await openTabs(t, 2, (i) => (i === 1 ? { outbox: true } : {}));
  const [leader, follower] = tabs as [(typeof tabs)[0], (typeof tabs)[0]];
  await until(() => follower.client.status === 'live', 'the follower live');
  // The vendor holds the leader's send (a slow REST call on a busy platform).
  let answer!: () => void;
  const held = new Promise<void>((resolve) => (answer = resolve));
  const execute = leader.vendor.execute;
  let sends = 0;
  leader.vendor.execute = async (command) => {
    sends++;
    await held;
    return execute(command);
  };
  const settled: string[] = [];
  follower.client.on('intent', (s) => settled.push(s.outcome));
  const issued = follower.client.setAgentPresence('a1', 'break').catch(() => {});
  await until(() => sends === 1, 'the command at the vendor');
  // The follower's client loses its link (here: told so on the channel) and re-opens it, which
  // disconnects its tab adapter with the command still out: its outcome is unknown.
  const channel = new BroadcastChannel(`floorwalk:tabs:${key}`);
  t.after(() => channel.close());
  channel.postMessage({ t: 'status', status: 'failed', reason: { code: ErrorCode.NotConnected, message: 'link lost', retryable: true } });
  await until(() => follower.client.status !== 'live', 'the follower re-opening');
  await until(() => follower.client.status === 'live', 'the follower live again');
  // Its resend reaches the leader while the first send is still out there.
  await new Promise((resolve) => setTimeout(resolve, 100));
  answer();
  await issued;
  await until(() => settled.length > 0, 'settled');
  assert.deepEqual(settled, ['confirmed'], 'kept and confirmed, not failed');
  assert.deepEqual(sentBy(leader.vendor), ['a1:break'], 'carried out once');
  assert.equal(sends, 1, 'one send at the vendor');
});

test('a leading tab whose first link failed and whose host calls connect() again serves and announces itself: its followers go live', async (t) => {
  // Without `reconnect` in the leading tab, its failure is terminal until the host calls connect().
  const { tabs, open } = await openTabs(t, 0);
  const first = await open(0);
  const connect = first.vendor.connect;
  first.vendor.connect = async () => {
    throw new FloorwalkError(ErrorCode.VendorError, 'vendor down', { retryable: false });
  };
  await assert.rejects(first.client.connect());
  assert.equal(first.adapter.role, 'leader', 'it holds the lock');
  const second = await open(1);
  void second.client.connect().catch(() => {});
  first.vendor.connect = connect;
  await first.client.connect();
  await until(() => second.client.status === 'live', 'the follower live', 4000);
  await second.client.setAgentPresence('a1', 'break');
  assert.deepEqual(sentBy(first.vendor), ['a1:break']);
  assert.equal(tabs.length, 2);
});

test("the leader keeps no follower's snapshot once answered: a large board's resyncs do not pile up in its memory", async (t) => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const { tabs } = await openTabs(t, 2);
  const [leader, follower] = tabs as [(typeof tabs)[0], (typeof tabs)[0]];
  await until(() => follower.client.status === 'live', 'the follower live');
  const given: WeakRef<object>[] = [];
  const snapshot = leader.vendor.snapshot;
  leader.vendor.snapshot = async () => {
    const taken = await snapshot();
    given.push(new WeakRef(taken));
    return taken;
  };
  // A day of resyncs in a few follower tabs.
  for (let i = 0; i < 20; i++) await follower.adapter.snapshot();
  leader.vendor.snapshot = snapshot;
  for (let k = 0; k < 3; k++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  assert.equal(given.length, 20);
  assert.equal(given.filter((ref) => ref.deref() !== undefined).length, 0, 'snapshots still held by the leader');
});

test("the leader's link back: a follower sends again only the calls no leader took on, not a snapshot the leader is still reading nor its own resync twice", async (t) => {
  const { tabs } = await openTabs(t, 2);
  const [leader, follower] = tabs as [(typeof tabs)[0], (typeof tabs)[0]];
  await until(() => follower.client.status === 'live', 'the follower live');
  let read!: () => void;
  leader.vendor.snapshotGate = new Promise<void>((resolve) => (read = resolve));
  const before = leader.vendor.snapshots;
  // A large board's snapshot, paced: it takes a while.
  const reading = follower.adapter.snapshot();
  await until(() => leader.vendor.snapshots === before + 1, 'the leader reading');
  // The leader's socket blips meanwhile; its REST calls go on.
  leader.vendor.sink!.status('reconnecting');
  leader.vendor.sink!.status('live');
  await until(() => follower.client.status !== 'live', 'the follower resyncing');
  await new Promise((resolve) => setTimeout(resolve, 50));
  read();
  await reading;
  await until(() => follower.client.status === 'live', 'live again');
  // The one being read, and the resyncs after the blip (the leader's and the follower's), each once.
  assert.equal(leader.vendor.snapshots - before, 3);
});

/** A follower whose leader took its command on, frozen while the leader's vendor carried it out: the answer is lost to it. */
async function frozenWithAnswer(t: { after(fn: () => unknown): void }, key: string) {
  const life = pageLifecycle();
  const { tabs } = await openTabs(t, 2, (i) => ({ timeoutMs: 3000, ...(i === 1 ? { lifecycle: life } : {}) }));
  const [leader, follower] = tabs as [(typeof tabs)[0], (typeof tabs)[0]];
  await until(() => follower.client.status === 'live', 'the follower live');
  const answer = holdBack(leader.vendor, 'execute');
  const state = { done: false };
  const out = follower.adapter.execute({ type: 'set-presence', agentId: 'a1', state: 'break', key, issuedBy: 'admin-1', issuedAt: T0 } as never).then(() => void (state.done = true));
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(state.done, false, 'taken on, not answered');
  life.fire('freeze');
  answer();
  await until(() => leader.vendor.executed.length === 1, 'carried out');
  return { leader, life, state, out };
}

test('a follower frozen with a call its leader took on: resumed while the leader is down, it gets the answer as soon as the link is back', async (t) => {
  const { leader, life, state, out } = await frozenWithAnswer(t, 'k-frozen');
  // The leader's socket drops; the follower resumes, and its hello goes unanswered.
  leader.vendor.sink!.status('reconnecting');
  life.fire('resume');
  await new Promise((resolve) => setTimeout(resolve, 50));
  leader.vendor.sink!.status('live');
  await until(() => state.done, 'answered once the link is back', 1000);
  await out;
  assert.deepEqual(sentBy(leader.vendor), ['a1:break'], 'carried out once');
});

test('a follower frozen with a call its leader took on: resumed, its hello answered by that same leader, the call goes again marked restored and is answered from the first send, not carried out twice', async (t) => {
  const { leader, life, state, out } = await frozenWithAnswer(t, 'k-hello');
  life.fire('resume');
  await until(() => state.done, "answered after the leader's reply to its hello", 1000);
  await out;
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(sentBy(leader.vendor), ['a1:break'], 'carried out once');
});

test('a send that never answered on a link the leader has since closed does not hold the same intent on its next link', async (t) => {
  const { tabs } = await openTabs(t, 1);
  const [leader] = tabs as [(typeof tabs)[0]];
  // The vendor never answers the first send (a request lost with the socket, no timeout of its own).
  const execute = leader.vendor.execute;
  let sends = 0;
  leader.vendor.execute = async (command) => {
    if (++sends === 1) return new Promise<void>(() => {});
    return execute(command);
  };
  const command = { type: 'set-presence', agentId: 'a1', state: 'break', key: 'k-hung', issuedBy: 'admin-1', issuedAt: T0 } as never;
  void leader.adapter.execute(command).catch(() => {});
  await until(() => sends === 1, 'sent');
  // The link is closed and opened again (the client re-opening it), and the intent goes again.
  await leader.client.disconnect();
  await leader.client.connect();
  assert.equal(leader.adapter.role, 'leader');
  let done = false;
  void leader.adapter.execute(command).then(() => (done = true));
  await until(() => done, 'sent again on the new link and answered', 1000);
  assert.equal(sends, 2);
});

test('followers that all check their link at once (a browser-wide online hint) cost the vendor one ping', async (t) => {
  const { tabs } = await openTabs(t, 4);
  const [leader, ...followers] = tabs as [(typeof tabs)[0], ...(typeof tabs)[0][]];
  await until(() => followers.every((f) => f.client.status === 'live'), 'the followers live');
  let pings = 0;
  const pongs: (() => void)[] = [];
  const pong = (): void => pongs.splice(0).forEach((answer) => answer());
  const vendor = leader.vendor as FakeAdapter & { ping?: () => Promise<void> };
  // Every tab wraps the same kind of adapter: one with a ping.
  for (const f of followers) (f.vendor as { ping?: () => Promise<void> }).ping = async () => {};
  vendor.ping = () => {
    pings++;
    return new Promise<void>((resolve) => pongs.push(resolve));
  };
  const checks = [leader, ...followers].map((tab) => tab.adapter.ping!());
  await until(() => pings > 0, 'pinged');
  await new Promise((resolve) => setTimeout(resolve, 50));
  pong();
  await Promise.all(checks);
  assert.equal(pings, 1, 'one vendor ping for every tab that asked while it was out');
  // Later checks ask the vendor again: a pong is not kept.
  const again = followers[0]!.adapter.ping!();
  await until(() => pings === 2, 'pinged again');
  pong();
  await again;
});

test('over an adapter with no ping, a liveness check still reaches the vendor: by a snapshot, in the leading tab and through it', async (t) => {
  const { tabs } = await openTabs(t, 2);
  const [leader, follower] = tabs as [(typeof tabs)[0], (typeof tabs)[0]];
  await until(() => follower.client.status === 'live', 'the follower live');
  assert.equal(typeof (leader.vendor as { ping?: unknown }).ping, 'undefined', 'the fake vendor has no ping');
  const before = leader.vendor.snapshots;
  assert.equal(await follower.client.checkConnection(), true, 'the follower: answered');
  assert.equal(leader.vendor.snapshots, before + 1, "the follower's check read the vendor once");
  // The vendor stops answering: both tabs' checks say so, rather than answer from the tabs alone.
  leader.vendor.snapshotFailure = new FloorwalkError(ErrorCode.NotConnected, 'socket gone');
  assert.equal(await leader.client.checkConnection(), false, 'the leading tab: failed');
  leader.vendor.snapshotFailure = undefined;
  await until(() => tabs.every((tab) => tab.client.status === 'live'), 'both live again');
  // Its client re-opened the link, and may have handed the lead over meanwhile.
  const [now, other] = leader.adapter.role === 'leader' ? [leader, follower] : [follower, leader];
  assert.equal(other.adapter.role, 'follower');
  now.vendor.snapshotFailure = new FloorwalkError(ErrorCode.NotConnected, 'socket gone');
  const checked = await other.client.checkConnection();
  now.vendor.snapshotFailure = undefined;
  assert.equal(checked, false, 'the follower: failed');
});
