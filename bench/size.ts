/*
 * Bundle sizes of Floorwalk's public entries and of the vendor SDKs a host would otherwise load,
 * measured the same way: esbuild from the sources (no dependency on packages/∗/dist), minified,
 * ESM, browser platform, production conditions, our `DEV` flag off (scripts/dev-flag.mjs), then
 * gzip level 9 with node:zlib. The elements' Lit templates go through scripts/lit-templates.mjs,
 * the transform the published build applies.
 *
 * Shared by bench/size.bench.ts (the report) and scripts/size-budget.test.ts (the budgets in CI),
 * so the figure CI checks and the figure docs/size.md shows come from one measurement.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, type Plugin } from 'esbuild';
import { devFlagEsbuild } from '../scripts/dev-flag.mjs';
import { litTemplatesEsbuild } from '../scripts/lit-templates.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** What a row is: one of ours (budgeted or informational) or a vendor SDK anchor. */
export type SizeKind = 'core' | 'adapter' | 'element' | 'elements' | 'cdn' | 'info' | 'vendor';

/** A budget group from the issue; entries of a group share its limit. */
export type BudgetGroup = 'core' | 'adapter' | 'element' | 'all-elements';

export interface SizeRow {
  readonly name: string;
  readonly kind: SizeKind;
  /** Set on the rows the issue's budgets apply to. */
  readonly budget?: BudgetGroup;
  /** Absent when the entry could not be built (see `note`). */
  readonly minBytes?: number;
  readonly gzipBytes?: number;
  /** What the bundle contains and what was left out of it. */
  readonly includes: string;
  readonly note?: string;
  /** Minified bytes per source file (only when asked for). */
  readonly inputs?: Readonly<Record<string, number>>;
  /** Chunks loaded only on a dynamic `import()`, not in `minBytes`/`gzipBytes` (absent when none). */
  readonly lazyMinBytes?: number;
  readonly lazyGzipBytes?: number;
}

/** The issue's budgets, in gzip bytes (1 KB = 1,024 bytes). */
export const ISSUE_BUDGETS: Readonly<Record<BudgetGroup, number>> = {
  core: 12 * 1024,
  adapter: 5 * 1024,
  element: 8 * 1024,
  'all-elements': 40 * 1024,
};

/** Lit itself: the share of Lit an element leaves to the page's single copy. */
const LIT = [/^lit$/, /^lit\//, /^lit-html(\/|$)/, /^lit-element(\/|$)/, /^@lit\//];
const CORE = [/^@floorwalk\/core(\/|$)/];

/** Marks matching bare specifiers external; they stay imports and add no bytes. */
function externalPlugin(patterns: readonly RegExp[]): Plugin {
  return {
    name: 'floorwalk-size-external',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => (patterns.some((p) => p.test(args.path)) ? { path: args.path, external: true } : undefined));
    },
  };
}

/**
 * The elements package declares its define modules side-effectful by their dist paths only, so
 * bundling from the sources would drop define-all's bare imports (and measure 0 bytes). The same
 * files in dist keep them; this restores that for src.
 */
const defineModulesHaveSideEffects: Plugin = {
  name: 'floorwalk-size-define-side-effects',
  setup(b) {
    b.onResolve({ filter: /\/define(-all|\/[^/]+)\.js$/ }, async (args) => {
      if (args.pluginData === 'inner') return undefined;
      const resolved = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'inner' });
      if (resolved.errors.length > 0 || !/\/packages\/elements\/src\/define(-all\.ts|\/)/.test(resolved.path)) return undefined;
      return { path: resolved.path, sideEffects: true };
    });
  },
};

interface BundleInput {
  /** A file to bundle, or module source (resolved from the repository root). */
  readonly entry: { file: string } | { contents: string };
  readonly external?: readonly RegExp[];
  /** Extra esbuild plugins (the report uses one to measure a source change without making it). */
  readonly plugins?: readonly Plugin[];
  /** Inline dynamic imports into the one file rather than split them out (the CDN bundle is one file). */
  readonly oneFile?: boolean;
}

export interface Bundled {
  /** What a page loads up front: the entry and the chunks it imports statically. */
  readonly minBytes: number;
  readonly gzipBytes: number;
  readonly inputs: Record<string, number>;
  /** The minified code loaded up front. */
  readonly code: string;
  /** Chunks behind a dynamic `import()`, loaded only when the code asks for them (0 when none). */
  readonly lazyMinBytes: number;
  readonly lazyGzipBytes: number;
}

/**
 * Bundles one entry minified and gzips it. Node built-ins a vendor SDK reaches for stay external
 * (the browser field usually stubs them; any left are noted by the caller). Code behind a dynamic
 * `import()` goes into its own chunks, as a host's bundler splits it: the entry's figures are what
 * a page loads up front (the entry and any chunk it imports statically, each gzipped as the file
 * it is), and the lazy chunks are reported apart.
 */
export async function bundle({ entry, external = [], plugins = [], oneFile = false }: BundleInput): Promise<Bundled> {
  const result = await build({
    absWorkingDir: root,
    splitting: !oneFile,
    ...('file' in entry ? { entryPoints: [join(root, entry.file)] } : { stdin: { contents: entry.contents, resolveDir: root, loader: 'ts', sourcefile: 'size-entry.ts' } }),
    bundle: true,
    write: false,
    outdir: join(root, '.cache', 'size'),
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // A host's production build: Lit's production code, no development-only warnings.
    conditions: ['browser', 'production'],
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    tsconfig: join(root, 'tsconfig.json'),
    minify: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
    // Callers' plugins first: a measured source change replaces a file before the templates transform would load it.
    plugins: [...plugins, externalPlugin(external), defineModulesHaveSideEffects, devFlagEsbuild(), litTemplatesEsbuild()],
  });
  const outputs = result.metafile.outputs;
  const js = Object.keys(outputs).filter((f) => f.endsWith('.js'));
  // esbuild marks the target of a dynamic import an entry point too, and emits it even when the
  // code that imports it was shaken out (core's lazily loaded parts, in a bundle that uses little
  // of core): the real entry is the output of the file asked for.
  const asked = 'file' in entry ? relative(root, join(root, entry.file)).split('\\').join('/') : 'size-entry.ts';
  const entries = js.filter((f) => outputs[f]?.entryPoint === asked);
  if (entries.length !== 1) throw new Error(`expected one entry output, got ${entries.length}`);
  /** The outputs reachable from the entry: through static imports only, or through dynamic ones too. */
  const reach = (dynamic: boolean): Set<string> => {
    const found = new Set<string>();
    const queue = [...entries];
    for (let f = queue.pop(); f !== undefined; f = queue.pop()) {
      if (found.has(f)) continue;
      found.add(f);
      for (const i of outputs[f]?.imports ?? []) {
        if (i.external !== true && (i.kind === 'import-statement' || (dynamic && i.kind === 'dynamic-import'))) queue.push(i.path);
      }
    }
    return found;
  };
  const initial = reach(false);
  // A chunk nothing left in the bundle can import is never loaded: not counted as loaded on first need either.
  const loadable = reach(true);
  const contents = new Map(result.outputFiles.map((o) => [relative(root, o.path).split('\\').join('/'), o.contents]));
  const measure = (files: readonly string[]): { min: number; gzip: number } => {
    let min = 0;
    let gzip = 0;
    for (const f of files) {
      const code = contents.get(f);
      if (code === undefined) throw new Error(`no output for ${f}`);
      min += code.byteLength;
      gzip += gzipSync(code, { level: 9 }).byteLength;
    }
    return { min, gzip };
  };
  const up = [...initial];
  const now = measure(up);
  const lazy = measure(js.filter((f) => loadable.has(f) && !initial.has(f)));
  const code = up.map((f) => new TextDecoder().decode(contents.get(f))).join('\n');
  return { minBytes: now.min, gzipBytes: now.gzip, inputs: inputsOf(result.metafile, initial), code, lazyMinBytes: lazy.min, lazyGzipBytes: lazy.gzip };
}

function inputsOf(meta: Metafile, files: ReadonlySet<string>): Record<string, number> {
  const inputs: Record<string, number> = {};
  for (const [name, output] of Object.entries(meta.outputs)) {
    if (!files.has(name)) continue;
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (bytesInOutput > 0) inputs[file] = (inputs[file] ?? 0) + bytesInOutput;
    }
  }
  return inputs;
}

async function row(name: string, kind: SizeKind, input: BundleInput, includes: string, extra: { budget?: BudgetGroup; keepInputs?: boolean } = {}): Promise<SizeRow> {
  const base = { name, kind, includes, ...(extra.budget === undefined ? {} : { budget: extra.budget }) };
  try {
    const b = await bundle(input);
    const lazy = b.lazyGzipBytes > 0 ? { lazyMinBytes: b.lazyMinBytes, lazyGzipBytes: b.lazyGzipBytes, includes: `${includes}; another ${(b.lazyGzipBytes / 1024).toFixed(1)} KB gzip loads only on first need (a dynamic import), not counted here` } : {};
    return { ...base, minBytes: b.minBytes, gzipBytes: b.gzipBytes, ...lazy, ...(extra.keepInputs === true ? { inputs: b.inputs } : {}) };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ...base, note: `build failed: ${message}` };
  }
}

const adaptersSrc = join(root, 'packages/adapters/src');
const elementsSrc = join(root, 'packages/elements/src');

/** Adapter subpaths with an index (mocks are test helpers, not shipped to a page: left out). */
export function adapterNames(): string[] {
  return readdirSync(adaptersSrc, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(adaptersSrc, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
}

export function elementTags(): string[] {
  return readdirSync(join(elementsSrc, 'define'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

/** The CDN entry, when another change has added it: the source, or failing that a built file. */
function cdnEntry(): string | undefined {
  for (const file of ['packages/elements/src/cdn.ts', 'packages/elements/dist/cdn.js']) if (existsSync(join(root, file))) return file;
  return undefined;
}

/**
 * Every Floorwalk row: core; each adapter with core external (budgeted) and with core (for
 * reference); each element's define module with Lit and core external; all elements with Lit;
 * the CDN bundle when it exists.
 */
export async function measureFloorwalk(options: { keepInputs?: boolean; budgetedOnly?: boolean } = {}): Promise<SizeRow[]> {
  const keepInputs = options.keepInputs === true;
  const info = options.budgetedOnly !== true;
  const jobs: Promise<SizeRow>[] = [];
  jobs.push(row('core', 'core', { entry: { file: 'packages/core/src/index.ts' } }, 'every export of @floorwalk/core; nanoevents bundled in (idb-keyval in the IndexedDB storage part, loaded at its first use)', { budget: 'core', keepInputs }));
  for (const name of adapterNames()) {
    const file = `packages/adapters/src/${name}/index.ts`;
    jobs.push(row(`adapters/${name}`, 'adapter', { entry: { file }, external: CORE }, `@floorwalk/adapters/${name}, @floorwalk/core external (shared with the client); ${name === 'simulator' ? 'no vendor: an in-page model of a contact centre' : 'no vendor SDK (speaks the wire format)'}`, { budget: 'adapter', keepInputs }));
    if (info) jobs.push(row(`adapters/${name} + core`, 'info', { entry: { file } }, `@floorwalk/adapters/${name} with the parts of core it uses bundled in`));
  }
  for (const tag of elementTags()) {
    const file = `packages/elements/src/define/${tag}.ts`;
    jobs.push(row(`elements/define/${tag}`, 'element', { entry: { file }, external: [...LIT, ...CORE] }, 'define module; lit, @lit/* and @floorwalk/core external; shared element internals bundled in (@lit-labs/virtualizer, where used, in a chunk loaded on first need)', { budget: 'element', keepInputs }));
  }
  jobs.push(row('elements/define-all + Lit', 'elements', { entry: { file: 'packages/elements/src/define-all.ts' }, external: CORE }, 'every element with Lit and @lit/context bundled in (@lit-labs/virtualizer in a chunk loaded on first need); @floorwalk/core external (budgeted on its own)', { budget: 'all-elements', keepInputs }));
  if (info) jobs.push(row('elements/define-all + Lit + core', 'info', { entry: { file: 'packages/elements/src/define-all.ts' } }, 'every element, Lit and @floorwalk/core: all a page needs besides an adapter'));
  const results = await Promise.all(jobs);
  if (!info) return results;
  const cdn = cdnEntry();
  results.push(
    cdn === undefined
      ? { name: 'elements/cdn', kind: 'cdn', includes: 'the CDN bundle (@floorwalk/elements/cdn)', note: 'not built: packages/elements/src/cdn.ts does not exist in this checkout' }
      : await row('elements/cdn', 'cdn', { entry: { file: cdn }, oneFile: true }, `the CDN bundle, everything bundled in, the board's lazily loaded chunks (virtualizer, row actions menu) inlined as the build does (${cdn})`),
  );
  return results;
}

/** The vendor SDKs a host would load for the same job, bundled whole as an app importing them would. */
export const VENDORS: readonly { name: string; contents: string; includes: string }[] = [
  { name: 'vendor/amazon-connect-streams', contents: "import 'amazon-connect-streams';", includes: 'Amazon Connect Streams (CCP embedding, agent and contact events; registers window.connect)' },
  { name: 'vendor/@amazon-connect/contact', contents: "export * from '@amazon-connect/contact';", includes: 'the @amazon-connect/contact clients (ContactClient, AgentClient) and their @amazon-connect/core' },
  { name: 'vendor/twilio-taskrouter', contents: "export * from 'twilio-taskrouter';", includes: 'TaskRouter JS SDK (workers, reservations, tasks)' },
  { name: 'vendor/twilio-sync', contents: "export * from 'twilio-sync';", includes: 'Twilio Sync JS SDK (documents, maps, lists; the supervisor-side data channel)' },
  { name: 'vendor/purecloud-platform-client-v2', contents: "import platformClient from 'purecloud-platform-client-v2'; export default platformClient;", includes: 'Genesys Cloud Platform API client (every API; it exports one object, so nothing tree-shakes)' },
  { name: 'vendor/genesys-cloud-streaming-client', contents: "export * from 'genesys-cloud-streaming-client';", includes: 'Genesys Cloud streaming client (notifications over XMPP/WebSocket)' },
  // The pair a host loads for one job, in one bundle so shared dependencies count once.
  { name: 'vendor/Amazon Connect (streams + contact)', contents: "import 'amazon-connect-streams'; export * from '@amazon-connect/contact';", includes: 'amazon-connect-streams and @amazon-connect/contact together' },
  { name: 'vendor/Twilio (taskrouter + sync)', contents: "export * as taskrouter from 'twilio-taskrouter'; export * as sync from 'twilio-sync';", includes: 'twilio-taskrouter and twilio-sync together' },
  { name: 'vendor/Genesys (platform client + streaming client)', contents: "import platformClient from 'purecloud-platform-client-v2'; export default platformClient; export * from 'genesys-cloud-streaming-client';", includes: 'purecloud-platform-client-v2 and genesys-cloud-streaming-client together' },
];

export async function measureVendors(): Promise<SizeRow[]> {
  // One at a time: the platform client alone is megabytes of source, and the machine is shared.
  const rows: SizeRow[] = [];
  for (const v of VENDORS) rows.push(await row(v.name, 'vendor', { entry: { contents: v.contents } }, v.includes));
  return rows;
}

/** Which adapter/element package or directory of core a source file belongs to, for attribution. */
export function moduleGroup(file: string): string {
  const rel = file.startsWith('/') ? relative(root, file) : file;
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(rel);
  if (nm !== null) return nm[1] as string;
  const src = /^packages\/([^/]+)\/src\/(.*)$/.exec(rel);
  if (src === null) return rel;
  const parts = (src[2] as string).split('/');
  return `${src[1]}/${parts.length > 1 ? `${parts.slice(0, -1).join('/')}/` : parts[0]}`;
}

/** Core's index with the named export lines dropped: the measured size of making them opt-in subpaths. */
export function coreIndexWithout(dirs: readonly string[]): string {
  const source = readFileSync(join(root, 'packages/core/src/index.ts'), 'utf8');
  // Statements can span lines; split on the semicolons that end them.
  const statements = source.split(/;\s*\n/).filter((s) => s.trim() !== '');
  const kept = statements.filter((s) => !dirs.some((d) => s.includes(`'./${d}/`)));
  return kept
    .map((s) => `${s};`)
    .join('\n')
    .replaceAll("'./", "'./packages/core/src/");
}
