// "Done" for the getting-started guide: its page and its ten lines, taken from the markdown as
// they are, bundled and served the way the guide says (esbuild), show a live board in Chromium.
// @floorwalk/* resolve to the sources here (tsconfig paths) instead of the npm packages.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as esbuild from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
// @ts-expect-error plain ESM script without declarations
import { extractSamples, root } from './docs-site.mjs';

interface Sample {
  lang: string;
  flags: Set<string>;
  name?: string;
  code: string;
}

const guide = 'docs/getting-started.md';
const samples = extractSamples(readFileSync(join(root, guide), 'utf8'), guide) as Sample[];
const dir = join(root, '.cache', 'getting-started');

let browser: Browser | undefined;
let context: esbuild.BuildContext | undefined;

before(() => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
});
after(async () => {
  await browser?.close();
  await context?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

test('the getting-started page and main.ts give a working board of 50 agents', async () => {
  const page = samples.find((s) => s.lang === 'html');
  const main = samples.find((s) => s.name === 'getting-started-main');
  assert.ok(page, 'the guide has its index.html');
  assert.ok(main, 'the guide has its main.ts (name=getting-started-main)');
  assert.ok(main.code.trim().split('\n').length <= 10, 'the first board really is ten lines');
  assert.match(page.code, /src="\.\/main\.js"/, 'the page loads what the guide bundles');
  writeFileSync(join(dir, 'index.html'), page.code);
  writeFileSync(join(dir, 'main.ts'), main.code);

  // The guide's command: esbuild main.ts --bundle --format=esm --outfile=main.js --servedir=.
  context = await esbuild.context({
    entryPoints: [join(dir, 'main.ts')],
    bundle: true,
    format: 'esm',
    outfile: join(dir, 'main.js'),
    tsconfig: join(root, 'tsconfig.json'),
    // The paths map the define modules to src/define/*.ts, which the elements package's
    // `sideEffects` (./dist/define/*.js) does not list, so esbuild would drop them as unused.
    // From npm they resolve to dist/define/*.js, which it lists.
    ignoreAnnotations: true,
    logLevel: 'silent',
  });
  const { port } = await context.serve({ servedir: dir, host: '127.0.0.1' });

  browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
  const tab = await browser.newPage();
  const errors: string[] = [];
  tab.on('pageerror', (e) => errors.push(e.message));
  tab.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await tab.goto(`http://127.0.0.1:${port}/`);
  const rows = await tab
    .waitForFunction(
    () => {
      const grid = document.querySelector('fw-team-board')?.shadowRoot?.querySelector('[role="grid"]');
      const count = Number(grid?.getAttribute('aria-rowcount') ?? 0) - 1;
      const rendered = document.querySelector('fw-team-board')?.shadowRoot?.querySelectorAll('[part~="row"]').length ?? 0;
      return count > 0 && rendered > 0 ? { count, rendered } : false;
    },
    undefined,
    { timeout: 30_000 },
    )
    .catch(async (error: Error) => {
      const state = await tab.evaluate(() => document.querySelector('fw-team-board')?.shadowRoot?.innerHTML.slice(0, 1500) ?? 'no board');
      return assert.fail(`${error.message}\npage errors: ${errors.join('\n') || 'none'}\nboard: ${state}`);
    });
  const { count, rendered } = (await rows.jsonValue()) as { count: number; rendered: number };
  assert.equal(count, 50, 'every agent of the simulated centre is on the board');
  assert.ok(rendered > 0);
  const firstRow = await tab.evaluate(() => document.querySelector('fw-team-board')!.shadowRoot!.querySelector('[part~="row"]')!.textContent!.replace(/\s+/g, ' ').trim());
  assert.match(firstRow, /Available|Busy|Break|Meal|Meeting|Training|Away|Offline/, `a row shows a status: ${firstRow}`);
  assert.deepEqual(errors, []);
});
