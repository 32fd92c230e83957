// Runs after the build (npm test builds first): it reads the published declaration files.
//
// A type a public entry's declarations name must be one a user can name too. TypeScript follows
// the relative imports inside dist by itself, so a declaration that names an unexported type
// still compiles for the user; they just cannot write that type down (to type a callback's
// argument, say), and it is usually a sign that something internal leaked into a public type.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = ['core', 'adapters', 'elements'];

/** Every `types` file the packages' export maps name, a `*` pattern read as the files it matches. */
function entryDeclarations(): string[] {
  const files: string[] = [];
  for (const name of PACKAGES) {
    const dir = join(root, 'packages', name);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { exports: Record<string, string | { types?: string }> };
    for (const target of Object.values(manifest.exports)) {
      if (typeof target !== 'object' || target.types === undefined) continue;
      const path = resolve(dir, target.types);
      if (!path.includes('*')) files.push(path);
      else {
        const [head, tail] = path.split('*') as [string, string];
        const folder = head.slice(0, head.lastIndexOf('/'));
        for (const f of readdirSync(folder)) if (join(folder, f).startsWith(head) && f.endsWith(tail)) files.push(join(folder, f));
      }
    }
  }
  return files;
}

/** Whether a member is left out of the public surface: private, protected or marked `@internal`. */
function hidden(node: ts.Node): boolean {
  if (!(ts.isPropertySignature(node) || ts.isMethodSignature(node) || ts.isPropertyDeclaration(node) || ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node))) return false;
  const modifiers = ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []) : [];
  return modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword) || ts.getJSDocTags(node).some((t) => t.tagName.text === 'internal');
}

test("every type the packages' public declarations name is exported by a public entry", () => {
  const entries = entryDeclarations();
  for (const file of entries) assert.ok(existsSync(file), `${file} exists (run the build first)`);
  assert.ok(entries.length > 20, `the export maps name the entries (${entries.length} found)`);
  const program = ts.createProgram(entries, { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, skipLibCheck: true, noEmit: true });
  const checker = program.getTypeChecker();
  const real = (s: ts.Symbol): ts.Symbol => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
  const exported = new Set<ts.Symbol>();
  for (const file of entries) {
    const source = program.getSourceFile(file);
    const module = source === undefined ? undefined : checker.getSymbolAtLocation(source);
    if (module !== undefined) for (const s of checker.getExportsOfModule(module)) exported.add(real(s));
  }
  const ours = (d: ts.Declaration): boolean => d.getSourceFile().fileName.startsWith(join(root, 'packages')) && !d.getSourceFile().fileName.includes('node_modules');
  const seen = new Set<ts.Symbol>();
  const unnamed = new Map<string, string>();
  const visit = (node: ts.Node, from: string): void => {
    if (hidden(node)) return;
    const name = ts.isTypeReferenceNode(node) ? node.typeName : ts.isExpressionWithTypeArguments(node) ? node.expression : ts.isTypeQueryNode(node) ? node.exprName : undefined;
    const symbol = name === undefined ? undefined : checker.getSymbolAtLocation(name);
    if (symbol !== undefined) reach(real(symbol), from);
    ts.forEachChild(node, (child) => visit(child, from));
  };
  const reach = (symbol: ts.Symbol, from: string): void => {
    const declarations = (symbol.declarations ?? []).filter(ours);
    if (declarations.length === 0 || symbol.flags & ts.SymbolFlags.TypeParameter) return;
    if (!exported.has(symbol)) unnamed.set(`${symbol.name} (${declarations[0]!.getSourceFile().fileName.slice(root.length + 1)})`, from);
    if (seen.has(symbol)) return;
    seen.add(symbol);
    for (const d of declarations) visit(d, symbol.name);
  };
  for (const symbol of exported) {
    if (seen.has(symbol)) continue;
    seen.add(symbol);
    for (const d of (symbol.declarations ?? []).filter(ours)) visit(d, symbol.name);
  }
  assert.ok(seen.size > 300, `the walk reached the public types (${seen.size})`);
  assert.deepEqual([...unnamed].map(([type, from]) => `${type}, named by ${from}`), [], 'types a public declaration names that no public entry exports');
});
