// A sloppy host app: callbacks, options and arguments that throw, return garbage or re-enter.
// Whatever the host does, the client answers with a FloorwalkError (a rejection or an `error`
// event), never an uncaught exception, never corrupted state, never lost queued intents.
//
//   node --experimental-websocket --import tsx --test packages/core/test/client.host.test.ts
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, createMemoryStorage, ErrorCode, FloorwalkError, type Command, type IntentStorage, type Logger } from '@floorwalk/core';
import { createManualClock } from '@floorwalk/core/testing';
import { fakeAdapter, nextId, settle, T0, withoutRandomUUID } from './fixtures.js';

const admin = { userId: 'admin-1', role: 'admin', teamIds: 'all' } as const;
const supervisor = { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] } as const;
const agentSession = { userId: 'a1', role: 'agent', teamIds: ['t1'] } as const;

const throwingLogger = (): Logger & { calls: number } => {
  const logger = {
    calls: 0,
    debug: () => {
      logger.calls++;
      throw new Error('logger.debug is broken');
    },
    info: () => {
      logger.calls++;
      throw new Error('logger.info is broken');
    },
    warn: () => {
      logger.calls++;
      throw new Error('logger.warn is broken');
    },
    error: () => {
      logger.calls++;
      throw new Error('logger.error is broken');
    },
  };
  return logger;
};

test('a logger whose methods throw stops neither the status change, the error event nor the command it logs', async () => {
  const logger = throwingLogger();
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, session: supervisor, logger });
  const statuses: string[] = [];
  const errors: FloorwalkError[] = [];
  client.on('status', (c) => statuses.push(c.current));
  client.on('error', (e) => errors.push(e));
  // Every transition is logged at debug level: a throw there escaped from connect().
  await client.connect();
  assert.equal(client.status, 'live');
  assert.deepEqual(statuses, ['connecting', 'live']);
  // reportError logs at warn before it emits: the malformed event is still told.
  adapter.emit({ type: 'warp' } as never);
  assert.deepEqual(errors.map((e) => e.code), [ErrorCode.MalformedEvent]);
  // A listener that throws is logged at error level, then reported as an error event.
  client.on('audit', () => {
    throw new Error('host audit view broke');
  });
  await client.setAgentPresence('a1', 'break');
  await client.startMonitoring('a1', 'i1', 'listen');
  assert.ok(errors.some((e) => e.code === ErrorCode.ListenerFailed), errors.map((e) => e.message).join('; '));
  assert.equal(adapter.executed.length, 2, 'both commands went out');
  // A receipt the client owes is refused while offline and logged at debug level: no throw from the intake.
  adapter.sink!.status('offline');
  assert.doesNotThrow(() =>
    adapter.emit({ type: 'chat-message', id: nextId(), at: T0, source: 'fake', message: { id: 'm9', conversationId: 'dm:a1:sup-1', authorId: 'a1', body: 'hi', sentAt: T0, delivery: 'sent' } }),
  );
  await settle();
  await client.disconnect();
  assert.equal(client.status, 'idle');
  assert.ok(logger.calls > 4, `the logger was called (${logger.calls})`);
});

test('the outbox refuses a new intent beyond maxQueued with a non-retryable QueueFull, and never drops a queued one', async () => {
  const storage = createMemoryStorage();
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, session: admin, clock: createManualClock(T0 + 1000), outbox: { storage, maxQueued: 3 } });
  await client.connect();
  adapter.sink!.status('offline');
  const waiting = [client.setAgentPresence('a2', 'meal'), client.setAgentPresence('a2', 'training'), client.setAgentPresence('a2', 'busy')];
  const refused = await client.setAgentPresence('a2', 'away').then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(refused instanceof FloorwalkError, String(refused));
  assert.equal(refused.code, ErrorCode.QueueFull);
  assert.equal(refused.retryable, false);
  assert.equal(refused.details?.maxQueued, 3);
  await settle();
  assert.equal(storage.data.size, 3, 'the refused intent was never stored');
  assert.deepEqual(client.getPendingIntents().map((i) => (i.command as { state: string }).state), ['meal', 'training', 'busy']);
  adapter.sink!.status('live');
  await Promise.all(waiting);
  assert.deepEqual(adapter.executed.map((c) => (c as { state: string }).state), ['meal', 'training', 'busy']);
  // Drained: room again.
  await client.setAgentPresence('a2', 'away');
  await client.disconnect();
});

test("an earlier page's intents are all replayed even beyond maxQueued; new ones wait for room", async () => {
  const storage = createMemoryStorage();
  for (let seq = 1; seq <= 5; seq++) {
    await storage.set(`outbox/fake/admin-1/old-${seq}`, { key: `old-${seq}`, seq, command: { type: 'send-message', conversationId: 'team:t1', body: `note ${seq}` }, issuedBy: 'admin-1', issuedAt: T0 + seq });
  }
  const adapter = fakeAdapter();
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const accept = adapter.execute;
  adapter.execute = async (c) => {
    await gate;
    return accept(c);
  };
  const client = createFloorwalk({ adapter, session: admin, clock: createManualClock(T0 + 1000), outbox: { storage, maxQueued: 3 } });
  await client.connect();
  for (let i = 0; i < 5 && client.getPendingIntents().length < 5; i++) await settle();
  assert.equal(client.getPendingIntents().length, 5, 'all five restored');
  assert.ok(client.getPendingIntents().every((i) => i.restored === true), 'each marked as an earlier page\'s');
  await assert.rejects(client.sendMessage('team:t1', 'new'), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.QueueFull);
  release();
  for (let i = 0; i < 20 && adapter.executed.length < 5; i++) await settle();
  assert.deepEqual(adapter.executed.map((c) => (c as { body: string }).body), ['note 1', 'note 2', 'note 3', 'note 4', 'note 5']);
  const mine = client.sendMessage('team:t1', 'new');
  assert.equal(client.getPendingIntents().find((i) => (i.command as { body?: string }).body === 'new')?.restored, false, "this page's own is not");
  await mine;
  await client.disconnect();
});

test('the default bound is 500 intents, also for a client without an outbox', async () => {
  for (const outbox of [true, false]) {
    const adapter = fakeAdapter();
    const client = createFloorwalk({ adapter, session: admin, clock: createManualClock(T0 + 1000), outbox: outbox ? { storage: createMemoryStorage() } : false });
    await client.connect();
    adapter.sink!.status('reconnecting');
    const waiting: Promise<void>[] = [];
    for (let i = 0; i < 500; i++) waiting.push(client.setAgentPresence('a2', i % 2 === 0 ? 'meal' : 'available'));
    await assert.rejects(client.setAgentPresence('a2', 'meal'), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.QueueFull, `outbox: ${outbox}`);
    adapter.sink!.status('live');
    await Promise.all(waiting);
    assert.equal(adapter.executed.length, 500);
    await client.disconnect();
  }
});

test('a policy event stamped far in the future does not freeze the policy: a later change still applies', async () => {
  const clock = createManualClock(T0);
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, session: agentSession, clock });
  await client.connect();
  const policyEvent = (at: number, monitoringNotice: boolean) => ({ type: 'policy', id: nextId(), at, source: 'fake', changes: { monitoringNotice }, changedBy: 'admin-1' }) as never;
  // A vendor (or a bug) stamps a change ten years ahead.
  adapter.emit(policyEvent(T0 + 10 * 365 * 86_400_000, false));
  assert.equal(client.getPolicy().monitoringNotice, false);
  // An older change arriving late is still ignored, as before.
  adapter.emit(policyEvent(T0 - 1, true));
  assert.equal(client.getPolicy().monitoringNotice, false);
  // Ten minutes on, the admin turns notices back on: that must reach this agent.
  clock.advance(10 * 60_000);
  adapter.emit(policyEvent(clock.now(), true));
  assert.equal(client.getPolicy().monitoringNotice, true, 'the real, later change was applied');
  await client.disconnect();
});

test('connect() called again while connecting resolves only when live, and rejects when that connect fails', async () => {
  const adapter = fakeAdapter();
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  const plain = adapter.connect;
  adapter.connect = async (sink) => {
    await opened;
    return plain(sink);
  };
  const client = createFloorwalk({ adapter, session: admin });
  const first = client.connect();
  let secondAt = '';
  const second = client.connect().then(() => (secondAt = client.status));
  await settle();
  assert.equal(secondAt, '', 'the second connect() did not resolve before the link was up');
  open();
  await Promise.all([first, second]);
  assert.equal(secondAt, 'live');
  await client.disconnect();

  // A connect that fails: both callers hear it.
  const broken = fakeAdapter();
  broken.connect = async () => {
    await settle();
    throw new FloorwalkError(ErrorCode.AuthFailed, 'bad token');
  };
  const other = createFloorwalk({ adapter: broken, session: admin });
  const results = await Promise.allSettled([other.connect(), other.connect()]);
  assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
  // Once live, connect() resolves at once, as before.
  const live = createFloorwalk({ adapter: fakeAdapter(), session: admin });
  await live.connect();
  await live.connect();
  assert.equal(live.status, 'live');
  await live.disconnect();
});

test('a listener unsubscribed by another during the same emit is not called afterwards', async () => {
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, session: admin });
  await client.connect();
  const heard: string[] = [];
  // A host view torn down by another's handler: its listeners must not run on torn-down state.
  const offSecond: (() => void)[] = [];
  client.on('error', () => {
    heard.push('first');
    offSecond.forEach((off) => off());
  });
  offSecond.push(client.on('error', () => heard.push('second')));
  const offChange: (() => void)[] = [];
  client.subscribe(() => {
    heard.push('change-first');
    offChange.forEach((off) => off());
  });
  offChange.push(client.subscribe(() => heard.push('change-second')));
  adapter.emit({ type: 'warp' } as never, { type: 'presence', id: nextId(), at: T0 + 1, source: 'fake', agentId: 'a1', presence: { state: 'meal', since: T0 + 1 } });
  await settle();
  assert.deepEqual(heard, ['first', 'change-first']);
  await client.disconnect();
});

test('re-entrant commands and disconnect() from inside listeners: typed outcomes, consistent state', async () => {
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, session: admin, outbox: { storage: createMemoryStorage() } });
  const outcomes: string[] = [];
  // A command issued from the status listener as the client goes live.
  const off = client.on('status', ({ current }) => {
    if (current === 'live') client.setAgentPresence('a1', 'break').then(() => outcomes.push('sent'), (e: FloorwalkError) => outcomes.push(`refused ${e.code}`));
  });
  await client.connect();
  for (let i = 0; i < 5 && outcomes.length === 0; i++) await settle();
  off();
  assert.deepEqual(outcomes, ['sent']);
  // disconnect() from a change listener while the next batch is on its way.
  let disconnected: Promise<void> | undefined;
  client.subscribe(() => {
    disconnected ??= client.disconnect();
  });
  const late = client.setAgentPresence('a2', 'meal');
  adapter.emit({ type: 'presence', id: nextId(), at: T0 + 1, source: 'fake', agentId: 'a1', presence: { state: 'meal', since: T0 + 1 } });
  await settle();
  await disconnected;
  assert.equal(client.status, 'idle');
  await late.then(
    () => outcomes.push('late sent'),
    (e: unknown) => outcomes.push(e instanceof FloorwalkError ? `late ${e.code}` : `untyped ${String(e)}`),
  );
  assert.ok(outcomes[1] === 'late sent' || outcomes[1] === `late ${ErrorCode.Cancelled}`, outcomes.join());
  assert.equal(client.getPendingIntents().length, 0);
});

test('an intent storage that throws, or returns garbage, fails the write with an error event, never a throw', async () => {
  const broken: IntentStorage[] = [
    { set: () => { throw new Error('quota'); }, del: async () => {}, entries: async () => [] },
    { set: (() => undefined) as never, del: (() => undefined) as never, entries: (async () => 'garbage') as never },
    { set: async () => {}, del: async () => {}, entries: (async () => [42, null, ['x']]) as never },
    { set: async () => {}, del: async () => {}, entries: () => { throw new Error('closed'); } },
  ];
  for (const storage of broken) {
    const adapter = fakeAdapter();
    const client = createFloorwalk({ adapter, session: admin, outbox: { storage } });
    const errors: FloorwalkError[] = [];
    client.on('error', (e) => errors.push(e));
    await client.connect();
    let result: Promise<void> | undefined;
    assert.doesNotThrow(() => {
      result = client.setAgentPresence('a1', 'break');
    });
    await result;
    assert.equal(adapter.executed.length, 1, 'the command still went out');
    assert.ok(errors.every((e) => e instanceof FloorwalkError));
    if (storage === broken[0]) assert.ok(errors.some((e) => e.code === ErrorCode.StorageFailed && /will not survive a reload/.test(e.message)), 'the failed write is reported');
    await client.disconnect();
  }
});

test('a command object whose getters throw, or change between reads, is refused or sent as checked', async () => {
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, session: admin });
  await client.connect();
  const throwing = {
    type: 'set-presence',
    state: 'break',
    get agentId(): string {
      throw new Error('getter');
    },
  };
  await assert.rejects(client.execute(throwing as unknown as Command), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.InvalidArgument);
  // Valid when checked, garbage when sent: the adapter must get what was checked.
  let reads = 0;
  const shifty = {
    type: 'set-presence',
    state: 'break',
    get agentId(): unknown {
      return reads++ < 3 ? 'a1' : { $where: 'drop table' };
    },
  };
  await client.execute(shifty as unknown as Command).catch(() => {});
  assert.equal(adapter.executed.length, 1, 'sent once');
  assert.equal((adapter.executed[0] as { agentId: unknown }).agentId, 'a1', 'with the value that was checked');
  await client.disconnect();
});

test('a clock option that is not a clock is refused by createFloorwalk with InvalidArgument', () => {
  for (const clock of [{}, { now: 5 }, 42]) {
    assert.throws(
      () => createFloorwalk({ adapter: fakeAdapter(), session: admin, clock: clock as never }),
      (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.InvalidArgument,
      JSON.stringify(clock),
    );
  }
});

test('hints whose subscribe returns no function, or an unsubscribe that throws, do not keep disconnect() from stopping', async () => {
  for (const off of [42, () => { throw new Error('already gone'); }]) {
    const client = createFloorwalk({ adapter: fakeAdapter(), session: admin, hints: (() => off) as never });
    await client.connect();
    await client.disconnect();
    assert.equal(client.status, 'idle');
  }
});

test('huge strings as ids or a check-in topic are refused with InvalidArgument naming the field, never stored or sent', async () => {
  const storage = createMemoryStorage();
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, session: admin, outbox: { storage } });
  await client.connect();
  const huge = 'x'.repeat(5_000_000);
  const cases: [Promise<void>, string][] = [
    [client.sendMessage(`team:${huge}`, 'hi'), 'conversationId'],
    [client.markRead(`team:${huge}`), 'conversationId'],
  ];
  const sup = createFloorwalk({ adapter, session: supervisor, outbox: { storage } });
  await sup.connect();
  cases.push([sup.proposeCheckIn('a1', Date.now() + 7 * 86_400_000, huge), 'topic']);
  for (const [result, field] of cases) {
    const code = await result.then(
      () => 'sent',
      (e: unknown) => (e instanceof FloorwalkError ? `${e.code} ${String(e.details?.field)}` : 'untyped'),
    );
    assert.equal(code, `${ErrorCode.InvalidArgument} ${field}`);
  }
  await settle();
  assert.equal(adapter.executed.length, 0);
  assert.equal(storage.data.size, 0);
  // A long id, longer than any platform's (an Amazon Connect ARN is about 150), still goes through.
  await client.sendMessage(`team:${'t'.repeat(900)}`, 'hi');
  await client.disconnect();
  await sup.disconnect();
});

test('an activity source whose start() or stop() throws is an error event: connect() and createFloorwalk still work, and no bucket is sent', async () => {
  const broken = {
    take: () => 0,
    start: () => {
      throw new Error('the host activity source cannot start');
    },
    stop: () => {
      throw new Error('the host activity source cannot stop');
    },
  };
  const adapter = fakeAdapter();
  const clock = createManualClock(T0);
  // Signal on: connect() starts the source. Before, its throw failed connect() as "could not connect".
  const client = createFloorwalk({ adapter, clock, session: agentSession, activity: broken, policy: { activitySignal: { enabled: true, granularityMs: 60_000 } } });
  const errors: FloorwalkError[] = [];
  client.on('error', (e) => errors.push(e));
  await client.connect();
  assert.equal(client.status, 'live');
  clock.advance(10 * 60_000);
  await settle();
  // A source that never started reads 0 inputs: sampling it would report a working agent as away.
  assert.deepEqual(adapter.executed.filter((c) => c.type === 'report-activity'), []);
  assert.ok(errors.some((e) => e.code === ErrorCode.InvalidArgument && /options\.activity/.test(e.message)), errors.map((e) => e.message).join('; '));
  await client.disconnect();
  // Signal off: createFloorwalk stops a restartable source at once. Before, its throw escaped.
  assert.doesNotThrow(() => createFloorwalk({ adapter: fakeAdapter(), session: agentSession, activity: broken }));
});

test('without crypto.randomUUID (a page on plain http), two tabs of one user issuing in the same millisecond get different idempotency keys', async (t) => {
  withoutRandomUUID(t);
  const clock = createManualClock(T0);
  const tabs = [fakeAdapter(), fakeAdapter()];
  for (const adapter of tabs) {
    const client = createFloorwalk({ adapter, session: agentSession, clock });
    await client.connect();
    await client.setPresence('break');
  }
  const keys = tabs.map((a) => (a.executed[0] as Command & { key: string }).key);
  assert.equal(keys.length, 2);
  assert.ok(keys.every((k) => typeof k === 'string' && k.length > 0), keys.join(', '));
  assert.notEqual(keys[0], keys[1], 'a second tab reusing the key would be taken for a retry and dropped');
});
