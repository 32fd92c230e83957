import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkEvent, conversationId, ErrorCode, FloorwalkError, isFloorwalkError, toFloorwalkError, maskEmail, maskName, maskPhone, teamConversationId } from '@floorwalk/core';
import { createManualClock } from '@floorwalk/core/testing';
import { centreSnapshot, T0 } from './fixtures.js';

test('masking keeps the shape a person needs and hides the rest', () => {
  assert.equal(maskPhone('+44 7700 900123'), '+•• •••• ••0123');
  assert.equal(maskPhone('555-0100'), '•••-0100');
  assert.equal(maskName('Jane  Q. doe'), 'J. Q. D.');
  assert.equal(maskEmail('jane.doe@example.com'), 'j•••@example.com');
  assert.equal(maskEmail('not-an-email'), '•••');
});

test('a phone number is masked digit by digit whatever its length and characters', () => {
  // Every digit but the last four becomes a bullet; everything else stays, code unit for code unit.
  const reference = (phone: string): string => {
    let hide = phone.replace(/[^0-9]/g, '').length - 4;
    let out = '';
    for (const unit of phone.split('')) out += /[0-9]/.test(unit) && hide-- > 0 ? '•' : unit;
    return out;
  };
  const samples = ['', '1234', '12345', '+1 (555) 010-0199', '0044 20 7946 0958 ext. 12', 'tel:+44😀7700900123', '①②③④⑤ 98765', '\u{1F600}'.repeat(3) + '5550100'];
  let n = 7;
  for (let length = 1; length < 90; length += 7) {
    let phone = '';
    for (let i = 0; i < length; i++) {
      n = (n * 1103515245 + 12345) % 2147483648;
      phone += '0123456789 -+()x😀'[n % 18];
    }
    samples.push(phone);
  }
  for (const phone of samples) assert.equal(maskPhone(phone), reference(phone), phone);
  assert.ok(samples.some((p) => p.length > 64), 'long numbers too');
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

test('toFloorwalkError, exported for adapters, wraps what a vendor throws and keeps a FloorwalkError as it is', () => {
  const thrown = new TypeError('Failed to fetch');
  const wrapped = toFloorwalkError(thrown, ErrorCode.VendorError, 'acme could not set-presence');
  assert.ok(wrapped instanceof FloorwalkError);
  assert.equal(wrapped.code, ErrorCode.VendorError);
  assert.equal(wrapped.message, 'acme could not set-presence: Failed to fetch');
  assert.equal(wrapped.cause, thrown);
  assert.equal(toFloorwalkError('a string', ErrorCode.Internal, 'x').message, 'x: a string');
  const own = new FloorwalkError(ErrorCode.RateLimited, 'slow down');
  assert.equal(toFloorwalkError(own, ErrorCode.VendorError, 'ignored'), own);
  const foreign = Object.assign(new Error('from another copy'), { name: 'FloorwalkError', code: ErrorCode.Forbidden });
  assert.equal(toFloorwalkError(foreign, ErrorCode.VendorError, 'ignored'), foreign);
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
    // A supervisor viewing the agent's screen, at agent level: on no interaction.
    { ...base, id: '4s', type: 'monitoring', session: { id: 'v', mode: 'screen', supervisorId: 's', agentId: 'a', startedAt: at } },
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
  // Only a screen view may name no interaction: one joins a call.
  assert.match(checkEvent({ ...base, type: 'monitoring', session: { id: 'm', mode: 'listen', supervisorId: 's', agentId: 'a', startedAt: T0 } })!, /interactionId/);
  assert.match(checkEvent({ ...base, type: 'snapshot', scope: { kind: 'team' } })!, /scope/);
  assert.match(checkEvent({ ...base, type: 'queue-stats', queueId: 'q', stats: { waiting: -1 } })!, /waiting/);
  assert.match(checkEvent({ ...base, source: '', type: 'agent-removed', agentId: 'a' })!, /source/);
  assert.match(checkEvent({ ...base, at: Number.NaN, type: 'agent-removed', agentId: 'a' })!, /event\.at/);
  // A bad item of a snapshot's list is named by its place, down to the field.
  const snapshot = centreSnapshot();
  const agents = (snapshot.agents ?? []).map((a, i) => (i === 2 ? { ...a, presence: { ...a.presence, since: Number.NaN } } : a));
  assert.equal(checkEvent({ ...snapshot, agents }), 'event.agents[2].presence.since must be a time in epoch ms');
  assert.equal(checkEvent({ ...base, type: 'agent', agent: { ...agents[2] } }), 'event.agent.presence.since must be a time in epoch ms');
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
