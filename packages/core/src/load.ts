/**
 * Loads a module on first need, once per page: `load` is its dynamic import, written where the
 * module is used so bundlers split it there, and every call shares one load (concurrent callers
 * too). A failed load is forgotten and rejects with the browser's own error, and the next call
 * fetches the module again.
 *
 * That second fetch is what this adds to a plain cached `import()`. Browsers before "retriable
 * module loading" (whatwg/html#10327, in the spec since 2026: Chromium 150 does not retry, 156
 * does; Firefox and Safari only in recent releases) remember a failed module fetch for the page's life: importing the same URL again
 * rejects at once, fetching nothing. Where the error names the module (Chromium: "Failed to
 * fetch dynamically imported module: <url>"; Firefox: "error loading dynamically imported
 * module: <url>"), the next call imports that URL with a `retry=<n>` query, which the browser
 * fetches as a module it has not seen; the module runs once, under whichever URL first loads.
 * Where it names none (Safari) the next call runs `load` again, which fetches again only where
 * the browser does so itself. A bundler's own chunk loader (webpack's) retries by itself.
 *
 * What no retry mends on those browsers: a chunk the module imports statically (code it shares
 * with another module loaded on first need) whose fetch failed stays failed until the page
 * reloads, since the error names the module, not the chunk.
 *
 * @example
 * ```ts
 * const loadCommands = importOnce(() => import('./commands.js'));
 * // in execute(): a failed load rejects this call only; the next one fetches again
 * const { execute } = await loadCommands();
 * ```
 */
export function importOnce<M>(load: () => Promise<M>): () => Promise<M> {
  let loading: Promise<M> | undefined;
  let url: string | undefined;
  let retries = 0;
  // The comments keep hosts' bundlers (Vite, webpack) from resolving a URL known only at run time.
  return () =>
    (loading ??= (url ? import(/* @vite-ignore */ /* webpackIgnore: true */ `${url}${url.includes('?') ? '&' : '?'}retry=${++retries}`) : load()).catch((error: unknown) => {
      loading = undefined;
      url ??= /dynamically imported module: (\S+)/.exec(String(error))?.[1];
      throw error;
    }));
}
