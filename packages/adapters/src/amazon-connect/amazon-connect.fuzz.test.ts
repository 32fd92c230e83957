// Fuzz of the Amazon Connect adapter's agent event stream intake (issue 8): at least 10,000
// malformed or hostile records pushed through `adapter.pushAgentEvents`, as a host relaying Kinesis
// would. No exception escapes, the adapter's snapshot and delivered events do not change, and each
// record is answered by exactly one typed MalformedEvent error. Seeded: the same records every run.
// Every generated record is invalid by construction.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setupServer } from 'msw/node';
import { ErrorCode, FloorwalkError, type SnapshotEvent } from '@floorwalk/core';
import { createManualClock } from '@floorwalk/core/testing';
import { createAmazonConnectAdapter } from '@floorwalk/adapters/amazon-connect';
import { createConnectBackendMock } from '@floorwalk/adapters/amazon-connect/mocks';
import { BASE, START, loadAgentEventHandling, recorder, settle, trackedBackend } from './test-support.js';

const INPUTS = 12_000;

const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
// Records pushed before their handling has loaded apply once it has; the checks below read them at once.
before(loadAgentEventHandling);
after(() => server.close());

function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

type Json = Record<string, unknown>;

/** What the adapter reports, minus the snapshot's own id and time. */
const stateOf = (s: SnapshotEvent): string => JSON.stringify({ ...s, id: undefined, at: undefined });

test(`amazon connect fuzz: ${INPUTS} malformed or hostile agent event records`, async () => {
  const random = rng(8_2026_2);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const clock = createManualClock(START);
  const mock = createConnectBackendMock({ baseUrl: BASE, users: 20, clock });
  server.resetHandlers(...mock.handlers);
  const { backend, inFlight } = trackedBackend();
  const adapter = createAmazonConnectAdapter({
    instanceId: mock.instanceId,
    backend,
    clock,
    teams: [{ id: 'team-1', name: 'Team 1', hierarchyGroupId: 'group-1' }],
    queues: mock.queues,
    agentStatuses: mock.statuses,
    agentNames: mock.names,
  });
  const sink = recorder();
  await settle(adapter.connect(sink), clock, inFlight);
  const started = Date.now();
  // A known state: two agents logged in by real records, one of them on a contact.
  clock.advance(1000);
  adapter.pushAgentEvents([mock.agentEvent('user-4', 'LOGIN'), mock.agentEvent('user-5', 'LOGIN')]);
  clock.advance(1000);
  mock.apply({ kind: 'offer', userId: 'user-4', contactId: 'k-1', channel: 'VOICE' });
  mock.apply({ kind: 'contact-state', userId: 'user-4', contactId: 'k-1', state: 'CONNECTED' });
  adapter.pushAgentEvents([mock.agentEvent('user-4', 'STATE_CHANGE')]);
  assert.equal(sink.errors.length, 0, 'the setup records are valid');
  const before = stateOf(await adapter.snapshot());
  const eventsBefore = JSON.stringify(sink.received);
  const statusesBefore = JSON.stringify(sink.statuses);
  const template = mock.agentEvent('user-4', 'STATE_CHANGE') as unknown as Json;

  const huge = 'x'.repeat(100_000);
  const protoJson = '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}';
  const notString = [5, null, true, {}, [], NaN, Infinity, -Infinity, 10n, Symbol('s'), () => 'x', JSON.parse(protoJson) as unknown];
  const badArn = ['', 'arn:aws:connect:x:instance/i/agent/', 'user-4', '/agent/a/b/', 'arn:aws:connect:us-east-1:1:instance/i/agent', huge, ...notString];
  const badTime = ['now', '', 'yesterday', '2026-13-45T99:99:99Z', huge, ...notString];
  const badType = ['nope', 'login', 'STATE-CHANGE', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', huge, ...notString];
  const badSnapshot = [null, 'x', 5, true, [], [{}], NaN, 10n];
  const badStatus = [null, 'x', 5, [], {}, { Name: '' }, { Name: 5 }, { Name: null }, { Name: {} }, { Name: [] }, { ARN: 'arn', Type: 'ROUTABLE' }];
  let ids = 0;
  const freshId = (): string => `fuzz-${(++ids).toString(36)}`;
  const cycle = (): Json => {
    const c: Json = { a: 1 };
    c.self = c;
    return c;
  };

  /** One record with something wrong; fresh EventIds, so none is taken for a redelivery. */
  const record = (): { value: unknown; kind: string } => {
    const rec = structuredClone(template);
    rec.EventId = freshId();
    // Some records come from the future: rejecting them must not hold back later real ones.
    rec.EventTimestamp = new Date(START + 86_400_000 + Math.floor(random() * 1e9)).toISOString();
    const snap = rec.CurrentAgentSnapshot as Json;
    let kind: string;
    const r = random();
    if (r < 0.15) {
      kind = 'bad-arn';
      rec.AgentARN = pick(badArn);
    } else if (r < 0.3) {
      kind = 'bad-time';
      rec.EventTimestamp = pick(badTime);
    } else if (r < 0.42) {
      kind = 'bad-event-id';
      rec.EventId = pick(['', ...notString]);
    } else if (r < 0.57) {
      kind = 'bad-type';
      rec.EventType = pick(badType);
    } else if (r < 0.67) {
      kind = 'bad-snapshot';
      if (random() < 0.3) delete rec.CurrentAgentSnapshot;
      else rec.CurrentAgentSnapshot = pick(badSnapshot);
      rec.EventType = pick(['STATE_CHANGE', 'LOGIN', 'HEART_BEAT']);
    } else if (r < 0.77) {
      kind = 'bad-status';
      snap.AgentStatus = pick(badStatus);
      rec.EventType = pick(['STATE_CHANGE', 'LOGIN', 'HEART_BEAT']);
      if (random() < 0.5) rec.AgentARN = String(rec.AgentARN).replace('user-4', pick(['user-5', 'user-9']));
    } else {
      kind = 'hostile';
      // Hostile objects: a throwing getter, a throwing or revoked proxy, a cycle, prototype keys.
      switch (Math.floor(random() * 6)) {
        case 0: {
          const field = pick(['AgentARN', 'EventTimestamp', 'EventId', 'EventType', 'CurrentAgentSnapshot']);
          Object.defineProperty(rec, field, { get: () => { throw new Error('boom'); }, enumerable: true });
          break;
        }
        case 1: {
          Object.defineProperty(snap, pick(['AgentStatus', 'Configuration', 'Contacts']), { get: () => { throw new Error('boom'); }, enumerable: true });
          break;
        }
        case 2:
          return { value: new Proxy(rec, { get: () => { throw new Error('trap'); }, has: () => { throw new Error('trap'); }, ownKeys: () => { throw new Error('trap'); }, getPrototypeOf: () => { throw new Error('trap'); } }), kind };
        case 3: {
          const { proxy, revoke } = Proxy.revocable(rec, {});
          revoke();
          return { value: proxy, kind };
        }
        case 4:
          snap.AgentStatus = cycle();
          break;
        default: {
          // Prototype keys beside a broken field, as JSON text.
          const text = `${protoJson.slice(0, -1)},${JSON.stringify({ ...rec, EventType: '__proto__' }).slice(1)}`;
          return { value: random() < 0.5 ? text : JSON.parse(text), kind };
        }
      }
    }
    // A third of them arrive as JSON text, as Kinesis delivers them (when they can be written so).
    if (kind !== 'hostile' && random() < 0.33) {
      try {
        return { value: JSON.stringify(rec, (_k, v: unknown) => (typeof v === 'bigint' ? null : v)), kind: `${kind}-text` };
      } catch {
        // Not writable as text (a symbol or function vanished, or similar): keep the object.
      }
    }
    return { value: rec, kind };
  };

  const junk = (): unknown =>
    pick([null, undefined, 0, 5, NaN, Infinity, true, 10n, Symbol('x'), () => ({}), [], '', ' ', '{', 'null', '[]', '[1]', '"x"', 'NaN', huge, '['.repeat(3000) + ']'.repeat(3000), protoJson, cycle(), new Date(START), new Map(), /x/]);

  const kinds: Record<string, number> = {};
  const failures: string[] = [];
  const uncaught: unknown[] = [];
  let inputs = 0;
  for (let n = 0; n < INPUTS; n++) {
    const r = random();
    let batch: unknown;
    let count = 1;
    let kind: string;
    if (r < 0.1) {
      // One record that is not one at all, alone or as the whole batch.
      const j = junk();
      kind = 'junk';
      // An empty list is no input; an array as the whole batch is a batch of its elements.
      batch = Array.isArray(j) ? [j] : random() < 0.5 ? [j] : j;
    } else if (r < 0.15) {
      // A batch that cannot even be read.
      kind = 'hostile-batch';
      if (random() < 0.5) {
        const { proxy, revoke } = Proxy.revocable([], {});
        revoke();
        batch = proxy;
      } else batch = new Proxy([record().value], { get: () => { throw new Error('trap'); } });
    } else if (r < 0.25) {
      // Several bad records in one batch: one error each.
      count = 2 + Math.floor(random() * 4);
      kind = 'batch';
      batch = Array.from({ length: count }, () => record().value);
    } else {
      const one = record();
      kind = one.kind;
      batch = [one.value];
    }
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    inputs += count;
    const mark = sink.errors.length;
    try {
      adapter.pushAgentEvents(batch as unknown[]);
    } catch (err) {
      uncaught.push(err);
      failures.push(`#${n} ${kind} threw ${String(err)}`);
    }
    const fresh = sink.errors.slice(mark);
    const typed = fresh.filter((e) => e instanceof FloorwalkError && e.code === ErrorCode.MalformedEvent).length;
    if (fresh.length !== count || typed !== count) failures.push(`#${n} ${kind}: ${fresh.length} errors, ${typed} typed, for ${count} record(s)`);
    if (failures.length > 10) break;
  }
  const after = stateOf(await adapter.snapshot());
  console.log(
    `amazon-connect fuzz figures: ${JSON.stringify({ inputs, errors: sink.errors.length, exceptions: uncaught.length, events: sink.received.length - JSON.parse(eventsBefore).length, kinds, ms: Date.now() - started })}`,
  );
  assert.deepEqual(failures, []);
  assert.equal(sink.errors.length, inputs, 'one error per record');
  assert.equal(JSON.stringify(sink.received), eventsBefore, 'no event delivered');
  assert.equal(JSON.stringify(sink.statuses), statusesBefore, 'no status change');
  assert.equal(after, before, 'snapshot unchanged');
  assert.equal(({} as Json).polluted, undefined, 'no prototype was polluted');
  // The intake still works after all that, at the present time (rejected future records held nothing back).
  clock.advance(1000);
  mock.apply({ kind: 'status', userId: 'user-5', status: 'Break' });
  adapter.pushAgentEvents([mock.agentEvent('user-5', 'STATE_CHANGE')]);
  assert.equal(sink.errors.length, inputs, 'the real record is accepted');
  assert.notEqual(JSON.stringify(sink.received), eventsBefore, 'the real record is applied');
  await adapter.disconnect();
});
