// A monitored agent is told, whatever else the batch that carried the session held.
//
//   node --experimental-websocket --import tsx --test packages/core/test/policy.notice.test.ts
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, ErrorCode, type FloorwalkError, type FloorwalkEvent, type MonitoringNotice } from '@floorwalk/core';
import { fakeAdapter, nextId, settle, T0 } from './fixtures.js';

test('an event that throws after validation drops alone: the monitoring start before it is still told, the rest applied', async () => {
  const fake = fakeAdapter();
  const agent = createFloorwalk({ adapter: fake, session: { userId: 'a1', role: 'agent', teamIds: ['t1'] } });
  const notices: MonitoringNotice[] = [];
  const errors: FloorwalkError[] = [];
  let changes = 0;
  agent.on('monitoring', (n) => notices.push(n));
  agent.on('error', (e) => errors.push(e));
  await agent.connect();
  await settle();
  agent.subscribe(() => changes++);
  let reads = 0;
  // Valid when checked, throwing when the policy reads it again to redact it.
  const fickle = {
    id: 'm1',
    conversationId: 'team:t1',
    authorId: 'a2',
    sentAt: T0,
    delivery: 'sent',
    get body(): string {
      if (++reads > 1) throw new Error('changed under us');
      return 'hello';
    },
  };
  const base = { source: 'fake', at: T0 + 10 } as const;
  fake.emit(
    { ...base, id: nextId(), type: 'monitoring', session: { id: 's1', agentId: 'a1', supervisorId: 'sup-1', interactionId: 'i1', mode: 'listen', startedAt: T0 + 10 } },
    { ...base, id: nextId(), type: 'chat-message', message: fickle } as unknown as FloorwalkEvent,
    { ...base, id: nextId(), type: 'chat-message', message: { id: 'm2', conversationId: 'team:t1', authorId: 'a2', body: 'after', sentAt: T0, delivery: 'sent' } },
  );
  await settle();
  assert.equal(reads, 2, 'the event passed validation and threw later');
  assert.equal(agent.getMonitoringSessions({ active: true }).length, 1, 'the session is held');
  assert.deepEqual(notices.map((n) => n.kind), ['started'], 'and the agent is told of it');
  assert.equal(changes, 1, 'subscribers hear the batch');
  assert.deepEqual(agent.getMessages('team:t1').map((m) => m.id), ['m2'], 'the rest of the batch applied');
  assert.deepEqual(errors.map((e) => e.code), [ErrorCode.MalformedEvent]);
});

test('the activity signal turned on live: the agent hears of it before anything is counted or shared', async () => {
  const fake = fakeAdapter();
  const log: string[] = [];
  const execute = fake.execute.bind(fake);
  fake.execute = (command) => {
    log.push(`sent ${command.type}`);
    return execute(command);
  };
  const source = { take: () => 3, stop: () => log.push('counting stops'), start: () => log.push('counting starts') };
  const agent = createFloorwalk({ adapter: fake, session: { userId: 'a1', role: 'agent', teamIds: ['t1'] }, activity: source });
  agent.on('policy', (p) => log.push(`told ${p.agentNotices.join()}`));
  await agent.connect();
  await settle();
  log.length = 0;
  fake.emit({ source: 'fake', at: T0 + 10, id: nextId(), type: 'policy', changes: { activitySignal: { enabled: true } }, changedBy: 'admin-1' });
  await settle();
  assert.deepEqual(log, ['told activity-signal-on', 'counting starts', 'sent report-activity']);
  // The reporter samples on a timer while live: stopped, so the file's process can end.
  await agent.disconnect();
});
