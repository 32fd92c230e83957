import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkEvent, conversationId, FloorwalkError, isFloorwalkError, maskEmail, maskName, maskPhone, teamConversationId } from '@floorwalk/core';
import { createManualClock } from '@floorwalk/core/testing';
import { centreSnapshot, T0 } from './fixtures.js';

test('masking keeps the shape a person needs and hides the rest', () => {
  assert.equal(maskPhone('+44 7700 900123'), '+•• •••• ••0123');
  assert.equal(maskPhone('555-0100'), '•••-0100');
  assert.equal(maskName('Jane  Q. doe'), 'J. Q. D.');
  assert.equal(maskEmail('jane.doe@example.com'), 'j•••@example.com');
  assert.equal(maskEmail('not-an-email'), '•••');
});

test('conversation ids are the same whoever starts the conversation', () => {
  assert.equal(conversationId('b', 'a'), conversationId('a', 'b'));
  assert.equal(conversationId('a', 'b'), 'dm:a:b');
  assert.equal(teamConversationId('t1'), 'team:t1');
});

test('isFloorwalkError recognises errors from another copy of the package', () => {
  const foreign = Object.assign(new Error('x'), { name: 'FloorwalkError', code: 3000 });
  assert.ok(isFloorwalkError(foreign));
  assert.ok(!isFloorwalkError(new Error('x')));
  assert.ok(isFloorwalkError(new FloorwalkError(1000, 'x')));
});

test('checkEvent accepts every well-formed event kind', () => {
  const at = T0;
  const base = { at, source: 'fake' };
  const ok = [
    centreSnapshot(),
    { ...base, id: '1', type: 'agent-removed', agentId: 'a1' },
    { ...base, id: '2', type: 'not-responding', agentId: 'a1', notResponding: true },
    { ...base, id: '3', type: 'team', team: { id: 't', name: 'T', supervisorIds: [] } },
    { ...base, id: '4', type: 'monitoring', session: { id: 'm', mode: 'barge', supervisorId: 's', agentId: 'a', interactionId: 'i', startedAt: at } },
    { ...base, id: '5', type: 'help-request', request: { id: 'h', agentId: 'a', reason: 'r', state: 'acknowledged', raisedAt: at, acknowledgedBy: 's', acknowledgedAt: at } },
    { ...base, id: '6', type: 'coaching-note', note: { id: 'n', agentId: 'a', authorId: 's', body: 'b', createdAt: at } },
    { ...base, id: '7', type: 'check-in', checkIn: { id: 'k', agentId: 'a', supervisorId: 's', scheduledFor: at, proposedAt: at, noticeMs: 0, answer: 'declined', answeredAt: at } },
    { ...base, id: '8', type: 'chat-message', message: { id: 'c', conversationId: 'team:t', authorId: 'a', body: '', sentAt: at, delivery: 'read' } },
  ];
  for (const e of ok) assert.equal(checkEvent(e), null, JSON.stringify(e).slice(0, 80));
});

test('checkEvent names the first problem of a malformed event', () => {
  const base = { id: 'x', at: T0, source: 'fake' };
  assert.match(checkEvent({ ...base, type: 'monitoring', session: { id: 'm', mode: 'spy', supervisorId: 's', agentId: 'a', interactionId: 'i', startedAt: T0 } })!, /mode/);
  assert.match(checkEvent({ ...base, type: 'snapshot', scope: { kind: 'team' } })!, /scope/);
  assert.match(checkEvent({ ...base, type: 'queue-stats', queueId: 'q', stats: { waiting: -1 } })!, /waiting/);
  assert.match(checkEvent({ ...base, source: '', type: 'agent-removed', agentId: 'a' })!, /source/);
  assert.match(checkEvent({ ...base, at: Number.NaN, type: 'agent-removed', agentId: 'a' })!, /event\.at/);
});

test('the manual clock fires timers in due order, only when advanced', () => {
  const clock = createManualClock(1000);
  const fired: string[] = [];
  clock.setTimeout(() => fired.push(`b@${clock.now()}`), 200);
  clock.setTimeout(() => fired.push(`a@${clock.now()}`), 100);
  const cancelled = clock.setTimeout(() => fired.push('never'), 150);
  clock.setTimeout(() => fired.push(`c@${clock.now()}`), 200);
  clock.clearTimeout(cancelled);
  clock.advance(99);
  assert.equal(fired.length, 0);
  clock.advance(500);
  assert.deepEqual(fired, ['a@1100', 'b@1200', 'c@1200']);
  assert.equal(clock.now(), 1599);
  assert.equal(clock.pendingTimers, 0);
  clock.setTimeout(() => clock.setTimeout(() => fired.push(`nested@${clock.now()}`), 10), 10);
  clock.advance(30);
  assert.equal(fired.at(-1), 'nested@1619');
  clock.advanceTo(0);
  assert.equal(clock.now(), 1629, 'time never runs backwards');
});
