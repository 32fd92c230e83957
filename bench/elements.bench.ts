/*
 * Audit tool, not part of `npm run bench`: one element from bench/elements-page.ts in headless
 * Chromium at 10,000 agents under 1,000 presence changes a second; prints the script time of
 * the element's updates per second and per update.
 *
 *   node --import tsx bench/elements.bench.ts fw-interaction-list team=team-1
 *   ELEMENTS_BENCH_PROFILE=/tmp/x.cpuprofile ELEMENTS_BENCH_SECONDS=10 node --import tsx bench/elements.bench.ts fw-team-stats
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { bundlePage } from './page-bundle.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [tag = 'fw-team-stats', ...attributes] = process.argv.slice(2);
const AGENTS = Number(process.env.ELEMENTS_BENCH_AGENTS ?? 10_000);
const SECONDS = Number(process.env.ELEMENTS_BENCH_SECONDS ?? 10);
const RATE = Number(process.env.ELEMENTS_BENCH_RATE ?? 1000);
const PROFILE = process.env.ELEMENTS_BENCH_PROFILE;

const outfile = await bundlePage(root, 'elements-page', PROFILE !== undefined);
const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>elements audit</title></head>
<body><script type="module" src="/elements-page.js"></script></body></html>`;
const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  else if (path === '/elements-page.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(outfile));
  else res.writeHead(404).end();
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const profileDir = join(root, '.cache', 'bench', `chromium-elements-${process.pid}`);
const context = await chromium.launchPersistentContext(profileDir, {
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
try {
  const p = context.pages()[0] ?? (await context.newPage());
  p.on('pageerror', (e) => console.warn('page error:', e.message));
  const query = new URLSearchParams({ el: tag, agents: String(AGENTS) });
  for (const a of attributes) {
    const [k, v = ''] = a.split('=');
    query.set(k as string, v);
  }
  const { port } = server.address() as AddressInfo;
  await p.goto(`http://127.0.0.1:${port}/?${query}`);
  const ready = await p.evaluate(() => window.elementsBench.ready);
  await p.evaluate((o) => window.elementsBench.run(o), { seconds: 3, updatesPerSecond: RATE }); // warm-up
  const cdp = await context.newCDPSession(p);
  if (PROFILE !== undefined) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  const r = await p.evaluate((o) => window.elementsBench.run(o), { seconds: SECONDS, updatesPerSecond: RATE });
  if (PROFILE !== undefined) {
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
    writeFileSync(PROFILE, JSON.stringify(profile));
  }
  const f = (n: number, d = 2): string => n.toFixed(d);
  console.log(
    `${tag} ${attributes.join(' ')} | ${r.agents} agents, ${r.liveInteractions} live interactions, setup ${f(ready.setupMs, 0)} ms | ` +
      `${f(r.injectedPerSecond, 0)} changes/s in ${f(r.batchesPerSecond, 0)} batches/s | ` +
      `${f(r.updatesPerSecond, 1)} updates/s, ${f(r.updateMsPerSecond, 1)} ms/s of script, ${f(r.msPerUpdate, 3)} ms/update` +
      (r.tickMsPerSecond > 0 ? `; ticks in place ${f(r.tickMsPerSecond, 1)} ms/s` : ''),
  );
} finally {
  await context.close();
  server.close();
  rmSync(profileDir, { recursive: true, force: true });
}
