// The client's bounded audit log under a flood of one kind of entry: a supervisor's bulk action
// or a host's loop must not push out what came before it.
//
//   node --experimental-websocket --import tsx --test packages/core/test/audit-trail.test.ts
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, type AuditEntry } from '@floorwalk/core';
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
