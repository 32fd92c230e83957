// "Done" for the getting-started guide: its page and its ten lines, taken from the markdown as
// they are, bundled and served the way the guide says (esbuild), show a live board in Chromium.
// Once against the sources (tsconfig paths), once against the built packages through their
// package.json `exports` and `sideEffects`, as a bundler in a fresh project sees them.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
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
const page = samples.find((s) => s.lang === 'html');
const main = samples.find((s) => s.name === 'getting-started-main');
const built = ['core/dist/index.js', 'adapters/dist/simulator.js', 'elements/dist/define/fw-team-board.js'].every((f) => existsSync(join(root, 'packages', f)));

let browser: Browser | undefined;
const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  await browser?.close();
  for (const c of cleanups) await c();
});

/** Writes the guide's two files into `dir`, bundles and serves them, and reads the board. */
async function followGuide(dir: string, options: Partial<esbuild.BuildOptions>, files: Record<string, string> = {}): Promise<void> {
  assert.ok(page, 'the guide has its index.html');
  assert.ok(main, 'the guide has its main.ts (name=getting-started-main)');
  assert.ok(main.code.trim().split('\n').length <= 10, 'the first board really is ten lines');
  assert.match(page.code, /src="\.\/main\.js"/, 'the page loads what the guide bundles');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'index.html'), page.code);
  writeFileSync(join(dir, 'main.ts'), main.code);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);

  // The guide's command: esbuild main.ts --bundle --format=esm --outfile=main.js --servedir=.
  const context = await esbuild.context({
    entryPoints: [join(dir, 'main.ts')],
    bundle: true,
    format: 'esm',
    outfile: join(dir, 'main.js'),
    logLevel: 'silent',
    ...options,
  });
  cleanups.push(() => context.dispose());
  const { port } = await context.serve({ servedir: dir, host: '127.0.0.1' });

  browser ??= await chromium.launch({
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
        const board = document.querySelector('fw-team-board')?.shadowRoot;
        const count = Number(board?.querySelector('[role="grid"]')?.getAttribute('aria-rowcount') ?? 0) - 1;
        const rendered = board?.querySelectorAll('[part~="row"]').length ?? 0;
        return count > 0 && rendered > 0 ? { count, rendered } : false;
      },
      undefined,
      { timeout: 30_000 },
    )
    .catch(async (error: Error) => {
      const defined = await tab.evaluate(() => customElements.get('fw-team-board') !== undefined);
      return assert.fail(`${error.message}\nfw-team-board defined: ${defined}\npage errors: ${errors.join('\n') || 'none'}`);
    });
  const { count } = (await rows.jsonValue()) as { count: number; rendered: number };
  assert.equal(count, 50, 'every agent of the simulated centre is on the board');
  const firstRow = await tab.evaluate(() => document.querySelector('fw-team-board')!.shadowRoot!.querySelector('[part~="row"]')!.textContent!.replace(/\s+/g, ' ').trim());
  assert.match(firstRow, /Available|Busy|Break|Meal|Meeting|Training|Away|Offline/, `a row shows a status: ${firstRow}`);
  assert.deepEqual(errors, []);
  await tab.close();
}

test('the getting-started page and main.ts give a working board of 50 agents (sources)', async () => {
  await followGuide(join(root, '.cache', 'getting-started-src'), {
    tsconfig: join(root, 'tsconfig.json'),
    // The paths map the define modules to src/define/*.ts, which the elements package's
    // `sideEffects` (./dist/define/*.js) does not list, so esbuild would drop them as unused.
    // The built packages below are bundled with sideEffects honoured.
    ignoreAnnotations: true,
  });
});

test('the same, bundled from the built packages through their exports and sideEffects', { skip: built ? false : 'run `npm run build` first' }, async () => {
  const dir = join(root, '.cache', 'getting-started-dist');
  // Its own tsconfig without `paths`, so @floorwalk/* resolve through node_modules and the
  // packages' `exports`, as in a project that installed them from npm.
  const tsconfig = '{ "compilerOptions": { "target": "ES2022", "module": "ESNext", "moduleResolution": "Bundler" } }\n';
  await followGuide(dir, { tsconfig: join(dir, 'tsconfig.json') }, { 'tsconfig.json': tsconfig });
});
