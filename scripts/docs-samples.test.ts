// Every code sample in the docs is compiled against the sources (tsconfig paths map @floorwalk/*
// to packages/*/src), and those marked `run` are executed, so a guide cannot drift from the API.
// A block that is deliberately a fragment says so in its info string (```ts fragment).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import ts from 'typescript';
// @ts-expect-error plain ESM script without declarations
import { analyzeElements, elementsOf, extractSamples, manifestPath, moduleScripts, renderElementReference, root, tagsIn } from './docs-site.mjs';

interface Sample {
  file: string;
  line: number;
  lang: 'ts' | 'js' | 'html';
  flags: Set<string>;
  name?: string;
  prelude?: string;
  code: string;
}

/**
 * The markdown of the docs site: the docs tree and the root README. (Package and element READMEs
 * are their owners' and are not held to this yet.)
 */
function docFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === 'site' || entry.name === 'api' || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) out.push(relative(root, path));
    }
  };
  walk(join(root, 'docs'));
  out.push('README.md');
  return out.sort();
}

const samples: Sample[] = docFiles().flatMap((file) => extractSamples(readFileSync(join(root, file), 'utf8'), file) as Sample[]);
const outDir = join(root, '.cache', 'doc-samples');

/** Where a sample is written: one module per sample, named after where it came from. */
function fileFor(s: Sample, suffix = ''): string {
  const slug = s.file.replace(/\.md$/, '').replace(/[^a-zA-Z0-9]+/g, '-');
  return join(outDir, `${slug}-L${s.line}${suffix}.${s.lang === 'ts' ? 'ts' : 'js'}`);
}

/** Each sample is its own module, so top-level names cannot clash between samples. */
function asModule(code: string): string {
  return /^\s*(import|export)\b/m.test(code) ? code : `${code}\nexport {};\n`;
}

interface Unit {
  readonly sample: Sample;
  readonly path: string;
  readonly code: string;
  /** Line of the unit's first line in the markdown file. */
  readonly line: number;
}

const units: Unit[] = [];
for (const s of samples) {
  if (s.flags.has('fragment')) continue;
  if (s.lang === 'html') {
    for (const script of moduleScripts(s.code) as { line: number; code: string }[]) {
      units.push({ sample: { ...s, lang: 'js' }, code: script.code, path: fileFor({ ...s, lang: 'js' }, `-script${script.line}`), line: s.line + script.line });
    }
  } else {
    const prelude = s.prelude === undefined ? '' : `${s.prelude}\n`;
    // Lines of the prelude count before the sample's first line, so errors still point into it.
    units.push({ sample: s, code: prelude + s.code, path: fileFor(s), line: s.line - (prelude.split('\n').length - 1) });
  }
}

describe('docs code samples', () => {
  before(() => {
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    for (const u of units) writeFileSync(u.path, asModule(u.code));
  });
  after(() => rmSync(outDir, { recursive: true, force: true }));

  test('the docs have samples, and the getting-started guide has a runnable one', () => {
    assert.ok(units.length >= 10, `only ${units.length} compiled samples found`);
    const started = samples.filter((s) => s.file === 'docs/getting-started.md');
    assert.ok(started.some((s) => s.flags.has('run')), 'getting-started has a `run` sample');
  });

  test('every ts/js sample type-checks against the sources', () => {
    const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    });
    assert.ok(config);
    const program = ts.createProgram(
      units.map((u) => u.path),
      // JS samples are checked too (a host page's script), but not held to `noUnchecked…` rules
      // they cannot express without types.
      { ...config.options, noEmit: true, allowJs: true, checkJs: true, declaration: false, sourceMap: false, composite: false, incremental: false },
    );
    const byPath = new Map(units.map((u) => [u.path, u]));
    const problems: string[] = [];
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const unit = d.file === undefined ? undefined : byPath.get(d.file.fileName);
      const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      if (unit === undefined || d.file === undefined || d.start === undefined) {
        // Errors in the sources themselves are the type-check step's business, not this test's.
        if (d.file === undefined) problems.push(message);
        continue;
      }
      const { line } = d.file.getLineAndCharacterOfPosition(d.start);
      problems.push(`${unit.sample.file}:${unit.line + line}: ${message}`);
    }
    assert.deepEqual(problems, [], `samples that do not compile:\n${problems.join('\n')}`);
  });

  test('every HTML sample uses only tags the elements manifest declares', () => {
    if (!existsSync(manifestPath)) assert.ok(analyzeElements(), 'custom-elements.json generated');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const known = new Set((elementsOf(manifest) as { tagName: string }[]).map((e) => e.tagName));
    assert.ok(known.has('fw-team-board'), 'the manifest lists fw-team-board');
    const html = samples.filter((s) => s.lang === 'html');
    assert.ok(html.length > 0, 'there are HTML samples');
    const unknown = html.flatMap((s) => (tagsIn(s.code) as string[]).filter((t) => !known.has(t)).map((t) => `${s.file}:${s.line}: <${t}>`));
    assert.deepEqual(unknown, []);
  });

  test('the generated element reference covers every element with its tables', () => {
    if (!existsSync(manifestPath)) assert.ok(analyzeElements(), 'custom-elements.json generated');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const md: string = renderElementReference(manifest);
    for (const el of elementsOf(manifest) as { tagName: string; cssParts?: { name: string }[]; events?: { name: string }[] }[]) {
      assert.match(md, new RegExp(`^## ${el.tagName}$`, 'm'));
      for (const p of el.cssParts ?? []) assert.ok(md.includes(`| \`${p.name}\` |`), `${el.tagName} part ${p.name}`);
      for (const e of el.events ?? []) assert.ok(md.includes(`| \`${e.name}\` |`), `${el.tagName} event ${e.name}`);
    }
    assert.match(md, /\| `agentId` \| `agent-id` \|/, 'properties are listed with their attributes');
  });

  for (const u of units.filter((x) => x.sample.flags.has('run'))) {
    test(`runs ${u.sample.file}:${u.sample.line}`, () => {
      // A sample that runs node:test cases reports in plain TAP, not in the protocol this runner
      // would otherwise ask its children for.
      const env = { ...process.env };
      delete env['NODE_TEST_CONTEXT'];
      const result = spawnSync(process.execPath, ['--experimental-websocket', '--test-reporter=tap', '--import', 'tsx', u.path], {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
        env,
      });
      assert.equal(result.status, 0, `exit ${result.status}\n${result.stdout}\n${result.stderr}`);
      // A sample that says what it prints is held to it: `// prints: <regexp>` lines.
      for (const m of u.code.matchAll(/\/\/ prints: (.+)$/gm)) assert.match(result.stdout, new RegExp(m[1]!.trim()));
    });
  }
});
