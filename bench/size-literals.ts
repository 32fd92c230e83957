/*
 * How much of a minified bundle is long string and template text (error and diagnostic messages,
 * mostly), and what the bundle would gzip to with that text gone: the upper bound of what
 * shortening messages (or moving them behind error codes) could save. Uses TypeScript's scanner,
 * so regular expressions and nested template literals are told apart from strings.
 */
import ts from 'typescript';
import { gzipSync } from 'node:zlib';

/** Literals longer than this many characters (quotes included) count as message text. */
const LONG = 20;

export function withoutLongLiterals(code: string): { literalBytes: number; gzipBytes: number } {
  const scanner = ts.createScanner(ts.ScriptTarget.ES2022, true, ts.LanguageVariant.Standard, code);
  // Brace depth at each open `${`, so the `}` that closes a substitution is rescanned as template text.
  const substitutions: number[] = [];
  let depth = 0;
  let literalBytes = 0;
  let last = 0;
  const parts: string[] = [];
  const cut = (start: number, end: number, replacement: string): void => {
    parts.push(code.slice(last, start), replacement);
    last = end;
    literalBytes += end - start - replacement.length;
  };
  const endsExpression = new Set([
    ts.SyntaxKind.Identifier,
    ts.SyntaxKind.CloseParenToken,
    ts.SyntaxKind.CloseBracketToken,
    ts.SyntaxKind.NumericLiteral,
    ts.SyntaxKind.StringLiteral,
    ts.SyntaxKind.CloseBraceToken,
    ts.SyntaxKind.ThisKeyword,
  ]);
  let previous = ts.SyntaxKind.Unknown;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if ((kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) && !endsExpression.has(previous)) kind = scanner.reScanSlashToken();
    if (kind === ts.SyntaxKind.OpenBraceToken) depth++;
    else if (kind === ts.SyntaxKind.CloseBraceToken) {
      if (substitutions.length > 0 && substitutions[substitutions.length - 1] === depth) {
        substitutions.pop();
        kind = scanner.reScanTemplateToken(false);
      } else depth--;
    }
    const start = scanner.getTokenStart();
    const end = scanner.getTokenEnd();
    const long = end - start > LONG;
    if (kind === ts.SyntaxKind.StringLiteral && long) cut(start, end, '""');
    else if (kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral && long) cut(start, end, '``');
    else if (kind === ts.SyntaxKind.TemplateHead) {
      substitutions.push(depth);
      if (long) cut(start, end, '`${');
    } else if (kind === ts.SyntaxKind.TemplateMiddle) {
      substitutions.push(depth);
      if (long) cut(start, end, '}${');
    } else if (kind === ts.SyntaxKind.TemplateTail && long) cut(start, end, '}`');
    previous = kind;
  }
  parts.push(code.slice(last));
  return { literalBytes, gzipBytes: gzipSync(parts.join(''), { level: 9 }).byteLength };
}
