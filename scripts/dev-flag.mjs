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

/**
 * esbuild plugin for production bundles of the sources. esbuild inlines the imported `false`
 * only when it prints, after tree shaking: the body of an `if (DEV)` goes, but a function used
 * nowhere else stays. Write dev-only text inside the guarded block, not in a helper.
 *
 * @returns {import('esbuild').Plugin}
 */
export function devFlagEsbuild() {
  return {
    name: 'floorwalk-dev-flag',
    setup(build) {
      build.onLoad({ filter: DEV_MODULE }, () => ({ contents: PRODUCTION_DEV_MODULE, loader: 'ts' }));
    },
  };
}
