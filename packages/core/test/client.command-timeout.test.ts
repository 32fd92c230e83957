// An adapter whose execute() never settles (a fetch with no timeout, a WebSocket reply that was
// lost) must not hold the client's commands for good: each attempt has commandTimeoutMs, after
// which it counts as failed with a retryable NotConnected, the outbox checks the link and tries
// again with the same key (on the same link by waiting on the send still out, never a second
// send beside it), and an answer that comes after the limit changes nothing (CMD-1).
//
//   node --experimental-websocket --import tsx --test packages/core/test/client.command-timeout.test.ts
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, createMemoryStorage, ErrorCode, FloorwalkError, type CommandEnvelope, type IntentSettled } from '@floorwalk/core';
import { createManualClock, type ManualClock } from '@floorwalk/core/testing';
import { fakeAdapter, settle, T0, until } from './fixtures.js';

const admin = { userId: 'admin-1', role: 'admin', teamIds: 'all' } as const;

/** One send the test answers by hand, or never. */
interface Call {
  readonly command: CommandEnvelope;
  resolve(): void;
  reject(error: unknown): void;
}

function setup(options: { outbox?: boolean; maxAttempts?: number; commandTimeoutMs?: number } = {}) {
  const clock = createManualClock(T0 + 1000);
  const adapter = fakeAdapter();
  const storage = createMemoryStorage();
  let pings = 0;
  adapter.ping = async () => {
    pings++;
  };
  const client = createFloorwalk({
    adapter,
    session: admin,
    clock,
    reconnect: { jitter: 0 },
    ...(options.outbox === false ? {} : { outbox: { storage, ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }) } }),
    ...(options.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: options.commandTimeoutMs }),
  });
  const settled: IntentSettled[] = [];
  client.on('intent', (s) => settled.push(s));
  const errors: FloorwalkError[] = [];
  client.on('error', (e) => errors.push(e));
  // Every send waits for the test to answer it.
  const calls: Call[] = [];
  adapter.execute = (command) => new Promise<void>((resolve, reject) => calls.push({ command, resolve, reject }));
  return { clock, adapter, storage, client, settled, errors, calls, pings: () => pings };
}

/** Lets the client's promise chains run, then moves the clock. */
async function pass(clock: ManualClock, ms: number): Promise<void> {
  await settle();
  clock.advance(ms);
  await settle();
}

/** A client that disconnected while its send of `break` for a1 was out: kept in its storage, outcome unknown. */
async function keptAtDisconnect(): Promise<ReturnType<typeof setup>> {
  const a = setup();
  await a.client.connect();
  void a.client.setAgentPresence('a1', 'break');
  await until(() => a.calls.length === 1, 'the send');
  await a.client.disconnect();
  await settle();
  return a;
}

const timedOut = (e: unknown): boolean => e instanceof FloorwalkError && e.code === ErrorCode.NotConnected && e.retryable;

test('a send the adapter has not answered after commandTimeoutMs (30 s): a retryable NotConnected, an error event, a liveness check; on the same link the retry waits on the send still out, never a second one beside it', async () => {
  const { clock, client, storage, settled, errors, calls, pings } = setup();
  await client.connect();
  const first = client.setAgentPresence('a1', 'break');
  const second = client.sendMessage('dm:a1:admin-1', 'back soon');
  await until(() => calls.length === 1, 'the first send');
  await pass(clock, 29_999);
  assert.equal(calls.length, 1, 'the second command waits behind the first, in issue order');
  assert.equal(errors.length, 0, 'nothing reported before the limit');
  assert.deepEqual(client.getPendingIntents().map((i) => i.command.type), ['set-presence', 'send-message'], 'both shown as waiting');
  await pass(clock, 1);
  assert.equal(errors.length, 1, 'the hang is reported once');
  const [error] = errors;
  assert.ok(timedOut(error), `a retryable NotConnected, not ${String(error)}`);
  assert.match(error!.message, /fake did not answer set-presence within 30000 ms/);
  assert.equal(error!.details?.key, calls[0]!.command.key, 'the error names the intent');
  assert.equal(pings(), 1, 'the timed-out send made the client check the link, as a failed send does');
  assert.equal(settled.length, 0, 'not given up: retried');
  for (let i = 0; i < 10; i++) await pass(clock, 250);
  // A vendor without idempotency keys (Genesys) would carry out two sends that are both out.
  assert.equal(calls.length, 1, 'the link answered the check: the retry waits on the send still out');
  calls[0]!.resolve();
  await first;
  await until(() => calls.length === 2, 'the second command');
  assert.equal(calls[1]!.command.type, 'send-message');
  calls[1]!.resolve();
  await second;
  assert.deepEqual(settled.map((s) => s.outcome), ['confirmed', 'confirmed']);
  assert.equal(client.getPendingIntents().length, 0, 'nothing shown as Sending any more');
  assert.equal(storage.data.size, 0);
});

test('a send that times out on a dead link the adapter has not noticed: the check finds it, the link is re-opened, and the intent goes again once live, its attempt not spent', async () => {
  // One attempt only: had the timed-out send been counted, the intent would have failed.
  const { clock, adapter, client, settled, calls } = setup({ maxAttempts: 1 });
  const statuses: string[] = [];
  client.on('status', (s) => statuses.push(s.current));
  await client.connect();
  let dead = true;
  adapter.ping = () => (dead ? new Promise<void>(() => {}) : Promise.resolve());
  const done = client.setAgentPresence('a1', 'break');
  await until(() => calls.length === 1, 'the send');
  await pass(clock, 30_000);
  await pass(clock, 5_000);
  assert.equal(client.status, 'reconnecting', 'the unanswered liveness check is a lost link');
  assert.equal(settled.length, 0, 'the intent waits for the link');
  dead = false;
  for (let i = 0; i < 20 && calls.length < 2; i++) await pass(clock, 1000);
  assert.equal(calls.length, 2, 'sent again once live');
  assert.equal(calls[1]!.command.key, calls[0]!.command.key);
  calls[1]!.resolve();
  await done;
  assert.deepEqual(settled.map((s) => s.outcome), ['confirmed']);
  assert.equal(statuses.at(-1), 'live');
});

test('a send still out that then fails is sent again with the same key; one that never answers fails for good, and its late answer settles nothing twice', async () => {
  const { clock, client, storage, settled, errors, calls } = setup({ maxAttempts: 2 });
  await client.connect();
  // Past the limit, then refused (a 502): no send is out any more, so the retry sends again.
  const first = client.setAgentPresence('a1', 'break');
  await until(() => calls.length === 1, 'the first send');
  await pass(clock, 30_000);
  calls[0]!.reject(new FloorwalkError(ErrorCode.VendorError, '502', { retryable: true }));
  for (let i = 0; i < 10 && calls.length < 2; i++) await pass(clock, 250);
  assert.equal(calls.length, 2, 'sent again once the first send was over');
  assert.equal(calls[1]!.command.key, calls[0]!.command.key, 'with the same idempotency key');
  calls[1]!.resolve();
  await first;
  assert.deepEqual(settled.map((s) => s.outcome), ['confirmed'], 'settled once');

  // Every attempt times out: failed for good, and a late answer, either way, does not revive it.
  const second = client.setAgentPresence('a1', 'meal').catch((e: unknown) => e);
  await until(() => calls.length === 3, 'the second command');
  for (let i = 0; i < 80 && settled.length < 2; i++) await pass(clock, 1000);
  const rejection = await second;
  assert.ok(timedOut(rejection), `rejected with the timeout, not ${String(rejection)}`);
  assert.equal(calls.length, 3, 'both attempts waited on the one send');
  assert.deepEqual(settled.map((s) => s.outcome), ['confirmed', 'failed']);
  assert.ok(timedOut(settled[1]!.error));
  const reported = errors.length;
  calls[2]!.reject(new FloorwalkError(ErrorCode.VendorError, '502, much later'));
  await pass(clock, 0);
  assert.deepEqual(settled.map((s) => s.outcome), ['confirmed', 'failed'], 'no second outcome');
  assert.equal(errors.length, reported, 'a late refusal is not reported either');
  assert.equal(client.getPendingIntents().length, 0, 'not pending again');
  assert.equal(storage.data.size, 0, 'not stored again');

  // The queue is free: the next command goes out at once.
  const third = client.setAgentPresence('a1', 'available');
  await until(() => calls.length === 4, 'the next command');
  calls[3]!.resolve();
  await third;
  assert.deepEqual(settled.map((s) => s.outcome), ['confirmed', 'failed', 'confirmed']);
});

test('without an outbox a send that never answers rejects with the same error after commandTimeoutMs, and later commands go out', async () => {
  const { clock, client, settled, errors, calls, pings } = setup({ outbox: false, commandTimeoutMs: 2000 });
  await client.connect();
  const first = client.setAgentPresence('a1', 'break').catch((e: unknown) => e);
  const second = client.setAgentPresence('a2', 'meal');
  await settle();
  assert.equal(calls.length, 1);
  await pass(clock, 1999);
  assert.equal(client.getPendingIntents().length, 2);
  await pass(clock, 1);
  const rejection = await first;
  assert.ok(timedOut(rejection), `rejected with a retryable NotConnected, not ${String(rejection)}`);
  assert.match((rejection as FloorwalkError).message, /within 2000 ms/);
  assert.deepEqual(errors, [rejection], 'and reported');
  assert.equal(pings(), 1, 'the timed-out send made the client check the link, as with the outbox');
  await settle();
  assert.equal(calls.length, 2, 'the next command went out');
  calls[1]!.resolve();
  await second;
  calls[0]!.resolve();
  await pass(clock, 0);
  assert.deepEqual(settled.map((s) => s.outcome), ['failed', 'confirmed'], 'the late answer confirms nothing');
  assert.equal(client.getPendingIntents().length, 0);
});

test('a hung send does not hold the queue across disconnect() and connect() either', async () => {
  const { client, calls } = setup({ outbox: false });
  await client.connect();
  const hung = client.setAgentPresence('a1', 'break').catch((e: unknown) => e);
  await settle();
  await client.disconnect();
  await client.connect();
  const next = client.setAgentPresence('a2', 'meal');
  // Settled by the disconnect itself now, not by commandTimeoutMs: the clock need not move.
  assert.ok((await hung) instanceof FloorwalkError);
  await until(() => calls.length === 2, 'the command issued after the reconnect');
  calls[1]!.resolve();
  await next;
});

test('without an outbox too, a send that times out on a dead link the adapter has not noticed: the check finds it, and the link is not left shown as live', async () => {
  const { clock, adapter, client, calls } = setup({ outbox: false, commandTimeoutMs: 2000 });
  await client.connect();
  adapter.ping = () => new Promise<void>(() => {});
  const sent = client.setAgentPresence('a1', 'break').catch((e: unknown) => e);
  await until(() => calls.length === 1, 'the send');
  await pass(clock, 2000);
  assert.ok(timedOut(await sent), 'the command rejects at the limit, without waiting for the check');
  await pass(clock, 5_000);
  assert.equal(client.status, 'reconnecting', 'the unanswered liveness check is a lost link');
});

test('without an outbox, a send still out when disconnect() is called rejects at once with a retryable NotConnected; its late answer settles nothing twice', async () => {
  const { clock, client, settled, errors, calls } = setup({ outbox: false });
  await client.connect();
  const sent = client.setAgentPresence('a1', 'break').catch((e: unknown) => e);
  await until(() => calls.length === 1, 'the send');
  await client.disconnect();
  await settle();
  assert.deepEqual(settled.map((s) => s.outcome), ['failed'], 'settled at the disconnect, not after commandTimeoutMs');
  const rejection = await sent;
  assert.ok(timedOut(rejection), `a retryable NotConnected (the vendor may have applied it), not ${String(rejection)}`);
  calls[0]!.resolve();
  await pass(clock, 30_000);
  assert.deepEqual(settled.map((s) => s.outcome), ['failed'], 'the late answer confirms nothing');
  assert.deepEqual(errors, [], 'nor does the time limit report the send it no longer waits for');
  assert.equal(client.getPendingIntents().length, 0);
});

test('with the outbox, a send still out when disconnect() is called stays stored and queued for the next connect(), as on a lost link; its late answer settles nothing', async () => {
  const { clock, client, storage, settled, errors, calls } = setup({ maxAttempts: 1 });
  await client.connect();
  const done = client.setAgentPresence('a1', 'break');
  const key = () => calls[0]!.command.key;
  await until(() => calls.length === 1, 'the send');
  await client.disconnect();
  await settle();
  assert.equal(settled.length, 0, 'not settled: whether the vendor applied it is not known');
  assert.deepEqual(client.getPendingIntents().map((i) => i.key), [key()], 'still shown as waiting');
  assert.equal(storage.data.size, 1, 'still stored');
  calls[0]!.resolve();
  await pass(clock, 30_000);
  assert.equal(settled.length, 0, 'the answer from the closed link settles nothing');
  assert.deepEqual(errors, []);
  await client.connect();
  await until(() => calls.length === 2, 'sent again once live');
  assert.equal(calls[1]!.command.key, key(), 'with the same key, its one attempt not spent on the closed link');
  calls[1]!.resolve();
  await done;
  assert.deepEqual(settled.map((s) => s.outcome), ['confirmed'], 'settled once');
  assert.equal(storage.data.size, 0);
});

test('with the outbox and no Web Locks (one page), a send still out at disconnect() goes once: replayed by the next client on the storage, not sent again by this one when it connects', async () => {
  const a = await keptAtDisconnect();
  // B on the same storage, adapter id and user: a remount in the same page (React StrictMode, a route change).
  const vendor = fakeAdapter();
  const b = createFloorwalk({ adapter: vendor, session: admin, clock: createManualClock(T0 + 1000), outbox: { storage: a.storage } });
  const replayed: IntentSettled[] = [];
  b.on('intent', (s) => replayed.push(s));
  await b.connect();
  await until(() => replayed.length === 1, 'B replays what A kept');
  assert.deepEqual(vendor.executed.map((c) => c.key), [a.calls[0]!.command.key], 'with its key');
  assert.deepEqual(replayed.map((s) => [s.outcome, s.restored]), [['confirmed', true]]);
  assert.equal(a.storage.data.size, 0);
  // A connects again (StrictMode's second mount): what B sent is not sent a second time.
  await a.client.connect();
  const next = a.client.setAgentPresence('a2', 'meal');
  await until(() => a.calls.length === 2, "A's next command");
  // Before, A sent 'break' again from its own queue here, beside B's send.
  assert.deepEqual(a.calls.map((c) => (c.command.type === 'set-presence' ? c.command.state : '')), ['break', 'meal']);
  a.calls[1]!.resolve();
  await next;
  assert.deepEqual(a.client.getPendingIntents(), [], 'nor shown as waiting: B settled it');
  assert.deepEqual(a.settled.map((s) => s.outcome), ['confirmed'], 'only its own new command settles here');
  await a.client.disconnect();
  await b.disconnect();
});

test('with the outbox, a send that timed out and is still out when disconnect() comes (its retry waiting out the backoff) stays stored and queued too, not cancelled', async () => {
  const { clock, client, storage, settled, calls } = setup();
  await client.connect();
  const done = client.setAgentPresence('a1', 'break');
  await until(() => calls.length === 1, 'the send');
  // Past the limit: the link answers the check, and the retry waits its backoff before it waits
  // on the send again. The send is still out: the vendor may yet apply it.
  await pass(clock, 30_000);
  assert.equal(settled.length, 0, 'waiting to try again');
  await client.disconnect();
  await pass(clock, 10_000);
  assert.deepEqual(settled.map((s) => s.outcome), [], 'not cancelled: whether the vendor applied it is not known');
  assert.equal(storage.data.size, 1, 'still stored');
  assert.equal(client.getPendingIntents().length, 1, 'still shown as waiting');
  await client.connect();
  await until(() => calls.length === 2, 'sent again once live');
  assert.equal(calls[1]!.command.key, calls[0]!.command.key, 'with the same key');
  calls[1]!.resolve();
  await done;
  assert.deepEqual(settled.map((s) => s.outcome), ['confirmed'], 'settled once');
  assert.equal(storage.data.size, 0);
});

test('with the outbox, a command this client took over from an earlier page and has not yet got through is left stored at disconnect(), not cancelled: its caller was that page, and the next client sends it', async () => {
  const a = await keptAtDisconnect();
  // B takes it over (restored), and the vendor fails it for now: B waits out its backoff.
  const clock = createManualClock(T0 + 1000);
  const vendor = fakeAdapter();
  vendor.ping = async () => {};
  vendor.failWith = new FloorwalkError(ErrorCode.VendorError, 'vendor hiccup', { retryable: true });
  const b = createFloorwalk({ adapter: vendor, session: admin, clock, reconnect: { jitter: 0 }, outbox: { storage: a.storage } });
  const atB: IntentSettled[] = [];
  b.on('intent', (s) => atB.push(s));
  await b.connect();
  await until(() => b.getPendingIntents().some((i) => i.restored), 'B holds the earlier page\'s command');
  await pass(clock, 0);
  // B goes (an unmount) before it got through.
  await b.disconnect();
  await pass(clock, 60_000);
  assert.deepEqual(atB.map((s) => s.outcome), [], 'not cancelled: no one here asked for it');
  assert.equal(a.storage.data.size, 1, 'still stored');
  // The next client on the storage (a remount, the next page) sends it, with its key.
  const next = fakeAdapter();
  const c = createFloorwalk({ adapter: next, session: admin, clock: createManualClock(T0 + 2000), outbox: { storage: a.storage } });
  const atC: IntentSettled[] = [];
  c.on('intent', (s) => atC.push(s));
  await c.connect();
  await until(() => atC.length === 1, 'the next client replays it');
  assert.deepEqual(atC.map((s) => [s.outcome, s.restored]), [['confirmed', true]]);
  assert.deepEqual(next.executed.map((x) => x.key), [a.calls[0]!.command.key]);
  assert.equal(a.storage.data.size, 0);
  await c.disconnect();
});

test('with the outbox, one taken over from an earlier page and waiting in the queue for the link to come back is left stored at disconnect() too', async () => {
  const a = await keptAtDisconnect();
  // B takes it over; its send fails and the link turns out to be down: it waits in the queue.
  const clock = createManualClock(T0 + 1000);
  const vendor = fakeAdapter();
  vendor.ping = async () => {
    throw new FloorwalkError(ErrorCode.NotConnected, 'gone', { retryable: true });
  };
  vendor.failWith = new FloorwalkError(ErrorCode.VendorError, 'vendor hiccup', { retryable: true });
  const b = createFloorwalk({ adapter: vendor, session: admin, clock, reconnect: { jitter: 0 }, outbox: { storage: a.storage } });
  const atB: IntentSettled[] = [];
  b.on('intent', (s) => atB.push(s));
  await b.connect();
  await until(() => b.status !== 'live', 'B finds its link down');
  await pass(clock, 0);
  await b.disconnect();
  await pass(clock, 60_000);
  assert.deepEqual(atB.map((s) => s.outcome), [], 'not cancelled');
  assert.equal(a.storage.data.size, 1, 'still stored');
});

test('renewals, receipts and activity reports have the same time limit: a direct send never answered rejects after commandTimeoutMs, reported once', async () => {
  const { clock, client, errors, calls } = setup({ outbox: false, commandTimeoutMs: 2000 });
  await client.connect();
  const receipt: { outcome: unknown } = { outcome: 'waiting' };
  client.execute({ type: 'mark-delivered', conversationId: 'dm:a1:admin-1', messageIds: ['m1'] }).then(
    () => (receipt.outcome = 'confirmed'),
    (e: unknown) => (receipt.outcome = e),
  );
  await until(() => calls.length === 1, 'the receipt');
  await pass(clock, 1999);
  assert.ok(receipt.outcome === 'waiting', 'not before the limit');
  await pass(clock, 1);
  const outcome: unknown = receipt.outcome;
  assert.ok(timedOut(outcome), `a retryable NotConnected, not ${String(outcome)}`);
  assert.match((outcome as FloorwalkError).message, /fake did not answer mark-delivered within 2000 ms/);
  assert.deepEqual(errors, [outcome], 'and reported');
  calls[0]!.resolve();
  await pass(clock, 0);
  assert.equal(receipt.outcome, outcome, 'the late answer changes nothing');
  assert.equal(errors.length, 1);
});

test('an activity report the adapter never answers is sent again after commandTimeoutMs, not lost while the bucket holds', async () => {
  const clock = createManualClock(T0 + 1000);
  const adapter = fakeAdapter();
  const reports: CommandEnvelope[] = [];
  adapter.execute = (command) => {
    if (command.type === 'report-activity') reports.push(command);
    return new Promise<void>(() => {});
  };
  const client = createFloorwalk({
    adapter,
    clock,
    commandTimeoutMs: 2000,
    session: { userId: 'a1', role: 'agent', teamIds: ['t1'] },
    policy: { activitySignal: { enabled: true, granularityMs: 1000 } },
    activity: { take: () => 1, stop: () => {} },
  });
  await client.connect();
  await settle();
  assert.equal(reports.length, 1, 'the first bucket');
  await pass(clock, 1000);
  assert.equal(reports.length, 1, 'the same bucket is not sent again while its send is out');
  await pass(clock, 1000);
  await pass(clock, 1000);
  assert.equal(reports.length, 2, 'sent again at the sample after the limit');
  assert.equal(reports[1]!.type === 'report-activity' && reports[1]!.bucket, 'active');
  assert.deepEqual(client.getSharedActivity(), [], 'never shown as shared: the platform did not take it');
  await client.disconnect();
});

test('commandTimeoutMs must be a positive number of milliseconds', () => {
  for (const commandTimeoutMs of [0, -1, Number.NaN, '30000']) {
    assert.throws(
      () => createFloorwalk({ adapter: fakeAdapter(), session: admin, commandTimeoutMs: commandTimeoutMs as number }),
      (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.InvalidArgument && /commandTimeoutMs/.test(e.message),
      String(commandTimeoutMs),
    );
  }
});
