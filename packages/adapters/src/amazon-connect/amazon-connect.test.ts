// The agent side (Streams), commands and the conformance suite. The team side's polling and
// agent event streams are in amazon-connect.team.test.ts.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  ErrorCode,
  FloorwalkError,
  checkEvent,
  type Command,
  type CommandEnvelope,
  type ErrorCodeValue,
  type FloorwalkEvent,
  type Interaction,
  type InteractionEvent,
  type MonitoringEvent,
  type PresenceEvent,
} from '@floorwalk/core';
import { adapterConformanceCases, createManualClock, type ConformanceHarness, type ManualClock } from '@floorwalk/core/testing';
import { createAmazonConnectAdapter, type AmazonConnectAdapter, type AgentEventRecord, type StreamsAgent, type StreamsConnect, type StreamsContact } from '@floorwalk/adapters/amazon-connect';
import { createAmazonConnectMocks, type AmazonConnectMocks } from '@floorwalk/adapters/amazon-connect/mocks';
import { BASE, START, loadAgentEventHandling, recorder, settle, trackedBackend, type Recorder } from './test-support.js';

const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
// Records pushed before their handling has loaded apply once it has; the checks below read them at once.
before(loadAgentEventHandling);
after(() => server.close());

let keys = 0;
const envelope = (command: Command, key = `k-${++keys}`): CommandEnvelope => ({ ...command, key, issuedBy: 'sup-1', issuedAt: START });

async function rejectsWith(promise: Promise<unknown>, code: ErrorCodeValue): Promise<FloorwalkError> {
  let caught: unknown;
  await assert.rejects(promise, (err: unknown) => {
    caught = err;
    return true;
  });
  assert.ok(caught instanceof FloorwalkError, `expected a FloorwalkError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  return caught;
}

interface Rig {
  readonly clock: ManualClock;
  readonly mocks: AmazonConnectMocks;
  readonly adapter: AmazonConnectAdapter;
  readonly sink: Recorder;
  readonly inFlight: () => number;
  settle<T>(p: Promise<T>): Promise<T>;
}

/** A supervisor's adapter over the fake CCP and the mock backend; 20 agents in one team. */
async function rig(opts: { streams?: StreamsConnect | null; users?: number } = {}): Promise<Rig> {
  const clock = createManualClock(START);
  const mocks = createAmazonConnectMocks({ baseUrl: BASE, users: opts.users ?? 20, clock });
  server.resetHandlers(...mocks.backend.handlers);
  const { backend, inFlight } = trackedBackend();
  const streams = opts.streams === null ? undefined : (opts.streams ?? mocks.streams.connect);
  const adapter = createAmazonConnectAdapter({ ...mocks.adapterOptions, streams, backend, clock });
  const sink = recorder();
  await settle(adapter.connect(sink), clock, inFlight);
  return { clock, mocks, adapter, sink, inFlight, settle: (p) => settle(p, clock, inFlight) };
}

const ofType = <T extends FloorwalkEvent['type']>(events: readonly FloorwalkEvent[], type: T): Extract<FloorwalkEvent, { type: T }>[] =>
  events.filter((e): e is Extract<FloorwalkEvent, { type: T }> => e.type === type);

function assertValid(events: readonly FloorwalkEvent[]): void {
  for (const e of events) assert.equal(checkEvent(e), null, `${JSON.stringify(e)} is invalid: ${checkEvent(e)}`);
}

// ---- conformance --------------------------------------------------------------------------

function harness(withStreams: boolean) {
  return (): ConformanceHarness => {
    const clock = createManualClock(START);
    const mocks = createAmazonConnectMocks({ baseUrl: BASE, users: 20, clock });
    server.resetHandlers(...mocks.backend.handlers);
    // The adapter's clock, as the backend's docs ask: a Retry-After date is read against it.
    const { backend, inFlight } = trackedBackend(clock);
    const adapter = createAmazonConnectAdapter({ ...mocks.adapterOptions, backend, clock, streams: withStreams ? mocks.streams.connect : undefined });
    let last: AgentEventRecord | undefined;
    let round = 0;
    return {
      adapter,
      async drive() {
        round++;
        const { streams: ccp, backend: b } = mocks;
        clock.advance(1000);
        if (withStreams) {
          const id = `own-${round}`;
          ccp.offer({ contactId: id, queueId: 'q-support', phoneNumber: '+447700900123' });
          ccp.setContactState(id, 'connected');
          ccp.hold(id, true);
          clock.advance(20_000);
          ccp.hold(id, false);
          ccp.setContactState(id, 'ended');
        }
        b.apply({ kind: 'status', userId: 'user-2', status: round % 2 === 1 ? 'Break' : 'Available' });
        b.apply({ kind: 'offer', userId: 'user-3', contactId: `c3-${round}` });
        b.apply({ kind: 'contact-state', userId: 'user-3', contactId: `c3-${round}`, state: 'CONNECTED' });
        // A task, which Connect has no monitoring of: the suite checks it is refused.
        b.apply({ kind: 'offer', userId: 'user-5', contactId: `t5-${round}`, channel: 'TASK', queueId: 'q-billing' });
        b.apply({ kind: 'contact-state', userId: 'user-5', contactId: `t5-${round}`, state: 'CONNECTED' });
        b.apply({ kind: 'queue', queueId: 'q-support', waiting: round + 1, oldestAgeSeconds: 30 });
        await settle(adapter.refresh().catch(() => undefined), clock, inFlight);
        clock.advance(1000);
        b.apply({ kind: 'status', userId: 'user-4', status: 'Lunch' });
        last = b.agentEvent('user-4', 'STATE_CHANGE');
        adapter.pushAgentEvents([last]);
      },
      redeliver: async () => adapter.pushAgentEvents(last === undefined ? [] : [last]),
      sendMalformed: async () => adapter.pushAgentEvents(['{"EventType":', { EventType: 'STATE_CHANGE', AgentARN: 42 }]),
      // A reloaded page: a new adapter, nothing of the first one's memory, over the same CCP and
      // backend, a second later (a reload takes a moment, and so a status set again is a change of
      // its own), its CCP's first snapshot showing what Connect holds, a status set before included.
      reload() {
        clock.advance(1_000);
        if (withStreams) mocks.streams.refresh();
        return createAmazonConnectAdapter({ ...mocks.adapterOptions, backend, clock, streams: withStreams ? mocks.streams.connect : undefined });
      },
      // The clock stands still within a send, so a status set twice can share a since: count the calls.
      applied: () => mocks.streams.setStateCalls.length + mocks.backend.requests.filter((r) => r.operation === 'PutUserStatus' && r.status === 200).length,
      // The page's network drops for longer than a poll retries, then comes back. The CCP shows it
      // as Streams does (its WebSocket lost, its agent polls failing, so no snapshot), and the host
      // backend, reached over the same network, answers nothing. The backend is back first and a
      // poll answered, then the CCP's WebSocket and its next snapshot: the polls that fail, and the
      // one after, are asked for.
      // Meanwhile a supervisor in Connect's console puts user-6 in training, which the page cannot hear.
      async interrupt() {
        if (withStreams) mocks.streams.dropNetwork();
        server.use(http.all(`${BASE}/*`, () => HttpResponse.error()));
        await settle(adapter.refresh().catch(() => undefined), clock, inFlight);
        mocks.backend.apply({ kind: 'status', userId: 'user-6', status: 'Training' });
        server.resetHandlers(...mocks.backend.handlers);
        await settle(adapter.refresh().catch(() => undefined), clock, inFlight);
        if (withStreams) mocks.streams.restoreNetwork();
        return { agentId: 'user-6', state: 'training' } as const;
      },
      // Connect's ThrottlingException on the route the command takes. The suite sets the first
      // agent's status: with Streams that is the CCP's own agent, whose setState failure Streams
      // hands on without Connect's Retry-After; without it, PutUserStatus on the host's backend,
      // which passes the header on.
      rateLimit(seconds) {
        if (!withStreams) return mocks.backend.throttle(1, seconds, 'PutUserStatus');
        mocks.streams.failNextSetState({ type: 'ThrottlingException', message: 'Rate exceeded', statusCode: 429 });
        return 'no-retry-after';
      },
      // Only the host's backend passes Connect's Retry-After on: there, a proxy's HTTP-date form,
      // by the adapter's clock. With Streams the command goes by the CCP, which drops the header.
      ...(!withStreams && {
        rateLimitByDate(seconds: number) {
          mocks.backend.throttleUntil(1, new Date(clock.now() + seconds * 1000), 'PutUserStatus');
        },
      }),
      // Expired credentials on the route the command takes: the CCP's session (Streams hands on
      // Connect's 401 as its call error) or the host backend's AWS credentials (Connect's
      // ExpiredTokenException, a 403 with its x-amzn-ErrorType).
      refuseCredentials() {
        if (withStreams) return mocks.streams.failNextSetState({ type: 'UnauthorizedException', message: 'Session expired', statusCode: 401 });
        mocks.backend.fail(1, 403, 'ExpiredTokenException');
      },
    };
  };
}

// A case that checked nothing says why, and shows as a skip rather than a pass.
for (const [name, streams] of [['amazon-connect', true], ['amazon-connect without Streams', false]] as const) {
  for (const c of adapterConformanceCases(name, harness(streams))) {
    test(c.name, async (t) => {
      await c.run();
      if (c.skipped !== undefined) t.skip(c.skipped);
    });
  }
}

test("the harness's interrupt drops the link as Streams shows a network drop: reconnecting for the CCP's lost link, and live only once the CCP is back, not when the backend is", async () => {
  const h = harness(true)();
  const sink = recorder();
  await h.adapter.connect(sink);
  const from = sink.statuses.length;
  await (h.interrupt as () => Promise<void>)();
  const seen = sink.statuses.slice(from).map((st, i) => `${st}:${String(sink.reasons[from + i]?.details?.streams ?? sink.reasons[from + i]?.code)}`);
  assert.equal(seen[0], 'reconnecting:websocket_connection_lost', seen.join(' '));
  assert.equal(seen.at(-1), 'live:undefined', seen.join(' '));
  // The backend answered again before the CCP: that poll did not end the CCP's loss.
  assert.equal(seen.filter((x) => x.startsWith('live')).length, 1, seen.join(' '));
  assert.equal(seen.at(-2), 'reconnecting:websocket_connection_lost', seen.join(' '));
  await h.adapter.disconnect();
});

test('capabilities: no whisper, monitoring only with a CCP and MonitorContact, set-presence with either path', async () => {
  const full = await rig();
  assert.deepEqual(full.adapter.capabilities.monitoringModes, ['listen', 'barge']);
  assert.deepEqual([...full.adapter.capabilities.commands].sort(), ['change-monitoring-mode', 'set-presence', 'start-monitoring', 'stop-monitoring']);
  assert.deepEqual(full.adapter.capabilities.channels, ['voice', 'chat', 'task', 'email']);
  await rejectsWith(full.adapter.execute(envelope({ type: 'start-monitoring', agentId: 'user-3', interactionId: 'x', mode: 'whisper' })), ErrorCode.Unsupported);
  await rejectsWith(full.adapter.execute(envelope({ type: 'raise-hand', agentId: 'user-3', reason: 'help' })), ErrorCode.Unsupported);
  await full.adapter.disconnect();
  const teamOnly = await rig({ streams: null });
  assert.deepEqual(teamOnly.adapter.capabilities.monitoringModes, []);
  assert.deepEqual(teamOnly.adapter.capabilities.commands, ['set-presence']);
  await teamOnly.adapter.disconnect();
});

// ---- Streams: agent state -----------------------------------------------------------------

test('subscribes with the runtime event names (agent::state_change), and lets every subscription go on disconnect', async () => {
  const r = await rig();
  const held = r.mocks.streams.subscriptionCount;
  assert.ok(held > 0);
  assert.equal(r.mocks.streams.connect.AgentEvents.STATE_CHANGE, 'agent::state_change');
  const mark = r.sink.received.length;
  r.mocks.streams.choose('Break');
  const presence = ofType(r.sink.since(mark), 'presence');
  assert.equal(presence.length, 1);
  assert.equal(presence[0]?.agentId, 'sup-1');
  await r.adapter.disconnect();
  assert.equal(r.mocks.streams.subscriptionCount, 0);
  r.mocks.streams.choose('Lunch');
  assert.equal(r.sink.received.length, mark + 1);
});

test('the event bus is subscribed by the runtime names the Streams object carries, never by a spelled name', async () => {
  const clock = createManualClock(START);
  const mocks = createAmazonConnectMocks({ baseUrl: BASE, users: 5, clock });
  const real = mocks.streams.connect;
  const names: string[] = [];
  const streams: StreamsConnect = {
    ...real,
    core: {
      ...real.core,
      getEventBus: () => ({
        subscribe: (name, cb) => {
          names.push(name);
          return real.core.getEventBus().subscribe(name, cb);
        },
      }),
    },
  };
  const adapter = createAmazonConnectAdapter({ instanceId: 'i-1', streams, clock });
  const sink = recorder();
  await adapter.connect(sink);
  assert.deepEqual(names, ['agent::state_change', 'agent::websocket_connection_lost', 'agent::websocket_connection_gained']);
  await adapter.disconnect();
});

test('maps every selectable status of the CCP to its canonical presence and reason', async () => {
  const r = await rig();
  const expected = [
    ['Break', 'break', true],
    ['Lunch', 'meal', true],
    ['Training', 'training', true],
    ['Meeting', 'meeting', true],
    ['Offline', 'offline', false],
    ['Available', 'available', false],
  ] as const;
  for (const [name, state, hasReason] of expected) {
    r.clock.advance(1000);
    const mark = r.sink.received.length;
    r.mocks.streams.choose(name);
    const e = ofType(r.sink.since(mark), 'presence')[0] as PresenceEvent;
    assert.equal(e.presence.state, state, name);
    assert.equal(e.presence.since, r.clock.now(), name);
    if (hasReason) {
      assert.equal(e.presence.reason?.label, name);
      assert.match(e.presence.reason?.id ?? '', /^11111111-/, 'the reason id is the agent status id');
    } else assert.equal(e.presence.reason, undefined);
  }
  const snapshot = await r.adapter.snapshot();
  const defs = new Map((snapshot.presenceDefinitions ?? []).map((d) => [d.state, d.reasons.map((x) => x.label)]));
  assert.deepEqual(defs.get('meal'), ['Lunch']);
  assert.deepEqual(defs.get('available'), []);
  assert.equal(r.sink.errors.length, 0);
});

test('busy states (type system, null ARN) are routing activity: the chosen presence stays', async () => {
  const r = await rig();
  const before = (await r.adapter.snapshot()).agents?.find((a) => a.id === 'sup-1');
  assert.equal(before?.presence.state, 'available');
  const mark = r.sink.received.length;
  r.mocks.streams.offer({ contactId: 'v-1', queueId: 'q-sales' }); // PendingBusy
  r.mocks.streams.setContactState('v-1', 'connected'); // Busy
  r.mocks.streams.setContactState('v-1', 'ended'); // AfterCallWork
  const agent = r.mocks.streams.connect;
  let seen = '';
  agent.agent((a) => {
    seen = `${a.getState().name}/${a.getState().type}/${String(a.getState().agentStateARN)}`;
  });
  assert.equal(seen, 'AfterCallWork/system/null');
  const events = r.sink.since(mark);
  assert.equal(ofType(events, 'presence').length, 0, 'no presence change for system states');
  assert.equal(ofType(events, 'agent').length, 0);
  assert.deepEqual(
    ofType(events, 'interaction').map((e) => e.interaction.state),
    ['offered', 'connected', 'wrap-up'],
  );
  assert.equal(r.sink.errors.length, 0);
});

test('an agent first seen on a call shows the status they chose, read by name from the availability state Streams returns raw ({ state, timeStamp }, no type)', async () => {
  const clock = createManualClock(START);
  const mocks = createAmazonConnectMocks({ baseUrl: BASE, users: 1, clock });
  mocks.streams.choose('Training');
  clock.advance(5_000);
  mocks.streams.offer({ contactId: 'on-call', queueId: 'q-sales' });
  mocks.streams.setContactState('on-call', 'connected'); // Busy: type system, null ARN
  let raw: unknown;
  mocks.streams.connect.agent((a) => void (raw = a.getAvailabilityState?.()));
  assert.deepEqual(Object.keys(raw as object).sort(), ['state', 'timeStamp']);
  const adapter = createAmazonConnectAdapter({ instanceId: 'i-1', streams: mocks.streams.connect, clock });
  const sink = recorder();
  await adapter.connect(sink);
  const self = (await adapter.snapshot()).agents?.find((a) => a.id === 'sup-1');
  assert.equal(self?.presence.state, 'training');
  assert.equal(self?.presence.reason?.label, 'Training');
  assert.equal(self?.presence.since, START, 'since the status was chosen, not since the call');
  assert.equal((await adapter.snapshot()).interactions?.find((i) => i.id === 'on-call')?.state, 'connected');
  assert.equal(sink.errors.length, 0);
  await adapter.disconnect();
});

test('error states (MissedCallAgent) set not-responding, and clearing them unsets it', async () => {
  const r = await rig();
  const mark = r.sink.received.length;
  r.mocks.streams.setError('MissedCallAgent');
  r.mocks.streams.setError(null);
  const flags = ofType(r.sink.since(mark), 'not-responding').map((e) => [e.agentId, e.notResponding]);
  assert.deepEqual(flags, [
    ['sup-1', true],
    ['sup-1', false],
  ]);
  assert.equal(ofType(r.sink.since(mark), 'presence').length, 0);
});

test('an unknown Streams state type is a typed error and changes nothing', async () => {
  const clock = createManualClock(START);
  const mocks = createAmazonConnectMocks({ baseUrl: BASE, users: 5, clock });
  const real = mocks.streams.connect;
  let weird = false;
  // A Streams build with a state type we do not know, behind an otherwise real surface.
  const streams: StreamsConnect = {
    ...real,
    agent: (cb) =>
      real.agent((a) => {
        const wrapped: StreamsAgent = {
          ...a,
          getState: () => (weird ? { name: 'Hibernating', type: 'hibernate', agentStateARN: null, startTimestamp: new Date(clock.now()) } : a.getState()),
          onRefresh: (f) => a.onRefresh(() => f(wrapped)),
        };
        cb(wrapped);
      }),
  };
  const adapter = createAmazonConnectAdapter({ instanceId: 'i-1', streams, clock });
  const sink = recorder();
  await adapter.connect(sink);
  const before = JSON.stringify((await adapter.snapshot()).agents);
  weird = true;
  mocks.streams.refresh();
  assert.equal(sink.errors.length, 1);
  assert.equal(sink.errors[0]?.code, ErrorCode.MalformedEvent);
  assert.match(sink.errors[0]?.message ?? '', /hibernate/);
  assert.equal(JSON.stringify((await adapter.snapshot()).agents), before);
  await adapter.disconnect();
});

test('malformed Streams data (unknown contact types and states, getters that throw) is reported and skipped', async () => {
  const clock = createManualClock(START);
  const mocks = createAmazonConnectMocks({ baseUrl: BASE, users: 5, clock });
  const real = mocks.streams.connect;
  const bad: Record<string, (c: StreamsContact) => StreamsContact> = {
    'c-video': (c) => ({ ...c, getType: () => 'video' }),
    'c-state': (c) => ({ ...c, getState: () => ({ type: 'teleported', timestamp: new Date(clock.now()) }) }),
    'c-throws': (c) => ({
      ...c,
      getState: () => {
        throw new Error('boom');
      },
    }),
  };
  const wrap = (c: StreamsContact): StreamsContact => bad[c.contactId]?.(c) ?? c;
  let brokenAgent = false;
  const streams: StreamsConnect = {
    ...real,
    contact: (cb) => real.contact((c) => cb(wrap(c))),
    agent: (cb) =>
      real.agent((a) => {
        const wrapped: StreamsAgent = {
          ...a,
          getContacts: () => a.getContacts().map(wrap),
          getAgentARN: () => (brokenAgent ? 'not-an-arn' : a.getAgentARN()),
          onRefresh: (f) => a.onRefresh(() => f(wrapped)),
        };
        cb(wrapped);
      }),
  };
  const adapter = createAmazonConnectAdapter({ instanceId: 'i-1', streams, clock });
  const sink = recorder();
  await adapter.connect(sink);
  for (const id of Object.keys(bad)) mocks.streams.offer({ contactId: id });
  mocks.streams.offer({ contactId: 'c-good', type: 'chat' });
  const reported = new Set(sink.errors.map((e) => e.message.match(/video|teleported|boom/)?.[0]));
  assert.deepEqual([...reported].sort(), ['boom', 'teleported', 'video']);
  assert.ok(sink.errors.every((e) => e.code === ErrorCode.MalformedEvent));
  const ids = ((await adapter.snapshot()).interactions ?? []).map((i) => i.id);
  assert.deepEqual(ids, ['c-good']);
  // A refresh reads every contact: the bad ones are reported again, the good one still moves.
  mocks.streams.setContactState('c-good', 'connected');
  assert.equal((await adapter.snapshot()).interactions?.find((i) => i.id === 'c-good')?.state, 'connected');
  const errors = sink.errors.length;
  brokenAgent = true;
  mocks.streams.refresh();
  assert.ok(sink.errors.length > errors, 'an agent without an agent ARN is reported');
  assertValid(sink.received);
  await adapter.disconnect();
});

test('setState success means accepted: presence stays pending until a snapshot confirms it', async () => {
  const r = await rig();
  const mark = r.sink.received.length;
  await r.adapter.execute(envelope({ type: 'set-presence', agentId: 'sup-1', state: 'meal' }));
  assert.equal(r.mocks.streams.setStateCalls.at(-1)?.name, 'Lunch');
  assert.match(r.mocks.streams.setStateCalls.at(-1)?.agentStateARN ?? '', /agent-state\/11111111-0000-0000-0000-000000000003$/);
  assert.equal(ofType(r.sink.since(mark), 'presence').length, 0, 'nothing changes on acceptance');
  assert.equal(r.adapter.pendingPresence('sup-1'), 'meal');
  r.clock.advance(1200);
  r.mocks.streams.refresh(); // the CCP's next snapshot
  const confirmed = ofType(r.sink.since(mark), 'presence');
  assert.equal(confirmed.length, 1);
  assert.equal(confirmed[0]?.presence.state, 'meal');
  assert.equal(r.adapter.pendingPresence('sup-1'), undefined);

  // A reason code picks the exact status.
  await r.adapter.execute(envelope({ type: 'set-presence', agentId: 'sup-1', state: 'meeting', reason: { id: '11111111-0000-0000-0000-000000000005', label: 'Meeting' } }));
  assert.equal(r.mocks.streams.setStateCalls.at(-1)?.name, 'Meeting');

  r.mocks.streams.failNextSetState('putAgentState: InvalidStateException');
  const err = await rejectsWith(r.adapter.execute(envelope({ type: 'set-presence', agentId: 'sup-1', state: 'break' })), ErrorCode.VendorError);
  assert.match(err.message, /InvalidStateException/);
  await rejectsWith(r.adapter.execute(envelope({ type: 'set-presence', agentId: 'sup-1', state: 'away' })), ErrorCode.Unsupported);
});

test('a status an earlier page queued is read back before setState sends it again: done if the CCP shows it, Conflict if the agent chose another since, sent if neither', async () => {
  const r = await rig();
  // The earlier page's intent, then the agent picks Lunch in the CCP: a Break sent now would undo it.
  const issuedAt = r.clock.now();
  r.clock.advance(1_000);
  r.mocks.streams.choose('Lunch');
  const restored = (state: 'break' | 'meal', at = issuedAt): CommandEnvelope => ({ type: 'set-presence', agentId: 'sup-1', state, key: `earlier-${state}-${at}`, issuedBy: 'sup-1', issuedAt: at, restored: true });
  const calls = r.mocks.streams.setStateCalls.length;
  await rejectsWith(r.adapter.execute(restored('break')), ErrorCode.Conflict);
  await r.adapter.execute(restored('meal'));
  assert.equal(r.adapter.pendingPresence('sup-1'), 'meal', 'already shown: nothing to send');
  assert.equal(r.mocks.streams.setStateCalls.length, calls, 'neither was sent');
  // Nothing changed since this one was queued: it is sent.
  r.clock.advance(1_000);
  await r.adapter.execute(restored('break', r.clock.now()));
  assert.deepEqual(r.mocks.streams.setStateCalls.slice(calls).map((d) => d.name), ['Break']);
  await r.adapter.disconnect();
});

test('a setState whose answer was lost is read back before the same key is sent again: done if the CCP shows it, Conflict if the status changed since, sent if it still shows the one from before', async () => {
  const r = await rig();
  let self: StreamsAgent | undefined;
  r.mocks.streams.connect.agent((a) => void (self = a));
  const agent = self as StreamsAgent;
  const setState = agent.setState;
  /**
   * Tries `command` once with the CCP going away mid-call (`landed`: its request reached Connect
   * first, or not), as a client does: a new link, then the same key again.
   */
  const loseAnswer = async (command: CommandEnvelope, landed: boolean): Promise<void> => {
    let asked = 0;
    agent.setState = (def, _cb, opts) => {
      asked++;
      if (landed) setState(def, undefined, opts);
    };
    const first = r.adapter.execute(command);
    first.catch(() => undefined);
    for (let i = 0; i < 10_000 && asked === 0; i++) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(asked, 1, 'setState asked');
    await r.adapter.disconnect();
    await rejectsWith(first, ErrorCode.NotConnected);
    agent.setState = setState;
    await r.settle(r.adapter.connect(r.sink));
  };
  const names = (from: number): string[] => r.mocks.streams.setStateCalls.slice(from).map((d) => d.name);

  // It landed: the CCP's next snapshot shows Break, so the retry has nothing to send.
  const onBreak = envelope({ type: 'set-presence', agentId: 'sup-1', state: 'break' }, 'lost-break');
  await loseAnswer(onBreak, true);
  r.clock.advance(1_000);
  r.mocks.streams.refresh();
  let calls = r.mocks.streams.setStateCalls.length;
  await r.adapter.execute(onBreak);
  assert.deepEqual(names(calls), [], 'Break shown: not sent again');
  assert.equal(r.adapter.pendingPresence('sup-1'), 'break');

  // It landed, then the agent went back to Available in the CCP: Lunch sent again would undo that.
  r.clock.advance(1_000);
  const onLunch = envelope({ type: 'set-presence', agentId: 'sup-1', state: 'meal' }, 'lost-lunch');
  await loseAnswer(onLunch, true);
  r.clock.advance(1_000);
  r.mocks.streams.refresh();
  r.clock.advance(1_000);
  r.mocks.streams.choose('Available');
  calls = r.mocks.streams.setStateCalls.length;
  await rejectsWith(r.adapter.execute(onLunch), ErrorCode.Conflict);
  assert.deepEqual(names(calls), [], 'not sent over the agent’s own choice');

  // It never reached Connect: the CCP still shows the status from before the first try, so it is sent.
  r.clock.advance(1_000);
  const onLunchAgain = envelope({ type: 'set-presence', agentId: 'sup-1', state: 'meal' }, 'lost-lunch-2');
  await loseAnswer(onLunchAgain, false);
  calls = r.mocks.streams.setStateCalls.length;
  await r.adapter.execute(onLunchAgain);
  assert.deepEqual(names(calls), ['Lunch']);

  // Streams' failure callback says nothing of whether Connect applied it either: read back the same way.
  r.clock.advance(1_000);
  r.mocks.streams.refresh();
  r.mocks.streams.failNextSetState('putAgentState: NetworkingError: Failed to fetch');
  const onMeeting = envelope({ type: 'set-presence', agentId: 'sup-1', state: 'meeting' }, 'failed-meeting');
  await rejectsWith(r.adapter.execute(onMeeting), ErrorCode.VendorError);
  r.clock.advance(1_000);
  r.mocks.streams.choose('Break');
  calls = r.mocks.streams.setStateCalls.length;
  await rejectsWith(r.adapter.execute(onMeeting), ErrorCode.Conflict);
  assert.deepEqual(names(calls), []);
  assert.deepEqual(r.sink.errors, []);
  await r.adapter.disconnect();
});

// ---- Streams calls the CCP never answers -------------------------------------------------

/** Streams calls have the HTTP calls' limit (errors.ts). */
const LIMIT_MS = 30_000;

/**
 * Once `asked()` (the Streams call made: the commands module loads on the first command, while
 * the clock stands still), drives the rig's clock as `settle` does until `command` settles or the
 * clock is a second past the limit, whichever is first: without a limit it would never settle.
 */
async function outcomeWithinLimit(r: Rig, command: Promise<unknown>, asked: () => boolean): Promise<{ outcome: unknown; elapsed: number }> {
  command.catch(() => undefined);
  for (let i = 0; i < 10_000 && !asked(); i++) await new Promise((resolve) => setImmediate(resolve));
  assert.ok(asked(), 'the Streams call was made');
  const from = r.clock.now();
  let outcome: unknown = 'pending';
  const settled = command.then(
    () => void (outcome = 'resolved'),
    (err: unknown) => void (outcome = err),
  );
  let deadline: unknown;
  await r.settle(Promise.race([settled, new Promise<void>((resolve) => (deadline = r.clock.setTimeout(resolve, LIMIT_MS + 1_000)))]));
  r.clock.clearTimeout(deadline);
  return { outcome, elapsed: r.clock.now() - from };
}

function assertLostAnswer({ outcome, elapsed }: { outcome: unknown; elapsed: number }, operation: string): void {
  assert.ok(outcome instanceof FloorwalkError, `${operation} settled within the limit: ${String(outcome)} after ${elapsed} ms`);
  assert.equal(outcome.code, ErrorCode.VendorError, outcome.message);
  assert.equal(outcome.retryable, true, 'a lost answer is sent again');
  assert.equal(outcome.details?.operation, operation);
  assert.ok(elapsed >= LIMIT_MS && elapsed <= LIMIT_MS + 1_000, `failed at the limit, not before: ${elapsed} ms`);
}

const turns = async (n = 20): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** Collects unhandled rejections while `body` runs. */
async function noUnhandled(body: () => Promise<void>): Promise<void> {
  const unhandled: unknown[] = [];
  const collect = (reason: unknown): void => void unhandled.push(reason);
  process.on('unhandledRejection', collect);
  try {
    await body();
    await turns();
  } finally {
    process.off('unhandledRejection', collect);
  }
  assert.deepEqual(unhandled, [], 'no unhandled rejection');
}

test('a setState the CCP never answers fails at the limit as a lost answer: retryable VendorError, its retry read back (shown: done, not sent again), a late callback changes nothing', async () => {
  await noUnhandled(async () => {
    const r = await rig();
    const timers = r.clock.pendingTimers;
    // The request reaches Connect, the CCP's callback never comes.
    const answer = r.mocks.streams.stopAnswering();
    const onBreak = envelope({ type: 'set-presence', agentId: 'sup-1', state: 'break' }, 'unanswered-break');
    const calls = r.mocks.streams.setStateCalls.length;
    assertLostAnswer(await outcomeWithinLimit(r, r.adapter.execute(onBreak), () => r.mocks.streams.setStateCalls.length > calls), 'setState');
    assert.equal(r.mocks.streams.setStateCalls.length, calls + 1);

    // The CCP now shows Break: the retry of the same key is done without a second setState.
    // (Driven as the first try was: sent again to the silent CCP, it would fail at the limit, not hang.)
    r.mocks.streams.refresh();
    assert.equal((await outcomeWithinLimit(r, r.adapter.execute(onBreak), () => true)).outcome, 'resolved');
    assert.equal(r.mocks.streams.setStateCalls.length, calls + 1, 'not sent again');
    assert.equal(r.adapter.pendingPresence('sup-1'), 'break');

    // The CCP's late success: nothing to settle, nothing to report.
    const mark = r.sink.received.length;
    answer();
    await turns();
    assert.deepEqual(r.sink.since(mark), []);
    assert.equal(r.adapter.pendingPresence('sup-1'), 'break');

    // A late failure callback is no unhandled rejection either; a status that went on answering leaves no timer behind.
    r.clock.advance(1_000);
    r.mocks.streams.failNextSetState('putAgentState: NetworkingError: Failed to fetch');
    const fail = r.mocks.streams.stopAnswering();
    const more = r.mocks.streams.setStateCalls.length;
    const onLunch = r.adapter.execute(envelope({ type: 'set-presence', agentId: 'sup-1', state: 'meal' }));
    assertLostAnswer(await outcomeWithinLimit(r, onLunch, () => r.mocks.streams.setStateCalls.length > more), 'setState');
    fail();
    await turns();
    await r.adapter.execute(envelope({ type: 'set-presence', agentId: 'sup-1', state: 'meeting' }));
    assert.equal(r.mocks.streams.setStateCalls.at(-1)?.name, 'Meeting');
    assert.ok(r.clock.pendingTimers <= timers, `the limit's timers are cleared (${r.clock.pendingTimers} pending, ${timers} before)`);
    assert.deepEqual(r.sink.errors, []);
    await r.adapter.disconnect();
  });
});

test('updateMonitorParticipantState and destroy the CCP never answers fail at the limit, retryably; a late callback changes nothing and the retry goes through', async () => {
  await noUnhandled(async () => {
    const r = await rig();
    r.mocks.backend.apply({ kind: 'offer', userId: 'user-3', contactId: 'c-9' });
    r.mocks.backend.apply({ kind: 'contact-state', userId: 'user-3', contactId: 'c-9', state: 'CONNECTED' });
    await r.settle(r.adapter.refresh());
    const mark = r.sink.received.length;
    await r.settle(r.adapter.execute(envelope({ type: 'start-monitoring', agentId: 'user-3', interactionId: 'c-9', mode: 'barge' })));
    const session = (): MonitoringEvent['session'] | undefined => ofType(r.sink.since(mark), 'monitoring').at(-1)?.session;
    for (let i = 0; i < 1_000 && session()?.mode !== 'barge'; i++) await new Promise((resolve) => setImmediate(resolve));
    const id = session()?.id as string;
    assert.equal(session()?.mode, 'barge');

    // Back to listening; the CCP takes it but never calls back.
    let answer = r.mocks.streams.stopAnswering();
    const toListen = envelope({ type: 'change-monitoring-mode', sessionId: id, mode: 'listen' }, 'unanswered-listen');
    assertLostAnswer(await outcomeWithinLimit(r, r.adapter.execute(toListen), () => r.mocks.streams.monitorCalls.length > 1), 'updateMonitorParticipantState');
    const before = r.sink.received.length;
    answer();
    await turns();
    assert.deepEqual(r.sink.since(before), [], 'the late callback changes nothing');
    await r.adapter.execute(toListen);
    assert.deepEqual(r.mocks.streams.monitorCalls.map((c) => c.mode), ['BARGE', 'SILENT_MONITOR'], 'the CCP shows listen: the retry is done without a second call');

    // Leaving the contact, with the CCP silent again.
    answer = r.mocks.streams.stopAnswering();
    // destroy leaves no record in the fake but its effect: the monitoring contact gone from the CCP.
    const gone = (): boolean => session()?.endedAt !== undefined;
    assertLostAnswer(await outcomeWithinLimit(r, r.adapter.execute(envelope({ type: 'stop-monitoring', sessionId: id })), gone), 'destroy');
    const after = r.sink.received.length;
    answer();
    await turns();
    assert.deepEqual(r.sink.since(after), [], 'the late callback changes nothing');
    assert.deepEqual(r.sink.errors, []);
    await r.adapter.disconnect();
  });
});

/** user-3 on a connected call c-9, which the supervisor monitors in `mode`; the session's id and its latest state. */
async function monitored(r: Rig, mode: 'listen' | 'barge'): Promise<{ id: string; session: () => MonitoringEvent['session'] | undefined }> {
  r.mocks.backend.apply({ kind: 'offer', userId: 'user-3', contactId: 'c-9' });
  r.mocks.backend.apply({ kind: 'contact-state', userId: 'user-3', contactId: 'c-9', state: 'CONNECTED' });
  await r.settle(r.adapter.refresh());
  const mark = r.sink.received.length;
  await r.settle(r.adapter.execute(envelope({ type: 'start-monitoring', agentId: 'user-3', interactionId: 'c-9', mode })));
  const session = (): MonitoringEvent['session'] | undefined => ofType(r.sink.since(mark), 'monitoring').at(-1)?.session;
  for (let i = 0; i < 1_000 && session()?.mode !== mode; i++) await new Promise((resolve) => setImmediate(resolve));
  assert.equal(session()?.mode, mode);
  return { id: session()?.id as string, session };
}

test('a stop whose answer was lost at the limit but which Connect carried out is done on its retry; a stop never sent of an ended or unknown session stays UnknownEntity', async () => {
  await noUnhandled(async () => {
    const r = await rig();
    const { id, session } = await monitored(r, 'listen');
    const answer = r.mocks.streams.stopAnswering();
    const stop = envelope({ type: 'stop-monitoring', sessionId: id }, 'stop-unanswered');
    assertLostAnswer(await outcomeWithinLimit(r, r.adapter.execute(stop), () => session()?.endedAt !== undefined), 'destroy');
    answer();
    await turns();
    // The same key again: the session it stopped has ended, so what it asked for is done.
    await r.adapter.execute(stop);
    // Only for that key: another stop of the ended session, or one of a session never known, was never sent.
    await rejectsWith(r.adapter.execute(envelope({ type: 'stop-monitoring', sessionId: id })), ErrorCode.UnknownEntity);
    await rejectsWith(r.adapter.execute(envelope({ type: 'stop-monitoring', sessionId: 'mon:c-nope:conn-nope' })), ErrorCode.UnknownEntity);
    assert.deepEqual(r.sink.errors, []);
    await r.adapter.disconnect();
  });
});

test('a stop cancelled at disconnect that Connect carried out is done when sent again on the next link', async () => {
  const r = await rig();
  const { id, session } = await monitored(r, 'barge');
  const answer = r.mocks.streams.stopAnswering();
  const stop = envelope({ type: 'stop-monitoring', sessionId: id }, 'stop-cancelled');
  const first = r.adapter.execute(stop);
  first.catch(() => undefined);
  for (let i = 0; i < 1_000 && session()?.endedAt === undefined; i++) await new Promise((resolve) => setImmediate(resolve));
  assert.notEqual(session()?.endedAt, undefined, 'the CCP carried the stop out');
  await r.adapter.disconnect();
  const err = await rejectsWith(first, ErrorCode.NotConnected);
  assert.equal(err.retryable, true);
  answer();
  await r.settle(r.adapter.connect(r.sink));
  await r.adapter.execute(stop);
  await r.adapter.disconnect();
});

test('a mode change whose answer was lost and which shows is done on its retry without a second call; a restored one too', async () => {
  await noUnhandled(async () => {
    const r = await rig();
    const { id, session } = await monitored(r, 'barge');
    const answer = r.mocks.streams.stopAnswering();
    const toListen = envelope({ type: 'change-monitoring-mode', sessionId: id, mode: 'listen' }, 'listen-unanswered');
    assertLostAnswer(await outcomeWithinLimit(r, r.adapter.execute(toListen), () => r.mocks.streams.monitorCalls.length > 1), 'updateMonitorParticipantState');
    answer();
    await turns();
    assert.equal(session()?.mode, 'listen');
    await r.adapter.execute(toListen);
    assert.deepEqual(
      r.mocks.streams.monitorCalls.map((c) => c.mode),
      ['BARGE', 'SILENT_MONITOR'],
      'the CCP shows the mode: not asked again',
    );
    // An earlier page's change, replayed here, that the CCP already shows.
    await r.adapter.execute({ ...envelope({ type: 'change-monitoring-mode', sessionId: id, mode: 'listen' }), restored: true });
    assert.equal(r.mocks.streams.monitorCalls.length, 2);
    // One that does not show yet is sent.
    await r.adapter.execute({ ...envelope({ type: 'change-monitoring-mode', sessionId: id, mode: 'barge' }), restored: true });
    assert.deepEqual(r.mocks.streams.monitorCalls.at(-1)?.mode, 'BARGE');
    assert.deepEqual(r.sink.errors, []);
    await r.adapter.disconnect();
  });
});

test('a Streams method that throws instead of calling back fails the command typed: StateError retryable and not a lost answer, ValueError not retryable; no timer left', async () => {
  await noUnhandled(async () => {
    const r = await rig();
    const { id } = await monitored(r, 'barge');
    const timers = r.clock.pendingTimers;

    // The CCP not initialised: nothing was sent, so the retry sends rather than reads back.
    r.mocks.streams.throwNext('StateError');
    const onBreak = envelope({ type: 'set-presence', agentId: 'sup-1', state: 'break' }, 'thrown-break');
    const calls = r.mocks.streams.setStateCalls.length;
    const thrown = await rejectsWith(r.adapter.execute(onBreak), ErrorCode.VendorError);
    assert.equal(thrown.retryable, true);
    assert.equal(thrown.details?.operation, 'setState');
    assert.equal(thrown.details?.vendorError, 'StateError');
    assert.equal(r.clock.pendingTimers, timers, 'the limit’s timer is cleared');
    // The agent picks a status in the CCP meanwhile: a lost answer's retry would now be a Conflict.
    r.clock.advance(1_000);
    r.mocks.streams.choose('Lunch');
    await r.adapter.execute(onBreak);
    assert.equal(r.mocks.streams.setStateCalls.length, calls + 1);
    assert.equal(r.mocks.streams.setStateCalls.at(-1)?.name, 'Break');

    // An argument Streams refuses is refused again: not retryable.
    r.mocks.streams.throwNext('ValueError');
    const refused = await rejectsWith(r.adapter.execute(envelope({ type: 'change-monitoring-mode', sessionId: id, mode: 'listen' })), ErrorCode.VendorError);
    assert.equal(refused.retryable, false);
    assert.equal(refused.details?.vendorError, 'ValueError');

    r.mocks.streams.throwNext('StateError');
    const stop = envelope({ type: 'stop-monitoring', sessionId: id });
    assert.equal((await rejectsWith(r.adapter.execute(stop), ErrorCode.VendorError)).retryable, true);
    assert.equal(r.clock.pendingTimers, timers, 'no timer left behind');
    await r.adapter.execute(stop);
    assert.deepEqual(r.sink.errors, []);
    await r.adapter.disconnect();
  });
});

test('a break picked on a live call is queued as the next status: presence stays, pending break, applied once the contact is cleared', async () => {
  const r = await rig();
  r.mocks.streams.offer({ contactId: 'c-live', queueId: 'q-support' });
  r.mocks.streams.setContactState('c-live', 'connected');
  const mark = r.sink.received.length;
  // Streams sets a status only while the agent handles no live contact; on one, as the next status.
  await r.adapter.execute(envelope({ type: 'set-presence', agentId: 'sup-1', state: 'break' }));
  assert.equal(r.mocks.streams.setStateCalls.at(-1)?.name, 'Break');
  assert.equal(r.adapter.pendingPresence('sup-1'), 'break');
  r.mocks.streams.refresh();
  r.mocks.streams.setContactState('c-live', 'ended'); // after-contact work
  assert.deepEqual(ofType(r.sink.since(mark), 'presence'), [], 'not on break while the call and its wrap-up go on');
  assert.equal((await r.adapter.snapshot()).agents?.find((a) => a.id === 'sup-1')?.presence.state, 'available');
  assert.equal(r.adapter.pendingPresence('sup-1'), 'break');
  r.mocks.streams.clear('c-live');
  assert.deepEqual(
    ofType(r.sink.since(mark), 'presence').map((e) => e.presence.state),
    ['break'],
  );
  assert.equal(r.adapter.pendingPresence('sup-1'), undefined);
  assert.deepEqual(r.sink.errors, []);
});

// ---- Streams: contacts --------------------------------------------------------------------

function states(events: readonly FloorwalkEvent[], id: string): Interaction[] {
  return ofType(events, 'interaction')
    .filter((e: InteractionEvent) => e.interaction.id === id)
    .map((e) => e.interaction);
}

test('a voice contact: connecting, connected, hold and resume on the connection, after-contact work, cleared', async () => {
  const r = await rig();
  const ccp = r.mocks.streams;
  const mark = r.sink.received.length;
  ccp.offer({ contactId: 'v-1', queueId: 'q-support', phoneNumber: '+447700900123' });
  r.clock.advance(4000);
  ccp.setContactState('v-1', 'connected');
  r.clock.advance(30_000);
  ccp.hold('v-1', true);
  r.clock.advance(15_000);
  ccp.hold('v-1', false);
  r.clock.advance(60_000);
  ccp.setContactState('v-1', 'ended');
  r.clock.advance(20_000);
  ccp.clear('v-1');
  const seq = states(r.sink.since(mark), 'v-1');
  assert.deepEqual(
    seq.map((i) => i.state),
    ['offered', 'connected', 'held', 'connected', 'wrap-up', 'ended'],
  );
  const [offered, connected, held, resumed, wrap, done] = seq as [Interaction, Interaction, Interaction, Interaction, Interaction, Interaction];
  assert.equal(offered.channel, 'voice');
  assert.equal(offered.direction, 'inbound');
  assert.equal(offered.agentId, 'sup-1');
  assert.equal(offered.queueId, 'q-support');
  assert.equal(offered.customer?.phone, '+447700900123');
  assert.equal(offered.offeredAt, START);
  assert.equal(connected.connectedAt, START + 4000);
  assert.equal(held.heldAt, START + 34_000);
  assert.equal(held.holdCount, 1);
  assert.equal(resumed.holdMs, 15_000);
  assert.equal(resumed.heldAt, undefined);
  assert.equal(wrap.wrapUpAt, START + 109_000);
  assert.equal(done.endReason, 'completed');
  assert.equal(done.endedAt, START + 129_000);
  assertValid(r.sink.received);
  assert.equal(r.sink.errors.length, 0, 'reading a destroyed contact would throw; the adapter must not');
  assert.equal((await r.adapter.snapshot()).interactions?.some((i) => i.id === 'v-1'), false);
});

/** A connected adapter on mocks whose Connect clock runs `skewMs` off the page's, with or without the fake CCP. */
async function skewedRig(skewMs: number, withCcp: boolean) {
  const clock = createManualClock(START);
  const mocks = createAmazonConnectMocks({ baseUrl: BASE, users: 20, clock, skewMs });
  server.resetHandlers(...mocks.backend.handlers);
  const { backend, inFlight } = trackedBackend();
  const adapter = createAmazonConnectAdapter({ ...mocks.adapterOptions, ...(withCcp ? {} : { streams: undefined }), backend, clock });
  const sink = recorder();
  await settle(adapter.connect(sink), clock, inFlight);
  return { clock, mocks, adapter, sink, inFlight };
}

/** An agent's latest presence in `events`: an agent first seen comes as an `agent` event, with its presence inside. */
const lastPresence = (events: readonly FloorwalkEvent[], id: string) =>
  events.flatMap((e) => (e.type === 'presence' && e.agentId === id ? [e.presence] : e.type === 'agent' && e.agent.id === id ? [e.agent.presence] : [])).at(-1);

test("times are read on the page's clock however far Connect's clock is off, as Streams' getStateDuration() corrects them", async () => {
  for (const skewMs of [120_000, -120_000]) {
    // Connect's clock two minutes ahead of the page's, then two minutes behind.
    const { clock, mocks, adapter, sink, inFlight } = await skewedRig(skewMs, true);
    const ccp = mocks.streams;
    clock.advance(5000);
    const t = clock.now();
    const mark = sink.received.length;
    ccp.choose('Break');
    const own = ofType(sink.since(mark), 'presence').filter((e) => e.agentId === 'sup-1');
    assert.equal(own.at(-1)?.presence.state, 'break', `skew ${skewMs}`);
    assert.equal(own.at(-1)?.presence.since, t, `skew ${skewMs}: the break began now on the page's clock, not ${skewMs} ms off`);

    clock.advance(1000);
    ccp.offer({ contactId: `s-${skewMs}`, queueId: 'q-support', phoneNumber: '+447700900123' });
    clock.advance(3000);
    ccp.setContactState(`s-${skewMs}`, 'connected');
    const seq = states(sink.since(mark), `s-${skewMs}`);
    assert.deepEqual(seq.map((i) => [i.state, i.offeredAt, i.connectedAt]), [['offered', t + 1000, undefined], ['connected', t + 1000, t + 4000]], `skew ${skewMs}`);

    // Each snapshot measures the skew again; the same skew restates nothing.
    const before = sink.received.length;
    for (let i = 0; i < 3; i++) {
      clock.advance(100);
      ccp.refresh();
    }
    assert.deepEqual(ofType(sink.since(before), 'presence').filter((e) => e.agentId === 'sup-1'), [], `skew ${skewMs}: refreshes restated presence`);
    // A poll's latency moves Streams' estimate by a few hundred ms: nothing is restated either.
    ccp.setSkew(skewMs + 300);
    clock.advance(100);
    ccp.refresh();
    assert.deepEqual(ofType(sink.since(before), 'presence').filter((e) => e.agentId === 'sup-1'), [], `skew ${skewMs}: a 300 ms wobble restated presence`);
    // The page's clock is set back 30 s: the break's start moves with it, so its duration holds.
    ccp.setSkew(skewMs + 30_000);
    clock.advance(100);
    ccp.refresh();
    const restated = ofType(sink.since(before), 'presence').filter((e) => e.agentId === 'sup-1');
    assert.equal(restated.at(-1)?.presence.since, t - 30_000, `skew ${skewMs}: after the page's clock moved`);
    ccp.setSkew(skewMs);
    clock.advance(100);
    ccp.refresh();

    // The team's times, from polls and agent event records, are Connect's too: the same skew
    // puts them on the page's clock, so a CCP snapshot and a record agree on which is newer.
    const team = sink.received.length;
    mocks.backend.apply({ kind: 'status', userId: 'user-4', status: 'Lunch' });
    const lunchAt = clock.now();
    adapter.pushAgentEvents([mocks.backend.agentEvent('user-4', 'STATE_CHANGE')]);
    clock.advance(2000);
    mocks.backend.apply({ kind: 'status', userId: 'user-5', status: 'Break' });
    const breakAt = clock.now();
    await settle(adapter.refresh(), clock, inFlight);
    const presenceOf = (id: string, from = team) => lastPresence(sink.since(from), id);
    assert.equal(presenceOf('user-4')?.since, lunchAt, `skew ${skewMs}: an agent event record's time`);
    assert.equal(presenceOf('user-5')?.since, breakAt, `skew ${skewMs}: a poll's time`);
    const selfMark = sink.received.length;
    // A record for the supervisor (as user-6's, renamed: the mock instance has no sup-1), now on Connect's clock.
    const record = mocks.backend.agentEvent('user-6', 'STATE_CHANGE');
    adapter.pushAgentEvents([JSON.parse(JSON.stringify(record).replaceAll('/agent/user-6', '/agent/sup-1'))]);
    clock.advance(1000);
    ccp.choose('Training');
    assert.equal(presenceOf('sup-1', selfMark)?.reason?.label, 'Training', `skew ${skewMs}: the CCP's change a second after the record was taken for an older one`);
    assert.equal(presenceOf('sup-1', selfMark)?.since, clock.now(), `skew ${skewMs}`);
    assert.equal(sink.errors.length, 0);
    await adapter.disconnect();
  }
});

test("without a CCP, a skew of minutes is read from the metrics' DataSnapshotTime and puts the polls' times on the page's clock", async () => {
  for (const skewMs of [180_000, -180_000]) {
    const { clock, mocks, adapter, sink, inFlight } = await skewedRig(skewMs, false);
    clock.advance(1000);
    mocks.backend.apply({ kind: 'status', userId: 'user-5', status: 'Break' });
    const breakAt = clock.now();
    const mark = sink.received.length;
    // The first poll reads the skew as it goes; the next one has every time on the page's clock.
    await settle(adapter.refresh(), clock, inFlight);
    clock.advance(1000);
    await settle(adapter.refresh(), clock, inFlight);
    assert.equal(lastPresence(sink.since(mark), 'user-5')?.since, breakAt, `skew ${skewMs}`);
    // Polls after that restate nothing: the same reading moves no time.
    const quiet = sink.received.length;
    for (let i = 0; i < 3; i++) {
      clock.advance(1000);
      await settle(adapter.refresh(), clock, inFlight);
    }
    assert.deepEqual(ofType(sink.since(quiet), 'presence'), [], `skew ${skewMs}: later polls restated presence`);
    assert.equal(sink.errors.length, 0);
    await adapter.disconnect();
  }
});

test('a contact that vanishes while active (ended, then destroyed) ends without reading it', async () => {
  const r = await rig();
  const mark = r.sink.received.length;
  r.mocks.streams.offer({ contactId: 'v-2', type: 'chat' });
  r.mocks.streams.offer({ contactId: 'v-3', type: 'chat' });
  r.mocks.streams.setContactState('v-2', 'connected');
  r.mocks.streams.setContactState('v-3', 'connected');
  r.clock.advance(5000);
  r.mocks.streams.clear('v-2');
  assert.equal((await r.adapter.snapshot()).interactions?.find((i) => i.id === 'v-3')?.state, 'connected', 'the other chat goes on');
  const last = states(r.sink.since(mark), 'v-2').at(-1);
  assert.equal(last?.state, 'ended');
  assert.equal(last?.endReason, 'completed');
  assert.equal(last?.endedAt, START + 5000);
  assert.deepEqual(r.sink.errors, []);
});

test('a contact already in the CCP before connect is followed too (connect.contact() does not replay it)', async () => {
  const clock = createManualClock(START);
  const mocks = createAmazonConnectMocks({ baseUrl: BASE, users: 5, clock });
  mocks.streams.offer({ contactId: 'early', type: 'chat' });
  const adapter = createAmazonConnectAdapter({ instanceId: 'i-1', streams: mocks.streams.connect, clock });
  const sink = recorder();
  await adapter.connect(sink);
  assert.equal((await adapter.snapshot()).interactions?.find((i) => i.id === 'early')?.state, 'offered');
  mocks.streams.setContactState('early', 'connected');
  assert.equal(states(sink.received, 'early').at(-1)?.state, 'connected');
  mocks.streams.clear('early');
  assert.equal(states(sink.received, 'early').at(-1)?.state, 'ended');
  await adapter.disconnect();
  assert.equal(mocks.streams.subscriptionCount, 0);
});

test('a poll older than the CCP cannot take the supervisor’s own contact back from wrap-up', async () => {
  const r = await rig({ users: 5 });
  r.mocks.streams.offer({ contactId: 'both', queueId: 'q-sales' });
  r.mocks.streams.setContactState('both', 'connected');
  r.mocks.streams.setContactState('both', 'ended');
  // The supervisor is also in a polled team, and the backend still lists the contact connected.
  const adapter = createAmazonConnectAdapter({
    instanceId: 'i-1',
    streams: r.mocks.streams.connect,
    clock: r.clock,
    backend: {
      getCurrentUserData: async () => ({
        UserDataList: [
          {
            User: { Id: 'sup-1' },
            Status: { StatusName: 'Available', StatusStartTimestamp: START / 1000 },
            Contacts: [{ ContactId: 'both', Channel: 'VOICE', AgentContactState: 'CONNECTED', StateStartTimestamp: START / 1000, Queue: { Id: 'q-sales' } }],
          },
        ],
      }),
    },
    teams: [{ id: 't', name: 'T', agentIds: ['sup-1'] }],
  });
  const sink = recorder();
  await adapter.connect(sink);
  await r.settle(adapter.refresh());
  assert.equal((await adapter.snapshot()).interactions?.find((i) => i.id === 'both')?.state, 'wrap-up');
  assert.deepEqual(
    states(sink.received, 'both').map((i) => i.state),
    ['wrap-up'],
  );
  await adapter.disconnect();
});

test('chat, task, email and queued callbacks map to their channels and directions; paused tasks are held', async () => {
  const r = await rig();
  const ccp = r.mocks.streams;
  const mark = r.sink.received.length;
  ccp.offer({ contactId: 'chat-1', type: 'chat' });
  ccp.offer({ contactId: 'task-1', type: 'task' });
  ccp.offer({ contactId: 'mail-1', type: 'email' });
  ccp.offer({ contactId: 'cb-1', type: 'queue_callback' });
  ccp.setContactState('task-1', 'connected');
  ccp.setContactState('task-1', 'paused');
  const first = (id: string): Interaction => states(r.sink.since(mark), id)[0] as Interaction;
  assert.equal(first('chat-1').channel, 'chat');
  assert.equal(first('task-1').channel, 'task');
  assert.equal(first('mail-1').channel, 'email');
  assert.equal(first('cb-1').channel, 'voice');
  assert.equal(first('cb-1').direction, 'outbound');
  assert.equal(first('cb-1').state, 'offered', 'a callback starts incoming');
  assert.deepEqual(
    states(r.sink.since(mark), 'task-1').map((i) => i.state),
    ['offered', 'connected', 'held'],
  );
  assert.equal(first('chat-1').customer, undefined, 'no phone number outside voice');
});

test('every Streams contact state maps as the README table says', async () => {
  const table = [
    ['incoming', 'offered', undefined],
    ['pending', 'offered', undefined],
    ['connecting', 'offered', undefined],
    ['connected', 'connected', undefined],
    ['paused', 'held', undefined],
    ['ended', 'wrap-up', undefined],
    ['missed', 'ended', 'missed'],
    ['rejected', 'ended', 'rejected'],
    ['error', 'ended', 'error'],
  ] as const;
  const r = await rig();
  const mark = r.sink.received.length;
  for (const [vendor, state, reason] of table) {
    r.mocks.streams.offer({ contactId: `s-${vendor}`, state: vendor });
    const last = states(r.sink.since(mark), `s-${vendor}`).at(-1);
    assert.equal(last?.state, state, vendor);
    assert.equal(last?.endReason, reason, vendor);
  }
  r.mocks.streams.offer({ contactId: 's-init', state: 'init' });
  assert.equal(states(r.sink.since(mark), 's-init').length, 0, 'init is skipped until it has a state');
  assert.deepEqual(r.sink.errors, []);
});

test('missed, rejected and failed contacts end with their reasons', async () => {
  const r = await rig();
  const ccp = r.mocks.streams;
  const mark = r.sink.received.length;
  for (const [id, state, reason] of [
    ['m-1', 'missed', 'missed'],
    ['m-2', 'rejected', 'rejected'],
    ['m-3', 'error', 'error'],
  ] as const) {
    ccp.offer({ contactId: id });
    ccp.setContactState(id, state);
    const last = states(r.sink.since(mark), id).at(-1);
    assert.equal(last?.state, 'ended', id);
    assert.equal(last?.endReason, reason, id);
  }
  // The agent's error state that follows a missed call.
  ccp.setError('MissedCallAgent');
  assert.equal(ofType(r.sink.since(mark), 'not-responding').at(-1)?.notResponding, true);
});

// ---- monitoring ---------------------------------------------------------------------------

test('silent monitoring and barge: MonitorContact through the backend, mode changes and leaving through Streams', async () => {
  const r = await rig();
  r.mocks.backend.apply({ kind: 'offer', userId: 'user-3', contactId: 'c-9' });
  r.mocks.backend.apply({ kind: 'contact-state', userId: 'user-3', contactId: 'c-9', state: 'CONNECTED' });
  await r.settle(r.adapter.refresh());
  const mark = r.sink.received.length;
  await r.settle(r.adapter.execute(envelope({ type: 'start-monitoring', agentId: 'user-3', interactionId: 'c-9', mode: 'barge' }, 'mon-1')));
  const call = r.mocks.backend.requests.filter((q) => q.operation === 'MonitorContact');
  assert.equal(call.length, 1);
  assert.deepEqual(call[0]?.body, {
    InstanceId: r.mocks.backend.instanceId,
    ContactId: 'c-9',
    UserId: 'sup-1',
    AllowedMonitorCapabilities: ['SILENT_MONITOR', 'BARGE'],
    ClientToken: 'mon-1',
  });
  await new Promise((resolve) => setImmediate(resolve));
  // MonitorContact joins silently; barge is the second step, on the CCP's monitoring contact.
  assert.deepEqual(r.mocks.streams.monitorCalls, [{ contactId: 'c-9', mode: 'BARGE' }]);
  const sessions = (): MonitoringEvent[] => ofType(r.sink.since(mark), 'monitoring');
  assert.deepEqual(
    sessions().map((e) => e.session.mode),
    ['listen', 'barge'],
  );
  const session = sessions().at(-1)?.session;
  assert.equal(session?.agentId, 'user-3');
  assert.equal(session?.supervisorId, 'sup-1');
  assert.equal(session?.interactionId, 'c-9');
  // The same key again is the same command: no second MonitorContact.
  await r.settle(r.adapter.execute(envelope({ type: 'start-monitoring', agentId: 'user-3', interactionId: 'c-9', mode: 'barge' }, 'mon-1')));
  assert.equal(r.mocks.backend.requests.filter((q) => q.operation === 'MonitorContact').length, 1);
  await rejectsWith(r.adapter.execute(envelope({ type: 'start-monitoring', agentId: 'user-3', interactionId: 'c-9', mode: 'listen' })), ErrorCode.Conflict);

  await r.adapter.execute(envelope({ type: 'change-monitoring-mode', sessionId: session?.id as string, mode: 'listen' }));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(sessions().at(-1)?.session.mode, 'listen');
  await r.adapter.execute(envelope({ type: 'stop-monitoring', sessionId: session?.id as string }));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(typeof sessions().at(-1)?.session.endedAt, 'number');
  assert.equal((await r.adapter.snapshot()).monitoring?.length, 0);
  // The monitored agent's own interaction is untouched by the supervisor leaving.
  assert.equal((await r.adapter.snapshot()).interactions?.find((i) => i.id === 'c-9')?.state, 'connected');
  await rejectsWith(r.adapter.execute(envelope({ type: 'stop-monitoring', sessionId: session?.id as string })), ErrorCode.UnknownEntity);
  // The same stop queued by an earlier page and replayed here: what it asked for is done.
  await r.adapter.execute({ ...envelope({ type: 'stop-monitoring', sessionId: session?.id as string }), restored: true });
  // Monitoring the same contact again is a new session.
  await r.settle(r.adapter.execute(envelope({ type: 'start-monitoring', agentId: 'user-3', interactionId: 'c-9', mode: 'listen' })));
  const again = sessions().at(-1)?.session;
  assert.equal(again?.endedAt, undefined);
  assert.notEqual(again?.id, session?.id);
  assert.equal((await r.adapter.snapshot()).monitoring?.length, 1);
  assertValid(r.sink.received);
  assert.deepEqual(r.sink.errors, [], 'the vanished monitoring contact is never read');
});

test('disconnect() settles every command still out, retryably: a MonitorContact never answered, a setState Streams never called back, a PutUserStatus waiting for its request slot', { timeout: 10_000 }, async () => {
  const r = await rig();
  r.mocks.backend.apply({ kind: 'offer', userId: 'user-3', contactId: 'c-9' });
  r.mocks.backend.apply({ kind: 'contact-state', userId: 'user-3', contactId: 'c-9', state: 'CONNECTED' });
  await r.settle(r.adapter.refresh());
  // A dead route: the request leaves and nothing comes back. And a CCP whose iframe went away.
  server.use(http.post(`${BASE}/contact/monitor`, () => new Promise<never>(() => {})));
  let self: StreamsAgent | undefined;
  r.mocks.streams.connect.agent((a) => void (self = a));
  let asked = 0;
  (self as StreamsAgent).setState = () => void asked++;
  const out = [
    r.adapter.execute(envelope({ type: 'start-monitoring', agentId: 'user-3', interactionId: 'c-9', mode: 'listen' }, 'mon-dead')),
    r.adapter.execute(envelope({ type: 'set-presence', agentId: 'sup-1', state: 'break' })),
    r.adapter.execute(envelope({ type: 'set-presence', agentId: 'user-4', state: 'break' })),
    r.adapter.execute(envelope({ type: 'set-presence', agentId: 'user-5', state: 'meal' })),
  ];
  for (const p of out) p.catch(() => undefined);
  for (let i = 0; i < 10_000 && (asked === 0 || r.inFlight() === 0); i++) await new Promise((resolve) => setImmediate(resolve));
  assert.ok(asked === 1 && r.inFlight() === 1, 'setState asked and MonitorContact out');
  await r.adapter.disconnect();
  const settled = await Promise.allSettled(out);
  for (const [i, s] of settled.entries()) {
    assert.equal(s.status, 'rejected', `command ${i}`);
    const e = (s as PromiseRejectedResult).reason as unknown;
    assert.ok(e instanceof FloorwalkError && e.retryable, `command ${i} may be sent again: ${String(e)}`);
  }
  // A new link sends the same key again, and Connect (ClientToken) joins the supervisor once.
  server.resetHandlers(...r.mocks.backend.handlers);
  await r.settle(r.adapter.connect(r.sink));
  await r.settle(r.adapter.execute(envelope({ type: 'start-monitoring', agentId: 'user-3', interactionId: 'c-9', mode: 'listen' }, 'mon-dead')));
  assert.equal(r.mocks.backend.requests.filter((q) => q.operation === 'MonitorContact' && q.status === 200).length, 1);
  await r.adapter.disconnect();
});

test('a session started as listen cannot barge: MonitorContact allowed SILENT_MONITOR only, which Connect holds it to', async () => {
  const r = await rig();
  r.mocks.backend.apply({ kind: 'offer', userId: 'user-3', contactId: 'c-9' });
  r.mocks.backend.apply({ kind: 'contact-state', userId: 'user-3', contactId: 'c-9', state: 'CONNECTED' });
  await r.settle(r.adapter.refresh());
  const mark = r.sink.received.length;
  await r.settle(r.adapter.execute(envelope({ type: 'start-monitoring', agentId: 'user-3', interactionId: 'c-9', mode: 'listen' })));
  const request = r.mocks.backend.requests.filter((q) => q.operation === 'MonitorContact').at(-1);
  assert.deepEqual(request?.body.AllowedMonitorCapabilities, ['SILENT_MONITOR']);
  await new Promise((resolve) => setImmediate(resolve));
  const session = ofType(r.sink.since(mark), 'monitoring').at(-1)?.session;
  assert.equal(session?.mode, 'listen');
  const err = await rejectsWith(r.adapter.execute(envelope({ type: 'change-monitoring-mode', sessionId: session?.id as string, mode: 'barge' })), ErrorCode.Unsupported);
  assert.deepEqual(err.details?.allowed, ['SILENT_MONITOR']);
  assert.deepEqual(r.mocks.streams.monitorCalls, [], 'Connect is not asked for what it refuses');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(ofType(r.sink.since(mark), 'monitoring').at(-1)?.session.mode, 'listen', 'the session is still a silent one');
  // Listening again is within what was allowed.
  await r.adapter.execute(envelope({ type: 'change-monitoring-mode', sessionId: session?.id as string, mode: 'listen' }));
  assert.deepEqual(r.sink.errors, []);
});

test('a barged supervisor left alone with the agent cannot listen again: refused at once, Conflict, not retryable, Connect not asked; with three on the contact it goes through', async () => {
  const r = await rig();
  const { id, session } = await monitored(r, 'barge');
  const listen = (key?: string) => r.adapter.execute(envelope({ type: 'change-monitoring-mode', sessionId: id, mode: 'listen' }, key));
  // Customer, agent and the barged supervisor: back to listening is Connect's to allow.
  await listen();
  await turns();
  assert.equal(session()?.mode, 'listen');
  await r.adapter.execute(envelope({ type: 'change-monitoring-mode', sessionId: id, mode: 'barge' }));
  await turns();
  assert.equal(session()?.mode, 'barge');
  assert.deepEqual(
    r.mocks.streams.monitorCalls.map((c) => c.mode),
    ['BARGE', 'SILENT_MONITOR', 'BARGE'],
  );

  // The customer hangs up: the supervisor and the agent remain.
  r.mocks.streams.hangUp('c-9', 'customer');
  const err = await rejectsWith(listen('listen-two-left'), ErrorCode.Conflict);
  assert.equal(err.retryable, false);
  assert.match(err.message, /Stay barged, or leave/);
  assert.equal(r.mocks.streams.monitorCalls.length, 3, 'Connect is not asked for what it refuses');
  // Its retry (the outbox's, or the host's) is refused the same way, and sends nothing either.
  await rejectsWith(listen('listen-two-left'), ErrorCode.Conflict);
  assert.equal(r.mocks.streams.monitorCalls.length, 3);
  await turns();
  assert.equal(session()?.mode, 'barge', 'still barged');
  // Leaving is still open.
  await r.adapter.execute(envelope({ type: 'stop-monitoring', sessionId: id }));
  await turns();
  assert.equal(typeof session()?.endedAt, 'number');
  assert.deepEqual(r.sink.errors, []);
  await r.adapter.disconnect();
});

test('monitoring rejects what Connect would: unknown or ended contacts, a contact that is not connected', async () => {
  const r = await rig();
  await rejectsWith(r.adapter.execute(envelope({ type: 'start-monitoring', agentId: 'user-3', interactionId: 'nope', mode: 'listen' })), ErrorCode.UnknownInteraction);
  await rejectsWith(r.adapter.execute(envelope({ type: 'start-monitoring', agentId: 'ghost', interactionId: 'nope', mode: 'listen' })), ErrorCode.UnknownAgent);
  r.mocks.backend.apply({ kind: 'offer', userId: 'user-3', contactId: 'c-ring' }); // still connecting
  await r.settle(r.adapter.refresh());
  const err = await rejectsWith(r.settle(r.adapter.execute(envelope({ type: 'start-monitoring', agentId: 'user-3', interactionId: 'c-ring', mode: 'listen' }))), ErrorCode.VendorError);
  assert.equal(err.details?.vendorError, 'InvalidRequestException');
  assert.equal(err.retryable, false);
});

test('the CCP session expiring reports failed with AuthFailed', async () => {
  const r = await rig();
  await r.adapter.ping();
  r.mocks.streams.expireSession();
  assert.equal(r.sink.statuses.at(-1), 'failed');
  await rejectsWith(r.adapter.ping(), ErrorCode.AuthFailed);
  await r.settle(r.adapter.refresh());
  await rejectsWith(r.adapter.ping(), ErrorCode.AuthFailed);
});

test('connect refuses a streams object that is not an initialised Streams global', async () => {
  const adapter = createAmazonConnectAdapter({ instanceId: 'i-1', streams: {} as StreamsConnect });
  await rejectsWith(adapter.connect(recorder()), ErrorCode.InvalidArgument);
  await rejectsWith(createAmazonConnectAdapter({ instanceId: '' }).connect(recorder()), ErrorCode.InvalidArgument);
});
