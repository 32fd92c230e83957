import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { adapterEntries } from './entries.mjs';

interface ExportTarget {
  readonly types: string;
  readonly development: string;
  readonly default: string;
}

const manifest = JSON.parse(readFileSync(new URL('../packages/adapters/package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, ExportTarget | string>;
};

test('every adapter entry on disk has an exports subpath naming its build output, and nothing else is exported', () => {
  const entries = adapterEntries();
  assert.ok(entries.some(({ name }) => name === 'simulator'), 'the simulator entry is found');
  const expected: Record<string, ExportTarget | string> = { './package.json': './package.json' };
  for (const { name } of entries) {
    expected[`./${name}`] = { types: `./dist/${name}/index.d.ts`, development: `./dist/development/${name}.js`, default: `./dist/${name}.js` };
  }
  assert.deepEqual(manifest.exports, expected);
});
