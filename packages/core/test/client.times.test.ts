// client.getInteractionTimes against figures worked out by hand from the scripted timestamps:
// the current agent's part after a hand-over (the vendor may keep the first agent's connectedAt
// and run holdMs on), and an interaction that wraps up or ends from hold. Each case also checks
// that the metrics time that agent's part the same way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, type FloorwalkEvent, type Interaction } from '@floorwalk/core';
import { createMetrics } from '@floorwalk/core/metrics';
import { createManualClock } from '@floorwalk/core/testing';
import { fakeAdapter, nextId, settle, T0, teamSnapshot } from './fixtures.js';

const S = 1000;
const t = (seconds: number): number => T0 + seconds * S;
const admin = { userId: 'admin-1', role: 'admin', teamIds: 'all' } as const;

async function setup() {
  const adapter = fakeAdapter();
  adapter.snapshotEvent = teamSnapshot(['a1', 'a2']);
  const clock = createManualClock(T0);
  const client = createFloorwalk({ adapter, session: admin, clock });
  await client.connect();
  await settle();
  const metrics = createMetrics(client, { clock, startOfDay: (at) => at - (at % 86_400_000) });
  const at = async (seconds: number, i?: Partial<Interaction> & { id: string; state: Interaction['state'] }): Promise<void> => {
    clock.advanceTo(t(seconds));
    if (i !== undefined) {
      const event: FloorwalkEvent = { type: 'interaction', id: nextId(), at: t(seconds), source: 'fake', interaction: { channel: 'voice', direction: 'inbound', queueId: 'q1', createdAt: T0, ...i } };
      adapter.emit(event);
    }
    await settle();
  };
  const times = (id: string) => {
    const x = client.getInteractionTimes(id);
    return x === undefined ? undefined : [x.talkMs / S, x.holdMs / S, x.wrapUpMs / S, x.handleMs / S];
  };
  const part = (agentId: string) => {
    const m = metrics.agent(agentId, 'today');
    return [m.talkMs / S, m.holdMs / S, m.wrapUpMs / S, m.handleMs / S];
  };
  return { at, times, part };
}

test("after a hand-over where the vendor keeps the first connectedAt, the times are the second agent's part", async () => {
  // a1 connected 10, handed to a2 at 70 (connectedAt stays 10, as Amazon Connect's contact keeps it).
  const { at, times, part } = await setup();
  await at(10, { id: 'h1', state: 'connected', agentId: 'a1', offeredAt: t(5), connectedAt: t(10) });
  await at(40);
  assert.deepEqual(times('h1'), [30, 0, 0, 30], "a1's part so far");
  await at(70, { id: 'h1', state: 'connected', agentId: 'a2', offeredAt: t(70), connectedAt: t(10), transfers: 1 });
  await at(90);
  assert.deepEqual(times('h1'), [20, 0, 0, 20], "a2's 20 s, not the call's 80 s");
  await at(100, { id: 'h1', state: 'ended', agentId: 'a2', offeredAt: t(70), connectedAt: t(10), endedAt: t(100), endReason: 'completed', transfers: 1 });
  await at(130);
  assert.deepEqual(times('h1'), [30, 0, 0, 30]);
  assert.deepEqual(part('a2'), [30, 0, 0, 30], 'the metrics agree');
});

test("after a hand-over where the vendor's holdMs runs on, the second agent's hold is their own", async () => {
  // a1 connected 10, held 20-40, handed to a2 at 70 (offer); a2 connects at 75 with the call's
  // holdMs still 20 s, holds 85-95, ends at 100: a2 talk 15, hold 10.
  const { at, times, part } = await setup();
  await at(10, { id: 'h2', state: 'connected', agentId: 'a1', connectedAt: t(10) });
  await at(20, { id: 'h2', state: 'held', agentId: 'a1', connectedAt: t(10), heldAt: t(20), holdCount: 1 });
  await at(40, { id: 'h2', state: 'connected', agentId: 'a1', connectedAt: t(10), holdMs: 20 * S, holdCount: 1 });
  await at(70, { id: 'h2', state: 'offered', agentId: 'a2', offeredAt: t(70), holdMs: 20 * S, holdCount: 1, transfers: 1 });
  await at(75, { id: 'h2', state: 'connected', agentId: 'a2', offeredAt: t(70), connectedAt: t(75), holdMs: 20 * S, holdCount: 1, transfers: 1 });
  await at(80);
  assert.deepEqual(times('h2'), [5, 0, 0, 5], 'a2 has not held it');
  await at(85, { id: 'h2', state: 'held', agentId: 'a2', offeredAt: t(70), connectedAt: t(75), heldAt: t(85), holdMs: 20 * S, holdCount: 2, transfers: 1 });
  await at(95, { id: 'h2', state: 'connected', agentId: 'a2', offeredAt: t(70), connectedAt: t(75), holdMs: 30 * S, holdCount: 2, transfers: 1 });
  await at(100, { id: 'h2', state: 'ended', agentId: 'a2', offeredAt: t(70), connectedAt: t(75), holdMs: 30 * S, holdCount: 2, endedAt: t(100), endReason: 'completed', transfers: 1 });
  assert.deepEqual(times('h2'), [15, 10, 0, 25]);
  assert.deepEqual(part('a2'), [15, 10, 0, 25], 'the metrics agree');
});

test('ended from hold: the last hold runs to the end and is hold, not talk', async () => {
  // Connected 10, held 40; the customer hangs up on hold at 70 and the vendor reports the end
  // with the hold still open (heldAt kept, holdMs not updated). Talk 30, hold 30.
  const { at, times, part } = await setup();
  await at(10, { id: 'e1', state: 'connected', agentId: 'a1', connectedAt: t(10) });
  await at(40, { id: 'e1', state: 'held', agentId: 'a1', connectedAt: t(10), heldAt: t(40), holdCount: 1 });
  await at(70, { id: 'e1', state: 'ended', agentId: 'a1', connectedAt: t(10), heldAt: t(40), holdCount: 1, endedAt: t(70), endReason: 'completed' });
  await at(90);
  assert.deepEqual(times('e1'), [30, 30, 0, 60]);
  assert.deepEqual(part('a1'), [30, 30, 0, 60], 'the metrics agree');
});

test('wrapped up from hold: the last hold runs to the wrap-up, which is not hold', async () => {
  const { at, times } = await setup();
  await at(10, { id: 'w1', state: 'connected', agentId: 'a1', connectedAt: t(10) });
  await at(40, { id: 'w1', state: 'held', agentId: 'a1', connectedAt: t(10), heldAt: t(40), holdCount: 1 });
  await at(70, { id: 'w1', state: 'wrap-up', agentId: 'a1', connectedAt: t(10), heldAt: t(40), holdCount: 1, wrapUpAt: t(70) });
  await at(80);
  assert.deepEqual(times('w1'), [30, 30, 10, 70]);
});

test('ended from hold with the vendor folding the last hold into holdMs: counted once', async () => {
  const { at, times } = await setup();
  await at(0, { id: 'f1', state: 'connected', agentId: 'a1', connectedAt: t(0) });
  await at(50, { id: 'f1', state: 'held', agentId: 'a1', connectedAt: t(0), heldAt: t(50), holdMs: 20 * S, holdCount: 3 });
  await at(60, { id: 'f1', state: 'ended', agentId: 'a1', connectedAt: t(0), holdMs: 30 * S, holdCount: 3, endedAt: t(60), endReason: 'completed' });
  assert.deepEqual(times('f1'), [30, 30, 0, 60]);
});
