// Builds each workspace package to ESM + .d.ts, in two flavours (STYLE.md B.3): `dist/` is the
// `default` export condition, minified with the development-only checks left out, and
// `dist/development/` the `development` condition, readable and with those checks (see
// scripts/dev-flag.mjs). Declarations are emitted once, beside the default flavour; both flavours
// have the same API. Packages build in dependency order (core first) because the others compile
// against core's emitted declarations, as a consumer would.
import { readFileSync, rmSync } from 'node:fs';
import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { devFlagRollup } from './scripts/dev-flag.mjs';
import { adapterEntries, elementEntries } from './scripts/entries.mjs';
import { litTemplatesRollup } from './scripts/lit-templates.mjs';

/*
 * Terser's default puts a function called from one place inside its caller as a function
 * expression called there: a new closure on every call, and a caller V8 recompiles again and
 * again (the validation of every presence and queue event, the masking of every customer in a
 * resync). reduce_funcs: false keeps such functions where they are declared.
 */
const minify = () => terser({ compress: { reduce_funcs: false }, format: { comments: false } });

const packages = [
  { dir: 'packages/core', input: { index: 'src/index.ts', testing: 'src/testing/index.ts', metrics: 'src/metrics/index.ts', evaluations: 'src/evaluations/index.ts', backplane: 'src/backplane/index.ts', tabs: 'src/tabs/index.ts' } },
  { dir: 'packages/adapters', input: Object.fromEntries(adapterEntries().map(({ name, file }) => [name, file])) },
  {
    dir: 'packages/elements',
    input: Object.fromEntries(elementEntries().map(({ name, file }) => [name, file])),
    assets: { from: 'src/styles', files: ['tokens.css', 'themes/light.css', 'themes/dark.css'] },
  },
];

/** Copies a package's CSS files into dist as they are: hosts link them, nothing imports them. */
function copyAssets(dir, assets) {
  return {
    name: 'floorwalk-copy-assets',
    generateBundle() {
      for (const file of assets.files) {
        this.emitFile({ type: 'asset', fileName: file, source: readFileSync(`${dir}/${assets.from}/${file}`) });
      }
    },
  };
}

// Bare specifiers (dependencies and sibling packages) stay imports; consumers' bundlers dedupe them.
const external = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');

// `rollup -c --environment ONLY:elements` builds one package (its dependencies' dist must exist).
const selected = process.env.ONLY ? packages.filter(({ dir }) => dir === `packages/${process.env.ONLY}`) : packages;

// Old chunks with other hashes would linger and be published otherwise.
for (const { dir } of selected) rmSync(`${dir}/dist`, { recursive: true, force: true });

/** What each package's `development` export condition points at, under `dist/`. */
const DEVELOPMENT_DIR = 'development';

const builds = selected.flatMap(({ dir, input, assets }) => {
  const entries = Object.fromEntries(Object.entries(input).map(([name, file]) => [name, `${dir}/${file}`]));
  const output = { format: 'es', sourcemap: true, entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' };
  // Lit templates minified after TypeScript emits them (the size bench measures the same transform).
  const lit = dir === 'packages/elements' ? [litTemplatesRollup()] : [];
  return [
    {
      input: entries,
      external,
      output: { ...output, dir: `${dir}/dist` },
      plugins: [
        devFlagRollup({ production: true }),
        typescript({ tsconfig: `${dir}/tsconfig.build.json`, outputToFilesystem: true }),
        ...lit,
        ...(assets ? [copyAssets(dir, assets)] : []),
        minify(),
      ],
    },
    {
      input: entries,
      external,
      output: { ...output, dir: `${dir}/dist/${DEVELOPMENT_DIR}` },
      plugins: [
        devFlagRollup({ production: false }),
        typescript({
          tsconfig: `${dir}/tsconfig.build.json`,
          // The default flavour's build already type-checked these very sources.
          compilerOptions: { declaration: false, declarationMap: false, declarationDir: null, outDir: `${dir}/dist/${DEVELOPMENT_DIR}`, noCheck: true },
        }),
        ...lit,
      ],
    },
  ];
});

// The CDN module (`@floorwalk/elements/cdn`): elements, Lit, core and the simulator in one file
// for pages without a bundler, minified with Lit's production build, and beside it a development
// one with Lit's development build and our dev-only checks. Built after the elements package,
// whose build already emitted `dist/cdn.d.ts`.
const cdn = [true, false].map((production) => ({
  input: 'packages/elements/src/cdn.ts',
  // One file: the board's lazily loaded virtualizer is inlined rather than split into a chunk.
  output: { file: `packages/elements/dist/${production ? '' : `${DEVELOPMENT_DIR}/`}cdn.js`, format: 'es', sourcemap: true, inlineDynamicImports: true },
  plugins: [
    devFlagRollup({ production }),
    typescript({
      tsconfig: 'packages/elements/tsconfig.build.json',
      // The elements' own build type-checked this entry (it emitted dist/cdn.d.ts).
      compilerOptions: { declaration: false, declarationMap: false, declarationDir: null, outDir: `packages/elements/dist${production ? '' : `/${DEVELOPMENT_DIR}`}`, noCheck: true },
    }),
    litTemplatesRollup(),
    nodeResolve({ browser: true, exportConditions: [production ? 'production' : 'development'] }),
    ...(production ? [minify()] : []),
  ],
}));

export default selected.some(({ dir }) => dir === 'packages/elements') ? [...builds, ...cdn] : builds;
