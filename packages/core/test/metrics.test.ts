// Metric formulas against a hand-computed shift. Every expected figure below is worked out in
// the comment beside it from the scripted timestamps, not read back from the implementation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, FloorwalkError, type FloorwalkEvent, type Interaction } from '@floorwalk/core';
import { createMetrics, median, type MetricsChange } from '@floorwalk/core/metrics';
import { createManualClock } from '@floorwalk/core/testing';
import { agent, fakeAdapter, nextId, settle, T0, team, teamSnapshot, untypedFailures } from './fixtures.js';

const S = 1000;
const MIN = 60 * S;
const DAY = 24 * 60 * MIN;
const utcMidnight = (at: number): number => at - (at % DAY);
const admin = { userId: 'admin-1', role: 'admin', teamIds: 'all' } as const;


async function setup(options: { historyMs?: number } = {}) {
  const adapter = fakeAdapter();
  adapter.snapshotEvent = teamSnapshot(['a1', 'a2', 'a3']);
  const clock = createManualClock(T0);
  const client = createFloorwalk({ adapter, session: admin, clock });
  await client.connect();
  await settle();
  const metrics = createMetrics(client, { clock, intervalMs: 30 * MIN, serviceLevelThresholdMs: 20 * S, startOfDay: utcMidnight, ...options });
  /** Moves the clock to T0 + `at` seconds and delivers the events there. */
  const at = async (seconds: number, ...events: FloorwalkEvent[]): Promise<void> => {
    clock.advanceTo(T0 + seconds * S);
    adapter.emit(...events);
    await settle();
  };
  return { adapter, clock, client, metrics, at };
}

const ix = (seconds: number, i: Partial<Interaction> & { id: string; state: Interaction['state'] }): FloorwalkEvent => ({
  type: 'interaction',
  id: nextId(),
  at: T0 + seconds * S,
  source: 'fake',
  interaction: { channel: 'voice', direction: 'inbound', queueId: 'q1', createdAt: T0, ...i },
});
const t = (seconds: number): number => T0 + seconds * S;

/**
 * The scripted shift (seconds after 09:00, intervals of 30 minutes, threshold 20 s):
 * - i1, a1: queued 0, offered 5, connected 10, held 60-90, wrap-up 130, ended 160:
 *   talk 90, hold 30, wrap 30, handle 150, wait 10.
 * - i2, a1: queued 1680, connected 1690, wrap-up 1820, ended 1850 (spans the 09:30 boundary):
 *   talk 130, wrap 30, handle 160, wait 10.
 * - i3: queued 100, offered to a2 at 100, re-offered to a3 at 115 (a2 missed it), a3 connects
 *   120 (wait 20, inside the threshold), ends 'transferred' at 300: talk 180, handle 180.
 * - i4: offered to a2 at 400, ended 'missed' at 415; a2 flagged not responding 415-420.
 * - i5: queued 500, abandoned 540.
 * - i6: queued 600, offered to a2 630, connected 640 (wait 40, outside), ended 700: handle 60.
 * - a2 on break 1000-1300. The clock stops at 1900 (09:31:40).
 */
async function shift() {
  const s = await setup();
  const { at } = s;
  await at(0, ix(0, { id: 'i1', state: 'queued', createdAt: t(0) }));
  await at(5, ix(5, { id: 'i1', state: 'offered', createdAt: t(0), agentId: 'a1', offeredAt: t(5) }));
  await at(10, ix(10, { id: 'i1', state: 'connected', createdAt: t(0), agentId: 'a1', offeredAt: t(5), connectedAt: t(10) }));
  await at(60, ix(60, { id: 'i1', state: 'held', createdAt: t(0), agentId: 'a1', offeredAt: t(5), connectedAt: t(10), heldAt: t(60), holdCount: 1 }));
  await at(90, ix(90, { id: 'i1', state: 'connected', createdAt: t(0), agentId: 'a1', offeredAt: t(5), connectedAt: t(10), holdMs: 30 * S, holdCount: 1 }));
  await at(100, ix(100, { id: 'i3', state: 'offered', createdAt: t(100), agentId: 'a2', offeredAt: t(100) }));
  await at(115, ix(115, { id: 'i3', state: 'offered', createdAt: t(100), agentId: 'a3', offeredAt: t(115) }));
  await at(120, ix(120, { id: 'i3', state: 'connected', createdAt: t(100), agentId: 'a3', offeredAt: t(115), connectedAt: t(120) }));
  await at(130, ix(130, { id: 'i1', state: 'wrap-up', createdAt: t(0), agentId: 'a1', offeredAt: t(5), connectedAt: t(10), holdMs: 30 * S, wrapUpAt: t(130) }));
  await at(160, ix(160, { id: 'i1', state: 'ended', createdAt: t(0), agentId: 'a1', offeredAt: t(5), connectedAt: t(10), holdMs: 30 * S, wrapUpAt: t(130), endedAt: t(160), endReason: 'completed' }));
  await at(300, ix(300, { id: 'i3', state: 'ended', createdAt: t(100), agentId: 'a3', offeredAt: t(115), connectedAt: t(120), endedAt: t(300), endReason: 'transferred' }));
  await at(400, ix(400, { id: 'i4', state: 'offered', createdAt: t(400), agentId: 'a2', offeredAt: t(400) }));
  await at(
    415,
    ix(415, { id: 'i4', state: 'ended', createdAt: t(400), agentId: 'a2', offeredAt: t(400), endedAt: t(415), endReason: 'missed' }),
    { type: 'not-responding', id: nextId(), at: t(415), source: 'fake', agentId: 'a2', notResponding: true },
  );
  await at(420, { type: 'not-responding', id: nextId(), at: t(420), source: 'fake', agentId: 'a2', notResponding: false });
  await at(500, ix(500, { id: 'i5', state: 'queued', createdAt: t(500) }));
  await at(540, ix(540, { id: 'i5', state: 'ended', createdAt: t(500), endedAt: t(540), endReason: 'abandoned' }));
  await at(600, ix(600, { id: 'i6', state: 'queued', createdAt: t(600) }));
  await at(630, ix(630, { id: 'i6', state: 'offered', createdAt: t(600), agentId: 'a2', offeredAt: t(630) }));
  await at(640, ix(640, { id: 'i6', state: 'connected', createdAt: t(600), agentId: 'a2', offeredAt: t(630), connectedAt: t(640) }));
  await at(700, ix(700, { id: 'i6', state: 'ended', createdAt: t(600), agentId: 'a2', offeredAt: t(630), connectedAt: t(640), endedAt: t(700), endReason: 'completed' }));
  await at(1000, { type: 'presence', id: nextId(), at: t(1000), source: 'fake', agentId: 'a2', presence: { state: 'break', since: t(1000) } });
  await at(1300, { type: 'presence', id: nextId(), at: t(1300), source: 'fake', agentId: 'a2', presence: { state: 'available', since: t(1300) } });
  await at(1680, ix(1680, { id: 'i2', state: 'queued', createdAt: t(1680) }));
  await at(1690, ix(1690, { id: 'i2', state: 'connected', createdAt: t(1680), agentId: 'a1', connectedAt: t(1690) }));
  await at(1820, ix(1820, { id: 'i2', state: 'wrap-up', createdAt: t(1680), agentId: 'a1', connectedAt: t(1690), wrapUpAt: t(1820) }));
  await at(1850, ix(1850, { id: 'i2', state: 'ended', createdAt: t(1680), agentId: 'a1', connectedAt: t(1690), wrapUpAt: t(1820), endedAt: t(1850), endReason: 'completed' }));
  s.clock.advanceTo(t(1900));
  return s;
}

const close = (actual: number | null, expected: number, what: string): void => {
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${what}: ${String(actual)}, expected ${expected}`);
};

test('agent metrics for today: handle, talk, hold, wrap-up, longest, occupancy and presence', async () => {
  const { metrics } = await shift();
  const a1 = metrics.agent('a1', 'today');
  assert.deepEqual(a1.window, { from: utcMidnight(T0), to: t(1900) });
  assert.equal(a1.handled, 2);
  assert.deepEqual(a1.handledByChannel, { voice: 2 });
  assert.equal(a1.handleMs, 310 * S, '150 + 160');
  assert.equal(a1.avgHandleMs, 155 * S);
  assert.equal(a1.avgTalkMs, 110 * S, '(90 + 130) / 2');
  assert.equal(a1.avgHoldMs, 30 * S, 'only i1 was held');
  assert.equal(a1.held, 1);
  assert.equal(a1.avgWrapUpMs, 30 * S, '(30 + 30) / 2');
  assert.equal(a1.longestMs, 160 * S);
  assert.equal(a1.transfers, 0);
  assert.equal(a1.missed, 0);
  assert.equal(a1.interactingMs, 310 * S, '10-160 and 1690-1850');
  assert.equal(a1.presenceMs.available, 1900 * S, 'available since 09:00');
  assert.equal(a1.idleMs, 1590 * S);
  close(a1.occupancy, 310 / 1900, 'a1 occupancy');
});

test('a missed offer, a re-routed offer and a not-responding flag count against the agent who had them', async () => {
  const { metrics } = await shift();
  const a2 = metrics.agent('a2', 'today');
  assert.equal(a2.missed, 2, 'i3 re-routed away while ringing at a2, i4 ended missed');
  assert.equal(a2.notResponding, 1);
  assert.equal(a2.handled, 1);
  assert.equal(a2.avgHandleMs, 60 * S);
  assert.equal(a2.avgHoldMs, null, 'no interaction was held');
  assert.equal(a2.avgWrapUpMs, null, 'none had wrap-up');
  assert.equal(a2.presenceMs.break, 300 * S);
  assert.equal(a2.presenceMs.available, 1600 * S);
  close(a2.occupancy, 60 / 1600, 'a2 occupancy');
});

test('a transfer counts as handled and as a transfer for the agent who passed it on', async () => {
  const { metrics } = await shift();
  const a3 = metrics.agent('a3', 'today');
  assert.equal(a3.handled, 1);
  assert.equal(a3.transfers, 1);
  assert.equal(a3.handleMs, 180 * S, '120-300 talking');
  assert.equal(a3.missed, 0, 'a3 answered the re-routed offer');
  close(a3.occupancy, 180 / 1900, 'a3 occupancy');
});

test('an interaction spanning an interval boundary counts where it ended; its time splits at the boundary', async () => {
  const { metrics } = await shift();
  const now = metrics.agent('a1', 'interval');
  assert.deepEqual(now.window, { from: t(1800), to: t(1900) });
  assert.equal(now.handled, 1, 'i2 ended at 1850, in the 09:30 interval');
  assert.equal(now.handleMs, 160 * S, 'its whole handle time, including the part before 09:30');
  assert.equal(now.interactingMs, 50 * S, '1800-1850 only');
  close(now.occupancy, 50 / 100, 'interval occupancy');
  const before = metrics.agent('a1', { from: t(0), to: t(1800) });
  assert.equal(before.handled, 1, 'only i1 finished before 09:30');
  assert.equal(before.interactingMs, 260 * S, '150 for i1 and 1690-1800 of i2');
  close(before.occupancy, 260 / 1800, 'first interval occupancy');
  const buckets = metrics.trend({ agentId: 'a1' }, { from: t(0), to: t(1900) });
  assert.deepEqual(
    buckets.map((b) => [b.from, b.to, b.handled, b.avgHandleMs]),
    [
      [t(0), t(1800), 1, 150 * S],
      [t(1800), t(1900), 1, 160 * S],
    ],
  );
});

test('team totals combine sums, not averages, and each figure has a median agent', async () => {
  const { metrics } = await shift();
  const team = metrics.team('t1', 'today');
  assert.equal(team.agents, 3);
  assert.equal(team.handled, 4);
  assert.equal(team.avgHandleMs, 137.5 * S, '(310 + 60 + 180) / 4');
  assert.equal(team.transfers, 1);
  assert.equal(team.missed, 2);
  assert.equal(team.presenceMs.break, 300 * S);
  close(team.occupancy, 550 / 5400, 'interacting 550 over 550 + idle 4850');
  assert.equal(team.median.avgHandleMs, 155 * S, 'median of 155, 60, 180');
  assert.equal(team.median.handled, 1, 'median of 2, 1, 1');
  close(team.median.occupancy, 180 / 1900, 'median of a1, a2, a3 occupancy');
  assert.equal(team.median.avgHoldMs, 30 * S, 'only a1 had hold: the median of one');
  assert.deepEqual(metrics.teamHandleTimes('t1', 'today').sort((a, b) => a - b), [60 * S, 150 * S, 160 * S, 180 * S]);
});

test('queue: offered, answered, abandoned, service level and average speed of answer', async () => {
  const { metrics } = await shift();
  const q = metrics.queue('q1', 'today');
  assert.equal(q.offered, 6, 'i1 to i6 all entered q1');
  assert.equal(q.answered, 4, 'i1, i2, i3, i6');
  assert.equal(q.answeredWithinThreshold, 3, 'waits 10, 10, 20 are within 20 s; 40 is not');
  assert.equal(q.abandoned, 1);
  close(q.serviceLevel, 3 / 5, 'within / (answered + abandoned)');
  assert.equal(q.avgSpeedOfAnswerMs, 20 * S, '(10 + 10 + 20 + 40) / 4');
  const interval = metrics.queue('q1', 'interval');
  assert.equal(interval.offered, 0);
  assert.equal(interval.serviceLevel, null, 'nothing answered or abandoned since 09:30');
  assert.equal(interval.avgSpeedOfAnswerMs, null);
});

test('ongoing work counts toward time figures live, and handled only once it ends', async () => {
  const { metrics, at, clock } = await setup();
  await at(10, ix(10, { id: 'j1', state: 'connected', createdAt: t(0), agentId: 'a1', connectedAt: t(10) }));
  clock.advanceTo(t(70));
  const a1 = metrics.agent('a1', 'today');
  assert.equal(a1.handled, 0);
  assert.equal(a1.interactingMs, 60 * S);
  close(a1.occupancy, 60 / 70, 'occupied 60 of 70 available seconds');
  const strip = metrics.timeline('a1', 'today');
  assert.deepEqual(strip.interacting, [{ from: t(10), to: t(70) }]);
  assert.deepEqual(strip.presence, [{ state: 'available', from: T0, to: t(70) }]);
});

test('subscribers hear which agents and queues changed, once per batch', async () => {
  const { metrics, at } = await setup();
  const heard: MetricsChange[] = [];
  metrics.subscribe((c) => heard.push(c));
  await at(5, ix(5, { id: 'k1', state: 'offered', createdAt: t(0), agentId: 'a2', offeredAt: t(5) }), {
    type: 'presence',
    id: nextId(),
    at: t(5),
    source: 'fake',
    agentId: 'a1',
    presence: { state: 'meal', since: t(5) },
  });
  assert.equal(heard.length, 1);
  // Not a2: an offer changes routing, not any of a2's figures.
  assert.deepEqual([...heard[0]!.agents], ['a1']);
  assert.deepEqual([...heard[0]!.queues], ['q1']);
  metrics.destroy();
  await at(6, { type: 'presence', id: nextId(), at: t(6), source: 'fake', agentId: 'a1', presence: { state: 'available', since: t(6) } });
  assert.equal(heard.length, 1, 'destroyed metrics stop listening');
});

test('history is bounded: what finished before the horizon is dropped', async () => {
  const { metrics, at } = await setup({ historyMs: 60 * MIN });
  await at(10, ix(10, { id: 'h1', state: 'connected', createdAt: t(0), agentId: 'a1', connectedAt: t(10) }));
  await at(70, ix(70, { id: 'h1', state: 'ended', createdAt: t(0), agentId: 'a1', connectedAt: t(10), endedAt: t(70), endReason: 'completed' }));
  assert.equal(metrics.agent('a1', 'today').handled, 1);
  await at(2 * 3600, { type: 'presence', id: nextId(), at: t(7200), source: 'fake', agentId: 'a1', presence: { state: 'break', since: t(7200) } });
  const a1 = metrics.agent('a1', 'today');
  assert.equal(a1.handled, 0, 'h1 ended two hours ago, beyond the one-hour history');
  assert.equal(a1.presenceMs.available, 3600 * S, 'presence before the horizon is cut too');
  assert.equal(metrics.queue('q1', 'today').offered, 0);
});

test('a resync snapshot does not count finished interactions twice', async () => {
  const { metrics, at, adapter, client, clock } = await setup();
  await at(10, ix(10, { id: 'r1', state: 'connected', createdAt: t(0), agentId: 'a1', connectedAt: t(10) }));
  await at(40, ix(40, { id: 'r1', state: 'ended', createdAt: t(0), agentId: 'a1', connectedAt: t(10), endedAt: t(40), endReason: 'completed' }));
  const ended = client.getInteraction('r1');
  assert.ok(ended);
  clock.advanceTo(t(50));
  adapter.emit(teamSnapshot(['a1', 'a2', 'a3'], [ended], t(50)));
  await settle();
  assert.equal(metrics.agent('a1', 'today').handled, 1);
});

test('bad options and periods are typed errors', async () => {
  const { metrics, client } = await setup();
  assert.throws(() => createMetrics(client, { intervalMs: 0 }), (e: unknown) => e instanceof FloorwalkError && e.code === 1000);
  assert.throws(() => createMetrics(client, { historyMs: Number.NaN }), FloorwalkError);
  assert.throws(() => metrics.agent('a1', { from: t(10), to: t(5) }), FloorwalkError);
  assert.equal(metrics.agent('nobody', 'today').handled, 0, 'an unknown agent has empty figures');
  // From JavaScript, any argument of any type: a figure or a typed error (trend(undefined) threw a TypeError).
  const methods = Object.keys(metrics).filter((k) => typeof (metrics as unknown as Record<string, unknown>)[k] === 'function' && !['destroy', 'subscribe'].includes(k));
  assert.ok(methods.includes('trend') && methods.length >= 6);
  assert.deepEqual(await untypedFailures(metrics, methods), []);
});

test('median of an even count averages the middle two and ignores missing values', () => {
  assert.equal(median([4, null, 1, 3, 2]), 2.5);
  assert.equal(median([null]), null);
});

test('a trend starts where history starts: earlier intervals are unknown, not zero', async () => {
  const { metrics, at } = await setup();
  await at(7260, ix(7260, { id: 'z1', state: 'connected', createdAt: t(7190), agentId: 'a1', connectedAt: t(7195) }));
  const buckets = metrics.trend({ teamId: 't1' }, 'today');
  assert.equal(buckets[0]?.from, T0, 'the agents have been available since 09:00, the first thing recorded');
  assert.equal(buckets.length, 5, '09:00, 09:30, 10:00, 10:30 and the 11:00 interval so far');
  assert.deepEqual([buckets[4]?.from, buckets[4]?.to], [t(7200), t(7260)]);
  // Nothing was recorded before 09:00, so the day's earlier intervals are not reported as zeros.
  assert.ok(buckets.every((b) => b.from >= T0));
});

test("a team's figures follow its members: an agent who moves team or leaves counts where they are now", async () => {
  const s = await setup();
  const { at, metrics } = s;
  await at(10, { type: 'team', id: nextId(), at: t(10), source: 'fake', team: team('t2', ['sup-1']) });
  assert.equal(metrics.team('t1', 'today').agents, 3);
  // a1 handles i1 (handle 60 s) while in t1, then moves to t2 with that history.
  await at(20, ix(20, { id: 'i1', state: 'connected', createdAt: t(0), agentId: 'a1', connectedAt: t(20) }));
  await at(80, ix(80, { id: 'i1', state: 'ended', createdAt: t(0), agentId: 'a1', connectedAt: t(20), endedAt: t(80) }));
  assert.deepEqual(metrics.teamHandleTimes('t1', 'today'), [60 * S]);
  await at(90, { type: 'agent', id: nextId(), at: t(90), source: 'fake', agent: { ...agent('a1', ['t2']), presence: { state: 'available', since: T0 } } });
  assert.equal(metrics.team('t1', 'today').agents, 2);
  assert.equal(metrics.team('t2', 'today').agents, 1);
  assert.deepEqual(metrics.teamHandleTimes('t1', 'today'), []);
  assert.deepEqual(metrics.teamHandleTimes('t2', 'today'), [60 * S]);
  await at(100, { type: 'agent-removed', id: nextId(), at: t(100), source: 'fake', agentId: 'a2' });
  assert.equal(metrics.team('t1', 'today').agents, 1);
});
