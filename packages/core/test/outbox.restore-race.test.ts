// A tab that disconnects while it is still reading the outbox must claim none of a closed page's
// intents: seen as a flake of outbox.browser.test.ts (2 of 14 core-group runs), where the intents
// sat in a queue that would never be sent, under a lock held for the page's life.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, createMemoryStorage, type IntentStorage } from '@floorwalk/core';
import { fakeAdapter, installIfAvailableLocks, until, T0 } from './fixtures.js';

const held = installIfAvailableLocks();

test('a restore still in flight when its client disconnects claims nothing', { timeout: 20_000 }, async () => {
  const session = { userId: 'sup-1', role: 'admin', teamIds: 'all' } as const;
  const memory = createMemoryStorage();
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let reads = 0;
  // The second page's first read of the outbox is slow (IndexedDB on a loaded machine).
  const slow: IntentStorage = { ...memory, set: (k, v) => memory.set(k, v), del: (k) => memory.del(k), entries: async () => (reads++ === 0 ? gate.then(() => memory.entries()) : memory.entries()) };
  const two = createFloorwalk({ adapter: fakeAdapter(), session, outbox: { storage: slow } });
  await two.connect();
  await until(() => reads === 1, 'the second page reading the outbox');
  await two.disconnect();
  // A page that is gone left two intents behind.
  for (const [seq, state] of [[1, 'training'], [2, 'busy']] as const) {
    await memory.set(`outbox/fake/sup-1/gone-${seq}`, { key: `gone-${seq}`, seq, command: { type: 'set-presence', agentId: 'a2', state }, issuedBy: 'sup-1', issuedAt: T0 + seq, owner: 'a-page-that-closed' });
  }
  open();
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(two.getPendingIntents(), [], 'a disconnected client holds no intents');
  const third = fakeAdapter();
  const three = createFloorwalk({ adapter: third, session, outbox: { storage: memory } });
  await three.connect();
  await until(() => third.executed.length === 2, 'the closed page\'s intents replayed by the next page', 3000).catch((e) => { throw new Error(`${e.message}: held ${[...held].join(', ')}`); });
});
