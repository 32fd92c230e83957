/**
 * True in the sources and in the `development` build; the production build loads
 * `export const DEV = false` in its place (scripts/dev-flag.mjs), and the minifier drops every
 * `if (DEV)` block with it. Keep dev-only text inside those blocks, not in helpers: esbuild (the
 * size bench, and a host bundling our sources) inlines the flag only after tree shaking.
 *
 * @internal
 */
export const DEV: boolean = true;
