// The demo's scripted Twilio and Connect traffic, on Node's mocked timers: what it puts in Sync's
// tr-reservation index is what Flex's items carry, stop() leaves nothing running, and the agent
// pane's person is never moved by the script.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, mock, test } from 'node:test';
import { setupServer } from 'msw/node';
import type { AdapterSink } from '@floorwalk/core';
import { createTwilioAdapter } from '@floorwalk/adapters/twilio';
import { FakeSyncClient, generateWorkerItems, teamSidsOf, type TwilioBackendMock } from '@floorwalk/adapters/twilio/mocks';
import { createConnectBackendMock } from '@floorwalk/adapters/amazon-connect/mocks';
// @ts-expect-error plain ESM script (checked with // @ts-check) without declarations
import { playConnect, playTwilio, twilioMocks } from './platforms.js';

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

test("the Twilio traffic never changes the agent pane's worker's activity: a person sits there", () => {
  const sync = new FakeSyncClient({ workers: generateWorkerItems(24, { teams: 2, at: Date.now() }) });
  const sids = [...(sync.indexes.get('tr-worker')?.keys() ?? [])] as string[];
  const person = sids[0]!;
  const activity = (sid: string) => `${sync.worker(sid)?.activity_name} ${sync.worker(sid)?.date_activity_changed}`;
  const before = new Map(sids.map((sid) => [sid, activity(sid)]));
  const stop = playTwilio(sync, person) as () => void;
  mock.timers.tick(20 * 60_000);
  stop();
  assert.equal(activity(person), before.get(person), 'the person is where they put themselves');
  assert.ok(sids.filter((sid) => activity(sid) !== before.get(sid)).length > sids.length / 2, 'the others moved');
});

test("the Twilio backend holds only its latest requests however long the page stays open: two adapters' queue polls for two hours", async () => {
  const backendUrl = 'https://demo.example/twilio-backend';
  const { sync, backend } = twilioMocks(24, backendUrl) as { sync: FakeSyncClient; backend: TwilioBackendMock };
  const server = setupServer(...backend.handlers);
  server.listen({ onUnhandledRequest: 'error' });
  let asked = 0;
  server.events.on('request:start', () => void asked++);
  const sink: AdapterSink = { events() {}, status() {}, error() {} };
  // As the demo runs them: the supervisor's adapter and the agent pane's, each polling queues.
  const adapters = [0, 1].map(() => createTwilioAdapter({ sync, teamSids: teamSidsOf(sync), backendUrl }));
  const stop = playTwilio(sync) as () => void;
  try {
    for (const a of adapters) await a.connect(sink);
    for (let s = 0; s < 2 * 360; s++) {
      mock.timers.tick(10_000);
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    }
    assert.ok(asked >= 2 * 2 * 360, `${asked} requests in two hours`);
    assert.ok(backend.requests.length <= 20, `${backend.requests.length} requests held after ${asked}`);
    assert.equal(backend.requests.at(-1)?.path, 'queues', 'the latest are the ones kept');
  } finally {
    stop();
    for (const a of adapters) await a.disconnect();
    server.close();
  }
});

test("the Connect traffic never changes the agent pane's user's status, and offers contacts only to Available agents with none", () => {
  const backend = createConnectBackendMock({ baseUrl: 'https://connect-backend.mock', users: 24, enforceRates: false });
  const users = [...backend.users.values()];
  const status = (id: string) => `${backend.users.get(id)?.status.name} ${backend.users.get(id)?.status.since}`;
  const before = new Map(users.map((u) => [u.id, status(u.id)]));
  const seen = new Set<string>();
  const misrouted: string[] = [];
  const stop = playConnect(backend, users.length, 'user-1') as () => void;
  for (let t = 0; t < 20 * 60_000; t += 700) {
    // One step of the script per tick: a contact new this tick was offered in this user's present status.
    mock.timers.tick(700);
    for (const u of users) {
      for (const c of u.contacts) {
        if (seen.has(c.id)) continue;
        seen.add(c.id);
        if (u.status.name !== 'Available' || u.contacts.length > 1) misrouted.push(`${c.id} to ${u.id} (${u.status.name}, ${u.contacts.length} contacts)`);
      }
    }
  }
  stop();
  assert.equal(status('user-1'), before.get('user-1'), 'the person is where they put themselves');
  assert.ok(users.filter((u) => status(u.id) !== before.get(u.id)).length > users.length / 2, 'the others moved');
  assert.ok(seen.size > 50, `contacts were offered (${seen.size})`);
  assert.deepEqual(misrouted, [], 'no contact offered to an agent who is not Available, or already has one');
});
