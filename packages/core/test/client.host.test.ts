// A sloppy host app: callbacks, options and arguments that throw, return garbage or re-enter.
// Whatever the host does, the client answers with a FloorwalkError (a rejection or an `error`
// event), never an uncaught exception, never corrupted state, never lost queued intents.
//
//   node --experimental-websocket --import tsx --test packages/core/test/client.host.test.ts
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, createMemoryStorage, ErrorCode, FloorwalkError, type Command, type IntentStorage, type Logger } from '@floorwalk/core';
import { createManualClock } from '@floorwalk/core/testing';
import { fakeAdapter, nextId, settle, T0 } from './fixtures.js';

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

