// The CCP's own failure and recovery signals (sign-out, access denied, a CCP that never loads,
// authorisation given up, the WebSocket) and what the adapter and a client make of them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setupServer } from 'msw/node';
import { createFloorwalk, ErrorCode, type ConnectionStatus, type ErrorCodeValue, type FloorwalkError } from '@floorwalk/core';
import { createManualClock } from '@floorwalk/core/testing';
import { createAmazonConnectAdapter, type StreamsConnect } from '@floorwalk/adapters/amazon-connect';
import { createAmazonConnectMocks, createFakeStreams, type FakeStreams } from '@floorwalk/adapters/amazon-connect/mocks';
import { BASE, START, recorder, settle, trackedBackend } from './test-support.js';

const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
after(() => server.close());

const INSTANCE = 'aaaaaaaa-bbbb-cccc-dddd-111111111111';
const turns = async (n = 5): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** The agent's own adapter over a fake CCP, Streams only. */
async function agentRig(options: { ccpLoads?: boolean; streams?: (fake: FakeStreams) => StreamsConnect } = {}) {
  const clock = createManualClock(START);
  const fake = createFakeStreams({ userId: 'user-3', name: 'Agent Three', clock, ...(options.ccpLoads === undefined ? {} : { ccpLoads: options.ccpLoads }) });
  const adapter = createAmazonConnectAdapter({ instanceId: INSTANCE, streams: options.streams?.(fake) ?? fake.connect, clock });
  const sink = recorder();
  await adapter.connect(sink);
  return { clock, fake, adapter, sink };
}

function lastFailure(sink: ReturnType<typeof recorder>): FloorwalkError {
  assert.equal(sink.statuses.at(-1), 'failed');
  const why = sink.reasons.at(-1);
  assert.ok(why !== undefined, 'failed with a reason');
  return why;
}

const cases: { name: string; fire: (f: FakeStreams) => void; code: ErrorCodeValue; streams: string; says: RegExp }[] = [
  { name: 'onAuthFail', fire: (f) => f.expireSession(), code: ErrorCode.AuthFailed, streams: 'auth_fail', says: /log in to the CCP/ },
  { name: 'onAccessDenied', fire: (f) => f.denyAccess(), code: ErrorCode.Forbidden, streams: 'access_denied', says: /ask .* for the CCP permission/ },
  {
    name: 'onAuthorizeRetriesExhausted',
    fire: (f) => f.exhaustAuthorizeRetries('authorize'),
    code: ErrorCode.AuthFailed,
    streams: 'authorize_retries_exhausted',
    says: /reload the page and log in to the CCP/,
  },
  {
    name: 'onCTIAuthorizeRetriesExhausted',
    fire: (f) => f.exhaustAuthorizeRetries('cti'),
    code: ErrorCode.AuthFailed,
    streams: 'cti_authorize_retries_exhausted',
    says: /reload the page and log in to the CCP/,
  },
];

for (const c of cases) {
  test(`${c.name}: failed with ${c.streams}, not retryable, saying what to do; ping fails with it`, async () => {
    const r = await agentRig();
    await r.adapter.ping();
    c.fire(r.fake);
    const why = lastFailure(r.sink);
    assert.equal(why.code, c.code);
    assert.equal(why.retryable, false);
    assert.equal(why.details?.streams, c.streams);
    assert.match(why.message, c.says);
    await assert.rejects(r.adapter.ping(), (err: FloorwalkError) => err === why);
    await r.adapter.disconnect();
  });

  test(`${c.name}, then a sign-in: reconnecting, then live once the agent's data flows`, async () => {
    const r = await agentRig();
    c.fire(r.fake);
    r.fake.choose('Break'); // while signed out: no snapshot shows it
    await turns();
    assert.equal(r.sink.statuses.at(-1), 'failed');
    const mark = r.sink.received.length;
    r.fake.signIn();
    assert.deepEqual(r.sink.statuses.slice(-2), ['reconnecting', 'live']);
    assert.equal(r.sink.reasons.at(-2)?.details?.streams, c.streams, 'reconnecting says from what');
    await r.adapter.ping();
    const presence = r.sink.since(mark).find((e) => e.type === 'presence');
    assert.equal(presence?.type === 'presence' ? presence.presence.state : undefined, 'break', 'the first snapshot after the sign-in is read');
    await r.adapter.disconnect();
  });
}

test('a sign-in with no CCP failure changes no status', async () => {
  const r = await agentRig();
  const before = [...r.sink.statuses];
  r.fake.signIn();
  await turns();
  assert.deepEqual(r.sink.statuses, before);
});

test('a CCP that never loads: live with no agent until Streams gives up after 10 reloads, then failed with NotConnected naming Approved origins', async () => {
  const r = await agentRig({ ccpLoads: false });
  // connect() does not wait for the CCP: the link is reported live at once, with no agent in it.
  assert.deepEqual(r.sink.statuses, ['live']);
  assert.equal((await r.adapter.snapshot()).agents?.length, 0);
  r.clock.advance(50_000);
  assert.deepEqual(r.sink.statuses, ['live'], 'Streams still reloading the iframe');
  r.clock.advance(5_000);
  const why = lastFailure(r.sink);
  assert.equal(why.code, ErrorCode.NotConnected);
  assert.equal(why.retryable, false);
  assert.equal(why.details?.streams, 'iframe_retries_exhausted');
  assert.match(why.message, /add this page's origin to the instance's Approved origins/);
  // Should the CCP load after all (the page's iframe reloaded by hand, say): back, with the agent.
  r.fake.signIn();
  assert.deepEqual(r.sink.statuses.slice(-2), ['reconnecting', 'live']);
  assert.deepEqual((await r.adapter.snapshot()).agents?.map((a) => a.id), ['user-3']);
  await r.adapter.disconnect();
});

test('onWebsocketInitFailure: a VendorError reported, the status unchanged; also when it failed before connect', async () => {
  const r = await agentRig();
  r.fake.failWebSocketInit();
  assert.deepEqual(r.sink.statuses, ['live']);
  const err = r.sink.errors.at(-1);
  assert.equal(err?.code, ErrorCode.VendorError);
  assert.equal(err?.retryable, false);
  assert.equal(err?.details?.streams, 'websocket_init_failure');
  assert.match(err?.message ?? '', /allow WebSocket connections to Amazon Connect/);
  await r.adapter.ping();
  // Streams calls a later subscriber at once: a reconnect hears it again.
  await r.adapter.disconnect();
  const sink = recorder();
  await r.adapter.connect(sink);
  assert.deepEqual(sink.errors.map((e) => e.details?.streams), ['websocket_init_failure']);
  await r.adapter.disconnect();
});

test('disconnect leaves nothing subscribed on the CCP, every signal included', async () => {
  const r = await agentRig();
  assert.ok(r.fake.subscriptionCount > 0);
  await r.adapter.disconnect();
  assert.equal(r.fake.subscriptionCount, 0);
  const before = r.sink.statuses.length;
  r.fake.expireSession();
  r.fake.denyAccess();
  r.fake.signIn();
  assert.equal(r.sink.statuses.length, before);
});

test('a Streams whose signal methods are missing, or return nothing, still connects; a kept callback of an old connection does nothing', async () => {
  const bare = await agentRig({ streams: (f) => ({ ...f.connect, core: { getEventBus: f.connect.core.getEventBus } }) as StreamsConnect });
  bare.fake.denyAccess();
  assert.deepEqual(bare.sink.statuses, ['live']);
  await bare.adapter.disconnect();

  // Older Streams: `onAuthorizeRetriesExhausted` and its like subscribe and return nothing.
  const r = await agentRig({
    streams: (f) => {
      const core = f.connect.core;
      const quiet = <A extends unknown[]>(on: ((...args: A) => unknown) | undefined) => (...args: A): void => void on?.(...args);
      return {
        ...f.connect,
        core: {
          getEventBus: core.getEventBus,
          onAuthFail: quiet(core.onAuthFail),
          onAccessDenied: quiet(core.onAccessDenied),
          onAuthorizeSuccess: quiet(core.onAuthorizeSuccess),
          onIframeRetriesExhausted: quiet(core.onIframeRetriesExhausted),
          onAuthorizeRetriesExhausted: quiet(core.onAuthorizeRetriesExhausted),
          onCTIAuthorizeRetriesExhausted: quiet(core.onCTIAuthorizeRetriesExhausted),
        },
      } as StreamsConnect;
    },
  });
  await r.adapter.disconnect();
  const sink = recorder();
  await r.adapter.connect(sink);
  r.fake.exhaustAuthorizeRetries('authorize');
  assert.deepEqual(sink.statuses, ['live', 'failed'], 'once, by this connection alone');
  r.fake.signIn();
  assert.deepEqual(sink.statuses, ['live', 'failed', 'reconnecting', 'live']);
  await r.adapter.disconnect();
});

test('a successful poll neither clears nor overwrites a CCP failure', async () => {
  const clock = createManualClock(START);
  const mocks = createAmazonConnectMocks({ baseUrl: BASE, users: 5, clock });
  server.resetHandlers(...mocks.backend.handlers);
  const { backend, inFlight } = trackedBackend();
  const adapter = createAmazonConnectAdapter({ ...mocks.adapterOptions, backend, clock });
  const sink = recorder();
  await settle(adapter.connect(sink), clock, inFlight);
  mocks.streams.denyAccess();
  await settle(adapter.refresh(), clock, inFlight);
  assert.equal(sink.statuses.at(-1), 'failed');
  await assert.rejects(adapter.ping(), (err: FloorwalkError) => err.code === ErrorCode.Forbidden);
  // A failing poll is reported, but the CCP's failure stays the reason, and a poll after it does not clear it.
  mocks.backend.fail(1, 500, 'InternalServiceException');
  await settle(adapter.refresh(), clock, inFlight).catch(() => undefined);
  assert.equal(sink.statuses.at(-1), 'failed');
  await settle(adapter.refresh(), clock, inFlight);
  assert.equal(sink.statuses.at(-1), 'failed');
  await assert.rejects(adapter.ping(), (err: FloorwalkError) => err.code === ErrorCode.Forbidden);
  await adapter.disconnect();
});

test('a client: the CCP signed out is failed; signed in again, it resyncs and is live', async () => {
  const fake = createFakeStreams({ userId: 'user-3', name: 'Agent Three' });
  const client = createFloorwalk({
    adapter: createAmazonConnectAdapter({ instanceId: INSTANCE, streams: fake.connect }),
    session: { userId: 'user-3', role: 'agent', agentId: 'user-3', teamIds: 'all' },
  });
  const seen: ConnectionStatus[] = [];
  let authRequired = 0;
  client.on('status', (c) => seen.push(c.current));
  client.on('auth-required', () => authRequired++);
  await client.connect();
  assert.equal(client.status, 'live');
  fake.expireSession();
  assert.equal(client.status, 'failed');
  assert.equal(authRequired, 1);
  fake.choose('Break');
  fake.signIn();
  for (let i = 0; i < 100 && client.status !== 'live'; i++) await turns(1);
  assert.equal(client.status, 'live');
  assert.deepEqual(seen.slice(-3), ['failed', 'reconnecting', 'live']);
  assert.equal(client.getAgent('user-3')?.presence.state, 'break');
  await client.disconnect();
});
