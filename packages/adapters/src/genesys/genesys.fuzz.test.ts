// Fuzz of the Genesys adapter's notification intake (issue 8): at least 10,000 malformed or hostile
// WebSocket messages, sent by the mock org down the real notification socket. No exception escapes,
// the adapter delivers no event and changes no status, and each message is answered by exactly one
// typed MalformedEvent error. Seeded: the same messages every run. Every generated message is
// invalid by construction (system topics and heartbeats, which are valid, are never generated).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setupServer } from 'msw/node';
import { ErrorCode, FloorwalkError, type AdapterSink, type FloorwalkEvent } from '@floorwalk/core';
import { createGenesysAdapter } from './index.js';
import { createGenesysMock } from './mocks/index.js';
import { delivery, until } from './test-support.js';

const INPUTS = 10_500;
// How often the running count is checked (1 pins a failure to its message).
const CHECK_EVERY = Number(process.env.FUZZ_CHECK_EVERY ?? 250);

const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
after(() => server.close());

function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

type Json = Record<string, unknown>;

const tick = (ms = 5): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

test(`genesys fuzz: ${INPUTS} malformed or hostile notification messages`, async () => {
  const random = rng(8_2026_1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const mock = createGenesysMock({ agents: 8 });
  server.resetHandlers(...mock.handlers);
  const { WebSocket, delivered } = delivery(mock);
  const adapter = createGenesysAdapter({ ...mock.adapterOptions(), WebSocket });
  const received: FloorwalkEvent[] = [];
  const errors: unknown[] = [];
  const statuses: string[] = [];
  const sink: AdapterSink = {
    events: (batch) => void received.push(...batch),
    status: (s) => void statuses.push(s),
    error: (e) => void errors.push(e),
  };
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown): void => void uncaught.push(err);
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  const started = Date.now();
  try {
    await adapter.connect(sink);
    await adapter.snapshot();
    await delivered();
    const user = mock.directory.agentIds[0] as string;
    const queue = mock.directory.queueIds[0] as string;
    const beforeEvents = JSON.stringify(received);
    const beforeStatuses = JSON.stringify(statuses);
    const errorsBefore = errors.length;

    // Hostile values, all of them wrong for any field they replace.
    const huge = 'x'.repeat(100_000);
    const deep = JSON.parse('['.repeat(1500) + ']'.repeat(1500)) as unknown;
    const protoObj = JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}') as unknown;
    const notObject = [null, 5, 'x', true, [], [1, 2], deep, -0, 1e308];
    const notString = [5, null, true, {}, [], protoObj, 1e308, [huge]];
    const notList = [null, 5, 'x', {}, protoObj, true];
    const badPresence = ['nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', ' ', huge, 5, null, {}, [], true];
    const badRouting = ['nope', 'idle', '__proto__', 'constructor', 'toString', '', huge, 5, null, {}, [], true];
    const badMediaState = ['nope', 'CONNECTED', '__proto__', 'constructor', 'toString', '', huge, 5, 0, {}, [], true];
    const badId = ['', 5, null, {}, [], true];
    const notBool = ['true', 1, 0, null, {}, [], 'false'];

    const presenceDef = (): Json => ({ id: 'no-such-definition', systemPresence: 'AVAILABLE' });
    /** Each maker returns a topic and an envelope with exactly one thing wrong (or several). */
    const makers: (() => Json)[] = [
      // presence topic: the definition or its system presence is wrong.
      () => {
        const body: Json = { source: 'PURECLOUD', presenceDefinition: presenceDef(), modifiedDate: '2026-01-01T00:00:00Z' };
        if (random() < 0.4) body.presenceDefinition = pick(notObject);
        else if (random() < 0.2) delete body.presenceDefinition;
        else (body.presenceDefinition as Json).systemPresence = pick(badPresence);
        return { topicName: `v2.users.${user}.presence`, eventBody: body };
      },
      // routingStatus topic: the status is wrong or missing.
      () => {
        const body: Json = { routingStatus: { userId: user, status: 'IDLE', startTime: '2026-01-01T00:00:00Z' } };
        if (random() < 0.3) body.routingStatus = random() < 0.5 ? pick(notObject) : undefined;
        else (body.routingStatus as Json).status = pick(badRouting);
        return { topicName: `v2.users.${user}.routingStatus`, eventBody: body };
      },
      // activity topic: whatever it carries is wrong (never one good half beside a bad one).
      () => {
        const r = random();
        const body: Json = { id: user };
        if (r < 0.35) body.presence = { presenceDefinition: random() < 0.5 ? pick(notObject) : { systemPresence: pick(badPresence) }, modifiedDate: 'x' };
        else if (r < 0.7) body.routingStatus = { status: pick(badRouting) };
        else if (r < 0.85) {
          body.presence = { presenceDefinition: { systemPresence: pick(badPresence) } };
          body.routingStatus = { status: pick(badRouting) };
        } else {
          body.presence = pick(notObject);
          body.routingStatus = pick(notObject);
        }
        return { topicName: `v2.users.${user}.activity`, eventBody: body };
      },
      // conversation topics (user and queue): the conversation is wrong somewhere.
      () => {
        const agentLeg: Json = { id: 'p-agent', purpose: 'agent', userId: user, queueId: queue, calls: [{ id: 'm1', state: 'connected', direction: 'inbound', connectedTime: '2026-01-01T00:00:00Z' }] };
        const customerLeg: Json = { id: 'p-cust', purpose: 'customer', ani: 'tel:+15550100', name: 'C', calls: [{ id: 'm0', state: 'connected', direction: 'inbound' }] };
        const body: Json = { id: 'fuzz-conv', startTime: '2026-01-01T00:00:00Z', participants: [customerLeg, agentLeg] };
        const target = random() < 0.5 ? agentLeg : customerLeg;
        switch (Math.floor(random() * 9)) {
          case 0:
            body.id = pick(badId);
            break;
          case 1:
            body.participants = pick(notList);
            break;
          case 2:
            (body.participants as unknown[]).push(pick(notObject));
            break;
          case 3:
            target.calls = pick(notList.filter((v) => v !== null));
            break;
          case 4:
            target.calls = [pick([null, 5, 'x', true, [], deep])];
            break;
          case 5:
            (((target.calls as Json[])[0]) as Json).state = pick(badMediaState);
            break;
          case 6:
            (((target.calls as Json[])[0]) as Json).disconnectType = pick(notString);
            break;
          case 7:
            target[pick(['ani', 'address'])] = pick(notString.filter((v) => v !== null));
            break;
          default:
            // No media at all, on a topic that names none.
            body.participants = random() < 0.5 ? [] : [{ purpose: 'customer' }];
            return { topicName: random() < 0.5 ? `v2.users.${user}.conversations` : `v2.routing.queues.${queue}.conversations`, eventBody: body };
        }
        const topic = pick([`v2.users.${user}.conversations`, `v2.users.${user}.conversations.calls`, `v2.routing.queues.${queue}.conversations.calls`, `v2.routing.queues.${queue}.conversations`]);
        return { topicName: topic, eventBody: body };
      },
      // queue membership: no user id, or joined not a boolean.
      () => {
        const body: Json = { id: user, user: { id: user }, queueId: queue, joined: true };
        if (random() < 0.5) {
          delete body.id;
          body.user = random() < 0.5 ? { id: pick(badId) } : pick(notObject);
        } else body.joined = random() < 0.2 ? undefined : pick(notBool);
        return { topicName: `v2.routing.queues.${queue}.users`, eventBody: body };
      },
      // queue observations: data, an interval or a metric is wrong.
      () => {
        const body: Json = { group: { queueId: queue, mediaType: 'voice' }, data: [{ interval: 'x', metrics: [{ metric: 'oWaiting', stats: { count: 1 } }] }] };
        const r = random();
        if (r < 0.3) body.data = pick(notList);
        else if (r < 0.5) body.data = [pick([null, 5, 'x', [], deep])];
        else if (r < 0.75) ((body.data as Json[])[0] as Json).metrics = pick(notList);
        else ((body.data as Json[])[0] as Json).metrics = [{ metric: 'oWaiting', stats: { count: 1 } }, pick([null, 5, 'x', [], { metric: pick(notString) }, { stats: {} }])];
        return { topicName: `v2.analytics.queues.${queue}.observations`, eventBody: body };
      },
      // coaching notifications (the signed-in user's topic): no appointment, or an unknown action,
      // status, start or length.
      () => {
        const body: Json = { id: 'n-1', name: 'x', markedAsRead: false, actionType: 'StatusChange', relationship: 'Attendee', appointment: { id: 'a-1' }, dateStart: '2026-01-01T00:00:00Z', lengthInMinutes: 30, status: 'Scheduled' };
        switch (Math.floor(random() * 5)) {
          case 0:
            body.appointment = random() < 0.5 ? pick(notObject) : { id: pick(badId) };
            break;
          case 1:
            body.actionType = pick(['Cancel', 'create', '__proto__', 'toString', '', huge, 5, null, {}, [], true]);
            break;
          case 2:
            body.status = pick(['Cancelled', 'scheduled', '__proto__', 'constructor', '', huge, 5, null, {}, [], true]);
            break;
          case 3:
            body.dateStart = pick(['soon', '', huge, 5, {}, [], true]);
            break;
          default:
            body.lengthInMinutes = pick([0, -30, 'thirty', null, {}, [], true, Number.NaN]);
        }
        return { topicName: `v2.users.${mock.directory.supervisorId}.wem.coaching.notification`, eventBody: body };
      },
      // internal (colleague) calls: every leg a user, one leg's call in a state Genesys does not have.
      () => {
        const leg = (id: string, userId: string, state: string): Json => ({ id, purpose: 'user', userId, calls: [{ id: `m-${id}`, state, direction: 'outbound' }] });
        const body: Json = { id: 'fuzz-internal', participants: [leg('p1', user, 'connected'), leg('p2', mock.directory.agentIds[1] as string, pick(['nope', 'CONNECTED', '__proto__', 'constructor', 'toString', '', huge]))] };
        return { topicName: pick([`v2.users.${user}.conversations`, `v2.users.${user}.conversations.calls`]), eventBody: body };
      },
      // envelope: no body, or a topic that is not a string or not one we know.
      () => {
        const r = random();
        if (r < 0.35) return { topicName: pick([`v2.users.${user}.presence`, `v2.routing.queues.${queue}.users`, `v2.analytics.queues.${queue}.observations`, `v2.users.${user}.activity`, `v2.users.${user}.wem.coaching.notification`, 'v2.quality.evaluations']), eventBody: pick([...notObject, undefined]) };
        if (r < 0.6) return { topicName: pick(notString), eventBody: {} };
        const topic = pick(['__proto__', 'constructor', 'toString', '', huge, `v2.users.${user}.nope`, `v2.users.${user}`, `v2.users..presence`, 'v2.users.a.b.presence', 'v2.queues.x.observations', `v2.routing.queues.${queue}.users.extra`, 'v2.systems.socket_closing', 'channel.metadatas']);
        return { topicName: topic, eventBody: { id: 'x' } };
      },
    ];

    /** Text that is not a JSON object with a string topicName. */
    const junkText = (): string =>
      pick([
        '',
        ' ',
        '{',
        '{"topicName":',
        'null',
        'NaN',
        'Infinity',
        '-Infinity',
        'undefined',
        '[1,2,3]',
        '"v2.users.x.presence"',
        '42',
        'true',
        '{"topicName":NaN}',
        `{"topicName":"v2.users.${user}.presence","eventBody":{"presenceDefinition":{"systemPresence":"AVAILABLE"}}`,
        '\u0000\u0001\ufffd',
        huge,
        '['.repeat(1500) + ']'.repeat(1500),
        '{"__proto__":{"topicName":"v2.users.x.presence"}}',
        '{"constructor":{"prototype":{"topicName":"x"}}}',
        JSON.stringify({ topicName: null, eventBody: {} }),
        `{"topicName":"v2.users.${user}.presence",}`,
      ]);

    const kinds: Record<string, number> = {};
    let sent = 0;
    const failures: string[] = [];
    for (let n = 0; n < INPUTS; n++) {
      let text: string;
      let kind: string;
      if (random() < 0.15) {
        text = junkText();
        kind = 'not-json-or-no-topic';
      } else {
        const m = Math.floor(random() * makers.length);
        const envelope = (makers[m] as () => Json)();
        kind = ['presence', 'routing', 'activity', 'conversation', 'queue-member', 'observation', 'coaching', 'colleague-call', 'envelope'][m] as string;
        if (random() < 0.1) {
          // Prototype-polluting keys beside the payload: must change nothing.
          text = `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},${JSON.stringify(envelope).slice(1)}`;
        } else text = JSON.stringify(envelope);
        if (random() < 0.01) text = text.replace(/^\{/, `{"padding":"${huge}",`);
      }
      // A topic that happens to be a system topic or a heartbeat would be valid: never generated.
      assert.ok(!/"topicName":"(v2\.system\.|channel\.metadata")/i.test(text), `#${n} generated a valid system topic`);
      kinds[kind] = (kinds[kind] ?? 0) + 1;
      mock.sendRaw(text);
      sent++;
      // Let the socket drain now and then, and check the one-error-per-message count as we go.
      if (sent % CHECK_EVERY === 0) {
        const want = errorsBefore + sent;
        await delivered();
        // Past the frames' read: the first coaching message's error comes once its handling loads.
        const end = Date.now() + 5000;
        while (errors.length < want && Date.now() < end) await tick(1);
        if (errors.length !== want) failures.push(`after ${sent} messages (last ${kind}: ${text.slice(0, 600)}): ${errors.length - errorsBefore} errors`);
        if (failures.length > 0) break;
      }
    }
    const want = errorsBefore + sent;
    await delivered();
    const end = Date.now() + 5000;
    while (errors.length < want && Date.now() < end) await tick(2);
    const fresh = errors.slice(errorsBefore);
    const typed = fresh.filter((e) => e instanceof FloorwalkError && e.code === ErrorCode.MalformedEvent).length;
    console.log(
      `genesys fuzz figures: ${JSON.stringify({ inputs: sent, errors: fresh.length, typed, exceptions: uncaught.length, events: received.length - JSON.parse(beforeEvents).length, kinds, ms: Date.now() - started })}`,
    );
    assert.deepEqual(failures, []);
    assert.deepEqual(uncaught.map(String), [], 'no exception escaped');
    assert.equal(sent, INPUTS);
    assert.equal(fresh.length, INPUTS, 'one error per message');
    assert.equal(typed, INPUTS, 'every error is a typed MalformedEvent');
    assert.equal(JSON.stringify(received), beforeEvents, 'no event delivered');
    assert.equal(JSON.stringify(statuses), beforeStatuses, 'no status change');
    assert.equal(({} as Json).polluted, undefined, 'no prototype was polluted');
    // The intake still works after all that.
    mock.play([{ type: 'presence', userId: user, presence: 'BREAK' }]);
    await until(() => received.some((e) => e.type === 'presence' && e.agentId === user), 'a real presence change', 3000);
    assert.ok(received.some((e) => e.type === 'presence' && e.agentId === user && e.presence.state === 'break'), 'a real presence change still arrives');
  } finally {
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
    await adapter.disconnect();
  }
});
