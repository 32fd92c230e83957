// Builds each workspace package to ESM + .d.ts. Packages build in dependency order (core first)
// because the others compile against core's emitted declarations, as a consumer would.
import { readFileSync, rmSync } from 'node:fs';
import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { adapterEntries, elementEntries } from './scripts/entries.mjs';
import { litTemplatesRollup } from './scripts/lit-templates.mjs';

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

const builds = selected.map(({ dir, input, assets }) => ({
  input: Object.fromEntries(Object.entries(input).map(([name, file]) => [name, `${dir}/${file}`])),
  external,
  output: {
    dir: `${dir}/dist`,
    format: 'es',
    sourcemap: true,
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
  },
  plugins: [
    typescript({ tsconfig: `${dir}/tsconfig.build.json`, outputToFilesystem: true }),
    // Lit templates minified after TypeScript emits them (the size bench measures the same transform).
    ...(dir === 'packages/elements' ? [litTemplatesRollup()] : []),
    ...(assets ? [copyAssets(dir, assets)] : []),
  ],
}));

// The CDN module (`@floorwalk/elements/cdn`): elements, Lit, core and the simulator in one
// minified file for pages without a bundler. Built after the elements package, whose build
// already emitted `dist/cdn.d.ts`; production conditions pick Lit's production build.
const cdn = {
  input: 'packages/elements/src/cdn.ts',
  // One file: the board's lazily loaded virtualizer is inlined rather than split into a chunk.
  output: { file: 'packages/elements/dist/cdn.js', format: 'es', sourcemap: true, inlineDynamicImports: true },
  plugins: [
    typescript({
      tsconfig: 'packages/elements/tsconfig.build.json',
      compilerOptions: { declaration: false, declarationMap: false, declarationDir: null, outDir: 'packages/elements/dist' },
    }),
    litTemplatesRollup(),
    nodeResolve({ browser: true, exportConditions: ['production'] }),
    terser({ format: { comments: false } }),
  ],
};

export default selected.some(({ dir }) => dir === 'packages/elements') ? [...builds, cdn] : builds;
