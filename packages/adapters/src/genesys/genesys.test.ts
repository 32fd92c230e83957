import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { ErrorCode, FloorwalkError, checkEvent, createFloorwalk, type ErrorCodeValue, type FloorwalkEvent, type Interaction } from '@floorwalk/core';
import { adapterConformanceCases, createManualClock, type ConformanceHarness } from '@floorwalk/core/testing';
import { createGenesysAdapter, type GenesysAdapter, type GenesysAdapterOptions } from './index.js';
import { GONE_KEPT, UPDATES_KEPT } from './adapter.js';
import { delivery, recorder, until, type Recorder } from './test-support.js';
import { createGenesysMock, type GenesysMock, type GenesysMockOptions } from './mocks/index.js';
import { genesysHarness } from './delivered.support.js';

const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
after(() => server.close());
// Adapters hold timers (watchdog, expiry): every test's adapters are disconnected after it.
const opened: GenesysAdapter[] = [];
afterEach(async () => {
  for (const a of opened.splice(0)) await a.disconnect();
});

interface Rig {
  readonly mock: GenesysMock;
  readonly adapter: GenesysAdapter;
  readonly sink: Recorder;
  readonly q1: string;
  readonly a: readonly string[];
  /** Until every frame the mock has sent so far has been read. */
  delivered(): Promise<void>;
}

function setup(mockOptions: GenesysMockOptions = {}, adapterOptions: Partial<GenesysAdapterOptions> = {}): { mock: GenesysMock; adapter: GenesysAdapter; delivered(): Promise<void> } {
  const mock = createGenesysMock({ agents: 8, ...mockOptions });
  server.resetHandlers(...mock.handlers);
  const { WebSocket, delivered } = delivery(mock);
  const adapter = createGenesysAdapter({ ...mock.adapterOptions(), WebSocket, ...adapterOptions });
  opened.push(adapter);
  return { mock, adapter, delivered };
}

async function rig(mockOptions: GenesysMockOptions = {}, adapterOptions: Partial<GenesysAdapterOptions> = {}): Promise<Rig> {
  const { mock, adapter, delivered } = setup(mockOptions, adapterOptions);
  const sink = recorder();
  await adapter.connect(sink);
  await adapter.snapshot();
  return { mock, adapter, sink, q1: mock.directory.queueIds[0] as string, a: mock.directory.agentIds, delivered };
}

// ---- conformance ----------------------------------------------------------------------------

function harness(): ConformanceHarness {
  return genesysHarness(createGenesysMock({ agents: 8 }), { resetHandlers: (...h) => server.resetHandlers(...h), create: createGenesysAdapter, opened, until });
}

// A case that checked nothing says why, and shows as a skip rather than a pass.
for (const c of adapterConformanceCases('genesys', harness)) {
  test(c.name, async (t) => {
    await c.run();
    if (c.skipped !== undefined) t.skip(c.skipped);
  });
}

// ---- options --------------------------------------------------------------------------------

test('bad options throw InvalidArgument naming the option', () => {
  const good: GenesysAdapterOptions = { region: 'us_east_1', getAccessToken: () => 't', userId: 'u', watch: { userIds: ['a'] } };
  const cases: [Partial<GenesysAdapterOptions> | Record<string, unknown>, string][] = [
    [{ region: 'mars_north_1' }, 'region'],
    [{ region: 42 }, 'region'],
    // Names on Object.prototype are no region keys.
    [{ region: 'constructor' }, 'region'],
    [{ region: 'toString' }, 'region'],
    [{ region: '__proto__' }, 'region'],
    [{ region: 'hasOwnProperty' }, 'region'],
    [{ getAccessToken: 'token' }, 'getAccessToken'],
    [{ userId: '' }, 'userId'],
    [{ watch: {} }, 'watch'],
    [{ watch: { userIds: [''] } }, 'watch.userIds'],
    [{ maxChannels: 21 }, 'maxChannels'],
    [{ requestsPerMinute: 301 }, 'requestsPerMinute'],
    [{ userTopics: ['everything'] }, 'userTopics'],
    [{ availableMeans: 'sometimes' }, 'availableMeans'],
    [{ backoffMs: [] }, 'backoffMs'],
  ];
  for (const [patch, option] of cases) {
    assert.throws(
      () => createGenesysAdapter({ ...good, ...patch } as GenesysAdapterOptions),
      (err: unknown) => err instanceof FloorwalkError && err.code === ErrorCode.InvalidArgument && err.details?.option === option,
      `expected InvalidArgument for ${option}`,
    );
  }
  // Every region form: key, dashed key, domain.
  for (const region of ['eu_west_1', 'eu-west-1', 'mypurecloud.ie', 'usw2.pure.cloud']) assert.equal(createGenesysAdapter({ ...good, region }).id, 'genesys');
});

test('fetch and WebSocket are looked up when used, so a mock installed after creation still applies', async () => {
  const mock = createGenesysMock({ agents: 2 });
  const adapter = createGenesysAdapter(mock.adapterOptions());
  opened.push(adapter);
  server.resetHandlers(...mock.handlers);
  const sink = recorder();
  await adapter.connect(sink);
  assert.equal(sink.statuses.at(-1), 'live');
  assert.equal(mock.channels.filter((c) => c.connected).length, 1);
});

// ---- topic mappings, from payloads shaped as the reference gives them -------------------------

const Q = '8c1e2a4b-0000-4000-8000-000000000001';
const BUSY_DEF = '31fe3bac-dea6-44b7-bed7-47f91660a1a0';
const ON_QUEUE_DEF = 'e08eaf1b-ee47-4fa9-a231-1200e284798f';

async function mapped(r: Rig, payload: unknown): Promise<FloorwalkEvent[]> {
  const before = r.sink.received.length;
  r.mock.sendRaw(typeof payload === 'string' ? payload : JSON.stringify(payload));
  await r.delivered();
  return r.sink.received.slice(before);
}

test('v2.users.{id}.presence maps to a presence event with the definition as reason and modifiedDate as since', async () => {
  // On a manual clock the message arrives exactly 1 s after its modifiedDate. Stamped from the wall
  // clock when the file loaded, it arrived as late as the tests before it took to run: past 5 s (a
  // loaded machine) it was a clock-offset sample, and the adapter rightly restated all 8 agents.
  const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
  const r = await rig({ clock }, { clock });
  // After the mock org's own modifiedDates (the reference samples date from 2025, before them),
  // and not after the page's now: a stamp ahead of the page's clock reads as Genesys' clock running ahead.
  const later = new Date(clock.now() - 1_000).toISOString();
  const user = r.a[0] as string;
  const events = await mapped(r, {
    topicName: `v2.users.${user}.presence`,
    version: '2',
    eventBody: {
      source: 'PURECLOUD',
      presenceDefinition: { id: BUSY_DEF, systemPresence: 'BUSY' },
      primary: true,
      message: 'Escalation review',
      modifiedDate: later,
    },
    metadata: { CorrelationId: '3b1f6f5e-8d5c-4c55-9f4c-0b8a3c0f1a2b' },
  });
  assert.equal(events.length, 1);
  const e = events[0] as Extract<FloorwalkEvent, { type: 'presence' }>;
  assert.equal(e.type, 'presence');
  assert.equal(e.agentId, user);
  assert.deepEqual(e.presence, { state: 'busy', since: Date.parse(later), reason: { id: BUSY_DEF, label: 'Busy' } });
  assert.equal(checkEvent(e), null);
  assert.equal(r.sink.errors.length, 0);
});

test('a presence older than the one held is dropped: Genesys time orders one user’s changes', async () => {
  const r = await rig();
  const user = r.a[0] as string;
  const body = (when: string) => ({ topicName: `v2.users.${user}.presence`, version: '2', eventBody: { presenceDefinition: { id: BUSY_DEF, systemPresence: 'BUSY' }, modifiedDate: when }, metadata: { CorrelationId: when } });
  assert.equal((await mapped(r, body(new Date().toISOString()))).length, 1);
  r.mock.sendRaw(JSON.stringify(body('2020-01-01T00:00:00.000Z')));
  await r.delivered();
  assert.equal(r.sink.received.filter((e) => e.type === 'presence').length, 1);
  assert.equal(r.sink.errors.length, 0);
});

test('v2.users.{id}.routingStatus maps NOT_RESPONDING (and back) to not-responding events', async () => {
  const r = await rig();
  const user = r.a[1] as string;
  const body = (status: string) => ({
    topicName: `v2.users.${user}.routingStatus`,
    version: '2',
    // After the startTime the snapshot read (the mock org's own), or it would be a late copy.
    eventBody: { id: user, routingStatus: { status, startTime: '2099-03-10T14:05:40.120Z' } },
    metadata: { CorrelationId: `9a0e-${status}` },
  });
  const [on] = await mapped(r, body('NOT_RESPONDING'));
  assert.deepEqual({ type: on?.type, agentId: (on as { agentId?: string }).agentId, notResponding: (on as { notResponding?: boolean }).notResponding }, { type: 'not-responding', agentId: user, notResponding: true });
  const [off] = await mapped(r, body('INTERACTING'));
  assert.equal((off as { notResponding?: boolean }).notResponding, false);
  const bad = await mapped(r, body('ACTIVE'));
  assert.equal(bad.length, 0);
  assert.equal(r.sink.errors.at(-1)?.code, ErrorCode.MalformedEvent);
});

test('a routing status older than the one held is dropped, alone or in a late .activity copy: a not-responding agent stays flagged', async () => {
  const r = await rig();
  const user = r.a[3] as string;
  const now = new Date().toISOString();
  const old = '2020-01-01T00:00:00.000Z';
  const activity = (status: string, when: string) => ({
    topicName: `v2.users.${user}.activity`,
    version: '2',
    eventBody: { id: user, routingStatus: { status, startTime: when }, presence: { presenceDefinition: { id: ON_QUEUE_DEF, systemPresence: 'ON_QUEUE' }, presenceMessage: '', modifiedDate: when } },
    metadata: { CorrelationId: `${status}-${when}` },
  });
  const flagged = await mapped(r, activity('NOT_RESPONDING', now));
  assert.equal((flagged.find((e) => e.type === 'not-responding') as { notResponding?: boolean } | undefined)?.notResponding, true);
  // The copy of the change before it, delivered late: its presence half is old news, and so is its routing half.
  r.mock.sendRaw(JSON.stringify(activity('IDLE', old)));
  r.mock.sendRaw(JSON.stringify({ topicName: `v2.users.${user}.routingStatus`, version: '2', eventBody: { id: user, routingStatus: { status: 'IDLE', startTime: old } }, metadata: { CorrelationId: 'late' } }));
  await r.delivered();
  assert.deepEqual(r.sink.received.filter((e) => e.type === 'not-responding' && e.agentId === user).map((e) => (e as { notResponding: boolean }).notResponding), [true]);
  assert.equal(r.sink.errors.length, 0);
});

test('a routing status older than the one the snapshot read is dropped: an agent the snapshot found not responding stays flagged', async () => {
  const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
  const { mock, adapter, delivered } = setup({ clock }, { clock });
  const user = mock.directory.agentIds[3] as string;
  mock.play([{ type: 'routing', userId: user, status: 'NOT_RESPONDING' }]);
  const sink = recorder();
  await adapter.connect(sink);
  const snap = await adapter.snapshot();
  assert.equal(snap.agents?.find((a) => a.id === user)?.notResponding, true);
  // A copy of the change before it, delivered late (2 s: too little to move the clock estimate).
  const old = new Date(clock.now() - 2_000).toISOString();
  mock.sendRaw(JSON.stringify({ topicName: `v2.users.${user}.routingStatus`, version: '2', eventBody: { id: user, routingStatus: { status: 'IDLE', startTime: old } }, metadata: { CorrelationId: 'late' } }));
  await delivered();
  assert.deepEqual(sink.received.filter((e) => e.type === 'not-responding' && e.agentId === user), []);
  assert.equal(sink.errors.length, 0);
});

test('v2.users.{id}.activity maps presence (presenceMessage form) and routing status in one message', async () => {
  const r = await rig();
  const user = r.a[2] as string;
  const events = await mapped(r, {
    topicName: `v2.users.${user}.activity`,
    version: '2',
    eventBody: {
      id: user,
      routingStatus: { status: 'IDLE', startTime: '2099-03-10T13:58:00.404Z' },
      presence: { presenceDefinition: { id: ON_QUEUE_DEF, systemPresence: 'ON_QUEUE' }, presenceMessage: '', modifiedDate: '2099-03-10T13:58:00.391Z' },
      outOfOffice: { active: false, modifiedDate: '2024-12-20T08:00:00.000Z' },
      activeQueueIds: [Q],
      dateActiveQueuesChanged: '2025-03-10T13:58:01.020Z',
    },
    metadata: { CorrelationId: '5d7e9a10-2b3c-4d5e-8f90-a1b2c3d4e5f6' },
  });
  assert.deepEqual(events.map((e) => e.type), ['presence', 'not-responding']);
  const p = events[0] as Extract<FloorwalkEvent, { type: 'presence' }>;
  assert.deepEqual(p.presence, { state: 'available', since: Date.parse('2099-03-10T13:58:00.391Z'), reason: { id: ON_QUEUE_DEF, label: 'On Queue' } });
  assert.equal(new Set(events.map((e) => e.id)).size, 2);
});

test('v2.routing.queues.{id}.conversations (generic model) maps to a connected interaction with customer fields', async () => {
  const r = await rig();
  const agent = r.a[0] as string;
  const events = await mapped(r, {
    topicName: `v2.routing.queues.${Q}.conversations`,
    version: '2',
    eventBody: {
      id: '2382cf8f-2cba-44a4-97c0-119df2cf0ac4',
      maxParticipants: 3,
      recordingState: 'active',
      participants: [
        {
          id: '354a7626-e8e8-499b-a790-8d6cbc3a485c', purpose: 'customer', name: 'Pat Doe', address: 'tel:+13175550100', queueId: Q,
          connectedTime: '2025-03-10T14:05:02.335Z', wrapupRequired: false, wrapupExpected: false, attributes: { 'crm.caseId': '00012345' },
          calls: [{ id: 'a1f0', state: 'connected', direction: 'inbound', held: false, muted: false, confined: false, recording: true, recordingState: 'active', connectedTime: '2025-03-10T14:05:02.335Z' }],
        },
        {
          id: '7b9c1d2e-1', purpose: 'agent', name: 'Alex Agent', userId: agent, queueId: Q, connectedTime: '2025-03-10T14:05:40.120Z',
          wrapupRequired: true, wrapupExpected: true, wrapupPrompt: 'mandatory', wrapupTimeoutMs: 60000, alertingTimeoutMs: 8000,
          conversationRoutingData: { queue: { id: Q }, priority: 0, skills: [{ id: 'c0ff' }] },
          calls: [{ id: 'd2e4', state: 'connected', direction: 'inbound', held: false, connectedTime: '2025-03-10T14:05:40.120Z', afterCallWorkRequired: true }],
        },
      ],
    },
    metadata: { CorrelationId: 'c-1' },
  });
  assert.equal(events.length, 1);
  const i = (events[0] as Extract<FloorwalkEvent, { type: 'interaction' }>).interaction;
  assert.deepEqual(
    { id: i.id, channel: i.channel, direction: i.direction, state: i.state, agentId: i.agentId, queueId: i.queueId, connectedAt: i.connectedAt, createdAt: i.createdAt, customer: i.customer },
    {
      id: '2382cf8f-2cba-44a4-97c0-119df2cf0ac4', channel: 'voice', direction: 'inbound', state: 'connected', agentId: agent, queueId: Q,
      connectedAt: Date.parse('2025-03-10T14:05:40.120Z'), createdAt: Date.parse('2025-03-10T14:05:02.335Z'), customer: { name: 'Pat Doe', phone: '+13175550100' },
    },
  );
});

test('v2.users.{id}.conversations.calls (flat participant model) maps hold with startHoldTime', async () => {
  const r = await rig();
  const agent = r.a[0] as string;
  const [e] = await mapped(r, {
    topicName: `v2.users.${agent}.conversations.calls`,
    version: '2',
    eventBody: {
      id: '2382cf8f-2cba-44a4-97c0-119df2cf0ac5',
      recordingState: 'active',
      participants: [
        { id: '354a7626-x', purpose: 'customer', state: 'connected', direction: 'inbound', held: false, ani: 'tel:+13175550100', dnis: 'tel:+18005550199', connectedTime: '2025-03-10T14:05:02.335Z' },
        {
          id: '7b9c1d2e-x', purpose: 'agent', state: 'connected', direction: 'inbound', held: true, startHoldTime: '2025-03-10T14:07:00.001Z', muted: false,
          user: { id: agent }, queue: { id: Q }, wrapupRequired: true, wrapupPrompt: 'mandatory', connectedTime: '2025-03-10T14:05:40.120Z',
        },
      ],
    },
    metadata: { CorrelationId: 'c-2' },
  });
  const i = (e as Extract<FloorwalkEvent, { type: 'interaction' }>).interaction;
  assert.equal(i.state, 'held');
  assert.equal(i.heldAt, Date.parse('2025-03-10T14:07:00.001Z'));
  assert.equal(i.agentId, agent);
  assert.equal(i.queueId, Q);
  assert.equal(i.customer?.phone, '+13175550100');
});

test('an agent call in the documented state none is not shown connected, and is once it connects, with its connectedAt', async () => {
  const r = await rig();
  const agent = r.a[0] as string;
  // The generic model, as the reference gives it; `none` is in the call state enum, with no more said.
  const payload = (state: string, extra: Record<string, unknown>): unknown => ({
    topicName: `v2.routing.queues.${Q}.conversations`,
    version: '2',
    eventBody: {
      id: '2382cf8f-2cba-44a4-97c0-119df2cf0ac6',
      maxParticipants: 3,
      recordingState: 'active',
      participants: [
        {
          id: '354a7626-e8e8-499b-a790-8d6cbc3a485d', purpose: 'customer', name: 'Pat Doe', address: 'tel:+13175550100', queueId: Q,
          connectedTime: '2025-03-10T14:05:02.335Z', wrapupRequired: false, wrapupExpected: false,
          calls: [{ id: 'a1f1', state: 'connected', direction: 'inbound', held: false, muted: false, confined: false, recording: true, recordingState: 'active', connectedTime: '2025-03-10T14:05:02.335Z' }],
        },
        {
          id: '7b9c1d2e-2', purpose: 'agent', name: 'Alex Agent', userId: agent, queueId: Q, wrapupRequired: true, wrapupExpected: true,
          conversationRoutingData: { queue: { id: Q }, priority: 0 },
          calls: [{ id: 'd2e5', state, direction: 'inbound', held: false, muted: false, confined: false, ...extra }],
        },
      ],
    },
    metadata: { CorrelationId: `c-none-${state}` },
  });
  const interactions = (events: FloorwalkEvent[]): Interaction[] => events.flatMap((e) => (e.type === 'interaction' ? [e.interaction] : []));

  const [pending] = interactions(await mapped(r, payload('none', {})));
  assert.ok(pending !== undefined, 'an interaction event for the leg in none');
  assert.deepEqual(r.sink.errors, []);
  assert.deepEqual({ state: pending.state, agentId: pending.agentId, connectedAt: pending.connectedAt }, { state: 'offered', agentId: agent, connectedAt: undefined });

  const [live] = interactions(await mapped(r, payload('connected', { connectedTime: '2025-03-10T14:05:40.120Z' })));
  assert.ok(live !== undefined, 'an interaction event for the leg connected');
  assert.deepEqual({ state: live.state, agentId: live.agentId, connectedAt: live.connectedAt }, { state: 'connected', agentId: agent, connectedAt: Date.parse('2025-03-10T14:05:40.120Z') });
});

test('a flat participant in call state none, held flag and all, is not shown held', async () => {
  const r = await rig();
  const agent = r.a[1] as string;
  const [e] = await mapped(r, {
    topicName: `v2.users.${agent}.conversations.calls`,
    version: '2',
    eventBody: {
      id: '2382cf8f-2cba-44a4-97c0-119df2cf0ac7',
      recordingState: 'none',
      participants: [
        { id: '354a7626-y', purpose: 'customer', state: 'connected', direction: 'inbound', held: false, ani: 'tel:+13175550100', dnis: 'tel:+18005550199', connectedTime: '2025-03-10T14:05:02.335Z' },
        { id: '7b9c1d2e-y', purpose: 'agent', state: 'none', direction: 'inbound', held: true, muted: false, user: { id: agent }, queue: { id: Q }, startTime: '2025-03-10T14:05:30.000Z' },
      ],
    },
    metadata: { CorrelationId: 'c-none-flat' },
  });
  const i = (e as Extract<FloorwalkEvent, { type: 'interaction' }>).interaction;
  assert.deepEqual({ state: i.state, connectedAt: i.connectedAt, heldAt: i.heldAt, offeredAt: i.offeredAt }, { state: 'offered', connectedAt: undefined, heldAt: undefined, offeredAt: Date.parse('2025-03-10T14:05:30.000Z') });
});

const interactionOf = (events: FloorwalkEvent[]): Interaction | undefined => events.flatMap((e) => (e.type === 'interaction' ? [e.interaction] : [])).at(0);

// Every participant model has `state` optional: a leg Genesys has made but given no state yet is
// not a connected one, and not a malformed payload either.
test('an agent leg with no state at all is offered, and connected only once it carries a connectedTime', async () => {
  const r = await rig();
  const agent = r.a[0] as string;
  const generic = (id: string, call: Record<string, unknown>): unknown => ({
    topicName: `v2.routing.queues.${Q}.conversations`,
    version: '2',
    eventBody: {
      id,
      participants: [
        { id: `${id}-c`, purpose: 'customer', name: 'Pat Doe', address: 'tel:+13175550100', queueId: Q, connectedTime: '2025-03-10T14:05:02.335Z', calls: [{ id: 'a1', state: 'connected', direction: 'inbound', held: false, connectedTime: '2025-03-10T14:05:02.335Z' }] },
        { id: `${id}-a`, purpose: 'agent', userId: agent, queueId: Q, wrapupRequired: true, calls: [{ id: 'a2', direction: 'inbound', held: false, muted: false, ...call }] },
      ],
    },
    metadata: { CorrelationId: `c-${id}` },
  });
  const flat = (id: string, leg: Record<string, unknown>): unknown => ({
    topicName: `v2.users.${agent}.conversations.calls`,
    version: '2',
    eventBody: {
      id,
      participants: [
        { id: `${id}-c`, purpose: 'customer', state: 'connected', direction: 'inbound', held: false, ani: 'tel:+13175550100', connectedTime: '2025-03-10T14:05:02.335Z' },
        { id: `${id}-a`, purpose: 'agent', direction: 'inbound', held: false, user: { id: agent }, queue: { id: Q }, startTime: '2025-03-10T14:05:30.000Z', ...leg },
      ],
    },
    metadata: { CorrelationId: `c-${id}` },
  });
  const pick = (i: Interaction | undefined) => ({ state: i?.state, agentId: i?.agentId, connectedAt: i?.connectedAt });
  for (const [model, payload] of [['generic', generic], ['flat', flat]] as const) {
    const made = interactionOf(await mapped(r, payload(`2382cf8f-nostate-${model}-1`, {})));
    assert.deepEqual(pick(made), { state: 'offered', agentId: agent, connectedAt: undefined }, model);
    const live = interactionOf(await mapped(r, payload(`2382cf8f-nostate-${model}-2`, { connectedTime: '2025-03-10T14:05:40.120Z' })));
    assert.deepEqual(pick(live), { state: 'connected', agentId: agent, connectedAt: Date.parse('2025-03-10T14:05:40.120Z') }, model);
  }
  assert.deepEqual(r.sink.errors, []);
});

test('an agent leg in none that carries its own connectedTime is connected (or held), never offered with a connectedAt', async () => {
  const r = await rig();
  const agent = r.a[1] as string;
  const payload = (id: string, leg: Record<string, unknown>): unknown => ({
    topicName: `v2.users.${agent}.conversations.calls`,
    version: '2',
    eventBody: {
      id,
      participants: [
        { id: `${id}-c`, purpose: 'customer', state: 'connected', direction: 'inbound', held: false, ani: 'tel:+13175550100', connectedTime: '2025-03-10T14:05:02.335Z' },
        { id: `${id}-a`, purpose: 'agent', state: 'none', direction: 'inbound', muted: false, user: { id: agent }, queue: { id: Q }, startTime: '2025-03-10T14:05:30.000Z', connectedTime: '2025-03-10T14:05:40.120Z', ...leg },
      ],
    },
    metadata: { CorrelationId: `c-${id}` },
  });
  const talking = interactionOf(await mapped(r, payload('2382cf8f-none-ct-1', { held: false })));
  assert.deepEqual({ state: talking?.state, connectedAt: talking?.connectedAt, heldAt: talking?.heldAt }, { state: 'connected', connectedAt: Date.parse('2025-03-10T14:05:40.120Z'), heldAt: undefined });
  const held = interactionOf(await mapped(r, payload('2382cf8f-none-ct-2', { held: true, startHoldTime: '2025-03-10T14:07:00.001Z' })));
  assert.deepEqual({ state: held?.state, connectedAt: held?.connectedAt, heldAt: held?.heldAt }, { state: 'held', connectedAt: Date.parse('2025-03-10T14:05:40.120Z'), heldAt: Date.parse('2025-03-10T14:07:00.001Z') });
  assert.deepEqual(r.sink.errors, []);
});

test('an agent leg on a scheduled callback, not yet due, is not shown connected', async () => {
  const r = await rig();
  const agent = r.a[0] as string;
  const i = interactionOf(await mapped(r, {
    topicName: `v2.users.${agent}.conversations.callbacks`,
    version: '2',
    eventBody: {
      id: '2382cf8f-2cba-44a4-97c0-119df2cf0b01',
      participants: [
        { id: '354a7626-s1', purpose: 'customer', state: 'scheduled', direction: 'outbound', held: false, name: 'Pat Doe', callbackNumbers: ['+13175550100'], callbackScheduledTime: '2025-03-10T16:00:00.000Z' },
        { id: '7b9c1d2e-s1', purpose: 'agent', state: 'scheduled', direction: 'outbound', held: false, user: { id: agent }, queue: { id: Q }, startTime: '2025-03-10T14:05:30.000Z', callbackScheduledTime: '2025-03-10T16:00:00.000Z' },
      ],
    },
    metadata: { CorrelationId: 'c-scheduled' },
  }));
  assert.deepEqual(r.sink.errors, []);
  assert.deepEqual({ state: i?.state, connectedAt: i?.connectedAt }, { state: 'offered', connectedAt: undefined });
});

test('a parked message is held by its agent, from its parkTime, with its connectedAt', async () => {
  const r = await rig();
  const agent = r.a[0] as string;
  const i = interactionOf(await mapped(r, {
    topicName: `v2.routing.queues.${Q}.conversations`,
    version: '2',
    eventBody: {
      id: '2382cf8f-2cba-44a4-97c0-119df2cf0b02',
      participants: [
        { id: '354a7626-p1', purpose: 'customer', name: 'Pat Doe', queueId: Q, connectedTime: '2025-03-10T14:05:02.335Z', messages: [{ id: 'm1', state: 'connected', type: 'webmessaging', held: false, connectedTime: '2025-03-10T14:05:02.335Z' }] },
        {
          id: '7b9c1d2e-p1', purpose: 'agent', userId: agent, queueId: Q, wrapupRequired: true,
          messages: [{ id: 'm2', state: 'parked', type: 'webmessaging', held: false, connectedTime: '2025-03-10T14:05:40.120Z', parkTime: '2025-03-10T14:09:00.000Z', resumeTime: '2025-03-10T15:09:00.000Z' }],
        },
      ],
    },
    metadata: { CorrelationId: 'c-parked' },
  }));
  assert.deepEqual(r.sink.errors, []);
  assert.deepEqual({ state: i?.state, connectedAt: i?.connectedAt, heldAt: i?.heldAt }, { state: 'held', connectedAt: Date.parse('2025-03-10T14:05:40.120Z'), heldAt: Date.parse('2025-03-10T14:09:00.000Z') });
});

test('an email being sent is connected only with a connectedTime of its own', async () => {
  const r = await rig();
  const agent = r.a[0] as string;
  const payload = (id: string, email: Record<string, unknown>): unknown => ({
    topicName: `v2.routing.queues.${Q}.conversations`,
    version: '2',
    eventBody: {
      id,
      participants: [
        { id: `${id}-c`, purpose: 'customer', address: 'mailto:pat@example.com', queueId: Q, emails: [{ id: 'e1', state: 'connected', direction: 'inbound', held: false, subject: 'Order' }] },
        { id: `${id}-a`, purpose: 'agent', userId: agent, queueId: Q, emails: [{ id: 'e2', direction: 'inbound', held: false, subject: 'Order', ...email }] },
      ],
    },
    metadata: { CorrelationId: `c-${id}` },
  });
  for (const state of ['transmitting', 'uploading', 'converting']) {
    const none = interactionOf(await mapped(r, payload(`2382cf8f-e-${state}-1`, { state })));
    assert.deepEqual({ state: none?.state, connectedAt: none?.connectedAt }, { state: 'offered', connectedAt: undefined }, state);
    const sent = interactionOf(await mapped(r, payload(`2382cf8f-e-${state}-2`, { state, connectedTime: '2025-03-10T14:05:40.120Z' })));
    assert.deepEqual({ state: sent?.state, connectedAt: sent?.connectedAt }, { state: 'connected', connectedAt: Date.parse('2025-03-10T14:05:40.120Z') }, state);
  }
  assert.deepEqual(r.sink.errors, []);
});

test('conversation lifecycle from the org: queued → offered → connected → held → wrap-up → ended', async () => {
  const r = await rig();
  const agent = r.a[0] as string;
  const states: string[] = [];
  const watch = (): string | undefined => {
    const last = r.sink.received.filter((e) => e.type === 'interaction').at(-1) as Extract<FloorwalkEvent, { type: 'interaction' }> | undefined;
    return last?.interaction.state;
  };
  const [id] = r.mock.play([{ type: 'call', queueId: r.q1 }]);
  const cid = id as string;
  const steps: [Parameters<GenesysMock['play']>[0], string][] = [
    [[], 'queued'],
    [[{ type: 'offer', conversationId: cid, userId: agent }], 'offered'],
    [[{ type: 'answer', conversationId: cid }], 'connected'],
    [[{ type: 'hold', conversationId: cid, held: true }], 'held'],
    [[{ type: 'hold', conversationId: cid, held: false }], 'connected'],
    [[{ type: 'hangup', conversationId: cid }], 'wrap-up'],
    [[{ type: 'wrapup', conversationId: cid, code: 'Sale' }], 'ended'],
  ];
  for (const [play, expected] of steps) {
    r.mock.play(play);
    await until(() => watch() === expected, `state ${expected}`);
    states.push(watch() as string);
  }
  assert.deepEqual(states, ['queued', 'offered', 'connected', 'held', 'connected', 'wrap-up', 'ended']);
  const ended = (r.sink.received.filter((e) => e.type === 'interaction').at(-1) as Extract<FloorwalkEvent, { type: 'interaction' }>).interaction;
  assert.equal(ended.endReason, 'completed');
  assert.ok(ended.wrapUpAt !== undefined && ended.endedAt !== undefined && ended.endedAt >= ended.wrapUpAt);
  for (const e of r.sink.received) assert.equal(checkEvent(e), null);
  assert.equal(r.sink.errors.length, 0);
});

test('an offer in the generic model (no participant startTime) is dated when first heard, not when the customer joined the queue, and keeps that date once answered', async () => {
  const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
  const r = await rig({ clock }, { clock });
  const agent = r.a[0] as string;
  const last = (): Interaction | undefined => (r.sink.received.filter((e) => e.type === 'interaction').at(-1) as Extract<FloorwalkEvent, { type: 'interaction' }> | undefined)?.interaction;
  const [cid] = r.mock.play([{ type: 'call', queueId: r.q1 }]);
  await until(() => last()?.state === 'queued', 'the queued call');
  const queuedAt = clock.now();
  // Five minutes in the queue, heartbeats every 30 s as Genesys sends them (the watchdog stays quiet).
  for (let k = 0; k < 10; k++) {
    clock.advance(30_000);
    await r.delivered();
  }
  const ringAt = clock.now();
  r.mock.play([{ type: 'offer', conversationId: cid as string, userId: agent }]);
  await until(() => last()?.state === 'offered', 'the offer');
  await r.delivered();
  // Both topics (the agent's and the queue's) carried it; neither copy dates the ring at the queue entry.
  const offers = r.sink.received.flatMap((e) => (e.type === 'interaction' && e.interaction.state === 'offered' ? [e.interaction] : []));
  assert.ok(offers.length > 0);
  for (const i of offers) assert.equal(i.offeredAt, ringAt);
  assert.equal(offers[0]?.createdAt, queuedAt);
  clock.advance(8_000);
  r.mock.play([{ type: 'answer', conversationId: cid as string }]);
  await until(() => last()?.state === 'connected', 'the answer');
  assert.equal(last()?.offeredAt, ringAt);
  assert.equal(last()?.connectedAt, ringAt + 8_000);
  assert.equal(r.sink.errors.length, 0);
});

// Genesys sends a conversation once per topic that carries it (the agent's and the queue's), with
// no documented order across topics: the queue's copy of the offer may come after the agent's copy of the answer.
test('an offer heard after the answer, from the other topic, does not take the interaction back: the client keeps it connected', async () => {
  const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
  // One adapter into a sink (what it emits), one into a client (what a host then shows), on one org.
  const r = await rig({ clock }, { clock });
  const { WebSocket, frames, delivered } = delivery(r.mock);
  const client = createFloorwalk({ adapter: createGenesysAdapter({ ...r.mock.adapterOptions(), clock, WebSocket }), clock, session: { userId: r.mock.directory.supervisorId, role: 'admin', teamIds: 'all' } });
  const errors: FloorwalkError[] = [];
  client.on('error', (e) => errors.push(e));
  await client.connect();
  const settle = async (): Promise<void> => {
    await r.delivered();
    await delivered();
  };
  const agent = r.a[0] as string;
  const [cid] = r.mock.play([{ type: 'call', queueId: r.q1 }]);
  const id = cid as string;
  await until(() => client.getInteraction(id)?.state === 'queued', 'the queued call');
  await settle();
  const queueCopy = (): string | undefined => [...frames].reverse().find((f) => f.includes(`"v2.routing.queues.${r.q1}.conversations"`) && f.includes(id));
  const queued = queueCopy();
  r.mock.play([{ type: 'offer', conversationId: id, userId: agent }]);
  await until(() => client.getInteraction(id)?.state === 'offered', 'the offer');
  await settle();
  const offer = queueCopy();
  assert.ok(queued !== undefined && offer !== undefined && offer !== queued, "the queue topic's copies of the queued call and the offer");
  clock.advance(8_000);
  r.mock.play([{ type: 'answer', conversationId: id }]);
  await until(() => client.getInteraction(id)?.state === 'connected', 'the answer');
  await settle();
  const answered = client.getInteraction(id);
  assert.equal(answered?.connectedAt, clock.now());
  const before = r.sink.received.length;
  clock.advance(1_000);
  // Those copies, late: the same payloads as notifications of their own, and byte for byte the ones heard.
  for (const [n, frame] of [queued, offer].entries()) {
    const copy = JSON.parse(frame) as { metadata: { CorrelationId: string } };
    copy.metadata.CorrelationId = `late-copy-${n}`;
    r.mock.sendRaw(JSON.stringify(copy));
    r.mock.sendRaw(frame);
  }
  await settle();
  assert.deepEqual(r.sink.received.slice(before).flatMap((e) => (e.type === 'interaction' ? [e.interaction.state] : [])), [], 'the adapter emits nothing for an older copy');
  const now = client.getInteraction(id);
  assert.deepEqual({ state: now?.state, connectedAt: now?.connectedAt, offeredAt: now?.offeredAt }, { state: 'connected', connectedAt: answered?.connectedAt, offeredAt: answered?.offeredAt });
  // What comes next still applies: a hold of 5 s, then the unhold.
  clock.advance(5_000);
  r.mock.play([{ type: 'hold', conversationId: id, held: true }]);
  await until(() => client.getInteraction(id)?.state === 'held', 'the hold');
  clock.advance(5_000);
  r.mock.play([{ type: 'hold', conversationId: id, held: false }]);
  await until(() => client.getInteraction(id)?.state === 'connected' && client.getInteraction(id)?.holdMs === 5_000, 'the unhold');
  await settle();
  assert.deepEqual([errors, r.sink.errors], [[], []]);
  await client.disconnect();
});

/**
 * A call the mock has offered on the first queue and its agent answered, heard by two adapters on
 * one org: one into a sink (what the adapter emits) and one into a client (what a host shows), with
 * every state the client showed for it.
 */
async function answeredOnBothTopics(lagAnswer = false) {
  const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
  const r = await rig({ clock }, { clock });
  const { WebSocket, delivered } = delivery(r.mock);
  const client = createFloorwalk({ adapter: createGenesysAdapter({ ...r.mock.adapterOptions(), clock, WebSocket }), clock, session: { userId: r.mock.directory.supervisorId, role: 'admin', teamIds: 'all' } });
  const errors: FloorwalkError[] = [];
  client.on('error', (e) => errors.push(e));
  await client.connect();
  const [cid] = r.mock.play([{ type: 'call', queueId: r.q1, userId: r.a[0] as string }]);
  const id = cid as string;
  const shown: Interaction[] = [];
  client.subscribe((change) => {
    const i = client.getInteraction(id);
    if (change.interactions.has(id) && i !== undefined) shown.push(i);
  });
  const settle = async (): Promise<void> => {
    await r.delivered();
    await delivered();
  };
  await until(() => client.getInteraction(id)?.state === 'offered', 'the offer');
  await settle();
  // The queue's topic as the mock publishes it: the agent's own topic carries the same conversation.
  const queueTopic = `v2.routing.queues.${r.q1}.conversations`;
  // `lagAnswer`: the queue topic lags from the answer on, and this releases what it held back.
  const release = lagAnswer ? r.mock.lagTopic(queueTopic) : () => {};
  clock.advance(4_000);
  r.mock.play([{ type: 'answer', conversationId: id }]);
  await until(() => client.getInteraction(id)?.state === 'connected', 'the answer');
  await settle();
  return { clock, r, client, id, shown, settle, queueTopic, release, errors: () => [errors, r.sink.errors] };
}

const emitted = (r: Rig, from: number, id: string): Interaction[] => r.sink.received.slice(from).flatMap((e) => (e.type === 'interaction' && e.interaction.id === id ? [e.interaction] : []));

test("the queue topic's copy of a hold, heard after the agent topic's unhold, does not hold the call again nor count the hold twice", async () => {
  const { clock, r, client, id, shown, settle, queueTopic, errors } = await answeredOnBothTopics();
  const release = r.mock.lagTopic(queueTopic);
  clock.advance(5_000);
  r.mock.play([{ type: 'hold', conversationId: id, held: true }]);
  await until(() => client.getInteraction(id)?.state === 'held', 'the hold, from the agent topic');
  clock.advance(5_000);
  r.mock.play([{ type: 'hold', conversationId: id, held: false }]);
  await until(() => client.getInteraction(id)?.state === 'connected', 'the unhold, from the agent topic');
  await settle();
  const unheld = client.getInteraction(id);
  assert.deepEqual([unheld?.state, unheld?.heldAt, unheld?.holdMs], ['connected', undefined, 5_000]);
  const before = r.sink.received.length;
  const seen = shown.length;
  clock.advance(1_000);
  // The queue topic's copy of the hold, late; then its copy of the unhold.
  release(1);
  await settle();
  assert.deepEqual(emitted(r, before, id), [], 'the adapter emits nothing for the late hold');
  release();
  await settle();
  assert.deepEqual(emitted(r, before, id).map((i) => [i.state, i.holdMs]), [['connected', 5_000]], 'the copy of the unhold, as the unhold');
  assert.deepEqual(shown.slice(seen).map((i) => [i.state, i.heldAt, i.holdMs]), shown.slice(seen).map(() => ['connected', undefined, 5_000]), 'the client never shows it held again');
  const now = client.getInteraction(id);
  assert.deepEqual([now?.state, now?.holdMs], ['connected', 5_000]);
  assert.deepEqual(errors(), [[], []]);
  await client.disconnect();
});

test("the queue topic's copy of the first agent's connected call, heard after a transfer and the second agent's answer, does not put it back on the first", async () => {
  // The queue topic lags from the answer on: its copies of the answer, the transfer and the second answer come late.
  const { clock, r, client, id, shown, settle, release, errors } = await answeredOnBothTopics(true);
  const [first, second] = [r.a[0] as string, r.a[1] as string];
  clock.advance(3_000);
  r.mock.play([{ type: 'transfer', conversationId: id, userId: second }]);
  await until(() => client.getInteraction(id)?.agentId === second, 'the transfer, from the agent topics');
  clock.advance(2_000);
  r.mock.play([{ type: 'answer', conversationId: id }]);
  await until(() => client.getInteraction(id)?.state === 'connected' && client.getInteraction(id)?.agentId === second, 'the second answer');
  await settle();
  const answered = client.getInteraction(id);
  assert.deepEqual([answered?.agentId, answered?.transfers, answered?.connectedAt], [second, 1, clock.now()]);
  const before = r.sink.received.length;
  const seen = shown.length;
  clock.advance(1_000);
  // The first agent's connected call, late, from the queue topic.
  release(1);
  await settle();
  assert.deepEqual(emitted(r, before, id), [], "the adapter emits nothing for the first agent's late call");
  release();
  await settle();
  assert.deepEqual(emitted(r, before, id).map((i) => [i.state, i.agentId]), [['connected', second]], 'the copy of the second answer, as the second answer');
  assert.deepEqual(shown.slice(seen).map((i) => [i.state, i.agentId, i.connectedAt]), shown.slice(seen).map(() => ['connected', second, answered?.connectedAt]), 'the client keeps it on the second agent');
  assert.ok(shown.every((i) => i.agentId !== first || i.transfers === undefined), 'never back on the first agent');
  assert.deepEqual(errors(), [[], []]);
  await client.disconnect();
});

test("the queue topic's copy of a transfer, heard after the transfer, does not put the call back on the first agent nor change it again", async () => {
  const { clock, r, client, id, shown, settle, queueTopic, errors } = await answeredOnBothTopics();
  const [first, second] = [r.a[0] as string, r.a[1] as string];
  // The queue topic lags from here: its copies of a hold and of the transfer from it come late.
  const release = r.mock.lagTopic(queueTopic);
  clock.advance(3_000);
  r.mock.play([{ type: 'hold', conversationId: id, held: true }]);
  await until(() => client.getInteraction(id)?.state === 'held', 'the hold, from the agent topic');
  clock.advance(4_000);
  r.mock.play([{ type: 'transfer', conversationId: id, userId: second }]);
  await until(() => client.getInteraction(id)?.agentId === second, 'the transfer, from the agent topics');
  await settle();
  const transferred = client.getInteraction(id);
  assert.deepEqual([transferred?.state, transferred?.agentId, transferred?.transfers, transferred?.holdMs], ['offered', second, 1, 4_000]);
  const before = r.sink.received.length;
  const told = emitted(r, 0, id).at(-1);
  assert.deepEqual([told?.agentId, told?.transfers, told?.holdMs], [second, 1, 4_000]);
  const seen = shown.length;
  clock.advance(1_000);
  // The hold on the first agent, late: old news.
  release(1);
  await settle();
  assert.deepEqual(emitted(r, before, id), [], "the adapter emits nothing for the first agent's late hold");
  release();
  await settle();
  // The copy of the latest update: told again as it is (each topic's copy is), never as a change.
  assert.deepEqual(emitted(r, before, id), [told], 'the copy of the transfer, as the transfer');
  assert.deepEqual(shown.slice(seen).filter((i) => JSON.stringify(i) !== JSON.stringify(transferred)), [], 'the client shows no change');
  assert.ok(shown.every((i) => i.agentId !== first || i.transfers === undefined), 'never back on the first agent');
  assert.deepEqual(client.getInteraction(id), transferred);
  // What comes next still applies: the second agent's answer.
  clock.advance(2_000);
  r.mock.play([{ type: 'answer', conversationId: id }]);
  await until(() => client.getInteraction(id)?.state === 'connected', 'the second answer');
  await settle();
  assert.deepEqual([client.getInteraction(id)?.agentId, client.getInteraction(id)?.connectedAt], [second, clock.now()]);
  assert.deepEqual(errors(), [[], []]);
  await client.disconnect();
});

// Why copies are told apart per topic and not by content alone: an unhold maps as the call did
// before its hold, so "a body already seen" would drop the unhold as old news.
test('hold, unhold, hold again, heard on both topics, shows each in turn and counts the first hold once', async () => {
  const { clock, r, client, id, settle, queueTopic, errors } = await answeredOnBothTopics();
  const step = async (held: boolean, state: string): Promise<void> => {
    clock.advance(5_000);
    r.mock.play([{ type: 'hold', conversationId: id, held }]);
    await until(() => client.getInteraction(id)?.state === state, state);
    await settle();
  };
  await step(true, 'held');
  await step(false, 'connected');
  assert.equal(client.getInteraction(id)?.holdMs, 5_000);
  await step(true, 'held');
  const again = client.getInteraction(id);
  assert.deepEqual([again?.state, again?.heldAt, again?.holdMs], ['held', clock.now(), 5_000]);
  // Now with the queue topic behind: unhold and hold again, and its copies of both late.
  const release = r.mock.lagTopic(queueTopic);
  await step(false, 'connected');
  await step(true, 'held');
  const before = r.sink.received.length;
  release();
  await settle();
  assert.deepEqual(emitted(r, before, id).map((i) => [i.state, i.holdMs]), [['held', 10_000]], 'only the copy of the latest hold');
  const last = client.getInteraction(id);
  assert.deepEqual([last?.state, last?.heldAt, last?.holdMs], ['held', clock.now(), 10_000]);
  assert.deepEqual(errors(), [[], []]);
  await client.disconnect();
});

/** Hangs up a call and wraps it up, as the agent topic (not lagging) brings it to a client. */
async function endCall(clock: ReturnType<typeof createManualClock>, mock: GenesysMock, id: string, shows: (state: string) => Promise<void>): Promise<void> {
  clock.advance(5_000);
  mock.play([{ type: 'hangup', conversationId: id }]);
  await shows('wrap-up');
  clock.advance(5_000);
  mock.play([{ type: 'wrapup', conversationId: id }]);
  await shows('ended');
}

test("the queue topic's copy of the wrap-up, heard after the agent topic's end, does not bring the call back; a new agent leg after the end still shows", async () => {
  const { clock, r, client, id, shown, settle, queueTopic, errors } = await answeredOnBothTopics();
  const release = r.mock.lagTopic(queueTopic);
  await endCall(clock, r.mock, id, (state) => until(() => client.getInteraction(id)?.state === state, `${state}, from the agent topic`));
  await settle();
  const ended = client.getInteraction(id);
  assert.deepEqual([ended?.state, ended?.endReason], ['ended', 'completed']);
  const before = r.sink.received.length;
  const seen = shown.length;
  clock.advance(1_000);
  // The queue topic's copy of the wrap-up, late; then its copy of the end.
  release(1);
  await settle();
  assert.deepEqual(emitted(r, before, id), [], 'the adapter emits nothing for the late wrap-up');
  release();
  await settle();
  assert.deepEqual(emitted(r, before, id), [], 'nor for the copy of the end');
  assert.deepEqual(shown.slice(seen), [], 'the client never shows it again');
  assert.deepEqual(client.getInteraction(id), ended);
  // A new life of the same conversation id: a leg rings for another agent (the mock leaves the
  // customer's leg as it was; the mapping reads the agent's). It is no copy of anything heard.
  const second = r.a[1] as string;
  clock.advance(1_000);
  r.mock.play([{ type: 'offer', conversationId: id, userId: second }]);
  await until(() => client.getInteraction(id)?.state === 'offered', 'the new offer');
  await settle();
  // Once per topic that carries it (both agents' and the queue's), each the same.
  assert.deepEqual(emitted(r, before, id).map((i) => [i.state, i.agentId]), [0, 1, 2].map(() => ['offered', second]), 'the new offer');
  assert.equal(client.getInteraction(id)?.agentId, second);
  assert.deepEqual(errors(), [[], []]);
  await client.disconnect();
});

// A snapshot lists only live conversations, so it says nothing of one that ended before it: what
// was heard of its end still holds.
test("a late copy from before a snapshot, of a call that ended before it, is still dropped after it", async () => {
  const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
  const r = await rig({ clock }, { clock });
  const shows = (id: string) => (state: string) => until(() => r.sink.received.some((e) => e.type === 'interaction' && e.interaction.id === id && e.interaction.state === state), state);
  const [id] = r.mock.play([{ type: 'call', queueId: r.q1, userId: r.a[0] as string }]) as [string];
  await shows(id)('offered');
  const release = r.mock.lagTopic(`v2.routing.queues.${r.q1}.conversations`);
  r.mock.play([{ type: 'answer', conversationId: id }]);
  await shows(id)('connected');
  await endCall(clock, r.mock, id, shows(id));
  await r.delivered();
  const snapshot = await r.adapter.snapshot();
  assert.deepEqual(snapshot.interactions?.map((i) => i.id), [], 'the snapshot lists no live call');
  const before = r.sink.received.length;
  // The queue topic's copies of the answer, the wrap-up and the end, all from before the snapshot.
  release();
  await r.delivered();
  assert.deepEqual(emitted(r, before, id), []);
  assert.deepEqual(r.sink.errors, []);
});

test(`an ended conversation is remembered against late copies until ${GONE_KEPT} more have ended after it, then forgotten`, async () => {
  const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
  const r = await rig({ clock, queues: 3 }, { clock });
  const [q1, q2, q3] = r.mock.directory.queueIds as [string, string, string];
  const sinkShows = (id: string) => (state: string) => until(() => r.sink.received.some((e) => e.type === 'interaction' && e.interaction.id === id && e.interaction.state === state), state);
  // Two calls, each on its own queue, whose queue topics lag from the answer on: the first to end
  // is forgotten once GONE_KEPT more have ended after it, the second is then the oldest kept.
  const ends = async (queueId: string, userId: string): Promise<{ id: string; release: (count?: number) => void }> => {
    const [id] = r.mock.play([{ type: 'call', queueId, userId }]) as [string];
    await sinkShows(id)('offered');
    const release = r.mock.lagTopic(`v2.routing.queues.${queueId}.conversations`);
    r.mock.play([{ type: 'answer', conversationId: id }]);
    await sinkShows(id)('connected');
    await endCall(clock, r.mock, id, sinkShows(id));
    return { id, release };
  };
  const first = await ends(q1, r.a[0] as string);
  const second = await ends(q2, r.a[1] as string);
  // GONE_KEPT - 1 more, on a third queue that does not lag: each queued, then abandoned.
  for (let n = 1; n < GONE_KEPT; n++) r.mock.play([{ type: 'abandon', conversationId: r.mock.play([{ type: 'call', queueId: q3 }])[0] as string }]);
  await r.delivered();
  assert.equal(r.sink.received.filter((e) => e.type === 'interaction' && e.interaction.state === 'ended').length, GONE_KEPT + 1, 'the two calls and the others each ended once');
  const before = r.sink.received.length;
  // Each lagging topic's copies of the answer and the wrap-up, late. GONE_KEPT - 1 have ended after
  // the second: it is the oldest kept.
  second.release(2);
  await r.delivered();
  assert.deepEqual(emitted(r, before, second.id), [], 'kept: its late copies are dropped');
  // GONE_KEPT have ended after the first (the second and the others): it is forgotten.
  first.release(2);
  await r.delivered();
  assert.deepEqual(emitted(r, before, first.id).map((i) => i.state), ['connected', 'wrap-up'], 'forgotten: its late copies are news again');
  assert.deepEqual(r.sink.errors, []);
});

test(`a conversation's update record keeps its last ${UPDATES_KEPT} updates: a late copy of one further back is news again`, async () => {
  const { clock, r, client, id, settle, queueTopic, errors } = await answeredOnBothTopics();
  // Each a new update on the agent topic: a hold (each with its own startHoldTime) or an unhold.
  let held = false;
  const toggles = async (count: number): Promise<void> => {
    for (let n = 0; n < count; n++) {
      clock.advance(1_000);
      r.mock.play([{ type: 'hold', conversationId: id, held: (held = !held) }]);
    }
    await until(() => client.getInteraction(id)?.state === (held ? 'held' : 'connected'), 'the last toggle, from the agent topic');
    await settle();
  };
  // The queue topic as far behind as the record reaches: every copy but the latest's is dropped.
  let release = r.mock.lagTopic(queueTopic);
  await toggles(UPDATES_KEPT);
  const latest = client.getInteraction(id);
  let before = r.sink.received.length;
  release();
  await settle();
  assert.deepEqual(emitted(r, before, id).map((i) => [i.state, i.holdMs]), [[latest?.state, latest?.holdMs]], 'kept: only the copy of the latest');
  // One update further behind: its first copy is of an update the record no longer holds.
  release = r.mock.lagTopic(queueTopic);
  // The first of them: a hold from the unheld call, or an unhold of a held one.
  const first = held ? ['connected', undefined] : ['held', clock.now() + 1_000];
  await toggles(UPDATES_KEPT + 1);
  before = r.sink.received.length;
  release(1);
  await settle();
  assert.deepEqual(emitted(r, before, id).map((i) => [i.state, i.heldAt]), [first], 'forgotten: the copy of the first is news');
  release();
  await settle();
  assert.deepEqual(errors(), [[], []]);
  await client.disconnect();
});

test("a late copy from another watched agent's topic, after a transfer to a user the board does not watch, does not bring the call back", async () => {
  const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
  const mock = createGenesysMock({ agents: 8, clock });
  server.resetHandlers(...mock.handlers);
  const { WebSocket, delivered } = delivery(mock);
  const [first, second, outsider] = mock.directory.agentIds as [string, string, string];
  // Two watched agents and no queue: the first agent's topic is the other topic carrying the call.
  const adapter = createGenesysAdapter({ ...mock.adapterOptions(), clock, WebSocket, watch: { userIds: [first, second] } });
  opened.push(adapter);
  const r: Rig = { mock, adapter, sink: recorder(), q1: mock.directory.queueIds[0] as string, a: mock.directory.agentIds, delivered };
  await adapter.connect(r.sink);
  await adapter.snapshot();
  const sinkShows = (state: string, agentId: string) => until(() => r.sink.received.some((e) => e.type === 'interaction' && e.interaction.agentId === agentId && e.interaction.state === state), `${state} on ${agentId}`);
  const [id] = r.mock.play([{ type: 'call', queueId: r.q1, userId: first }]) as [string];
  await sinkShows('offered', first);
  r.mock.play([{ type: 'answer', conversationId: id }]);
  await sinkShows('connected', first);
  clock.advance(3_000);
  r.mock.play([{ type: 'transfer', conversationId: id, userId: second }]);
  await sinkShows('offered', second);
  await r.delivered();
  // The first agent's topic lags from here: its copies of the second answer and of the transfer on.
  const release = r.mock.lagTopic(`v2.users.${first}.conversations`);
  clock.advance(2_000);
  r.mock.play([{ type: 'answer', conversationId: id }]);
  await sinkShows('connected', second);
  clock.advance(3_000);
  r.mock.play([{ type: 'transfer', conversationId: id, userId: outsider }]);
  await until(() => r.sink.received.some((e) => e.type === 'interaction' && e.interaction.id === id && e.interaction.state === 'ended'), 'ended for the board');
  await r.delivered();
  const before = r.sink.received.length;
  release(1);
  await r.delivered();
  assert.deepEqual(emitted(r, before, id), [], "the adapter emits nothing for the first agent's topic's late copy of the second answer");
  release();
  await r.delivered();
  assert.deepEqual(emitted(r, before, id), [], 'nor for its copy of the transfer');
  assert.deepEqual(r.sink.errors, []);
});

test('a call transferred to a user the board does not watch ends, as transferred, for the board', async () => {
  const r = await rig({ queues: 1 }, { watch: { userIds: [] as string[], teamIds: ['b5f0c1a2-0000-4000-8000-000000000001'] } });
  const agent = r.a[0] as string;
  const conversation = (agentLegs: unknown[]) => ({
    topicName: `v2.users.${agent}.conversations`,
    version: '2',
    eventBody: {
      id: 'c-transfer',
      participants: [
        { id: 'p-c', purpose: 'customer', address: 'tel:+13175550100', calls: [{ id: 'm-c', state: 'connected', direction: 'inbound', connectedTime: '2026-01-05T09:00:00.000Z' }] },
        ...agentLegs,
      ],
    },
    metadata: { CorrelationId: `t-${agentLegs.length}` },
  });
  const mine = { id: 'p-a', purpose: 'agent', userId: agent, connectedTime: '2026-01-05T09:00:05.000Z', calls: [{ id: 'm-a', state: 'connected', direction: 'inbound', connectedTime: '2026-01-05T09:00:05.000Z' }] };
  const [first] = await mapped(r, conversation([mine]));
  assert.equal((first as Extract<FloorwalkEvent, { type: 'interaction' }>).interaction.state, 'connected');
  const gone = { ...mine, endTime: '2026-01-05T09:03:00.000Z', calls: [{ id: 'm-a', state: 'disconnected', disconnectType: 'transfer', direction: 'inbound' }] };
  const outsider = { id: 'p-o', purpose: 'agent', userId: 'someone-unwatched', connectedTime: '2026-01-05T09:03:01.000Z', calls: [{ id: 'm-o', state: 'connected', direction: 'inbound' }] };
  const [second] = await mapped(r, conversation([gone, outsider]));
  const i = (second as Extract<FloorwalkEvent, { type: 'interaction' }>).interaction;
  assert.deepEqual([i.state, i.endReason, i.agentId], ['ended', 'transferred', agent]);
});

test('a leg Genesys moved on for not taking the call (transfer.noanswer, .notavailable, .dnd) ends as missed, not transferred', async () => {
  const r = await rig({ queues: 1 });
  const agent = r.a[0] as string;
  for (const type of ['transfer.noanswer', 'transfer.notavailable', 'transfer.dnd']) {
    const conversation = (customer: unknown, mine: unknown, n: number) => ({
      topicName: `v2.users.${agent}.conversations`,
      version: '2',
      eventBody: { id: `c-${type}`, participants: [customer, mine] },
      metadata: { CorrelationId: `${type}-${n}` },
    });
    const customer = { id: 'p-c', purpose: 'customer', address: 'tel:+13175550100', queueId: r.q1, calls: [{ id: 'm-c', state: 'connected', direction: 'inbound', connectedTime: '2026-01-05T09:00:00.000Z' }] };
    const ringing = { id: 'p-a', purpose: 'agent', userId: agent, queueId: r.q1, calls: [{ id: 'm-a', state: 'alerting', direction: 'inbound' }] };
    const [offered] = await mapped(r, conversation(customer, ringing, 1));
    assert.equal((offered as Extract<FloorwalkEvent, { type: 'interaction' }>).interaction.state, 'offered');
    // The alerting timeout moved the call on (to voicemail, say), and the caller hung up there.
    const lapsed = { ...ringing, endTime: '2026-01-05T09:00:30.000Z', calls: [{ id: 'm-a', state: 'disconnected', direction: 'inbound', disconnectType: type, disconnectedTime: '2026-01-05T09:00:30.000Z' }] };
    const gone = { ...customer, endTime: '2026-01-05T09:01:30.000Z', calls: [{ id: 'm-c', state: 'disconnected', direction: 'inbound', disconnectType: 'endpoint', connectedTime: '2026-01-05T09:00:00.000Z', disconnectedTime: '2026-01-05T09:01:30.000Z' }] };
    const [ended] = await mapped(r, conversation(gone, lapsed, 2));
    const i = (ended as Extract<FloorwalkEvent, { type: 'interaction' }>).interaction;
    assert.deepEqual([i.state, i.endReason, i.agentId], ['ended', 'missed', agent], type);
  }
  assert.equal(r.sink.errors.length, 0);
});

test('an abandoned queued call ends as abandoned', async () => {
  const r = await rig();
  const [cid] = r.mock.play([{ type: 'call', queueId: r.q1, media: 'chat' }]);
  r.mock.play([{ type: 'abandon', conversationId: cid as string }]);
  await until(() => r.sink.received.some((e) => e.type === 'interaction' && e.interaction.state === 'ended'), 'the end');
  const e = r.sink.received.find((x) => x.type === 'interaction' && x.interaction.state === 'ended') as Extract<FloorwalkEvent, { type: 'interaction' }>;
  assert.equal(e.interaction.endReason, 'abandoned');
  assert.equal(e.interaction.channel, 'chat');
});

test('v2.routing.queues.{id}.users changes the agent’s queues; observations become queue statistics', async () => {
  const r = await rig();
  const agent = r.a[1] as string;
  const [member] = await mapped(r, { topicName: `v2.routing.queues.${Q}.users`, version: '2', eventBody: { id: agent, user: { id: agent }, queueId: Q, joined: false }, metadata: { CorrelationId: 'm-1' } });
  assert.equal(member?.type, 'agent');
  assert.ok(!(member as Extract<FloorwalkEvent, { type: 'agent' }>).agent.queueIds.includes(Q));
  const [stats] = await mapped(r, {
    topicName: `v2.analytics.queues.${Q}.observations`,
    version: '2',
    eventBody: {
      group: { queueId: Q, mediaType: 'voice' },
      data: [{ interval: '2025-03-10T14:00:00.000Z/2025-03-10T14:30:00.000Z', metrics: [
        { metric: 'oWaiting', stats: { count: 3 } },
        { metric: 'oInteracting', stats: { count: 12 } },
        { metric: 'oUserRoutingStatuses', qualifier: 'IDLE', stats: { count: 4 } },
      ] }],
    },
    metadata: { CorrelationId: 'o-1' },
  });
  assert.equal(stats?.type, 'queue-stats');
  const s = (stats as Extract<FloorwalkEvent, { type: 'queue-stats' }>).stats;
  assert.equal(s.waiting, 3);
  assert.equal(s.agentsAvailable, 4);
});

test('a queue’s idle agents are people, not media: the count each media type’s observation repeats is not added up', async () => {
  const r = await rig();
  const observation = (mediaType: string, waiting: number) => ({
    topicName: `v2.analytics.queues.${Q}.observations`,
    version: '2',
    eventBody: {
      group: { queueId: Q, mediaType },
      data: [{ interval: '2025-03-10T14:00:00.000Z/2025-03-10T14:30:00.000Z', metrics: [
        { metric: 'oWaiting', stats: { count: waiting } },
        { metric: 'oUserRoutingStatuses', qualifier: 'IDLE', stats: { count: 4 } },
      ] }],
    },
    metadata: { CorrelationId: `o-${mediaType}` },
  });
  await mapped(r, observation('voice', 3));
  const [stats] = await mapped(r, observation('chat', 2));
  const s = (stats as Extract<FloorwalkEvent, { type: 'queue-stats' }>).stats;
  assert.equal(s.waiting, 5, 'conversations waiting are per media type, and add up');
  assert.equal(s.agentsAvailable, 4);
  // The mock org counts its idle members the same way, once per media type: the snapshot agrees.
  const queue = r.mock.directory.queueIds[1] as string;
  const snap = await r.adapter.snapshot();
  // Its members On Queue with no conversation yet are all IDLE.
  const idle = (snap.agents ?? []).filter((a) => a.queueIds.includes(queue) && a.presence.reason?.id === ON_QUEUE_DEF).length;
  assert.ok(idle > 0 && (snap.interactions ?? []).length === 0);
  assert.equal(snap.queues?.find((q) => q.id === queue)?.stats.agentsAvailable, idle);
});

test('monitoring legs (monitoredParticipantId / coachedParticipantId / bargedParticipantId) map to monitoring sessions', async () => {
  const r = await rig();
  const agent = r.a[0] as string;
  const sup = r.mock.directory.supervisorId;
  const [cid] = r.mock.play([{ type: 'call', queueId: r.q1, userId: agent }]);
  r.mock.play([{ type: 'answer', conversationId: cid as string }]);
  for (const [mode, expected] of [['monitor', 'listen'], ['coach', 'whisper'], ['barge', 'barge']] as const) {
    const before = r.sink.received.length;
    r.mock.play([{ type: 'monitor', conversationId: cid as string, supervisorId: sup, mode }]);
    await until(() => r.sink.received.slice(before).some((e) => e.type === 'monitoring' && e.session.mode === expected), `a ${expected} session`);
    const session = (r.sink.received.slice(before).find((e) => e.type === 'monitoring' && e.session.mode === expected) as Extract<FloorwalkEvent, { type: 'monitoring' }>).session;
    assert.equal(session.agentId, agent);
    assert.equal(session.supervisorId, sup);
    assert.equal(session.interactionId, cid);
  }
  // The supervisor legs do not replace the agent as the interaction's agent.
  const last = r.sink.received.filter((e) => e.type === 'interaction').at(-1) as Extract<FloorwalkEvent, { type: 'interaction' }>;
  assert.equal(last.interaction.agentId, agent);
});

test("a supervisor's screen-monitoring leg (screenMonitoredParticipantId) never becomes the conversation's agent: the agent keeps their call", async () => {
  const r = await rig();
  const agent = r.a[0] as string;
  const sup = r.mock.directory.supervisorId;
  const events = await mapped(r, {
    topicName: `v2.routing.queues.${Q}.conversations`,
    version: '2',
    eventBody: {
      id: 'c-screen-1',
      participants: [
        { id: 'leg-customer', purpose: 'customer', address: 'tel:+13175550100', queueId: Q, calls: [{ id: 'call-c', state: 'connected', direction: 'inbound', connectedTime: '2025-03-10T14:05:02.335Z' }] },
        { id: 'leg-agent', purpose: 'agent', userId: agent, queueId: Q, calls: [{ id: 'call-a', state: 'connected', direction: 'inbound', connectedTime: '2025-03-10T14:05:40.120Z' }] },
        // Listed after the agent's leg, as a leg that joins later is; its own media is not a call.
        { id: 'leg-screen', purpose: 'agent', userId: sup, connectedTime: '2025-03-10T14:06:00.000Z', screenMonitoredParticipantId: 'leg-agent' },
      ],
    },
    metadata: { CorrelationId: 'c-2' },
  });
  const i = (events.find((e) => e.type === 'interaction') as Extract<FloorwalkEvent, { type: 'interaction' }>).interaction;
  assert.deepEqual([i.agentId, i.state, i.transfers], [agent, 'connected', undefined], "still the agent's call, not a transfer to the supervisor");
});

test('all three casings of system presences map alike; unknown ones are reported, not guessed', async () => {
  const { normaliseSystemPresence, SYSTEM_PRESENCE_STATES } = await import('./index.js');
  for (const v of ['ON_QUEUE', 'OnQueue', 'On Queue', 'on queue']) assert.equal(normaliseSystemPresence(v), 'ON_QUEUE');
  for (const [upper, state] of Object.entries(SYSTEM_PRESENCE_STATES)) {
    const title = upper.charAt(0) + upper.slice(1).toLowerCase().replace('_q', 'Q');
    assert.equal(SYSTEM_PRESENCE_STATES[normaliseSystemPresence(title)], state, title);
  }
  const r = await rig();
  const user = r.a[3] as string;
  for (const [system, state] of [['AVAILABLE', 'available'], ['Meal', 'meal'], ['On Queue', 'available'], ['IDLE', 'away'], ['Offline', 'offline']] as const) {
    // No definition id: the state comes from the system presence alone, in whatever casing.
    const [e] = await mapped(r, { topicName: `v2.users.${user}.presence`, version: '2', eventBody: { presenceDefinition: { systemPresence: system }, modifiedDate: new Date(Date.now() + 1000).toISOString() }, metadata: { CorrelationId: system } });
    assert.equal((e as Extract<FloorwalkEvent, { type: 'presence' }>).presence.state, state, system);
  }
  const errors = r.sink.errors.length;
  const none = await mapped(r, { topicName: `v2.users.${user}.presence`, version: '2', eventBody: { presenceDefinition: { systemPresence: 'VACATION' }, modifiedDate: new Date(Date.now() + 5000).toISOString() } });
  assert.equal(none.length, 0);
  assert.equal(r.sink.errors.length, errors + 1);
  assert.equal(r.sink.errors.at(-1)?.code, ErrorCode.MalformedEvent);
});

test('the snapshot reads REST casings (Title-case user presence, OnQueue definitions) and the legacy “On Queue” list', async () => {
  const legacy = [
    { id: '6a3af858-942f-489d-9700-5f9bcdcdae9b', name: 'Available', systemPresence: 'Available', languageLabels: { en_US: 'Available' }, deactivated: false, primary: true },
    { id: ON_QUEUE_DEF, name: 'On Queue', systemPresence: 'On Queue', languageLabels: { en_US: 'On Queue' }, deactivated: false, primary: true },
    { id: '227b37e2-f1d0-4dd0-8f50-badd7cf6d158', name: 'Break', systemPresence: 'Break', languageLabels: { en_US: 'Break' }, deactivated: false, primary: true },
  ];
  const { mock, adapter } = setup({}, { presenceDefinitions: legacy });
  const sink = recorder();
  await adapter.connect(sink);
  const snap = await adapter.snapshot();
  assert.ok(!mock.requests.some((q) => q.path.startsWith('/api/v2/presence/definitions')), 'given definitions are not fetched');
  const agents = snap.agents ?? [];
  assert.equal(agents.length, 8);
  const onQueue = agents.filter((a) => a.presence.reason?.id === ON_QUEUE_DEF);
  assert.ok(onQueue.length > 0 && onQueue.every((a) => a.presence.state === 'available' && a.presence.reason?.label === 'On Queue'));
  assert.ok(agents.some((a) => a.presence.state === 'break'));
  const available = snap.presenceDefinitions?.find((d) => d.state === 'available');
  assert.deepEqual(available?.reasons.map((r) => r.label).sort(), ['Available', 'On Queue']);
  await adapter.disconnect();
});

test('the snapshot holds teams, agents with their queues, queues with statistics and live interactions', async () => {
  const r = await rig();
  const [cid] = r.mock.play([{ type: 'call', queueId: r.q1 }, { type: 'call', queueId: r.q1, userId: r.a[0] as string }]);
  const snap = await r.adapter.snapshot();
  assert.equal(checkEvent(snap), null);
  assert.equal(snap.teams?.length, 2);
  assert.equal(snap.agents?.length, 8);
  assert.ok(snap.agents?.every((a) => a.teamIds.length === 1 && a.queueIds.length >= 1));
  const q = snap.queues?.find((x) => x.id === r.q1);
  assert.equal(q?.name, 'Sales');
  assert.equal(q?.stats.waiting, 1);
  assert.deepEqual((snap.interactions ?? []).map((i) => i.state).sort(), ['offered', 'queued']);
  assert.ok(snap.interactions?.some((i) => i.id === cid && i.state === 'queued'));
  const paths = r.mock.requests.map((q2) => q2.path.split('?')[0]);
  for (const p of ['/api/v2/users', '/api/v2/users/presences/purecloud/bulk', `/api/v2/routing/queues/${r.q1}/members`, '/api/v2/analytics/queues/observations/query', '/api/v2/analytics/conversations/details/query']) {
    assert.ok(paths.includes(p), `snapshot reads ${p}`);
  }
});

// ---- malformed input --------------------------------------------------------------------------

test('a corpus of malformed messages becomes typed errors, never exceptions, and leaves state intact', async () => {
  const { mock, adapter, delivered } = setup();
  const client = createFloorwalk({ adapter, session: { userId: mock.directory.supervisorId, role: 'admin', teamIds: 'all' } });
  const clientErrors: FloorwalkError[] = [];
  client.on('error', (e) => clientErrors.push(e));
  await client.connect();
  const agent = mock.directory.agentIds[0] as string;
  const before = client.getAgents().map((a) => `${a.id}:${a.presence.state}:${a.presence.since}`).sort();
  const interactionsBefore = client.getInteractions().length;
  const topic = (suffix: string) => `v2.users.${agent}.${suffix}`;
  const corpus: string[] = [
    ' ',
    'not json',
    '{"topicName":',
    'null',
    '42',
    '[]',
    '"v2.users.x.presence"',
    JSON.stringify({ eventBody: {} }),
    JSON.stringify({ topicName: 7, eventBody: {} }),
    JSON.stringify({ topicName: topic('presence') }),
    JSON.stringify({ topicName: topic('presence'), eventBody: null }),
    JSON.stringify({ topicName: topic('presence'), eventBody: [] }),
    JSON.stringify({ topicName: topic('presence'), eventBody: { presenceDefinition: 'BUSY' } }),
    JSON.stringify({ topicName: topic('presence'), eventBody: { presenceDefinition: { systemPresence: 'SLEEPING' } } }),
    JSON.stringify({ topicName: topic('presence'), eventBody: { presenceDefinition: { systemPresence: 12 } } }),
    JSON.stringify({ topicName: topic('routingStatus'), eventBody: { routingStatus: { status: 'ACTIVE' } } }),
    JSON.stringify({ topicName: topic('routingStatus'), eventBody: { routingStatus: null } }),
    JSON.stringify({ topicName: topic('activity'), eventBody: { id: agent } }),
    JSON.stringify({ topicName: topic('conversations'), eventBody: { participants: [] } }),
    JSON.stringify({ topicName: topic('conversations'), eventBody: { id: 'c', participants: 'none' } }),
    JSON.stringify({ topicName: topic('conversations'), eventBody: { id: 'c', participants: [null] } }),
    JSON.stringify({ topicName: topic('conversations'), eventBody: { id: 'c', participants: [{ purpose: 'customer', calls: 'x' }] } }),
    JSON.stringify({ topicName: topic('conversations'), eventBody: { id: 'c', participants: [{ purpose: 'customer', calls: [{ state: 'teleporting' }] }] } }),
    JSON.stringify({ topicName: topic('conversations'), eventBody: { id: 'c', participants: [{ purpose: 'customer' }] } }),
    JSON.stringify({ topicName: `v2.routing.queues.${Q}.users`, eventBody: { queueId: Q } }),
    JSON.stringify({ topicName: `v2.analytics.queues.${Q}.observations`, eventBody: { data: 'x' } }),
    JSON.stringify({ topicName: `v2.analytics.queues.${Q}.observations`, eventBody: { data: [{ metrics: [{ stats: {} }] }] } }),
    JSON.stringify({ topicName: 'v2.users.x.wem.coaching.notification', eventBody: {} }),
    JSON.stringify({ topicName: 'v2.telephony.unknown', eventBody: {} }),
  ];
  let errors = clientErrors.length;
  const seen: ErrorCodeValue[] = [];
  for (const text of corpus) {
    mock.sendRaw(text);
    // A coaching notification's error comes after its handling loads, past the frame's read: wait
    // for it, then for the frames, so a second error from the same frame would be in too.
    await until(() => clientErrors.length > errors, `an error for ${JSON.stringify(text).slice(0, 80)}`);
    await delivered();
    assert.equal(clientErrors.length, errors + 1, `exactly one error for ${text.slice(0, 80)}`);
    errors = clientErrors.length;
    seen.push(clientErrors.at(-1)?.code as ErrorCodeValue);
  }
  assert.ok(seen.every((c) => c === ErrorCode.MalformedEvent));
  assert.deepEqual(client.getAgents().map((a) => `${a.id}:${a.presence.state}:${a.presence.since}`).sort(), before);
  assert.equal(client.getInteractions().length, interactionsBefore);
  assert.equal(client.status, 'live');
  // And it keeps working.
  mock.play([{ type: 'presence', userId: agent, presence: 'MEETING' }]);
  await until(() => client.getAgent(agent)?.presence.state === 'meeting', 'a valid change after the corpus');
  await client.disconnect();
});

// ---- the mock org as a demo source ------------------------------------------------------------

test('autoplay drives a steady stream the client follows, matching a fresh REST snapshot afterwards', async () => {
  const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
  const mock = createGenesysMock({ agents: 20, queues: 3, clock });
  server.resetHandlers(...mock.handlers);
  const { WebSocket, delivered } = delivery(mock);
  const adapter = createGenesysAdapter({ ...mock.adapterOptions(), clock, heartbeatTimeoutMs: 3_600_000, WebSocket });
  opened.push(adapter);
  const client = createFloorwalk({ adapter, clock, session: { userId: mock.directory.supervisorId, role: 'admin', teamIds: 'all' } });
  const errors: FloorwalkError[] = [];
  client.on('error', (e) => errors.push(e));
  let changes = 0;
  client.subscribe(() => changes++);
  await client.connect();
  const stop = mock.autoplay(1000, 3);
  for (let i = 0; i < 150; i++) {
    clock.advance(1000);
    // A step's notifications are read before the next: the client follows the stream as it comes.
    await delivered();
  }
  stop();
  await delivered();
  assert.ok(changes > 20, `only ${changes} store changes`);
  assert.equal(errors.length, 0, errors.map((e) => e.message).join('; '));
  const fresh = await adapter.snapshot();
  const held = new Map(client.getAgents().map((a) => [a.id, a]));
  for (const a of fresh.agents ?? []) {
    assert.equal(held.get(a.id)?.presence.state, a.presence.state, a.id);
    assert.equal(held.get(a.id)?.presence.since, a.presence.since, a.id);
  }
  const live = (list: readonly { id: string; state: string }[]) => list.map((i) => `${i.id}:${i.state}`).sort();
  assert.deepEqual(live(client.getInteractions()), live(fresh.interactions ?? []));
  assert.ok((fresh.interactions ?? []).length > 0 || client.getInteractions().length === 0);
  await client.disconnect();
});

test("autoplay leaves a person's presence to them: the users it is told a person sits behind keep theirs", async () => {
  /** Ten minutes of autoplay (seed 3) over a fresh org: each agent's presence definitions, read from Genesys' REST every 10 s. */
  const play = async (persons: (agentIds: readonly string[]) => string[]) => {
    const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
    const mock = createGenesysMock({ agents: 12, queues: 2, clock });
    server.resetHandlers(...mock.handlers);
    const adapter = createGenesysAdapter({ ...mock.adapterOptions(), clock, heartbeatTimeoutMs: 3_600_000 });
    opened.push(adapter);
    const client = createFloorwalk({ adapter, clock, session: { userId: mock.directory.supervisorId, role: 'admin', teamIds: 'all' } });
    await client.connect();
    // The definition, not modifiedDate: that moves with routing too.
    const seen = new Map<string, Set<string>>();
    const look = async () => {
      for (const a of (await adapter.snapshot()).agents ?? []) seen.set(a.id, (seen.get(a.id) ?? new Set<string>()).add(`${a.presence.state} ${a.presence.reason?.id ?? ''}`));
    };
    await look();
    const stop = mock.autoplay(1000, 3, persons(mock.directory.agentIds));
    for (let i = 0; i < 60; i++) {
      clock.advance(10_000);
      await look();
    }
    stop();
    await client.disconnect();
    return { agentIds: mock.directory.agentIds, moved: mock.directory.agentIds.filter((id) => (seen.get(id)?.size ?? 0) > 1) };
  };
  // The same stream twice: first to find an agent it moves, then with that agent a person.
  const free = await play(() => []);
  const person = free.moved[0];
  assert.ok(person !== undefined, 'the stream moves someone');
  const seated = await play(() => [person]);
  assert.ok(!seated.moved.includes(person), 'the person stays where they put themselves');
  assert.ok(seated.moved.length > 0, 'the stream still moves the others');
});

// ---- clock offset ----------------------------------------------------------------------------

test("a page clock minutes off Genesys': times are put on the page's clock, estimated from live notifications; jitter, a backlog and an appointment's future time restate nothing; a clock set by the OS is followed", async () => {
  for (const skewMs of [-120_000, 120_000]) {
    const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
    const mock = createGenesysMock({ agents: 4, queues: 1, clock, skewMs });
    server.resetHandlers(...mock.handlers);
    const { WebSocket, delivered } = delivery(mock);
    const adapter = createGenesysAdapter({ ...mock.adapterOptions(), clock, heartbeatTimeoutMs: 3_600_000, WebSocket });
    opened.push(adapter);
    const sink = recorder();
    const [a0, a1] = mock.directory.agentIds as [string, string];
    const since = (uid: string): number | undefined => sink.received.filter((e) => e.type === 'presence' && e.agentId === uid).map((e) => (e as Extract<FloorwalkEvent, { type: 'presence' }>).presence.since).at(-1);
    const restated = (from: number): FloorwalkEvent[] => sink.received.slice(from).filter((e) => e.id.endsWith(`:k${a1}`));
    const near = (actual: number | undefined, expected: number, what: string): void =>
      assert.ok(actual !== undefined && Math.abs(actual - expected) <= 1000, `skew ${skewMs}: ${what}: ${actual === undefined ? 'none' : `${(expected - actual) / 1000} s off`}`);
    const change = async (uid: string, presence: 'AVAILABLE' | 'BREAK' | 'MEAL' | 'MEETING'): Promise<void> => {
      const n = sink.received.length;
      mock.play([{ type: 'presence', userId: uid, presence }]);
      await until(() => sink.received.slice(n).some((e) => e.type === 'presence' && e.agentId === uid), `${uid} ${presence}`);
    };
    mock.play([{ type: 'presence', userId: a1, presence: 'BREAK' }]);
    const breakAt = clock.now();
    clock.advance(600_000);
    await adapter.connect(sink);
    await adapter.snapshot();
    // The first live notification (delivered in 400 ms) gives the estimate: a presence that began
    // now shows 0:00, and the break that began 10 min ago (read before any notification) is restated as 10:00.
    mock.setSkew(skewMs - 400);
    await change(a0, 'AVAILABLE');
    near(since(a0), clock.now(), 'a presence that began now');
    near(since(a1), breakAt, 'the break that began 10 min ago');
    near((await adapter.snapshot()).agents?.find((a) => a.id === a1)?.presence.since, breakAt, 'a later snapshot');
    // Delivery taking 0-450 ms restates nothing.
    let from = sink.received.length;
    for (const delay of [300, 0, 450, 120]) {
      mock.setSkew(skewMs - delay);
      clock.advance(3_000);
      await change(a0, delay % 2 === 0 ? 'BREAK' : 'MEETING');
      near(since(a0), clock.now(), `delivered in ${delay} ms`);
    }
    mock.setSkew(skewMs);
    assert.deepEqual(restated(from), [], `skew ${skewMs}: jitter restated`);
    // A coaching appointment an hour ahead is on the page's clock, and its future time is no sample.
    const start = Math.floor((clock.now() + skewMs + 3_600_000) / 60_000) * 60_000;
    const [appointment] = mock.play([{ type: 'appointment', name: 'Skew', attendeeIds: [a0], dateStart: start, lengthInMinutes: 15 }]);
    await until(() => sink.received.some((e) => e.type === 'coaching-session' && e.session.id === appointment), 'the appointment');
    const session = sink.received.filter((e) => e.type === 'coaching-session').at(-1) as Extract<FloorwalkEvent, { type: 'coaching-session' }>;
    near(session.session.at, start - skewMs, "the appointment's time");
    assert.deepEqual(restated(from), [], `skew ${skewMs}: an appointment's time was taken as a sample`);
    // Away 3 minutes; back, old news (presence messages 3 minutes old) comes first. It moves nothing.
    mock.dropSockets();
    clock.advance(180_000);
    await until(() => sink.statuses.at(-1) === 'live' && sink.statuses.includes('reconnecting'), 'reconnected');
    from = sink.received.length;
    for (const ago of [170_000, 120_000, 90_000]) {
      const modifiedDate = new Date(clock.now() + skewMs - ago).toISOString();
      mock.sendRaw(JSON.stringify({ topicName: `v2.users.${a1}.presence`, version: '2', eventBody: { presenceDefinition: { id: mock.user(a1)?.presenceId, systemPresence: 'Break' }, modifiedDate }, metadata: { CorrelationId: `old-${ago}` } }));
    }
    await delivered();
    assert.deepEqual(restated(from), [], `skew ${skewMs}: a backlog restated`);
    clock.advance(1_000);
    await change(a0, 'MEAL');
    near(since(a0), clock.now(), 'after the backlog');
    // The OS sets the page's clock 30 s forward: followed once the window has seen it for a while.
    mock.setSkew(skewMs - 30_000);
    clock.advance(30_000);
    for (let i = 0; i < 10; i++) {
      clock.advance(20_000);
      await change(a0, i % 2 === 0 ? 'BREAK' : 'AVAILABLE');
    }
    near(since(a0), clock.now(), "after the page's clock moved 30 s");
    await adapter.disconnect();
  }
});

test('a notification read with a fault is no clock sample: a malformed presence stamped 3 minutes ago restates nothing', async () => {
  const r = await rig();
  const user = r.a[0] as string;
  const modifiedDate = new Date(Date.now() - 180_000).toISOString();
  const events = await mapped(r, { topicName: `v2.users.${user}.presence`, version: '2', eventBody: { presenceDefinition: { systemPresence: 'VACATION' }, modifiedDate }, metadata: { CorrelationId: 'vacation' } });
  assert.deepEqual(events, []);
  assert.equal(r.sink.errors.at(-1)?.code, ErrorCode.MalformedEvent);
});

test('on a PC 2 minutes slow, a call connected 10 minutes before the board opened shows 10:00 once the first presence notification gives the estimate, with no conversation notification', async () => {
  const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
  const mock = createGenesysMock({ agents: 4, queues: 1, clock, skewMs: 120_000 });
  server.resetHandlers(...mock.handlers);
  const { WebSocket, delivered } = delivery(mock);
  const adapter = createGenesysAdapter({ ...mock.adapterOptions(), clock, heartbeatTimeoutMs: 3_600_000, WebSocket });
  opened.push(adapter);
  const { supervisorId, agentIds, queueIds } = mock.directory;
  const [a0, a1, a2] = agentIds as [string, string, string];
  // Before the board opens: a customer call a1 answers, which the supervisor listens to, and the
  // supervisor's colleague call with a2.
  const [cid] = mock.play([{ type: 'call', queueId: queueIds[0] as string, userId: a1 }]) as [string];
  mock.play([
    { type: 'answer', conversationId: cid },
    { type: 'monitor', conversationId: cid, supervisorId, mode: 'monitor' },
  ]);
  const res = await fetch(`https://api.${mock.domain}/api/v2/conversations/calls`, { method: 'POST', headers: { Authorization: `Bearer ${mock.tokenFor(supervisorId)}`, 'content-type': 'application/json' }, body: JSON.stringify({ callUserId: a2 }) });
  const colleagueId = ((await res.json()) as { id: string }).id;
  mock.play([{ type: 'pickup', conversationId: colleagueId, userId: a2 }]);
  clock.advance(600_000);
  const client = createFloorwalk({ adapter, clock, session: { userId: supervisorId, role: 'admin', teamIds: 'all' } });
  await client.connect();
  const shown = (): Record<string, number | undefined> => {
    const at = (t: number | undefined): number | undefined => (t === undefined ? t : Math.round((clock.now() - t) / 1000));
    return {
      call: at(client.getInteractions().find((i) => i.id === cid)?.connectedAt),
      listening: at(client.getMonitoringSessions({ active: true }).find((s) => s.interactionId === cid)?.startedAt),
      colleagues: at(client.getColleagueCalls({ active: true }).find((c) => c.id === colleagueId)?.startedAt),
    };
  };
  // Read by the snapshot, before any estimate: on Genesys' clock, two minutes short.
  assert.deepEqual(shown(), { call: 480, listening: 480, colleagues: 480 });
  const before = mock.requests.length;
  mock.play([{ type: 'presence', userId: a0, presence: 'BREAK' }]);
  await until(() => client.getAgents().find((a) => a.id === a0)?.presence.state === 'break', 'the presence notification');
  await delivered();
  assert.deepEqual(shown(), { call: 600, listening: 600, colleagues: 600 });
  assert.equal(mock.requests.length, before, 'restated from what the adapter holds, with no request');
  await client.disconnect();
});

test('on a PC 2 minutes slow, an estimate that moves while the first snapshot is read moves all of it, and the notification that moved it: a break read before shows 10:00, a call and an appointment read after are on the page\'s clock, the new presence 0:00', async () => {
  const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
  const mock = createGenesysMock({ agents: 4, queues: 1, clock, skewMs: 120_000 });
  const [a0, a1, a2] = mock.directory.agentIds as [string, string, string];
  // Before the board opens: a1 goes on a break and a2 answers a call, 10 minutes ago.
  mock.play([{ type: 'presence', userId: a1, presence: 'BREAK' }]);
  const [cid] = mock.play([{ type: 'call', queueId: mock.directory.queueIds[0] as string, userId: a2 }]) as [string];
  mock.play([{ type: 'answer', conversationId: cid }]);
  clock.advance(600_000);
  // And a coaching appointment on the hour, an hour ahead on Genesys' clock (read last).
  const start = Math.floor((clock.now() + 120_000 + 3_600_000) / 60_000) * 60_000;
  const [appointment] = mock.play([{ type: 'appointment', name: 'Mid-snapshot', attendeeIds: [a0], dateStart: start, lengthInMinutes: 15 }]) as [string];
  const sink = recorder();
  let during = false;
  // The snapshot reads presences first, then each live conversation. As the first conversation is
  // asked for, a presence notification arrives and gives the first estimate; then the read goes on.
  server.resetHandlers(
    http.get(`https://api.${mock.domain}/api/v2/conversations/:id`, async () => {
      if (during) return undefined;
      during = true;
      mock.play([{ type: 'presence', userId: a0, presence: 'MEAL' }]);
      await until(() => sink.received.some((e) => e.type === 'presence' && e.agentId === a0), 'the notification during the snapshot');
      return undefined;
    }),
    ...mock.handlers,
  );
  const adapter = createGenesysAdapter({ ...mock.adapterOptions(), clock, heartbeatTimeoutMs: 3_600_000 });
  opened.push(adapter);
  await adapter.connect(sink);
  const snapshot = await adapter.snapshot();
  assert.ok(during, 'the notification came while the snapshot was read');
  const ago = (t: number | undefined): number | undefined => (t === undefined ? t : Math.round((clock.now() - t) / 1000));
  const meal = sink.received.find((e) => e.type === 'presence' && e.agentId === a0) as Extract<FloorwalkEvent, { type: 'presence' }>;
  assert.deepEqual(
    {
      meal: ago(meal.presence.since),
      break: ago(snapshot.agents?.find((a) => a.id === a1)?.presence.since),
      call: ago(snapshot.interactions?.find((i) => i.id === cid)?.connectedAt),
      appointment: ago((sink.received.find((e) => e.type === 'coaching-session' && e.session.id === appointment) as Extract<FloorwalkEvent, { type: 'coaching-session' }> | undefined)?.session.at),
    },
    { meal: 0, break: 600, call: 600, appointment: Math.round((clock.now() - (start - 120_000)) / 1000) },
  );
  await adapter.disconnect();
});

test('on a PC 2 minutes fast, a coaching appointment read by the snapshot before the first estimate is restated by it: it starts in an hour on the page too', async () => {
  const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
  const skewMs = -120_000;
  const mock = createGenesysMock({ agents: 4, queues: 1, clock, skewMs });
  server.resetHandlers(...mock.handlers);
  const [a0] = mock.directory.agentIds as [string];
  // On Genesys' clock, on the hour an hour ahead of its now.
  const start = Math.floor((clock.now() + skewMs + 3_600_000) / 60_000) * 60_000;
  const [appointment] = mock.play([{ type: 'appointment', name: 'Before the board', attendeeIds: [a0], dateStart: start, lengthInMinutes: 15 }]) as [string];
  const adapter = createGenesysAdapter({ ...mock.adapterOptions(), clock, heartbeatTimeoutMs: 3_600_000 });
  opened.push(adapter);
  const sink = recorder();
  await adapter.connect(sink);
  await adapter.snapshot();
  const at = (): number | undefined =>
    (sink.received.filter((e) => e.type === 'coaching-session' && e.session.id === appointment).at(-1) as Extract<FloorwalkEvent, { type: 'coaching-session' }> | undefined)?.session.at;
  assert.equal(at(), start, 'read before any estimate: on Genesys\' clock');
  mock.play([{ type: 'presence', userId: a0, presence: 'BREAK' }]);
  await until(() => sink.received.some((e) => e.type === 'presence' && e.agentId === a0), 'the presence notification');
  assert.ok(Math.abs((at() ?? 0) - (start - skewMs)) <= 1000, `restated: ${((at() ?? 0) - (start - skewMs)) / 1000} s off`);
  await adapter.disconnect();
});

test('on a PC 15 minutes slow, the notification channel is renewed before Genesys expires it', async () => {
  const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
  const mock = createGenesysMock({ agents: 4, queues: 1, clock, skewMs: 900_000 });
  server.resetHandlers(...mock.handlers);
  // The clock jumps most of a day at once, with no heartbeats on the way: keep the watchdog out of it.
  const adapter = createGenesysAdapter({ ...mock.adapterOptions(), clock, heartbeatTimeoutMs: 48 * 3_600_000 });
  opened.push(adapter);
  const sink = recorder();
  await adapter.connect(sink);
  const [channel] = mock.channels;
  assert.ok(channel !== undefined);
  const a0 = mock.directory.agentIds[0] as string;
  // The first presence notification gives the estimate, after the renewal was first timed.
  mock.play([{ type: 'presence', userId: a0, presence: 'BREAK' }]);
  await until(() => sink.received.some((e) => e.type === 'presence'), 'the presence notification');
  // One second before Genesys' clock reaches the channel's expiry.
  clock.advanceTo(channel.expires - 900_000 - 1_000);
  await until(() => adapter.channelIds[0] !== channel.id, `a renewed channel (still ${channel.id})`);
  clock.advance(15_000); // the old socket's drain
  await until(() => mock.channels.filter((c) => c.connected).length === 1, 'the old socket closed');
  assert.ok(!sink.statuses.includes('reconnecting'));
  // Past the old channel's expiry, the link still works.
  clock.advance(60_000);
  const n = sink.received.length;
  mock.play([{ type: 'presence', userId: a0, presence: 'AVAILABLE' }]);
  await until(() => sink.received.slice(n).some((e) => e.type === 'presence' && e.agentId === a0), 'a presence over the renewed channel');
});

test('a channel created with no expires in the answer is renewed ahead of the 24 h Genesys gives it, with no gap', async () => {
  const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
  const mock = createGenesysMock({ agents: 4, queues: 1, clock, noChannelExpires: true });
  server.resetHandlers(...mock.handlers);
  const adapter = createGenesysAdapter({ ...mock.adapterOptions(), clock, heartbeatTimeoutMs: 48 * 3_600_000 });
  opened.push(adapter);
  const sink = recorder();
  await adapter.connect(sink);
  const [channel] = mock.channels;
  assert.ok(channel !== undefined);
  assert.equal(channel.expires, clock.now() + 86_400_000, 'the mock channel lives 24 h');
  // One second before the channel dies: the renewal (10 min ahead) is due by now.
  clock.advanceTo(channel.expires - 1_000);
  await until(() => adapter.channelIds[0] !== channel.id, `a renewed channel (still ${channel.id})`);
  clock.advance(15_000); // the old socket's drain
  await until(() => mock.channels.filter((c) => c.connected).length === 1, 'the old socket closed');
  assert.ok(!sink.statuses.includes('reconnecting'), 'no gap, so no resync');
  clock.advance(60_000); // past the old channel's end
  const a0 = mock.directory.agentIds[0] as string;
  const n = sink.received.length;
  mock.play([{ type: 'presence', userId: a0, presence: 'BREAK' }]);
  await until(() => sink.received.slice(n).some((e) => e.type === 'presence' && e.agentId === a0), 'a presence over the renewed channel');
});
