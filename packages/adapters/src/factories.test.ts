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

test('every factory of every public entry fails with a FloorwalkError on options of the wrong shape', async (t) => {
  const untyped = new Set<string>();
  let factories = 0;
  // Odd shapes carry keys no factory knows: the development build's warnings about them are not
  // what this test reads (the next one does).
  const warn = console.warn;
  console.warn = () => {};
  t.after(() => void (console.warn = warn));
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

test('each adapter’s factory (the simulator’s too) warns (development build; scripts/packages.test.ts checks the published build stays silent) of an option it does not know, and of no known one', async () => {
  const { createGenesysAdapter } = await import('@floorwalk/adapters/genesys');
  const { createTwilioAdapter } = await import('@floorwalk/adapters/twilio');
  const { createAmazonConnectAdapter } = await import('@floorwalk/adapters/amazon-connect');
  const { createSimulatorAdapter } = await import('@floorwalk/adapters/simulator');
  const warned: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void warned.push(args.map(String).join(' '));
  const attempt = (make: () => unknown): void => {
    try {
      make();
    } catch (err) {
      // Incomplete options are refused after the warning; only the warning is checked here.
      assert.ok(isFloorwalkError(err), String(err));
    }
  };
  try {
    const genesys = { region: 'mypurecloud.ie', getAccessToken: () => 't', userId: 'u', watch: { teamIds: ['t'] } };
    attempt(() => createGenesysAdapter({ ...genesys, heartbeatTimeoutMs: 30_000, appointments: 'off' }));
    attempt(() => createTwilioAdapter({ backendUrl: 'https://example.test', teamSids: [] }));
    attempt(() => createAmazonConnectAdapter({ instanceId: 'i', pollIntervalMs: 5_000 }));
    attempt(() => createSimulatorAdapter({ agents: 3, seed: 1, latencyMs: 0 }));
    assert.deepEqual(warned, [], 'known options only: nothing to say');
    attempt(() => createGenesysAdapter({ ...genesys, heartbeatTimeout: 30_000 } as never));
    attempt(() => createTwilioAdapter({ backendUrl: 'https://example.test', teamSid: 'WT1', workerSid: 'WK1' } as never));
    attempt(() => createAmazonConnectAdapter({ instanceId: 'i', pollInterval: 5_000 } as never));
    attempt(() => createSimulatorAdapter({ agent: 3 } as never));
  } finally {
    console.warn = warn;
  }
  assert.equal(warned.length, 4, warned.join('\n'));
  assert.match(warned[0] ?? '', /^Floorwalk \(development build\): createGenesysAdapter ignores the unknown option heartbeatTimeout\. Known options: region, /);
  assert.match(warned[1] ?? '', /createTwilioAdapter ignores the unknown options teamSid, workerSid\./);
  assert.match(warned[2] ?? '', /createAmazonConnectAdapter ignores the unknown option pollInterval\./);
  assert.match(warned[3] ?? '', /createSimulatorAdapter ignores the unknown option agent\./);
});
