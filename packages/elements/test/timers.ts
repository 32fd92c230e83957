// Timers an element leaves behind, counted from the page's own setTimeout.

/**
 * Counts the page's timers of `atLeastMs` (a second) or more that are still to run while `run`
 * goes on (the elements under test have no other timer that long). Restores the page's own afterwards.
 */
export async function pendingTimers(run: (pending: () => number) => Promise<void>, atLeastMs = 1000): Promise<void> {
  const { setTimeout: set, clearTimeout: clear } = window;
  const pending = new Set<number>();
  window.setTimeout = ((handler: () => void, ms?: number) => {
    const id = set(() => {
      pending.delete(id);
      handler();
    }, ms);
    if ((ms ?? 0) >= atLeastMs) pending.add(id);
    return id;
  }) as typeof window.setTimeout;
  window.clearTimeout = ((id?: number) => {
    if (id !== undefined) pending.delete(id);
    clear(id);
  }) as typeof window.clearTimeout;
  try {
    await run(() => pending.size);
  } finally {
    window.setTimeout = set;
    window.clearTimeout = clear;
  }
}
