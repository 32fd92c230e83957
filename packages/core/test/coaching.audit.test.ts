// Coaching must support, not surveil: what a coach keeps private never reaches the person it is
// about, by any path, and what is scheduled can happen.
//
//   node --experimental-websocket --import tsx --test packages/core/test/coaching.audit.test.ts
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, ErrorCode, type FloorwalkEvent, type Session } from '@floorwalk/core';
import { createManualClock } from '@floorwalk/core/testing';
import { ALL_CAPABILITIES, fakeAdapter, nextId, settle, T0 } from './fixtures.js';

const HOUR = 3_600_000;

async function live(session: Session, policy = {}) {
  const adapter = fakeAdapter();
  const clock = createManualClock(T0);
  const client = createFloorwalk({ adapter, session, clock, policy });
  await client.connect();
  await settle();
  return { adapter, client, clock };
}

const ev = <T extends FloorwalkEvent['type']>(type: T, body: Record<string, unknown>): FloorwalkEvent =>
  ({ type, id: nextId(), at: T0, source: 'fake', ...body }) as unknown as FloorwalkEvent;

const note = (id: string, agentId: string, extra: Record<string, unknown> = {}): FloorwalkEvent =>
  ev('coaching-note', { note: { id, agentId, authorId: 'sup-9', body: `note ${id}`, createdAt: T0, ...extra } });

// A team lead: a supervisor of t1 who is also one of its agents (a2 in the fixtures' centre), as
// when a senior agent leads their own team. Hosts name the agent record, or leave it to the user id.
for (const [how, session] of [
  ['agentId set', { userId: 'lead-a2', role: 'supervisor', agentId: 'a2', teamIds: ['t1'] }],
  ['user id is the agent id', { userId: 'a2', role: 'supervisor', teamIds: ['t1'] }],
] as const) {
  test(`a private note about a team lead never reaches the lead's own client (${how})`, async () => {
    const { adapter, client } = await live(session, { privateCoachingNotes: true });
    adapter.emit(note('about-lead', 'a2'), note('private-about-lead', 'a2', { private: true }), note('private-about-a1', 'a1', { private: true }));
    await settle();
    assert.deepEqual(
      client.getCoachingNotes().map((n) => n.id).sort(),
      ['about-lead', 'private-about-a1'],
      'the lead reads what is recorded about them and their team, never what is kept private about them',
    );
  });
}

test('an agent’s counter-proposal whose time has passed cannot be accepted: the check-in could never start', async () => {
  const { adapter, client, clock } = await live({ userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] });
  const checkIn = { id: 'k1', agentId: 'a1', supervisorId: 'sup-1', scheduledFor: T0 + 48 * HOUR, proposedAt: T0, noticeMs: 48 * HOUR, answer: 'pending', phase: 'scheduled' };
  adapter.emit(ev('check-in', { checkIn: { ...checkIn, counterFor: T0 + HOUR, counteredAt: T0 } }));
  await settle();
  // The supervisor answers the next morning: the agent's time and its start window have gone by.
  clock.advance(20 * HOUR);
  await assert.rejects(client.respondToCheckInCounter('k1', true), (err: { code?: number }) => err.code === ErrorCode.OutsideWindow);
  assert.equal(adapter.executed.filter((c) => c.type === 'respond-check-in-counter').length, 0, 'nothing reached the platform');
  // Refusing it (which cancels) is still possible, and a time still ahead may be accepted.
  await client.respondToCheckInCounter('k1', false);
  adapter.emit(ev('check-in', { checkIn: { ...checkIn, id: 'k2', counterFor: T0 + 30 * HOUR, counteredAt: T0 } }));
  await settle();
  await client.respondToCheckInCounter('k2', true);
  assert.equal(adapter.executed.filter((c) => c.type === 'respond-check-in-counter').length, 2);
});

test('the audit trail records each coaching note and session a coach writes, and each refusal', async () => {
  const { client } = await live({ userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] });
  await client.addCoachingNote('a1', 'Lovely hold etiquette');
  await client.scheduleCoachingSession('a1', 'Refund calls', T0 + HOUR, 30 * 60_000);
  // Private notes are off in this tenant: refused, and the refusal recorded.
  await assert.rejects(client.addCoachingNote('a1', 'Between us', undefined, { private: true }), (err: { code?: number }) => err.code === ErrorCode.Forbidden);
  // b1 is in t2, outside this supervisor's teams: not even known to this session.
  await assert.rejects(client.scheduleCoachingSession('b1', 'Outside', T0 + HOUR, 30 * 60_000), (err: { code?: number }) => err.code === ErrorCode.UnknownAgent);
  await settle();
  const entries = client.getAuditLog().map((e) => [e.action, e.outcome, e.target['command'] ?? e.target['agentId'], e.subject]);
  assert.deepEqual(
    entries.filter(([action]) => action !== 'policy.set'),
    [
      ['coaching.note', 'requested', 'a1', 'a1'],
      ['coaching.note', 'succeeded', 'a1', 'a1'],
      ['coaching.schedule', 'requested', 'a1', 'a1'],
      ['coaching.schedule', 'succeeded', 'a1', 'a1'],
      ['command.denied', 'denied', 'add-coaching-note', 'a1'],
      ['command.denied', 'denied', 'schedule-coaching-session', 'b1'],
    ],
  );
});

test('a proposal whose time and window have gone by cannot be accepted by the agent: it could never start', async () => {
  const { adapter, client, clock } = await live({ userId: 'a1', role: 'agent', teamIds: ['t1'] });
  const proposal = { agentId: 'a1', supervisorId: 'sup-1', scheduledFor: T0 + 25 * HOUR, proposedAt: T0, noticeMs: 25 * HOUR, answer: 'pending', phase: 'scheduled' };
  adapter.emit(ev('check-in', { checkIn: { ...proposal, id: 'k1' } }), ev('check-in', { checkIn: { ...proposal, id: 'k2', scheduledFor: T0 + 30 * HOUR } }));
  await settle();
  // The agent was away for a day and a half: the first time has gone by, the second not yet.
  clock.advance(26 * HOUR);
  await assert.rejects(client.answerCheckIn('k1', 'accepted'), (err: { code?: number }) => err.code === ErrorCode.OutsideWindow);
  await client.answerCheckIn('k1', 'declined');
  await client.answerCheckIn('k2', 'accepted');
  assert.deepEqual(adapter.executed.filter((c) => c.type === 'answer-check-in').map((c) => (c as { answer?: string }).answer), ['declined', 'accepted']);
});

test('a cancel that races the start of a check-in: one wins on the shared data, the other is refused, both sides agree', async () => {
  const { createMemoryBackplane, withBackplane } = await import('@floorwalk/core/backplane');
  const backplane = createMemoryBackplane({ broadcast: false });
  const clock = createManualClock(T0);
  const connect = async (session: Session) => {
    // A platform with no check-ins of its own: the backplane carries them.
    const platform = fakeAdapter({ ...ALL_CAPABILITIES, commands: ['set-presence'] });
    const client = createFloorwalk({ adapter: withBackplane(platform, backplane, { clock }), session, clock, policy: { checkInNoticeMs: HOUR } });
    await client.connect();
    return client;
  };
  const sup = await connect({ userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] });
  const agent = await connect({ userId: 'a1', role: 'agent', teamIds: ['t1'] });
  const synced = async (what: (c: typeof sup) => boolean) => {
    for (let i = 0; i < 100 && !(what(sup) && what(agent)); i++) await settle();
  };
  await sup.proposeCheckIn('a1', T0 + 2 * HOUR);
  await synced((c) => c.getCheckIns().length === 1);
  const id = agent.getCheckIns()[0]?.id as string;
  await agent.answerCheckIn(id, 'accepted');
  await synced((c) => c.getCheckIns()[0]?.answer === 'accepted');
  clock.advanceTo(T0 + 2 * HOUR - 60_000);
  // Both press at once: each client still holds the check-in as scheduled.
  const [cancel, start] = await Promise.allSettled([agent.cancelCheckIn(id), sup.startCheckIn(id)]);
  assert.equal([cancel, start].filter((r) => r.status === 'fulfilled').length, 1, 'exactly one wins');
  const lost = [cancel, start].find((r) => r.status === 'rejected') as PromiseRejectedResult;
  assert.equal((lost.reason as { code?: number }).code, ErrorCode.Conflict);
  await synced((c) => (c.getCheckIns()[0]?.phase ?? 'scheduled') !== 'scheduled');
  const phase = sup.getCheckIns()[0]?.phase;
  assert.ok(phase === 'cancelled' || phase === 'starting', `settled: ${phase}`);
  assert.equal(agent.getCheckIns()[0]?.phase, phase, 'both sides hold the same outcome');
});
