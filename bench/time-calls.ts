/*
 * Bench-only instrumentation for the browser pages: an element's method timed on its prototype,
 * so the page can report the script time its updates (or ticks) took.
 */

/** Wraps `proto[name]`, when it has one, so each call's milliseconds go to `spent`. */
export function timeCalls(proto: object, name: string, spent: (ms: number) => void): void {
  const target = proto as Record<string, unknown>;
  const method = target[name];
  if (typeof method !== 'function') return;
  target[name] = function (this: unknown, ...args: unknown[]): unknown {
    const t = performance.now();
    try {
      return method.apply(this, args);
    } finally {
      spent(performance.now() - t);
    }
  };
}
