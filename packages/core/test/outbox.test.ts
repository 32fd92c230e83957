// The outbox (OUT-1…4): every command an intent, stored before it is sent, replayed in order,
// settled exactly once as confirmed, conflict, failed or cancelled; kept across a page reload;
// never a token or a customer's data in storage.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  COMMAND_TYPES,
  createFloorwalk,
  createIndexedDbStorage,
  createMemoryStorage,
  ErrorCode,
  FloorwalkError,
  PERMISSIONS,
  type Command,
  type IntentSettled,
  type IntentStorage,
  type MemoryStorage,
} from '@floorwalk/core';
import { createManualClock } from '@floorwalk/core/testing';
import { agent, call, centreSnapshot, fakeAdapter, settle, T0, until } from './fixtures.js';

const admin = { userId: 'admin-1', role: 'admin', teamIds: 'all' } as const;

function setup(storage: MemoryStorage = createMemoryStorage(), adapter = fakeAdapter()) {
  const clock = createManualClock(T0 + 1000);
  const client = createFloorwalk({ adapter, session: admin, clock, outbox: { storage }, reconnect: { jitter: 0 } });
  const settled: IntentSettled[] = [];
  client.on('intent', (s) => settled.push(s));
  return { clock, adapter, client, storage, settled };
}

const states = (executed: readonly Command[]) => executed.map((c) => (c.type === 'set-presence' ? c.state : c.type));

/** One page of agent a1's desktop over `storage`: a reload is another call. */
function agentPage(storage: MemoryStorage, adapter = fakeAdapter()) {
  const client = createFloorwalk({ adapter, session: { userId: 'a1', role: 'agent', teamIds: ['t1'], agentId: 'a1' }, clock: createManualClock(T0 + 1000), outbox: { storage } });
  const settled: IntentSettled[] = [];
  client.on('intent', (s) => settled.push(s));
  return { adapter, client, settled };
}

test('each command is stored before it is sent, and forgotten once confirmed', async () => {
  const { adapter, client, storage, settled } = setup();
  await client.connect();
  const seenAtSend: number[] = [];
  const accept = adapter.execute;
  adapter.execute = async (command) => {
    seenAtSend.push([...storage.data.values()].filter((v) => (v as { key: string }).key === command.key).length);
    return accept(command);
  };
  await client.setAgentPresence('a1', 'break', { id: 'coffee', label: 'Coffee' });
  await settle();
  assert.deepEqual(seenAtSend, [1], 'the intent was in storage when the adapter got it');
  assert.equal(storage.data.size, 0, 'settled intents leave storage');
  assert.deepEqual(settled.map((s) => s.outcome), ['confirmed']);
  assert.equal(settled[0]!.key, adapter.executed[0]!.key);
});

test('while the link is down intents wait; on reconnect they replay in order, each settled once', async () => {
  const { adapter, client, storage, settled } = setup();
  await client.connect();
  adapter.sink!.status('reconnecting');
  const done = [client.setAgentPresence('a2', 'meal'), client.sendMessage('dm:a1:admin-1', 'back soon'), client.setAgentPresence('a2', 'available')];
  await settle();
  assert.equal(adapter.executed.length, 0);
  assert.equal(storage.data.size, 3);
  assert.deepEqual(client.getPendingIntents().map((i) => i.command.type), ['set-presence', 'send-message', 'set-presence']);
  adapter.sink!.status('live');
  await Promise.all(done);
  assert.deepEqual(states(adapter.executed), ['meal', 'send-message', 'available']);
  assert.equal(storage.data.size, 0);
  assert.deepEqual(settled.map((s) => s.outcome), ['confirmed', 'confirmed', 'confirmed']);
  assert.equal(new Set(settled.map((s) => s.key)).size, 3);
  assert.equal(client.getPendingIntents().length, 0);
});

test('a page reload keeps pending intents, and the next page replays them in order', async () => {
  const storage = createMemoryStorage();
  const first = setup(storage);
  await first.client.connect();
  first.adapter.sink!.status('offline');
  void first.client.setAgentPresence('a2', 'meal').catch(() => {});
  void first.client.sendMessage('dm:a1:admin-1', 'back in five').catch(() => {});
  void first.client.setAgentPresence('a2', 'training').catch(() => {});
  await settle();
  assert.equal(storage.data.size, 3);
  const keys = first.client.getPendingIntents().map((i) => i.key);
  // The page goes away: no disconnect(), nothing more from it.

  const second = setup(storage);
  await second.client.connect();
  await settle();
  await settle();
  assert.deepEqual(second.adapter.executed.map((c) => c.key), keys, 'the same intents, same keys, same order');
  assert.deepEqual(states(second.adapter.executed), ['meal', 'send-message', 'training']);
  assert.deepEqual(second.settled.map((s) => [s.outcome, s.restored]), [
    ['confirmed', true],
    ['confirmed', true],
    ['confirmed', true],
  ]);
  assert.equal(storage.data.size, 0);
});

test('a hand raised offline survives a reload with its reason, and is sent once by the next page', async () => {
  const storage = createMemoryStorage();
  const page = () => agentPage(storage);
  const first = page();
  await first.client.connect();
  first.adapter.sink!.status('offline');
  void first.client.raiseHand('Customer wants a refund over my limit', 'i1').catch(() => {});
  await settle();
  const [stored] = first.client.getPendingIntents();
  assert.equal(stored?.command.type === 'raise-hand' && stored.command.reason, 'Customer wants a refund over my limit', 'the reason is stored as the text it is');

  const second = page();
  await second.client.connect();
  await until(() => second.settled.length > 0, 'the restored hand to settle');
  assert.deepEqual(second.settled.map((s) => [s.outcome, s.restored, s.error?.message]), [['confirmed', true, undefined]]);
  assert.deepEqual(second.adapter.executed.map((c) => c.type === 'raise-hand' && [c.key, c.reason, c.interactionId]), [[stored!.key, 'Customer wants a refund over my limit', 'i1']]);
  assert.equal(storage.data.size, 0);
  const third = page();
  await third.client.connect();
  await settle();
  assert.deepEqual(third.adapter.executed, [], 'never twice');
});

/** A fake platform that, as the real ones do, refuses a hand raised on an interaction it no longer holds for the agent. */
function refusingEndedCalls(): ReturnType<typeof fakeAdapter> {
  const adapter = fakeAdapter();
  const accept = adapter.execute;
  adapter.execute = async (command) => {
    const live = adapter.snapshotEvent.interactions?.some((i) => i.id === (command as { interactionId?: string }).interactionId && i.state !== 'ended');
    if (command.type === 'raise-hand' && command.interactionId !== undefined && !live) throw new FloorwalkError(ErrorCode.UnknownInteraction, `Interaction ${command.interactionId} is unknown.`);
    return accept(command);
  };
  return adapter;
}

test('a hand raised offline about a call that ended meanwhile goes up without the call, not refused as unknown', async () => {
  const storage = createMemoryStorage();
  const page = () => agentPage(storage, refusingEndedCalls());
  const snapshotWithout = (without: string) => ({ ...centreSnapshot(), interactions: centreSnapshot().interactions!.filter((i) => i.id !== without) });
  // Back on the same page: the call ended while the link was down.
  const first = page();
  await first.client.connect();
  first.adapter.sink!.status('offline');
  const raised = first.client.raiseHand('Customer still needs a refund', 'i1');
  await settle();
  first.adapter.snapshotEvent = snapshotWithout('i1');
  first.adapter.sink!.status('live');
  await raised;
  assert.deepEqual(first.adapter.executed.map((c) => c.type === 'raise-hand' && [c.reason, c.interactionId]), [['Customer still needs a refund', undefined]]);
  assert.deepEqual(first.settled.map((s) => s.outcome), ['confirmed']);
  // After a reload: the next page replays it the same way.
  first.adapter.sink!.status('offline');
  void first.client.raiseHand('Another one', 'i1').catch(() => {});
  await settle();
  const second = page();
  second.adapter.snapshotEvent = snapshotWithout('i1');
  await second.client.connect();
  await until(() => second.settled.length > 0, 'the restored hand to settle');
  assert.deepEqual(second.settled.map((s) => [s.outcome, s.restored]), [['confirmed', true]]);
  assert.deepEqual(second.adapter.executed.map((c) => c.type === 'raise-hand' && [c.reason, c.interactionId]), [['Another one', undefined]]);
});

test('without an outbox, a hand raised offline about a call that ended meanwhile goes up without the call too', async () => {
  const adapter = refusingEndedCalls();
  const client = createFloorwalk({ adapter, session: { userId: 'a1', role: 'agent', teamIds: ['t1'], agentId: 'a1' }, clock: createManualClock(T0 + 1000) });
  await client.connect();
  adapter.sink!.status('offline');
  const raised = client.raiseHand('Customer still needs a refund', 'i1');
  await settle();
  adapter.snapshotEvent = { ...centreSnapshot(), interactions: centreSnapshot().interactions!.filter((i) => i.id !== 'i1') };
  adapter.sink!.status('live');
  await raised;
  assert.deepEqual(adapter.executed.map((c) => c.type === 'raise-hand' && [c.reason, c.interactionId]), [['Customer still needs a refund', undefined]]);
  // Raised while live about a call the client knows nothing of, it is the platform's to refuse, as before.
  const unknown = await client.raiseHand('Another', 'i-unknown').then(() => undefined, (err: unknown) => err);
  assert.equal((unknown as FloorwalkError).code, ErrorCode.UnknownInteraction);
  await client.disconnect();
});

test('a hand raised about a call whose end arrives before the raise is sent goes up without it, not refused as unknown', async () => {
  const adapter = refusingEndedCalls();
  const client = createFloorwalk({ adapter, session: { userId: 'a1', role: 'agent', teamIds: ['t1'], agentId: 'a1' }, clock: createManualClock(T0 + 1000) });
  await client.connect();
  const call = centreSnapshot().interactions!.find((i) => i.id === 'i1')!;
  const raised = client.raiseHand('The customer hung up on me mid-refund', 'i1');
  // The call ends at the platform, and the client hears of it before its send goes out.
  adapter.snapshotEvent = { ...centreSnapshot(), interactions: centreSnapshot().interactions!.filter((i) => i.id !== 'i1') };
  adapter.sink!.events([{ type: 'interaction', id: 'i1-ended', at: T0 + 2000, source: adapter.id, interaction: { ...call, state: 'ended', endedAt: T0 + 2000 } }]);
  await raised;
  assert.deepEqual(adapter.executed.map((c) => c.type === 'raise-hand' && [c.reason, c.interactionId]), [['The customer hung up on me mid-refund', undefined]]);
  await client.disconnect();
});

test('a hand lowered before its raise was sent is withdrawn: it never goes, here or after a reload', async () => {
  const storage = createMemoryStorage();
  const page = () => agentPage(storage);
  const first = page();
  await first.client.connect();
  first.adapter.sink!.status('offline');
  const raise = first.client.raiseHand('Stuck on a call');
  await settle();
  const [queued] = first.client.getPendingIntents();
  assert.equal(first.client.dismissIntent(queued!.key), true, 'withdrawn');
  const error = await raise.then(() => undefined, (err: unknown) => err);
  assert.equal((error as FloorwalkError).code, ErrorCode.Cancelled, 'its caller hears it will not go');
  assert.deepEqual(first.settled.map((s) => [s.key, s.outcome]), [[queued!.key, 'cancelled']]);
  assert.deepEqual([first.client.getPendingIntents(), first.client.getFailedIntents()], [[], []], 'nothing waits, and nothing failed: the person chose it');
  assert.equal(first.client.dismissIntent(queued!.key), false, 'once');
  first.adapter.sink!.status('live');
  await settle();
  await settle();
  assert.deepEqual(first.adapter.executed, [], 'not sent when the link came back');
  assert.equal(storage.data.size, 0, 'gone from the outbox');
  const second = page();
  await second.client.connect();
  await settle();
  assert.deepEqual(second.adapter.executed, [], 'not sent by the next page');
});

test('an intent already sent is not withdrawn: the platform may have applied it', async () => {
  const { adapter, client, settled } = setup();
  await client.connect();
  let answer = (): void => {};
  const accept = adapter.execute;
  adapter.execute = (command) => new Promise<void>((resolve) => (answer = () => void accept(command).then(resolve)));
  const done = client.setAgentPresence('a2', 'meal');
  await settle();
  const [out] = client.getPendingIntents();
  assert.equal(client.dismissIntent(out!.key), false);
  answer();
  await done;
  assert.deepEqual(settled.map((s) => s.outcome), ['confirmed']);
  await client.disconnect();
});

test('a restored intent that did not go stays readable for a view that comes later, until dismissed', async () => {
  const storage = createMemoryStorage();
  const first = setup(storage);
  await first.client.connect();
  first.adapter.sink!.status('offline');
  void first.client.sendMessage('dm:a1:admin-1', 'refused').catch(() => {});
  void first.client.setAgentPresence('a2', 'meal').catch(() => {});
  await settle();
  const refusedKey = first.client.getPendingIntents()[0]!.key;

  const second = setup(storage);
  // The platform refuses the message; the presence change goes.
  const accept = second.adapter.execute;
  second.adapter.execute = async (command) => {
    if (command.type === 'send-message') throw new FloorwalkError(ErrorCode.VendorError, 'Refused.', { retryable: false });
    return accept(command);
  };
  await second.client.connect();
  for (let i = 0; i < 5; i++) await settle();
  assert.deepEqual(second.settled.map((s) => [s.outcome, s.restored]), [
    ['failed', true],
    ['confirmed', true],
  ]);
  // What a listener subscribing now would have missed: the event, as it was, for the restored failure only.
  const failed = second.client.getFailedIntents();
  assert.deepEqual(failed, [second.settled[0]]);
  assert.equal(failed[0]!.key, refusedKey);
  assert.equal(failed[0]!.error?.code, ErrorCode.VendorError);
  assert.equal(failed[0]!.command.type === 'send-message' && failed[0]!.command.body, 'refused');
  // A copy: the caller cannot change what the next reader gets.
  (failed as IntentSettled[]).length = 0;
  assert.equal(second.client.getFailedIntents().length, 1);
  second.client.dismissIntent('no-such-key');
  assert.equal(second.client.getFailedIntents().length, 1);
  second.client.dismissIntent(refusedKey);
  assert.deepEqual(second.client.getFailedIntents(), []);
  await second.client.disconnect();
});

test("this page's own intents that did not go are kept too, of any type, with or without the outbox", async () => {
  // The view that sent one (a chat in a drawer) may be gone when it fails, or gone before the
  // person acted on it: the next view is the only one left to tell them.
  for (const outbox of [true, false]) {
    const adapter = fakeAdapter();
    const client = createFloorwalk({ adapter, session: admin, clock: createManualClock(T0 + 1000), outbox, reconnect: { jitter: 0 } });
    const settled: IntentSettled[] = [];
    client.on('intent', (s) => settled.push(s));
    await client.connect();
    await client.sendMessage('dm:a1:admin-1', 'went');
    adapter.failWith = new FloorwalkError(ErrorCode.VendorError, 'Refused.', { retryable: false });
    const own = client.sendMessage('dm:a1:admin-1', 'refused');
    const presence = client.setAgentPresence('a2', 'meal');
    // The caller is told as before: the promise rejects with the error the list holds.
    const error = await own.then(() => undefined, (err: unknown) => err);
    await assert.rejects(presence);
    assert.deepEqual(settled.map((s) => [s.outcome, s.restored]), [
      ['confirmed', false],
      ['failed', false],
      ['failed', false],
    ]);
    const failed = client.getFailedIntents();
    assert.deepEqual(failed, settled.slice(1), `outbox ${outbox}`);
    assert.equal(failed[0]!.error, error);
    assert.equal(failed[0]!.command.type === 'send-message' && failed[0]!.command.body, 'refused');
    client.dismissIntent(failed[0]!.key);
    assert.deepEqual(client.getFailedIntents().map((s) => s.command.type), ['set-presence']);
    await client.disconnect();
  }
});

test('at most the newest 50 restored intents that did not go are kept', async () => {
  const storage = createMemoryStorage();
  for (let i = 0; i < 52; i++) {
    await storage.set(`outbox/fake/admin-1/k${i}`, { key: `k${i}`, seq: i, command: { type: 'send-message', conversationId: 'dm:a1:admin-1', body: `m${i}` }, issuedBy: 'admin-1', issuedAt: T0 + i });
  }
  const { adapter, client, settled } = setup(storage);
  adapter.failWith = new FloorwalkError(ErrorCode.VendorError, 'Refused.', { retryable: false });
  await client.connect();
  for (let i = 0; i < 50 && settled.length < 52; i++) await settle();
  assert.deepEqual(new Set(settled.map((s) => `${s.outcome} ${s.restored}`)), new Set(['failed true']));
  assert.equal(settled.length, 52);
  assert.deepEqual(
    client.getFailedIntents().map((s) => s.key),
    Array.from({ length: 50 }, (_, i) => `k${i + 2}`),
  );
  await client.disconnect();
});

test('a reloaded page sends its own new commands after the restored ones', async () => {
  const storage = createMemoryStorage();
  const first = setup(storage);
  await first.client.connect();
  first.adapter.sink!.status('offline');
  void first.client.setAgentPresence('a2', 'meal').catch(() => {});
  await settle();
  const second = setup(storage);
  await second.client.connect();
  // Issued at once on the new page, while the restored intent is still being read back.
  await second.client.setAgentPresence('a2', 'available');
  assert.deepEqual(states(second.adapter.executed), ['meal', 'available']);
  // The earlier page may have sent it: the adapter is told, so one whose vendor takes no key looks first.
  assert.deepEqual(
    second.adapter.executed.map((c) => c.restored),
    [true, undefined],
  );
});

test('the world moved on: an intent for a state that changed meanwhile is a conflict, not applied', async () => {
  const { adapter, client, clock, settled } = setup();
  await client.connect();
  adapter.sink!.status('reconnecting');
  const issuedAt = clock.now();
  const onBreak = client.setAgentPresence('a2', 'break');
  const other = client.setAgentPresence('b1', 'meal');
  // While away, a2 was put on a call, and b1's presence was set to training by someone else.
  adapter.snapshotEvent = {
    ...centreSnapshot(issuedAt + 30_000),
    agents: [agent('a1', ['t1']), agent('a2', ['t1']), agent('b1', ['t2'], 'training', issuedAt + 10_000)],
    interactions: [call('i9', 'a2', 'connected', { createdAt: issuedAt + 5_000, connectedAt: issuedAt + 6_000 })],
  };
  adapter.sink!.status('live');
  await assert.rejects(onBreak, (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.Conflict && /interaction meanwhile/.test(e.message));
  await assert.rejects(other, (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.Conflict && /changed to training/.test(e.message));
  assert.equal(adapter.executed.length, 0, 'never applied silently');
  assert.deepEqual(settled.map((s) => s.outcome), ['conflict', 'conflict']);
});

test('a record that closed while the link was down makes its intent a conflict, not a denial, after a gap or a reload: the policy refuses first only for scope', async () => {
  /** One page of sup-1's desktop (team t1) over `storage`, holding a hand a1 raised and a listen on a1's call. */
  const page = async (storage: MemoryStorage) => {
    const adapter = fakeAdapter();
    const client = createFloorwalk({ adapter, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] }, clock: createManualClock(T0 + 1000), outbox: { storage } });
    const settled: IntentSettled[] = [];
    client.on('intent', (s) => settled.push(s));
    await client.connect();
    const at = T0 + 1000;
    adapter.emit(
      { type: 'help-request', id: 'e-h1', at, source: 'fake', request: { id: 'h1', agentId: 'a1', state: 'open', raisedAt: T0, reason: 'refund' } },
      { type: 'monitoring', id: 'e-m1', at, source: 'fake', session: { id: 'm1', agentId: 'a1', supervisorId: 'sup-1', interactionId: 'i1', mode: 'listen', startedAt: T0 } },
    );
    await settle();
    return { adapter, client, settled };
  };
  // Meanwhile the call ended, and so the listen; another supervisor answered the hand and it was lowered.
  const closed = { ...centreSnapshot(T0 + 60_000), interactions: [], monitoring: [], helpRequests: [] };
  const moved = (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.Conflict && /was not replayed/.test(e.message);
  const gap = await page(createMemoryStorage());
  gap.adapter.sink!.status('reconnecting');
  const stop = gap.client.stopMonitoring('m1');
  const take = gap.client.acknowledgeHelp('h1');
  gap.adapter.snapshotEvent = closed;
  gap.adapter.sink!.status('live');
  await assert.rejects(stop, moved);
  await assert.rejects(take, moved);
  assert.deepEqual(gap.settled.map((s) => s.outcome), ['conflict', 'conflict']);
  // Nobody refused the supervisor anything: the trail says the stop was not carried out, and why.
  assert.deepEqual(gap.client.getAuditLog().map((e) => [e.action, e.outcome]), [
    ['monitoring.stop', 'requested'],
    ['monitoring.stop', 'failed'],
  ]);
  // After a reload: the next page restores the stop and finds the session over.
  const storage = createMemoryStorage();
  const before = await page(storage);
  before.adapter.sink!.status('offline');
  before.client.stopMonitoring('m1').catch(() => {});
  await until(() => storage.data.size === 1, 'stored');
  const adapter = fakeAdapter();
  adapter.snapshotEvent = closed;
  const after = createFloorwalk({ adapter, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] }, clock: createManualClock(T0 + 60_000), outbox: { storage } });
  const settled: IntentSettled[] = [];
  after.on('intent', (s) => settled.push(s));
  await after.connect();
  await until(() => settled.length === 1, 'the restored stop settled');
  assert.deepEqual(settled.map((s) => [s.outcome, s.restored, s.error?.code]), [['conflict', true, ErrorCode.Conflict]]);
  assert.deepEqual(after.getAuditLog().filter((e) => e.action === 'command.denied'), []);
  for (const c of [gap.adapter, before.adapter, adapter]) assert.deepEqual(c.executed, [], 'never sent');
  for (const c of [gap.client, before.client, after]) await c.disconnect();
});

test('a team message queued offline is checked against the policy again when it is replayed: moved out of the team meanwhile, it is refused, after a gap or a reload', async () => {
  const moved = { ...centreSnapshot(T0 + 60_000), agents: [agent('a1', ['t2']), agent('a2', ['t1']), agent('b1', ['t2'])] };
  // After a gap: the page stays, the link drops, the platform moves the agent to t2.
  const gap = agentPage(createMemoryStorage());
  await gap.client.connect();
  gap.adapter.sink!.status('reconnecting');
  const queued = gap.client.sendMessage('team:t1', 'Back in five');
  gap.adapter.snapshotEvent = moved;
  gap.adapter.sink!.status('live');
  await assert.rejects(queued, (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.Forbidden);
  // After a reload: the next page finds the agent in t2.
  const storage = createMemoryStorage();
  const before = agentPage(storage);
  await before.client.connect();
  before.adapter.sink!.status('reconnecting');
  before.client.sendMessage('team:t1', 'Back in ten').catch(() => {});
  await until(() => storage.data.size === 1, 'stored');
  const kept = createMemoryStorage();
  for (const [key, value] of storage.data) await kept.set(key, { ...(value as object), owner: undefined });
  const adapter = fakeAdapter();
  adapter.snapshotEvent = moved;
  const after = agentPage(kept, adapter);
  await after.client.connect();
  await until(() => after.settled.length === 1, 'the restored message settled');
  assert.equal(after.settled[0]?.error?.code, ErrorCode.Forbidden);
  for (const page of [gap, after]) assert.deepEqual(page.adapter.executed.filter((c) => c.type === 'send-message'), [], 'never sent');
  for (const page of [gap, before, after]) await page.client.disconnect();
});

test('a policy change queued offline is not replayed over another admin\'s newer change to the same field', async () => {
  const { adapter, client, settled } = setup();
  await client.connect();
  adapter.sink!.status('reconnecting');
  const escalation = client.setPolicy({ helpEscalationMs: 90_000 });
  const lease = client.setPolicy({ monitoringLeaseMs: 45_000 });
  const signal = client.setPolicy({ activitySignal: { enabled: true } });
  // While away, another admin set the escalation to 60 s and turned the signal on with a 30 s
  // granularity; nobody touched the lease.
  adapter.snapshotEvent = { ...centreSnapshot(T0 + 60_000), policy: { helpEscalationMs: 60_000, activitySignal: { enabled: true, granularityMs: 30_000 } } };
  adapter.sink!.status('live');
  await assert.rejects(escalation, (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.Conflict && /helpEscalationMs changed meanwhile/.test(e.message));
  await lease;
  // The signal is already on, which is all this change asked: nothing was undone, so it goes out.
  await signal;
  assert.deepEqual(
    adapter.executed.map((c) => (c.type === 'set-policy' ? Object.keys(c.changes) : c.type)),
    [['monitoringLeaseMs'], ['activitySignal']],
  );
  assert.equal(client.getPolicy().helpEscalationMs, 60_000, 'the newer change stands');
  assert.deepEqual(settled.map((s) => s.outcome), ['conflict', 'confirmed', 'confirmed']);
});

test("a vendor's Conflict is surfaced as a conflict; other refusals fail; both leave storage", async () => {
  const { adapter, client, storage, settled } = setup();
  await client.connect();
  adapter.failWith = new FloorwalkError(ErrorCode.Conflict, 'agent is on a call');
  await assert.rejects(client.setAgentPresence('a1', 'meal'), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.Conflict);
  adapter.failWith = new FloorwalkError(ErrorCode.UnknownAgent, 'no such agent');
  await assert.rejects(client.setAgentPresence('a1', 'break'), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.UnknownAgent);
  await settle();
  assert.deepEqual(settled.map((s) => s.outcome), ['conflict', 'failed']);
  assert.equal(storage.data.size, 0);
});

test('retryable failures are retried with the same idempotency key until confirmed, up to maxAttempts', async () => {
  const { adapter, client, clock, settled } = setup();
  await client.connect();
  const keys: string[] = [];
  let failures = 2;
  const accept = adapter.execute;
  adapter.execute = async (command) => {
    keys.push(command.key);
    if (failures-- > 0) throw new FloorwalkError(ErrorCode.VendorError, '502');
    return accept(command);
  };
  const done = client.setAgentPresence('a1', 'break');
  for (let i = 0; i < 5; i++) {
    await settle();
    clock.advance(1000);
  }
  await done;
  assert.equal(keys.length, 3);
  assert.equal(new Set(keys).size, 1, 'one key for every attempt');
  assert.deepEqual(settled.map((s) => s.outcome), ['confirmed']);

  adapter.execute = async () => {
    throw new FloorwalkError(ErrorCode.VendorError, '502 forever');
  };
  const doomed = client.setAgentPresence('a1', 'meal').catch((e: unknown) => e);
  for (let i = 0; i < 10; i++) {
    await settle();
    clock.advance(10_000);
  }
  assert.ok(((e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.VendorError)(await doomed));
  await assert.rejects(Promise.reject(await doomed), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.VendorError);
  assert.deepEqual(settled.map((s) => s.outcome), ['confirmed', 'failed']);
});

test('a send that fails on a dropped link the adapter has not noticed yet waits for the link, not spending its attempts', async () => {
  const { adapter, client, clock, storage, settled } = setup();
  const statuses: string[] = [];
  client.on('status', (s) => statuses.push(s.current));
  await client.connect();
  // The network is gone, but the vendor's socket has not timed out: the adapter still says live.
  const down = new FloorwalkError(ErrorCode.NotConnected, 'network down');
  adapter.failWith = down;
  adapter.snapshotFailure = down;
  const done = client.setAgentPresence('a1', 'break');
  for (let i = 0; i < 40; i++) {
    await settle();
    clock.advance(500);
  }
  assert.equal(settled.length, 0, 'twenty seconds down: nothing settled');
  assert.equal(storage.data.size, 1, 'the intent is still stored');
  assert.equal(client.status, 'reconnecting', 'the failed send made the client look at the link');
  adapter.failWith = undefined;
  adapter.snapshotFailure = undefined;
  for (let i = 0; i < 40 && settled.length === 0; i++) {
    await settle();
    clock.advance(500);
  }
  await done;
  assert.deepEqual(states(adapter.executed), ['break']);
  assert.deepEqual(settled.map((s) => s.outcome), ['confirmed']);
  assert.equal(storage.data.size, 0);
  assert.equal(statuses.at(-1), 'live');
});

test('a terminal failure does not lose intents: they stay stored and go out after connect()', async () => {
  const { adapter, client, storage } = setup();
  await client.connect();
  adapter.sink!.status('reconnecting');
  const waiting = client.setAgentPresence('a2', 'meal');
  adapter.sink!.status('failed', new FloorwalkError(ErrorCode.AuthFailed, 'token expired'));
  await settle();
  assert.equal(client.status, 'failed');
  assert.equal(storage.data.size, 1, 'still stored');
  assert.equal(client.getPendingIntents().length, 1);
  await client.connect();
  await waiting;
  assert.deepEqual(states(adapter.executed), ['meal']);
  assert.equal(storage.data.size, 0);
});

test('disconnect() cancels waiting intents and forgets them', async () => {
  const { adapter, client, storage, settled } = setup();
  await client.connect();
  adapter.sink!.status('offline');
  const waiting = client.setAgentPresence('a2', 'meal');
  await settle();
  await client.disconnect();
  await assert.rejects(waiting, (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.Cancelled);
  await settle();
  assert.equal(storage.data.size, 0);
  assert.deepEqual(settled.map((s) => s.outcome), ['cancelled']);
});

test('storage holds no token and no customer data: every command type, read back', async () => {
  const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.secret-access-token';
  const storage = createMemoryStorage();
  const adapter = Object.assign(fakeAdapter(), { token: TOKEN });
  // One session allowed everything, so every command type reaches the outbox.
  const client = createFloorwalk({
    adapter,
    session: { userId: 'a1', agentId: 'a1', role: 'admin', teamIds: 'all' },
    policy: { roles: { admin: PERMISSIONS }, activitySignal: { enabled: true } },
    outbox: { storage },
    clock: createManualClock(T0),
  });
  await client.connect();
  adapter.emit(
    { type: 'help-request', id: 'hr', at: T0 + 1, source: 'fake', request: { id: 'h1', agentId: 'a1', reason: 'stuck', state: 'open', raisedAt: T0 + 1 } },
    { type: 'monitoring', id: 'mo', at: T0 + 1, source: 'fake', session: { id: 'm2', supervisorId: 'a1', agentId: 'b1', interactionId: 'i2', mode: 'listen', startedAt: T0 + 1 } },
    { type: 'check-in', id: 'ci', at: T0 + 1, source: 'fake', checkIn: { id: 'c1', agentId: 'a1', supervisorId: 'sup-1', scheduledFor: T0 + 86_400_000, proposedAt: T0 + 1, noticeMs: 86_400_000 - 1, answer: 'pending' } },
    { type: 'check-in', id: 'ci2', at: T0 + 1, source: 'fake', checkIn: { id: 'c2', agentId: 'a1', supervisorId: 'a1', scheduledFor: T0 + 86_400_000, proposedAt: T0, noticeMs: 86_400_000, answer: 'pending', counterFor: T0 + 90_000_000 } },
    { type: 'check-in', id: 'ci3', at: T0 + 1, source: 'fake', checkIn: { id: 'c3', agentId: 'a1', supervisorId: 'a1', scheduledFor: T0 + 60_000, proposedAt: T0 - 86_400_000, noticeMs: 86_400_000, answer: 'accepted' } },
    { type: 'check-in', id: 'ci4', at: T0 + 1, source: 'fake', checkIn: { id: 'c4', agentId: 'a1', supervisorId: 'a1', scheduledFor: T0, proposedAt: T0 - 86_400_000, noticeMs: 86_400_000, answer: 'accepted', phase: 'starting', startedAt: T0 } },
    { type: 'colleague-call', id: 'cc', at: T0 + 1, source: 'fake', call: { id: 'call-1', kind: 'direct', participantIds: ['a1', 'a2'], startedBy: 'a1', startedAt: T0 } },
    { type: 'coaching-session', id: 'cs', at: T0 + 1, source: 'fake', session: { id: 's1', topic: 'Refunds', at: T0 + 3_600_000, durationMs: 1_800_000, attendeeIds: ['a1'], organiserId: 'sup-1', agentId: 'a1', state: 'scheduled' } },
  );
  adapter.sink!.status('offline');
  const commands: Command[] = [
    { type: 'set-presence', agentId: 'a1', state: 'break', reason: { id: 'coffee', label: 'Coffee', token: TOKEN } as never },
    { type: 'start-monitoring', agentId: 'a1', interactionId: 'i1', mode: 'listen' },
    { type: 'change-monitoring-mode', sessionId: 'm2', mode: 'whisper' },
    { type: 'stop-monitoring', sessionId: 'm2' },
    { type: 'raise-hand', agentId: 'a1', reason: 'help', interactionId: 'i1' },
    { type: 'acknowledge-help', requestId: 'h1' },
    { type: 'resolve-help', requestId: 'h1' },
    { type: 'send-message', conversationId: 'dm:a1:admin-1', body: 'hi' },
    { type: 'add-coaching-note', agentId: 'a1', body: 'good call' },
    { type: 'propose-check-in', agentId: 'a1', scheduledFor: T0 + 86_400_000 },
    { type: 'answer-check-in', checkInId: 'c1', answer: 'accepted' },
    { type: 'mark-read', conversationId: 'dm:a1:admin-1' },
    { type: 'counter-check-in', checkInId: 'c1', scheduledFor: T0 + 2 * 86_400_000 },
    { type: 'respond-check-in-counter', checkInId: 'c2', accept: true },
    { type: 'start-check-in', checkInId: 'c3' },
    { type: 'confirm-check-in', checkInId: 'c4' },
    { type: 'end-check-in', checkInId: 'c4' },
    { type: 'cancel-check-in', checkInId: 'c1' },
    { type: 'schedule-coaching-session', agentId: 'a1', topic: 'Refunds', at: T0 + 3_600_000, durationMs: 1_800_000 },
    { type: 'reschedule-coaching-session', sessionId: 's1', at: T0 + 7_200_000 },
    { type: 'cancel-coaching-session', sessionId: 's1' },
    { type: 'start-colleague-call', participantIds: ['a2'] },
    { type: 'end-colleague-call', callId: 'call-1' },
    { type: 'set-policy', changes: { activitySignal: { enabled: true, token: TOKEN } as never } },
  ];
  // Renewals, receipts and activity reports are never stored: they go out live or not at all.
  const direct = ['renew-monitoring', 'mark-delivered', 'report-activity'];
  assert.deepEqual(commands.map((c) => c.type).sort(), COMMAND_TYPES.filter((t) => !direct.includes(t)).sort());
  for (const type of direct) {
    const sample = { type, sessionId: 'm2', conversationId: 'dm:a1:a2', messageIds: ['x'], agentId: 'a1', bucket: 'idle' } as unknown as Command;
    await assert.rejects(client.execute(sample), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.NotConnected, `${type} is refused while offline, not queued`);
  }
  // A careless host hangs secrets and a customer record on the command objects.
  const refused: string[] = [];
  for (const c of commands) {
    void client.execute({ ...c, token: TOKEN, accessToken: TOKEN, customer: { name: 'Jane Doe', phone: '+44 7700 900123' } } as unknown as Command).catch((e: FloorwalkError) => {
      if (e.code !== ErrorCode.Cancelled) refused.push(`${c.type}: ${e.message}`);
    });
  }
  await settle();
  assert.deepEqual(refused, []);
  assert.equal(storage.data.size, commands.length);
  const text = JSON.stringify([...storage.data]);
  for (const secret of [TOKEN, 'secret-access-token', 'Jane Doe', '7700 900123', 'accessToken', 'customer']) {
    assert.ok(!text.includes(secret), `storage must not hold ${secret}`);
  }
  for (const [key] of storage.data) assert.match(key, /^outbox\/fake\/a1\//, 'keys are namespaced by adapter and user');
  await client.disconnect();
});

test('createIndexedDbStorage falls back to memory where IndexedDB is missing (Node), and the client says so once', async () => {
  assert.equal(typeof (globalThis as { indexedDB?: unknown }).indexedDB, 'undefined');
  const storage: IntentStorage = createIndexedDbStorage();
  const failure = (): unknown => storage.failure;
  assert.equal(failure(), undefined, 'nothing tried yet');
  await storage.set('k', { a: 1 });
  assert.ok(failure() instanceof ReferenceError, 'why it is in memory');
  assert.deepEqual(await storage.entries(), [['k', { a: 1 }]]);
  await storage.del('k');
  assert.deepEqual(await storage.entries(), []);
  // The client's default outbox storage works the same way, and tells the host once (before, not at all).
  const client = createFloorwalk({ adapter: fakeAdapter(), session: admin, outbox: true });
  const errors: FloorwalkError[] = [];
  client.on('error', (e) => errors.push(e));
  await client.connect();
  await client.setAgentPresence('a1', 'break');
  await client.setAgentPresence('a1', 'meal');
  assert.equal(client.getPendingIntents().length, 0);
  assert.deepEqual(
    errors.map((e) => [e.code, e.message]),
    [[ErrorCode.StorageFailed, 'Queued commands will not survive a reload: the outbox could not store them: indexedDB is not defined']],
  );
  // A host that wants memory says so, and is not told.
  const quiet = createFloorwalk({ adapter: fakeAdapter(), session: admin, outbox: { storage: createMemoryStorage() } });
  quiet.on('error', (e) => errors.push(e));
  await quiet.connect();
  await quiet.setAgentPresence('a1', 'break');
  assert.equal(errors.length, 1);
  await client.disconnect();
  await quiet.disconnect();
});

test('a corrupt or foreign entry in storage is skipped, an invalid stored intent fails once', async () => {
  const storage = createMemoryStorage();
  await storage.set('someone-else', { key: 'x' });
  await storage.set('outbox/fake/admin-1/garbage', 42);
  await storage.set('outbox/fake/admin-1/bad', { key: 'bad', seq: 1, command: { type: 'set-presence', agentId: '', state: 'nope' }, issuedBy: 'admin-1', issuedAt: T0 });
  const { adapter, client, settled } = setup(storage);
  await client.connect();
  await settle();
  assert.equal(adapter.executed.length, 0);
  assert.deepEqual(settled.map((s) => [s.key, s.outcome]), [['bad', 'failed']]);
  await settle();
  assert.ok(storage.data.has('someone-else'), "others' entries are left alone");
});

test("a closing page's intent deferred while a command is in flight is still replayed once that command is answered", async () => {
  // Web Locks as a browser has them: a page holds its own lock while it lives; `ifAvailable`
  // gets null while another holds it.
  const held = new Map<string, () => void>();
  const locks = {
    request(name: string, _options: { ifAvailable: true }, callback: (lock: object | null) => Promise<void> | undefined): Promise<void> {
      if (held.has(name)) {
        callback(null);
        return Promise.resolve();
      }
      const kept = callback({}) ?? Promise.resolve();
      held.set(name, () => {});
      return kept.finally(() => held.delete(name));
    },
  };
  const g = globalThis as unknown as { navigator?: unknown };
  const before = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  Object.defineProperty(globalThis, 'navigator', { value: { locks }, configurable: true, writable: true });
  try {
    const storage = createMemoryStorage();
    // The other page is still open (it holds its lock) when this one reads the outbox.
    let close!: () => void;
    void locks.request('floorwalk:outbox:closing-page', { ifAvailable: true }, () => new Promise<void>((resolve) => (close = resolve)));
    await storage.set('outbox/fake/admin-1/gone-1', { key: 'gone-1', seq: 1, command: { type: 'set-presence', agentId: 'a2', state: 'meal' }, issuedBy: 'admin-1', issuedAt: T0, owner: 'closing-page' });
    const { clock, adapter, client, settled } = setup(storage);
    // The vendor holds this page's own command unanswered.
    let answer!: () => void;
    const accept = adapter.execute;
    adapter.execute = (command) => {
      adapter.execute = accept;
      return new Promise<void>((resolve) => (answer = resolve)).then(() => accept(command));
    };
    await client.connect();
    const own = client.setAgentPresence('a1', 'break');
    await settle();
    assert.deepEqual(adapter.executed, [], 'own command in flight');
    // The other page closes; this page looks again after 2 s while its own command is still out.
    close();
    await settle();
    clock.advance(2000);
    await settle();
    answer();
    await own;
    for (let i = 0; i < 5; i++) await settle();
    assert.deepEqual(states(adapter.executed), ['break', 'meal'], "the closed page's intent went out after this page's own");
    assert.deepEqual(settled.map((s) => [s.key === 'gone-1', s.outcome, s.restored]), [
      [false, 'confirmed', false],
      [true, 'confirmed', true],
    ]);
    assert.equal(storage.data.size, 0);
    await client.disconnect();
  } finally {
    if (before === undefined) delete g.navigator;
    else Object.defineProperty(globalThis, 'navigator', before);
  }
});
