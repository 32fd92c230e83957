// The docs site's plumbing: the /docs route of the dev server and the element reference generator.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
// @ts-expect-error plain ESM script without declarations
import { extractSamples, moduleScripts, renderElementReference, root, tagsIn } from './docs-site.mjs';
import { startServer, type DemoServer } from './serve.mjs';

function get(server: DemoServer, path: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path }, (res) => {
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
const probeDir = join(root, 'docs', 'site', `probe-${process.pid}`);
before(async () => {
  server = await startServer({ port: 0, log: () => {} });
  mkdirSync(probeDir, { recursive: true });
  writeFileSync(join(probeDir, 'index.html'), '<!doctype html><title>probe</title>');
});
after(async () => {
  rmSync(probeDir, { recursive: true, force: true });
  await server.close();
});

test('/docs/ serves the built site, directories by their index.html, and nothing outside it', async () => {
  const page = await get(server, `/docs/probe-${process.pid}/`);
  assert.equal(page.status, 200);
  assert.match(page.type, /^text\/html/);
  assert.match(page.body, /<title>probe<\/title>/);
  assert.equal((await get(server, '/docs/%2e%2e/package.json')).status, 403);
  assert.equal((await get(server, '/docs/no-such-page.html')).status, 404);
});

test('samples: info strings choose compiled, fragment, run and name; other languages are skipped', () => {
  const md = ['# t', '```ts', 'const a = 1;', '```', '```ts fragment', 'x', '```', '```js run name=one', 'y', '```', '```sh', 'npm i', '```', '```html', '<fw-x></fw-x>', '```'].join('\n');
  const samples = extractSamples(md, 't.md') as { line: number; lang: string; flags: Set<string>; name?: string; code: string }[];
  assert.deepEqual(
    samples.map((s) => [s.line, s.lang, [...s.flags].join(','), s.name ?? '', s.code]),
    [
      [3, 'ts', '', '', 'const a = 1;'],
      [6, 'ts', 'fragment', '', 'x'],
      [9, 'js', 'run', 'one', 'y'],
      [15, 'html', '', '', '<fw-x></fw-x>'],
    ],
  );
  const withPrelude = extractSamples(['text', '<!-- sample-prelude', 'declare const token: string;', '-->', '```ts', 'use(token);', '```'].join('\n'), 'p.md') as { prelude?: string }[];
  assert.equal(withPrelude[0]?.prelude, 'declare const token: string;');
  assert.equal((extractSamples(['<!-- other -->', '```ts', 'x', '```'].join('\n'), 'q.md') as { prelude?: string }[])[0]?.prelude, undefined);
  assert.deepEqual(tagsIn('<fw-provider><fw-team-board sort="x"></fw-team-board></fw-provider><div>'), ['fw-provider', 'fw-team-board']);
  const scripts = moduleScripts('<p>\n<script type="module">\nimport "x";\n</script>\n<script>no</script>') as { line: number; code: string }[];
  assert.deepEqual(scripts, [{ line: 1, code: '\nimport "x";\n' }]);
});

test('the element reference escapes table cells and turns {@link} into code', () => {
  const md: string = renderElementReference({
    modules: [
      {
        path: 'a.ts',
        declarations: [
          {
            kind: 'class',
            name: 'FwA',
            tagName: 'fw-a',
            summary: 'A | B',
            description: 'See {@link FwThing}.',
            members: [{ kind: 'field', name: 'mode', attribute: 'mode', type: { text: "'x' | 'y'" }, description: 'line one\nline two' }],
            events: [{ name: 'fw-a-change', description: 'fired' }],
            cssStates: [{ name: 'busy', description: 'working' }],
          },
          { kind: 'class', name: 'NotAnElement' },
        ],
      },
    ],
  });
  assert.match(md, /^## fw-a$/m);
  assert.ok(md.includes('| [`fw-a`](#fw-a) | `FwA` | A \\| B |'), md);
  assert.ok(md.includes("| `mode` | `mode` | `'x' \\| 'y'` |  | line one line two |"), md);
  assert.ok(md.includes('See `FwThing`.'));
  assert.ok(md.includes('| `fw-a-change` | fired |'));
  assert.ok(!md.includes('NotAnElement'));
});
