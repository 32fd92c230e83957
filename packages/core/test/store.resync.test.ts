import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, type FloorwalkEvent, type StoreChange } from '@floorwalk/core';
import { createManualClock } from '@floorwalk/core/testing';
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
