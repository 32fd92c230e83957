// Every `create…` factory of every public entry of core and the adapters (read from the package
// manifests' export maps, test helpers and mocks aside), called from JavaScript with options of
// any shape: it returns, or throws a FloorwalkError that says what is wrong, never a TypeError
// from deep inside.
//
//   node --experimental-websocket --import tsx --test packages/adapters/src/factories.test.ts
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { isFloorwalkError } from '@floorwalk/core';

const ODD: readonly unknown[] = [undefined, null, 42, '', 'x', {}, [], () => 1, { adapter: null }, { adapter: {}, session: null }, { session: { userId: 42 } }, { agents: -1 }, { region: 42 }, { baseUrl: 42 }];

/** The public entries of a package: its export map's subpaths, without test helpers and mocks. */
function entries(pkg: 'core' | 'adapters'): string[] {
  const manifest = JSON.parse(readFileSync(new URL(`../../${pkg}/package.json`, import.meta.url), 'utf8')) as { name: string; exports: Record<string, unknown> };
  return Object.keys(manifest.exports)
    .filter((path) => !/testing|mocks|\.json$|\.css$/.test(path))
    .map((path) => (path === '.' ? manifest.name : `${manifest.name}/${path.slice(2)}`));
}

test('every factory of every public entry fails with a FloorwalkError on options of the wrong shape', async () => {
  const untyped = new Set<string>();
  let factories = 0;
  for (const entry of [...entries('core'), ...entries('adapters')]) {
    const mod = (await import(entry)) as Record<string, unknown>;
    for (const [name, fn] of Object.entries(mod)) {
      if (typeof fn !== 'function' || !/^create[A-Z]/.test(name)) continue;
      factories++;
      for (const value of ODD) {
        try {
          const made = (fn as (...args: unknown[]) => unknown)(value, value);
          if (made instanceof Promise) await made.catch((err: unknown) => void (isFloorwalkError(err) || untyped.add(`${entry} ${name}: ${String(err)}`)));
        } catch (err) {
          if (!isFloorwalkError(err)) untyped.add(`${entry} ${name}(${JSON.stringify(value) ?? typeof value}): ${String(err)}`);
        }
      }
    }
  }
  assert.ok(factories >= 10, `the factories were found (${factories})`);
  // Before: createFloorwalk(), createMetrics(anything but a client), createEvaluations() and its
  // Genesys form, createAmazonConnectHttpBackend({}), and null options to four more threw TypeErrors.
  assert.deepEqual([...untyped], []);
});
