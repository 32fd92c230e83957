// The adapters package's public entries, found on disk so that a new adapter (and its `mocks`)
// needs no edit to the build or docs configs: `src/<name>/index.ts` is the `./<name>` subpath,
// `src/<name>/mocks/index.ts` is `./<name>/mocks`. package.json's `exports` stays explicit (a
// test compares the two).
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const adaptersSrc = join(root, 'packages/adapters/src');

/**
 * @returns {{ name: string, file: string }[]} entry name (the subpath) and its source, relative
 *   to the adapters package
 */
export function adapterEntries() {
  const entries = [];
  for (const dir of readdirSync(adaptersSrc, { withFileTypes: true })) {
    if (!dir.isDirectory() || !existsSync(join(adaptersSrc, dir.name, 'index.ts'))) continue;
    entries.push({ name: dir.name, file: `src/${dir.name}/index.ts` });
    if (existsSync(join(adaptersSrc, dir.name, 'mocks', 'index.ts'))) {
      entries.push({ name: `${dir.name}/mocks`, file: `src/${dir.name}/mocks/index.ts` });
    }
  }
  return entries.sort((a, b) => a.name.localeCompare(b.name));
}

const elementsSrc = join(root, 'packages/elements/src');

/**
 * @returns {{ name: string, file: string }[]} the elements package's entries: the index, one
 *   `define/<tag>` module per element, `define-all`, `testing` and each `translations/<code>`
 */
export function elementEntries() {
  const entries = [{ name: 'index', file: 'src/index.ts' }];
  for (const dir of ['define', 'translations']) {
    if (!existsSync(join(elementsSrc, dir))) continue;
    for (const file of readdirSync(join(elementsSrc, dir))) {
      if (file.endsWith('.ts') && !file.endsWith('.test.ts')) entries.push({ name: `${dir}/${file.slice(0, -3)}`, file: `src/${dir}/${file}` });
    }
  }
  for (const single of ['define-all', 'testing/index']) {
    if (existsSync(join(elementsSrc, `${single}.ts`))) entries.push({ name: single.replace('/index', ''), file: `src/${single}.ts` });
  }
  return entries.sort((a, b) => a.name.localeCompare(b.name));
}
