import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FloorwalkEvent, Interaction } from '@floorwalk/core';
import { Store } from '../src/store/store.js';
import { agent, call, centreSnapshot, nextId, T0 } from './fixtures.js';

/*
 * The store keeps each agent's live interactions on the agent's record, reached from the
 * interaction's record, and in a map by agent id for agents it does not hold yet. These tests
 * move interactions across that line: an agent arriving after their interaction, leaving, and
 * coming back.
 */

const update = (i: Interaction, at: number): FloorwalkEvent => ({ type: 'interaction', id: nextId(), at, source: 'fake', interaction: i });
const joins = (id: string, at: number): FloorwalkEvent => ({ type: 'agent', id: nextId(), at, source: 'fake', agent: agent(id, ['t1']) });
const live = (store: Store, agentId: string): string[] => [...(store.liveInteractionIds(agentId) ?? [])].sort();

test("an interaction that comes before its agent is indexed under the agent's id, and the agent's record takes it over", () => {
  const store = new Store();
  store.apply(centreSnapshot(T0));
  store.apply(update(call('i7', 'z9', 'connected', { connectedAt: T0 + 1 }), T0 + 1));
  assert.deepEqual(live(store, 'z9'), ['i7'], 'indexed before the agent is held');

  store.apply(joins('z9', T0 + 2));
  assert.deepEqual(live(store, 'z9'), ['i7'], 'still indexed once the agent is held');
  store.apply(update(call('i8', 'z9', 'connected', { connectedAt: T0 + 3 }), T0 + 3));
  assert.deepEqual(live(store, 'z9'), ['i7', 'i8']);

  // Handed over: i7's record last saw z9 before z9 was held, so the index is found by id.
  store.apply(update(call('i7', 'a1', 'connected', { connectedAt: T0 + 4 }), T0 + 4));
  assert.deepEqual(live(store, 'z9'), ['i8']);
  assert.ok(live(store, 'a1').includes('i7'));
  store.apply(update(call('i8', 'z9', 'ended', { connectedAt: T0 + 3, endedAt: T0 + 5 }), T0 + 5));
  assert.deepEqual(live(store, 'z9'), []);
});

test("an agent who leaves takes their live interactions along, and on coming back holds only the new ones", () => {
  const store = new Store();
  store.apply(centreSnapshot(T0));
  store.apply(update(call('i7', 'a3', 'connected', { connectedAt: T0 + 1 }), T0 + 1));
  store.apply(joins('a3', T0 + 2));
  store.apply(update(call('i8', 'a3', 'connected', { connectedAt: T0 + 2 }), T0 + 2));
  // i9 ends while a3 is held; its record keeps a3's record.
  store.apply(update(call('i9', 'a3', 'ended', { connectedAt: T0 + 2, endedAt: T0 + 3 }), T0 + 3));
  assert.deepEqual(live(store, 'a3'), ['i7', 'i8']);

  // A whole-floor snapshot without a3: a3 leaves with i7 and i8.
  const { agents, interactions, ...rest } = centreSnapshot(T0 + 10_000);
  store.apply({ ...rest, agents: (agents ?? []).filter((a) => a.id !== 'a3'), interactions: interactions ?? [] });
  assert.equal(store.agents.get('a3'), undefined);
  assert.equal(store.interactions.get('i7'), undefined);
  assert.equal(store.interactions.get('i8'), undefined);
  assert.deepEqual(live(store, 'a3'), []);

  store.apply(joins('a3', T0 + 20_000));
  assert.deepEqual(live(store, 'a3'), [], 'nothing carried over from before');
  store.apply(update(call('i10', 'a3', 'connected', { connectedAt: T0 + 20_001 }), T0 + 20_001));
  assert.deepEqual(live(store, 'a3'), ['i10']);
  // A late correction reopens i9, whose record still points to the record a3 had before leaving:
  // it is indexed under the record a3 has now.
  store.apply(update(call('i9', 'a3', 'connected', { connectedAt: T0 + 2 }), T0 + 20_002));
  assert.deepEqual(live(store, 'a3'), ['i10', 'i9']);
  store.apply(update(call('i9', 'a3', 'ended', { connectedAt: T0 + 2, endedAt: T0 + 20_003 }), T0 + 20_003));
  store.apply(update(call('i10', 'a1', 'connected', { connectedAt: T0 + 20_004 }), T0 + 20_004));
  assert.deepEqual(live(store, 'a3'), []);
});

test('an interaction a resync dropped stays out for updates older than the newest whole-floor snapshot, whatever its tombstone says', () => {
  const store = new Store();
  store.apply(centreSnapshot(T0));
  const { interactions: _, ...rest } = centreSnapshot(T0);
  const withoutI1 = (at: number): FloorwalkEvent => ({ ...rest, id: nextId(), at, interactions: [call('i2', 'b1', 'connected', { connectedAt: T0 })] });
  // i1 leaves at the first resync (its tombstone), and the second resync still does not list it.
  store.apply(withoutI1(T0 + 10_000));
  store.apply(withoutI1(T0 + 20_000));
  assert.equal(store.interactions.get('i1'), undefined);

  const stale = store.stats.stale;
  // Newer than the tombstone, older than the last snapshot: that snapshot is the newer news.
  assert.equal(store.apply(update(call('i1', 'a1', 'held', { connectedAt: T0, heldAt: T0 + 15_000 }), T0 + 15_000)), false);
  assert.equal(store.stats.stale, stale + 1);
  assert.equal(store.interactions.get('i1'), undefined);
  // Older than both.
  assert.equal(store.apply(update(call('i1', 'a1', 'held', { connectedAt: T0, heldAt: T0 + 5_000 }), T0 + 5_000)), false);
  // Newer than both: back, and indexed under its agent.
  assert.equal(store.apply(update(call('i1', 'a1', 'held', { connectedAt: T0, heldAt: T0 + 25_000 }), T0 + 25_000)), true);
  assert.equal(store.interactions.get('i1')?.state, 'held');
  assert.deepEqual(live(store, 'a1'), ['i1']);
});

test('a tombstone newer than every update since keeps its interaction out until an update is newer still', () => {
  // Small bounds, so ended interactions leave the history as tombstones quickly.
  const store = new Store({ endedInteractions: 1, tombstones: 4 });
  store.apply(centreSnapshot(T0));
  store.apply(update(call('i5', 'a1', 'ended', { connectedAt: T0 + 1, endedAt: T0 + 50_000 }), T0 + 50_000));
  // i6 ends too and pushes i5 out of the ended history: i5's tombstone is at T0 + 50,000.
  store.apply(update(call('i6', 'a2', 'ended', { connectedAt: T0 + 1, endedAt: T0 + 2 }), T0 + 2));
  assert.equal(store.interactions.get('i5'), undefined);
  assert.equal(store.apply(update(call('i5', 'a1', 'connected', { connectedAt: T0 + 1 }), T0 + 40_000)), false, 'older than its tombstone');
  assert.equal(store.apply(update(call('i5', 'a1', 'connected', { connectedAt: T0 + 1 }), T0 + 60_000)), true);
});

test('an interaction evicted a second time has the newest tombstone, which outlives older ones', () => {
  const store = new Store({ endedInteractions: 1, tombstones: 2 });
  store.apply(centreSnapshot(T0));
  const ends = (id: string, at: number): void => {
    assert.equal(store.apply(update(call(id, 'a1', 'ended', { connectedAt: T0 + 1, endedAt: at }), at)), true);
  };
  ends('i1', T0 + 10);
  ends('i2', T0 + 20); // i1 leaves the history: its tombstone
  // A newer event brings i1 back; it ends again and leaves again, after i2.
  assert.equal(store.apply(update(call('i1', 'a1', 'connected', { connectedAt: T0 + 1 }), T0 + 30)), true);
  ends('i1', T0 + 40); // i2's tombstone
  ends('i3', T0 + 50); // i1's second tombstone, the newest
  ends('i4', T0 + 60); // i3's tombstone: over the bound, the oldest (i2's) goes
  assert.equal(store.apply(update(call('i1', 'a1', 'held', { connectedAt: T0 + 1, heldAt: T0 + 35 }), T0 + 35)), false, 'older than i1 as it left');
  assert.equal(store.interactions.get('i1'), undefined);
  assert.equal(store.apply(update(call('i2', 'a1', 'held', { connectedAt: T0 + 1, heldAt: T0 + 15 }), T0 + 15)), true, "i2's tombstone is the one let go");
});

test('what the store lets go of (old messages, finished sessions, requests, notes) it also stops remembering versions of', () => {
  const store = new Store({ messagesPerConversation: 20, history: 10 });
  store.apply(centreSnapshot(T0));
  const ev = (type: string, body: Record<string, unknown>, at: number) => ({ type, id: nextId(), at, source: 'fake', ...body }) as unknown as FloorwalkEvent;
  for (let n = 0; n < 2000; n++) {
    const at = T0 + 1 + n;
    store.apply(ev('chat-message', { message: { id: `c${n}`, conversationId: 'team:t1', authorId: 'a1', body: 'hi', sentAt: at, delivery: 'sent' } }, at));
    store.apply(ev('help-request', { request: { id: `h${n}`, agentId: 'a1', reason: 'stuck', raisedAt: at, state: 'resolved' } }, at));
    store.apply(ev('monitoring', { session: { id: `m${n}`, mode: 'listen', supervisorId: 'sup-1', agentId: 'a1', interactionId: 'i1', startedAt: at, endedAt: at } }, at));
    store.apply(ev('coaching-note', { note: { id: `n${n}`, agentId: 'a1', authorId: 'sup-1', body: 'ok', createdAt: at } }, at));
  }
  assert.equal(store.stats.applied, 1 + 4 * 2000, 'every event applied');
  assert.equal(store.conversations.get('team:t1')?.length, 20);
  // Versions are private; their count is what grew by one per id for the whole session.
  const v = (store as unknown as { v: Record<string, Map<string, number>> }).v;
  assert.deepEqual(
    Object.fromEntries(['chat', 'help', 'monitoring', 'note'].map((k) => [k, (v[k] as Map<string, number>).size])),
    { chat: 20, help: 10, monitoring: 10, note: 10 },
  );
  // A late update of a message long gone does not bring it back into the conversation.
  store.apply(ev('chat-message', { message: { id: 'c0', conversationId: 'team:t1', authorId: 'a1', body: 'hi', sentAt: T0 + 1, delivery: 'read' } }, T0 + 5000));
  assert.equal(store.conversations.get('team:t1')?.[0]?.id, 'c1980');
});
