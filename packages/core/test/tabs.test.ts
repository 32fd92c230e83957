// Multi-tab in Chromium (TABS-1): three pages of one user share one vendor connection. The
// leader alone connects; followers mirror its store and send commands through it; the outbox
// is in IndexedDB under our own name and holds no token or customer data; when the leader's
// page closes another takes over within 2 s (the other follower shows reconnecting until the new
// leader's link is open) and no intent is lost, including the closed page's.
// When the leader's page is frozen (TABS-2), it steps down: another takes over within 2 s, a
// command sent meanwhile is applied once, and on resume the old leader follows with the same
// store; the same for a leader navigated away into the back/forward cache and back. The page is
// bundled with esbuild's JS API and driven through playwright-core.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const T = Date.now();
let server: Server;
let url = '';
let browser: Browser;
let context: BrowserContext;
const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'];

/** Called on every change the tests may wait for: a vendor stream, a command, a page's report. */
const watchers = new Set<() => void>();
const changed = (): void => {
  for (const watcher of [...watchers]) watcher();
};
/** Resolves once `check` holds, looked at on every change; fails after `ms`. */
function when(check: () => boolean, ms: number, what: () => string): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const watcher = (): void => {
      if (!check()) return;
      watchers.delete(watcher);
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      watchers.delete(watcher);
      reject(new assert.AssertionError({ message: `timed out after ${ms} ms waiting for ${what()}` }));
    }, ms);
    watchers.add(watcher);
  });
}

/** One open event link to a tab: sends a JSON batch, or cuts the link. */
interface Stream {
  send(json: string): void;
  destroy(): void;
}

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
  /** Open event links (server-sent events, or a WebSocket with `?link=ws`), by the tab that opened them. */
  streams: new Map<Stream, string>(),
  connections: 0,
  hold: false,
  /** Held commands: `go` carries one out, `fail` answers 503 without carrying it out (an outage). */
  held: [] as { key: string; tab: string; go: () => void; fail: () => void }[],
  /** While set, a new event link waits to open (a slow vendor handshake) until `openLinks()`. */
  slowLinks: false,
  opening: [] as (() => void)[],
  seq: 0,
};
const openLinks = (): void => {
  vendor.slowLinks = false;
  for (const open of vendor.opening.splice(0)) open();
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
  if (path === '/away') {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>elsewhere</title>');
  } else if (path === '/') {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>tab</title><script type="module" src="/page.js"></script>');
  } else if (path === '/page.js') {
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(page);
  } else if (path === '/snapshot') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(snapshot()));
  } else if (path === '/events') {
    if (vendor.slowLinks) {
      await new Promise<void>((resolve) => {
        vendor.opening.push(resolve);
        changed();
      });
    }
    vendor.connections++;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(': open\n\n');
    const stream: Stream = { send: (json) => res.write(`data: ${json}\n\n`), destroy: () => res.destroy() };
    vendor.streams.set(stream, new URL(req.url ?? '/', 'http://x').searchParams.get('tab') ?? '');
    changed();
    req.on('close', () => {
      vendor.streams.delete(stream);
      changed();
    });
  } else if (path === '/execute') {
    let body = '';
    for await (const chunk of req) body += chunk;
    const command = JSON.parse(body) as { key: string; agentId: string; state: string };
    const tab = String(req.headers['x-tab']);
    if (vendor.hold) {
      // Accepted later, or never if the page went away meanwhile.
      let gone = false;
      res.on('close', () => (gone = !res.writableEnded));
      const failed = await new Promise<boolean>((resolve) => {
        vendor.held.push({ key: command.key, tab, go: () => resolve(false), fail: () => resolve(true) });
        changed();
      });
      // (Not `req.destroyed`: reading the body to its end destroys the request stream.)
      if (gone || res.destroyed) return;
      if (failed) {
        res.writeHead(503).end();
        return;
      }
    }
    vendor.requests.push({ key: command.key, tab });
    if (!vendor.applied.has(command.key)) {
      vendor.applied.set(command.key, { tab, agentId: command.agentId, state: command.state });
      const now = Date.now();
      vendor.presence.set(command.agentId, { state: command.state, since: now });
      const event = { type: 'presence', id: `ev-${++vendor.seq}`, at: now, source: 'http-vendor', agentId: command.agentId, presence: { state: command.state, since: now } };
      for (const stream of vendor.streams.keys()) stream.send(JSON.stringify([event]));
    }
    changed();
    res.writeHead(204).end();
  } else res.writeHead(404).end();
}

/**
 * The vendor's event link as a WebSocket (`/events?tab=…` upgraded): enough of RFC 6455 for a
 * server that only sends text and hears only the browser's close. A WebSocket closed in a page's
 * `freeze` handler is closed on the wire at once, where an EventSource close waits for the resume.
 */
function openWebSocket(req: IncomingMessage, socket: Socket): void {
  const key = String(req.headers['sec-websocket-key']);
  const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  const stream: Stream = {
    send(json) {
      const payload = Buffer.from(json);
      const head = payload.length < 126 ? Buffer.from([0x81, payload.length]) : payload.length < 65536 ? Buffer.from([0x81, 126, payload.length >> 8, payload.length & 255]) : null;
      assert.ok(head !== null, 'a batch this test sends fits in 64 KiB');
      socket.write(Buffer.concat([head, payload]));
    },
    destroy: () => socket.destroy(),
  };
  vendor.connections++;
  vendor.streams.set(stream, new URL(req.url ?? '/', 'http://x').searchParams.get('tab') ?? '');
  changed();
  // The page sends nothing but its close frame: answer it and hang up.
  socket.on('data', (frame: Buffer) => {
    if (((frame[0] ?? 0) & 0x0f) === 0x8) socket.end(Buffer.from([0x88, 0]));
  });
  socket.on('error', () => {});
  socket.on('close', () => {
    vendor.streams.delete(stream);
    changed();
  });
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
  server.on('upgrade', (req: IncomingMessage, socket: Socket) => openWebSocket(req, socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  context = await browser.newContext();
});

after(async () => {
  openLinks();
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
  lifecycle: { type: string; at: number; persisted?: boolean }[];
  agents(): [string, string, number][];
};
const fw = <R>(page: Page, fn: (fw: Fw) => R | Promise<R>): Promise<R> =>
  page.evaluate(`(${fn.toString()})(globalThis.fw)`) as Promise<R>;
const role = (page: Page): Promise<string> => fw(page, (f) => f.adapter.role);

async function until(check: () => Promise<boolean>, ms: number, what: string | (() => Promise<string>)): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail(`timed out waiting for ${typeof what === 'string' ? what : await what()}`);
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

  // The leader's page closes with its own intent unanswered, saying nothing to the others (the
  // browser frees its lock). Another tab takes over, and its vendor link takes a while to open.
  vendor.slowLinks = true;
  const closedAt = Date.now();
  await leader.close();
  vendor.hold = false;
  // The closed page's command is never carried out (its page went away); the follower's is.
  for (const held of vendor.held.splice(0)) (held.tab === leaderName ? held.fail : held.go)();
  const during = await fw(followers[0]!, (f) => f.issue('a4', 'busy'));
  let newLeader: Page | undefined;
  await until(async () => {
    for (const page of followers) if ((await role(page)) === 'leader') newLeader = page;
    return newLeader !== undefined;
  }, 2000, 'a new leader');
  const takeoverMs = Date.now() - closedAt;
  assert.ok(takeoverMs < 2000, `takeover took ${takeoverMs} ms`);
  // Until that link is open no tab holds one: the other follower says so, rather than show live.
  const other = followers.find((page) => page !== newLeader)!;
  await until(() => fw(other, (f) => f.client.status === 'reconnecting'), 2000, 'the other follower reconnecting while the new leader connects');
  await when(() => vendor.opening.length > 0, 2000, () => "the new leader's link opening");
  openLinks();
  await until(async () => vendor.streams.size === 1 && vendor.streams.values().next().value !== leaderName, 3000, 'the new leader connected');

  // No intent lost: the follower's held one, the one issued during the takeover, and the closed
  // leader's own, replayed by the tab that won its lock. Each applied once.
  const names = new Map([[heldKey, 'held'], [during, 'during'], [leaderKey, 'leader']]);
  for (const key of [heldKey, during, leaderKey]) {
    await until(async () => vendor.applied.has(key), 10_000, `the ${names.get(key)} intent applied (${JSON.stringify(await Promise.all(followers.map((p) => fw(p, (f) => [f.name, f.adapter.role, f.client.status, f.client.getPendingIntents(), f.settled]))))})`);
  }
  assert.notEqual(vendor.applied.get(leaderKey)?.tab, leaderName, "the closed leader's intent was replayed by another tab");
  for (const page of followers) await until(() => fw(page, (f) => f.client.getPendingIntents().length === 0), 8000, 'nothing pending');
  const counts = new Map<string, number>();
  for (const page of followers) for (const s of await fw(page, (f) => f.settled)) counts.set(s.key, (counts.get(s.key) ?? 0) + 1);
  for (const key of [heldKey, during, leaderKey]) assert.equal(counts.get(key), 1, `settled exactly once in the open tabs: ${key.slice(0, 8)}`);
  // Correctness, not speed (the takeover's 2 s is asserted above): on a loaded CI machine the
  // mirror has lagged past 3 s once, so the wait matches the intents' and the failure says what each tab holds.
  for (const page of followers) {
    await until(
      () => fw(page, (f) => f.client.getAgent('a4')?.presence.state === 'busy' && f.client.getAgent('a3')?.presence.state === 'training'),
      10_000,
      async () => `mirrored after takeover (${JSON.stringify(await Promise.all(followers.map((p) => fw(p, (f) => [f.name, f.adapter.role, f.client.status, f.client.getAgent('a3')?.presence.state, f.client.getAgent('a4')?.presence.state]))))})`,
    );
  }
  assert.equal((await fw(newLeader!, (f) => f.storage())).text.includes('"outbox/'), false, 'the outbox is empty');
  console.log(`tabs figures: ${JSON.stringify({ takeoverMs, vendorConnections: vendor.connections, requests: vendor.requests.length, applied: vendor.applied.size })}`);
});

/** What a page told the test through `fwReport`, in arrival order. */
type Report = { kind: string; name: string; at: number; data: unknown };
const reports: Report[] = [];
/** The first report since `from` that matches. */
const reported = (from: number, match: (r: Report) => boolean): Report | undefined => reports.slice(from).find(match);

/** Opens one page per name in the context, each live, reporting to the test. */
async function openTabs(ctx: BrowserContext, names: string[]): Promise<Page[]> {
  await ctx.exposeBinding('fwReport', (_source, kind: string, report: { name: string; at: number; data: unknown }) => {
    reports.push({ kind, ...report });
    changed();
  });
  const pages: Page[] = [];
  for (const name of names) {
    const page = await ctx.newPage();
    page.on('pageerror', (e) => assert.fail(`${name}: ${e.message}`));
    const from = reports.length;
    await page.goto(`${url}?tab=${name}&link=ws`);
    await when(() => reported(from, (r) => r.kind === 'ready' && r.name === name) !== undefined, 10_000, () => `${name} live`);
    pages.push(page);
  }
  return pages;
}

/** A port no one listens on now, for the DevTools endpoint of the second browser. */
async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * A browser with a DevTools port, and a CDP connection to it. The port was free when probed but
 * another process may take it before Chromium binds it (Chromium then runs on without the
 * endpoint, or the connection reaches the other process): a failed connection tries a new port.
 */
async function browserOverCdp(): Promise<{ owner: Browser; cdpBrowser: Browser }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const owner = await chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, `--remote-debugging-port=${port}`] });
    try {
      const cdpBrowser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`, { noDefaults: true, timeout: 10_000 });
      return { owner, cdpBrowser };
    } catch (err) {
      await owner.close();
      if (attempt === 3) throw err;
    }
  }
}

test('a frozen leader steps down: another tab leads within 2 s, a command sent meanwhile applies once, the resumed tab follows with the same store', { timeout: 90_000 }, async (t) => {
  // Playwright turns on focus emulation in every page of the contexts it creates, and DevTools
  // implements that by holding a visible capturer on the page: such a page stays visible, and
  // Page.setWebLifecycleState('frozen') neither hides nor freezes it (no `freeze` event, timers run
  // on). Pages of the browser's default context, reached over CDP with `noDefaults`, are left
  // alone, and there the call hides the page, fires `freeze` and stops it; `active` fires `resume`.
  const { owner, cdpBrowser } = await browserOverCdp();
  t.after(() => owner.close());
  t.after(() => cdpBrowser.close());
  const ctx = cdpBrowser.contexts()[0]!;
  const names = ['f1', 'f2', 'f3'];
  const pages = await openTabs(ctx, names);
  const streams = (): string[] => [...vendor.streams.values()].filter((n) => names.includes(n));
  const roles = await Promise.all(pages.map(role));
  assert.deepEqual([...roles].sort(), ['follower', 'follower', 'leader']);
  assert.deepEqual(streams(), [names[roles.indexOf('leader')]], 'one vendor connection for three tabs');
  const leader = pages[roles.indexOf('leader')]!;
  const leaderName = names[roles.indexOf('leader')]!;
  const followers = pages.filter((p) => p !== leader);

  // The leader's own command is at the vendor, unanswered, when its page freezes.
  vendor.hold = true;
  const leaderKey = await fw(leader, (f) => f.issue('a3', 'training'));
  await when(() => vendor.held.some((h) => h.key === leaderKey), 3000, () => "the leader's command at the vendor");
  vendor.hold = false;

  // Freeze the leader's page. Its `freeze` handler steps down: the lock and the vendor link go.
  const cdp = await ctx.newCDPSession(leader);
  const frozenFrom = reports.length;
  const frozenAt = Date.now();
  await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
  await when(() => reported(frozenFrom, (r) => r.kind === 'lifecycle' && r.name === leaderName && r.data === 'freeze') !== undefined, 2000, () => `the freeze event in ${leaderName}`);
  // The vendor fails the frozen page's command (503, not carried out): the page hears it on
  // resume, and its outbox must send the intent again, through the new leader.
  for (const held of vendor.held.splice(0)) held.fail();

  // Each follower sends a command during the handover; one of them is about to lead.
  const during = [await fw(followers[0]!, (f) => f.issue('a1', 'meal')), await fw(followers[1]!, (f) => f.issue('a2', 'meal'))];
  await when(() => reported(frozenFrom, (r) => r.kind === 'role' && r.data === 'leader' && r.name !== leaderName) !== undefined, 2000, () => 'a new leader within 2 s');
  const took = reported(frozenFrom, (r) => r.kind === 'role' && r.data === 'leader' && r.name !== leaderName)!;
  const takeoverMs = took.at - frozenAt;
  assert.ok(takeoverMs < 2000, `takeover took ${takeoverMs} ms`);
  const newLeader = pages[names.indexOf(took.name)]!;
  await when(() => streams().length === 1 && streams()[0] === took.name, 2000, () => `only ${took.name} connected to the vendor (${streams()})`);
  const linkedMs = Date.now() - frozenAt;
  assert.ok(linkedMs < 2000, `the new leader's vendor link took ${linkedMs} ms`);
  for (const key of during) await when(() => vendor.applied.has(key), 5000, () => `the command sent during the handover (${key.slice(0, 8)})`);
  assert.equal(await role(newLeader), 'leader');

  // Resume: the old leader joins as a follower, resyncs from the new leader, and its own intent,
  // cut off at the vendor, goes out through the new leader.
  const resumedFrom = reports.length;
  await cdp.send('Page.setWebLifecycleState', { state: 'active' });
  const heard = (kind: string, data: unknown) => (): boolean => reported(resumedFrom, (r) => r.kind === kind && r.name === leaderName && r.data === data) !== undefined;
  await when(heard('lifecycle', 'resume'), 3000, () => `the resume event in ${leaderName}`);
  await when(heard('role', 'follower'), 3000, () => `${leaderName} following`);
  await when(heard('status', 'live'), 5000, () => `${leaderName} live again`);
  await when(() => vendor.applied.has(leaderKey), 8000, () => "the frozen leader's intent applied").catch(async (e: Error) => {
    throw new assert.AssertionError({ message: `${e.message}: ${JSON.stringify(await fw(leader, (f) => [f.client.status, f.adapter.role, f.client.getPendingIntents(), f.settled]))}` });
  });
  const keys = [...during, leaderKey];
  const issuers = [followers[0]!, followers[1]!, leader];
  for (const [i, key] of keys.entries()) {
    await when(() => reported(0, (r) => r.kind === 'intent' && (r.data as { key: string }).key === key) !== undefined, 8000, () => `${key.slice(0, 8)} settled`);
    const settled = await fw(issuers[i]!, (f) => f.settled);
    assert.deepEqual(settled.filter((s) => s.key === key).map((s) => s.outcome), ['confirmed'], `settled exactly once, in the tab that issued it: ${key.slice(0, 8)}`);
  }
  const counts = new Map<string, number>();
  for (const page of pages) for (const s of await fw(page, (f) => f.settled)) counts.set(s.key, (counts.get(s.key) ?? 0) + 1);
  for (const key of keys) assert.equal(counts.get(key), 1, `settled once across the tabs: ${key.slice(0, 8)}`);
  assert.deepEqual(await Promise.all(pages.map(role)).then((r) => r.sort()), ['follower', 'follower', 'leader']);
  assert.equal(await role(leader), 'follower', 'the resumed tab follows');
  assert.deepEqual(streams(), [took.name], 'the resumed tab did not connect to the vendor');
  const lifecycle = await fw(leader, (f) => f.lifecycle.map((e) => e.type));
  assert.deepEqual(lifecycle.filter((type) => type === 'freeze' || type === 'resume'), ['freeze', 'resume']);

  // The same store in the old leader as in the new one.
  const expected = (await fw(newLeader, (f) => f.agents())).map(([id, state]) => `${id}:${state}`);
  assert.deepEqual(expected.filter((a) => /^a[123]:/.test(a)), ['a1:meal', 'a2:meal', 'a3:training']);
  await until(async () => JSON.stringify(await fw(leader, (f) => f.agents())) === JSON.stringify(await fw(newLeader, (f) => f.agents())), 3000, 'the same store in the resumed tab');
  for (const page of pages) assert.equal(await fw(page, (f) => f.client.getPendingIntents().length), 0, 'nothing pending');
  const requests = Object.fromEntries(keys.map((key, i) => [['during-1', 'during-2', 'frozen-leader'][i], vendor.requests.filter((r) => r.key === key).length]));
  assert.equal(vendor.applied.get(leaderKey)?.tab, took.name, "the frozen leader's intent went out through the new leader");
  console.log(`freeze figures: ${JSON.stringify({ takeoverMs, linkedMs, requestsPerKey: requests })}`);
});

test('a leader navigated away into the back/forward cache steps down; back again, it follows with the same store', { timeout: 60_000 }, async (t) => {
  // Playwright launches Chromium without the back/forward cache; this browser keeps it.
  const cached = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, ignoreDefaultArgs: ['--disable-back-forward-cache'] });
  t.after(() => cached.close());
  const ctx = await cached.newContext();
  const names = ['b1', 'b2', 'b3'];
  const pages = await openTabs(ctx, names);
  const streams = (): string[] => [...vendor.streams.values()].filter((n) => names.includes(n));
  const roles = await Promise.all(pages.map(role));
  const leader = pages[roles.indexOf('leader')]!;
  const leaderName = names[roles.indexOf('leader')]!;
  const follower = pages.find((p) => p !== leader)!;
  assert.deepEqual(streams(), [leaderName]);

  const cdp = await ctx.newCDPSession(leader);
  await cdp.send('Page.enable');
  const notCached: string[] = [];
  cdp.on('Page.backForwardCacheNotUsed', (e) => notCached.push(...e.notRestoredExplanations.map((x) => `${x.type}:${x.reason}`)));
  const from = reports.length;
  const leftAt = Date.now();
  await leader.goto(`${url}away`);
  // (What the page reports while it goes into the cache is lost with its old document's binding
  // calls; its own log is read once it is back.)
  const during = await fw(follower, (f) => f.issue('a4', 'meal'));
  await when(() => reported(from, (r) => r.kind === 'role' && r.data === 'leader' && r.name !== leaderName) !== undefined, 2000, () => 'a new leader within 2 s');
  const took = reported(from, (r) => r.kind === 'role' && r.data === 'leader' && r.name !== leaderName)!;
  const takeoverMs = took.at - leftAt;
  assert.ok(takeoverMs < 2000, `takeover took ${takeoverMs} ms`);
  await when(() => streams().length === 1 && streams()[0] === took.name, 2000, () => `only ${took.name} connected (${streams()})`);
  await when(() => vendor.applied.has(during), 5000, () => 'the command sent during the handover');

  const back = reports.length;
  await leader.goBack({ waitUntil: 'commit' });
  const heard = (kind: string, data: unknown) => (): boolean => reported(back, (r) => r.kind === kind && r.name === leaderName && r.data === data) !== undefined;
  await when(() => heard('role', 'follower')() || notCached.length > 0, 5000, () => `${leaderName} following`);
  assert.deepEqual(notCached, [], 'restored from the back/forward cache');
  const lifecycle = await fw(leader, (f) => f.lifecycle.map((e) => `${e.type}${e.persisted === true ? ':persisted' : ''}`));
  assert.deepEqual(lifecycle.filter((e) => e.endsWith(':persisted')), ['pagehide:persisted', 'pageshow:persisted'], `lifecycle: ${lifecycle}`);
  await when(heard('status', 'live'), 5000, () => `${leaderName} live again`);
  const newLeader = pages[names.indexOf(took.name)]!;
  await until(async () => JSON.stringify(await fw(leader, (f) => f.agents())) === JSON.stringify(await fw(newLeader, (f) => f.agents())), 3000, 'the same store in the restored tab');
  assert.equal((await fw(leader, (f) => f.agents())).find(([id]) => id === 'a4')?.[1], 'meal');
  assert.deepEqual(streams(), [took.name], 'the restored tab did not connect to the vendor');
  const settled = (await Promise.all(pages.map((p) => fw(p, (f) => f.settled)))).flat().filter((s) => s.key === during);
  assert.deepEqual(settled.map((s) => s.outcome), ['confirmed'], 'settled once');
  console.log(`bfcache figures: ${JSON.stringify({ takeoverMs, requests: vendor.requests.filter((r) => r.key === during).length })}`);
});
