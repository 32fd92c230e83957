// A hand raised on a flaky link, the page reloaded, and the hand lowered on the new page before
// the link is back. The new page restores the raise from the outbox and never sent it, so
// Lower withdraws it there; but the earlier page's send may have landed all the same. Then the
// hand must come down when the platform's copy of it shows up, not stay up behind the agent's back.
//
//   node --experimental-websocket --import tsx --test packages/core/test/backplane.reload.test.ts
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, createMemoryStorage, type Adapter, type CommandEnvelope, type HelpRequest, type IntentSettled, type IntentStorage } from '@floorwalk/core';
import { createMemoryBackplane, withBackplane, type Backplane } from '@floorwalk/core/backplane';
import { createManualClock } from '@floorwalk/core/testing';
import { centrePlatform, T0, until } from './fixtures.js';

const SESSION = { userId: 'a1', role: 'agent', teamIds: ['t1'], agentId: 'a1' } as const;

/** Storage whose read-back waits for `open()`: a slow IndexedDB at the new page's first drain. */
function slowRead(storage: IntentStorage) {
  let open = (): void => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  return { storage: { set: storage.set, del: storage.del, entries: () => gate.then(() => storage.entries()) } satisfies IntentStorage, open };
}

type Held = { request: HelpRequest };
const hand = async (bp: Backplane): Promise<HelpRequest | undefined> => (await bp.list<Held>('help/'))[0]?.value.request;

test("a raise restored after a reload and lowered before the link is back: when the earlier page's send landed after all, the hand is lowered as it shows up", async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  const storage = createMemoryStorage();

  // The first page: its raise is on its way when the page reloads. It reaches the platform only
  // later (a request the server finishes after the page went), and that page never hears back.
  const first = centrePlatform(clock);
  const decorated = withBackplane(first.adapter, bp, { clock });
  let land = (): Promise<void> => Promise.resolve();
  const inFlight: Adapter = { ...decorated, execute: (c: CommandEnvelope) => ((land = () => decorated.execute(c)), new Promise<void>(() => {})) };
  const page1 = createFloorwalk({ adapter: inFlight, session: SESSION, clock, outbox: { storage } });
  await page1.connect();
  void page1.raiseHand('Customer wants a refund over my limit').catch(() => {});
  await until(() => storage.data.size === 1 && page1.getPendingIntents()[0]?.restored === false, 'the raise stored and sent');
  const [raised] = page1.getPendingIntents();

  // The reload: the new page connects, and the link drops while it reads its outbox back.
  const second = centrePlatform(clock);
  const slow = slowRead(storage);
  const page2 = createFloorwalk({ adapter: withBackplane(second.adapter, bp, { clock }), session: SESSION, clock, outbox: { storage: slow.storage } });
  const settled: IntentSettled[] = [];
  page2.on('intent', (s) => settled.push(s));
  await page2.connect();
  second.status('offline');
  slow.open();
  await until(() => page2.getPendingIntents().some((p) => p.key === raised!.key && p.restored), 'the raise restored, not sent');
  assert.deepEqual(page2.getHelpRequests(), [], 'no hand up as far as the new page knows');

  // The agent lowers it: withdrawn here, never sent by this page.
  assert.equal(page2.dismissIntent(raised!.key), true);
  assert.deepEqual(settled.map((s) => [s.key, s.outcome]), [[raised!.key, 'cancelled']]);

  // The first page's send lands now, and the link comes back.
  await land();
  assert.equal((await hand(bp))?.state, 'open', 'the earlier page raised it after all');
  second.status('live');
  await until(() => page2.getHelpRequests().some((r) => r.state === 'cancelled'), 'the new page to lower the hand that showed up', 5000).catch(() => undefined);
  assert.equal((await hand(bp))?.state, 'cancelled', 'lowered on the platform, for the supervisors too');
  assert.deepEqual(page2.getHelpRequests().map((r) => r.state), ['cancelled'], 'and shown lowered to the agent');
  await page2.disconnect();
});
