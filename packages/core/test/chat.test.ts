// Colleague chat delivery: what reaches the store, in what order, and what the client owes the
// platform for it; what chat input errors carry, which conversation ids and team channels a
// session may use, and how far a read goes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conversationId, createFloorwalk, ErrorCode, MAX_TEXT_LENGTH, type ChatMessage, type FloorwalkError, type FloorwalkEvent, type MarkReadCommand, type Session } from '@floorwalk/core';
import { createManualClock } from '@floorwalk/core/testing';
import { storableCommand } from '../src/outbox/outbox.js';
import { agent, centreSnapshot, fakeAdapter, nextId, settle, T0, until } from './fixtures.js';

const agentA1: Session = { userId: 'a1', role: 'agent', teamIds: ['t1'] };
const dm = 'dm:a1:sup-1';

async function live(session: Session) {
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, session, clock: createManualClock(T0) });
  await client.connect();
  return { adapter, client };
}

/** A fresh event (its own id, as a platform's redelivery after a reconnect has) carrying `message`. */
const carrying = (id: string, extra: Partial<ChatMessage> = {}): FloorwalkEvent => ({
  type: 'chat-message',
  id: nextId(),
  at: T0,
  source: 'fake',
  message: { id, conversationId: dm, authorId: 'sup-1', body: `text of ${id}`, sentAt: T0, delivery: 'sent', ...extra },
});

const receipts = (executed: readonly { type: string }[]) =>
  executed.filter((c) => c.type === 'mark-delivered').flatMap((c) => (c as unknown as { messageIds: string[] }).messageIds);

test('a message redelivered under a new event id is held once and owes no second receipt', async () => {
  const { adapter, client } = await live(agentA1);
  adapter.emit(carrying('x1'));
  await settle();
  // A reconnect replays what the platform is unsure it delivered: same message, new event.
  adapter.emit(carrying('x1'));
  await settle();
  // Within one batch too.
  adapter.emit(carrying('x2'), carrying('x2'));
  await settle();
  assert.deepEqual(client.getMessages(dm).map((m) => m.id), ['x1', 'x2']);
  assert.deepEqual(receipts(adapter.executed), ['x1', 'x2'], 'one receipt per message');
});

test('messages with the same platform time are in the same order on every client, whatever order they came in', async () => {
  const a = await live(agentA1);
  const b = await live(agentA1);
  a.adapter.emit(carrying('m2'), carrying('m1'), carrying('m0', { sentAt: T0 - 1 }));
  b.adapter.emit(carrying('m1'), carrying('m0', { sentAt: T0 - 1 }), carrying('m2'));
  await settle();
  const order = (c: typeof a.client) => c.getMessages(dm).map((m) => m.id);
  assert.deepEqual(order(a.client), ['m0', 'm1', 'm2']);
  assert.deepEqual(order(b.client), order(a.client));
  // An update of a held message keeps its place.
  a.adapter.emit(carrying('m1', { delivery: 'read' }));
  await settle();
  assert.deepEqual(order(a.client), ['m0', 'm1', 'm2']);
});

test('free text that fails its check stays out of the error: the field and the limit, never the value', async () => {
  const { client } = await live(agentA1);
  const secret = 'my card is 4111 1111 1111 1111 ';
  const tooLong = secret.repeat(200);
  const cases: [Promise<unknown>, string][] = [
    [client.sendMessage(dm, tooLong), 'body'],
    [client.sendMessage(dm, '   '), 'body'],
    [client.raiseHand(tooLong), 'reason'],
    [client.addCoachingNote('a1', tooLong), 'body'],
    [client.proposeCheckIn('a1', T0 + 86_400_000, tooLong), 'topic'],
  ];
  for (const [promise, field] of cases) {
    await assert.rejects(promise, (err: FloorwalkError) => {
      assert.equal(err.code, ErrorCode.InvalidArgument);
      assert.deepEqual(err.details, { field, limit: MAX_TEXT_LENGTH });
      assert.ok(!JSON.stringify({ m: err.message, d: err.details }).includes('4111'), `${field}: the text is in the error`);
      return true;
    });
  }
  // Ids are not free text: the value still helps the host find its mistake.
  await assert.rejects(client.sendMessage('room:1', 'hi'), (err: FloorwalkError) => err.details?.value === 'room:1');
});

test('a 1:1 conversation id has one order: the other is refused, naming the id to use', async () => {
  const { client } = await live(agentA1);
  for (const command of [
    { type: 'send-message', conversationId: 'dm:sup-1:a1', body: 'hi' },
    { type: 'mark-read', conversationId: 'dm:sup-1:a1' },
    { type: 'mark-delivered', conversationId: 'dm:sup-1:a1', messageIds: ['m1'] },
  ] as const) {
    assert.equal(client.can(command), false, command.type);
    assert.ok(client.can({ ...command, conversationId: conversationId('sup-1', 'a1') }), `${command.type} in order`);
  }
  await assert.rejects(client.sendMessage('dm:sup-1:a1', 'hi'), (err: FloorwalkError) => err.code === ErrorCode.InvalidArgument && err.message.includes('dm:a1:sup-1'));
});

test("an agent moved out of a team loses its chat: held messages and unread go, nothing more arrives, and they may not post; live and on a resync", async () => {
  const { adapter, client } = await live(agentA1);
  const teamMsg = (id: string): FloorwalkEvent => ({
    type: 'chat-message',
    id: nextId(),
    at: T0,
    source: 'fake',
    message: { id, conversationId: 'team:t1', authorId: 'a2', body: `text of ${id}`, sentAt: T0, delivery: 'delivered' },
  });
  const holdsT1 = () => client.getConversations().some((c) => c.id === 'team:t1');
  adapter.emit(teamMsg('t-1'));
  await settle();
  assert.equal(client.getUnreadCount('team:t1'), 1);
  assert.ok(holdsT1());
  // Live: the platform moves a1 to t2.
  adapter.emit({ type: 'agent', id: nextId(), at: T0 + 1, source: 'fake', agent: agent('a1', ['t2']) });
  await settle();
  assert.deepEqual(client.getMessages('team:t1'), []);
  assert.equal(client.getUnreadCount(), 0);
  assert.ok(!holdsT1(), 'the channel is gone from the list');
  adapter.emit(teamMsg('t-2'));
  await settle();
  assert.deepEqual(client.getMessages('team:t1'), [], 'no more delivery');
  assert.equal(client.can({ type: 'send-message', conversationId: 'team:t1', body: 'hi' }), false);
  // Back in t1: the channel is theirs again.
  adapter.emit({ type: 'agent', id: nextId(), at: T0 + 2, source: 'fake', agent: agent('a1', ['t1']) });
  adapter.emit(teamMsg('t-3'));
  await settle();
  assert.deepEqual(client.getMessages('team:t1').map((m) => m.id), ['t-3']);
  // On a resync: the snapshot says a1 is in t2 now.
  adapter.snapshotEvent = { ...centreSnapshot(T0 + 10), agents: [agent('a1', ['t2']), agent('a2', ['t1'])] };
  adapter.sink!.status('reconnecting');
  adapter.sink!.status('live');
  await until(() => client.getMessages('team:t1').length === 0, 'the resync drops the channel');
  assert.equal(client.getUnreadCount(), 0);
  assert.ok(!holdsT1());
});

test("a supervisor's team chat stays with the session's teams", async () => {
  const { adapter, client } = await live({ userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] });
  adapter.emit({ type: 'chat-message', id: nextId(), at: T0, source: 'fake', message: { id: 's1', conversationId: 'team:t1', authorId: 'a2', body: 'hi', sentAt: T0, delivery: 'delivered' } });
  await settle();
  assert.equal(client.getMessages('team:t1').length, 1);
  assert.ok(client.can({ type: 'send-message', conversationId: 'team:t1', body: 'hi' }));
});

test('markRead says up to which message the reader has seen, and the outbox keeps it', async () => {
  const { adapter, client } = await live(agentA1);
  await client.markRead(dm);
  adapter.emit(carrying('r1', { sentAt: T0 - 5 }), carrying('r2'));
  await settle();
  await client.markRead(dm);
  const reads = adapter.executed.filter((c) => c.type === 'mark-read') as MarkReadCommand[];
  assert.equal(reads[0]?.upTo, undefined, 'nothing held, nothing to say');
  assert.deepEqual(reads[1]?.upTo, { sentAt: T0, id: 'r2' });
  assert.deepEqual((storableCommand(reads[1] as MarkReadCommand) as MarkReadCommand).upTo, { sentAt: T0, id: 'r2' });
});

test("a send whose reply is lost is done once the platform's copy of the message comes back with its key: shown once, nothing left pending", async () => {
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, session: agentA1, clock: createManualClock(T0) });
  await client.connect();
  // The platform takes the message; its answer never reaches this page.
  adapter.execute = async (command) => {
    adapter.executed.push(command);
    return new Promise<void>(() => {});
  };
  let done = false;
  const sent = client.sendMessage(dm, 'On my way').then(() => (done = true));
  await until(() => adapter.executed.length === 1, 'sent');
  const key = adapter.executed[0]?.key as string;
  assert.equal(client.getPendingIntents().length, 1);
  adapter.emit({ type: 'chat-message', id: nextId(), at: T0, source: 'fake', message: { id: 'p1', key, conversationId: dm, authorId: 'a1', body: 'On my way', sentAt: T0, delivery: 'sent' } });
  await sent;
  assert.equal(done, true);
  assert.deepEqual(client.getPendingIntents(), [], 'no Sending copy beside the message');
  assert.deepEqual(client.getMessages(dm).map((m) => m.body), ['On my way']);
  await client.disconnect();
});

test("one's own message is shown as sent from the send's answer until its copy takes its place; one whose copy never comes goes at the resync after a gap", async () => {
  const { adapter, client } = await live(agentA1);
  const shown = () => client.getMessages(dm).map((m) => `${m.body} (${m.delivery})`);
  await client.sendMessage(dm, 'On my way');
  const key = adapter.executed.at(-1)?.key as string;
  assert.deepEqual(shown(), ['On my way (sent)'], 'shown from the answer on, the copy still to come');
  assert.equal(client.getMessages(dm)[0]?.key, key);
  assert.equal(client.getConversations().find((c) => c.id === dm)?.lastMessage?.body, 'On my way');
  // An update before the copy: a message from the other person, and a read mark past it.
  adapter.emit(carrying('s1', { sentAt: T0 + 1 }), { type: 'chat-read', id: nextId(), at: T0 + 2, source: 'fake', conversationId: dm, userId: 'sup-1', upTo: T0 + 1 });
  await settle();
  // No read for it yet: its time is this page's clock, and the platform only just took it.
  assert.deepEqual(shown(), ['On my way (sent)', 'text of s1 (sent)']);
  // The platform's copy, under its own id and time: it takes the place of the one shown, keeping the read.
  adapter.emit({ type: 'chat-message', id: nextId(), at: T0, source: 'fake', message: { id: 'p1', key, conversationId: dm, authorId: 'a1', body: 'On my way', sentAt: T0, delivery: 'sent' } });
  await settle();
  assert.deepEqual(client.getMessages(dm).map((m) => m.id), ['p1', 's1']);
  assert.deepEqual(shown(), ['On my way (read)', 'text of s1 (sent)']);

  // A copy that never comes: kept through a resync while live (the copy may still be on its way)...
  await client.sendMessage(dm, 'Lost in the gap');
  adapter.emit({ ...adapter.snapshotEvent, id: nextId() });
  await settle();
  assert.ok(shown().includes('Lost in the gap (sent)'), shown().join());
  // ...and gone at the resync after a gap in the link: what the platform has is shown from then on.
  adapter.sink!.status('reconnecting');
  adapter.sink!.status('live');
  await until(() => client.status === 'live' && adapter.snapshots === 2, 'resynced');
  await settle();
  assert.deepEqual(shown(), ['On my way (read)', 'text of s1 (sent)']);
  await client.disconnect();
});
