// The dependency direction of ARCHITECTURE.md, checked on the sources: core knows nothing of
// the DOM, Lit or vendors; adapters and elements never import each other.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '../../..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

function imports(file: string): string[] {
  // Doc comments carry @example imports; only code counts.
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => (m[1] ?? m[2]) as string);
}

test('core imports only its own files, nanoevents and idb-keyval', () => {
  const files = sources(join(root, 'packages/core/src'));
  assert.ok(files.length > 10);
  for (const file of files) {
    for (const spec of imports(file)) {
      assert.ok(spec.startsWith('.') || spec === 'nanoevents' || spec === 'idb-keyval', `${relative(root, file)} imports ${spec}`);
    }
  }
});

test('core source touches no DOM element APIs', () => {
  for (const file of sources(join(root, 'packages/core/src'))) {
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /\b(document|customElements|HTMLElement|window)\b\./, relative(root, file));
  }
});

test('adapters and elements depend on core only through its public entry points', () => {
  for (const [pkg, forbidden] of [
    ['adapters', '@floorwalk/elements'],
    ['elements', '@floorwalk/adapters'],
  ] as const) {
    for (const file of sources(join(root, 'packages', pkg, 'src'))) {
      for (const spec of imports(file)) {
        assert.ok(!spec.startsWith(forbidden), `${relative(root, file)} imports ${spec}`);
        const publicCore = ['@floorwalk/core', '@floorwalk/core/testing', '@floorwalk/core/metrics', '@floorwalk/core/evaluations'];
        if (spec.startsWith('@floorwalk/core')) assert.ok(publicCore.includes(spec), `${relative(root, file)} deep-imports ${spec}`);
        assert.ok(!spec.includes('/src/'), `${relative(root, file)} imports another package's source ${spec}`);
      }
    }
  }
});
