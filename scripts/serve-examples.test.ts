// The examples as the dev server serves them: /examples/<name>/ maps into examples/, and the
// same traversal guards as the rest of the server apply.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { startServer, type DemoServer } from './serve.mjs';

let server: DemoServer;

before(async () => {
  server = await startServer({ port: 0, log: () => {} });
});

after(async () => {
  await server?.close();
});

const get = (path: string) => fetch(new URL(path, server.url), { redirect: 'manual' });

/** The status for a raw request target, which fetch would normalise (`%2e%2e` to `..`) first. */
function rawStatus(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

test('each example page is served at /examples/<name>/', async () => {
  for (const name of ['cdn', 'react', 'vue', 'agent-desktop', 'embedder']) {
    const response = await get(`/examples/${name}/`);
    assert.equal(response.status, 200, name);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(await response.text(), readFileSync(new URL(`../examples/${name}/index.html`, import.meta.url), 'utf8'));
  }
  const script = await get('/examples/agent-desktop/desktop.js');
  assert.equal(script.status, 200);
  assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
});

test('/examples itself, missing examples and traversal out of examples/ are refused', async () => {
  assert.equal((await get('/examples/')).status, 404);
  assert.equal((await get('/examples/no-such-example/')).status, 404);
  assert.equal(await rawStatus('/examples/%2e%2e/package.json'), 403);
  assert.equal(await rawStatus('/examples/cdn/%2e%2e/%2e%2e/package.json'), 403);
  assert.equal(await rawStatus('/examples/..%2fpackage.json'), 403);
});
