// API docs over the public entry files only. Adapter entries are found on disk (see
// scripts/entries.mjs) so a new adapter is documented without editing this file.
import { existsSync } from 'node:fs';
import { adapterEntries } from './scripts/entries.mjs';

const elementReference = '.cache/docs/elements-reference.md';

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  name: 'Floorwalk',
  entryPoints: [
    'packages/core/src/index.ts',
    'packages/core/src/testing/index.ts',
    'packages/core/src/metrics/index.ts',
    'packages/core/src/evaluations/index.ts',
    'packages/core/src/backplane/index.ts',
    'packages/core/src/tabs/index.ts',
    ...adapterEntries().map(({ file }) => `packages/adapters/${file}`),
  ],
  tsconfig: 'tsconfig.json',
  out: 'docs/site',
  readme: 'docs/README.md',
  // The guides are pages of the site; the element reference is generated from
  // custom-elements.json by scripts/docs-site.mjs (`npm run docs`) before typedoc runs.
  projectDocuments: [
    'docs/getting-started.md',
    'docs/guides/*.md',
    ...['docs/security.md', 'docs/privacy.md', 'docs/metrics.md', 'docs/performance.md', 'docs/size.md'].filter((f) => existsSync(f)),
    ...(existsSync(elementReference) ? [elementReference] : []),
  ],
  excludeInternal: true,
  excludePrivate: true,
  validation: { notExported: true, invalidLink: true, notDocumented: false },
  treatWarningsAsErrors: true,
  githubPages: false,
  disableSources: true,
};
