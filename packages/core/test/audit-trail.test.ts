// The client's bounded audit log under a flood of one kind of entry: a supervisor's bulk action
// or a host's loop must not push out what came before it.
//
//   node --experimental-websocket --import tsx --test packages/core/test/audit-trail.test.ts
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, type AuditEntry, type FloorwalkEvent } from '@floorwalk/core';
import { createManualClock } from '@floorwalk/core/testing';
import { call, fakeAdapter, nextId, settle, teamSnapshot, T0 } from './fixtures.js';

const line = (e: AuditEntry): string => [e.action, e.outcome, e.target['command'] ?? e.target['mode'] ?? e.target['state'], e.subject].join(' ');

test('a bulk presence change on 500 agents (1,000 entries) pushes out none of the monitoring, denials or policy entries before it; a flood of one refusal none of another', async (t) => {
  const ids = Array.from({ length: 500 }, (_, i) => `a${i}`);
  const fake = fakeAdapter();
  fake.snapshotEvent = teamSnapshot(ids, [call('i1', 'a0', 'connected', { connectedAt: T0 })]);
  const sup = createFloorwalk({ adapter: fake, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] }, policy: { privateCoachingNotes: true } });
  t.after(() => sup.disconnect());
  const told: AuditEntry[] = [];
  sup.on('audit', (e) => told.push(e));
  await sup.connect();
  await sup.startMonitoring('a0', 'i1', 'listen');
  fake.emit({ type: 'monitoring', id: nextId(), at: T0, source: 'fake', session: { id: 'm1', mode: 'listen', supervisorId: 'sup-1', agentId: 'a0', interactionId: 'i1', startedAt: T0 } });
  await settle();
  await assert.rejects(sup.startMonitoring('b1', 'i2', 'barge'));
  await sup.stopMonitoring('m1');
  const before = sup.getAuditLog().map(line);
  assert.deepEqual(before, [
    'policy.set succeeded  ',
    'monitoring.start requested listen a0',
    'monitoring.start succeeded listen a0',
    'command.denied denied start-monitoring b1',
    'monitoring.stop requested  a0',
    'monitoring.stop succeeded  a0',
  ]);

  // The bulk action from the board's row menu, or a host's loop: requested and outcome for each.
  await Promise.all(ids.map((id) => sup.setAgentPresence(id, 'meeting')));
  const log = sup.getAuditLog();
  assert.equal(log.length, 1000, 'the log stays bounded');
  assert.deepEqual(log.slice(0, before.length).map(line), before, 'every entry before the flood is still there, in order');
  assert.equal(log.filter((e) => e.action === 'presence.set' && e.outcome === 'succeeded').length, 500, 'each presence set is still on the log by its outcome');
  assert.equal(told.filter((e) => e.action === 'presence.set').length, 1000, 'and every entry was handed to the host as it was written');
  assert.deepEqual(sup.getAuditLog({ agentId: 'a0' }).map(line).slice(0, 2), ['monitoring.start requested listen a0', 'monitoring.start succeeded listen a0'], 'the monitored agent still reads who monitored them');

  // A loop refused on 1,000 other agents: its denials push out its own oldest, and then the
  // presence sets (the kind holding the most), never the refused barge.
  for (let i = 0; i < 1000; i++) await sup.setAgentPresence(`x${i}`, 'offline').catch(() => {});
  await settle();
  const after = sup.getAuditLog();
  assert.equal(after.length, 1000);
  assert.deepEqual(after.slice(0, before.length).map(line), before, 'the entries before both floods are all still there');
  const count = (f: (e: AuditEntry) => boolean): number => after.filter(f).length;
  assert.equal(count((e) => e.action === 'command.denied' && e.target['command'] === 'set-presence'), count((e) => e.action === 'presence.set'), 'the two floods share what is left equally');
  assert.equal(after.at(-1)?.target['agentId'], 'x999', 'the newest entry is kept');
});

test('a full log hands listeners no platform entry it pushes out as it comes, and one it pushed out does not come back with a resync', async (t) => {
  const fake = fakeAdapter();
  const sup = createFloorwalk({ adapter: fake, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] } });
  t.after(() => sup.disconnect());
  const told: string[] = [];
  sup.on('audit', (e) => told.push(e.id));
  await sup.connect();
  const platform = (id: string, at: number): FloorwalkEvent => ({
    type: 'audit',
    id: nextId(),
    at,
    source: 'fake',
    entry: { id, at, actor: 'sup-1', action: 'monitoring.start', outcome: 'succeeded', target: { sessionId: id }, subject: 'a1' },
  });
  const held = (): string[] => sup.getAuditLog().map((e) => e.id);
  const heard = (id: string): number => told.filter((x) => x === id).length;
  // The platform's shared trail as a resync sends it, one time for all (a batch written at once):
  // with the client's own policy entry the log is full.
  const trail = Array.from({ length: 1000 - held().length }, (_, i) => platform(`p${i}`, T0 + 10));
  fake.emit(...trail);
  await settle();
  assert.equal(held().length, 1000);
  // Older than every monitoring start held, the kind holding the most: the first to go, at once.
  fake.emit(platform('early', T0 + 5));
  await settle();
  assert.equal(held().includes('early'), false);
  assert.equal(heard('early'), 0, 'no listener hears of an entry the log does not hold');
  // One more pushes out the oldest start, p0; then a resync sends the whole trail again.
  fake.emit(platform('late', T0 + 20));
  await settle();
  assert.equal(held().includes('p0'), false);
  fake.emit(...trail, platform('early', T0 + 5));
  await settle();
  assert.equal(held().length, 1000);
  assert.equal(held().includes('p0'), false, 'p0 does not come back (in place of p1, sent at the same time)');
  assert.ok(held().includes('p1'));
  assert.deepEqual([heard('p0'), heard('p1'), heard('early'), heard('late')], [1, 1, 0, 1], 'each kept entry told once, the one never kept never');
});

test("on a clock that stands still (the testing clock), a bulk action keeps this client's newest entries, not its first, and hands every listener a frozen entry", async (t) => {
  const ids = Array.from({ length: 600 }, (_, i) => `a${i}`);
  const fake = fakeAdapter();
  fake.snapshotEvent = teamSnapshot(ids, []);
  // Every entry in one ms, as a bulk action's are on a fast page: its outcomes are newer than the
  // requests the log pushed out in that ms, and go in, as before a platform entry could be refused.
  const sup = createFloorwalk({ adapter: fake, clock: createManualClock(T0 + 1000), session: { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] } });
  t.after(() => sup.disconnect());
  const told: AuditEntry[] = [];
  sup.on('audit', (e) => told.push(e));
  await sup.connect();
  // Two halves: a client queues 500 commands at most.
  for (const half of [ids.slice(0, 300), ids.slice(300)]) await Promise.all(half.map((id) => sup.setAgentPresence(id, 'meeting')));
  await settle();
  const log = sup.getAuditLog();
  assert.equal(log.length, 1000);
  assert.equal(log.filter((e) => e.action === 'presence.set' && e.outcome === 'succeeded').length, 600, 'each presence set is still on the log by its outcome');
  assert.equal(log.at(-1)?.target['agentId'], 'a599', 'the newest entry is kept');
  assert.equal(told.length, 1200, 'a request and an outcome for each, told as written');
  // The platform's trail (this user's actions from another page, stamped by a clock ahead of this
  // one's) fills the log: this client's next entry is older than every one of its kind held, and
  // goes as it comes.
  fake.emit(...Array.from({ length: 1000 }, (_, i): FloorwalkEvent => ({ type: 'audit', id: nextId(), at: T0 + 5000, source: 'fake', entry: { id: `p${i}`, at: T0 + 5000, actor: 'sup-1', action: 'presence.set', outcome: 'succeeded', target: { agentId: `a${i}` }, subject: `a${i}` } })));
  await settle();
  await sup.setAgentPresence('a1', 'available');
  assert.deepEqual(new Set(sup.getAuditLog().map((e) => e.at)), new Set([T0 + 5000]), "none of this client's is held now");
  assert.equal(told.length, 2202, 'the platform entries taken, and the new request and outcome');
  assert.deepEqual(told.filter((e) => !Object.isFrozen(e) || !Object.isFrozen(e.target)).length, 0, 'every entry told is frozen, kept or not');
});
