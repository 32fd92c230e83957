import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, type FloorwalkEvent, type StoreChange } from '@floorwalk/core';
import { createManualClock } from '@floorwalk/core/testing';
import { agent, call, centreSnapshot, fakeAdapter, nextId, settle, T0 } from './fixtures.js';

const admin = { userId: 'admin-1', role: 'admin', teamIds: 'all' } as const;

async function live(options: { limits?: { endedInteractions?: number; dedupeWindow?: number } } = {}) {
  const adapter = fakeAdapter();
  const clock = createManualClock(T0);
  const client = createFloorwalk({ adapter, session: admin, clock, ...(options.limits && { limits: options.limits }) });
  await client.connect();
  await settle();
  const changes: StoreChange[] = [];
  client.subscribe((c) => changes.push(c));
  return { adapter, client, clock, changes };
}

const presence = (agentId: string, state: 'available' | 'break' | 'meal', at: number, id = nextId()): FloorwalkEvent => ({
  type: 'presence',
  id,
  at,
  source: 'fake',
  agentId,
  presence: { state, since: at },
});

test('a delta updates one agent and subscribers hear its id once per batch', async () => {
  const { adapter, client, changes } = await live();
  adapter.emit(presence('a1', 'break', T0 + 1000), presence('a2', 'available', T0 + 1000), presence('a1', 'meal', T0 + 2000));
  assert.equal(changes.length, 0, 'notification waits for the microtask');
  await settle();
  assert.equal(changes.length, 1, 'one notification for the whole batch');
  assert.deepEqual([...changes[0]!.agents].sort(), ['a1', 'a2']);
  assert.equal(changes[0]!.reset, false);
  assert.equal(client.getAgent('a1')?.presence.state, 'meal');
  assert.equal(client.getAgent('b1')?.presence.state, 'available', 'untouched agents stay as they were');
});

test('duplicate event ids are ignored', async () => {
  const { adapter, client, changes } = await live();
  adapter.emit(presence('a1', 'break', T0 + 1000, 'dup-1'));
  await settle();
  adapter.emit(presence('a1', 'meal', T0 + 2000, 'dup-1'));
  await settle();
  assert.equal(client.getAgent('a1')?.presence.state, 'break');
  assert.equal(changes.length, 1, 'the duplicate caused no notification');
});

test('events older than the held state of that entity are ignored, per entity', async () => {
  const { adapter, client } = await live();
  adapter.emit(presence('a1', 'meal', T0 + 5000));
  adapter.emit(presence('a1', 'break', T0 + 4000), presence('a2', 'meal', T0 + 4000));
  await settle();
  assert.equal(client.getAgent('a1')?.presence.state, 'meal', 'stale for a1');
  assert.equal(client.getAgent('a2')?.presence.state, 'meal', 'not stale for a2, which held an older state');
});

test('an agent update does not roll back a newer presence', async () => {
  const { adapter, client } = await live();
  adapter.emit(presence('a1', 'meal', T0 + 5000));
  adapter.emit({ type: 'agent', id: nextId(), at: T0 + 3000, source: 'fake', agent: { ...agent('a1', ['t1'], 'available'), name: 'Ada Renamed' } });
  await settle();
  assert.equal(client.getAgent('a1')?.name, 'Ada Renamed');
  assert.equal(client.getAgent('a1')?.presence.state, 'meal');
});

test('routing activity is derived from live interactions', async () => {
  const { adapter, client } = await live();
  assert.equal(client.getRoutingActivity('a1'), 'interacting');
  assert.equal(client.getRoutingActivity('a2'), 'idle');
  adapter.emit({ type: 'interaction', id: nextId(), at: T0 + 1000, source: 'fake', interaction: call('i1', 'a1', 'held', { connectedAt: T0, heldAt: T0 + 1000 }) });
  assert.equal(client.getRoutingActivity('a1'), 'held');
  adapter.emit({ type: 'interaction', id: nextId(), at: T0 + 2000, source: 'fake', interaction: call('i3', 'a1', 'offered', { offeredAt: T0 + 2000 }) });
  assert.equal(client.getRoutingActivity('a1'), 'held', 'held outranks a new offer');
  adapter.emit({ type: 'interaction', id: nextId(), at: T0 + 3000, source: 'fake', interaction: call('i1', 'a1', 'wrap-up', { connectedAt: T0, wrapUpAt: T0 + 3000, holdMs: 2000 }) });
  assert.equal(client.getRoutingActivity('a1'), 'offered');
  adapter.emit({ type: 'interaction', id: nextId(), at: T0 + 3500, source: 'fake', interaction: call('i3', 'a1', 'ended', { endedAt: T0 + 3500, endReason: 'missed' }) });
  assert.equal(client.getRoutingActivity('a1'), 'wrap-up');
  adapter.emit({ type: 'not-responding', id: nextId(), at: T0 + 3600, source: 'fake', agentId: 'a1', notResponding: true });
  assert.equal(client.getRoutingActivity('a1'), 'not-responding');
  adapter.emit({ type: 'interaction', id: nextId(), at: T0 + 4000, source: 'fake', interaction: call('i1', 'a1', 'ended', { connectedAt: T0, wrapUpAt: T0 + 3000, endedAt: T0 + 4000 }) });
  adapter.emit({ type: 'not-responding', id: nextId(), at: T0 + 4000, source: 'fake', agentId: 'a1', notResponding: false });
  assert.equal(client.getRoutingActivity('a1'), 'idle');
  assert.equal(client.getInteraction('i1')?.state, 'ended', 'ended interactions stay readable as recent history');
  assert.deepEqual(client.getInteractions({ agentId: 'a1' }), []);
  assert.deepEqual(client.getInteractions({ agentId: 'a1', includeEnded: true }).map((i) => i.id).sort(), ['i1', 'i3']);
});

test('a stale update cannot resurrect an ended interaction', async () => {
  const { adapter, client } = await live();
  adapter.emit({ type: 'interaction', id: nextId(), at: T0 + 4000, source: 'fake', interaction: call('i1', 'a1', 'ended', { endedAt: T0 + 4000 }) });
  adapter.emit({ type: 'interaction', id: nextId(), at: T0 + 3000, source: 'fake', interaction: call('i1', 'a1', 'wrap-up', { wrapUpAt: T0 + 3000 }) });
  assert.equal(client.getInteraction('i1')?.state, 'ended');
  assert.equal(client.getRoutingActivity('a1'), 'idle');
});

test('time in state and interaction times are computed from timestamps at read time', async () => {
  const { adapter, client, clock } = await live();
  clock.advance(90_000);
  assert.equal(client.getTimeInState('a1'), 90_000);
  adapter.emit({
    type: 'interaction',
    id: nextId(),
    at: T0 + 60_000,
    source: 'fake',
    interaction: call('i1', 'a1', 'held', { createdAt: T0 - 20_000, connectedAt: T0, heldAt: T0 + 60_000, holdMs: 10_000, holdCount: 2 }),
  });
  clock.advance(5_000); // now = T0 + 95 s, on hold for 35 s of a second hold
  assert.deepEqual(client.getInteractionTimes('i1'), { waitMs: 20_000, talkMs: 50_000, holdMs: 45_000, wrapUpMs: 0, handleMs: 95_000 });
  adapter.emit({
    type: 'interaction',
    id: nextId(),
    at: T0 + 100_000,
    source: 'fake',
    interaction: call('i1', 'a1', 'wrap-up', { createdAt: T0 - 20_000, connectedAt: T0, wrapUpAt: T0 + 100_000, holdMs: 50_000 }),
  });
  clock.advance(15_000);
  assert.deepEqual(client.getInteractionTimes('i1'), { waitMs: 20_000, talkMs: 50_000, holdMs: 50_000, wrapUpMs: 10_000, handleMs: 110_000 });
  assert.equal(client.getInteractionTimes('nope'), undefined);
});

test('a team snapshot replaces that team only, its agents and their interactions', async () => {
  const { adapter, client, changes } = await live();
  adapter.emit({
    type: 'snapshot',
    id: nextId(),
    at: T0 + 10_000,
    source: 'fake',
    scope: { kind: 'team', id: 't1' },
    agents: [agent('a1', ['t1'], 'meeting', T0 + 9000), agent('a3', ['t1'])],
    interactions: [],
  });
  await settle();
  assert.deepEqual(client.getAgents().map((a) => a.id).sort(), ['a1', 'a3', 'b1']);
  assert.equal(client.getAgent('a1')?.presence.state, 'meeting');
  assert.deepEqual(client.getInteractions().map((i) => i.id), ['i2'], "a1's call is gone, b1's (other team) stays");
  assert.equal(changes.at(-1)?.reset, true);
  assert.ok(changes.at(-1)?.agents.has('a2'), 'the removed agent is announced');
});

test('a snapshot does not overwrite what a newer delta already told us', async () => {
  const { adapter, client } = await live();
  adapter.emit(presence('a1', 'meal', T0 + 20_000));
  adapter.emit({ ...centreSnapshot(T0 + 10_000), id: nextId() });
  await settle();
  assert.equal(client.getAgent('a1')?.presence.state, 'meal');
});

test('queue statistics update the queue', async () => {
  const { adapter, client } = await live();
  const stats = { waiting: 3, oldestWaitingSince: T0 - 30_000, agentsAvailable: 0, offered: 10, answered: 6, abandoned: 1 };
  adapter.emit({ type: 'queue-stats', id: nextId(), at: T0 + 1000, source: 'fake', queueId: 'q1', stats });
  assert.deepEqual(client.getQueue('q1')?.stats, stats);
});

test('ended interactions are bounded so memory stays flat', async () => {
  const { adapter, client } = await live({ limits: { endedInteractions: 3 } });
  for (let n = 0; n < 10; n++) {
    adapter.emit({ type: 'interaction', id: nextId(), at: T0 + n, source: 'fake', interaction: call(`x${n}`, 'a2', 'ended', { endedAt: T0 + n }) });
  }
  assert.deepEqual(client.getInteractions({ includeEnded: true, agentId: 'a2' }).map((i) => i.id), ['x7', 'x8', 'x9']);
});

test('chat messages are kept in order per conversation and update in place', async () => {
  const { adapter, client } = await live();
  const msg = (id: string, sentAt: number, delivery: 'sent' | 'read' = 'sent') => ({
    type: 'chat-message' as const,
    id: nextId(),
    at: sentAt,
    source: 'fake',
    message: { id, conversationId: 'team:t1', authorId: 'a1', body: id, sentAt, delivery },
  });
  adapter.emit(msg('m2', T0 + 2000), msg('m1', T0 + 1000), msg('m3', T0 + 3000));
  adapter.emit({ ...msg('m2', T0 + 2000, 'read'), at: T0 + 4000 });
  assert.deepEqual(client.getMessages('team:t1').map((m) => `${m.id}:${m.delivery}`), ['m1:sent', 'm2:read', 'm3:sent']);
});

test('interactions can be filtered by queue, channel and state', async () => {
  const { adapter, client } = await live();
  adapter.emit({ type: 'interaction', id: nextId(), at: T0 + 1, source: 'fake', interaction: call('w1', undefined, 'queued', { queueId: 'q2', channel: 'chat' }) });
  assert.deepEqual(client.getInteractions({ queueId: 'q2' }).map((i) => i.id), ['w1']);
  assert.deepEqual(client.getInteractions({ channel: 'chat' }).map((i) => i.id), ['w1']);
  assert.deepEqual(client.getInteractions({ state: 'connected' }).map((i) => i.id).sort(), ['i1', 'i2']);
});

test('getAgents returns a stable array until agents change', async () => {
  const { adapter, client } = await live();
  const first = client.getAgents();
  assert.equal(client.getAgents(), first);
  adapter.emit(presence('a1', 'break', T0 + 1000));
  assert.notEqual(client.getAgents(), first);
});

test('a late older event cannot revive an interaction that left the recent history', async () => {
  const { adapter, client } = await live({ limits: { endedInteractions: 2 } });
  adapter.emit({ type: 'interaction', id: nextId(), at: T0 + 100, source: 'fake', interaction: call('i1', 'a1', 'ended', { connectedAt: T0, endedAt: T0 + 100 }) });
  for (let n = 0; n < 5; n++) {
    adapter.emit({ type: 'interaction', id: nextId(), at: T0 + 200 + n, source: 'fake', interaction: call(`y${n}`, 'a2', 'ended', { endedAt: T0 + 200 + n }) });
  }
  assert.equal(client.getInteraction('i1'), undefined, 'i1 left the bounded history');
  adapter.emit({ type: 'interaction', id: nextId(), at: T0 + 50, source: 'fake', interaction: call('i1', 'a1', 'connected', { connectedAt: T0 }) });
  assert.equal(client.getInteraction('i1'), undefined);
  assert.equal(client.getRoutingActivity('a1'), 'idle');
});
