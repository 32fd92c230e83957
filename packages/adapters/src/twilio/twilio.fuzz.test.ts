// Fuzz of the Twilio adapter's intake (issue 8): at least 10,000 malformed or hostile inputs, half
// as TaskRouter event callbacks relayed to `adapter.ingestEventCallback`, half as Sync live-query
// items pushed by the fake Sync client (`emitRaw`). No exception escapes, the adapter's snapshot and
// delivered events do not change, and each input is answered by exactly one typed MalformedEvent
// error. Seeded: the same inputs every run. Every generated input is invalid by construction.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode, FloorwalkError, type SnapshotEvent } from '@floorwalk/core';
import { createManualClock } from '@floorwalk/core/testing';
import { createTwilioAdapter } from '@floorwalk/adapters/twilio';
import { FAKE_ACTIVITIES, FakeSyncClient, generateWorkerItems } from '@floorwalk/adapters/twilio/mocks';
import { START, recorder, settle } from './test-rig.js';

const INPUTS = 12_000;

function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

type Json = Record<string, unknown>;

const stateOf = (s: SnapshotEvent): string => JSON.stringify({ ...s, id: undefined, at: undefined });
const sidOf = (name: string): string => (FAKE_ACTIVITIES.find((a) => a.name === name) as { sid: string }).sid;

test(`twilio fuzz: ${INPUTS} malformed or hostile event callbacks and Sync items`, async () => {
  const random = rng(8_2026_3);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const clock = createManualClock(START);
  const workers = generateWorkerItems(3, { at: START });
  const sync = new FakeSyncClient({ workers, now: clock.now });
  const adapter = createTwilioAdapter({ sync, clock, activities: FAKE_ACTIVITIES });
  const sink = recorder();
  const connecting = adapter.connect(sink);
  await settle();
  for (let t = 0; t < 2000; t += 100) {
    clock.advance(100);
    await settle();
  }
  await connecting;
  for (let t = 0; t < 2000; t += 100) {
    clock.advance(100);
    await settle();
  }
  assert.equal(sink.errors.length, 0, 'connects cleanly');
  const w = workers[0] as unknown as Json;
  const wsid = w.worker_sid as string;
  // Each index has exactly one open query, so one emitRaw is one input (checked by the first ones).
  sync.emitRaw('tr-worker', wsid, null);
  sync.emitRaw('tr-reservation', 'WR0', null);
  assert.equal(sink.errors.length, 2, 'one tr-worker and one tr-reservation query listen');
  sink.errors.length = 0;
  const before = stateOf(await adapter.snapshot());
  const eventsBefore = JSON.stringify(sink.received);
  const statusesBefore = JSON.stringify(sink.statuses);
  const started = Date.now();

  const huge = 'x'.repeat(100_000);
  const protoJson = '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}';
  const badTimeText = ['now', '', '0', 'NaN', 'Infinity', '-Infinity', 'yesterday', '2026-13-45', '__proto__', 'constructor', '1e400', huge];
  const badAttrsText = ['{', '{broken', '[1]', '"x"', '42', 'null', 'true', '{"full_name":', huge, '['.repeat(3000) + ']'.repeat(3000)];
  const badStatus = ['exploded', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'ACCEPTED', 'Wrapup'];
  const cycle = (): Json => {
    const c: Json = { a: 1 };
    c.self = c;
    return c;
  };

  const activityBody = (at: number): Json => ({
    EventType: 'worker.activity.update',
    ResourceType: 'worker',
    ResourceSid: wsid,
    Sid: `EV${at}`,
    TimestampMs: String(at),
    WorkerSid: wsid,
    WorkerName: 'bob',
    WorkerAttributes: JSON.stringify({ full_name: 'Bob', team_name: 'Blue' }),
    WorkerActivitySid: sidOf('Break'),
    WorkerActivityName: 'Break',
  });
  const reservationBody = (event: string, at: number): Json => ({
    EventType: `reservation.${event}`,
    ResourceType: 'reservation',
    Sid: `EV${event}${at}`,
    TimestampMs: String(at),
    WorkerSid: wsid,
    WorkerName: 'bob',
    WorkerAttributes: '{"full_name":"Bob Ng"}',
    WorkerActivityName: 'Available',
    ReservationSid: 'WR00000000000000000000000000000077',
    TaskSid: 'WT00000000000000000000000000000077',
    TaskAttributes: '{"from":"+15555550123","direction":"inbound"}',
    TaskChannelUniqueName: 'voice',
    TaskQueueSid: 'WQ00000000000000000000000000000001',
  });

  /** A callback body with something wrong, as form text, URLSearchParams or an object. */
  const badCallback = (): { value: unknown; kind: string } => {
    const at = START + 10_000 + Math.floor(random() * 1e9);
    const worker = random() < 0.5;
    const body = worker ? activityBody(at) : reservationBody(pick(['created', 'accepted', 'wrapup', 'completed', 'canceled']), at);
    let kind: string;
    const r = random();
    if (r < 0.12) {
      kind = 'cb-event-type';
      if (random() < 0.5) delete body.EventType;
      else body.EventType = '';
    } else if (r < 0.27) {
      kind = 'cb-time';
      body.TimestampMs = pick(badTimeText);
      if (random() < 0.5) body.Timestamp = pick(badTimeText);
    } else if (r < 0.39) {
      kind = 'cb-worker-sid';
      if (random() < 0.5) delete body.WorkerSid;
      else body.WorkerSid = '';
    } else if (r < 0.51) {
      kind = 'cb-worker-attributes';
      body.WorkerAttributes = pick(badAttrsText);
    } else if (r < 0.6 && worker) {
      kind = 'cb-activity-name';
      if (random() < 0.5) delete body.WorkerActivityName;
      else body.WorkerActivityName = '';
    } else if (r < 0.72 && !worker) {
      kind = 'cb-reservation-status';
      body.EventType = `reservation.${pick(badStatus)}`;
    } else if (r < 0.82 && !worker) {
      kind = 'cb-reservation-ids';
      const field = pick(['ReservationSid', 'TaskSid']);
      if (random() < 0.5) delete body[field];
      else body[field] = '';
    } else if (!worker && r < 0.9) {
      kind = 'cb-task-attributes';
      body.TaskAttributes = pick(badAttrsText);
    } else {
      kind = 'cb-hostile';
      switch (Math.floor(random() * 6)) {
        case 0:
          Object.defineProperty(body, pick(['EventType', 'TimestampMs', 'WorkerSid', 'WorkerAttributes', 'Sid']), { get: () => { throw new Error('boom'); }, enumerable: true });
          return { value: body, kind };
        case 1:
          return { value: new Proxy(body, { get: () => { throw new Error('trap'); }, ownKeys: () => { throw new Error('trap'); }, getPrototypeOf: () => { throw new Error('trap'); }, getOwnPropertyDescriptor: () => { throw new Error('trap'); } }), kind };
        case 2: {
          const { proxy, revoke } = Proxy.revocable(body, {});
          revoke();
          return { value: proxy, kind };
        }
        case 3:
          body.WorkerAttributes = cycle();
          return { value: body, kind };
        case 4:
          body.TimestampMs = 10n;
          return { value: body, kind };
        default:
          return { value: pick([null, undefined, 5, NaN, true, 10n, Symbol('x'), () => body, [], [body], huge, 'EventType', '', '%%%', '=&=&', `${protoJson}`]), kind };
      }
    }
    // Prototype keys beside the broken field.
    if (random() < 0.1) {
      const polluted = JSON.parse(`${protoJson.slice(0, -1)},${JSON.stringify(body).slice(1)}`) as Json;
      return { value: polluted, kind: `${kind}-proto` };
    }
    const form = random();
    if (form < 0.4) return { value: new URLSearchParams(body as Record<string, string>).toString(), kind: `${kind}-text` };
    if (form < 0.6) return { value: new URLSearchParams(body as Record<string, string>), kind: `${kind}-params` };
    return { value: body, kind };
  };

  /** A Sync item with something wrong, for tr-worker or tr-reservation. */
  const badItem = (): { index: string; key: string; value: unknown; kind: string } => {
    const hostile = (v: Json, fields: readonly string[]): unknown => {
      switch (Math.floor(random() * 5)) {
        case 0:
          Object.defineProperty(v, pick(fields), { get: () => { throw new Error('boom'); }, enumerable: true });
          return v;
        case 1:
          return new Proxy(v, { get: () => { throw new Error('trap'); }, has: () => { throw new Error('trap'); }, ownKeys: () => { throw new Error('trap'); } });
        case 2: {
          const { proxy, revoke } = Proxy.revocable(v, {});
          revoke();
          return proxy;
        }
        case 3:
          v.attributes = cycle();
          return v;
        default:
          return pick([null, undefined, 5, NaN, 'WK-string', huge, [], [v], true, 10n, Symbol('x'), () => v]);
      }
    };
    if (random() < 0.5) {
      const v = structuredClone(w);
      let kind = 'item-worker';
      const r = random();
      if (r < 0.2) v.activity_name = pick([undefined, '', 5, null, {}, []]);
      else if (r < 0.4) v.date_activity_changed = pick([undefined, 'yesterday-ish', -5, 0, '', null, {}, NaN, Infinity, 'constructor', huge]);
      else if (r < 0.6) v.attributes = pick([...badAttrsText, 42, true, []]);
      else if (r < 0.7) {
        const polluted = JSON.parse(`${protoJson.slice(0, -1)},${JSON.stringify({ ...v, activity_name: '' }).slice(1)}`) as unknown;
        return { index: 'tr-worker', key: wsid, value: polluted, kind: 'item-worker-proto' };
      } else {
        kind = 'item-worker-hostile';
        return { index: 'tr-worker', key: wsid, value: hostile(v, ['activity_name', 'worker_sid', 'attributes', 'date_activity_changed']), kind };
      }
      return { index: 'tr-worker', key: wsid, value: v, kind };
    }
    const n = 1 + Math.floor(random() * 50);
    const v: Json = {
      reservation_sid: `WR${n.toString(16).padStart(32, '0')}`,
      task_sid: `WT${n.toString(16).padStart(32, '0')}`,
      worker_sid: wsid,
      status: 'accepted',
      task_channel_unique_name: 'voice',
      queue_name: 'Everyone',
      date_created: new Date(START).toISOString(),
      date_updated: new Date(START + 1000).toISOString(),
      attributes: { from: '+15555550100' },
    };
    const key = v.reservation_sid as string;
    const r = random();
    if (r < 0.2) v.status = pick([...badStatus, '', 5, null, {}]);
    else if (r < 0.4) v[pick(['task_sid', 'worker_sid'])] = pick([undefined, '', 7, null, {}, []]);
    else if (r < 0.55) v.date_updated = pick([undefined, 'not a date', '', -5, 0, null, {}, NaN]);
    else if (r < 0.7) v.attributes = pick([...badAttrsText, 42, true, []]);
    else if (r < 0.78) {
      const polluted = JSON.parse(`${protoJson.slice(0, -1)},${JSON.stringify({ ...v, status: '__proto__' }).slice(1)}`) as unknown;
      return { index: 'tr-reservation', key, value: polluted, kind: 'item-reservation-proto' };
    } else return { index: 'tr-reservation', key, value: hostile(v, ['status', 'task_sid', 'worker_sid', 'date_updated', 'attributes']), kind: 'item-reservation-hostile' };
    return { index: 'tr-reservation', key, value: v, kind: 'item-reservation' };
  };

  const kinds: Record<string, number> = {};
  const failures: string[] = [];
  let exceptions = 0;
  for (let n = 0; n < INPUTS; n++) {
    const mark = sink.errors.length;
    let kind: string;
    if (random() < 0.5) {
      const c = badCallback();
      kind = c.kind;
      try {
        adapter.ingestEventCallback(c.value as never);
      } catch (err) {
        exceptions++;
        failures.push(`#${n} ${kind} threw ${String(err)}`);
      }
    } else {
      const item = badItem();
      kind = item.kind;
      try {
        sync.emitRaw(item.index, item.key, item.value);
      } catch (err) {
        exceptions++;
        failures.push(`#${n} ${kind} threw ${String(err)}`);
      }
    }
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    const fresh = sink.errors.slice(mark);
    const typed = fresh.filter((e) => e instanceof FloorwalkError && e.code === ErrorCode.MalformedEvent).length;
    if (fresh.length !== 1 || typed !== 1) failures.push(`#${n} ${kind}: ${fresh.length} errors, ${typed} typed (${fresh.map((e) => `${e.code}: ${e.message}`).join('; ').slice(0, 300)})`);
    if (failures.length > 10) break;
  }
  await settle();
  const after = stateOf(await adapter.snapshot());
  console.log(
    `twilio fuzz figures: ${JSON.stringify({ inputs: INPUTS, errors: sink.errors.length, exceptions, events: sink.received.length - JSON.parse(eventsBefore).length, kinds, ms: Date.now() - started })}`,
  );
  assert.deepEqual(failures, []);
  assert.equal(sink.errors.length, INPUTS, 'one error per input');
  assert.equal(JSON.stringify(sink.received), eventsBefore, 'no event delivered');
  assert.equal(JSON.stringify(sink.statuses), statusesBefore, 'no status change');
  assert.equal(after, before, 'snapshot unchanged');
  assert.equal(({} as Json).polluted, undefined, 'no prototype was polluted');
  // The intake still works after all that.
  adapter.ingestEventCallback(activityBody(clock.now() + 1000) as never);
  assert.equal(sink.errors.length, INPUTS, 'a real callback is accepted');
  assert.equal((await adapter.snapshot()).agents?.find((a) => a.id === wsid)?.presence.state, 'break');
  await adapter.disconnect();
});
