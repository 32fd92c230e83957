// The agent side over a FakeWorker, the conformance suite on both sides, and the commands that
// go through the host backend (msw).
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { after, afterEach, before, test } from 'node:test';
import { setupServer } from 'msw/node';
import { ErrorCode, checkEvent, createFloorwalk, type CommandEnvelope, type FloorwalkError, type Interaction } from '@floorwalk/core';
import { adapterConformanceCases, createManualClock, type ConformanceHarness } from '@floorwalk/core/testing';
import { createTwilioAdapter } from '@floorwalk/adapters/twilio';
import {
  FAKE_ACTIVITIES,
  FakeSyncClient,
  FakeWorker,
  generateWorkerItems,
  playWorkerScenario,
  transferTask,
  twilioBackendHandlers,
  type FakeTaskInit,
} from '@floorwalk/adapters/twilio/mocks';
import { BACKEND, START, envelope, ofType, recorder, rejectsWith, settle } from './test-rig.js';

const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
after(() => server.close());

const VOICE: FakeTaskInit = {
  channel: 'voice',
  attributes: {
    from: '+15555550100',
    direction: 'inbound',
    call_sid: 'CA00000000000000000000000000000c01',
    conference: { sid: 'CF00000000000000000000000000000001', participants: { worker: 'CA00000000000000000000000000000a01', customer: 'CA00000000000000000000000000000c01' } },
  },
};

async function agentRig(options: { ready?: boolean; supervisor?: boolean; getToken?: () => Promise<string> } = {}) {
  const clock = createManualClock(START);
  const worker = new FakeWorker({ now: clock.now, ready: options.ready ?? true, supervisor: options.supervisor ?? false });
  const backend = twilioBackendHandlers({ baseUrl: BACKEND, now: clock.now });
  server.use(...backend.handlers);
  const adapter = createTwilioAdapter({ worker, clock, backendUrl: BACKEND, ...(options.getToken && { getToken: options.getToken }) });
  const sink = recorder();
  return { clock, worker, backend, adapter, sink };
}

const sidOf = (name: string): string => (FAKE_ACTIVITIES.find((a) => a.name === name) as { sid: string }).sid;

// ---- conformance --------------------------------------------------------------------------

function agentHarness(): ConformanceHarness {
  const clock = createManualClock(START);
  let calls = 0;
  const worker = new FakeWorker({ now: clock.now });
  const backend = twilioBackendHandlers({ baseUrl: BACKEND, now: clock.now });
  server.use(...backend.handlers);
  return {
    adapter: createTwilioAdapter({ worker, clock, backendUrl: BACKEND }),
    async drive() {
      clock.advance(1_000);
      const done = worker.offer(VOICE);
      clock.advance(4_000);
      await done.accept();
      clock.advance(90_000);
      await done.wrap();
      clock.advance(20_000);
      await done.complete();
      clock.advance(1_000);
      worker.changeActivity('Break');
      clock.advance(300_000);
      worker.changeActivity('Available');
      clock.advance(2_000);
      // A call whose attributes name its conference but not the agent's leg (Flex writes that
      // once the leg joins; some setups never do): the suite monitors it in every mode.
      const cf = `CF${(++calls).toString(16).padStart(32, '0')}`;
      await worker.offer({ channel: 'voice', attributes: { from: '+15555550101', conference: { sid: cf } } }).accept();
      backend.joinCall(cf, 'customer');
      backend.joinCall(cf, 'worker');
      clock.advance(2_000);
      await worker.offer({ channel: 'chat', attributes: { name: 'Sam' } }).accept();
    },
    redeliver: async () => worker.redeliver(),
    sendMalformed: async () => worker.emitRaw('reservationCreated', { sid: 'WR-no-task' }),
    // A reloaded page: a new adapter over the same Worker (TaskRouter keeps the worker's state).
    // A reload takes a moment, so an activity sent again is a change of its own, a second later.
    reload: () => (clock.advance(1_000), createTwilioAdapter({ worker, clock, backendUrl: BACKEND })),
    // The clock stands still within a send, so activities set twice share a since: count the calls.
    applied: () => worker.activityCalls.length + worker.supervisorCalls.length,
    // The Worker's socket drops, then the SDK's own retry gets through: `ready` with a rebuilt
    // state. Meanwhile the worker is put on lunch (from Flex, say): the event is lost with the socket.
    async interrupt() {
      worker.drop();
      clock.advance(2_500);
      worker.changeActivity('Lunch');
      clock.advance(2_500);
      worker.reconnect();
      await settle();
      return { agentId: worker.sid, state: 'meal' } as const;
    },
    // The Worker's own activity goes by the SDK's POST, whose error keeps the status but not the
    // Retry-After header: there is no wait for the adapter to pass on.
    rateLimit() {
      worker.failNextRequest(429, 'Too Many Requests');
      return 'no-retry-after';
    },
    // The Worker's token expired under it: TaskRouter answers the SDK's POST 401, which its request
    // layer passes on as it does every 4xx. (No rateLimitByDate: the SDK drops the header.)
    refuseCredentials() {
      worker.failNextRequest(401, 'Unauthorized');
    },
  };
}

function teamHarness(): ConformanceHarness {
  const clock = createManualClock(START);
  const sync = new FakeSyncClient({ workers: generateWorkerItems(30, { at: START }), now: clock.now });
  // The route the Twilio guide has the host write for a supervisor's activity change: TaskRouter's
  // Worker resource back, and the worker's tr-worker item following, as Flex's index does.
  const backend = twilioBackendHandlers({ baseUrl: BACKEND, now: clock.now, sync });
  server.use(...backend.handlers);
  const adapter = createTwilioAdapter({ sync, clock, activities: FAKE_ACTIVITIES, backendUrl: BACKEND });
  const iso = (): string => new Date(clock.now()).toISOString();
  let round = 0;
  return {
    adapter,
    async drive() {
      // TaskRouter never reuses a reservation or task SID: each round offers a new one.
      const n = String(++round).padStart(32, '0');
      clock.advance(1_000);
      await settle();
      const w = sync.worker(generateWorkerItems(1)[0]!.worker_sid)!;
      sync.setWorker({ ...w, activity_name: 'Break', worker_activity_sid: sidOf('Break'), date_activity_changed: iso(), date_updated: iso() });
      const r = {
        reservation_sid: `WR${n}`,
        task_sid: `WT${n}`,
        worker_sid: generateWorkerItems(2)[1]!.worker_sid,
        status: 'pending',
        task_channel_unique_name: 'voice',
        queue_name: 'Everyone',
        task_date_created: iso(),
        date_created: iso(),
        date_updated: iso(),
        attributes: { from: '+15555550100' },
      };
      sync.setReservation(r);
      clock.advance(5_000);
      sync.setReservation({ ...r, status: 'accepted', task_status: 'assigned', date_updated: iso() });
      // Its attributes name no conference: the backend finds it by the task (here, the double's
      // CF for the reservation), with the legs Flex's conference instruction put on it.
      backend.joinCall(`CF${n}`, 'customer');
      backend.joinCall(`CF${n}`, 'worker');
      // A chat another worker took: no conference to join, so the suite checks monitoring it is refused.
      const chat = { ...r, reservation_sid: `WRc${n.slice(1)}`, task_sid: `WTc${n.slice(1)}`, worker_sid: generateWorkerItems(4)[3]!.worker_sid, task_channel_unique_name: 'chat' };
      sync.setReservation(chat);
      sync.setReservation({ ...chat, status: 'accepted', task_status: 'assigned', date_updated: iso() });
    },
    redeliver: async () => sync.redeliver(),
    sendMalformed: async () => sync.emitRaw('tr-worker', 'WKbroken', { worker_sid: 'WKbroken', attributes: {} }),
    // A reloaded page: a new adapter over the same Sync indexes and backend, a second later (see
    // the agent side).
    reload: () => (clock.advance(1_000), createTwilioAdapter({ sync, clock, activities: FAKE_ACTIVITIES, backendUrl: BACKEND })),
    // As on the agent side: activity updates the backend took, whatever their since.
    applied: () => backend.requests.filter((r) => r.path === 'worker-activity').length,
    // twilsock loses its socket and retries by itself; back, each live query reports its items
    // afresh. Meanwhile a third worker goes to lunch, which no query hears while the link is down.
    async interrupt() {
      sync.drop();
      clock.advance(2_500);
      const w = sync.worker(generateWorkerItems(3)[2]!.worker_sid)!;
      sync.setWorker({ ...w, activity_name: 'Lunch', worker_activity_sid: sidOf('Lunch'), date_activity_changed: iso(), date_updated: iso() });
      clock.advance(2_500);
      sync.reconnect();
      await settle();
      return { agentId: w.worker_sid, state: 'meal' } as const;
    },
    // Another worker's activity goes by the host backend's TaskRouter POST: Twilio's 429 body, with Retry-After.
    rateLimit(seconds) {
      backend.failNext({ status: 429, code: 20429, message: 'Too Many Requests', headers: { 'Retry-After': String(seconds) }, path: 'worker-activity' });
    },
    // The same 429 through a proxy that writes Retry-After as an HTTP-date, by the adapter's clock.
    rateLimitByDate(seconds) {
      const until = new Date(clock.now() + seconds * 1000).toUTCString();
      backend.failNext({ status: 429, code: 20429, message: 'Too Many Requests', headers: { 'Retry-After': until }, path: 'worker-activity' });
    },
    // The Flex token the adapter sends the backend expired: Twilio's 401 body, code 20104.
    refuseCredentials() {
      backend.failNext({ status: 401, code: 20104, message: 'Access Token expired or expiration date invalid', path: 'worker-activity' });
    },
  };
}

// A case that checked nothing says why, and shows as a skip rather than a pass.
for (const [side, harness] of [['agent side', agentHarness], ['team side', teamHarness]] as const) {
  for (const c of adapterConformanceCases(`twilio ${side}`, harness)) {
    test(c.name, async (t) => {
      await c.run();
      if (c.skipped !== undefined) t.skip(c.skipped);
    });
  }
}

// ---- activities ---------------------------------------------------------------------------

test('every default activity maps to its presence, with the activity as the reason code', async () => {
  const expected: Record<string, [string, boolean]> = {
    Offline: ['offline', false],
    Available: ['available', false],
    Unavailable: ['away', true],
    Break: ['break', true],
    Lunch: ['meal', true],
  };
  const { adapter, worker, sink, clock } = await agentRig();
  await adapter.connect(sink);
  for (const a of FAKE_ACTIVITIES) {
    clock.advance(1_000);
    worker.changeActivity(a.name === 'Available' ? 'Offline' : 'Available');
    clock.advance(1_000);
    worker.changeActivity(a.name);
    const p = ofType(sink.received, 'presence').at(-1)!;
    const [state, hasReason] = expected[a.name]!;
    assert.equal(p.presence.state, state, a.name);
    assert.equal(p.presence.since, clock.now());
    assert.deepEqual(p.presence.reason, hasReason ? { id: a.sid, label: a.name } : undefined);
  }
  const snap = await adapter.snapshot();
  const defs = new Map((snap.presenceDefinitions ?? []).map((d) => [d.state, d.reasons.map((r) => r.label)]));
  assert.deepEqual(defs.get('break'), ['Break']);
  assert.deepEqual(defs.get('meal'), ['Lunch']);
  assert.deepEqual(defs.get('available'), []);
  assert.equal(sink.errors.length, 0);
});

test('activityStates overrides names; a known unmapped activity is away; an unknown one is a typed error, once', async () => {
  const clock = createManualClock(START);
  const worker = new FakeWorker({
    now: clock.now,
    activities: [...FAKE_ACTIVITIES, { sid: 'WAcoach', name: 'Coaching', available: false }, { sid: 'WAwrap', name: 'Wrap Up', available: false }],
  });
  const sync = new FakeSyncClient({ workers: generateWorkerItems(2, { at: START }), now: clock.now });
  const adapter = createTwilioAdapter({ worker, sync, clock, activityStates: { Coaching: 'training' } });
  const sink = recorder();
  await adapter.connect(sink);
  worker.changeActivity('Coaching');
  assert.equal(ofType(sink.received, 'presence').at(-1)!.presence.state, 'training');
  worker.changeActivity('Wrap Up');
  assert.equal(ofType(sink.received, 'presence').at(-1)!.presence.state, 'away');
  assert.equal(sink.errors.length, 0);
  const w = generateWorkerItems(2, { at: START })[1]!;
  for (let i = 1; i <= 2; i++) {
    const at = new Date(START + i * 1000).toISOString();
    sync.setWorker({ ...w, activity_name: 'Mystery', worker_activity_sid: 'WAmystery', date_activity_changed: at, date_updated: at });
  }
  assert.equal(sink.errors.length, 1, 'reported once per activity');
  assert.equal(sink.errors[0]!.code, ErrorCode.MalformedEvent);
  assert.equal(sink.errors[0]!.details?.kind, 'unknown-activity');
  const p = ofType(sink.received, 'presence').filter((e) => e.agentId === w.worker_sid).at(-1)!;
  assert.deepEqual(p.presence.reason, { id: 'WAmystery', label: 'Mystery' });
  assert.equal(p.presence.state, 'away');
});

test("an activity named after an Object.prototype member maps like any other name, never to the member", async () => {
  const clock = createManualClock(START);
  // Names a TaskRouter admin can type; the host's activityStates is an ordinary object literal.
  const worker = new FakeWorker({
    now: clock.now,
    activities: [...FAKE_ACTIVITIES, { sid: 'WActor', name: 'constructor', available: false }, { sid: 'WAtostr', name: 'toString', available: true }, { sid: 'WAhasown', name: 'hasOwnProperty', available: false }],
  });
  const sync = new FakeSyncClient({ workers: generateWorkerItems(2, { at: START }), now: clock.now });
  const adapter = createTwilioAdapter({ worker, sync, clock, activityStates: { Coaching: 'training' } });
  const sink = recorder();
  await adapter.connect(sink);
  const stateAfter = (name: string) => {
    worker.changeActivity(name);
    return ofType(sink.received, 'presence').at(-1)!.presence;
  };
  assert.deepEqual(stateAfter('constructor'), { state: 'away', since: clock.now(), reason: { id: 'WActor', label: 'constructor' } });
  assert.equal(stateAfter('toString').state, 'available');
  assert.equal(stateAfter('hasOwnProperty').state, 'away');
  // Not listed by the workspace: away and the typed unknown-activity error, as for any unknown name.
  const w = generateWorkerItems(2, { at: START })[1]!;
  const at = new Date(START + 1000).toISOString();
  sync.setWorker({ ...w, activity_name: '__proto__', worker_activity_sid: 'WAproto', date_activity_changed: at, date_updated: at });
  const p = ofType(sink.received, 'presence').filter((e) => e.agentId === w.worker_sid).at(-1)!;
  assert.equal(p.presence.state, 'away');
  assert.deepEqual(sink.errors.map((e) => [e.code, e.details?.kind, e.details?.activityName]), [[ErrorCode.MalformedEvent, 'unknown-activity', '__proto__']]);
  for (const e of sink.received) assert.equal(checkEvent(e), null);
});

// ---- reservations -------------------------------------------------------------------------

test('every reservation lifecycle maps to interaction states, end reasons and timestamps', async () => {
  const { adapter, worker, sink, clock } = await agentRig();
  await adapter.connect(sink);
  const last = (sid: string): Interaction => ofType(sink.received, 'interaction').filter((e) => e.interaction.id === sid).at(-1)!.interaction;

  const r = worker.offer(VOICE);
  const offeredAt = clock.now();
  assert.equal(last(r.sid).state, 'offered');
  assert.equal(last(r.sid).offeredAt, offeredAt);
  clock.advance(3_000);
  await r.accept();
  assert.equal(last(r.sid).state, 'connected');
  assert.equal(last(r.sid).connectedAt, offeredAt + 3_000);
  assert.deepEqual(last(r.sid).customer, { phone: '+15555550100' });
  clock.advance(60_000);
  await r.wrap();
  assert.equal(last(r.sid).state, 'wrap-up');
  assert.equal(last(r.sid).wrapUpAt, offeredAt + 63_000);
  clock.advance(10_000);
  await r.complete();
  assert.deepEqual([last(r.sid).state, last(r.sid).endReason, last(r.sid).endedAt], ['ended', 'completed', offeredAt + 73_000]);

  const endings = [
    ['reject', 'rejected'],
    ['expire', 'missed'],
    ['cancel', 'abandoned'],
    ['rescind', undefined],
  ] as const;
  for (const [method, reason] of endings) {
    const x = worker.offer({ channel: 'chat' });
    clock.advance(1_000);
    await x[method]();
    assert.equal(last(x.sid).state, 'ended', method);
    assert.equal(last(x.sid).endReason, reason, method);
    assert.equal(worker.reservations.has(x.sid), false, 'cleanup events remove the reservation');
  }
  // A timeout makes the agent not-responding until their activity next changes.
  assert.equal(ofType(sink.received, 'not-responding').at(-1)!.notResponding, true);
  clock.advance(1_000);
  worker.changeActivity('Offline');
  assert.equal(ofType(sink.received, 'not-responding').at(-1)!.notResponding, false);

  for (const e of sink.received) assert.equal(checkEvent(e), null);
  assert.equal(sink.errors.length, 0);
  assert.equal((await adapter.snapshot()).interactions?.length, 0);
});

test('a transfer offer its sender calls off (reservation canceled, the task still assigned to them) ends without abandoned; a canceled task is abandoned', async () => {
  const { adapter, worker, sink, clock } = await agentRig();
  await adapter.connect(sink);
  const last = (sid: string): Interaction => ofType(sink.received, 'interaction').filter((e) => e.interaction.id === sid).at(-1)!.interaction;
  const sender = 'WK00000000000000000000000000000077';
  for (const transfer of [{ from: sender, mode: 'WARM' }, { from: sender, mode: 'COLD', type: 'QUEUE' }] as const) {
    const offer = worker.offer({ ...VOICE, transfer });
    assert.equal(offer.transfer?.mode, transfer.mode);
    clock.advance(5_000);
    await offer.cancel();
    // What twilio-taskrouter's own transfer test sees on `canceled`.
    assert.deepEqual([offer.status, offer.task.status, offer.transfer?.status], ['canceled', 'assigned', 'canceled']);
    assert.deepEqual([last(offer.sid).state, last(offer.sid).endReason], ['ended', undefined], `${transfer.mode}: the customer did not leave`);
  }
  const call = worker.offer(VOICE);
  clock.advance(5_000);
  await call.cancel();
  assert.equal(call.task.status, 'canceled');
  assert.equal(last(call.sid).endReason, 'abandoned');
  for (const e of sink.received) assert.equal(checkEvent(e), null);
});

test('a leg the agent transferred ends transferred once the other side took it (WARM and COLD); a transfer that failed leaves it completed', async () => {
  const { adapter, worker, sink, clock } = await agentRig();
  await adapter.connect(sink);
  const last = (sid: string): Interaction => ofType(sink.received, 'interaction').filter((e) => e.interaction.id === sid).at(-1)!.interaction;
  const cases = [
    ['WARM', 'WK00000000000000000000000000000078', true, 'transferred'],
    ['COLD', 'WQ00000000000000000000000000000002', true, 'transferred'],
    ['WARM', 'WK00000000000000000000000000000078', false, 'completed'],
  ] as const;
  for (const [mode, to, accepted, reason] of cases) {
    const r = worker.offer(VOICE);
    await r.accept();
    clock.advance(60_000);
    transferTask(r.task, to, { mode, accepted });
    await r.wrap();
    assert.equal(last(r.sid).endReason, undefined, 'no end reason while wrapping up');
    clock.advance(10_000);
    await r.complete();
    assert.deepEqual([last(r.sid).state, last(r.sid).endReason], ['ended', reason], `${mode} ${accepted ? 'taken' : 'refused'}`);
  }
  for (const e of sink.received) assert.equal(checkEvent(e), null);
});

test('a reservation that ended holds no listener: the SDK drops it from worker.reservations, and a long shift keeps none alive', async () => {
  const { adapter, worker, sink } = await agentRig();
  await adapter.connect(sink);
  const ended = [];
  for (const end of ['complete', 'reject', 'expire', 'cancel', 'rescind'] as const) {
    const r = worker.offer(VOICE);
    if (end === 'complete') await r.accept();
    await r[end]();
    ended.push(r);
  }
  const live = worker.offer(VOICE);
  for (const r of ended) for (const e of ['accepted', 'wrapup', 'completed', 'rejected', 'timeout', 'canceled', 'rescinded']) assert.equal(r.listenerCount(e), 0, `${r.status}: ${e}`);
  assert.equal(live.listenerCount('accepted'), 1, 'a live one is still heard');
  await live.accept();
  assert.equal(ofType(sink.received, 'interaction').at(-1)?.interaction.state, 'connected');
});

test("an ended reservation lets go of its task's attributes: a supervisor's shift keeps thousands to order late reports", async () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const { adapter, worker, sink } = await agentRig();
  await adapter.connect(sink);
  // In a function of its own, so that no frame of the test's still holds the last one.
  const shift = async (): Promise<WeakRef<object>[]> => {
    const held: WeakRef<object>[] = [];
    for (let k = 0; k < 20; k++) {
      // Flex's tasks carry conversations, customers and conference objects: kilobytes each.
      const r = worker.offer({ ...VOICE, attributes: { ...VOICE.attributes, conversations: { notes: 'x'.repeat(2_000 + k) } } });
      held.push(new WeakRef(r.task.attributes));
      await r.accept();
      await r.wrap();
      await r.complete();
    }
    // The fake keeps its last server event to deliver again: let it be another reservation's.
    worker.offer(VOICE);
    return held;
  };
  const attributes = await shift();
  await settle();
  gc();
  await settle();
  gc();
  assert.deepEqual(ofType(sink.received, 'interaction').slice(-2).map((e) => e.interaction.state), ['ended', 'offered']);
  assert.deepEqual(attributes.map((w, k) => (w.deref() === undefined ? -1 : k)).filter((k) => k >= 0), [], 'attributes still held after their reservation ended');
});

test('channels: task channel unique names and Flex channelType map to canonical channels', async () => {
  const { adapter, worker, sink } = await agentRig();
  await adapter.connect(sink);
  const cases: [FakeTaskInit, string][] = [
    [{ channel: 'voice' }, 'voice'],
    [{ channel: 'chat' }, 'chat'],
    [{ channel: 'sms' }, 'message'],
    [{ channel: 'email', attributes: { from: 'pat@example.com', subject: 'Refund' } }, 'email'],
    [{ channel: 'default' }, 'task'],
    [{ channel: 'video' }, 'video'],
    [{ channel: 'chat', attributes: { channelType: 'whatsapp' } }, 'message'],
    [{ channel: 'chat', attributes: { channelType: 'web' } }, 'chat'],
  ];
  for (const [task, channel] of cases) {
    const r = worker.offer(task);
    const i = ofType(sink.received, 'interaction').at(-1)!.interaction;
    assert.equal(i.id, r.sid);
    assert.equal(i.channel, channel, JSON.stringify(task));
  }
  const email = ofType(sink.received, 'interaction').find((e) => e.interaction.channel === 'email')!.interaction;
  assert.deepEqual(email.customer, { email: 'pat@example.com' });
  assert.equal(email.subject, 'Refund');
});

// ---- reconnect ----------------------------------------------------------------------------

test('after a reconnect, ready rebuilds reservations: missed transitions are synthesised and new objects listened to', async () => {
  const { adapter, worker, sink, clock } = await agentRig();
  await adapter.connect(sink);
  const refs = await playWorkerScenario(worker, [
    { type: 'offer', ref: 'a', task: VOICE },
    { type: 'accept', ref: 'a' },
    { type: 'offer', ref: 'b', task: { channel: 'chat' } },
    { type: 'accept', ref: 'b' },
    { type: 'offer', ref: 'c', task: { channel: 'sms' } },
    { type: 'drop' },
  ]);
  assert.equal(sink.statuses.at(-1), 'reconnecting');
  const oldA = refs.get('a')!;
  clock.advance(30_000);
  const heard = sink.received.length;
  // While away: a wraps up, b completes, c times out, d is offered, the activity changes.
  await playWorkerScenario(worker, [{ type: 'wrap', ref: 'a' }, { type: 'complete', ref: 'b' }, { type: 'timeout', ref: 'c' }], refs);
  const d = worker.offer({ channel: 'voice' });
  worker.changeActivity('Break');
  assert.equal(sink.received.length, heard, 'nothing is heard while disconnected');

  clock.advance(5_000);
  assert.equal(worker.reconnect(), true);
  assert.equal(sink.statuses.at(-1), 'live');
  const state = (sid: string): string | undefined => ofType(sink.received, 'interaction').filter((e) => e.interaction.id === sid).at(-1)?.interaction.state;
  assert.equal(state(oldA.sid), 'wrap-up');
  assert.equal(state(refs.get('b')!.sid), 'ended');
  assert.equal(ofType(sink.received, 'interaction').filter((e) => e.interaction.id === refs.get('b')!.sid).at(-1)!.interaction.endReason, 'completed');
  assert.equal(state(refs.get('c')!.sid), 'ended');
  assert.equal(state(d.sid), 'offered');
  assert.equal(ofType(sink.received, 'presence').at(-1)!.presence.state, 'break');

  const newA = worker.reservations.get(oldA.sid)!;
  assert.notEqual(newA, oldA, 'the SDK rebuilt the object');
  assert.equal(oldA.listenerCount('completed'), 0, 'listeners on the dead object are removed');
  clock.advance(5_000);
  await newA.complete();
  assert.equal(state(oldA.sid), 'ended');
  const snap = await adapter.snapshot();
  assert.deepEqual(snap.interactions?.map((i) => i.id), [d.sid]);
  assert.equal(sink.errors.length, 0);
});

test('connect() again without disconnect(), as the client does when retrying from a failed state: every reservation and Sync query still reports, once', async () => {
  const clock = createManualClock(START);
  const worker = new FakeWorker({ now: clock.now });
  const workers = generateWorkerItems(2, { at: START });
  const sync = new FakeSyncClient({ workers, now: clock.now });
  const adapter = createTwilioAdapter({ worker, sync, clock });
  // Paced openings wait on the manual clock: move it along while a connect runs.
  const connect = async (sink: ReturnType<typeof recorder>): Promise<void> => {
    const done = adapter.connect(sink);
    for (let i = 0; i < 10; i++) {
      clock.advance(100);
      await settle();
    }
    await done;
  };
  await connect(recorder());
  const call = worker.offer(VOICE);
  await call.accept();

  const sink = recorder();
  await connect(sink);
  clock.advance(30_000);
  await call.wrap();
  const last = (sid: string) => ofType(sink.received, 'interaction').filter((e) => e.interaction.id === sid).at(-1)?.interaction;
  assert.equal(last(call.sid)?.state, 'wrap-up', 'the reservation read by the first connect still reports');
  const item = {
    reservation_sid: 'WR00000000000000000000000000000077',
    task_sid: 'WT00000000000000000000000000000077',
    worker_sid: workers[1]!.worker_sid,
    status: 'accepted',
    task_status: 'assigned',
    task_channel_unique_name: 'chat',
    queue_name: 'Everyone',
    date_created: new Date(clock.now()).toISOString(),
    date_updated: new Date(clock.now()).toISOString(),
    attributes: {},
  };
  sync.setReservation(item);
  assert.equal(last(item.reservation_sid)?.state, 'connected', 'the team side still hears tr-reservation');
  const heard = sink.received.length;
  clock.advance(1_000);
  sync.setWorker({ ...workers[0]!, activity_name: 'Break', worker_activity_sid: sidOf('Break'), date_activity_changed: new Date(clock.now()).toISOString(), date_updated: new Date(clock.now()).toISOString() });
  assert.equal(ofType(sink.since(heard), 'presence').length, 1, 'one presence, not one per connect');
  assert.equal(sync.queries.filter((q) => !q.closed).length, 2, 'the first connect\'s queries were closed');

  await adapter.disconnect();
  for (const e of ['ready', 'activityUpdated', 'reservationCreated', 'tokenExpired']) assert.equal(worker.listenerCount(e), 0, e);
  assert.equal(worker.reservations.get(call.sid)?.listenerCount('completed'), 0);
  assert.ok(sync.queries.every((q) => q.closed));
});

test('a Worker that is not ready yet is awaited; one that never gets ready fails connect with NotConnected', async () => {
  const { adapter, worker, sink } = await agentRig({ ready: false });
  const connecting = adapter.connect(sink);
  worker.becomeReady();
  await connecting;
  assert.equal((await adapter.snapshot()).agents?.[0]?.presence.state, 'available');

  const late = await agentRig({ ready: false });
  const pending = late.adapter.connect(late.sink);
  late.clock.advance(30_000);
  await rejectsWith(pending, ErrorCode.NotConnected);
  assert.equal(late.worker.listenerCount('ready'), 0, 'listeners are removed after a failed connect');

  // Left while waiting (a page closed during connect): the wait ends there, not at the timeout.
  const left = await agentRig({ ready: false });
  const abandoned = left.adapter.connect(left.sink);
  let outcome = 'pending';
  abandoned.then(() => (outcome = 'resolved'), (err: FloorwalkError) => (outcome = err.code === ErrorCode.Cancelled ? 'cancelled' : `rejected ${err.code}`));
  await left.adapter.disconnect();
  await settle();
  assert.equal(outcome, 'cancelled', 'connect() settles when disconnect() comes first');
  assert.equal(left.clock.pendingTimers, 0, 'and its ready timer is gone');
  left.worker.becomeReady();
  await settle();
  assert.deepEqual(left.sink.statuses, [], 'a Worker ready after the disconnect reports nothing');
});

/** The agent side loads on connect; a Worker's start-up news is heard once it listens. */
async function listening(worker: FakeWorker): Promise<void> {
  // The adapter's import of it then resolves from the module cache, however long the first load took.
  await import('./agent.js');
  for (let i = 0; i < 100 && worker.listenerCount('error') === 0; i++) await settle();
  assert.ok(worker.listenerCount('error') > 0, 'the agent side listens to the Worker');
}

function agentClient(worker: FakeWorker, clock: ReturnType<typeof createManualClock>) {
  const adapter = createTwilioAdapter({ worker, clock });
  return createFloorwalk({ adapter, clock, session: { userId: worker.sid, role: 'agent', teamIds: [] } });
}

test('a Worker that fails to start rejects connect() at once with the SDK\'s error as the cause, not retryable, and the client is failed', async () => {
  const clock = createManualClock(START);
  const worker = new FakeWorker({ now: clock.now, ready: false });
  const client = agentClient(worker, clock);
  const connecting = client.connect().then(() => 'resolved', (e: unknown) => e);
  await listening(worker);
  worker.failStart('init');
  await settle();
  // Raced, so a connect() still waiting out readyTimeoutMs fails here rather than hanging the test.
  const err = await rejectsWith(Promise.race([connecting, 'still waiting']).then((e) => Promise.reject(e)), ErrorCode.VendorError);
  assert.equal(clock.now(), START, 'no time passed');
  assert.equal(err.retryable, false, 'the SDK starts again only when its socket reconnects');
  assert.equal(err.details?.kind, 'worker-start-failed');
  assert.equal((err.cause as Error).message, `Failed to initialize Worker ${worker.sid}`);
  assert.equal(client.status, 'failed');
  assert.equal(worker.listenerCount('ready'), 0, 'nothing is left listening');
});

test('a token refused before the first ready rejects connect() at once with AuthFailed and the cause', async () => {
  const clock = createManualClock(START);
  const worker = new FakeWorker({ now: clock.now, ready: false });
  const client = agentClient(worker, clock);
  const connecting = client.connect().then(() => 'resolved', (e: unknown) => e);
  await listening(worker);
  // twilio-taskrouter's own TwilioError for it (name, message, _errorData), from its error catalogue.
  const data = { name: 'INVALID_TOKEN', message: 'The token is invalid or malformed.' };
  const refused = Object.assign(new Error(data.message), { name: data.name, _errorData: data });
  worker.emitRaw('error', refused);
  await settle();
  const err = await rejectsWith(Promise.race([connecting, 'still waiting']).then((e) => Promise.reject(e)), ErrorCode.AuthFailed);
  assert.equal(clock.now(), START);
  assert.equal(err.retryable, false);
  assert.equal(err.cause, refused);
  assert.equal(client.status, 'failed');
});

test('a socket that fails to open before the first ready is retried by the SDK: connect() waits, and is live when ready comes', async () => {
  const clock = createManualClock(START);
  const worker = new FakeWorker({ now: clock.now, ready: false });
  const client = agentClient(worker, clock);
  let outcome = 'pending';
  const connecting = client.connect().then(() => (outcome = 'resolved'), (e: FloorwalkError) => (outcome = `rejected ${e.code}`));
  await listening(worker);
  worker.failStart('gateway');
  await settle();
  assert.equal(outcome, 'pending', 'a socket error is no reason to stop waiting');
  clock.advance(1_000);
  worker.becomeReady();
  await connecting;
  assert.equal(outcome, 'resolved');
  assert.equal(client.status, 'live');
});

test('a socket that drops before the first ready is still connecting on the adapter itself: no reconnecting for a link that never was up, and no live until it is', async () => {
  const { clock, worker, adapter, sink } = await agentRig({ ready: false });
  let outcome = 'pending';
  const connecting = adapter.connect(sink).then(() => (outcome = 'resolved'), (e: FloorwalkError) => (outcome = `rejected ${e.code}`));
  await listening(worker);
  // GATEWAY_CONNECTION_FAILED, then `disconnected` (Websocket closed with errorCode=1006).
  worker.failStart('gateway');
  await settle();
  assert.equal(outcome, 'pending');
  assert.deepEqual(sink.statuses, [], 'connect() is still pending: the link is connecting');
  clock.advance(1_000);
  worker.becomeReady();
  await connecting;
  assert.equal(outcome, 'resolved');
  assert.deepEqual(sink.statuses, [], 'connect() resolving says live; nothing was reported to undo');
  // Once it has been up, a drop is a reconnect as ever.
  clock.advance(1_000);
  worker.drop();
  assert.deepEqual(sink.statuses, ['reconnecting']);
  assert.equal(worker.reconnect(), true);
  await settle();
  assert.deepEqual(sink.statuses, ['reconnecting', 'live']);
});

test("the host's own SDK Disconnect before the first ready rejects connect() at once with NotConnected, not retryable: that Worker will not reconnect", async () => {
  const { clock, worker, adapter, sink } = await agentRig({ ready: false });
  let outcome: unknown = 'pending';
  const connecting = adapter.connect(sink).then(() => (outcome = 'resolved'), (e: unknown) => (outcome = e));
  await listening(worker);
  // twilio-taskrouter's disconnect() sets its reconnect off, then emits `disconnected` with this.
  worker.disconnect();
  await settle();
  // Checked before anything awaits `connecting`: a connect() still waiting out readyTimeoutMs stays 'pending' here.
  assert.notEqual(outcome, 'pending', 'connect() settled without waiting out readyTimeoutMs');
  await connecting;
  const err = await rejectsWith(Promise.reject(outcome), ErrorCode.NotConnected);
  assert.equal(clock.now(), START, 'no time passed');
  // The core client retries a retryable NotConnected (tierOf: fast), and would wait again over the same Worker.
  assert.equal(err.retryable, false);
  assert.equal(err.details?.kind, 'worker-disconnected');
  assert.deepEqual(err.cause, { message: 'SDK Disconnect' });
  assert.deepEqual(sink.statuses, [], 'connect() rejecting says it; no offline for a link that never was up');
  assert.equal(clock.pendingTimers, 0, 'the ready timer is gone');
  assert.equal(worker.listenerCount('ready'), 0, 'nothing is left listening');

  // Through the client: failed at once, not retrying connect() over a Worker that will not come back.
  const other = new FakeWorker({ now: clock.now, ready: false });
  const client = agentClient(other, clock);
  const viaClient = client.connect().then(() => 'resolved', (e: unknown) => e);
  await listening(other);
  other.disconnect();
  await settle();
  await rejectsWith(Promise.race([viaClient, 'still waiting']).then((e) => Promise.reject(e)), ErrorCode.NotConnected);
  assert.equal(client.status, 'failed');
  assert.equal(clock.now(), START);
});

test('a Worker the host disconnected before connect(), or before the agent side listened, rejects connect() at once, not retryable: no `disconnected` is left to hear', async () => {
  /** connect()'s outcome once the adapter has had every chance to settle it, without moving the clock. */
  const outcomeOf = async (connecting: Promise<unknown>): Promise<unknown> => {
    let outcome: unknown = 'pending';
    void connecting.then(() => (outcome = 'resolved'), (e: unknown) => (outcome = e));
    await import('./agent.js');
    await settle();
    return outcome;
  };
  const expectGone = (outcome: unknown, clock: ReturnType<typeof createManualClock>): void => {
    assert.notEqual(outcome, 'pending', 'connect() settled without waiting out readyTimeoutMs');
    assert.ok(outcome !== 'resolved', 'not live over a Worker that will not come back');
    const err = outcome as FloorwalkError;
    assert.equal(err.code, ErrorCode.NotConnected, err.message);
    assert.equal(err.retryable, false);
    assert.equal(err.details?.kind, 'worker-disconnected');
    assert.equal(clock.now(), START, 'no time passed');
  };

  // Disconnected before connect(), never ready.
  const early = await agentRig({ ready: false });
  early.worker.disconnect();
  expectGone(await outcomeOf(early.adapter.connect(early.sink)), early.clock);
  assert.equal(early.clock.pendingTimers, 0, 'the ready timer is gone');
  assert.equal(early.worker.listenerCount('ready'), 0, 'nothing is left listening');
  assert.deepEqual(early.sink.statuses, []);

  // Disconnected in the same turn as connect(), before the agent side (loaded or not) listens.
  const loading = await agentRig({ ready: false });
  const connecting = loading.adapter.connect(loading.sink);
  loading.worker.disconnect();
  expectGone(await outcomeOf(connecting), loading.clock);

  // Ready once, then disconnected before connect(): its activity is still there, and it is not live.
  const wasReady = await agentRig({ ready: true });
  wasReady.worker.disconnect();
  expectGone(await outcomeOf(wasReady.adapter.connect(wasReady.sink)), wasReady.clock);
  assert.equal(ofType(wasReady.sink.received, 'agent').length, 0, 'the Worker is not announced');

  // A Worker whose token expired is not one the host disconnected: it connects once it has a token.
  const expired = await agentRig({ ready: true, getToken: async () => 'fresh' });
  expired.worker.expireToken();
  assert.equal(await outcomeOf(expired.adapter.connect(expired.sink)), 'resolved');

  // Through the client: failed at once, not retrying connect() over a Worker that will not come back.
  const clock = createManualClock(START);
  const other = new FakeWorker({ now: clock.now, ready: false });
  other.disconnect();
  const client = agentClient(other, clock);
  expectGone(await outcomeOf(client.connect()), clock);
  assert.equal(client.status, 'failed');
});

/** A client over a Worker that was ready, whose socket dropped and whose start-up on the new socket failed. */
async function reinitFailed() {
  const clock = createManualClock(START);
  const worker = new FakeWorker({ now: clock.now });
  const client = agentClient(worker, clock);
  const changes: { current: string; reason?: FloorwalkError }[] = [];
  client.on('status', (c) => changes.push(c));
  await client.connect();
  clock.advance(1_000);
  worker.drop();
  assert.equal(client.status, 'reconnecting');
  clock.advance(1_000);
  worker.failStart('init');
  await settle();
  return { clock, worker, client, changes };
}

test('a Worker whose start-up fails again after a reconnect is failed with the typed cause, not reconnecting for good; connect() again is live', async () => {
  const { clock, worker, client, changes } = await reinitFailed();
  assert.equal(client.status, 'failed', 'no ready comes on this socket: reconnecting would never end');
  const reason = changes.at(-1)?.reason;
  assert.equal(reason?.code, ErrorCode.VendorError);
  assert.equal(reason?.retryable, false);
  assert.equal(reason?.details?.kind, 'worker-start-failed');
  assert.equal((reason?.cause as Error).message, `Failed to initialize Worker ${worker.sid}`);
  // The host acts on failed by connecting again.
  await client.connect();
  assert.equal(client.status, 'live');
  // And the agent side hears the Worker again.
  clock.advance(1_000);
  worker.changeActivity('Break');
  await settle();
  assert.equal(client.getAgent(worker.sid)?.presence.state, 'break');
});

test("a Worker failed by a start-up that failed after a reconnect comes back on the SDK's own later ready, as after any reconnect", async () => {
  const { clock, worker, client } = await reinitFailed();
  assert.equal(client.status, 'failed');
  clock.advance(1_000);
  worker.drop();
  assert.equal(client.status, 'reconnecting', 'the SDK reconnects its dropped socket and starts again');
  clock.advance(1_000);
  assert.equal(worker.reconnect(), true);
  await settle();
  assert.equal(client.status, 'live');
});

// ---- token --------------------------------------------------------------------------------

test('an expired token without getToken is an AuthFailed error and a failed status until the host updates it', async () => {
  const { adapter, worker, sink } = await agentRig();
  await adapter.connect(sink);
  worker.expireToken();
  assert.equal(sink.errors.at(-1)?.code, ErrorCode.AuthFailed);
  assert.equal(sink.errors.at(-1)?.details?.kind, 'token-expired');
  assert.equal(sink.errors.at(-1)?.retryable, false);
  assert.equal(sink.statuses.at(-1), 'failed');
  // Within the 5 s before the lifetime ends the socket is still open: a new token keeps it live.
  adapter.updateToken('fresh-token');
  assert.equal(worker.token, 'fresh-token');
  assert.equal(sink.statuses.at(-1), 'live');
});

test('a socket that closes after tokenExpired stays failed, not reconnecting: the SDK waits for a token; then reconnecting, then live on ready', async () => {
  const { adapter, worker, sink } = await agentRig();
  await adapter.connect(sink);
  worker.expireToken();
  assert.equal(sink.statuses.at(-1), 'failed');
  // The lifetime ends: the server closes the socket and the SDK reports it, but will not reconnect.
  worker.drop('Websocket closed with errorCode=1000');
  assert.equal(worker.reconnect(), false, 'the SDK will not reconnect with an expired token');
  assert.equal(sink.statuses.at(-1), 'failed', 'no reconnect is under way, so none is announced');
  adapter.updateToken('fresh-token');
  assert.equal(sink.statuses.at(-1), 'reconnecting', 'the SDK reopens the socket; it is not live until ready');
  assert.equal(worker.reconnect(), true);
  assert.equal(sink.statuses.at(-1), 'live');
  // A host's own disconnect() is still offline, whatever the token.
  worker.expireToken();
  worker.disconnect();
  assert.equal(sink.statuses.at(-1), 'offline');
});

test('with getToken, an expiring token is replaced without an error; a failing getToken is AuthFailed', async () => {
  let calls = 0;
  const ok = await agentRig({ getToken: async () => `token-${++calls}` });
  await ok.adapter.connect(ok.sink);
  ok.worker.expireToken();
  await settle();
  assert.equal(ok.worker.token, 'token-1');
  assert.equal(ok.worker.reconnectBlocked, false);
  assert.equal(ok.sink.errors.length, 0);

  const bad = await agentRig({ getToken: async () => Promise.reject(new Error('SSO session ended')) });
  await bad.adapter.connect(bad.sink);
  bad.worker.expireToken();
  await settle();
  assert.equal(bad.sink.errors.at(-1)?.code, ErrorCode.AuthFailed);
  assert.equal(bad.sink.statuses.at(-1), 'failed');
});

test('connecting again after a token that could not be renewed asks getToken again and resumes; without getToken the client stays failed until updateToken, never live with a dead Worker', async () => {
  // getToken fails once (an SSO blip): the Worker's socket closes at the end of its lifetime and the SDK will not reopen it.
  let sso = false;
  const clock = createManualClock(START);
  const worker = new FakeWorker({ now: clock.now });
  const adapter = createTwilioAdapter({ worker, clock, getToken: async () => (sso ? 'fresh-token' : Promise.reject(new Error('SSO session ended'))) });
  const client = createFloorwalk({ adapter, clock, session: { userId: worker.sid, role: 'agent', teamIds: [] } });
  await client.connect();
  worker.expireToken();
  await settle();
  worker.drop('Websocket closed with errorCode=1000');
  assert.equal(client.status, 'failed');
  // The host retries once SSO is back.
  sso = true;
  await client.connect();
  await settle();
  assert.equal(worker.token, 'fresh-token', 'the adapter asked getToken again and gave the token to the Worker');
  assert.equal(worker.reconnect(), true, 'so the SDK reconnects');
  assert.equal(client.status, 'live');
  await client.disconnect();

  // No getToken: connecting again cannot help until the host hands over a token.
  const bare = new FakeWorker({ now: clock.now });
  const alone = createTwilioAdapter({ worker: bare, clock });
  const second = createFloorwalk({ adapter: alone, clock, session: { userId: bare.sid, role: 'agent', teamIds: [] } });
  await second.connect();
  bare.expireToken();
  assert.equal(second.status, 'failed');
  await assert.rejects(second.connect());
  assert.equal(second.status, 'failed', 'not live while the Worker waits for a token');
  alone.updateToken('fresh-token');
  await settle();
  assert.equal(second.status, 'live');
  // The same with the client disconnected meanwhile: the token handed over then counts too.
  bare.expireToken();
  await second.disconnect();
  alone.updateToken('fresher-token');
  await second.connect();
  assert.equal(second.status, 'live');
  await second.disconnect();
});

// ---- commands -----------------------------------------------------------------------------

test('set-presence on oneself calls setAsCurrent; a reason picks the activity; an unmappable state is rejected', async () => {
  const { adapter, worker, sink } = await agentRig();
  await adapter.connect(sink);
  await adapter.execute(envelope({ type: 'set-presence', agentId: worker.sid, state: 'break' }));
  assert.equal(worker.activity?.name, 'Break');
  assert.equal(ofType(sink.received, 'presence').at(-1)!.presence.state, 'break');
  await adapter.execute(envelope({ type: 'set-presence', agentId: worker.sid, state: 'meal', reason: { id: sidOf('Lunch'), label: 'Lunch' } }));
  assert.equal(worker.activity?.name, 'Lunch');
  await rejectsWith(adapter.execute(envelope({ type: 'set-presence', agentId: worker.sid, state: 'training' })), ErrorCode.InvalidArgument);
  await rejectsWith(adapter.execute(envelope({ type: 'set-presence', agentId: worker.sid, state: 'break', reason: { id: 'WAnope', label: 'Nope' } })), ErrorCode.InvalidArgument);
  await rejectsWith(adapter.execute(envelope({ type: 'set-presence', agentId: worker.sid, state: 'dancing' as 'break' })), ErrorCode.InvalidArgument);
  worker.drop();
  // twilio-taskrouter posts over HTTP, not the socket: with the network gone its request layer
  // rejects with NETWORK_ERROR, no status, so the answer may be lost and the error is retryable.
  const lost = await rejectsWith(adapter.execute(envelope({ type: 'set-presence', agentId: worker.sid, state: 'available' })), ErrorCode.VendorError);
  assert.deepEqual([lost.retryable, lost.details?.status, (lost.cause as Error).name], [true, undefined, 'NETWORK_ERROR']);
  assert.match((lost.cause as Error).message, /^Network error has occurred\./);
});

test('a Supervisor worker sets another agent\'s activity itself; the same key twice has one effect', async () => {
  const clock = createManualClock(START);
  const worker = new FakeWorker({ now: clock.now, supervisor: true });
  const sync = new FakeSyncClient({ workers: generateWorkerItems(3, { at: START }), now: clock.now });
  const adapter = createTwilioAdapter({ worker, sync, clock });
  await adapter.connect(recorder());
  const agent = generateWorkerItems(3)[2]!.worker_sid;
  const command = envelope({ type: 'set-presence', agentId: agent, state: 'break' }, worker.sid, 'same-key');
  await adapter.execute(command);
  await adapter.execute(command);
  assert.deepEqual(worker.supervisorCalls, [{ workerSid: agent, activitySid: sidOf('Break') }]);
  await rejectsWith(adapter.execute(envelope({ type: 'set-presence', agentId: 'WKnobody', state: 'break' })), ErrorCode.UnknownAgent);
});

test('activity changes TaskRouter refuses map by the HTTP status twilio-taskrouter only writes in its message: a stale If-Match is a Conflict, a 400 is not retried', async () => {
  const clock = createManualClock(START);
  const worker = new FakeWorker({ now: clock.now, supervisor: true });
  const sync = new FakeSyncClient({ workers: generateWorkerItems(3, { at: START }), now: clock.now });
  const adapter = createTwilioAdapter({ worker, sync, clock });
  await adapter.connect(recorder());
  const agent = generateWorkerItems(3)[2]!.worker_sid;
  const own = () => adapter.execute(envelope({ type: 'set-presence', agentId: worker.sid, state: 'break' }));
  const other = () => adapter.execute(envelope({ type: 'set-presence', agentId: agent, state: 'break' }, worker.sid));

  // The SDK's enableVersionCheck sends If-Match: another change landed first.
  worker.failNextRequest(412, 'The resource has been modified since it was last fetched.');
  assert.equal((await rejectsWith(own(), ErrorCode.Conflict)).details?.status, 412);
  worker.failNextRequest(412, 'Version mismatch.');
  await rejectsWith(other(), ErrorCode.Conflict);
  // A request TaskRouter refused stays refused: retrying it cannot help.
  worker.failNextRequest(400, 'Worker cannot be updated while it has pending reservations.');
  assert.equal((await rejectsWith(own(), ErrorCode.VendorError)).retryable, false);
  worker.failNextRequest(401, 'Authentication failed.');
  await rejectsWith(own(), ErrorCode.AuthFailed);
  worker.failNextRequest(403, 'Permission denied.');
  await rejectsWith(other(), ErrorCode.Forbidden);
  worker.failNextRequest(429, 'Too many requests.');
  await rejectsWith(own(), ErrorCode.RateLimited);
  worker.failNextRequest(503, 'Service unavailable.');
  assert.equal((await rejectsWith(own(), ErrorCode.VendorError)).retryable, true);
  await own();
  assert.equal(worker.activity?.name, 'Break');
});

test('an activity update an earlier page queued is read back before it is sent, as a lost answer is: that page may have sent it', async () => {
  const clock = createManualClock(START);
  const worker = new FakeWorker({ now: clock.now, supervisor: true });
  const sync = new FakeSyncClient({ workers: generateWorkerItems(4, { at: START }), now: clock.now });
  const [, unchanged, changed, applied] = generateWorkerItems(4).map((w) => w.worker_sid) as [string, string, string, string];
  const issuedAt = START + 60_000;
  clock.advance(90_000);
  const at = new Date(clock.now()).toISOString();
  sync.setWorker({ ...sync.worker(changed)!, activity_name: 'Available', worker_activity_sid: sidOf('Available'), date_activity_changed: at });
  sync.setWorker({ ...sync.worker(applied)!, activity_name: 'Lunch', worker_activity_sid: sidOf('Lunch'), date_activity_changed: at });
  clock.advance(30_000);
  // The next page: its adapter made now, its outbox replaying what the earlier page queued.
  const adapter = createTwilioAdapter({ worker, sync, clock });
  await adapter.connect(recorder());
  const restored = (agentId: string): CommandEnvelope => ({ type: 'set-presence', agentId, state: 'meal', key: `earlier-${agentId}`, issuedBy: worker.sid, issuedAt, restored: true });
  await rejectsWith(adapter.execute(restored(changed)), ErrorCode.Conflict);
  await adapter.execute(restored(applied));
  assert.deepEqual(worker.supervisorCalls, [], 'neither the one changed since nor the one already applied is sent');
  await adapter.execute(restored(unchanged));
  assert.deepEqual(worker.supervisorCalls, [{ workerSid: unchanged, activitySid: sidOf('Lunch') }]);
});

test('an activity update issued on this page is sent, though its issuedAt (the client’s clock, behind the adapter’s) is before the adapter was made', async () => {
  const clock = createManualClock(START);
  const worker = new FakeWorker({ now: clock.now, supervisor: true });
  const sync = new FakeSyncClient({ workers: generateWorkerItems(4, { at: START }), now: clock.now });
  const [, , changed] = generateWorkerItems(4).map((w) => w.worker_sid) as [string, string, string];
  const adapter = createTwilioAdapter({ worker, sync, clock });
  await adapter.connect(recorder());
  clock.advance(30_000);
  sync.setWorker({ ...sync.worker(changed)!, activity_name: 'Available', worker_activity_sid: sidOf('Available'), date_activity_changed: new Date(clock.now()).toISOString() });
  clock.advance(30_000);
  // A host's clock for the client two minutes behind the adapter's: no earlier page, no read-back.
  await adapter.execute({ type: 'set-presence', agentId: changed, state: 'meal', key: 'this-page', issuedBy: worker.sid, issuedAt: clock.now() - 120_000 });
  assert.deepEqual(worker.supervisorCalls, [{ workerSid: changed, activitySid: sidOf('Lunch') }]);
});

test('an activity update whose answer was lost is read back before its key is sent again: done if TaskRouter shows it, Conflict if the activity changed since, sent again if neither', async () => {
  const clock = createManualClock(START);
  const worker = new FakeWorker({ now: clock.now, supervisor: true });
  const sync = new FakeSyncClient({ workers: generateWorkerItems(3, { at: START }), now: clock.now });
  const adapter = createTwilioAdapter({ worker, sync, clock });
  await adapter.connect(recorder());
  const agent = generateWorkerItems(3)[2]!.worker_sid;
  // The request reached TaskRouter (or not), and the link dropped before its answer came.
  const lost = () => Object.assign(new Error('Network Error'), { name: 'NETWORK_ERROR' });

  // Own worker: applied, then the agent chose Available; sent again it would undo that.
  const brk = worker.activities.get(sidOf('Break'))!;
  const setAsCurrent = brk.setAsCurrent.bind(brk);
  let sends = 0;
  brk.setAsCurrent = async (o) => (sends++, await setAsCurrent(o), Promise.reject(lost()));
  const own = envelope({ type: 'set-presence', agentId: worker.sid, state: 'break' }, worker.sid, 'own');
  assert.equal((await rejectsWith(adapter.execute(own), ErrorCode.VendorError)).retryable, true);
  clock.advance(1_000);
  worker.changeActivity('Available');
  await rejectsWith(adapter.execute(own), ErrorCode.Conflict);
  assert.deepEqual([sends, worker.activity?.name], [1, 'Available']);

  // Another agent through the Supervisor: applied (Sync shows it), so its retry is done unsent.
  const set = worker.setWorkerActivity!;
  worker.setWorkerActivity = async (w, a) => {
    await set(w, a);
    sync.setWorker({ ...sync.worker(w)!, activity_name: 'Break', worker_activity_sid: a, date_activity_changed: new Date(clock.now()).toISOString() });
    throw lost();
  };
  const other = envelope({ type: 'set-presence', agentId: agent, state: 'break' }, worker.sid, 'other');
  await rejectsWith(adapter.execute(other), ErrorCode.VendorError);
  await settle();
  await adapter.execute(other);
  assert.equal(worker.supervisorCalls.length, 1);

  // Lost before it was applied, and nothing changed since: sent again.
  worker.setWorkerActivity = () => Promise.reject(lost());
  const meal = envelope({ type: 'set-presence', agentId: agent, state: 'meal' }, worker.sid, 'meal');
  await rejectsWith(adapter.execute(meal), ErrorCode.VendorError);
  worker.setWorkerActivity = set;
  await adapter.execute(meal);
  assert.deepEqual(worker.supervisorCalls.at(-1), { workerSid: agent, activitySid: sidOf('Lunch') });
});

test("the page's own stop of its leg at wrap-up is audited as every monitoring stop is: requested, then succeeded, as audit events its client keeps", async () => {
  const { adapter, worker, sink, backend } = await agentRig();
  await adapter.connect(sink);
  const r = worker.offer(VOICE);
  await r.accept();
  await adapter.execute(envelope({ type: 'start-monitoring', agentId: worker.sid, interactionId: r.sid, mode: 'listen' }));
  const session = ofType(sink.received, 'monitoring').at(-1)!.session;
  await r.wrap();
  await settle();
  assert.equal(backend.participants.has(session.id), false, 'the leg is off');
  const entries = ofType(sink.received, 'audit').map((e) => e.entry);
  assert.deepEqual(
    entries.map((e) => [e.action, e.outcome, e.actor, e.subject, e.commandKey]),
    [
      ['monitoring.stop', 'requested', 'twilio', worker.sid, `interaction-ended:${session.id}`],
      ['monitoring.stop', 'succeeded', 'twilio', worker.sid, `interaction-ended:${session.id}`],
    ],
  );
  assert.deepEqual(entries[0]?.target, { sessionId: session.id, interactionId: r.sid, supervisorId: 'WKsupervisor', reason: 'interaction-ended' });
  for (const e of sink.received) assert.equal(checkEvent(e), null);
});

test('monitoring a chat task is refused as unsupported before anything is sent: only a voice task has a conference to join', async () => {
  const { adapter, worker, sink, backend } = await agentRig();
  await adapter.connect(sink);
  const r = worker.offer({ channel: 'chat', attributes: { name: 'Sam' } });
  await r.accept();
  await settle();
  const sent = backend.requests.length;
  for (const mode of ['listen', 'whisper', 'barge'] as const) {
    const err = await rejectsWith(adapter.execute(envelope({ type: 'start-monitoring', agentId: worker.sid, interactionId: r.sid, mode })), ErrorCode.Unsupported);
    assert.match(err.message, /voice calls only/);
    assert.equal(err.retryable, false);
  }
  assert.equal(backend.requests.length, sent, 'no request reached the backend');
  assert.equal(ofType(sink.received, 'monitoring').length, 0, 'no session was reported');
});

test('monitor, coach and barge update the supervisor participant through the backend', async () => {
  const { adapter, worker, sink, backend } = await agentRig();
  await adapter.connect(sink);
  // The legs VOICE's attributes name, on its conference: Twilio coaches only a call that is there.
  backend.joinCall('CF00000000000000000000000000000001', 'customer', 'CA00000000000000000000000000000c01');
  backend.joinCall('CF00000000000000000000000000000001', 'worker', 'CA00000000000000000000000000000a01');
  const r = worker.offer(VOICE);
  await rejectsWith(adapter.execute(envelope({ type: 'start-monitoring', agentId: worker.sid, interactionId: r.sid, mode: 'listen' })), ErrorCode.Conflict);
  await r.accept();
  await adapter.execute(envelope({ type: 'start-monitoring', agentId: worker.sid, interactionId: r.sid, mode: 'listen' }));
  const start = backend.requests.at(-1)!.body;
  assert.equal(start.Action, 'start');
  assert.equal(start.ConferenceSid, 'CF00000000000000000000000000000001');
  assert.equal(start.ReservationSid, r.sid);
  assert.deepEqual([start.Muted, start.Coaching, start.CallSidToCoach], [true, false, undefined]);
  const session = ofType(sink.received, 'monitoring').at(-1)!.session;
  assert.equal(session.mode, 'listen');
  assert.ok(backend.participants.has(session.id), 'the session is the supervisor participant call SID');
  await rejectsWith(adapter.execute(envelope({ type: 'start-monitoring', agentId: worker.sid, interactionId: r.sid, mode: 'barge' })), ErrorCode.Conflict);

  await adapter.execute(envelope({ type: 'change-monitoring-mode', sessionId: session.id, mode: 'whisper' }));
  const coach = backend.requests.at(-1)!.body;
  assert.deepEqual([coach.Action, coach.CallSid, coach.Muted, coach.Coaching, coach.CallSidToCoach], ['update', session.id, false, true, 'CA00000000000000000000000000000a01']);
  assert.equal(backend.participants.get(session.id)?.coaching, true);
  assert.equal(ofType(sink.received, 'monitoring').at(-1)!.session.mode, 'whisper');

  await adapter.execute(envelope({ type: 'change-monitoring-mode', sessionId: session.id, mode: 'barge' }));
  assert.deepEqual([backend.participants.get(session.id)?.muted, backend.participants.get(session.id)?.coaching], [false, false]);
  assert.equal(ofType(sink.received, 'monitoring').at(-1)!.session.mode, 'barge');
  assert.equal((await adapter.snapshot()).monitoring?.length, 1);

  await adapter.execute(envelope({ type: 'stop-monitoring', sessionId: session.id }));
  assert.equal(backend.participants.has(session.id), false);
  assert.ok(ofType(sink.received, 'monitoring').at(-1)!.session.endedAt !== undefined);
  await rejectsWith(adapter.execute(envelope({ type: 'stop-monitoring', sessionId: session.id })), ErrorCode.UnknownEntity);
  // The same stop queued by an earlier page and replayed here: what it asked for is done.
  await adapter.execute({ ...envelope({ type: 'stop-monitoring', sessionId: session.id }), restored: true });
  for (const e of sink.received) assert.equal(checkEvent(e), null);
});

test("whisper at a leg the task attributes name but that is not on the conference (the agent's call was replaced) is refused by Twilio (16028): a typed error, and the session stays as it was", async () => {
  const { adapter, worker, sink, backend } = await agentRig();
  await adapter.connect(sink);
  const cf = 'CF00000000000000000000000000000001';
  // The agent's leg now on the conference is another call than the one the attributes still name.
  backend.joinCall(cf, 'customer', 'CA00000000000000000000000000000c01');
  backend.joinCall(cf, 'worker', 'CA00000000000000000000000000000a09');
  const r = worker.offer(VOICE);
  await r.accept();
  await settle();
  const start = (mode: 'listen' | 'whisper') => adapter.execute(envelope({ type: 'start-monitoring', agentId: worker.sid, interactionId: r.sid, mode }));
  const refused = await rejectsWith(start('whisper'), ErrorCode.VendorError);
  assert.equal(refused.details?.twilioCode, 16028);
  assert.equal(refused.retryable, false, 'asked again, the same leg is refused again');
  assert.equal(ofType(sink.received, 'monitoring').length, 0, 'no session was reported');
  assert.equal([...backend.participants.values()].filter((p) => p.label?.startsWith('supervisor:')).length, 0, 'no supervisor leg joined');

  await start('listen');
  const session = ofType(sink.received, 'monitoring').at(-1)!.session;
  const err = await rejectsWith(adapter.execute(envelope({ type: 'change-monitoring-mode', sessionId: session.id, mode: 'whisper' })), ErrorCode.VendorError);
  assert.equal(err.details?.twilioCode, 16028);
  assert.deepEqual([backend.participants.get(session.id)?.muted, backend.participants.get(session.id)?.coaching], [true, false], 'still listening, muted');
  assert.equal(ofType(sink.received, 'monitoring').at(-1)!.session.mode, 'listen');
  for (const e of sink.received) assert.equal(checkEvent(e), null);
});

// A call as Flex first writes it, before (or, in some setups, without ever) naming the agent's leg.
const UNNAMED: FakeTaskInit = {
  channel: 'voice',
  attributes: { from: '+15555550100', direction: 'inbound', call_sid: 'CA00000000000000000000000000000c02', conference: { sid: 'CF00000000000000000000000000000002' } },
};

test("whisper on a call whose attributes do not name the agent's leg coaches the conference participant Flex labels worker", async () => {
  const { adapter, worker, sink, backend } = await agentRig();
  await adapter.connect(sink);
  const r = worker.offer(UNNAMED);
  await r.accept();
  const cf = 'CF00000000000000000000000000000002';
  backend.joinCall(cf, 'customer', 'CA00000000000000000000000000000c02');
  const agentLeg = backend.joinCall(cf, 'worker', 'CA00000000000000000000000000000a02');
  await adapter.execute(envelope({ type: 'start-monitoring', agentId: worker.sid, interactionId: r.sid, mode: 'whisper' }));
  const start = backend.requests.find((q) => q.body.Action === 'start')!.body;
  assert.deepEqual([start.ConferenceSid, start.Muted, start.Coaching, start.CallSidToCoach], [cf, false, true, agentLeg.call_sid]);
  const session = ofType(sink.received, 'monitoring').at(-1)!.session;
  assert.equal(session.mode, 'whisper');
  const leg = backend.participants.get(session.id)!;
  assert.deepEqual([leg.coaching, leg.call_sid_to_coach, leg.muted], [true, agentLeg.call_sid, false], 'heard by the agent alone');
  for (const e of sink.received) assert.equal(checkEvent(e), null);
});

test("a change to whisper finds the agent's leg on the conference the supervisor's leg is on, when the attributes name neither", async () => {
  const { adapter, worker, sink, backend } = await agentRig();
  await adapter.connect(sink);
  const r = worker.offer({ channel: 'voice', attributes: { from: '+15555550100' } });
  await r.accept();
  await adapter.execute(envelope({ type: 'start-monitoring', agentId: worker.sid, interactionId: r.sid, mode: 'listen' }));
  const session = ofType(sink.received, 'monitoring').at(-1)!.session;
  // The conference the backend put the supervisor on (found by the task): Flex's legs are there.
  const cf = backend.participants.get(session.id)!.conference_sid;
  backend.joinCall(cf, 'customer');
  const agentLeg = backend.joinCall(cf, 'worker');
  await adapter.execute(envelope({ type: 'change-monitoring-mode', sessionId: session.id, mode: 'whisper' }));
  const update = backend.requests.at(-1)!.body;
  assert.deepEqual([update.Action, update.CallSid, update.ConferenceSid, update.Coaching, update.CallSidToCoach], ['update', session.id, cf, true, agentLeg.call_sid]);
  assert.equal(backend.participants.get(session.id)!.call_sid_to_coach, agentLeg.call_sid);
  assert.equal(ofType(sink.received, 'monitoring').at(-1)!.session.mode, 'whisper');
});

test("whisper with no agent's leg to be found is refused as a Conflict, and nothing that sets Coaching is sent nor the leg unmuted", async () => {
  const { adapter, worker, sink, backend } = await agentRig();
  await adapter.connect(sink);
  const r = worker.offer(UNNAMED);
  await r.accept();
  const cf = 'CF00000000000000000000000000000002';
  // The customer alone is on (the agent's leg has not joined yet): never coach theirs.
  backend.joinCall(cf, 'customer', 'CA00000000000000000000000000000c02');
  const coached = () => backend.requests.filter((q) => q.body.Coaching === true || q.body.Muted === false);
  const refused = await rejectsWith(adapter.execute(envelope({ type: 'start-monitoring', agentId: worker.sid, interactionId: r.sid, mode: 'whisper' })), ErrorCode.Conflict);
  assert.match(refused.message, /call leg/);
  assert.equal(refused.details?.interactionId, r.sid);
  // A conference Twilio does not know yet: the same refusal, not a vendor 404.
  backend.failNext({ status: 404, code: 20404, message: 'The requested resource was not found', path: 'participant', action: 'list' });
  await rejectsWith(adapter.execute(envelope({ type: 'start-monitoring', agentId: worker.sid, interactionId: r.sid, mode: 'whisper' })), ErrorCode.Conflict);
  assert.deepEqual(coached(), []);
  assert.equal(backend.requests.filter((q) => q.body.Action === 'start').length, 0, 'no leg was started');
  assert.equal(ofType(sink.received, 'monitoring').length, 0);

  // A listening leg asked to whisper stays as it was: muted, heard by nobody.
  await adapter.execute(envelope({ type: 'start-monitoring', agentId: worker.sid, interactionId: r.sid, mode: 'listen' }));
  const session = ofType(sink.received, 'monitoring').at(-1)!.session;
  await rejectsWith(adapter.execute(envelope({ type: 'change-monitoring-mode', sessionId: session.id, mode: 'whisper' })), ErrorCode.Conflict);
  assert.deepEqual(coached(), []);
  assert.deepEqual([backend.participants.get(session.id)?.muted, backend.participants.get(session.id)?.coaching], [true, false]);
  const shown = ofType(sink.received, 'monitoring').at(-1)!.session;
  assert.deepEqual([shown.mode, shown.endedAt], ['listen', undefined]);
});

test('a monitoring command sent twice with one key dials in once; the session ends with the call', async () => {
  const { adapter, worker, sink, backend, clock } = await agentRig();
  await adapter.connect(sink);
  const r = worker.offer(VOICE);
  await r.accept();
  const start = envelope({ type: 'start-monitoring', agentId: worker.sid, interactionId: r.sid, mode: 'barge' }, 'WKsupervisor', 'one-key');
  await Promise.all([adapter.execute(start), adapter.execute(start)]);
  assert.equal(backend.requests.filter((q) => q.body.Action === 'start').length, 1);
  assert.equal(ofType(sink.received, 'monitoring').at(-1)!.session.mode, 'barge');
  clock.advance(30_000);
  await r.wrap();
  const ended = ofType(sink.received, 'monitoring').at(-1)!.session;
  assert.equal(ended.endedAt, clock.now(), 'a wrapped-up call has no conference left to monitor');
  assert.equal((await adapter.snapshot()).monitoring?.length, 0);
  await rejectsWith(adapter.execute(envelope({ type: 'change-monitoring-mode', sessionId: ended.id, mode: 'listen' })), ErrorCode.UnknownEntity);
});

test('a 429’s Retry-After is read as delay-seconds or as an HTTP-date on the adapter’s clock; a missing or unreadable one gives no wait', async () => {
  const { adapter, worker, sink, backend, clock } = await agentRig();
  await adapter.connect(sink);
  const r = worker.offer(VOICE);
  await r.accept();
  const start = () => adapter.execute(envelope({ type: 'start-monitoring', agentId: worker.sid, interactionId: r.sid, mode: 'listen' }));
  const waitFor = async (retryAfter?: string): Promise<unknown> => {
    backend.failNext({ status: 429, code: 20429, message: 'Too Many Requests', ...(retryAfter !== undefined && { headers: { 'Retry-After': retryAfter } }) });
    const throttled = await rejectsWith(start(), ErrorCode.RateLimited);
    assert.equal(throttled.retryable, true, 'Twilio: a 429 was never processed and is safe to send again');
    return throttled.details?.retryAfterMs;
  };
  const date = (ms: number): string => new Date(ms).toUTCString();
  assert.equal(await waitFor('2'), 2_000);
  // A proxy or the host's backend may send the date form (RFC 9110 §10.2.3).
  assert.equal(await waitFor(date(START + 45_000)), 45_000);
  clock.advance(15_000);
  assert.equal(await waitFor(date(START + 45_000)), 30_000, 'measured from now on the adapter’s clock');
  assert.equal(await waitFor(date(START)), 0, 'a date already past is no wait, never a negative one');
  for (const header of [undefined, '0', 'soon', 'x 1']) assert.equal(await waitFor(header), undefined, `Retry-After: ${String(header)}`);
});

test('a Retry-After on a refusal that waiting cannot mend (400, 403) leaves it not retryable and without a wait; a 503 keeps its wait', async () => {
  const { adapter, worker, sink, backend } = await agentRig();
  await adapter.connect(sink);
  const r = worker.offer(VOICE);
  await r.accept();
  const start = () => adapter.execute(envelope({ type: 'start-monitoring', agentId: worker.sid, interactionId: r.sid, mode: 'listen' }));
  const headers = { 'Retry-After': '30' };

  // Core retries whatever is retryable, and slowly whatever carries retryAfterMs: a request that
  // can never succeed would go round the outbox for good.
  backend.failNext({ status: 400, code: 21211, message: 'Invalid parameter', headers });
  const bad = await rejectsWith(start(), ErrorCode.VendorError);
  assert.equal(bad.retryable, false);
  assert.equal(bad.details?.retryAfterMs, undefined);
  assert.equal(bad.details?.status, 400);
  backend.failNext({ status: 403, code: 20003, message: 'Permission denied', headers });
  const forbidden = await rejectsWith(start(), ErrorCode.Forbidden);
  assert.equal(forbidden.retryable, false);
  assert.equal(forbidden.details?.retryAfterMs, undefined);

  backend.failNext({ status: 503, message: 'Service Unavailable', headers });
  const busy = await rejectsWith(start(), ErrorCode.VendorError);
  assert.equal(busy.retryable, true);
  assert.equal(busy.details?.retryAfterMs, 30_000);
  assert.equal(busy.details?.status, 503);
  assert.equal((busy.cause as { message?: string }).message, 'Service Unavailable', 'the body Twilio answered stays the cause');
});

test('backend failures become typed errors: throttling, auth, server errors, bad bodies, no network', async () => {
  const { adapter, worker, sink, backend } = await agentRig();
  await adapter.connect(sink);
  const r = worker.offer(VOICE);
  await r.accept();
  const start = () => adapter.execute(envelope({ type: 'start-monitoring', agentId: worker.sid, interactionId: r.sid, mode: 'listen' }));

  backend.failNext({ status: 429, code: 20429, message: 'Too Many Requests', headers: { 'Retry-After': '2' } });
  const throttled = await rejectsWith(start(), ErrorCode.RateLimited);
  assert.equal(throttled.details?.retryAfterMs, 2000);
  assert.equal(throttled.retryable, true);
  backend.failNext({ status: 401, code: 20003, message: 'Authenticate' });
  await rejectsWith(start(), ErrorCode.AuthFailed);
  backend.failNext({ status: 403, code: 20003, message: 'Permission denied' });
  await rejectsWith(start(), ErrorCode.Forbidden);
  backend.failNext({ status: 503, message: 'Service Unavailable' });
  assert.equal((await rejectsWith(start(), ErrorCode.VendorError)).retryable, true);
  backend.failNext({ status: 400, message: 'Bad request' });
  assert.equal((await rejectsWith(start(), ErrorCode.VendorError)).retryable, false);

  const { http, HttpResponse } = await import('msw');
  server.use(http.post(`${BACKEND}/participant`, () => new HttpResponse('<html>gateway</html>', { status: 200 })));
  await rejectsWith(start(), ErrorCode.VendorError);
  server.use(http.post(`${BACKEND}/participant`, () => HttpResponse.json({ muted: true })));
  await rejectsWith(start(), ErrorCode.VendorError);
  server.use(http.post(`${BACKEND}/participant`, () => HttpResponse.error()));
  await rejectsWith(start(), ErrorCode.NotConnected);
  assert.equal(ofType(sink.received, 'monitoring').length, 0, 'no session from a failed start');
});

test('a getToken that fails before a backend call rejects the command with AuthFailed, a FloorwalkError, and sends nothing', async () => {
  const { adapter, worker, sink, backend } = await agentRig({ getToken: async () => Promise.reject(new Error('SSO session ended')) });
  await adapter.connect(sink);
  const r = worker.offer(VOICE);
  await r.accept();
  const err = await rejectsWith(adapter.execute(envelope({ type: 'start-monitoring', agentId: worker.sid, interactionId: r.sid, mode: 'listen' })), ErrorCode.AuthFailed);
  assert.equal((err.cause as Error).message, 'SSO session ended');
  assert.equal(backend.requests.length, 0);
});

// ---- malformed ----------------------------------------------------------------------------

test('malformed SDK events become typed errors and leave the state as it was', async () => {
  const { adapter, worker, sink } = await agentRig();
  await adapter.connect(sink);
  const r = worker.offer(VOICE);
  await r.accept();
  const before = JSON.stringify(await adapter.snapshot().then((s) => [s.agents, s.interactions]));
  const count = sink.received.length;
  const corpus: [string, unknown[]][] = [
    ['reservationCreated', [null]],
    ['reservationCreated', ['WR-a-string']],
    ['reservationCreated', [{ sid: 'WRx', on: () => undefined, removeListener: () => undefined }]],
    ['reservationCreated', [{ sid: 'WRy', status: 'pending', task: { sid: 'WTy', attributes: '{not json' }, on: () => undefined, removeListener: () => undefined }]],
    ['error', [Object.assign(new Error('Worker\'s active token has expired.'), { name: 'TOKEN_EXPIRED' })]],
    ['error', [{ message: 'TaskRouter exploded', code: 'TASKROUTER_ERROR' }]],
    ['error', ['a bare string']],
    ['reservationFailed', [{ task_sid: 'WTz' }]],
  ];
  for (const [event, args] of corpus) assert.doesNotThrow(() => worker.emitRaw(event, ...args), event);
  r.emit('accepted', { sid: r.sid, task: 'nope' });
  assert.equal(sink.errors.length, corpus.length + 1);
  assert.equal(sink.errors[4]!.code, ErrorCode.AuthFailed);
  for (const e of sink.errors) assert.ok(Number.isInteger(e.code));
  assert.equal(sink.received.length, count, 'no event from malformed input');
  assert.equal(JSON.stringify(await adapter.snapshot().then((s) => [s.agents, s.interactions])), before);
});

test('nothing is delivered after disconnect and every listener is removed', async () => {
  const { adapter, worker, sink } = await agentRig();
  await adapter.connect(sink);
  const r = worker.offer(VOICE);
  await adapter.disconnect();
  const count = sink.received.length;
  await r.accept();
  worker.changeActivity('Break');
  worker.expireToken();
  assert.equal(sink.received.length, count);
  for (const e of ['ready', 'activityUpdated', 'reservationCreated', 'tokenExpired', 'disconnected']) assert.equal(worker.listenerCount(e), 0, e);
  assert.equal(r.listenerCount('accepted'), 0);
});

// ---- clock offset ----------------------------------------------------------------------------

/** The presence the adapter last showed for the fake worker, from events or a snapshot. */
const shownSince = (sink: ReturnType<typeof recorder>): number | undefined => ofType(sink.received, 'presence').at(-1)?.presence.since;

test("a page clock minutes off Twilio's: times are put on the page's clock, estimated from live reports; jitter and a backlog restate nothing; a clock set by the OS is followed", async () => {
  for (const skewMs of [120_000, -120_000]) {
    const clock = createManualClock(START);
    // `delay` stamps a report earlier than it arrives (its delivery time); `jump` moves the page's clock alone.
    let delay = 0;
    let jump = 0;
    const worker = new FakeWorker({ now: () => clock.now() - jump - delay, skewMs, activity: 'Break' });
    const adapter = createTwilioAdapter({ worker, clock });
    const sink = recorder();
    const breakAt = clock.now();
    clock.advance(600_000);
    await adapter.connect(sink);
    await settle();
    // A live report (an attribute change, delivered in 400 ms) gives the estimate: the break that began 10 min ago shows 10:00.
    delay = 400;
    worker.changeAttributes({ full_name: 'Alice M.' });
    assert.ok(Math.abs((shownSince(sink) ?? 0) - breakAt) <= 1000, `skew ${skewMs}: the break shows ${(clock.now() - (shownSince(sink) ?? 0)) / 1000} s`);
    const snap = await adapter.snapshot();
    assert.ok(Math.abs((snap.agents?.[0]?.presence.since ?? 0) - breakAt) <= 1000, `skew ${skewMs}: snapshot`);
    // A presence that begins now shows 0:00.
    clock.advance(5_000);
    worker.changeActivity('Available');
    assert.ok(Math.abs((shownSince(sink) ?? 0) - clock.now()) <= 1000, `skew ${skewMs}: a presence that began now`);
    const offer = worker.offer(VOICE);
    const offered = ofType(sink.received, 'interaction').at(-1)?.interaction;
    assert.ok(Math.abs((offered?.offeredAt ?? 0) - clock.now()) <= 1000, `skew ${skewMs}: offeredAt`);
    // Jitter of a few hundred ms restates nothing.
    const quiet = sink.received.length;
    for (const d of [300, 0, 450, 120]) {
      delay = d;
      clock.advance(3_000);
      worker.changeActivity(d % 2 === 0 ? 'Break' : 'Available');
      assert.ok(Math.abs((shownSince(sink) ?? 0) - clock.now()) <= 1000, `skew ${skewMs}: jitter ${d}`);
    }
    delay = 0;
    assert.deepEqual(sink.since(quiet).filter((e) => e.id.startsWith('k:')), [], `skew ${skewMs}: jitter restated`);
    // Gone for 3 minutes; back, a backlog of old callbacks arrives first. It moves nothing.
    worker.drop();
    clock.advance(180_000);
    worker.reconnect();
    await settle();
    const back = sink.received.length;
    for (const ago of [170_000, 120_000, 90_000]) {
      adapter.ingestEventCallback({
        EventType: 'worker.activity.update',
        WorkerSid: worker.sid,
        WorkerActivityName: 'Break',
        WorkerActivitySid: sidOf('Break'),
        WorkerAttributes: '{}',
        TimestampMs: String(worker.now() - ago),
      });
    }
    assert.deepEqual(sink.since(back).filter((e) => e.id.startsWith('k:')), [], `skew ${skewMs}: a backlog restated`);
    clock.advance(1_000);
    worker.changeActivity('Offline');
    assert.ok(Math.abs((shownSince(sink) ?? 0) - clock.now()) <= 1000, `skew ${skewMs}: after the backlog`);
    void offer;
    // The OS sets the page's clock 30 s forward: followed once the window has seen it for a while.
    jump = 30_000;
    clock.advance(30_000);
    for (let i = 0; i < 10; i++) {
      clock.advance(20_000);
      worker.changeActivity(i % 2 === 0 ? 'Break' : 'Available');
    }
    assert.ok(Math.abs((shownSince(sink) ?? 0) - clock.now()) <= 1000, `skew ${skewMs}: after the page's clock moved 30 s, shows ${(clock.now() - (shownSince(sink) ?? 0)) / 1000} s`);
    await adapter.disconnect();
  }
});

test('a start replayed by a page that never saw its lost answer: Twilio refuses the label in use (16026) and the leg is adopted; a label in use in another mode stays refused', async () => {
  const { adapter, worker, sink, backend, clock } = await agentRig();
  await adapter.connect(sink);
  const r = worker.offer(VOICE);
  await r.accept();
  const start = envelope({ type: 'start-monitoring', agentId: worker.sid, interactionId: r.sid, mode: 'listen' }, 'WKsupervisor', 'replayed-key');
  await adapter.execute(start);
  assert.equal(backend.requests.at(-1)?.body.Label, 'supervisor:WKsupervisor');
  const [leg] = [...backend.participants.keys()];
  // The outbox on a new page: another adapter, the same key, no note of a lost answer.
  const next = createTwilioAdapter({ worker, clock, backendUrl: BACKEND });
  const nextSink = recorder();
  await next.connect(nextSink);
  await next.execute(start);
  assert.deepEqual([...backend.participants.keys()], [leg], 'one participant');
  assert.deepEqual(backend.requests.slice(-2).map((q) => q.body.Action), ['start', 'list']);
  assert.deepEqual(ofType(nextSink.received, 'monitoring').map((e) => [e.session.id, e.session.mode]), [[leg, 'listen']]);
  const other = createTwilioAdapter({ worker, clock, backendUrl: BACKEND });
  await other.connect(recorder());
  const barge = await rejectsWith(other.execute(envelope({ type: 'start-monitoring', agentId: worker.sid, interactionId: r.sid, mode: 'barge' })), ErrorCode.VendorError);
  assert.equal(barge.details?.twilioCode, 16026);
  assert.equal(backend.participants.size, 1);
  await next.disconnect();
  await other.disconnect();
});
