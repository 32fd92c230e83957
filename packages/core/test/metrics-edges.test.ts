// Edge cases of the metric definitions, each against a figure worked out by hand from the
// scripted timestamps: hand-overs where the vendor keeps the first agent's times, an interaction
// ended from hold, one reopened after it ended, a clock set back, empty and partly unkept ranges.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, type Clock, type FloorwalkEvent, type Interaction, type Session, type SnapshotEvent } from '@floorwalk/core';
import { createMetrics } from '@floorwalk/core/metrics';
import { createManualClock } from '@floorwalk/core/testing';
import { centreSnapshot, fakeAdapter, nextId, settle, T0, teamSnapshot } from './fixtures.js';

const S = 1000;
const MIN = 60 * S;
const DAY = 24 * 60 * MIN;
const utcMidnight = (at: number): number => at - (at % DAY);
const t = (seconds: number): number => T0 + seconds * S;
const admin = { userId: 'admin-1', role: 'admin', teamIds: 'all' } as const;

/** `snapshot` and `session`: the centre and who watches it, when not the default three agents and an admin. */
async function setup({ snapshot = teamSnapshot(['a1', 'a2', 'a3']), session = admin, ...options }: { historyMs?: number; clock?: Clock; snapshot?: SnapshotEvent; session?: Session } = {}) {
  const adapter = fakeAdapter();
  adapter.snapshotEvent = snapshot;
  const clock = createManualClock(T0);
  const client = createFloorwalk({ adapter, session, clock });
  await client.connect();
  await settle();
  const metrics = createMetrics(client, { clock, intervalMs: 30 * MIN, startOfDay: utcMidnight, ...options });
  const at = async (seconds: number, ...events: FloorwalkEvent[]): Promise<void> => {
    clock.advanceTo(t(seconds));
    adapter.emit(...events);
    await settle();
  };
  return { adapter, clock, client, metrics, at };
}

const ix = (seconds: number, i: Partial<Interaction> & { id: string; state: Interaction['state'] }): FloorwalkEvent => ({
  type: 'interaction',
  id: nextId(),
  at: t(seconds),
  source: 'fake',
  interaction: { channel: 'voice', direction: 'inbound', queueId: 'q1', createdAt: T0, ...i },
});
const presence = (seconds: number, agentId: string, state: 'available' | 'break' | 'busy', since = seconds): FloorwalkEvent => ({
  type: 'presence',
  id: nextId(),
  at: t(seconds),
  source: 'fake',
  agentId,
  presence: { state, since: t(since) },
});

test('a hand-over where the vendor keeps the first connectedAt: the second agent is timed from the hand-over only', async () => {
  // a1 connected 10, handed to a2 at 70 (connectedAt stays 10, as Amazon Connect's contact
  // keeps it), ended 100. a1's leg 10-70: talk 60. a2's leg 70-100: talk 30. Team handle 90,
  // the call's whole length, not 60 + 90.
  const { at, metrics } = await setup();
  await at(10, ix(10, { id: 'h1', state: 'connected', agentId: 'a1', offeredAt: t(5), connectedAt: t(10) }));
  await at(70, ix(70, { id: 'h1', state: 'connected', agentId: 'a2', offeredAt: t(70), connectedAt: t(10), transfers: 1 }));
  await at(100, ix(100, { id: 'h1', state: 'ended', agentId: 'a2', offeredAt: t(70), connectedAt: t(10), endedAt: t(100), endReason: 'completed', transfers: 1 }));
  const a1 = metrics.agent('a1', 'today');
  const a2 = metrics.agent('a2', 'today');
  assert.deepEqual([a1.handled, a1.handleMs, a1.talkMs, a1.transfers], [1, 60 * S, 60 * S, 1]);
  assert.deepEqual([a2.handled, a2.handleMs, a2.talkMs, a2.interactingMs], [1, 30 * S, 30 * S, 30 * S], "a2's handle time is a2's part");
  assert.equal(metrics.team('t1', 'today').handleMs, 90 * S);
});

test("a hand-over where the vendor's holdMs runs on from the first agent: each agent's hold is their own", async () => {
  // a1 connected 10, held 20-40 (holdMs 20 s), handed to a2 at 70; a2 connects at 75 with the
  // call's holdMs still 20 s, holds nothing, ends 100. a1: talk 40, hold 20. a2: talk 25, hold 0.
  const { at, metrics } = await setup();
  await at(10, ix(10, { id: 'h2', state: 'connected', agentId: 'a1', connectedAt: t(10) }));
  await at(20, ix(20, { id: 'h2', state: 'held', agentId: 'a1', connectedAt: t(10), heldAt: t(20), holdCount: 1 }));
  await at(40, ix(40, { id: 'h2', state: 'connected', agentId: 'a1', connectedAt: t(10), holdMs: 20 * S, holdCount: 1 }));
  await at(70, ix(70, { id: 'h2', state: 'offered', agentId: 'a2', offeredAt: t(70), holdMs: 20 * S, holdCount: 1, transfers: 1 }));
  await at(75, ix(75, { id: 'h2', state: 'connected', agentId: 'a2', offeredAt: t(70), connectedAt: t(75), holdMs: 20 * S, holdCount: 1, transfers: 1 }));
  await at(100, ix(100, { id: 'h2', state: 'ended', agentId: 'a2', offeredAt: t(70), connectedAt: t(75), holdMs: 20 * S, holdCount: 1, endedAt: t(100), endReason: 'completed', transfers: 1 }));
  const a1 = metrics.agent('a1', 'today');
  const a2 = metrics.agent('a2', 'today');
  assert.deepEqual([a1.talkMs, a1.holdMs, a1.held, a1.handleMs], [40 * S, 20 * S, 1, 60 * S]);
  assert.deepEqual([a2.talkMs, a2.holdMs, a2.held, a2.handleMs, a2.avgHoldMs], [25 * S, 0, 0, 25 * S, null], 'a2 never held it');
});

test('an interaction ended from hold: the last hold runs to the end and is hold, not talk', async () => {
  // Connected 10, held 40; the customer hangs up on hold at 70 and the vendor reports the end
  // with the hold still open (heldAt kept, holdMs not updated). Talk 30, hold 30.
  const { at, metrics } = await setup();
  await at(10, ix(10, { id: 'e1', state: 'connected', agentId: 'a1', connectedAt: t(10) }));
  await at(40, ix(40, { id: 'e1', state: 'held', agentId: 'a1', connectedAt: t(10), heldAt: t(40), holdCount: 1 }));
  await at(70, ix(70, { id: 'e1', state: 'ended', agentId: 'a1', connectedAt: t(10), heldAt: t(40), holdCount: 1, endedAt: t(70), endReason: 'completed' }));
  const a1 = metrics.agent('a1', 'today');
  assert.deepEqual([a1.talkMs, a1.holdMs, a1.held, a1.handleMs], [30 * S, 30 * S, 1, 60 * S]);
});

test('held several times, then ended from hold with the vendor folding the last hold in: counted once', async () => {
  // Connected 0, held 10-20, 30-40, 50 until the end at 60; the end reports holdMs 30 s.
  const { at, metrics } = await setup();
  await at(0, ix(0, { id: 'e2', state: 'connected', agentId: 'a1', connectedAt: t(0) }));
  await at(10, ix(10, { id: 'e2', state: 'held', agentId: 'a1', connectedAt: t(0), heldAt: t(10), holdCount: 1 }));
  await at(20, ix(20, { id: 'e2', state: 'connected', agentId: 'a1', connectedAt: t(0), holdMs: 10 * S, holdCount: 1 }));
  await at(30, ix(30, { id: 'e2', state: 'held', agentId: 'a1', connectedAt: t(0), heldAt: t(30), holdMs: 10 * S, holdCount: 2 }));
  await at(40, ix(40, { id: 'e2', state: 'connected', agentId: 'a1', connectedAt: t(0), holdMs: 20 * S, holdCount: 2 }));
  await at(50, ix(50, { id: 'e2', state: 'held', agentId: 'a1', connectedAt: t(0), heldAt: t(50), holdMs: 20 * S, holdCount: 3 }));
  await at(60, ix(60, { id: 'e2', state: 'ended', agentId: 'a1', connectedAt: t(0), holdMs: 30 * S, holdCount: 3, endedAt: t(60), endReason: 'completed' }));
  const a1 = metrics.agent('a1', 'today');
  assert.deepEqual([a1.talkMs, a1.holdMs, a1.held, a1.handleMs], [30 * S, 30 * S, 1, 60 * S]);
});

test('an interaction reopened after it ended: the agent is interacting again, not idle', async () => {
  // A chat: connected 10, ended 40; reopened (connected again) at 100, ended again at 160.
  const { at, metrics, clock } = await setup();
  await at(10, ix(10, { id: 'o1', channel: 'chat', state: 'connected', agentId: 'a1', connectedAt: t(10) }));
  await at(40, ix(40, { id: 'o1', channel: 'chat', state: 'ended', agentId: 'a1', connectedAt: t(10), endedAt: t(40), endReason: 'completed' }));
  await at(100, ix(100, { id: 'o1', channel: 'chat', state: 'connected', agentId: 'a1', connectedAt: t(10) }));
  clock.advanceTo(t(130));
  const live = metrics.agent('a1', 'today');
  assert.equal(live.interactingMs, (30 + 30) * S, '10-40 and 100-130 so far');
  await at(160, ix(160, { id: 'o1', channel: 'chat', state: 'ended', agentId: 'a1', connectedAt: t(10), endedAt: t(160), endReason: 'completed' }));
  const a1 = metrics.agent('a1', 'today');
  assert.equal(a1.interactingMs, (30 + 60) * S);
  assert.equal(a1.idleMs, (160 - 90) * S);
  assert.deepEqual([a1.handled, a1.handleMs], [2, (30 + 60) * S], 'the reopened part is a leg of its own, with its own time only');
  const q = metrics.queue('q1', 'today');
  assert.deepEqual([q.offered, q.answered], [1, 1], 'it entered the queue and was answered once');
});

test('a clock set back does not count presence time twice', async () => {
  // Metrics read a clock that runs 0 → 100, is set back to 90, then runs on to 200. a1 is
  // available from 0, on break from 100 (vendor time), available again from 150.
  let now = T0;
  const clock: Clock = { now: () => now, setTimeout: () => 0, clearTimeout: () => undefined };
  const { adapter, metrics } = await setup({ clock });
  const emit = async (seconds: number, event: FloorwalkEvent): Promise<void> => {
    now = t(seconds);
    adapter.emit(event);
    await settle();
  };
  // Events keep their own order (the store would drop an older one); only the reading clock jumps.
  await emit(100, presence(100, 'a1', 'break'));
  await emit(90, presence(101, 'a1', 'busy', 95));
  await emit(200, presence(200, 'a1', 'available', 150));
  // The break (100 until the clock read 90) has no length; busy runs 100-150: the clock's jump
  // back cannot restart it at 90, inside the available span that ended at 100.
  const a1 = metrics.agent('a1', 'today');
  assert.deepEqual([a1.presenceMs.available, a1.presenceMs.busy, a1.presenceMs.break], [150 * S, 50 * S, 0]);
  const total = Object.values(a1.presenceMs).reduce((a, b) => a + b, 0);
  assert.equal(total, 200 * S, 'presence adds up to the 200 s of the day so far');
});

test('an empty range and a queue with nothing offered give null ratios, never NaN', async () => {
  const { at, metrics } = await setup();
  await at(60);
  const empty = metrics.agent('a1', { from: t(30), to: t(30) });
  assert.deepEqual([empty.handled, empty.avgHandleMs, empty.occupancy, empty.interactingMs, empty.idleMs], [0, null, null, 0, 0]);
  const team = metrics.team('t1', { from: t(30), to: t(30) });
  assert.deepEqual([team.occupancy, team.median.occupancy, team.median.avgHandleMs], [null, null, null]);
  const q = metrics.queue('nothing', 'today');
  assert.deepEqual([q.offered, q.serviceLevel, q.avgSpeedOfAnswerMs], [0, null, null]);
  assert.ok(metrics.trend({ teamId: 't1' }, { from: t(30), to: t(30) }).every((b) => b.handled === 0 && b.avgHandleMs === null && b.occupancy === null));
});

test('a range reaching back past the kept history reads only the kept part, whether or not a sweep has run', async () => {
  // One hour of history. a1 is available from 09:00, handles a call 30-90 s; at 11:00 the call
  // and the first hour of presence are older than the history. A read at 11:00 must give the
  // same figures before and after the sweep that an unrelated change sets off drops them.
  const { at, metrics, clock } = await setup({ historyMs: 60 * MIN });
  await at(30, ix(30, { id: 'k1', state: 'connected', agentId: 'a1', connectedAt: t(30) }));
  await at(90, ix(90, { id: 'k1', state: 'ended', agentId: 'a1', connectedAt: t(30), endedAt: t(90), endReason: 'completed' }));
  clock.advanceTo(t(7200));
  const read = () => {
    const a1 = metrics.agent('a1', 'today');
    const q = metrics.queue('q1', 'today');
    const team = metrics.team('t1', 'today');
    return { window: a1.window, handled: a1.handled, available: a1.presenceMs.available, offered: q.offered, teamHandled: team.handled };
  };
  const before = read();
  await at(7200, presence(7200, 'a2', 'break'));
  const after = read();
  assert.deepEqual(before, after, 'the same read at the same instant');
  assert.deepEqual(after, { window: { from: t(3600), to: t(7200) }, handled: 0, available: 3600 * S, offered: 0, teamHandled: 0 });
  const gone = metrics.agent('a1', { from: t(0), to: t(600) });
  assert.deepEqual([gone.window.from, gone.window.to, gone.handled, gone.occupancy], [t(3600), t(3600), 0, null], 'wholly before the history: empty, no data');
});

test('a hand-over where the vendor keeps the first offeredAt and connectedAt: it happens when it is seen, not at the first offer', async () => {
  // As the previous hand-over, but the contact keeps both of a1's times (Amazon Connect keeps
  // offeredAt and connectedAt from the first agent): a1's part 10-70, a2's 70-100.
  const { at, metrics } = await setup();
  await at(5, ix(5, { id: 'h3', state: 'offered', agentId: 'a1', offeredAt: t(5) }));
  await at(10, ix(10, { id: 'h3', state: 'connected', agentId: 'a1', offeredAt: t(5), connectedAt: t(10) }));
  await at(70, ix(70, { id: 'h3', state: 'connected', agentId: 'a2', offeredAt: t(5), connectedAt: t(10), transfers: 1 }));
  await at(100, ix(100, { id: 'h3', state: 'ended', agentId: 'a2', offeredAt: t(5), connectedAt: t(10), endedAt: t(100), endReason: 'completed', transfers: 1 }));
  const a1 = metrics.agent('a1', 'today');
  const a2 = metrics.agent('a2', 'today');
  assert.deepEqual([a1.handled, a1.handleMs, a1.interactingMs, a1.transfers], [1, 60 * S, 60 * S, 1]);
  assert.deepEqual([a2.handled, a2.handleMs, a2.interactingMs], [1, 30 * S, 30 * S]);
});

test('an interaction transferred to another queue is offered there, and answered or abandoned there', async () => {
  // x1 enters q1 at 0, a1 answers at 5 and transfers it to q2 at 60; a2 answers at 90 (wait in
  // q2: 30 s, over the 20 s threshold), ends 120. x2 enters q1 at 200, a1 answers at 210 and
  // sends it to q2 at 230 keeping connectedAt (as Amazon Connect does); the customer hangs
  // up waiting in q2 at 250. q1: offered 2, answered 2. q2: offered 2, answered 1, abandoned 1.
  const { at, metrics } = await setup();
  await at(0, ix(0, { id: 'x1', state: 'queued', createdAt: t(0) }));
  await at(5, ix(5, { id: 'x1', state: 'connected', createdAt: t(0), agentId: 'a1', connectedAt: t(5) }));
  await at(60, ix(60, { id: 'x1', state: 'queued', queueId: 'q2', createdAt: t(0), transfers: 1 }));
  await at(90, ix(90, { id: 'x1', state: 'connected', queueId: 'q2', createdAt: t(0), agentId: 'a2', connectedAt: t(90), transfers: 1 }));
  await at(120, ix(120, { id: 'x1', state: 'ended', queueId: 'q2', createdAt: t(0), agentId: 'a2', connectedAt: t(90), endedAt: t(120), endReason: 'completed', transfers: 1 }));
  await at(200, ix(200, { id: 'x2', state: 'queued', createdAt: t(200) }));
  await at(210, ix(210, { id: 'x2', state: 'connected', createdAt: t(200), agentId: 'a1', connectedAt: t(210) }));
  await at(230, ix(230, { id: 'x2', state: 'queued', queueId: 'q2', createdAt: t(200), connectedAt: t(210), transfers: 1 }));
  await at(250, ix(250, { id: 'x2', state: 'ended', queueId: 'q2', createdAt: t(200), connectedAt: t(210), endedAt: t(250), endReason: 'abandoned', transfers: 1 }));
  const q1 = metrics.queue('q1', 'today');
  const q2 = metrics.queue('q2', 'today');
  assert.deepEqual([q1.offered, q1.answered, q1.abandoned, q1.avgSpeedOfAnswerMs], [2, 2, 0, 7.5 * S]);
  assert.deepEqual([q2.offered, q2.answered, q2.answeredWithinThreshold, q2.abandoned, q2.avgSpeedOfAnswerMs, q2.serviceLevel], [2, 1, 0, 1, 30 * S, 0]);
  assert.deepEqual([metrics.agent('a1', 'today').handleMs, metrics.agent('a2', 'today').handleMs], [(55 + 20) * S, 30 * S]);
});

test('two chats at once and a presence change during them: interacting counts once, idle only when available and free', async () => {
  // a1 available from 0; chat c1 10-70, chat c2 40-100; a1 sets busy at 50 and available at 90.
  // Interacting: 10-100 = 90 s (not 60 + 60). Available: 0-50 and 90-120 = 80 s, of which free
  // 0-10 and 100-120 = 30 s idle. Occupancy 90 / (90 + 30).
  const { at, metrics, clock } = await setup();
  await at(10, ix(10, { id: 'c1', channel: 'chat', state: 'connected', agentId: 'a1', connectedAt: t(10) }));
  await at(40, ix(40, { id: 'c2', channel: 'chat', state: 'connected', agentId: 'a1', connectedAt: t(40) }));
  await at(50, presence(50, 'a1', 'busy'));
  await at(70, ix(70, { id: 'c1', channel: 'chat', state: 'ended', agentId: 'a1', connectedAt: t(10), endedAt: t(70), endReason: 'completed' }));
  await at(90, presence(90, 'a1', 'available'));
  await at(100, ix(100, { id: 'c2', channel: 'chat', state: 'ended', agentId: 'a1', connectedAt: t(40), endedAt: t(100), endReason: 'completed' }));
  clock.advanceTo(t(120));
  const a1 = metrics.agent('a1', 'today');
  assert.deepEqual([a1.handled, a1.handleMs, a1.interactingMs, a1.idleMs, a1.presenceMs.available, a1.presenceMs.busy], [2, 120 * S, 90 * S, 30 * S, 80 * S, 40 * S]);
  assert.equal(a1.occupancy, 90 / 120);
});

test('a call across midnight counts in the day it ended, with its time split at midnight', async () => {
  // Connected 23:50 (T0 + 53,400 s), ended 00:10 (54,600 s); read at 00:20.
  const { at, metrics, clock } = await setup();
  await at(53_400, ix(53_400, { id: 'm1', state: 'connected', agentId: 'a1', connectedAt: t(53_400) }));
  await at(54_600, ix(54_600, { id: 'm1', state: 'ended', agentId: 'a1', connectedAt: t(53_400), endedAt: t(54_600), endReason: 'completed' }));
  clock.advanceTo(t(55_200));
  const today = metrics.agent('a1', 'today');
  assert.deepEqual(today.window, { from: t(54_000), to: t(55_200) });
  assert.deepEqual([today.handled, today.handleMs, today.interactingMs, today.presenceMs.available], [1, 1200 * S, 600 * S, 1200 * S]);
  const yesterday = metrics.agent('a1', { from: utcMidnight(T0), to: t(54_000) });
  assert.deepEqual([yesterday.handled, yesterday.interactingMs], [0, 600 * S], 'not handled before midnight, though busy until then');
  const trend = metrics.trend({ agentId: 'a1' }, 'today');
  assert.deepEqual(trend.map((b) => [b.from, b.handled]), [[t(54_000), 1]]);
});

test('metrics started mid-shift: time before they started is unknown, not idle', async () => {
  // The board opens at 09:00; a1 has been available since 07:00, handling calls metrics never
  // saw. From 09:00: a call 10-70 s, read at 120 s. Occupancy is what is known: 60 / 120, not
  // 60 s over two hours and two minutes of "idle".
  const adapter = fakeAdapter();
  const snapshot = teamSnapshot(['a1']);
  adapter.snapshotEvent = { ...snapshot, agents: (snapshot.agents ?? []).map((a) => ({ ...a, presence: { state: 'available', since: T0 - 2 * 3_600_000 } })) };
  const clock = createManualClock(T0);
  const client = createFloorwalk({ adapter, session: admin, clock });
  await client.connect();
  await settle();
  const metrics = createMetrics(client, { clock, intervalMs: 30 * MIN, startOfDay: utcMidnight });
  const at = async (seconds: number, ...events: FloorwalkEvent[]): Promise<void> => {
    clock.advanceTo(t(seconds));
    adapter.emit(...events);
    await settle();
  };
  await at(10, ix(10, { id: 'd1', state: 'connected', agentId: 'a1', connectedAt: t(10) }));
  await at(70, ix(70, { id: 'd1', state: 'ended', agentId: 'a1', connectedAt: t(10), endedAt: t(70), endReason: 'completed' }));
  clock.advanceTo(t(120));
  const a1 = metrics.agent('a1', 'today');
  assert.deepEqual([a1.interactingMs, a1.idleMs, a1.presenceMs.available], [60 * S, 60 * S, 120 * S]);
  assert.equal(a1.occupancy, 0.5);
  const trend = metrics.trend({ agentId: 'a1' }, 'today');
  assert.equal(trend[0]?.from, T0, 'no intervals of zero occupancy before the board opened');
});

test('metrics made for one read, over a client that held the day: time figures start with what it holds', async () => {
  // The client ran from 09:00 and holds d2 (a1, 10-70 s) ended; metrics made at 120 s, as a
  // review makes them, know interactions from d2's start on (what came before it may have been
  // evicted from the store, for all they can tell): available 110 s, interacting 60 s.
  const { at, client, clock } = await setup();
  await at(10, ix(10, { id: 'd2', state: 'connected', agentId: 'a1', connectedAt: t(10) }));
  await at(70, ix(70, { id: 'd2', state: 'ended', agentId: 'a1', connectedAt: t(10), endedAt: t(70), endReason: 'completed' }));
  clock.advanceTo(t(120));
  const late = createMetrics(client, { clock, startOfDay: utcMidnight });
  const a1 = late.agent('a1', 'today');
  assert.deepEqual([a1.handled, a1.interactingMs, a1.presenceMs.available, a1.idleMs], [1, 60 * S, 110 * S, 50 * S]);
  assert.equal(a1.occupancy, 60 / 110);
});

test("several changes in one batch (a hidden tab's minute of backlog) count as they would over several", async () => {
  // One batch each at 100, 200 and 400; a1, a2, a3 available since 0. In the batch at 100: a1
  // on break 95-100. At 200: m1 queued 180, offered to a2 185, re-offered to a3 195 (a2 missed
  // it); m2 offered to a1 190, back to waiting 196 (a1 missed it); a2 flagged not responding
  // 196 and cleared 199. h1 connected to a1 at 300 (its own batch); at 400: handed to a2 at
  // 350, to a3 at 380, ended 400: a1 300-350, a2 350-380 (both transfers), a3 380-400.
  const { at, metrics } = await setup();
  await at(100, presence(95, 'a1', 'break'), presence(100, 'a1', 'available'));
  const flag = (seconds: number, notResponding: boolean): FloorwalkEvent => ({ type: 'not-responding', id: nextId(), at: t(seconds), source: 'fake', agentId: 'a2', notResponding });
  await at(
    200,
    ix(180, { id: 'm1', state: 'queued', createdAt: t(180) }),
    ix(185, { id: 'm1', state: 'offered', createdAt: t(180), agentId: 'a2', offeredAt: t(185) }),
    ix(190, { id: 'm2', state: 'offered', createdAt: t(190), agentId: 'a1', offeredAt: t(190) }),
    ix(195, { id: 'm1', state: 'offered', createdAt: t(180), agentId: 'a3', offeredAt: t(195) }),
    ix(196, { id: 'm2', state: 'queued', createdAt: t(190) }),
    flag(196, true),
    flag(199, false),
  );
  await at(300, ix(300, { id: 'h1', state: 'connected', agentId: 'a1', offeredAt: t(295), connectedAt: t(300) }));
  await at(
    400,
    ix(350, { id: 'h1', state: 'connected', agentId: 'a2', offeredAt: t(350), connectedAt: t(350), transfers: 1 }),
    ix(380, { id: 'h1', state: 'connected', agentId: 'a3', offeredAt: t(380), connectedAt: t(380), transfers: 2 }),
    ix(400, { id: 'h1', state: 'ended', agentId: 'a3', offeredAt: t(380), connectedAt: t(380), endedAt: t(400), endReason: 'completed', transfers: 2 }),
  );
  const [a1, a2, a3] = (['a1', 'a2', 'a3'] as const).map((id) => metrics.agent(id, 'today'));
  assert.equal(a1?.presenceMs.break, 5 * S);
  assert.deepEqual([a1?.missed, a2?.missed, a3?.missed], [1, 1, 0]);
  assert.equal(a2?.notResponding, 1);
  assert.deepEqual([a1?.handled, a1?.handleMs, a1?.transfers], [1, 50 * S, 1]);
  assert.deepEqual([a2?.handled, a2?.handleMs, a2?.transfers], [1, 30 * S, 1]);
  assert.deepEqual([a3?.handled, a3?.handleMs, a3?.transfers], [1, 20 * S, 0]);
});

test('work that goes on to an agent outside the supervisor\'s teams ends the part of the agent inside them', async () => {
  // sup-1 sees t1 (a1, a2), not t2 (b1). x: a1 connected 10, transferred to b1 at 70 (same id,
  // as Genesys and Amazon Connect keep it): a1 handled 1 in 60 s, a transfer. y: offered to a1
  // at 45, re-routed to b1 at 70: a miss. z: offered to a1 at 60 and re-routed to b1 at 70, both
  // in one batch: a miss. a1 available throughout: interacting 60 s, idle 40 s by 100.
  const { at, metrics } = await setup({ snapshot: { ...centreSnapshot(), interactions: [] }, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] } });
  await at(10, ix(10, { id: 'x', state: 'connected', agentId: 'a1', offeredAt: t(5), connectedAt: t(10) }));
  await at(50, ix(50, { id: 'y', state: 'offered', agentId: 'a1', offeredAt: t(45) }));
  await at(
    70,
    ix(70, { id: 'x', state: 'connected', agentId: 'b1', offeredAt: t(70), connectedAt: t(70), transfers: 1 }),
    ix(70, { id: 'y', state: 'offered', agentId: 'b1', offeredAt: t(70) }),
    ix(60, { id: 'z', state: 'offered', agentId: 'a1', offeredAt: t(60) }),
    ix(70, { id: 'z', state: 'offered', agentId: 'b1', offeredAt: t(70) }),
  );
  await at(100, ix(100, { id: 'x', state: 'ended', agentId: 'b1', offeredAt: t(70), connectedAt: t(70), endedAt: t(100), endReason: 'completed', transfers: 1 }));
  const a1 = metrics.agent('a1', 'today');
  assert.deepEqual([a1.handled, a1.handleMs, a1.transfers, a1.missed], [1, 60 * S, 1, 2]);
  assert.deepEqual([a1.interactingMs, a1.idleMs], [60 * S, 40 * S]);
  assert.equal(metrics.team('t1', 'today').handled, 1);
});

test('a hand-over in one batch is not replayed by a later batch that sends the work out of sight', async () => {
  // sup-1 sees t1 (a1, a2), not t2 (b1). x: a1 connected 10, handed to a2 at 40 (its own batch),
  // transferred to b1 at 70: a1 handled 30 s, a2 handled 30 s, each a transfer, once. The batch at
  // 70 changes nothing else of x: what x passed through at 40 is not part of it.
  const { at, metrics } = await setup({ snapshot: { ...centreSnapshot(), interactions: [] }, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] } });
  await at(10, ix(10, { id: 'x', state: 'connected', agentId: 'a1', offeredAt: t(5), connectedAt: t(10) }));
  await at(40, ix(40, { id: 'x', state: 'connected', agentId: 'a2', offeredAt: t(40), connectedAt: t(40), transfers: 1 }));
  await at(70, ix(70, { id: 'x', state: 'connected', agentId: 'b1', offeredAt: t(70), connectedAt: t(70), transfers: 2 }));
  const [a1, a2] = (['a1', 'a2'] as const).map((id) => metrics.agent(id, 'today'));
  assert.deepEqual([a1?.handled, a1?.handleMs, a1?.transfers], [1, 30 * S, 1]);
  assert.deepEqual([a2?.handled, a2?.handleMs, a2?.transfers], [1, 30 * S, 1]);
  assert.equal(metrics.team('t1', 'today').handled, 2);
});

test('a miss, a flag and work gone out of sight count when they happened, not when their batch landed', async () => {
  // Intervals of 30 min from 09:00. Each happens at 09:29:55 (1795 s) and reaches the client in a
  // batch at 09:30:30 (1830 s), as after a hidden tab's or a slow link's delay: all of it belongs
  // to the 09:00 interval. m: offered to a1 at 1790, back to its queue at 1795 (a1 missed it).
  // y: offered to a1 at 1790, re-routed to b1 (outside sup-1's team) at 1795: a1 missed it. x:
  // a1 connected at 1700, transferred to b1 at 1795: a1 handled it in 95 s. n: first seen in the
  // late batch, offered to a2 at 1792 and back to its queue at 1795: a2 missed it. a2 flagged
  // not responding at 1795.
  const { at, metrics } = await setup({ snapshot: { ...centreSnapshot(), interactions: [] }, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] } });
  await at(1700, ix(1700, { id: 'x', state: 'connected', agentId: 'a1', offeredAt: t(1695), connectedAt: t(1700) }));
  await at(
    1790,
    ix(1790, { id: 'm', state: 'offered', agentId: 'a1', offeredAt: t(1790) }),
    ix(1790, { id: 'y', state: 'offered', agentId: 'a1', offeredAt: t(1790) }),
  );
  await at(
    1830,
    ix(1795, { id: 'm', state: 'queued' }),
    ix(1795, { id: 'y', state: 'offered', agentId: 'b1', offeredAt: t(1795) }),
    ix(1795, { id: 'x', state: 'connected', agentId: 'b1', offeredAt: t(1795), connectedAt: t(1795), transfers: 1 }),
    ix(1792, { id: 'n', state: 'offered', agentId: 'a2', offeredAt: t(1792) }),
    ix(1795, { id: 'n', state: 'queued' }),
    { type: 'not-responding', id: nextId(), at: t(1795), source: 'fake', agentId: 'a2', notResponding: true },
  );
  const before = { from: T0, to: t(1800) };
  const [a1, a2] = (['a1', 'a2'] as const).map((id) => metrics.agent(id, before));
  assert.deepEqual([a1?.missed, a1?.handled, a1?.handleMs, a1?.transfers], [2, 1, 95 * S, 1]);
  assert.deepEqual([a2?.missed, a2?.notResponding], [1, 1]);
  const [b1, b2] = (['a1', 'a2'] as const).map((id) => metrics.agent(id, 'interval'));
  assert.deepEqual([b1?.missed, b1?.handled, b2?.missed, b2?.notResponding], [0, 0, 0, 0]);
});
