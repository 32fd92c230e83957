import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, ErrorCode, type FloorwalkError, type FloorwalkEvent, type Session } from '@floorwalk/core';
import { createManualClock } from '@floorwalk/core/testing';
import { fakeAdapter, nextId, settle, T0 } from './fixtures.js';

const supervisor: Session = { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] };
const agentA1: Session = { userId: 'a1', role: 'agent', teamIds: ['t1'] };

async function live(session: Session, policy = {}) {
  const adapter = fakeAdapter();
  const clock = createManualClock(T0);
  const client = createFloorwalk({ adapter, session, clock, policy });
  const errors: FloorwalkError[] = [];
  client.on('error', (e) => errors.push(e));
  await client.connect();
  return { adapter, client, clock, errors };
}

const ev = <T extends FloorwalkEvent['type']>(type: T, body: Record<string, unknown>): FloorwalkEvent =>
  ({ type, id: nextId(), at: T0, source: 'fake', ...body }) as unknown as FloorwalkEvent;

test('malformed collaboration events are reported, never applied', async () => {
  const { adapter, client, errors } = await live(supervisor);
  adapter.emit(
    ev('audit', { entry: { id: 'x', at: T0, actor: 'sup-1', action: 'monitoring.erase', outcome: 'succeeded', target: {} } }),
    ev('activity', { agentId: 'a1', activity: { bucket: 'typing', since: T0 } }),
    ev('chat-read', { conversationId: 'team:t1', upTo: T0 }),
    ev('coaching-session', { session: { id: 's', agentId: 'a1', organiserId: 'sup-1', topic: 't', at: T0, durationMs: 1, attendeeIds: ['a1'], state: 'maybe' } }),
    ev('colleague-call', { call: { id: 'c', kind: 'group', participantIds: ['a1'], startedBy: 'a1', startedAt: T0 } }),
    ev('check-in', { checkIn: { id: 'k', agentId: 'a1', supervisorId: 'sup-1', scheduledFor: T0, proposedAt: T0, noticeMs: 0, answer: 'pending', phase: 'imminent' } }),
    ev('monitoring', { session: { id: 'm', mode: 'listen', supervisorId: 'sup-1', agentId: 'a1', interactionId: 'i1', startedAt: T0, endedAt: T0, endReason: 'bored' } }),
    ev('chat-message', { message: { id: 'x', conversationId: 'team:t1', authorId: 'a1', body: 'hi', sentAt: T0, delivery: 'sent', readBy: [''] } }),
  );
  await settle();
  assert.equal(errors.length, 8);
  assert.ok(errors.every((e) => e.code === ErrorCode.MalformedEvent));
  assert.equal(client.getAgent('a1')?.activity, undefined);
  assert.deepEqual([client.getCheckIns().length, client.getMonitoringSessions().length, client.getMessages('team:t1').length, client.getCoachingSessions().length], [0, 0, 0, 0]);
});

test("a check-in's lapsesAt and lapsed are checked as its other fields are: malformed ones are reported and never reach the store", async () => {
  const { adapter, client, errors } = await live(supervisor);
  const checkIn = { id: 'k', agentId: 'a1', supervisorId: 'sup-1', scheduledFor: T0 + 3_600_000, proposedAt: T0, noticeMs: 3_600_000, answer: 'pending' };
  adapter.emit(
    // fw-check-in computes times from lapsesAt: a string or NaN there would reach it as a time.
    ev('check-in', { checkIn: { ...checkIn, lapsesAt: '2026-11-02T10:15:00Z' } }),
    ev('check-in', { checkIn: { ...checkIn, lapsesAt: Number.NaN } }),
    ev('check-in', { checkIn: { ...checkIn, phase: 'cancelled', cancelledBy: 'backplane', lapsed: 'forgotten' } }),
    // fw-check-in shows the topic as text: an object there would read "[object Object]".
    ev('check-in', { checkIn: { ...checkIn, topic: { text: 'Your last call' } } }),
  );
  await settle();
  assert.deepEqual(
    errors.map((e) => e.code),
    [ErrorCode.MalformedEvent, ErrorCode.MalformedEvent, ErrorCode.MalformedEvent, ErrorCode.MalformedEvent],
  );
  assert.match(errors[0]!.message, /event\.checkIn times must be epoch ms/);
  assert.match(errors[2]!.message, /event\.checkIn\.lapsed is not a known reason/);
  assert.match(errors[3]!.message, /event\.checkIn\.topic must be text/);
  assert.equal(client.getCheckIns().length, 0, 'the store is untouched');
  // As the backplane writes them: a time while it is open, a reason once it closed by itself.
  adapter.emit(
    ev('check-in', { checkIn: { ...checkIn, lapsesAt: T0 + 4_500_000, topic: 'Your last call' } }),
    ev('check-in', { checkIn: { ...checkIn, id: 'k2', phase: 'cancelled', cancelledBy: 'backplane', lapsed: 'window-passed' } }),
  );
  await settle();
  assert.equal(errors.length, 4, 'valid ones pass');
  assert.deepEqual(
    client.getCheckIns().map((c) => [c.id, c.lapsesAt, c.lapsed]),
    [
      ['k', T0 + 4_500_000, undefined],
      ['k2', undefined, 'window-passed'],
    ],
  );
});

test("a help request's unseen flag is checked as its other fields are: anything but a boolean is reported and never reaches the store", async () => {
  const { adapter, client, errors } = await live(supervisor);
  const request = { id: 'h1', agentId: 'a1', reason: 'stuck', state: 'open', raisedAt: T0 };
  // fw-help-request tells the agent nobody sees the hand on a truthy flag: 'no' would say so too.
  adapter.emit(ev('help-request', { request: { ...request, unseen: 'yes' } }), ev('help-request', { request: { ...request, unseen: 'no' } }), ev('help-request', { request: { ...request, unseen: 1 } }));
  adapter.emit(ev('snapshot', { scope: { kind: 'all' }, helpRequests: [{ ...request, id: 'h2', unseen: 'yes' }] }));
  await settle();
  assert.deepEqual(errors.map((e) => e.code), [ErrorCode.MalformedEvent, ErrorCode.MalformedEvent, ErrorCode.MalformedEvent, ErrorCode.MalformedEvent]);
  assert.match(errors[0]!.message, /event\.request\.unseen must be a boolean/);
  assert.deepEqual(client.getHelpRequests(), [], 'the store is untouched');
  adapter.emit(ev('help-request', { request: { ...request, unseen: true } }));
  await settle();
  assert.equal(errors.length, 4, 'a boolean passes');
  assert.deepEqual(client.getHelpRequests().map((r) => [r.id, r.unseen]), [['h1', true]]);
});

test("a monitoring session's supervisorKnown and outlivesCall are checked as its other fields are: anything but a boolean is reported and leaves the store as it was", async () => {
  const { adapter, client, errors } = await live(supervisor);
  const session = { id: 'm1', mode: 'listen', supervisorId: 'sup-1', agentId: 'a1', interactionId: 'i1', startedAt: T0 };
  adapter.emit(ev('monitoring', { session }));
  await settle();
  const held = client.getMonitoringSessions();
  assert.deepEqual(held.map((s) => s.id), ['m1']);
  const later = (body: Record<string, unknown>): FloorwalkEvent => ({ ...ev('monitoring', { session: { ...session, ...body } }), at: T0 + 1 }) as FloorwalkEvent;
  // fw-team-board lists a truthy outlivesCall with its Stop, and only false hides a supervisor's
  // id: 'no' would do the one, and show a stand-in's id as a name for the other.
  adapter.emit(later({ outlivesCall: 'no' }), later({ outlivesCall: 1 }), later({ supervisorKnown: 'no', supervisorId: 'unknown' }), later({ supervisorKnown: null }));
  adapter.emit(ev('snapshot', { scope: { kind: 'all' }, monitoring: [{ ...session, id: 'm2', outlivesCall: 'yes' }] }));
  await settle();
  assert.deepEqual(errors.map((e) => e.code), Array(5).fill(ErrorCode.MalformedEvent));
  assert.match(errors[0]!.message, /event\.session\.outlivesCall must be a boolean/);
  assert.match(errors[2]!.message, /event\.session\.supervisorKnown must be a boolean/);
  assert.match(errors[4]!.message, /event\.monitoring\[0\]\.outlivesCall must be a boolean/);
  assert.deepEqual(client.getMonitoringSessions(), held, 'the store is untouched');
  adapter.emit(later({ outlivesCall: true }), ev('monitoring', { session: { ...session, id: 'm3', supervisorId: 'unknown', supervisorKnown: false } }));
  await settle();
  assert.equal(errors.length, 5, 'booleans pass');
  assert.deepEqual(client.getMonitoringSessions().map((s) => [s.id, s.outlivesCall, s.supervisorKnown]), [['m1', true, undefined], ['m3', undefined, false]]);
});

test('delivery only moves forward, and a read marker that arrives first still applies', async () => {
  const { adapter, client } = await live(supervisor);
  const dm = 'dm:a1:sup-1';
  const message = { id: 'm1', conversationId: dm, authorId: 'sup-1', body: 'hi', sentAt: T0 + 10, delivery: 'sent' as const };
  adapter.emit(ev('chat-read', { conversationId: dm, userId: 'a1', upTo: T0 + 10 }));
  adapter.emit({ type: 'chat-message', id: nextId(), at: T0 + 10, source: 'fake', message });
  await settle();
  assert.equal(client.getMessages(dm)[0]?.delivery, 'read', 'the earlier marker covers the later-arriving message');
  adapter.emit({ type: 'chat-message', id: nextId(), at: T0 + 20, source: 'fake', message: { ...message, delivery: 'delivered' } });
  await settle();
  assert.equal(client.getMessages(dm)[0]?.delivery, 'read', 'a late delivered never undoes read');
});

test("the agent's client drops private notes and audit entries about others, whatever the platform sends", async () => {
  const { adapter, client } = await live(agentA1);
  const audits: string[] = [];
  client.on('audit', (e) => audits.push(e.id));
  adapter.emit(
    ev('coaching-note', { note: { id: 'n1', agentId: 'a1', authorId: 'sup-1', body: 'Visible', createdAt: T0 } }),
    ev('coaching-note', { note: { id: 'n2', agentId: 'a1', authorId: 'sup-1', body: 'Private', createdAt: T0, private: true } }),
    ev('audit', { entry: { id: 'p1', at: T0, actor: 'sup-1', action: 'monitoring.start', outcome: 'succeeded', target: { sessionId: 'm' }, subject: 'a1' } }),
    ev('audit', { entry: { id: 'p2', at: T0, actor: 'sup-1', action: 'monitoring.start', outcome: 'succeeded', target: { sessionId: 'n' }, subject: 'a2' } }),
  );
  adapter.emit(ev('audit', { entry: { id: 'p1', at: T0, actor: 'sup-1', action: 'monitoring.start', outcome: 'succeeded', target: { sessionId: 'm' }, subject: 'a1' } }));
  await settle();
  assert.deepEqual(client.getCoachingNotes().map((n) => n.id), ['n1']);
  assert.deepEqual(client.getAuditLog().map((e) => e.id), ['p1'], 'about them, once');
  assert.deepEqual(audits, ['p1']);
});

test('the supervisor client renews its own active sessions directly while live, and stops when they end', async () => {
  const { adapter, client, clock } = await live(supervisor, { monitoringLeaseMs: 9_000 });
  adapter.emit(ev('monitoring', { session: { id: 'm1', mode: 'listen', supervisorId: 'sup-1', agentId: 'a1', interactionId: 'i1', startedAt: T0, leaseExpiresAt: T0 + 9_000 } }));
  adapter.emit(ev('monitoring', { session: { id: 'm2', mode: 'listen', supervisorId: 'sup-2', agentId: 'a2', interactionId: 'i9', startedAt: T0 } }));
  await settle();
  clock.advance(9_000);
  await settle();
  const renewals = () => adapter.executed.filter((c) => c.type === 'renew-monitoring');
  assert.deepEqual(renewals().map((c) => (c as { sessionId: string }).sessionId), ['m1', 'm1', 'm1'], 'every 3 s, only its own session');
  assert.equal(client.getPendingIntents().length, 0, 'renewals are never intents');
  adapter.emit({ type: 'monitoring', id: nextId(), at: T0 + 9_500, source: 'fake', session: { id: 'm1', mode: 'listen', supervisorId: 'sup-1', agentId: 'a1', interactionId: 'i1', startedAt: T0, endedAt: T0 + 9_500, endReason: 'stopped' } });
  await settle();
  clock.advance(30_000);
  await settle();
  assert.equal(renewals().length, 3, 'nothing to renew once it ended');
  // A started command carries the lease the platform should apply.
  await client.startMonitoring('a1', 'i1', 'whisper');
  assert.equal((adapter.executed.at(-1) as { leaseMs?: number }).leaseMs, 9_000);
});

test("the recipient's client sends receipts for 1:1 messages it receives, not for its own or team messages", async () => {
  const { adapter } = await live(agentA1);
  adapter.emit(
    ev('chat-message', { message: { id: 'x1', conversationId: 'dm:a1:sup-1', authorId: 'sup-1', body: 'hi', sentAt: T0, delivery: 'sent' } }),
    ev('chat-message', { message: { id: 'x2', conversationId: 'dm:a1:sup-1', authorId: 'a1', body: 'mine', sentAt: T0, delivery: 'sent' } }),
    ev('chat-message', { message: { id: 'x3', conversationId: 'team:t1', authorId: 'a2', body: 'all', sentAt: T0, delivery: 'sent' } }),
  );
  await settle();
  const receipts = adapter.executed.filter((c) => c.type === 'mark-delivered');
  assert.deepEqual(receipts.map((c) => [(c as { conversationId: string }).conversationId, (c as { messageIds: readonly string[] }).messageIds]), [['dm:a1:sup-1', ['x1']]]);
});

test('activity buckets reach only sessions that may read them, with the signal on in their own policy', async () => {
  const withActivity = { id: 'a1', name: 'A', teamIds: ['t1'], queueIds: ['q1'], presence: { state: 'available', since: T0 }, activity: { bucket: 'idle', since: T0 } };
  const on = await live(supervisor, { activitySignal: { enabled: true } });
  const off = await live(supervisor);
  const qa = await live({ userId: 'qa-1', role: 'qa', teamIds: ['t1'] }, { activitySignal: { enabled: true } });
  for (const { adapter } of [on, off, qa]) {
    adapter.emit(ev('agent', { agent: withActivity }));
    adapter.emit(ev('activity', { agentId: 'a1', activity: { bucket: 'away', since: T0 + 1 } }));
  }
  await settle();
  assert.equal(on.client.getAgent('a1')?.activity?.bucket, 'away');
  assert.equal(off.client.getAgent('a1')?.activity, undefined, 'signal off in this tenant policy: no bucket held');
  assert.equal(qa.client.getAgent('a1')?.activity, undefined, 'no activity:read:team: no bucket held');
});

test('a session that lapsed while the agent was away is told on resync, with its reason', async () => {
  const { adapter, client } = await live(agentA1);
  const notices: { kind: string; reason?: string }[] = [];
  client.on('monitoring', (n) => notices.push({ kind: n.kind, ...('reason' in n && n.reason !== undefined ? { reason: n.reason } : {}) }));
  const session = { id: 'm1', mode: 'listen' as const, supervisorId: 'sup-1', agentId: 'a1', interactionId: 'i1', startedAt: T0 };
  adapter.emit(ev('monitoring', { session }));
  await settle();
  adapter.sink?.status('reconnecting');
  adapter.snapshotEvent = { ...adapter.snapshotEvent, at: T0 + 60_000, monitoring: [{ ...session, endedAt: T0 + 30_000, endReason: 'lease-expired' }] };
  adapter.sink?.status('live');
  await settle();
  await settle();
  assert.deepEqual(notices, [{ kind: 'started' }, { kind: 'ended', reason: 'lease-expired' }]);
  assert.equal(client.getMonitoringHistory()[0]?.endReason, 'lease-expired');
});

test('an agent may answer whoever wrote to them, but not open a chat with someone outside their teams', async () => {
  const { adapter, client } = await live(agentA1);
  // A site manager over every team is no team's listed supervisor, so not the agent's colleague.
  const dm = 'dm:a1:site-manager';
  await assert.rejects(client.sendMessage(dm, 'hello?'), (e: FloorwalkError) => e.code === ErrorCode.Forbidden);
  assert.equal(adapter.executed.length, 0, 'the refused message never left');
  adapter.emit(ev('chat-message', { message: { id: 'm1', conversationId: dm, authorId: 'site-manager', body: 'Can you take a call?', sentAt: T0, delivery: 'sent' } }));
  await settle();
  await client.sendMessage(dm, 'Yes, on it');
  assert.equal(adapter.executed.filter((c) => c.type === 'send-message').length, 1, 'the reply went out');
});

test('a renewal arms the next one from a task of its own, once, and not after the client went down', async () => {
  const { LeaseRenewer } = await import('../src/collaboration/leases.js');
  const { Store } = await import('../src/store/store.js');
  const store = new Store();
  const session = { id: 'm1', mode: 'listen' as const, supervisorId: 'sup-1', agentId: 'a1', interactionId: 'i1', startedAt: T0 };
  store.monitoring.set('m1', session);
  const clock = createManualClock(T0);
  const renewed: number[] = [];
  const tasks: (() => void)[] = [];
  const withTasks = { now: clock.now, setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout, inOwnTask: (run: () => void) => void tasks.push(run) };
  const renewer = new LeaseRenewer(store, 'sup-1', 9_000, withTasks, () => renewed.push(clock.now()), () => true);
  renewer.sync(true);
  clock.advance(3_000);
  assert.deepEqual(renewed, [T0 + 3_000]);
  assert.equal(tasks.length, 1, 'the next renewal waits for its own task');
  // Store changes in between must not arm a second chain beside the one on its way.
  renewer.sync(true);
  renewer.setLeaseMs(6_000);
  clock.advance(9_000);
  assert.deepEqual(renewed, [T0 + 3_000], 'nothing renews until that task runs');
  tasks.shift()?.();
  clock.advance(2_000);
  assert.deepEqual(renewed, [T0 + 3_000, T0 + 14_000], 'one chain, at the new lease (every 2 s)');
  // Down while the task is on its way: it arms nothing.
  renewer.sync(false);
  tasks.shift()?.();
  clock.advance(60_000);
  assert.equal(renewed.length, 2);
  assert.equal(tasks.length, 0);
});

test('a screen view of the supervisor’s own is never renewed: the platform reports it, no lease is opened on it, and policy refuses it', async () => {
  const { LeaseRenewer } = await import('../src/collaboration/leases.js');
  const { Store } = await import('../src/store/store.js');
  const store = new Store();
  // Genesys' agent-level screen monitoring by this supervisor, started in Genesys' own tools.
  store.monitoring.set('v1', { id: 'v1', mode: 'screen', supervisorId: 'sup-1', agentId: 'a1', startedAt: T0 });
  const clock = createManualClock(T0);
  const renewed: string[] = [];
  const renewer = new LeaseRenewer(store, 'sup-1', 9_000, clock, (id) => renewed.push(id), () => true);
  renewer.sync(true);
  assert.equal(clock.pendingTimers, 0, 'nothing to renew: no timer');
  clock.advance(30_000);
  store.monitoring.set('m1', { id: 'm1', mode: 'listen', supervisorId: 'sup-1', agentId: 'a1', interactionId: 'i1', startedAt: T0 + 30_000 });
  renewer.sync(true);
  clock.advance(6_000);
  assert.deepEqual(renewed, ['m1', 'm1'], 'the session it joined, not the screen view beside it');
});

test("a resync keeps the agent's monitoring history: a snapshot lists live sessions only, and one it leaves out ended", async () => {
  const { adapter, client } = await live(agentA1);
  const notices: string[] = [];
  client.on('monitoring', (n) => notices.push('session' in n ? `${n.kind} ${n.session.id}` : n.kind));
  const earlier = { id: 'm1', mode: 'whisper' as const, supervisorId: 'sup-1', agentId: 'a1', interactionId: 'i1', startedAt: T0 };
  const running = { id: 'm2', mode: 'listen' as const, supervisorId: 'sup-2', agentId: 'a1', interactionId: 'i2', startedAt: T0 + 10_000 };
  adapter.emit(ev('monitoring', { session: earlier }));
  adapter.emit({ type: 'monitoring', id: nextId(), at: T0 + 5_000, source: 'fake', session: { ...earlier, endedAt: T0 + 5_000, endReason: 'stopped' } });
  adapter.emit({ type: 'monitoring', id: nextId(), at: T0 + 10_000, source: 'fake', session: running });
  await settle();
  adapter.sink?.status('reconnecting');
  // As the vendor adapters build it: the sessions live now, none of them.
  adapter.snapshotEvent = { ...adapter.snapshotEvent, id: nextId(), at: T0 + 60_000, monitoring: [] };
  adapter.sink?.status('live');
  await settle();
  await settle();
  assert.deepEqual(notices, ['started m1', 'ended m1', 'started m2', 'ended m2']);
  assert.deepEqual(
    client.getMonitoringHistory().map((s) => [s.id, s.supervisorId, s.startedAt, s.endedAt, s.endReason]),
    [
      ['m2', 'sup-2', T0 + 10_000, T0 + 60_000, undefined],
      ['m1', 'sup-1', T0, T0 + 5_000, 'stopped'],
    ],
    'who monitored them, and when, is still there; the one that ended while away, as of the snapshot',
  );
  assert.equal(client.getMonitoringSessions({ active: true }).length, 0);
});

test('a resync while monitoring notices are off neither ends nor tells the end of a session the policy hides from the agent', async () => {
  const { adapter, client } = await live(agentA1);
  const notices: string[] = [];
  client.on('monitoring', (n) => notices.push('session' in n ? `${n.kind} ${n.session.id}` : n.kind));
  const running = { id: 'm1', mode: 'listen' as const, supervisorId: 'sup-1', agentId: 'a1', interactionId: 'i1', startedAt: T0 };
  adapter.emit(ev('monitoring', { session: running }));
  adapter.emit({ type: 'policy', id: nextId(), at: T0 + 1_000, source: 'fake', changes: { monitoringNotice: false }, changedBy: 'admin-1' } as never);
  await settle();
  assert.equal(client.getPolicy().monitoringNotice, false);
  adapter.sink?.status('reconnecting');
  // The platform still lists the session: it runs. The policy keeps it from this agent's client.
  adapter.snapshotEvent = { ...adapter.snapshotEvent, id: nextId(), at: T0 + 60_000, monitoring: [running] };
  adapter.sink?.status('live');
  await settle();
  await settle();
  assert.deepEqual(notices, ['started m1'], 'never told it ended: it did not');
  assert.deepEqual(
    client.getMonitoringHistory().map((s) => [s.id, s.endedAt]),
    [['m1', undefined]],
    'no end made up for the history',
  );
});

test('a notice learnt from a snapshot says so: a session first seen there has been running, it did not start now', async () => {
  const { adapter, client } = await live(agentA1);
  const notices: string[] = [];
  client.on('monitoring', (n) => notices.push('session' in n ? `${n.kind} ${n.session.id}${n.fromSnapshot === true ? ' from snapshot' : ''}` : n.kind));
  const seen = { id: 'm1', mode: 'listen' as const, supervisorId: 'sup-1', agentId: 'a1', interactionId: 'i1', startedAt: T0 };
  adapter.emit(ev('monitoring', { session: seen }));
  await settle();
  adapter.sink?.status('reconnecting');
  // While away m1 ended, and sup-2 began listening at 10:02 and still is.
  const since = { id: 'm2', mode: 'whisper' as const, supervisorId: 'sup-2', agentId: 'a1', interactionId: 'i1', startedAt: T0 + 120_000 };
  adapter.snapshotEvent = { ...adapter.snapshotEvent, id: nextId(), at: T0 + 600_000, monitoring: [since] };
  adapter.sink?.status('live');
  await settle();
  await settle();
  assert.deepEqual(notices, ['started m1', 'ended m1 from snapshot', 'started m2 from snapshot']);

  // A page loaded while sup-2 listens: its client's first snapshot is all it knows.
  const reloaded = fakeAdapter();
  reloaded.snapshotEvent = { ...adapter.snapshotEvent, id: nextId() };
  const fresh = createFloorwalk({ adapter: reloaded, session: agentA1, clock: createManualClock(T0 + 700_000) });
  const first: string[] = [];
  fresh.on('monitoring', (n) => first.push('session' in n ? `${n.kind} ${n.session.id}${n.fromSnapshot === true ? ' from snapshot' : ''}` : n.kind));
  await fresh.connect();
  await settle();
  assert.deepEqual(first, ['started m2 from snapshot']);
  await fresh.disconnect();
});
