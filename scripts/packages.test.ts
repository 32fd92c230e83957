// The packages as they would be published: each is packed with `npm pack`, linted by publint and
// by Are the Types Wrong (ESM-only profile), and the tarballs are installed into a fresh project
// where a plain Node script and `tsc` use them the way a consumer would, once with the
// `development` export condition and once without. That pass over the built files stands for
// running the whole suite against both flavours (STYLE.md B.3): the suite itself runs on the
// sources, whose `DEV` flag is on, and this proves that the published files load, run the
// simulator through the conformance suite and differ where they should. Needs the build (npm
// test builds and writes the custom-elements manifest before the node tests):
//
//   npm run build && node --import tsx --test scripts/packages.test.ts
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
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
/** The links of a Markdown text that point into the package: no scheme, no bare `#fragment`. */
function relativeLinks(markdown: string): string[] {
  const targets = [...markdown.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g), ...markdown.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1] as string);
  return targets
    .filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('#') && !t.startsWith('//'))
    .map((t) => decodeURIComponent(t.replace(/[#?].*$/, '')))
    .filter((t) => t !== '');
}

/** The packed file a subpath resolves to under one condition, `*` patterns filled in. */
function resolveExport({ manifest }: Packed, subpath: string, condition: 'development' | 'default'): string {
  for (const [key, target] of Object.entries(manifest.exports)) {
    const file = typeof target === 'string' ? target : (target as Record<string, string>)[condition];
    if (file === undefined) continue;
    if (key === subpath) return file.replace(/^\.\//, '');
    const [prefix, suffix] = key.split('*') as [string, string | undefined];
    if (suffix !== undefined && subpath.startsWith(prefix) && subpath.endsWith(suffix)) {
      return file.replace('*', subpath.slice(prefix.length, subpath.length - suffix.length)).replace(/^\.\//, '');
    }
  }
  throw new Error(`${subpath} is not exported`);
}

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
  test(`@floorwalk/${name}: the tarball holds only the build, package.json and README (the adapters' vendor guides and the elements' own READMEs too)`, () => {
    const { files } = get(name);
    // The package README links each vendor's guide and each element's README (with its
    // accessibility notes), so those ship at the paths it links.
    const guide = (f: string) =>
      (name === 'adapters' && /^src\/[a-z-]+\/README\.md$/.test(f)) || (name === 'elements' && /^src\/components\/fw-[a-z-]+\/(README|a11y)\.md$/.test(f));
    const stray = files.filter((f) => f !== 'package.json' && f !== 'README.md' && !f.startsWith('dist/') && !guide(f));
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

for (const name of PACKAGES) {
  test(`@floorwalk/${name}: every relative link in a packed README names a file in the tarball`, () => {
    const { files } = get(name);
    const readmes = files.filter((f) => f === 'README.md' || f.endsWith('/README.md'));
    const pages = files.filter((f) => f.endsWith('.md'));
    assert.ok(readmes.includes('README.md'));
    if (name === 'adapters') assert.ok(readmes.length >= 5, 'the vendor guides ship');
    if (name === 'elements') assert.ok(readmes.length >= 20 && files.filter((f) => f.endsWith('/a11y.md')).length >= 15, "each element's README and a11y notes ship");
    const broken: string[] = [];
    for (const readme of pages) {
      for (const target of relativeLinks(readFileSync(join(root, 'packages', name, readme), 'utf8'))) {
        const path = posix.normalize(posix.join(posix.dirname(readme), target));
        if (!files.includes(path) && !files.some((f) => f.startsWith(`${path.replace(/\/$/, '')}/`))) broken.push(`${readme} → ${target}`);
      }
    }
    assert.deepEqual(broken, [], 'on npm and in node_modules these links lead nowhere');
  });

  test(`@floorwalk/${name}: every subpath lists types, development and default, in that order, and both builds are packed`, () => {
    const pack = get(name);
    assert.equal(pack.manifest.exports['./package.json'], './package.json');
    const subpaths = Object.entries(pack.manifest.exports).filter(([, target]) => typeof target !== 'string');
    assert.ok(subpaths.length >= 2);
    for (const [key, target] of subpaths) {
      const conditions = target as Record<string, string>;
      assert.deepEqual(Object.keys(conditions), ['types', 'development', 'default'], key);
      assert.equal(conditions.development, conditions.default?.replace('./dist/', './dist/development/'), `${key}: the development build mirrors the default one`);
    }
    for (const subpath of exportedSubpaths(pack)) {
      for (const condition of ['development', 'default'] as const) {
        const file = resolveExport(pack, subpath, condition);
        assert.ok(pack.files.includes(file), `${subpath} (${condition}) → ${file} is packed`);
      }
    }
  });
}

// Text that only the development build says, in a module each flavour publishes.
const DEV_ONLY: Record<PackageName, readonly string[]> = {
  core: ['createFloorwalk ignores the unknown option'],
  adapters: ['ignores the unknown option'],
  elements: ['Load one copy of @floorwalk/elements per page', '<fw-team-board> sort='],
};

for (const name of PACKAGES) {
  test(`@floorwalk/${name}: the default build is minified and leaves out what only the development build says`, () => {
    const { files } = get(name);
    const read = (f: string) => readFileSync(join(root, 'packages', name, f), 'utf8');
    const js = files.filter((f) => f.endsWith('.js'));
    const development = js.filter((f) => f.startsWith('dist/development/'));
    const production = js.filter((f) => !f.startsWith('dist/development/'));
    assert.ok(development.length > 0 && production.length > 0);
    for (const text of DEV_ONLY[name]) {
      assert.ok(development.some((f) => read(f).includes(text)), `the development build says "${text}"`);
      assert.deepEqual(production.filter((f) => read(f).includes(text)), [], `the default build leaves out "${text}"`);
    }
    // Minified: no indentation left. The development build is as rollup prints it.
    const indented = (f: string) => /\n {2,}\S/.test(read(f));
    assert.deepEqual(production.filter(indented), [], 'every default module is minified');
    assert.ok(development.some(indented), 'the development build is readable');
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

let installed: Promise<string> | undefined;

/** A fresh project with the three tarballs installed, made once for the tests that use it. */
function installedApp(): Promise<string> {
  installed ??= (async () => {
    const app = join(work, 'app');
    const tarballs = Object.fromEntries(PACKAGES.map((name) => [`@floorwalk/${name}`, `file:${get(name).tarball}`]));
    rmSync(app, { recursive: true, force: true });
    await run('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'floorwalk-consumer', private: true, type: 'module', dependencies: tarballs }, null, 2));
    // The tarballs' own dependencies come from the npm cache the repository's install filled.
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: app, timeout: 90_000 });
    return app;
  })();
  return installed;
}

test('the tarballs install into a fresh project, where Node runs the simulator and tsc checks the types', { timeout: 120_000 }, async () => {
  const app = await installedApp();

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
  // declarations checked too (skipLibCheck off), every public entry's (so a name a declaration
  // file uses but no file declares fails here, not in a user's build). The @ts-expect-error
  // lines fail the compile if a type went missing and became `any`.
  const entries = publicTypeEntries(app);
  assert.ok(entries.includes('@floorwalk/elements/define/fw-team-board.js') && entries.includes('@floorwalk/core/backplane'), `every typed entry is checked: ${entries.join(', ')}`);
  writeFileSync(
    join(app, 'check.ts'),
    `${entries.map((e, i) => `import type * as entry${i} from '${e}';`).join('\n')}
export type Entries = [${entries.map((_, i) => `typeof entry${i}`).join(', ')}];
import { createFloorwalk, type Agent, type Floorwalk } from '@floorwalk/core';
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

/**
 * Every entry of the installed packages that has declarations, wildcard subpaths expanded to the
 * files they match. The `mocks` subpaths are left out: their types come from msw, which only a
 * project that uses them installs.
 */
function publicTypeEntries(app: string): string[] {
  const entries: string[] = [];
  for (const name of PACKAGES) {
    const dir = join(app, 'node_modules', '@floorwalk', name);
    const { exports } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { exports: Record<string, string | { types?: string }> };
    for (const [subpath, target] of Object.entries(exports)) {
      const types = typeof target === 'string' ? undefined : target.types;
      if (types === undefined || subpath.endsWith('/mocks')) continue;
      const specifier = `@floorwalk/${name}${subpath.slice(1)}`;
      if (!subpath.includes('*')) {
        entries.push(specifier);
        continue;
      }
      const [before, after] = types.split('*') as [string, string];
      const folder = before.slice(0, before.lastIndexOf('/'));
      const prefix = before.slice(folder.length + 1);
      for (const file of readdirSync(join(dir, folder))) {
        if (file.startsWith(prefix) && file.endsWith(after)) entries.push(specifier.replace('*', file.slice(prefix.length, -after.length)));
      }
    }
  }
  return entries;
}

// Run by Node in the installed project, with and without `--conditions=development`: imports each
// entry Node can load (the mocks need the optional msw, the elements a DOM, so those are only
// resolved), misspells an option, and runs the simulator through the conformance suite. The
// simulator's test hooks are not public, so this harness plays a redelivery and an unreadable
// payload at the sink; the sources' own suite covers how the simulator itself does both.
const CONSUMER = `
const [imported, resolvedOnly] = JSON.parse(process.argv[2]);
const warnings = [];
console.warn = (...args) => void warnings.push(args.map(String).join(' '));
for (const specifier of imported) await import(specifier);
const resolved = [...imported, ...resolvedOnly].map((s) => import.meta.resolve(s));
const { createFloorwalk, ErrorCode, FloorwalkError } = await import('@floorwalk/core');
const { adapterConformanceCases, createManualClock } = await import('@floorwalk/core/testing');
const { createSimulatorAdapter } = await import('@floorwalk/adapters/simulator');
createFloorwalk({ adapter: createSimulatorAdapter({ agents: 2 }), session: { userId: 'sup', role: 'supervisor', teamIds: 'all' }, polcy: {} });
const { createGenesysAdapter } = await import('@floorwalk/adapters/genesys');
createGenesysAdapter({ region: 'mypurecloud.ie', getAccessToken: () => 't', userId: 'u', watch: { teamIds: ['t'] }, WebSocket: class {}, heartbeatTimeout: 1 });
const harness = () => {
  const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
  const simulator = createSimulatorAdapter({ clock, agents: 30 });
  let sink;
  let last = [];
  // Writable and configurable, as own properties of the simulator are: the suite wraps the
  // adapter in a Proxy, whose invariants a frozen property would break.
  const own = (value) => ({ value, writable: true, configurable: true, enumerable: true });
  const adapter = Object.create(simulator, {
    connect: own((given) => {
      sink = Object.create(given, { events: own((batch) => ((last = batch), given.events(batch))) });
      return simulator.connect(sink);
    }),
    // A vendor says nothing to an adapter that has disconnected.
    disconnect: own(() => ((sink = undefined), simulator.disconnect())),
  });
  return {
    adapter,
    drive: async () => clock.advance(600_000),
    redeliver: async () => sink?.events(last),
    sendMalformed: async () => sink?.error(new FloorwalkError(ErrorCode.MalformedEvent, 'simulator: a presence record without its presence')),
  };
};
const failed = [];
const cases = adapterConformanceCases('simulator', harness);
for (const c of cases) await c.run().catch((err) => failed.push(c.name + ': ' + String(err?.message ?? err).slice(0, 300)));
console.log(JSON.stringify({ resolved, warnings, cases: cases.length, failed }));
process.exit(0);
`;

test('the installed packages under the development condition and without: the same behaviour, the conformance suite passed, and a warning only in development', { timeout: 180_000 }, async () => {
  const app = await installedApp();
  writeFileSync(join(app, 'flavours.mjs'), CONSUMER);
  const specifiers = (name: PackageName) => exportedSubpaths(get(name)).filter((s) => s !== './package.json').map((s) => `@floorwalk/${name}${s.slice(1)}`);
  const imported = [...specifiers('core'), ...specifiers('adapters').filter((s) => !s.endsWith('/mocks'))];
  // custom-elements.json is one file for both: data, not code.
  const resolvedOnly = [...specifiers('adapters').filter((s) => s.endsWith('/mocks')), ...specifiers('elements').filter((s) => !s.endsWith('.json'))];
  assert.ok(imported.includes('@floorwalk/core/testing') && resolvedOnly.includes('@floorwalk/elements/define/fw-team-board.js'));
  const results: Record<string, { resolved: string[]; warnings: string[]; cases: number; failed: string[] }> = {};
  for (const flavour of ['development', 'default'] as const) {
    const args = [...(flavour === 'development' ? ['--conditions=development'] : []), 'flavours.mjs', JSON.stringify([imported, resolvedOnly])];
    const { stdout } = await run(process.execPath, args, { cwd: app, timeout: 120_000 });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as (typeof results)[string];
    results[flavour] = result;
    assert.ok(result.cases >= 10, `${flavour}: the conformance suite has its cases`);
    assert.deepEqual(result.failed, [], `${flavour}: the simulator passes the conformance suite`);
    for (const url of result.resolved) {
      assert.ok(existsSync(fileURLToPath(url)), `${url} exists`);
      assert.equal(url.includes('/dist/development/'), flavour === 'development', `${url} is the ${flavour} build`);
    }
  }
  assert.ok(results.development?.warnings.some((w) => w.includes('unknown option polcy')), 'the development build warns of the misspelt option');
  assert.ok(results.development?.warnings.some((w) => w.includes('createGenesysAdapter ignores the unknown option heartbeatTimeout')), 'and of an adapter’s');
  assert.deepEqual(results.default?.warnings, [], 'the default build stays silent');
});

test('the published manifests say which Node they need and carry keywords for the registry', () => {
  for (const name of PACKAGES) {
    const m = JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8')) as { engines?: { node?: string }; keywords?: unknown };
    assert.equal(m.engines?.node, '>=20', `${name}: engines.node`);
    assert.ok(Array.isArray(m.keywords) && m.keywords.length >= 3 && m.keywords.every((k) => typeof k === 'string' && k === k.toLowerCase()), `${name}: keywords, lower case`);
    assert.ok((m.keywords as string[]).includes('contact-centre'), `${name}: found under contact-centre`);
  }
});
