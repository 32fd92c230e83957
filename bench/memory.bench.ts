/*
 * Memory benchmark: fw-team-board on the real simulator and client with 10,000 agents in
 * headless Chromium, the simulation sped up so that a warm-up and then 10 simulated minutes of
 * contact-centre traffic pass in about a minute. The JS heap is read after a forced full GC
 * (CDP HeapProfiler.collectGarbage) once warmed up and then every simulated minute; the figure
 * is its growth from the warm-up sample to the end. Writes bench/out/memory.json.
 *
 *   node --import tsx bench/memory.bench.ts        (npm run bench:memory)
 *   MEMORY_BENCH_SPEED=20 MEMORY_BENCH_AGENTS=2000 node --import tsx bench/memory.bench.ts
 *
 * The target (no growth beyond 10% after warm-up) is reported, not asserted.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import type { MemoryStats } from './memory-page.js';
import { bundlePage } from './page-bundle.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const AGENTS = Number(process.env.MEMORY_BENCH_AGENTS ?? 10_000);
/** Simulated milliseconds per real one. */
const SPEED = Number(process.env.MEMORY_BENCH_SPEED ?? 10);
const MINUTE = 60_000;
const WARM_UP_MS = 2 * MINUTE;
const TRAFFIC_MS = 10 * MINUTE;
const TARGET_GROWTH_PERCENT = 10;

const round = (n: number, digits = 1): number => Number(n.toFixed(digits));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function serve(script: string): Promise<Server> {
  const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>fw-team-board memory benchmark</title>
<style>html,body{margin:0;padding:8px;font-family:system-ui,sans-serif}</style></head>
<body><script type="module" src="/memory-page.js"></script></body></html>`;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    else if (path === '/memory-page.js') res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(readFileSync(script));
    else res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

interface Sample extends MemoryStats {
  readonly heapUsedBytes: number;
  readonly domNodes: number;
  readonly jsEventListeners: number;
  readonly wallSeconds: number;
}

async function sample(page: Page, cdp: CDPSession, started: number): Promise<Sample> {
  // Two passes: the first can leave weak and finalisable objects for the second.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  const dom = (await cdp.send('Memory.getDOMCounters')) as { nodes: number; jsEventListeners: number };
  const stats = await page.evaluate(() => window.memoryBench.stats());
  return { ...stats, heapUsedBytes: heap.usedSize, domNodes: dom.nodes, jsEventListeners: dom.jsEventListeners, wallSeconds: (performance.now() - started) / 1000 };
}

async function until(page: Page, simulatedMs: number): Promise<void> {
  for (;;) {
    const { simulatedMs: now } = await page.evaluate(() => window.memoryBench.stats());
    if (now >= simulatedMs) return;
    await sleep(Math.min(2000, Math.max(50, (simulatedMs - now) / SPEED)));
  }
}

async function main(): Promise<void> {
  const script = await bundlePage(root, 'memory-page');
  const server = await serve(script);
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => {
      if (!/ResizeObserver loop/.test(error.message)) errors.push(error.message);
    });
    const loadBefore = loadavg()[0] as number;
    const started = performance.now();
    await page.goto(`http://127.0.0.1:${port}/?agents=${AGENTS}&speed=${SPEED}`);
    const ready = await page.evaluate(() => window.memoryBench.ready);
    console.log(`• ${ready.agents} agents on the board in ${Math.round(ready.setupMs)} ms; simulation at ${SPEED}x real time.`);
    const cdp = await page.context().newCDPSession(page);

    await until(page, WARM_UP_MS);
    const samples: Sample[] = [await sample(page, cdp, started)];
    const fmt = (s: Sample): string =>
      `${(s.simulatedMs / MINUTE).toFixed(1)} sim min: heap ${(s.heapUsedBytes / 2 ** 20).toFixed(2)} MB, ${s.domNodes} DOM nodes, ` +
      `${s.liveInteractions} live / ${s.heldInteractions} held interactions, ${s.agentChanges} agent changes so far`;
    console.log(`• warmed up: ${fmt(samples[0] as Sample)}`);
    for (let minute = 1; minute <= TRAFFIC_MS / MINUTE; minute++) {
      await until(page, WARM_UP_MS + minute * MINUTE);
      const s = await sample(page, cdp, started);
      samples.push(s);
      console.log(`  ${fmt(s)}`);
    }
    const loadAfter = loadavg()[0] as number;
    const first = samples[0] as Sample;
    const last = samples[samples.length - 1] as Sample;
    const growthPercent = (100 * (last.heapUsedBytes - first.heapUsedBytes)) / first.heapUsedBytes;
    const peak = Math.max(...samples.map((s) => s.heapUsedBytes));
    const held = (s: Sample): number => s.agents + s.heldInteractions;
    const out = {
      agents: ready.agents,
      simulatedMinutes: TRAFFIC_MS / MINUTE,
      warmUpSimulatedMinutes: WARM_UP_MS / MINUTE,
      speed: SPEED,
      heapAfterWarmUpMB: round(first.heapUsedBytes / 2 ** 20, 2),
      heapAtEndMB: round(last.heapUsedBytes / 2 ** 20, 2),
      heapGrowthPercent: round(growthPercent, 2),
      peakGrowthPercent: round((100 * (peak - first.heapUsedBytes)) / first.heapUsedBytes, 2),
      /*
       * The floor's own state changes with the simulated load (more or fewer live interactions);
       * heap per held record separates that from memory that is not explained by what is held.
       */
      heldRecordsGrowthPercent: round((100 * (held(last) - held(first))) / held(first), 2),
      heapPerHeldRecordGrowthPercent: round((100 * (last.heapUsedBytes / held(last) - first.heapUsedBytes / held(first))) / (first.heapUsedBytes / held(first)), 2),
      target: { heapGrowthPercent: TARGET_GROWTH_PERCENT },
      meetsTarget: growthPercent <= TARGET_GROWTH_PERCENT,
      agentChangesDuringTraffic: last.agentChanges - first.agentChanges,
      notificationsDuringTraffic: last.notifications - first.notifications,
      samples: samples.map((s) => ({
        simulatedMinutes: round(s.simulatedMs / MINUTE, 2),
        wallSeconds: round(s.wallSeconds),
        heapUsedMB: round(s.heapUsedBytes / 2 ** 20, 2),
        domNodes: s.domNodes,
        jsEventListeners: s.jsEventListeners,
        rowsInDom: s.rowsInDom,
        liveInteractions: s.liveInteractions,
        heldInteractions: s.heldInteractions,
        agentChanges: s.agentChanges,
      })),
      pageErrors: errors,
      wallSeconds: round((performance.now() - started) / 1000),
      loadAverage1m: { before: round(loadBefore, 2), after: round(loadAfter, 2) },
      machine: `${process.platform} ${process.arch}, Node ${process.version}, headless Chromium ${browser.version()}`,
      method:
        'Heap: CDP Runtime.getHeapUsage after two HeapProfiler.collectGarbage passes, once after the warm-up and then every simulated minute. ' +
        'Traffic is the simulator\'s own model (presence, interactions, queue stats) for every agent, in real time scaled by the speed factor; ' +
        'the board shows every agent (virtualised rows) and re-renders on every change.',
      date: new Date().toISOString(),
    };
    mkdirSync(join(root, 'bench', 'out'), { recursive: true });
    const target = join(root, 'bench', 'out', 'memory.json');
    writeFileSync(`${target}.tmp`, `${JSON.stringify(out, null, 2)}\n`);
    renameSync(`${target}.tmp`, target);
    if (errors.length > 0) console.warn(`! Page errors: ${errors.join('; ')}`);
    console.log(`
  heap after warm-up   ${out.heapAfterWarmUpMB} MB
  heap at the end      ${out.heapAtEndMB} MB after ${out.simulatedMinutes} simulated minutes (${out.agentChangesDuringTraffic} agent changes)
  growth               ${out.heapGrowthPercent}% (peak ${out.peakGrowthPercent}%)   (${out.meetsTarget ? 'meets' : 'MISSES'} ≤ ${TARGET_GROWTH_PERCENT}%)
  held records         ${out.heldRecordsGrowthPercent}% (agents + interactions held); heap per held record ${out.heapPerHeldRecordGrowthPercent}%
  wall time            ${out.wallSeconds} s; 1-min load average ${out.loadAverage1m.before} → ${out.loadAverage1m.after}
Wrote ${target}`);
    if (errors.length > 0) process.exitCode = 1;
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
