/*
 * The `DEV` flag of each package (`packages/<pkg>/src/internal/dev.ts`, `true` in the sources)
 * becomes `false` in production builds: the published `default` flavour (rollup), the CDN module
 * and the size bench (esbuild). Development-only checks sit behind `if (DEV)`, so these builds
 * drop them and their messages; the `development` flavour, the tests (tsx, web-test-runner) and a
 * host's own bundle of the sources keep them. A module of our own rather than
 * `process.env.NODE_ENV` or a define: no bundler has to know about it, and Node runs the sources
 * as they are.
 */

/** The flag modules, one per package. */
export const DEV_MODULE = /[\\/]packages[\\/][a-z-]+[\\/]src[\\/]internal[\\/]dev\.ts$/;

/** What a production build loads in place of a flag module. */
export const PRODUCTION_DEV_MODULE = 'export const DEV = false;\n';

/**
 * Rollup plugin; place it before the TypeScript plugin, whose `load` would otherwise compile the
 * module as written.
 *
 * @param {{ production: boolean }} options
 * @returns {import('rollup').Plugin}
 */
export function devFlagRollup({ production }) {
  return {
    name: 'floorwalk-dev-flag',
    load(id) {
      return production && DEV_MODULE.test(id) ? { code: PRODUCTION_DEV_MODULE, map: null } : null;
    },
  };
}

// An import of the flag, as our sources write it (a test of the size bench checks that the
// development text is gone, so a new spelling that slipped past this would fail there).
const DEV_IMPORT = /^import \{ DEV \} from '(?:\.\.?\/)+(?:internal\/)?dev\.js';$/m;
const PACKAGE_SOURCE = /[\\/]packages[\\/][a-z-]+[\\/]src[\\/].*\.ts$/;

/**
 * esbuild plugin for production bundles of the sources. esbuild neither inlines a constant
 * imported from another module before tree shaking nor, when bundling, a `const` of the same
 * module, and keeps `if (r) { ... }` blocks; only a `define` is folded while parsing. So each
 * source that imports the flag loses the import, and the plugin defines the then unbound `DEV`
 * as `false`: every guarded block goes, and whatever only it used. Such a source among the
 * elements' also goes through the Lit template minifier here, since esbuild runs one `onLoad` per
 * file; place this plugin before litTemplatesEsbuild.
 *
 * @returns {import('esbuild').Plugin}
 */
export function devFlagEsbuild() {
  return {
    name: 'floorwalk-dev-flag',
    setup(build) {
      build.initialOptions.define = { ...build.initialOptions.define, DEV: 'false' };
      build.onLoad({ filter: PACKAGE_SOURCE }, async ({ path }) => {
        if (DEV_MODULE.test(path)) return { contents: PRODUCTION_DEV_MODULE, loader: 'ts' };
        if (/\.test\.ts$/.test(path)) return undefined;
        const { readFile } = await import('node:fs/promises');
        const source = await readFile(path, 'utf8');
        if (!DEV_IMPORT.test(source)) return undefined;
        const flagged = source.replace(DEV_IMPORT, '');
        const { LIT_SOURCES, minifyLitTemplates } = await import('./lit-templates.mjs');
        const lit = LIT_SOURCES.test(path) ? minifyLitTemplates(flagged, path) : undefined;
        return { contents: lit === undefined ? flagged : lit.code, loader: 'ts' };
      });
    },
  };
}
