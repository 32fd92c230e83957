// The team side: GetCurrentUserData / GetCurrentMetricData polling through the host's backend
// (paging, pacing, diffing, throttling, malformed responses), supervisor set-state through
// PutUserStatus, and agent event stream records pushed by the host.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ErrorCode, FloorwalkError, checkEvent, createFloorwalk, type Command, type CommandEnvelope, type FloorwalkEvent, type Interaction } from '@floorwalk/core';
import { createManualClock, type ManualClock } from '@floorwalk/core/testing';
import {
  createAmazonConnectAdapter,
  createAmazonConnectHttpBackend,
  type AgentEventRecord,
  type GetCurrentUserDataResponse,
  type AmazonConnectAdapter,
  type AmazonConnectAdapterOptions,
  type AmazonConnectBackend,
  type ConnectTimestamp,
} from '@floorwalk/adapters/amazon-connect';
import { createConnectBackendMock, type ConnectBackendMock } from '@floorwalk/adapters/amazon-connect/mocks';
import { BASE, START, loadAgentEventHandling, recorder, settle, trackedBackend, type Recorder } from './test-support.js';

const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
// connect() loads the polling on first need. The tests below check request times to the
// millisecond on a manual clock that moves while nothing is in flight, so a first adapter
// loads it before them: later connects find it loaded and wait on no module.
before(async () => {
  const first = createAmazonConnectAdapter({
    instanceId: 'warm-up',
    backend: { getCurrentUserData: async () => ({ UserDataList: [] }) },
    teams: [{ id: 'warm-up', name: 'Warm-up', agentIds: ['warm-up'] }],
  });
  await first.connect(recorder());
  await first.disconnect();
});
// Records pushed before their handling has loaded apply once it has; the checks below read them at once.
before(loadAgentEventHandling);
after(() => server.close());

const SECOND = 1000;
let keys = 0;
const envelope = (command: Command, key = `k-${++keys}`): CommandEnvelope => ({ ...command, key, issuedBy: 'sup-1', issuedAt: START });

interface Rig {
  readonly clock: ManualClock;
  readonly mock: ConnectBackendMock;
  readonly adapter: AmazonConnectAdapter;
  readonly sink: Recorder;
  settle<T>(p: Promise<T>): Promise<T>;
  /** Polls once and returns the events it produced. */
  poll(): Promise<FloorwalkEvent[]>;
}

async function rig(opts: { users?: number; options?: Partial<AmazonConnectAdapterOptions>; enforceRates?: boolean; connect?: boolean; connectSkewMs?: number } = {}): Promise<Rig> {
  const clock = createManualClock(START);
  const skew = opts.connectSkewMs ?? 0;
  // Connect's clock, `connectSkewMs` off the page's: the mock stamps its times on it.
  const connectClock = skew === 0 ? clock : { now: () => clock.now() + skew, setTimeout: clock.setTimeout.bind(clock), clearTimeout: clock.clearTimeout.bind(clock) };
  const mock = createConnectBackendMock({ baseUrl: BASE, users: opts.users ?? 20, clock: connectClock, enforceRates: opts.enforceRates ?? true });
  server.resetHandlers(...mock.handlers);
  const { backend, inFlight } = trackedBackend(clock);
  const adapter = createAmazonConnectAdapter({
    instanceId: mock.instanceId,
    backend,
    clock,
    teams: mock.teams,
    queues: mock.queues,
    agentStatuses: mock.statuses,
    agentNames: mock.names,
    ...opts.options,
  });
  const sink = recorder();
  const s = <T>(p: Promise<T>): Promise<T> => settle(p, clock, inFlight);
  if (opts.connect !== false) await s(adapter.connect(sink));
  return {
    clock,
    mock,
    adapter,
    sink,
    settle: s,
    async poll() {
      const mark = sink.received.length;
      await s(adapter.refresh());
      return sink.since(mark);
    },
  };
}

const of = <T extends FloorwalkEvent['type']>(events: readonly FloorwalkEvent[], type: T): Extract<FloorwalkEvent, { type: T }>[] =>
  events.filter((e): e is Extract<FloorwalkEvent, { type: T }> => e.type === type);

function assertValid(events: readonly FloorwalkEvent[]): void {
  for (const e of events) assert.equal(checkEvent(e), null, `${JSON.stringify(e).slice(0, 300)}: ${checkEvent(e)}`);
}

// ---- paging and pacing --------------------------------------------------------------------

test('1,000 agents: ten requests of 100 agents each, never faster than 2 a second, and no 429 from a rate-enforcing Connect', async () => {
  const ids = Array.from({ length: 1000 }, (_, i) => `user-${i + 1}`);
  const r = await rig({ users: 1000, options: { teams: [{ id: 'floor', name: 'Floor', agentIds: ids }], queues: [] } });
  const first = r.mock.requests.filter((q) => q.operation === 'GetCurrentUserData');
  assert.equal(first.length, 10);
  for (const [i, q] of first.entries()) {
    const agents = (q.body.Filters as { Agents: string[] }).Agents;
    assert.equal(agents.length, 100);
    assert.equal(agents[0], `user-${i * 100 + 1}`);
    assert.equal(q.body.MaxResults, 100);
    assert.equal(q.status, 200);
    assert.equal(q.at, START + i * 500, `request ${i} goes at its paced time`);
  }
  const snapshot = await r.adapter.snapshot();
  assert.equal(snapshot.agents?.length, 1000);
  assert.ok(snapshot.agents?.every((a) => a.teamIds.includes('floor') && a.presence.state === 'available'));

  // A second cycle right away keeps to the same pace, across cycles.
  await r.poll();
  const all = r.mock.requests.filter((q) => q.operation === 'GetCurrentUserData');
  assert.equal(all.length, 20);
  for (let i = 1; i < all.length; i++) assert.ok((all[i]?.at as number) - (all[i - 1]?.at as number) >= 500, `gap before request ${i}`);
  for (const q of all) assert.ok(all.filter((o) => o.at > q.at - SECOND && o.at <= q.at).length <= 2, 'at most 2 requests in any second');
  assert.ok(all.every((q) => q.status === 200));
  assert.equal(r.sink.errors.length, 0);
  await r.adapter.disconnect();
});

test('pages with NextToken, 100 users a page, for a filter that matches more than 100', async () => {
  const r = await rig({ users: 300, options: { teams: [{ id: 'sales', name: 'Sales', routingProfileIds: ['rp-q-sales'] }], queues: [] } });
  const calls = r.mock.requests.filter((q) => q.operation === 'GetCurrentUserData');
  const sales = [...r.mock.users.values()].filter((u) => u.routingProfileId === 'rp-q-sales').length;
  assert.equal(calls.length, Math.ceil(sales / 100));
  assert.equal(calls[0]?.body.NextToken, undefined);
  for (const q of calls.slice(1)) assert.equal(typeof q.body.NextToken, 'string');
  assert.deepEqual(calls[0]?.body.Filters, { RoutingProfiles: ['rp-q-sales'] });
  assert.equal((await r.adapter.snapshot()).agents?.length, sales);
  await r.adapter.disconnect();
});

test('polls on the configured interval from the injected clock, and stops on disconnect', async () => {
  const r = await rig({ options: { pollIntervalMs: 5000 } });
  const count = (): number => r.mock.requests.filter((q) => q.operation === 'GetCurrentUserData').length;
  assert.equal(count(), 1);
  r.mock.apply({ kind: 'status', userId: 'user-2', status: 'Break' });
  const mark = r.sink.received.length;
  await r.settle(new Promise<void>((resolve) => {
    const wait = (): void => {
      if (count() >= 3) resolve();
      else setImmediate(wait);
    };
    wait();
  }));
  assert.equal(r.mock.requests.filter((q) => q.operation === 'GetCurrentUserData')[1]?.at, START + 5000);
  assert.equal(of(r.sink.since(mark), 'presence')[0]?.presence.state, 'break');
  await r.adapter.disconnect();
  const after = count();
  r.clock.advance(60_000);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(count(), after);
});

// ---- diffing ------------------------------------------------------------------------------

test('polls are diffed into deltas: only what changed is emitted, nothing for an unchanged poll', async () => {
  const r = await rig();
  assert.equal((await r.poll()).length, 0, 'an unchanged poll emits nothing');
  r.clock.advance(10 * SECOND);
  const changedAt = r.clock.now();
  r.mock.apply({ kind: 'status', userId: 'user-5', status: 'Lunch' });
  r.mock.apply({ kind: 'offer', userId: 'user-6', contactId: 'c-6', channel: 'CHAT' });
  r.mock.apply({ kind: 'sign-out', userId: 'user-7' });
  const all = await r.poll();
  assertValid(all);
  // Fewer agents available: GetCurrentMetricData's AGENTS_AVAILABLE moves too.
  assert.ok(of(all, 'queue-stats').length > 0);
  for (const q of of(all, 'queue-stats')) assert.equal(q.stats.agentsAvailable, [...r.mock.users.values()].filter((u) => u.signedIn && u.queueIds.includes(q.queueId) && u.status.name === 'Available' && u.contacts.length === 0).length);
  const events = all.filter((e) => e.type !== 'queue-stats');
  assert.equal(events.length, 3, JSON.stringify(events.map((e) => e.type)));
  const p5 = of(events, 'presence').find((e) => e.agentId === 'user-5');
  assert.equal(p5?.presence.state, 'meal');
  assert.deepEqual(p5?.presence.reason, { id: '11111111-0000-0000-0000-000000000003', label: 'Lunch' });
  assert.equal(p5?.presence.since, changedAt);
  const c6 = of(events, 'interaction')[0]?.interaction;
  assert.equal(c6?.state, 'offered');
  assert.equal(c6?.channel, 'chat');
  assert.equal(c6?.agentId, 'user-6');
  assert.equal(c6?.queueId, r.mock.users.get('user-6')?.queueIds[0]);
  // Connect lists only signed-in users: whoever drops out of a complete poll is offline.
  assert.equal(of(events, 'presence').find((e) => e.agentId === 'user-7')?.presence.state, 'offline');
  assert.equal((await r.poll()).length, 0);
  await r.adapter.disconnect();
});

test('a value that comes back (a user missing from one poll, back in the next) reaches the client again', async () => {
  const r = await rig({ options: { queues: [] } });
  const client = createFloorwalk({ adapter: r.adapter, session: { userId: 'admin', role: 'admin', teamIds: 'all' }, clock: r.clock });
  await r.adapter.disconnect();
  await r.settle(client.connect());
  r.clock.advance(SECOND);
  r.mock.apply({ kind: 'status', userId: 'user-5', status: 'Break' });
  await r.settle(r.adapter.refresh());
  await Promise.resolve();
  const original = client.getAgent('user-5')?.presence;
  assert.equal(original?.state, 'break');
  // One poll comes back without user-5 (as Connect does while a user signs out and in again).
  const page = (await r.settle(createAmazonConnectHttpBackend({ baseUrl: BASE }).getCurrentUserData({ InstanceId: r.mock.instanceId, Filters: { UserHierarchyGroups: ['group-1'] }, MaxResults: 100 }))) as GetCurrentUserDataResponse;
  r.mock.corruptNextUserData({ UserDataList: (page.UserDataList ?? []).filter((u) => u.User?.Id !== 'user-5') });
  await r.settle(client.connect().then(() => r.adapter.refresh()));
  await Promise.resolve();
  assert.equal(client.getAgent('user-5')?.presence.state, 'offline');
  await r.settle(r.adapter.refresh());
  await Promise.resolve();
  assert.deepEqual(client.getAgent('user-5')?.presence, original, 'the same presence as before, applied again');
  await client.disconnect();
});

test('a contact through every GetCurrentUserData state, hold included, across polls', async () => {
  const r = await rig();
  const seq: Interaction[] = [];
  const step = async (apply: () => void, advance = 10 * SECOND): Promise<void> => {
    r.clock.advance(advance);
    apply();
    for (const e of of(await r.poll(), 'interaction')) seq.push(e.interaction);
  };
  const u = 'user-9';
  await step(() => r.mock.apply({ kind: 'offer', userId: u, contactId: 'c-1' }));
  await step(() => r.mock.apply({ kind: 'contact-state', userId: u, contactId: 'c-1', state: 'CONNECTED' }));
  await step(() => r.mock.apply({ kind: 'contact-state', userId: u, contactId: 'c-1', state: 'CONNECTED_ONHOLD' }));
  await step(() => r.mock.apply({ kind: 'contact-state', userId: u, contactId: 'c-1', state: 'CONNECTED' }));
  await step(() => r.mock.apply({ kind: 'contact-state', userId: u, contactId: 'c-1', state: 'ENDED' }));
  await step(() => r.mock.apply({ kind: 'clear', userId: u, contactId: 'c-1' }));
  assert.deepEqual(
    seq.map((i) => i.state),
    ['offered', 'connected', 'held', 'connected', 'wrap-up', 'ended'],
  );
  const [offered, connected, held, resumed, wrap, ended] = seq as [Interaction, Interaction, Interaction, Interaction, Interaction, Interaction];
  assert.equal(offered.offeredAt, START + 10 * SECOND);
  assert.equal(connected.connectedAt, START + 20 * SECOND);
  // StateStartTimestamp keeps the connected time while on hold: the hold is dated by the poll.
  assert.ok((held.heldAt as number) > START + 20 * SECOND);
  assert.equal(held.holdCount, 1);
  assert.equal(resumed.holdMs, 10 * SECOND);
  assert.equal(wrap.wrapUpAt, START + 50 * SECOND);
  assert.equal(ended.endReason, 'completed');
  assertValid(r.sink.received);

  // Missed and rejected contacts leave the list with their reason.
  r.mock.apply({ kind: 'offer', userId: u, contactId: 'c-2' });
  await r.poll();
  r.mock.apply({ kind: 'contact-state', userId: u, contactId: 'c-2', state: 'MISSED' });
  const missed = of(await r.poll(), 'interaction')[0]?.interaction;
  assert.equal(missed?.state, 'ended');
  assert.equal(missed?.endReason, undefined, 'gone from the list while offered: the poll cannot tell missed from abandoned');
  await r.adapter.disconnect();
});

test('every GetCurrentUserData contact state and channel maps as the README table says', async () => {
  const table = [
    ['INCOMING', 'offered', undefined],
    ['PENDING', 'offered', undefined],
    ['CONNECTING', 'offered', undefined],
    ['CONNECTED', 'connected', undefined],
    ['CONNECTED_ONHOLD', 'held', undefined],
    ['ENDED', 'wrap-up', undefined],
    ['MISSED', 'ended', 'missed'],
    ['REJECTED', 'ended', 'rejected'],
    ['ERROR', 'ended', 'error'],
  ] as const;
  const channels = [
    ['VOICE', 'voice'],
    ['CHAT', 'chat'],
    ['TASK', 'task'],
    ['EMAIL', 'email'],
  ] as const;
  const methods = [
    ['INBOUND', 'inbound'],
    ['TRANSFER', 'inbound'],
    ['OUTBOUND', 'outbound'],
    ['CALLBACK', 'outbound'],
  ] as const;
  const backend: AmazonConnectBackend = {
    getCurrentUserData: async () => ({
      UserDataList: [
        {
          User: { Id: 'u-1' },
          Status: { StatusName: 'Available', StatusStartTimestamp: START / 1000 },
          Contacts: table.map(([state], i) => ({
            ContactId: `c-${state}`,
            Channel: channels[i % channels.length]?.[0],
            InitiationMethod: methods[i % methods.length]?.[0],
            AgentContactState: state,
            StateStartTimestamp: (START + i * SECOND) / 1000,
            Queue: { Id: 'q-1', Arn: 'arn:aws:connect:us-west-2:1:instance/i/queue/q-1' },
          })),
        },
      ],
    }),
  };
  const clock = createManualClock(START + 60 * SECOND);
  const adapter = createAmazonConnectAdapter({ instanceId: 'i', backend, clock, teams: [{ id: 't', name: 'T', agentIds: ['u-1'] }] });
  const sink = recorder();
  await adapter.connect(sink);
  const got = new Map(of(sink.received, 'interaction').map((e) => [e.interaction.id, e.interaction]));
  for (const [i, [vendor, state, reason]] of table.entries()) {
    const it = got.get(`c-${vendor}`);
    assert.equal(it?.state, state, vendor);
    assert.equal(it?.endReason, reason, vendor);
    assert.equal(it?.channel, channels[i % channels.length]?.[1], vendor);
    assert.equal(it?.direction, methods[i % methods.length]?.[1], vendor);
    assert.equal(it?.queueId, 'q-1');
    assert.equal(it?.agentId, 'u-1');
  }
  assertValid(sink.received);
  assert.equal(sink.errors.length, 0);
  await adapter.disconnect();
});

// ---- queue statistics ---------------------------------------------------------------------

test('queue statistics: grouped by queue, OLDEST_CONTACT_AGE is seconds; a one-queue request is ungrouped and it is milliseconds', async () => {
  const r = await rig();
  r.clock.advance(5 * SECOND);
  r.mock.apply({ kind: 'queue', queueId: 'q-support', waiting: 4, oldestAgeSeconds: 90 });
  const events = of(await r.poll(), 'queue-stats');
  const grouped = r.mock.requests.filter((q) => q.operation === 'GetCurrentMetricData').at(-1);
  assert.deepEqual(grouped?.body.Groupings, ['QUEUE']);
  assert.deepEqual((grouped?.body.Filters as { Queues: string[] }).Queues, ['q-sales', 'q-support', 'q-billing']);
  assert.equal(events.length, 1);
  assert.equal(events[0]?.queueId, 'q-support');
  assert.equal(events[0]?.stats.waiting, 4);
  assert.equal(events[0]?.stats.oldestWaitingSince, r.clock.now() - 90 * SECOND);
  await r.adapter.disconnect();

  const one = await rig({ options: { queues: [{ id: 'q-support', name: 'Support', channels: ['voice', 'chat'] }] } });
  one.clock.advance(5 * SECOND);
  one.mock.apply({ kind: 'queue', queueId: 'q-support', waiting: 2, oldestAgeSeconds: 24 });
  const single = of(await one.poll(), 'queue-stats')[0];
  const req = one.mock.requests.filter((q) => q.operation === 'GetCurrentMetricData').at(-1);
  assert.equal(req?.body.Groupings, undefined);
  assert.equal(single?.stats.oldestWaitingSince, one.clock.now() - 24 * SECOND, 'milliseconds, not 24,000 seconds');
  one.mock.apply({ kind: 'queue', queueId: 'q-support', waiting: 0, oldestAgeSeconds: 0 });
  const empty = of(await one.poll(), 'queue-stats')[0];
  assert.equal(empty?.stats.oldestWaitingSince, null);
  const snap = await one.adapter.snapshot();
  assert.equal(snap.queues?.[0]?.stats.waiting, 0);
  await one.adapter.disconnect();
});

// ---- throttling and failures --------------------------------------------------------------

test('throttling: a 429 is reported as RateLimited, honours Retry-After and the poll still completes', async () => {
  const r = await rig({ options: { queues: [] } });
  r.mock.throttle(2, 3);
  r.mock.apply({ kind: 'status', userId: 'user-2', status: 'Break' });
  const started = r.clock.now();
  const mark = r.mock.requests.length;
  const events = await r.poll();
  const limited = r.sink.errors.filter((e) => e.code === ErrorCode.RateLimited);
  assert.equal(limited.length, 2);
  assert.equal(limited[0]?.retryable, true);
  assert.equal(limited[0]?.details?.retryAfterMs, 3000);
  const calls = r.mock.requests.slice(mark);
  const retried = calls.filter((q) => q.status === 200 && q.operation === 'GetCurrentUserData')[0];
  assert.ok((retried?.at as number) - started >= 6000, 'waited out both Retry-After periods');
  assert.equal(of(events, 'presence')[0]?.presence.state, 'break');
  assert.ok(!r.sink.statuses.includes('reconnecting'));
  await r.adapter.disconnect();
});

test('a Retry-After given as an HTTP-date (a proxy’s, say) is waited out on the adapter’s clock, not the default schedule', async () => {
  const { http: route, HttpResponse } = await import('msw');
  const r = await rig({ options: { queues: [] } });
  // A whole second (an HTTP-date has no finer grain), well past the default first pause of 1 s.
  const until = Math.ceil((r.clock.now() + 7 * SECOND) / SECOND) * SECOND;
  server.use(
    route.post(
      `${BASE}/metrics/userdata/${r.mock.instanceId}`,
      () =>
        HttpResponse.json(
          { message: 'Rate exceeded' },
          { status: 429, headers: { 'x-amzn-ErrorType': 'ThrottlingException:http://internal.amazon.com/coral/com.amazonaws.connect/', 'Retry-After': new Date(until).toUTCString() } },
        ),
      { once: true },
    ),
  );
  const mark = r.mock.requests.length;
  await r.poll();
  const limited = r.sink.errors.filter((e) => e.code === ErrorCode.RateLimited);
  assert.equal(limited.length, 1);
  const wait = limited[0]?.details?.retryAfterMs;
  assert.ok(typeof wait === 'number' && wait > 5 * SECOND && wait <= 7 * SECOND, `the date read as a wait from now: ${String(wait)}`);
  const retried = r.mock.requests.slice(mark).find((q) => q.operation === 'GetCurrentUserData');
  assert.ok((retried?.at as number) >= until, 'retried no earlier than the date');
  assert.ok(!r.sink.statuses.includes('reconnecting'));
  await r.adapter.disconnect();
});

test('a Retry-After date already past on the page’s clock (a clock ahead of the server’s) still waits the default pause, not none', async () => {
  const { http: route, HttpResponse } = await import('msw');
  const r = await rig({ options: { queues: [] } });
  let throttledAt = NaN;
  server.use(
    route.post(
      `${BASE}/metrics/userdata/${r.mock.instanceId}`,
      () => {
        throttledAt = r.clock.now();
        return HttpResponse.json(
          { message: 'Rate exceeded' },
          { status: 429, headers: { 'x-amzn-ErrorType': 'ThrottlingException:http://internal.amazon.com/coral/com.amazonaws.connect/', 'Retry-After': new Date(r.clock.now() - 10 * SECOND).toUTCString() } },
        );
      },
      { once: true },
    ),
  );
  const mark = r.mock.requests.length;
  await r.poll();
  const limited = r.sink.errors.filter((e) => e.code === ErrorCode.RateLimited);
  assert.equal(limited.length, 1);
  assert.equal(limited[0]?.details?.retryAfterMs, 0, 'the date read as no wait of its own');
  const retried = r.mock.requests.slice(mark).find((q) => q.operation === 'GetCurrentUserData');
  assert.ok((retried?.at as number) - throttledAt >= SECOND, `retried after the default first pause of 1 s: ${String((retried?.at as number) - throttledAt)} ms`);
  await r.adapter.disconnect();
});

test('a Retry-After date on a page whose clock runs 3 minutes ahead of Connect’s is measured on Connect’s clock, as the adapter knows it', async () => {
  const { http: route, HttpResponse } = await import('msw');
  // No CCP: the metrics poll of the first connect() reads Connect's clock from DataSnapshotTime.
  const r = await rig({ connectSkewMs: -3 * 60 * SECOND });
  let throttledAt = NaN;
  server.use(
    route.post(
      `${BASE}/metrics/userdata/${r.mock.instanceId}`,
      () => {
        throttledAt = r.clock.now();
        const connectNow = throttledAt - 3 * 60 * SECOND;
        return HttpResponse.json(
          { message: 'Rate exceeded' },
          { status: 429, headers: { 'x-amzn-ErrorType': 'ThrottlingException:http://internal.amazon.com/coral/com.amazonaws.connect/', 'Retry-After': new Date(connectNow + 10 * SECOND).toUTCString() } },
        );
      },
      { once: true },
    ),
  );
  const mark = r.mock.requests.length;
  await r.poll();
  const limited = r.sink.errors.filter((e) => e.code === ErrorCode.RateLimited);
  assert.equal(limited.length, 1);
  const wait = limited[0]?.details?.retryAfterMs;
  // The header has whole seconds, so up to a second of the 10 is lost to rounding.
  assert.ok(typeof wait === 'number' && wait > 9 * SECOND && wait <= 10 * SECOND, `the date read as 10 s from Connect's now: ${String(wait)}`);
  const retried = r.mock.requests.slice(mark).find((q) => q.operation === 'GetCurrentUserData');
  // The mock stamps its requests on Connect's clock.
  const gap = (retried?.at as number) - (throttledAt - 3 * 60 * SECOND);
  assert.ok(gap >= 9 * SECOND, `retried after the date, not the 1 s default pause: ${String(gap)} ms`);
  await r.adapter.disconnect();
});

test('a command throttled with a Retry-After date, on a page 3 minutes ahead of Connect, carries the wait on Connect’s clock for the client’s retry', async () => {
  const { http: route, HttpResponse } = await import('msw');
  const r = await rig({ connectSkewMs: -3 * 60 * SECOND });
  server.use(
    route.put(
      `${BASE}/users/:instanceId/:userId/status`,
      () =>
        HttpResponse.json(
          { message: 'Rate exceeded' },
          {
            status: 429,
            headers: { 'x-amzn-ErrorType': 'ThrottlingException:http://internal.amazon.com/coral/com.amazonaws.connect/', 'Retry-After': new Date(r.clock.now() - 3 * 60 * SECOND + 10 * SECOND).toUTCString() },
          },
        ),
      { once: true },
    ),
  );
  const err = await r.settle(r.adapter.execute(envelope({ type: 'set-presence', agentId: 'user-8', state: 'break' }))).then(
    () => assert.fail('the command went through'),
    (e: FloorwalkError) => e,
  );
  assert.equal(err.code, ErrorCode.RateLimited);
  const wait = err.details?.retryAfterMs;
  assert.ok(typeof wait === 'number' && wait > 9 * SECOND && wait <= 10 * SECOND, `the date read as 10 s from Connect's now: ${String(wait)}`);
  await r.adapter.disconnect();
});

test('throttled past its retries, a poll fails as reconnecting; the next good poll reports live', async () => {
  const r = await rig();
  await r.adapter.ping();
  r.mock.throttle(20);
  await assert.rejects(r.settle(r.adapter.refresh()), (err: unknown) => err instanceof FloorwalkError && err.code === ErrorCode.RateLimited);
  assert.equal(r.sink.statuses.at(-1), 'reconnecting');
  await assert.rejects(r.adapter.ping(), (err: unknown) => err instanceof FloorwalkError && err.code === ErrorCode.RateLimited);
  r.mock.throttle(0);
  await r.poll();
  assert.equal(r.sink.statuses.at(-1), 'live');
  await r.adapter.ping();
  await r.adapter.disconnect();
  await assert.rejects(r.adapter.ping(), (err: unknown) => err instanceof FloorwalkError && err.code === ErrorCode.NotConnected);
});

/**
 * A team poll over the HTTP backend on a manual clock that moves only while nothing is in flight,
 * polling every 15 s (the default), which records how many requests were out at once from the
 * first `reconnecting` on: while the backend does not answer.
 */
async function outageRig() {
  const clock = createManualClock(START);
  const mock = createConnectBackendMock({ baseUrl: BASE, users: 20, clock });
  server.resetHandlers(...mock.handlers);
  const { backend, inFlight } = trackedBackend(clock);
  const sink = recorder();
  let most = 0;
  const watched =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      const p = call(...args);
      if (sink.statuses.includes('reconnecting')) most = Math.max(most, inFlight());
      return p;
    };
  const adapter = createAmazonConnectAdapter({
    instanceId: mock.instanceId,
    backend: { ...backend, getCurrentUserData: watched(backend.getCurrentUserData), getCurrentMetricData: watched(backend.getCurrentMetricData) },
    clock,
    teams: mock.teams,
    queues: mock.queues,
    agentStatuses: mock.statuses,
    agentNames: mock.names,
  });
  await settle(adapter.connect(sink), clock, inFlight);
  /** Moves the clock 50 ms at a time while nothing is in flight until `done()` holds (2 minutes at most). */
  const until = async (done: () => boolean): Promise<void> => {
    for (let i = 0; i < 2400 && !done(); i++) {
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      if (!done() && inFlight() === 0) clock.advance(50);
    }
    assert.ok(done(), `statuses: ${sink.statuses.join(', ')}`);
  };
  const userPolls = () => mock.requests.filter((q) => q.operation === 'GetCurrentUserData');
  return { clock, mock, adapter, sink, until, userPolls, most: () => most };
}

test('a team poll the backend does not answer (500) is asked again within its cycle after a jittered 1 s, then 2 s, one request at a time: reconnecting while it retries, live once answered', async () => {
  const r = await outageRig();
  const from = r.userPolls().length;
  // The timed poll's users and metrics requests both fail, and so does the first retry.
  r.mock.fail(3, 500, 'InternalServiceException');
  const mark = r.sink.statuses.length;
  await r.until(() => r.sink.statuses.slice(mark).includes('live'));
  assert.deepEqual(r.sink.statuses.slice(mark), ['reconnecting', 'live']);
  const lost = r.sink.reasons[mark];
  assert.equal(lost?.code, ErrorCode.VendorError);
  assert.equal(lost?.retryable, true);
  assert.equal(lost?.details?.httpStatus, 500);
  const tries = r.userPolls().slice(from);
  assert.deepEqual(tries.map((q) => q.status), [500, 500, 200], 'asked again until answered');
  const [t0, t1, t2] = tries.map((q) => q.at - START) as [number, number, number];
  assert.equal(t0, 15_000, 'the timed poll');
  // 1 s, then 2 s, each within ±20 % (the clock moves in 50 ms steps).
  assert.ok(t1 - t0 >= 800 && t1 - t0 <= 1250, `first retry after ${t1 - t0} ms`);
  assert.ok(t2 - t1 >= 1600 && t2 - t1 <= 2450, `second retry after ${t2 - t1} ms`);
  assert.ok(t2 < 30_000, 'answered within its cycle, not at the next');
  assert.equal(r.most(), 1, 'one request at a time while the backend does not answer');
  assert.ok(r.sink.errors.filter((e) => e.code === ErrorCode.VendorError).length >= 2, 'each unanswered try is told');
  await r.adapter.ping();
  // The cycle after it is on the schedule of the cycle that retried.
  const next = r.userPolls().length;
  await r.until(() => r.userPolls().length > next);
  assert.equal((r.userPolls().at(-1)?.at ?? 0) - START, 30_000);
  await r.adapter.disconnect();
});

test('a backend down past its cycle (503 with Retry-After): asked again after each Retry-After, not the 1 s backoff, one request at a time across cycles; one reconnecting, and live once it answers', async () => {
  const r = await outageRig();
  let down = true;
  const tries: number[] = [];
  // A gateway in front of the host's backend: the whole of it unavailable, with a Retry-After.
  server.use(
    http.post(`${BASE}/metrics/*`, () => {
      if (!down) return undefined;
      tries.push(r.clock.now() - START);
      return HttpResponse.json({ message: 'Service Unavailable' }, { status: 503, headers: { 'Retry-After': '6' } });
    }),
  );
  const mark = r.sink.statuses.length;
  await r.until(() => r.sink.statuses.at(-1) === 'reconnecting');
  assert.equal(r.sink.reasons.at(-1)?.details?.retryAfterMs, 6000);
  await r.until(() => r.clock.now() - START >= 75_000);
  // The timed poll's two requests went together; from then on each try waits the 6 s asked for.
  assert.deepEqual(tries.slice(0, 2), [15_000, 15_000]);
  const gaps = tries.slice(2).map((t, k) => t - (tries[k + 1] as number));
  assert.ok(gaps.length >= 8, `tried within each cycle, not once a cycle: ${tries.join(', ')}`);
  assert.ok(gaps.every((g) => g >= 6000 && g < 6500), `gaps ${gaps.join(', ')}`);
  down = false;
  const answeredFrom = r.clock.now();
  await r.until(() => r.sink.statuses.at(-1) === 'live');
  assert.ok(r.clock.now() - answeredFrom <= 6500, 'live with the first try the backend answers');
  assert.deepEqual(r.sink.statuses.slice(mark), ['reconnecting', 'live'], 'one reconnecting, however many tries');
  assert.equal(r.most(), 1, 'one request at a time while the backend does not answer');
  await r.adapter.ping();
  await r.adapter.disconnect();
});

test('a throttle after unanswered tries still gets its own retries after 1, 2, 4, 8 s: the tries the backend did not answer do not count among them', async () => {
  const r = await outageRig();
  // The timed poll's two requests fail (500); the retry that asks again is throttled once, then answered.
  const script = [500, 500, 429];
  const asked: { at: number; status: number | null }[] = [];
  server.use(
    http.post(`${BASE}/metrics/*`, () => {
      const status = script.shift();
      asked.push({ at: r.clock.now() - START, status: status ?? null });
      if (status === undefined) return undefined;
      return HttpResponse.json({ message: status === 429 ? 'Rate exceeded' : 'Internal error' }, { status, headers: status === 429 ? { 'x-amzn-ErrorType': 'ThrottlingException' } : {} });
    }),
  );
  const mark = r.sink.statuses.length;
  await r.until(() => r.sink.statuses.slice(mark).includes('live'));
  const throttled = asked.findIndex((q) => q.status === 429);
  assert.ok(throttled > 0, `asked: ${JSON.stringify(asked)}`);
  const gap = (asked[throttled + 1]?.at ?? Infinity) - (asked[throttled]?.at as number);
  // The throttle's first retry waits its 1 s (the clock moves in 50 ms steps), not the 2 s of a second.
  assert.ok(gap >= 1000 && gap < 1100, `asked again ${gap} ms after the throttle: ${JSON.stringify(asked)}`);
  assert.ok(r.sink.errors.some((e) => e.code === ErrorCode.RateLimited), 'the throttle is told');
  await r.adapter.disconnect();
});

test("a link lost while its retry is out, on a host backend that ignores the abort: the next connect()'s first poll goes at once, not after the old request's 30 s limit", async () => {
  const clock = createManualClock(START);
  const mock = createConnectBackendMock({ baseUrl: BASE, users: 20, clock });
  server.resetHandlers(...mock.handlers);
  const { backend, inFlight } = trackedBackend(clock);
  // The host's own backend, which does not pass the adapter's signal on: a request out stays out.
  const deaf: AmazonConnectBackend = {
    getCurrentUserData: (request) => backend.getCurrentUserData(request),
    getCurrentMetricData: (request) => backend.getCurrentMetricData(request),
  };
  const adapter = createAmazonConnectAdapter({ instanceId: mock.instanceId, backend: deaf, clock, teams: mock.teams, queues: mock.queues, agentStatuses: mock.statuses, agentNames: mock.names });
  await settle(adapter.connect(recorder()), clock, inFlight);
  // The timed poll's two requests fail (500); the retry after them gets no answer until released.
  let failing = 2;
  let up = false;
  let release = (): void => {};
  const hanging = new Promise<void>((resolve) => (release = resolve));
  let hung = 0;
  server.use(
    http.post(`${BASE}/*`, async () => {
      if (up) return undefined;
      if (failing-- > 0) return HttpResponse.json({ message: 'Internal error' }, { status: 500 });
      hung++;
      await hanging;
      return HttpResponse.json({ message: 'Internal error' }, { status: 500 });
    }),
  );
  for (let i = 0; i < 2400 && hung === 0; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    if (hung === 0 && inFlight() === 0) clock.advance(50);
  }
  assert.equal(hung, 1, 'the retry is out');
  await adapter.disconnect();
  up = true;
  const sink = recorder();
  const from = clock.now();
  const before = mock.requests.length;
  let done = false;
  const connecting = adapter.connect(sink).finally(() => (done = true));
  // The old request stays in flight, so the clock moves whether or not one is.
  for (let i = 0; i < 1200 && !done; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    if (!done) clock.advance(50);
  }
  await connecting;
  assert.ok(clock.now() - from < 5_000, `connect() took ${clock.now() - from} ms`);
  assert.deepEqual(sink.statuses, ['live']);
  assert.ok(mock.requests.slice(before).every((q) => q.at - from < 5_000 && q.status === 200), 'the first poll went at once');
  release();
  await adapter.disconnect();
});

test('a server error is a retryable VendorError; an access error fails the link and stops polling', async () => {
  const r = await rig();
  r.mock.fail(1, 500, 'InternalServiceException');
  // Told, and asked again within the poll, which the backend then answers.
  await r.settle(r.adapter.refresh());
  assert.equal(r.sink.statuses.at(-1), 'live');
  const vendor = r.sink.errors.at(-1);
  assert.equal(vendor?.code, ErrorCode.VendorError);
  assert.equal(vendor?.retryable, true);
  assert.equal(vendor?.details?.vendorError, 'InternalServiceException');
  r.mock.fail(1, 403, 'AccessDeniedException');
  await assert.rejects(r.settle(r.adapter.refresh()), (err: unknown) => err instanceof FloorwalkError && err.code === ErrorCode.AuthFailed);
  assert.equal(r.sink.statuses.at(-1), 'failed');
  const count = r.mock.requests.length;
  r.clock.advance(120 * SECOND);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(r.mock.requests.length, count, 'no polling after an auth failure');
});

test('a refusal, then a refresh() the backend answers: live again, and polling goes on', async () => {
  const r = await rig();
  r.mock.fail(1, 403, 'AccessDeniedException');
  const refused = await r.settle(r.adapter.refresh()).then(() => assert.fail('the poll went through'), (err: FloorwalkError) => err);
  assert.equal(refused.code, ErrorCode.AuthFailed);
  assert.equal(r.sink.statuses.at(-1), 'failed');
  // The host mended what was refused (a permission granted, its session renewed) and asks again.
  await r.poll();
  assert.equal(r.sink.statuses.at(-1), 'live', `statuses: ${r.sink.statuses.join(', ')}`);
  await r.adapter.ping();
  const count = r.mock.requests.length;
  r.clock.advance(20 * SECOND);
  for (let i = 0; i < 200 && r.mock.requests.length === count; i++) await new Promise((resolve) => setImmediate(resolve));
  assert.ok(r.mock.requests.length > count, 'polled on its schedule again');
  await r.adapter.disconnect();
});

test("a client: the backend's refusal is failed; a refresh() the backend answers brings it back live, resynced", async () => {
  const r = await rig({ options: { queues: [] } });
  const client = createFloorwalk({ adapter: r.adapter, session: { userId: 'admin', role: 'admin', teamIds: 'all' }, clock: r.clock });
  await r.adapter.disconnect();
  await r.settle(client.connect());
  r.mock.fail(1, 403, 'AccessDeniedException');
  await assert.rejects(r.settle(r.adapter.refresh()), (err: unknown) => err instanceof FloorwalkError && err.code === ErrorCode.AuthFailed);
  assert.equal(client.status, 'failed');
  r.mock.apply({ kind: 'status', userId: 'user-5', status: 'Break' });
  await r.settle(r.adapter.refresh());
  const status = (): string => client.status;
  for (let i = 0; i < 200 && status() !== 'live'; i++) await new Promise((resolve) => setImmediate(resolve));
  assert.equal(status(), 'live');
  assert.equal(client.getAgent('user-5')?.presence.state, 'break');
  await client.disconnect();
});

test('connect rejects with the first poll’s error', async () => {
  const r = await rig({ connect: false });
  r.mock.fail(1, 403, 'AccessDeniedException');
  await assert.rejects(r.settle(r.adapter.connect(r.sink)), (err: unknown) => err instanceof FloorwalkError && err.code === ErrorCode.AuthFailed);
});

test('a connect() while a poll of the last connection is still out polls afresh; it neither waits on nor fails with that poll', async () => {
  const clock = createManualClock(START);
  let calls = 0;
  const backend: AmazonConnectBackend = {
    // The second request (the first connection's timed poll) never answers, abort or not: a lost link.
    getCurrentUserData() {
      calls++;
      if (calls === 2) return new Promise(() => undefined);
      return Promise.resolve({ UserDataList: [{ User: { Id: 'u-1' }, Status: { StatusName: calls === 1 ? 'Available' : 'Break', StatusStartTimestamp: START / 1000 } }] });
    },
  };
  const adapter = createAmazonConnectAdapter({ instanceId: 'i-1', backend, clock, pollIntervalMs: 5000, teams: [{ id: 't', name: 'T', agentIds: ['u-1'] }] });
  const sink = recorder();
  await settle(adapter.connect(sink), clock, () => 0);
  clock.advance(5000);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(calls, 2, 'the timed poll is out');
  // The client reconnects (its liveness check went unanswered) without a disconnect() first.
  const again = adapter.connect(sink).then(() => 'live', (e: unknown) => (e instanceof FloorwalkError ? `rejected ${e.code}` : 'rejected'));
  const outcome = await Promise.race([again, new Promise((resolve) => setTimeout(() => resolve('still waiting'), 500))]);
  assert.equal(outcome, 'live');
  assert.equal(calls, 3, 'polled afresh');
  assert.equal((await adapter.snapshot()).agents?.[0]?.presence.state, 'break');
  await adapter.disconnect();
});

test('a poll request that never answers is a lost link after 30 s: reconnecting, ping fails, the request is aborted, the next poll brings it back live', async () => {
  const clock = createManualClock(START);
  let calls = 0;
  let aborted = false;
  const backend: AmazonConnectBackend = {
    getCurrentUserData(_request, options) {
      calls++;
      // The timed poll's request leaves and nothing comes back (a half-open connection): no error, no answer.
      if (calls === 2) {
        options?.signal?.addEventListener('abort', () => (aborted = true));
        return new Promise(() => undefined);
      }
      return Promise.resolve({ UserDataList: [{ User: { Id: 'u-1' }, Status: { StatusName: calls === 1 ? 'Available' : 'Break', StatusStartTimestamp: START / 1000 } }] });
    },
  };
  const adapter = createAmazonConnectAdapter({ instanceId: 'i-1', backend, clock, pollIntervalMs: 5000, teams: [{ id: 't', name: 'T', agentIds: ['u-1'] }] });
  const sink = recorder();
  await settle(adapter.connect(sink), clock, () => 0);
  const turns = async (): Promise<void> => {
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  clock.advance(5000);
  await turns();
  assert.equal(calls, 2, 'the timed poll is out');
  clock.advance(29_000);
  await turns();
  assert.deepEqual(sink.statuses, ['live'], 'still within its time limit');
  await adapter.ping();
  clock.advance(1000);
  await turns();
  assert.deepEqual(sink.statuses, ['live', 'reconnecting']);
  assert.equal(aborted, true, 'the hanging request is aborted');
  await assert.rejects(adapter.ping(), (e: unknown) => e instanceof FloorwalkError && e.retryable);
  for (let i = 0; i < 200 && calls < 3; i++) {
    clock.advance(100);
    await turns();
  }
  assert.equal(sink.statuses.at(-1), 'live');
  assert.equal((await adapter.snapshot()).agents?.[0]?.presence.state, 'break');
  await adapter.disconnect();
});

test('backend functions (an AWS SDK client, say): ThrottlingException by name becomes RateLimited', async () => {
  const clock = createManualClock(START);
  let calls = 0;
  const backend: AmazonConnectBackend = {
    async getCurrentUserData() {
      calls++;
      if (calls === 1) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
      return { UserDataList: [{ User: { Id: 'u-1' }, Status: { StatusName: 'Available', StatusStartTimestamp: START / 1000 } }] };
    },
  };
  const adapter = createAmazonConnectAdapter({ instanceId: 'i-1', backend, clock, teams: [{ id: 't', name: 'T', agentIds: ['u-1'] }] });
  const sink = recorder();
  await settle(adapter.connect(sink), clock, () => 0);
  assert.equal(sink.errors[0]?.code, ErrorCode.RateLimited);
  assert.equal((await adapter.snapshot()).agents?.[0]?.presence.state, 'available');
  await adapter.disconnect();
});

test('a quota is no throttle: LimitExceededException, though sent as 429, fails the poll at once, not retryable, and is not sent again', async () => {
  const r = await rig({ options: { queues: [] } });
  r.mock.fail(1, 429, 'LimitExceededException');
  const mark = r.mock.requests.length;
  const err = await r.settle(r.adapter.refresh()).then(
    () => assert.fail('the poll must fail'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof FloorwalkError && err.code === ErrorCode.VendorError && !err.retryable, String(err));
  assert.equal(err.details?.vendorError, 'LimitExceededException');
  assert.equal(r.sink.errors.filter((e) => e.code === ErrorCode.RateLimited).length, 0, 'never reported as a throttle');
  assert.deepEqual(
    r.mock.requests.slice(mark).map((q) => q.status),
    [429],
    'waiting does not lift a quota: the call is not retried',
  );
  // A real throttle is still one.
  r.mock.throttle(1);
  await r.poll();
  assert.equal(r.sink.errors.filter((e) => e.code === ErrorCode.RateLimited).length, 1);
  await r.adapter.disconnect();
});

test('quota errors over HTTP and from backend functions: not retryable, with no wait even when a Retry-After came; ThrottlingException stays RateLimited', async () => {
  const { http: route, HttpResponse } = await import('msw');
  const http = createAmazonConnectHttpBackend({ baseUrl: BASE });
  const answer = (status: number, type: string) =>
    server.resetHandlers(
      route.post(`${BASE}/*`, () =>
        HttpResponse.json({ Message: 'The service quota has been exceeded.' }, { status, headers: { 'x-amzn-ErrorType': `${type}:http://internal.amazon.com/coral/com.amazonaws.connect/`, 'Retry-After': '5' } }),
      ),
    );
  const monitor = () => http.monitorContact({ InstanceId: 'i-1', ContactId: 'c-1', UserId: 'sup-1', AllowedMonitorCapabilities: ['SILENT_MONITOR'], ClientToken: 'k-1' });
  const caught = (p: Promise<unknown>): Promise<FloorwalkError> =>
    p.then(
      () => assert.fail('must reject'),
      (e: unknown) => (assert.ok(e instanceof FloorwalkError), e),
    );
  // MonitorContact's own quota error, as Connect sends it (402).
  answer(402, 'ServiceQuotaExceededException');
  const quota = await caught(monitor());
  assert.deepEqual([quota.code, quota.retryable, quota.details?.retryAfterMs], [ErrorCode.VendorError, false, undefined]);
  answer(429, 'LimitExceededException');
  const limit = await caught(monitor());
  assert.deepEqual([limit.code, limit.retryable, limit.details?.retryAfterMs], [ErrorCode.VendorError, false, undefined], 'no wait: the client would retry it slowly');
  answer(429, 'ThrottlingException');
  const throttle = await caught(monitor());
  assert.deepEqual([throttle.code, throttle.retryable, throttle.details?.retryAfterMs], [ErrorCode.RateLimited, true, 5000]);
  server.resetHandlers();

  // A backend function rejecting as an AWS SDK v3 client does; a host's own error may carry no status.
  const sdkError = (name: string, httpStatusCode?: number) => Object.assign(new Error(name), { name, ...(httpStatusCode === undefined ? {} : { $metadata: { httpStatusCode } }) });
  const clock = createManualClock(START);
  let failWith: Error | undefined;
  const adapter = createAmazonConnectAdapter({
    instanceId: 'i-1',
    clock,
    teams: [{ id: 't', name: 'T', agentIds: ['u-1'] }],
    backend: {
      async getCurrentUserData() {
        if (failWith !== undefined) throw failWith;
        return { UserDataList: [] };
      },
    },
  });
  await settle(adapter.connect(recorder()), clock, () => 0);
  for (const [name, status] of [['LimitExceededException', 429], ['ServiceQuotaExceededException', 402], ['ServiceQuotaExceededException', undefined]] as const) {
    failWith = sdkError(name, status);
    const e = await caught(settle(adapter.refresh(), clock, () => 0));
    assert.deepEqual([e.code, e.retryable, e.details?.vendorError], [ErrorCode.VendorError, false, name], `${name} ${String(status)}`);
  }
  await adapter.disconnect();
});

test('backend functions handing over AWS SDK v3 output: its Date timestamps give the times the wire’s epoch seconds give', async () => {
  const clock = createManualClock(START);
  const mock = createConnectBackendMock({ baseUrl: BASE, users: 3, clock, enforceRates: false });
  server.resetHandlers(...mock.handlers);
  const http = createAmazonConnectHttpBackend({ baseUrl: BASE });
  let inFlight = 0;
  // The SDK's deserialiser makes a Date of every timestamp member; the rest passes unchanged.
  const date = (s: ConnectTimestamp | undefined): ConnectTimestamp | undefined => (typeof s === 'number' ? new Date(s * 1000) : s);
  const counted = async <T>(p: Promise<T>): Promise<T> => {
    inFlight++;
    try {
      return await p;
    } finally {
      inFlight--;
    }
  };
  const sdk: AmazonConnectBackend = {
    async getCurrentUserData(req, o) {
      const res = await counted(http.getCurrentUserData(req, o));
      const users = res.UserDataList?.map((u) => ({
        ...u,
        Status: { ...u.Status, StatusStartTimestamp: date(u.Status?.StatusStartTimestamp) },
        Contacts: u.Contacts?.map((c) => ({ ...c, StateStartTimestamp: date(c.StateStartTimestamp), ConnectedToAgentTimestamp: date(c.ConnectedToAgentTimestamp) })),
      }));
      return { ...res, UserDataList: users };
    },
    async getCurrentMetricData(req, o) {
      const res = await counted(http.getCurrentMetricData(req, o));
      return { ...res, DataSnapshotTime: date(res.DataSnapshotTime) };
    },
  };
  clock.advance(60 * SECOND);
  mock.apply({ kind: 'status', userId: 'user-1', status: 'Break' });
  mock.apply({ kind: 'offer', userId: 'user-2', contactId: 'c-1' });
  clock.advance(10 * SECOND);
  mock.apply({ kind: 'contact-state', userId: 'user-2', contactId: 'c-1', state: 'CONNECTED' });
  mock.apply({ kind: 'queue', queueId: 'q-support', waiting: 3, oldestAgeSeconds: 90 });
  clock.advance(30 * SECOND);
  const adapter = createAmazonConnectAdapter({ instanceId: mock.instanceId, backend: sdk, clock, teams: mock.teams, queues: mock.queues, agentStatuses: mock.statuses });
  const sink = recorder();
  await settle(adapter.connect(sink), clock, () => inFlight);
  const snap = await adapter.snapshot();
  const agent = (id: string) => snap.agents?.find((a) => a.id === id);
  assert.equal(agent('user-1')?.presence.state, 'break');
  assert.equal(agent('user-1')?.presence.since, START + 60 * SECOND, 'the status start, not the time of the poll');
  assert.equal(agent('user-3')?.presence.since, START);
  const call = snap.interactions?.find((i) => i.id === 'c-1');
  assert.equal(call?.state, 'connected');
  assert.equal(call?.connectedAt, START + 70 * SECOND);
  const support = snap.queues?.find((q) => q.id === 'q-support');
  assert.equal(support?.stats.oldestWaitingSince, START + 10 * SECOND);
  assert.equal(sink.errors.length, 0);
  assertValid(sink.received);
  await adapter.disconnect();
});

// ---- malformed responses ------------------------------------------------------------------

test('malformed GetCurrentUserData responses are typed errors and leave the held state intact', async () => {
  const r = await rig();
  const before = JSON.stringify((await r.adapter.snapshot()).agents);
  // '' is a 200 with no body at all (a proxy or function that answered nothing): not "no one signed in".
  for (const body of ['{"UserDataList": [', { UserDataList: 'nope' }, 'null', '']) {
    r.mock.corruptNextUserData(body);
    await assert.rejects(r.settle(r.adapter.refresh()), (err: unknown) => err instanceof FloorwalkError && err.code === ErrorCode.MalformedEvent);
    assert.equal(JSON.stringify((await r.adapter.snapshot()).agents), before, `state unchanged after ${JSON.stringify(body)}`);
  }
  await r.poll();
  assert.equal(r.sink.statuses.at(-1), 'live');

  // Item-level problems: the bad item is reported, the rest of the page applies.
  const errors = r.sink.errors.length;
  const good = { User: { Id: 'user-1' }, Status: { StatusName: 'Break', StatusStartTimestamp: (START + 1000) / 1000 } };
  r.mock.corruptNextUserData({
    UserDataList: [
      good,
      { User: {} },
      { User: { Id: 'user-2' }, Status: { StatusName: 42 } },
      {
        User: { Id: 'user-3' },
        Status: { StatusName: 'Available', StatusStartTimestamp: START / 1000 },
        Contacts: [
          { ContactId: 'c-x', Channel: 'VOICE', AgentContactState: 'TELEPORTED' },
          { ContactId: 'c-y', Channel: 'FAX', AgentContactState: 'CONNECTED' },
          { Channel: 'VOICE', AgentContactState: 'CONNECTED' },
          { ContactId: 'c-z', Channel: 'voice', AgentContactState: 'connected' },
        ],
      },
    ],
  });
  const events = await r.poll();
  assertValid(events);
  assert.equal(r.sink.errors.length - errors, 6);
  assert.ok(r.sink.errors.slice(errors).every((e) => e.code === ErrorCode.MalformedEvent));
  assert.equal(of(events, 'presence').find((e) => e.agentId === 'user-1')?.presence.state, 'break');
  assert.equal(of(events, 'interaction').length, 0, 'no contact from a bad record');
  const snap = await r.adapter.snapshot();
  assert.equal(snap.agents?.find((a) => a.id === 'user-2')?.presence.state, 'available', 'a user with a bad status keeps the one held');
  await r.adapter.disconnect();
});

test('malformed GetCurrentMetricData rows are reported and skipped', async () => {
  const clock = createManualClock(START);
  const backend: AmazonConnectBackend = {
    getCurrentMetricData: async () => ({
      DataSnapshotTime: START / 1000,
      MetricResults: [
        { Dimensions: { Queue: { Id: 'q-1' } }, Collections: [{ Metric: { Name: 'CONTACTS_IN_QUEUE' }, Value: -3 }] },
        { Dimensions: { Queue: { Id: 'q-unasked' } }, Collections: [{ Metric: { Name: 'CONTACTS_IN_QUEUE' }, Value: 1 }] },
        { Dimensions: {}, Collections: [] },
        { Dimensions: { Queue: { Id: 'q-2' } }, Collections: [{ Metric: { Name: 'CONTACTS_IN_QUEUE' }, Value: 3 }] },
      ],
    }),
  };
  const adapter = createAmazonConnectAdapter({ instanceId: 'i', backend, clock, queues: [{ id: 'q-1', name: 'One' }, { id: 'q-2', name: 'Two' }] });
  const sink = recorder();
  await adapter.connect(sink);
  assert.equal(sink.errors.length, 3);
  assert.deepEqual(
    of(sink.received, 'queue-stats').map((e) => [e.queueId, e.stats.waiting]),
    [['q-2', 3]],
  );
  await adapter.disconnect();
});

test('queue statistics: a null metric value (insufficient data) is no value, and a queue Connect leaves out has nothing waiting', async () => {
  const clock = createManualClock(START);
  // Connect's documented answers: a null Value when it cannot compute one (JSON may leave it out),
  // and no row at all for a queue it has no data for.
  const answers: unknown[][] = [
    [
      { Dimensions: { Queue: { Id: 'q-1' } }, Collections: [{ Metric: { Name: 'CONTACTS_IN_QUEUE', Unit: 'COUNT' }, Value: 3 }, { Metric: { Name: 'OLDEST_CONTACT_AGE', Unit: 'SECONDS' }, Value: 40 }, { Metric: { Name: 'AGENTS_AVAILABLE', Unit: 'COUNT' }, Value: 0 }] },
      { Dimensions: { Queue: { Id: 'q-2' } }, Collections: [{ Metric: { Name: 'CONTACTS_IN_QUEUE', Unit: 'COUNT' }, Value: 0 }, { Metric: { Name: 'OLDEST_CONTACT_AGE', Unit: 'SECONDS' }, Value: null }, { Metric: { Name: 'AGENTS_AVAILABLE', Unit: 'COUNT' } }] },
    ],
    [{ Dimensions: { Queue: { Id: 'q-2' } }, Collections: [{ Metric: { Name: 'CONTACTS_IN_QUEUE', Unit: 'COUNT' }, Value: 1 }, { Metric: { Name: 'OLDEST_CONTACT_AGE', Unit: 'SECONDS' }, Value: null }, { Metric: { Name: 'AGENTS_AVAILABLE', Unit: 'COUNT' }, Value: 2 }] }],
    [],
  ];
  let n = 0;
  const backend: AmazonConnectBackend = {
    getCurrentMetricData: async () => ({ DataSnapshotTime: clock.now() / 1000, MetricResults: answers[n++] as never }),
  };
  const adapter = createAmazonConnectAdapter({ instanceId: 'i', backend, clock, queues: [{ id: 'q-1', name: 'One' }, { id: 'q-2', name: 'Two' }] });
  const sink = recorder();
  await adapter.connect(sink);
  const stats = async (): Promise<Record<string, unknown>> =>
    Object.fromEntries(((await adapter.snapshot()).queues ?? []).map((q) => [q.id, [q.stats.waiting, q.stats.oldestWaitingSince, q.stats.agentsAvailable]]));
  assert.deepEqual(sink.errors, [], 'null values are not malformed');
  assert.deepEqual(await stats(), { 'q-1': [3, START - 40 * SECOND, 0], 'q-2': [0, null, 0] });
  await settle(adapter.refresh(), clock, () => 0);
  assert.deepEqual(await stats(), { 'q-1': [0, null, 0], 'q-2': [1, null, 2] }, 'q-1, left out, has nothing waiting');
  await settle(adapter.refresh(), clock, () => 0);
  assert.deepEqual(await stats(), { 'q-1': [0, null, 0], 'q-2': [0, null, 0] }, 'an empty MetricResults: no data anywhere');
  assert.deepEqual(sink.errors, []);
  await adapter.disconnect();
});

test('queue statistics: a row that names no queue leaves the queues the reply left out as they were, since it may be any of theirs', async () => {
  const clock = createManualClock(START);
  const row = (id: string | undefined, waiting: number): unknown => ({
    Dimensions: id === undefined ? {} : { Queue: { Id: id } },
    Collections: [{ Metric: { Name: 'CONTACTS_IN_QUEUE', Unit: 'COUNT' }, Value: waiting }, { Metric: { Name: 'AGENTS_AVAILABLE', Unit: 'COUNT' }, Value: 1 }],
  });
  const answers: unknown[][] = [[row('q-1', 1), row('q-2', 2), row('q-3', 3)], [row('q-1', 4), row(undefined, 5)], [row('q-1', 6), row('q-2', 7)]];
  let n = 0;
  const backend: AmazonConnectBackend = {
    getCurrentMetricData: async () => ({ DataSnapshotTime: clock.now() / 1000, MetricResults: answers[n++] as never }),
  };
  const queues = [{ id: 'q-1', name: 'One' }, { id: 'q-2', name: 'Two' }, { id: 'q-3', name: 'Three' }];
  const adapter = createAmazonConnectAdapter({ instanceId: 'i', backend, clock, queues });
  const sink = recorder();
  await adapter.connect(sink);
  const waiting = async (): Promise<Record<string, number>> => Object.fromEntries(((await adapter.snapshot()).queues ?? []).map((q) => [q.id, q.stats.waiting]));
  assert.deepEqual(await waiting(), { 'q-1': 1, 'q-2': 2, 'q-3': 3 });
  await settle(adapter.refresh(), clock, () => 0);
  assert.deepEqual(await waiting(), { 'q-1': 4, 'q-2': 2, 'q-3': 3 }, 'the unnamed row (5 waiting) may be q-2 or q-3: neither is read as empty');
  assert.equal(sink.errors.length, 1, 'the unnamed row is reported');
  assert.equal(sink.errors[0]?.code, ErrorCode.MalformedEvent);
  await settle(adapter.refresh(), clock, () => 0);
  assert.deepEqual(await waiting(), { 'q-1': 6, 'q-2': 7, 'q-3': 0 }, 'a well-formed reply that leaves q-3 out: nothing waits there');
  await adapter.disconnect();
});

// ---- supervisor set-state -----------------------------------------------------------------

test('a supervisor sets another agent’s status with PutUserStatus; it is pending until a poll shows it', async () => {
  const r = await rig();
  await r.settle(r.adapter.execute(envelope({ type: 'set-presence', agentId: 'user-8', state: 'break' }, 'same')));
  const put = r.mock.requests.filter((q) => q.operation === 'PutUserStatus');
  assert.deepEqual(put[0]?.body, { AgentStatusId: '11111111-0000-0000-0000-000000000002', UserId: 'user-8' });
  assert.equal(r.adapter.pendingPresence('user-8'), 'break');
  // The same idempotency key twice is one call.
  await r.settle(r.adapter.execute(envelope({ type: 'set-presence', agentId: 'user-8', state: 'break' }, 'same')));
  assert.equal(r.mock.requests.filter((q) => q.operation === 'PutUserStatus').length, 1);
  const events = await r.poll();
  assert.equal(of(events, 'presence')[0]?.presence.state, 'break');
  assert.equal(r.adapter.pendingPresence('user-8'), undefined);

  await assert.rejects(r.adapter.execute(envelope({ type: 'set-presence', agentId: 'ghost', state: 'break' })), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.UnknownAgent);
  await assert.rejects(r.adapter.execute(envelope({ type: 'set-presence', agentId: 'user-8', state: 'away' })), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.Unsupported);
  // Only the command's call: the command waits for its request slot on the clock the test
  // moves, and a poll that comes due meanwhile must not take the throttle.
  r.mock.throttle(1, undefined, 'PutUserStatus');
  await assert.rejects(r.settle(r.adapter.execute(envelope({ type: 'set-presence', agentId: 'user-8', state: 'meal' }))), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.RateLimited);
  assert.deepEqual(r.mock.requests.filter((q) => q.status === 429).map((q) => q.operation), ['PutUserStatus'], 'the throttle answered the command');
  await r.adapter.disconnect();
});

test('a status change issued on this page is sent, though its issuedAt (the client’s clock, behind the adapter’s) is before the adapter was made', async () => {
  const r = await rig();
  r.clock.advance(30 * SECOND);
  r.mock.apply({ kind: 'status', userId: 'user-8', status: 'Lunch' });
  r.clock.advance(30 * SECOND);
  // A host's clock for the client two minutes behind the adapter's: no earlier page, no read-back.
  await r.settle(r.adapter.execute({ type: 'set-presence', agentId: 'user-8', state: 'break', key: 'this-page', issuedBy: 'sup-1', issuedAt: r.clock.now() - 120 * SECOND }));
  assert.deepEqual(r.mock.requests.filter((q) => q.operation === 'PutUserStatus').map((q) => q.body.UserId), ['user-8']);
  assert.equal(r.adapter.pendingPresence('user-8'), 'break');
  await r.adapter.disconnect();
});

test('an intent an earlier page queued is read back before PutUserStatus, as a lost answer is: that page may have sent it', async () => {
  const r = await rig();
  await r.adapter.disconnect();
  r.clock.advance(60 * SECOND);
  const issuedAt = r.clock.now();
  r.clock.advance(30 * SECOND);
  r.mock.apply({ kind: 'status', userId: 'user-8', status: 'Lunch' });
  // As if the earlier page's PutUserStatus reached Connect and only its answer was lost.
  r.mock.apply({ kind: 'status', userId: 'user-9', status: 'Break' });
  r.clock.advance(30 * SECOND);
  // The next page: a new adapter, its outbox replaying what the earlier one queued.
  const { backend, inFlight } = trackedBackend();
  const next = createAmazonConnectAdapter({
    instanceId: r.mock.instanceId,
    backend,
    clock: r.clock,
    teams: r.mock.teams,
    queues: r.mock.queues,
    agentStatuses: r.mock.statuses,
    agentNames: r.mock.names,
  });
  const s = <T>(p: Promise<T>): Promise<T> => settle(p, r.clock, inFlight);
  await s(next.connect(recorder()));
  const restored = (agentId: string): CommandEnvelope => ({ type: 'set-presence', agentId, state: 'break', key: `earlier-${agentId}`, issuedBy: 'sup-1', issuedAt, restored: true });
  const puts = (): unknown[] => r.mock.requests.filter((q) => q.operation === 'PutUserStatus').map((q) => q.body.UserId);
  const before = puts().length;
  await assert.rejects(s(next.execute(restored('user-8'))), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.Conflict, 'the agent chose a status since: not undone');
  await s(next.execute(restored('user-9')));
  assert.equal(next.pendingPresence('user-9'), 'break', 'already applied: nothing to send');
  await s(next.execute(restored('user-10')));
  assert.deepEqual(puts().slice(before), ['user-10'], 'only the status unchanged since the intent is sent');
  assert.equal(r.mock.users.get('user-8')?.status.name, 'Lunch');
  await next.disconnect();
});

test('PutUserStatus for an agent on a contact sets their next status: pending until the contact clears, then the poll shows it', async () => {
  const r = await rig();
  r.mock.apply({ kind: 'offer', userId: 'user-8', contactId: 'c-1' });
  r.mock.apply({ kind: 'contact-state', userId: 'user-8', contactId: 'c-1', state: 'CONNECTED' });
  await r.poll();
  await r.settle(r.adapter.execute(envelope({ type: 'set-presence', agentId: 'user-8', state: 'break' })));
  r.clock.advance(5 * SECOND);
  assert.deepEqual(of(await r.poll(), 'presence'), [], 'the agent is still on the call in their old status');
  assert.equal(r.adapter.pendingPresence('user-8'), 'break');
  const record = r.mock.agentEvent('user-8', 'STATE_CHANGE');
  assert.equal(record.CurrentAgentSnapshot?.NextAgentStatus?.Name, 'Break', 'Connect says what comes next');
  r.mock.apply({ kind: 'contact-state', userId: 'user-8', contactId: 'c-1', state: 'ENDED' });
  r.clock.advance(5 * SECOND);
  r.mock.apply({ kind: 'clear', userId: 'user-8', contactId: 'c-1' });
  const after = of(await r.poll(), 'presence');
  assert.equal(after[0]?.presence.state, 'break');
  assert.equal(after[0]?.presence.since, r.clock.now(), 'from when the contact cleared');
  assert.equal(r.adapter.pendingPresence('user-8'), undefined);
  await r.adapter.disconnect();
});

/** An adapter connected to `backend` for one agent, u-1, with an Available and a Break status. */
async function oneAgentOn(backend: AmazonConnectBackend, clock: ManualClock): Promise<AmazonConnectAdapter> {
  const adapter = createAmazonConnectAdapter({
    instanceId: 'i',
    backend,
    clock,
    teams: [{ id: 't', name: 'T', agentIds: ['u-1'] }],
    agentStatuses: [
      { Id: 's-avail', Name: 'Available', Type: 'ROUTABLE' },
      { Id: 's-break', Name: 'Break', Type: 'CUSTOM' },
    ],
  });
  await settle(adapter.connect(recorder()), clock, () => 0);
  return adapter;
}

test('a PutUserStatus that never answers (a half-open link) fails retryably after 30 s, and its retry reads the status back first', async () => {
  const clock = createManualClock(START);
  const calls: string[] = [];
  const backend: AmazonConnectBackend = {
    async getCurrentUserData() {
      calls.push('GetCurrentUserData');
      return { UserDataList: [{ User: { Id: 'u-1' }, Status: { StatusName: 'Break', StatusArn: 'arn:aws:connect:us-west-2:1:instance/i/agent-state/s-break', StatusStartTimestamp: clock.now() / 1000 } }] };
    },
    putUserStatus() {
      calls.push('PutUserStatus');
      // Reached Connect, and applied there, but the answer never comes back.
      return new Promise(() => {});
    },
  };
  const adapter = await oneAgentOn(backend, clock);
  calls.length = 0;
  const command = envelope({ type: 'set-presence', agentId: 'u-1', state: 'break' }, 'never-answered');
  const sentAt = clock.now();
  await assert.rejects(settle(adapter.execute(command), clock, () => 0), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.VendorError && e.retryable);
  assert.ok(clock.now() - sentAt >= 30 * SECOND && clock.now() - sentAt < 31 * SECOND, `failed after ${clock.now() - sentAt} ms`);
  await settle(adapter.execute(command), clock, () => 0);
  assert.equal(calls.filter((c) => c === 'PutUserStatus').length, 1, 'the retry read it back, found it applied, and did not send it again');
  assert.equal(adapter.pendingPresence('u-1'), 'break');
  await adapter.disconnect();
});

test("a lost answer's read-back is aborted by disconnect, as every other backend call is: nothing is left in flight", async () => {
  const clock = createManualClock(START);
  let hang = false;
  let signal: AbortSignal | undefined;
  let sent!: () => void;
  const readBack = new Promise<void>((resolve) => (sent = resolve));
  const puts: string[] = [];
  const backend: AmazonConnectBackend = {
    getCurrentUserData(request, options) {
      // The read-back asks for one agent with no page size; a poll names its page size.
      if (hang && request.MaxResults === undefined) {
        // The read-back's request leaves and nothing comes back.
        signal = options?.signal;
        sent();
        return new Promise(() => undefined);
      }
      return Promise.resolve({ UserDataList: [{ User: { Id: 'u-1' }, Status: { StatusName: 'Available', StatusArn: 'arn:aws:connect:us-west-2:1:instance/i/agent-state/s-avail', StatusStartTimestamp: START / 1000 } }] });
    },
    async putUserStatus(request) {
      puts.push(request.AgentStatusId);
      return {};
    },
  };
  const adapter = await oneAgentOn(backend, clock);
  hang = true;
  // An earlier page's intent: read back before it is sent.
  adapter.execute({ ...envelope({ type: 'set-presence', agentId: 'u-1', state: 'break' }, 'earlier-page'), issuedAt: START - SECOND, restored: true }).catch(() => undefined);
  await settle(readBack, clock, () => 0);
  assert.ok(signal !== undefined, 'with a signal');
  assert.equal(signal.aborted, false);
  await adapter.disconnect();
  assert.equal(signal.aborted, true, 'disconnect aborts it');
  assert.deepEqual(puts, [], 'nothing sent');
});

test('a PutUserStatus whose answer was lost is read back from an AWS SDK v3 backend (Date timestamps): not applied and not changed since, it is sent again', async () => {
  const clock = createManualClock(START);
  // The agent has been Available since well before the command; the SDK hands the time over as a Date.
  const since = new Date(START - 60 * SECOND);
  const puts: string[] = [];
  const backend: AmazonConnectBackend = {
    async getCurrentUserData() {
      return { UserDataList: [{ User: { Id: 'u-1' }, Status: { StatusName: 'Available', StatusArn: 'arn:aws:connect:us-west-2:1:instance/i/agent-state/s-avail', StatusStartTimestamp: since } }] };
    },
    async putUserStatus(request) {
      puts.push(request.AgentStatusId);
      // The first try never reached Connect: the link dropped (a fetch error carries no HTTP status).
      if (puts.length === 1) throw new TypeError('Failed to fetch');
      return {};
    },
  };
  const adapter = await oneAgentOn(backend, clock);
  const command = envelope({ type: 'set-presence', agentId: 'u-1', state: 'break' }, 'lost-answer-sdk');
  await assert.rejects(settle(adapter.execute(command), clock, () => 0), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.VendorError);
  clock.advance(5 * SECOND);
  await settle(adapter.execute(command), clock, () => 0);
  assert.deepEqual(puts, ['s-break', 's-break'], 'sent again: Connect still shows the status from before the first try');
  assert.equal(adapter.pendingPresence('u-1'), 'break');
  // A read-back answered with no body at all (a JSON null from the host's server) is no status: sent again, no TypeError.
  backend.getCurrentUserData = async () => null as never;
  puts.length = 0;
  const other = envelope({ type: 'set-presence', agentId: 'u-1', state: 'available' }, 'lost-answer-null');
  await assert.rejects(settle(adapter.execute(other), clock, () => 0), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.VendorError);
  await settle(adapter.execute(other), clock, () => 0);
  assert.deepEqual(puts, ['s-avail', 's-avail']);
  await adapter.disconnect();
});

// ---- agent event stream records -----------------------------------------------------------

test('agent event stream: LOGIN, STATE_CHANGE with contacts, HEART_BEAT and LOGOUT', async () => {
  const r = await rig({ options: { teams: [{ id: 'team-1', name: 'Team 1', hierarchyGroupId: 'group-1' }], backend: {} } });
  assert.equal((await r.adapter.snapshot()).agents?.length, 0, 'no polling: agents come from records');
  const u = 'user-4';
  r.clock.advance(SECOND);
  r.adapter.pushAgentEvents([r.mock.agentEvent(u, 'LOGIN')]);
  let snap = await r.adapter.snapshot();
  const agent = snap.agents?.find((a) => a.id === u);
  assert.equal(agent?.name, r.mock.names[u]);
  assert.deepEqual(agent?.teamIds, ['team-1'], 'team from the hierarchy group at any level');
  assert.deepEqual(agent?.queueIds, r.mock.users.get(u)?.queueIds, 'the agent’s own queue is left out');
  assert.equal(agent?.presence.state, 'available');

  r.clock.advance(SECOND);
  r.mock.apply({ kind: 'offer', userId: u, contactId: 'k-1', channel: 'TASK' });
  r.mock.apply({ kind: 'contact-state', userId: u, contactId: 'k-1', state: 'CONNECTED' });
  r.clock.advance(5 * SECOND);
  r.mock.apply({ kind: 'contact-state', userId: u, contactId: 'k-1', state: 'CONNECTED_ONHOLD' });
  const mark = r.sink.received.length;
  r.adapter.pushAgentEvents([JSON.stringify(r.mock.agentEvent(u, 'STATE_CHANGE'))]);
  const task = of(r.sink.since(mark), 'interaction')[0]?.interaction;
  assert.equal(task?.channel, 'task', 'TASKS is the task channel');
  assert.equal(task?.state, 'held');
  assert.equal(task?.heldAt, r.clock.now(), 'records date the hold');
  assert.equal(task?.connectedAt, r.clock.now() - 5 * SECOND);

  const beat = r.sink.received.length;
  r.clock.advance(120 * SECOND);
  r.adapter.pushAgentEvents([r.mock.agentEvent(u, 'HEART_BEAT')]);
  assert.equal(r.sink.received.length, beat, 'a heartbeat with nothing new emits nothing');

  r.clock.advance(SECOND);
  r.adapter.pushAgentEvents([r.mock.agentEvent(u, 'LOGOUT')]);
  snap = await r.adapter.snapshot();
  assert.equal(snap.agents?.find((a) => a.id === u)?.presence.state, 'offline');
  assert.equal(snap.interactions?.length, 0, 'logging out ends what the agent held');
  // Heartbeats continue for up to an hour after LOGOUT, with the snapshot from before it.
  const stale = r.mock.agentEvent(u, 'HEART_BEAT');
  r.clock.advance(120 * SECOND);
  r.adapter.pushAgentEvents([{ ...stale, EventTimestamp: new Date(r.clock.now()).toISOString() }]);
  assert.equal((await r.adapter.snapshot()).agents?.find((a) => a.id === u)?.presence.state, 'offline');
  r.clock.advance(SECOND);
  r.adapter.pushAgentEvents([r.mock.agentEvent(u, 'LOGIN')]);
  assert.equal((await r.adapter.snapshot()).agents?.find((a) => a.id === u)?.presence.state, 'available');
  assertValid(r.sink.received);
  assert.equal(r.sink.errors.length, 0);
  await r.adapter.disconnect();
});

test('agent event stream: duplicates map to the same ids; an older record after a newer one is ignored', async () => {
  const r = await rig({ options: { backend: {} } });
  const client = createFloorwalk({ adapter: r.adapter, session: { userId: 'admin', role: 'admin', teamIds: 'all' }, clock: r.clock });
  await r.adapter.disconnect();
  await client.connect();
  const u = 'user-2';
  r.clock.advance(SECOND);
  r.mock.apply({ kind: 'status', userId: u, status: 'Break' });
  const older = r.mock.agentEvent(u, 'STATE_CHANGE');
  r.clock.advance(SECOND);
  r.mock.apply({ kind: 'status', userId: u, status: 'Lunch' });
  const newer = r.mock.agentEvent(u, 'STATE_CHANGE');

  const errors: FloorwalkError[] = [];
  client.on('error', (e) => errors.push(e));
  r.adapter.pushAgentEvents([newer]);
  await Promise.resolve();
  assert.equal(client.getAgents().find((a) => a.id === u)?.presence.state, 'meal');
  r.adapter.pushAgentEvents([newer, newer]);
  r.adapter.pushAgentEvents([older]);
  await Promise.resolve();
  assert.equal(client.getAgents().find((a) => a.id === u)?.presence.state, 'meal', 'the late Break record does not undo Lunch');
  assert.equal(errors.length, 0);
  await client.disconnect();

  // At the adapter: the duplicate re-emits exactly the ids of the first delivery.
  const r2 = await rig({ options: { backend: {} } });
  r2.mock.apply({ kind: 'status', userId: u, status: 'Break' });
  r2.clock.advance(SECOND);
  const rec = r2.mock.agentEvent(u, 'STATE_CHANGE');
  const a = r2.sink.received.length;
  r2.adapter.pushAgentEvents([rec]);
  const firstIds = r2.sink.since(a).map((e) => e.id);
  const b = r2.sink.received.length;
  r2.adapter.pushAgentEvents([structuredClone(rec)]);
  assert.ok(firstIds.length > 0);
  assert.deepEqual(r2.sink.since(b).map((e) => e.id), firstIds);
  const c = r2.sink.received.length;
  r2.clock.advance(SECOND);
  r2.mock.apply({ kind: 'status', userId: u, status: 'Available' });
  const later = r2.mock.agentEvent(u, 'STATE_CHANGE');
  r2.adapter.pushAgentEvents([later, rec]);
  const fresh = r2.sink.since(c).filter((e) => !firstIds.includes(e.id));
  assert.deepEqual(of(fresh, 'presence').map((e) => e.presence.state), ['available']);
  assert.equal(fresh.length, 1, 'the late duplicate only repeats ids already delivered, which the store drops');
  assert.equal((await r2.adapter.snapshot()).agents?.find((x) => x.id === u)?.presence.state, 'available');
  await r2.adapter.disconnect();
});

test('agent event stream: a corpus of malformed records is reported, typed, and changes nothing', async () => {
  const r = await rig({ options: { backend: {} } });
  r.adapter.pushAgentEvents([r.mock.agentEvent('user-1', 'LOGIN')]);
  const before = JSON.stringify(await r.adapter.snapshot().then((s) => [s.agents, s.interactions]));
  const good = r.mock.agentEvent('user-1', 'STATE_CHANGE');
  const corpus: unknown[] = [
    null,
    42,
    'not json',
    '{"EventType": "STATE_CHANGE"',
    [],
    {},
    { ...good, EventId: undefined },
    { ...good, EventId: 'e-ts', EventTimestamp: 'yesterday' },
    { ...good, EventId: 'e-type', EventType: 'TELEPORT' },
    { ...good, EventId: 'e-arn', AgentARN: 'arn:aws:connect:us-west-2:1:instance/x/queue/q' },
    { ...good, EventId: 'e-nosnap', CurrentAgentSnapshot: null },
    { ...good, EventId: 'e-noname', CurrentAgentSnapshot: { ...good.CurrentAgentSnapshot, AgentStatus: { ARN: 'x' } } },
  ];
  const mark = r.sink.received.length;
  r.adapter.pushAgentEvents(corpus);
  assert.equal(r.sink.errors.length, corpus.length);
  assert.ok(r.sink.errors.every((e) => e instanceof FloorwalkError && e.code === ErrorCode.MalformedEvent));
  assert.equal(r.sink.received.length, mark, 'no event from a malformed record');
  assert.equal(JSON.stringify(await r.adapter.snapshot().then((s) => [s.agents, s.interactions])), before);

  // A record with one bad contact: the contact is reported and kept as it was; the rest applies.
  r.clock.advance(SECOND);
  r.mock.apply({ kind: 'status', userId: 'user-1', status: 'Training' });
  const rec = r.mock.agentEvent('user-1', 'STATE_CHANGE');
  const snap = rec.CurrentAgentSnapshot;
  const bad = { ...rec, CurrentAgentSnapshot: { ...snap, Contacts: [{ ContactId: 'c-bad', Channel: 'VOICE', State: 'HOVERING' }, { Channel: 'CHAT', State: 'CONNECTED' }] } };
  const errs = r.sink.errors.length;
  r.adapter.pushAgentEvents([bad]);
  assert.equal(r.sink.errors.length - errs, 2);
  assert.equal((await r.adapter.snapshot()).agents?.find((a) => a.id === 'user-1')?.presence.state, 'training');
  assertValid(r.sink.received);
  await r.adapter.disconnect();
});

test('unknown status names: reported once, shown as away with their label; presenceMap maps them', async () => {
  const r = await rig({ options: { backend: {}, agentStatuses: [] } });
  const siesta = (rec: AgentEventRecord): AgentEventRecord => ({
    ...rec,
    CurrentAgentSnapshot: { ...rec.CurrentAgentSnapshot, AgentStatus: { ARN: `${r.mock.instanceArn}/agent-state/s-9`, Name: 'Siesta', StartTimestamp: new Date(r.clock.now()).toISOString() } },
  });
  r.adapter.pushAgentEvents([siesta(r.mock.agentEvent('user-1', 'STATE_CHANGE'))]);
  r.clock.advance(SECOND);
  r.adapter.pushAgentEvents([siesta(r.mock.agentEvent('user-2', 'STATE_CHANGE'))]);
  const unknown = r.sink.errors.filter((e) => e.details?.status === 'Siesta');
  assert.equal(unknown.length, 1);
  assert.equal(unknown[0]?.code, ErrorCode.MalformedEvent);
  const a = (await r.adapter.snapshot()).agents?.find((x) => x.id === 'user-1');
  assert.deepEqual(a?.presence.reason, { id: 's-9', label: 'Siesta' });
  assert.equal(a?.presence.state, 'away');
  await r.adapter.disconnect();

  const mapped = await rig({ options: { backend: {}, presenceMap: { Siesta: 'break' } } });
  mapped.adapter.pushAgentEvents([siesta(mapped.mock.agentEvent('user-1', 'STATE_CHANGE'))]);
  assert.equal(mapped.sink.errors.length, 0);
  assert.equal((await mapped.adapter.snapshot()).agents?.[0]?.presence.state, 'break');
  await mapped.adapter.disconnect();
});

test('status names on Object.prototype (constructor, toString) are unknown names, never the member, beside a host presenceMap', async () => {
  const r = await rig({ options: { backend: {}, agentStatuses: [], presenceMap: { Siesta: 'break' } } });
  const named = (rec: AgentEventRecord, name: string, n: number): AgentEventRecord => ({
    ...rec,
    CurrentAgentSnapshot: { ...rec.CurrentAgentSnapshot, AgentStatus: { ARN: `${r.mock.instanceArn}/agent-state/s-${n}`, Name: name, StartTimestamp: new Date(r.clock.now()).toISOString() } },
  });
  r.adapter.pushAgentEvents([named(r.mock.agentEvent('user-1', 'STATE_CHANGE'), 'constructor', 1)]);
  r.clock.advance(SECOND);
  r.adapter.pushAgentEvents([named(r.mock.agentEvent('user-2', 'STATE_CHANGE'), 'toString', 2)]);
  const agents = (await r.adapter.snapshot()).agents ?? [];
  for (const [id, label] of [['user-1', 'constructor'], ['user-2', 'toString']] as const) {
    const a = agents.find((x) => x.id === id);
    assert.equal(a?.presence.state, 'away', label);
    assert.equal(a?.presence.reason?.label, label);
  }
  assert.deepEqual(r.sink.errors.filter((e) => e.code === ErrorCode.MalformedEvent).map((e) => e.details?.status), ['constructor', 'toString']);
  assertValid(r.sink.received);
  await r.adapter.disconnect();
});

test('the HTTP backend reads a JSON-protocol error type with its namespace (com.amazonaws.connect#ThrottlingException) as the error name', async () => {
  const { http: route, HttpResponse } = await import('msw');
  const backend = createAmazonConnectHttpBackend({ baseUrl: BASE });
  const ask = () => backend.getCurrentUserData({ InstanceId: 'i-1', Filters: { Agents: ['u-1'] }, MaxResults: 100 });
  const answer = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    server.resetHandlers(route.post(`${BASE}/*`, () => HttpResponse.json(body, { status: 400, headers })));
  // AWS JSON protocols name the error in `__type`, namespaced, with no x-amzn-ErrorType header.
  answer({ __type: 'com.amazonaws.connect#ThrottlingException', message: 'Rate exceeded' });
  await assert.rejects(ask(), (err: unknown) => err instanceof FloorwalkError && err.code === ErrorCode.RateLimited);
  // The header's form: the name, then a colon and a URI.
  answer({ message: 'Rate exceeded' }, { 'x-amzn-ErrorType': 'TooManyRequestsException:http://internal.amazon.com/coral/com.amazonaws.connect/' });
  await assert.rejects(ask(), (err: unknown) => err instanceof FloorwalkError && err.code === ErrorCode.RateLimited);
  server.resetHandlers();
});

test('the HTTP backend reads Retry-After as delay-seconds or as an HTTP-date on its clock; a missing or unreadable one gives no wait', async () => {
  const { http: route, HttpResponse } = await import('msw');
  const clock = createManualClock(START);
  const backend = createAmazonConnectHttpBackend({ baseUrl: BASE, clock });
  const waitFor = async (retryAfter?: string): Promise<unknown> => {
    server.resetHandlers(
      route.post(`${BASE}/*`, () =>
        HttpResponse.json(
          { message: 'Rate exceeded' },
          { status: 429, headers: { 'x-amzn-ErrorType': 'ThrottlingException:http://internal.amazon.com/coral/com.amazonaws.connect/', ...(retryAfter === undefined ? {} : { 'Retry-After': retryAfter }) } },
        ),
      ),
    );
    const err = await backend.getCurrentUserData({ InstanceId: 'i-1', Filters: { Agents: ['u-1'] }, MaxResults: 100 }).then(
      () => assert.fail('a 429 must reject'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof FloorwalkError && err.code === ErrorCode.RateLimited && err.retryable, String(err));
    return err.details?.retryAfterMs;
  };
  const date = (ms: number): string => new Date(ms).toUTCString();
  assert.equal(await waitFor('3'), 3 * SECOND);
  assert.equal(await waitFor(date(START + 90 * SECOND)), 90 * SECOND, 'IMF-fixdate, from the backend clock’s now');
  clock.advance(30 * SECOND);
  assert.equal(await waitFor(date(START + 90 * SECOND)), 60 * SECOND, 'the same date, 30 s later on that clock');
  // The obsolete forms RFC 9110 has a recipient accept: RFC 850 and asctime (GMT, unsaid).
  assert.equal(await waitFor('Monday, 05-Jan-26 09:02:00 GMT'), 90 * SECOND);
  assert.equal(await waitFor('Mon Jan  5 09:02:00 2026'), 90 * SECOND);
  assert.equal(await waitFor(date(START)), 0, 'a date already past is no wait, never a negative one');
  // As before: none, zero, and what is neither seconds nor a date leave the pause to the caller.
  for (const header of [undefined, '0', '', 'soon', 'x 1', 'Mon, 05 Jan 2026 09:02:00 PST']) assert.equal(await waitFor(header), undefined, `Retry-After: ${String(header)}`);
  server.resetHandlers();
});
