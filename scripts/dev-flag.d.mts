/** The flag modules, one per package (`packages/<pkg>/src/internal/dev.ts`). */
export const DEV_MODULE: RegExp;
/** What a production build loads in place of a flag module. */
export const PRODUCTION_DEV_MODULE: string;
/** Rollup plugin: in production, loads {@link PRODUCTION_DEV_MODULE} for each flag module. */
export function devFlagRollup(options: { production: boolean }): import('rollup').Plugin;
/** esbuild plugin for production bundles of the sources. */
export function devFlagEsbuild(): import('esbuild').Plugin;
