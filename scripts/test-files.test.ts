// Where `npm test` runs a test file: an example's `*.node.test.ts` (the Relay adapter's
// conformance run) under Node, and in no browser pass, where a file importing msw/node would be
// loaded into a page by the msw pass and fail.
import assert from 'node:assert/strict';
import { matchesGlob } from 'node:path';
import { test } from 'node:test';
import { nodeTestFiles } from './test-files.mjs';

const file = 'examples/relay-adapter/relay.node.test.ts';

test('an example’s *.node.test.ts is one of the Node test files', () => {
  assert.ok(nodeTestFiles().includes(file));
  assert.ok(!nodeTestFiles().includes('examples/demo/board.test.ts'), 'a plain .test.ts in examples stays a browser test');
});

test('no web-test-runner pass loads an example’s *.node.test.ts in a page', async () => {
  const before = process.env.FW_WTR_PASS;
  try {
    for (const pass of ['mocks', 'rest', 'all']) {
      process.env.FW_WTR_PASS = pass;
      // A query string gives each pass its own instance of the config module.
      const { default: config } = (await import(`../web-test-runner.config.mjs?pass=${pass}`)) as { default: { groups: { name: string; files: string[] }[] } };
      for (const group of config.groups) {
        const included = group.files.some((p) => !p.startsWith('!') && matchesGlob(file, p));
        const excluded = group.files.some((p) => p.startsWith('!') && matchesGlob(file, p.slice(1)));
        assert.ok(!included || excluded, `the ${pass} pass's group ${group.name} loads ${file} in a page`);
      }
    }
  } finally {
    if (before === undefined) delete process.env.FW_WTR_PASS;
    else process.env.FW_WTR_PASS = before;
  }
});
