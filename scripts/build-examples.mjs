// Bundles the framework examples (examples/react, examples/vue, examples/angular) and the
// vendor-desktop one (examples/embedder, whose strict policy allows no import map) with esbuild
// into their gitignored build/ folders, after the packages are built: React, Vue and Angular ship
// CommonJS or many bare-import modules that a page cannot load without a bundler, as a host
// app's build would.
// The Floorwalk packages resolve through their exports to dist, as in an installed app.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
  // Rollup keeps `import 'chunk'` lines for evaluation order; with sideEffects declared, esbuild
  // rightly drops them and would say so once per line.
  logOverride: { 'ignored-bare-import': 'silent' },
  conditions: ['browser', 'production'],
  define: { 'process.env.NODE_ENV': '"production"' },
  // The root tsconfig maps @floorwalk/* to sources for the type check; bundle the built packages.
  tsconfigRaw: { compilerOptions: { jsx: 'react-jsx', useDefineForClassFields: false, verbatimModuleSyntax: true } },
};

export async function buildExamples() {
  await Promise.all([
    build({
      ...common,
      entryPoints: [join(root, 'examples/react/main.tsx')],
      outfile: join(root, 'examples/react/build/main.js'),
    }),
    build({
      ...common,
      entryPoints: [join(root, 'examples/embedder/main.ts')],
      outfile: join(root, 'examples/embedder/build/main.js'),
    }),
    build({
      ...common,
      entryPoints: [join(root, 'examples/vue/main.ts')],
      outfile: join(root, 'examples/vue/build/main.js'),
      // The build with the template compiler: the example's templates are compiled in the page.
      alias: { vue: 'vue/dist/vue.esm-bundler.js' },
      define: {
        ...common.define,
        __VUE_OPTIONS_API__: 'true',
        __VUE_PROD_DEVTOOLS__: 'false',
        __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
      },
    }),
    build({
      ...common,
      entryPoints: [join(root, 'examples/angular/main.ts')],
      outfile: join(root, 'examples/angular/build/main.js'),
      // No Angular CLI: the component's decorator runs in the page (JIT), as TypeScript's legacy
      // decorators, the only kind Angular's decorators are written for.
      tsconfigRaw: { compilerOptions: { ...common.tsconfigRaw.compilerOptions, experimentalDecorators: true } },
      // Angular's own dev-mode checks are off in a production build, as the CLI's would be.
      define: { ...common.define, ngDevMode: 'false' },
    }),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildExamples();
