// The build transform that minifies Lit's css``, html`` and svg`` templates (scripts/lit-templates.mjs):
// tricky inputs, expressions kept in number and value, source maps that still point at the source,
// and every element source going through it to valid TypeScript with the same templates.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { LIT_SOURCES, minifyCssParts, minifyHtmlParts, minifyLitTemplates } from './lit-templates.mjs';

/** Runs JavaScript `code` whose templates are tagged by css/html/svg recorders; returns what each tag saw. */
function run(code: string): { tag: string; strings: string[]; values: unknown[] }[] {
  const seen: { tag: string; strings: string[]; values: unknown[] }[] = [];
  const tag =
    (name: string) =>
    (strings: TemplateStringsArray, ...values: unknown[]): string => {
      seen.push({ tag: name, strings: [...strings], values });
      return `<${name}>`;
    };
  new Function('css', 'html', 'svg', code)(tag('css'), tag('html'), tag('svg'));
  return seen;
}

const minified = (code: string): string => minifyLitTemplates(code)?.code ?? code;

describe('css`` templates', () => {
  it('drops comments and collapses whitespace to what CSS syntax needs', () => {
    const [out] = minifyCssParts([`
      /* why this rule */
      :host {
        display: block;   /* trailing */
        margin: 0 auto;
      }
      .a > .b ,  .c   .d:hover { color : red !important; }
      :host([hidden]) ::slotted(*) { grid-column: 1 / -1; inline-size: calc(100% - 2px); }
      @media (forced-colors: active) and (max-width: 30rem) { .a { border: 1px solid CanvasText; } }
    `]);
    assert.equal(
      out,
      ':host{display:block;margin:0 auto}.a>.b,.c .d:hover{color :red!important}' +
        ':host([hidden]) ::slotted(*){grid-column:1 / -1;inline-size:calc(100% - 2px)}' +
        '@media (forced-colors:active) and (max-width:30rem){.a{border:1px solid CanvasText}}',
    );
  });

  it('keeps quoted strings, url() and escapes exactly as written', () => {
    const [out] = minifyCssParts([`.a::before { content: "  two  spaces /* not a comment */ " ; }
      .b::after { content:'it\\'s  {here}'; }
      .c { background: url( data:image/svg+xml;utf8,a  b ); }
      .d::before { content: "\\2014  "; }`]);
    assert.equal(
      out,
      `.a::before{content:"  two  spaces /* not a comment */ "}.b::after{content:'it\\'s  {here}'}` +
        `.c{background:url( data:image/svg+xml;utf8,a  b )}.d::before{content:"\\2014  "}`,
    );
  });

  it('keeps a space beside an expression unless the other side needs none', () => {
    const out = minifyCssParts(['\n  .a ', ' {\n  width: calc(', ' + 1px);\n  color: ', ';\n}\n']);
    assert.deepEqual(out, ['.a ', '{width:calc(', ' + 1px);color:', '}']);
  });

  it('carries an open string across an expression, and keeps a comment that an expression falls inside', () => {
    assert.deepEqual(minifyCssParts(['.a { content: "  ', '  "; }']), ['.a{content:"  ', '  "}']);
    assert.deepEqual(minifyCssParts(['.a { color: red; /* see ', ' */ }']), ['.a{color:red;/* see ', ' */}']);
  });
  it('drops the semicolon before a closing brace and the zero before a decimal point', () => {
    const [out] = minifyCssParts([`
      .a { margin: 0.5rem 0 0.25rem; box-shadow: 0 4px 16px rgb(0 0 0 / 0.18); }
      .b { inline-size: 10.5px; padding: 0; /* last */ }
      .c { transform: scale(0.75, 0.5); }
    `]);
    assert.equal(out, '.a{margin:.5rem 0 .25rem;box-shadow:0 4px 16px rgb(0 0 0 / .18)}.b{inline-size:10.5px;padding:0}.c{transform:scale(.75,.5)}');
  });

  it('keeps a semicolon an expression follows, and zeros inside names, strings and url()', () => {
    // The expression may be another declaration; `a0.5` is not a number; strings are as written.
    assert.deepEqual(minifyCssParts(['.a { color: red; ', ' }']), ['.a{color:red;', '}']);
    const [out] = minifyCssParts([`.x0 .y { content: " 0.5 "; background: url(a 0.5.png); grid-area: a0.5; }`]);
    assert.equal(out, `.x0 .y{content:" 0.5 ";background:url(a 0.5.png);grid-area:a0.5}`);
  });
});

describe('html`` and svg`` templates', () => {
  it('collapses whitespace in text to one space and drops it before the end of a tag', () => {
    const [out] = minifyHtmlParts([`
      <section
        class="panel"
        role="region"
      >
        <h2>Title</h2>
        <p>one   two</p>
        <br />
      </section>
    `]);
    assert.equal(out, ' <section class="panel" role="region"> <h2>Title</h2> <p>one two</p> <br/> </section> ');
  });

  it('keeps <pre>, <textarea>, <style> content and quoted attribute values as written', () => {
    const [out] = minifyHtmlParts([`<pre>  a
   b </pre>   <textarea>  x  </textarea>  <style> .a  { } </style> <div title="  spaced   title "  data-x='a  b'></div>`]);
    assert.equal(out, `<pre>  a\n   b </pre> <textarea>  x  </textarea> <style> .a  { } </style> <div title="  spaced   title " data-x='a  b'></div>`);
  });

  it('drops comments, but keeps one that an expression falls inside', () => {
    assert.deepEqual(minifyHtmlParts(['<p>a<!-- gone --> b</p>']), ['<p>a b</p>']);
    assert.deepEqual(minifyHtmlParts(['<p><!-- ', ' --></p>']), ['<p><!-- ', ' --></p>']);
  });

  it('keeps the space that separates an attribute binding from what is before it', () => {
    const out = minifyHtmlParts(['<button\n  class="b"\n  @click=', '\n  ?disabled=', '\n>\n  ', '\n</button>']);
    assert.deepEqual(out, ['<button class="b" @click=', ' ?disabled=', '> ', ' </button>']);
  });

  it('carries a <textarea> across an expression in its attributes', () => {
    const out = minifyHtmlParts(['<textarea\n  .value=', '\n>  keep  ', '  this  </textarea>  <p>  x</p>']);
    assert.deepEqual(out, ['<textarea .value=', '>  keep  ', '  this  </textarea> <p> x</p>']);
  });
});

describe('minifyLitTemplates', () => {
  it('changes only tagged css/html/svg templates, and keeps every expression and its value', () => {
    const source = `
      const items = ['a', 'b'];
      const plain = \`  not   a   template   \${items.length}  \`;
      const obj = { html: (s) => s.raw.join('|') };
      const notLit = obj.html\`  left   alone  \`;
      const re = /\`  html\`/g;
      const text = 'css\`  in a string  \`';
      const styles = css\`
        :host {  color: \${'red'};  }
      \`;
      const view = html\`
        <ul>
          \${items.map((i) => html\`<li class="\${i}">  \${i}  </li>\`)}
        </ul>
        <p>\${ { a: 1 }.a }</p>
      \`;
      const icon = svg\`<svg viewBox="0 0 16 16">
        <path d="M1 1 L 15 15"></path>
      </svg>\`;
      return { plain, notLit, re: re.source, text, styles, view, icon };
    `;
    const before = run(source);
    const after = run(minified(source));
    assert.equal(after.length, before.length);
    for (const [k, b] of before.entries()) {
      const a = after[k];
      assert.equal(a?.tag, b.tag);
      assert.deepEqual(a?.values, b.values, `${b.tag} template ${k}: expressions changed`);
      assert.equal(a?.strings.length, b.strings.length);
    }
    assert.deepEqual(
      after.map((x) => x.strings),
      [[':host{color:', '}'], ['<li class="', '"> ', ' </li>'], ['<li class="', '"> ', ' </li>'], [' <ul> ', ' </ul> <p>', '</p> '], ['<svg viewBox="0 0 16 16"> <path d="M1 1 L 15 15"></path> </svg>']],
    );
    const returned = new Function('css', 'html', 'svg', minified(source))(() => '', () => '', () => '') as Record<string, string>;
    assert.equal(returned.plain, `  not   a   template   2  `);
    assert.equal(returned.notLit, '  left   alone  ');
    assert.equal(returned.re, '`  html`');
    assert.equal(returned.text, 'css`  in a string  `');
  });

  it('returns undefined when there is nothing to change', () => {
    assert.equal(minifyLitTemplates('const a = css`:host{display:block}`; const b = `  x  `;'), undefined);
  });

  it('writes a source map whose every mapped identifier is the same identifier in the source', () => {
    // An element whose own module holds most of its templates (fw-chat's composer now loads apart).
    const source = readFileSync(join(import.meta.dirname, '..', 'packages/elements/src/components/fw-status-toggle/fw-status-toggle.ts'), 'utf8');
    const result = minifyLitTemplates(source, 'fw-status-toggle.ts');
    assert.ok(result !== undefined);
    assert.ok(result.code.length < source.length - 400, 'the status toggle has templates worth minifying');
    const generated = result.code.split('\n');
    const original = source.split('\n');
    let checked = 0;
    for (const [g, o] of decode(result.map.mappings)) {
      const word = /^[A-Za-z_$][\w$]*/.exec(generated[g.line]?.slice(g.column) ?? '');
      if (word === null) continue;
      assert.equal(original[o.line]?.slice(o.column, o.column + word[0].length), word[0], `generated ${g.line + 1}:${g.column}`);
      checked++;
    }
    assert.ok(checked > 1000, `only ${checked} identifiers mapped`);
    assert.deepEqual(result.map.sources, ['fw-status-toggle.ts']);
  });

  it('takes every element source to valid TypeScript with the same template expressions', () => {
    const dir = join(import.meta.dirname, '..', 'packages/elements/src');
    const files = (readdirSync(dir, { recursive: true }) as string[]).map((f) => join(dir, f)).filter((f) => LIT_SOURCES.test(f) && !f.endsWith('.test.ts'));
    assert.ok(files.length > 40, `found ${files.length} element sources`);
    let changed = 0;
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      const result = minifyLitTemplates(source, file);
      if (result === undefined) continue;
      changed++;
      const parsed = ts.createSourceFile(file, result.code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
      const diagnostics = (parsed as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
      assert.deepEqual(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), [], file);
      assert.deepEqual(expressions(result.code, file), expressions(source, file), `${file}: template expressions changed`);
    }
    assert.ok(changed > 30, `only ${changed} files had templates to minify`);
  });
});

/**
 * Each tagged template's tag and number of expressions, in order, and the source text of every
 * expression that holds no template itself (those that do change with the templates inside).
 */
function expressions(code: string, file: string): string[] {
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node)) {
      const spans = ts.isTemplateExpression(node.template) ? node.template.templateSpans : [];
      out.push(`${node.tag.getText()}: ${spans.length}`);
      for (const span of spans) if (!span.expression.getText().includes('`')) out.push(span.expression.getText());
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(file, code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS));
  return out;
}

/** Segments of a source map's mappings: generated and original line and column (0-based). */
function decode(mappings: string): [{ line: number; column: number }, { line: number; column: number }][] {
  const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const out: [{ line: number; column: number }, { line: number; column: number }][] = [];
  let line = 0;
  let column = 0;
  mappings.split(';').forEach((segments, g) => {
    let gc = 0;
    for (const segment of segments.split(',').filter((s) => s !== '')) {
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const ch of segment) {
        const d = digits.indexOf(ch);
        value += (d & 31) << shift;
        if (d & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      gc += fields[0] ?? 0;
      if (fields.length < 4) continue;
      line += fields[2] ?? 0;
      column += fields[3] ?? 0;
      out.push([{ line: g, column: gc }, { line, column }]);
    }
  });
  return out;
}
