import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, ErrorCode, FloorwalkError, type Command } from '@floorwalk/core';
import { createManualClock } from '@floorwalk/core/testing';
import { ALL_CAPABILITIES, fakeAdapter, nextId, settle, T0, untypedFailures } from './fixtures.js';

const admin = { userId: 'admin-1', role: 'admin', teamIds: 'all' } as const;
const supervisor = { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] } as const;

async function live(session: typeof admin | typeof supervisor = admin, adapter = fakeAdapter()) {
  const client = createFloorwalk({ adapter, session });
  const errors: FloorwalkError[] = [];
  client.on('error', (e) => errors.push(e));
  await client.connect();
  await settle();
  return { adapter, client, errors };
}

test('malformed events become typed error events; the rest of the batch still applies', async () => {
  const { adapter, client, errors } = await live();
  const before = JSON.stringify(client.getAgents());
  const malformed: unknown[] = [
    null,
    42,
    { type: 'presence' },
    { type: 'warp', id: 'x', at: T0, source: 'fake' },
    { type: 'presence', id: nextId(), at: 'yesterday', source: 'fake', agentId: 'a1', presence: { state: 'break', since: T0 } },
    { type: 'presence', id: nextId(), at: T0 + 1, source: 'fake', agentId: 'a1', presence: { state: 'napping', since: T0 } },
    { type: 'interaction', id: nextId(), at: T0 + 1, source: 'fake', interaction: { id: 'i1', channel: 'fax', direction: 'inbound', state: 'connected', agentId: 'a1', createdAt: T0 } },
    { type: 'interaction', id: nextId(), at: T0 + 1, source: 'fake', interaction: { id: 'i1', channel: 'voice', direction: 'inbound', state: 'connected', createdAt: T0 } },
    { type: 'snapshot', id: nextId(), at: T0 + 1, source: 'fake', scope: { kind: 'all' }, agents: [{ id: 'a1' }] },
  ];
  adapter.sink!.events([...(malformed as never[]), { type: 'presence', id: nextId(), at: T0 + 2, source: 'fake', agentId: 'a2', presence: { state: 'meal', since: T0 + 2 } }]);
  assert.equal(errors.length, malformed.length);
  for (const e of errors) {
    assert.ok(e instanceof FloorwalkError);
    assert.equal(e.code, ErrorCode.MalformedEvent);
    assert.equal(e.retryable, false);
    assert.match(e.message, /malformed event: .+/);
  }
  assert.match(errors[5]!.message, /presence\.state must be one of/);
  assert.match(errors[7]!.message, /agentId is required/);
  assert.equal(client.getAgent('a2')?.presence.state, 'meal');
  const after = JSON.parse(JSON.stringify(client.getAgents())).filter((a: { id: string }) => a.id !== 'a2');
  assert.deepEqual(after, JSON.parse(before).filter((a: { id: string }) => a.id !== 'a2'), 'nothing else changed');
  assert.equal(client.getInteraction('i1')?.channel, 'voice');
});

test('a batch that is not an array is reported, not thrown', async () => {
  const { adapter, errors } = await live();
  assert.doesNotThrow(() => adapter.sink!.events({ type: 'presence' } as never));
  assert.equal(errors[0]?.code, ErrorCode.MalformedEvent);
});

test('adapter errors are forwarded as error events, wrapped if need be', async () => {
  const { adapter, errors } = await live();
  adapter.sink!.error(new FloorwalkError(ErrorCode.RateLimited, 'slow down'));
  adapter.sink!.error(new Error('plain') as never);
  assert.deepEqual(errors.map((e) => e.code), [ErrorCode.RateLimited, ErrorCode.VendorError]);
  assert.equal(errors[0]?.retryable, true);
});

test('a throwing subscriber is reported and does not stop the others', async () => {
  const { adapter, client, errors } = await live();
  let heard = 0;
  client.subscribe(() => {
    throw new Error('host bug');
  });
  client.subscribe(() => heard++);
  adapter.emit({ type: 'presence', id: nextId(), at: T0 + 1, source: 'fake', agentId: 'a1', presence: { state: 'meal', since: T0 + 1 } });
  await settle();
  assert.equal(heard, 1);
  assert.equal(errors[0]?.code, ErrorCode.ListenerFailed);
  assert.match(errors[0]!.message, /host bug/);
});

test('a listener that is not a function, or an event name the client has not, is refused with an error event when registered', async () => {
  const { adapter, client, errors } = await live();
  const offs = [
    client.on('status', 42 as never),
    client.on('statsu' as never, (() => {}) as never),
    client.on(Symbol('x') as never, (() => {}) as never),
    client.subscribe(null as never),
    client.subscribe('change' as never),
  ];
  assert.deepEqual(
    errors.map((e) => [e.code, e.message]),
    [
      [ErrorCode.InvalidArgument, "client.on('status') needs a function, not number."],
      [ErrorCode.InvalidArgument, 'client.on: "statsu" is not one of status, error, monitoring, audit, auth-required, intent, activity-shared, policy.'],
      [ErrorCode.InvalidArgument, 'client.on: "Symbol(x)" is not one of status, error, monitoring, audit, auth-required, intent, activity-shared, policy.'],
      [ErrorCode.InvalidArgument, 'client.subscribe needs a function, not null.'],
      [ErrorCode.InvalidArgument, 'client.subscribe needs a function, not string.'],
    ],
  );
  for (const off of offs) off();
  // Nothing was registered: a change and a status report later add no "listener threw" errors.
  adapter.emit({ type: 'presence', id: nextId(), at: T0 + 1, source: 'fake', agentId: 'a1', presence: { state: 'meal', since: T0 + 1 } });
  await settle();
  await client.disconnect();
  assert.equal(errors.length, 5, errors.map((e) => e.message).join('; '));
});

test('a throwing status listener does not break the connection', async () => {
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, session: admin });
  client.on('status', () => {
    throw new Error('oops');
  });
  const errors: FloorwalkError[] = [];
  client.on('error', (e) => errors.push(e));
  await client.connect();
  assert.equal(client.status, 'live');
  assert.ok(errors.every((e) => e.code === ErrorCode.ListenerFailed) && errors.length === 2);
});

test('wrong command arguments are rejected with InvalidArgument naming the field', async () => {
  const { adapter, client } = await live(supervisor);
  const cases: [unknown, string][] = [
    [{ type: 'set-presence', agentId: 'a1', state: 'asleep' }, 'state'],
    [{ type: 'set-presence', agentId: '', state: 'break' }, 'agentId'],
    [{ type: 'set-presence', agentId: 'a1', state: 'break', reason: 'coffee' }, 'reason'],
    [{ type: 'start-monitoring', agentId: 'a1', interactionId: 'i1', mode: 'spy' }, 'mode'],
    [{ type: 'raise-hand', agentId: 'a1', reason: '   ' }, 'reason'],
    [{ type: 'send-message', conversationId: 'general', body: 'hi' }, 'conversationId'],
    [{ type: 'send-message', conversationId: 'team:t1', body: 'x'.repeat(4001) }, 'body'],
    [{ type: 'propose-check-in', agentId: 'a1', scheduledFor: 'tomorrow' }, 'scheduledFor'],
    [{ type: 'answer-check-in', checkInId: 'k1', answer: 'pending' }, 'answer'],
    [{ type: 'reboot-everything' }, 'type'],
  ];
  for (const [command, field] of cases) {
    await assert.rejects(client.execute(command as Command), (e: unknown) => {
      assert.ok(e instanceof FloorwalkError, `${JSON.stringify(command)} gave a FloorwalkError`);
      assert.equal(e.code, ErrorCode.InvalidArgument);
      if (field !== 'type') assert.equal(e.details?.field, field);
      return true;
    });
  }
  await assert.rejects(client.execute(null as never), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.InvalidArgument);
  assert.equal(adapter.executed.length, 0);
});

test('commands and modes outside the adapter capabilities are rejected as Unsupported', async () => {
  const adapter = fakeAdapter({ ...ALL_CAPABILITIES, commands: ALL_CAPABILITIES.commands.filter((c) => c !== 'propose-check-in'), monitoringModes: ['listen', 'barge'] });
  const { client } = await live(supervisor, adapter);
  await assert.rejects(client.proposeCheckIn('a1', T0 + 1), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.Unsupported);
  await assert.rejects(client.startMonitoring('a1', 'i1', 'whisper'), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.Unsupported && /whisper/.test(e.message));
  assert.equal(client.can({ type: 'start-monitoring', agentId: 'a1', interactionId: 'i1', mode: 'whisper' }), false);
  assert.equal(client.can({ type: 'start-monitoring', agentId: 'a1', interactionId: 'i1', mode: 'barge' }), true);
});

test('a vendor failure rejects the command with a retryable VendorError', async () => {
  const { adapter, client } = await live(supervisor);
  adapter.failWith = new TypeError('fetch failed');
  await assert.rejects(client.setAgentPresence('a1', 'break'), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.VendorError && e.retryable && e.cause instanceof TypeError);
  adapter.failWith = new FloorwalkError(ErrorCode.Conflict, 'agent is on a call');
  await assert.rejects(client.setAgentPresence('a1', 'break'), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.Conflict);
});

test('each command gets its own idempotency key and is stamped with who and when', async () => {
  const { adapter, client } = await live(supervisor);
  await client.setAgentPresence('a1', 'break', { id: 'coffee', label: 'Coffee' });
  await client.setAgentPresence('a1', 'break', { id: 'coffee', label: 'Coffee' });
  const [a, b] = adapter.executed;
  assert.ok(a && b);
  assert.notEqual(a.key, b.key);
  assert.equal(a.issuedBy, 'sup-1');
  assert.equal(typeof a.issuedAt, 'number');
  assert.deepEqual(a.type === 'set-presence' && a.reason, { id: 'coffee', label: 'Coffee' });
});

test('an agent sets their own presence with setPresence', async () => {
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, session: { userId: 'a1', role: 'agent', teamIds: ['t1'] } });
  await client.connect();
  await client.setPresence('meal', { id: 'lunch', label: 'Lunch' });
  const sent = adapter.executed[0];
  assert.equal(sent?.type === 'set-presence' && sent.agentId, 'a1');
  await client.raiseHand('Customer asks for a refund over my limit', 'i1');
  assert.equal(adapter.executed[1]?.type, 'raise-hand');
});

test('every public method, called from JavaScript with arguments of any type, returns, or throws or rejects a FloorwalkError', async () => {
  const { client } = await live();
  const methods = Object.keys(client).filter((k) => typeof (client as unknown as Record<string, unknown>)[k] === 'function' && !['connect', 'disconnect'].includes(k));
  assert.ok(methods.length > 40, `the client's methods were found (${methods.length})`);
  // getInteractions(null) and whisperOnHelp(symbol) threw TypeErrors before.
  assert.deepEqual(await untypedFailures(client, methods), []);
  await client.disconnect();
});

test('an adapter whose execute throws instead of rejecting fails the direct commands (renewals, receipts) as typed rejections, never a throw', async () => {
  const adapter = fakeAdapter();
  const clock = createManualClock(T0);
  const client = createFloorwalk({ adapter, session: supervisor, clock });
  const errors: FloorwalkError[] = [];
  client.on('error', (e) => errors.push(e));
  await client.connect();
  adapter.emit({ type: 'monitoring', id: nextId(), at: T0, source: 'fake', session: { id: 'm1', mode: 'listen', supervisorId: 'sup-1', agentId: 'a1', interactionId: 'i1', startedAt: T0 } });
  await settle();
  adapter.execute = (() => {
    throw new TypeError('socket is closed');
  }) as typeof adapter.execute;
  // The lease renewal the client sends by itself, from a timer: a throw there would be uncaught.
  assert.doesNotThrow(() => clock.advance(60_000));
  // A receipt it owes, sent from inside the event intake: the message is not reported malformed.
  adapter.emit({ type: 'chat-message', id: nextId(), at: T0, source: 'fake', message: { id: 'x1', conversationId: 'dm:a1:sup-1', authorId: 'a1', body: 'hi', sentAt: T0, delivery: 'sent' } });
  await settle();
  assert.deepEqual(errors.map((e) => e.code), []);
  assert.equal(client.getMessages('dm:a1:sup-1').length, 1);
  // The same command through the public API: the vendor's failure, retryable, not an internal one.
  let result: unknown;
  assert.doesNotThrow(() => {
    result = client.execute({ type: 'renew-monitoring', sessionId: 'm1' });
  });
  await assert.rejects(result as Promise<void>, (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.VendorError && e.retryable && e.cause instanceof TypeError);
  await client.disconnect();
});

test('development: createFloorwalk warns of an option it does not know, and of none it does', (t) => {
  const warn = t.mock.method(console, 'warn', () => {});
  const adapter = fakeAdapter();
  // A spread-in object escapes TypeScript's excess-property check, as plain JavaScript does.
  const options = { adapter, session: admin, polcy: { roles: {} }, clock: createManualClock(T0) };
  createFloorwalk(options);
  assert.equal(warn.mock.callCount(), 1);
  const [message] = warn.mock.calls[0]?.arguments ?? [];
  assert.match(String(message), /unknown option polcy\./);
  createFloorwalk({ adapter, session: admin, policy: {}, logger: console, reconnect: true, commandTimeoutMs: 5_000 });
  assert.equal(warn.mock.callCount(), 1, 'known options pass without a word');
});
