// The connection machine (CONN-1…7): its table, tested as a table; tiered backoff with jitter,
// reset on success; the slow tier; the auth path; hints; reconcile after every reconnect.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONNECTION_STATUSES, createFloorwalk, ErrorCode, FloorwalkError, type AdapterSink, type ConnectionHint, type Floorwalk, type MonitoringNotice, type MonitoringSessionNotice, type StatusChange } from '@floorwalk/core';
import { createManualClock, type ManualClock } from '@floorwalk/core/testing';
import { backoffDelay, DEFAULT_RECONNECT, tierOf } from '../src/connection/backoff.js';
import { canMove, STATES, TRANSITIONS, type ConnectionState } from '../src/connection/machine.js';
import type { FloorwalkTestOptions } from '../src/client.js';
import { agent, centreSnapshot, fakeAdapter, settle, T0, type FakeAdapter } from './fixtures.js';

const admin = { userId: 'admin-1', role: 'admin', teamIds: 'all' } as const;
const ALL = Object.keys(STATES) as ConnectionState[];
const vendorDown = (): FloorwalkError => new FloorwalkError(ErrorCode.VendorError, '503');

// ─── the table ──────────────────────────────────────────────────────────────────────────────

test('the state table: status, queues, sends, terminal and retry of every state', () => {
  // The table of machine.ts's doc comment, row by row: changing one without the other fails here.
  const expected: Record<ConnectionState, [string, boolean, boolean, boolean, string | null]> = {
    '@idle.initial': ['idle', false, false, false, null],
    '@connecting.busy': ['connecting', true, false, false, null],
    '@connecting.backoff': ['connecting', true, false, false, 'any'],
    '@ok.live': ['live', false, true, false, null],
    '@ok.checking': ['live', false, true, false, null],
    '@link.reconnecting': ['reconnecting', true, false, false, null],
    '@link.offline': ['offline', true, false, false, null],
    '@sync.busy': ['reconnecting', true, false, false, null],
    '@retry.backoff': ['reconnecting', true, false, false, 'fast'],
    '@retry.slow': ['reconnecting', true, false, false, 'slow'],
    '@retry.busy': ['reconnecting', true, false, false, null],
    '@auth.renewing': ['reconnecting', true, false, false, null],
    '@failed.auth': ['failed', false, false, true, null],
    '@failed.error': ['failed', false, false, true, null],
  };
  assert.deepEqual(Object.keys(expected).sort(), [...ALL].sort());
  assert.deepEqual(Object.keys(TRANSITIONS).sort(), [...ALL].sort());
  for (const s of ALL) {
    const row = STATES[s];
    assert.deepEqual([row.status, row.queues, row.sends, row.terminal, row.retry], expected[s], s);
  }
});

test('the state table is consistent: every status shown, terminal states hold nothing, targets exist', () => {
  assert.deepEqual(new Set(ALL.map((s) => STATES[s].status)), new Set(CONNECTION_STATUSES), 'every public status is some state');
  for (const s of ALL) {
    const row = STATES[s];
    assert.ok(!(row.queues && row.sends), `${s} both queues and sends`);
    if (row.sends) assert.equal(row.status, 'live', s);
    if (row.terminal) assert.ok(!row.queues && !row.sends && row.retry === null, `${s} is terminal but active`);
    if (row.retry !== null) assert.ok(row.queues && !row.terminal, `${s} retries but does not queue`);
    for (const t of TRANSITIONS[s]) assert.ok(t in STATES && t !== s, `${s} -> ${t}`);
    if (s !== '@idle.initial') assert.ok(canMove(s, '@idle.initial'), `disconnect() is possible from ${s}`);
  }
  // Every state is reachable from idle.
  const seen = new Set<ConnectionState>(['@idle.initial']);
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of [...seen]) for (const t of TRANSITIONS[s]) if (!seen.has(t)) (seen.add(t), (grew = true));
  }
  assert.deepEqual([...seen].sort(), [...ALL].sort());
});

/** A client on a manual clock whose every transition is checked against the table. */
function harness(opts: { reconnect?: boolean; renewAuth?: (e: FloorwalkError) => Promise<void>; hints?: boolean } = {}) {
  const clock = createManualClock(T0);
  const adapter = fakeAdapter();
  const trace: string[] = [];
  let hint: ((h: ConnectionHint) => void) | null = null;
  let seed = 7;
  const client = createFloorwalk({
    adapter,
    session: admin,
    clock,
    ...(opts.reconnect === false ? {} : { reconnect: { random: () => ((seed = (seed * 16807) % 2147483647) / 2147483647) } }),
    ...(opts.renewAuth === undefined ? {} : { renewAuth: opts.renewAuth }),
    ...(opts.hints === true ? { hints: (h: (x: ConnectionHint) => void) => ((hint = h), () => (hint = null)) } : {}),
    onTransition(from, to) {
      assert.ok(canMove(from, to), `transition ${from} -> ${to} is not in the table`);
      trace.push(to);
    },
 } as FloorwalkTestOptions);
  const statuses: StatusChange[] = [];
  client.on('status', (c) => statuses.push(c));
  const internal: FloorwalkError[] = [];
  client.on('error', (e) => {
    if (e.code === ErrorCode.Internal) internal.push(e);
  });
  return { clock, adapter, client, trace, statuses, internal, hint: (h: ConnectionHint) => hint?.(h) };
}

const flush = async (clock?: ManualClock, ms = 0): Promise<void> => {
  await settle();
  if (clock !== undefined && ms > 0) clock.advance(ms);
  await settle();
};

/** Drives a fresh client into `target`, through the public API and the adapter's reports only. */
async function reach(target: ConnectionState) {
  const h = harness({ hints: true, renewAuth: target === '@auth.renewing' ? () => new Promise(() => {}) : undefined });
  const { adapter, client, clock } = h;
  if (target === '@idle.initial') return h;
  if (target === '@connecting.busy') {
    adapter.connect = () => new Promise(() => {});
    void client.connect().catch(() => {});
    await settle();
    return h;
  }
  if (target === '@connecting.backoff') {
    adapter.connect = async () => {
      throw vendorDown();
    };
    void client.connect().catch(() => {});
    await settle();
    return h;
  }
  await client.connect();
  const sink = adapter.sink!;
  switch (target) {
    case '@ok.live':
      break;
    case '@ok.checking':
      adapter.ping = () => new Promise(() => {});
      h.hint('visible');
      break;
    case '@link.reconnecting':
      sink.status('reconnecting');
      break;
    case '@link.offline':
      sink.status('offline');
      break;
    case '@sync.busy':
      sink.status('reconnecting');
      adapter.snapshot = () => new Promise(() => {});
      sink.status('live');
      break;
    case '@retry.backoff':
      sink.status('failed', vendorDown());
      break;
    case '@retry.slow':
      sink.status('failed', new FloorwalkError(ErrorCode.RateLimited, '429', { details: { retryAfterMs: 30_000 } }));
      break;
    case '@retry.busy':
      sink.status('failed', vendorDown());
      adapter.connect = () => new Promise(() => {});
      clock.advance(DEFAULT_RECONNECT.delays[0] * 2);
      break;
    case '@auth.renewing':
    case '@failed.auth':
      sink.status('failed', new FloorwalkError(ErrorCode.AuthFailed, 'token expired'));
      break;
    case '@failed.error':
      sink.status('failed', new FloorwalkError(ErrorCode.InvalidArgument, 'bad configuration'));
      break;
  }
  await settle();
  return h;
}

test('every state is reached through the public API, and behaves as its row says about commands', async () => {
  for (const target of ALL) {
    const { client, adapter, trace } = await reach(target);
    assert.equal(trace.at(-1) ?? '@idle.initial', target, `reached ${target}`);
    assert.equal(client.status, STATES[target].status, `${target} shows as ${STATES[target].status}`);
    const before = adapter.executed.length;
    let outcome: 'sent' | 'held' | 'rejected' = 'held';
    const p = client.setAgentPresence('a1', 'break').then(
      () => {
        outcome = 'sent';
      },
      (e: unknown) => {
        assert.ok(e instanceof FloorwalkError);
        outcome = e.code === ErrorCode.NotConnected ? 'rejected' : outcome;
      },
    );
    await settle();
    const row = STATES[target];
    const expected = row.sends ? 'sent' : row.queues ? 'held' : 'rejected';
    assert.equal(outcome, expected, `a command in ${target}`);
    assert.equal(adapter.executed.length - before, row.sends ? 1 : 0, `${target} sends only if its row says so`);
    await client.disconnect();
    await p;
    assert.equal(client.status, 'idle');
  }
});

// ─── backoff ────────────────────────────────────────────────────────────────────────────────

test('backoff: tiered delays within ±20 % jitter, the last repeating; slow tier; Retry-After honoured', () => {
  for (const r of [0, 0.5, 0.999]) {
    for (let n = 0; n < 10; n++) {
      const base = DEFAULT_RECONNECT.delays[Math.min(n, DEFAULT_RECONNECT.delays.length - 1)] as number;
      const d = backoffDelay(n, 'fast', { random: () => r });
      assert.ok(d >= base * 0.8 - 1 && d <= base * 1.2 + 1, `fast ${n}: ${d} vs ${base}`);
      const slowBase = DEFAULT_RECONNECT.slowDelays[Math.min(n, DEFAULT_RECONNECT.slowDelays.length - 1)] as number;
      const s = backoffDelay(n, 'slow', { random: () => r });
      assert.ok(s >= slowBase * 0.8 - 1 && s <= slowBase * 1.2 + 1, `slow ${n}`);
    }
  }
  assert.equal(backoffDelay(0, 'fast', { random: () => 0.5 }), 250);
  assert.equal(backoffDelay(0, 'fast', { delays: [100], jitter: 0 }), 100);
  const limited = new FloorwalkError(ErrorCode.RateLimited, '429', { details: { retryAfterMs: 90_000 } });
  assert.equal(backoffDelay(0, 'slow', { random: () => 0.5 }, limited), 90_000);
  assert.equal(tierOf(limited), 'slow');
  assert.equal(tierOf(new FloorwalkError(ErrorCode.AuthFailed, '401')), 'auth');
  assert.equal(tierOf(vendorDown()), 'fast');
  assert.equal(tierOf(new FloorwalkError(ErrorCode.Forbidden, 'no')), 'stop');
  // Jitter spreads clients apart.
  const spread = new Set(Array.from({ length: 20 }, (_, i) => backoffDelay(3, 'fast', { random: () => i / 20 })));
  assert.ok(spread.size > 10);
});

test('the client retries with growing delays, and a success resets the backoff', async () => {
  const { adapter, client, clock, statuses } = harness();
  await client.connect();
  let connects = 0;
  let failing = 3;
  const open = adapter.connect;
  adapter.connect = async (sink) => {
    connects++;
    if (failing-- > 0) throw vendorDown();
    return open(sink);
  };
  adapter.sink!.status('failed', vendorDown());
  await settle();
  const delays: number[] = [];
  for (let i = 0; i < 4; i++) {
    const last = statuses.at(-1)!;
    if (client.status === 'live') break;
    assert.equal(last.current, 'reconnecting');
    assert.ok(typeof last.retryIn === 'number', 'a retry announces when');
    delays.push(last.retryIn!);
    await flush(clock, last.retryIn!);
  }
  assert.equal(client.status, 'live');
  assert.equal(connects, 4);
  assert.equal(delays.length, 4);
  for (let i = 1; i < delays.length; i++) assert.ok(delays[i]! > delays[i - 1]!, `delays grow: ${delays}`);
  // Success resets: the next loss starts at the first tier again.
  adapter.sink!.status('failed', vendorDown());
  await settle();
  const next = statuses.at(-1)!.retryIn!;
  assert.ok(next <= DEFAULT_RECONNECT.delays[0] * 1.2, `reset to the first delay, got ${next}`);
});

test('a rate limit puts the client in the slow tier and it waits at least Retry-After', async () => {
  const { adapter, client, clock, trace } = harness();
  await client.connect();
  let connects = 0;
  const open = adapter.connect;
  adapter.connect = async (sink) => {
    connects++;
    return open(sink);
  };
  adapter.sink!.status('failed', new FloorwalkError(ErrorCode.RateLimited, 'slow down', { details: { retryAfterMs: 45_000 } }));
  await settle();
  assert.equal(trace.at(-1), '@retry.slow');
  await flush(clock, 44_000);
  assert.equal(connects, 0, 'no retry before Retry-After');
  await flush(clock, 20_000);
  assert.equal(connects, 1);
  assert.equal(client.status, 'live');
});

test('an initial connect that fails keeps trying as "connecting" when reconnect is on, and resolves when live', async () => {
  const { adapter, client, clock, statuses } = harness();
  let failures = 2;
  const open = adapter.connect;
  adapter.connect = async (sink) => {
    if (failures-- > 0) throw vendorDown();
    return open(sink);
  };
  let done = false;
  const connected = client.connect().then(() => (done = true));
  await settle();
  assert.equal(client.status, 'connecting');
  await flush(clock, 1000);
  assert.equal(done, false);
  await flush(clock, 2000);
  await connected;
  assert.equal(client.status, 'live');
  assert.deepEqual([...new Set(statuses.map((s) => s.current))], ['connecting', 'live']);
});

test('an adapter that reports during the first connect\'s backoff (link lost, link back and a failed resync, gave up): every transition in the table, still "connecting"', async () => {
  // harness() fails on any transition the table does not list.
  for (const path of ['reconnecting', 'offline', 'resync'] as const) {
    const { adapter, client, clock, trace } = harness();
    const open = adapter.connect;
    let sink: AdapterSink | null = null;
    let refuse = true;
    adapter.connect = async (s) => {
      sink = s;
      if (refuse) throw vendorDown();
      return open(s);
    };
    void client.connect().catch(() => {});
    await settle();
    assert.equal(trace.at(-1), '@connecting.backoff');
    if (path === 'resync') {
      // The adapter's own retry got through, but the snapshot after it fails.
      adapter.snapshotFailure = vendorDown();
      sink!.status('live');
      await settle();
    } else {
      sink!.status(path);
      await settle();
      sink!.status('failed', vendorDown());
    }
    await settle();
    assert.equal(trace.at(-1), '@connecting.backoff', trace.join(' '));
    assert.equal(client.status, 'connecting');
    refuse = false;
    adapter.snapshotFailure = undefined;
    await flush(clock, 5000);
    assert.equal(client.status, 'live', path);
    await client.disconnect();
  }
});

/**
 * A client whose link's first snapshot is held back until `open()`: on the first connect, or on a
 * reconnect after the adapter gave up (`retry`).
 */
async function loadHeldBack(path: 'first' | 'retry') {
  const h = harness();
  const { adapter, client, clock } = h;
  let connected = false;
  if (path === 'retry') {
    await client.connect();
    adapter.sink!.status('failed', vendorDown());
    await flush();
  }
  let open!: () => void;
  adapter.snapshotGate = new Promise<void>((resolve) => (open = resolve));
  const before = adapter.snapshots;
  if (path === 'first') void client.connect().then(() => (connected = true), () => {});
  else clock.advance(DEFAULT_RECONNECT.delays[0] * 2);
  await flush();
  return { ...h, open, before, connected: () => connected };
}

test('a link lost while its snapshot loads is not shown live: reconnecting or offline until the adapter is back, then resynced', async () => {
  // The first connect (reports offline), a reconnect after a failure (reports reconnecting), and a
  // gap that closed before the snapshot landed (loaded again: it may predate what the gap lost).
  for (const [path, reports] of [
    ['first', ['offline']],
    ['retry', ['reconnecting']],
    ['first', ['reconnecting', 'live']],
  ] as const) {
    const { adapter, client, trace, open, before, connected } = await loadHeldBack(path);
    assert.equal(adapter.snapshots, before + 1, `${path} ${reports}: the snapshot asked for`);
    for (const r of reports) adapter.sink!.status(r);
    adapter.snapshotGate = undefined;
    open();
    await flush();
    if (reports.length === 2) {
      assert.equal(adapter.snapshots, before + 2, `${path} ${reports}: loaded again after the gap`);
      assert.equal(client.status, 'live', `${path} ${reports}`);
      await client.disconnect();
      continue;
    }
    const [lost] = reports;
    assert.equal(client.status, lost, `${path} ${reports}: not live while the adapter says ${lost}`);
    assert.equal(connected(), false, `${path} ${reports}: connect() waits`);
    adapter.sink!.status('live');
    await flush();
    assert.equal(client.status, 'live', `${path} ${reports}`);
    assert.equal(adapter.snapshots, before + 2, `${path} ${reports}: resynced once back`);
    if (path === 'first') assert.equal(connected(), true, 'connect() resolves once live');
    assert.ok(trace.includes(`@link.${lost}`), trace.join(' '));
    await client.disconnect();
  }
});

test('a gap noted while a snapshot failed is forgotten: the adapter\'s live during the backoff resyncs to live', async () => {
  // The snapshot after a reported gap fails (first connect, and a retry), the client backs off, and
  // the adapter recovers by itself: its resync must not replay the old gap and wait for a second live.
  for (const path of ['first', 'retry'] as const) {
    const { adapter, client, trace, open } = await loadHeldBack(path);
    adapter.sink!.status('reconnecting');
    adapter.snapshotFailure = vendorDown();
    open();
    await flush();
    assert.equal(client.status, path === 'first' ? 'connecting' : 'reconnecting', `${path}: backing off after the failed snapshot`);
    adapter.snapshotGate = undefined;
    adapter.snapshotFailure = undefined;
    const before = adapter.snapshots;
    adapter.sink!.status('live');
    await flush();
    assert.equal(adapter.snapshots, before + 1, `${path}: resynced once`);
    assert.equal(client.status, 'live', `${path}: live after the resync (${trace.join(' ')})`);
    await client.disconnect();
  }
});

test('a connect() superseded by disconnect() and connect() again does not clear the gap the new link noted', async () => {
  const { adapter, client } = harness();
  let first!: () => void;
  const sinks: AdapterSink[] = [];
  let calls = 0;
  adapter.connect = (sink) => {
    sinks.push(sink);
    adapter.sink = sink;
    return ++calls === 1 ? new Promise<void>((resolve) => (first = resolve)) : Promise.resolve();
  };
  void client.connect().catch(() => {});
  await flush();
  await client.disconnect();
  let open!: () => void;
  adapter.snapshotGate = new Promise<void>((resolve) => (open = resolve));
  void client.connect().catch(() => {});
  await flush();
  sinks[1]!.status('reconnecting');
  // The old connect() answers late, while the new link's snapshot is still out.
  first();
  await flush();
  adapter.snapshotGate = undefined;
  open();
  await flush();
  assert.equal(client.status, 'reconnecting', 'the new link said it is reconnecting');
  await client.disconnect();
});

test('errors that waiting cannot fix stop at failed, and connect() rejects with them', async () => {
  const { adapter, client, clock } = harness();
  adapter.connect = async () => {
    throw new FloorwalkError(ErrorCode.Forbidden, 'this tenant has no API access');
  };
  await assert.rejects(client.connect(), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.Forbidden);
  assert.equal(client.status, 'failed');
  assert.equal(clock.pendingTimers, 0, 'no retry scheduled');
});

// ─── auth ───────────────────────────────────────────────────────────────────────────────────

test('auth failure asks the host once for a new credential, then reconnects', async () => {
  let asked = 0;
  let token = 'old';
  const { adapter, client } = harness({
    renewAuth: async (error) => {
      asked++;
      assert.equal(error.code, ErrorCode.AuthFailed);
      token = 'new';
    },
  });
  const open = adapter.connect;
  adapter.connect = async (sink) => {
    if (token !== 'new') throw new FloorwalkError(ErrorCode.AuthFailed, '401');
    return open(sink);
  };
  const required: FloorwalkError[] = [];
  client.on('auth-required', (e) => required.push(e));
  await client.connect();
  assert.equal(asked, 1);
  assert.equal(required.length, 1);
  assert.equal(client.status, 'live');
});

test('a second auth failure, or one without renewAuth, is terminal: no blind retries', async () => {
  const { adapter, client, clock, trace } = harness({ renewAuth: async () => {} });
  await client.connect();
  adapter.connect = async () => {
    throw new FloorwalkError(ErrorCode.AuthFailed, 'still 401');
  };
  const required: FloorwalkError[] = [];
  client.on('auth-required', (e) => required.push(e));
  adapter.sink!.status('failed', new FloorwalkError(ErrorCode.AuthFailed, 'token expired'));
  await flush(clock, 60_000);
  assert.equal(client.status, 'failed');
  assert.equal(trace.at(-1), '@failed.auth');
  assert.equal(required.length, 2, 'told twice: once asking, once giving up');
  let connects = 0;
  adapter.connect = async () => {
    connects++;
  };
  await flush(clock, 10 * 60_000);
  assert.equal(connects, 0, 'nothing retried by itself');

  const bare = harness();
  await bare.client.connect();
  const told: FloorwalkError[] = [];
  bare.client.on('auth-required', (e) => told.push(e));
  bare.adapter.sink!.status('failed', new FloorwalkError(ErrorCode.AuthFailed, '401'));
  assert.equal(bare.client.status, 'failed');
  assert.equal(told.length, 1);
  assert.equal(bare.clock.pendingTimers, 0);
});

test('renewAuth rejecting leaves the client failed with an AuthFailed reason', async () => {
  const { adapter, client } = harness({
    renewAuth: async () => {
      throw new Error('the host could not sign in');
    },
  });
  await client.connect();
  adapter.sink!.status('failed', new FloorwalkError(ErrorCode.AuthFailed, '401'));
  await settle();
  assert.equal(client.status, 'failed');
});

// ─── hints and liveness ─────────────────────────────────────────────────────────────────────

test('hints trigger a liveness check; an answered check stays live, an unanswered one reconnects', async () => {
  const { adapter, client, clock, hint, trace } = harness({ hints: true });
  await client.connect();
  let pings = 0;
  adapter.ping = async () => {
    pings++;
  };
  hint('offline');
  await settle();
  assert.equal(pings, 1, 'offline is a hint, not a truth: the link is checked');
  assert.equal(client.status, 'live');
  hint('visible');
  await settle();
  assert.equal(pings, 2);
  assert.equal(client.status, 'live');
  adapter.ping = () => new Promise(() => {});
  hint('online');
  await settle();
  assert.equal(trace.at(-1), '@ok.checking');
  await flush(clock, DEFAULT_RECONNECT.livenessTimeoutMs + 1);
  assert.equal(client.status, 'reconnecting', 'an unanswered check is a lost link');
  await flush(clock, 2000);
  assert.equal(client.status, 'live');
});

test('checkConnection uses a snapshot when the adapter has no ping, which also reconciles', async () => {
  const { adapter, client } = harness();
  await client.connect();
  adapter.snapshotEvent = { ...centreSnapshot(T0 + 1000), agents: [agent('a1', ['t1'], 'meal', T0 + 1000)] };
  assert.equal(await client.checkConnection(), true);
  assert.equal(client.getAgent('a1')?.presence.state, 'meal');
  assert.equal(client.getAgent('b1'), undefined);
});

test('online during a fast backoff retries at once', async () => {
  const { adapter, client, hint } = harness({ hints: true });
  await client.connect();
  let connects = 0;
  const open = adapter.connect;
  adapter.connect = async (sink) => {
    connects++;
    return open(sink);
  };
  adapter.sink!.status('failed', vendorDown());
  await settle();
  assert.equal(client.status, 'reconnecting');
  hint('online');
  await settle();
  assert.equal(connects, 1);
  assert.equal(client.status, 'live');
});

test('disconnect during a backoff cancels the retry and unsubscribes hints', async () => {
  const { adapter, client, clock, hint } = harness({ hints: true });
  await client.connect();
  adapter.sink!.status('failed', vendorDown());
  await settle();
  await client.disconnect();
  assert.equal(clock.pendingTimers, 0);
  let connects = 0;
  adapter.connect = async () => {
    connects++;
  };
  hint('online');
  await flush(clock, 60_000);
  assert.equal(connects, 0);
  assert.equal(client.status, 'idle');
});

// ─── reconcile ──────────────────────────────────────────────────────────────────────────────

test('after a reconnect: changed entities updated, vanished ones removed, subscribers told once', async () => {
  const { adapter, client, clock } = harness();
  await client.connect();
  adapter.emit(
    { type: 'help-request', id: 'h-ev', at: T0 + 10, source: 'fake', request: { id: 'h1', agentId: 'a1', reason: 'stuck', state: 'open', raisedAt: T0 + 10 } },
    { type: 'monitoring', id: 'm-ev', at: T0 + 10, source: 'fake', session: { id: 'm1', supervisorId: 'sup-1', agentId: 'b1', interactionId: 'i2', mode: 'listen', startedAt: T0 + 10 } },
  );
  await settle();
  assert.ok(client.getHelpRequests().length === 1 && client.getMonitoringSessions({ active: true }).length === 1);
  adapter.sink!.status('failed', vendorDown());
  // While away: i1 ended (gone), a new call i3 on a2, a1 on a break, the help request and monitoring closed.
  adapter.snapshotEvent = {
    ...centreSnapshot(T0 + 60_000),
    agents: [agent('a1', ['t1'], 'break', T0 + 30_000), agent('a2', ['t1']), agent('b1', ['t2'])],
    interactions: [
      { id: 'i2', channel: 'voice', direction: 'inbound', state: 'connected', agentId: 'b1', queueId: 'q1', createdAt: T0, connectedAt: T0 },
      { id: 'i3', channel: 'chat', direction: 'inbound', state: 'connected', agentId: 'a2', queueId: 'q1', createdAt: T0 + 20_000, connectedAt: T0 + 21_000 },
    ],
    monitoring: [],
    helpRequests: [],
  };
  const changes: { agents: string[]; interactions: string[]; reset: boolean }[] = [];
  client.subscribe((c) => changes.push({ agents: [...c.agents].sort(), interactions: [...c.interactions].sort(), reset: c.reset }));
  await flush(clock, 1000);
  assert.equal(client.status, 'live');
  assert.equal(client.getAgent('a1')?.presence.state, 'break');
  assert.deepEqual(client.getInteractions().map((i) => i.id).sort(), ['i2', 'i3']);
  assert.equal(client.getHelpRequests().length, 0);
  // A closed session is history, not gone: it ended as of the snapshot.
  assert.deepEqual(client.getMonitoringSessions().map((s) => [s.id, s.endedAt]), [['m1', T0 + 60_000]]);
  assert.equal(client.getRoutingActivity('a1'), 'idle');
  assert.equal(client.getRoutingActivity('a2'), 'interacting');
  assert.equal(changes.length, 1, 'one notification for the whole reconcile');
  assert.ok(changes[0]!.reset);
  assert.ok(changes[0]!.interactions.includes('i1') && changes[0]!.interactions.includes('i3'));
});

test('the monitored agent is told of monitoring that started or ended while the link was down', async () => {
  const clock = createManualClock(T0);
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, clock, reconnect: true, session: { userId: 'a1', role: 'agent', teamIds: ['t1'] } });
  await client.connect();
  adapter.emit({ type: 'monitoring', id: 'm-ev1', at: T0 + 5, source: 'fake', session: { id: 'm1', supervisorId: 'sup-1', agentId: 'a1', interactionId: 'i1', mode: 'listen', startedAt: T0 + 5 } });
  const notices: MonitoringNotice[] = [];
  client.on('monitoring', (n) => notices.push(n));
  adapter.sink!.status('reconnecting');
  adapter.snapshotEvent = {
    ...centreSnapshot(T0 + 60_000),
    monitoring: [{ id: 'm2', supervisorId: 'sup-1', agentId: 'a1', interactionId: 'i1', mode: 'whisper', startedAt: T0 + 40_000 }],
  };
  adapter.sink!.status('live');
  await settle();
  assert.deepEqual(
    notices.map((n) => ('session' in n ? `${n.kind}:${n.session.id}` : n.kind)),
    ['ended:m1', 'started:m2'],
  );
  assert.ok((notices[0] as MonitoringSessionNotice).session.endedAt !== undefined);
});

test('without reconnect the client keeps its old contract: adapter failures are final', async () => {
  const { adapter, client, clock } = harness({ reconnect: false });
  await client.connect();
  adapter.sink!.status('failed', vendorDown());
  assert.equal(client.status, 'failed');
  assert.equal(clock.pendingTimers, 0);
  // …until the adapter recovers by itself, which is reconciled as before.
  adapter.sink!.status('live');
  await settle();
  assert.equal(client.status, 'live');
});

void ({} as Floorwalk);
void ({} as FakeAdapter);

test('a delta sent before the resync snapshot but delivered after it does not revive what the snapshot removed', async () => {
  const { adapter, client, clock } = harness();
  await client.connect();
  adapter.emit({ type: 'help-request', id: 'h-ev1', at: T0 + 10, source: 'fake', request: { id: 'h1', agentId: 'a1', reason: 'stuck', state: 'open', raisedAt: T0 + 10 } });
  adapter.sink!.status('failed', vendorDown());
  // While away: i1 ended, h1 was resolved, b1 left, and a call i7 came and went. The snapshot says so.
  adapter.snapshotEvent = { ...centreSnapshot(T0 + 60_000), agents: [agent('a1', ['t1']), agent('a2', ['t1'], 'break')], interactions: [], helpRequests: [] };
  await flush(clock, 1000);
  assert.equal(client.status, 'live');
  // Deltas from before the snapshot, still in flight, arrive now.
  adapter.emit(
    { type: 'interaction', id: 'late-1', at: T0 + 30_000, source: 'fake', interaction: { id: 'i1', channel: 'voice', direction: 'inbound', state: 'held', agentId: 'a1', queueId: 'q1', createdAt: T0, heldAt: T0 + 30_000 } },
    { type: 'interaction', id: 'late-2', at: T0 + 40_000, source: 'fake', interaction: { id: 'i7', channel: 'chat', direction: 'inbound', state: 'offered', agentId: 'a2', queueId: 'q1', createdAt: T0 + 40_000 } },
    { type: 'help-request', id: 'late-3', at: T0 + 20_000, source: 'fake', request: { id: 'h1', agentId: 'a1', reason: 'stuck', state: 'acknowledged', raisedAt: T0 + 10 } },
    { type: 'agent', id: 'late-4', at: T0 + 50_000, source: 'fake', agent: agent('b1', ['t2'], 'meal', T0 + 50_000) },
  );
  await settle();
  assert.deepEqual(client.getInteractions(), [], 'no zombie interactions');
  assert.deepEqual(client.getHelpRequests(), [], 'no zombie help request');
  assert.equal(client.getAgent('b1'), undefined, 'no zombie agent');
  // Newer news still lands.
  adapter.emit({ type: 'interaction', id: 'new-1', at: T0 + 61_000, source: 'fake', interaction: { id: 'i8', channel: 'voice', direction: 'inbound', state: 'offered', agentId: 'a1', queueId: 'q1', createdAt: T0 + 61_000 } });
  assert.deepEqual(client.getInteractions().map((i) => i.id), ['i8']);
});

test('random walks: whatever the adapter, the host and the platform do, every transition is in the table', async () => {
  let seed = 99;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const visited = new Set<string>();
  for (let walk = 0; walk < 40; walk++) {
    const h = harness({ hints: true, renewAuth: random() < 0.5 ? async () => {} : undefined });
    const { adapter, client, clock } = h;
    let sink = adapter.sink;
    const open = adapter.connect;
    let refuse: FloorwalkError | null = null;
    /** Lets a held snapshot answer: a slot, since TypeScript cannot see the closure set it. */
    const held: { release: (() => void) | null } = { release: null };
    adapter.connect = async (s) => {
      if (refuse !== null) throw refuse;
      await open(s);
      sink = s;
    };
    const reasons = [vendorDown(), new FloorwalkError(ErrorCode.RateLimited, '429', { details: { retryAfterMs: 2000 } }), new FloorwalkError(ErrorCode.AuthFailed, '401'), new FloorwalkError(ErrorCode.Forbidden, 'no'), undefined];
    for (let step = 0; step < 60; step++) {
      const r = random();
      const reason = reasons[Math.floor(random() * reasons.length)];
      if (r < 0.1) void client.connect().catch(() => {});
      else if (r < 0.14) await client.disconnect();
      else if (r < 0.3) sink?.status('failed', reason);
      else if (r < 0.42) sink?.status('reconnecting');
      else if (r < 0.5) sink?.status('offline');
      else if (r < 0.64) sink?.status('live');
      else if (r < 0.72) h.hint((['online', 'offline', 'visible'] as const)[Math.floor(random() * 3)]!);
      else if (r < 0.78) refuse = random() < 0.5 ? null : (reason ?? null);
      else if (r < 0.84) void client.setAgentPresence('a1', 'break').catch(() => {});
      else if (r < 0.88) {
        // A snapshot that takes its time, so reports land while it is out (CONN-4's kept gap).
        if (held.release === null) adapter.snapshotGate = new Promise<void>((resolve) => (held.release = resolve));
        else (held.release(), (held.release = null), (adapter.snapshotGate = undefined));
      } else clock.advance(Math.floor(random() * 20_000));
      await settle();
      sink = adapter.sink ?? sink;
    }
    // However it got here: once the platform is back and says so, a client still trying ends live.
    held.release?.();
    held.release = null;
    adapter.snapshotGate = undefined;
    refuse = null;
    sink?.status('live');
    for (let i = 0; i < 5; i++) await flush(clock, 60_000);
    if (client.status !== 'idle' && client.status !== 'failed') assert.equal(client.status, 'live', `walk ${walk}: ${h.trace.slice(-8).join(' ')}`);
    for (const s of h.trace) visited.add(s);
    assert.deepEqual(h.internal.map((e) => e.message), [], 'no internal error');
    await client.disconnect();
  }
  // harness() asserts canMove on every transition; the walks must also have been somewhere.
  assert.ok(visited.size >= 12, `visited ${[...visited].join(', ')}`);
});

test('bad reconnect options and bad tab options are refused with a typed error', async () => {
  const { shareAcrossTabs } = await import('@floorwalk/core/tabs');
  const bad = [
    () => createFloorwalk({ adapter: fakeAdapter(), session: admin, reconnect: { delays: ['soon' as never] } }),
    () => createFloorwalk({ adapter: fakeAdapter(), session: admin, reconnect: { slowDelays: [-1] } }),
    // No delay to repeat: it would retry at 0 ms, a loop against the vendor.
    () => createFloorwalk({ adapter: fakeAdapter(), session: admin, reconnect: { delays: [] } }),
    () => createFloorwalk({ adapter: fakeAdapter(), session: admin, reconnect: { slowDelays: [] } }),
    () => createFloorwalk({ adapter: fakeAdapter(), session: admin, reconnect: { jitter: 3 } }),
    () => createFloorwalk({ adapter: fakeAdapter(), session: admin, reconnect: { livenessTimeoutMs: Number.NaN } }),
    () => shareAcrossTabs(fakeAdapter(), { key: '' }),
    () => shareAcrossTabs({} as never, { key: 'k' }),
  ];
  for (const make of bad) assert.throws(make, (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.InvalidArgument);
});

test('a resync or connect snapshot that never answers is a lost link: re-opened after snapshotTimeoutMs, not waited on for ever', async () => {
  const adapter = fakeAdapter();
  const clock = createManualClock(T0);
  const client = createFloorwalk({ adapter, session: admin, clock, reconnect: { jitter: 0, snapshotTimeoutMs: 20_000 } });
  const errors: FloorwalkError[] = [];
  client.on('error', (e) => errors.push(e));
  const status = (): string => client.status;
  await client.connect();
  adapter.sink!.status('reconnecting');
  // The socket is back, but the REST call for the snapshot hangs on a dead connection.
  const answer = adapter.snapshot;
  adapter.snapshot = () => new Promise(() => {});
  adapter.sink!.status('live');
  const waiting = client.setAgentPresence('a1', 'break');
  await flush(clock, 19_999);
  assert.equal(status(), 'reconnecting', 'waits up to the timeout');
  await flush(clock, 1);
  assert.ok(errors.some((e) => e.code === ErrorCode.NotConnected && e.retryable), 'the hang is reported');
  adapter.snapshot = answer;
  for (let i = 0; i < 10 && status() !== 'live'; i++) await flush(clock, 1000);
  assert.equal(status(), 'live', 'the link was re-opened and resynced');
  await waiting;
  assert.deepEqual(adapter.executed.map((c) => c.type), ['set-presence']);
  // The first connect's snapshot likewise.
  await client.disconnect();
  adapter.snapshot = () => new Promise(() => {});
  const connecting = client.connect();
  await flush(clock, 20_000);
  assert.equal(status(), 'connecting');
  adapter.snapshot = answer;
  for (let i = 0; i < 10 && status() !== 'live'; i++) await flush(clock, 1000);
  await connecting;
  assert.throws(() => createFloorwalk({ adapter: fakeAdapter(), session: admin, reconnect: { snapshotTimeoutMs: -1 } }), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.InvalidArgument);
});
