// Multi-tab in Chromium (TABS-1): three pages of one user share one vendor connection. The
// leader alone connects; followers mirror its store and send commands through it; the outbox
// is in IndexedDB under our own name and holds no token or customer data; when the leader's
// page closes another takes over within 2 s and no intent is lost, including the closed page's.
// The page is bundled with esbuild's JS API and driven through playwright-core.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const T = Date.now();
let server: Server;
let url = '';
let browser: Browser;
let context: BrowserContext;

/** The vendor: agents' presence, commands by idempotency key, one event stream per connection. */
const vendor = {
  presence: new Map<string, { state: string; since: number }>([
    ['a1', { state: 'available', since: T }],
    ['a2', { state: 'available', since: T }],
    ['a3', { state: 'available', since: T }],
    ['a4', { state: 'available', since: T }],
  ]),
  applied: new Map<string, { tab: string; agentId: string; state: string }>(),
  requests: [] as { key: string; tab: string }[],
  streams: new Map<ServerResponse, string>(),
  connections: 0,
  hold: false,
  held: [] as (() => void)[],
  seq: 0,
};

function snapshot() {
  return {
    type: 'snapshot',
    id: `snap-${++vendor.seq}`,
    at: Date.now(),
    source: 'http-vendor',
    scope: { kind: 'all' },
    teams: [{ id: 't1', name: 'Team 1', supervisorIds: ['sup-1'] }],
    agents: [...vendor.presence].map(([id, presence]) => ({ id, name: `Agent ${id}`, teamIds: ['t1'], queueIds: ['q1'], presence })),
    queues: [],
    interactions: [
      { id: 'i1', channel: 'voice', direction: 'inbound', state: 'connected', agentId: 'a4', queueId: 'q1', createdAt: T, connectedAt: T, customer: { name: 'Jane Doe', phone: '+44 7700 900123' } },
    ],
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, page: string): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/') {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>tab</title><script type="module" src="/page.js"></script>');
  } else if (path === '/page.js') {
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(page);
  } else if (path === '/snapshot') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(snapshot()));
  } else if (path === '/events') {
    vendor.connections++;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(': open\n\n');
    vendor.streams.set(res, new URL(req.url ?? '/', 'http://x').searchParams.get('tab') ?? '');
    req.on('close', () => vendor.streams.delete(res));
  } else if (path === '/execute') {
    let body = '';
    for await (const chunk of req) body += chunk;
    const command = JSON.parse(body) as { key: string; agentId: string; state: string };
    const tab = String(req.headers['x-tab']);
    if (vendor.hold) {
      // Accepted later, or never if the page went away meanwhile.
      let gone = false;
      res.on('close', () => (gone = !res.writableEnded));
      await new Promise<void>((resolve) => vendor.held.push(resolve));
      if (gone || req.destroyed || res.destroyed) return;
    }
    vendor.requests.push({ key: command.key, tab });
    if (!vendor.applied.has(command.key)) {
      vendor.applied.set(command.key, { tab, agentId: command.agentId, state: command.state });
      const now = Date.now();
      vendor.presence.set(command.agentId, { state: command.state, since: now });
      const event = { type: 'presence', id: `ev-${++vendor.seq}`, at: now, source: 'http-vendor', agentId: command.agentId, presence: { state: command.state, since: now } };
      for (const stream of vendor.streams.keys()) stream.write(`data: ${JSON.stringify([event])}\n\n`);
    }
    res.writeHead(204).end();
  } else res.writeHead(404).end();
}

before(async () => {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./tabs/page.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
  });
  const page = bundle.outputFiles[0]!.text;
  server = createServer((req, res) => void handle(req, res, page).catch(() => res.writeHead(500).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  context = await browser.newContext();
});

after(async () => {
  await browser?.close();
  for (const stream of vendor.streams.keys()) stream.destroy();
  await new Promise((resolve) => server?.close(resolve));
});

type Fw = {
  name: string;
  ready: boolean;
  settled: { key: string; outcome: string }[];
  adapter: { role: string };
  client: { status: string; getAgent(id: string): { presence: { state: string } } | undefined; getPendingIntents(): unknown[]; setAgentPresence(a: string, s: string): Promise<void> };
  issue(agentId: string, state: string): string;
  storage(): Promise<{ databases: string[]; text: string }>;
};
const fw = <R>(page: Page, fn: (fw: Fw) => R | Promise<R>): Promise<R> =>
  page.evaluate(`(${fn.toString()})(globalThis.fw)`) as Promise<R>;
const role = (page: Page): Promise<string> => fw(page, (f) => f.adapter.role);

async function until(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail(`timed out waiting for ${what}`);
}

test('three tabs, one leader: mirror, forward, store safely, take over within 2 s, lose no intent', { timeout: 60_000 }, async () => {
  const pages: Page[] = [];
  for (const name of ['one', 'two', 'three']) {
    const page = await context.newPage();
    page.on('pageerror', (e) => assert.fail(`${name}: ${e.message}`));
    await page.goto(`${url}?tab=${name}`);
    await until(() => fw(page, (f) => f.ready), 10_000, `${name} live`);
    pages.push(page);
  }
  const roles = await Promise.all(pages.map(role));
  assert.deepEqual([...roles].sort(), ['follower', 'follower', 'leader']);
  assert.equal(vendor.streams.size, 1, 'one vendor connection for three tabs');
  const leader = pages[roles.indexOf('leader')]!;
  const followers = pages.filter((p) => p !== leader);
  const leaderName = await fw(leader, (f) => f.name);

  // A follower's command goes out through the leader, and every tab mirrors its effect.
  await fw(followers[0]!, (f) => f.client.setAgentPresence('a1', 'break'));
  assert.deepEqual(vendor.requests.map((r) => r.tab), [leaderName], 'sent by the leading tab');
  for (const page of pages) await until(() => fw(page, (f) => f.client.getAgent('a1')?.presence.state === 'break'), 3000, 'mirrored presence');

  // Intents wait in IndexedDB, in our own database and store, with no token or customer data.
  vendor.hold = true;
  const heldKey = await fw(followers[1]!, (f) => f.issue('a2', 'meal'));
  const leaderKey = await fw(leader, (f) => f.issue('a3', 'training'));
  await until(async () => (await fw(leader, (f) => f.storage())).text.includes(leaderKey) && (await fw(leader, (f) => f.storage())).text.includes(heldKey), 3000, 'intents stored');
  const stored = await fw(leader, (f) => f.storage());
  assert.ok(stored.databases.includes('floorwalk'), `our database: ${stored.databases}`);
  assert.ok(!stored.databases.includes('keyval-store'), "never idb-keyval's default database");
  for (const secret of ['tok-SECRET', 'Bearer', 'Jane Doe', '7700 900123', 'customer']) assert.ok(!stored.text.includes(secret), `storage holds ${secret}`);
  assert.match(stored.text, /"store":"kv"/);

  // The leader's page closes with its own intent unanswered. Another tab takes over.
  const closedAt = Date.now();
  await leader.close();
  vendor.hold = false;
  for (const release of vendor.held.splice(0)) release();
  const during = await fw(followers[0]!, (f) => f.issue('a4', 'busy'));
  let newLeader: Page | undefined;
  await until(async () => {
    for (const page of followers) if ((await role(page)) === 'leader') newLeader = page;
    return newLeader !== undefined;
  }, 2000, 'a new leader');
  const takeoverMs = Date.now() - closedAt;
  assert.ok(takeoverMs < 2000, `takeover took ${takeoverMs} ms`);
  await until(async () => vendor.streams.size === 1 && vendor.streams.values().next().value !== leaderName, 3000, 'the new leader connected');

  // No intent lost: the follower's held one, the one issued during the takeover, and the closed
  // leader's own, replayed by the tab that won its lock. Each applied once.
  const names = new Map([[heldKey, 'held'], [during, 'during'], [leaderKey, 'leader']]);
  for (const key of [heldKey, during, leaderKey]) {
    await until(async () => vendor.applied.has(key), 10_000, `the ${names.get(key)} intent applied (${JSON.stringify(await Promise.all(followers.map((p) => fw(p, (f) => [f.name, f.adapter.role, f.client.status, f.client.getPendingIntents()]))))})`);
  }
  assert.notEqual(vendor.applied.get(leaderKey)?.tab, leaderName, "the closed leader's intent was replayed by another tab");
  for (const page of followers) await until(() => fw(page, (f) => f.client.getPendingIntents().length === 0), 8000, 'nothing pending');
  const counts = new Map<string, number>();
  for (const page of followers) for (const s of await fw(page, (f) => f.settled)) counts.set(s.key, (counts.get(s.key) ?? 0) + 1);
  for (const key of [heldKey, during, leaderKey]) assert.equal(counts.get(key), 1, `settled exactly once in the open tabs: ${key.slice(0, 8)}`);
  for (const page of followers) {
    await until(() => fw(page, (f) => f.client.getAgent('a4')?.presence.state === 'busy' && f.client.getAgent('a3')?.presence.state === 'training'), 3000, 'mirrored after takeover');
  }
  assert.equal((await fw(newLeader!, (f) => f.storage())).text.includes('"outbox/'), false, 'the outbox is empty');
  console.log(`tabs figures: ${JSON.stringify({ takeoverMs, vendorConnections: vendor.connections, requests: vendor.requests.length, applied: vendor.applied.size })}`);
});
