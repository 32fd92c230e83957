// API docs over the public entry files only. Adapter entries are found on disk (see
// scripts/entries.mjs) so a new adapter is documented without editing this file.
import { adapterEntries } from './scripts/entries.mjs';

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  name: 'Floorwalk',
  entryPoints: [
    'packages/core/src/index.ts',
    'packages/core/src/testing/index.ts',
    'packages/core/src/metrics/index.ts',
    'packages/core/src/evaluations/index.ts',
    ...adapterEntries().map(({ file }) => `packages/adapters/${file}`),
  ],
  tsconfig: 'tsconfig.json',
  out: 'docs/api',
  readme: 'docs/README.md',
  excludeInternal: true,
  excludePrivate: true,
  validation: { notExported: true, invalidLink: true, notDocumented: false },
  treatWarningsAsErrors: true,
  githubPages: false,
  disableSources: true,
};
