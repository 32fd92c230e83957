// The wall clock's timers, against Node's real ones: a delay longer than a timer holds
// (2^31 − 1 ms, about 24.8 days) fires after 1 ms in Node (at once or at the wrong time in
// browsers), so a vendor's Retry-After in the months turned into a retry storm.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { createFloorwalk, ErrorCode, FloorwalkError, systemClock } from '@floorwalk/core';
import { fakeAdapter } from './fixtures.js';

const LONGEST = 2 ** 31 - 1;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

test('a delay longer than one timer holds, Infinity included, waits the longest one does', async (t) => {
  let fired = 0;
  const long = systemClock.setTimeout(() => fired++, LONGEST + 1);
  const never = systemClock.setTimeout(() => fired++, Number.POSITIVE_INFINITY);
  const short = systemClock.setTimeout(() => fired++, 5);
  await sleep(60);
  assert.equal(fired, 1, 'only the 5 ms timer fired');
  systemClock.clearTimeout(long);
  systemClock.clearTimeout(never);
  systemClock.clearTimeout(short);

  mock.timers.enable({ apis: ['setTimeout'] });
  t.after(() => mock.timers.reset());
  systemClock.setTimeout(() => fired++, 30 * 86_400_000);
  const cleared = systemClock.setTimeout(() => fired++, Number.POSITIVE_INFINITY);
  systemClock.clearTimeout(cleared);
  mock.timers.tick(LONGEST - 1);
  assert.equal(fired, 1, 'not a millisecond before the longest wait');
  mock.timers.tick(1);
  assert.equal(fired, 2, 'at the longest wait, and the cleared one never');
});

test("a vendor's Retry-After longer than a timer holds is waited out, not retried at once", async () => {
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, session: { userId: 'sup-1', role: 'supervisor', teamIds: 'all' }, reconnect: {} });
  await client.connect();
  let connects = 0;
  const open = adapter.connect;
  adapter.connect = async (sink) => {
    connects++;
    return open(sink);
  };
  // 30 days, as a vendor's Retry-After header can say.
  adapter.sink!.status('failed', new FloorwalkError(ErrorCode.RateLimited, 'slow down', { details: { retryAfterMs: 30 * 86_400_000 } }));
  await sleep(200);
  assert.equal(connects, 0, `reconnects within 200 ms: ${connects}`);
  await client.disconnect();
});
