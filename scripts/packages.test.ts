// The packages as they would be published: each is packed with `npm pack`, linted by publint and
// by Are the Types Wrong (ESM-only profile), and the tarballs are installed into a fresh project
// where a plain Node script and `tsc` use them the way a consumer would. Needs the build (npm
// test builds and writes the custom-elements manifest before the node tests):
//
//   npm run build && node --import tsx --test scripts/packages.test.ts
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { elementEntries } from './entries.mjs';

const run = promisify(execFile);
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const PACKAGES = ['core', 'adapters', 'elements'] as const;
type PackageName = (typeof PACKAGES)[number];

interface Packed {
  readonly tarball: string;
  /** Paths inside the package, as `npm pack` lists them. */
  readonly files: readonly string[];
  readonly manifest: { readonly name: string; readonly exports: Record<string, unknown> };
}

const work = mkdtempSync(join(tmpdir(), 'floorwalk-pack-'));
const packed = new Map<PackageName, Packed>();

interface AttwRun {
  readonly entrypoints: string[];
  readonly stdout: string;
  readonly exitCode: number;
}
const attwRuns = new Map<PackageName, Promise<AttwRun>>();

/** Runs the attw CLI on a tarball over every exported entry; never rejects (the test judges). */
async function runAttw(pack: Packed): Promise<AttwRun> {
  const entrypoints = exportedSubpaths(pack);
  try {
    const { stdout } = await run(bin('attw'), [pack.tarball, '--profile', 'esm-only', '--format', 'json', '--entrypoints', ...entrypoints], { maxBuffer: 64 * 1024 * 1024 });
    return { entrypoints, stdout, exitCode: 0 };
  } catch (err) {
    const failed = err as { stdout?: string; code?: number };
    return { entrypoints, stdout: failed.stdout ?? '', exitCode: typeof failed.code === 'number' ? failed.code : 1 };
  }
}

before(async () => {
  for (const name of PACKAGES) {
    const dir = join(root, 'packages', name);
    assert.ok(existsSync(join(dir, 'dist')), `packages/${name}/dist is missing: build first (npm run build)`);
    const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: dir });
    const [info] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    assert.ok(info !== undefined, `npm pack reported the ${name} tarball`);
    packed.set(name, {
      tarball: join(work, info.filename),
      files: info.files.map((f) => f.path),
      manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Packed['manifest'],
    });
  }
  // attw takes seconds per package, mostly waiting on its own type checker: start all three now
  // and let each test await its own.
  for (const name of PACKAGES) attwRuns.set(name, runAttw(get(name)));
});

after(() => rmSync(work, { recursive: true, force: true }));

function get(name: PackageName): Packed {
  const value = packed.get(name);
  assert.ok(value !== undefined, `${name} was packed`);
  return value;
}

/**
 * Every subpath the exports map offers, with `*` patterns expanded over the packed files.
 * Stylesheets are left out: they are linked by pages, not imported, so there are no types to
 * resolve for them and Are the Types Wrong would report them as unresolvable modules.
 */
function exportedSubpaths({ manifest, files }: Packed): string[] {
  const subpaths: string[] = [];
  for (const [key, target] of Object.entries(manifest.exports)) {
    if (key.endsWith('.css')) continue;
    if (!key.includes('*')) {
      subpaths.push(key);
      continue;
    }
    const file = typeof target === 'string' ? target : (target as { default: string }).default;
    const [prefix, suffix] = file.replace(/^\.\//, '').split('*') as [string, string];
    for (const path of files) {
      if (!path.startsWith(prefix) || !path.endsWith(suffix)) continue;
      const match = path.slice(prefix.length, path.length - suffix.length);
      if (!match.includes('/')) subpaths.push(key.replace('*', match));
    }
  }
  return subpaths;
}

for (const name of PACKAGES) {
  test(`@floorwalk/${name}: the tarball holds only the build, package.json and README`, () => {
    const { files } = get(name);
    const stray = files.filter((f) => f !== 'package.json' && f !== 'README.md' && !f.startsWith('dist/'));
    assert.deepEqual(stray, [], 'the files whitelist keeps sources and tests out');
    assert.deepEqual(files.filter((f) => /\.test\.|\/test-/.test(f)), [], 'no test modules or their types are published');
    assert.ok(files.some((f) => f.endsWith('.d.ts')), 'declarations are published');
    // Clean ESM: no CommonJS `require('…')` or `module.exports` in any published module.
    const commonJs = files.filter((f) => f.endsWith('.js') && /(^|[^.\w$])require\(\s*['"`]|\bmodule\.exports\b/.test(readFileSync(join(root, 'packages', name, f), 'utf8')));
    assert.deepEqual(commonJs, [], 'every module is ESM');
  });

  test(`@floorwalk/${name}: publint reports nothing, suggestions included`, async () => {
    const { tarball } = get(name);
    const data = readFileSync(tarball);
    const { messages, pkg } = await publint({
      pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) },
      level: 'suggestion',
      strict: true,
    });
    assert.deepEqual(messages.map((m) => `${m.type}: ${formatMessage(m, pkg) ?? m.code}`), []);
  });

  test(`@floorwalk/${name}: Are the Types Wrong (ESM-only profile) finds no problem in any entry`, async () => {
    const attw = attwRuns.get(name);
    assert.ok(attw !== undefined, `attw ran for ${name}`);
    const { entrypoints, stdout, exitCode } = await attw;
    assert.ok(entrypoints.length >= 2, 'entries were found in the exports map');
    const report = JSON.parse(stdout) as {
      analysis: { types: unknown; entrypoints: Record<string, unknown>; problems: { kind: string; entrypoint?: string; resolutionKind?: string }[] };
    };
    assert.ok(report.analysis.types, 'the package ships its own types');
    assert.deepEqual(Object.keys(report.analysis.entrypoints).sort(), [...entrypoints].sort(), 'every entry was analysed');
    // The ESM-only profile: CommonJS consumers (node10, require under node16) are out of scope.
    const problems = report.analysis.problems.filter((p) => p.resolutionKind !== 'node10' && p.resolutionKind !== 'node16-cjs');
    assert.deepEqual(problems, []);
    assert.equal(exitCode, 0);
  });
}

test('@floorwalk/elements: every built entry is reachable through the exports map, with its types', () => {
  const pack = get('elements');
  const subpaths = new Set(exportedSubpaths(pack));
  const expected = [...elementEntries().map(({ name }) => (name === 'index' ? '.' : name === 'testing' ? './testing' : `./${name}.js`)), './cdn'];
  assert.ok(expected.includes('./define/fw-team-board.js') && expected.includes('./define-all.js'));
  assert.deepEqual(expected.filter((s) => !subpaths.has(s)), [], 'entries missing from exports');
  const cdn = pack.manifest.exports['./cdn'] as { types: string; default: string };
  for (const file of [cdn.types, cdn.default]) assert.ok(pack.files.includes(file.replace(/^\.\//, '')), `${file} is published`);
});

test('the tarballs install into a fresh project, where Node runs the simulator and tsc checks the types', { timeout: 120_000 }, async () => {
  const app = join(work, 'app');
  const tarballs = Object.fromEntries(PACKAGES.map((name) => [`@floorwalk/${name}`, `file:${get(name).tarball}`]));
  rmSync(app, { recursive: true, force: true });
  await run('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'floorwalk-consumer', private: true, type: 'module', dependencies: tarballs }, null, 2));
  // The tarballs' own dependencies come from the npm cache the repository's install filled.
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: app, timeout: 90_000 });

  writeFileSync(
    join(app, 'main.mjs'),
    `import { createFloorwalk } from '@floorwalk/core';
import { createSimulatorAdapter } from '@floorwalk/adapters/simulator';
const adapter = createSimulatorAdapter({ seed: 7, agents: 12 });
const client = createFloorwalk({ adapter, clock: adapter.clock, session: { userId: 'sup', role: 'supervisor', teamIds: 'all' } });
await client.connect();
const agents = client.getAgents();
await client.disconnect();
const resolved = ['@floorwalk/elements', '@floorwalk/elements/define/fw-team-board.js', '@floorwalk/elements/cdn'].map((s) => import.meta.resolve(s));
console.log(JSON.stringify({ status: client.status, agents: agents.length, named: agents.filter((a) => a.name.length > 0).length, resolved }));
process.exit(0);
`,
  );
  const { stdout } = await run(process.execPath, ['main.mjs'], { cwd: app, timeout: 30_000 });
  const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { agents: number; named: number; resolved: string[] };
  assert.equal(result.agents, 12, 'the supervisor sees every simulated agent');
  assert.equal(result.named, 12);
  for (const url of result.resolved) {
    assert.ok(url.startsWith('file://') && url.includes('/node_modules/@floorwalk/elements/dist/'), `${url} resolves into the installed package`);
    assert.ok(existsSync(fileURLToPath(url)), `${url} exists`);
  }

  // Types as a consumer compiles them: NodeNext resolution through the exports maps, our
  // declarations checked too (skipLibCheck off). The @ts-expect-error lines fail the compile if
  // a type went missing and became `any`.
  writeFileSync(
    join(app, 'check.ts'),
    `import { createFloorwalk, type Agent, type Floorwalk } from '@floorwalk/core';
import { createSimulatorAdapter } from '@floorwalk/adapters/simulator';
import { FwTeamBoard, FwStatusToggle } from '@floorwalk/elements';
import '@floorwalk/elements/define/fw-team-board.js';
import * as cdn from '@floorwalk/elements/cdn';

const adapter = createSimulatorAdapter({ seed: 1, agents: 3 });
const client: Floorwalk = createFloorwalk({ adapter, session: { userId: 'u', role: 'supervisor', teamIds: 'all' } });
const agents: readonly Agent[] = client.getAgents();
const board: FwTeamBoard = document.createElement('fw-team-board');
board.client = client;
const toggle: typeof FwStatusToggle = cdn.FwStatusToggle;
const viaCdn: Floorwalk = cdn.createFloorwalk({ adapter: cdn.createSimulatorAdapter({ agents: 2 }), session: { userId: 'u', role: 'agent', agentId: 'a', teamIds: [] } });
// @ts-expect-error a role outside the union
createFloorwalk({ adapter, session: { userId: 'u', role: 'janitor', teamIds: 'all' } });
// @ts-expect-error the board's client is a Floorwalk client
board.client = 42;
export { agents, toggle, viaCdn };
`,
  );
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM', 'DOM.Iterable'], strict: true, noEmit: true, skipLibCheck: false, types: [] },
      files: ['check.ts'],
    }),
  );
  try {
    await run(bin('tsc'), ['-p', join(app, 'tsconfig.json')], { cwd: app, timeout: 60_000 });
  } catch (err) {
    assert.fail(`tsc against the installed packages failed:\n${(err as { stdout?: string }).stdout ?? String(err)}`);
  }
});
