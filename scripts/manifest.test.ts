// Runs after the build (npm test builds first): the manifest is a build output.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';

const root = new URL('../packages/elements/', import.meta.url);

interface Declaration {
  readonly name: string;
  readonly tagName?: string;
  readonly summary?: string;
  readonly customElement?: boolean;
}

const pascal = (tag: string): string => tag.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());

test('custom-elements.json declares every element a define module registers, with its tag, class and summary', () => {
  const file = new URL('dist/custom-elements.json', root);
  assert.ok(existsSync(file), 'packages/elements/dist/custom-elements.json exists (run the build first)');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { modules: { declarations?: Declaration[] }[] };
  const declared = new Map(manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName).map((d) => [d.tagName, d]));
  const tags = readdirSync(new URL('src/define/', root))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3));
  assert.ok(tags.length >= 2, 'define modules found');
  for (const tag of tags) {
    const source = readFileSync(new URL(`src/define/${tag}.ts`, root), 'utf8');
    assert.match(source, new RegExp(`\\.define\\('${tag}'\\)`), `define/${tag}.ts registers <${tag}>`);
    assert.match(source, new RegExp(`'${tag}': ${pascal(tag)};`), `define/${tag}.ts adds <${tag}> to HTMLElementTagNameMap`);
    const d = declared.get(tag);
    assert.ok(d, `<${tag}> is in the manifest (a @tagname in its class JSDoc)`);
    assert.equal(d.name, pascal(tag));
    assert.ok(d.summary && d.summary.length > 10, `<${tag}> has a @summary`);
  }
  const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { customElements?: string };
  assert.equal(pkg.customElements, 'dist/custom-elements.json');
});
