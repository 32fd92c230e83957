// Browser tests for every package, in Debian's Chromium (the only browser these machines can
// have; see TOOLCHAIN.md). Tests import the TypeScript sources, so they run without a build.
//
//   npx wtr --config web-test-runner.config.mjs                    all groups
//   npx wtr --config web-test-runner.config.mjs --group fw-team-board   one group (one per component)
//
// Files that start msw's service worker run apart, one page at a time (FW_WTR_PASS=mocks), and
// every other file runs two pages at a time (FW_WTR_PASS=rest); with neither, all run together.
// msw reloads a page it finds uncontrolled while a mock worker is registered: a second page
// that loaded while the first page's worker was still installing is reloaded mid-test.
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';

const root = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

// The same map as tsconfig.json `paths`: the workspace symlinks in node_modules point at the
// packages' `exports`, which name dist files that exist only after a build.
const sourceEntries = {
  '@floorwalk/core': '/packages/core/src/index.ts',
  '@floorwalk/core/testing': '/packages/core/src/testing/index.ts',
  '@floorwalk/core/metrics': '/packages/core/src/metrics/index.ts',
  '@floorwalk/core/evaluations': '/packages/core/src/evaluations/index.ts',
  '@floorwalk/core/backplane': '/packages/core/src/backplane/index.ts',
  '@floorwalk/core/tabs': '/packages/core/src/tabs/index.ts',
  '@floorwalk/elements': '/packages/elements/src/index.ts',
};

/** @type {import('@web/test-runner').TestRunnerPlugin} */
const workspaceSources = {
  name: 'floorwalk-workspace-sources',
  resolveImport({ source }) {
    if (Object.hasOwn(sourceEntries, source)) return sourceEntries[source];
    // Every adapter subpath (`simulator`, `genesys/mocks`, ...) is `src/<subpath>/index.ts`.
    const adapter = /^@floorwalk\/adapters\/([a-z-]+(?:\/mocks)?)$/.exec(source);
    if (adapter) return `/packages/adapters/src/${adapter[1]}/index.ts`;
    // Elements subpaths (`define/fw-team-board.js`, `translations/es.js`) mirror src/.
    const element = /^@floorwalk\/elements\/([a-z-]+(?:\/[a-z-]+)?)\.js$/.exec(source);
    return element ? `/packages/elements/src/${element[1]}.ts` : undefined;
  },
};

const chromiumArgs = [
  // Root in a container: Chromium's sandbox needs user namespaces we don't have.
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

const pass = process.env.FW_WTR_PASS ?? 'all';
if (!['all', 'mocks', 'rest'].includes(pass)) throw new Error(`FW_WTR_PASS must be mocks or rest, not ${pass}`);
const resultsFile = join(root, '.cache', pass === 'all' ? 'wtr-results.json' : `wtr-results.${pass}.json`);
// A run that dies before reporting (bad config, no browser) must not leave the previous run's
// totals behind for the root test script to read.
await rm(resultsFile, { force: true });

/**
 * Writes `{ passed, failed, skipped }` over every session, for the root test script's total.
 * A session whose file failed to load (or errored outside any test) has no failing test to
 * count, so the session itself counts as one failure: a broken import must not read as green.
 *
 * @returns {import('@web/test-runner').Reporter}
 */
function totalsReporter() {
  return {
    async onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        const before = totals.failed;
        if (session.testResults) countSuite(session.testResults, totals);
        const failedTests = totals.failed - before;
        if (session.errors.length > 0 || (!session.passed && failedTests === 0)) totals.failed += 1;
      }
      await mkdir(dirname(resultsFile), { recursive: true });
      await writeFile(resultsFile, `${JSON.stringify(totals)}\n`);
    },
  };
}

/**
 * @param {import('@web/test-runner').TestSuiteResult} suite
 * @param {{ passed: number, failed: number, skipped: number }} totals
 */
function countSuite(suite, totals) {
  for (const test of suite.tests) {
    if (test.skipped) totals.skipped += 1;
    else if (test.passed) totals.passed += 1;
    else totals.failed += 1;
  }
  for (const child of suite.suites) countSuite(child, totals);
}

// `*.node.test.ts` files (an example adapter's conformance run, say) are node:test suites, which
// scripts/test.mjs runs with the other Node tests; they would fail to load in a page.
const NODE_ONLY = '.node.test.ts';

// wtr refuses to start when any group's pattern matches nothing, and a package may not have
// browser tests yet, so only groups with at least one file are passed on.
const groupSpecs = [
  { name: 'core', dir: 'packages/core/src', suffix: '.browser.test.ts' },
  { name: 'adapters', dir: 'packages/adapters/src', suffix: '.browser.test.ts' },
  // One group per component (`--group fw-team-board`), and one for the shared internals.
  { name: 'elements-internal', dir: 'packages/elements/src/internal', suffix: '.test.ts' },
  ...componentDirs().map((name) => ({ name, dir: `packages/elements/src/components/${name}`, suffix: '.test.ts' })),
  { name: 'examples', dir: 'examples', suffix: '.test.ts' },
].filter(({ dir, suffix }) => hasFile(join(root, dir), suffix));
// A browser test that imports msw, directly, through an adapter's mocks or through the elements'
// failModule or genesysPage helpers, starts the worker.
const mockFiles = groupSpecs
  .flatMap(({ dir, suffix }) => testFiles(join(root, dir), suffix))
  .filter((file) => /from '(?:msw[/']|[^']*\/mocks'|[^']*\/failing-module\.js'|[^']*\/genesys-supervisor\.js')/.test(readFileSync(file, 'utf8')))
  .map((file) => file.slice(root.length + 1));
const groups = groupSpecs
  .filter(({ dir, suffix }) => pass !== 'rest' || testFiles(join(root, dir), suffix).some((file) => !mockFiles.includes(file.slice(root.length + 1))))
  .map(({ name, dir, suffix }) => ({ name, files: [`${dir}/**/*${suffix}`, `!${dir}/**/*${NODE_ONLY}`, ...(pass === 'rest' ? mockFiles.map((file) => `!${file}`) : [])] }));
const selectedGroups = pass === 'mocks' ? [{ name: 'mocks', files: mockFiles }] : groups;

/** @returns {string[]} the element folders under packages/elements/src/components */
function componentDirs() {
  try {
    return readdirSync(join(root, 'packages/elements/src/components'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

/**
 * @param {string} dir
 * @param {string} suffix
 * @returns {string[]} the absolute paths of the files under dir ending in suffix
 */
function testFiles(dir, suffix) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix) && !entry.name.endsWith(NODE_ONLY) && !entry.parentPath.includes('node_modules'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * @param {string} dir
 * @param {string} suffix
 * @returns {boolean}
 */
function hasFile(dir, suffix) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  return entries.some((entry) =>
    entry.isDirectory() ? entry.name !== 'node_modules' && hasFile(join(dir, entry.name), suffix) : entry.name.endsWith(suffix) && !entry.name.endsWith(NODE_ONLY),
  );
}

/**
 * `a11y-full-snapshot`: `a11ySnapshot` from @web/test-runner-commands (not among wtr's default
 * commands) with every node: puppeteer's default keeps only "interesting" nodes, which drops
 * lists, rows, cells and notes, the very roles the element checklists name. Ignored nodes
 * (aria-hidden, hidden) come back with the role `none`.
 *
 * @returns {import('@web/test-runner').TestRunnerPlugin}
 */
function fullA11ySnapshotPlugin() {
  return {
    name: 'floorwalk-a11y-full-snapshot',
    async executeCommand({ command, payload, session }) {
      if (command !== 'a11y-full-snapshot') return undefined;
      const page = session.browser.getPage(session.id);
      const root = payload?.selector ? await page.$(payload.selector) : null;
      return page.accessibility.snapshot({ interestingOnly: false, ...(root ? { root } : {}) });
    },
  };
}

/**
 * `emulate-timezone` (`{ zone }`) and `reset-timezone`: puppeteer's `page.emulateTimezone`, so a
 * test can read its date-time fields in a zone with a DST change (Europe/London), whatever the
 * machine's own zone is. The page keeps the zone until reset; tests reset it in `afterEach`.
 *
 * @returns {import('@web/test-runner').TestRunnerPlugin}
 */
function timezonePlugin() {
  return {
    name: 'floorwalk-timezone',
    async executeCommand({ command, payload, session }) {
      if (command !== 'emulate-timezone' && command !== 'reset-timezone') return undefined;
      const page = session.browser.getPage(session.id);
      await page.emulateTimezone(command === 'emulate-timezone' ? payload.zone : undefined);
      return true;
    },
  };
}

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  rootDir: root,
  nodeResolve: {
    browser: true,
    // Setting our own list replaces wtr's default `development`; keep it for Lit's dev build and
    // its warnings.
    exportConditions: ['development', 'browser'],
  },
  concurrency: pass === 'mocks' ? 1 : 2,
  concurrentBrowsers: 1,
  browsers: [
    chromeLauncher({
      launchOptions: { args: chromiumArgs },
      // Background tabs get no requestAnimationFrame or ResizeObserver callbacks, so with more
      // than one page at a time each must be its own (foreground) window.
      createPage: ({ context }) => context.newPage({ type: 'window' }),
    }),
  ],
  plugins: [workspaceSources, esbuildPlugin({ ts: true, target: 'es2022', tsconfig: join(root, 'tsconfig.json') }), fullA11ySnapshotPlugin(), timezonePlugin()],
  middleware: [
    // msw's worker must be served from the root scope; streaming the installed copy keeps it in
    // step with the msw version the tests import.
    function mockServiceWorker(context, next) {
      if (context.path !== '/mockServiceWorker.js') return next();
      context.type = 'application/javascript';
      context.set('Service-Worker-Allowed', '/');
      context.body = createReadStream(require.resolve('msw/mockServiceWorker.js'));
      return undefined;
    },
  ],
  groups: selectedGroups,
  reporters: [defaultReporter(), totalsReporter()],
  testFramework: {
    config: { timeout: 10_000 },
  },
};
