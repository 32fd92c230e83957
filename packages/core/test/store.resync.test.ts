import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, type FloorwalkEvent, type StoreChange } from '@floorwalk/core';
import { createManualClock } from '@floorwalk/core/testing';
import { Store } from '../src/store/store.js';
import { agent, call, centreSnapshot, fakeAdapter, nextId, settle, T0 } from './fixtures.js';

const admin = { userId: 'admin-1', role: 'admin', teamIds: 'all' } as const;

const presence = (agentId: string, state: 'available' | 'break' | 'meal', at: number): FloorwalkEvent => ({
  type: 'presence',
  id: nextId(),
  at,
  source: 'fake',
  agentId,
  presence: { state, since: at },
});

const interaction = (i: ReturnType<typeof call>, at: number): FloorwalkEvent => ({ type: 'interaction', id: nextId(), at, source: 'fake', interaction: i });

test("a whole-floor snapshot's change lists every agent and interaction held and the removed ones, as they were when handed out", async () => {
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, session: admin, clock: createManualClock(T0) });
  await client.connect();
  // i9 ends before the resync and stays in the recent history.
  adapter.emit(interaction(call('i9', 'a1', 'ended', { endedAt: T0 + 500 }), T0 + 500));
  await settle();
  const changes: StoreChange[] = [];
  client.subscribe((c) => changes.push(c));

  const { agents: _, interactions: __, ...rest } = centreSnapshot(T0 + 10_000);
  adapter.emit(
    {
      ...rest,
      // a2 left the floor, a3 joined; i1 ended while away, i3 started.
      agents: [agent('a1', ['t1']), agent('b1', ['t2']), agent('a3', ['t2'])],
      interactions: [call('i2', 'b1', 'connected', { connectedAt: T0 }), call('i3', 'a3', 'connected', { connectedAt: T0 + 9000 })],
    },
    // A delta in the same batch, after the snapshot.
    presence('a3', 'break', T0 + 11_000),
  );
  await settle();

  assert.equal(changes.length, 1, 'one notification for the batch');
  const change = changes[0]!;
  assert.equal(change.reset, true);
  assert.deepEqual([...change.agents].sort(), ['a1', 'a2', 'a3', 'b1'], 'every agent held, and the removed one');
  assert.deepEqual([...(change.agentRecords ?? [])].sort(), ['a1', 'a2', 'a3', 'b1']);
  assert.deepEqual([...change.interactions].sort(), ['i1', 'i2', 'i3', 'i9'], 'live and recently ended ones held, and the removed one');
  assert.equal(change.agents.size, 4);
  assert.equal(change.interactions.size, 4);
  assert.ok(change.agents.has('a2') && change.agents.has('a3') && !change.agents.has('nobody'));
  assert.ok(change.interactions.has('i1') && !change.interactions.has('i4'));
  const walked: string[] = [];
  change.agents.forEach((id, again, set) => {
    assert.equal(id, again);
    assert.equal(set, change.agents);
    walked.push(id);
  });
  assert.deepEqual(walked, [...change.agents]);
  assert.deepEqual([...change.agents.entries()].map(([a, b]) => `${a}=${b}`), [...change.agents.keys()].map((id) => `${id}=${id}`));
  assert.equal(client.getAgent('a2'), undefined);
  assert.equal(client.getAgent('a3')?.presence.state, 'break');

  // A late delta for the removed interaction is stale; a later change lists only what it touched
  // and leaves the reset's lists as they were.
  adapter.emit(interaction(call('i1', 'a1', 'connected', { connectedAt: T0 }), T0 + 5000), presence('a1', 'meal', T0 + 12_000), presence('a4', 'meal', T0 + 12_000));
  await settle();
  assert.equal(client.getInteraction('i1'), undefined, 'the removed interaction does not come back');
  assert.equal(changes.length, 2);
  assert.equal(changes[1]!.reset, false);
  assert.deepEqual([...changes[1]!.agents], ['a1']);
  assert.deepEqual([...change.agents].sort(), ['a1', 'a2', 'a3', 'b1'], 'the earlier change is unchanged');
  assert.ok(!change.agents.has('a4'));
});

test('a team snapshot still lists only the agents and interactions it touched', async () => {
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, session: admin, clock: createManualClock(T0) });
  await client.connect();
  const changes: StoreChange[] = [];
  client.subscribe((c) => changes.push(c));
  adapter.emit({
    type: 'snapshot',
    id: nextId(),
    at: T0 + 10_000,
    source: 'fake',
    scope: { kind: 'team', id: 't1' },
    agents: [agent('a1', ['t1'], 'meal', T0 + 9000)],
    interactions: [],
  });
  await settle();
  assert.equal(changes.length, 1);
  assert.equal(changes[0]!.reset, true);
  assert.deepEqual([...changes[0]!.agents].sort(), ['a1', 'a2'], "a1 replaced, a2 removed, b1 (other team) not listed");
  assert.deepEqual([...changes[0]!.interactions], ['i1'], "a1's call removed, b1's not listed");
  assert.ok(client.getAgent('b1') !== undefined && client.getInteraction('i2') !== undefined);
});

test('an interaction a snapshot removed and a later event of the same batch brought back is listed once', async () => {
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, session: admin, clock: createManualClock(T0) });
  await client.connect();
  const changes: StoreChange[] = [];
  client.subscribe((c) => changes.push(c));
  const { interactions: _, ...rest } = centreSnapshot(T0 + 10_000);
  // The snapshot no longer lists i1; a newer update of it in the same batch brings it back.
  adapter.emit({ ...rest, interactions: [call('i2', 'b1', 'connected', { connectedAt: T0 })] }, interaction(call('i1', 'a1', 'held', { connectedAt: T0, heldAt: T0 + 10_500 }), T0 + 10_500));
  await settle();
  assert.equal(client.getInteraction('i1')?.state, 'held');
  const listed = [...changes[0]!.interactions].sort();
  assert.deepEqual(listed, ['i1', 'i2']);
  assert.equal(changes[0]!.interactions.size, 2);
});

test('a resync that lists an agent or an interaction twice holds one of each, and the next one removes them cleanly', () => {
  // The store directly: its counts are what a second record for one id would put out of step.
  const store = new Store();
  store.apply(centreSnapshot(T0));
  const { agents: _, interactions: __, ...rest } = centreSnapshot(T0 + 10_000);
  const i3 = call('i3', 'a1', 'offered', { offeredAt: T0 + 9000 });
  const i3later = call('i3', 'a1', 'connected', { offeredAt: T0 + 9000, connectedAt: T0 + 9500 });
  // a3 and i3 are new and listed twice; a1 and i1 are held and listed twice.
  const i1 = call('i1', 'a1', 'connected', { connectedAt: T0 });
  const i1held = call('i1', 'a1', 'held', { connectedAt: T0, heldAt: T0 + 9900 });
  store.apply(
    {
      ...rest,
      agents: [agent('a1', ['t1']), agent('a3', ['t1']), agent('a1', ['t1'], 'meal'), agent('a3', ['t1'], 'break')],
      interactions: [i1, i3, i1held, i3later],
    },
    undefined,
    [false, false, false, false],
  );
  assert.deepEqual([...store.agents.keys()].sort(), ['a1', 'a3']);
  assert.equal(store.agents.get('a1')?.presence.state, 'meal', 'the later copy wins');
  assert.equal(store.agents.get('a3')?.presence.state, 'break');
  assert.deepEqual([...store.interactions.keys()].sort(), ['i1', 'i3']);
  assert.equal(store.interactions.size, 2, 'counted once each');
  assert.equal(store.interactions.get('i1')?.state, 'held');
  assert.equal(store.interactions.get('i3')?.state, 'connected');
  assert.deepEqual([...(store.liveInteractionIds('a1') ?? [])].sort(), ['i1', 'i3']);
  const change = store.takeChange();
  assert.deepEqual([...change.interactions].sort(), ['i1', 'i2', 'i3']);

  store.apply({ ...rest, id: nextId(), at: T0 + 20_000, agents: [agent('a3', ['t1'])], interactions: [] });
  assert.deepEqual([...store.agents.keys()], ['a3']);
  assert.equal(store.interactions.size, 0);
  assert.deepEqual([...store.interactions.keys()], []);
  assert.equal(store.liveInteractionIds('a1'), undefined);
});

test("a resync's interactions are in scope by the snapshot's teams for an agent it lists, and by the held agent's for one it does not", async () => {
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] }, clock: createManualClock(T0) });
  await client.connect();
  assert.deepEqual(client.getInteractions().map((i) => i.id), ['i1']);
  const { agents: _, interactions: __, ...rest } = centreSnapshot(T0 + 10_000);
  const calls = [call('i1', 'a1', 'connected', { connectedAt: T0 }), call('i2', 'b1', 'connected', { connectedAt: T0 }), call('i5', 'a2', 'connected', { connectedAt: T0 })];
  // b1 moves into t1: its call is in scope although the store held b1 in no team of the session.
  adapter.emit({ ...rest, agents: [agent('a1', ['t1']), agent('a2', ['t1']), agent('b1', ['t1'])], interactions: calls });
  await settle();
  assert.deepEqual(client.getInteractions().map((i) => i.id).sort(), ['i1', 'i2', 'i5']);
  assert.equal(client.getInteraction('i2')?.customer?.name, 'J. D.', 'masked: the supervisor reads no customer data');
  // a2 is not listed: as for a delta, the held a2 (in t1) puts its call in scope; a3, never held, does not.
  adapter.emit({
    ...rest,
    id: nextId(),
    at: T0 + 20_000,
    agents: [agent('a1', ['t1']), agent('b1', ['t1'])],
    interactions: [...calls, call('i6', 'a3', 'connected', { connectedAt: T0 })],
  });
  await settle();
  assert.equal(client.getAgent('a2'), undefined);
  assert.deepEqual(client.getInteractions().map((i) => i.id).sort(), ['i1', 'i2', 'i5']);
});

test('a resync applies the snapshot the client asked for even when its id repeats an earlier one; a redelivered pushed one is still dropped', async () => {
  const adapter = fakeAdapter();
  // Ids from a counter that starts again: a new leader tab's simulator numbers its snapshots from 1.
  adapter.snapshot = async () => ({ ...adapter.snapshotEvent, id: 'sim:snapshot:1' });
  const client = createFloorwalk({ adapter, session: admin, clock: createManualClock(T0) });
  await client.connect();
  adapter.sink!.status('reconnecting');
  // While away: a2 and b1 left, a1 went to lunch.
  adapter.snapshotEvent = { ...centreSnapshot(T0 + 10_000), agents: [agent('a1', ['t1'], 'meal', T0 + 9000)], interactions: [] };
  adapter.sink!.status('live');
  await settle();
  assert.equal(client.status, 'live');
  assert.deepEqual(client.getAgents().map((a) => `${a.id}:${a.presence.state}`), ['a1:meal']);
  assert.deepEqual(client.getInteractions(), []);
  // The same snapshot pushed again through the sink is a redelivery: dropped, no reset heard.
  const changes: StoreChange[] = [];
  client.subscribe((c) => changes.push(c));
  adapter.emit({ ...adapter.snapshotEvent, id: 'sim:snapshot:1' });
  await settle();
  assert.deepEqual(changes, []);
});

test('within one millisecond, a snapshot or an update that shows an older presence than the one held does not undo it; one that shows the same presence start still lands', () => {
  // A vendor stamps in whole milliseconds: a snapshot served just before a change was applied can
  // carry the change's own time. Seen in the three-tab test: the leader fetched a follower's
  // snapshot and sent a command in the same millisecond, the event came first, and the follower
  // kept the snapshot's "available" for good.
  const at = T0 + 5000;
  const store = new Store();
  store.apply(centreSnapshot(T0));
  store.apply(presence('a1', 'break', at));
  const { agents: _, ...rest } = centreSnapshot(at);
  store.apply({ ...rest, agents: [agent('a1', ['t1'], 'available', T0), agent('a2', ['t1'], 'break'), agent('b1', ['t2'])] });
  assert.equal(store.agents.get('a1')?.presence.state, 'break', 'the snapshot is older news');
  assert.equal(store.agents.get('a1')?.presence.since, at);
  // The same for a presence event and an agent update of that millisecond.
  store.apply({ type: 'presence', id: nextId(), at, source: 'fake', agentId: 'a1', presence: { state: 'available', since: T0 } });
  assert.equal(store.agents.get('a1')?.presence.state, 'break', 'an event of the same millisecond with an older start');
  store.apply({ type: 'agent', id: nextId(), at, source: 'fake', agent: { ...agent('a1', ['t1'], 'available', T0), name: 'Renamed' } });
  assert.equal(store.agents.get('a1')?.name, 'Renamed', 'the rest of the agent update lands');
  assert.equal(store.agents.get('a1')?.presence.state, 'break', 'its embedded older presence does not');
  // A presence that started in that millisecond too: arrival order decides, as before.
  store.apply({ ...rest, id: nextId(), agents: [agent('a1', ['t1'], 'meal', at), agent('a2', ['t1'], 'break'), agent('b1', ['t2'])] });
  assert.equal(store.agents.get('a1')?.presence.state, 'meal');
  store.apply(presence('a1', 'available', at));
  assert.equal(store.agents.get('a1')?.presence.state, 'available');
  // A later millisecond always lands, whatever start it shows.
  store.apply({ type: 'presence', id: nextId(), at: at + 1, source: 'fake', agentId: 'a1', presence: { state: 'break', since: T0 } });
  assert.equal(store.agents.get('a1')?.presence.state, 'break');
});
