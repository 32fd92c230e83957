// The demo's scripted Twilio traffic, on Node's mocked timers: what it puts in Sync's
// tr-reservation index is what Flex's items carry, and stop() leaves nothing running.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, mock, test } from 'node:test';
import { FakeSyncClient, generateWorkerItems } from '@floorwalk/adapters/twilio/mocks';
// @ts-expect-error plain ESM script (checked with // @ts-check) without declarations
import { playTwilio } from './platforms.js';

beforeEach(() => mock.timers.enable({ apis: ['setInterval', 'setTimeout', 'Date'], now: Date.UTC(2026, 11, 1, 9) }));
afterEach(() => mock.timers.reset());

/** Fields of Flex's ReservationIndexItem (flex-project-template's InstantQueryHelper types). */
const FLEX_FIELDS = ['attributes', 'date_created', 'date_updated', 'queue_name', 'reservation_sid', 'status', 'task_age', 'task_channel_unique_name', 'task_date_created', 'task_priority', 'task_sid', 'task_status', 'worker_name', 'worker_sid', 'workspace_sid'];
const TASK_STATUS: Record<string, string> = { pending: 'reserved', accepted: 'assigned', wrapping: 'wrapping' };

test("the Twilio traffic's reservations carry Flex's tr-reservation fields, one live task per worker, and stop() leaves no timer behind", () => {
  const sync = new FakeSyncClient({ workers: generateWorkerItems(24, { teams: 2, at: Date.now() }) });
  const names = new Map([...(sync.indexes.get('tr-worker') ?? new Map()).values()].map((w) => [w.worker_sid as string, w.friendly_name as string]));
  const seen: Record<string, unknown>[] = [];
  const changedWhileBusy: string[] = [];
  const stop = playTwilio(sync) as () => void;
  for (let s = 0; s < 20 * 60 * 2; s++) {
    mock.timers.tick(500);
    const live = [...(sync.indexes.get('tr-reservation') ?? new Map()).values()];
    seen.push(...live);
    const workers = live.map((r) => r.worker_sid as string);
    assert.equal(new Set(workers).size, workers.length, 'a worker takes one task at a time');
    for (const sid of workers) if (sync.worker(sid)?.activity_name !== 'Available') changedWhileBusy.push(sid);
  }
  assert.deepEqual(changedWhileBusy, [], 'no activity change for a worker with a task out');
  assert.ok(seen.length > 0, 'reservations were made');
  for (const item of seen) {
    assert.deepEqual(FLEX_FIELDS.filter((f) => !(f in item)), [], `${String(item.reservation_sid)} has every Flex field`);
    assert.equal(item.task_status, TASK_STATUS[item.status as string], `${String(item.reservation_sid)}: task_status beside ${String(item.status)}`);
    assert.equal(item.worker_name, names.get(item.worker_sid as string));
    const attrs = item.attributes as { conference?: { sid?: string } };
    if (item.task_channel_unique_name === 'voice' && item.status !== 'pending') assert.match(attrs.conference?.sid ?? '', /^CF/, 'a joined voice task names its conference');
  }
  assert.ok(new Set(seen.map((r) => r.status)).size === 3, 'pending, accepted and wrapping were all seen');
  // Stopped: the steps still to come are cleared, and only those (the steps that ran are not
  // kept for a page's whole life); then nothing moves however long the page stays open.
  const out = (sync.indexes.get('tr-reservation') ?? new Map()).size;
  const cleared = mock.method(globalThis, 'clearTimeout');
  stop();
  assert.ok(cleared.mock.callCount() <= 3 * out, `${cleared.mock.callCount()} timeouts cleared for ${out} reservations out`);
  cleared.mock.restore();
  const frozen = JSON.stringify([...(sync.indexes.get('tr-reservation') ?? new Map()).entries()]);
  const workers = JSON.stringify([...(sync.indexes.get('tr-worker') ?? new Map()).entries()]);
  mock.timers.tick(3_600_000);
  assert.equal(JSON.stringify([...(sync.indexes.get('tr-reservation') ?? new Map()).entries()]), frozen);
  assert.equal(JSON.stringify([...(sync.indexes.get('tr-worker') ?? new Map()).entries()]), workers);
});
