import type { Adapter, AdapterCapabilities, AdapterSink, CommandEnvelope, FloorwalkEvent, SnapshotEvent } from '@floorwalk/core';
import { COMMAND_TYPES, MONITORING_MODES, type Agent, type Interaction, type PresenceState, type Queue, type Team } from '@floorwalk/core';
import { FloorwalkError } from '@floorwalk/core';

export const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);

/** A scripted adapter: the test plays the vendor through `emit` and `setStatus`. */
export interface FakeAdapter extends Adapter {
  sink: AdapterSink | null;
  executed: CommandEnvelope[];
  snapshotEvent: SnapshotEvent;
  /** When set, execute rejects with it. */
  failWith: unknown;
  /** When set, snapshot() rejects with it. */
  snapshotFailure: unknown;
  /** When set, snapshot() answers only once it settles (a slow vendor). */
  snapshotGate?: Promise<unknown>;
  snapshots: number;
  emit(...events: FloorwalkEvent[]): void;
}

let seq = 0;
export const nextId = (): string => `e${++seq}`;

export function agent(id: string, teamIds: string[], state: PresenceState = 'available', since = T0): Agent {
  return { id, name: `Agent ${id}`, teamIds, queueIds: ['q1'], presence: { state, since } };
}

export function team(id: string, supervisorIds: string[] = []): Team {
  return { id, name: `Team ${id}`, supervisorIds };
}

export function queue(id: string): Queue {
  return {
    id,
    name: `Queue ${id}`,
    channels: ['voice'],
    stats: { waiting: 0, oldestWaitingSince: null, agentsAvailable: 1, offered: 0, answered: 0, abandoned: 0 },
  };
}

export function call(id: string, agentId: string | undefined, state: Interaction['state'], extra: Partial<Interaction> = {}): Interaction {
  return {
    id,
    channel: 'voice',
    direction: 'inbound',
    state,
    ...(agentId === undefined ? {} : { agentId }),
    queueId: 'q1',
    createdAt: T0,
    customer: { name: 'Jane Doe', phone: '+44 7700 900123' },
    ...extra,
  };
}

/** One team t1 (supervised by sup-1) of the given agents, all available, and one queue q1. */
export function teamSnapshot(agentIds: readonly string[], interactions: Interaction[] = [], at = T0): SnapshotEvent {
  return {
    type: 'snapshot',
    id: nextId(),
    at,
    source: 'fake',
    scope: { kind: 'all' },
    teams: [team('t1', ['sup-1'])],
    agents: agentIds.map((id) => agent(id, ['t1'])),
    queues: [queue('q1')],
    interactions,
  };
}

/** Two teams: t1 (a1, a2, supervised by sup-1) and t2 (b1, supervised by sup-2). */
export function centreSnapshot(at = T0): SnapshotEvent {
  return {
    type: 'snapshot',
    id: nextId(),
    at,
    source: 'fake',
    scope: { kind: 'all' },
    teams: [team('t1', ['sup-1']), team('t2', ['sup-2'])],
    agents: [agent('a1', ['t1']), agent('a2', ['t1'], 'break'), agent('b1', ['t2'])],
    queues: [queue('q1')],
    interactions: [call('i1', 'a1', 'connected', { connectedAt: T0 }), call('i2', 'b1', 'connected', { connectedAt: T0 })],
    presenceDefinitions: [{ state: 'break', reasons: [{ id: 'coffee', label: 'Coffee' }] }],
  };
}

export const ALL_CAPABILITIES: AdapterCapabilities = { channels: ['voice', 'chat'], commands: COMMAND_TYPES, monitoringModes: MONITORING_MODES, agentSeesMonitoring: true };

export function fakeAdapter(capabilities: AdapterCapabilities = ALL_CAPABILITIES): FakeAdapter {
  const fake: FakeAdapter = {
    id: 'fake',
    capabilities,
    sink: null,
    executed: [],
    snapshotEvent: centreSnapshot(),
    failWith: undefined,
    snapshotFailure: undefined,
    snapshots: 0,
    async connect(sink) {
      fake.sink = sink;
      sink.status('live');
    },
    async snapshot() {
      fake.snapshots++;
      await fake.snapshotGate;
      if (fake.snapshotFailure !== undefined) throw fake.snapshotFailure;
      return { ...fake.snapshotEvent, id: nextId() };
    },
    async execute(command) {
      if (fake.failWith !== undefined) throw fake.failWith;
      fake.executed.push(command);
    },
    async disconnect() {
      fake.sink = null;
    },
    emit(...events) {
      fake.sink?.events(events);
    },
  };
  return fake;
}

/** Lets queued microtasks (batch notification) run. */
export const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Waits in real time, up to `ms`, until `condition` holds: for what takes an unknown number of
 * turns, as a module load through the loader's worker does on a busy machine.
 */
export async function until(condition: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Argument values a host's JavaScript may pass where an id, a filter or a period belongs. */
export const ODD_ARGUMENTS: readonly unknown[] = [undefined, null, 42, Number.NaN, '', 'x', {}, [], () => 1, Symbol('s'), { agentId: 42 }, { includeEnded: 'yes' }];

/**
 * Calls each named method of `target` with odd arguments (alone, twice, after an id, before a
 * state) and lists the calls that threw or rejected anything but a FloorwalkError.
 */
export async function untypedFailures(target: object, names: readonly string[], values: readonly unknown[] = ODD_ARGUMENTS): Promise<string[]> {
  const untyped = new Set<string>();
  const show = (a: unknown): string => (typeof a === 'symbol' ? 'symbol' : typeof a === 'function' ? 'function' : (JSON.stringify(a) ?? 'undefined'));
  const note = (name: string, args: readonly unknown[], err: unknown): void => {
    if (!(err instanceof FloorwalkError)) untyped.add(`${name}(${args.map(show).join(', ')}): ${String(err)}`);
  };
  for (const name of names) {
    const method = (target as Record<string, (...args: unknown[]) => unknown>)[name] as (...args: unknown[]) => unknown;
    for (const v of values) {
      for (const args of [[v], [v, v], ['a1', v], [v, 'break']]) {
        try {
          const result = method.apply(target, args);
          if (result instanceof Promise) await result.catch((err: unknown) => note(name, args, err));
        } catch (err) {
          note(name, args, err);
        }
      }
    }
  }
  return [...untyped];
}

/**
 * Takes `crypto.randomUUID` away until the test ends, as on a page served over plain http from
 * another host (browsers give it to secure contexts only).
 */
export function withoutRandomUUID(t: { after(fn: () => void): void }): void {
  const uuid = Object.getOwnPropertyDescriptor(globalThis.crypto, 'randomUUID');
  Object.defineProperty(globalThis.crypto, 'randomUUID', { value: undefined, configurable: true, writable: true });
  t.after(() => {
    if (uuid === undefined) delete (globalThis.crypto as { randomUUID?: unknown }).randomUUID;
    else Object.defineProperty(globalThis.crypto, 'randomUUID', uuid);
  });
}

/**
 * Installs a Web Locks stand-in on Node's `navigator` with what the outbox's claim of a closed
 * page's intents asks of the browser (`ifAvailable` only): a lock already held is refused. Returns
 * the names held.
 */
export function installIfAvailableLocks(): ReadonlySet<string> {
  const held = new Set<string>();
  (globalThis as Record<string, unknown>).navigator = {
    locks: {
      async request(name: string, _o: unknown, cb: (lock: unknown) => unknown) {
        if (held.has(name)) return cb(null);
        held.add(name);
        try {
          return await cb({ name });
        } finally {
          held.delete(name);
        }
      },
    },
  };
  return held;
}

/**
 * A platform link over {@link centreSnapshot} with no collaboration of its own (the backplane
 * carries help, chat and the rest): it goes live on connect, answers every command, and lets a
 * test speak for it (`emit`), move its roster (`move`, `team`) or drop and restore the link.
 */
export function centrePlatform(clock: { now(): number }, options: { id?: string; capabilities?: Partial<AdapterCapabilities>; teams?: readonly Team[] } = {}) {
  const id = options.id ?? 'roster';
  let sink: AdapterSink | null = null;
  let seq = 0;
  const emit = (...events: FloorwalkEvent[]): void => sink?.events(events);
  const adapter: Adapter = {
    id,
    capabilities: { channels: ['voice'], commands: [], monitoringModes: [], agentSeesMonitoring: true, ...options.capabilities },
    async connect(s) {
      sink = s;
      s.status('live');
    },
    async snapshot(): Promise<SnapshotEvent> {
      const snapshot = centreSnapshot(clock.now());
      return { ...snapshot, id: `snap-${++seq}`, source: id, ...(options.teams === undefined ? {} : { teams: [...options.teams] }) };
    },
    async execute() {},
    async disconnect() {
      sink = null;
    },
  };
  return {
    adapter,
    emit,
    status: (s: 'live' | 'offline') => sink?.status(s),
    move: (agentId: string, teamIds: string[]) => emit({ type: 'agent', id: `move-${++seq}`, at: clock.now(), source: id, agent: agent(agentId, teamIds) }),
    team: (t: Team) => emit({ type: 'team', id: `team-${++seq}`, at: clock.now(), source: id, team: t }),
  };
}
