// What a session holds about an agent who leaves its scope (moved to another team, removed,
// or missing from a resync): everything it could only see through that scope goes with them,
// not just the agent's record and live interactions.
//
//   node --experimental-websocket --import tsx --test packages/core/test/policy.scope.test.ts
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, createMemoryStorage, ErrorCode, FloorwalkError, type Command, type FloorwalkEvent, type StoreChange } from '@floorwalk/core';
import { createManualClock } from '@floorwalk/core/testing';
import { agent, call, centreSnapshot, fakeAdapter, nextId, settle, T0, until } from './fixtures.js';

const at = T0 + 1000;
const base = { source: 'fake', at } as const;

/** What a supervisor of t1 holds about a1, through the team scope and of its own. */
const aboutA1: FloorwalkEvent[] = [
  { ...base, id: nextId(), type: 'help-request', request: { id: 'h1', agentId: 'a1', state: 'open', raisedAt: T0, reason: 'customer is abusive' } },
  // Another supervisor's private note: readable by a supervisor of a1's team only.
  { ...base, id: nextId(), type: 'coaching-note', note: { id: 'n1', agentId: 'a1', authorId: 'sup-9', body: 'talk about lateness', createdAt: T0, private: true } },
  // The session's own note stays: its author may always read it.
  { ...base, id: nextId(), type: 'coaching-note', note: { id: 'n2', agentId: 'a1', authorId: 'sup-1', body: 'well done', createdAt: T0 } },
  { ...base, id: nextId(), type: 'monitoring', session: { id: 'm1', agentId: 'a1', supervisorId: 'sup-9', interactionId: 'i1', mode: 'listen', startedAt: T0 } },
  { ...base, id: nextId(), type: 'check-in', checkIn: { id: 'c1', agentId: 'a1', supervisorId: 'sup-9', scheduledFor: T0 + 1e8, proposedAt: T0, noticeMs: 1e8, answer: 'pending', topic: 'targets' } },
  { ...base, id: nextId(), type: 'coaching-session', session: { id: 'cs1', agentId: 'a1', organiserId: 'sup-9', attendeeIds: ['a1'], topic: 'empathy', at: T0 + 1e8, durationMs: 1e6, state: 'scheduled' } },
  { ...base, id: nextId(), type: 'interaction', interaction: call('i9', 'a1', 'ended', { endedAt: T0 + 500 }) },
];

async function supervisorHoldingA1() {
  const fake = fakeAdapter();
  const sup = createFloorwalk({ adapter: fake, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] }, policy: { privateCoachingNotes: true } });
  await sup.connect();
  await settle();
  fake.emit(...aboutA1);
  await settle();
  const held = () => ({
    help: sup.getHelpRequests().map((r) => r.id),
    notes: sup.getCoachingNotes().map((n) => n.id),
    monitoring: sup.getMonitoringSessions().map((s) => s.id),
    checkIns: sup.getCheckIns().map((c) => c.id),
    coaching: sup.getCoachingSessions().map((c) => c.id),
    ended: sup.getInteractions({ includeEnded: true }).filter((i) => i.agentId === 'a1').map((i) => i.id),
  });
  assert.deepEqual(held(), { help: ['h1'], notes: ['n1', 'n2'], monitoring: ['m1'], checkIns: ['c1'], coaching: ['cs1'], ended: ['i1', 'i9'] }, 'the supervisor held it all while a1 was in t1');
  const changes: StoreChange[] = [];
  sup.subscribe((change) => changes.push(change));
  return { fake, sup, held, changes };
}

const gone = { help: [], notes: ['n2'], monitoring: [], checkIns: [], coaching: [], ended: [] };

test('an agent moved to a team outside the scope takes their help requests, notes, monitoring, check-ins, coaching and history along', async () => {
  const { fake, sup, held, changes } = await supervisorHoldingA1();
  fake.emit({ ...base, at: at + 1, id: nextId(), type: 'agent', agent: agent('a1', ['t2']) });
  await settle();
  assert.equal(sup.getAgent('a1'), undefined);
  assert.deepEqual(held(), gone);
  // Subscribers hear what went, so no view keeps showing it.
  const c = changes.at(-1);
  assert.ok(c?.helpRequests.has('h1') && c.coachingNotes.has('n1') && c.monitoring.has('m1') && c.checkIns.has('c1') && c.coachingSessions?.has('cs1') && c.interactions.has('i9'));
  // Nor may the session reveal a customer of an interaction it no longer holds.
  await assert.rejects(sup.revealCustomerField('i9', 'phone'), { name: 'FloorwalkError' });
});

test('an agent removed from the platform takes the same along', async () => {
  const { fake, held } = await supervisorHoldingA1();
  fake.emit({ ...base, at: at + 1, id: nextId(), type: 'agent-removed', agentId: 'a1' });
  await settle();
  assert.deepEqual(held(), gone);
});

test('an agent missing from a resync (moved while the link was down) takes the same along', async () => {
  const { fake, sup, held } = await supervisorHoldingA1();
  const snapshot = centreSnapshot(at + 1);
  fake.snapshotEvent = { ...snapshot, agents: snapshot.agents?.map((a) => (a.id === 'a1' ? agent('a1', ['t2']) : a)), interactions: [] };
  await sup.disconnect();
  await sup.connect();
  await settle();
  assert.deepEqual(held(), gone);
});

test('a coaching session invites only colleagues: another team\'s agent is refused, as for colleague calls', async () => {
  const fake = fakeAdapter();
  const sup = createFloorwalk({ adapter: fake, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] } });
  await sup.connect();
  await settle();
  const at = Date.now() + 3_600_000;
  // b1 is in t2: inviting them would show them a t1 agent's coaching (the session names the agent and topic).
  await assert.rejects(sup.scheduleCoachingSession('a1', 'Hold times', at, 60_000, ['b1']), (e: { code: number }) => e.code === ErrorCode.Forbidden);
  assert.equal(sup.can({ type: 'schedule-coaching-session', agentId: 'a1', topic: 'x', at, durationMs: 60_000, attendeeIds: ['b1'] }), false);
  assert.equal(fake.executed.length, 0, 'the refused command never reached the adapter');
  await sup.scheduleCoachingSession('a1', 'Hold times', at, 60_000, ['a2']);
  assert.equal(fake.executed.length, 1, 'a teammate may attend');
});

/** A supervisor of t1 listening to a1 on i1 (a session of its own), then a1 moved to t2. */
async function listeningToOneWhoLeft() {
  const fake = fakeAdapter();
  const sup = createFloorwalk({ adapter: fake, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] } });
  await sup.connect();
  await settle();
  const own = { id: 'm2', agentId: 'a1', supervisorId: 'sup-1', interactionId: 'i1', mode: 'listen', startedAt: T0 } as const;
  fake.emit({ ...base, id: nextId(), type: 'monitoring', session: own });
  fake.emit({ ...base, at: at + 1, id: nextId(), type: 'agent', agent: agent('a1', ['t2']) });
  await settle();
  const shown = () => ({
    active: sup.getMonitoringSessions({ active: true }).map((s) => s.id),
    history: sup.getMonitoringHistory().map((s) => `${s.id} ${s.endedAt === undefined ? 'running' : `ended ${s.endedAt - T0}`}`),
  });
  assert.equal(sup.getAgent('a1'), undefined, 'a1 is out of scope');
  assert.deepEqual(shown(), { active: ['m2'], history: ['m2 running'] }, 'its own session stays: the supervisor still listens');
  return { fake, sup, own, shown };
}

test("a supervisor's own session on an agent who left the scope is ended by a resync that no longer lists it", async () => {
  const { fake, sup, shown } = await listeningToOneWhoLeft();
  const snapshot = centreSnapshot(at + 10);
  fake.snapshotEvent = { ...snapshot, agents: snapshot.agents?.map((a) => (a.id === 'a1' ? agent('a1', ['t2']) : a)), monitoring: [] };
  await sup.disconnect();
  await sup.connect();
  await settle();
  assert.deepEqual(shown(), { active: [], history: ['m2 ended 1010'] }, 'ended as of the snapshot, and kept in the history');
});

test("a supervisor's own session on an agent who left the scope stays live while a resync lists it, and ends when the platform says", async () => {
  const { fake, sup, own, shown } = await listeningToOneWhoLeft();
  const snapshot = centreSnapshot(at + 10);
  fake.snapshotEvent = { ...snapshot, agents: snapshot.agents?.map((a) => (a.id === 'a1' ? agent('a1', ['t2']) : a)), monitoring: [own] };
  await sup.disconnect();
  await sup.connect();
  await settle();
  assert.deepEqual(shown(), { active: ['m2'], history: ['m2 running'] });
  fake.emit({ ...base, at: at + 20, id: nextId(), type: 'monitoring', session: { ...own, endedAt: at + 20, endReason: 'stopped' } });
  await settle();
  assert.deepEqual(shown(), { active: [], history: ['m2 ended 1020'] });
});

test("a supervisor's own session on an agent who left the scope can be stopped, not stepped up to a whisper or barge", async () => {
  const { fake, sup } = await listeningToOneWhoLeft();
  await assert.rejects(sup.changeMonitoringMode('m2', 'barge'), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.OutOfScope);
  assert.equal(sup.can({ type: 'change-monitoring-mode', sessionId: 'm2', mode: 'whisper' }), false);
  await sup.stopMonitoring('m2');
  assert.deepEqual(
    fake.executed.map((c) => c.type),
    ['stop-monitoring'],
  );
  await sup.disconnect();
});

test("a listen or whisper on an agent who left the scope is no longer renewed, so it lapses; a barge is, until it is stopped or the call ends", async (t) => {
  const fake = fakeAdapter();
  const clock = createManualClock(T0);
  const sup = createFloorwalk({ adapter: fake, clock, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] }, policy: { monitoringLeaseMs: 9_000 } });
  t.after(() => sup.disconnect());
  await sup.connect();
  const session = (id: string, agentId: string, interactionId: string, mode: 'listen' | 'whisper' | 'barge') =>
    ({ ...base, id: nextId(), type: 'monitoring', session: { id, agentId, supervisorId: 'sup-1', interactionId, mode, startedAt: T0 } }) as const;
  fake.emit(session('m-listen', 'a1', 'i1', 'listen'), session('m-whisper', 'a2', 'i3', 'whisper'), session('m-barge', 'a2', 'i4', 'barge'));
  await settle();
  const renewed = () => fake.executed.filter((c) => c.type === 'renew-monitoring').map((c) => (c as { sessionId: string }).sessionId);
  clock.advance(3_000);
  await settle();
  assert.deepEqual(renewed(), ['m-listen', 'm-whisper', 'm-barge'], 'all three renewed while their agents are in t1');
  fake.emit({ ...base, at: at + 1, id: nextId(), type: 'agent', agent: agent('a1', ['t2']) }, { ...base, at: at + 1, id: nextId(), type: 'agent', agent: agent('a2', ['t2']) });
  await settle();
  fake.executed.length = 0;
  clock.advance(9_000);
  await settle();
  assert.deepEqual(renewed(), ['m-barge', 'm-barge', 'm-barge'], 'the listen and the whisper lapse within a lease; the customer keeps the supervisor who barged in');
  assert.deepEqual(sup.getMonitoringSessions({ active: true }).map((s) => s.id), ['m-listen', 'm-whisper', 'm-barge'], 'each still shown, to be stopped, until the platform ends it');
  // Back in the teams before the platform ended it: renewed again.
  const platform = centreSnapshot(at + 2);
  fake.snapshotEvent = {
    ...platform,
    agents: platform.agents?.map((a) => (a.id === 'a2' ? agent('a2', ['t2']) : a)),
    monitoring: sup.getMonitoringSessions(),
  };
  fake.emit({ ...base, at: at + 2, id: nextId(), type: 'agent', agent: agent('a1', ['t1']) });
  await settle();
  fake.executed.length = 0;
  clock.advance(3_000);
  await settle();
  assert.deepEqual(renewed().sort(), ['m-barge', 'm-listen']);
});

test('a mode change on an agent no longer held says why without naming teams to a supervisor of every team', async (t) => {
  const fake = fakeAdapter();
  const sup = createFloorwalk({ adapter: fake, session: { userId: 'sup-1', role: 'supervisor', teamIds: 'all' } });
  t.after(() => sup.disconnect());
  await sup.connect();
  fake.emit({ ...base, id: nextId(), type: 'monitoring', session: { id: 'm2', agentId: 'a1', supervisorId: 'sup-1', interactionId: 'i1', mode: 'listen', startedAt: T0 } });
  fake.emit({ ...base, at: at + 1, id: nextId(), type: 'agent-removed', agentId: 'a1' });
  await settle();
  await assert.rejects(sup.changeMonitoringMode('m2', 'barge'), (e: unknown) => {
    assert.ok(e instanceof FloorwalkError);
    assert.equal(e.code, ErrorCode.UnknownAgent);
    assert.equal(e.message, 'Agent a1 is not known to this session: the session can be stopped, not changed.');
    return true;
  });
  // A supervisor of some teams is told the agent left them, as before.
  const { sup: scoped } = await listeningToOneWhoLeft();
  t.after(() => scoped.disconnect());
  await assert.rejects(scoped.changeMonitoringMode('m2', 'whisper'), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.OutOfScope && /has left the teams/.test(e.message));
});

test('a supervisor finds its own sessions, wherever their agents are now', async (t) => {
  const { fake, sup } = await listeningToOneWhoLeft();
  t.after(() => sup.disconnect());
  fake.emit({ ...base, id: nextId(), type: 'monitoring', session: { id: 'm3', agentId: 'a2', supervisorId: 'sup-2', interactionId: 'i5', mode: 'listen', startedAt: T0 } });
  await settle();
  assert.deepEqual(sup.getMonitoringSessions({ active: true }).map((s) => s.id), ['m2', 'm3']);
  assert.deepEqual(sup.getMonitoringSessions({ supervisorId: 'sup-1', active: true }).map((s) => s.id), ['m2']);
});

test("an agent moved into the scope brings their live interactions, others' monitoring and open help at once, not at the next resync", async (t) => {
  const fake = fakeAdapter();
  const sup = createFloorwalk({ adapter: fake, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] } });
  t.after(() => sup.disconnect());
  await sup.connect();
  // b1, in t2, is on i2; sup-2 listens; b1 has asked for help. None of it reaches sup-1.
  const watching = { id: 'm5', agentId: 'b1', supervisorId: 'sup-2', interactionId: 'i2', mode: 'listen', startedAt: T0 } as const;
  const help = { id: 'h5', agentId: 'b1', state: 'open', raisedAt: T0, reason: 'refund over limit' } as const;
  fake.emit({ ...base, id: nextId(), type: 'monitoring', session: watching }, { ...base, id: nextId(), type: 'help-request', request: help });
  await settle();
  assert.deepEqual([sup.getInteractions({ agentId: 'b1' }).length, sup.getMonitoringSessions().length, sup.getHelpRequests().length], [0, 0, 0]);
  // Borrowed by t1: the platform reports the move, and nothing else changes on the call.
  const moved = agent('b1', ['t1']);
  const now = centreSnapshot(at + 1);
  fake.snapshotEvent = { ...now, agents: now.agents?.map((a) => (a.id === 'b1' ? moved : a)), monitoring: [watching], helpRequests: [help] };
  const snapshotsBefore = fake.snapshots;
  fake.emit({ ...base, at: at + 1, id: nextId(), type: 'agent', agent: moved });
  await until(() => fake.snapshots > snapshotsBefore && sup.getInteractions({ agentId: 'b1' }).length > 0, 'the call of the agent who moved in');
  assert.deepEqual(sup.getInteractions({ agentId: 'b1' }).map((i) => i.id), ['i2'], 'the board shows b1 on their call, not idle');
  assert.deepEqual(sup.getMonitoringSessions({ agentId: 'b1' }).map((s) => s.id), ['m5']);
  assert.deepEqual(sup.getHelpRequests({ agentId: 'b1' }).map((r) => r.id), ['h5']);
  assert.equal(sup.getInteraction('i2')?.customer?.name === 'Jane Doe', false, 'the customer masked, as for any agent of the team');
  // A presence change of an agent already held asks for nothing.
  const snapshots = fake.snapshots;
  fake.emit({ ...base, at: at + 2, id: nextId(), type: 'agent', agent: agent('a1', ['t1'], 'break', at + 2) });
  await settle();
  await settle();
  assert.equal(fake.snapshots, snapshots);
});

test('a move of many agents in many batches asks for one snapshot while another is out, and one more after it, not one per batch', async (t) => {
  const fake = fakeAdapter();
  const sup = createFloorwalk({ adapter: fake, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] } });
  t.after(() => sup.disconnect());
  await sup.connect();
  let answer = (): void => {};
  fake.snapshotGate = new Promise<void>((resolve) => (answer = resolve));
  const snapshots = fake.snapshots;
  // A workforce tool moving a team over, one agent per message: each batch brings one newcomer.
  for (let n = 1; n <= 6; n++) {
    fake.emit({ ...base, at: at + n, id: nextId(), type: 'agent', agent: agent(`c${n}`, ['t1']) });
    await settle();
  }
  assert.equal(fake.snapshots, snapshots + 1, 'one snapshot out while the moves come in');
  fake.snapshotGate = undefined;
  answer();
  await until(() => fake.snapshots === snapshots + 2, 'one more snapshot for the moves that came while the first was out');
  await settle();
  await settle();
  assert.equal(fake.snapshots, snapshots + 2);
});

test("a colleague moving into an agent's team asks their client for no snapshot: it would bring the agent nothing", async (t) => {
  const fake = fakeAdapter();
  const a1 = createFloorwalk({ adapter: fake, session: { userId: 'a1', role: 'agent', teamIds: ['t1'] } });
  t.after(() => a1.disconnect());
  await a1.connect();
  await settle();
  const snapshots = fake.snapshots;
  fake.emit({ ...base, at: at + 1, id: nextId(), type: 'agent', agent: agent('b1', ['t1']) });
  await settle();
  await settle();
  assert.equal(a1.getAgent('b1')?.teamIds[0], 't1', 'the colleague is on their team now');
  assert.equal(fake.snapshots, snapshots, 'a whole team of agents would each fetch the floor otherwise');
});

/**
 * A supervisor of t1 with what it owns about a1 (check-ins it proposed, a coaching session it
 * organised, a listen and a barge), then a1 moved to t2: owning a thing is no scope over its agent.
 */
async function owningAboutOneWhoLeft(t: { after(fn: () => unknown): void }, teamIds: readonly string[] | 'all' = ['t1']) {
  const fake = fakeAdapter();
  const clock = createManualClock(T0);
  const sup = createFloorwalk({ adapter: fake, clock, session: { userId: 'sup-1', role: 'supervisor', teamIds } });
  t.after(() => sup.disconnect());
  await sup.connect();
  await settle();
  const checkIn = { agentId: 'a1', supervisorId: 'sup-1', proposedAt: T0 - 1e8, noticeMs: 1e8, phase: 'scheduled' } as const;
  fake.emit(
    // Accepted for now: inside its window.
    { ...base, id: nextId(), type: 'check-in', checkIn: { ...checkIn, id: 'c-now', scheduledFor: T0, answer: 'accepted' } },
    // The agent asked for another time, still open to an answer.
    { ...base, id: nextId(), type: 'check-in', checkIn: { ...checkIn, id: 'c-counter', scheduledFor: T0 + 1e8, counterFor: T0 + 2e8, answer: 'pending' } },
    { ...base, id: nextId(), type: 'coaching-session', session: { id: 'cs-own', agentId: 'a1', organiserId: 'sup-1', attendeeIds: ['a1'], topic: 'empathy', at: T0 + 1e8, durationMs: 1e6, state: 'scheduled' } },
    { ...base, id: nextId(), type: 'monitoring', session: { id: 'm-listen', agentId: 'a1', supervisorId: 'sup-1', interactionId: 'i1', mode: 'listen', startedAt: T0 } },
    { ...base, id: nextId(), type: 'monitoring', session: { id: 'm-barge', agentId: 'a1', supervisorId: 'sup-1', interactionId: 'i7', mode: 'barge', startedAt: T0 } },
  );
  await settle();
  const commands = {
    start: { type: 'start-check-in', checkInId: 'c-now' },
    acceptCounter: { type: 'respond-check-in-counter', checkInId: 'c-counter', accept: true },
    refuseCounter: { type: 'respond-check-in-counter', checkInId: 'c-counter', accept: false },
    cancelCheckIn: { type: 'cancel-check-in', checkInId: 'c-now' },
    endCheckIn: { type: 'end-check-in', checkInId: 'c-now' },
    move: { type: 'reschedule-coaching-session', sessionId: 'cs-own', at: T0 + 3e8 },
    cancelSession: { type: 'cancel-coaching-session', sessionId: 'cs-own' },
    renewListen: { type: 'renew-monitoring', sessionId: 'm-listen' },
    renewBarge: { type: 'renew-monitoring', sessionId: 'm-barge' },
    stop: { type: 'stop-monitoring', sessionId: 'm-listen' },
  } as const satisfies Record<string, Command>;
  const allowed = () => Object.entries(commands).filter(([, c]) => sup.can(c)).map(([name]) => name);
  assert.deepEqual(allowed(), ['start', 'acceptCounter', 'refuseCounter', 'cancelCheckIn', 'move', 'cancelSession', 'renewListen', 'renewBarge', 'stop'], 'all of it while a1 is in t1 (a check-in not started cannot end)');
  fake.emit(teamIds === 'all' ? { ...base, at: at + 1, id: nextId(), type: 'agent-removed', agentId: 'a1' } : { ...base, at: at + 1, id: nextId(), type: 'agent', agent: agent('a1', ['t2']) });
  await settle();
  assert.equal(sup.getAgent('a1'), undefined);
  assert.deepEqual([sup.getCheckIns().length, sup.getCoachingSessions().length], [2, 1], 'what it owns stays, to be closed');
  return { fake, sup, commands, allowed };
}

test('a supervisor whose agent left its teams may close what it owns with them, not start, accept, move or renew it', async (t) => {
  const { fake, sup, commands, allowed } = await owningAboutOneWhoLeft(t);
  // Cancelling, refusing and stopping stay open, so nothing with someone no longer theirs lingers;
  // a barge keeps its lease, as the customer hears that supervisor.
  assert.deepEqual(allowed(), ['refuseCounter', 'cancelCheckIn', 'cancelSession', 'renewBarge', 'stop']);
  const outOfScope = (what: RegExp) => (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.OutOfScope && e.details?.['agentId'] === 'a1' && what.test(e.message);
  await assert.rejects(sup.startCheckIn('c-now'), outOfScope(/has left the teams .*: the check-in can be cancelled, not started/));
  await assert.rejects(sup.respondToCheckInCounter('c-counter', true), outOfScope(/the counter-proposal can be refused, not accepted/));
  await assert.rejects(sup.rescheduleCoachingSession('cs-own', T0 + 3e8), outOfScope(/the session can be cancelled, not moved/));
  // A host may send a renewal itself; the core keeps the client's own rule.
  await assert.rejects(sup.execute(commands.renewListen), outOfScope(/the session can be stopped, not renewed/));
  assert.equal(fake.executed.length, 0, 'no refused command reached the adapter');
  assert.deepEqual(
    sup.getAuditLog().filter((e) => e.action === 'command.denied').map((e) => e.target['command']),
    ['start-check-in', 'respond-check-in-counter', 'reschedule-coaching-session', 'renew-monitoring'],
  );
  await sup.execute(commands.renewBarge);
  await sup.respondToCheckInCounter('c-counter', false);
  await sup.cancelCheckIn('c-now');
  await sup.cancelCoachingSession('cs-own');
  assert.deepEqual(fake.executed.map((c) => c.type), ['renew-monitoring', 'respond-check-in-counter', 'cancel-check-in', 'cancel-coaching-session']);
});

test('a supervisor of every team whose agent was removed is told the agent is unknown, and may still close what it owns', async (t) => {
  const { sup, allowed } = await owningAboutOneWhoLeft(t, 'all');
  assert.deepEqual(allowed(), ['refuseCounter', 'cancelCheckIn', 'cancelSession', 'renewBarge', 'stop']);
  await assert.rejects(sup.startCheckIn('c-now'), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.UnknownAgent && /a1 is not known to this session: the check-in can be cancelled/.test(e.message));
});

for (const outbox of [false, true]) {
  test(`commands queued while the link was down are checked again after the resync: an agent who left the teams meanwhile is not acted on (${outbox ? 'outbox' : 'no outbox'})`, async (t) => {
    // Without an outbox the commands wait in memory; with one they are stored, and replayed as intents.
    const fake = fakeAdapter();
    const sup = createFloorwalk({ adapter: fake, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] }, ...(outbox ? { outbox: { storage: createMemoryStorage() } } : {}) });
    t.after(() => sup.disconnect());
    await sup.connect();
    fake.sink?.status('reconnecting');
    await settle();
    // Allowed when issued: a1 is in t1 as far as this client knows.
    const barge = sup.startMonitoring('a1', 'i1', 'barge');
    const presence = sup.setAgentPresence('a1', 'break');
    const stillHers = sup.setAgentPresence('a2', 'meeting');
    // Meanwhile the platform moved a1 to t2: the resync's snapshot says so.
    const snapshot = centreSnapshot();
    fake.snapshotEvent = { ...snapshot, agents: (snapshot.agents ?? []).map((a) => (a.id === 'a1' ? agent('a1', ['t2']) : a)) };
    fake.sink?.status('live');
    const unknownA1 = (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.UnknownAgent && e.details?.['agentId'] === 'a1';
    await assert.rejects(barge, unknownA1, 'no barge on an agent of another team');
    await assert.rejects(presence, unknownA1, 'nor a change of their presence');
    await stillHers;
    assert.equal(sup.getAgent('a1'), undefined, 'a1 left the session');
    assert.deepEqual(fake.executed.map((c) => [c.type, 'agentId' in c ? c.agentId : undefined]), [['set-presence', 'a2']], 'only what the session may still do reached the adapter');
    const entries = sup.getAuditLog().map((e) => [e.action, e.outcome, e.target['command'] ?? e.target['mode'] ?? e.target['state'], e.subject]);
    assert.deepEqual(entries, [
      ['monitoring.start', 'requested', 'barge', 'a1'],
      ['presence.set', 'requested', 'break', 'a1'],
      ['presence.set', 'requested', 'meeting', 'a2'],
      ['command.denied', 'denied', 'start-monitoring', 'a1'],
      ['monitoring.start', 'failed', 'barge', 'a1'],
      ['command.denied', 'denied', 'set-presence', 'a1'],
      ['presence.set', 'failed', 'break', 'a1'],
      ['presence.set', 'succeeded', 'meeting', 'a2'],
    ]);
  });
}

for (const outbox of [false, true]) {
  test(`commands queued behind a slow one on a live link are checked again when they go: a team move or a live policy change meanwhile stops them (${outbox ? 'outbox' : 'no outbox'})`, async (t) => {
    // No gap in the link: the first command's answer is merely slow, and the rest wait behind it.
    const fake = fakeAdapter();
    const storage = createMemoryStorage();
    const sup = createFloorwalk({
      adapter: fake,
      session: { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] },
      policy: { privateCoachingNotes: true },
      ...(outbox ? { outbox: { storage } } : {}),
    });
    t.after(() => sup.disconnect());
    await sup.connect();
    const execute = fake.execute.bind(fake);
    let answer = (): void => {};
    fake.execute = async (command) => {
      if (command.type === 'set-presence' && command.agentId === 'a2' && command.state === 'meeting') await new Promise<void>((resolve) => (answer = resolve));
      return execute(command);
    };
    const slow = sup.setAgentPresence('a2', 'meeting');
    await until(() => sup.getPendingIntents().length === 1 && fake.executed.length === 0, 'the slow command to be out');
    // Allowed when issued: a1 is in t1, private notes are allowed.
    const settled: [string, string, number | undefined][] = [];
    sup.on('intent', (s) => settled.push([s.command.type, s.outcome, s.error?.code]));
    const barge = sup.startMonitoring('a1', 'i1', 'barge');
    const presence = sup.setAgentPresence('a1', 'break');
    const note = sup.addCoachingNote('a2', 'Kept between us', undefined, { private: true });
    const stillHers = sup.setAgentPresence('a2', 'training');
    // Meanwhile, live: the platform moves a1 to t2, and an admin turns private notes off.
    fake.emit({ ...base, id: nextId(), type: 'agent', agent: agent('a1', ['t2']) });
    fake.emit({ type: 'policy', id: nextId(), at: T0 + 1, source: 'fake', changes: { privateCoachingNotes: false }, changedBy: 'admin-1' } as never);
    await settle();
    assert.equal(sup.getAgent('a1'), undefined, 'a1 left the session');
    answer();
    await slow;
    const unknownA1 = (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.UnknownAgent && e.details?.['agentId'] === 'a1';
    await assert.rejects(barge, unknownA1, 'no barge on an agent of another team');
    await assert.rejects(presence, unknownA1, 'nor a change of their presence');
    await assert.rejects(note, (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.Forbidden && e.details?.['policy'] === 'privateCoachingNotes', 'no private note once they are off');
    await stillHers;
    assert.deepEqual(fake.executed.map((c) => [c.type, 'state' in c ? c.state : undefined]), [['set-presence', 'meeting'], ['set-presence', 'training']], 'only what the session may still do reached the adapter, in order');
    const outcome = outbox ? 'conflict' : 'failed';
    assert.deepEqual(settled, [
      ['set-presence', 'confirmed', undefined],
      ['start-monitoring', outcome, ErrorCode.UnknownAgent],
      ['set-presence', outcome, ErrorCode.UnknownAgent],
      ['add-coaching-note', outcome, ErrorCode.Forbidden],
      ['set-presence', 'confirmed', undefined],
    ]);
    assert.deepEqual(sup.getPendingIntents(), [], 'nothing left waiting');
    await settle();
    assert.deepEqual([...storage.data.keys()], [], 'nor stored, to be replayed by a reload');
    const entries = sup.getAuditLog().filter((e) => e.outcome !== 'requested' && e.action !== 'policy.set');
    assert.deepEqual(entries.map((e) => [e.action, e.outcome, e.target['command'] ?? e.target['mode'] ?? e.target['state']]), [
      ['presence.set', 'succeeded', 'meeting'],
      ['command.denied', 'denied', 'start-monitoring'],
      ['monitoring.start', 'failed', 'barge'],
      ['command.denied', 'denied', 'set-presence'],
      ['presence.set', 'failed', 'break'],
      ['command.denied', 'denied', 'add-coaching-note'],
      ['coaching.note', 'failed', undefined],
      ['presence.set', 'succeeded', 'training'],
    ]);
  });
}

test("an attempt on another team's agent or record is on the audit trail, though the session holds neither and is told it is unknown", async (t) => {
  const fake = fakeAdapter();
  const sup = createFloorwalk({ adapter: fake, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] } });
  t.after(() => sup.disconnect());
  await sup.connect();
  // b1 is in t2; its help request never reaches this session.
  fake.emit({ ...base, id: nextId(), type: 'help-request', request: { id: 'h-b1', agentId: 'b1', state: 'open', raisedAt: T0, reason: 'refund' } });
  await settle();
  const attempts: Command[] = [
    { type: 'set-presence', agentId: 'b1', state: 'offline' },
    { type: 'acknowledge-help', requestId: 'h-b1' },
  ];
  for (const command of attempts) {
    await assert.rejects(sup.execute(command), (e: unknown) => e instanceof FloorwalkError && (e.code === ErrorCode.UnknownAgent || e.code === ErrorCode.UnknownEntity));
  }
  assert.equal(fake.executed.length, 0);
  const denied = sup.getAuditLog().filter((e) => e.action === 'command.denied');
  // Each names what it was about: the agent, the help request (by the id the caller gave: the
  // request is another team's, so neither its agent nor its reason is in the entry).
  assert.deepEqual(denied.map((e) => [e.actor, e.target, e.subject]), [
    ['sup-1', { command: 'set-presence', agentId: 'b1', state: 'offline' }, 'b1'],
    ['sup-1', { command: 'acknowledge-help', requestId: 'h-b1' }, undefined],
  ]);
  assert.doesNotMatch(JSON.stringify(denied), /refund/);
});

test('a refused acknowledgement or resolution of a help request names the request on the audit trail', async (t) => {
  // An admin holds the teams' help requests (help:read:team) but may not respond to them.
  const fake = fakeAdapter();
  const admin = createFloorwalk({ adapter: fake, session: { userId: 'admin-1', role: 'admin', teamIds: 'all' } });
  t.after(() => admin.disconnect());
  await admin.connect();
  fake.emit({ ...base, id: nextId(), type: 'help-request', request: { id: 'h-a1', agentId: 'a1', state: 'open', raisedAt: T0, reason: 'refund' } });
  await settle();
  assert.equal(admin.getHelpRequests().length, 1);
  await assert.rejects(admin.acknowledgeHelp('h-a1'), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.Forbidden);
  await assert.rejects(admin.resolveHelp('h-a1'), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.Forbidden);
  const denied = admin.getAuditLog().filter((e) => e.action === 'command.denied');
  assert.deepEqual(denied.map((e) => e.target), [
    { command: 'acknowledge-help', requestId: 'h-a1' },
    { command: 'resolve-help', requestId: 'h-a1' },
  ]);
  assert.doesNotMatch(JSON.stringify(denied), /refund/, "the agent's words stay out of the trail");
});

test('a refused chat, read receipt or colleague call names its conversation, call or people on the audit trail, by the ids the caller gave', async (t) => {
  const fake = fakeAdapter();
  const sup = createFloorwalk({ adapter: fake, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] } });
  t.after(() => sup.disconnect());
  await sup.connect();
  // A call the session was on, ended since, with someone of another team.
  fake.emit({ ...base, id: nextId(), type: 'colleague-call', call: { id: 'call-1', kind: 'direct', participantIds: ['b1', 'sup-1'], startedBy: 'b1', startedAt: T0, endedAt: T0 + 500 } });
  await settle();
  const attempts: Command[] = [
    { type: 'send-message', conversationId: 'dm:a1:b1', body: 'not mine' },
    { type: 'send-message', conversationId: 'dm:b1:sup-1', body: 'another team' },
    { type: 'mark-read', conversationId: 'team:t2' },
    { type: 'mark-delivered', conversationId: 'team:t2', messageIds: ['m-9'] },
    { type: 'end-colleague-call', callId: 'call-1' },
    { type: 'end-colleague-call', callId: 'call-9' },
    { type: 'start-colleague-call', participantIds: ['a1', 'b1'] },
  ];
  for (const command of attempts) {
    await assert.rejects(sup.execute(command), (e: unknown) => e instanceof FloorwalkError && (e.code === ErrorCode.Forbidden || e.code === ErrorCode.UnknownEntity), command.type);
  }
  assert.equal(fake.executed.length, 0);
  const denied = sup.getAuditLog().filter((e) => e.action === 'command.denied');
  // Only what the command named: not the ended call's people, nor a message's id.
  assert.deepEqual(denied.map((e) => [e.target, e.subject]), [
    [{ command: 'send-message', conversationId: 'dm:a1:b1' }, undefined],
    [{ command: 'send-message', conversationId: 'dm:b1:sup-1' }, undefined],
    [{ command: 'mark-read', conversationId: 'team:t2' }, undefined],
    [{ command: 'mark-delivered', conversationId: 'team:t2' }, undefined],
    [{ command: 'end-colleague-call', callId: 'call-1' }, undefined],
    [{ command: 'end-colleague-call', callId: 'call-9' }, undefined],
    [{ command: 'start-colleague-call', participantIds: 'a1,b1' }, undefined],
  ]);
  assert.doesNotMatch(JSON.stringify(denied.map((e) => e.target)), /not mine|another team|m-9/, 'no message text or message id');
});

test('a monitoring start or stop whose answer was lost on a live link is sent again with its key and confirmed: the check as it goes is not made again of its own effect', async (t) => {
  const fake = fakeAdapter();
  const sup = createFloorwalk({ adapter: fake, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] }, outbox: { storage: createMemoryStorage() } });
  t.after(() => sup.disconnect());
  await sup.connect();
  const execute = fake.execute.bind(fake);
  const lost = new Set<string>();
  // The platform applies the first send and reports it, but its answer is lost on the way back.
  fake.execute = async (command) => {
    await execute(command);
    if (lost.has(command.key)) return;
    lost.add(command.key);
    if (command.type === 'start-monitoring') {
      fake.emit({ ...base, id: nextId(), type: 'monitoring', session: { id: 'm1', mode: 'barge', supervisorId: 'sup-1', agentId: 'a1', interactionId: 'i1', startedAt: at } });
    } else if (command.type === 'stop-monitoring') {
      fake.emit({ ...base, at: at + 1, id: nextId(), type: 'monitoring', session: { id: 'm1', mode: 'barge', supervisorId: 'sup-1', agentId: 'a1', interactionId: 'i1', startedAt: at, endedAt: at + 1 } });
    }
    await settle();
    throw new FloorwalkError(ErrorCode.VendorError, 'answer lost', { retryable: true });
  };
  const settled: [string, string, number | undefined][] = [];
  sup.on('intent', (s) => settled.push([s.command.type, s.outcome, s.error?.code]));
  await sup.startMonitoring('a1', 'i1', 'barge');
  assert.equal(sup.getMonitoringSessions({ active: true }).length, 1);
  await sup.stopMonitoring('m1');
  assert.deepEqual(sup.getMonitoringSessions({ active: true }), []);
  assert.deepEqual(fake.executed.map((c) => c.type), ['start-monitoring', 'start-monitoring', 'stop-monitoring', 'stop-monitoring'], 'each sent again, with its key');
  assert.deepEqual(settled, [
    ['start-monitoring', 'confirmed', undefined],
    ['stop-monitoring', 'confirmed', undefined],
  ]);
  const entries = sup.getAuditLog().filter((e) => e.outcome !== 'requested');
  assert.deepEqual(entries.map((e) => [e.action, e.outcome]), [
    ['monitoring.start', 'succeeded'],
    ['monitoring.stop', 'succeeded'],
  ], 'neither denied nor failed on the trail');
});
