// The CCP's own failure and recovery signals (sign-out, access denied, a CCP that never loads,
// authorisation given up, the WebSocket) and what the adapter and a client make of them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createFloorwalk, ErrorCode, FloorwalkError, type ConnectionStatus, type ErrorCodeValue } from '@floorwalk/core';
import { createManualClock } from '@floorwalk/core/testing';
import { createAmazonConnectAdapter, type StreamsConnect } from '@floorwalk/adapters/amazon-connect';
import { createAmazonConnectMocks, createFakeStreams, type FakeStreams } from '@floorwalk/adapters/amazon-connect/mocks';
import { BASE, START, hangingStatusPut, recorder, settle, trackedBackend } from './test-support.js';

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

/** A manual clock, the Connect mocks serving their backend, and a backend whose calls are counted. */
function backendRig() {
  const clock = createManualClock(START);
  const mocks = createAmazonConnectMocks({ baseUrl: BASE, users: 5, clock });
  server.resetHandlers(...mocks.backend.handlers);
  return { clock, mocks, ...trackedBackend() };
}

test('a sign-in with no CCP failure changes no status', async () => {
  const r = await agentRig();
  const before = [...r.sink.statuses];
  r.fake.signIn();
  await turns();
  assert.deepEqual(r.sink.statuses, before);
});

/** Until the adapter, whose Streams side loads on connect(), has subscribed to the fake CCP. */
async function subscribed(fake: FakeStreams): Promise<void> {
  for (let i = 0; i < 1000 && fake.subscriptionCount === 0; i++) await new Promise((resolve) => setTimeout(resolve, 1));
  assert.ok(fake.subscriptionCount > 0, 'subscribed');
}

/** Settles `p` while moving the manual clock a second at a time; the statuses seen meanwhile must never say live. */
async function awaitOnClock<T>(p: Promise<T>, clock: ReturnType<typeof createManualClock>): Promise<T> {
  let done = false;
  const watched = p.finally(() => (done = true));
  watched.catch(() => undefined);
  for (let i = 0; i < 600 && !done; i++) {
    await turns(2);
    if (!done) clock.advance(1000);
  }
  return watched;
}

test('a CCP that never loads: connect() waits for its agent and is never live; past the 30 s limit it rejects, retryable; when Streams gives up, with NotConnected naming Approved origins', async () => {
  const clock = createManualClock(START);
  const fake = createFakeStreams({ userId: 'user-3', name: 'Agent Three', clock, ccpLoads: false });
  const adapter = createAmazonConnectAdapter({ instanceId: INSTANCE, streams: fake.connect, clock });
  const sink = recorder();
  let settled = false;
  const first = adapter.connect(sink).finally(() => (settled = true));
  first.catch(() => undefined);
  await subscribed(fake);
  clock.advance(29_999);
  await turns();
  assert.equal(settled, false, 'still waiting for the CCP within the limit');
  assert.deepEqual(sink.statuses, [], 'no live for a CCP that has shown no agent');
  clock.advance(1);
  const late = await first.then(
    () => assert.fail('connect() resolved without a CCP'),
    (err: FloorwalkError) => err,
  );
  assert.equal(late.code, ErrorCode.NotConnected);
  assert.equal(late.retryable, true, 'the CCP may yet load: the client tries again');
  assert.deepEqual(sink.statuses, [], 'never live, nor failed: it may yet load');
  // The client's retry waits again, and Streams gives up at 55 s, during it.
  const again = recorder();
  const gaveUp = await awaitOnClock(adapter.connect(again), clock).then(
    () => assert.fail('connect() resolved without a CCP'),
    (err: FloorwalkError) => err,
  );
  assert.equal(gaveUp.code, ErrorCode.NotConnected);
  assert.equal(gaveUp.retryable, false);
  assert.equal(gaveUp.details?.streams, 'iframe_retries_exhausted');
  assert.match(gaveUp.message, /add this page's origin to the instance's Approved origins/);
  assert.deepEqual(again.statuses, []);
  assert.equal(fake.subscriptionCount, 0, 'torn down: no recovery can reach a CCP Streams gave up reloading');
  await assert.rejects(adapter.ping(), (err: FloorwalkError) => err.code === ErrorCode.NotConnected);
  // Connected again, the adapter reports the failure Streams told once, and listens for a recovery
  // (the page's iframe reloaded by hand, say): back, with the agent.
  const third = recorder();
  await adapter.connect(third);
  assert.deepEqual(third.statuses, ['failed']);
  assert.equal(third.reasons[0], gaveUp);
  fake.signIn();
  assert.deepEqual(third.statuses, ['failed', 'reconnecting', 'live']);
  assert.deepEqual((await adapter.snapshot()).agents?.map((a) => a.id), ['user-3']);
  await adapter.ping();
  await adapter.disconnect();
});

/** Moves the manual clock `ms` on, a second at a time, letting each second's work run. */
async function pass(clock: ReturnType<typeof createManualClock>, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 1000) {
    clock.advance(1000);
    await turns(2);
  }
}

// A CCP loaded with no session yet (`signedIn: false`): its iframe acknowledges, so the clock
// moves past the minute in which Streams would reload, then give up on, a CCP that never loaded.
for (const c of cases) {
  test(`${c.name} while connect() waits for the agent: failed with it, connect() resolves, and the link hears the sign-in`, async () => {
    const clock = createManualClock(START);
    const fake = createFakeStreams({ userId: 'user-3', clock, signedIn: false });
    const adapter = createAmazonConnectAdapter({ instanceId: INSTANCE, streams: fake.connect, clock });
    const sink = recorder();
    const p = adapter.connect(sink);
    await subscribed(fake);
    c.fire(fake);
    await p;
    assert.deepEqual(sink.statuses, ['failed'], 'never live');
    const why = lastFailure(sink);
    assert.equal(why.code, c.code);
    assert.equal(why.details?.streams, c.streams);
    await pass(clock, 90_000);
    assert.deepEqual(sink.statuses, ['failed'], 'nothing more while the agent is away from the login window');
    assert.equal(sink.reasons.at(-1), why);
    await assert.rejects(adapter.ping(), (err: FloorwalkError) => err === why);
    fake.signIn();
    assert.deepEqual(sink.statuses, ['failed', 'reconnecting', 'live']);
    assert.deepEqual((await adapter.snapshot()).agents?.map((a) => a.id), ['user-3']);
    await adapter.ping();
    await adapter.disconnect();
    assert.equal(fake.subscriptionCount, 0);
  });
}

for (const reconnect of [undefined, true]) {
  test(`a CCP with no session at page load (reconnect ${reconnect === undefined ? 'left at its default' : 'on'}, no renewAuth): failed with AuthFailed and auth-required, then live with the agent once the agent signs in, with no connect() from the host`, async () => {
    const clock = createManualClock(START);
    const fake = createFakeStreams({ userId: 'user-3', name: 'Agent Three', clock, signedIn: false });
    const client = createFloorwalk({
      adapter: createAmazonConnectAdapter({ instanceId: INSTANCE, streams: fake.connect, clock }),
      session: { userId: 'user-3', role: 'agent', agentId: 'user-3', teamIds: 'all' },
      clock,
      ...(reconnect === undefined ? {} : { reconnect }),
    });
    const seen: ConnectionStatus[] = [];
    const asked: FloorwalkError[] = [];
    client.on('status', (c) => seen.push(c.current));
    client.on('auth-required', (e) => asked.push(e));
    const connecting = client.connect();
    connecting.catch(() => undefined);
    await subscribed(fake);
    // The CCP's refused authorisation comes on the clock.
    const err = await awaitOnClock(connecting, clock).then(
      () => assert.fail('client.connect() resolved while the CCP is signed out'),
      (e: FloorwalkError) => e,
    );
    assert.equal(err.code, ErrorCode.AuthFailed);
    assert.equal(err.details?.streams, 'auth_fail');
    assert.equal(client.status, 'failed');
    assert.deepEqual(asked, [err]);
    // The agent comes to the login window a minute and a half later.
    await pass(clock, 90_000);
    assert.deepEqual(seen, ['connecting', 'failed']);
    assert.equal(asked.length, 1);
    fake.signIn();
    const status = (): ConnectionStatus => client.status;
    for (let i = 0; i < 200 && status() !== 'live'; i++) await turns(1);
    assert.equal(status(), 'live', `statuses: ${seen.join(', ')}`);
    assert.deepEqual(seen, ['connecting', 'failed', 'reconnecting', 'live']);
    assert.equal(client.getAgent('user-3')?.name, 'Agent Three');
    assert.equal(asked.length, 1, 'asked once');
    await client.disconnect();
  });
}

test('a page without a CCP connects as before: live once subscribed and polled, no wait', async () => {
  const adapter = createAmazonConnectAdapter({ instanceId: INSTANCE });
  const sink = recorder();
  await adapter.connect(sink);
  assert.deepEqual(sink.statuses, ['live']);
  await adapter.disconnect();
});

test('a client over a CCP that never loads is connecting, never live, and fails when Streams gives up', async () => {
  const clock = createManualClock(START);
  const fake = createFakeStreams({ userId: 'user-3', clock, ccpLoads: false });
  const client = createFloorwalk({
    adapter: createAmazonConnectAdapter({ instanceId: INSTANCE, streams: fake.connect, clock }),
    session: { userId: 'user-3', role: 'agent', agentId: 'user-3', teamIds: 'all' },
    clock,
    reconnect: true,
  });
  const seen: ConnectionStatus[] = [];
  client.on('status', (c) => seen.push(c.current));
  const connecting = client.connect();
  await subscribed(fake);
  // Past the adapter's 30 s limit the client tries again, and that try hears Streams give up at 55 s.
  const err = await awaitOnClock(connecting, clock).then(
    () => assert.fail('client.connect() resolved without a CCP'),
    (e: FloorwalkError) => e,
  );
  assert.equal(err.details?.streams, 'iframe_retries_exhausted');
  assert.equal(client.status, 'failed');
  assert.ok(!seen.includes('live'), `statuses: ${seen.join(', ')}`);
  assert.equal(seen.at(-1), 'failed');
  await client.disconnect();
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

test("onWebSocketConnectionLost: reconnecting with a retryable NotConnected carrying the close's code; no snapshot meanwhile; gained: live, and what changed meanwhile shows", async () => {
  const r = await agentRig();
  r.fake.offer({ contactId: 'c-1', queueId: 'q-1' });
  r.fake.setContactState('c-1', 'connected');
  r.fake.dropNetwork();
  assert.deepEqual(r.sink.statuses, ['live', 'reconnecting']);
  const why = r.sink.reasons.at(-1);
  assert.equal(why?.code, ErrorCode.NotConnected);
  assert.equal(why?.retryable, true);
  assert.deepEqual([why?.details?.streams, why?.details?.code], ['websocket_connection_lost', 1006]);
  assert.match(why?.message ?? '', /out of date until it is back/);
  await assert.rejects(r.adapter.ping(), (err: FloorwalkError) => err === why);
  // Meanwhile the call ends and the agent takes a break; another contact comes and goes unseen.
  const mark = r.sink.received.length;
  r.fake.setContactState('c-1', 'ended');
  r.fake.clear('c-1');
  r.fake.choose('Break');
  r.fake.offer({ contactId: 'c-2', queueId: 'q-1' });
  r.fake.clear('c-2');
  await turns();
  assert.equal(r.sink.received.length, mark, 'nothing comes while the polls fail');
  r.fake.restoreNetwork();
  assert.deepEqual(r.sink.statuses, ['live', 'reconnecting', 'live']);
  await r.adapter.ping();
  const after = r.sink.since(mark);
  const presence = after.find((e) => e.type === 'presence');
  assert.equal(presence?.type === 'presence' ? presence.presence.state : undefined, 'break');
  const ended = after.flatMap((e) => (e.type === 'interaction' && e.interaction.state === 'ended' ? [e.interaction.id] : []));
  assert.deepEqual(ended, ['c-1']);
  assert.ok(!after.some((e) => JSON.stringify(e).includes('c-2')), 'a contact that came and went meanwhile never shows');
  await r.adapter.disconnect();
});

test('gained with no loss before it (the CCP opening its first WebSocket) changes nothing', async () => {
  const r = await agentRig();
  r.fake.restoreNetwork({ snapshot: false });
  await turns();
  assert.deepEqual(r.sink.statuses, ['live']);
});

test("only the CCP's WebSocket lost (a proxy closing it): its next snapshot, come by polling, is live before the socket is back; gained then changes nothing", async () => {
  const r = await agentRig();
  r.fake.dropNetwork({ webSocketOnly: true });
  assert.deepEqual(r.sink.statuses, ['live', 'reconnecting']);
  r.fake.choose('Lunch');
  assert.deepEqual(r.sink.statuses, ['live', 'reconnecting', 'live']);
  r.fake.restoreNetwork({ snapshot: false });
  assert.deepEqual(r.sink.statuses, ['live', 'reconnecting', 'live']);
  await r.adapter.disconnect();
});

test('a lost/gained pair leaves a CCP failure told before it the reason: failed throughout, and live only with the sign-in', async () => {
  for (const c of cases) {
    const r = await agentRig();
    c.fire(r.fake);
    const why = lastFailure(r.sink);
    r.fake.dropNetwork();
    r.fake.restoreNetwork();
    assert.deepEqual(r.sink.statuses, ['live', 'failed'], c.name);
    await assert.rejects(r.adapter.ping(), (err: FloorwalkError) => err === why);
    // Lost, then failed, then gained: the failure is told, and the regain does not hide it.
    r.fake.signIn();
    r.fake.dropNetwork();
    c.fire(r.fake);
    r.fake.restoreNetwork();
    assert.deepEqual(r.sink.statuses.slice(-2), ['reconnecting', 'failed'], c.name);
    r.fake.signIn();
    assert.equal(r.sink.statuses.at(-1), 'live', c.name);
    await r.adapter.disconnect();
  }
});

test("the backend refusing (failed), then the CCP's link lost and back: failed with the refusal throughout", async () => {
  const { clock, mocks, backend, inFlight } = backendRig();
  const adapter = createAmazonConnectAdapter({ ...mocks.adapterOptions, backend, clock });
  const sink = recorder();
  await settle(adapter.connect(sink), clock, inFlight);
  mocks.backend.fail(1, 403, 'AccessDeniedException');
  await settle(adapter.refresh(), clock, inFlight).catch(() => undefined);
  assert.equal(sink.statuses.at(-1), 'failed');
  const refusal = sink.reasons.at(-1);
  const told = sink.statuses.length;
  mocks.streams.dropNetwork();
  mocks.streams.restoreNetwork();
  assert.equal(sink.statuses.length, told, sink.statuses.join(' '));
  await assert.rejects(adapter.ping(), (err: FloorwalkError) => err === refusal);
  await adapter.disconnect();
});

test("the CCP's link lost aborts the backend's calls out: a PutUserStatus that hangs settles at once as a lost answer, not at its 30 s limit", async () => {
  const { clock, mocks, backend, inFlight } = backendRig();
  const adapter = createAmazonConnectAdapter({ ...mocks.adapterOptions, backend, clock });
  const sink = recorder();
  await settle(adapter.connect(sink), clock, inFlight);
  let hung = false;
  server.use(hangingStatusPut(BASE, () => (hung = true)));
  const sent = adapter.execute({ type: 'set-presence', agentId: 'user-2', state: 'break', key: 'k-hang', issuedBy: 'sup-1', issuedAt: START });
  const settled = sent.then(
    () => null,
    (e: unknown) => e,
  );
  // The request's trip through fetch and msw takes wall time, longer on a loaded machine.
  for (let i = 0; i < 1000 && !hung; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(hung, 'the PutUserStatus is out');
  const at = clock.now();
  mocks.streams.dropNetwork();
  const err = await settled;
  assert.ok(err instanceof FloorwalkError, String(err));
  // As for a call a poll's loss cuts (README, "Errors"): the backend could not be reached, retryable.
  assert.equal(err.code, ErrorCode.VendorError, err.message);
  assert.equal(err.retryable, true);
  assert.equal(clock.now(), at, 'no time limit waited for');
  assert.equal(sink.statuses.at(-1), 'reconnecting');
  await adapter.disconnect();
});

/** An agent's client over a fake CCP on the wall clock, and the statuses it reports. */
function agentClient() {
  const fake = createFakeStreams({ userId: 'user-3', name: 'Agent Three' });
  const client = createFloorwalk({
    adapter: createAmazonConnectAdapter({ instanceId: INSTANCE, streams: fake.connect }),
    session: { userId: 'user-3', role: 'agent', agentId: 'user-3', teamIds: 'all' },
  });
  const seen: ConnectionStatus[] = [];
  client.on('status', (c) => seen.push(c.current));
  return { fake, client, seen };
}

test("a client: the CCP's link lost is reconnecting (a home agent's network drop); back, it resyncs and is live with what changed meanwhile", async () => {
  const { fake, client, seen } = agentClient();
  await client.connect();
  fake.dropNetwork();
  assert.equal(client.status as ConnectionStatus, 'reconnecting');
  fake.choose('Break');
  fake.restoreNetwork();
  for (let i = 0; i < 100 && client.status !== 'live'; i++) await turns(1);
  assert.equal(client.status, 'live');
  assert.deepEqual(seen.slice(-2), ['reconnecting', 'live']);
  assert.equal(client.getAgent('user-3')?.presence.state, 'break');
  await client.disconnect();
});

test("a connect() while the CCP's link is lost (heard on an earlier link) is not live until it is back: the adapter waits for the CCP's regain, and the client stays reconnecting", async () => {
  const r = await agentRig();
  r.fake.dropNetwork();
  await r.adapter.disconnect();
  const sink = recorder();
  let done = false;
  const connected = r.adapter.connect(sink).finally(() => (done = true));
  await turns();
  assert.equal(done, false, 'connect() waits while the link is lost');
  assert.ok(!sink.statuses.includes('live'), sink.statuses.join(' '));
  // The WebSocket back is enough: the snapshot may wait for a change (Connect's long poll).
  r.fake.restoreNetwork({ snapshot: false });
  await connected;
  assert.equal(sink.statuses.at(-1), 'live');
  await r.adapter.ping();
  // Still lost past the CCP's 30 s: connect() rejects, retryable, with the loss as its reason.
  r.fake.dropNetwork();
  await r.adapter.disconnect();
  const late = recorder();
  const again = r.adapter.connect(late);
  again.catch(() => undefined);
  await turns();
  r.clock.advance(30_000);
  await assert.rejects(again, (err: FloorwalkError) => err.code === ErrorCode.NotConnected && err.retryable && err.details?.streams === 'websocket_connection_lost');
  assert.ok(!late.statuses.includes('live'), late.statuses.join(' '));
});

test("a client reconnected by its host during a loss of the CCP's link is not live until the link is back", async () => {
  const { fake, client, seen } = agentClient();
  await client.connect();
  fake.dropNetwork();
  await client.disconnect();
  const connecting = client.connect().catch(() => undefined);
  await turns(20);
  assert.notEqual(client.status, 'live', seen.join(' '));
  fake.restoreNetwork();
  await connecting;
  for (let i = 0; i < 100 && client.status !== 'live'; i++) await turns(1);
  assert.equal(client.status, 'live');
  await client.disconnect();
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
  r.fake.dropNetwork();
  r.fake.restoreNetwork();
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
  const { clock, mocks, backend, inFlight } = backendRig();
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
  const { fake, client, seen } = agentClient();
  let authRequired = 0;
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

test("a client with renewAuth: the CCP signed out is failed through the client's reconnect, and live only once the CCP signs in again", async () => {
  const fake = createFakeStreams({ userId: 'user-3', name: 'Agent Three' });
  let renewed = 0;
  const client = createFloorwalk({
    adapter: createAmazonConnectAdapter({ instanceId: INSTANCE, streams: fake.connect }),
    session: { userId: 'user-3', role: 'agent', agentId: 'user-3', teamIds: 'all' },
    // The host renews its own credentials; that cannot sign the CCP in.
    renewAuth: async () => void renewed++,
  });
  const seen: ConnectionStatus[] = [];
  client.on('status', (c) => seen.push(c.current));
  await client.connect();
  const mark = seen.length;
  fake.expireSession();
  // The client asks renewAuth and reconnects: the adapter's connect() finds the CCP still signed out.
  for (let i = 0; i < 200 && !(renewed === 1 && seen.slice(mark).includes('failed')); i++) await turns(1);
  await turns(20);
  assert.equal(renewed, 1);
  assert.deepEqual(seen.slice(mark), ['reconnecting', 'failed'], 'renewing, then failed again: never live while signed out');
  assert.equal(client.status, 'failed');
  fake.choose('Break');
  fake.signIn();
  // Read through a function: the narrowing above does not know signIn() moves the status.
  const status = (): ConnectionStatus => client.status;
  for (let i = 0; i < 200 && status() !== 'live'; i++) await turns(1);
  assert.deepEqual(seen.slice(mark), ['reconnecting', 'failed', 'reconnecting', 'live']);
  assert.equal(client.getAgent('user-3')?.presence.state, 'break');
  await client.disconnect();
});

/**
 * The host's server refusing the page's session for the next `n` team polls, as its own auth
 * layer does before anything reaches Connect: a plain 401, no Connect error type.
 */
function sessionExpired(n: number): void {
  let left = n;
  server.use(
    http.post(`${BASE}/metrics/userdata/:instanceId`, () =>
      left-- > 0 ? HttpResponse.json({ message: 'Your session has expired.' }, { status: 401 }) : undefined,
    ),
  );
}

/** Moves the clock while nothing is in flight until `done()` holds, or 100 s of it have gone by; says whether it holds. */
async function until(r: { clock: ReturnType<typeof createManualClock>; inFlight: () => number }, done: () => boolean): Promise<boolean> {
  for (let i = 0; i < 2000 && !done(); i++) {
    await turns(2);
    if (!done() && r.inFlight() === 0) r.clock.advance(50);
  }
  return done();
}

/** A supervisor's adapter with a CCP and a backend. */
async function supervisorRig() {
  const { clock, mocks, backend, inFlight } = backendRig();
  const adapter = createAmazonConnectAdapter({ ...mocks.adapterOptions, backend, clock });
  const sink = recorder();
  await settle(adapter.connect(sink), clock, inFlight);
  /** A poll refused: by Connect (403 AccessDeniedException), or with `hostSession` by the host's server. */
  const refuse = async (hostSession?: number): Promise<FloorwalkError> => {
    if (hostSession === undefined) mocks.backend.fail(1, 403, 'AccessDeniedException');
    else sessionExpired(hostSession);
    return settle(adapter.refresh(), clock, inFlight).then(
      () => assert.fail('the poll went through'),
      (err: FloorwalkError) => err,
    );
  };
  return { clock, mocks, adapter, sink, inFlight, refuse };
}

test('the CCP signed out, then the backend refusing: the CCP stays the reason, the refusal is an error event; the CCP signed in again leaves failed with the refusal until a reconnect', async () => {
  const r = await supervisorRig();
  r.mocks.streams.expireSession();
  const ccp = lastFailure(r.sink);
  const refused = await r.refuse();
  assert.equal(refused.code, ErrorCode.AuthFailed);
  assert.equal(refused.details?.httpStatus, 403);
  assert.equal(lastFailure(r.sink), ccp, 'not overwritten');
  assert.equal(r.sink.errors.at(-1), refused, 'told beside it');
  const mark = r.sink.statuses.length;
  r.mocks.streams.signIn();
  assert.deepEqual(r.sink.statuses.slice(mark), ['failed'], 'never live while the backend refuses');
  assert.equal(r.sink.reasons.at(-1), refused);
  await assert.rejects(r.adapter.ping(), (err: FloorwalkError) => err === refused);
  // A reconnect polls again: with the backend answering, live.
  await r.adapter.disconnect();
  const sink = recorder();
  await settle(r.adapter.connect(sink), r.clock, r.inFlight);
  assert.deepEqual(sink.statuses, ['live']);
  await r.adapter.ping();
  await r.adapter.disconnect();
});

test('the backend refusing, then the CCP failing: the refusal stays the reason, the CCP failure is an error event; the CCP back leaves failed with the refusal', async () => {
  const r = await supervisorRig();
  const refused = await r.refuse();
  assert.equal(lastFailure(r.sink), refused);
  r.mocks.streams.denyAccess();
  assert.equal(lastFailure(r.sink), refused, 'not overwritten');
  assert.equal(r.sink.errors.at(-1)?.details?.streams, 'access_denied', 'told beside it');
  await assert.rejects(r.adapter.ping());
  const mark = r.sink.statuses.length;
  r.mocks.streams.signIn();
  assert.ok(!r.sink.statuses.slice(mark).includes('live'), `statuses: ${r.sink.statuses.slice(mark).join(', ')}`);
  assert.equal(r.sink.statuses.at(-1), 'failed');
  assert.equal(r.sink.reasons.at(-1), refused);
  await assert.rejects(r.adapter.ping(), (err: FloorwalkError) => err === refused);
  await r.adapter.disconnect();
});

test("ping() rejects with the status's reason when a CCP failure and a backend refusal both hold, in either order", async () => {
  const ccpFirst = await supervisorRig();
  ccpFirst.mocks.streams.expireSession();
  const ccp = lastFailure(ccpFirst.sink);
  await ccpFirst.refuse();
  assert.equal(lastFailure(ccpFirst.sink), ccp);
  await assert.rejects(ccpFirst.adapter.ping(), (err: FloorwalkError) => err === ccp);
  await ccpFirst.adapter.disconnect();

  const backendFirst = await supervisorRig();
  const refused = await backendFirst.refuse();
  backendFirst.mocks.streams.denyAccess();
  assert.equal(lastFailure(backendFirst.sink), refused);
  await assert.rejects(backendFirst.adapter.ping(), (err: FloorwalkError) => err === refused);
  await backendFirst.adapter.disconnect();
});

test("the CCP signed out, then the host's server refusing the session (401): the CCP's sign-in polls once more; answered, the link is live and polls again", async () => {
  const r = await supervisorRig();
  r.mocks.streams.expireSession();
  const ccp = lastFailure(r.sink);
  const refused = await r.refuse(1);
  assert.equal(refused.code, ErrorCode.AuthFailed);
  assert.equal(refused.details?.httpStatus, 401);
  assert.equal(lastFailure(r.sink), ccp);
  const polls = (): number => r.mocks.backend.requests.filter((q) => q.operation === 'GetCurrentUserData').length;
  const before = polls();
  const mark = r.sink.statuses.length;
  r.mocks.streams.signIn();
  assert.ok(await until(r, () => r.sink.statuses.at(-1) === 'live'), `statuses: ${r.sink.statuses.slice(mark).join(', ')}`);
  assert.deepEqual(r.sink.statuses.slice(mark), ['failed', 'live'], 'failed with the refusal until the poll is answered');
  assert.equal(r.sink.reasons[mark], refused);
  assert.equal(polls(), before + 1, 'one poll');
  await r.adapter.ping();
  // Polling is back on its schedule.
  assert.ok(await until(r, () => polls() > before + 1), 'polled again');
  await r.adapter.disconnect();
});

test("the CCP signed out, then the host's server refusing the session (401): refused again after the sign-in, failed with the new refusal, and polling stays stopped", async () => {
  const r = await supervisorRig();
  r.mocks.streams.expireSession();
  const refused = await r.refuse(2);
  const mark = r.sink.statuses.length;
  r.mocks.streams.signIn();
  assert.ok(await until(r, () => r.sink.statuses.length - mark === 2), `statuses: ${r.sink.statuses.slice(mark).join(', ')}`);
  assert.deepEqual(r.sink.statuses.slice(mark), ['failed', 'failed']);
  const again = r.sink.reasons.at(-1);
  assert.ok(again !== undefined && again !== refused, 'the new refusal');
  assert.equal(again.code, ErrorCode.AuthFailed);
  assert.equal(again.details?.httpStatus, 401);
  await assert.rejects(r.adapter.ping(), (err: FloorwalkError) => err === again);
  // Once the retry's own requests (its metrics call went beside it) have settled.
  await until(r, () => r.inFlight() === 0);
  const count = r.mocks.backend.requests.length;
  assert.equal(await until(r, () => r.mocks.backend.requests.length > count), false, 'no polling after the refusal');
  await r.adapter.disconnect();
});

test("a sign-in's poll of an old link that settles after a reconnect changes nothing: the new link's own sign-in poll still clears its 401", async () => {
  const { clock, mocks, backend, inFlight } = backendRig();
  // The host's backend function, holding a team poll until the test lets it go: one that does
  // not heed the abort signal may answer long after a disconnect.
  const get = backend.getCurrentUserData;
  const held: { release: () => void; settled: Promise<unknown> }[] = [];
  let holdNext = false;
  backend.getCurrentUserData = (request, options) => {
    if (!holdNext) return get(request, options);
    holdNext = false;
    let release = (): void => undefined;
    const call = new Promise<void>((resolve) => (release = resolve)).then(() => get(request, options));
    held.push({ release, settled: call.then(() => undefined, () => undefined) });
    return call;
  };
  const adapter = createAmazonConnectAdapter({ ...mocks.adapterOptions, backend, clock });
  const r = { clock, inFlight };
  const refuse = (): Promise<FloorwalkError> => {
    sessionExpired(1);
    return settle(adapter.refresh(), clock, inFlight).then(() => assert.fail('the poll went through'), (err: FloorwalkError) => err);
  };
  await settle(adapter.connect(recorder()), clock, inFlight);
  mocks.streams.expireSession();
  await refuse();
  // The sign-in's one poll, still out when the host reconnects.
  holdNext = true;
  mocks.streams.signIn();
  assert.ok(await until(r, () => held.length === 1), 'the sign-in polled');
  await adapter.disconnect();

  const sink = recorder();
  await settle(adapter.connect(sink), clock, inFlight);
  mocks.streams.expireSession();
  const refused = await refuse();
  assert.equal(refused.details?.httpStatus, 401);
  holdNext = true;
  const mark = sink.statuses.length;
  mocks.streams.signIn();
  assert.ok(await until(r, () => held.length === 2), 'the new sign-in polled');
  // The old link's poll settles first, then the new one is answered.
  held[0]!.release();
  await held[0]!.settled;
  await turns();
  held[1]!.release();
  assert.ok(await until(r, () => sink.statuses.at(-1) === 'live'), `statuses: ${sink.statuses.slice(mark).join(', ')}`);
  assert.deepEqual(sink.statuses.slice(mark), ['failed', 'live']);
  await adapter.ping();
  await adapter.disconnect();
});

test('a refusal no sign-in can cure, or a CCP failure that was no sign-out, asks the backend nothing when the CCP comes back', async () => {
  // Connect's AccessDeniedException: the server's permissions, not the user's sign-in.
  const denied = await supervisorRig();
  denied.mocks.streams.expireSession();
  const refused = await denied.refuse();
  await until(denied, () => denied.inFlight() === 0);
  const count = denied.mocks.backend.requests.length;
  denied.mocks.streams.signIn();
  assert.equal(await until(denied, () => denied.mocks.backend.requests.length > count), false, 'no poll');
  assert.equal(lastFailure(denied.sink), refused);
  await denied.adapter.disconnect();

  // The host's session refused, but the CCP was denied access, not signed out.
  const r = await supervisorRig();
  const session = await r.refuse(1);
  r.mocks.streams.denyAccess();
  await until(r, () => r.inFlight() === 0);
  const polls = r.mocks.backend.requests.length;
  r.mocks.streams.signIn();
  assert.equal(await until(r, () => r.mocks.backend.requests.length > polls), false, 'no poll');
  assert.equal(lastFailure(r.sink), session);
  await r.adapter.disconnect();
});

test("the backend refusing, then the CCP failing: a refresh() the backend answers clears the refusal, failed with the CCP's failure and never live; the CCP back is live", async () => {
  const r = await supervisorRig();
  const refused = await r.refuse();
  r.mocks.streams.denyAccess();
  assert.equal(lastFailure(r.sink), refused);
  const mark = r.sink.statuses.length;
  await settle(r.adapter.refresh(), r.clock, r.inFlight);
  assert.ok(!r.sink.statuses.slice(mark).includes('live'), `statuses: ${r.sink.statuses.slice(mark).join(', ')}`);
  const ccp = lastFailure(r.sink);
  assert.equal(ccp.details?.streams, 'access_denied', 'the CCP failure is the reason now');
  await assert.rejects(r.adapter.ping(), (err: FloorwalkError) => err === ccp);
  r.mocks.streams.signIn();
  assert.equal(r.sink.statuses.at(-1), 'live');
  await r.adapter.ping();
  await r.adapter.disconnect();
});

test('the CCP signed out, then the backend refusing: a refresh() the backend answers leaves failed with the CCP sign-out; its sign-in is live with no poll of its own', async () => {
  const r = await supervisorRig();
  r.mocks.streams.expireSession();
  const ccp = lastFailure(r.sink);
  await r.refuse(1);
  await settle(r.adapter.refresh(), r.clock, r.inFlight);
  assert.equal(lastFailure(r.sink), ccp);
  await until(r, () => r.inFlight() === 0);
  const polls = (): number => r.mocks.backend.requests.filter((q) => q.operation === 'GetCurrentUserData').length;
  const before = polls();
  r.mocks.streams.signIn();
  assert.equal(r.sink.statuses.at(-1), 'live');
  assert.equal(polls(), before, 'no refusal left to ask about');
  await r.adapter.ping();
  await r.adapter.disconnect();
});

/** The host's backend unreachable for the next team poll: the fetch itself fails, as on a dropped network. */
function unreachable(): void {
  server.use(http.post(`${BASE}/metrics/userdata/:instanceId`, () => HttpResponse.error(), { once: true }));
}

for (const [how, cut] of [
  ['a 500 InternalServiceException', (r: Awaited<ReturnType<typeof supervisorRig>>) => r.mocks.backend.fail(1, 500, 'InternalServiceException')],
  ['a network error', () => unreachable()],
] as const) {
  test(`the CCP signed out, the host's server refusing the session (401), then the sign-in's poll failing with ${how}: reconnecting with that failure, and polling goes on until live`, async () => {
    const r = await supervisorRig();
    r.mocks.streams.expireSession();
    const refused = await r.refuse(1);
    await until(r, () => r.inFlight() === 0);
    cut(r);
    const mark = r.sink.statuses.length;
    r.mocks.streams.signIn();
    assert.ok(await until(r, () => r.sink.statuses.at(-1) === 'reconnecting'), `statuses: ${r.sink.statuses.slice(mark).join(', ')}`);
    const lost = r.sink.reasons.at(-1);
    assert.ok(lost !== undefined && lost !== refused, 'the reason is the failure now, not the old refusal');
    assert.equal(lost.code, ErrorCode.VendorError);
    assert.equal(lost.retryable, true);
    await assert.rejects(r.adapter.ping(), (err: FloorwalkError) => err === lost);
    // The next scheduled poll is answered.
    assert.ok(await until(r, () => r.sink.statuses.at(-1) === 'live'), `statuses: ${r.sink.statuses.slice(mark).join(', ')}`);
    assert.deepEqual(r.sink.statuses.slice(mark), ['failed', 'reconnecting', 'live']);
    await r.adapter.ping();
    await r.adapter.disconnect();
  });
}

for (const body of ['{"UserDataList": [', { UserDataList: 'not a list' }]) {
  test(`the CCP signed out, the host's server refusing the session (401), then the sign-in's poll answered 200 with a malformed body (${JSON.stringify(body)}): a MalformedEvent error event, and polling goes on until live`, async () => {
    const r = await supervisorRig();
    r.mocks.streams.expireSession();
    await r.refuse(1);
    await until(r, () => r.inFlight() === 0);
    r.mocks.backend.corruptNextUserData(body);
    const polls = (): number => r.mocks.backend.requests.filter((q) => q.operation === 'GetCurrentUserData').length;
    const before = polls();
    const mark = r.sink.statuses.length;
    const errors = r.sink.errors.length;
    r.mocks.streams.signIn();
    assert.ok(await until(r, () => r.sink.statuses.at(-1) === 'live'), `statuses: ${r.sink.statuses.slice(mark).join(', ')}`);
    const malformed = r.sink.errors.slice(errors).filter((e) => e.code === ErrorCode.MalformedEvent);
    assert.equal(malformed.length, 1, 'the answer is told as malformed');
    assert.match(malformed[0]?.message ?? '', /GetCurrentUserData/);
    // Answered, so the refusal no longer holds; unreadable, so the board is behind until the next poll reads.
    assert.deepEqual(r.sink.statuses.slice(mark), ['failed', 'reconnecting', 'live']);
    assert.equal(r.sink.reasons[mark + 1], malformed[0]);
    assert.equal(polls(), before + 2, "the sign-in's poll, then the schedule's");
    await r.adapter.ping();
    await r.adapter.disconnect();
  });
}

test("the CCP signed out, the host's server refusing the session (401): a refresh() sent before the CCP's sign-in and refused after it does not spend the sign-in's poll, which is asked after it and answered, nor fail the link again", async () => {
  const r = await supervisorRig();
  r.mocks.streams.expireSession();
  await r.refuse(1);
  await until(r, () => r.inFlight() === 0);
  // The host's refresh() goes out on the expired session, and its answer comes after the sign-in.
  let answer: (() => void) | undefined;
  const gate = new Promise<void>((resolve) => (answer = resolve));
  server.use(
    http.post(
      `${BASE}/metrics/userdata/:instanceId`,
      async () => {
        await gate;
        return HttpResponse.json({ message: 'Your session has expired.' }, { status: 401 });
      },
      { once: true },
    ),
  );
  const early = r.adapter.refresh().catch((err: FloorwalkError) => err);
  assert.ok(await until(r, () => r.inFlight() > 0), 'the refresh is out');
  const mark = r.sink.statuses.length;
  r.mocks.streams.signIn();
  answer?.();
  assert.equal(((await early) as FloorwalkError).code, ErrorCode.AuthFailed, 'the refresh itself was refused');
  assert.ok(await until(r, () => r.sink.statuses.at(-1) === 'live'), `statuses: ${r.sink.statuses.slice(mark).join(', ')}`);
  // The old credentials' refusal is told as an error, not as one more failed status, which would
  // have the client ask the host to sign in again for credentials the sign-in already replaced.
  assert.deepEqual(r.sink.statuses.slice(mark), ['failed', 'live'], 'the sign-in (failed with the backend refusal it is to check), then its poll answered');
  assert.equal(r.sink.errors.at(-1)?.code, ErrorCode.AuthFailed, 'the refresh refused, told as an error');
  await r.adapter.ping();
  await r.adapter.disconnect();
});

test("the host's server refusing the first poll (401) with a CCP signed out at page load: the client is failed with the refusal, and the CCP's sign-in polls once more; answered, it is live with no connect() from the host", async () => {
  const { clock, mocks, backend, inFlight } = backendRig();
  const fake = createFakeStreams({ userId: 'sup-1', name: 'Supervisor', clock, signedIn: false });
  const client = createFloorwalk({
    adapter: createAmazonConnectAdapter({ ...mocks.adapterOptions, streams: fake.connect, backend, clock }),
    session: { userId: 'sup-1', role: 'supervisor', teamIds: 'all' },
    clock,
  });
  const seen: ConnectionStatus[] = [];
  const asked: FloorwalkError[] = [];
  client.on('status', (c) => seen.push(c.current));
  client.on('auth-required', (e) => asked.push(e));
  // The page's session lapsed overnight, as the CCP's did: the first poll is refused as Connect refuses it.
  mocks.backend.fail(1, 401, 'UnauthorizedException');
  const connecting = client.connect();
  connecting.catch(() => undefined);
  // Subscribed before the CCP's verdict comes on the clock, as an adapter made with the page is.
  await subscribed(fake);
  const err = await settle(connecting, clock, inFlight).then(
    () => assert.fail('client.connect() resolved while the backend refuses'),
    (e: FloorwalkError) => e,
  );
  assert.equal(err.code, ErrorCode.AuthFailed);
  assert.equal(err.details?.httpStatus, 401);
  assert.equal(err.details?.vendorError, 'UnauthorizedException');
  assert.deepEqual(asked, [err]);
  // The CCP's own verdict comes, and the agent reaches the login window a minute later.
  const r = { clock, inFlight };
  await until(r, () => clock.now() - START > 60_000);
  assert.equal(client.status, 'failed');
  assert.deepEqual(seen, ['connecting', 'failed']);
  const polls = (): number => mocks.backend.requests.filter((q) => q.operation === 'GetCurrentUserData').length;
  const before = polls();
  assert.equal(before, 1, 'polling stopped at the refusal');
  fake.signIn();
  assert.ok(await until(r, () => client.status === 'live'), `statuses: ${seen.join(', ')}`);
  assert.deepEqual(seen, ['connecting', 'failed', 'reconnecting', 'live']);
  assert.equal(polls(), before + 1, "the sign-in's one poll");
  assert.equal(client.getAgent('user-1')?.id, 'user-1', 'the team, from the answered poll');
  // Polling is back on its schedule.
  assert.ok(await until(r, () => polls() > before + 1), 'polled again');
  assert.equal(asked.length, 1, 'asked once');
  await client.disconnect();
});

test('the first poll refused with a CCP signed in: connect() resolves failed with the refusal, never live, and the link stands until a poll the backend answers (a refresh()); without a CCP it rejects', async () => {
  const { clock, mocks, backend, inFlight } = backendRig();
  const adapter = createAmazonConnectAdapter({ ...mocks.adapterOptions, backend, clock });
  const sink = recorder();
  mocks.backend.fail(1, 403, 'AccessDeniedException');
  await settle(adapter.connect(sink), clock, inFlight);
  assert.deepEqual(sink.statuses, ['failed'], 'never live while the backend refuses');
  const refused = lastFailure(sink);
  assert.equal(refused.code, ErrorCode.AuthFailed);
  assert.equal(refused.details?.httpStatus, 403);
  await assert.rejects(adapter.ping(), (err: FloorwalkError) => err === refused);
  // The host had the permission granted and asks again.
  await settle(adapter.refresh(), clock, inFlight);
  assert.deepEqual(sink.statuses, ['failed', 'live']);
  await adapter.ping();
  await adapter.disconnect();
  assert.equal(mocks.streams.subscriptionCount, 0);

  // Backend only: nothing in the page hears the host's session renewed but the host, whose
  // renewAuth reconnects; connect() rejects, and the client's renewAuth path takes it from there.
  const alone = createAmazonConnectAdapter({ ...mocks.adapterOptions, streams: undefined, backend, clock });
  mocks.backend.fail(1, 401, 'UnauthorizedException');
  await assert.rejects(settle(alone.connect(recorder()), clock, inFlight), (err: FloorwalkError) => err.code === ErrorCode.AuthFailed && err.details?.httpStatus === 401);
});

/** A supervisor's adapter with a backend and an embedded CCP that never acknowledges. */
function neverLoadsRig() {
  const { clock, mocks, backend, inFlight } = backendRig();
  const fake = createFakeStreams({ userId: 'sup-1', name: 'Supervisor', clock, ccpLoads: false });
  const adapter = createAmazonConnectAdapter({ ...mocks.adapterOptions, streams: fake.connect, backend, clock });
  return { clock, mocks, fake, adapter, sink: recorder(), inFlight };
}

for (const [status, type] of [
  [401, 'UnauthorizedException'],
  [403, 'AccessDeniedException'],
] as const) {
  test(`a CCP that never loads and the first poll refused (${status}): connect() resolves at once, failed with the refusal rather than the CCP's 30 s wait; the link stands, and Streams giving up is told beside it`, async () => {
    const { clock, mocks, fake, adapter, sink, inFlight } = neverLoadsRig();
    mocks.backend.fail(1, status, type);
    let settled = false;
    const connecting = adapter.connect(sink).finally(() => (settled = true));
    connecting.catch(() => undefined);
    const r = { clock, inFlight };
    // On the page's time alone, the clock held: the refusal is all connect() waits for.
    for (let i = 0; i < 2000 && !settled; i++) await new Promise((resolve) => setTimeout(resolve, 1));
    assert.ok(settled, 'connect() settled with the clock still at its start, before the CCP could have loaded');
    assert.equal(clock.now(), START);
    await connecting;
    assert.deepEqual(sink.statuses, ['failed']);
    const refused = lastFailure(sink);
    assert.equal(refused.code, ErrorCode.AuthFailed);
    assert.equal(refused.details?.httpStatus, status);
    await assert.rejects(adapter.ping(), (err: FloorwalkError) => err === refused);
    // Past the CCP's 30 s and Streams giving up on it (55 s): the refusal stays the reason.
    assert.ok(await until(r, () => sink.errors.some((e) => e.details?.streams === 'iframe_retries_exhausted')), 'Streams gave up');
    assert.deepEqual(sink.statuses, ['failed']);
    await assert.rejects(adapter.ping(), (err: FloorwalkError) => err === refused);
    await adapter.disconnect();
    assert.equal(fake.subscriptionCount, 0);
  });
}

test('a CCP that never loads and the first poll answered: connect() still waits for the CCP, and rejects at its 30 s limit', async () => {
  const { clock, adapter, sink, inFlight } = neverLoadsRig();
  const err = await settle(adapter.connect(sink), clock, inFlight).then(
    () => assert.fail('connect() resolved without a CCP'),
    (e: FloorwalkError) => e,
  );
  assert.equal(err.code, ErrorCode.NotConnected);
  assert.equal(clock.now() - START >= 30_000, true);
  assert.deepEqual(sink.statuses, []);
});

test('a status is told only when it or its reason changes: a refusal cleared while the CCP failure is the reason, or the CCP back while the refusal is, tells nothing', async () => {
  // The CCP signed out first, so it is the reason; the refusal beside it, then a refresh() the backend answers.
  const ccpFirst = await supervisorRig();
  ccpFirst.mocks.streams.expireSession();
  const ccp = lastFailure(ccpFirst.sink);
  await ccpFirst.refuse();
  await settle(ccpFirst.adapter.refresh(), ccpFirst.clock, ccpFirst.inFlight);
  assert.deepEqual(ccpFirst.sink.statuses, ['live', 'failed']);
  assert.deepEqual(ccpFirst.sink.reasons, [undefined, ccp]);
  await assert.rejects(ccpFirst.adapter.ping(), (err: FloorwalkError) => err === ccp);
  ccpFirst.mocks.streams.signIn();
  assert.deepEqual(ccpFirst.sink.statuses, ['live', 'failed', 'reconnecting', 'live']);
  await ccpFirst.adapter.disconnect();

  // The refusal first, so it is the reason; the CCP failing beside it, then signing in again.
  const backendFirst = await supervisorRig();
  const refused = await backendFirst.refuse();
  backendFirst.mocks.streams.denyAccess();
  backendFirst.mocks.streams.signIn();
  assert.deepEqual(backendFirst.sink.statuses, ['live', 'failed']);
  assert.deepEqual(backendFirst.sink.reasons, [undefined, refused]);
  await settle(backendFirst.adapter.refresh(), backendFirst.clock, backendFirst.inFlight);
  assert.deepEqual(backendFirst.sink.statuses, ['live', 'failed', 'live']);
  await backendFirst.adapter.disconnect();
});
