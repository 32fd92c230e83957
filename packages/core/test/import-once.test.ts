// importOnce, the loader of every part loaded on first need (core's, the adapters', the
// elements'). Browsers before retriable module loading (whatwg/html#10327) remember a failed
// module fetch for the page's life, so a retry must import another URL: the one the browser's
// error names, with a `retry=<n>` query. The errors below are the browsers' own words; the real
// thing (Chromium failing a chunk's request) is in src/internal/parts.browser.test.ts and the
// *.lazy browser tests of the adapters and elements.
//
//   node --import tsx --test packages/core/test/import-once.test.ts
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importOnce } from '@floorwalk/core';

type Fixture = typeof import('./fixtures-import-once.js');
const MODULE = new URL('./fixtures-import-once.ts', import.meta.url).href;

/** A load that fails with `error` until `failing` is cleared, then imports the fixture. */
function loader(error: unknown): { load: () => Promise<Fixture>; calls: number; failing: boolean } {
  const state = {
    calls: 0,
    failing: true,
    load: (): Promise<Fixture> => {
      state.calls++;
      return state.failing ? Promise.reject(error) : import('./fixtures-import-once.js');
    },
  };
  return state;
}

test('Chromium names the module: the next call imports it under a retry query, and later calls reuse that module', async () => {
  const failure = new TypeError(`Failed to fetch dynamically imported module: ${MODULE}`);
  const l = loader(failure);
  const get = importOnce(l.load);
  await assert.rejects(get(), (err) => err === failure, "the browser's own error");
  const loaded = await get();
  assert.equal(loaded.url, `${MODULE}?retry=1`);
  assert.equal(l.calls, 1, 'the remembered URL is not asked for again');
  assert.equal(await get(), loaded, 'loaded once, then reused');
});

test('Firefox names the module; a URL with a query of its own gets the retry as one more parameter', async () => {
  const l = loader(new TypeError(`error loading dynamically imported module: ${MODULE}?v=3`));
  const get = importOnce(l.load);
  await assert.rejects(get());
  assert.equal((await get()).url, `${MODULE}?v=3&retry=1`);
});

test('an error naming no module (Safari, a bundler’s own chunk loader): the next call runs the load again', async () => {
  const l = loader(new TypeError('Importing a module script failed.'));
  const get = importOnce(l.load);
  await assert.rejects(get());
  await assert.rejects(get());
  assert.equal(l.calls, 2);
  l.failing = false;
  const loaded = await get();
  assert.equal(loaded.url, MODULE, 'the plain import');
  assert.equal(l.calls, 3);
  await get();
  assert.equal(l.calls, 3, 'then reused');
});

test('callers at the same time share one load, failed or not; a rejection that is not an Error is passed on as it is', async () => {
  const l = loader('offline');
  const get = importOnce(l.load);
  const failed = await Promise.allSettled([get(), get(), get()]);
  assert.deepEqual(failed.map((r) => r.status === 'rejected' && r.reason), ['offline', 'offline', 'offline']);
  assert.equal(l.calls, 1);
  l.failing = false;
  const [a, b] = await Promise.all([get(), get()]);
  assert.equal(a, b);
  assert.equal(l.calls, 2);
});
