// Colleague chat delivery: what reaches the store, in what order, and what the client owes the
// platform for it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, type ChatMessage, type FloorwalkEvent, type Session } from '@floorwalk/core';
import { createManualClock } from '@floorwalk/core/testing';
import { fakeAdapter, nextId, settle, T0 } from './fixtures.js';

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
