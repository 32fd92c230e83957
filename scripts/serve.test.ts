// node --import tsx --test scripts/serve.test.ts
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startServer, type DemoServer } from './serve.mjs';

interface Response {
  readonly status: number;
  readonly type: string;
  readonly body: string;
}

/** A raw request: fetch would normalise `..` segments away before they reach the server. */
function get(server: DemoServer, path: string, method = 'GET'): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let server: DemoServer;
before(async () => {
  server = await startServer({ port: 0, log: () => {} });
});
after(async () => {
  await server.close();
});

function importMap(html: string): Record<string, string> {
  const match = /<script type="importmap">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(match?.[1], 'index.html has an import map');
  return (JSON.parse(match[1]) as { imports: Record<string, string> }).imports;
}

test('serves the demo page with its import map at /', async () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const res = await get(server, '/');
  assert.equal(res.status, 200);
  assert.match(res.type, /^text\/html/);
  const imports = importMap(res.body);
  assert.equal(imports['@floorwalk/core'], '/packages/core/dist/index.js');
  assert.equal(imports['@floorwalk/adapters/simulator'], '/packages/adapters/dist/simulator.js');
  assert.equal(imports['nanoevents'], '/node_modules/nanoevents/index.js');
});

test('serves the demo modules as JavaScript', async () => {
  for (const path of ['/demo.js', '/plain.js', '/board.js', '/app.css']) {
    const res = await get(server, path);
    assert.equal(res.status, 200, path);
    assert.match(res.type, path.endsWith('.css') ? /^text\/css/ : /^text\/javascript/, path);
  }
});

/** Resolves a bare specifier as the browser does: an exact entry, else the longest `prefix/` entry. */
function mapped(imports: Record<string, string>, specifier: string): string | undefined {
  if (imports[specifier] !== undefined) return imports[specifier];
  const prefix = Object.keys(imports)
    .filter((key) => key.endsWith('/') && specifier.startsWith(key))
    .sort((a, b) => b.length - a.length)[0];
  return prefix === undefined ? undefined : `${imports[prefix]}${specifier.slice(prefix.length)}`;
}

// Static imports and re-exports at the start of a line: what rollup and our modules emit, and
// not the `import … from` lines inside JSDoc examples.
const IMPORT_SPECIFIER = /^\s*(?:import\s*|(?:import|export)\b[^'";]*?\bfrom\s*)(['"])([^'"]+)\1/gm;

test('serves every import-map target as JavaScript, and maps every bare import they make', async (t) => {
  if (!existsSync(fileURLToPath(new URL('../packages/core/dist/index.js', import.meta.url)))) {
    t.skip('run npm run build first');
    return;
  }
  const imports = importMap((await get(server, '/')).body);
  assert.ok(Object.keys(imports).length >= 3);
  // Walk the module graph the page loads, as the browser would, through the import map.
  const plainImports = importMap((await get(server, '/plain.html')).body);
  const pending = ['/demo.js', '/plain.js', ...Object.values(imports).filter((target) => !target.endsWith('/'))];
  const seen = new Set<string>();
  const unmapped = new Set<string>();
  while (pending.length > 0) {
    const path = pending.pop() as string;
    if (seen.has(path)) continue;
    seen.add(path);
    const res = await get(server, path);
    assert.equal(res.status, 200, path);
    assert.match(res.type, /^text\/javascript/, path);
    for (const [, , specifier] of res.body.matchAll(IMPORT_SPECIFIER)) {
      if (specifier === undefined) continue;
      if (specifier.startsWith('.') || specifier.startsWith('/')) pending.push(new URL(specifier, `http://x${path}`).pathname);
      else {
        const target = mapped(imports, specifier) ?? mapped(plainImports, specifier);
        if (target === undefined) unmapped.add(specifier);
        else pending.push(target);
      }
    }
  }
  assert.deepEqual([...unmapped], [], 'bare imports missing from the import map');
  assert.ok(seen.has('/board.js') && [...seen].some((p) => p.startsWith('/packages/core/dist/chunks/')), 'followed relative imports');
});

test('serves dependencies from node_modules', async () => {
  const res = await get(server, '/node_modules/nanoevents/index.js');
  assert.equal(res.status, 200);
  assert.match(res.type, /^text\/javascript/);
  assert.match(res.body, /createNanoEvents/);
});

test('answers 404 for missing files and for package sources', async () => {
  assert.equal((await get(server, '/no-such-file.js')).status, 404);
  assert.equal((await get(server, '/packages/core/src/index.ts')).status, 404);
  assert.equal((await get(server, '/packages/core/package.json')).status, 404);
  assert.equal((await get(server, '/node_modules/no-such-package/index.js')).status, 404);
});

test('sends /examples/hardened/ to its own server rather than serving it broken', async () => {
  // Without its server's CSP headers and relying party the page would load with its CSS refused
  // and its bundle missing.
  for (const path of ['/examples/hardened/', '/examples/hardened/index.html']) {
    const res = await get(server, path);
    assert.equal(res.status, 404);
    assert.match(res.body, /npm run example:hardened/);
  }
});

test('answers HEAD without a body and refuses other methods', async () => {
  const head = await get(server, '/', 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
  assert.equal((await get(server, '/', 'POST')).status, 405);
});

test('refuses paths that escape their root, however they are spelled', async () => {
  const attempts = [
    '/../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E/package.json',
    '/.%2e/package.json',
    '/..%2fpackage.json',
    '/..%2Fpackage.json',
    '/%2e%2e%2fpackage.json',
    '/..%5cpackage.json',
    '/../../../../etc/passwd',
    '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/node_modules/../package.json',
    '/node_modules/%2e%2e/package.json',
    '/packages/core/dist/../../../package.json',
    '/packages/core/dist/%2e%2e/src/index.ts',
    '/packages/..%2f..%2fpackage.json/dist/x',
    '/%00/package.json',
    '/%E0%A4%A',
  ];
  for (const path of attempts) {
    const res = await get(server, path);
    assert.ok(res.status === 400 || res.status === 403, `${path} answered ${res.status}`);
    assert.doesNotMatch(res.body, /"workspaces"|root:/, path);
  }
  // Encoded twice, it names a file literally called "%2e%2e": nothing to find, nothing escaped.
  assert.equal((await get(server, '/%252e%252e/package.json')).status, 404);
});

test('moves to the next port when the requested one is taken', async () => {
  const messages: string[] = [];
  const second = await startServer({ port: server.port, log: (m) => messages.push(m) });
  try {
    assert.ok(messages.some((m) => m.includes(second.url)), 'announces the URL it really uses');
    assert.notEqual(second.port, server.port);
    assert.ok(second.port > server.port && second.port < server.port + 10);
    assert.equal((await get(second, '/')).status, 200);
  } finally {
    await second.close();
  }
});
