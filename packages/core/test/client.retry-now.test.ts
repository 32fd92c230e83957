// `retryNow()`: the user's "Retry now" cuts the client's own fast backoff short, and nothing else.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, ErrorCode, FloorwalkError, type StatusChange } from '@floorwalk/core';
import { createManualClock } from '@floorwalk/core/testing';
import { canMove } from '../src/connection/machine.js';
import type { FloorwalkTestOptions } from '../src/client.js';
import { fakeAdapter, settle, T0 } from './fixtures.js';

const admin = { userId: 'admin-1', role: 'admin', teamIds: 'all' } as const;

function harness() {
  const clock = createManualClock(T0);
  const adapter = fakeAdapter();
  const client = createFloorwalk({
    adapter,
    session: admin,
    clock,
    reconnect: { random: () => 0.5 },
    onTransition: (from, to) => assert.ok(canMove(from, to), `transition ${from} -> ${to} is not in the table`),
 } as FloorwalkTestOptions);
  const statuses: StatusChange[] = [];
  client.on('status', (c) => statuses.push(c));
  return { clock, adapter, client, statuses };
}

test('retryNow re-opens the link at once during a fast backoff, and is a no-op when live or idle', async () => {
  const { adapter, client, statuses } = harness();
  assert.equal(client.retryNow(), false, 'idle: nothing to cut short');
  await client.connect();
  assert.equal(client.retryNow(), false, 'live: nothing to cut short');
  let connects = 0;
  const open = adapter.connect;
  adapter.connect = async (sink) => {
    connects++;
    return open(sink);
  };
  adapter.sink!.status('failed', new FloorwalkError(ErrorCode.VendorError, '503'));
  await settle();
  assert.equal(client.status, 'reconnecting');
  const waiting = statuses.at(-1)!;
  assert.ok(typeof waiting.retryIn === 'number' && waiting.retryIn > 0, 'the backoff announced its delay');
  assert.equal(connects, 0, 'no attempt before the delay');
  // No clock advance: only retryNow can make this attempt happen.
  assert.equal(client.retryNow(), true);
  await settle();
  await settle();
  assert.equal(connects, 1);
  assert.equal(client.status, 'live');
  await client.disconnect();
});

test('retryNow keeps the wait the platform asked for (slow tier) and does not restart a failed client', async () => {
  const { adapter, client } = harness();
  await client.connect();
  adapter.sink!.status('failed', new FloorwalkError(ErrorCode.RateLimited, '429', { details: { retryAfterMs: 60_000 } }));
  await settle();
  assert.equal(client.status, 'reconnecting');
  assert.equal(client.retryNow(), false);
  await client.disconnect();

  const h = harness();
  await h.client.connect();
  h.adapter.sink!.status('failed', new FloorwalkError(ErrorCode.Forbidden, 'no'));
  await settle();
  assert.equal(h.client.status, 'failed');
  assert.equal(h.client.retryNow(), false);
  assert.equal(h.client.status, 'failed');
  await h.client.disconnect();
});
