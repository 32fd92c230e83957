/*
 * Live metrics benchmark (issue 12): bench:core's million-event floor through a client with
 * `@floorwalk/core/metrics` attached to all 10,000 agents, as a share of a plain client's
 * events per second. Target: at least 80%.
 *
 *   node --expose-gc --import tsx bench/metrics.bench.ts      (npm run bench:metrics)
 *
 * Metrics record every batch's changes, and a team view and a queue view read their figures
 * every READ_EVERY batches, as a panel redrawing once a frame would. The metrics' clock follows
 * the stream's vendor time, so the rolling day and the intervals are those of the simulated shift.
 *
 * The plain client and the client with metrics run in lockstep: each batch goes to both, one
 * after the other (which goes first alternates), and each is timed on its own. This machine's
 * speed drifts by a quarter between runs seconds apart, and plain and metrics runs made one
 * after the other gave ratios from 0.60 to 1.05 for the same code; batch by batch, both clients
 * see the same machine. They share the heap, so a collection is paid by whichever client's
 * allocation starts it, about in proportion to what each allocates, as on its own.
 *
 * Exits 1 when the two clients heard different changes or the metrics counted nothing.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FloorwalkEvent } from '@floorwalk/core';
import { createMetrics, type Metrics } from '@floorwalk/core/metrics';
import { AGENTS, deliver, floorStream, fmt, load, median, openFloorwalk, rate } from './floor.js';

const RUNS = 3;
const READ_EVERY = 20;
const TARGET_RATIO = 0.8;

const gc = globalThis.gc;
if (gc === undefined) {
  console.error('metrics.bench: run with node --expose-gc (npm run bench:metrics does).');
  process.exit(2);
}

const t0 = performance.now();
const loadBefore = load();
const { stream, batches } = floorStream();
const info = stream.info;
console.log(`Generated ${fmt(stream.events.length)} events for ${fmt(AGENTS)} agents in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const problems: string[] = [];
const check = (ok: boolean, what: string): void => {
  if (!ok) problems.push(what);
};

interface Run {
  readonly plainMs: number;
  readonly metricsMs: number;
  readonly reads: number;
}
const runs: Run[] = [];
let handledToday = 0;
let firstQueueServiceLevel: number | null = null;
for (let r = 0; r < RUNS; r++) {
  gc();
  const plain = await openFloorwalk(() => stream.snapshot, stream.teamIds);
  const withMetrics = await openFloorwalk(() => stream.snapshot, stream.teamIds);
  let reads = 0;
  let streamNow = info.startAt;
  const clock = { now: () => streamNow, setTimeout: () => 0, clearTimeout: () => undefined };
  const metrics: Metrics = createMetrics(withMetrics.client, { clock, startOfDay: (at) => at - (at % 86_400_000) });
  const readMetrics = (batch: readonly FloorwalkEvent[], i: number): void => {
    const last = batch[batch.length - 1];
    if (last !== undefined && last.at > streamNow) streamNow = last.at;
    if (i % READ_EVERY !== 0) return;
    reads++;
    metrics.team(stream.teamIds[i % stream.teamIds.length] as string, 'interval');
    metrics.queue(stream.queueIds[i % stream.queueIds.length] as string, 'interval');
  };
  let plainMs = 0;
  let metricsMs = 0;
  for (let i = 0; i < batches.length; i++) {
    const batch = batches[i] as FloorwalkEvent[];
    if (i % 2 === 0) {
      plainMs += await deliver(plain.push, batch, undefined, i);
      metricsMs += await deliver(withMetrics.push, batch, readMetrics, i);
    } else {
      metricsMs += await deliver(withMetrics.push, batch, readMetrics, i);
      plainMs += await deliver(plain.push, batch, undefined, i);
    }
  }
  check(withMetrics.heard.checksum === plain.heard.checksum, `run ${r + 1}: the client with metrics heard different changes`);
  check(metrics.team(stream.teamIds[0] as string, 'today').agents > 0, `run ${r + 1}: the team has no agents`);
  handledToday = withMetrics.client.getAgents().reduce((n, a) => n + metrics.agent(a.id, 'today').handled, 0);
  firstQueueServiceLevel = metrics.queue(stream.queueIds[0] as string, 'today').serviceLevel;
  metrics.destroy();
  await plain.client.disconnect();
  await withMetrics.client.disconnect();
  runs.push({ plainMs, metricsMs, reads });
  console.log(
    `  Floorwalk + metrics run ${r + 1}: ${fmt(rate(stream.events.length, metricsMs))} events/s (${reads} team and queue reads); ` +
      `plain client in lockstep ${fmt(rate(stream.events.length, plainMs))} events/s, ratio ${(plainMs / metricsMs).toFixed(3)}`,
  );
}
check(handledToday > 0, 'no agent handled anything');

const ratioToPlain = median(runs.map((r) => r.plainMs / r.metricsMs));
const result = {
  agents: AGENTS,
  events: stream.events.length,
  eventsPerSecond: median(runs.map((r) => rate(stream.events.length, r.metricsMs))),
  /** Median over the runs of (the plain client's time / the metrics client's), the two run in lockstep. */
  ratioToPlain: Number(ratioToPlain.toFixed(3)),
  target: TARGET_RATIO,
  met: ratioToPlain >= TARGET_RATIO,
  method: 'lockstep: each batch to both clients, order alternating, each timed on its own',
  runs: runs.map((r) => ({
    ms: Number(r.metricsMs.toFixed(1)),
    eventsPerSecond: rate(stream.events.length, r.metricsMs),
    plainMs: Number(r.plainMs.toFixed(1)),
    plainEventsPerSecond: rate(stream.events.length, r.plainMs),
    ratio: Number((r.plainMs / r.metricsMs).toFixed(3)),
    reads: r.reads,
  })),
  handledToday,
  firstQueueServiceLevel,
  load: { before: loadBefore, after: load() },
  elapsedSeconds: Number(((performance.now() - t0) / 1000).toFixed(1)),
  node: process.version,
  date: new Date().toISOString(),
};

const outDir = join(dirname(fileURLToPath(import.meta.url)), 'out');
mkdirSync(outDir, { recursive: true });
const outFile = join(outDir, 'metrics.json');
writeFileSync(`${outFile}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
renameSync(`${outFile}.tmp`, outFile);
console.log(
  `With live metrics: ${fmt(result.eventsPerSecond)} events/s, ${(100 * ratioToPlain).toFixed(1)}% of the plain client in lockstep ` +
    `(target >= ${100 * TARGET_RATIO}%: ${result.met ? 'met' : 'NOT met'}). Wrote ${outFile} (${result.elapsedSeconds} s in all)`,
);
if (problems.length > 0) {
  console.error(`✘ ${problems.join('\n✘ ')}`);
  process.exit(1);
}
