// Builds each workspace package to ESM + .d.ts. Packages build in dependency order (core first)
// because the others compile against core's emitted declarations, as a consumer would.
import { rmSync } from 'node:fs';
import typescript from '@rollup/plugin-typescript';
import { adapterEntries } from './scripts/entries.mjs';

const packages = [
  { dir: 'packages/core', input: { index: 'src/index.ts', testing: 'src/testing/index.ts' } },
  { dir: 'packages/adapters', input: Object.fromEntries(adapterEntries().map(({ name, file }) => [name, file])) },
  { dir: 'packages/elements', input: { index: 'src/index.ts' } },
];

// Bare specifiers (dependencies and sibling packages) stay imports; consumers' bundlers dedupe them.
const external = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');

// Old chunks with other hashes would linger and be published otherwise.
for (const { dir } of packages) rmSync(`${dir}/dist`, { recursive: true, force: true });

export default packages.map(({ dir, input }) => ({
  input: Object.fromEntries(Object.entries(input).map(([name, file]) => [name, `${dir}/${file}`])),
  external,
  output: {
    dir: `${dir}/dist`,
    format: 'es',
    sourcemap: true,
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
  },
  plugins: [typescript({ tsconfig: `${dir}/tsconfig.build.json`, outputToFilesystem: true })],
}));
