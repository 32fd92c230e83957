// API docs over the public entry files only. Adapter entries are found on disk (see
// scripts/entries.mjs) so a new adapter is documented without editing this file.
import { existsSync, readdirSync } from 'node:fs';
import { adapterEntries } from './scripts/entries.mjs';

const elementReference = '.cache/docs/elements-reference.md';

/** The pages in reading order: the sidebar lists them as given. */
const ORDER = [
  'docs/getting-started.md',
  'docs/guides/elements.md',
  'docs/guides/embedding.md',
  'docs/guides/theming.md',
  'docs/privacy.md',
  'docs/security.md',
  'docs/guides/supervision.md',
  'docs/guides/backplane.md',
  'docs/guides/reliability.md',
  'docs/metrics.md',
  'docs/guides/writing-an-adapter.md',
  'docs/performance.md',
  'docs/size.md',
  'docs/guides/genesys.md',
  'docs/guides/amazon-connect.md',
  'docs/guides/twilio.md',
];

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
    ...ORDER.filter((f) => existsSync(f)),
    // A guide added later and not placed above still gets its page, at the end.
    ...readdirSync('docs/guides')
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/guides/${f}`)
      .filter((f) => !ORDER.includes(f)),
    ...(existsSync(elementReference) ? [elementReference] : []),
  ],
  // Pages grouped as their front matter says (Guides, Platform set-up, Reference) and modules
  // named by their import path: a sidebar of source folders (docs/guides, core/src) means
  // nothing to someone who installed the packages.
  navigation: { includeGroups: true, includeFolders: false },
  groupOrder: ['Guides', 'Platform set-up', 'Reference', '*'],
  excludeInternal: true,
  excludePrivate: true,
  validation: { notExported: true, invalidLink: true, notDocumented: false },
  treatWarningsAsErrors: true,
  githubPages: false,
  disableSources: true,
};
