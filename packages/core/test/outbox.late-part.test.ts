// A tab whose outbox code loads only after it disconnected must claim none of a closed page's
// intents: seen as a flake of outbox.browser.test.ts under load, where the second page's first
// drain waited on the replay part past its disconnect(), then read the outbox and took the closed
// page's lock with a hold nothing would ever release.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, createMemoryStorage } from '@floorwalk/core';
import { importers } from '../src/internal/parts.js';
import { fakeAdapter, installIfAvailableLocks, settle, until, T0 } from './fixtures.js';

const held = installIfAvailableLocks();

test('a drain whose replay part loads after disconnect() reads and claims nothing', { timeout: 20_000 }, async () => {
  const session = { userId: 'sup-1', role: 'admin', teamIds: 'all' } as const;
  const memory = createMemoryStorage();
  let reads = 0;
  const storage = { ...memory, set: memory.set, del: memory.del, entries: () => (reads++, memory.entries()) };
  // The first load of the replay part is slow (a module fetched on a loaded machine).
  const load = importers.outbox;
  // Loaded beforehand, so that once the gate opens the drain goes on within a few turns.
  const part = await load();
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let asked = 0;
  importers.outbox = () => (asked++, gate.then(() => part));
  try {
    const two = createFloorwalk({ adapter: fakeAdapter(), session, outbox: { storage } });
    await two.connect();
    await until(() => asked === 1, 'the second page asking for the replay part');
    await two.disconnect();
    // A page that is gone left two intents behind.
    for (const [seq, state] of [[1, 'training'], [2, 'busy']] as const) {
      await memory.set(`outbox/fake/sup-1/gone-${seq}`, { key: `gone-${seq}`, seq, command: { type: 'set-presence', agentId: 'a2', state }, issuedBy: 'sup-1', issuedAt: T0 + seq, owner: 'a-page-that-closed' });
    }
    open();
    // Turns, not time: the part's promise and the drain after it settle within them.
    for (let i = 0; i < 5; i++) await settle();
    assert.equal(reads, 0, 'a disconnected client does not read the outbox');
    assert.deepEqual(two.getPendingIntents(), [], 'a disconnected client holds no intents');
    assert.equal(held.has('floorwalk:outbox:a-page-that-closed'), false, "nor the closed page's lock");
    const third = fakeAdapter();
    const three = createFloorwalk({ adapter: third, session, outbox: { storage: memory } });
    await three.connect();
    await until(() => third.executed.length === 2, "the closed page's intents replayed by the next page", 3000);
    await three.disconnect();
  } finally {
    importers.outbox = load;
  }
});
