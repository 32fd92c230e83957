// Metrics read a client's own change feed straight from the store's records (no lookup, no view
// per change) and fall back to the public reads for any other source. These tests hold every way
// in to the same hand-computed figures: data held in the clear, data held masked, a second
// metrics instance on the same client, and a source that offers only the public API.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, DEFAULT_ROLE_PERMISSIONS, type Floorwalk, type FloorwalkEvent, type Interaction, type Session, type StoreChange } from '@floorwalk/core';
import { createMetrics, type Metrics, type MetricsSource } from '@floorwalk/core/metrics';
import { createManualClock, type ManualClock } from '@floorwalk/core/testing';
import { agent, fakeAdapter, nextId, settle, T0, teamSnapshot, type FakeAdapter } from './fixtures.js';

const S = 1000;
const DAY = 24 * 3600 * S;
const t = (seconds: number): number => T0 + seconds * S;
const customer = { name: 'Dana Smith', phone: '+44 20 7946 0018', email: 'dana@example.com' };

const ix = (seconds: number, i: Partial<Interaction> & { id: string; state: Interaction['state'] }): FloorwalkEvent => ({
  type: 'interaction',
  id: nextId(),
  at: t(seconds),
  source: 'fake',
  interaction: { channel: 'voice', direction: 'inbound', queueId: 'q1', createdAt: T0, customer, ...i },
});

async function floor(session: Session, readsCustomers = false): Promise<{ adapter: FakeAdapter; clock: ManualClock; client: Floorwalk }> {
  const adapter = fakeAdapter();
  adapter.snapshotEvent = teamSnapshot(['a1', 'a2']);
  const clock = createManualClock(T0);
  // A tenant may let supervisors read their teams' customers; by default they see them masked.
  const policy = readsCustomers ? { roles: { supervisor: [...DEFAULT_ROLE_PERMISSIONS.supervisor, 'customer:read:team' as const] } } : undefined;
  const client = createFloorwalk({ adapter, session, clock, ...(policy === undefined ? {} : { policy }) });
  await client.connect();
  await settle();
  return { adapter, clock, client };
}

/** The client seen through its public API only: each change copied without anything internal. */
function publicOnly(client: Floorwalk): MetricsSource {
  return {
    getAgent: (id) => client.getAgent(id),
    getAgents: () => client.getAgents(),
    getInteraction: (id) => client.getInteraction(id),
    getInteractions: (filter) => client.getInteractions(filter),
    subscribe: (listener) => client.subscribe((change) => listener(Object.fromEntries(Object.entries(change)) as unknown as StoreChange)),
    session: client.session,
  };
}

/**
 * The shift, second by second:
 * - i1: offered to a1 at 5, connected at 10, held 30-40, wrap-up at 70, ended at 80.
 *   a1's leg: talk 70 - 10 - 10 = 50 s, hold 10, wrap-up 10, handle 70.
 * - i2: offered to a1 at 90, rung on to a2 at 100 (a1 missed it), a2 connected at 105, a2
 *   transferred it to a1 at 125, ended at 145. a2's leg: 20 s talk, transferred; a1's: 20 s.
 * - i3: queued at 150, abandoned at 170.
 * - i4: a2's outbound call from 150; a2 leaves the floor at 180 with it still live, so it left
 *   the store unfinished and counts nowhere.
 */
async function runShift(adapter: FakeAdapter, clock: ManualClock): Promise<void> {
  const at = async (seconds: number, ...events: FloorwalkEvent[]): Promise<void> => {
    clock.advanceTo(t(seconds));
    adapter.emit(...events);
    await settle();
  };
  await at(5, ix(5, { id: 'i1', state: 'offered', agentId: 'a1', offeredAt: t(5) }));
  await at(10, ix(10, { id: 'i1', state: 'connected', agentId: 'a1', offeredAt: t(5), connectedAt: t(10) }));
  await at(30, ix(30, { id: 'i1', state: 'held', agentId: 'a1', offeredAt: t(5), connectedAt: t(10), heldAt: t(30), holdCount: 1 }));
  await at(40, ix(40, { id: 'i1', state: 'connected', agentId: 'a1', offeredAt: t(5), connectedAt: t(10), holdMs: 10 * S, holdCount: 1 }));
  // The wrap-up and the end come in one batch: the record moves twice before metrics look.
  await at(
    80,
    ix(70, { id: 'i1', state: 'wrap-up', agentId: 'a1', offeredAt: t(5), connectedAt: t(10), holdMs: 10 * S, wrapUpAt: t(70) }),
    ix(80, { id: 'i1', state: 'ended', agentId: 'a1', offeredAt: t(5), connectedAt: t(10), holdMs: 10 * S, wrapUpAt: t(70), endedAt: t(80), endReason: 'completed' }),
  );
  await at(90, ix(90, { id: 'i2', state: 'offered', agentId: 'a1', offeredAt: t(90) }));
  await at(100, ix(100, { id: 'i2', state: 'offered', agentId: 'a2', offeredAt: t(100) }));
  await at(105, ix(105, { id: 'i2', state: 'connected', agentId: 'a2', offeredAt: t(100), connectedAt: t(105) }));
  await at(125, ix(125, { id: 'i2', state: 'connected', agentId: 'a1', offeredAt: t(125), connectedAt: t(125), transfers: 1 }));
  await at(145, ix(145, { id: 'i2', state: 'ended', agentId: 'a1', offeredAt: t(125), connectedAt: t(125), endedAt: t(145), endReason: 'completed', transfers: 1 }));
  await at(
    150,
    ix(150, { id: 'i3', state: 'queued', createdAt: t(150) }),
    ix(150, { id: 'i4', state: 'connected', direction: 'outbound', queueId: undefined, agentId: 'a2', createdAt: t(150), connectedAt: t(150) }),
  );
  await at(170, ix(170, { id: 'i3', state: 'ended', createdAt: t(150), endedAt: t(170), endReason: 'abandoned' }));
  await at(180, { type: 'agent-removed', id: nextId(), at: t(180), source: 'fake', agentId: 'a2' });
  clock.advanceTo(t(200));
}

const figures = (m: Metrics) => ({
  a1: m.agent('a1', 'today'),
  a2: m.agent('a2', 'today'),
  team: m.team('t1', 'today'),
  queue: m.queue('q1', 'today'),
});

const options = (clock: ManualClock) => ({ clock, startOfDay: (at: number) => at - (at % DAY) });

test('every way in to the change feed gives the same hand-computed figures', async () => {
  const clear = await floor({ userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] }, true);
  const masked = await floor({ userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] });
  const observers: [string, Metrics][] = [
    ['customer data in the clear', createMetrics(clear.client, options(clear.clock))],
    ['customer data masked', createMetrics(masked.client, options(masked.clock))],
    ['a second instance on the same client', createMetrics(masked.client, options(masked.clock))],
    ['a source with the public API only', createMetrics(publicOnly(masked.client), options(masked.clock))],
  ];
  await runShift(clear.adapter, clear.clock);
  await runShift(masked.adapter, masked.clock);
  // The masked client really holds masked data, so it took the other path through the store.
  assert.notEqual(masked.client.getInteraction('i2')?.customer?.name, customer.name);
  assert.equal(clear.client.getInteraction('i2')?.customer?.name, customer.name);

  for (const [name, m] of observers) {
    const { a1, a2, queue: q } = figures(m);
    assert.deepEqual([a1.handled, a1.handleMs, a1.talkMs, a1.holdMs, a1.wrapUpMs], [2, 90 * S, 70 * S, 10 * S, 10 * S], `${name}: a1's two legs`);
    assert.deepEqual([a1.longestMs, a1.missed, a1.transfers], [70 * S, 1, 0], `${name}: a1's longest, misses and transfers`);
    // a1 was busy 10-80 and 125-145.
    assert.equal(a1.interactingMs, 90 * S, `${name}: a1's busy time`);
    // a2's transferred leg 105-125 only: i4 left unfinished and is not timed.
    assert.deepEqual([a2.handled, a2.handleMs, a2.transfers, a2.interactingMs], [1, 20 * S, 1, 20 * S], `${name}: a2's leg`);
    // i1 answered after 10 s, i2 after 105 s (threshold 20 s), i3 abandoned: 1 of 3, were this
    // the whole queue; a supervisor of t1 is given no service level (docs/metrics.md).
    assert.deepEqual([q.offered, q.answered, q.answeredWithinThreshold, q.abandoned, q.serviceLevel], [3, 2, 1, 1, null], `${name}: the queue`);
  }
  const [first, ...rest] = observers.map(([, m]) => figures(m));
  for (const [k, other] of rest.entries()) assert.deepEqual(other, first, `${observers[k + 1]?.[0]}: every figure as in the clear`);
});

test('a metrics instance let go frees the feed for the next, which counts from the store as it is', async () => {
  const { adapter, clock, client } = await floor({ userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] });
  const first = createMetrics(client, options(clock));
  clock.advanceTo(t(10));
  adapter.emit(ix(10, { id: 'i1', state: 'connected', agentId: 'a1', connectedAt: t(10) }));
  await settle();
  first.destroy();
  // The next one starts from the live interaction and follows it to its end.
  const next = createMetrics(client, options(clock));
  clock.advanceTo(t(40));
  adapter.emit(ix(40, { id: 'i1', state: 'ended', agentId: 'a1', connectedAt: t(10), endedAt: t(40), endReason: 'completed' }));
  await settle();
  assert.deepEqual([next.agent('a1', 'today').handled, next.agent('a1', 'today').handleMs], [1, 30 * S]);
  // The destroyed one heard nothing more.
  assert.equal(first.agent('a1', 'today').handled, 0);
});

test('agents leaving, coming back and changing team are filed where they are now, by every way in', async () => {
  const masked = await floor({ userId: 'admin-1', role: 'admin', teamIds: 'all' });
  const { adapter, clock, client } = masked;
  const observers: [string, Metrics][] = [
    ['the change feed', createMetrics(client, options(clock))],
    ['a second instance', createMetrics(client, options(clock))],
    ['the public API only', createMetrics(publicOnly(client), options(clock))],
  ];
  const emit = async (seconds: number, ...events: FloorwalkEvent[]): Promise<void> => {
    clock.advanceTo(t(seconds));
    adapter.emit(...events);
    await settle();
  };
  const agentEvent = (seconds: number, teamIds: string[]): FloorwalkEvent => ({
    type: 'agent',
    id: nextId(),
    at: t(seconds),
    source: 'fake',
    agent: agent('a2', teamIds, 'available', t(seconds)),
  });
  const teams = (m: Metrics): number[] => [m.team('t1', 'today').agents, m.team('t2', 'today').agents];
  for (const [name, m] of observers) assert.deepEqual(teams(m), [2, 0], `${name}: both in t1 at first`);
  // a2 leaves and comes back to the same team in one batch, then later moves to t2.
  await emit(10, { type: 'agent-removed', id: nextId(), at: t(10), source: 'fake', agentId: 'a2' }, agentEvent(11, ['t1']));
  for (const [name, m] of observers) assert.deepEqual(teams(m), [2, 0], `${name}: a2 back in t1`);
  await emit(20, { type: 'agent-removed', id: nextId(), at: t(20), source: 'fake', agentId: 'a2' });
  for (const [name, m] of observers) assert.deepEqual(teams(m), [1, 0], `${name}: a2 gone`);
  await emit(30, agentEvent(30, ['t1']));
  for (const [name, m] of observers) assert.deepEqual(teams(m), [2, 0], `${name}: a2 back again`);
  await emit(40, agentEvent(40, ['t2']));
  for (const [name, m] of observers) assert.deepEqual(teams(m), [1, 1], `${name}: a2 moved to t2`);
  clock.advanceTo(t(60));
  // a2 was away 20-30 s: available 0-20 and 30-60, in spans that do not count the gap.
  for (const [name, m] of observers) {
    assert.equal(m.agent('a2', 'today').presenceMs.available, 50 * S, `${name}: a2's available time`);
  }
});

test('reads that skip the legs and presence spans before the current interval agree with reads that walk the whole day', async () => {
  const { adapter, clock, client } = await floor({ userId: 'admin-1', role: 'admin', teamIds: 'all' });
  const opts = { ...options(clock), intervalMs: 10 * 60 * S };
  // `often` is read at every step, so its reads start after the legs earlier intervals finished;
  // `once` is read only at the end, from the first leg.
  const often = createMetrics(client, opts);
  const once = createMetrics(client, opts);
  const period = (fromSeconds: number, toSeconds: number) => ({ from: t(fromSeconds), to: t(toSeconds) });
  // Calls of 3 to 7 minutes, back to back for a1 over an hour, one every 4 minutes for a2.
  let start = 0;
  for (let n = 0; start < 3600; n++) {
    const length = (3 + (n % 5)) * 60;
    const id = `k${n}`;
    const who = n % 2 === 0 ? 'a1' : 'a2';
    clock.advanceTo(t(start + length));
    adapter.emit(
      ix(start, { id, state: 'connected', agentId: who, connectedAt: t(start) }),
      ix(start + length, { id, state: 'ended', agentId: who, connectedAt: t(start), endedAt: t(start + length), endReason: 'completed' }),
      // A presence span per call too, so reads skip spans as they skip legs.
      { type: 'presence', id: nextId(), at: t(start + length), source: 'fake', agentId: who, presence: { state: n % 3 === 0 ? 'break' : 'available', since: t(start + length) } },
    );
    await settle();
    often.team('t1', 'interval');
    often.agent('a1', 'interval');
    if (n % 7 === 0) often.agent('a2', 'today');
    start += n % 2 === 0 ? length : 240;
  }
  for (const p of ['interval', 'today', period(600, 1800), period(0, 4000)] as const) {
    assert.deepEqual(often.team('t1', p), once.team('t1', p), `team, ${JSON.stringify(p)}`);
    for (const a of ['a1', 'a2']) assert.deepEqual(often.agent(a, p), once.agent(a, p), `${a}, ${JSON.stringify(p)}`);
  }
  assert.ok(often.agent('a1', 'today').handled >= 6 && often.agent('a2', 'today').handled >= 6, 'both handled calls');
  const spans = (a: string, p: 'interval' | 'today') => Object.values(often.agent(a, p).presenceMs).filter((ms) => ms > 0).length;
  assert.ok(spans('a1', 'today') >= 2 && spans('a2', 'today') >= 2 && spans('a1', 'interval') >= 1 && spans('a2', 'interval') >= 1, 'presence spans counted');
});
