// Which files `npm test` hands to Node's test runner. Kept apart from scripts/test.mjs (which
// runs everything on import) so a test can check the selection.
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/**
 * @param {string} dir
 * @param {string[]} [out]
 * @returns {string[]} every file under dir, relative to the repository, skipping dependencies,
 *   build output and dot-folders
 */
function walk(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else out.push(relative(root, path));
  }
  return out;
}

/**
 * Node runs the tests of the framework-free code; browser suites are named *.browser.test.ts in
 * core and adapters, and live in elements/ and examples/, where `.test.ts` alone is a browser
 * test and `.node.test.ts` a Node one (an example adapter's conformance run).
 *
 * @returns {string[]} the Node test files, relative to the repository
 */
export function nodeTestFiles() {
  return [
    ...[...walk(join(root, 'packages/core')), ...walk(join(root, 'packages/adapters')), ...walk(join(root, 'scripts'))]
      .filter((f) => f.endsWith('.test.ts') && !f.endsWith('.browser.test.ts'))
      .sort(),
    ...walk(join(root, 'examples')).filter((f) => f.endsWith('.node.test.ts')).sort(),
    // End-to-end tests drive the built demo in Chromium through playwright-core.
    ...walk(join(root, 'examples')).filter((f) => f.endsWith('.e2e.ts')).sort(),
  ];
}
