// `npm run docs`: the documentation site in docs/site. typedoc renders the API reference and, as
// project documents, the guides (typedoc.config.mjs lists them) and an element reference that
// this script generates from custom-elements.json, so no element table is written by hand.
//
//   node scripts/docs-site.mjs            build docs/site (warnings fail the build)
//   node scripts/docs-site.mjs --no-cem   reuse the existing custom-elements.json
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const manifestPath = join(root, 'packages', 'elements', 'dist', 'custom-elements.json');
/** Where the generated element reference is written; typedoc.config.mjs includes it. */
export const elementReferencePath = join(root, '.cache', 'docs', 'elements-reference.md');

/**
 * @typedef {{ name: string, description?: string, type?: { text: string }, default?: string,
 *   attribute?: string, fieldName?: string, kind?: string, privacy?: string, static?: boolean,
 *   readonly?: boolean }} ManifestMember
 * @typedef {{ name: string, description?: string }} Named
 * @typedef {{ kind: string, name: string, tagName?: string, customElement?: boolean,
 *   summary?: string, description?: string, attributes?: ManifestMember[], members?: ManifestMember[],
 *   events?: Named[], slots?: Named[], cssParts?: Named[], cssProperties?: Named[],
 *   cssStates?: Named[] }} ManifestDeclaration
 * @typedef {{ modules: { path: string, declarations?: ManifestDeclaration[] }[] }} Manifest
 */

/**
 * The custom elements a manifest declares, sorted by tag.
 *
 * @param {Manifest} manifest
 * @returns {(ManifestDeclaration & { tagName: string, path: string })[]}
 */
export function elementsOf(manifest) {
  const out = [];
  for (const mod of manifest.modules ?? []) {
    for (const d of mod.declarations ?? []) {
      if (d.kind === 'class' && typeof d.tagName === 'string') out.push({ ...d, tagName: d.tagName, path: mod.path });
    }
  }
  return out.sort((a, b) => a.tagName.localeCompare(b.tagName));
}

/**
 * `{@link X}` in a JSDoc description points into the elements' own API, which the typedoc site
 * does not document: shown as code, it cannot become a broken link.
 */
function unlink(text) {
  return String(text).replace(/\{@link(?:code|plain)?\s+([^}|\s]+)(?:[\s|][^}]*)?\}/g, '`$1`');
}

/** A table cell: one line, pipes escaped, so a description cannot break the table. */
function cell(text) {
  if (text === undefined || text === '') return '';
  return unlink(text).replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim();
}

/** Inline code in a table cell; backticks inside would end the span, so they are dropped. */
function code(text) {
  return text === undefined || text === '' ? '' : `\`${String(text).replace(/`/g, '').replace(/\|/g, '\\|')}\``;
}

/**
 * @param {string} heading
 * @param {string[]} columns
 * @param {string[][]} rows
 */
function table(heading, columns, rows) {
  if (rows.length === 0) return '';
  return [
    `### ${heading}`,
    '',
    `| ${columns.join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ].join('\n');
}

/**
 * The public properties of an element, each with its attribute when it has one. Static and
 * private members are Lit and base-class plumbing, not the element's API.
 *
 * @param {ManifestDeclaration} el
 */
function properties(el) {
  const rows = [];
  const seen = new Set();
  for (const m of el.members ?? []) {
    if (m.kind !== 'field' || m.static || m.privacy === 'private' || m.privacy === 'protected') continue;
    if (seen.has(m.name)) continue;
    seen.add(m.name);
    rows.push([code(m.name), code(m.attribute), code(m.type?.text), code(m.default), cell(m.description)]);
  }
  // Attributes with no matching property (rare: attribute-only configuration).
  for (const a of el.attributes ?? []) {
    const name = a.fieldName ?? a.name;
    if (seen.has(name)) continue;
    seen.add(name);
    rows.push(['', code(a.name), code(a.type?.text), code(a.default), cell(a.description)]);
  }
  return rows;
}

/**
 * @param {ManifestDeclaration} el
 */
function methods(el) {
  return (el.members ?? [])
    .filter((m) => m.kind === 'method' && !m.static && m.privacy !== 'private' && m.privacy !== 'protected' && m.description)
    .map((m) => [code(`${m.name}()`), cell(m.description)]);
}

/** @param {Named[] | undefined} list */
const named = (list) => (list ?? []).map((x) => [code(x.name), cell(x.description)]);

/**
 * The element reference as one markdown document: a summary table of every tag, then per tag its
 * properties and attributes, methods, events, slots, CSS parts, custom properties and custom
 * states, straight from the manifest.
 *
 * @param {Manifest} manifest
 * @returns {string}
 */
export function renderElementReference(manifest) {
  const elements = elementsOf(manifest);
  const lines = [
    '---',
    'title: Element reference',
    'group: Reference',
    '---',
    '',
    '# Element reference',
    '',
    'Generated from `custom-elements.json` (the `@floorwalk/elements` package ships it; IDEs read it',
    'too) each time the site is built. Register a tag by importing',
    '`@floorwalk/elements/define/<tag>.js`; see [Embedding the elements](../../docs/guides/elements.md).',
    '',
    '| tag | class | summary |',
    '| --- | --- | --- |',
    ...elements.map((el) => `| [${code(el.tagName)}](#${el.tagName}) | ${code(el.name)} | ${cell(el.summary)} |`),
    '',
  ];
  for (const el of elements) {
    lines.push(`## ${el.tagName}`, '');
    if (el.summary) lines.push(`**${cell(el.summary)}**`, '');
    if (el.description) lines.push(unlink(el.description).trim(), '');
    lines.push(`Class \`${el.name}\`, registered by \`@floorwalk/elements/define/${el.tagName}.js\`.`, '');
    lines.push(table('Properties and attributes', ['property', 'attribute', 'type', 'default', 'description'], properties(el)));
    lines.push(table('Methods', ['method', 'description'], methods(el)));
    lines.push(table('Events', ['event', 'description'], named(el.events)));
    lines.push(table('Slots', ['slot', 'description'], named(el.slots).map(([n, d]) => [n === '``' ? '(default)' : n, d])));
    lines.push(table('CSS parts', ['part', 'description'], named(el.cssParts)));
    lines.push(table('CSS custom properties', ['property', 'description'], named(el.cssProperties)));
    lines.push(table('Custom states', ['state', 'description'], named(el.cssStates).map(([n, d]) => [n.replace(/^`(.*)`$/, '`:state($1)`'), d])));
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** Runs a tool from node_modules/.bin in the repository root; true when it exits 0. */
function tool(name, args) {
  const result = spawnSync(join(root, 'node_modules', '.bin', name), args, { cwd: root, stdio: 'inherit' });
  return result.status === 0;
}

/** (Re)generates custom-elements.json from the element sources. */
export function analyzeElements() {
  return tool('cem', ['analyze', '--config', 'custom-elements-manifest.config.mjs']);
}

/** Writes the element reference from the manifest on disk; returns its path. */
export function writeElementReference() {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  mkdirSync(dirname(elementReferencePath), { recursive: true });
  writeFileSync(elementReferencePath, renderElementReference(manifest));
  return elementReferencePath;
}

async function main() {
  if (!process.argv.includes('--no-cem') && !analyzeElements()) {
    console.error('custom-elements.json could not be generated.');
    process.exit(1);
  }
  writeElementReference();
  // typedoc.config.mjs treats warnings as errors: a broken link in a guide fails the build.
  if (!tool('typedoc', ['--logLevel', 'Warn'])) process.exit(1);
  console.log(`\n  Docs site: ${join(root, 'docs', 'site', 'index.html')} (served at /docs/ by \`npm start\`)\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}

/**
 * @typedef {{ file: string, line: number, lang: string, flags: Set<string>, name?: string,
 *   prelude?: string, code: string }} Sample
 */

const COMPILED = new Map([
  ['ts', 'ts'],
  ['typescript', 'ts'],
  ['js', 'js'],
  ['javascript', 'js'],
  ['html', 'html'],
]);

/**
 * The fenced code blocks of a markdown file that the sample test checks: `ts`/`js` blocks are
 * compiled unless their info string says `fragment`; `run` also executes them; `name=<id>` lets
 * a test find one. `html` blocks have their tags checked and their module scripts compiled.
 * Blocks in other languages (sh, css, text) are left alone.
 *
 * @param {string} markdown
 * @param {string} file the path reported in failures
 * @returns {Sample[]}
 */
export function extractSamples(markdown, file) {
  const out = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(```+|~~~+)\s*([\w-]*)(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, rawLang, rest] = open;
    const body = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      if (lines[j].trimStart().startsWith(fence) && lines[j].trim().replace(/[`~]/g, '') === '') break;
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
    }
    const lang = COMPILED.get(rawLang.toLowerCase());
    if (lang !== undefined) {
      const words = rest.trim().split(/\s+/).filter(Boolean);
      const flags = new Set(words.filter((w) => !w.includes('=')));
      const name = words.find((w) => w.startsWith('name='))?.slice(5);
      const prelude = preludeBefore(lines, i);
      out.push({ file, line: i + 2, lang, flags, ...(name === undefined ? {} : { name }), ...(prelude === undefined ? {} : { prelude }), code: body.join('\n') });
    }
    i = j;
  }
  return out;
}

/**
 * The hidden set-up of a sample: an HTML comment `<!-- sample-prelude ... -->` right above its
 * fence, holding what the host already has (a token, a user id, the vendor SDK's object) as
 * `declare`s and imports. Rendered pages do not show it; the compiler sees it before the sample.
 *
 * @param {string[]} lines
 * @param {number} fence index of the sample's opening fence
 * @returns {string | undefined}
 */
function preludeBefore(lines, fence) {
  let end = fence - 1;
  while (end >= 0 && lines[end].trim() === '') end--;
  if (end < 0 || lines[end].trim() !== '-->') return undefined;
  let start = end - 1;
  while (start >= 0 && !lines[start].trim().startsWith('<!--')) start--;
  if (start < 0 || lines[start].trim() !== '<!-- sample-prelude') return undefined;
  return lines.slice(start + 1, end).join('\n');
}

/**
 * The module scripts of an HTML sample, each with the line it starts on within the sample, so
 * they are compiled like any other JS sample.
 *
 * @param {string} html
 * @returns {{ line: number, code: string }[]}
 */
export function moduleScripts(html) {
  const out = [];
  const re = /<script\b[^>]*\btype=["']module["'][^>]*>([\s\S]*?)<\/script>/g;
  for (let m = re.exec(html); m !== null; m = re.exec(html)) {
    const before = html.slice(0, m.index + m[0].indexOf('>') + 1);
    out.push({ line: before.split('\n').length - 1, code: m[1] });
  }
  return out;
}

/** The custom-element tags an HTML sample uses (`fw-` prefixed, opening tags only). */
export function tagsIn(html) {
  return [...new Set([...html.matchAll(/<(fw-[a-z0-9-]+)[\s>/]/g)].map((m) => m[1]))];
}
