// A hand raised on a flaky link, the page reloaded, and the hand lowered on the new page before
// the link is back. The new page restores the raise from the outbox and never sent it, so
// Lower withdraws it there; but the earlier page's send may have landed all the same. Then the
// hand must come down when the platform's copy of it shows up, not stay up behind the agent's back:
// also after a second reload before it shows up (the lower is kept with the intents), for a day.
//
//   node --experimental-websocket --import tsx --test packages/core/test/backplane.reload.test.ts
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, createMemoryStorage, type Adapter, type CheckIn, type CommandEnvelope, type HelpRequest, type IntentSettled, type IntentStorage, type MemoryStorage } from '@floorwalk/core';
import { LOWER_KEPT_MS } from '../src/outbox/replay.js';
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

/**
 * A raise on its way when the page reloads, reaching the platform only later (a request the
 * server finishes after the page went; that page never hears back), and the new page, whose
 * link drops while it reads its outbox back, where the agent lowers it before the link is back:
 * withdrawn there, never sent by that page. `land()` lets the first page's send reach the platform.
 */
async function loweredAfterReload(clock: ReturnType<typeof createManualClock>, bp: Backplane, storage: MemoryStorage) {
  const first = centrePlatform(clock);
  const decorated = withBackplane(first.adapter, bp, { clock });
  let land = (): Promise<void> => Promise.resolve();
  const inFlight: Adapter = { ...decorated, execute: (c: CommandEnvelope) => ((land = () => decorated.execute(c)), new Promise<void>(() => {})) };
  const page1 = createFloorwalk({ adapter: inFlight, session: SESSION, clock, outbox: { storage } });
  await page1.connect();
  void page1.raiseHand('Customer wants a refund over my limit').catch(() => {});
  await until(() => storage.data.size === 1 && page1.getPendingIntents()[0]?.restored === false, 'the raise stored and sent');
  const [raised] = page1.getPendingIntents();

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

  assert.equal(page2.dismissIntent(raised!.key), true);
  assert.deepEqual(settled.map((s) => [s.key, s.outcome]), [[raised!.key, 'cancelled']]);
  return { page2, second, land: () => land(), key: raised!.key };
}

/** Another reload: a third page on the same backplane and outbox storage. */
async function thirdPage(clock: ReturnType<typeof createManualClock>, bp: Backplane, storage: MemoryStorage) {
  const page3 = createFloorwalk({ adapter: withBackplane(centrePlatform(clock).adapter, bp, { clock }), session: SESSION, clock, outbox: { storage } });
  await page3.connect();
  return page3;
}

const notes = (storage: MemoryStorage): string[] => [...storage.data.keys()].filter((k) => k.includes('/lower/'));

test("a raise restored after a reload and lowered before the link is back: when the earlier page's send landed after all, the hand is lowered as it shows up", async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  const storage = createMemoryStorage();
  const { page2, second, land } = await loweredAfterReload(clock, bp, storage);

  // The first page's send lands now, and the link comes back.
  await land();
  assert.equal((await hand(bp))?.state, 'open', 'the earlier page raised it after all');
  second.status('live');
  await until(() => page2.getHelpRequests().some((r) => r.state === 'cancelled'), 'the new page to lower the hand that showed up', 5000).catch(() => undefined);
  assert.equal((await hand(bp))?.state, 'cancelled', 'lowered on the platform, for the supervisors too');
  assert.deepEqual(page2.getHelpRequests().map((r) => r.state), ['cancelled'], 'and shown lowered to the agent');
  await until(() => notes(storage).length === 0, 'the lower forgotten in storage once the hand was seen');
  await page2.disconnect();
});

test('lowered, then reloaded again before the hand shows up: the third page lowers it when it does', async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  const storage = createMemoryStorage();
  const { page2, land } = await loweredAfterReload(clock, bp, storage);
  // The second reload, with the hand still nowhere to be seen.
  await page2.disconnect();
  const page3 = await thirdPage(clock, bp, storage);

  await land();
  await until(() => page3.getHelpRequests().some((r) => r.state === 'cancelled'), 'the third page to lower the hand that showed up', 5000).catch(() => undefined);
  assert.equal((await hand(bp))?.state, 'cancelled', 'lowered on the platform, for the supervisors too');
  assert.deepEqual(page3.getHelpRequests().map((r) => r.state), ['cancelled'], 'and shown lowered to the agent');
  await until(() => notes(storage).length === 0 && storage.data.size === 0, 'nothing left in storage once the lower landed');
  await page3.disconnect();
});

test('the hand went up while no page was open: the next page lowers it as its snapshot shows it', async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  const storage = createMemoryStorage();
  const { page2, land } = await loweredAfterReload(clock, bp, storage);
  await page2.disconnect();
  await land();
  clock.advance(3_600_000);

  const page3 = await thirdPage(clock, bp, storage);
  await until(() => page3.getHelpRequests().some((r) => r.state === 'cancelled'), 'the third page to lower the hand in its snapshot', 5000).catch(() => undefined);
  assert.equal((await hand(bp))?.state, 'cancelled');
  await until(() => storage.data.size === 0, 'nothing left in storage');
  await page3.disconnect();
});

test('a lower waits a day for its hand: one that shows up later is shown raised, and the note is gone', async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  const storage = createMemoryStorage();
  const { page2, land } = await loweredAfterReload(clock, bp, storage);
  await page2.disconnect();
  assert.equal(notes(storage).length, 1, 'kept for the next page');
  await land();
  clock.advance(LOWER_KEPT_MS);

  const page3 = await thirdPage(clock, bp, storage);
  await until(() => notes(storage).length === 0, 'the note dropped at the read-back');
  assert.deepEqual(page3.getPendingIntents(), [], 'no lower sent');
  assert.deepEqual(page3.getHelpRequests().map((r) => r.state), ['open'], 'the agent sees the hand up, and can lower it');
  assert.equal((await hand(bp))?.state, 'open');
  await page3.disconnect();
});

test("a check-in accepted offline survives a reload: the next page sends the answer once the backplane's check-in is in, not refused as about one it does not hold", async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  const policy = { checkInNoticeMs: 60_000 };
  const sup = createFloorwalk({ adapter: withBackplane(centrePlatform(clock).adapter, bp, { clock }), session: { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] }, clock, policy });
  await sup.connect();
  const first = centrePlatform(clock);
  const storage = createMemoryStorage();
  const page1 = createFloorwalk({ adapter: withBackplane(first.adapter, bp, { clock }), session: SESSION, clock, outbox: { storage }, policy });
  await page1.connect();
  await sup.proposeCheckIn('a1', T0 + 3_600_000, 'Catch-up');
  await until(() => page1.getCheckIns().length === 1, 'the proposal reaches the agent');
  const id = page1.getCheckIns()[0]!.id;
  first.status('offline');
  void page1.answerCheckIn(id, 'accepted').catch(() => {});
  await until(() => storage.data.size === 1, 'the answer stored');
  // The page goes away (a closed page's lock is free to claim), and the agent opens another.
  const kept = createMemoryStorage();
  for (const [key, value] of storage.data) await kept.set(key, { ...(value as object), owner: undefined });
  await page1.disconnect();
  const page2 = createFloorwalk({ adapter: withBackplane(centrePlatform(clock).adapter, bp, { clock }), session: SESSION, clock, outbox: { storage: kept }, policy });
  const settled: IntentSettled[] = [];
  page2.on('intent', (s) => settled.push(s));
  await page2.connect();
  await until(() => settled.length === 1, 'the restored answer settled');
  assert.deepEqual(settled.map((s) => [s.command.type, s.outcome, s.restored]), [['answer-check-in', 'confirmed', true]]);
  assert.equal((await bp.get<CheckIn>(`check-in/${id}`))?.value.answer, 'accepted', 'the supervisor hears the answer');
  assert.deepEqual(page2.getAuditLog().filter((e) => e.action === 'command.denied'), []);
  await Promise.all([page2.disconnect(), sup.disconnect()]);
});
