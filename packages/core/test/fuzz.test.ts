// Fuzz of the core's event intake (FUZZ-1): at least 10,000 malformed or hostile inputs through an
// adapter's sink. No exception escapes, the store does not change, and each input is answered by
// exactly one typed error. Seeded: the same inputs every run. (Adapters fuzz their own intake.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, ErrorCode, FloorwalkError, type Floorwalk, type FloorwalkEvent } from '@floorwalk/core';
import { centreSnapshot, fakeAdapter, settle, T0 } from './fixtures.js';

const INPUTS = 12_000;

function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

type Json = Record<string, unknown>;

/** One valid event of every type, and the paths of its required fields with what each must be. */
const base = { at: T0 + 1000, source: 'fake' };
const agent = { id: 'a1', name: 'Agent a1', teamIds: ['t1'], queueIds: ['q1'], presence: { state: 'available', since: T0 } };
const interaction = { id: 'i1', channel: 'voice', direction: 'inbound', state: 'connected', agentId: 'a1', queueId: 'q1', createdAt: T0, connectedAt: T0 };
const TEMPLATES: [Json, [string, 'id' | 'time' | 'enum' | 'object' | 'list' | 'bool' | 'string'][]][] = [
  [{ ...base, type: 'presence', agentId: 'a1', presence: { state: 'break', since: T0 + 1000 } }, [['agentId', 'id'], ['presence', 'object'], ['presence.state', 'enum'], ['presence.since', 'time']]],
  [{ ...base, type: 'agent', agent }, [['agent', 'object'], ['agent.id', 'id'], ['agent.teamIds', 'list'], ['agent.presence', 'object'], ['agent.presence.state', 'enum'], ['agent.name', 'string']]],
  [{ ...base, type: 'agent-removed', agentId: 'a1' }, [['agentId', 'id']]],
  [{ ...base, type: 'not-responding', agentId: 'a1', notResponding: true }, [['agentId', 'id'], ['notResponding', 'bool']]],
  [{ ...base, type: 'interaction', interaction }, [['interaction', 'object'], ['interaction.id', 'id'], ['interaction.channel', 'enum'], ['interaction.state', 'enum'], ['interaction.direction', 'enum'], ['interaction.createdAt', 'time']]],
  [{ ...base, type: 'team', team: { id: 't1', name: 'T', supervisorIds: [] } }, [['team', 'object'], ['team.id', 'id'], ['team.supervisorIds', 'list']]],
  [{ ...base, type: 'queue-stats', queueId: 'q1', stats: { waiting: 1, oldestWaitingSince: T0, agentsAvailable: 1, offered: 1, answered: 0, abandoned: 0 } }, [['queueId', 'id'], ['stats', 'object'], ['stats.waiting', 'time']]],
  [{ ...base, type: 'monitoring', session: { id: 'm1', supervisorId: 's', agentId: 'a1', interactionId: 'i1', mode: 'listen', startedAt: T0 } }, [['session', 'object'], ['session.id', 'id'], ['session.mode', 'enum'], ['session.startedAt', 'time']]],
  [{ ...base, type: 'help-request', request: { id: 'h1', agentId: 'a1', reason: 'x', state: 'open', raisedAt: T0 } }, [['request', 'object'], ['request.id', 'id'], ['request.state', 'enum'], ['request.raisedAt', 'time']]],
  [{ ...base, type: 'snapshot', scope: { kind: 'all' }, agents: [agent], interactions: [interaction] }, [['scope', 'object'], ['scope.kind', 'enum'], ['agents', 'list'], ['agents.0', 'object'], ['agents.0.id', 'id'], ['interactions.0.state', 'enum']]],
];
const COMMON: [string, 'id' | 'time' | 'enum' | 'string'][] = [['id', 'id'], ['at', 'time'], ['type', 'enum'], ['source', 'string']];

const BAD: Record<string, unknown[]> = {
  id: ['', 0, 42, null, {}, [], true, undefined],
  time: ['now', NaN, Infinity, -Infinity, null, {}, '1700000000000', undefined],
  enum: ['nope', 'AVAILABLE', 0, null, {}, [], undefined, 'constructor', '__proto__', 'toString'],
  object: [null, 'x', 5, true, [], undefined],
  list: ['t1', 5, null, {}, [''], [null], [7], undefined],
  bool: ['yes', 1, 0, null, {}, undefined],
  string: [5, null, {}, [], true, undefined],
};

const clone = (v: Json): Json => structuredClone(v);

function setPath(target: Json, path: string, value: unknown): void {
  const parts = path.split('.');
  let node: Record<string, unknown> = target;
  for (const p of parts.slice(0, -1)) node = node[p] as Record<string, unknown>;
  const last = parts.at(-1) as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

function hostile(random: () => number, template: Json, path: string): unknown {
  const event = clone(template);
  const parts = path.split('.');
  let node: Record<string, unknown> = event;
  for (const p of parts.slice(0, -1)) node = node[p] as Record<string, unknown>;
  const last = parts.at(-1) as string;
  switch (Math.floor(random() * 5)) {
    case 0:
      // A getter that throws when read.
      Object.defineProperty(node, last, { get: () => { throw new Error('boom'); }, enumerable: true });
      return event;
    case 1:
      // A proxy that throws on every trap.
      return new Proxy(event, { get: () => { throw new Error('trap'); }, has: () => { throw new Error('trap'); }, ownKeys: () => { throw new Error('trap'); } });
    case 2: {
      // A revoked proxy: touching it in any way throws.
      const { proxy, revoke } = Proxy.revocable(event, {});
      revoke();
      return proxy;
    }
    case 3:
      // Prototype pollution by JSON, with a broken field so it is malformed.
      return JSON.parse(`{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},${JSON.stringify(event).slice(1).replace(/"type":"[a-z-]+"/, '"type":"__proto__"')}`);
    default: {
      // Deep nesting and a cycle in place of a required object.
      const cyclic: Record<string, unknown> = { id: 5 };
      cyclic.self = cyclic;
      cyclic.deep = JSON.parse('['.repeat(2000) + ']'.repeat(2000));
      node[last] = cyclic;
      setPath(event, 'id', random() < 0.5 ? '' : event.id);
      if (event.id !== '') node[last] = random() < 0.5 ? cyclic : Symbol('x');
      return event;
    }
  }
}

/** Everything a host can read, as text: equal text, equal state. */
function stateOf(client: Floorwalk): string {
  return JSON.stringify([
    client.getAgents(),
    client.getTeams(),
    client.getQueues(),
    client.getInteractions({ includeEnded: true }),
    client.getMonitoringSessions(),
    client.getHelpRequests(),
    client.getCoachingNotes(),
    client.getCheckIns(),
    client.status,
  ]);
}

test(`fuzz: ${INPUTS} malformed or hostile inputs into the event intake`, async () => {
  const random = rng(8_2026);
  const adapter = fakeAdapter();
  adapter.snapshotEvent = centreSnapshot();
  const client = createFloorwalk({ adapter, session: { userId: 'admin-1', role: 'admin', teamIds: 'all' } });
  await client.connect();
  await settle();
  const before = stateOf(client);
  let errors: unknown[] = [];
  client.on('error', (e) => errors.push(e));
  let notified = 0;
  client.subscribe(() => notified++);
  const kinds: Record<string, number> = {};
  const failures: string[] = [];

  for (let n = 0; n < INPUTS; n++) {
    let input: unknown;
    let kind: string;
    const r = random();
    if (r < 0.05) {
      // Not a batch at all.
      const junk = [null, undefined, 0, 'events', {}, { length: 3 }, () => {}, Symbol('b'), 10n, new Proxy([], { get: () => { throw new Error('trap'); } })];
      input = junk[Math.floor(random() * junk.length)];
      kind = 'not-a-batch';
      try {
        adapter.sink!.events(input as FloorwalkEvent[]);
      } catch (err) {
        failures.push(`#${n} ${kind} threw ${String(err)}`);
      }
    } else {
      const [template, fields] = TEMPLATES[Math.floor(random() * TEMPLATES.length)] as (typeof TEMPLATES)[number];
      const all = [...COMMON, ...fields];
      const [path, want] = all[Math.floor(random() * all.length)] as [string, keyof typeof BAD];
      if (r < 0.25) {
        input = hostile(random, template, path);
        kind = 'hostile';
      } else if (r < 0.3) {
        const junk = [null, undefined, 7, 'presence', [], [template], true];
        input = junk[Math.floor(random() * junk.length)];
        kind = 'not-an-event';
      } else {
        const event = clone(template);
        const values = BAD[path === 'type' ? 'enum' : want] as unknown[];
        setPath(event, path, values[Math.floor(random() * values.length)]);
        input = event;
        kind = `bad-${want}`;
      }
      try {
        adapter.sink!.events([input as FloorwalkEvent]);
      } catch (err) {
        failures.push(`#${n} ${kind} threw ${String(err)}`);
      }
    }
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    const typed = errors.filter((e) => e instanceof FloorwalkError && e.code === ErrorCode.MalformedEvent).length;
    if (errors.length !== 1 || typed !== 1) failures.push(`#${n} ${kind} at ${String(input && typeof input === 'object' ? '' : String(input))}: ${errors.length} errors, ${typed} typed`);
    errors = [];
    if (failures.length > 10) break;
  }
  await settle();
  console.log(`fuzz figures: ${JSON.stringify({ inputs: INPUTS, kinds, failures: failures.length, notified })}`);
  assert.deepEqual(failures, []);
  assert.equal(stateOf(client), before, 'state unchanged');
  assert.equal(notified, 0, 'no subscriber was told of a change');
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype was polluted');
  assert.equal(client.status, 'live');
  // The intake still works after all that.
  adapter.emit({ type: 'presence', id: 'after-fuzz', at: T0 + 5000, source: 'fake', agentId: 'a1', presence: { state: 'meal', since: T0 + 5000 } });
  assert.equal(client.getAgent('a1')?.presence.state, 'meal');
});
