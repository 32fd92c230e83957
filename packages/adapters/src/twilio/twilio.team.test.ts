// The team side: Sync live queries on tr-worker / tr-reservation at scale, and relayed
// TaskRouter event callbacks, including out-of-order delivery and malformed input.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { setupServer } from 'msw/node';
import { ErrorCode, checkEvent, createFloorwalk, type FloorwalkError, type FloorwalkEvent } from '@floorwalk/core';
import { createManualClock, type ManualClock } from '@floorwalk/core/testing';
import { createTwilioAdapter, type TwilioAdapterOptions } from '@floorwalk/adapters/twilio';
import {
  FAKE_ACTIVITIES,
  FakeSyncClient,
  FakeSyncError,
  FakeWorker,
  generateWorkerItems,
  teamSidsOf,
  twilioBackendHandlers,
  type TrReservationItem,
  type TrWorkerItem,
} from '@floorwalk/adapters/twilio/mocks';
import { BACKEND, START, envelope, ofType, recorder, rejectsWith, settle } from './test-rig.js';

const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
// connect() loads the team side and the agent side on first need. The manual clock below
// advances in steps that assume nothing waits on a module load, so a first adapter loads both
// before the tests: later connects find them loaded, whatever order the tests run in.
before(async () => {
  const first = createTwilioAdapter({ sync: new FakeSyncClient({ workers: [] }), worker: new FakeWorker() });
  await first.connect(recorder());
  await first.disconnect();
});
afterEach(() => server.resetHandlers());
after(() => server.close());

const iso = (ms: number): string => new Date(ms).toISOString();
const sidOf = (name: string): string => (FAKE_ACTIVITIES.find((a) => a.name === name) as { sid: string }).sid;

function reservation(worker: TrWorkerItem, n: number, status: string, at: number): TrReservationItem {
  return {
    reservation_sid: `WR${n.toString(16).padStart(32, '0')}`,
    task_sid: `WT${n.toString(16).padStart(32, '0')}`,
    worker_sid: worker.worker_sid,
    worker_name: worker.friendly_name,
    status,
    task_channel_unique_name: n % 2 === 0 ? 'voice' : 'chat',
    queue_name: 'Everyone',
    task_date_created: iso(at - 5_000),
    date_created: iso(at - 4_000),
    date_updated: iso(at),
    attributes: { from: '+15555550100' },
  };
}

/** Advances the manual clock in steps until the adapter's paced queries have all opened. */
async function drain(clock: ManualClock, ms: number, step = 100): Promise<void> {
  // Settle first: what is due now must open at this time, not at the next step.
  await settle();
  for (let t = 0; t < ms; t += step) {
    clock.advance(step);
    await settle();
  }
}

async function teamRig(workers: readonly TrWorkerItem[], options: Partial<TwilioAdapterOptions> = {}, maxItems = 200) {
  const clock = createManualClock(START);
  const sync = new FakeSyncClient({ workers, now: clock.now, maxItems });
  const adapter = createTwilioAdapter({ sync, clock, activities: FAKE_ACTIVITIES, ...options });
  const sink = recorder();
  return { clock, sync, adapter, sink };
}

/** At most `limit` openings of one index in any one-second window. */
function maxPerSecond(opened: readonly { index: string; at: number }[], index: string): number {
  const times = opened.filter((o) => o.index === index).map((o) => o.at);
  let worst = 0;
  for (let i = 0; i < times.length; i++) worst = Math.max(worst, times.filter((t) => t >= (times[i] as number) && t < (times[i] as number) + 1000).length);
  return worst;
}

test('1,000 workers by team, with Sync capping results at 200: shards split until every worker is seen, within the rate limit', async () => {
  // Ten teams of 100: one query for all ten would be cut at 200, so the adapter halves it.
  const workers = generateWorkerItems(1000, { teams: 10, at: START });
  const { clock, sync, adapter, sink } = await teamRig(workers, { teamSids: teamSidsOf(new FakeSyncClient({ workers })) });
  const connecting = adapter.connect(sink);
  await drain(clock, 3_000);
  await connecting;
  const reservations = workers.filter((_, i) => i % 10 === 0).map((w, i) => reservation(w, i + 1, 'accepted', START));
  for (const r of reservations) sync.setReservation(r);
  await drain(clock, 6_000);

  const snap = await adapter.snapshot();
  assert.equal(snap.agents?.length, 1000);
  assert.equal(new Set(snap.agents?.map((a) => a.id)).size, 1000);
  assert.equal(snap.interactions?.length, 100);
  for (const o of sync.opened) {
    for (const list of o.expression.match(/\[[^\]]*\]/g) ?? []) assert.ok(list.split(',').length < 30, `array of ${list.split(',').length} in ${o.expression}`);
  }
  assert.ok(maxPerSecond(sync.opened, 'tr-worker') <= 10);
  assert.ok(maxPerSecond(sync.opened, 'tr-reservation') <= 10);
  // One reservation query per 25 workers, not one per worker as Flex's Teams View opens.
  assert.equal(sync.opened.filter((o) => o.index === 'tr-reservation').length, 40);
  const open = sync.queries.filter((q) => !q.closed);
  assert.ok(open.filter((q) => q.index === 'tr-worker').every((q) => q.keys.size < 200));
  assert.equal(sink.errors.length, 0);
  for (const e of sink.received) assert.equal(checkEvent(e), null);

  // A change to one of the thousand reaches the sink.
  const w = workers[777]!;
  clock.advance(1_000);
  sync.setWorker({ ...w, activity_name: 'Lunch', worker_activity_sid: sidOf('Lunch'), date_activity_changed: iso(clock.now()), date_updated: iso(clock.now()) });
  assert.deepEqual(
    ofType(sink.received, 'presence').at(-1),
    { type: 'presence', id: `p:${w.worker_sid}:${sidOf('Lunch')}:${clock.now()}`, at: clock.now(), source: 'twilio', agentId: w.worker_sid, presence: { state: 'meal', since: clock.now(), reason: { id: sidOf('Lunch'), label: 'Lunch' } } },
  );
  await adapter.disconnect();
  assert.ok(sync.queries.every((q) => q.closed), 'every live query is closed on disconnect');
});

test('1,000 workers by SID are split into 25-SID queries; a single query that fills the cap is reported', async () => {
  const workers = generateWorkerItems(1000, { at: START });
  const bySid = await teamRig(workers, { workerSids: workers.map((w) => w.worker_sid), queriesPerSecond: 20 });
  const connecting = bySid.adapter.connect(bySid.sink);
  await drain(bySid.clock, 3_000);
  await connecting;
  assert.equal((await bySid.adapter.snapshot()).agents?.length, 1000);
  assert.equal(bySid.sync.opened.filter((o) => o.index === 'tr-worker').length, 40);
  assert.ok(maxPerSecond(bySid.sync.opened, 'tr-worker') <= 20);

  const capped = await teamRig(workers);
  await capped.adapter.connect(capped.sink);
  assert.equal((await capped.adapter.snapshot()).agents?.length, 200);
  assert.equal(capped.sink.errors[0]?.details?.kind, 'query-may-be-truncated');
});

test('live worker items: presence changes, stale items are dropped, joiners get reservation queries, leavers are removed', async () => {
  const workers = generateWorkerItems(5, { at: START });
  const { clock, sync, adapter, sink } = await teamRig(workers);
  await adapter.connect(sink);
  await drain(clock, 500);
  const w = workers[0]!;
  clock.advance(60_000);
  const newer = clock.now();
  sync.setWorker({ ...w, activity_name: 'Break', worker_activity_sid: sidOf('Break'), date_activity_changed: iso(newer), date_updated: iso(newer) });
  sync.setWorker({ ...w, activity_name: 'Available', worker_activity_sid: sidOf('Available'), date_activity_changed: iso(newer - 30_000), date_updated: iso(newer - 30_000) });
  // An older item with other attributes, arriving late, changes nothing either.
  sync.setWorker({ ...w, attributes: { full_name: 'Old Name' }, date_activity_changed: iso(newer - 40_000), date_updated: iso(newer - 40_000) });
  const snap = await adapter.snapshot();
  assert.equal(snap.agents?.find((a) => a.id === w.worker_sid)?.presence.state, 'break', 'the older item did not win');
  assert.equal(snap.agents?.find((a) => a.id === w.worker_sid)?.name, 'Agent 1');

  // An attributes-only change is an agent event, not a presence event.
  const presences = ofType(sink.received, 'presence').length;
  sync.setWorker({ ...sync.worker(w.worker_sid)!, attributes: { ...w.attributes, full_name: 'Renamed Person' }, date_updated: iso(newer + 1_000) });
  assert.equal(ofType(sink.received, 'agent').at(-1)?.agent.name, 'Renamed Person');
  assert.equal(ofType(sink.received, 'presence').length, presences);

  const joiner = generateWorkerItems(6, { at: START })[5]!;
  sync.setWorker(joiner);
  assert.equal(ofType(sink.received, 'agent').at(-1)?.agent.id, joiner.worker_sid);
  await drain(clock, 500);
  const q = sync.opened.at(-1)!;
  assert.equal(q.index, 'tr-reservation');
  assert.ok(q.expression.includes(joiner.worker_sid));
  sync.setReservation(reservation(joiner, 9, 'pending', clock.now()));
  assert.equal(ofType(sink.received, 'interaction').at(-1)?.interaction.agentId, joiner.worker_sid);

  sync.removeWorker(workers[1]!.worker_sid);
  assert.equal(ofType(sink.received, 'agent-removed').at(-1)?.agentId, workers[1]!.worker_sid);
  assert.equal((await adapter.snapshot()).agents?.length, 5);
  assert.equal(sink.errors.length, 0);
});

test('tr-reservation statuses map like the SDK events; one that leaves the live filter after acceptance ends completed', async () => {
  const workers = generateWorkerItems(2, { at: START });
  const { clock, sync, adapter, sink } = await teamRig(workers);
  await adapter.connect(sink);
  await drain(clock, 300);
  const cases: [string, string, string | undefined][] = [
    ['pending', 'offered', undefined],
    ['accepted', 'connected', undefined],
    ['wrapup', 'wrap-up', undefined],
    ['wrapping', 'wrap-up', undefined],
  ];
  for (const [i, [status, state]] of cases.entries()) {
    clock.advance(1_000);
    sync.setReservation(reservation(workers[0]!, 100 + i, status, clock.now()));
    assert.equal(ofType(sink.received, 'interaction').at(-1)?.interaction.state, state, status);
  }
  const r = reservation(workers[1]!, 200, 'accepted', clock.now());
  sync.setReservation(r);
  clock.advance(60_000);
  // Completed falls out of Flex's filter, so Sync removes the item instead of updating it.
  sync.setReservation({ ...r, status: 'completed', date_updated: iso(clock.now()) });
  const last = ofType(sink.received, 'interaction').at(-1)!.interaction;
  assert.deepEqual([last.id, last.state, last.endReason, last.endedAt], [r.reservation_sid, 'ended', 'completed', clock.now()]);
});

test('supervisor set-activity through the backend updates the worker and the live query follows', async () => {
  const workers = generateWorkerItems(3, { at: START });
  const clock = createManualClock(START);
  const sync = new FakeSyncClient({ workers, now: clock.now });
  const backend = twilioBackendHandlers({ baseUrl: BACKEND, sync, now: clock.now, token: 'flex-jwe' });
  server.use(...backend.handlers);
  // Not about queues: no poll to answer while the manual clock jumps.
  const adapter = createTwilioAdapter({ sync, clock, activities: FAKE_ACTIVITIES, backendUrl: BACKEND, getToken: () => 'flex-jwe', queuePollMs: 0 });
  const sink = recorder();
  await adapter.connect(sink);
  clock.advance(10_000);
  await adapter.execute(envelope({ type: 'set-presence', agentId: workers[2]!.worker_sid, state: 'meal' }));
  assert.deepEqual(backend.requests.at(-1)?.body, { WorkerSid: workers[2]!.worker_sid, ActivitySid: sidOf('Lunch'), Token: 'flex-jwe' });
  assert.equal(sync.worker(workers[2]!.worker_sid)?.activity_name, 'Lunch');
  const p = ofType(sink.received, 'presence').at(-1)!;
  assert.deepEqual([p.agentId, p.presence.state, p.presence.since], [workers[2]!.worker_sid, 'meal', Math.floor(clock.now() / 1000) * 1000]);
  assert.equal(sink.errors.length, 0);

  // The backend's 404 (the worker was deleted meanwhile) is a typed rejection.
  sync.indexes.get('tr-worker')?.delete(workers[1]!.worker_sid);
  await rejectsWith(adapter.execute(envelope({ type: 'set-presence', agentId: workers[1]!.worker_sid, state: 'break' })), ErrorCode.UnknownEntity);
  // Without a backend, another worker's activity cannot be set.
  const bare = await teamRig(workers);
  assert.deepEqual(bare.adapter.capabilities.commands, []);
  await rejectsWith(bare.adapter.execute(envelope({ type: 'set-presence', agentId: workers[0]!.worker_sid, state: 'break' })), ErrorCode.Unsupported);
});

test('Sync failures: a bad query is reported, the only query failing rejects connect', async () => {
  const workers = generateWorkerItems(3, { at: START });
  const partial = await teamRig(workers, { workerQueries: ['data.activity_name == "Available"', 'data.worker_sid in [' + Array(31).fill('"x"').join(',') + ']'] });
  const connecting = partial.adapter.connect(partial.sink);
  await drain(partial.clock, 300);
  await connecting;
  assert.equal(partial.sink.errors.length, 1);
  assert.equal(partial.sink.errors[0]!.code, ErrorCode.VendorError);
  assert.equal((partial.sink.errors[0]!.cause as { code?: number }).code, 54510);
  assert.equal((await partial.adapter.snapshot()).agents?.length, 1);

  // The only query refused for what it is: asking again cannot help, so not retryable.
  const broken = await teamRig(workers, { workerQueries: ['data.activity_name ~~ "x"'] });
  const err = await rejectsWith(broken.adapter.connect(broken.sink), ErrorCode.VendorError);
  assert.equal(err.retryable, false);
  assert.equal(err.details?.kind, 'query-refused');
  assert.equal((err.cause as { code?: number }).code, 54511);
});

/** A Sync client whose live queries on the expressions in `refused` are refused with that error, for as long as it is there; every ask is logged. */
function refusing(sync: FakeSyncClient, clock: ManualClock, refused: Map<string, Error>) {
  const asked: { expression: string; at: number }[] = [];
  const liveQuery = sync.liveQuery.bind(sync);
  sync.liveQuery = async (index, expression) => {
    asked.push({ expression, at: clock.now() });
    const err = refused.get(expression);
    if (err !== undefined) throw err;
    return liveQuery(index, expression);
  };
  return (expression: string): number[] => asked.filter((a) => a.expression === expression).map((a) => a.at - START);
}

/** A random source that draws every retry pause at its full length: the backoff's nominal figures. */
const NOMINAL = (): number => 0;
/** What Sync rejects a live query with when the token expired under it. */
const expired = new FakeSyncError('Token expired (status: 401, code: 20104)', 401, 20104);
/** The two tr-worker queries of the token tests: one answered, one the scene refuses. */
const [available, onBreak] = ['Available', 'Break'].map((a) => `data.activity_name == "${a}"`) as [string, string];

/** The waits between asks, each as long as `expected` or up to 1.5 s longer: the clock below moves a second at a time, and openings are paced 100 ms apart. */
function assertGaps(times: readonly number[], expected: readonly number[], what: string): void {
  const gaps = times.slice(1, expected.length + 1).map((t, i) => t - (times[i] as number));
  assert.equal(gaps.length, expected.length, `${what}: asked at ${times.join(', ')}`);
  gaps.forEach((g, i) => assert.ok(g >= (expected[i] as number) && g < (expected[i] as number) + 1_500, `${what}: waited ${gaps.join(', ')}, not ${expected.join(', ')}`));
}

test('a live query twilio-sync gave up on is opened again, 30 s after and doubling to every 5 min, reported once; its agents and their reservations then appear', async () => {
  // twilio-sync 4.0.1 (dist/livequery.js queryItems) posts the query with retryWhenThrottled, and
  // its network layer (dist/services/network.js) retries 429 and 502-504 4 s to 60 s apart, with
  // Retry-After, for 90 s; then the retrier's own error comes back as a SyncError with status 0.
  const gaveUp = new FakeSyncError('Maximum attempt time limit reached (status: 0, code: 0)', 0, 0);
  // Should an SDK pass the 429 on as it is, its status types it.
  const throttled = new FakeSyncError('Throttled by server (status: 429, code: 20429)', 429, 20429);
  const workers = generateWorkerItems(3, { at: START });
  const [available, onBreak, offline] = ['Available', 'Break', 'Offline'].map((a) => `data.activity_name == "${a}"`) as [string, string, string];
  const refused = new Map<string, Error>([
    [onBreak, gaveUp],
    [offline, throttled],
  ]);
  const { clock, sync, adapter, sink } = await teamRig(workers, { workerQueries: [available, onBreak, offline], random: NOMINAL });
  sync.setReservation(reservation(workers[1]!, 1, 'accepted', START));
  const asks = refusing(sync, clock, refused);
  const connecting = adapter.connect(sink);
  await drain(clock, 300);
  await connecting;
  assert.deepEqual((await adapter.snapshot()).agents?.map((a) => a.id), [workers[0]!.worker_sid], 'the query Sync answered is open');
  assert.deepEqual(
    sink.errors.map((e) => [e.code, e.retryable, e.cause, e.details?.retryInMs]),
    [
      [ErrorCode.VendorError, true, gaveUp, 30_000],
      [ErrorCode.RateLimited, true, throttled, 30_000],
    ],
  );
  assert.ok(sink.errors.every((e) => e.message.includes('tr-worker')), 'the error names the query');

  // Refused twice more; the third ask after the first, at 3.5 min, is answered.
  await drain(clock, 200_000, 1_000);
  assertGaps(asks(onBreak), [30_000, 60_000], 'refused');
  refused.delete(onBreak);
  const before = sink.received.length;
  await drain(clock, 20_000, 1_000);
  assertGaps(asks(onBreak), [30_000, 60_000, 120_000], 'answered');
  const back = sink.since(before);
  assert.deepEqual(ofType(back, 'agent').map((e) => e.agent.id), [workers[1]!.worker_sid], 'its agent appears');
  assert.deepEqual(ofType(back, 'interaction').map((e) => [e.interaction.agentId, e.interaction.state]), [[workers[1]!.worker_sid, 'connected']], 'and its reservations follow');
  assert.equal((await adapter.snapshot()).agents?.length, 2);

  // The other keeps being asked, never more often than every 5 min, and nothing more is reported.
  await drain(clock, 1_000_000, 1_000);
  assertGaps(asks(offline), [30_000, 60_000, 120_000, 240_000, 300_000, 300_000], 'throttled');
  assert.deepEqual(asks(onBreak).length, 4, 'an open query is not asked again');
  assert.equal(sink.errors.length, 2, 'one error per query, not one per attempt');
  assert.deepEqual(sink.statuses, []);
  await adapter.disconnect();
});

test('a live query refused for what it is (403 no permission, 404 no such index, 400 a bad query) is reported, not retryable, and not asked again', async () => {
  const workers = generateWorkerItems(4, { at: START });
  const [available, onBreak, offline, away] = ['Available', 'Break', 'Offline', 'Unavailable'].map((a) => `data.activity_name == "${a}"`) as [string, string, string, string];
  const forbidden = new FakeSyncError('Access forbidden for identity (status: 403, code: 54007)', 403, 54007);
  const missing = new FakeSyncError('The requested resource was not found (status: 404, code: 20404)', 404, 20404);
  const bad = new FakeSyncError('Invalid query (status: 400, code: 54511)', 400, 54511);
  const { clock, sync, adapter, sink } = await teamRig(workers, { workerQueries: [available, onBreak, offline, away] });
  const asks = refusing(sync, clock, new Map<string, Error>([
    [onBreak, forbidden],
    [offline, missing],
    [away, bad],
  ]));
  const connecting = adapter.connect(sink);
  await drain(clock, 300);
  await connecting;
  assert.deepEqual(
    sink.errors.map((e) => [e.code, e.retryable, e.cause]),
    [
      [ErrorCode.Forbidden, false, forbidden],
      [ErrorCode.UnknownEntity, false, missing],
      [ErrorCode.VendorError, false, bad],
    ],
  );
  await drain(clock, 700_000, 1_000);
  for (const q of [onBreak, offline, away]) assert.equal(asks(q).length, 1, q);
  assert.equal(clock.pendingTimers, 0, 'no retry waits');
  assert.equal(sink.errors.length, 3);
  await adapter.disconnect();
});

test('every tr-worker query refused for what it is at connect rejects connect() not retryable, by what a host can act on: the client is failed and asks Sync no more', async () => {
  const workers = generateWorkerItems(2, { at: START });
  const [onBreak, offline] = ['Break', 'Offline'].map((a) => `data.activity_name == "${a}"`) as [string, string];
  const forbidden = new FakeSyncError('Access forbidden for identity (status: 403, code: 54007)', 403, 54007);
  const missing = new FakeSyncError('The requested resource was not found (status: 404, code: 20404)', 404, 20404);

  // Through a client: failed at once, and no retry on its backoff, however long it waits.
  const { clock, sync, adapter } = await teamRig(workers, { workerQueries: [onBreak, offline] });
  const asks = refusing(sync, clock, new Map<string, Error>([[onBreak, missing], [offline, forbidden]]));
  const client = createFloorwalk({ adapter, clock, session: { userId: 'WKsupervisor', role: 'supervisor', teamIds: 'all' } });
  const viaClient = client.connect().then(() => 'resolved', (e: unknown) => e);
  await drain(clock, 300);
  // A 403 says more to a host (the token's identity may not read the index) than a 404: it wins.
  const err = await rejectsWith(viaClient.then((e) => Promise.reject(e)), ErrorCode.Forbidden);
  assert.equal(err.retryable, false);
  assert.equal(err.cause, forbidden);
  assert.equal(err.details?.kind, 'query-refused');
  assert.equal(client.status, 'failed');
  await drain(clock, 600_000, 1_000);
  assert.equal(client.status, 'failed');
  assert.deepEqual([asks(onBreak).length, asks(offline).length], [1, 1], 'asked once each, never again');
  await client.disconnect();

  // 404 alone is UnknownEntity (no such index or service), not retryable either.
  const other = await teamRig(workers, { workerQueries: [offline] });
  refusing(other.sync, other.clock, new Map<string, Error>([[offline, missing]]));
  const connecting = rejectsWith(other.adapter.connect(other.sink), ErrorCode.UnknownEntity);
  await drain(other.clock, 300);
  assert.equal((await connecting).retryable, false);

  // Beside a query Sync gave up on, which may yet answer: retryable NotConnected, as before.
  const mixed = await teamRig(workers, { workerQueries: [onBreak, offline], random: NOMINAL });
  refusing(mixed.sync, mixed.clock, new Map<string, Error>([[onBreak, new FakeSyncError('Maximum attempt time limit reached', 0, 0)], [offline, forbidden]]));
  const retrying = rejectsWith(mixed.adapter.connect(mixed.sink), ErrorCode.NotConnected);
  await drain(mixed.clock, 300);
  assert.equal((await retrying).retryable, true);
});

test('a live query refused with 401 (the token expired under it) is opened again once Sync is connected with a new token, once per token, not on a timer; its agents then appear', async () => {
  const workers = generateWorkerItems(2, { at: START });
  const { clock, sync, adapter, sink } = await teamRig(workers, { workerQueries: [available, onBreak] });
  sync.setReservation(reservation(workers[1]!, 1, 'accepted', START));
  const refused = new Map<string, Error>([[onBreak, expired]]);
  const asks = refusing(sync, clock, refused);
  const connecting = adapter.connect(sink);
  await drain(clock, 300);
  await connecting;
  assert.deepEqual(sink.errors.map((e) => [e.code, e.retryable, e.cause]), [[ErrorCode.AuthFailed, false, expired]]);
  await drain(clock, 700_000, 10_000);
  assert.equal(asks(onBreak).length, 1, 'no timer asks it again: the same token would be refused again');

  // twilsock's 410 close for the expired token; the host's updateToken brings Sync back, still refused once.
  sync.expireToken();
  sync.reconnect();
  await drain(clock, 300);
  assert.equal(asks(onBreak).length, 2, 'asked again on connected');
  await drain(clock, 700_000, 10_000);
  assert.equal(asks(onBreak).length, 2, 'refused again: waits for the next token, not a loop');

  // The next token is good: the query opens and its agent and reservations arrive.
  refused.delete(onBreak);
  sync.expireToken();
  const before = sink.received.length;
  sync.reconnect();
  await drain(clock, 1_000);
  assert.equal(asks(onBreak).length, 3);
  const back = sink.since(before);
  assert.deepEqual(ofType(back, 'agent').map((e) => e.agent.id), [workers[1]!.worker_sid], 'its agent appears');
  assert.deepEqual(ofType(back, 'interaction').map((e) => [e.interaction.agentId, e.interaction.state]), [[workers[1]!.worker_sid, 'connected']], 'and its reservations follow');
  assert.equal((await adapter.snapshot()).agents?.length, 2);

  // Open now: a later reconnect does not ask it again.
  sync.drop();
  sync.reconnect();
  await drain(clock, 1_000);
  assert.equal(asks(onBreak).length, 3);
  await adapter.disconnect();
});

test('retries of a query Sync gave up on wait while the Sync link is down and stop on disconnect', async () => {
  const gaveUp = new FakeSyncError('Maximum attempt time limit reached (status: 0, code: 0)', 0, 0);
  const workers = generateWorkerItems(2, { at: START });
  const { clock, sync, adapter, sink } = await teamRig(workers, { workerQueries: [available, onBreak], random: NOMINAL });
  const asks = refusing(sync, clock, new Map([[onBreak, gaveUp]]));
  const connecting = adapter.connect(sink);
  await drain(clock, 300);
  await connecting;
  // twilsock reconnecting: a query asked now would wait on it or fail again; its turn comes round once Sync is back.
  await drain(clock, 10_000, 1_000);
  sync.drop();
  await drain(clock, 40_000, 1_000);
  assert.equal(asks(onBreak).length, 1, 'not asked while Sync is down');
  sync.reconnect();
  await drain(clock, 20_000, 1_000);
  // Its 30 s came round while Sync was down; the next 30 s, after Sync is back, is its turn.
  assertGaps(asks(onBreak), [60_000], 'asked on the turn after Sync came back');

  await adapter.disconnect();
  assert.equal(clock.pendingTimers, 0, 'no retry left waiting');
  await drain(clock, 700_000, 10_000);
  assert.equal(asks(onBreak).length, 2, 'nothing asked after disconnect');
  assert.equal(sink.errors.length, 1);
});

test('every tr-worker query refused with 401 at connect rejects connect() with AuthFailed, so the client asks the host for a token rather than asking Sync again with the same one', async () => {
  const workers = generateWorkerItems(2, { at: START });
  const onBreak = 'data.activity_name == "Break"';
  const { clock, sync, adapter, sink } = await teamRig(workers, { workerQueries: [onBreak] });
  const asks = refusing(sync, clock, new Map([[onBreak, expired]]));
  const connecting = rejectsWith(adapter.connect(sink), ErrorCode.AuthFailed);
  await drain(clock, 300);
  await connecting;

  // Through a client: renewAuth is asked, and connects again once the host has Sync's new token.
  const other = await teamRig(workers, { workerQueries: [onBreak] });
  const refused = new Map([[onBreak, expired]]);
  const otherAsks = refusing(other.sync, other.clock, refused);
  let renewals = 0;
  const client = createFloorwalk({
    adapter: other.adapter,
    clock: other.clock,
    session: { userId: 'WKsupervisor', role: 'supervisor', teamIds: 'all' },
    renewAuth: async () => {
      renewals++;
      refused.delete(onBreak);
    },
  });
  const viaClient = client.connect();
  await drain(other.clock, 2_000);
  await viaClient;
  assert.equal(renewals, 1, 'the host was asked for a new token');
  assert.equal(client.status, 'live');
  assert.equal(otherAsks(onBreak).length, 2);
  assert.equal(asks(onBreak).length, 1);
  await client.disconnect();
});

test('the pauses before a query Sync gave up on is asked again are drawn from the random source: each between half and all of its step, never over 5 min', async () => {
  const gaveUp = new FakeSyncError('Maximum attempt time limit reached (status: 0, code: 0)', 0, 0);
  const workers = generateWorkerItems(2, { at: START });
  const draws = [0.5, 0.999, 0, 0.25, 0.75, 0.999, 0.1];
  let drawn = 0;
  const random = (): number => draws[drawn++ % draws.length] as number;
  const { clock, sync, adapter, sink } = await teamRig(workers, { workerQueries: [available, onBreak], random });
  const asks = refusing(sync, clock, new Map([[onBreak, gaveUp]]));
  const connecting = adapter.connect(sink);
  await drain(clock, 300);
  await connecting;
  const steps = [30_000, 60_000, 120_000, 240_000, 300_000, 300_000, 300_000];
  const pauses = steps.map((s, i) => s - Math.round((s / 2) * (draws[i] as number)));
  assert.equal(sink.errors[0]?.details?.retryInMs, pauses[0], 'the error tells the pause drawn');
  await drain(clock, pauses.reduce((a, b) => a + b) + 5_000, 1_000);
  // Each pages' pauses differ with its draws, so a centre refused together does not ask again together.
  assertGaps(asks(onBreak), pauses, 'jittered');
  const times = asks(onBreak);
  for (let i = 1; i < times.length; i++) {
    const gap = (times[i] as number) - (times[i - 1] as number);
    const step = steps[Math.min(i - 1, steps.length - 1)] as number;
    assert.ok(gap >= step / 2 && gap < Math.min(step, 300_000) + 1_500, `pause ${i} of ${gap} ms is within [${step / 2}, ${step}]`);
  }
  assert.equal(sink.errors.length, 1);
  await adapter.disconnect();
});

test('a random source that strays from [0, 1) still gives pauses within their bounds', async () => {
  const gaveUp = new FakeSyncError('Maximum attempt time limit reached (status: 0, code: 0)', 0, 0);
  const onBreak = 'data.activity_name == "Break"';
  for (const [value, pause] of [[Number.NaN, 30_000], [7, 15_000], [-3, 30_000]] as const) {
    const { clock, sync, adapter, sink } = await teamRig(generateWorkerItems(2, { at: START }), { workerQueries: ['data.activity_name == "Available"', onBreak], random: () => value });
    refusing(sync, clock, new Map([[onBreak, gaveUp]]));
    const connecting = adapter.connect(sink);
    await drain(clock, 300);
    await connecting;
    assert.equal(sink.errors[0]?.details?.retryInMs, pause, `random() = ${value}`);
    await adapter.disconnect();
  }
});

test("a live query refused with 401 is reported once, not at each new token Sync refuses again; a new connect() tells it again", async () => {
  const workers = generateWorkerItems(2, { at: START });
  const { clock, sync, adapter, sink } = await teamRig(workers, { workerQueries: [available, onBreak] });
  const refused = new Map<string, Error>([[onBreak, expired]]);
  const asks = refusing(sync, clock, refused);
  const connecting = adapter.connect(sink);
  await drain(clock, 300);
  await connecting;
  assert.deepEqual(sink.errors.map((e) => [e.code, e.cause]), [[ErrorCode.AuthFailed, expired]]);
  for (let n = 2; n <= 3; n++) {
    // A token Sync takes for its link but the query's index still refuses (a grant it lacks, say).
    sync.expireToken();
    sync.reconnect();
    await drain(clock, 1_000);
    assert.equal(asks(onBreak).length, n, 'asked again with each new token');
  }
  const sinceSync = sink.errors.filter((e) => e.details?.kind !== 'sync-denied');
  assert.equal(sinceSync.length, 1, 'the same refusal is not an error event again at every renewal');

  refused.delete(onBreak);
  sync.expireToken();
  sync.reconnect();
  await drain(clock, 1_000);
  assert.equal((await adapter.snapshot()).agents?.length, 2, 'answered at last');
  await adapter.disconnect();

  // A new connection's refusal is news to it.
  refused.set(onBreak, expired);
  const again = recorder();
  const reconnecting = adapter.connect(again);
  await drain(clock, 300);
  await reconnecting;
  assert.deepEqual(again.errors.map((e) => e.code), [ErrorCode.AuthFailed]);
  await adapter.disconnect();
});

test('a live query refused with 401 is asked again once when the host renews the token with no reconnect: adapter.updateToken on a Sync-only page', async () => {
  const workers = generateWorkerItems(2, { at: START });
  const { clock, sync, adapter, sink } = await teamRig(workers, { workerQueries: [available, onBreak] });
  const refused = new Map<string, Error>([[onBreak, expired]]);
  const asks = refusing(sync, clock, refused);
  const connecting = adapter.connect(sink);
  await drain(clock, 300);
  await connecting;
  // The host renews on tokenAboutToExpire: twilio-sync takes the token with no state change and says nothing.
  adapter.updateToken('the host renewed Sync with this token too');
  await drain(clock, 300);
  assert.equal(asks(onBreak).length, 2, 'asked again on the new token, with no connected');
  await drain(clock, 700_000, 10_000);
  assert.equal(asks(onBreak).length, 3, "refused again: asked once more a short while after (Sync's token may come later), then waits for the next token, not a loop");

  refused.delete(onBreak);
  const before = sink.received.length;
  adapter.updateToken('the next one');
  await drain(clock, 300);
  assert.equal(asks(onBreak).length, 4);
  assert.deepEqual(ofType(sink.since(before), 'agent').map((e) => e.agent.id), [workers[1]!.worker_sid], 'its agent appears');
  assert.deepEqual(sink.statuses, []);
  await adapter.disconnect();
});

test('a live query refused with 401 for a token renewed while it was out is asked again at once, once', async () => {
  const workers = generateWorkerItems(2, { at: START });
  const { clock, sync, adapter, sink } = await teamRig(workers, { workerQueries: [available, onBreak] });
  let answer: (() => void) | undefined;
  const asked: number[] = [];
  const liveQuery = sync.liveQuery.bind(sync);
  sync.liveQuery = async (index, expression) => {
    if (expression !== onBreak) return liveQuery(index, expression);
    asked.push(clock.now());
    if (asked.length === 1) {
      // Sent with the old token; its refusal comes back after the host renewed.
      await new Promise<void>((resolve) => (answer = resolve));
      throw expired;
    }
    return liveQuery(index, expression);
  };
  const connecting = adapter.connect(sink);
  await drain(clock, 300);
  assert.equal(asked.length, 1);
  adapter.updateToken('renewed while the query was out');
  await settle();
  answer?.();
  await drain(clock, 300);
  await connecting;
  assert.equal(asked.length, 2, 'asked again with the token that came while it was out');
  assert.equal((await adapter.snapshot()).agents?.length, 2);
  await drain(clock, 700_000, 10_000);
  assert.equal(asked.length, 2);
  await adapter.disconnect();
});

test('malformed tr-worker and tr-reservation items are typed errors and change nothing', async () => {
  const workers = generateWorkerItems(2, { at: START });
  const { clock, sync, adapter, sink } = await teamRig(workers);
  await adapter.connect(sink);
  await drain(clock, 300);
  const before = JSON.stringify((await adapter.snapshot()).agents);
  const count = sink.received.length;
  const w = workers[0]!;
  const badWorkers: unknown[] = [
    null,
    'WK-string',
    [],
    { ...w, activity_name: undefined },
    { ...w, activity_name: '' },
    { ...w, date_activity_changed: 'yesterday-ish' },
    { ...w, date_activity_changed: -5 },
    { ...w, attributes: '{"full_name":' },
    { ...w, attributes: 42 },
  ];
  for (const v of badWorkers) sync.emitRaw('tr-worker', w.worker_sid, v);
  const r = reservation(w, 1, 'accepted', START);
  const badReservations: unknown[] = [
    null,
    { ...r, status: 'exploded' },
    { ...r, task_sid: undefined },
    { ...r, worker_sid: 7 },
    { ...r, date_updated: 'not a date' },
    { ...r, attributes: '{broken' },
  ];
  for (const v of badReservations) sync.emitRaw('tr-reservation', r.reservation_sid, v);
  assert.equal(sink.errors.length, badWorkers.length + badReservations.length);
  for (const e of sink.errors) assert.equal(e.code, ErrorCode.MalformedEvent);
  assert.equal(sink.received.length, count);
  assert.equal(JSON.stringify((await adapter.snapshot()).agents), before);
});

// ---- event callbacks ----------------------------------------------------------------------

function activityCallback(sid: string, name: string, activity: string, at: number): string {
  return new URLSearchParams({
    EventType: 'worker.activity.update',
    ResourceType: 'worker',
    ResourceSid: sid,
    Sid: `EV${at}`,
    AccountSid: 'AC00000000000000000000000000000001',
    WorkspaceSid: 'WS00000000000000000000000000000001',
    WorkspaceName: 'Flex Task Assignment',
    EventDescription: `Worker ${name} updated to ${activity} Activity`,
    Timestamp: String(Math.floor(at / 1000)),
    TimestampMs: String(at),
    WorkerSid: sid,
    WorkerName: name,
    WorkerAttributes: JSON.stringify({ full_name: name.toUpperCase(), team_name: 'Blue' }),
    WorkerActivitySid: sidOf(activity),
    WorkerActivityName: activity,
    WorkerPreviousActivitySid: sidOf('Available'),
    WorkerPreviousActivityName: 'Available',
    WorkerTimeInPreviousActivity: '312',
    WorkerTimeInPreviousActivityMs: '312004',
  }).toString();
}

function reservationCallback(event: string, at: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    EventType: `reservation.${event}`,
    ResourceType: 'reservation',
    ResourceSid: 'WR00000000000000000000000000000077',
    Sid: `EV${event}${at}`,
    TimestampMs: String(at),
    Timestamp: String(Math.floor(at / 1000)),
    WorkerSid: 'WK00000000000000000000000000000042',
    WorkerName: 'bob',
    WorkerAttributes: '{"full_name":"Bob Ng"}',
    WorkerActivitySid: sidOf('Available'),
    WorkerActivityName: 'Available',
    ReservationSid: 'WR00000000000000000000000000000077',
    TaskSid: 'WT00000000000000000000000000000077',
    TaskAttributes: '{"from":"+15555550123","direction":"inbound"}',
    TaskChannelUniqueName: 'voice',
    TaskDateCreated: String(Math.floor((START - 10_000) / 1000)),
    TaskQueueSid: 'WQ00000000000000000000000000000001',
    TaskQueueName: 'Everyone',
    ...extra,
  };
}

test('relayed event callbacks map to agents, presence and interactions, and out-of-order ones never go back in time', async () => {
  const clock = createManualClock(START);
  const real = createTwilioAdapter({ activities: FAKE_ACTIVITIES, clock });
  // Each callback arrives when it was sent or later, so the page's clock and Twilio's agree (a
  // callback stamped in the page's future would read as Twilio's clock running ahead of it).
  const adapter = {
    ...real,
    ingestEventCallback(body: Parameters<typeof real.ingestEventCallback>[0]) {
      const fields = body instanceof URLSearchParams ? Object.fromEntries(body) : typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : (body as Record<string, string>);
      const sent = Number(fields.TimestampMs);
      if (sent > clock.now()) clock.advance(sent - clock.now());
      real.ingestEventCallback(body);
    },
  };
  const sink = recorder();
  await adapter.connect(sink);
  const sid = 'WK00000000000000000000000000000042';
  adapter.ingestEventCallback(activityCallback(sid, 'bob', 'Break', START + 5_000));
  assert.equal(ofType(sink.received, 'agent')[0]?.agent.name, 'BOB');
  assert.deepEqual(ofType(sink.received, 'agent')[0]?.agent.teamIds, ['Blue']);
  // The older change, delivered late, is dropped.
  adapter.ingestEventCallback(new URLSearchParams(activityCallback(sid, 'bob', 'Lunch', START + 2_000)));
  assert.equal((await adapter.snapshot()).agents?.[0]?.presence.state, 'break');

  // TaskRouter does not promise order: accepted before created, completed before wrapup.
  adapter.ingestEventCallback(reservationCallback('accepted', START + 20_000));
  adapter.ingestEventCallback(reservationCallback('created', START + 15_000));
  let i = (await adapter.snapshot()).interactions?.[0];
  assert.deepEqual([i?.state, i?.queueId, i?.customer?.phone, i?.createdAt], ['connected', 'WQ00000000000000000000000000000001', '+15555550123', START - 10_000]);
  adapter.ingestEventCallback(reservationCallback('completed', START + 90_000));
  adapter.ingestEventCallback(reservationCallback('wrapup', START + 80_000));
  i = ofType(sink.received, 'interaction').at(-1)?.interaction;
  assert.deepEqual([i?.state, i?.endReason], ['ended', 'completed']);
  assert.equal((await adapter.snapshot()).interactions?.length, 0);
  // Redelivery (TaskRouter retries) maps to the same ids.
  const ids = sink.received.map((e) => e.id);
  adapter.ingestEventCallback(reservationCallback('completed', START + 90_000));
  assert.ok(ids.includes(sink.received.at(-1)!.id));

  // Events Floorwalk has no use for are ignored silently; a deleted worker is removed.
  adapter.ingestEventCallback({ EventType: 'workflow.entered', TimestampMs: String(START) });
  adapter.ingestEventCallback({ EventType: 'worker.deleted', WorkerSid: sid, TimestampMs: String(START + 100_000) });
  assert.equal(ofType(sink.received, 'agent-removed').at(-1)?.agentId, sid);
  assert.equal(sink.errors.length, 0);
  for (const e of sink.received) assert.equal(checkEvent(e), null);
});

test("teams come from Sync's team_sid, which only Sync items carry: a Worker or a relayed callback (team_name at best) does not move an agent Sync placed", async () => {
  const workers = generateWorkerItems(3, { at: START });
  const me = new FakeWorker({ sid: workers[0]!.worker_sid, name: workers[0]!.friendly_name, now: () => START, attributes: { full_name: 'Agent 1' } });
  const { clock, adapter, sink } = await teamRig(workers, { worker: me });
  await adapter.connect(sink);
  await drain(clock, 500);
  const teamOf = async (sid: string) => (await adapter.snapshot()).agents?.find((a) => a.id === sid)?.teamIds;
  assert.deepEqual(await teamOf(workers[0]!.worker_sid), [workers[0]!.team_sid]);

  // The page's own Worker: its attributes hold no team at all.
  clock.advance(5_000);
  me.changeActivity('Break');
  assert.deepEqual(await teamOf(me.sid), [workers[0]!.team_sid]);
  // A callback relayed beside Sync: WorkerAttributes with an Insights-style team_name.
  const other = workers[1]!;
  adapter.ingestEventCallback(activityCallback(other.worker_sid, other.friendly_name, 'Lunch', clock.now()));
  assert.deepEqual(await teamOf(other.worker_sid), [other.team_sid]);
  assert.equal((await adapter.snapshot()).agents?.find((a) => a.id === other.worker_sid)?.presence.state, 'meal', 'the callback still moves presence');
  for (const e of ofType(sink.received, 'agent')) assert.deepEqual(e.agent.teamIds, [workers.find((w) => w.worker_sid === e.agent.id)!.team_sid], 'no agent event flips teams');

  // A worker only a callback told of takes its team_name until Sync says otherwise.
  const stranger = 'WK00000000000000000000000000000099';
  adapter.ingestEventCallback(activityCallback(stranger, 'zed', 'Break', clock.now()));
  assert.deepEqual(await teamOf(stranger), ['Blue']);
  assert.equal(sink.errors.length, 0);
});

test("the page's own agent waits for Sync's first answer, so its first announcement names its team; for 5 s at most", async () => {
  const workers = generateWorkerItems(3, { at: START });
  const mine = workers[0]!;
  /** A Sync whose live queries answer only once `answer()` is called. */
  const slow = async () => {
    const clock = createManualClock(START);
    const me = new FakeWorker({ sid: mine.worker_sid, name: mine.friendly_name, now: clock.now, attributes: { full_name: 'Agent 1' } });
    const rig = await teamRig(workers, { worker: me, clock });
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const liveQuery = rig.sync.liveQuery.bind(rig.sync);
    rig.sync.liveQuery = async (index, expression) => (await answered, liveQuery(index, expression));
    return { ...rig, clock, me, answer };
  };
  const mineIn = (events: readonly FloorwalkEvent[]) => ofType(events, 'agent').filter((e) => e.agent.id === mine.worker_sid);

  // Sync answers after the Worker is ready and has changed activity: nothing of the agent until then.
  const a = await slow();
  const connecting = a.adapter.connect(a.sink);
  await settle();
  a.clock.advance(1_000);
  a.me.changeActivity('Break');
  await settle();
  assert.deepEqual(mineIn(a.sink.received), [], 'not announced before Sync places it');
  a.answer();
  await drain(a.clock, 300);
  await connecting;
  const first = mineIn(a.sink.received)[0];
  assert.deepEqual(first?.agent.teamIds, [mine.team_sid], 'the first announcement names the team');
  for (const e of mineIn(a.sink.received)) assert.deepEqual(e.agent.teamIds, [mine.team_sid]);
  const shown = (await a.adapter.snapshot()).agents?.find((x) => x.id === mine.worker_sid);
  assert.equal(shown?.presence.state, 'break', "the Worker's own change made while it waited is there");
  assert.equal(a.clock.pendingTimers, 0, 'the wait is over');
  await a.adapter.disconnect();

  // Sync silent for 5 s: the agent is announced as the Worker has it, not kept off the board.
  const b = await slow();
  const waiting = b.adapter.connect(b.sink);
  await settle();
  b.clock.advance(4_999);
  await settle();
  assert.deepEqual(mineIn(b.sink.received), []);
  b.clock.advance(1);
  await settle();
  assert.deepEqual(mineIn(b.sink.received).map((e) => e.agent.teamIds), [[]], 'announced after 5 s, teamless as the Worker says');
  b.answer();
  await drain(b.clock, 300);
  await waiting;
  assert.deepEqual(mineIn(b.sink.received).at(-1)?.agent.teamIds, [mine.team_sid], 'then Sync places it');
  assert.equal(b.sink.errors.length, 0);
  await b.adapter.disconnect();

  // A connect() given up while Sync was slow: its late answer does not release the next one's wait.
  const c = await slow();
  const gates: (() => void)[] = [];
  const liveQuery = c.sync.liveQuery;
  c.sync.liveQuery = async (index, expression) => (await new Promise<void>((resolve) => gates.push(resolve)), liveQuery(index, expression));
  c.answer();
  const abandoned = c.adapter.connect(c.sink).catch(() => undefined);
  await settle();
  await c.adapter.disconnect();
  const sink = recorder();
  const again = c.adapter.connect(sink);
  await settle();
  assert.equal(gates.length, 2, 'each connect() asked Sync once');
  gates[0]!();
  await drain(c.clock, 300);
  assert.deepEqual(mineIn(sink.received), [], "the first connect's answer releases nothing");
  gates[1]!();
  await drain(c.clock, 300);
  for (const g of gates.slice(2)) g();
  await drain(c.clock, 300);
  await again;
  await abandoned;
  assert.deepEqual(mineIn(sink.received)[0]?.agent.teamIds, [mine.team_sid]);
  await c.adapter.disconnect();
});

test('a reservation.canceled callback whose task is still assigned (a transfer its sender called off) ends without abandoned; one whose task was canceled is abandoned', async () => {
  const adapter = createTwilioAdapter({ activities: FAKE_ACTIVITIES });
  const sink = recorder();
  await adapter.connect(sink);
  const at = Date.now() - 60_000;
  const offer = (n: number, status: string): Record<string, string> => {
    const sid = `WR${n.toString(16).padStart(32, '0')}`;
    return { ...reservationCallback('created', at, { ReservationSid: sid, ResourceSid: sid, TaskSid: `WT${n.toString(16).padStart(32, '0')}` }), TaskAssignmentStatus: status };
  };
  const cancel = (body: Record<string, string>, status: string): Record<string, string> => ({ ...body, EventType: 'reservation.canceled', TimestampMs: String(at + 5_000), TaskAssignmentStatus: status });
  const transfer = offer(1, 'assigned');
  const call = offer(2, 'reserved');
  adapter.ingestEventCallback(transfer);
  adapter.ingestEventCallback(call);
  adapter.ingestEventCallback(cancel(transfer, 'assigned'));
  adapter.ingestEventCallback(cancel(call, 'canceled'));
  const last = (sid: string) => ofType(sink.received, 'interaction').filter((e) => e.interaction.id === sid).at(-1)?.interaction;
  assert.deepEqual([last(transfer.ReservationSid!)?.state, last(transfer.ReservationSid!)?.endReason], ['ended', undefined]);
  assert.deepEqual([last(call.ReservationSid!)?.state, last(call.ReservationSid!)?.endReason], ['ended', 'abandoned']);
  assert.equal(sink.errors.length, 0);
});

test('malformed event callbacks are typed errors and never throw', async () => {
  const adapter = createTwilioAdapter({ activities: FAKE_ACTIVITIES });
  const sink = recorder();
  await adapter.connect(sink);
  const corpus: unknown[] = [
    '',
    'EventType=',
    { TimestampMs: String(START) },
    reservationCallback('created', START, { TaskAttributes: '{"from":' }),
    reservationCallback('created', START, { WorkerSid: '' }),
    reservationCallback('created', START, { TimestampMs: 'soon', Timestamp: 'later' }),
    reservationCallback('created', START, { ReservationSid: '' }),
    reservationCallback('exploded', START),
    { ...reservationCallback('created', START), WorkerAttributes: '[1,2' },
    { EventType: 'worker.activity.update', WorkerSid: 'WK1', TimestampMs: String(START) },
  ];
  for (const body of corpus) assert.doesNotThrow(() => adapter.ingestEventCallback(body as string));
  assert.equal(sink.errors.length, corpus.length);
  for (const e of sink.errors) assert.equal(e.code, ErrorCode.MalformedEvent);
  assert.equal(sink.received.length, 0);
});

test('through a real client: a supervisor board over Sync stays consistent with the adapter', async () => {
  const workers = generateWorkerItems(60, { at: START, teams: 3 });
  const { clock, sync, adapter } = await teamRig(workers, { teamSids: teamSidsOf(new FakeSyncClient({ workers })) });
  const client = createFloorwalk({ adapter, clock, session: { userId: 'WKsup', role: 'supervisor', teamIds: [workers[0]!.team_sid!] } });
  const connecting = client.connect();
  await drain(clock, 500);
  await connecting;
  assert.equal(client.status, 'live');
  assert.equal(client.getAgents().length, 20, 'the policy scopes the supervisor to one team');
  clock.advance(1_000);
  sync.setReservation(reservation(workers[0]!, 5, 'accepted', clock.now()));
  await settle();
  assert.equal(client.getInteractions({ agentId: workers[0]!.worker_sid }).length, 1);
  await client.disconnect();
});

/** A supervisor's client over the team rig, connected; its errors collected. */
async function teamClient(workers: readonly TrWorkerItem[], options: Partial<TwilioAdapterOptions> = {}) {
  const rig = await teamRig(workers, options);
  const client = createFloorwalk({ adapter: rig.adapter, clock: rig.clock, session: { userId: 'WKsup', role: 'supervisor', teamIds: 'all' } });
  const errors: FloorwalkError[] = [];
  client.on('error', (e) => errors.push(e));
  const connecting = client.connect();
  await drain(rig.clock, 500);
  await connecting;
  assert.equal(client.status, 'live');
  return { ...rig, client, errors };
}

const namesOf = (teams: readonly { id: string; name: string }[]): Record<string, string> => Object.fromEntries(teams.map((t) => [t.id, t.name]));
const teamSid = (n: number): string => `TM${n.toString(16).padStart(32, '0')}`;

test("teams are named from their workers' Flex team_name, in the snapshot and on the board, with no supervisors claimed", async () => {
  const workers = generateWorkerItems(60, { at: START, teams: 3 });
  const { adapter, client, errors } = await teamClient(workers, { teamSids: teamSidsOf(new FakeSyncClient({ workers })) });
  const expected = { [teamSid(1)]: 'Blue', [teamSid(2)]: 'Green', [teamSid(3)]: 'Red' };
  assert.deepEqual(namesOf(client.getTeams()), expected);
  const snap = await adapter.snapshot();
  assert.deepEqual(namesOf(snap.teams ?? []), expected);
  for (const t of snap.teams ?? []) assert.deepEqual(t.supervisorIds, [], 'Sync names no supervisors: none are made up');
  assert.equal(checkEvent(snap), null);
  assert.deepEqual(errors, []);
  await client.disconnect();
});

test('a team renamed in its workers\' team_name is renamed once, by the first worker told of; its other workers, not yet updated, do not flip it back', async () => {
  const workers = generateWorkerItems(6, { at: START, teams: 2 });
  const { clock, sync, client, errors } = await teamClient(workers);
  // Every name a team took on the board, in order.
  const told: string[] = [];
  client.subscribe((change) => {
    for (const id of change.teams) told.push(`${id}=${client.getTeam(id)?.name}`);
  });
  const renamed = workers.filter((w) => w.team_sid === teamSid(1));
  assert.equal(client.getTeam(teamSid(1))?.name, 'Blue');
  clock.advance(60_000);
  const first = renamed[0]!;
  sync.setWorker({ ...first, date_updated: iso(clock.now()), attributes: { ...first.attributes, team_name: 'Azure' } });
  await settle();
  assert.equal(client.getTeam(teamSid(1))?.name, 'Azure');
  // Another worker of that team changes activity with the old name still in its attributes.
  clock.advance(5_000);
  const second = renamed[1]!;
  sync.setWorker({ ...second, activity_name: 'Break', worker_activity_sid: sidOf('Break'), date_activity_changed: iso(clock.now()), date_updated: iso(clock.now()) });
  await settle();
  assert.equal(client.getTeam(teamSid(1))?.name, 'Azure', 'a worker not yet renamed is no news');
  assert.equal(client.getAgent(second.worker_sid)?.presence.state, 'break');
  // Then it is renamed too: the same name, nothing to tell.
  clock.advance(5_000);
  sync.setWorker({ ...sync.worker(second.worker_sid)!, date_updated: iso(clock.now()), attributes: { ...second.attributes, team_name: 'Azure' } });
  await settle();
  assert.equal(client.getTeam(teamSid(1))?.name, 'Azure');
  assert.equal(client.getTeam(teamSid(2))?.name, 'Green', 'the other team is untouched');
  assert.deepEqual(told, [`${teamSid(1)}=Azure`], 'renamed once, never back');
  assert.deepEqual(errors, []);
  await client.disconnect();
});

test("the host's teamNames name teams over their workers' team_name, which names them over their SID; a name that is no string is reported and passed over", async () => {
  const workers = generateWorkerItems(8, { at: START, teams: 4 });
  // Team 4's workers carry no team_name; one worker has no team_sid, only a team_name.
  const bare = workers.map((w) => (w.team_sid === teamSid(4) ? { ...w, attributes: { ...w.attributes, team_name: undefined } } : w));
  const { team_sid: _, ...loose } = { ...bare[0]!, worker_sid: 'WK00000000000000000000000000000099', attributes: { ...bare[0]!.attributes, team_name: 'Night shift' } };
  const empty = teamSid(9);
  const { clock, sync, adapter, client, errors } = await teamClient([...bare, loose], {
    teamSids: [teamSid(1), teamSid(2), teamSid(3), teamSid(4), empty],
    workerQueries: ['data.worker_sid == "WK00000000000000000000000000000099"'],
    teamNames: { [teamSid(1)]: 'Billing', [teamSid(3)]: 42 as unknown as string, [empty]: 'Weekend' },
  });
  const expected = {
    [teamSid(1)]: 'Billing',
    [teamSid(2)]: 'Green',
    [teamSid(3)]: 'Red',
    [teamSid(4)]: teamSid(4),
    'Night shift': 'Night shift',
    [empty]: 'Weekend',
  };
  assert.deepEqual(namesOf(client.getTeams()), expected);
  assert.deepEqual(namesOf((await adapter.snapshot()).teams ?? []), expected);
  assert.deepEqual(
    errors.map((e) => [e.code, e.details?.teamId]),
    [[ErrorCode.InvalidArgument, teamSid(3)]],
    'the bad name is told once',
  );
  // A rename in team_name does not override the host's name.
  clock.advance(60_000);
  const billing = bare.find((w) => w.team_sid === teamSid(1))!;
  sync.setWorker({ ...billing, date_updated: iso(clock.now()), attributes: { ...billing.attributes, team_name: 'Azure' } });
  await settle();
  assert.equal(client.getTeam(teamSid(1))?.name, 'Billing');
  assert.equal(errors.length, 1);
  await client.disconnect();
});

test("a half-done rename survives a reconnect: a worker not yet renamed, changed since, does not flip the team back when the queries open again", async () => {
  const workers = generateWorkerItems(6, { at: START, teams: 2 });
  const { clock, sync, adapter, client, errors } = await teamClient(workers);
  const [first, second] = workers.filter((w) => w.team_sid === teamSid(1)) as [TrWorkerItem, TrWorkerItem];
  clock.advance(60_000);
  sync.setWorker({ ...first, date_updated: iso(clock.now()), attributes: { ...first.attributes, team_name: 'Azure' } });
  clock.advance(5_000);
  // The worker not yet renamed changes activity after the rename: its item is the newer one.
  sync.setWorker({ ...second, activity_name: 'Break', worker_activity_sid: sidOf('Break'), date_activity_changed: iso(clock.now()), date_updated: iso(clock.now()) });
  await settle();
  assert.equal(client.getTeam(teamSid(1))?.name, 'Azure');
  // A new connect() (as the client's retry from a failed link) opens every query again: its items are first reports.
  await client.disconnect();
  const connecting = client.connect();
  await drain(clock, 500);
  await connecting;
  assert.equal(client.status, 'live');
  assert.equal(client.getTeam(teamSid(1))?.name, 'Azure', 'the name the adapter had learnt stands');
  assert.deepEqual(namesOf((await adapter.snapshot()).teams ?? []), { [teamSid(1)]: 'Azure', [teamSid(2)]: 'Green' });
  assert.deepEqual(errors, []);
  await client.disconnect();
});

test("a worker moved to another team whose team_name was not updated with it (Insights' attribute is kept apart from Flex's team_sid) does not rename the team it joined", async () => {
  const workers = generateWorkerItems(6, { at: START, teams: 2 });
  const { clock, sync, client, errors } = await teamClient(workers);
  const mover = workers.find((w) => w.team_sid === teamSid(1))!;
  clock.advance(60_000);
  sync.setWorker({ ...mover, team_sid: teamSid(2), date_updated: iso(clock.now()) });
  await settle();
  assert.deepEqual(client.getAgent(mover.worker_sid)?.teamIds, [teamSid(2)]);
  assert.equal(client.getTeam(teamSid(2))?.name, 'Green', "the old team's name is not news for the new one");
  assert.equal(client.getTeam(teamSid(1))?.name, 'Blue');
  // Its team_name set to the new team's afterwards: the same name, nothing changes.
  clock.advance(5_000);
  sync.setWorker({ ...sync.worker(mover.worker_sid)!, date_updated: iso(clock.now()), attributes: { ...mover.attributes, team_name: 'Green' } });
  await settle();
  assert.equal(client.getTeam(teamSid(2))?.name, 'Green');
  assert.deepEqual(errors, []);
  await client.disconnect();
});

test('a page without Sync claims no teams: its snapshot lists none, so it clears none a client holds', async () => {
  const me = new FakeWorker({ now: () => START, attributes: { full_name: 'Agent 1', team_name: 'Blue' } });
  const adapter = createTwilioAdapter({ worker: me, clock: createManualClock(START) });
  await adapter.connect(recorder());
  const snap = await adapter.snapshot();
  assert.deepEqual(snap.agents?.map((a) => a.teamIds), [['Blue']]);
  assert.equal(snap.teams, undefined);
  await adapter.disconnect();
});

test("Sync's live item updates give the clock offset: on a page 2 minutes off Twilio's a change made now shows 0:00 and one read at connect its true age", async () => {
  for (const skewMs of [120_000, -120_000]) {
    // Items stamped on Twilio's clock, `skewMs` ahead of the page's.
    const workers = generateWorkerItems(3, { at: START + skewMs });
    const { clock, sync, adapter, sink } = await teamRig(workers, { workerSids: workers.map((w) => w.worker_sid) });
    await adapter.connect(sink);
    await settle();
    clock.advance(60_000);
    const w = workers[1] as TrWorkerItem;
    const now = iso(clock.now() + skewMs);
    sync.setWorker({ ...w, activity_name: 'Lunch', worker_activity_sid: sidOf('Lunch'), date_activity_changed: now, date_updated: now });
    await settle();
    const since = (sid: string): number | undefined => ofType(sink.received, 'presence').filter((e) => e.agentId === sid).at(-1)?.presence.since;
    assert.equal(since(w.worker_sid), clock.now(), `skew ${skewMs}: a change made now`);
    // Read at connect (no sample), restated once the offset is known: it began 60 s ago on the page's clock.
    assert.equal(since((workers[0] as TrWorkerItem).worker_sid), START, `skew ${skewMs}: a presence read at connect`);
    await adapter.disconnect();
  }
});

test('the Sync link is watched with or without a Worker: a drop reports reconnecting once, connected live again; nothing stays attached', async () => {
  const sync = new FakeSyncClient({ workers: generateWorkerItems(3) });
  const adapter = createTwilioAdapter({ sync });
  const sink = recorder();
  await adapter.connect(sink);
  const listeners = (): number[] => ['connectionStateChanged', 'connectionError', 'tokenExpired'].map((e) => sync.listenerCount(e));
  assert.deepEqual(listeners(), [1, 1, 1]);
  sync.drop();
  sync.reconnect();
  assert.deepEqual(sink.statuses, ['reconnecting', 'live']);
  // Connected again without a disconnect (the client retrying): still one listener each.
  await adapter.connect(sink);
  assert.deepEqual(listeners(), [1, 1, 1]);
  await adapter.disconnect();
  assert.deepEqual(listeners(), [0, 0, 0]);

  const both = createTwilioAdapter({ sync, worker: new FakeWorker({ name: 'sup' }) });
  await both.connect(recorder());
  assert.deepEqual(listeners(), [1, 1, 1]);
  await both.disconnect();
  assert.deepEqual(listeners(), [0, 0, 0]);
});

test('with a Worker too, a Sync drop alone is reported: reconnecting (NotConnected) until Sync is back; both dropping is one reconnecting, and live only once both are up', async () => {
  const sync = new FakeSyncClient({ workers: generateWorkerItems(3) });
  const worker = new FakeWorker({ name: 'sup' });
  const adapter = createTwilioAdapter({ sync, worker });
  const sink = recorder();
  await adapter.connect(sink);
  sync.drop();
  assert.deepEqual(sink.statuses, ['reconnecting'], 'the team view is frozen while the Worker holds: not live');
  assert.equal(sink.reasons.at(-1)?.code, ErrorCode.NotConnected);
  sync.reconnect();
  assert.deepEqual(sink.statuses, ['reconnecting', 'live']);
  // The network goes: both drop, one reconnecting. The Worker back first is not enough.
  worker.drop();
  sync.drop('retrying');
  assert.equal(worker.reconnect(), true);
  assert.deepEqual(sink.statuses.slice(2), ['reconnecting'], 'not live while Sync is down');
  sync.reconnect();
  assert.deepEqual(sink.statuses.slice(2), ['reconnecting', 'live']);
  // The other way round: Sync back first waits for the Worker's ready.
  sync.drop();
  worker.drop();
  sync.reconnect();
  assert.deepEqual(sink.statuses.slice(4), ['reconnecting'], 'not live while the Worker is down');
  worker.reconnect();
  assert.deepEqual(sink.statuses.slice(4), ['reconnecting', 'live']);
  await adapter.disconnect();

  // What a person sees: the client is not live while Sync is down.
  const client = createFloorwalk({ adapter, session: { userId: worker.sid, role: 'supervisor', teamIds: 'all' } });
  await client.connect();
  sync.drop();
  assert.equal(client.status, 'reconnecting');
  sync.reconnect();
  await settle();
  assert.equal(client.status, 'live');
  await client.disconnect();
});

test('Sync denied (its token refused or expired) is AuthFailed, not retryable, reported once, and failed until Sync is connected again with the host\'s new token; with a Worker, never live meanwhile', async () => {
  const sync = new FakeSyncClient({ workers: generateWorkerItems(3) });
  const adapter = createTwilioAdapter({ sync });
  const sink = recorder();
  await adapter.connect(sink);
  sync.drop('denied');
  assert.deepEqual(sink.statuses, ['reconnecting', 'failed']);
  const denied = sink.reasons.at(-1);
  assert.equal(denied?.code, ErrorCode.AuthFailed);
  assert.equal(denied?.retryable, false);
  assert.equal(denied?.details?.kind, 'sync-denied');
  assert.equal(sink.errors.at(-1), denied, 'reported as an error too, as the Worker does its expired token');
  // twilsock's terminal connectionError, which follows its `denied`, is the same failure.
  sync.connectionError({ terminal: true, message: 'Connection error: Token expired', httpStatusCode: 401, errorCode: 20104 });
  assert.deepEqual(sink.errors, [denied], 'reported once');
  // twilsock trying the host's new token is not back yet.
  sync.drop();
  assert.deepEqual(sink.statuses, ['reconnecting', 'failed']);
  sync.reconnect();
  assert.deepEqual(sink.statuses, ['reconnecting', 'failed', 'live']);
  // A refused token told by connectionError alone is the same AuthFailed, with Twilio's code.
  sync.connectionError({ terminal: true, message: 'Connection error: Token expired', httpStatusCode: 401, errorCode: 20104 });
  assert.deepEqual(sink.statuses.slice(3), ['failed']);
  assert.equal(sink.reasons.at(-1)?.code, ErrorCode.AuthFailed);
  assert.deepEqual([sink.reasons.at(-1)?.details?.kind, sink.reasons.at(-1)?.details?.twilioCode], ['sync-denied', 20104]);
  sync.reconnect();
  await adapter.disconnect();

  // Through the client, with a Worker that drops and comes back meanwhile: failed until Sync is back.
  const worker = new FakeWorker({ name: 'sup' });
  const both = createTwilioAdapter({ sync, worker });
  const client = createFloorwalk({ adapter: both, session: { userId: worker.sid, role: 'supervisor', teamIds: 'all' } });
  const asked: FloorwalkError[] = [];
  client.on('auth-required', (e) => asked.push(e));
  await client.connect();
  sync.drop('denied');
  assert.equal(client.status, 'failed');
  assert.equal(asked[0]?.details?.kind, 'sync-denied');
  worker.drop();
  worker.reconnect();
  await settle();
  assert.equal(client.status, 'failed', 'the Worker back is not Sync back');
  sync.reconnect();
  await settle();
  assert.equal(client.status, 'live');

  // Connecting again over a Sync client still denied: failed at once, never live.
  await client.disconnect();
  sync.drop('denied');
  await rejectsWith(client.connect(), ErrorCode.AuthFailed);
  assert.equal(client.status, 'failed');
  sync.reconnect();
  await settle();
  assert.equal(client.status, 'live');
  await client.disconnect();
});

test("Sync's transient errors are reconnecting with a retryable VendorError, not failed: twilsock retries from them by itself (a socket error, an init refused with 429, its own `error` state)", async () => {
  const sync = new FakeSyncClient({ workers: generateWorkerItems(3) });
  const adapter = createTwilioAdapter({ sync });
  const sink = recorder();
  await adapter.connect(sink);
  // A socket error, as twilsock reports it: connectionError first, then `retrying`.
  sync.connectionError({ terminal: false, message: 'Socket error: connection reset' });
  sync.drop('retrying');
  assert.deepEqual(sink.statuses, ['reconnecting']);
  const why = sink.reasons.at(-1);
  assert.deepEqual([why?.code, why?.retryable, why?.details?.kind], [ErrorCode.VendorError, true, 'sync-error']);
  assert.match(why?.message ?? '', /Socket error: connection reset/);
  // Its next init refused with 429 (it stays `connecting`): reconnecting still, nothing failed.
  sync.connectionError({ terminal: false, message: 'Connection error: Too Many Requests', httpStatusCode: 429 });
  sync.reconnect();
  assert.deepEqual(sink.statuses, ['reconnecting', 'live']);
  // An `error` state, should a twilsock emit one: in its source a step of the retry, shown as `connecting`.
  sync.drop('error');
  sync.reconnect();
  assert.deepEqual(sink.statuses.slice(2), ['reconnecting', 'live']);
  assert.deepEqual(sink.errors, [], 'no failure reported');
  await adapter.disconnect();

  // Through the client: reconnecting, never failed, and live when twilsock is back.
  const client = createFloorwalk({ adapter, session: { userId: 'WKsup', role: 'supervisor', teamIds: 'all' } });
  await client.connect();
  sync.drop('error');
  await settle();
  assert.equal(client.status, 'reconnecting');
  sync.reconnect();
  await settle();
  assert.equal(client.status, 'live');
  await client.disconnect();
});

test('Sync stopped for good is failed, not retryable, reported once with what the host must do, until Sync is connected again: a terminal connectionError, or `disconnected`', async () => {
  const sync = new FakeSyncClient({ workers: generateWorkerItems(3) });
  const adapter = createTwilioAdapter({ sync });
  const sink = recorder();
  await adapter.connect(sink);
  // The server closes on a protocol twilsock does not speak: terminal, then `disconnected`.
  sync.connectionError({ terminal: true, message: "Connection error: Server closed connection because can't parse protocol", httpStatusCode: 406 }, 'disconnected');
  assert.deepEqual(sink.statuses, ['failed']);
  const stopped = sink.reasons.at(-1);
  assert.deepEqual([stopped?.code, stopped?.retryable, stopped?.details?.kind, stopped?.details?.status], [ErrorCode.VendorError, false, 'sync-stopped', 406]);
  assert.match(stopped?.message ?? '', /can't parse protocol.*new token or a new client/);
  assert.deepEqual(sink.errors, [stopped], 'reported once');
  sync.reconnect();
  assert.deepEqual(sink.statuses, ['failed', 'live']);
  // `disconnected` alone (a retry limit reached, the host's shutdown, a close for an expired
  // token): twilsock leaves it only when the host connects it or gives it a token.
  sync.drop('disconnected');
  assert.deepEqual(sink.statuses.slice(2), ['reconnecting', 'failed']);
  const off = sink.reasons.at(-1);
  assert.deepEqual([off?.code, off?.retryable, off?.details?.kind], [ErrorCode.VendorError, false, 'sync-stopped']);
  assert.match(off?.message ?? '', /disconnected.*new token or a new client/);
  sync.reconnect();
  assert.deepEqual(sink.statuses.slice(2), ['reconnecting', 'failed', 'live']);
  await adapter.disconnect();

  // Through the client: failed, and no retry loop over a link the client cannot bring back.
  const client = createFloorwalk({ adapter, session: { userId: 'WKsup', role: 'supervisor', teamIds: 'all' } });
  await client.connect();
  sync.connectionError({ terminal: true, message: 'Connection error: Not acceptable', httpStatusCode: 406 }, 'disconnected');
  await settle();
  assert.equal(client.status, 'failed');
  sync.reconnect();
  await settle();
  assert.equal(client.status, 'live');
  await client.disconnect();
});

test("a terminal connectionError while twilsock still retries (its init cut off by a dropped socket, or unanswered for 30 s) is reconnecting, not failed: twilsock's own state says whether it stopped", async () => {
  // twilsock 1.0.2 (dist/twilsock.js sendInit): an init request rejected by anything but a reply
  // (the socket closed under it: "disconnected"; no answer: "request timeout") is reported
  // `terminal: true`, while its FSM is already `retrying` or goes to `error` then `retrying`, both
  // shown as `connecting`: it tries again, and comes back by itself.
  const sync = new FakeSyncClient({ workers: generateWorkerItems(3) });
  const adapter = createTwilioAdapter({ sync });
  const sink = recorder();
  await adapter.connect(sink);
  sync.drop();
  sync.connectionError({ terminal: true, message: 'Unknown error during connection initialisation: disconnected' });
  assert.deepEqual(sink.statuses, ['reconnecting'], 'not failed: twilsock is still connecting');
  assert.deepEqual(sink.errors, [], 'the host is not told to make a new client');
  sync.reconnect();
  assert.deepEqual(sink.statuses, ['reconnecting', 'live']);
  await adapter.disconnect();

  // Through the client: reconnecting, never failed, and live when twilsock is back.
  const client = createFloorwalk({ adapter, session: { userId: 'WKsup', role: 'supervisor', teamIds: 'all' } });
  await client.connect();
  const seen: string[] = [];
  client.on('status', (c) => seen.push(c.current));
  sync.drop();
  sync.connectionError({ terminal: true, message: 'Unknown error during connection initialisation: Twilsock: request timeout: TM1' });
  await settle();
  sync.reconnect();
  await settle();
  assert.equal(client.status, 'live');
  assert.equal(seen.includes('failed'), false, `never failed: ${seen.join(', ')}`);
  await client.disconnect();
});

test("Sync's token expiring while connected (twilsock's 410 close: disconnecting, tokenExpired, disconnected) is AuthFailed like its denied: the host's renewAuth is asked for a new one", async () => {
  const sync = new FakeSyncClient({ workers: generateWorkerItems(3) });
  const adapter = createTwilioAdapter({ sync });
  const sink = recorder();
  await adapter.connect(sink);
  sync.expireToken();
  assert.deepEqual(sink.statuses, ['reconnecting', 'failed']);
  const expired = sink.reasons.at(-1);
  assert.deepEqual([expired?.code, expired?.retryable, expired?.details?.kind], [ErrorCode.AuthFailed, false, 'sync-denied']);
  assert.deepEqual(sink.errors, [expired], 'reported once');
  sync.reconnect();
  assert.deepEqual(sink.statuses, ['reconnecting', 'failed', 'live']);
  await adapter.disconnect();
  assert.equal(sync.listenerCount('tokenExpired'), 0, 'nothing left attached');

  // Through the client: renewAuth is asked, and the host's sync.updateToken brings it back.
  const renewed: FloorwalkError[] = [];
  const client = createFloorwalk({
    adapter,
    session: { userId: 'WKsup', role: 'supervisor', teamIds: 'all' },
    renewAuth: async (e) => {
      renewed.push(e);
      // The host fetches a token first: twilsock has closed by the time it calls updateToken.
      await Promise.resolve();
      sync.reconnect();
    },
  });
  await client.connect();
  sync.expireToken();
  await settle();
  assert.deepEqual(renewed.map((e) => e.details?.kind), ['sync-denied']);
  assert.equal(client.status, 'live');
  await client.disconnect();
});

/** A supervisor's Worker and team side, connected with the On Break query refused with 401 (still refused). */
async function onBreakRefusedAtConnect() {
  const workers = generateWorkerItems(2, { at: START });
  const clock = createManualClock(START);
  const worker = new FakeWorker({ name: 'sup', now: clock.now });
  const { sync, adapter, sink } = await teamRig(workers, { workerQueries: [available, onBreak], worker, clock });
  const refused = new Map<string, Error>([[onBreak, expired]]);
  const asks = refusing(sync, clock, refused);
  const connecting = adapter.connect(sink);
  await drain(clock, 300);
  await connecting;
  return { workers, worker, adapter, sink, clock, refused, asks };
}

test("a live query refused with 401 is asked again once on the Worker's tokenUpdated, the Flex token being Sync's too", async () => {
  const { workers, worker, adapter, sink, clock, refused, asks } = await onBreakRefusedAtConnect();
  assert.equal(asks(onBreak).length, 1);
  refused.delete(onBreak);
  // Flex renews its one token on the Worker and on Sync itself, not through the adapter.
  worker.updateToken('renewed by Flex');
  await drain(clock, 300);
  assert.equal(asks(onBreak).length, 2, "asked again on the Worker's tokenUpdated");
  assert.ok((await adapter.snapshot()).agents?.some((a) => a.id === workers[1]!.worker_sid), 'its agent appears');
  await adapter.disconnect();
});

test("a live query refused again with 401 because the Worker's token came before Sync's is asked once more a short while later, not left off the board until the next token", async () => {
  const { workers, worker, adapter, sink, clock, refused, asks } = await onBreakRefusedAtConnect();
  // The host renews the Worker first: asked on its tokenUpdated, Sync still has the old token.
  worker.updateToken('renewed, Worker first');
  await drain(clock, 300);
  assert.equal(asks(onBreak).length, 2);
  // Sync's updateToken lands a moment later; twilio-sync says nothing of it.
  clock.advance(1_000);
  refused.delete(onBreak);
  await drain(clock, 15_000, 1_000);
  assert.equal(asks(onBreak).length, 3, 'asked once more a short while after');
  assert.ok((await adapter.snapshot()).agents?.some((a) => a.id === workers[1]!.worker_sid), 'its agent appears');
  await drain(clock, 700_000, 10_000);
  assert.equal(asks(onBreak).length, 3);
  assert.equal(sink.errors.length, 1, 'the 401 told once');
  await adapter.disconnect();
});

test('a new token while the only tr-worker query is out and refused with 401: connect() waits for the ask with the new token, and rejects AuthFailed only if that is refused too', async () => {
  const workers = generateWorkerItems(2, { at: START });
  const onBreak = 'data.activity_name == "Break"';
  for (const secondRefused of [false, true]) {
    const { clock, sync, adapter, sink } = await teamRig(workers, { workerQueries: [onBreak] });
    let answer: (() => void) | undefined;
    let asked = 0;
    const liveQuery = sync.liveQuery.bind(sync);
    sync.liveQuery = async (index, expression) => {
      if (index !== 'tr-worker') return liveQuery(index, expression);
      asked++;
      if (asked === 1) {
        await new Promise<void>((resolve) => (answer = resolve));
        throw expired;
      }
      if (secondRefused) throw expired;
      return liveQuery(index, expression);
    };
    const connecting = secondRefused ? rejectsWith(adapter.connect(sink), ErrorCode.AuthFailed) : adapter.connect(sink);
    await drain(clock, 300);
    adapter.updateToken('renewed while the first ask was out');
    await settle();
    answer?.();
    await drain(clock, 1_000);
    await connecting;
    assert.equal(asked, 2);
    if (!secondRefused) assert.equal((await adapter.snapshot()).agents?.length, 1);
    await adapter.disconnect();
  }
});

test('a new token while the Sync link is down leaves a query refused with 401 to be asked at once when Sync is connected, with no backoff and no new error', async () => {
  const unavailable = new FakeSyncError('Twilsock is not connected', 0, 0);
  const workers = generateWorkerItems(2, { at: START });
  const { clock, sync, adapter, sink } = await teamRig(workers, { workerQueries: [available, onBreak] });
  const refused = new Map<string, Error>([[onBreak, expired]]);
  const asked: number[] = [];
  const liveQuery = sync.liveQuery.bind(sync);
  sync.liveQuery = async (index, expression) => {
    if (expression !== onBreak) return liveQuery(index, expression);
    asked.push(clock.now());
    if (sync.connectionState !== 'connected') throw unavailable;
    const err = refused.get(expression);
    if (err !== undefined) throw err;
    return liveQuery(index, expression);
  };
  const connecting = adapter.connect(sink);
  await drain(clock, 300);
  await connecting;
  assert.equal(asked.length, 1);
  sync.drop();
  adapter.updateToken('renewed while Sync is down');
  await drain(clock, 1_000);
  assert.equal(asked.length, 1, 'not asked over a link that is down');
  refused.delete(onBreak);
  sync.reconnect();
  await drain(clock, 300);
  assert.equal(asked.length, 2, 'asked at once on connected');
  assert.ok((await adapter.snapshot()).agents?.some((a) => a.id === workers[1]!.worker_sid), 'its agent appears');
  assert.deepEqual(sink.errors.map((e) => e.code), [ErrorCode.AuthFailed], 'no "opened again in N s" error');
  await adapter.disconnect();
});

test('a 401 to a query out while Sync blipped (connected again with the same token) is not asked again at once', async () => {
  const workers = generateWorkerItems(2, { at: START });
  const { clock, sync, adapter, sink } = await teamRig(workers, { workerQueries: [available, onBreak] });
  let answer: (() => void) | undefined;
  let asked = 0;
  const liveQuery = sync.liveQuery.bind(sync);
  sync.liveQuery = async (index, expression) => {
    if (expression !== onBreak) return liveQuery(index, expression);
    asked++;
    await new Promise<void>((resolve) => (answer = resolve));
    throw expired;
  };
  const connecting = adapter.connect(sink);
  await drain(clock, 300);
  sync.drop();
  sync.reconnect();
  await settle();
  answer?.();
  await drain(clock, 1_000);
  await connecting;
  assert.equal(asked, 1, 'the same token would be refused the same');
  await adapter.disconnect();
});

test('a 401 asked again at once on a token that came meanwhile, and then refused for what it is (403), rejects connect() as that refusal, not retryable: the 401 was the old token, not a reason to retry', async () => {
  const forbidden = new FakeSyncError('Access forbidden for identity (status: 403, code: 54007)', 403, 54007);
  const workers = generateWorkerItems(2, { at: START });
  const { clock, sync, adapter, sink } = await teamRig(workers, { workerQueries: ['data.activity_name == "Break"'] });
  let answer: (() => void) | undefined;
  let asked = 0;
  const liveQuery = sync.liveQuery.bind(sync);
  sync.liveQuery = async (index, expression) => {
    if (index !== 'tr-worker') return liveQuery(index, expression);
    asked++;
    if (asked > 1) throw forbidden;
    await new Promise<void>((resolve) => (answer = resolve));
    throw expired;
  };
  const connecting = rejectsWith(adapter.connect(sink), ErrorCode.Forbidden);
  await drain(clock, 300);
  adapter.updateToken('renewed while the first ask was out');
  await settle();
  answer?.();
  await drain(clock, 1_000);
  const err = await connecting;
  assert.equal(asked, 2);
  assert.equal(err.retryable, false);
  assert.equal(err.details?.kind, 'query-refused');
  assert.equal(err.cause, forbidden);
  await adapter.disconnect();
});
