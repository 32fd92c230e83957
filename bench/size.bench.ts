/*
 * Size report: every public entry of Floorwalk beside the vendor SDKs a host would otherwise
 * load, plus where core's bytes go and what measured changes would bring the entries over
 * budget back under it. Writes bench/out/size.json and the generated part of docs/size.md.
 *
 *   node --import tsx bench/size.bench.ts                      (npm run bench:size)
 *   node --import tsx bench/size.bench.ts --record-ceilings    re-record bench/size-budget.json
 *   node --import tsx bench/size.bench.ts --record-ceilings=core,adapters/genesys   only those
 *
 * --record-ceilings is for a deliberate decision (a change accepted to grow an entry that is
 * already over its issue budget, or one that shrank it): it holds every entry over budget to its
 * size now + 1% and drops the ceilings of entries back within budget.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Plugin } from 'esbuild';
import { join } from 'node:path';
import { ISSUE_BUDGETS, bundle, coreIndexWithout, measureFloorwalk, measureVendors, moduleGroup, root, type SizeRow } from './size.js';
import { withoutLongLiterals } from './size-literals.js';
import { CEILINGS_FILE, budgetFor, recordCeilings, type CeilingsFile } from './size-budget.js';

const kb = (bytes: number | undefined): string => (bytes === undefined ? '–' : `${(bytes / 1024).toFixed(1)} KB`);
const t0 = performance.now();

const ours = await measureFloorwalk({ keepInputs: true });
console.log(`• Measured ${ours.length} Floorwalk entries in ${Math.round(performance.now() - t0)} ms.`);
const t1 = performance.now();
const vendors = await measureVendors();
console.log(`• Measured ${vendors.length} vendor SDK anchors in ${Math.round(performance.now() - t1)} ms.`);

// ---------------------------------------------------------------- attribution

/** Minified bytes per group of source files; gzip shares are apportioned from them (an estimate: gzip is not additive). */
function attribute(r: SizeRow, depth: 'group' | 'file'): { name: string; minBytes: number; approxGzipBytes: number }[] {
  const inputs = r.inputs ?? {};
  const total = Object.values(inputs).reduce((a, b) => a + b, 0);
  const sums = new Map<string, number>();
  for (const [file, bytes] of Object.entries(inputs)) {
    const key = depth === 'group' ? moduleGroup(file) : file.replace(/^.*node_modules\//, '');
    sums.set(key, (sums.get(key) ?? 0) + bytes);
  }
  return [...sums]
    .sort((a, b) => b[1] - a[1])
    .map(([name, minBytes]) => ({ name, minBytes, approxGzipBytes: Math.round(((r.gzipBytes ?? 0) * minBytes) / Math.max(1, total)) }));
}

const byName = new Map(ours.map((r) => [r.name, r]));
const attribution: Record<string, ReturnType<typeof attribute>> = {};
for (const r of ours) if (r.budget !== undefined && r.inputs !== undefined) attribution[r.name] = attribute(r, r.name === 'core' ? 'group' : 'file').slice(0, 12);

// ---------------------------------------------------------------- measured proposals

interface Proposal {
  readonly entry: string;
  readonly change: string;
  readonly gzipBytes: number;
  readonly savedGzipBytes: number;
}
const proposals: Proposal[] = [];
const propose = async (entry: string, change: string, contents: string, external: RegExp[] = [], plugins: Plugin[] = []): Promise<void> => {
  const before = byName.get(entry)?.gzipBytes;
  if (before === undefined) return;
  try {
    const b = await bundle({ entry: { contents }, external, plugins });
    proposals.push({ entry, change, gzipBytes: b.gzipBytes, savedGzipBytes: before - b.gzipBytes });
  } catch (error) {
    console.warn(`! proposal "${change}" did not build: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
};
await propose('core', 'move the outbox storage (outbox/) to an opt-in subpath', coreIndexWithout(['outbox']));
await propose(
  'core',
  'what an app importing only createFloorwalk pays (the client and what it reaches)',
  "export { createFloorwalk } from './packages/core/src/client.js';",
);
// Message text: the upper bound of what shorter messages (or codes in place of them) would save.
for (const name of ['core', ...ours.filter((r) => r.kind === 'adapter').map((r) => r.name)]) {
  const r = byName.get(name);
  if (r?.gzipBytes === undefined) continue;
  const b = await bundle(name === 'core' ? { entry: { file: 'packages/core/src/index.ts' } } : { entry: { file: `packages/adapters/src/${name.slice('adapters/'.length)}/index.ts` }, external: [/^@floorwalk\/core(\/|$)/] });
  const stripped = withoutLongLiterals(b.code);
  proposals.push({
    entry: name,
    change: `upper bound: every string/template text over 20 characters (${(stripped.literalBytes / 1024).toFixed(1)} KB minified, mostly messages) gone`,
    gzipBytes: stripped.gzipBytes,
    savedGzipBytes: r.gzipBytes - stripped.gzipBytes,
  });
}

// ---------------------------------------------------------------- budgets

const ceilings: CeilingsFile = JSON.parse(readFileSync(CEILINGS_FILE, 'utf8')) as CeilingsFile;
const recordArg = process.argv.find((a) => a === '--record-ceilings' || a.startsWith('--record-ceilings='));
if (recordArg !== undefined) {
  const named = recordArg.includes('=') ? new Set(recordArg.slice(recordArg.indexOf('=') + 1).split(',')) : undefined;
  const unknown = [...(named ?? [])].filter((name) => !ours.some((r) => r.name === name && r.budget !== undefined));
  if (unknown.length > 0) {
    console.error(`--record-ceilings: no budgeted entry named ${unknown.join(', ')}`);
    process.exit(2);
  }
  const next = recordCeilings(ours, named, ceilings);
  writeFileSync(CEILINGS_FILE, `${JSON.stringify(next, null, 2)}\n`);
  console.log(`• Re-recorded ${Object.keys(next.ceilings).length} ceilings in ${CEILINGS_FILE}.`);
  Object.assign(ceilings, next);
}
const budgets = ours
  .filter((r) => r.budget !== undefined)
  .map((r) => {
    const b = budgetFor(r, ceilings);
    return { name: r.name, gzipBytes: r.gzipBytes, issueBudget: b.issueBudget, ceiling: b.ceiling, withinIssueBudget: b.withinIssueBudget, overBy: b.overBy };
  });

// ---------------------------------------------------------------- output

const strip = ({ inputs: _inputs, ...rest }: SizeRow): Omit<SizeRow, 'inputs'> => rest;
const out = {
  method: 'esbuild 0.27 bundle from the sources: minify, format esm, platform browser, target es2022, conditions browser+production, NODE_ENV=production, Lit templates minified by scripts/lit-templates.mjs as the published build does; gzip: node:zlib level 9. 1 KB = 1,024 bytes.',
  rows: ours.map(strip),
  anchors: vendors.map(strip),
  issueBudgets: ISSUE_BUDGETS,
  budgets,
  attribution,
  proposals,
  node: process.version,
  date: new Date().toISOString(),
};
mkdirSync(join(root, 'bench', 'out'), { recursive: true });
const jsonFile = join(root, 'bench', 'out', 'size.json');
writeFileSync(`${jsonFile}.tmp`, `${JSON.stringify(out, null, 2)}\n`);
renameSync(`${jsonFile}.tmp`, jsonFile);

const table = (rows: readonly SizeRow[]): string[] => [
  '| entry | min | gzip | budget (gzip) | includes |',
  '|---|---:|---:|---|---|',
  ...rows.map((r) => {
    const b = budgets.find((x) => x.name === r.name);
    const budget = b === undefined ? '' : `${kb(b.issueBudget)} ${b.withinIssueBudget ? 'met' : `**over by ${kb(b.overBy)}**`}`;
    const size = r.gzipBytes === undefined ? (r.note ?? 'not measured') : kb(r.gzipBytes);
    return `| ${r.name} | ${kb(r.minBytes)} | ${size} | ${budget} | ${r.includes} |`;
  }),
];
const generated = [
  '<!-- size:begin (generated by `npm run bench:size`; edit the text outside these markers) -->',
  `Measured ${out.date.slice(0, 10)} with Node ${process.version}. ${out.method}`,
  '',
  '### Floorwalk entries',
  '',
  ...table(ours),
  '',
  '### The vendor SDKs a host would otherwise load (dev-only anchors, never shipped)',
  '',
  ...table(vendors),
  '',
  '### Where core\'s bytes go',
  '',
  'Minified bytes per source directory of the core entry; the gzip column apportions the entry\'s gzip size by those bytes (an estimate).',
  '',
  '| source | min | ~gzip |',
  '|---|---:|---:|',
  ...(attribution.core ?? []).map((a) => `| ${a.name} | ${kb(a.minBytes)} | ${kb(a.approxGzipBytes)} |`),
  '',
  '### Measured changes',
  '',
  '| entry | change | gzip after | saves |',
  '|---|---|---:|---:|',
  ...proposals.map((p) => `| ${p.entry} | ${p.change} | ${kb(p.gzipBytes)} | ${kb(p.savedGzipBytes)} |`),
  '<!-- size:end -->',
];
const docFile = join(root, 'docs', 'size.md');
const doc = readFileSync(docFile, 'utf8');
const begin = doc.indexOf('<!-- size:begin');
const end = doc.indexOf('<!-- size:end -->');
if (begin < 0 || end < begin) throw new Error(`${docFile}: the size:begin / size:end markers are missing`);
writeFileSync(docFile, `${doc.slice(0, begin)}${generated.join('\n')}${doc.slice(end + '<!-- size:end -->'.length)}`);

console.log('');
console.table(Object.fromEntries([...ours, ...vendors].map((r) => [r.name, { min: kb(r.minBytes), gzip: r.gzipBytes === undefined ? (r.note ?? '') : kb(r.gzipBytes) }])));
console.table(Object.fromEntries(budgets.map((b) => [b.name, { gzip: kb(b.gzipBytes), 'issue budget': kb(b.issueBudget), ceiling: b.ceiling === undefined ? '' : kb(b.ceiling), met: b.withinIssueBudget ? 'yes' : `NO, over by ${kb(b.overBy)}` }])));
console.table(Object.fromEntries(proposals.map((p) => [`${p.entry}: ${p.change}`, { after: kb(p.gzipBytes), saves: kb(p.savedGzipBytes) }])));
console.log(`Wrote ${jsonFile} and ${docFile} (${((performance.now() - t0) / 1000).toFixed(1)} s in all)`);
