import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { setupServer } from 'msw/node';
import { ErrorCode, FloorwalkError, checkEvent, createFloorwalk, type Floorwalk, type CoachingSessionEvent, type ColleagueCallEvent } from '@floorwalk/core';
import { createMemoryBackplane } from '@floorwalk/core/backplane';
import { createGenesysAdapter, createGenesysEvaluations, type GenesysAdapter, type GenesysAdapterOptions } from './index.js';
import { delivery, recorder, rejectsWith, until, type Delivery, type Recorder } from './test-support.js';
import { createGenesysMock, type GenesysMock, type GenesysMockOptions } from './mocks/index.js';

/*
 * Genesys' own coaching appointments, quality evaluations and internal calls, against the mock
 * org's REST and notifications in Genesys' payload shapes.
 */

const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
after(() => server.close());
const opened: GenesysAdapter[] = [];
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c();
  for (const a of opened.splice(0)) await a.disconnect();
});

let keys = 0;
const envelope = <C extends object>(command: C) => ({ ...command, key: `w-${++keys}`, issuedBy: 'sup', issuedAt: Date.now() }) as never;

const sessionsIn = (r: Recorder): CoachingSessionEvent[] => r.received.filter((e): e is CoachingSessionEvent => e.type === 'coaching-session');
const callsIn = (r: Recorder): ColleagueCallEvent[] => r.received.filter((e): e is ColleagueCallEvent => e.type === 'colleague-call');
const lastSession = (r: Recorder, id: string) => sessionsIn(r).filter((e) => e.session.id === id).at(-1)?.session;

// One barrier per org, over the sockets of every adapter made on it.
const deliveries = new WeakMap<GenesysMock, Delivery>();

function org(options: GenesysMockOptions = {}): GenesysMock {
  const mock = createGenesysMock({ agents: 6, teams: 2, queues: 1, ...options });
  server.resetHandlers(...mock.handlers);
  deliveries.set(mock, delivery(mock));
  return mock;
}

const socketOf = (mock: GenesysMock): Delivery['WebSocket'] => (deliveries.get(mock) as Delivery).WebSocket;
/** Until every frame the org has sent so far has been read by each of its adapters. */
const delivered = (mock: GenesysMock): Promise<void> => (deliveries.get(mock) as Delivery).delivered();

async function connect(mock: GenesysMock, patch: Partial<GenesysAdapterOptions> = {}): Promise<{ adapter: GenesysAdapter; sink: Recorder }> {
  const adapter = createGenesysAdapter({ ...mock.adapterOptions(), WebSocket: socketOf(mock), ...patch });
  opened.push(adapter);
  const sink = recorder();
  await adapter.connect(sink);
  await adapter.snapshot();
  return { adapter, sink };
}

/** Options for an agent's own desktop: their token, their user, only them watched. */
const asAgent = (mock: GenesysMock, agentId: string): Partial<GenesysAdapterOptions> => ({ userId: agentId, getAccessToken: () => mock.tokenFor(agentId), watch: { userIds: [agentId] } });

const HOUR = 3_600_000;
const inAnHour = (): number => Math.floor((Date.now() + HOUR) / 60_000) * 60_000;

// ---- coaching appointments ------------------------------------------------------------------

test('appointments are listed at the snapshot (GET /coaching/appointments/me) and mapped to coaching sessions', async () => {
  const mock = org();
  const [a1, a2] = mock.directory.agentIds as [string, string];
  const at = inAnHour();
  const [appointmentId] = mock.play([{ type: 'appointment', name: 'Hold etiquette', attendeeIds: [a1, a2], dateStart: at, lengthInMinutes: 30 }]);
  const { sink } = await connect(mock);
  assert.ok(mock.requests.some((q) => q.method === 'GET' && q.path.startsWith('/api/v2/coaching/appointments/me?interval=')));
  assert.deepEqual(lastSession(sink, appointmentId as string), {
    id: appointmentId,
    topic: 'Hold etiquette',
    at,
    durationMs: 30 * 60_000,
    attendeeIds: [a1, a2],
    organiserId: mock.directory.supervisorId,
    agentId: a1,
    state: 'scheduled',
  });
  for (const e of sessionsIn(sink)) assert.equal(checkEvent(e), null);
  assert.equal(sink.errors.length, 0);
});

test('schedule-coaching-session POSTs Genesys’ body; status changes and the delete arrive on the coaching topic', async () => {
  const mock = org();
  const agent = mock.directory.agentIds[0] as string;
  const { adapter, sink } = await connect(mock);
  assert.ok(adapter.capabilities.commands.includes('schedule-coaching-session'));
  const at = inAnHour() + 25_000; // Genesys rounds dateStart down to the minute
  await adapter.execute(envelope({ type: 'schedule-coaching-session', agentId: agent, topic: 'Empathy on long calls', at, durationMs: 45 * 60_000, attendeeIds: [mock.directory.supervisorId] }));
  const created = sessionsIn(sink).at(-1)?.session;
  assert.ok(created !== undefined);
  const stored = mock.appointment(created.id) as Record<string, unknown>;
  assert.equal(stored.name, 'Empathy on long calls');
  assert.equal(stored.description, 'Empathy on long calls');
  assert.equal(stored.dateStart, new Date(at - 25_000).toISOString());
  assert.equal(stored.lengthInMinutes, 45);
  assert.deepEqual((stored.attendees as { id: string }[]).map((a) => a.id), [agent]); // the organiser is the facilitator, not an attendee
  assert.equal((stored.facilitator as { id: string }).id, mock.directory.supervisorId);
  assert.deepEqual({ ...created }, { id: created.id, topic: 'Empathy on long calls', at: at - 25_000, durationMs: 45 * 60_000, attendeeIds: [agent], organiserId: mock.directory.supervisorId, agentId: agent, state: 'scheduled' });

  for (const [status, state] of [['InProgress', 'scheduled'], ['InvalidSchedule', 'scheduled'], ['Completed', 'done']] as const) {
    const before = sessionsIn(sink).length;
    mock.play([{ type: 'appointment-status', appointmentId: created.id, status }]);
    await until(() => sessionsIn(sink).length > before, `the ${status} notification`);
    assert.equal(lastSession(sink, created.id)?.state, state, status);
  }
  const [other] = mock.play([{ type: 'appointment', name: 'Second', attendeeIds: [agent], dateStart: inAnHour(), lengthInMinutes: 15 }]);
  await until(() => lastSession(sink, other as string) !== undefined, 'the created appointment, read after its notification');
  mock.play([{ type: 'appointment-delete', appointmentId: other as string }]);
  await until(() => lastSession(sink, other as string)?.state === 'cancelled', 'the delete');
  for (const e of sessionsIn(sink)) assert.equal(checkEvent(e), null);
  assert.equal(sink.errors.length, 0);
});

test('reschedule-coaching-session PATCHes dateStart and lengthInMinutes; cancel-coaching-session DELETEs; both are reported at once', async () => {
  const mock = org();
  const agent = mock.directory.agentIds[0] as string;
  const { adapter, sink } = await connect(mock);
  for (const c of ['reschedule-coaching-session', 'cancel-coaching-session'] as const) assert.ok(adapter.capabilities.commands.includes(c), c);
  await adapter.execute(envelope({ type: 'schedule-coaching-session', agentId: agent, topic: 'Hold etiquette', at: inAnHour(), durationMs: 30 * 60_000 }));
  const id = sessionsIn(sink).at(-1)?.session.id as string;
  const later = inAnHour() + 2 * HOUR + 40_000; // rounded down to the minute, as on creation
  await adapter.execute(envelope({ type: 'reschedule-coaching-session', sessionId: id, at: later, durationMs: 50 * 60_000 }));
  const patch = mock.requests.filter((q) => q.method === 'PATCH' && q.path === `/api/v2/coaching/appointments/${id}`);
  assert.equal(patch.length, 1);
  assert.deepEqual([lastSession(sink, id)?.at, lastSession(sink, id)?.durationMs, lastSession(sink, id)?.state], [later - 40_000, 50 * 60_000, 'scheduled']);
  const stored = (): Record<string, unknown> => mock.appointment(id) as Record<string, unknown>;
  assert.deepEqual([stored().dateStart, stored().lengthInMinutes, stored().name], [new Date(later - 40_000).toISOString(), 50, 'Hold etiquette']);
  // Without a new length the appointment keeps its own.
  await adapter.execute(envelope({ type: 'reschedule-coaching-session', sessionId: id, at: later + HOUR }));
  assert.deepEqual([stored().dateStart, stored().lengthInMinutes], [new Date(later - 40_000 + HOUR).toISOString(), 50]);
  await adapter.execute(envelope({ type: 'cancel-coaching-session', sessionId: id }));
  assert.ok(mock.requests.some((q) => q.method === 'DELETE' && q.path === `/api/v2/coaching/appointments/${id}`));
  assert.equal(lastSession(sink, id)?.state, 'cancelled');
  assert.equal(mock.appointment(id), undefined);
  // Gone from Genesys, nothing is left to change.
  await rejectsWith(adapter.execute(envelope({ type: 'cancel-coaching-session', sessionId: id })), ErrorCode.UnknownEntity);
  await rejectsWith(adapter.execute(envelope({ type: 'reschedule-coaching-session', sessionId: id, at: later })), ErrorCode.UnknownEntity);
  await delivered(mock);
  for (const e of sessionsIn(sink)) assert.equal(checkEvent(e), null);
  assert.equal(sink.errors.length, 0);
});

test('an agent session sees only its own appointments; a supervisor with appointments: watched sees the team’s', async () => {
  const mock = org();
  const [a1, a2] = mock.directory.agentIds as [string, string];
  const [mine, theirs] = mock.play([
    { type: 'appointment', name: 'For a1', attendeeIds: [a1], dateStart: inAnHour(), lengthInMinutes: 30 },
    { type: 'appointment', name: 'For a2', attendeeIds: [a2], dateStart: inAnHour(), lengthInMinutes: 30, facilitatorId: mock.directory.agentIds[5] as string },
  ]);
  const agent = await connect(mock, asAgent(mock, a1));
  assert.ok(lastSession(agent.sink, mine as string) !== undefined);
  assert.equal(lastSession(agent.sink, theirs as string), undefined);
  // Later changes to someone else's appointment do not reach the agent either.
  mock.play([{ type: 'appointment-status', appointmentId: theirs as string, status: 'Completed' }, { type: 'appointment-status', appointmentId: mine as string, status: 'Completed' }]);
  await until(() => lastSession(agent.sink, mine as string)?.state === 'done', 'the agent’s own completion');
  assert.equal(lastSession(agent.sink, theirs as string), undefined);
  assert.equal(agent.sink.errors.length, 0);

  const sup = await connect(mock, { appointments: 'watched' });
  assert.equal(lastSession(sup.sink, theirs as string)?.state, 'done');
  assert.ok(mock.requests.some((q) => q.path.startsWith('/api/v2/coaching/appointments?userIds=')));
  assert.ok(mock.channels.some((c) => c.topics.some((t) => t.includes(a2) && t.includes('wem.coaching.notification'))));
  // An agent asking for the team's appointments is refused by Genesys: a Forbidden error, the board still live.
  const refused = await connect(mock, { ...asAgent(mock, a2), appointments: 'watched' });
  assert.ok(refused.sink.errors.some((e) => e.code === ErrorCode.Forbidden));
});

test('bad coaching notifications give one MalformedEvent each and leave the held session unchanged', async () => {
  const mock = org();
  const agent = mock.directory.agentIds[0] as string;
  const [id] = mock.play([{ type: 'appointment', name: 'Steady', attendeeIds: [agent], dateStart: inAnHour(), lengthInMinutes: 20 }]);
  const { sink } = await connect(mock);
  const held = lastSession(sink, id as string);
  const topicName = `v2.users.${mock.directory.supervisorId}.wem.coaching.notification`;
  const bodies = [
    { actionType: 'Update', status: 'Scheduled' },
    { appointment: { id }, actionType: 'Rescheduled' },
    { appointment: { id }, actionType: 'StatusChange', status: 'Cancelled' },
    { appointment: { id }, actionType: 'StatusChange', dateStart: 'soon' },
    { appointment: { id }, actionType: 'StatusChange', lengthInMinutes: -5 },
    'not an object',
  ];
  for (const eventBody of bodies) {
    const errors = sink.errors.length;
    const events = sink.received.length;
    mock.sendRaw(JSON.stringify({ topicName, version: '2', eventBody, metadata: { CorrelationId: 'c' } }));
    await until(() => sink.errors.length > errors, `an error for ${JSON.stringify(eventBody)}`);
    await delivered(mock);
    assert.equal(sink.errors.length, errors + 1);
    assert.equal(sink.errors.at(-1)?.code, ErrorCode.MalformedEvent);
    assert.equal(sink.received.length, events, 'no event');
  }
  assert.deepEqual(lastSession(sink, id as string), held);
});

test('after a gap, the resync finds an appointment deleted and a call ended while nothing was delivered', async () => {
  const mock = org();
  const [a1, a2] = mock.directory.agentIds as [string, string];
  const [id] = mock.play([{ type: 'appointment', name: 'Gone soon', attendeeIds: [a1], dateStart: inAnHour(), lengthInMinutes: 30 }]);
  const { adapter, sink } = await connect(mock);
  await adapter.execute(envelope({ type: 'start-colleague-call', participantIds: [a2] }));
  const callId = callsIn(sink).at(-1)?.call.id as string;
  assert.equal(lastSession(sink, id as string)?.state, 'scheduled');
  mock.pauseDelivery(true);
  mock.play([{ type: 'appointment-delete', appointmentId: id as string }, { type: 'hangup', conversationId: callId }]);
  mock.pauseDelivery(false);
  await delivered(mock);
  assert.equal(lastSession(sink, id as string)?.state, 'scheduled', 'nothing was delivered');
  await adapter.snapshot();
  assert.equal(lastSession(sink, id as string)?.state, 'cancelled');
  assert.ok(callsIn(sink).filter((e) => e.call.id === callId).at(-1)?.call.endedAt !== undefined);
  assert.ok(mock.requests.some((q) => q.method === 'GET' && q.path === `/api/v2/coaching/appointments/${id}` && q.status === 404));
  await rejectsWith(adapter.execute(envelope({ type: 'end-colleague-call', callId })), ErrorCode.UnknownEntity);
});

/** A presence change heard live, so the adapter has estimated the page's clock against Genesys'. */
async function sampled(mock: GenesysMock, sink: Recorder, userId: string): Promise<void> {
  const n = sink.received.length;
  mock.play([{ type: 'presence', userId, presence: 'BREAK' }]);
  await until(() => sink.received.slice(n).some((e) => e.type === 'presence' && e.agentId === userId), 'a live presence change');
}

test('on a page whose clock runs seconds fast, the minute chosen is the appointment’s minute in Genesys, not the one before', async () => {
  // Genesys' clock 8 s behind the page's: the page's 15:00 is Genesys' 14:59:52.
  const mock = org({ skewMs: -8_000 });
  const [a1, a2] = mock.directory.agentIds as [string, string];
  const { adapter, sink } = await connect(mock);
  await sampled(mock, sink, a2);
  const at = inAnHour();
  await adapter.execute(envelope({ type: 'schedule-coaching-session', agentId: a1, topic: 'Hold etiquette', at, durationMs: 30 * 60_000 }));
  const id = sessionsIn(sink).at(-1)?.session.id as string;
  assert.equal((mock.appointment(id) as { dateStart: string }).dateStart, new Date(at).toISOString());
  await adapter.execute(envelope({ type: 'reschedule-coaching-session', sessionId: id, at: at + HOUR }));
  assert.equal((mock.appointment(id) as { dateStart: string }).dateStart, new Date(at + HOUR).toISOString());
  assert.equal(sink.errors.length, 0);
});

test('a schedule an earlier page sent, replayed by the next page before it has heard Genesys’ clock, adopts the appointment rather than create a second', async () => {
  for (const skewMs of [-8_000, -35_000]) {
    const mock = org({ skewMs });
    const [a1, a2] = mock.directory.agentIds as [string, string];
    const first = await connect(mock);
    await sampled(mock, first.sink, a2);
    const schedule = { type: 'schedule-coaching-session', agentId: a1, topic: 'Refund calls', at: inAnHour(), durationMs: 30 * 60_000, key: `earlier-${skewMs}`, issuedBy: 'sup', issuedAt: Date.now() } as const;
    await first.adapter.execute(schedule);
    // The page went away before its outbox heard the answer; the next one replays the intent at once.
    await first.adapter.disconnect();
    const next = await connect(mock);
    await next.adapter.execute({ ...schedule, restored: true });
    const made = mock.requests.filter((q) => q.method === 'POST' && q.path === '/api/v2/coaching/appointments');
    assert.equal(made.length, 1, `skew ${skewMs}: the appointment the earlier page made is taken, not a second one`);
    assert.equal(sessionsIn(next.sink).at(-1)?.session.id, sessionsIn(first.sink).at(-1)?.session.id, `skew ${skewMs}`);
    assert.equal(next.sink.errors.length, 0);
  }
});

// ---- colleague calls -------------------------------------------------------------------------

test('start-colleague-call places a Genesys internal call; the conversation topics follow it to its end', async () => {
  const mock = org();
  const [a1, a2, a3] = mock.directory.agentIds as [string, string, string];
  const me = mock.directory.supervisorId;
  const { adapter, sink } = await connect(mock);
  assert.ok(adapter.capabilities.commands.includes('start-colleague-call') && adapter.capabilities.commands.includes('end-colleague-call'));

  await adapter.execute(envelope({ type: 'start-colleague-call', participantIds: [a1] }));
  const started = callsIn(sink).at(-1)?.call;
  assert.ok(started !== undefined);
  assert.deepEqual({ kind: started.kind, participantIds: started.participantIds, startedBy: started.startedBy, ended: started.endedAt !== undefined }, { kind: 'direct', participantIds: [me, a1], startedBy: me, ended: false });
  assert.ok(mock.requests.some((q) => q.method === 'POST' && q.path === '/api/v2/conversations/calls'));
  const conv = mock.conversation(started.id) as { participants: { purpose: string; userId: string; calls: { state: string }[] }[] };
  assert.deepEqual(conv.participants.map((p) => [p.purpose, p.userId, p.calls[0]?.state]), [['user', me, 'connected'], ['user', a1, 'alerting']]);
  mock.play([{ type: 'pickup', conversationId: started.id, userId: a1 }]);
  await until(() => callsIn(sink).length >= 2, 'the call as Genesys reports it');
  // An internal call is a colleague call, never an interaction on the board.
  assert.ok(!sink.received.some((e) => e.type === 'interaction' && e.interaction.id === started.id));

  await adapter.execute(envelope({ type: 'end-colleague-call', callId: started.id }));
  await until(() => callsIn(sink).some((e) => e.call.id === started.id && e.call.endedAt !== undefined), 'the end of the call');
  assert.ok(mock.requests.some((q) => q.method === 'PATCH' && q.path.startsWith(`/api/v2/conversations/calls/${started.id}/participants/`)));
  await rejectsWith(adapter.execute(envelope({ type: 'end-colleague-call', callId: started.id })), ErrorCode.UnknownEntity);

  // Two people: an ad-hoc conference of both, a team call.
  await adapter.execute(envelope({ type: 'start-colleague-call', participantIds: [a2, a3] }));
  const team = callsIn(sink).at(-1)?.call;
  assert.equal(team?.kind, 'team');
  assert.deepEqual(team?.participantIds, [me, a2, a3]);
  assert.deepEqual((mock.conversation(team?.id as string) as { participants: { userId: string }[] }).participants.map((p) => p.userId), [me, a2, a3]);
  for (const e of callsIn(sink)) assert.equal(checkEvent(e), null);
  assert.equal(sink.errors.length, 0);
});

test('a colleague call with a leg in the documented call state none is a call not yet connected, not a malformed payload', async () => {
  const mock = org();
  const [a1] = mock.directory.agentIds as [string];
  const me = mock.directory.supervisorId;
  const { sink } = await connect(mock);
  const leg = (id: string, userId: string, call: Record<string, unknown>) => ({ id, purpose: 'user', userId, startTime: '2026-01-05T09:00:00.000Z', calls: [{ id: `m-${id}`, direction: 'outbound', ...call }] });
  const body = (a1Call: Record<string, unknown>, n: number) => ({
    topicName: `v2.users.${me}.conversations`,
    version: '2',
    eventBody: { id: 'c-none', participants: [leg('p-me', me, { state: 'connected', connectedTime: '2026-01-05T09:00:01.000Z' }), leg('p-a1', a1, a1Call)] },
    metadata: { CorrelationId: `none-${n}` },
  });
  mock.sendRaw(JSON.stringify(body({ state: 'none' }, 1)));
  await delivered(mock);
  assert.deepEqual(sink.errors.map((e) => e.message), []);
  const call = callsIn(sink).find((e) => e.call.id === 'c-none')?.call;
  assert.deepEqual([call?.participantIds, call?.endedAt], [[me, a1], undefined], 'live: both people are on it');
  // The leg is then answered: one call throughout.
  mock.sendRaw(JSON.stringify(body({ state: 'connected', connectedTime: '2026-01-05T09:00:05.000Z' }, 2)));
  await delivered(mock);
  const calls = callsIn(sink).filter((e) => e.call.id === 'c-none');
  assert.deepEqual(calls.map((e) => e.call.endedAt), [undefined, undefined]);
  for (const e of calls) assert.equal(checkEvent(e), null);
  assert.equal(sink.errors.length, 0);
});

test('a colleague call reads leg states as the interaction mapping does: parked, scheduled, an email state or none at all is live; an undocumented one, or one of another type, is malformed', async () => {
  const mock = org();
  const [a1] = mock.directory.agentIds as [string];
  const me = mock.directory.supervisorId;
  const { sink } = await connect(mock);
  // The per-media call topic: state on the participant, whose enum (reference §2.6) holds them all.
  const body = (id: string, a1Leg: Record<string, unknown>) => ({
    topicName: `v2.users.${me}.conversations.calls`,
    version: '2',
    eventBody: {
      id,
      participants: [
        { id: `${id}-me`, purpose: 'user', state: 'connected', direction: 'outbound', held: false, user: { id: me }, startTime: '2026-01-05T09:00:00.000Z', connectedTime: '2026-01-05T09:00:01.000Z' },
        { id: `${id}-a1`, purpose: 'user', direction: 'inbound', held: false, user: { id: a1 }, startTime: '2026-01-05T09:00:00.000Z', ...a1Leg },
      ],
    },
    metadata: { CorrelationId: `cc-${id}` },
  });
  const live = [{ state: 'parked', parkTime: '2026-01-05T09:02:00.000Z', connectedTime: '2026-01-05T09:00:05.000Z' }, { state: 'scheduled' }, { state: 'transmitting' }, { state: 'uploading' }, { state: 'converting' }, {}];
  for (const [n, leg] of live.entries()) mock.sendRaw(JSON.stringify(body(`c-live-${n}`, leg)));
  await delivered(mock);
  assert.deepEqual(sink.errors.map((e) => e.message), []);
  for (const n of live.keys()) {
    const call = callsIn(sink).find((e) => e.call.id === `c-live-${n}`)?.call;
    assert.deepEqual([call?.participantIds, call?.endedAt], [[me, a1], undefined], JSON.stringify(live[n]));
    assert.equal(checkEvent(callsIn(sink).find((e) => e.call.id === `c-live-${n}`) as ColleagueCallEvent), null);
  }
  // As in the interaction mapping, a state of another type is no state of Genesys' either.
  const odd = [{ state: 'ringing' }, { state: 5 }, { state: null }];
  for (const [n, leg] of odd.entries()) mock.sendRaw(JSON.stringify(body(`c-odd-${n}`, leg)));
  await delivered(mock);
  assert.deepEqual(sink.errors.map((e) => [e.code, e.message.match(/unknown media state (\S+) \(topic/)?.[1]]), [[ErrorCode.MalformedEvent, '"ringing"'], [ErrorCode.MalformedEvent, '5'], [ErrorCode.MalformedEvent, 'null']]);
  assert.ok(!callsIn(sink).some((e) => e.call.id.startsWith('c-odd')));
});

test('without colleague calls (colleagueCalls: false) the commands are refused as Unsupported, and no own conversation topic is taken', async () => {
  const mock = org();
  const { adapter } = await connect(mock, { colleagueCalls: false, appointments: 'off' });
  assert.ok(!adapter.capabilities.commands.includes('start-colleague-call'));
  assert.ok(!adapter.capabilities.commands.includes('schedule-coaching-session'));
  const err = await rejectsWith(adapter.execute(envelope({ type: 'start-colleague-call', participantIds: [mock.directory.agentIds[0] as string] })), ErrorCode.Unsupported);
  assert.match(err.message, /start-colleague-call/);
  assert.ok(!mock.channels.some((c) => c.topics.some((t) => t.startsWith(`v2.users.${mock.directory.supervisorId}`))));
  assert.ok(!mock.requests.some((q) => q.path.startsWith('/api/v2/coaching')));
});

test('calling nobody but yourself is InvalidArgument, with nothing sent to Genesys', async () => {
  const mock = org();
  const { adapter } = await connect(mock);
  const before = mock.requests.length;
  await rejectsWith(adapter.execute(envelope({ type: 'start-colleague-call', participantIds: [mock.directory.supervisorId] })), ErrorCode.InvalidArgument);
  assert.equal(mock.requests.length, before);
});

// ---- through the client ----------------------------------------------------------------------

test('through the client: a supervisor’s session reaches the agent’s desktop, not a colleague’s; a colleague call shows on both sides', async () => {
  const mock = org();
  const sup = mock.directory.supervisorId;
  const [a1, , , a4] = mock.directory.agentIds as [string, string, string, string];
  const [teamA, teamB] = mock.directory.teamIds as [string, string];
  const clients: Floorwalk[] = [];
  const client = async (patch: Partial<GenesysAdapterOptions>, session: Parameters<typeof createFloorwalk>[0]['session']): Promise<Floorwalk> => {
    const adapter = createGenesysAdapter({ ...mock.adapterOptions(), WebSocket: socketOf(mock), ...patch });
    opened.push(adapter);
    const c = createFloorwalk({ adapter, session });
    clients.push(c);
    await c.connect();
    return c;
  };
  try {
    const board = await client({ appointments: 'watched' }, { userId: sup, role: 'supervisor', teamIds: 'all' });
    const desk1 = await client(asAgent(mock, a1), { userId: a1, role: 'agent', teamIds: [teamA] });
    const desk4 = await client(asAgent(mock, a4), { userId: a4, role: 'agent', teamIds: [teamB] });

    await board.scheduleCoachingSession(a1, 'Call control refresher', inAnHour(), 30 * 60_000);
    await until(() => desk1.getCoachingSessions().length === 1, 'the session on the agent’s desktop');
    assert.equal(desk1.getCoachingSessions()[0]?.topic, 'Call control refresher');
    assert.equal(board.getCoachingSessions({ agentId: a1 }).length, 1);
    // Every frame sent so far has reached desk4 too. Not the GET a coaching notification starts:
    // had one reached desk4, the session it read would come after this.
    await delivered(mock);
    assert.deepEqual(desk4.getCoachingSessions(), [], 'a colleague in another team sees nothing');

    // Moved: the agent's desktop hears it on its own coaching topic. Genesys lets an agent's token
    // neither edit nor delete an appointment, so their decline is refused by Genesys itself.
    const sessionId = board.getCoachingSessions({ agentId: a1 })[0]?.id as string;
    const later = inAnHour() + 2 * HOUR;
    await board.rescheduleCoachingSession(sessionId, later, 45 * 60_000);
    await until(() => desk1.getCoachingSessions()[0]?.at === later, 'the new time on the agent’s desktop');
    assert.equal(desk1.getCoachingSessions()[0]?.durationMs, 45 * 60_000);
    await rejectsWith(desk1.cancelCoachingSession(sessionId), ErrorCode.Forbidden);
    await board.cancelCoachingSession(sessionId);
    await until(() => desk1.getCoachingSessions()[0]?.state === 'cancelled', 'cancelled on the agent’s desktop');
    assert.equal(board.getCoachingSessions({ agentId: a1 })[0]?.state, 'cancelled');

    await board.startColleagueCall([a1]);
    await until(() => desk1.getColleagueCalls({ active: true }).length === 1, 'the call on the agent’s side');
    const callId = board.getColleagueCalls({ active: true })[0]?.id as string;
    assert.equal(desk1.getColleagueCalls({ active: true })[0]?.id, callId);
    assert.deepEqual(desk4.getColleagueCalls(), []);
    mock.play([{ type: 'pickup', conversationId: callId, userId: a1 }]);
    await desk1.endColleagueCall(callId);
    await until(() => board.getColleagueCalls({ active: true }).length === 0 && desk1.getColleagueCalls({ active: true }).length === 0, 'the call ended on both sides');
  } finally {
    for (const c of clients) await c.disconnect();
  }
});

// ---- quality evaluations ---------------------------------------------------------------------

async function quality(mock: GenesysMock) {
  const [a1, a2] = mock.directory.agentIds as [string, string];
  const team = mock.directory.teamIds[0] as string;
  // One Floorwalk backplane for every session, as in production: disputes and reviews live there.
  const backplane = createMemoryBackplane({ broadcast: false });
  const teamsOf = (): readonly string[] => [team];
  const errors: FloorwalkError[] = [];
  const sup = await connect(mock, { qualityEvaluations: true });
  const qa = createGenesysEvaluations({ genesys: sup.adapter, session: { userId: mock.directory.supervisorId, role: 'supervisor', teamIds: 'all' }, teamsOf, backplane, onError: (e) => void errors.push(e) });
  const agentLink = await connect(mock, { ...asAgent(mock, a1), qualityEvaluations: true });
  const agent = createGenesysEvaluations({ genesys: agentLink.adapter, session: { userId: a1, role: 'agent', teamIds: [team] }, teamsOf, backplane });
  closers.push(qa.close, agent.close);
  const [call] = mock.play([{ type: 'call', queueId: mock.directory.queueIds[0] as string, userId: a1 }]);
  const [other] = mock.play([{ type: 'call', queueId: mock.directory.queueIds[0] as string, userId: a2 }]);
  return { qa, agent, errors, backplane, a1, a2, call: call as string, other: other as string, sup };
}

test('published evaluation forms become scorecards: group weights shared, fatal questions critical, free text left out', async () => {
  const mock = org();
  const { qa } = await quality(mock);
  const [card] = await qa.getScorecards();
  assert.ok(card !== undefined);
  assert.equal(card.name, 'Call quality');
  assert.deepEqual(
    card.criteria.map((c) => [c.label, c.kind, Math.round(c.weight * 100) / 100, c.critical === true, c.scaleMax ?? null, c.allowNa]),
    [
      ['Greeted the customer by name', 'yes-no', 0.2, false, null, false],
      ['Verified the caller’s identity', 'yes-no', 0.2, true, null, false],
      ['Resolved the issue', 'scale', 0.6, false, 5, true],
    ],
  );
  await rejectsWith(qa.defineScorecard(card), ErrorCode.Unsupported);
});

test('evaluate → release → acknowledge runs through Genesys; the agent sees only their own released evaluations', async () => {
  const mock = org();
  const q = await quality(mock);
  const [card] = await q.qa.getScorecards();
  const [greet, verify, resolve] = (card?.criteria ?? []).map((c) => c.id) as [string, string, string];
  const draft = await q.qa.evaluate({ scorecardId: card?.id as string, interactionId: q.call, agentId: q.a1, answers: { [greet]: 'yes', [verify]: 'yes', [resolve]: 4 }, comment: 'Good call' });
  assert.equal(draft.state, 'draft');
  assert.equal(draft.interactionId, q.call);
  // Genesys' own total: Opening 100 × 0.4, Resolution 80 × 0.6.
  assert.equal(Math.round((draft.score ?? 0) * 100) / 100, 88);
  assert.deepEqual(draft.answers, { [greet]: 'yes', [verify]: 'yes', [resolve]: 4 });
  const elsewhere = await q.qa.evaluate({ scorecardId: card?.id as string, interactionId: q.other, agentId: q.a2, answers: { [greet]: 'no', [verify]: 'no', [resolve]: 'na' } });
  assert.equal(elsewhere.score, 0, 'a failed fatal question zeroes the score');
  assert.deepEqual(elsewhere.criticalFailed, [verify]);

  // A draft is invisible to the agent, in Genesys and in Floorwalk.
  assert.deepEqual(await q.agent.getEvaluations(), []);
  await rejectsWith(q.agent.acknowledge(draft.id), ErrorCode.UnknownEntity);

  const released = await q.qa.release(draft.id);
  assert.equal(released.state, 'released');
  await q.qa.release(elsewhere.id);
  const seen = await q.agent.getEvaluations();
  assert.deepEqual(seen.map((e) => [e.id, e.state]), [[draft.id, 'released']], 'only their own');
  await rejectsWith(q.agent.acknowledge(elsewhere.id), ErrorCode.UnknownEntity);
  assert.deepEqual(await q.agent.getEvaluations({ agentId: q.a2 }), []);

  const acked = await q.agent.acknowledge(draft.id, 'Thanks');
  assert.equal(acked.state, 'acknowledged');
  const stored = mock.evaluation(draft.id) as { agentHasRead: boolean; answers: { agentComments: string } };
  assert.equal(stored.agentHasRead, true);
  assert.equal(stored.answers.agentComments, 'Thanks');
  // The supervisor's copy follows on v2.quality.evaluations.
  let live: string | undefined;
  const off = q.backplane.watch((c) => {
    if (c.kind === 'record' && c.record.key === `evaluation:${draft.id}`) live = (c.record.value as { state?: string }).state;
  });
  await until(() => live === 'acknowledged', 'the acknowledgement over the quality topic');
  off();
  assert.equal(q.errors.length, 0);
});

test('a dispute is kept in Floorwalk’s store (Genesys has no API for it); re-releasing answers it', async () => {
  const mock = org();
  const q = await quality(mock);
  const [card] = await q.qa.getScorecards();
  const ids = (card?.criteria ?? []).map((c) => c.id) as [string, string, string];
  const e = await q.qa.evaluate({ scorecardId: card?.id as string, interactionId: q.call, agentId: q.a1, answers: { [ids[0]]: 'no', [ids[1]]: 'yes', [ids[2]]: 2 } });
  await q.qa.release(e.id);
  await rejectsWith(q.agent.dispute(e.id, '  '), ErrorCode.InvalidArgument);
  const disputed = await q.agent.dispute(e.id, 'The customer hung up before I could greet them');
  assert.equal(disputed.state, 'disputed');
  assert.equal((mock.evaluation(e.id) as { agentHasRead: boolean }).agentHasRead, false, 'still open in Genesys');
  const [again] = await q.agent.getEvaluations();
  assert.equal(again?.state, 'disputed');
  assert.equal(again?.agentComment, 'The customer hung up before I could greet them');
  await q.qa.revise(e.id, { [ids[0]]: 'yes', [ids[1]]: 'yes', [ids[2]]: 2 });
  const rereleased = await q.qa.release(e.id);
  assert.equal(rereleased.state, 'released');
  assert.equal(Math.round((rereleased.score ?? 0) * 100) / 100, 64);
});

test('bad answers and bad quality-topic payloads give one typed error each and change nothing', async () => {
  const mock = org();
  const q = await quality(mock);
  const [card] = await q.qa.getScorecards();
  const ids = (card?.criteria ?? []).map((c) => c.id) as [string, string, string];
  const base = { scorecardId: card?.id as string, interactionId: q.call, agentId: q.a1 };
  const before = mock.requests.filter((r) => r.method === 'POST').length;
  await rejectsWith(q.qa.evaluate({ ...base, answers: { [ids[0]]: 'yes', [ids[1]]: 'yes' } }), ErrorCode.InvalidArgument); // one unanswered
  await rejectsWith(q.qa.evaluate({ ...base, answers: { [ids[0]]: 'yes', [ids[1]]: 'na', [ids[2]]: 3 } }), ErrorCode.InvalidArgument); // fatal, no NA
  await rejectsWith(q.qa.evaluate({ ...base, answers: { [ids[0]]: 'yes', [ids[1]]: 'yes', [ids[2]]: 9 } }), ErrorCode.InvalidArgument); // off the scale
  await rejectsWith(q.qa.evaluate({ ...base, answers: { [ids[0]]: 'yes', [ids[1]]: 'yes', [ids[2]]: 3, nope: 'yes' } }), ErrorCode.InvalidArgument);
  await rejectsWith(q.agent.evaluate({ ...base, answers: { [ids[0]]: 'yes', [ids[1]]: 'yes', [ids[2]]: 3 } }), ErrorCode.Forbidden);
  assert.equal(mock.requests.filter((r) => r.method === 'POST').length, before, 'nothing reached Genesys');
  assert.deepEqual(await q.backplane.list('evaluation:'), []);

  const bodies = [{ id: 'x', status: 'Finished' }, { id: 'x', status: 'Lost', agent: { id: q.a1 } }, { status: 'Finished', agent: { id: q.a1 } }];
  for (const eventBody of bodies) {
    const n = q.errors.length;
    mock.sendRaw(JSON.stringify({ topicName: 'v2.quality.evaluations', version: '2', eventBody, metadata: { CorrelationId: 'c' } }));
    await until(() => q.errors.length > n, `an error for ${JSON.stringify(eventBody)}`);
    await delivered(mock);
    assert.equal(q.errors.length, n + 1, JSON.stringify(eventBody));
    assert.equal(q.errors.at(-1)?.code, ErrorCode.MalformedEvent);
  }
  // A body that is not an object is the adapter's to report, as for every topic.
  const n = q.sup.sink.errors.length;
  const before2 = q.errors.length;
  mock.sendRaw(JSON.stringify({ topicName: 'v2.quality.evaluations', version: '2', eventBody: 'text', metadata: { CorrelationId: 'c' } }));
  await until(() => q.sup.sink.errors.length > n, 'the adapter’s error');
  await delivered(mock);
  assert.equal(q.sup.sink.errors.length, n + 1);
  assert.equal(q.sup.sink.errors.at(-1)?.code, ErrorCode.MalformedEvent);
  assert.equal(q.errors.length, before2);
  assert.deepEqual(await q.backplane.list('evaluation:'), []);
});

test('a host listener on the quality topic that throws is reported, and the listeners after it still hear', async () => {
  const mock = org();
  const { adapter, sink } = await connect(mock, { qualityEvaluations: true });
  assert.ok(mock.channels.some((c) => c.topics.includes('v2.quality.evaluations')));
  const heard: unknown[] = [];
  closers.push(
    adapter.onEvaluation(() => {
      throw new Error('host bug');
    }),
    adapter.onEvaluation((body) => void heard.push(body)),
  );
  mock.sendRaw(JSON.stringify({ topicName: 'v2.quality.evaluations', version: '2', eventBody: { id: 'e-1', status: 'Finished', agent: { id: mock.directory.agentIds[0] } }, metadata: { CorrelationId: 'c' } }));
  await until(() => heard.length === 1, 'the second listener');
  assert.equal(sink.errors.length, 1);
  assert.equal(sink.errors[0]?.code, ErrorCode.Internal);
});
