// `npm test`: every check, in order, ending with one "N passed, N failed" line over all suites.
// Steps that are not test suites (type check, build) count as one test each.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ensureChromium, ensureDependencies, ensureNode, root } from './ensure.mjs';
import { nodeTestFiles } from './test-files.mjs';

ensureNode();
ensureDependencies();
const chromium = ensureChromium();

const cache = join(root, '.cache');
mkdirSync(cache, { recursive: true });
const bin = (name) => join(root, 'node_modules', '.bin', name);
const totals = { passed: 0, failed: 0, skipped: 0 };
let steps = 0;
const failures = [];

function run(title, command, args, env = {}) {
  console.log(`\n━━ ${title}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function step(title, command, args) {
  steps++;
  if (run(title, command, args)) totals.passed++;
  else {
    totals.failed++;
    failures.push(title);
  }
}

step('Type check (tsc --noEmit)', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
// The demo is plain JS with JSDoc types, checked on its own so it cannot drift from the API.
step('Type check of the demo (JSDoc)', bin('tsc'), ['-p', 'examples/demo/tsconfig.json']);
step('Type check of the agent desktop example (JSDoc)', bin('tsc'), ['-p', 'examples/agent-desktop/tsconfig.json']);
step('Build (rollup)', bin('rollup'), ['-c', 'rollup.config.mjs', '--silent']);
step('Demo platform bundle (esbuild)', process.execPath, ['scripts/build-demo.mjs']);
step('Example app bundles (esbuild)', process.execPath, ['scripts/build-examples.mjs']);
step('Custom elements manifest', bin('cem'), ['analyze', '--config', 'custom-elements-manifest.config.mjs']);
// typedoc with warnings as errors: an undocumented or unexported public type fails here.
// The docs site: the guides, the element reference generated from the manifest above, and the API.
step('Docs site (typedoc, element reference)', process.execPath, ['scripts/docs-site.mjs', '--no-cem']);

const nodeTests = nodeTestFiles();
const tap = join(cache, 'node-tests.tap');
rmSync(tap, { force: true });
const nodeOk = run(`Node tests (${nodeTests.length} files)`, process.execPath, [
  '--experimental-websocket',
  '--import',
  'tsx',
  '--test',
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=tap',
  `--test-reporter-destination=${tap}`,
  ...nodeTests,
], { CHROME_PATH: chromium });
const count = (text, key) => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
const tapText = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
const node = { passed: count(tapText, 'pass'), failed: count(tapText, 'fail') + count(tapText, 'cancelled'), skipped: count(tapText, 'skipped') + count(tapText, 'todo') };
if (!nodeOk && node.failed === 0) node.failed = 1;
if (node.passed === 0) {
  node.failed++;
  failures.push('node tests ran no test');
}
if (node.failed > 0) failures.push('node tests');
// CI shows only the end of the log, so the summary repeats which node tests failed and why.
const failedNodeTests = notOk(tapText);

/** Each failed test in a TAP file: its name, where it is, and its error's first line. */
function notOk(text) {
  const found = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)not ok \d+ - (.*)$/.exec(lines[i]);
    if (m === null) continue;
    let location = '';
    let error = '';
    for (let j = i + 1; j < lines.length && j < i + 40 && !/^\s*\.\.\.$/.test(lines[j]); j++) {
      const l = /^\s*location: '(.*)'$/.exec(lines[j]);
      if (l !== null) location = relative(root, l[1].replace(/:\d+:\d+$/, ''));
      const e = /^\s*error: (.*)$/.exec(lines[j]);
      if (e !== null) error = e[1].replace(/^[|>]-?$/, (lines[j + 1] ?? '').trim()).replace(/^'(.*)'$/, '$1');
    }
    // A file's or suite's own entry repeats its failed subtest; keep the innermost.
    if (error.startsWith('1 subtest failed') || /subtests? failed/.test(error)) continue;
    found.push(`${m[2]}${location === '' ? '' : ` (${location})`}${error === '' ? '' : `: ${error.slice(0, 200)}`}`);
  }
  return found;
}

// Two passes (see web-test-runner.config.mjs): the files that start msw's worker one page at a
// time, then the rest two at a time. Each pass writes its own totals.
const browser = { passed: 0, failed: 0, skipped: 0 };
for (const pass of ['mocks', 'rest']) {
  const results = join(cache, `wtr-results.${pass}.json`);
  rmSync(results, { force: true });
  const ok = run(`Browser tests (web-test-runner, Chromium; ${pass === 'mocks' ? 'files using msw, one at a time' : 'all other files'})`, bin('wtr'), ['--config', 'web-test-runner.config.mjs'], { CHROME_PATH: chromium, FW_WTR_PASS: pass });
  const totalsOfPass = existsSync(results) ? JSON.parse(readFileSync(results, 'utf8')) : { passed: 0, failed: 1, skipped: 0 };
  if (!ok && totalsOfPass.failed === 0) totalsOfPass.failed = 1;
  if (totalsOfPass.passed === 0) {
    totalsOfPass.failed++;
    failures.push(`browser tests (${pass}) ran no test`);
  }
  browser.passed += totalsOfPass.passed;
  browser.failed += totalsOfPass.failed;
  browser.skipped += totalsOfPass.skipped;
}
if (browser.failed > 0) failures.push('browser tests');

for (const suite of [node, browser]) {
  totals.passed += suite.passed;
  totals.failed += suite.failed;
  totals.skipped += suite.skipped;
}
console.log(`\n━━ Summary`);
console.log(`  ${steps} build checks (type checks, build, docs); node: ${node.passed} passed, ${node.failed} failed; browser: ${browser.passed} passed, ${browser.failed} failed`);
if (failures.length > 0) console.log(`  failing: ${[...new Set(failures)].join(', ')}`);
for (const f of failedNodeTests) console.log(`  ✗ node: ${f}`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped > 0 ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 ? 1 : 0);
