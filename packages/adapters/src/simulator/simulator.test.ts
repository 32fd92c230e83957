import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import {
  COMMAND_TYPES,
  ErrorCode,
  FloorwalkError,
  checkEvent,
  createFloorwalk,
  createMemoryStorage,
  interactionTimes,
  type Adapter,
  type AdapterSink,
  type CheckIn,
  type Clock,
  type Command,
  type CommandEnvelope,
  type ErrorCodeValue,
  type FloorwalkEvent,
  type Interaction,
  type PresenceState,
  type SnapshotEvent,
} from '@floorwalk/core';
import { adapterConformanceCases, createManualClock, type ConformanceHarness, type ManualClock } from '@floorwalk/core/testing';
import { createSimulatorAdapter, type SimulatorAdapter, type SimulatorOptions } from './index.js';
import { simulatorTestHooks } from './simulator.js';

const START = Date.UTC(2026, 0, 5, 9);
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const LATENCY = 150;

interface Recorder extends AdapterSink {
  readonly received: FloorwalkEvent[];
  readonly errors: FloorwalkError[];
  readonly statuses: string[];
  batches: number;
}

function recorder(): Recorder {
  const r: Recorder = {
    received: [],
    errors: [],
    statuses: [],
    batches: 0,
    events(batch) {
      r.batches++;
      for (const e of batch) r.received.push(e);
    },
    status(status) {
      r.statuses.push(status);
    },
    error(error) {
      r.errors.push(error);
    },
  };
  return r;
}

interface Rig {
  readonly clock: ManualClock;
  readonly adapter: SimulatorAdapter;
  readonly sink: Recorder;
  /** Events delivered since the given count. */
  since(count: number): FloorwalkEvent[];
}

async function rig(options: SimulatorOptions = {}): Promise<Rig> {
  const clock = createManualClock(START);
  const adapter = createSimulatorAdapter({ clock, agents: 60, seed: 11, ...options });
  const sink = recorder();
  await adapter.connect(sink);
  return { clock, adapter, sink, since: (count) => sink.received.slice(count) };
}

let keys = 0;
/**
 * A supervisor over every team whom the simulator lists nowhere (a site manager): comes on the
 * word of their client's policy, as an admin does, so may act on any agent.
 */
const LEAD = 'lead-1';
function envelope(command: Command, issuedBy = LEAD, key = `test-${++keys}`): CommandEnvelope {
  return { ...command, key, issuedBy, issuedAt: START };
}

async function rejectsWith(promise: Promise<unknown>, code: ErrorCodeValue): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof FloorwalkError, `expected a FloorwalkError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return true;
  });
}

/** Advances until the snapshot has an interaction matching `match`, and returns it. */
async function waitFor(r: Rig, match: (i: Interaction, s: SnapshotEvent) => boolean): Promise<Interaction> {
  for (let i = 0; i < 120; i++) {
    const s = await r.adapter.snapshot();
    const found = (s.interactions ?? []).find((x) => match(x, s));
    if (found !== undefined) return found;
    r.clock.advance(5 * SECOND);
  }
  throw new Error('no matching interaction within 10 simulated minutes');
}

const connected = (i: Interaction): boolean => i.state === 'connected';

/** Agents of a snapshot who could take work from the queue now: available, responding, free. */
function idleFor(s: SnapshotEvent, queueId: string): string[] {
  const working = new Set((s.interactions ?? []).filter((i) => i.agentId !== undefined && i.state !== 'queued').map((i) => i.agentId));
  return (s.agents ?? [])
    .filter((a) => a.queueIds.includes(queueId) && a.presence.state === 'available' && a.notResponding !== true && !working.has(a.id))
    .map((a) => a.id);
}

const auxStates: ReadonlySet<PresenceState> = new Set(['busy', 'break', 'meal', 'meeting', 'training', 'away']);

// ---- conformance --------------------------------------------------------------------------

/**
 * Up to ten simulated minutes a drive, so the suite sees the centre's own activity (hundreds of
 * events: calls ending, agents changing state, an interaction reaching a state again), in steps
 * of five seconds, and five seconds only once a monitoring session has run: a monitored call
 * left ten minutes ends on its own, and the stop-monitoring check then proves nothing and skips.
 * Five seconds every drive brought two or three events, on which the checks of event ids, of
 * deltas against a fresh snapshot and of the resync after a gap passed with next to nothing to
 * check (ids made from the content passed them).
 */
const driving = (clock: ManualClock, centre: SimulatorAdapter): (() => Promise<void>) => {
  let watched = false;
  // Looked at through a seat never connected: the snapshot of the link under test would restate
  // to it what it missed, which the suite must see the adapter do by itself.
  const eye = centre.seat();
  return async () => {
    for (let t = 0; t < 10 * MINUTE && (t === 0 || !watched); t += 5 * SECOND) {
      clock.advance(5 * SECOND);
      watched ||= await eye.snapshot().then(
        (s) => (s.monitoring ?? []).some((m) => m.endedAt === undefined),
        () => false,
      );
    }
  };
};

function harness(options: SimulatorOptions) {
  return (): ConformanceHarness => {
    const clock = createManualClock(START);
    const adapter = createSimulatorAdapter({ clock, agents: 30, ...options });
    const hooks = simulatorTestHooks(adapter);
    return {
      adapter,
      drive: driving(clock, adapter),
      redeliver: async () => hooks.redeliver(),
      // A presence record without its presence: what a platform bug or a truncated message gives.
      sendMalformed: async () => hooks.injectRaw({ type: 'presence', agentId: 'agent-1' }),
      // Another page on the same centre. The simulator plays a platform that keeps idempotency
      // keys itself, so the centre, not the page, remembers a key an earlier page sent.
      reload: () => adapter.seat(),
      // Commands the centre carried out; a seat's go through the same centre.
      applied: () => hooks.carried(),
      rateLimit: (seconds) => hooks.rateLimit(seconds),
      // The page's network blips for five simulated seconds, which the centre runs on through;
      // agent-3's presence is changed on the platform as it drops.
      async interrupt() {
        const changed = hooks.interrupt(5 * SECOND, 'agent-3');
        clock.advance(5 * SECOND);
        return changed;
      },
    };
  };
}

/**
 * A seat (`adapter.seat()`) of a connected centre: it reaches the platform through the centre
 * adapter, so its link drops when the centre's does, and its commands are the centre's to
 * rate-limit.
 */
function seatHarness(options: SimulatorOptions) {
  return async (): Promise<ConformanceHarness> => {
    const clock = createManualClock(START);
    const centre = createSimulatorAdapter({ clock, agents: 30, ...options });
    const hooks = simulatorTestHooks(centre);
    // The platform's own page: it runs the centre, and what it hears is not under test.
    const platform: AdapterSink = { events: () => undefined, status: () => undefined, error: () => undefined };
    await centre.connect(platform);
    return {
      adapter: centre.seat(),
      drive: driving(clock, centre),
      redeliver: async () => hooks.redeliver(),
      sendMalformed: async () => hooks.injectRaw({ type: 'presence', agentId: 'agent-1' }),
      // The page's network blips: the seat is told `reconnecting`, then `live` once the link is
      // back; agent-3's presence is changed on the platform meanwhile.
      async interrupt() {
        const changed = hooks.interrupt(5 * SECOND, 'agent-3');
        clock.advance(5 * SECOND);
        return changed;
      },
      reload: () => centre.seat(),
      applied: () => hooks.carried(),
      rateLimit: (seconds) => hooks.rateLimit(seconds),
      dispose: () => centre.disconnect(),
    };
  };
}

const restricted: SimulatorOptions = {
  capabilities: {
    monitoringModes: ['listen', 'barge'],
    commands: COMMAND_TYPES.filter((c) => c !== 'propose-check-in' && c !== 'answer-check-in'),
  },
};

// A case that checked nothing says why, and shows as a skip rather than a pass.
const conformance = (name: string, make: () => ConformanceHarness | Promise<ConformanceHarness>): void => {
  for (const c of adapterConformanceCases(name, make)) {
    test(c.name, async (t) => {
      await c.run();
      if (c.skipped !== undefined) t.skip(c.skipped);
    });
  }
};
conformance('simulator', harness({}));
conformance('simulator without whisper or check-ins', harness(restricted));
conformance('simulator whose agents see no monitoring', harness({ capabilities: { agentSeesMonitoring: false } }));
conformance('simulator seat', seatHarness({}));

test('a restricted simulator declares and enforces its narrower capabilities', async () => {
  const r = await rig(restricted);
  assert.deepEqual(r.adapter.capabilities.monitoringModes, ['listen', 'barge']);
  assert.ok(!r.adapter.capabilities.commands.includes('propose-check-in'));
  const call = await waitFor(r, connected);
  await rejectsWith(r.adapter.execute(envelope({ type: 'start-monitoring', agentId: call.agentId as string, interactionId: call.id, mode: 'whisper' })), ErrorCode.Unsupported);
  await rejectsWith(r.adapter.execute(envelope({ type: 'propose-check-in', agentId: 'agent-1', scheduledFor: START + 3_600_000 })), ErrorCode.Unsupported);
  await r.adapter.execute(envelope({ type: 'start-monitoring', agentId: call.agentId as string, interactionId: call.id, mode: 'barge' }));
});

test('as the platforms, the simulator monitors a chat in listen only and an email or task in no mode: Unsupported before a session starts, and a chat listen does not become a whisper', async () => {
  const r = await rig();
  assert.deepEqual(r.adapter.capabilities.monitoringChannels, { listen: ['voice', 'chat', 'message'] });
  const chat = await waitFor(r, (i) => connected(i) && i.channel === 'chat' && i.agentId !== undefined);
  const start = (i: Interaction, mode: 'listen' | 'whisper' | 'barge') => r.adapter.execute(envelope({ type: 'start-monitoring', agentId: i.agentId as string, interactionId: i.id, mode }));
  const mark = r.sink.received.length;
  for (const mode of ['whisper', 'barge'] as const) {
    const err = await start(chat, mode).then(() => undefined, (e: { code?: number; message?: string }) => e);
    assert.equal(err?.code, ErrorCode.Unsupported);
    assert.match(err?.message ?? '', new RegExp(`offers ${mode} monitoring on voice interactions only; ${chat.id} is chat`));
  }
  r.clock.advance(SECOND);
  const sessions = () => r.since(mark).flatMap((e) => (e.type === 'monitoring' && e.session.interactionId === chat.id ? [e.session] : []));
  assert.deepEqual(sessions(), [], 'no session started');
  await start(chat, 'listen');
  r.clock.advance(SECOND);
  const session = sessions().at(-1);
  assert.equal(session?.mode, 'listen');
  await rejectsWith(r.adapter.execute(envelope({ type: 'change-monitoring-mode', sessionId: session!.id, mode: 'whisper' })), ErrorCode.Unsupported);
  r.clock.advance(SECOND);
  assert.equal(sessions().at(-1)?.mode, 'listen', 'still listening');
  const other = await waitFor(r, (i) => connected(i) && (i.channel === 'email' || i.channel === 'task') && i.agentId !== undefined);
  await rejectsWith(start(other, 'listen'), ErrorCode.Unsupported);
});

test('plays a platform whose agents see no monitoring: it says so, and a client with notices on refuses monitoring', async () => {
  assert.equal(createSimulatorAdapter().capabilities.agentSeesMonitoring, true);
  const session = { userId: LEAD, role: 'supervisor', teamIds: 'all' } as const;
  for (const agentSeesMonitoring of [false, true]) {
    const r = await rig({ capabilities: { agentSeesMonitoring } });
    assert.equal(r.adapter.capabilities.agentSeesMonitoring, agentSeesMonitoring);
    assert.deepEqual(r.adapter.capabilities.monitoringModes, ['listen', 'whisper', 'barge']);
    await r.adapter.disconnect();
    const client = createFloorwalk({ adapter: r.adapter, clock: r.clock, session });
    await client.connect();
    const call = client.getInteractions({ state: 'connected' })[0] as Interaction;
    const started = client.startMonitoring(call.agentId as string, call.id, 'listen');
    if (agentSeesMonitoring) await started;
    else await rejectsWith(started, ErrorCode.Unsupported);
    await client.disconnect();
  }
});

test('a console supervisor (monitoring started outside Floorwalk) reaches the monitored agent\'s own client as a notice', async () => {
  const clock = createManualClock(START);
  const adapter = createSimulatorAdapter({ clock, agents: 30, seed: 3 });
  const boss = createFloorwalk({ adapter, clock, session: { userId: 'sup-1', role: 'supervisor', teamIds: 'all' } });
  await boss.connect();
  const call = boss.getInteractions({ state: 'connected' })[0] as Interaction;
  const agentId = call.agentId as string;
  const agent = createFloorwalk({ adapter: adapter.seat({ person: agentId }), clock, session: { userId: agentId, role: 'agent', agentId, teamIds: [] } });
  await agent.connect();
  const notices: [string, string, string][] = [];
  agent.on('monitoring', (n) => notices.push('session' in n ? [n.kind, n.session.supervisorId, n.session.mode] : [n.kind, '', '']));
  // The platform's own console: a command straight to the platform, which no client sent.
  await adapter.execute(envelope({ type: 'start-monitoring', agentId, interactionId: call.id, mode: 'listen' }, 'console-supervisor'));
  clock.advance(LATENCY);
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(notices, [['started', 'console-supervisor', 'listen']]);
  assert.deepEqual(agent.getMonitoringSessions({ agentId, active: true }).map((m) => m.supervisorId), ['console-supervisor']);
  await agent.disconnect();
  await boss.disconnect();
});

test('injected raw records go through the same mapping: valid ones become events, malformed ones errors', async () => {
  const r = await rig();
  const hooks = simulatorTestHooks(r.adapter);
  const before = r.sink.received.length;
  hooks.injectRaw({ type: 'not-responding', agentId: 'agent-2', notResponding: true });
  hooks.injectRaw('not even an object');
  hooks.injectRaw({ type: 'interaction', interaction: { id: 'x', channel: 'fax' } });
  const added = r.since(before);
  assert.equal(added.length, 1);
  assert.equal(added[0]?.type, 'not-responding');
  assert.equal(added[0]?.source, 'simulator');
  assert.equal(r.sink.errors.length, 2);
  for (const e of r.sink.errors) assert.equal(e.code, ErrorCode.MalformedEvent);
});

// ---- determinism --------------------------------------------------------------------------

async function recordRun(seed: number, stepMs: number): Promise<FloorwalkEvent[]> {
  const r = await rig({ seed, agents: 150 });
  for (let t = 0; t < 40 * MINUTE; t += stepMs) {
    if (t === 10 * MINUTE) {
      await r.adapter.execute(envelope({ type: 'set-presence', agentId: 'agent-5', state: 'meeting' }, 'sup-1', 'same-key'));
      await r.adapter.execute(envelope({ type: 'send-message', conversationId: 'dm:agent-7:sup-1', body: 'Got a minute?' }, 'sup-1', 'other-key'));
    }
    r.clock.advance(stepMs);
  }
  await r.adapter.disconnect();
  return r.sink.received;
}

test('the same seed, commands and times give the same events, ids included; another seed differs', async () => {
  const a = await recordRun(42, MINUTE);
  const b = await recordRun(42, MINUTE);
  assert.ok(a.length > 3000, `only ${a.length} events`);
  assert.deepEqual(a, b);
  // The model is driven by its own due times, so coarser clock steps change nothing.
  assert.deepEqual(await recordRun(42, 5 * MINUTE), a);
  const c = await recordRun(43, MINUTE);
  assert.notDeepEqual(c, a);
  assert.ok(a.some((e) => e.type === 'presence' && e.agentId === 'agent-5' && e.presence.state === 'meeting'));
});

// ---- realism ------------------------------------------------------------------------------

test('two simulated hours with 200 agents look like a contact centre, in numbers', async (t) => {
  const r = await rig({ agents: 200, seed: 7 });
  const initial = await r.adapter.snapshot();
  let busy = 0;
  let available = 0;
  let checkedQueues = 0;
  for (let minute = 0; minute < 120; minute++) {
    r.clock.advance(MINUTE);
    const s = await r.adapter.snapshot();
    const interactions = s.interactions ?? [];
    const working = new Set(interactions.filter((i) => i.agentId !== undefined && i.state !== 'queued').map((i) => i.agentId));
    for (const agent of s.agents ?? []) {
      if (agent.presence.state !== 'available') continue;
      available++;
      if (working.has(agent.id)) busy++;
    }
    // Queue statistics agree with the interactions and agents they summarise.
    for (const q of s.queues ?? []) {
      const queued = interactions.filter((i) => i.queueId === q.id && i.state === 'queued');
      const ringing = interactions.filter((i) => i.queueId === q.id && i.state === 'offered');
      assert.equal(q.stats.waiting, queued.length, `${q.id} waiting`);
      assert.equal(q.stats.oldestWaitingSince, queued.length === 0 ? null : Math.min(...queued.map((i) => i.createdAt)), `${q.id} oldest`);
      assert.equal(q.stats.agentsAvailable, idleFor(s, q.id).length, `${q.id} agents available`);
      assert.equal(q.stats.offered - q.stats.answered - q.stats.abandoned, queued.length + ringing.length, `${q.id} day counters`);
      checkedQueues++;
    }
  }
  const events = r.sink.received;
  const final = await r.adapter.snapshot();

  const occupancy = busy / available;
  assert.ok(occupancy > 0.6 && occupancy < 0.95, `occupancy ${occupancy.toFixed(3)}`);
  assert.equal(checkedQueues, 480);

  // Every state with reason codes appears, with every reason, and only when the agent is free.
  const seen = new Set<string>();
  const holding = new Map<string, Set<string>>();
  let logouts = 0;
  let logins = 0;
  const presence = new Map((initial.agents ?? []).map((a) => [a.id, a.presence.state]));
  for (const e of events) {
    if (e.type === 'interaction') {
      const i = e.interaction;
      for (const set of holding.values()) set.delete(i.id);
      if (i.agentId !== undefined && i.state !== 'queued' && i.state !== 'ended') {
        const set = holding.get(i.agentId) ?? new Set();
        set.add(i.id);
        holding.set(i.agentId, set);
      }
    } else if (e.type === 'presence') {
      const state = e.presence.state;
      seen.add(state);
      if (e.presence.reason !== undefined) seen.add(`${state}:${e.presence.reason.id}`);
      if (auxStates.has(state)) assert.equal(holding.get(e.agentId)?.size ?? 0, 0, `${e.agentId} went to ${state} while handling an interaction`);
      if (state === 'offline') logouts++;
      if (presence.get(e.agentId) === 'offline' && state !== 'offline') logins++;
      presence.set(e.agentId, state);
    }
  }
  for (const definition of initial.presenceDefinitions ?? []) {
    if (definition.reasons.length === 0) continue;
    assert.ok(seen.has(definition.state), `no ${definition.state} in two hours`);
    for (const reason of definition.reasons) assert.ok(seen.has(`${definition.state}:${reason.id}`), `reason ${reason.label} never used`);
  }
  assert.ok(logouts >= 10, `${logouts} logouts`);
  assert.ok(logins >= 10, `${logins} logins`);

  const latest = new Map<string, Interaction>();
  for (const e of events) if (e.type === 'interaction') latest.set(e.interaction.id, e.interaction);
  const ended = [...latest.values()].filter((i) => i.state === 'ended');
  const completed = ended.filter((i) => i.endReason === 'completed');
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const talkMinutes = (channel: string): number =>
    mean(completed.filter((i) => i.channel === channel).map((i) => interactionTimes(i, i.endedAt as number).talkMs / MINUTE));
  assert.ok(Math.abs(talkMinutes('voice') - 5) < 0.75, `voice talk ${talkMinutes('voice')}`);
  assert.ok(Math.abs(talkMinutes('chat') - 7) < 1.2, `chat talk ${talkMinutes('chat')}`);
  assert.ok(Math.abs(talkMinutes('email') - 4) < 0.8, `email talk ${talkMinutes('email')}`);
  assert.ok(Math.abs(talkMinutes('task') - 3) < 0.5, `task talk ${talkMinutes('task')}`);

  const held = completed.filter((i) => (i.holdCount ?? 0) > 0);
  assert.ok(held.length > 100, `${held.length} calls with holds`);
  assert.ok(held.every((i) => i.channel === 'voice' && (i.holdMs ?? 0) > 0));
  const holdSeconds = mean(held.map((i) => (i.holdMs as number) / (i.holdCount as number) / SECOND));
  assert.ok(holdSeconds > 35 && holdSeconds < 55, `mean hold ${holdSeconds}s`);
  assert.ok(events.some((e) => e.type === 'interaction' && e.interaction.state === 'held' && e.interaction.heldAt !== undefined));
  const wrapSeconds = mean(completed.map((i) => interactionTimes(i, i.endedAt as number).wrapUpMs / SECOND));
  assert.ok(wrapSeconds > 24 && wrapSeconds < 36, `mean wrap-up ${wrapSeconds}s`);

  const abandoned = ended.filter((i) => i.endReason === 'abandoned').length;
  const offered = (final.queues ?? []).reduce((sum, q) => sum + q.stats.offered, 0);
  const abandonedToday = (final.queues ?? []).reduce((sum, q) => sum + q.stats.abandoned, 0);
  assert.ok(abandoned > 0, 'nobody abandoned');
  assert.ok(abandonedToday / offered < 0.15, `abandonment ${abandonedToday}/${offered}`);
  t.diagnostic(
    `200 agents, 2 h: occupancy ${(occupancy * 100).toFixed(1)}%, abandoned ${((abandonedToday / offered) * 100).toFixed(2)}% of ${offered}, ` +
      `voice talk ${talkMinutes('voice').toFixed(2)} min, hold ${holdSeconds.toFixed(0)} s, wrap-up ${wrapSeconds.toFixed(0)} s, ${events.length} events`,
  );

  const transferred = ended.filter((i) => i.endReason === 'transferred');
  assert.ok(transferred.length > 0 && [...latest.values()].some((i) => (i.transfers ?? 0) > 0), 'no transfers');
  assert.ok(events.some((e) => e.type === 'not-responding' && e.notResponding));
  assert.ok(events.some((e) => e.type === 'not-responding' && !e.notResponding));

  const help = events.flatMap((e) => (e.type === 'help-request' ? [e.request] : []));
  assert.ok(help.filter((h) => h.state === 'open').length >= 10, 'few help requests');
  assert.ok(help.some((h) => h.state === 'acknowledged' && /^sup-\d+$/.test(h.acknowledgedBy ?? '')));
  assert.ok(help.some((h) => h.state === 'resolved'));
  assert.ok(help.every((h) => h.interactionId !== undefined && h.reason.length > 0));

  for (const i of latest.values()) {
    assert.ok(i.customer?.name !== undefined);
    if (i.channel === 'voice') assert.match(i.customer?.phone ?? '', /^\+[1-9]\d{7,14}$/);
    if (i.channel === 'email') {
      assert.match(i.customer?.email ?? '', /^[a-z.]+@example\.(com|org|net)$/);
      assert.ok((i.subject ?? '').length > 0);
    }
  }

  // The last reported statistics of each queue are what a fresh snapshot says.
  const reported = new Map<string, unknown>();
  for (const e of events) if (e.type === 'queue-stats') reported.set(e.queueId, e.stats);
  for (const q of final.queues ?? []) assert.deepEqual(reported.get(q.id), q.stats, q.id);
});

test('statistics are coalesced to at most one queue-stats per queue per batch', async () => {
  const clock = createManualClock(START);
  const adapter = createSimulatorAdapter({ clock, agents: 300, seed: 5 });
  const batches: (readonly FloorwalkEvent[])[] = [];
  await adapter.connect({ events: (b) => batches.push(b), status: () => undefined, error: () => undefined });
  clock.advance(20 * MINUTE);
  assert.ok(batches.length > 100);
  for (const batch of batches) {
    const ids = batch.flatMap((e) => (e.type === 'queue-stats' ? [e.queueId] : []));
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(batch.every((e) => e.at <= clock.now() && checkEvent(e) === null));
  }
  await adapter.disconnect();
});

test('warm-up puts the centre mid-shift at connect; without it the floor starts empty', async () => {
  const warm = await (await rig({ agents: 100 })).adapter.snapshot();
  assert.ok((warm.interactions ?? []).length > 30, `${(warm.interactions ?? []).length} live interactions after warm-up`);
  assert.ok((warm.agents ?? []).some((a) => a.presence.state === 'offline'));
  assert.ok((warm.agents ?? []).some((a) => auxStates.has(a.presence.state)));
  assert.equal(warm.at, START);
  const cold = await (await rig({ agents: 100, warmupMs: 0 })).adapter.snapshot();
  assert.equal((cold.interactions ?? []).length, 0);
});

// ---- warm-up and options at their edges ----------------------------------------------------

const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Runs `work` until it settles, counting the event loop's turns meanwhile and the most CPU time
 * any one of them took (CPU, not wall time: on a busy machine a short task can wait long).
 */
async function turnsOf(work: () => Promise<unknown>): Promise<{ turns: number; longestCpuMs: number }> {
  let done = false;
  const cpu = (): number => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  let mark = cpu();
  const running = work().finally(() => {
    done = true;
  });
  let turns = 0;
  let longestCpuMs = 0;
  while (!done) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    const now = cpu();
    longestCpuMs = Math.max(longestCpuMs, now - mark);
    mark = now;
    turns++;
  }
  await running;
  return { turns, longestCpuMs };
}

test('a long warm-up runs a frame of work at a time: connect() never holds the page, in real time or on a manual clock', async (t) => {
  // 2,000 agents and 6 simulated hours: about a second of model work, which connect() ran in
  // one task (a simulated day at 10,000 agents froze a tab for half a minute).
  for (const clock of [undefined, createManualClock(START)]) {
    const adapter = createSimulatorAdapter({ agents: 2_000, seed: 3, start: START, warmupMs: 6 * HOUR, ...(clock && { clock }) });
    const sink = recorder();
    const mark = performance.now();
    const { turns, longestCpuMs } = await turnsOf(() => adapter.connect(sink));
    t.diagnostic(`${clock ? 'manual clock' : 'real time'}: warm-up ${(performance.now() - mark).toFixed(0)} ms in ${turns} turns, the longest ${longestCpuMs.toFixed(0)} ms of CPU`);
    const heard = sink.received.length;
    const s = await adapter.snapshot();
    // Before any assertion: a real-time adapter left connected keeps the process alive.
    await adapter.disconnect();
    assert.ok(turns >= 20 && longestCpuMs < 250, `connect() took ${turns} turns of the event loop, one of ${longestCpuMs.toFixed(0)} ms`);
    assert.deepEqual(sink.statuses, ['live']);
    assert.equal(heard, 0, 'the warm-up is silent');
    assert.ok(s.at >= START && (s.interactions ?? []).length > 500, `${(s.interactions ?? []).length} live interactions`);
  }
});

test('a warm-up in slices leaves the same centre: the same seed gives the same state and events as before slices, and as a run simulated live', async () => {
  const run = async (options: SimulatorOptions, clock: ManualClock): Promise<{ snapshot: SnapshotEvent; events: FloorwalkEvent[] }> => {
    const adapter = createSimulatorAdapter({ clock, agents: 300, seed: 5, ...options });
    const events: FloorwalkEvent[] = [];
    await adapter.connect({ ...recorder(), events: (batch) => void events.push(...batch) });
    if (clock.now() < START) {
      clock.advanceTo(START);
      events.length = 0;
    }
    const snapshot = await adapter.snapshot();
    clock.advance(10 * MINUTE);
    return { snapshot, events };
  };
  // Three simulated hours at 300 agents: some 27 slices of work.
  const warm = await run({ warmupMs: 3 * HOUR }, createManualClock(START));
  // Recorded before the warm-up ran in slices: 3,464 events in the ten minutes after it.
  assert.equal(warm.events.length, 3_464);
  const fingerprint = (x: unknown): string => createHash('sha256').update(JSON.stringify(x)).digest('hex');
  // Everything but the agents' names, as recorded before names were made unique in a centre: the
  // renamed duplicates are the only change that made to the run.
  const nameless = { ...warm.snapshot, agents: warm.snapshot.agents?.map(({ name: _, ...agent }) => agent) };
  assert.equal(fingerprint([nameless, warm.events]), '3729f3e9eb8d5eafd334ed20dddf5d9c54bb8a581ff96f4e1cfc72ce739ccedb');
  assert.equal(fingerprint([warm.snapshot, warm.events]), '4df739f6e5905a9396948925f95314a2084e13b38fe66ee75abf405f2281c816');
  assert.deepEqual(await run({ warmupMs: 3 * HOUR }, createManualClock(START)), warm, 'the same seed, the same run');
  // The same three hours simulated live, one step after another: the same centre at START.
  const live = await run({ warmupMs: 0, start: START - 3 * HOUR }, createManualClock(START - 3 * HOUR));
  const state = (s: SnapshotEvent) => [s.at, s.agents, s.interactions, s.queues, s.teams];
  assert.deepEqual(state(live.snapshot), state(warm.snapshot));
  const facts = (events: FloorwalkEvent[]) => events.map(({ id: _, ...fact }) => fact);
  assert.deepEqual(facts(live.events), facts(warm.events));
});

test("agents' names are unique in a centre: first and last names drawn as before, a taken pair moving to the next free one; past every pair, a numeral", async () => {
  const names = async (agents: number, seed: number): Promise<string[]> =>
    ((await createSimulatorAdapter({ clock: createManualClock(START), agents, seed, warmupMs: 0 }).snapshot()).agents ?? []).map((a) => a.name);
  for (const seed of [1, 7, 11]) {
    const demo = await names(200, seed);
    assert.equal(new Set(demo).size, 200, `200 agents, seed ${seed}`);
    assert.ok(demo.every((n) => /^\S+ \S.*[^\d]$/.test(n)), 'no numeral while pairs are left');
    assert.deepEqual(await names(200, seed), demo, 'the same seed, the same names');
  }
  // 48 first names × 46 last: every pair once, then each again with " 2", and so on.
  const every = await names(48 * 46, 3);
  assert.equal(new Set(every).size, 48 * 46);
  assert.ok(every.every((n) => !/\d/.test(n)));
  const many = await names(10_000, 3);
  assert.equal(new Set(many).size, 10_000);
  assert.deepEqual(many.slice(0, 48 * 46), every, 'a bigger centre names its first agents as a smaller one does');
  assert.ok(many.slice(48 * 46, 2 * 48 * 46).every((n) => n.endsWith(' 2')) && many.at(-1)?.endsWith(' 5'), String(many.at(-1)));
  // The demo's centre (seed 42, 200 agents) drew Dmitri Kowalski for agent-115 and again for
  // agent-180: the first keeps it, the second takes the next last name.
  const demo = await names(200, 42);
  assert.deepEqual([demo[114], demo[179]], ['Dmitri Kowalski', 'Dmitri Lindqvist']);
});

test('warmupMs over a day is refused with InvalidArgument that names the cap and why; a day is accepted', () => {
  for (const warmupMs of [DAY + 1, 7 * DAY, Number.MAX_SAFE_INTEGER]) {
    assert.throws(
      () => createSimulatorAdapter({ agents: 10_000, warmupMs }),
      (err: unknown) => err instanceof FloorwalkError && err.code === ErrorCode.InvalidArgument && /86400000/.test(err.message) && /settle/.test(err.message),
      String(warmupMs),
    );
  }
  assert.equal(createSimulatorAdapter({ agents: 10, warmupMs: DAY }).id, 'simulator');
});

test('disconnected during a long warm-up: nothing is delivered and no live reported; a new connect() warms up and goes live', async () => {
  for (const clock of [undefined, createManualClock(START)]) {
    // At 600× in real time, so the 50 ms waited below hold half a simulated minute of events.
    const adapter = createSimulatorAdapter({ agents: 1_000, seed: 3, start: START, warmupMs: 4 * HOUR, speed: 600, ...(clock && { clock }) });
    const first = recorder();
    const connecting = adapter.connect(first);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await adapter.disconnect();
    await connecting;
    const second = recorder();
    await adapter.connect(second);
    if (clock !== undefined) clock.advance(MINUTE);
    else await new Promise((resolve) => setTimeout(resolve, 50));
    await adapter.disconnect();
    assert.deepEqual([first.statuses, first.received.length], [[], 0], clock ? 'manual clock' : 'real time');
    assert.deepEqual(second.statuses, ['live']);
    assert.ok(second.received.length > 0, `${clock ? 'manual clock' : 'real time'}: the second connect delivers`);
  }
});

test('speed and agents at their edges: 0, negative, infinite and NaN speeds and no agents are refused; 100,000 agents run', async (t) => {
  for (const bad of [{ speed: 0 }, { speed: -1 }, { speed: Number.POSITIVE_INFINITY }, { speed: Number.NaN }, { agents: 0 }, { agents: -5 }, { agents: 1.5 }]) {
    assert.throws(() => createSimulatorAdapter(bad), (err: unknown) => err instanceof FloorwalkError && err.code === ErrorCode.InvalidArgument, JSON.stringify(bad));
  }
  const clock = createManualClock(START);
  let mark = performance.now();
  const adapter = createSimulatorAdapter({ clock, agents: 100_000, seed: 3, warmupMs: 2 * MINUTE });
  const created = performance.now() - mark;
  mark = performance.now();
  const { turns } = await turnsOf(() => adapter.connect(recorder()));
  const connected = performance.now() - mark;
  const s = await adapter.snapshot();
  assert.equal(s.agents?.length, 100_000);
  t.diagnostic(`100,000 agents: created in ${created.toFixed(0)} ms; connected after a 2-minute warm-up in ${connected.toFixed(0)} ms, ${turns} turns`);
  await adapter.disconnect();
});

test('a host clock that steps back moves nothing back: events stay in order and the centre resumes where it was', async () => {
  const manual = createManualClock(START);
  let offset = 0;
  const clock: Clock = { now: () => manual.now() + offset, setTimeout: (cb, ms) => manual.setTimeout(cb, ms), clearTimeout: (h) => manual.clearTimeout(h) };
  const adapter = createSimulatorAdapter({ clock, agents: 60, seed: 11, warmupMs: 10 * MINUTE });
  const sink = recorder();
  await adapter.connect(sink);
  manual.advance(5 * MINUTE);
  const reached = (await adapter.snapshot()).at;
  assert.equal(reached, START + 5 * MINUTE);
  // The clock is set back three minutes (NTP, a rig rewinding): nothing runs again or twice.
  offset = -3 * MINUTE;
  const count = sink.received.length;
  manual.advance(2 * MINUTE);
  assert.equal((await adapter.snapshot()).at, reached, 'simulated time stands until the clock is past it again');
  assert.equal(sink.received.length, count);
  await adapter.execute(envelope({ type: 'set-presence', agentId: 'agent-3', state: 'meeting' }));
  manual.advance(10 * MINUTE);
  const after = sink.received.slice(count);
  assert.ok(after.length > 0 && after.every((e, i) => e.at >= reached && (i === 0 || e.at >= (after[i - 1] as FloorwalkEvent).at)));
  assert.ok(after.some((e) => e.type === 'presence' && e.agentId === 'agent-3' && e.presence.state === 'meeting'), 'a command given meanwhile takes effect');
  assert.equal((await adapter.snapshot()).at, START + 14 * MINUTE);
  await adapter.disconnect();
});

// ---- scale --------------------------------------------------------------------------------

test('10,000 agents: create, connect, snapshot and five simulated minutes', async (t) => {
  const clock = createManualClock(START);
  let mark = performance.now();
  const adapter = createSimulatorAdapter({ clock, agents: 10_000, seed: 3 });
  const created = performance.now() - mark;
  const sink = recorder();
  mark = performance.now();
  await adapter.connect(sink);
  const connectedMs = performance.now() - mark;
  mark = performance.now();
  const snapshot = await adapter.snapshot();
  const snapshotMs = performance.now() - mark;
  assert.equal(snapshot.agents?.length, 10_000);
  assert.equal(new Set(snapshot.agents?.map((a) => a.id)).size, 10_000);
  assert.equal(snapshot.teams?.length, Math.ceil(10_000 / 12));
  mark = performance.now();
  clock.advance(5 * MINUTE);
  const advancedMs = performance.now() - mark;
  assert.ok(sink.received.length > 10_000, `${sink.received.length} events`);
  t.diagnostic(
    `10k agents: create ${created.toFixed(0)} ms, connect with 30 min warm-up ${connectedMs.toFixed(0)} ms, ` +
      `snapshot ${snapshotMs.toFixed(0)} ms, 5 simulated minutes ${advancedMs.toFixed(0)} ms (${sink.received.length} events in ${sink.batches} batches)`,
  );
  await adapter.disconnect();
});

test('10,000 agents at speed 60: a wake that comes late catches up a frame at a time, not in one long task', async (t) => {
  const adapter = createSimulatorAdapter({ agents: 10_000, seed: 3, speed: 60, warmupMs: 5 * MINUTE });
  const batches: { size: number; at: number }[] = [];
  await adapter.connect({ ...recorder(), events: (batch) => void batches.push({ size: batch.length, at: (batch.at(-1) as FloorwalkEvent).at }) });
  await new Promise((resolve) => setTimeout(resolve, 300));
  // The page is busy (or its hidden tab's timers wait) for 3 s: 3 simulated minutes fall due at once.
  const busyUntil = performance.now() + 3_000;
  while (performance.now() < busyUntil);
  const before = batches.length;
  const frozenAt = adapter.clock.now();
  let longest = 0;
  while (batches.length === before || (batches.at(-1) as { at: number }).at < frozenAt) {
    const mark = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 0));
    longest = Math.max(longest, performance.now() - mark);
  }
  const after = batches.slice(before).map((b) => b.size);
  t.diagnostic(`caught up 3 simulated minutes in ${after.length} batches of at most ${Math.max(...after)} events; longest task ${longest.toFixed(0)} ms`);
  // About 10,000 events were due: one batch would hold them all.
  assert.ok(after.length > 3 && Math.max(...after) < 6_000, `batches after the freeze: ${after.join(', ')}`);
  await adapter.disconnect();
});

// ---- commands -----------------------------------------------------------------------------

test('set-presence shows as a presence event one latency later, with the tenant reason label', async () => {
  const r = await rig();
  const agent = ((await r.adapter.snapshot()).agents ?? []).find((a) => a.presence.state === 'available');
  assert.ok(agent !== undefined);
  const before = r.sink.received.length;
  const issuedAt = r.clock.now();
  await r.adapter.execute(envelope({ type: 'set-presence', agentId: agent.id, state: 'break', reason: { id: 'coffee', label: 'whatever' } }));
  const mine = (): FloorwalkEvent[] => r.since(before).filter((e) => e.type === 'presence' && e.agentId === agent.id);
  r.clock.advance(LATENCY - 1);
  assert.equal(mine().length, 0);
  r.clock.advance(1);
  assert.deepEqual(
    mine().map((e) => e.type === 'presence' && e.presence),
    [{ state: 'break', reason: { id: 'coffee', label: 'Coffee' }, since: issuedAt + LATENCY }],
  );
  await rejectsWith(r.adapter.execute(envelope({ type: 'set-presence', agentId: agent.id, state: 'break', reason: { id: 'lunch', label: 'Lunch' } })), ErrorCode.InvalidArgument);
  await rejectsWith(r.adapter.execute(envelope({ type: 'set-presence', agentId: agent.id, state: 'napping' as PresenceState })), ErrorCode.InvalidArgument);
  await rejectsWith(r.adapter.execute(envelope({ type: 'set-presence', agentId: 'agent-999', state: 'break' })), ErrorCode.UnknownAgent);
});

test('going offline mid-interaction keeps the interaction; signing in from offline makes an agent routable', async () => {
  const r = await rig();
  const call = await waitFor(r, connected);
  const agentId = call.agentId as string;
  await r.adapter.execute(envelope({ type: 'set-presence', agentId, state: 'offline' }));
  r.clock.advance(LATENCY);
  const s = await r.adapter.snapshot();
  assert.equal(s.agents?.find((a) => a.id === agentId)?.presence.state, 'offline');
  assert.equal(s.interactions?.find((i) => i.id === call.id)?.agentId, agentId);
  const mark = r.sink.received.length;
  r.clock.advance(40 * MINUTE);
  const later = r.since(mark);
  assert.ok(later.some((e) => e.type === 'interaction' && e.interaction.id === call.id && e.interaction.state === 'ended'), 'the call ran to its end');
  // The agent may sign in again on their own later; until then they get no work.
  let state: PresenceState = 'offline';
  for (const e of later) {
    if (e.type === 'presence' && e.agentId === agentId) state = e.presence.state;
    if (e.type === 'interaction' && e.interaction.id !== call.id && e.interaction.agentId === agentId) assert.notEqual(state, 'offline', 'an offline agent got work');
  }

  const offline = ((await r.adapter.snapshot()).agents ?? []).find((a) => a.presence.state === 'offline' && a.id !== agentId);
  assert.ok(offline !== undefined);
  await r.adapter.execute(envelope({ type: 'set-presence', agentId: offline.id, state: 'available' }));
  r.clock.advance(LATENCY);
  const after = await r.adapter.snapshot();
  const working = (after.interactions ?? []).some((i) => i.agentId === offline.id);
  for (const queueId of offline.queueIds) {
    const idle = idleFor(after, queueId);
    assert.ok(working || idle.includes(offline.id), `${offline.id} is neither working nor waiting for work`);
    assert.equal(after.queues?.find((q) => q.id === queueId)?.stats.agentsAvailable, idle.length);
  }
});

test('monitoring starts, changes mode and stops by command, and ends with the conversation', async () => {
  const r = await rig();
  const call = await waitFor(r, connected);
  const agentId = call.agentId as string;
  const start = { type: 'start-monitoring', agentId, interactionId: call.id, mode: 'listen' } as const;
  const mark = r.sink.received.length;
  await r.adapter.execute(envelope(start));
  await rejectsWith(r.adapter.execute(envelope(start)), ErrorCode.Conflict);
  r.clock.advance(LATENCY);
  const sessions = (): { id: string; mode: string; endedAt?: number; startedAt: number }[] =>
    r.since(mark).flatMap((e) => (e.type === 'monitoring' ? [e.session] : []));
  const started = sessions()[0];
  assert.ok(started !== undefined);
  assert.equal(started.mode, 'listen');
  assert.equal(started.startedAt, r.clock.now());
  assert.equal((await r.adapter.snapshot()).monitoring?.length, 1);

  await r.adapter.execute(envelope({ type: 'change-monitoring-mode', sessionId: started.id, mode: 'whisper' }));
  r.clock.advance(LATENCY);
  assert.equal(sessions().at(-1)?.mode, 'whisper');
  await r.adapter.execute(envelope({ type: 'stop-monitoring', sessionId: started.id }));
  await rejectsWith(r.adapter.execute(envelope({ type: 'stop-monitoring', sessionId: started.id })), ErrorCode.UnknownEntity);
  r.clock.advance(LATENCY);
  assert.equal(sessions().at(-1)?.endedAt, r.clock.now());
  // The ended session stays in snapshots as history (the agent's "who monitored me"), ended.
  assert.deepEqual((await r.adapter.snapshot()).monitoring?.map((m) => [m.id, m.endedAt !== undefined, m.endReason]), [[started.id, true, 'stopped']]);

  // A second supervisor's session ends by itself when the conversation does.
  const other = await waitFor(r, connected);
  const mark2 = r.sink.received.length;
  await r.adapter.execute(envelope({ type: 'start-monitoring', agentId: other.agentId as string, interactionId: other.id, mode: 'barge' }, 'lead-2'));
  r.clock.advance(LATENCY);
  const active = async (): Promise<number> => ((await r.adapter.snapshot()).monitoring ?? []).filter((m) => m.endedAt === undefined).length;
  assert.equal(await active(), 1);
  for (let i = 0; i < 60 && (await active()) !== 0; i++) r.clock.advance(MINUTE);
  const wrapped = r.since(mark2).find((e) => e.type === 'interaction' && e.interaction.id === other.id && e.interaction.state === 'wrap-up');
  const ended = r.since(mark2).flatMap((e) => (e.type === 'monitoring' && e.session.endedAt !== undefined ? [e.session] : []));
  assert.ok(wrapped?.type === 'interaction');
  assert.equal(ended.length, 1);
  assert.equal(ended[0]?.supervisorId, 'lead-2');
  assert.equal(ended[0]?.endedAt, wrapped.interaction.wrapUpAt);
  assert.equal(ended[0]?.endReason, 'interaction-ended');
});

test('monitoring commands are checked against the interaction and the agent', async () => {
  const r = await rig();
  const call = await waitFor(r, connected);
  const agentId = call.agentId as string;
  const otherAgent = agentId === 'agent-1' ? 'agent-2' : 'agent-1';
  const start = (over: Partial<{ agentId: string; interactionId: string }>) =>
    r.adapter.execute(envelope({ type: 'start-monitoring', agentId, interactionId: call.id, mode: 'listen', ...over }));
  await rejectsWith(start({ agentId: 'agent-999' }), ErrorCode.UnknownAgent);
  await rejectsWith(start({ interactionId: 'int-999999' }), ErrorCode.UnknownInteraction);
  await rejectsWith(start({ agentId: otherAgent }), ErrorCode.UnknownInteraction);
  const wrapping = await waitFor(r, (i) => i.state === 'wrap-up');
  await rejectsWith(start({ agentId: wrapping.agentId as string, interactionId: wrapping.id }), ErrorCode.Conflict);
  await rejectsWith(r.adapter.execute(envelope({ type: 'change-monitoring-mode', sessionId: 'mon-404', mode: 'barge' })), ErrorCode.UnknownEntity);
  await rejectsWith(r.adapter.execute(envelope({ type: 'change-monitoring-mode', sessionId: 'mon-404', mode: 'shout' as 'barge' })), ErrorCode.InvalidArgument);
});

test("a supervisor's commands about an agent outside their teams are refused with OutOfScope, as the backplane refuses them; the agent's own supervisor, the agent themselves and someone the platform lists nowhere are not; another supervisor's session is not theirs to switch or stop (Forbidden)", async () => {
  const r = await rig();
  // 60 agents in 5 teams of 12: sup-N leads team-N. A call outside team-1, so sup-1 is an outsider.
  const teamOf = (s: SnapshotEvent, agentId: string | undefined) => s.teams?.find((t) => s.agents?.find((a) => a.id === agentId)?.teamIds.includes(t.id));
  const call = await waitFor(r, (i, s) => connected(i) && teamOf(s, i.agentId)?.id !== 'team-1');
  const agentId = call.agentId as string;
  const boss = teamOf(await r.adapter.snapshot(), agentId)?.supervisorIds[0] as string;
  const mark = r.sink.received.length;
  const refused = (command: Command, by = 'sup-1') => rejectsWith(r.adapter.execute(envelope(command, by)), ErrorCode.OutOfScope);

  // The agent raises a hand; their supervisor starts a listen.
  await r.adapter.execute(envelope({ type: 'raise-hand', agentId, reason: 'Refund over my limit' }, agentId));
  await r.adapter.execute(envelope({ type: 'start-monitoring', agentId, interactionId: call.id, mode: 'listen', leaseMs: MINUTE }, boss));
  r.clock.advance(LATENCY);
  const requestId = (await r.adapter.snapshot()).helpRequests?.find((h) => h.agentId === agentId && h.state === 'open')?.id as string;
  const sessionId = r.since(mark).flatMap((e) => (e.type === 'monitoring' && e.session.supervisorId === boss ? [e.session.id] : []))[0] as string;
  assert.ok(requestId !== undefined && sessionId !== undefined);

  // The platform's own commands: presence, every monitoring mode, and stepping a session up.
  await refused({ type: 'set-presence', agentId, state: 'break', reason: { id: 'coffee', label: 'Coffee' } });
  for (const mode of ['barge', 'whisper', 'listen'] as const) await refused({ type: 'start-monitoring', agentId, interactionId: call.id, mode });
  // Another supervisor's session is not theirs to switch or stop, listed or not (as the client's policy).
  for (const by of ['sup-1', 'admin-1']) {
    await rejectsWith(r.adapter.execute(envelope({ type: 'change-monitoring-mode', sessionId, mode: 'barge' }, by)), ErrorCode.Forbidden);
    await rejectsWith(r.adapter.execute(envelope({ type: 'stop-monitoring', sessionId }, by)), ErrorCode.Forbidden);
  }
  // What the backplane carries elsewhere, held to its rule.
  await refused({ type: 'acknowledge-help', requestId });
  await refused({ type: 'resolve-help', requestId });
  await refused({ type: 'add-coaching-note', agentId, body: 'Good call' });
  await refused({ type: 'propose-check-in', agentId, scheduledFor: r.clock.now() + 60 * MINUTE });
  await refused({ type: 'schedule-coaching-session', agentId, topic: 'Refunds', at: r.clock.now() + 60 * MINUTE, durationMs: 30 * MINUTE });
  // A colleague is listed too, and over nobody.
  await refused({ type: 'set-presence', agentId, state: 'available' }, agentId === 'agent-60' ? 'agent-59' : 'agent-60');
  r.clock.advance(LATENCY);
  const byOutsiders = r.since(mark).filter(
    (e) =>
      (e.type === 'monitoring' && e.session.agentId === agentId && (e.session.supervisorId !== boss || e.session.mode !== 'listen' || e.session.endedAt !== undefined)) ||
      (e.type === 'help-request' && e.request.agentId === agentId && (e.request.acknowledgedBy === 'sup-1' || e.request.state === 'resolved')) ||
      (e.type === 'coaching-note' && e.note.agentId === agentId) ||
      (e.type === 'presence' && e.agentId === agentId && e.presence.state === 'break'),
  );
  assert.deepEqual(byOutsiders, [], 'nothing refused took effect');

  // The agent's own supervisor, the agent for their own presence, and an admin (listed nowhere, on their client's word).
  await r.adapter.execute(envelope({ type: 'change-monitoring-mode', sessionId, mode: 'whisper' }, boss));
  await r.adapter.execute(envelope({ type: 'renew-monitoring', sessionId }, boss));
  await r.adapter.execute(envelope({ type: 'acknowledge-help', requestId }, boss));
  await r.adapter.execute(envelope({ type: 'add-coaching-note', agentId, body: 'Good call' }, boss));
  await r.adapter.execute(envelope({ type: 'add-coaching-note', agentId, body: 'Seen' }, 'admin-1'));
  await r.adapter.execute(envelope({ type: 'set-presence', agentId, state: 'busy', reason: { id: 'admin', label: 'Admin' } }, agentId));
});

test('help requests: raised, taken by a person and left to them; otherwise the team supervisor handles them', async () => {
  const r = await rig();
  // Simulated agents raise hands too; pick ones with none open.
  const free = (s: SnapshotEvent) => (s.agents ?? []).filter((a) => !(s.helpRequests ?? []).some((h) => h.agentId === a.id)).map((a) => a.id);
  const call = await waitFor(r, (i, s) => connected(i) && free(s).includes(i.agentId as string));
  const agentId = call.agentId as string;
  const mark = r.sink.received.length;
  await r.adapter.execute(envelope({ type: 'raise-hand', agentId, reason: 'Customer wants a manager', interactionId: call.id }, agentId));
  await rejectsWith(r.adapter.execute(envelope({ type: 'raise-hand', agentId, reason: 'Again' }, agentId)), ErrorCode.Conflict);
  r.clock.advance(LATENCY);
  const requests = () => r.since(mark).flatMap((e) => (e.type === 'help-request' ? [e.request] : []));
  const raised = requests()[0];
  assert.ok(raised !== undefined);
  assert.deepEqual([raised.state, raised.agentId, raised.interactionId], ['open', agentId, call.id]);
  await r.adapter.execute(envelope({ type: 'acknowledge-help', requestId: raised.id }, 'sup-9'));
  await rejectsWith(r.adapter.execute(envelope({ type: 'raise-hand', agentId, reason: 'Again' }, agentId)), ErrorCode.Conflict);
  r.clock.advance(LATENCY);
  await rejectsWith(r.adapter.execute(envelope({ type: 'acknowledge-help', requestId: raised.id }, 'sup-8')), ErrorCode.Conflict);
  r.clock.advance(30 * MINUTE);
  const mine = () => requests().filter((h) => h.id === raised.id);
  assert.deepEqual(mine().map((h) => [h.state, h.acknowledgedBy]), [['open', undefined], ['acknowledged', 'sup-9']]);
  await r.adapter.execute(envelope({ type: 'resolve-help', requestId: raised.id }, 'sup-9'));
  r.clock.advance(LATENCY);
  assert.equal(mine().at(-1)?.state, 'resolved');
  await rejectsWith(r.adapter.execute(envelope({ type: 'resolve-help', requestId: raised.id }, 'sup-9')), ErrorCode.Conflict);
  await rejectsWith(r.adapter.execute(envelope({ type: 'acknowledge-help', requestId: 'help-404' })), ErrorCode.UnknownEntity);

  // Left alone, the agent's team supervisor acknowledges and resolves it.
  const now = await r.adapter.snapshot();
  const [loner, quitter] = free(now).filter((id) => id !== agentId);
  assert.ok(loner !== undefined && quitter !== undefined);
  const teamId = now.agents?.find((a) => a.id === loner)?.teamIds[0];
  await r.adapter.execute(envelope({ type: 'raise-hand', agentId: loner, reason: 'System is down' }, loner));
  r.clock.advance(30 * MINUTE);
  const alone = requests().filter((h) => h.agentId === loner && h.reason === 'System is down');
  assert.deepEqual(alone.map((h) => h.state), ['open', 'acknowledged', 'resolved']);
  assert.equal(alone[1]?.acknowledgedBy, now.teams?.find((t) => t.id === teamId)?.supervisorIds[0]);

  // The agent withdrawing their own request cancels it.
  await r.adapter.execute(envelope({ type: 'raise-hand', agentId: quitter, reason: 'Never mind' }, quitter));
  r.clock.advance(LATENCY);
  const withdrawn = requests().find((h) => h.agentId === quitter && h.reason === 'Never mind');
  assert.ok(withdrawn !== undefined);
  await r.adapter.execute(envelope({ type: 'resolve-help', requestId: withdrawn.id }, quitter));
  r.clock.advance(LATENCY);
  assert.equal(requests().filter((h) => h.id === withdrawn.id).at(-1)?.state, 'cancelled');
});

test('chat messages are sent, then delivered; colleagues sometimes reply in a direct conversation', async () => {
  const r = await rig();
  const mark = r.sink.received.length;
  for (let n = 1; n <= 10; n++) {
    await r.adapter.execute(envelope({ type: 'send-message', conversationId: `dm:agent-${n}:sup-1`, body: `Hello ${n}` }, 'sup-1'));
  }
  await r.adapter.execute(envelope({ type: 'send-message', conversationId: 'team:team-1', body: 'Huddle at 10' }, 'sup-1'));
  r.clock.advance(10 * MINUTE);
  const messages = r.since(mark).flatMap((e) => (e.type === 'chat-message' ? [e.message] : []));
  const first = messages.filter((m) => m.body === 'Hello 1');
  assert.deepEqual(first.slice(0, 2).map((m) => m.delivery), ['sent', 'delivered']);
  assert.equal(first[0]?.id, first[1]?.id);
  const team = messages.filter((m) => m.conversationId === 'team:team-1');
  assert.deepEqual(team.map((m) => m.delivery), ['sent', 'delivered']);
  const replies = messages.filter((m) => m.authorId.startsWith('agent-'));
  assert.ok(replies.length >= 1 && replies.length < 10, `${replies.length} replies`);
  for (const reply of replies) {
    const [, a, b] = reply.conversationId.split(':');
    assert.ok(reply.authorId === a || reply.authorId === b);
    assert.ok(messages.some((m) => m.conversationId === reply.conversationId && m.delivery === 'read' && m.sentAt < reply.sentAt));
  }
  await rejectsWith(r.adapter.execute(envelope({ type: 'send-message', conversationId: 'team:team-404', body: 'hi' })), ErrorCode.UnknownEntity);
  await rejectsWith(r.adapter.execute(envelope({ type: 'send-message', conversationId: 'general', body: 'hi' })), ErrorCode.InvalidArgument);
  await rejectsWith(r.adapter.execute(envelope({ type: 'send-message', conversationId: 'dm:a:b', body: '  ' })), ErrorCode.InvalidArgument);
});

test("chat refuses, as the backplane does, a team channel to someone not in the team and a 1:1 to a third person: Forbidden, for messages and read marks", async () => {
  const r = await rig();
  // team-1 is agent-1 … agent-12 and sup-1; agent-13 is in team-2, sup-2 leads it.
  for (const [conversationId, by] of [['team:team-1', 'agent-13'], ['team:team-1', 'sup-2'], ['dm:agent-1:agent-2', 'sup-1']] as const) {
    await rejectsWith(r.adapter.execute(envelope({ type: 'send-message', conversationId, body: 'hi' }, by)), ErrorCode.Forbidden);
    await rejectsWith(r.adapter.execute(envelope({ type: 'mark-read', conversationId }, by)), ErrorCode.Forbidden);
  }
  // Its members, its supervisor, and someone the platform lists nowhere (an admin, on their client's word).
  for (const by of ['agent-1', 'sup-1', 'admin-1']) await r.adapter.execute(envelope({ type: 'send-message', conversationId: 'team:team-1', body: `from ${by}` }, by));
  r.clock.advance(MINUTE);
  const bodies = r.sink.received.flatMap((e) => (e.type === 'chat-message' && e.message.conversationId === 'team:team-1' ? [e.message.body] : []));
  assert.deepEqual([...new Set(bodies)], ['from agent-1', 'from sup-1', 'from admin-1']);
});

test('coaching notes may reference a live or recently ended interaction of that agent', async () => {
  const r = await rig();
  const call = await waitFor(r, connected);
  const agentId = call.agentId as string;
  const mark = r.sink.received.length;
  await r.adapter.execute(envelope({ type: 'add-coaching-note', agentId, body: 'Great empathy', interactionId: call.id }));
  r.clock.advance(30 * MINUTE);
  assert.equal((await r.adapter.snapshot()).interactions?.find((i) => i.id === call.id), undefined, 'the interaction has ended by now');
  await r.adapter.execute(envelope({ type: 'add-coaching-note', agentId, body: 'Follow-up', interactionId: call.id }));
  r.clock.advance(LATENCY);
  const notes = r.since(mark).flatMap((e) => (e.type === 'coaching-note' ? [e.note] : []));
  assert.deepEqual(
    notes.map((n) => [n.agentId, n.authorId, n.body, n.interactionId]),
    [
      [agentId, LEAD, 'Great empathy', call.id],
      [agentId, LEAD, 'Follow-up', call.id],
    ],
  );
  const other = agentId === 'agent-1' ? 'agent-2' : 'agent-1';
  await rejectsWith(r.adapter.execute(envelope({ type: 'add-coaching-note', agentId: other, body: 'x', interactionId: call.id })), ErrorCode.UnknownInteraction);
  await rejectsWith(r.adapter.execute(envelope({ type: 'add-coaching-note', agentId: 'agent-999', body: 'x' })), ErrorCode.UnknownAgent);
});

test('a long run keeps the newest 50,000 ended coaching sessions and every upcoming one, however many ended after it', async () => {
  const r = await rig({ agents: 12, warmupMs: 0 });
  const schedule = (at: number) => r.adapter.execute(envelope({ type: 'schedule-coaching-session', agentId: 'agent-1', topic: 'Holds', at, durationMs: MINUTE }));
  const ids = () => r.sink.received.flatMap((e) => (e.type === 'coaching-session' && e.session.state === 'scheduled' ? [e.session.id] : []));
  await schedule(START + 24 * 60 * MINUTE);
  for (let i = 0; i <= 50_000; i++) await schedule(START + MINUTE);
  r.clock.advance(3 * MINUTE);
  const [upcoming, oldest, kept] = ids() as [string, string, string];
  const cancel = (sessionId: string) => r.adapter.execute(envelope({ type: 'cancel-coaching-session', sessionId }));
  await rejectsWith(cancel(oldest), ErrorCode.UnknownEntity);
  await rejectsWith(cancel(kept), ErrorCode.Conflict);
  await cancel(upcoming);
  r.clock.advance(LATENCY);
  const last = r.sink.received.at(-1);
  assert.deepEqual(last?.type === 'coaching-session' ? [last.session.id, last.session.state] : last, [upcoming, 'cancelled']);
});

test('check-ins are proposed, answered by the simulated agent or a person, once', async () => {
  const r = await rig();
  const mark = r.sink.received.length;
  const inAnHour = r.clock.now() + 60 * MINUTE;
  await r.adapter.execute(envelope({ type: 'propose-check-in', agentId: 'agent-3', scheduledFor: inAnHour, topic: 'Quality review' }));
  await r.adapter.execute(envelope({ type: 'propose-check-in', agentId: 'agent-4', scheduledFor: inAnHour }));
  r.clock.advance(LATENCY);
  const checkIns = () => r.since(mark).flatMap((e) => (e.type === 'check-in' ? [e.checkIn] : []));
  const [forThree, forFour] = checkIns();
  assert.ok(forThree !== undefined && forFour !== undefined);
  assert.deepEqual([forThree.answer, forThree.noticeMs, forThree.topic, forThree.supervisorId], ['pending', 60 * MINUTE - LATENCY, 'Quality review', LEAD]);
  await r.adapter.execute(envelope({ type: 'answer-check-in', checkInId: forFour.id, answer: 'declined' }, 'agent-4'));
  r.clock.advance(30 * MINUTE);
  const final = (id: string) => checkIns().filter((c) => c.id === id);
  assert.deepEqual(final(forFour.id).map((c) => c.answer), ['pending', 'declined']);
  const answered = final(forThree.id).at(-1);
  assert.ok(answered?.answer === 'accepted' || answered?.answer === 'declined');
  assert.ok((answered.answeredAt ?? 0) > forThree.proposedAt);
  await rejectsWith(r.adapter.execute(envelope({ type: 'answer-check-in', checkInId: forThree.id, answer: 'accepted' }, 'agent-3')), ErrorCode.Conflict);
  await rejectsWith(r.adapter.execute(envelope({ type: 'answer-check-in', checkInId: 'checkin-404', answer: 'accepted' })), ErrorCode.UnknownEntity);
  await rejectsWith(r.adapter.execute(envelope({ type: 'propose-check-in', agentId: 'agent-3', scheduledFor: r.clock.now() - 1 })), ErrorCode.InvalidArgument);
  // Withdrawn before anyone answered: an answer that comes after finds nothing to answer (it was taken in, on a cancelled check-in).
  await r.adapter.execute(envelope({ type: 'propose-check-in', agentId: 'agent-5', scheduledFor: r.clock.now() + 2 * 60 * MINUTE }));
  r.clock.advance(LATENCY);
  const withdrawn = checkIns().at(-1) as CheckIn;
  await r.adapter.execute(envelope({ type: 'cancel-check-in', checkInId: withdrawn.id }));
  r.clock.advance(LATENCY);
  await rejectsWith(r.adapter.execute(envelope({ type: 'answer-check-in', checkInId: withdrawn.id, answer: 'accepted' }, 'agent-5')), ErrorCode.Conflict);
  assert.deepEqual(final(withdrawn.id).map((c) => `${c.answer}/${c.phase}`), ['pending/scheduled', 'pending/cancelled']);
});

test('the same idempotency key twice has one effect and one outcome', async () => {
  const r = await rig();
  const mark = r.sink.received.length;
  const note = envelope({ type: 'add-coaching-note', agentId: 'agent-2', body: 'Once only' }, 'sup-1', 'dup-key');
  await r.adapter.execute(note);
  await r.adapter.execute({ ...note });
  r.clock.advance(LATENCY);
  await r.adapter.execute(note);
  r.clock.advance(LATENCY);
  assert.equal(r.since(mark).filter((e) => e.type === 'coaching-note').length, 1);

  const bad = envelope({ type: 'set-presence', agentId: 'agent-404', state: 'break' }, 'sup-1', 'bad-key');
  await rejectsWith(r.adapter.execute(bad), ErrorCode.UnknownAgent);
  await rejectsWith(r.adapter.execute(bad), ErrorCode.UnknownAgent);
  // What the conformance harness's applied() reads: the note carried out once, through a seat
  // too, and the refusal not at all.
  await r.adapter.seat().execute(note);
  assert.equal(simulatorTestHooks(r.adapter).carried(), 1);
});

test("a slow-down (the rateLimit hook) answers the next command the platform would carry with RateLimited and its Retry-After, and carries nothing of it; refusals and remembered keys before it go as before, and its key sent again is carried once", async () => {
  const r = await rig();
  const hooks = simulatorTestHooks(r.adapter);
  const agentId = (await r.adapter.snapshot()).agents?.find((a) => a.presence.state === 'available')?.id as string;
  const earlier = envelope({ type: 'add-coaching-note', agentId, body: 'Before the slow-down' }, 'sup-1');
  await r.adapter.execute(earlier);
  hooks.rateLimit(7);

  // Refused as ever, and the slow-down still waits: a 429 comes for a request the platform takes.
  await rejectsWith(r.adapter.execute(envelope({ type: 'set-presence', agentId: 'agent-404', state: 'break' })), ErrorCode.UnknownAgent);
  await r.adapter.execute(earlier);
  assert.equal(hooks.carried(), 1);

  const mark = r.sink.received.length;
  const limited = envelope({ type: 'set-presence', agentId, state: 'meeting' });
  await assert.rejects(r.adapter.execute(limited), (err: unknown) => {
    assert.ok(err instanceof FloorwalkError);
    assert.deepEqual([err.code, err.retryable, err.details], [ErrorCode.RateLimited, true, { retryAfterMs: 7_000 }]);
    return true;
  });
  r.clock.advance(7 * SECOND);
  const moved = (): FloorwalkEvent[] => r.since(mark).filter((e) => e.type === 'presence' && e.agentId === agentId && e.presence.state === 'meeting');
  assert.deepEqual([hooks.carried(), moved().length], [1, 0], 'nothing of the limited command was carried');

  // After its wait the same key goes through, once; and the slow-down was for one command only.
  await r.adapter.execute(limited);
  await r.adapter.execute(envelope({ type: 'add-coaching-note', agentId, body: 'After it' }, 'sup-1'));
  r.clock.advance(LATENCY);
  assert.deepEqual([hooks.carried(), moved().length], [3, 1]);
  await r.adapter.execute(limited);
  assert.equal(hooks.carried(), 3, 'its key is remembered once carried');
  await r.adapter.disconnect();
});

test("through a client with an outbox, a command the platform rate-limits waits the Retry-After, goes again with its key and is confirmed, with one effect", async () => {
  const clock = createManualClock(START);
  const centre = createSimulatorAdapter({ clock, agents: 24, seed: 4 });
  const hooks = simulatorTestHooks(centre);
  // Each send of the client's, with the simulated time it went at.
  const sends: [key: string, at: number][] = [];
  const adapter: Adapter = { ...centre, execute: (command) => (sends.push([command.key, clock.now()]), centre.execute(command)) };
  const client = createFloorwalk({ adapter, clock, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['team-1'] }, outbox: { storage: createMemoryStorage() } });
  await client.connect();
  const agentId = client.getAgents().find((a) => a.presence.state === 'available')?.id as string;
  const settled: string[] = [];
  client.on('intent', (s) => void settled.push(s.outcome));
  hooks.rateLimit(12);
  const sent = client.setAgentPresence(agentId, 'training');
  for (let waited = 0; waited < MINUTE && settled.length === 0; waited += SECOND) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    clock.advance(SECOND);
  }
  await sent;
  clock.advance(LATENCY);
  const [first, second] = sends;
  assert.equal(sends.length, 2, 'sent twice');
  assert.equal(first?.[0], second?.[0], 'with one key');
  assert.ok((second?.[1] ?? 0) - (first?.[1] ?? 0) >= 12 * SECOND, `sent again ${(second?.[1] ?? 0) - (first?.[1] ?? 0)} ms after the slow-down, not 12,000`);
  assert.deepEqual([hooks.carried(), settled, client.getAgent(agentId)?.presence.state], [1, ['confirmed'], 'training']);
  await client.disconnect();
});

test('commands need a connection; a disconnected simulator is silent and resumes on connect', async () => {
  const clock = createManualClock(START);
  const adapter = createSimulatorAdapter({ clock, agents: 40 });
  await rejectsWith(adapter.execute(envelope({ type: 'set-presence', agentId: 'agent-1', state: 'break' })), ErrorCode.NotConnected);
  const sink = recorder();
  await adapter.connect(sink);
  assert.deepEqual(sink.statuses, ['live']);
  clock.advance(5 * MINUTE);
  const first = sink.received.length;
  assert.ok(first > 0);
  await adapter.disconnect();
  clock.advance(5 * MINUTE);
  assert.equal(sink.received.length, first);
  await rejectsWith(adapter.execute(envelope({ type: 'set-presence', agentId: 'agent-1', state: 'break' })), ErrorCode.NotConnected);
  const again = recorder();
  await adapter.connect(again);
  const snapshot = await adapter.snapshot();
  assert.equal(snapshot.at, clock.now());
  clock.advance(5 * MINUTE);
  assert.ok(again.received.length > 0);
  assert.ok(again.received.every((e) => e.at >= snapshot.at));
  assert.equal(sink.received.length, first);
  await adapter.disconnect();
});

test('through a real client, a supervisor sees their team and the store reflects their commands', async () => {
  const clock = createManualClock(START);
  const adapter = createSimulatorAdapter({ clock, agents: 60, seed: 4 });
  const client = createFloorwalk({ adapter, clock: adapter.clock, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['team-1'] } });
  const errors: FloorwalkError[] = [];
  client.on('error', (e) => errors.push(e));
  await client.connect();
  const team = client.getAgents();
  assert.ok(team.length >= 10 && team.every((a) => a.teamIds.includes('team-1')), `${team.length} agents`);
  assert.equal(adapter.clock, clock);

  const available = team.find((a) => a.presence.state === 'available');
  assert.ok(available !== undefined);
  await client.setAgentPresence(available.id, 'meeting', { id: 'huddle', label: 'Team huddle' });
  clock.advance(LATENCY);
  assert.equal(client.getAgent(available.id)?.presence.state, 'meeting');
  assert.equal(client.getAgent(available.id)?.presence.reason?.label, 'Team huddle');
  clock.advance(MINUTE);
  assert.equal(client.getTimeInState(available.id), MINUTE);

  let live: Interaction | undefined;
  for (let i = 0; i < 120 && live === undefined; i++) {
    live = client.getInteractions({ state: 'connected' }).find((x) => x.agentId !== undefined);
    if (live === undefined) clock.advance(5 * SECOND);
  }
  assert.ok(live !== undefined, 'no connected interaction in team-1');
  assert.ok(live.customer?.masked?.includes('phone') || live.customer?.masked?.includes('name'), 'a supervisor sees customer data masked');
  await client.startMonitoring(live.agentId as string, live.id, 'listen');
  clock.advance(LATENCY);
  const session = client.getMonitoringSessions({ active: true })[0];
  assert.ok(session !== undefined);
  assert.equal(session.interactionId, live.id);
  await client.stopMonitoring(session.id);
  clock.advance(LATENCY);
  assert.equal(client.getMonitoringSessions({ active: true }).length, 0);

  await client.addCoachingNote(live.agentId as string, 'Nice recovery on that call', live.id);
  await client.proposeCheckIn(live.agentId as string, clock.now() + 25 * 60 * MINUTE, 'Weekly');
  await client.sendMessage('team:team-1', 'Queue is building, please stay available');
  clock.advance(LATENCY);
  assert.equal(client.getCoachingNotes(live.agentId)[0]?.body, 'Nice recovery on that call');
  assert.equal(client.getCheckIns({ agentId: live.agentId as string })[0]?.answer, 'pending');
  clock.advance(30 * MINUTE);
  assert.notEqual(client.getCheckIns({ agentId: live.agentId as string })[0]?.answer, 'pending');
  assert.equal(client.getMessages('team:team-1')[0]?.delivery, 'delivered');
  assert.ok(client.getHelpRequests().every((h) => client.getAgent(h.agentId)?.teamIds.includes('team-1')));
  assert.equal(client.getQueues().length, 4);
  assert.deepEqual(errors, []);
  await client.disconnect();
});

// ---- options and real time ----------------------------------------------------------------

test('options shape the centre: channels, queues, teams and supervisors', async () => {
  const voiceOnly = await rig({ channels: ['voice'] });
  assert.deepEqual(voiceOnly.adapter.capabilities.channels, ['voice']);
  voiceOnly.clock.advance(10 * MINUTE);
  const s = await voiceOnly.adapter.snapshot();
  assert.deepEqual(s.queues?.map((q) => q.name), ['Sales', 'Support', 'Billing']);
  assert.ok(voiceOnly.sink.received.every((e) => e.type !== 'interaction' || e.interaction.channel === 'voice'));

  const custom = await rig({
    agents: 24,
    teams: 3,
    supervisors: ['alice', 'bob'],
    queues: [
      { id: 'vip', name: 'VIP', channels: ['voice', 'video'] },
      { id: 'web', name: 'Web', channels: ['chat'] },
    ],
  });
  const c = await custom.adapter.snapshot();
  assert.deepEqual(c.queues?.map((q) => q.id), ['vip', 'web']);
  assert.deepEqual(c.teams?.map((t) => t.supervisorIds), [['alice'], ['bob'], ['alice']]);
  assert.deepEqual(custom.adapter.capabilities.channels, ['voice', 'chat', 'video']);
  assert.equal((await (await rig({ queues: 6 })).adapter.snapshot()).queues?.length, 6);

  const bads = [
    { agents: 0 },
    { speed: 0 },
    { teams: 100, agents: 10 },
    { channels: ['fax'] },
    { channels: ['task'], queues: 2 },
    { capabilities: { monitoringModes: [] } },
    { load: 0 },
    { load: Number.NaN },
    { load: 4 },
    // A host's mistakes are refused with a typed error, not a TypeError at creation or connect.
    { seed: 0.5 },
    { clock: {} },
    { clock: null },
    { clock: { now: () => START } },
    { capabilities: { agentSeesMonitoring: 'no' } },
  ] as unknown as SimulatorOptions[];
  for (const bad of bads) {
    assert.throws(() => createSimulatorAdapter(bad), (err: unknown) => err instanceof FloorwalkError && err.code === ErrorCode.InvalidArgument, JSON.stringify(bad));
  }
});

test('load: a short-staffed centre keeps work waiting, so an agent who becomes available is offered some at once', async () => {
  const occupancyOf = async (r: Rig): Promise<{ occupancy: number; waitingMinutes: number }> => {
    let busy = 0;
    let available = 0;
    let waitingMinutes = 0;
    for (let minute = 0; minute < 30; minute++) {
      r.clock.advance(MINUTE);
      const s = await r.adapter.snapshot();
      const working = new Set((s.interactions ?? []).filter((i) => i.agentId !== undefined && i.state !== 'queued').map((i) => i.agentId));
      for (const agent of s.agents ?? []) {
        if (agent.presence.state !== 'available') continue;
        available++;
        if (working.has(agent.id)) busy++;
      }
      if ((s.queues ?? []).every((q) => q.stats.waiting > 0)) waitingMinutes++;
    }
    return { occupancy: busy / available, waitingMinutes };
  };
  const usual = await occupancyOf(await rig({ agents: 120, seed: 3 }));
  const short = await rig({ agents: 120, seed: 3, load: 1.5 });
  const overloaded = await occupancyOf(short);
  assert.ok(overloaded.occupancy > usual.occupancy && overloaded.occupancy > 0.95, `occupancy ${overloaded.occupancy.toFixed(3)} vs ${usual.occupancy.toFixed(3)} at the default`);
  assert.ok(overloaded.waitingMinutes >= 25 && usual.waitingMinutes < overloaded.waitingMinutes, `every queue had work waiting in ${overloaded.waitingMinutes} of 30 minutes (default: ${usual.waitingMinutes})`);

  // An agent on a break comes back: the longest-waiting interaction of their queues is theirs.
  const s = await short.adapter.snapshot();
  const resting = (s.agents ?? []).find((a) => a.presence.state === 'break' && !(s.interactions ?? []).some((i) => i.agentId === a.id));
  assert.ok(resting !== undefined, 'someone is on a break');
  await short.adapter.execute(envelope({ type: 'set-presence', agentId: resting.id, state: 'available' }));
  short.clock.advance(LATENCY);
  const offered = ((await short.adapter.snapshot()).interactions ?? []).find((i) => i.agentId === resting.id);
  assert.ok(offered !== undefined && (offered.state === 'offered' || offered.state === 'connected'), `${resting.id} was offered work at once`);
});

test('in real time, simulated time runs at the given speed while connected and stands still when not', async () => {
  const start = Date.UTC(2026, 0, 5, 9);
  const adapter = createSimulatorAdapter({ agents: 50, speed: 600, start, warmupMs: 10 * MINUTE });
  assert.equal(adapter.clock.now(), start);
  const sink = recorder();
  await adapter.connect(sink);
  await new Promise((resolve) => setTimeout(resolve, 250));
  const now = adapter.clock.now();
  assert.ok(now - start >= 60 * SECOND, `only ${now - start} ms simulated`);
  assert.ok(sink.received.length > 0);
  assert.ok(sink.received.every((e, i, all) => e.at >= start && (i === 0 || e.at >= (all[i - 1] as FloorwalkEvent).at)));
  const fired = await new Promise<number>((resolve) => {
    const began = adapter.clock.now();
    adapter.clock.setTimeout(() => resolve(adapter.clock.now() - began), 6 * SECOND);
  });
  assert.ok(fired >= 5 * SECOND, `a 6 s simulated timer fired after ${fired} simulated ms`);
  await adapter.disconnect();
  const frozen = adapter.clock.now();
  const count = sink.received.length;
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(adapter.clock.now(), frozen);
  assert.equal(sink.received.length, count);
});

test('a seat sees the same centre as the adapter, and its commands act on it', async () => {
  const clock = createManualClock(START);
  const adapter = createSimulatorAdapter({ agents: 30, seed: 3, clock, latencyMs: LATENCY });
  const boss = createFloorwalk({ adapter, clock, session: { userId: 'sup-1', role: 'supervisor', teamIds: 'all' } });
  const seatAdapter = adapter.seat();
  const agent = createFloorwalk({ adapter: seatAdapter, clock, session: { userId: 'agent-4', role: 'agent', agentId: 'agent-4', teamIds: [] } });
  await boss.connect();
  await agent.connect();
  assert.equal(agent.status, 'live');
  assert.deepEqual(agent.getAgent('agent-4'), boss.getAgent('agent-4'));

  clock.advance(10 * MINUTE);
  await Promise.resolve();
  assert.deepEqual(agent.getAgent('agent-4')?.presence, boss.getAgent('agent-4')?.presence, 'both hear the same traffic');

  const target = agent.getAgent('agent-4')?.presence.state === 'break' ? 'meeting' : 'break';
  await agent.setPresence(target);
  clock.advance(LATENCY + 1);
  await Promise.resolve();
  assert.equal(boss.getAgent('agent-4')?.presence.state, target, "the agent's own change reaches the supervisor");

  await agent.disconnect();
  const before = agent.getAgent('agent-4');
  clock.advance(30 * MINUTE);
  await Promise.resolve();
  assert.equal(agent.getAgent('agent-4'), before, 'a disconnected seat hears nothing');
  await boss.disconnect();
});

test("a person's presence is theirs: over a shift only they change it, while the platform routes them work, wraps it up and frees them", async () => {
  const PERSON = 'agent-2';
  const run = async (): Promise<{ initial: PresenceState | undefined; events: FloorwalkEvent[]; asked: [PresenceState, number][] }> => {
    const clock = createManualClock(START);
    const centre = createSimulatorAdapter({ clock, agents: 24, seed: 11, channels: ['voice'], latencyMs: LATENCY });
    // As the agent desktop does: the person sits down before the centre connects and warms up.
    const seat = centre.seat({ person: PERSON });
    const events: FloorwalkEvent[] = [];
    await centre.connect({ ...recorder(), events: (batch) => void events.push(...batch) });
    await seat.connect(recorder());
    const initial = (await centre.snapshot()).agents?.find((a) => a.id === PERSON)?.presence.state;
    // What the person does over a long day: on, a break mid-shift, on again, and off at the end.
    const plan: [number, PresenceState][] = [[MINUTE, 'available'], [4 * HOUR, 'break'], [4 * HOUR + 20 * MINUTE, 'available'], [9 * HOUR, 'offline']];
    const asked: [PresenceState, number][] = [];
    for (let t = 0; t <= 12 * HOUR; t += MINUTE) {
      clock.advanceTo(START + t);
      const step = plan.find(([at]) => at === t);
      if (step === undefined) continue;
      await seat.execute(envelope({ type: 'set-presence', agentId: PERSON, state: step[1] }, PERSON));
      // Asking for the state one is in changes nothing, as on a platform.
      const now = (await centre.snapshot()).agents?.find((a) => a.id === PERSON)?.presence.state;
      if (now !== step[1]) asked.push([step[1], START + t + LATENCY]);
    }
    await centre.disconnect();
    return { initial, events, asked };
  };
  const first = await run();
  const { events, asked } = first;
  const changes = events.filter((e) => e.type === 'presence' && e.agentId === PERSON).map((e) => (e.type === 'presence' ? [e.presence.state, e.presence.since] : []));
  assert.deepEqual(changes, asked, 'no break, meal, shift end or sign-in the person did not make');
  assert.ok(!events.some((e) => e.type === 'not-responding' && e.agentId === PERSON), 'their line answers as an auto-answer line does: never marked not responding');

  // The platform still does its part: work only while available, each conversation through
  // wrap-up to its end, and the next one routed after it.
  let state = first.initial;
  const ended = new Set<string>();
  let offers = 0;
  let nextAfterWrapUp = 0;
  for (const e of events) {
    if (e.type === 'presence' && e.agentId === PERSON) state = e.presence.state;
    if (e.type !== 'interaction' || e.interaction.agentId !== PERSON) continue;
    const { id, state: phase } = e.interaction;
    if (phase === 'offered') {
      assert.equal(state, 'available', `${id} was offered to the person while ${state}`);
      offers++;
      if (ended.size > 0) nextAfterWrapUp++;
    }
    // A caller may hang up while it rings; a conversation always goes through wrap-up.
    if (phase === 'ended' && e.interaction.connectedAt !== undefined) {
      assert.ok(events.some((w) => w.type === 'interaction' && w.interaction.id === id && w.interaction.state === 'wrap-up'), `${id} ended without wrap-up`);
      ended.add(id);
    }
  }
  assert.ok(offers >= 20 && ended.size >= 20 && nextAfterWrapUp >= 20, `${offers} offers, ${ended.size} calls wrapped up and ended, ${nextAfterWrapUp} routed after one`);
  assert.deepEqual(await run(), first, 'the same seed and the same person give the same centre');
});

test('a person seated mid-run, on a call or not: none of the breaks, returns or shift ends planned for the simulated agent happen to them', async () => {
  const clock = createManualClock(START);
  const centre = createSimulatorAdapter({ clock, agents: 100, seed: 11, latencyMs: LATENCY });
  const events: FloorwalkEvent[] = [];
  await centre.connect({ ...recorder(), events: (batch) => void events.push(...batch) });
  clock.advance(20 * MINUTE);
  const s = await centre.snapshot();
  // Everyone on a call (for some, a break or the shift's end is waiting for the wrap-up), and one
  // each free and available, in an aux state, and signed out.
  const onCall = new Set((s.interactions ?? []).filter((i) => i.state === 'connected').map((i) => i.agentId as string));
  const pick = (match: (a: { id: string; presence: { state: PresenceState } }) => boolean): string => {
    const found = (s.agents ?? []).find(match);
    assert.ok(found !== undefined);
    return found.id;
  };
  assert.ok(onCall.size >= 30, `only ${onCall.size} on a call`);
  const persons = [
    ...onCall,
    pick((a) => a.presence.state === 'available' && !onCall.has(a.id)),
    pick((a) => auxStates.has(a.presence.state)),
    pick((a) => a.presence.state === 'offline'),
  ];
  for (const person of persons) await centre.seat({ person }).connect(recorder());
  const mark = events.length;
  for (let t = 0; t < 12 * HOUR; t += 10 * MINUTE) clock.advance(10 * MINUTE);
  const moved = events.slice(mark).filter((e) => e.type === 'presence' && persons.includes(e.agentId));
  assert.deepEqual(moved, [], 'each kept the presence they had when seated');
  // Everyone else still lives their day.
  assert.ok(events.slice(mark).filter((e) => e.type === 'presence').length > 400);
  await centre.disconnect();
});

test("a person's line answers by itself, as an auto-answer line does: the simulation never lets their calls ring out for them", async () => {
  const clock = createManualClock(START);
  const centre = createSimulatorAdapter({ clock, agents: 24, seed: 11, channels: ['voice'], latencyMs: LATENCY });
  const events: FloorwalkEvent[] = [];
  await centre.connect({ ...recorder(), events: (batch) => void events.push(...batch) });
  // Everyone is a person here, so a simulated agent's missed offers (1.5% of them) cannot hide it.
  for (let i = 1; i <= 24; i++) {
    const person = `agent-${i}`;
    const seat = centre.seat({ person });
    await seat.connect(recorder());
    await seat.execute(envelope({ type: 'set-presence', agentId: person, state: 'available' }, person));
  }
  for (let t = 0; t < 6 * HOUR; t += 10 * MINUTE) clock.advance(10 * MINUTE);
  const offers = events.filter((e) => e.type === 'interaction' && e.interaction.state === 'offered').length;
  assert.ok(offers > 500, `only ${offers} offers`);
  assert.deepEqual(events.filter((e) => e.type === 'not-responding'), []);
  // Nor raises a hand in their name: over 500 calls, a simulated agent would have asked several times.
  assert.deepEqual(events.filter((e) => e.type === 'help-request'), [], 'no help asked for a person');
  await centre.disconnect();
});
