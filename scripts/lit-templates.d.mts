/** Static parts of one css`` template, minified; as many as given. */
export function minifyCssParts(parts: readonly string[]): string[];
/** Static parts of one html`` or svg`` template, minified; as many as given. */
export function minifyHtmlParts(parts: readonly string[]): string[];
/** A version 3 source map. */
export interface LitTemplatesSourceMap {
  version: 3;
  sources: string[];
  sourcesContent: string[];
  names: string[];
  mappings: string;
}
/** Every css``, html`` and svg`` template in `code` minified, with a map to the input; undefined when nothing changed. */
export function minifyLitTemplates(code: string, fileName?: string): { code: string; map: LitTemplatesSourceMap } | undefined;
/** The files the build transforms: the elements' sources, not their tests. */
export const LIT_SOURCES: RegExp;
/** Rollup plugin applying the transform after the TypeScript plugin. */
export function litTemplatesRollup(): import('rollup').Plugin;
/** esbuild plugin loading the elements' sources through the transform. */
export function litTemplatesEsbuild(): import('esbuild').Plugin;
