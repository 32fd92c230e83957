/*
 * Resync benchmark: a 10,000-agent floor with its live interactions comes back as one snapshot
 * (the link dropped and returned, CONN-4/6), and the client has to take it in: validation,
 * policy filtering and masking, the store's replace-everything with its version checks, and the
 * batched notification to a subscriber that reads every changed agent, as a board would.
 *
 *   node --expose-gc --import tsx bench/resync.bench.ts        (npm run bench:resync)
 *
 * Timed from the adapter reporting `live` again to the subscriber having read every changed
 * agent. Baseline in the same run: the same records put into plain Maps (the floor for any
 * client that keeps them by id). Writes bench/out/resync.json. Exits 1 only when the client
 * ends up with the wrong state; the target is reported, not asserted.
 */
import './production-env.js';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Session } from 'node:inspector/promises';
import {
  createFloorwalk,
  type AdapterSink,
  type Agent,
  type Interaction,
  type Presence,
  type Floorwalk,
  type FloorwalkEvent,
  type SnapshotEvent,
  type StoreChange,
} from '@floorwalk/core';
import { generateStream } from './events.js';
import { benchAdapter } from './floor.js';
import { referenceOutcome, samePresence } from './oracle.js';

const AGENTS = 10_000;
const TEAMS = 20;
/** Traffic before the link drops: enough shift for most agents to hold an interaction. */
const EVENTS = 200_000;
const SEED = 0x5eed_2025;
const BATCH = 500;
const RUNS = 9;
const COLD_RUNS = 5;
const TARGET_MS = 50;

const gc = globalThis.gc;
if (gc === undefined) {
  console.error('resync.bench: run with node --expose-gc (npm run bench:resync does).');
  process.exit(2);
}
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const round = (n: number, digits = 1): number => Number(n.toFixed(digits));
const problems: string[] = [];
const check = (ok: boolean, what: string): void => {
  if (!ok && problems.length < 50) problems.push(what);
};
/*
 * Each run starts from a collected heap, and the collection's own aftermath is left to finish
 * before the clock starts: the collector frees and sweeps on helper threads after gc() returns,
 * and on two shared cores that work competed with whatever ran next. Validating a fresh
 * 10,000-agent snapshot took 10-19 ms straight after gc() and 4-7 ms 20 ms later (200 ms
 * made no further difference); the forced collection is the benchmark's doing, not the
 * resync's. The Map baseline settles the same way.
 */
const AFTER_GC_MS = 50;
async function settle(): Promise<void> {
  await nextMacrotask();
  gc?.();
  gc?.();
  await new Promise((resolve) => setTimeout(resolve, AFTER_GC_MS));
}

// ---------------------------------------------------------------- input

const t0 = performance.now();

/** A snapshot of the floor and what the client must hold once it has taken it in. */
interface Floor {
  readonly snapshot: SnapshotEvent;
  readonly presence: Map<string, Presence>;
  readonly live: Map<string, Interaction>;
}

interface Input {
  readonly first: SnapshotEvent;
  /** Half the shift's traffic, in delivery batches: what the live client saw before the link dropped. */
  readonly batches: FloorwalkEvent[][];
  /**
   * The floor after three quarters of the traffic and after all of it. Resyncs alternate between
   * them, so each one moves presence and interactions as a real one does, not a no-op replace.
   */
  readonly floors: readonly [Floor, Floor];
  readonly teamIds: readonly string[];
}

/**
 * Built in a function so the million-object stream is garbage once the inputs are cut from it:
 * a heap full of it would slow every run with collector work that is not the client's.
 */
function buildInput(): Input {
  const stream = generateStream({ seed: SEED, agents: AGENTS, teams: TEAMS, events: EVENTS, duplicateRate: 0.005, staleRate: 0.005 });
  const batches: FloorwalkEvent[][] = [];
  for (let i = 0; i < EVENTS / 2; i += BATCH) batches.push(stream.events.slice(i, Math.min(i + BATCH, EVENTS / 2)));
  const floorAfter = (count: number): Floor => {
    const events = stream.events.slice(0, count);
    const outcome = referenceOutcome(stream.snapshot, events);
    // The floor as the vendor would report it then: every agent, every live interaction.
    const snapshot: SnapshotEvent = {
      id: `snap-after-${count}`,
      type: 'snapshot',
      at: (events[events.length - 1] as FloorwalkEvent).at + 1,
      source: stream.snapshot.source,
      scope: { kind: 'all' },
      teams: stream.snapshot.teams ?? [],
      queues: (stream.snapshot.queues ?? []).map((q) => ({ ...q, stats: outcome.queueStats.get(q.id) ?? q.stats })),
      agents: (stream.snapshot.agents ?? []).map((a): Agent => {
        const presence = outcome.presence.get(a.id) ?? a.presence;
        return outcome.notResponding.get(a.id) === true ? { ...a, presence, notResponding: true } : { ...a, presence };
      }),
      interactions: [...outcome.live.values()],
      presenceDefinitions: stream.snapshot.presenceDefinitions ?? [],
    };
    return { snapshot: structuredClone(snapshot), presence: outcome.presence, live: outcome.live };
  };
  return { first: stream.snapshot, batches, floors: [floorAfter(EVENTS), floorAfter((3 * EVENTS) / 4)], teamIds: stream.teamIds };
}
const input = buildInput();
const resyncSnapshot = input.floors[0].snapshot;
const lastAt = Math.max(input.floors[0].snapshot.at, input.floors[1].snapshot.at);
const records = {
  agents: resyncSnapshot.agents?.length ?? 0,
  interactions: resyncSnapshot.interactions?.length ?? 0,
  queues: resyncSnapshot.queues?.length ?? 0,
  teams: resyncSnapshot.teams?.length ?? 0,
};
const jsonBytes = JSON.stringify(resyncSnapshot).length;
console.log(
  `Snapshot: ${records.agents.toLocaleString('en-US')} agents, ${records.interactions.toLocaleString('en-US')} live interactions ` +
    `(${(input.floors[1].snapshot.interactions?.length ?? 0).toLocaleString('en-US')} in the earlier one), ` +
    `${records.queues} queues, ${records.teams} teams (${(jsonBytes / 2 ** 20).toFixed(1)} MB as JSON); built in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

/** Run n's floor: the later one on odd runs, the earlier one on even runs. */
const floorOf = (n: number): Floor => input.floors[n % 2 === 1 ? 0 : 1];
/** A fresh copy with a later version than any before, as a freshly parsed vendor response would be. */
const freshSnapshot = (n: number): SnapshotEvent => ({ ...structuredClone(floorOf(n).snapshot), id: `snap-resync-${n}`, at: lastAt + n });

// ---------------------------------------------------------------- Floorwalk

interface Rig {
  readonly client: Floorwalk;
  readonly sink: () => AdapterSink;
  next: SnapshotEvent;
  /** Resolves on the next notification, after the listener has read every changed agent. */
  heard(): Promise<{ agents: number; interactions: number; at: number }>;
}

function rig(first: SnapshotEvent): Rig {
  const { adapter, sink } = benchAdapter(() => r.next);
  const client = createFloorwalk({ adapter, session: { userId: 'sup-1', role: 'supervisor', teamIds: input.teamIds } });
  let waiting: ((v: { agents: number; interactions: number; at: number }) => void) | undefined;
  let checksum = 0;
  client.subscribe((change: StoreChange) => {
    for (const id of change.agents) {
      const agent = client.getAgent(id);
      if (agent !== undefined) checksum = (checksum + agent.presence.state.length) | 0;
    }
    const done = waiting;
    waiting = undefined;
    done?.({ agents: change.agents.size, interactions: change.interactions.size, at: performance.now() });
  });
  const r: Rig = {
    client,
    sink,
    next: first,
    heard: () => new Promise((resolve) => (waiting = resolve)),
  };
  return r;
}

function verify(client: Floorwalk, where: string, outcome: Floor): void {
  check(client.getAgents().length === AGENTS, `${where}: client holds ${client.getAgents().length} agents`);
  check(client.getInteractions().length === outcome.live.size, `${where}: client holds ${client.getInteractions().length} live interactions, expected ${outcome.live.size}`);
  for (const [id, presence] of outcome.presence) check(samePresence(client.getAgent(id)?.presence, presence), `${where}: agent ${id} presence differs`);
  const sample = client.getInteractions()[0];
  // The session has no customer:read permission: the snapshot's customers must arrive masked.
  if (sample?.customer !== undefined) check(sample.customer.name !== outcome.live.get(sample.id)?.customer?.name, `${where}: customer name not masked`);
}

// A live client on the first snapshot and half the shift's traffic: what a resync replaces.
const live = rig(input.first);
await live.client.connect();
for (const batch of input.batches.splice(0)) {
  live.sink().events(batch);
  await Promise.resolve();
}
console.log(`Live client: ${live.client.getAgents().length} agents, ${live.client.getInteractions().length} live interactions before the link drops`);

/*
 * RESYNC_PROFILE=1 profiles the resync runs alone (not the input generation) with the
 * inspector and prints where the time went: self time by function and by source file.
 */
const profiler = process.env.RESYNC_PROFILE === '1' ? new Session() : undefined;
if (profiler !== undefined) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.setSamplingInterval', { interval: 100 });
}
const profiles: Profile[] = [];
/** CPU time this process got, ms: on a shared machine, wall time also counts waiting for a core. */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const resyncRuns: { ms: number; cpuMs: number; agents: number; interactions: number }[] = [];
for (let r = 1; r <= RUNS; r++) {
  live.next = freshSnapshot(r);
  live.sink().status('reconnecting');
  await settle();
  const heard = live.heard();
  if (profiler !== undefined) await profiler.post('Profiler.start');
  const cpu0 = cpuMs();
  const start = performance.now();
  live.sink().status('live');
  const { agents, interactions, at } = await heard;
  const cpu = cpuMs() - cpu0;
  if (profiler !== undefined) profiles.push(((await profiler.post('Profiler.stop')) as { profile: Profile }).profile);
  resyncRuns.push({ ms: at - start, cpuMs: cpu, agents, interactions });
  check(live.client.status === 'live', `run ${r}: status ${live.client.status} after the resync`);
  if (r <= 2) verify(live.client, `resync ${r}`, floorOf(r));
}
await live.client.disconnect();
const hotspots = profiler === undefined ? undefined : profileReport(profiles);
profiler?.disconnect();

// Cold: a fresh client whose first snapshot is the full floor (a page load mid-shift).
const coldRuns: number[] = [];
const coldCpuRuns: number[] = [];
for (let r = 1; r <= COLD_RUNS; r++) {
  const cold = rig(freshSnapshot(100 + r));
  await settle();
  const heard = cold.heard();
  const cpu0 = cpuMs();
  const start = performance.now();
  await cold.client.connect();
  const { at } = await heard;
  coldCpuRuns.push(cpuMs() - cpu0);
  coldRuns.push(at - start);
  if (r <= 2) verify(cold.client, `cold ${r}`, floorOf(100 + r));
  await cold.client.disconnect();
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}
/** Self time of the timed part of every resync run, by function and by source file. */
function profileReport(profiles: readonly Profile[]): { byFunction: Record<string, number>; byFile: Record<string, number> } {
  mkdirSync(join(dirname(fileURLToPath(import.meta.url)), '..', '.cache'), { recursive: true });
  writeFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '.cache', 'resync.cpuprofile'), JSON.stringify(profiles[profiles.length - 1]));
  const fn = new Map<string, number>();
  const file = new Map<string, number>();
  for (const profile of profiles) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    // The inspector's own message handling (serialising the profile on stop), after the timed window.
    if (node === undefined || (node.callFrame.functionName === 'dispatch' && node.callFrame.url === '')) return;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const url = node.callFrame.url.replace(/^.*\/(packages|node_modules|bench)\//, '$1/');
    const name = `${node.callFrame.functionName || '(anonymous)'} ${url === '' ? '' : `${url}:${node.callFrame.lineNumber + 1}`}`.trim();
    fn.set(name, (fn.get(name) ?? 0) + ms);
    const key = url === '' ? `(${node.callFrame.functionName})` : url;
    file.set(key, (file.get(key) ?? 0) + ms);
  });
  }
  const top = (m: Map<string, number>): Record<string, number> =>
    Object.fromEntries([...m].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => [k, round(v)]));
  const report = { byFunction: top(fn), byFile: top(file) };
  console.log('Profile of the resync runs (self time, ms over all runs):');
  console.table(report.byFunction);
  console.table(report.byFile);
  return report;
}

// ---------------------------------------------------------------- baseline

const mapRuns: number[] = [];
const mapCpuRuns: number[] = [];
for (let r = 1; r <= RUNS; r++) {
  const s = freshSnapshot(200 + r);
  await settle();
  const cpu0 = cpuMs();
  const start = performance.now();
  const agents = new Map<string, unknown>();
  const interactions = new Map<string, unknown>();
  const queues = new Map<string, unknown>();
  const teams = new Map<string, unknown>();
  for (const a of s.agents ?? []) agents.set(a.id, a);
  for (const i of s.interactions ?? []) interactions.set(i.id, i);
  for (const q of s.queues ?? []) queues.set(q.id, q);
  for (const t of s.teams ?? []) teams.set(t.id, t);
  mapRuns.push(performance.now() - start);
  mapCpuRuns.push(cpuMs() - cpu0);
  check(agents.size === (s.agents?.length ?? -1) && interactions.size === (s.interactions?.length ?? -1), 'map baseline lost records');
}

// ---------------------------------------------------------------- report

const resyncMs = median(resyncRuns.map((r) => r.ms));
const coldMs = median(coldRuns);
const mapMs = median(mapRuns);
const resyncCpuMs = median(resyncRuns.map((r) => r.cpuMs));
const coldCpuMs = median(coldCpuRuns);
const mapCpuMs = median(mapCpuRuns);
const load = loadavg()[0] as number;
const result = {
  agents: AGENTS,
  records,
  snapshotJsonBytes: jsonBytes,
  resyncMs: round(resyncMs),
  coldLoadMs: round(coldMs),
  baselineMapFillMs: round(mapMs, 2),
  ratioToMapFill: round(resyncMs / mapMs),
  /** CPU time the process got over the same windows (all its threads, the collector's included). */
  cpu: { resyncMs: round(resyncCpuMs), coldLoadMs: round(coldCpuMs), baselineMapFillMs: round(mapCpuMs, 2) },
  target: { resyncMs: TARGET_MS },
  meetsTarget: resyncMs < TARGET_MS,
  runs: {
    resync: resyncRuns.map((r) => ({ ms: round(r.ms), cpuMs: round(r.cpuMs), changedAgents: r.agents, changedInteractions: r.interactions })),
    cold: coldRuns.map((ms) => round(ms)),
    mapFill: mapRuns.map((ms) => round(ms, 2)),
  },
  pipeline:
    'adapter.snapshot() after sink.status("live") -> client resync -> validation (checkEvent) -> policy (scope, masking) -> store applySnapshot -> one batched notification -> a listener reading every changed agent',
  ...(hotspots === undefined ? {} : { profile: hotspots }),
  loadAverage1m: round(load, 2),
  node: process.version,
  date: new Date().toISOString(),
};
const outDir = join(dirname(fileURLToPath(import.meta.url)), 'out');
mkdirSync(outDir, { recursive: true });
const outFile = join(outDir, 'resync.json');
writeFileSync(`${outFile}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
renameSync(`${outFile}.tmp`, outFile);

console.table({
  'resync into a live client': { 'median ms': round(resyncMs), 'CPU ms': round(resyncCpuMs), runs: RUNS, target: `< ${TARGET_MS} ms`, met: resyncMs < TARGET_MS ? 'yes' : 'NO' },
  'cold load (connect)': { 'median ms': round(coldMs), 'CPU ms': round(coldCpuMs), runs: COLD_RUNS, target: '', met: '' },
  'plain Map fill': { 'median ms': round(mapMs, 2), 'CPU ms': round(mapCpuMs, 2), runs: RUNS, target: 'baseline', met: '' },
});
console.log(`Resync is ${result.ratioToMapFill}x the plain Map fill; load average ${round(load, 2)}. Wrote ${outFile}`);
if (problems.length > 0) {
  console.error(`\n✖ Correctness checks failed (${problems.length}${problems.length === 50 ? '+' : ''}):`);
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}
console.log('✔ Correctness checks passed: every agent, live interaction and presence as the snapshot says, customers masked.');
