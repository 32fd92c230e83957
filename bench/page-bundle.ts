/*
 * The browser benches' page scripts, bundled from the sources as a vendor's production build
 * would ship them (Lit's production build: no `development` condition), into .cache/bench/, so
 * no bench depends on a build in packages/∗/dist.
 */
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles `bench/<name>.ts` to `.cache/bench/<name>.js` and returns that path. `keepNames` keeps
 * identifiers unminified (whitespace and syntax still minified) so a CPU profile can be read.
 */
export async function bundlePage(root: string, name: string, keepNames = false): Promise<string> {
  const outfile = join(root, '.cache', 'bench', `${name}.js`);
  await build({
    entryPoints: [join(root, 'bench', `${name}.ts`)],
    outfile,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    conditions: ['browser', 'production'],
    define: { 'process.env.NODE_ENV': '"production"' },
    tsconfig: join(root, 'tsconfig.json'),
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers: !keepNames,
    logLevel: 'warning',
  });
  return outfile;
}
