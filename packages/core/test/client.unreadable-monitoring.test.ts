// Fail open (docs/privacy.md): a `monitoring` event about the session's own agent that cannot be
// read still tells the agent they may be monitored, and the client asks the platform for the truth.
//
//   node --experimental-websocket --import tsx --test packages/core/test/client.unreadable-monitoring.test.ts
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, ErrorCode, type FloorwalkError, type FloorwalkEvent, type MonitoringNotice, type MonitoringSession, type PolicyOptions, type Session } from '@floorwalk/core';
import { centreSnapshot, fakeAdapter, nextId, settle, T0, type FakeAdapter } from './fixtures.js';

const AGENT: Session = { userId: 'a1', role: 'agent', teamIds: ['t1'] };
const SUPERVISOR: Session = { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] };

/** A session on a1 as a platform sends it; `odd` makes it unreadable. */
function session(odd: Record<string, unknown> = {}, id = 'm1'): MonitoringSession {
  return { id, supervisorId: 'sup-1', agentId: 'a1', interactionId: 'i1', mode: 'listen', startedAt: T0 + 10, ...odd } as MonitoringSession;
}

function monitoringEvent(s: unknown, id = nextId()): FloorwalkEvent {
  return { type: 'monitoring', id, at: T0 + 10, source: 'fake', session: s } as FloorwalkEvent;
}

/** What the notices said, as text: `unreadable m1`, `resolved m1`, `started m1`. */
function told(n: MonitoringNotice): string {
  return n.kind === 'unreadable' ? `${n.resolved ? 'resolved' : 'unreadable'} ${n.report.sessionId ?? '-'}` : `${n.kind} ${n.session.id}`;
}

/** A client connected, its first snapshot applied; what follows from it (a resync asked) not yet run. */
async function opened(session: Session = AGENT, fake: FakeAdapter = fakeAdapter(), policy?: PolicyOptions) {
  const client = createFloorwalk({ adapter: fake, session, ...(policy && { policy }) });
  const notices: MonitoringNotice[] = [];
  const errors: FloorwalkError[] = [];
  client.on('monitoring', (n) => notices.push(n));
  client.on('error', (e) => errors.push(e));
  await client.connect();
  return { client, fake, notices, errors };
}

async function live(session: Session = AGENT, fake: FakeAdapter = fakeAdapter(), policy?: PolicyOptions) {
  const opening = await opened(session, fake, policy);
  await settle();
  return opening;
}

test("the agent's own monitoring event that cannot be read: the error as before, a notice that they may be monitored, and a snapshot asked for", async () => {
  const { client, fake, notices, errors } = await live();
  const asked = fake.snapshots;
  // The snapshot the resync gets still lists the session, readable: the platform's word.
  fake.snapshotGate = new Promise(() => {});
  fake.emit(monitoringEvent(session({ mode: 'telepathy', supervisorId: 'sup-9' }), 'bad-1'));
  await settle();
  assert.deepEqual(
    errors.map((e) => [e.code, e.details]),
    [[ErrorCode.MalformedEvent, { eventId: 'bad-1', problem: 'event.session.mode must be listen, whisper, barge or screen' }]],
    'reported as before: same code, same details',
  );
  assert.deepEqual(notices.map(told), ['unreadable m1']);
  const report = (notices[0] as MonitoringNotice & { kind: 'unreadable' }).report;
  // Only the ids are read, and only as strings; the time is this client's.
  assert.deepEqual(report, { sessionId: 'm1', supervisorId: 'sup-9', receivedAt: report.receivedAt });
  assert.ok(Math.abs(report.receivedAt - Date.now()) < 5000);
  assert.deepEqual(client.getUnreadableMonitoring(), [report]);
  assert.equal(client.getMonitoringSessions().length, 0, 'nothing unread enters the store');
  assert.equal(fake.snapshots, asked + 1, 'the client asked the platform for the truth');
});

test('a snapshot asked after the report that shows no such session resolves it', async () => {
  const { client, fake, notices } = await live();
  fake.emit(monitoringEvent(session({ startedAt: undefined })));
  await settle();
  await settle();
  assert.deepEqual(notices.map(told), ['unreadable m1', 'resolved m1']);
  assert.deepEqual(client.getUnreadableMonitoring(), []);
  assert.equal(client.getMonitoringSessions().length, 0);
});

test('a snapshot that shows the session running turns the report into the session, told as running', async () => {
  const { client, fake, notices } = await live();
  fake.snapshotEvent = { ...centreSnapshot(T0 + 60_000), monitoring: [session({ mode: 'whisper' })] };
  fake.emit(monitoringEvent(session({ mode: 'whisper', outlivesCall: 'yes' })));
  await settle();
  await settle();
  assert.deepEqual(notices.map(told), ['unreadable m1', 'resolved m1', 'started m1']);
  assert.equal((notices[2] as MonitoringNotice & { kind: 'started' }).fromSnapshot, true);
  assert.deepEqual(client.getUnreadableMonitoring(), []);
  assert.deepEqual(client.getMonitoringSessions({ active: true }).map((s) => [s.id, s.mode]), [['m1', 'whisper']]);
});

test('a later readable event of the same session supersedes the report', async () => {
  const { client, fake, notices } = await live();
  // The snapshot asked for is slow: the platform's next event comes first.
  let answer!: () => void;
  fake.snapshotGate = new Promise<void>((resolve) => (answer = resolve));
  fake.emit(monitoringEvent(session({ mode: 42 })));
  await settle();
  fake.emit(monitoringEvent(session({ mode: 'barge' })));
  await settle();
  assert.deepEqual(notices.map(told), ['unreadable m1', 'resolved m1', 'started m1']);
  assert.deepEqual(client.getUnreadableMonitoring(), []);
  assert.deepEqual(client.getMonitoringSessions({ active: true }).map((s) => s.mode), ['barge']);
  // The snapshot then lands, still listing it: nothing more to tell.
  fake.snapshotEvent = { ...centreSnapshot(T0 + 60_000), monitoring: [session({ mode: 'barge' })] };
  answer();
  await settle();
  assert.deepEqual(notices.map(told), ['unreadable m1', 'resolved m1', 'started m1']);
});

test("another agent's monitoring event that cannot be read is dropped as before: no notice, no placeholder, no resync", async () => {
  for (const [who, s] of [
    ['a supervisor', SUPERVISOR],
    ['another agent', { userId: 'a2', role: 'agent', teamIds: ['t1'] }],
  ] as const) {
    const { client, fake, notices, errors } = await live(s);
    const asked = fake.snapshots;
    fake.emit(monitoringEvent(session({ mode: 'telepathy' })), monitoringEvent(session({ agentId: 'b1', startedAt: 'soon' })));
    await settle();
    assert.deepEqual(errors.map((e) => e.code), [ErrorCode.MalformedEvent, ErrorCode.MalformedEvent], who);
    assert.deepEqual(notices, [], who);
    assert.deepEqual(client.getUnreadableMonitoring(), [], who);
    assert.equal(fake.snapshots, asked, who);
  }
});

test('a malformed monitoring event whose session is no object, or names no agent as a string, is an error only and never throws', async () => {
  const { client, fake, notices, errors } = await live();
  const asked = fake.snapshots;
  const hostile = {
    get agentId(): string {
      throw new Error('no');
    },
  };
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const sessions: unknown[] = [undefined, null, 'a1', 42, ['a1'], { ...session(), agentId: 42 }, { ...session(), agentId: ['a1'] }, { ...session(), agentId: '' }, { ...session(), agentId: { toString: () => 'a1' } }, hostile, revoked.proxy];
  fake.emit(...sessions.map((s) => monitoringEvent(s)));
  // An event that is no object at all.
  fake.emit(null as unknown as FloorwalkEvent, 'monitoring' as unknown as FloorwalkEvent);
  await settle();
  assert.equal(errors.length, sessions.length + 2);
  assert.ok(errors.every((e) => e.code === ErrorCode.MalformedEvent));
  assert.deepEqual(notices, []);
  assert.deepEqual(client.getUnreadableMonitoring(), []);
  assert.equal(fake.snapshots, asked);
});

test('a resync that fails, or a snapshot that cannot be read, leaves the agent told; one resync per session id', async () => {
  const fake = fakeAdapter();
  const { client, notices, errors } = await live(AGENT, fake);
  const asked = fake.snapshots;
  // The platform's snapshot carries the session unreadable too: dropped whole, as before.
  fake.snapshotEvent = { ...centreSnapshot(T0 + 60_000), monitoring: [session({ mode: 'telepathy' })] };
  fake.emit(monitoringEvent(session({ mode: 'telepathy' })));
  await settle();
  await settle();
  assert.equal(fake.snapshots, asked + 1);
  assert.deepEqual(errors.map((e) => e.details?.problem), ['event.session.mode must be listen, whisper, barge or screen', 'event.monitoring[0].mode must be listen, whisper, barge or screen']);
  assert.deepEqual(notices.map(told), ['unreadable m1'], 'still told: never silently cleared');
  assert.equal(client.getUnreadableMonitoring().length, 1);
  // The platform keeps sending it: no second notice, and no second resync for the same id.
  fake.emit(monitoringEvent(session({ mode: 'telepathy' })), monitoringEvent(session({ mode: 'telepathy' })));
  await settle();
  await settle();
  assert.equal(fake.snapshots, asked + 1, 'one resync per unreadable session id');
  assert.deepEqual(notices.map(told), ['unreadable m1']);
  // Another session unread, and the snapshot fails: asked once for it, and both stay.
  fake.snapshotFailure = new Error('vendor down');
  fake.emit(monitoringEvent(session({ mode: 'telepathy' }, 'm2')));
  await settle();
  await settle();
  assert.equal(fake.snapshots, asked + 2);
  assert.deepEqual(notices.map(told), ['unreadable m1', 'unreadable m2']);
  assert.deepEqual(client.getUnreadableMonitoring().map((r) => r.sessionId), ['m1', 'm2']);
  await client.disconnect();
  assert.equal(client.getUnreadableMonitoring().length, 2, 'disconnect clears nothing');
});

test('a report resolved and sent unreadable again is told again, without another resync', async () => {
  const { client, fake, notices } = await live();
  const asked = fake.snapshots;
  fake.emit(monitoringEvent(session({ mode: 'telepathy' })));
  await settle();
  await settle();
  assert.deepEqual(notices.map(told), ['unreadable m1', 'resolved m1']);
  fake.emit(monitoringEvent(session({ mode: 'telepathy' })));
  await settle();
  await settle();
  assert.deepEqual(notices.map(told), ['unreadable m1', 'resolved m1', 'unreadable m1']);
  assert.equal(client.getUnreadableMonitoring().length, 1);
  assert.equal(fake.snapshots, asked + 1, 'no loop');
});

test('a report without a session id, or whose supervisor is no string, keeps only what could be read', async () => {
  const { client, fake, notices } = await live();
  fake.snapshotGate = new Promise(() => {});
  fake.emit(monitoringEvent({ agentId: 'a1', id: 7, supervisorId: { name: 'x' }, mode: 'listen' }));
  await settle();
  assert.deepEqual(notices.map(told), ['unreadable -']);
  const [report] = client.getUnreadableMonitoring();
  assert.deepEqual(Object.keys(report ?? {}), ['receivedAt']);
});

test('a snapshot asked before the report came does not resolve it: the client asks again once live', async () => {
  const fake = fakeAdapter();
  const client = createFloorwalk({ adapter: fake, session: AGENT });
  const notices: MonitoringNotice[] = [];
  client.on('monitoring', (n) => notices.push(n));
  let answer!: () => void;
  fake.snapshotGate = new Promise<void>((resolve) => (answer = resolve));
  const connected = client.connect();
  await settle();
  assert.equal(fake.snapshots, 1, 'the first snapshot is out');
  // The report comes while that snapshot is out: it may not know of the session.
  fake.emit(monitoringEvent(session({ mode: 'telepathy' })));
  fake.snapshotGate = undefined;
  answer();
  await connected;
  await settle();
  assert.equal(fake.snapshots, 2, 'asked again once live');
  assert.deepEqual(notices.map(told), ['unreadable m1', 'resolved m1'], 'resolved by the second, not the first');
});

test('while the tenant keeps monitoring notices off, an unreadable report is an error only, as the readable ones are not told', async () => {
  const { client, fake, notices, errors } = await live(AGENT, fakeAdapter(), { monitoringNotice: false });
  const asked = fake.snapshots;
  fake.emit(monitoringEvent(session({ mode: 'telepathy' })));
  await settle();
  assert.deepEqual(errors.map((e) => e.code), [ErrorCode.MalformedEvent]);
  assert.deepEqual(notices, []);
  assert.deepEqual(client.getUnreadableMonitoring(), []);
  assert.equal(fake.snapshots, asked);
});

test("a snapshot that cannot be read tells the agent of each of their sessions in it, readable or not, and of no one else's", async () => {
  const fake = fakeAdapter();
  const base = centreSnapshot(T0 + 60_000);
  // The page's first snapshot: one agent record the client cannot read drops it whole, and with
  // it a readable session on a1 that nothing else would tell of; b1's session is not a1's to hear.
  fake.snapshotEvent = {
    ...base,
    agents: [...(base.agents ?? []), { id: 'x9' } as never],
    monitoring: [session({ mode: 'whisper' }), session({ mode: 'telepathy' }, 'm2'), session({ agentId: 'b1' }, 'm3')],
  };
  const { client, notices, errors } = await opened(AGENT, fake);
  assert.deepEqual(errors.map((e) => e.code), [ErrorCode.MalformedEvent]);
  assert.deepEqual(notices.map(told), ['unreadable m1', 'unreadable m2']);
  assert.deepEqual(client.getUnreadableMonitoring().map((r) => r.sessionId), ['m1', 'm2']);
  // The snapshot the client then asks for is readable: m1 running, m2 gone.
  fake.snapshotEvent = { ...base, monitoring: [session({ mode: 'whisper' })] };
  await settle();
  await settle();
  assert.deepEqual(notices.map(told), ['unreadable m1', 'unreadable m2', 'resolved m1', 'resolved m2', 'started m1']);
  assert.deepEqual(client.getUnreadableMonitoring(), []);
  assert.deepEqual(client.getMonitoringSessions({ active: true }).map((s) => s.id), ['m1']);
});

test('a platform that keeps sending fresh unreadable ids: resolved ids are forgotten oldest first, so the memory of them is bounded, and the client never asks in a loop', async () => {
  // The client keeps the newest 256 resolved ids (ASKED_KEPT in client.ts).
  const KEPT = 256;
  const { client, fake } = await live();
  const start = fake.snapshots;
  // Each fresh id is told, asked for once and resolved by the snapshot that does not list it.
  for (let i = 0; i <= KEPT; i++) {
    fake.emit(monitoringEvent(session({ mode: 'telepathy' }, `fresh-${i}`)));
    await settle();
    await settle();
  }
  assert.equal(fake.snapshots, start + KEPT + 1, 'one resync per fresh id, no more');
  assert.deepEqual(client.getUnreadableMonitoring(), []);
  // The newest resolved id is still remembered: sent again, no resync.
  fake.emit(monitoringEvent(session({ mode: 'telepathy' }, `fresh-${KEPT}`)));
  await settle();
  await settle();
  assert.equal(fake.snapshots, start + KEPT + 1, 'a recent id is not asked for again');
  // The oldest was forgotten: were it still held, the set would grow with every fresh id.
  fake.emit(monitoringEvent(session({ mode: 'telepathy' }, 'fresh-0')));
  await settle();
  await settle();
  assert.equal(fake.snapshots, start + KEPT + 2, 'the oldest resolved id was forgotten, so it is asked for once');
  assert.deepEqual(client.getUnreadableMonitoring(), []);
  // Quiet afterwards: no resync runs on by itself.
  await settle();
  await settle();
  assert.equal(fake.snapshots, start + KEPT + 2, 'no loop');
});

test('unread ids beyond the bound are never forgotten while unread: no resync on every batch', async () => {
  const KEPT = 256;
  const { client, fake } = await live();
  const start = fake.snapshots;
  // Every snapshot carries one of them unreadable, so it is dropped whole: nothing resolves.
  fake.snapshotEvent = { ...centreSnapshot(T0 + 60_000), monitoring: [session({ mode: 'telepathy' }, 'held-0')] };
  for (let i = 0; i < KEPT + 10; i++) fake.emit(monitoringEvent(session({ mode: 'telepathy' }, `held-${i}`)));
  await settle();
  await settle();
  const after = fake.snapshots;
  assert.equal(client.getUnreadableMonitoring().length, KEPT + 10);
  assert.ok(after - start <= 2, `the fresh ids of one batch share a resync or two, not one each: ${after - start}`);
  // The platform sends them again, batch after batch: nothing already asked for is asked again.
  for (let i = 0; i < 5; i++) {
    fake.emit(monitoringEvent(session({ mode: 'telepathy' }, `held-${i}`)));
    await settle();
    await settle();
  }
  assert.equal(fake.snapshots, after, 'no unread id is asked for a second time');
  assert.ok(after > start, 'the first batch did ask');
});
