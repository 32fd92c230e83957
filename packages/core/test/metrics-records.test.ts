// Metrics keep compact, reused records per interaction and per agent; these tests hold the
// figures to hand-computed values where that bookkeeping is most likely to slip: records reused
// after many interactions have finished, and several legs open at once, closed in any order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, type FloorwalkEvent, type Interaction, type SnapshotEvent } from '@floorwalk/core';
import { createMetrics } from '@floorwalk/core/metrics';
import { createManualClock } from '@floorwalk/core/testing';
import { CHANGED_RECORDS, type InteractionRecord } from '../src/store/interactions.js';
import { fakeAdapter, nextId, settle, T0, teamSnapshot } from './fixtures.js';

const S = 1000;
const DAY = 24 * 3600 * S;
const t = (seconds: number): number => T0 + seconds * S;

const snapshot = (interactions: Interaction[] = []): SnapshotEvent => teamSnapshot(['a1', 'a2'], interactions);

async function setup() {
  const adapter = fakeAdapter();
  adapter.snapshotEvent = snapshot();
  const clock = createManualClock(T0);
  const client = createFloorwalk({ adapter, session: { userId: 'admin-1', role: 'admin', teamIds: 'all' }, clock });
  await client.connect();
  await settle();
  const metrics = createMetrics(client, { clock, startOfDay: (at) => at - (at % DAY) });
  return { adapter, clock, client, metrics };
}

const ix = (seconds: number, i: Partial<Interaction> & { id: string; state: Interaction['state'] }): FloorwalkEvent => ({
  type: 'interaction',
  id: nextId(),
  at: t(seconds),
  source: 'fake',
  interaction: { channel: 'voice', direction: 'inbound', queueId: 'q1', createdAt: T0, agentId: 'a1', ...i },
});

test('17,001 interactions, more than the finished ones remembered: each is timed on its own, and a resync counts none twice', async () => {
  const { adapter, clock, client, metrics } = await setup();
  clock.advanceTo(t(100));
  // Interaction n: connected at 10 s, ended after 10, 20 or 30 s (n % 3). 17,001 = 3 × 5,667,
  // so 5,667 of each: handle time 5,667 × (10 + 20 + 30) s in all, 20 s on average.
  const count = 17_001;
  // 400 a batch: the store keeps 500 ended interactions, and metrics read each batch's after it.
  for (let from = 0; from < count; from += 400) {
    const events: FloorwalkEvent[] = [];
    for (let n = from; n < Math.min(count, from + 400); n++) {
      const id = `x${n}`;
      const end = 10 + 10 * (1 + (n % 3));
      events.push(ix(10, { id, state: 'connected', connectedAt: t(10) }));
      events.push(ix(end, { id, state: 'ended', connectedAt: t(10), endedAt: t(end), endReason: 'completed' }));
    }
    adapter.emit(...events);
    await settle();
  }
  const a1 = metrics.agent('a1', 'today');
  assert.equal(a1.handled, count);
  assert.equal(a1.handleMs, 5_667 * 60 * S);
  assert.equal(a1.avgHandleMs, 20 * S);
  assert.equal(a1.longestMs, 30 * S);
  // Every leg ran from 10 s; the longest to 40 s.
  assert.equal(a1.interactingMs, 30 * S);
  assert.equal(metrics.queue('q1', 'today').answered, count);

  // The vendor re-sends the latest finished ones in a resync snapshot: already counted.
  const recent = ['x16998', 'x16999', 'x17000'].map((id) => client.getInteraction(id));
  assert.ok(recent.every((i) => i?.state === 'ended'));
  clock.advanceTo(t(120));
  adapter.emit({ ...snapshot(recent as Interaction[]), at: t(120) });
  await settle();
  assert.equal(metrics.agent('a1', 'today').handled, count);
  assert.equal(metrics.queue('q1', 'today').offered, count);

  // A new interaction after all that starts from a clean record.
  clock.advanceTo(t(200));
  adapter.emit(ix(150, { id: 'y1', state: 'offered', agentId: 'a2', offeredAt: t(150) }));
  await settle();
  adapter.emit(ix(200, { id: 'y1', state: 'ended', agentId: 'a2', offeredAt: t(150), endedAt: t(200), endReason: 'missed' }));
  await settle();
  const a2 = metrics.agent('a2', 'today');
  assert.deepEqual([a2.handled, a2.missed], [0, 1], 'y1 rang at a2 and was missed: no leg, one miss');
});

test('several legs open at once: busy time is their union, and each leaves it when it ends or vanishes', async () => {
  const { adapter, clock, client, metrics } = await setup();
  const at = async (seconds: number, ...events: FloorwalkEvent[]): Promise<void> => {
    clock.advanceTo(t(seconds));
    adapter.emit(...events);
    await settle();
  };
  // a1 takes three chats: c1 at 10 s, c2 at 20 s, c3 at 50 s.
  await at(10, ix(10, { id: 'c1', channel: 'chat', state: 'connected', connectedAt: t(10) }));
  await at(20, ix(20, { id: 'c2', channel: 'chat', state: 'connected', connectedAt: t(20) }));
  await at(30, ix(30, { id: 'c1', channel: 'chat', state: 'ended', connectedAt: t(10), endedAt: t(30), endReason: 'completed' }));
  // Busy 10-30 (c1) ∪ 20-now (c2).
  assert.equal(metrics.agent('a1', 'today').interactingMs, 20 * S);
  await at(50, ix(50, { id: 'c3', channel: 'chat', state: 'connected', connectedAt: t(50) }));
  // At 60 s a resync lists c3 but not c2: c2 left the store unfinished and is not timed at all.
  const c3 = client.getInteraction('c3');
  assert.ok(c3);
  await at(60, { ...snapshot([c3]), at: t(60) });
  clock.advanceTo(t(100));
  const a1 = metrics.agent('a1', 'today');
  // c1 10-30 and c3 50-100 (still open): 20 + 50 s. c2's 20-60 would have joined them into 10-100.
  assert.equal(a1.interactingMs, 70 * S);
  assert.deepEqual([a1.handled, a1.handledByChannel], [1, { chat: 1 }]);
  assert.deepEqual(metrics.timeline('a1', 'today').interacting, [
    { from: t(10), to: t(30) },
    { from: t(50), to: t(100) },
  ]);
  await at(110, ix(110, { id: 'c3', channel: 'chat', state: 'ended', connectedAt: t(50), endedAt: t(110), endReason: 'completed' }));
  const after = metrics.agent('a1', 'today');
  assert.deepEqual([after.handled, after.handleMs, after.interactingMs], [2, (20 + 60) * S, (20 + 60) * S]);
});

test("the store hands metrics the records whose changes start or end someone's part, each once a batch, and those that leave", async () => {
  const { adapter, client } = await setup();
  const batches: string[][] = [];
  client.subscribe((change) => {
    const records = (change as unknown as { [CHANGED_RECORDS]: InteractionRecord[] })[CHANGED_RECORDS];
    batches.push(records.map((r) => `${r.id}${r.gone ? ' gone' : ''}`));
  });
  const batch = async (...events: FloorwalkEvent[]): Promise<void> => {
    adapter.emit(...events);
    await settle();
  };
  await batch(ix(1, { id: 'i1', state: 'offered', offeredAt: t(1) }), ix(2, { id: 'i2', state: 'offered', offeredAt: t(2) }));
  // Connected, then held, in one batch: listed once.
  await batch(ix(3, { id: 'i1', state: 'connected', connectedAt: t(3) }), ix(4, { id: 'i1', state: 'held', connectedAt: t(3), heldAt: t(4) }));
  // A hold alone moves no one's part: nothing listed, though the change names the interaction.
  await batch(ix(5, { id: 'i1', state: 'connected', connectedAt: t(3), holdMs: S }));
  assert.deepEqual(client.getInteraction('i1')?.holdMs, S);
  // Held first, then handed to a2 in the same batch: listed, once, for the hand-over.
  await batch(ix(6, { id: 'i1', state: 'held', connectedAt: t(3), heldAt: t(6) }), ix(7, { id: 'i1', state: 'connected', agentId: 'a2', connectedAt: t(7) }));
  // Wrap-up then the end: listed for the end.
  await batch(ix(8, { id: 'i1', state: 'wrap-up', agentId: 'a2', connectedAt: t(7), wrapUpAt: t(8) }), ix(9, { id: 'i1', state: 'ended', agentId: 'a2', connectedAt: t(7), endedAt: t(9) }));
  // i2 connects, then its agent leaves the floor in the same batch: listed once, as gone.
  await batch(ix(10, { id: 'i2', state: 'connected', connectedAt: t(10) }), { type: 'agent-removed', id: nextId(), at: t(11), source: 'fake', agentId: 'a1' });
  assert.equal(client.getInteraction('i2'), undefined);
  assert.deepEqual(batches, [['i1', 'i2'], ['i1'], [], ['i1'], ['i1'], ['i2 gone']]);
});

test("a leg opens on the history of the agent it is with now, reached through the agent's record once metrics follow it", async () => {
  const { adapter, clock, metrics } = await setup();
  const at = async (seconds: number, ...events: FloorwalkEvent[]): Promise<void> => {
    clock.advanceTo(t(seconds));
    adapter.emit(...events);
    await settle();
  };
  // A presence change each: from then on metrics reach a1's and a2's histories through their records.
  const present = (agentId: string, seconds: number): FloorwalkEvent => ({
    type: 'presence',
    id: nextId(),
    at: t(seconds),
    source: 'fake',
    agentId,
    presence: { state: 'available', since: t(seconds) },
  });
  await at(1, present('a1', 1), present('a2', 1));
  // Rung at a1, then at a2, who answers: a2's leg, a1's miss.
  await at(5, ix(5, { id: 'h1', state: 'offered', offeredAt: t(5) }));
  await at(10, ix(10, { id: 'h1', state: 'offered', agentId: 'a2', offeredAt: t(10) }));
  await at(15, ix(15, { id: 'h1', state: 'connected', agentId: 'a2', offeredAt: t(10), connectedAt: t(15) }));
  // Handed to a1 mid-call, in a batch of its own, and ended with a1.
  await at(40, ix(40, { id: 'h1', state: 'connected', agentId: 'a1', offeredAt: t(40), connectedAt: t(40), transfers: 1 }));
  await at(70, ix(70, { id: 'h1', state: 'ended', agentId: 'a1', offeredAt: t(40), connectedAt: t(40), endedAt: t(70), endReason: 'completed', transfers: 1 }));
  const a1 = metrics.agent('a1', 'today');
  const a2 = metrics.agent('a2', 'today');
  assert.deepEqual([a2.handled, a2.handleMs, a2.transfers, a2.missed], [1, 25 * S, 1, 0]);
  assert.deepEqual([a1.handled, a1.handleMs, a1.transfers, a1.missed], [1, 30 * S, 0, 1]);
});
