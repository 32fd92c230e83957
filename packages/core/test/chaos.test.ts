// Chaos on the simulator (CHAOS-1): 100,000 events through a link that duplicates, reorders and
// drops them, goes down every few thousand events (the adapter saying so, recovering by itself,
// or dying silently), loses command responses, and a page reload in the middle with intents
// pending. At the end the client's store equals the simulator's ground truth and every intent
// was settled exactly once. Seeded and on a manual clock: the same run every time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createFloorwalk,
  createMemoryStorage,
  ErrorCode,
  FloorwalkError,
  type Adapter,
  type AdapterSink,
  type Floorwalk,
  type FloorwalkEvent,
  type IntentSettled,
  type PresenceState,
} from '@floorwalk/core';
import { createManualClock } from '@floorwalk/core/testing';
import { createSimulatorAdapter, type SimulatorAdapter } from '@floorwalk/adapters/simulator';

const EVENTS = 100_000;
const T0 = Date.UTC(2026, 10, 2, 9);

/** sfc32-free, tiny, seeded: a Park–Miller stream. */
function rng(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/** The entity an event is about, so reordering never swaps two facts of one entity at one instant. */
function entityOf(e: FloorwalkEvent): string {
  switch (e.type) {
    case 'presence':
    case 'not-responding':
    case 'agent-removed':
      return `agent:${e.agentId}`;
    case 'agent':
      return `agent:${e.agent.id}`;
    case 'interaction':
      return `int:${e.interaction.id}`;
    case 'queue-stats':
      return `queue:${e.queueId}`;
    case 'queue':
      return `queue:${e.queue.id}`;
    case 'monitoring':
      return `mon:${e.session.id}`;
    case 'help-request':
      return `help:${e.request.id}`;
    default:
      return `${e.type}:${e.id}`;
  }
}

interface Figures {
  events: number;
  delivered: number;
  duplicated: number;
  reordered: number;
  dropped: number;
  outages: number;
  outageKinds: Record<string, number>;
  transientFailures: number;
  lostResponses: number;
  snapshots: number;
  lateAcrossResync: number;
}

type OutageKind = 'failed' | 'reconnecting' | 'silent';

/**
 * The network between the simulator and the client, played by the test. Each page gets its own
 * adapter; when a page dies (reload), its adapter's calls never complete and it hears nothing.
 */
function chaosLink(sim: SimulatorAdapter, random: () => number, figures: Figures) {
  let outer: AdapterSink | null = null;
  let livePage = 0;
  let down: OutageKind | null = null;
  let nextOutageAt = 2000 + Math.floor(random() * 3000);
  let dups: FloorwalkEvent[] = [];
  let held: FloorwalkEvent[] = [];
  /** Deltas sent before an outage that arrive after the resync's snapshot, as a REST/WS race does. */
  let stale: FloorwalkEvent[] = [];
  let snapshotTaken = false;
  let recent: FloorwalkEvent[] = [];
  let calm = false;
  const never = <T>(): Promise<T> => new Promise<T>(() => {});

  const inner: AdapterSink = {
    events(batch) {
      figures.events += batch.length;
      if (down !== null || outer === null) {
        figures.dropped += batch.length;
        // Sent by the vendor while the link was going down: some arrive after the resync.
        for (const e of batch) if (random() < 0.1) stale.push(e);
        if (stale.length > 400) stale = stale.slice(-400);
        return;
      }
      const keyAt = (e: FloorwalkEvent): string => `${entityOf(e)}@${e.at}`;
      const out: FloorwalkEvent[] = [];
      const later: FloorwalkEvent[] = [];
      const nextHeld: FloorwalkEvent[] = [];
      // What comes after each event in this batch, so a moved event never lands behind a twin.
      const counts = new Map<string, number>();
      for (const e of batch) counts.set(keyAt(e), (counts.get(keyAt(e)) ?? 0) + 1);
      for (const e of batch) {
        const k = keyAt(e);
        const alone = counts.get(k) === 1;
        counts.set(k, (counts.get(k) as number) - 1);
        const r = calm ? 1 : random();
        if (alone && r < 0.015) {
          nextHeld.push(e); // delivered with the next batch
          figures.reordered++;
        } else if (alone && r < 0.03) {
          later.push(e); // delivered at the end of this one
          figures.reordered++;
        } else out.push(e);
        if (!calm && random() < 0.02) {
          dups.push(e);
          figures.duplicated++;
        }
      }
      const sameInstant = new Set(batch.map(keyAt));
      const lateSafe = held.filter((e) => !sameInstant.has(keyAt(e)));
      const lateFirst = held.filter((e) => sameInstant.has(keyAt(e)));
      const overtaken = snapshotTaken ? stale : [];
      if (snapshotTaken) {
        figures.lateAcrossResync += stale.length;
        stale = [];
        snapshotTaken = false;
      }
      const delivery = [...overtaken, ...lateFirst, ...out, ...later, ...lateSafe, ...dups];
      dups = [];
      held = nextHeld;
      figures.delivered += delivery.length;
      outer.events(delivery);
      recent = [...recent, ...batch].slice(-300);
      if (!calm && figures.events >= nextOutageAt) {
        nextOutageAt = figures.events + 2000 + Math.floor(random() * 4000);
        const r = random();
        down = r < 0.4 ? 'failed' : r < 0.75 ? 'reconnecting' : 'silent';
        figures.outages++;
        figures.outageKinds[down] = (figures.outageKinds[down] ?? 0) + 1;
        // Some of the last deltas are still in flight when the link drops, and arrive after the resync.
        stale = [...held, ...recent.filter(() => random() < 0.3)];
        held = [];
        if (down === 'failed') outer.status('failed', new FloorwalkError(ErrorCode.VendorError, 'socket closed 1006'));
        if (down === 'reconnecting') outer.status('reconnecting');
      }
    },
    status() {
      // The simulator's own reports are superseded by the played network.
    },
    error(error) {
      outer?.error(error);
    },
  };

  return {
    inner,
    /** No more faults: the end of the run. */
    calm(): void {
      calm = true;
    },
    get down() {
      return down;
    },
    /** The link comes back; an adapter that was retrying by itself says `live`. */
    restore(): void {
      const kind = down;
      down = null;
      if (kind === 'reconnecting') outer?.status('live');
    },
    page(): Adapter {
      const page = ++livePage;
      const dead = (): boolean => page !== livePage;
      return {
        id: sim.id,
        capabilities: sim.capabilities,
        clock: sim.clock,
        async connect(sink) {
          if (dead()) return never();
          if (down !== null) throw new FloorwalkError(ErrorCode.VendorError, 'connection refused');
          outer = sink;
          sink.status('live');
        },
        async snapshot() {
          if (dead()) return never();
          if (down !== null) throw new FloorwalkError(ErrorCode.VendorError, 'snapshot timed out');
          figures.snapshots++;
          const snapshot = await sim.snapshot();
          snapshotTaken = true;
          return snapshot;
        },
        async execute(command) {
          if (dead()) return never();
          if (down !== null) throw new FloorwalkError(ErrorCode.NotConnected, 'link down');
          const r = calm ? 1 : random();
          if (r < 0.03) {
            figures.transientFailures++;
            throw new FloorwalkError(ErrorCode.VendorError, '502 bad gateway');
          }
          await sim.execute(command);
          if (r < 0.06) {
            // Applied by the vendor, but the answer never came back: the retry must not apply it twice.
            figures.lostResponses++;
            throw new FloorwalkError(ErrorCode.VendorError, 'response lost');
          }
        },
        async disconnect() {
          if (!dead()) outer = null;
        },
        async ping() {
          if (dead() || down !== null) return never();
        },
      };
    },
  };
}

test('chaos: 100,000 events with duplicates, reordering, outages and a reload end equal to the ground truth', { timeout: 120_000 }, async () => {
  const started = Date.now();
  const random = rng(20261128);
  const clock = createManualClock(T0);
  const sim = createSimulatorAdapter({ clock, agents: 1500, seed: 11, warmupMs: 60 * 60_000 });
  const figures: Figures = { events: 0, delivered: 0, duplicated: 0, reordered: 0, dropped: 0, outages: 0, outageKinds: {}, transientFailures: 0, lostResponses: 0, snapshots: 0, lateAcrossResync: 0 };
  const link = chaosLink(sim, random, figures);
  const storage = createMemoryStorage();
  const session = { userId: 'admin-1', role: 'admin', teamIds: 'all' } as const;
  const settledCount = new Map<string, number>();
  const outcomes: Record<string, number> = {};
  const issued: string[] = [];
  let restoredSettled = 0;
  const errors: FloorwalkError[] = [];

  const open = (): Floorwalk => {
    const client = createFloorwalk({ adapter: link.page(), session, clock, outbox: { storage, maxAttempts: 8 }, reconnect: { random } });
    client.on('intent', (s: IntentSettled) => {
      settledCount.set(s.key, (settledCount.get(s.key) ?? 0) + 1);
      outcomes[s.outcome] = (outcomes[s.outcome] ?? 0) + 1;
      if (s.restored) restoredSettled++;
    });
    client.on('error', (e) => errors.push(e));
    return client;
  };
  // The simulator delivers to the played network.
  await sim.connect(link.inner);

  let client = open();
  await client.connect();
  const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  const STATES: PresenceState[] = ['available', 'break', 'meal', 'busy', 'away', 'training'];
  const agents = client.getAgents().map((a) => a.id);
  const issue = (c: Floorwalk): void => {
    const agentId = agents[Math.floor(random() * agents.length)] as string;
    const state = STATES[Math.floor(random() * STATES.length)] as PresenceState;
    const cmd = random() < 0.85 ? c.setAgentPresence(agentId, state) : c.sendMessage('team:team-1', `note ${issued.length}`);
    cmd.catch(() => {});
    const newest = c.getPendingIntents().at(-1);
    if (newest !== undefined && !issued.includes(newest.key)) issued.push(newest.key);
  };

  let outageUntil = 0;
  let reloaded = false;
  let pendingAtReload = 0;
  let lastBeat = clock.now();
  while (figures.events < EVENTS) {
    clock.advance(2000);
    await tick();
    if (link.down !== null && outageUntil === 0) outageUntil = clock.now() + 20_000 + Math.floor(random() * 40_000);
    if (link.down !== null && !reloaded && figures.events > EVENTS / 2) {
      // The reload: intents pending, the page goes away without a word, a new one opens.
      for (let i = 0; i < 6; i++) issue(client);
      await tick();
      pendingAtReload = client.getPendingIntents().length;
      assert.ok(pendingAtReload >= 6, 'intents are pending at the reload');
      assert.ok(storage.data.size >= pendingAtReload, 'and stored');
      reloaded = true;
      client = open();
      void client.connect().catch(() => {});
    }
    if (link.down !== null && clock.now() >= outageUntil) {
      link.restore();
      outageUntil = 0;
    }
    if (random() < 0.25) issue(client);
    if (clock.now() - lastBeat >= 30_000) {
      // A heartbeat: the liveness check that finds a link that died without a word.
      lastBeat = clock.now();
      void client.checkConnection();
    }
    await tick();
  }
  assert.ok(reloaded, 'the reload happened');

  // Calm: the link comes back for good, everything pending drains, the effects land.
  link.calm();
  if (link.down !== null) link.restore();
  for (let i = 0; i < 200 && (client.status !== 'live' || client.getPendingIntents().length > 0); i++) {
    clock.advance(1000);
    await tick();
    if (link.down !== null) link.restore();
  }
  clock.advance(5000);
  await tick();
  assert.equal(client.status, 'live');
  assert.equal(client.getPendingIntents().length, 0);
  await tick();

  // Ground truth: the simulator's own state now.
  const truth = await sim.snapshot();
  await tick();
  const mismatches: string[] = [];
  const agentsNow = new Map(client.getAgents().map((a) => [a.id, a]));
  for (const a of truth.agents ?? []) {
    const mine = agentsNow.get(a.id);
    if (mine === undefined) mismatches.push(`agent ${a.id} missing`);
    else if (mine.presence.state !== a.presence.state || mine.presence.since !== a.presence.since || mine.presence.reason?.id !== a.presence.reason?.id) {
      mismatches.push(`agent ${a.id}: ${mine.presence.state}@${mine.presence.since} vs ${a.presence.state}@${a.presence.since}`);
    } else if ((mine.notResponding ?? false) !== (a.notResponding ?? false)) mismatches.push(`agent ${a.id} notResponding`);
    agentsNow.delete(a.id);
  }
  for (const id of agentsNow.keys()) mismatches.push(`agent ${id} should not exist`);
  const live = new Map(client.getInteractions().map((i) => [i.id, i]));
  for (const i of truth.interactions ?? []) {
    const mine = live.get(i.id);
    if (mine === undefined) mismatches.push(`interaction ${i.id} missing`);
    else if (mine.state !== i.state || mine.agentId !== i.agentId || mine.queueId !== i.queueId) mismatches.push(`interaction ${i.id}: ${mine.state} vs ${i.state}`);
    live.delete(i.id);
  }
  for (const id of live.keys()) mismatches.push(`interaction ${id} should have ended`);
  for (const q of truth.queues ?? []) {
    const mine = client.getQueue(q.id);
    if (JSON.stringify(mine?.stats) !== JSON.stringify(q.stats)) mismatches.push(`queue ${q.id} stats`);
  }
  const help = new Map(client.getHelpRequests({ open: true }).map((r) => [r.id, r]));
  for (const r of truth.helpRequests ?? []) {
    if (help.get(r.id)?.state !== r.state) mismatches.push(`help ${r.id}`);
    help.delete(r.id);
  }
  for (const id of help.keys()) mismatches.push(`help ${id} should be closed`);
  for (const a of truth.agents ?? []) if (client.getRoutingActivity(a.id) !== activityOf(truth.interactions ?? [], a.id, a.notResponding)) mismatches.push(`activity ${a.id}`);

  // Every intent settled exactly once, across both pages.
  const unsettled = issued.filter((k) => !settledCount.has(k));
  const twice = [...settledCount].filter(([, n]) => n !== 1);
  const figuresLine = {
    ...figures,
    intents: issued.length,
    outcomes,
    restoredSettled,
    pendingAtReload,
    mismatches: mismatches.length,
    unsettled: unsettled.length,
    settledTwice: twice.length,
    malformedReported: errors.filter((e) => e.code === ErrorCode.MalformedEvent).length,
    wallMs: Date.now() - started,
  };
  console.log(`chaos figures: ${JSON.stringify(figuresLine)}`);
  assert.deepEqual(mismatches.slice(0, 20), [], `${mismatches.length} mismatches`);
  assert.deepEqual(unsettled, []);
  assert.deepEqual(twice, []);
  assert.equal(settledCount.size, issued.length, 'nothing settled that was not issued');
  assert.ok(figures.events >= EVENTS);
  assert.ok(figures.duplicated > 1000 && figures.reordered > 1000 && figures.outages >= 15 && figures.lateAcrossResync > 100, 'the faults really happened');
  assert.ok(restoredSettled >= pendingAtReload - 0, 'the reloaded page settled what the first left pending');
  assert.ok((outcomes.confirmed ?? 0) > 100);
  assert.equal(storage.data.size, 0, 'nothing left in the outbox');
  await client.disconnect();
  await sim.disconnect();
});

function activityOf(interactions: readonly { agentId?: string; state: string }[], agentId: string, notResponding?: boolean): string {
  if (notResponding === true) return 'not-responding';
  const rank: Record<string, number> = { connected: 4, held: 3, offered: 2, 'wrap-up': 1 };
  let best = 0;
  for (const i of interactions) if (i.agentId === agentId) best = Math.max(best, rank[i.state] ?? 0);
  return ['idle', 'wrap-up', 'offered', 'held', 'interacting'][best] as string;
}
