/*
 * Minifies the static text of Lit's tagged templates (css``, html``, svg``) in a module's source:
 * comments out of CSS, runs of whitespace down to one space (or none where CSS syntax makes the
 * space meaningless), the semicolon before a block's closing brace, and a number's leading zero
 * (`0.5rem` → `.5rem`). The published elements (rollup) and the size bench (esbuild) both run this
 * one transform, so the bench measures what a host gets from the package.
 *
 * Only the text between `${}` expressions changes, never the number or order of expressions, so
 * Lit sees the same template parts. What is kept as written: quoted CSS strings and url(...),
 * quoted HTML attribute values, the content of <pre>, <textarea>, <script> and <style>, and any
 * comment that an expression falls inside. In HTML text a whitespace run becomes one space rather
 * than nothing, since between inline content one space renders the same as many and none does not.
 */
import ts from 'typescript';

/** Tags whose templates are minified, and the language of their text. */
const TAGS = { css: 'css', html: 'html', svg: 'html' };

const isSpace = (c) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';

// Tokens after which a `/` divides rather than starting a regular expression.
const ENDS_EXPRESSION = new Set([
  ts.SyntaxKind.Identifier,
  ts.SyntaxKind.CloseParenToken,
  ts.SyntaxKind.CloseBracketToken,
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.BigIntLiteral,
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.CloseBraceToken,
  ts.SyntaxKind.ThisKeyword,
  ts.SyntaxKind.SuperKeyword,
  ts.SyntaxKind.TrueKeyword,
  ts.SyntaxKind.FalseKeyword,
  ts.SyntaxKind.NullKeyword,
  ts.SyntaxKind.PlusPlusToken,
  ts.SyntaxKind.MinusMinusToken,
]);

// CSS punctuation that needs no space on either side of it.
const CSS_TIGHT_BEFORE = new Set(['{', '}', ';', ',', '>', ':', '(']);
const CSS_TIGHT_AFTER = new Set(['{', '}', ';', ',', '>', ')', '!']);
// Characters after which a number's leading zero can go (`0.5` → `.5`): none can end a name or number.
const LEADING_ZERO_AFTER = new Set([':', ' ', ',', '(', '/']);

/**
 * Minifies the static parts of one css`` template (raw text, in order; expressions sit between
 * consecutive parts). Returns the parts in the same number.
 */
export function minifyCssParts(parts) {
  const out = [];
  // A quote or url( left open at the end of a part carries over the expression into the next.
  let quote = '';
  let inUrl = false;
  let inComment = false;
  for (let p = 0; p < parts.length; p++) {
    const s = parts[p];
    let o = '';
    let i = 0;
    while (i < s.length) {
      const c = s[i];
      if (inComment) {
        const close = s.indexOf('*/', i);
        const end = close === -1 ? s.length : close + 2;
        o += s.slice(i, end);
        i = end;
        if (close !== -1) inComment = false;
        continue;
      }
      if (quote !== '') {
        if (c === '\\') {
          o += s.slice(i, i + 2);
          i += 2;
          continue;
        }
        if (c === quote) quote = '';
        o += c;
        i++;
        continue;
      }
      if (inUrl) {
        if (c === ')') inUrl = false;
        o += c;
        i++;
        continue;
      }
      if (c === '\\') {
        o += s.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (c === '"' || c === "'") {
        quote = c;
        o += c;
        i++;
        continue;
      }
      if (isSpace(c) || (c === '/' && s[i + 1] === '*')) {
        // A run of whitespace and comments. A comment that an expression falls inside stays
        // whole: dropping the half in this part would leave the other half.
        let j = i;
        let unclosed = false;
        while (j < s.length) {
          if (isSpace(s[j])) j++;
          else if (s[j] === '/' && s[j + 1] === '*') {
            const close = s.indexOf('*/', j + 2);
            if (close === -1) {
              unclosed = true;
              break;
            }
            j = close + 2;
          } else break;
        }
        // '$' stands for an expression: keep a space next to one unless the other side is tight.
        const prev = o === '' ? (p === 0 ? '' : '$') : o[o.length - 1];
        const next = unclosed ? '/' : j < s.length ? s[j] : p === parts.length - 1 ? '' : '$';
        if (prev !== '' && next !== '' && !CSS_TIGHT_BEFORE.has(prev) && !CSS_TIGHT_AFTER.has(next)) o += ' ';
        if (unclosed) {
          o += s.slice(j);
          j = s.length;
          inComment = true;
        }
        i = j;
        continue;
      }
      if (c === ';' && /^(?:\s|\/\*[^]*?\*\/)*\}/.test(s.slice(i + 1))) {
        // The last declaration of a block needs no semicolon. Only when the `}` is in this part:
        // an expression between them could be another declaration.
        i++;
        continue;
      }
      if (c === '0' && s[i + 1] === '.' && /\d/.test(s[i + 2] ?? '') && LEADING_ZERO_AFTER.has(o[o.length - 1] ?? '')) {
        // 0.5rem is .5rem; only after a character that cannot end a name or a number.
        i++;
        continue;
      }
      if ((c === 'u' || c === 'U') && /^url\(/i.test(s.slice(i, i + 4)) && !/[\w-]/.test(o[o.length - 1] ?? '')) {
        inUrl = true;
        o += s.slice(i, i + 4);
        i += 4;
        continue;
      }
      o += c;
      i++;
    }
    out.push(o);
  }
  return out;
}

/** Elements whose text is kept exactly as written. */
const RAW_ELEMENTS = new Set(['pre', 'textarea', 'script', 'style']);

/**
 * Minifies the static parts of one html`` or svg`` template (raw text, in order). Returns the
 * parts in the same number.
 */
export function minifyHtmlParts(parts) {
  const out = [];
  let mode = 'text'; // text | tag | raw | comment
  let quote = '';
  let tagName = '';
  let rawName = '';
  for (let p = 0; p < parts.length; p++) {
    const s = parts[p];
    let o = '';
    let i = 0;
    while (i < s.length) {
      const c = s[i];
      if (mode === 'comment') {
        const close = s.indexOf('-->', i);
        const end = close === -1 ? s.length : close + 3;
        o += s.slice(i, end);
        i = end;
        if (close !== -1) mode = 'text';
        continue;
      }
      if (mode === 'raw') {
        const close = s.toLowerCase().indexOf(`</${rawName}`, i);
        const end = close === -1 ? s.length : close;
        o += s.slice(i, end);
        i = end;
        if (close !== -1) mode = 'text';
        continue;
      }
      if (mode === 'tag') {
        if (quote !== '') {
          if (c === quote) quote = '';
          o += c;
          i++;
          continue;
        }
        if (c === '"' || c === "'") {
          quote = c;
          o += c;
          i++;
          continue;
        }
        if (isSpace(c)) {
          let j = i;
          while (j < s.length && isSpace(s[j])) j++;
          const next = j < s.length ? s[j] : p === parts.length - 1 ? '' : '$';
          // Inside a tag whitespace only separates; none is needed before its end.
          if (next !== '>' && !(next === '/' && s[j + 1] === '>') && next !== '') o += ' ';
          i = j;
          continue;
        }
        if (c === '>') {
          mode = RAW_ELEMENTS.has(tagName) ? 'raw' : 'text';
          rawName = tagName;
        }
        o += c;
        i++;
        continue;
      }
      // Text.
      if (c === '<' && s.startsWith('<!--', i)) {
        const close = s.indexOf('-->', i + 4);
        if (close === -1) {
          // An expression inside the comment: keep the comment whole.
          mode = 'comment';
          o += s.slice(i);
          i = s.length;
          continue;
        }
        i = close + 3;
        continue;
      }
      if (c === '<' && /[a-zA-Z/]/.test(s[i + 1] ?? '')) {
        const name = /^<\/?([a-zA-Z][\w-]*)/.exec(s.slice(i));
        tagName = name !== null && s[i + 1] !== '/' ? name[1].toLowerCase() : '';
        mode = 'tag';
        o += c;
        i++;
        continue;
      }
      if (isSpace(c)) {
        let j = i;
        while (j < s.length && isSpace(s[j])) j++;
        o += ' ';
        i = j;
        continue;
      }
      o += c;
      i++;
    }
    out.push(o);
  }
  return out;
}

// ---------------------------------------------------------------- source maps

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function vlq(n) {
  let v = n < 0 ? (-n << 1) | 1 : n << 1;
  let s = '';
  do {
    let digit = v & 31;
    v >>>= 5;
    if (v > 0) digit |= 32;
    s += B64[digit];
  } while (v > 0);
  return s;
}

function lineStarts(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

function position(starts, offset) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return [lo, offset - starts[lo]];
}

/** A version 3 source map from anchor points (original offset → generated offset), in order. */
function sourceMap(original, generated, anchors, fileName) {
  const from = lineStarts(original);
  const to = lineStarts(generated);
  const lines = Array.from({ length: to.length }, () => []);
  for (const [o, g] of anchors) {
    const [gl, gc] = position(to, g);
    const [ol, oc] = position(from, o);
    const line = lines[gl];
    if (line.length > 0 && line[line.length - 1][0] === gc) continue;
    line.push([gc, ol, oc]);
  }
  let prevOl = 0;
  let prevOc = 0;
  const mappings = lines
    .map((segments) => {
      let prevGc = 0;
      return segments
        .map(([gc, ol, oc]) => {
          const s = vlq(gc - prevGc) + vlq(0) + vlq(ol - prevOl) + vlq(oc - prevOc);
          prevGc = gc;
          prevOl = ol;
          prevOc = oc;
          return s;
        })
        .join(',');
    })
    .join(';');
  return { version: 3, sources: [fileName], sourcesContent: [original], names: [], mappings };
}

// ---------------------------------------------------------------- the transform

/**
 * Minifies every css``, html`` and svg`` template in `code` (TypeScript or JavaScript).
 * Returns the new code and a source map to the input, or undefined when nothing changed.
 */
export function minifyLitTemplates(code, fileName = 'input.ts') {
  const scanner = ts.createScanner(ts.ScriptTarget.ESNext, true, ts.LanguageVariant.Standard, code);
  // One frame per template whose `${` is open: the brace depth it opened at, its tag, its parts.
  const open = [];
  let depth = 0;
  let previous = ts.SyntaxKind.Unknown;
  let beforePrevious = ts.SyntaxKind.Unknown;
  let previousText = '';
  const edits = [];
  const tokenStarts = [];
  const finish = (frame) => {
    if (frame.tag === undefined) return;
    const texts = frame.parts.map(([a, b]) => code.slice(a, b));
    const minified = TAGS[frame.tag] === 'css' ? minifyCssParts(texts) : minifyHtmlParts(texts);
    frame.parts.forEach(([a, b], k) => {
      if (minified[k] !== texts[k]) edits.push([a, b, minified[k]]);
    });
  };
  const tagOf = () =>
    previous === ts.SyntaxKind.Identifier && beforePrevious !== ts.SyntaxKind.DotToken && beforePrevious !== ts.SyntaxKind.QuestionDotToken && previousText in TAGS
      ? previousText
      : undefined;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if ((kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) && !ENDS_EXPRESSION.has(previous)) kind = scanner.reScanSlashToken();
    if (kind === ts.SyntaxKind.OpenBraceToken) depth++;
    else if (kind === ts.SyntaxKind.CloseBraceToken) {
      if (open.length > 0 && open[open.length - 1].depth === depth) kind = scanner.reScanTemplateToken(false);
      else depth--;
    }
    const start = scanner.getTokenStart();
    const end = scanner.getTokenEnd();
    tokenStarts.push(start);
    if (kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral) {
      finish({ tag: tagOf(), parts: [[start + 1, end - 1]] });
    } else if (kind === ts.SyntaxKind.TemplateHead) {
      open.push({ depth, tag: tagOf(), parts: [[start + 1, end - 2]] });
    } else if (kind === ts.SyntaxKind.TemplateMiddle) {
      open[open.length - 1].parts.push([start + 1, end - 2]);
    } else if (kind === ts.SyntaxKind.TemplateTail) {
      const frame = open.pop();
      frame.parts.push([start + 1, end - 1]);
      finish(frame);
    }
    beforePrevious = previous;
    previous = kind;
    previousText = kind === ts.SyntaxKind.Identifier ? scanner.getTokenText() : '';
  }
  if (edits.length === 0) return undefined;
  edits.sort((a, b) => a[0] - b[0]);
  const pieces = [];
  const anchors = [];
  let last = 0;
  let shift = 0;
  let t = 0;
  for (const [a, b, text] of edits) {
    for (; t < tokenStarts.length && tokenStarts[t] < a; t++) anchors.push([tokenStarts[t], tokenStarts[t] + shift]);
    anchors.push([a, a + shift]);
    pieces.push(code.slice(last, a), text);
    shift += text.length - (b - a);
    last = b;
    while (t < tokenStarts.length && tokenStarts[t] < b) t++;
  }
  for (; t < tokenStarts.length; t++) anchors.push([tokenStarts[t], tokenStarts[t] + shift]);
  pieces.push(code.slice(last));
  const out = pieces.join('');
  return { code: out, map: sourceMap(code, out, anchors, fileName) };
}

// ---------------------------------------------------------------- build plugins

/** Which files the transform applies to: the elements' sources (esbuild's filters are Go regular expressions, without lookahead)... */
export const LIT_SOURCES = /[\\/]packages[\\/]elements[\\/]src[\\/].*\.ts$/;
/** ...but not their tests. */
const isLitSource = (id) => LIT_SOURCES.test(id) && !/\.test\.ts$/.test(id);

/** Rollup plugin: place after the TypeScript plugin, so it sees the emitted JavaScript. */
export function litTemplatesRollup() {
  return {
    name: 'floorwalk-lit-templates',
    transform(code, id) {
      if (!isLitSource(id)) return null;
      const result = minifyLitTemplates(code, id);
      return result === undefined ? null : { code: result.code, map: result.map };
    },
  };
}

/** esbuild plugin: loads the elements' sources through the transform. */
export function litTemplatesEsbuild() {
  return {
    name: 'floorwalk-lit-templates',
    setup(build) {
      build.onLoad({ filter: LIT_SOURCES }, async ({ path }) => {
        if (!isLitSource(path)) return undefined;
        const { readFile } = await import('node:fs/promises');
        const source = await readFile(path, 'utf8');
        const result = minifyLitTemplates(source, path);
        return { contents: result === undefined ? source : result.code, loader: 'ts' };
      });
    },
  };
}
