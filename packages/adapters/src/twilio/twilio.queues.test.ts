// Queues on Twilio: TaskQueue statistics polled from the host's backend (`GET {backendUrl}/queues`,
// TaskRouter's RealTimeStatistics and CumulativeStatistics passed through), through a real client.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ErrorCode, checkEvent, createFloorwalk, type Floorwalk, type FloorwalkError } from '@floorwalk/core';
import { createManualClock, type ManualClock } from '@floorwalk/core/testing';
import { createTwilioAdapter, type TwilioAdapterOptions } from '@floorwalk/adapters/twilio';
import { FAKE_ACTIVITIES, FakeSyncClient, FakeWorker, generateWorkerItems, twilioBackendHandlers, type TwilioTaskQueueItem } from '@floorwalk/adapters/twilio/mocks';
import { BACKEND, START, recorder, settle } from './test-rig.js';

const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
// Loads the team side's part (which carries the poller) before the manual clock runs.
before(async () => {
  const first = createTwilioAdapter({ sync: new FakeSyncClient({ workers: [] }) });
  await first.connect(recorder());
  await first.disconnect();
});
afterEach(() => server.resetHandlers());
after(() => server.close());

const SALES = 'WQ00000000000000000000000000000001';
const SUPPORT = 'WQ00000000000000000000000000000002';
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

interface Figures {
  pending?: number;
  reserved?: number;
  assigned?: number;
  age?: number;
  oldest?: string | null;
  available?: number;
  entered?: number;
  accepted?: number;
  canceled?: number;
  created?: number;
  name?: string;
}

/** A queue as the route answers it: TaskRouter's two statistics resources, every field as its REST API returns it. */
function queue(sid: string, f: Figures = {}, now = START): TwilioTaskQueueItem {
  const { pending = 0, reserved = 0, assigned = 0, age = 0, available = 0, entered = 0, accepted = 0, canceled = 0 } = f;
  const oldest = f.oldest === undefined ? (age > 0 ? 'WT00000000000000000000000000000009' : null) : f.oldest;
  const base = { account_sid: 'AC00000000000000000000000000000001', workspace_sid: 'WS00000000000000000000000000000001', task_queue_sid: sid };
  const url = `https://taskrouter.twilio.com/v1/Workspaces/${base.workspace_sid}/TaskQueues/${sid}`;
  const midnight = new Date(now).setHours(0, 0, 0, 0);
  return {
    sid,
    friendly_name: f.name ?? (sid === SALES ? 'Sales' : 'Support'),
    task_channels: ['voice', 'chat', 'sms'],
    real_time_statistics: {
      ...base,
      activity_statistics: [{ sid: FAKE_ACTIVITIES[1]!.sid, friendly_name: 'Available', workers: available }],
      longest_task_waiting_age: age,
      longest_task_waiting_sid: oldest,
      longest_relative_task_age_in_queue: age,
      longest_relative_task_sid_in_queue: oldest,
      tasks_by_priority: { '0': pending + reserved },
      tasks_by_status: { pending, reserved, assigned, wrapping: 0 },
      total_available_workers: available,
      total_eligible_workers: available + 3,
      total_tasks: pending + reserved + assigned,
      url: `${url}/RealTimeStatistics`,
    },
    cumulative_statistics: {
      ...base,
      start_time: iso(midnight),
      end_time: iso(now),
      avg_task_acceptance_time: 21,
      reservations_created: f.created ?? accepted + 4,
      reservations_accepted: accepted,
      reservations_rejected: 1,
      reservations_timed_out: 3,
      reservations_canceled: canceled + 2,
      reservations_rescinded: 0,
      split_by_wait_time: null,
      wait_duration_until_accepted: { avg: 21, min: 2, max: 90, total: 21 * accepted },
      wait_duration_until_canceled: { avg: 40, min: 5, max: 120, total: 40 * canceled },
      wait_duration_in_queue_until_accepted: { avg: 20, min: 2, max: 88, total: 20 * accepted },
      tasks_canceled: canceled,
      tasks_completed: Math.max(0, accepted - assigned),
      tasks_deleted: 0,
      tasks_entered: entered,
      tasks_moved: 1,
      url: `${url}/CumulativeStatistics`,
    },
  };
}

/** An accepted Sync `tr-reservation` of the first fake worker in the queue named `queueName`, as Flex's index has it: it names its queue only by name. */
function reserveIn(sync: FakeSyncClient, n: number, queueName: string, updated: number, attributes: Record<string, unknown> = {}): string {
  const w = generateWorkerItems(1, { at: START })[0]!;
  const rid = `WR${String(n).padStart(32, '0')}`;
  sync.setReservation({
    reservation_sid: rid,
    task_sid: `WT${String(n).padStart(32, '0')}`,
    worker_sid: w.worker_sid,
    worker_name: w.friendly_name,
    status: 'accepted',
    task_status: 'assigned',
    task_channel_unique_name: 'voice',
    queue_name: queueName,
    task_date_created: iso(START - 5_000),
    date_created: iso(START - 4_000),
    date_updated: iso(updated),
    attributes,
  });
  return rid;
}

interface Rig {
  adapter: ReturnType<typeof createTwilioAdapter>;
  clock: ManualClock;
  client: Floorwalk;
  sync: FakeSyncClient;
  backend: ReturnType<typeof twilioBackendHandlers>;
  errors: FloorwalkError[];
  /** Queue ids each store change listed, in order. */
  changed: string[][];
  /** Answers the adapter has read so far. */
  answered(): number;
  /** Advances the clock to the next poll and waits until its answer has been read. */
  next(ms?: number): Promise<void>;
}

async function rig(queues: TwilioTaskQueueItem[], given: Partial<TwilioAdapterOptions> | ((clock: ManualClock) => Partial<TwilioAdapterOptions>) = {}, token?: string): Promise<Rig> {
  const clock = createManualClock(START);
  const options = typeof given === 'function' ? given(clock) : given;
  const sync = new FakeSyncClient({ workers: generateWorkerItems(4, { at: START }), now: clock.now });
  const backend = twilioBackendHandlers({ baseUrl: BACKEND, queues, now: clock.now, ...(token !== undefined && { token }) });
  server.use(...backend.handlers);
  let read = 0;
  const adapter = createTwilioAdapter({
    sync,
    clock,
    activities: FAKE_ACTIVITIES,
    backendUrl: BACKEND,
    // The global fetch, which msw answers, counted as each answer comes back.
    fetch: async (...args) => {
      try {
        return await fetch(...args);
      } finally {
        read++;
      }
    },
    ...options,
  });
  const client = createFloorwalk({ adapter, clock, session: { userId: 'WKsupervisor', role: 'supervisor', teamIds: 'all' } });
  const errors: FloorwalkError[] = [];
  const changed: string[][] = [];
  client.on('error', (e) => void errors.push(e));
  client.subscribe((c) => void (c.queues.size > 0 && changed.push([...c.queues])));
  const answered = (): number => read;
  const until = async (n: number): Promise<void> => {
    for (let i = 0; i < 500 && read < n; i++) await new Promise((r) => setTimeout(r, 2));
    assert.ok(read >= n, `answer ${n} never came`);
    await settle();
  };
  await client.connect();
  await until(1);
  return {
    adapter,
    clock,
    client,
    sync,
    backend,
    errors,
    changed,
    answered,
    async next(ms = 10_000) {
      const n = read + 1;
      clock.advance(ms);
      await until(n);
    },
  };
}

test('a board over Twilio lists its TaskQueues from the backend route, mapped from TaskRouter statistics, in the store and the snapshot', async () => {
  const r = await rig([
    queue(SALES, { pending: 2, reserved: 1, assigned: 4, age: 75, available: 3, entered: 120, accepted: 104, canceled: 9 }),
    queue(SUPPORT, { assigned: 1, available: 5, entered: 40, accepted: 38, canceled: 1 }),
  ]);
  assert.equal(r.client.status, 'live');
  assert.deepEqual(r.client.getQueues(), [
    {
      id: SALES,
      name: 'Sales',
      channels: ['voice', 'chat', 'message'],
      // pending + reserved wait; the oldest since 75 s before the answer, on the adapter's clock.
      stats: { waiting: 3, oldestWaitingSince: START - 75_000, agentsAvailable: 3, offered: 120, answered: 104, abandoned: 9 },
    },
    { id: SUPPORT, name: 'Support', channels: ['voice', 'chat', 'message'], stats: { waiting: 0, oldestWaitingSince: null, agentsAvailable: 5, offered: 40, answered: 38, abandoned: 1 } },
  ]);
  assert.deepEqual(r.errors, []);
  // The resync a reconnect does lists them too; every event the adapter gave is valid.
  const snap = await r.adapter.snapshot();
  assert.deepEqual(snap.queues, r.client.getQueues());
  assert.equal(checkEvent(snap), null);
  assert.deepEqual(r.backend.requests.map((q) => q.path), ['queues']);

  // A Sync reservation names its queue only by name: the poll's names link it to the queue.
  const rid = reserveIn(r.sync, 1, 'Sales', START, { from: '+15555550100' });
  await settle();
  assert.equal(r.client.getInteraction(rid)?.queueId, SALES);
  await r.client.disconnect();
});

test('polls every queuePollMs, never two at once; figures that did not change change nothing, a changed one is one queue change, and a wait keeps its start across readings', async () => {
  const r = await rig([queue(SALES, { pending: 1, age: 30, oldest: 'WT1' }), queue(SUPPORT)], { queuePollMs: 5_000 });
  const first = r.changed.length;
  // 5 s later the same task has waited 35 s: the same start, so no change at all.
  r.backend.queues.set(SALES, queue(SALES, { pending: 1, age: 35, oldest: 'WT1' }));
  await r.next(5_000);
  // Whole seconds and a slow answer: 40.9 s later the age still reads 40, within the jitter.
  r.backend.queues.set(SALES, queue(SALES, { pending: 1, age: 40, oldest: 'WT1' }));
  r.clock.advance(900);
  await r.next(4_100);
  assert.equal(r.changed.length, first, 'nothing changed');
  assert.equal(r.client.getQueue(SALES)?.stats.oldestWaitingSince, START - 30_000);

  // Another task now waits longest, and one more arrived: one change, for Sales alone.
  r.backend.queues.set(SALES, queue(SALES, { pending: 2, age: 12, oldest: 'WT2', entered: 1 }));
  await r.next(5_000);
  assert.deepEqual(r.changed.slice(first), [[SALES]]);
  assert.deepEqual(r.client.getQueue(SALES)?.stats, { waiting: 2, oldestWaitingSince: r.clock.now() - 12_000, agentsAvailable: 0, offered: 1, answered: 0, abandoned: 0 });
  // A rename reaches the board too.
  r.backend.queues.set(SUPPORT, queue(SUPPORT, { name: 'Customer care' }));
  await r.next(5_000);
  assert.equal(r.client.getQueue(SUPPORT)?.name, 'Customer care');
  assert.equal(r.backend.requests.length, 5, 'one request per interval');

  // A backend slower than the interval: the request out is given up on when the next is due, and
  // the next goes out an interval later, never beside it.
  let out = 0;
  let most = 0;
  let entered = 0;
  server.use(
    http.get(`${BACKEND}/queues`, ({ request }) => {
      entered++;
      most = Math.max(most, ++out);
      return new Promise<Response>((resolve) => request.signal.addEventListener('abort', () => (out--, resolve(HttpResponse.json([])))));
    }),
  );
  for (let i = 1; i <= 3; i++) {
    r.clock.advance(5_000);
    for (let k = 0; k < 200 && entered < i; k++) await new Promise((res) => setTimeout(res, 2));
    assert.equal(entered, i);
    await r.next(5_000);
  }
  assert.equal(most, 1, 'never two polls in flight');
  assert.deepEqual(r.errors.map((e) => [e.code, e.details?.kind]), [[ErrorCode.NotConnected, 'queues-unreachable']], 'the hung backend is told once');
  assert.equal(r.client.getQueues().length, 2, 'what was held stays');
  await r.client.disconnect();
});

test('a 401 from the route is one AuthFailed error and pauses the queue poll, not the adapter: presence still flows, and a new token asks again', async () => {
  let token = 'stale';
  const r = await rig([queue(SALES, { available: 1 })], { getToken: () => token }, 'good');
  assert.deepEqual(r.errors.map((e) => [e.code, e.retryable, e.details?.kind, e.details?.status]), [[ErrorCode.AuthFailed, false, 'queues-refused', 401]]);
  assert.deepEqual(r.client.getQueues(), []);
  const asked = r.backend.requests.length;
  for (let i = 0; i < 6; i++) r.clock.advance(10_000), await settle();
  assert.equal(r.backend.requests.length, asked, 'paused: not asked again every interval');
  assert.equal(r.client.status, 'live', 'the adapter is not failed');

  // Presence is not held up by the paused poll.
  const w = r.sync.worker(generateWorkerItems(1)[0]!.worker_sid)!;
  const at = iso(r.clock.now());
  r.sync.setWorker({ ...w, activity_name: 'Break', worker_activity_sid: FAKE_ACTIVITIES.find((a) => a.name === 'Break')!.sid, date_activity_changed: at, date_updated: at });
  assert.equal(r.client.getAgent(w.worker_sid)?.presence.state, 'break');

  // A new token that is refused again is not told again.
  const before = r.answered();
  r.adapter.updateToken('still-stale');
  for (let i = 0; i < 50 && r.answered() === before; i++) await new Promise((res) => setTimeout(res, 2));
  await settle();
  assert.equal(r.errors.length, 1, 'the same refusal is told once');
  // The host's good token: the queue appears, and polling resumes on its interval.
  token = 'good';
  r.adapter.updateToken('good');
  for (let i = 0; i < 50 && r.answered() === before + 1; i++) await new Promise((res) => setTimeout(res, 2));
  await settle();
  assert.deepEqual(r.client.getQueues().map((q) => [q.id, q.stats.agentsAvailable]), [[SALES, 1]]);
  await r.next();
  assert.equal(r.backend.requests.at(-1)?.path, 'queues');
  await r.client.disconnect();
});

test('a 403 is Forbidden and pauses likewise until the next connect(); 5xx, 429 and a lost network are told once and asked again at the next poll', async () => {
  const r = await rig([queue(SALES, { entered: 5 })]);
  assert.equal(r.client.getQueue(SALES)?.stats.offered, 5);
  r.backend.queues.set(SALES, queue(SALES, { entered: 6 }));
  r.backend.failNext({ status: 503, code: 20503, message: 'Service Unavailable' });
  r.backend.failNext({ status: 500, message: 'Internal Server Error' });
  await r.next();
  await r.next();
  assert.deepEqual(r.errors.map((e) => [e.code, e.retryable]), [[ErrorCode.VendorError, true]], 'two 5xx in a row are one outage, told once');
  await r.next();
  assert.equal(r.client.getQueue(SALES)?.stats.offered, 6, 'the next poll mends it');

  // 429 with Retry-After: the next poll waits that long rather than the interval.
  r.backend.failNext({ status: 429, code: 20429, message: 'Too Many Requests', headers: { 'Retry-After': '30' } });
  await r.next();
  assert.equal(r.errors.at(-1)?.code, ErrorCode.RateLimited);
  const asked = r.backend.requests.length;
  r.clock.advance(20_000);
  await settle();
  assert.equal(r.backend.requests.length, asked, 'not before Retry-After');
  await r.next(10_000);

  // The network gone: NotConnected, told once, asked again.
  server.use(http.get(`${BACKEND}/queues`, () => HttpResponse.error()));
  await r.next();
  await r.next();
  assert.deepEqual(r.errors.slice(2).map((e) => [e.code, e.details?.kind]), [[ErrorCode.NotConnected, 'queues-unreachable']]);
  server.resetHandlers(...r.backend.handlers);
  r.backend.queues.set(SALES, queue(SALES, { entered: 7 }));
  await r.next();
  assert.equal(r.client.getQueue(SALES)?.stats.offered, 7);

  // 403: the identity may not read queues. Told once; asked no more, until connect() again.
  r.backend.failNext({ status: 403, code: 20003, message: 'Permission denied' });
  await r.next();
  assert.deepEqual([r.errors.at(-1)?.code, r.errors.at(-1)?.details?.kind], [ErrorCode.Forbidden, 'queues-refused']);
  const paused = r.backend.requests.length;
  for (let i = 0; i < 6; i++) r.clock.advance(10_000), await settle();
  assert.equal(r.backend.requests.length, paused);
  assert.equal(r.client.status, 'live');
  await r.client.disconnect();
  const n = r.answered();
  await r.client.connect();
  for (let i = 0; i < 50 && r.answered() === n; i++) await new Promise((res) => setTimeout(res, 2));
  assert.equal(r.backend.requests.length, paused + 1, 'connect() polls again');
  await r.client.disconnect();
});

test('a body that is not a list is a VendorError; a malformed item is a MalformedEvent, told once, and the good items are still applied', async () => {
  const good = queue(SUPPORT, { entered: 3 });
  const noCounts = queue(SALES);
  const bad = { ...noCounts, cumulative_statistics: { ...noCounts.cumulative_statistics, tasks_entered: 'many' } } as unknown as TwilioTaskQueueItem;
  const r = await rig([bad, good]);
  assert.deepEqual(r.client.getQueues().map((q) => q.id), [SUPPORT]);
  assert.deepEqual(r.errors.map((e) => [e.code, e.details?.kind, e.details?.index]), [[ErrorCode.MalformedEvent, 'bad-queue', 0]]);
  assert.match(r.errors[0]!.message, /tasks_entered is not a count/);
  await r.next();
  assert.equal(r.errors.length, 1, 'the same problem is not told at every poll');
  // Items that are no objects, lack a sid or their statistics, or count a status in words.
  const rtBad = { ...good, sid: SALES, real_time_statistics: { ...good.real_time_statistics, tasks_by_status: { pending: -1 } } };
  r.backend.queues.clear();
  r.backend.queues.set('a', null as unknown as TwilioTaskQueueItem);
  r.backend.queues.set('b', { friendly_name: 'x' } as unknown as TwilioTaskQueueItem);
  r.backend.queues.set('c', { sid: 'WQc' } as unknown as TwilioTaskQueueItem);
  r.backend.queues.set(SALES, rtBad as TwilioTaskQueueItem);
  r.backend.queues.set(SUPPORT, queue(SUPPORT, { entered: 4 }));
  await r.next();
  assert.equal(r.errors.length, 5);
  assert.ok(r.errors.slice(1).every((e) => e.code === ErrorCode.MalformedEvent));
  assert.equal(r.client.getQueue(SUPPORT)?.stats.offered, 4, 'the good item is applied');

  // Not JSON, or JSON that is no list: a VendorError, told once; the queues held stay.
  server.use(http.get(`${BACKEND}/queues`, () => new HttpResponse('<html>gateway</html>', { headers: { 'content-type': 'text/html' } })));
  await r.next();
  server.use(http.get(`${BACKEND}/queues`, () => HttpResponse.json({ task_queues: [] })));
  await r.next();
  assert.deepEqual(r.errors.slice(5).map((e) => [e.code, e.details?.kind]), [[ErrorCode.VendorError, 'bad-queues-body']]);
  assert.deepEqual(r.client.getQueues().map((q) => q.id), [SUPPORT], 'what was held stays');
  await r.client.disconnect();
});

test('polling stops on disconnect with no timer left; none without a backendUrl, and none on an agent page unless asked', async () => {
  const r = await rig([queue(SALES)]);
  await r.client.disconnect();
  assert.equal(r.clock.pendingTimers, 0, 'no timer left');
  const asked = r.backend.requests.length;
  r.clock.advance(60_000);
  await settle();
  assert.equal(r.backend.requests.length, asked);

  // A page without a backend, and an agent's page (a Worker, no Sync), poll nothing.
  const backend = twilioBackendHandlers({ baseUrl: BACKEND, queues: [queue(SALES)] });
  server.use(...backend.handlers);
  const clock = createManualClock(START);
  for (const options of [{ sync: new FakeSyncClient({ workers: [] }) }, { worker: new FakeWorker(), backendUrl: BACKEND }]) {
    const adapter = createTwilioAdapter({ clock, ...options });
    const sink = recorder();
    await adapter.connect(sink);
    clock.advance(60_000);
    await settle();
    assert.equal((await adapter.snapshot()).queues, undefined, 'no queue list, so none is cleared');
    await adapter.disconnect();
  }
  assert.equal(backend.requests.length, 0);
  // Asked for on an agent's page: it polls.
  const agent = createTwilioAdapter({ clock, worker: new FakeWorker(), backendUrl: BACKEND, queuePollMs: 30_000 });
  await agent.connect(recorder());
  for (let i = 0; i < 50 && backend.requests.length === 0; i++) await new Promise((res) => setTimeout(res, 2));
  assert.equal(backend.requests.length, 1);
  await agent.disconnect();
});

test('the mock backend lists a queue per queue_sid of the fake workers, with figures that hold together', async () => {
  const clock = createManualClock(START);
  const sync = new FakeSyncClient({ workers: generateWorkerItems(30, { at: START }), now: clock.now });
  const backend = twilioBackendHandlers({ baseUrl: BACKEND, sync, now: clock.now });
  server.use(...backend.handlers);
  const list = (await (await fetch(`${BACKEND}/queues`)).json()) as TwilioTaskQueueItem[];
  assert.deepEqual(list.map((q) => q.friendly_name), ['Sales', 'Support', 'Billing']);
  const workers = [...(sync.indexes.get('tr-worker')?.values() ?? [])];
  for (const q of list) {
    const rt = q.real_time_statistics;
    const cu = q.cumulative_statistics;
    const mine = workers.filter((w) => (w.queue_sids as string[]).includes(q.sid));
    assert.equal(rt.total_eligible_workers, mine.length);
    assert.equal(rt.total_available_workers, mine.filter((w) => w.activity_name === 'Available').length);
    assert.ok(cu.tasks_entered >= cu.reservations_accepted + cu.tasks_canceled);
    assert.equal(rt.longest_task_waiting_age > 0, rt.tasks_by_status.pending + rt.tasks_by_status.reserved > 0);
    assert.equal(new Date(cu.start_time).getTime(), new Date(START).setHours(0, 0, 0, 0));
  }
  // The adapter takes them as they are.
  const adapter = createTwilioAdapter({ sync, clock, backendUrl: BACKEND });
  const sink = recorder();
  await adapter.connect(sink);
  for (let i = 0; i < 50 && (await adapter.snapshot()).queues === undefined; i++) await new Promise((res) => setTimeout(res, 2));
  assert.equal((await adapter.snapshot()).queues?.length, 3);
  assert.equal(sink.errors.length, 0);
  await adapter.disconnect();
});

test('fuzz: 300 polls of hostile lists never throw, never stop the poll, and leave only valid queues in the store', async () => {
  let seed = 11;
  const rand = (): number => ((seed = (Math.imul(seed ^ (seed >>> 15), 2246822507) + 0x9e3779b9) >>> 0) / 2 ** 32);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const HOSTILE = [null, undefined, -1, 1.5, NaN, '12', '1e3', '-3', '99999999999999999999', 2 ** 53, '', 'constructor', {}, [], [1], { pending: '2' }, true, '{"pending":1}'];
  const mutate = (v: unknown, depth = 0): unknown => {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || depth > 2 || rand() < 0.5) return rand() < 0.15 ? pick(HOSTILE) : v;
    const o: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    for (const k of Object.keys(o)) if (rand() < 0.2) o[k] = mutate(o[k], depth + 1);
    if (rand() < 0.1) delete o[pick(Object.keys(o))];
    return o;
  };
  const r = await rig([queue(SALES, { pending: 1, age: 5, entered: 3 })]);
  server.use(
    http.get(`${BACKEND}/queues`, () => {
      const roll = rand();
      if (roll < 0.05) return new HttpResponse('not json');
      if (roll < 0.1) return HttpResponse.json(pick(HOSTILE) ?? null);
      const sids = [SALES, SUPPORT, 'WQ00000000000000000000000000000003'];
      return HttpResponse.json(sids.map((sid) => mutate(queue(sid, { pending: Math.floor(rand() * 4), age: Math.floor(rand() * 90), entered: Math.floor(rand() * 50) }, r.clock.now()))));
    }),
  );
  for (let i = 0; i < 300; i++) await r.next();
  assert.ok(r.errors.length > 0, 'the hostile input was reported');
  for (const e of r.errors) assert.ok([ErrorCode.MalformedEvent, ErrorCode.VendorError].includes(e.code as never), `${e.code}: ${e.message}`);
  assert.equal(r.client.status, 'live');
  for (const q of r.client.getQueues()) assert.equal(checkEvent({ type: 'queue', id: 'x', at: 1, source: 'twilio', queue: q }), null, JSON.stringify(q));
  assert.equal(r.answered(), 301, 'every poll answered and the next one sent: the poll never stopped');
  await r.client.disconnect();
  assert.equal(r.clock.pendingTimers, 0);
});

test('a 401 for a poll that went out before a new token came is the old token refused: the new one is tried at once, not paused until the token after it', async () => {
  let token = 'good';
  const r = await rig([queue(SALES, { available: 1 })], { getToken: () => token }, 'good');
  assert.deepEqual(r.errors, []);
  // The next poll goes out with the token about to be replaced, and its refusal comes late.
  let release!: () => void;
  const gate = new Promise<void>((res) => (release = res));
  let reached = false;
  server.use(
    http.get(
      `${BACKEND}/queues`,
      async () => {
        reached = true;
        await gate;
        return HttpResponse.json({ code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 }, { status: 401 });
      },
      { once: true },
    ),
  );
  r.clock.advance(10_000);
  for (let i = 0; i < 200 && !reached; i++) await new Promise((res) => setTimeout(res, 2));
  assert.ok(reached, 'the poll went out');
  r.backend.queues.set(SALES, queue(SALES, { available: 4 }));
  // The Worker's tokenUpdated (or the host's updateToken) while that poll is out.
  token = 'good';
  r.adapter.updateToken('good');
  const before = r.answered();
  release();
  for (let i = 0; i < 200 && r.answered() < before + 2; i++) await new Promise((res) => setTimeout(res, 2));
  await settle();
  // Asked again with the new token, without waiting for the clock: the figures moved.
  assert.deepEqual(r.client.getQueues().map((q) => [q.id, q.stats.agentsAvailable]), [[SALES, 4]]);
  assert.equal(r.errors.length, 0, 'a refusal of a replaced token is not told');
  // And the poll carries on at its interval.
  await r.next();
  assert.equal(r.backend.requests.at(-1)?.path, 'queues');
  await r.client.disconnect();
});

test("two TaskQueues with the same friendly_name link no Sync reservation by that name: either could be meant", async () => {
  const r = await rig([queue(SALES, { name: 'Sales' }), queue(SUPPORT, { name: 'Sales' })]);
  assert.deepEqual(r.client.getQueues().map((q) => [q.id, q.name]), [[SALES, 'Sales'], [SUPPORT, 'Sales']]);
  const rid = reserveIn(r.sync, 2, 'Sales', START);
  await settle();
  assert.ok(r.client.getInteraction(rid), 'the interaction is there');
  assert.equal(r.client.getInteraction(rid)?.queueId, undefined, 'not put in the wrong queue');
  // Once one is renamed the name is one queue's again.
  r.backend.queues.set(SUPPORT, queue(SUPPORT, { name: 'Support' }));
  await r.next();
  const rid2 = reserveIn(r.sync, 3, 'Sales', r.clock.now());
  await settle();
  assert.equal(r.client.getInteraction(rid2)?.queueId, SALES);
  await r.client.disconnect();
});

test('a queue gone from the route answer (deleted in TaskRouter) is gone from the next snapshot and from the live store at once; one whose item is malformed for a poll is kept', async () => {
  const r = await rig([queue(SALES), queue(SUPPORT)]);
  const held = (): string[] => r.client.getQueues().map((q) => q.id);
  assert.deepEqual((await r.adapter.snapshot()).queues?.map((q) => q.id), [SALES, SUPPORT]);
  // SUPPORT's item breaks for a poll: held as it was, not dropped.
  r.backend.queues.set(SUPPORT, { ...queue(SUPPORT), real_time_statistics: 'oops' } as unknown as TwilioTaskQueueItem);
  await r.next();
  assert.deepEqual((await r.adapter.snapshot()).queues?.map((q) => q.id), [SALES, SUPPORT]);
  assert.deepEqual(held(), [SALES, SUPPORT]);
  // Then it is deleted: the route no longer lists it. The board drops it with this poll, not at the
  // next reconnect's resync, and what it holds of everything else is untouched.
  const agents = r.client.getAgents().length;
  const rid = reserveIn(r.sync, 1, 'Sales', START, { from: '+15555550100' });
  await settle();
  r.backend.queues.delete(SUPPORT);
  await r.next();
  const snap = await r.adapter.snapshot();
  assert.deepEqual(snap.queues?.map((q) => q.id), [SALES]);
  assert.equal(checkEvent(snap), null);
  assert.deepEqual(held(), [SALES]);
  assert.ok(agents > 0);
  assert.equal(r.client.getAgents().length, agents);
  assert.equal(r.client.getInteraction(rid)?.queueId, SALES);
  // The broken poll's item alone was told; the removal is no error.
  assert.deepEqual(r.errors.map((e) => e.details?.kind), ['bad-queue']);
  // SALES's figures still move as before.
  r.backend.queues.set(SALES, queue(SALES, { pending: 4, age: 10 }));
  await r.next();
  assert.equal(r.client.getQueue(SALES)?.stats.waiting, 4);
  await r.client.disconnect();
});

test('a queue deleted while the client was disconnected (a hidden tab let go of the link) leaves the store at the first poll after it connects again', async () => {
  const r = await rig([queue(SALES), queue(SUPPORT)]);
  const held = (): string[] => r.client.getQueues().map((q) => q.id);
  /** Disconnects, lets `meanwhile` change the route, connects again and waits for the first answer. */
  const away = async (meanwhile: () => void): Promise<void> => {
    await r.client.disconnect();
    meanwhile();
    r.clock.advance(60_000);
    const asked = r.answered();
    await r.client.connect();
    for (let i = 0; i < 500 && r.answered() === asked; i++) await new Promise((ok) => setTimeout(ok, 2));
    await settle();
  };
  assert.deepEqual(held(), [SALES, SUPPORT]);
  // A malformed item in the first answer after connecting is no deletion: that queue stays.
  await away(() => r.backend.queues.set(SUPPORT, { ...queue(SUPPORT), real_time_statistics: 'oops' } as unknown as TwilioTaskQueueItem));
  assert.deepEqual(held(), [SALES, SUPPORT]);
  // Deleted meanwhile: the poller starts afresh, holding nothing, so SUPPORT is no queue it saw go,
  // and the resync snapshot, stamped with its oldest entity's time, is older than SUPPORT's figures.
  await away(() => r.backend.queues.delete(SUPPORT));
  assert.deepEqual(held(), [SALES]);
  await r.client.disconnect();
});

test("a deletion's snapshot stamped ahead of a clock that stepped back does not make the other queues' next figures stale", async () => {
  // The page's clock steps back a minute after the second poll (an NTP correction, say).
  let skew = 0;
  const r = await rig([queue(SALES), queue(SUPPORT)], (clock) => ({ clock: { now: () => clock.now() + skew, setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout } }));
  r.backend.queues.set(SUPPORT, queue(SUPPORT, { pending: 2, age: 5 }));
  await r.next();
  skew = -60_000;
  // SUPPORT is deleted: its snapshot is stamped past its last figures, a minute ahead of the clock.
  r.backend.queues.delete(SUPPORT);
  await r.next();
  assert.deepEqual(r.client.getQueues().map((q) => q.id), [SALES]);
  // SALES's figures move on the next poll, still within that minute: they must show.
  r.backend.queues.set(SALES, queue(SALES, { pending: 3, age: 10 }));
  await r.next();
  assert.equal(r.client.getQueue(SALES)?.stats.waiting, 3);
  await r.client.disconnect();
});

test("a getToken that never settles is given up on at the next tick like an unanswered request: told once, and the poll goes on", async () => {
  let hang = false;
  const r = await rig([queue(SALES, { available: 1 })], { getToken: () => (hang ? new Promise<string>(() => undefined) : 'good') }, 'good');
  hang = true;
  const asked = r.backend.requests.length;
  r.clock.advance(10_000);
  await settle();
  assert.equal(r.backend.requests.length, asked, 'no request without a token');
  // The next tick gives the stuck poll up: one error, and the poll after it goes out.
  r.clock.advance(10_000);
  await settle();
  assert.deepEqual(r.errors.map((e) => [e.code, e.details?.kind]), [[ErrorCode.NotConnected, 'queues-unreachable']]);
  hang = false;
  r.backend.queues.set(SALES, queue(SALES, { available: 6 }));
  await r.next();
  assert.deepEqual(r.client.getQueues().map((q) => [q.id, q.stats.agentsAvailable]), [[SALES, 6]]);
  await r.client.disconnect();
});

test('a queuePollMs that is no interval (NaN, Infinity) is an InvalidArgument error and the default 10 s, not a poll at once in a loop', async () => {
  for (const queuePollMs of [Number.NaN, Number.POSITIVE_INFINITY]) {
    const r = await rig([queue(SALES)], { queuePollMs });
    assert.deepEqual(r.errors.map((e) => [e.code, e.details?.kind]), [[ErrorCode.InvalidArgument, 'bad-queue-poll']]);
    const asked = r.backend.requests.length;
    r.clock.advance(1);
    await settle();
    r.clock.advance(5_000);
    await settle();
    assert.equal(r.backend.requests.length, asked, 'not asked again before the default interval');
    await r.next(5_000);
    assert.equal(r.backend.requests.length, asked + 1);
    await r.client.disconnect();
  }
});
